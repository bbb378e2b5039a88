"""Which part of the graph a page draws: filters by section, unit, role and type; search; the node cap."""
from __future__ import annotations

from dataclasses import dataclass, field

import networkx as nx

from app.viz import cap_graph, search_nodes

CAP_STEP = 150
ROLES = ("lead", "responsible", "cooperate")
TYPE_ZH = {"Document": "文件", "Section": "章节", "Task": "任务", "Unit": "单位", "CollectiveUnit": "集合单位",
           "LeadershipGroup": "领导小组", "Person": "人员", "Post": "职务", "Target": "目标",
           "CitedDocument": "引用文件", "Deadline": "时限"}
#: shown unless the user asks for more: who does what (sections, targets, posts … are one click away)
DEFAULT_TYPES = ("Task", "Unit", "CollectiveUnit", "LeadershipGroup", "Person")
_SCOPED = ("Section", "Task", "Target")
_UNITS = ("Unit", "CollectiveUnit")


@dataclass
class GraphFilter:
    """What to show: a section path, a unit node, roles, node types, a search text, a node cap."""

    section: str | None = None
    unit: str | None = None
    roles: tuple[str, ...] = ROLES
    types: tuple[str, ...] = DEFAULT_TYPES
    search: str = ""
    cap: int = CAP_STEP


@dataclass
class View:
    """The graph to draw, the nodes to focus, and how many nodes the filters left before the cap."""

    graph: nx.MultiDiGraph
    focus: list[str] = field(default_factory=list)
    total: int = 0
    hidden: int = 0


def type_counts(g: nx.Graph) -> dict[str, int]:
    """How many nodes of each type ``g`` has."""
    out: dict[str, int] = {}
    for _, a in g.nodes(data=True):
        t = a.get("type")
        if t:
            out[t] = out.get(t, 0) + 1
    return out


def _in_section(path: str | None, section: str) -> bool:
    return bool(path) and (path == section or str(path).startswith(section + "."))


def _role_edges(g: nx.MultiDiGraph, task: str) -> list[tuple[str, str]]:
    return [(v, d.get("relation")) for _, v, d in g.out_edges(task, data=True) if d.get("relation") in ROLES]


def filtered(base: nx.MultiDiGraph, f: GraphFilter) -> View:
    """Apply the filters to ``base`` (left unchanged) and cap the result."""
    g = base
    keep: set[str] | None = None
    if f.section:
        scope = {n for n, a in g.nodes(data=True) if a.get("type") in _SCOPED and _in_section(a.get("path"), f.section)}
        keep = set(scope)
        und = g.to_undirected(as_view=True)
        for n in scope:
            keep.update(m for m in und.neighbors(n) if g.nodes[m].get("type") not in _SCOPED + ("Document",))
    if f.unit and f.unit in g:
        tasks = {u for u, _, d in g.in_edges(f.unit, data=True) if d.get("relation") in ROLES}
        # a member unit also has its collectives' tasks (各镇街 for 牛庄镇)
        for _, coll, d in g.out_edges(f.unit, data=True):
            if d.get("relation") == "memberOf":
                tasks.update(u for u, _, d2 in g.in_edges(coll, data=True) if d2.get("relation") in ROLES)
        near = {f.unit} | tasks
        for t in tasks:
            near.update(v for v, _ in _role_edges(g, t))
        und = g.to_undirected(as_view=True)
        near.update(m for m in und.neighbors(f.unit) if g.nodes[m].get("type") not in ("Task",))
        keep = near if keep is None else keep & near
    nodes = set(g.nodes) if keep is None else keep
    types = set(f.types)
    if f.unit:
        types |= {"Task", "Unit", "CollectiveUnit"}
    nodes = {n for n in nodes if g.nodes[n].get("type") in types}
    h = g.subgraph(nodes).copy()
    dropped = [r for r in ROLES if r not in f.roles]
    if dropped:
        gone = [(u, v, k) for u, v, k, d in h.edges(keys=True, data=True) if d.get("relation") in dropped]
        had_roles = {u for u, _, _ in gone}
        h.remove_edges_from(gone)
        h.remove_nodes_from([t for t in had_roles if not _role_edges(h, t)])
        h.remove_nodes_from([n for n in list(h.nodes) if h.nodes[n].get("type") in _UNITS and h.degree(n) == 0])
    focus = search_nodes(h, f.search)[:12] if f.search else []
    keep_first = list(focus)
    if f.unit and f.unit in h:
        keep_first.insert(0, f.unit)
    und = h.to_undirected(as_view=True)
    for n in list(keep_first):
        keep_first.extend(m for m in und.neighbors(n) if m not in keep_first)
    total = h.number_of_nodes()
    capped, hidden = cap_graph(h, f.cap, keep=keep_first[: max(f.cap, 1)])
    return View(capped, [n for n in focus if n in capped], total, hidden)
