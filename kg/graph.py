"""A networkx view of the store (whole, one document, or a node's neighbourhood).

Nodes carry ``type`` (Document, Section, Task, Unit, CollectiveUnit, LeadershipGroup, Person,
Post, Target, CitedDocument, Deadline) and ``label``; edges carry ``relation`` (lead,
responsible, cooperate, isPartOf, memberOf, holds, postIn, groupMember, …) and ``label`` (its
Chinese name). Assignment and membership records are folded into direct edges (task → unit with
the role; person → group with the group role), so the view is ready for drawing and analytics.
"""
from __future__ import annotations

import re
from typing import Iterable

import networkx as nx

from kg.roles import ROLE_ZH
from kg.store import IRI, Store, term_sparql
from ontology import DCT, NS, RDF, RDFS

RDF_TYPE = RDF + "type"

#: class IRI → node type (most specific first)
TYPES = {
    NS + "CollectiveUnit": "CollectiveUnit", NS + "Unit": "Unit", NS + "Document": "Document",
    NS + "Section": "Section", NS + "Task": "Task", NS + "LeadershipGroup": "LeadershipGroup",
    NS + "Target": "Target", NS + "CitedDocument": "CitedDocument", NS + "Deadline": "Deadline",
    "http://xmlns.com/foaf/0.1/Person": "Person", "http://www.w3.org/ns/org#Post": "Post",
}
_TYPE_ORDER = list(TYPES.values())

#: predicate IRI → (relation, Chinese label) of the edges kept in the view
EDGES = {
    NS + "leadUnit": ("lead", ROLE_ZH["lead"]), NS + "responsibleUnit": ("responsible", ROLE_ZH["responsible"]),
    NS + "cooperatingUnit": ("cooperate", ROLE_ZH["cooperate"]), DCT + "isPartOf": ("isPartOf", "属于"),
    NS + "memberOf": ("memberOf", "属于集合"), "http://www.w3.org/ns/org#holds": ("holds", "担任"),
    "http://www.w3.org/ns/org#postIn": ("postIn", "职务所在"), NS + "affiliatedWith": ("affiliatedWith", "所在单位"),
    NS + "office": ("office", "办公室设在"), NS + "officeDirector": ("officeDirector", "办公室主任"),
    DCT + "references": ("references", "引用"),
    DCT + "publisher": ("publisher", "发文机关"), NS + "deadline": ("deadline", "完成时限"),
}

_LABEL_PREDICATES = ("http://www.w3.org/2004/02/skos/core#prefLabel", "http://xmlns.com/foaf/0.1/name",
                     DCT + "title", RDFS + "label")

_NODES_Q = """
PREFIX pkg: <https://policykg.org/ns#>
SELECT ?s ?type ?lp ?label ?path WHERE {
  GRAPH ?g { ?s a ?type . OPTIONAL { ?s ?lp ?label FILTER(?lp IN (%s)) } OPTIONAL { ?s pkg:path ?path } }
  FILTER(?g != <https://policykg.org/graph/ontology>)
}"""
_EDGES_Q = """
SELECT DISTINCT ?s ?p ?o WHERE {
  GRAPH ?g { ?s ?p ?o FILTER(?p IN (%s)) }
  FILTER(?g != <https://policykg.org/graph/ontology>)
}"""
_MEMBERS_Q = """
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX pkg: <https://policykg.org/ns#>
SELECT DISTINCT ?person ?group ?role WHERE {
  GRAPH ?g { ?m org:member ?person ; org:organization ?group ; pkg:groupRole ?role }
}"""

__all__ = ["store_graph", "neighbourhood", "to_graphml", "TYPES", "EDGES"]


def _in(iris: Iterable[str]) -> str:
    return ", ".join(f"<{i}>" for i in iris)


