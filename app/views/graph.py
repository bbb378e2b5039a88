"""图谱: the interactive graph of the store, filtered by document, section, unit, role; meeting mode."""
from __future__ import annotations

import streamlit as st

from app import state
from app.graphview import CAP_STEP, DEFAULT_TYPES, TYPE_ZH, GraphFilter, filtered, type_counts
from app.ui import draw_graph, enrich_titles, md, meeting_css, unique_labels
from kg.roles import ROLES, role_zh

CAP_KEY = "graph_cap"
WHOLE_UP_TO = 8  # documents read at once; above, they are read in order until the picture is full
if CAP_KEY not in st.session_state:
    st.session_state[CAP_KEY] = CAP_STEP

meeting = st.session_state.get("graph_meeting", False)
top = st.columns([8, 2], vertical_alignment="bottom")
if meeting:
    meeting_css()
else:
    top[0].title("知识图谱")
top[1].toggle("会议模式(全屏大字)", key="graph_meeting")

docs = state.documents()
if not docs:
    st.info("图谱中还没有文件。请先在「文档」页导入文件。")
    st.stop()
titles = state.doc_titles()
chosen = state.selected_docs()
doc_options = [None] + [d for d in titles if chosen is None or d in chosen]
counts = state.unit_counts()
clash: dict[str, set] = {}
for r in counts:
    clash.setdefault(r["label"], set()).add(r.get("jurisdiction"))
unit_names = unique_labels({r["unit"]: (f"{r['label']}({r['jurisdiction']})" if len(clash[r["label"]]) > 1
                                         else r["label"]) for r in counts})

with (st.expander("筛选与搜索", expanded=False) if meeting else st.container(border=True)):
    c1, c2, c3, c4 = st.columns([3, 2, 3, 3])
    doc = c1.selectbox("文件", doc_options, key="graph_doc", placeholder="全部(侧栏所选文件)",
                       format_func=lambda d: "全部(侧栏所选文件)" if d is None else f"{titles.get(d, d)} · {d}")
    unit = c3.selectbox("单位", [None] + sorted(unit_names, key=lambda u: unit_names[u]), key="graph_unit",
                        placeholder="全部单位",
                        format_func=lambda u: "全部单位" if u is None else unit_names.get(u, u))
    scope = [doc] if doc else (chosen or list(titles))
    loaded = None
    if unit:  # only the documents where the unit has tasks
        with_unit = {t["doc_id"] for t in state.tasks_of_unit(unit)}
        base = state.graph([d for d in scope if d in with_unit] or scope[:1])
    elif doc or len(scope) <= WHOLE_UP_TO:
        base = state.graph(None if chosen is None and doc is None else scope)
    else:
        types_now = set(st.session_state.get("graph_types", DEFAULT_TYPES))
        base, loaded = state.graph_until(
            scope, lambda g: sum(n for t, n in type_counts(g).items() if t in types_now) >= st.session_state[CAP_KEY])
    section_nodes = sorted(dict((a.get("path"), a.get("label")) for _, a in base.nodes(data=True)
                                if a.get("type") == "Section" and a.get("path")).items(),
                           key=lambda pl: [(0, int(x), "") if x.isdigit() else (1, 0, x)
                                           for x in str(pl[0]).split(".")]) if doc else []
    section_label = dict(section_nodes)
    section = c2.selectbox("章节", [None] + [p for p, _ in section_nodes], key="graph_section", disabled=doc is None,
                           placeholder="全部章节",
                           format_func=lambda p: "全部章节" if p is None else str(section_label.get(p) or p)[:30])
    roles = c4.multiselect("角色", list(ROLES), default=list(ROLES), key="graph_roles", format_func=role_zh)
    c5, c6 = st.columns([6, 4])
    present = sorted(set(type_counts(base)) | set(DEFAULT_TYPES),
                     key=lambda t: list(TYPE_ZH).index(t) if t in TYPE_ZH else 99)
    types = c5.multiselect("显示类型", present, default=[t for t in present if t in DEFAULT_TYPES],
                           key="graph_types", format_func=lambda t: TYPE_ZH.get(t, t))
    search = c6.text_input("搜索并定位节点", key="graph_search", placeholder="如:区财政局、2.1.1、知识产权")

view = filtered(base, GraphFilter(section=section, unit=unit, roles=tuple(roles), types=tuple(types),
                                  search=search, cap=st.session_state[CAP_KEY]))
if view.graph.number_of_nodes() == 0:
    st.warning("没有符合条件的节点,请放宽筛选条件。")
    st.stop()
if search and not view.focus:
    st.warning(f"没有找到包含「{md(search)}」的节点。")

partial = loaded is not None and loaded < len(scope)
info = f"显示 {view.graph.number_of_nodes()} / {view.total}{'+' if partial else ''} 个节点"
draw_graph(enrich_titles(view.graph), height=860 if meeting else 640, meeting=meeting, focus=tuple(view.focus),
           info=info)
b1, b2, b3 = st.columns([2, 2, 6])
if view.hidden or partial:
    if b1.button(f"显示更多(+{CAP_STEP})", key="graph_more"):
        st.session_state[CAP_KEY] += CAP_STEP
        st.rerun()
    more = f"还有 {view.hidden} 个节点未显示" if view.hidden else ""
    if partial:
        more += ("," if more else "") + f"文件较多,已载入 {loaded} / {len(scope)} 个文件"
    b3.caption(f"{info}:为保持流畅,{more}。")
else:
    b3.caption(info + "。双击节点突出其相邻节点,双击空白处复位;拖动画布平移,滚轮缩放。")
if st.session_state[CAP_KEY] > CAP_STEP and b2.button("恢复默认数量", key="graph_less"):
    st.session_state[CAP_KEY] = CAP_STEP
    st.rerun()
