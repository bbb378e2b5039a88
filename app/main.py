"""政策图谱 app entry: page setup and routing only (``kg app`` runs it with ``streamlit run``)."""
from __future__ import annotations

from pathlib import Path

import streamlit as st

from app.state import warm_up
from app.ui import sidebar

HERE = Path(__file__).resolve().parent

st.set_page_config(page_title="政策图谱", page_icon="📊", layout="wide", initial_sidebar_state="expanded")

ASK = st.Page(HERE / "views" / "ask.py", title="问答", url_path="ask", default=True)
PAGES = [
    ASK,
    st.Page(HERE / "views" / "graph.py", title="图谱", url_path="graph"),
    st.Page(HERE / "views" / "sparql.py", title="SPARQL", url_path="sparql"),
    st.Page(HERE / "views" / "docs.py", title="文档", url_path="docs"),
    st.Page(HERE / "views" / "ledger.py", title="台账", url_path="ledger"),
    st.Page(HERE / "views" / "due.py", title="督办", url_path="due"),
    st.Page(HERE / "views" / "stats.py", title="统计", url_path="stats"),
]

page = st.navigation(PAGES)
warm_up()
if page is not ASK:  # 问答 draws its question box first and the sidebar after it (the box is usable sooner)
    sidebar()
page.run()