def store_graph(store: Store, doc: str | None = None) -> nx.MultiDiGraph:
    """The store (or one document's graph) as a networkx MultiDiGraph.

    Parameters
    ----------
    store : Store
    doc : str, optional
        A document id: only the triples of that document's named graph.

    Returns
    -------
    networkx.MultiDiGraph
        Nodes keyed by IRI with ``type`` and ``label``; edges with ``relation`` and ``label``.

    Examples
    --------
    >>> G = store_graph(store)
    >>> unit = next(n for n, d in G.nodes(data=True) if d["label"] == "区财政局")
    >>> sorted(G.nodes[t]["path"] for t, _, r in G.in_edges(unit, data="relation") if r == "responsible")
    ['2.1.1', '2.2.3']
    """
    from kg.build import graph_iri

    bind = None
    # one document: its graph IRI written into the query (minted by us, checked by term_sparql) -
    # pyoxigraph evaluates GRAPH <iri> some 50x faster than GRAPH ?g with ?g bound by VALUES
    g_term = term_sparql(IRI(graph_iri(doc))) if doc else None
    scope = (lambda q: re.sub(r"\?g\b", lambda _: g_term, q)) if doc else (lambda q: q)
    G = nx.MultiDiGraph()
    rank = {t: i for i, t in enumerate(_TYPE_ORDER)}
    labels: dict[str, tuple[int, str]] = {}
    for r in store.select(scope(_NODES_Q % _in(_LABEL_PREDICATES)), bind):
        t = TYPES.get(r["type"])
        if t is None:
            continue
        s = r["s"]
        old = G.nodes[s]["type"] if s in G else None
        if old is None or rank[t] < rank[old]:
            G.add_node(s, type=t)
        if r.get("path") is not None:
            G.nodes[s]["path"] = r["path"]
        if r.get("label") is not None:
            prio = _LABEL_PREDICATES.index(r["lp"])
            if s not in labels or (prio, r["label"]) < labels[s]:
                labels[s] = (prio, r["label"])
    for n in G.nodes:
        G.nodes[n]["label"] = labels.get(n, (0, n.rsplit("/", 1)[-1]))[1]
        G.nodes[n].setdefault("path", "")
    seen = set()
    for r in store.select(scope(_EDGES_Q % _in(EDGES)), bind):
        s, p, o = r["s"], r["p"], r["o"]
        if s in G and o in G and (s, p, o) not in seen:
            seen.add((s, p, o))
            rel, zh = EDGES[p]
            G.add_edge(s, o, key=rel, relation=rel, label=zh)
    for r in store.select(scope(_MEMBERS_Q), bind):
        if r["person"] in G and r["group"] in G and not G.has_edge(r["person"], r["group"], key="groupMember:" + r["role"]):
            G.add_edge(r["person"], r["group"], key="groupMember:" + r["role"], relation="groupMember", label=r["role"])
    return G


def neighbourhood(G: nx.MultiDiGraph, node: str, radius: int = 1) -> nx.MultiDiGraph:
    """The nodes within ``radius`` edges of ``node`` (either direction), as a subgraph copy.

    Examples
    --------
    >>> G = store_graph(store)
    >>> unit = next(n for n, d in G.nodes(data=True) if d["label"] == "区财政局")
    >>> sorted(d["type"] for _, d in neighbourhood(G, unit).nodes(data=True))
    ['Person', 'Post', 'Task', 'Task', 'Unit']
    """
    if node not in G:
        return nx.MultiDiGraph()
    nodes = nx.ego_graph(G.to_undirected(as_view=True), node, radius=radius).nodes
    return G.subgraph(nodes).copy()


def to_graphml(G: nx.MultiDiGraph) -> bytes:
    """GraphML bytes with ``label`` and ``type`` on nodes and edges (opens in Gephi and yEd)."""
    import io

    H = nx.MultiDiGraph()
    for n, d in G.nodes(data=True):
        H.add_node(n, **{k: ("" if v is None else str(v)) for k, v in d.items()})
    for u, v, k, d in G.edges(keys=True, data=True):
        H.add_edge(u, v, key=str(k), **{a: ("" if b is None else str(b)) for a, b in d.items()})
    buf = io.BytesIO()
    nx.write_graphml(H, buf, encoding="utf-8", prettyprint=True)
    return buf.getvalue()
