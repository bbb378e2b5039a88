"""文档: the documents in the store; upload (several at once) with progress and per-file results; delete."""
from __future__ import annotations

import streamlit as st

from app import state
from app.importer import SUFFIXES, delete_document, import_bytes
from app.ui import md

st.title("文档管理")

docs = state.documents()
st.subheader(f"图谱中的文件({len(docs)})")
if docs:
    st.dataframe([{"文件ID": r["doc_id"], "标题": r.get("title") or "", "发文字号": r.get("doc_number") or "",
                   "区域": r.get("jurisdiction") or "", "日期": r.get("date") or "",
                   "任务": r.get("tasks") or 0, "目标": r.get("targets") or 0} for r in docs],
                 width="stretch", hide_index=True)
else:
    st.info("图谱中还没有文件。")

st.subheader("上传并导入")
st.caption(f"可一次选择多个文件({' '.join('.' + s for s in SUFFIXES)})。同名文件(文件名相同)会替换原有内容;"
           "有问题的文件单独报错,不影响其他文件。")
if "upload_round" not in st.session_state:
    st.session_state["upload_round"] = 0
files = st.file_uploader("选择文件", type=list(SUFFIXES), accept_multiple_files=True,
                         key=f"uploads_{st.session_state['upload_round']}")
if st.button("导入", type="primary", disabled=not files, key="import_go"):
    store = state.get_store()
    bar = st.progress(0.0, text="准备导入…")
    results = []
    for i, f in enumerate(files, 1):
        bar.progress((i - 1) / len(files), text=f"正在导入 {f.name}({i}/{len(files)})")
        results.append(import_bytes(store, f.name, f.getvalue()))
    bar.progress(1.0, text=f"完成:{sum(r.ok for r in results)} 个成功,{sum(not r.ok for r in results)} 个失败")
    state.refresh()
    st.session_state["import_results"] = [r.row() for r in results]
    st.session_state["upload_round"] += 1  # a fresh uploader: the imported files are cleared
    st.rerun()

if st.session_state.get("import_results"):
    rows = st.session_state["import_results"]
    ok = [r for r in rows if r["结果"] != "失败"]
    bad = [r for r in rows if r["结果"] == "失败"]
    if ok:
        st.success(f"已导入 {len(ok)} 个文件。")
    for r in bad:
        st.error(md(f"{r['文件']}:{r['说明']}"))
    st.dataframe(rows, width="stretch", hide_index=True, key="import_table")

st.subheader("删除文件")
if docs:
    titles = {r["doc_id"]: r.get("title") or r["doc_id"] for r in docs}
    target = st.selectbox("要删除的文件", list(titles), format_func=lambda d: f"{d} · {titles[d]}", key="del_doc")
    sure = st.checkbox("确认删除(删除后该文件的任务、单位关系等将从图谱中移除)", key="del_sure")
    if st.button("删除", disabled=not sure, key="del_go"):
        done = delete_document(state.get_store(), target)
        state.refresh()
        st.session_state["deleted"] = target if done else None
        st.session_state.pop("del_sure", None)
        st.rerun()
if st.session_state.get("deleted"):
    st.success(md(f"已删除:{st.session_state.pop('deleted')}"))
