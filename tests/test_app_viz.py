"""app.viz: the graph page is offline, escapes document text, settles, and caps big graphs."""
from __future__ import annotations

import json
import re

import networkx as nx
import pytest

from app.viz import NODE_STYLES, PRECOMPUTE_ABOVE, VizOptions, cap_graph, neighbourhood, render_html, search_nodes


def _data(page: str, name: str):
    m = re.search(rf"(?<![A-Z_]){name} = (.*?),\s+(?:EDGES|OPTIONS|LEGEND|EDGE_LEGEND|FOCUS|SEARCH|INFO) = ", page, re.S)
    return json.loads(m.group(1))


def small_graph() -> nx.MultiDiGraph:
    g = nx.MultiDiGraph()
    g.add_node("t1", type="Task", label="2.1.1 加大高质量创造导向", title="全文……")
    g.add_node("u1", type="Unit", label="区财政局")
    g.add_node("u2", type="CollectiveUnit", label="各镇街")
    g.add_node("p1", type="Person", label="王飞")
    g.add_edge("t1", "u1", relation="responsible", label="责任")
    g.add_edge("t1", "u2", relation="lead", label="牵头")
    g.add_edge("p1", "u1", relation="affiliatedWith", label="所在单位")
    return g


def test_page_is_self_contained_and_offline():
    page = render_html(small_graph())
    # no resource from anywhere: no src=, no <link>, no url() other than data:
    assert not re.search(r"<script[^>]*\bsrc\s*=", page, re.I)
    assert not re.search(r"<link\b", page, re.I)
    assert not re.search(r"url\(\s*(?!['\"]?data:)", page)
    assert "@import" not in page
    assert "vis.Network" in page and "vis-network" in page  # vis-network inlined from the pyvis package


def test_document_text_cannot_break_out_of_the_page():
    g = nx.MultiDiGraph()
    evil = '区财政局</script><script>alert(1)</script><!-- \u2028 "&'
    g.add_node("a", type="Unit", label=evil, title=evil)
    g.add_node("__NODES__", type="Task", label="__EDGES__ __VIS_JS__")  # markers in data are just text
    g.add_edge("__NODES__", "a", relation="responsible")
    page = render_html(g, info=evil)
    assert "</script><script>alert(1)" not in page
    assert "<!--" not in page.split("<script>", 2)[-1]
    nodes = _data(page, "NODES")
    assert {n["full"] for n in nodes} == {evil, "__EDGES__ __VIS_JS__"}
    assert page.count("vis.Network(") == 1


def test_nodes_styled_by_kind_and_legend():
    page = render_html(small_graph())
    nodes = {n["id"]: n for n in _data(page, "NODES")}
    assert nodes["t1"]["shape"] == NODE_STYLES["task"].shape
    assert nodes["t1"]["color"]["background"] == NODE_STYLES["task"].color
    assert nodes["u2"]["color"]["background"] == NODE_STYLES["collective"].color
    assert nodes["u1"]["font"]["strokeWidth"] == 0  # a label inside its shape: dark text, no halo
    assert nodes["t1"]["label"].endswith("…") and nodes["t1"]["full"] == "2.1.1 加大高质量创造导向"
    assert nodes["t1"]["title"] == "全文……"
    legend = [x["name"] for x in _data(page, "LEGEND")]
    assert legend == ["单位", "集合单位", "任务", "人员"]
    edges = [x["name"] for x in _data(page, "EDGE_LEGEND")]
    assert edges == ["牵头", "责任", "关联"]


def test_small_graph_settles_then_stops_physics():
    page = render_html(small_graph())
    options = _data(page, "OPTIONS")
    assert options["physics"]["enabled"] is True
    assert options["physics"]["stabilization"]["iterations"] > 0
    assert 'network.once("stabilizationIterationsDone", ready)' in page
    assert "network.setOptions({physics: false})" in page


def test_big_graph_gets_precomputed_positions_and_no_physics():
    g = nx.barabasi_albert_graph(PRECOMPUTE_ABOVE + 200, 2, seed=1)
    g = nx.relabel_nodes(g, {n: f"n{n}" for n in g})
    nx.set_node_attributes(g, "Unit", "type")
    page = render_html(g)
    options = _data(page, "OPTIONS")
    assert options["physics"]["enabled"] is False
    nodes = _data(page, "NODES")
    assert len(nodes) == g.number_of_nodes()
    assert all(isinstance(n["x"], float) and isinstance(n["y"], float) for n in nodes)
    xs = {round(n["x"]) for n in nodes}
    assert len(xs) > g.number_of_nodes() // 2  # spread out, not stacked


def test_meeting_mode_fonts_and_focus():
    page = render_html(small_graph(), VizOptions(meeting=True, focus=("u1", "missing")))
    assert _data(page, "OPTIONS")["nodes"]["font"]["size"] == 26
    normal = render_html(small_graph())
    assert _data(normal, "OPTIONS")["nodes"]["font"]["size"] == 16
    assert _data(page, "FOCUS") == ["u1"]
    # issue 12, item 6: meeting mode enlarges the edge labels too, and role edges carry their label
    assert _data(page, "OPTIONS")["edges"]["font"]["size"] > _data(normal, "OPTIONS")["edges"]["font"]["size"]
    assert {e.get("label") for e in _data(normal, "EDGES")} & {"牵头", "责任", "配合"}


def test_big_graphs_label_tasks_with_a_short_heading_and_nothing_floats():
    """issue 12, item 6: a task in a big graph reads 2.1.1 加大高质量…, not only 2.1.1; no node without an edge."""
    g = nx.MultiDiGraph()
    g.add_node("d", type="Document", label="文件")
    for i in range(40):
        g.add_node(f"t{i}", type="Task", label=f"2.1.{i} 加大高质量创造导向{i}", path=f"2.1.{i}")
        g.add_edge(f"t{i}", "d", relation="isPartOf")
    g.add_node("alone", type="Unit", label="区财政局")
    nodes = {n["id"]: n for n in _data(render_html(g), "NODES")}
    assert nodes["t3"]["label"].startswith("2.1.3 加大") and len(nodes["t3"]["label"]) <= 16
    assert "alone" not in nodes


def test_cap_keeps_requested_nodes_and_important_kinds():
    g = nx.MultiDiGraph()
    g.add_node("d", type="Document", label="文件")
    for i in range(30):
        g.add_node(f"t{i}", type="Task", label=f"任务{i}")
        g.add_edge(f"t{i}", "d", relation="isPartOf")
    g.add_node("x", type="Target", label="目标")
    capped, hidden = cap_graph(g, 10, keep=["x"])
    assert capped.number_of_nodes() == 10 and hidden == 22
    assert {"x", "d"} <= set(capped)
    same, none = cap_graph(g, 100)
    assert same.number_of_nodes() == 32 and none == 0


@pytest.mark.parametrize("text,first", [("区财政局", "u1"), ("ＱＪ", None), ("2.1.1", "t1"), ("王", "p1")])
def test_search_nodes(text, first):
    hits = search_nodes(small_graph(), text)
    assert (hits[0] if hits else None) == first


def test_neighbourhood_either_direction():
    assert neighbourhood(small_graph(), ["u1"]) == {"u1", "t1", "p1"}
    assert neighbourhood(small_graph(), ["p1"], depth=2) == {"p1", "u1", "t1"}
