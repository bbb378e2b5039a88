"""kg.graph: a networkx view with typed, labelled nodes, for drawing and analytics."""
from __future__ import annotations

import io

import networkx as nx
import pytest

from tests.examples import example_document, example_store
from kg.graph import neighbourhood, store_graph, to_graphml


@pytest.fixture(scope="module")
def store():
    return example_store(example_document("a"), example_document("b", jurisdiction="莲都区"))


def node(G, label, type_=None):
    found = [n for n, d in G.nodes(data=True) if d["label"] == label and (type_ is None or d["type"] == type_)]
    assert len(found) == 1, (label, found)
    return found[0]


def test_whole_store_has_typed_labelled_nodes(store):
    G = store_graph(store)
    types = {d["type"] for _, d in G.nodes(data=True)}
    assert {"Document", "Task", "Unit", "CollectiveUnit", "Person", "Post", "LeadershipGroup", "Target",
            "Section"} <= types
    assert all(d["label"] for _, d in G.nodes(data=True))
    # two districts: two 区财政局 nodes
    assert len([n for n, d in G.nodes(data=True) if d["label"] == "区财政局"]) == 2


def test_one_document_view(store):
    G = store_graph(store, doc="a")
    fin = node(G, "区财政局", "Unit")
    roles = sorted((G.nodes[t]["path"], r) for t, _, r in G.in_edges(fin, data="relation")
                   if G.nodes[t]["type"] == "Task")
    assert roles == [("2.1.1", "responsible"), ("2.2.3", "responsible")]
    lead = node(G, "区发展和改革局", "Unit")
    assert [r for _, _, r in G.in_edges(lead, data="relation") if r == "lead"] == ["lead"]


def test_collective_members_and_people(store):
    G = store_graph(store, doc="a")
    street = node(G, "城东街道", "Unit")
    assert G.nodes[next(iter(G.successors(street)))]["label"] == "各街道"
    zhao = node(G, "赵六", "Person")
    rels = {(r, G.nodes[v]["label"]) for _, v, r in G.out_edges(zhao, data="relation")}
    assert ("holds", "区工业和信息化局局长") in rels and ("groupMember", "青山区数字经济发展领导小组") in rels


def test_neighbourhood(store):
    G = store_graph(store, doc="a")
    fin = node(G, "区财政局", "Unit")
    H = neighbourhood(G, fin, radius=1)
    assert sorted(d["type"] for _, d in H.nodes(data=True)) == ["Person", "Post", "Task", "Task", "Unit"]
    assert len(neighbourhood(G, fin, radius=2)) > len(H)
    assert len(neighbourhood(G, "https://nowhere")) == 0


def test_analytics_on_the_view(store):
    G = store_graph(store, doc="a")
    degree = nx.degree_centrality(G)
    assert max(degree, key=degree.get) in G


def test_graphml_round_trip_keeps_labels(store):
    data = to_graphml(store_graph(store, doc="a"))
    H = nx.read_graphml(io.BytesIO(data))
    labels = {d.get("label") for _, d in H.nodes(data=True)}
    assert {"区财政局", "赵六", "2.1.1 加快5G网络建设"} <= labels
    assert all("type" in d for _, d in H.nodes(data=True))
    assert any(d.get("relation") == "lead" for _, _, d in H.edges(data=True))
