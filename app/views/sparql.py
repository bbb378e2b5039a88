"""SPARQL: an editor with the named queries as examples, results as a table, CSV/JSON download."""
from __future__ import annotations

import streamlit as st

from app import state
from app.console import MAX_ROWS, TIMEOUT_S, make_endpoint, run_query
from app.ui import md
from kg.queries import load_queries

st.title("SPARQL 查询")
st.caption(f"只读查询:不能修改图谱;每次查询最长 {TIMEOUT_S:g} 秒,最多显示 {MAX_ROWS} 行。"
           "查询对象是所有文件的合并图(各文件在各自的命名图中)。")


@st.cache_resource(show_spinner=False)
def _endpoint(location: str):
    return make_endpoint(state.open_cached(location))


QUERIES = load_queries()
EXAMPLE_KEY = "sparql_example"
TEXT_KEY = "sparql_text"
DEFAULT = "tasks_of_unit" if "tasks_of_unit" in QUERIES else next(iter(QUERIES), None)


def _fill() -> None:
    name = st.session_state.get(EXAMPLE_KEY)
    if name in QUERIES:
        st.session_state[TEXT_KEY] = QUERIES[name].sparql


if TEXT_KEY not in st.session_state:
    st.session_state[TEXT_KEY] = QUERIES[DEFAULT].sparql if DEFAULT else "SELECT * WHERE { ?s ?p ?o } LIMIT 20"
    st.session_state[EXAMPLE_KEY] = DEFAULT

st.selectbox("示例查询(选中后填入编辑框)", list(QUERIES), key=EXAMPLE_KEY, on_change=_fill,
             format_func=lambda n: QUERIES[n].title)
if st.session_state.get(EXAMPLE_KEY) in QUERIES:
    q = QUERIES[st.session_state[EXAMPLE_KEY]]
    note = q.description + (f" 可选参数(未绑定即不过滤):{', '.join(q.params)}" if q.params else "")
    st.caption(note)

text = st.text_area("SPARQL", key=TEXT_KEY, height=300)
run = st.button("运行查询", type="primary", key="sparql_run")

if run:
    st.session_state["sparql_result"] = run_query(_endpoint(state.store_location()), text)

res = st.session_state.get("sparql_result")
if res is not None:
    if res.kind in ("refused", "timeout", "error"):
        st.error(md(res.message))
    elif res.kind == "ask":
        st.success("结果:是 (true)" if res.boolean else "结果:否 (false)")
    else:
        if res.truncated:
            st.warning(f"结果超过 {MAX_ROWS} 行,只显示前 {MAX_ROWS} 行。")
        st.write(f"共 {len(res.rows)} 行")
        if res.rows:
            st.dataframe(res.rows, width="stretch", hide_index=True, column_order=res.columns)
        c1, c2, c3 = st.columns([1, 1, 4])
        c1.download_button("下载 CSV", res.csv_bytes(), file_name="query.csv", mime="text/csv",
                           key="sparql_csv")
        c2.download_button("下载 JSON", res.json_bytes(), file_name="query.json", mime="application/json",
                           key="sparql_json")
        if res.kind == "graph":
            c3.download_button("下载 N-Triples", res.ntriples.encode("utf-8"), file_name="query.nt",
                               mime="application/n-triples", key="sparql_nt")
