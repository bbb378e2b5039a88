"""问答: a question in Chinese → the answer sentence, a table with the source text, the SPARQL, the subgraph."""
from __future__ import annotations

import streamlit as st

from app import state
from app.answers import answer_subgraph, answer_table, ask_cached
from app.ui import draw_graph, enrich_titles, html_table, md, sidebar

Q_KEY = "question"
CLARIFY_MAX = 12
ANSWER_WIDTHS = {"章节": "4.2em", "任务": "8.5em", "文件": "9em", "角色": "3.4em", "单位": "10em", "答案": "40%",
                 "姓名": "5em", "职务": "8em", "小组": "12em", "指标": "10em", "年份": "4.2em"}

st.title("政策问答")

if not state.documents():
    sidebar()
    st.info("图谱中还没有文件。请先在「文档」页导入文件。")
    st.stop()


def _use(q: str) -> None:
    st.session_state[Q_KEY] = q


with st.form("ask_form", border=False):
    c1, c2 = st.columns([6, 1], vertical_alignment="bottom")
    c1.text_input("请输入问题", key=Q_KEY, placeholder="例如:区财政局负责哪些任务?")
    c2.form_submit_button("提问", type="primary", width="stretch")
sidebar()  # after the question box (app/main.py leaves it to this page): the box is on screen before it

examples = state.examples()  # found in the background; the question box is on screen meanwhile
if examples:
    st.caption("示例问题(点击即问):")
    cols = st.columns(min(3, len(examples)))
    for i, q in enumerate(examples):
        cols[i % len(cols)].button(q, key=f"example_{i}", on_click=_use, args=(q,), width="stretch")
elif examples is None:
    st.caption("示例问题正在准备中…(也可以直接提问,如「区财政局负责哪些任务?」)")

question = (st.session_state.get(Q_KEY) or "").strip()
if not question:
    st.stop()

ans = ask_cached(question)
chosen = state.selected_docs()

if getattr(ans, "clarify", None):
    text = ans.text or "问题中的名称可能指多个对象,请选择:"
    st.warning(md(text if len(text) <= 240 else text[:240] + "…"))
    shown = ans.clarify[:CLARIFY_MAX]
    cols = st.columns(3)
    for i, c in enumerate(shown):
        label, q = (c.get("label"), c.get("question")) if isinstance(c, dict) else (str(c), str(c))
        cols[i % 3].button(label or q, key=f"clarify_{i}", on_click=_use, args=(q,), width="stretch")
    if len(ans.clarify) > len(shown):
        st.caption(f"还有 {len(ans.clarify) - len(shown)} 个同名单位未列出;可在问题中写明地区,如「{md(shown[0].get('question', ''))}」。")
    st.stop()
def _suggestions(ans) -> None:
    """您是不是要问: one button per corrected question (a mistyped unit name)."""
    shown = list(getattr(ans, "suggest", None) or [])[:3]
    if shown:
        st.caption("您是不是要问:")
        cols = st.columns(len(shown))
        for i, s in enumerate(shown):
            cols[i].button(f"{s['question']}?", key=f"suggest_{i}", on_click=_use, args=(s["question"],),
                           width="stretch")


if getattr(ans, "is_sparql", False):
    st.info("这是一条 SPARQL 查询,不是问题。请到「SPARQL」页运行它。")
    st.page_link("views/sparql.py", label="打开 SPARQL 页", icon="➡️")
    st.stop()
if not getattr(ans, "understood", True):
    st.warning(md(ans.text or "没有理解这个问题。"))
    _suggestions(ans)
    st.stop()

if getattr(ans, "suggest", None):  # a unit the store does not have, one character away from one it has
    st.warning(md(ans.text or ""))
    _suggestions(ans)
    st.stop()
st.success(md(ans.text or ""))
rows, columns = answer_table(ans, chosen)
notes = []
if rows and "文件" not in columns and "章节" in columns:
    notes.append("文件:" + md(rows[0]["文件"]))
if chosen is not None:
    notes.append(f"按侧栏所选文件显示,共 {len(rows)} 条")
if notes:
    st.caption(";".join(notes))

left, right = st.columns([3, 2])
with left:
    if rows:
        html_table(rows, columns, nowrap=("章节", "角色", "姓名", "年份"), widths=ANSWER_WIDTHS)
    else:
        st.info("没有找到符合条件的内容。")
    if getattr(ans, "sparql", None):
        with st.expander("查看本次使用的 SPARQL 查询"):
            st.code(ans.sparql, language="sparql")
with right:
    sub, focus = answer_subgraph(ans, chosen)
    if sub.number_of_nodes():
        st.caption("相关图谱(悬停查看原文,双击节点突出相邻节点)")
        draw_graph(enrich_titles(sub), height=520, focus=tuple(focus),
                   info=f"{sub.number_of_nodes()} 个节点")
