"""A networkx graph → one self-contained, offline pyvis/vis-network HTML page.

The graph is laid out with pyvis (:class:`pyvis.network.Network` holds the nodes, edges and
options); the page is written here rather than by pyvis's template, because that template
always links Bootstrap and (in ``local``/``remote`` modes) vis-network from CDNs, and it puts a
node's title into ``innerHTML`` when it contains ``href``. Here:

- vis-network's JS and CSS are read from the pyvis package and inlined: the page makes no
  request at all (nothing remote, no ``<link>``, no ``src=``).
- document text is data: nodes and edges go into the page as JSON with ``<``, ``>`` and ``&``
  written as ``\\u003c`` … so no text can close the script; vis-network draws labels on a
  canvas and shows titles (hover) with ``innerText``; the search box and legend are built with
  DOM text nodes, never ``innerHTML``.
- physics settles, then stops: small graphs run vis-network's stabilization (a bounded number of
  iterations, hidden), then physics is switched off on ``stabilizationIterationsDone``; graphs
  above :data:`PRECOMPUTE_ABOVE` nodes get positions from networkx's spring layout and no
  physics at all, so 300+ nodes draw at once.

Node attributes read: ``kind`` (see :data:`NODE_STYLES`), ``label``, ``title`` (full text on
hover), as :func:`kg.graph.store_graph` writes them (``type`` works for ``kind``). Edge
attributes: ``role``/``relation``/``kind`` (see :data:`EDGE_STYLES`), ``label``.
"""
from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Iterable

import networkx as nx

from kg.roles import ROLE_ZH

__all__ = ["NodeStyle", "EdgeStyle", "NODE_STYLES", "EDGE_STYLES", "VizOptions", "cap_graph",
           "neighbourhood", "search_nodes", "legend", "to_network", "render_html", "PRECOMPUTE_ABOVE",
           "FONT_FACE"]

#: Graphs with more nodes than this get precomputed positions and no physics.
PRECOMPUTE_ABOVE = 120
#: CJK fonts first (Noto CJK on Linux, YaHei on Windows, PingFang on macOS).
FONT_FACE = ("Noto Sans CJK SC, Source Han Sans SC, Microsoft YaHei, PingFang SC, "
             "WenQuanYi Micro Hei, sans-serif")
LABEL_MAX = 14
#: in graphs bigger than this, tasks and sections are labelled by their path and a short heading
#: (2.1.1 加大高质量…); the full heading is on hover
TERSE_ABOVE = 30
TERSE_HEADING = 7
#: edges are labelled with their role (牵头/责任/配合) when a graph has at most this many edges
EDGE_LABELS_UP_TO = 80


@dataclass(frozen=True)
class NodeStyle:
    """How one kind of node looks, and its name in the legend."""

    name: str
    color: str  # fill
    shape: str
    priority: int  # lower is kept first when a graph is capped
    border: str | None = None

    def vis_color(self) -> dict:
        """The node colour for vis-network (fill, border, and the same when highlighted)."""
        border = self.border or self.color
        c = {"background": self.color, "border": border}
        return {**c, "highlight": {"background": self.color, "border": "#222222"},
                "hover": {"background": self.color, "border": "#222222"}}


@dataclass(frozen=True)
class EdgeStyle:
    """How one kind of edge looks, and its name in the legend."""

    name: str
    color: str
    dashes: bool = False
    width: float = 1.5


NODE_STYLES: dict[str, NodeStyle] = {
    "document": NodeStyle("文件", "#9ecae9", "box", 0, "#4e79a7"),
    "unit": NodeStyle("单位", "#8fd18a", "ellipse", 1, "#3b7d35"),
    "collective": NodeStyle("集合单位", "#d4efc9", "ellipse", 2, "#59a14f"),
    "group": NodeStyle("领导小组", "#b07aa1", "hexagon", 2),
    "task": NodeStyle("任务", "#f28e2b", "dot", 3),
    "section": NodeStyle("章节", "#dbe9f6", "box", 4, "#6b9bd1"),
    "person": NodeStyle("人员", "#e15759", "triangle", 4),
    "target": NodeStyle("目标", "#edc948", "star", 5),
    "post": NodeStyle("职务", "#ff9da7", "diamond", 6),
    "cited": NodeStyle("引用文件", "#e3ded9", "box", 6, "#9c928a"),
    "deadline": NodeStyle("时限", "#d4a6c8", "square", 7),
    "other": NodeStyle("其他", "#999999", "dot", 9),
}
#: shapes that draw their label inside (dark text, no halo); the others draw it below
INSIDE = ("box", "ellipse", "circle", "database", "text")

EDGE_STYLES: dict[str, EdgeStyle] = {
    "lead": EdgeStyle(ROLE_ZH["lead"], "#d62728", width=3.0),
    "responsible": EdgeStyle(ROLE_ZH["responsible"], "#1f77b4", width=2.0),
    "cooperate": EdgeStyle(ROLE_ZH["cooperate"], "#7f7f7f", dashes=True, width=1.5),
    "shared": EdgeStyle("共同负责", "#17becf", width=2.0),
    "other": EdgeStyle("关联", "#c7c7c7", width=1.0),
}

_KIND_ALIASES = {
    "doc": "document", "document": "document", "documents": "document",
    "unit": "unit", "organization": "unit", "collectiveunit": "collective", "collective": "collective",
    "collective_unit": "collective", "group": "group", "leadershipgroup": "group",
    "task": "task", "section": "section", "person": "person", "people": "person", "target": "target",
    "post": "post", "citeddocument": "cited", "cited": "cited", "deadline": "deadline",
}


def node_kind(attrs: dict) -> str:
    """The style key of a node from its ``kind`` (or ``type``) attribute."""
    raw = str(attrs.get("kind") or attrs.get("type") or "other")
    return _KIND_ALIASES.get(raw.lower().replace(" ", ""), raw if raw in NODE_STYLES else "other")


def edge_kind(attrs: dict) -> str:
    """The style key of an edge from its ``role`` (or ``kind``) attribute."""
    raw = str(attrs.get("role") or attrs.get("relation") or attrs.get("kind") or "other").lower()
    for key in ("lead", "responsible", "cooperate", "shared"):
        if key in raw:
            return key
    if raw in ("cooperating", "cooperatingunit"):
        return "cooperate"
    return "other"


@dataclass
class VizOptions:
    """What the page looks like: size, fonts, meeting mode, what is focused."""

    height: int = 640
    meeting: bool = False  # large fonts for a big screen
    focus: tuple[str, ...] = ()  # node ids to select with their neighbours
    stabilization_iterations: int = 200
    precompute_above: int = PRECOMPUTE_ABOVE
    seed: int = 7
    search: bool = True
    legend: bool = True

    drop_isolated: bool = True  # nodes with no edge are left out (unless no node has one)

    @property
    def font_size(self) -> int:
        return 26 if self.meeting else 16


# ----------------------------------------------------------------------- graph helpers

def neighbourhood(g: nx.Graph, nodes: Iterable[str], depth: int = 1) -> set[str]:
    """The nodes and everything within ``depth`` steps of them (edges in either direction)."""
    und = g.to_undirected(as_view=True) if g.is_directed() else g
    seen = {n for n in nodes if n in g}
    frontier = set(seen)
    for _ in range(depth):
        nxt = set()
        for n in frontier:
            nxt.update(und.neighbors(n))
        frontier = nxt - seen
        seen |= frontier
    return seen


def search_nodes(g: nx.Graph, text: str) -> list[str]:
    """Nodes whose label or title contains ``text`` (case- and width-insensitive), best first."""
    import unicodedata

    needle = unicodedata.normalize("NFKC", text or "").strip().lower()
    if not needle:
        return []
    hits = []
    for n, a in g.nodes(data=True):
        label = unicodedata.normalize("NFKC", str(a.get("label") or n)).lower()
        title = unicodedata.normalize("NFKC", str(a.get("title") or "")).lower()
        if needle in label:
            hits.append((0 if label == needle else 1, len(label), n))
        elif needle in title:
            hits.append((2, len(label), n))
    return [n for *_, n in sorted(hits, key=lambda h: (h[0], h[1], str(h[2])))]


def cap_graph(g: nx.Graph, limit: int, keep: Iterable[str] = ()) -> tuple[nx.Graph, int]:
    """At most ``limit`` nodes: the ``keep`` nodes, then by kind priority and degree.

    Returns the induced subgraph and how many nodes were left out.

    >>> g = nx.Graph(); g.add_edges_from([("d", f"t{i}") for i in range(5)])
    >>> g.nodes["d"]["kind"] = "document"
    >>> small, hidden = cap_graph(g, 3)
    >>> "d" in small, small.number_of_nodes(), hidden
    (True, 3, 3)
    """
    if limit <= 0 or g.number_of_nodes() <= limit:
        return g, 0
    keep = [n for n in keep if n in g]
    deg = dict(g.degree())
    rest = sorted((n for n in g.nodes if n not in set(keep)),
                  key=lambda n: (NODE_STYLES[node_kind(g.nodes[n])].priority, -deg.get(n, 0), str(n)))
    chosen = (keep + rest)[:limit]
    return g.subgraph(chosen).copy(), g.number_of_nodes() - len(chosen)


def legend(g: nx.Graph) -> list[tuple[str, NodeStyle]]:
    """The node kinds present in ``g``, in legend order."""
    kinds = {node_kind(a) for _, a in g.nodes(data=True)}
    return [(k, s) for k, s in NODE_STYLES.items() if k in kinds]


def edge_legend(g: nx.Graph) -> list[tuple[str, EdgeStyle]]:
    """The edge kinds present in ``g``, in legend order."""
    kinds = {edge_kind(a) for *_, a in g.edges(data=True)}
    return [(k, s) for k, s in EDGE_STYLES.items() if k in kinds]


def _short(label: str, n: int = LABEL_MAX) -> str:
    label = " ".join(str(label).split())
    return label if len(label) <= n else label[: n - 1] + "…"


def _terse(path: str, label: str) -> str:
    """A task or section in a big graph: its path and the start of its heading (2.1.1 加大高质量创…).

    >>> _terse("2.1.1", "2.1.1 加大高质量创造导向")
    '2.1.1 加大高质量创造…'
    """
    heading = " ".join(str(label).split())
    if heading.startswith(path):
        heading = heading[len(path):].strip()
    return f"{path} {_short(heading, TERSE_HEADING + 1)}".strip()


def without_isolated(g: nx.Graph) -> nx.Graph:
    """``g`` without its nodes that have no edge (none floats alone in a picture), unless no node has one.

    >>> g = nx.Graph(); g.add_edge("a", "b"); g.add_node("c")
    >>> sorted(without_isolated(g).nodes)
    ['a', 'b']
    """
    if g.number_of_edges() == 0:
        return g
    alone = [n for n, d in g.degree() if d == 0]
    if not alone:
        return g
    h = g.copy()
    h.remove_nodes_from(alone)
    return h


# ----------------------------------------------------------------------- pyvis network

def _positions(g: nx.Graph, opts: VizOptions) -> dict[str, tuple[float, float]]:
    n = g.number_of_nodes()
    if n == 0:
        return {}
    und = g.to_undirected(as_view=True) if g.is_directed() else g
    k = 1.6 / math.sqrt(n)
    pos = nx.spring_layout(und, k=k, iterations=30, seed=opts.seed)  # ~0.5 s for 400 nodes
    scale = 110 * math.sqrt(n) * (1.6 if opts.meeting else 1.0)
    return {node: (float(x) * scale, float(y) * scale) for node, (x, y) in pos.items()}


def to_network(g: nx.Graph, opts: VizOptions | None = None):
    """The pyvis Network for ``g`` (nodes styled by kind, edges by role, options set)."""
    from pyvis.network import Network

    opts = opts or VizOptions()
    if opts.drop_isolated:
        g = without_isolated(g)
    # directed=True: pyvis then skips its O(edges) duplicate check per edge; arrows are set per edge
    net = Network(height=f"{opts.height}px", width="100%", directed=True, cdn_resources="in_line")
    arrows = {"to": {"enabled": g.is_directed(), "scaleFactor": 0.5}}
    precompute = g.number_of_nodes() > opts.precompute_above
    pos = _positions(g, opts) if precompute else {}
    ids = {n: str(n) for n in g.nodes}
    terse = g.number_of_nodes() > TERSE_ABOVE
    for n, a in g.nodes(data=True):
        kind = node_kind(a)
        st = NODE_STYLES[kind]
        label = str(a.get("label") or n)
        title = str(a.get("title") or label)
        shown = _terse(str(a["path"]), label) if terse and kind in ("task", "section") and a.get("path") \
            else _short(label)
        extra = {}
        if n in pos:
            extra.update(x=pos[n][0], y=pos[n][1])
        if st.shape in INSIDE:
            extra["font"] = {"color": "#111111", "strokeWidth": 0}
        net.add_node(ids[n], label=shown, title=title, color=st.vis_color(), shape=st.shape,
                     kind=kind, full=label, **extra)
    edge_labels = g.number_of_edges() <= EDGE_LABELS_UP_TO
    for u, v, a in g.edges(data=True):
        kind = edge_kind(a)
        st = EDGE_STYLES[kind]
        label = str(a.get("label") or "")
        weight = a.get("weight")
        width = min(st.width + (float(weight) - 1) * 0.8, 10.0) if isinstance(weight, (int, float)) else st.width
        extra = {"label": label or st.name} if edge_labels and kind != "other" else {}
        net.add_edge(ids[u], ids[v], color=st.color, width=width, dashes=st.dashes, arrows=arrows,
                     title=label or st.name, **extra)
    # labels are drawn in graph units and the view zooms out to fit, so a bigger graph gets bigger
    # label text: it stays readable on screen when the whole graph is shown
    grow = min(1.5 if opts.meeting else 2.0, max(1.0, math.sqrt(max(g.number_of_nodes(), 1)) / 6))
    # label text grows faster than the layout: a big picture zoomed out to fit still has legible labels
    text_grow = min(2.4 if opts.meeting else 3.0, max(1.0, math.sqrt(max(g.number_of_nodes(), 1)) / 3.6))
    fs = int(round(opts.font_size * text_grow))
    physics = not precompute
    # a small picture has room: longer springs keep its (enlarged) labels apart
    spread = 1.8 if g.number_of_nodes() <= 40 else 1.0
    options = {
        "nodes": {
            "font": {"size": fs, "face": FONT_FACE, "strokeWidth": 3, "strokeColor": "#ffffff"},
            "size": int((14 if not opts.meeting else 22) * grow),
            "borderWidth": 1,
            "widthConstraint": {"maximum": int((220 if not opts.meeting else 320) * grow)},
            "margin": 8,
        },
        "edges": {
            "smooth": False if precompute else {"type": "continuous"},
            "font": {"size": max(fs - 3, 12), "face": FONT_FACE, "align": "middle", "strokeWidth": 3,
                     "strokeColor": "#ffffff", "color": "#333333"},
            "selectionWidth": 2,
        },
        "interaction": {"hover": True, "tooltipDelay": 120, "navigationButtons": False,
                        "keyboard": False, "hideEdgesOnDrag": g.number_of_nodes() > 200},
        "physics": {
            "enabled": physics,
            "solver": "forceAtlas2Based",
            "forceAtlas2Based": {"gravitationalConstant": -70 * grow * (1.3 if opts.meeting else 1.0),
                                 "centralGravity": 0.01,
                                 "springLength": int((120 if not opts.meeting else 170) * grow * spread),
                                 "springConstant": 0.06, "damping": 0.5, "avoidOverlap": 1.0},
            "stabilization": {"enabled": True, "iterations": opts.stabilization_iterations,
                              "updateInterval": 50, "fit": True},
            "minVelocity": 1.0,
        },
        "layout": {"improvedLayout": g.number_of_nodes() <= 80, "randomSeed": opts.seed},
    }
    net.options = options  # a plain dict: written into the page as JSON
    return net


# ----------------------------------------------------------------------- the page

@lru_cache(maxsize=1)
def _vis_assets() -> tuple[str, str]:
    """vis-network's JS and CSS, read from the installed pyvis package."""
    import pyvis

    root = Path(pyvis.__file__).parent
    for base in (root / "lib", root / "templates" / "lib"):
        cands = sorted(base.glob("vis-*/vis-network.min.js"), reverse=True)
        if cands:
            js = cands[0]
            return js.read_text(encoding="utf-8"), (js.parent / "vis-network.css").read_text(encoding="utf-8")
    raise FileNotFoundError("vis-network.min.js not found in the pyvis package; reinstall pyvis")


def min_label_px(nodes: int, meeting: bool = False) -> int:
    """The smallest node label, in screen pixels, a drawn graph may show (the page enlarges labels to it).

    >>> min_label_px(10), min_label_px(200), min_label_px(10, meeting=True)
    (12, 10, 18)
    """
    if meeting:
        return 18 if nodes <= 60 else 14
    return 12 if nodes <= 60 else 10


def _json(value) -> str:
    """JSON that is safe inside <script>: no text can close the tag or open a comment."""
    s = json.dumps(value, ensure_ascii=False, default=str)
    return (s.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


_PAGE = """<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>__VIS_CSS__</style>
<style>
html, body { margin: 0; padding: 0; height: 100%; background: #ffffff; font-family: __FONT__; }
body { display: flex; flex-direction: column; }
#kg-bar { display: flex; flex-wrap: wrap; align-items: center; gap: 6px 14px; padding: 4px 6px;
          font-size: __BAR_FS__px; color: #333; }
#kg-bar input { font: inherit; padding: 2px 6px; width: 12em; border: 1px solid #bbb; border-radius: 4px; }
#kg-bar button { font: inherit; padding: 2px 8px; border: 1px solid #bbb; border-radius: 4px; background: #f6f6f6; cursor: pointer; }
.kg-key { display: inline-flex; align-items: center; gap: 4px; white-space: nowrap; }
.kg-sw { display: inline-block; width: 0.9em; height: 0.9em; border-radius: 50%; border: 1px solid #0003; }
.kg-sw.box { border-radius: 2px; } .kg-sw.line { height: 0; width: 1.4em; border-radius: 0; border-width: 2px 0 0 0; }
.kg-sw.dash { border-style: dashed; }
#kg-msg { color: #666; }
#kg-net { width: 100%; flex: 1 1 auto; min-height: 200px; border: 1px solid #e3e3e3; box-sizing: border-box; }
div.vis-tooltip { font-family: __FONT__; font-size: __TIP_FS__px; max-width: 460px; white-space: pre-wrap;
                  line-height: 1.5; }
</style></head>
<body>
<div id="kg-bar"></div>
<div id="kg-net"></div>
<script>__VIS_JS__</script>
<script>
(function () {
  var NODES = __NODES__, EDGES = __EDGES__, OPTIONS = __OPTIONS__, LEGEND = __LEGEND__,
      EDGE_LEGEND = __EDGE_LEGEND__, FOCUS = __FOCUS__, SEARCH = __SEARCH__, INFO = __INFO__, SMALL = 40,
      MIN_PX = __MIN_PX__;
  var bar = document.getElementById("kg-bar");
  function el(tag, cls, text) { var e = document.createElement(tag); if (cls) e.className = cls;
    if (text != null) e.textContent = text; return e; }
  var nodes = new vis.DataSet(NODES), edges = new vis.DataSet(EDGES);
  var container = document.getElementById("kg-net");
  var network = new vis.Network(container, {nodes: nodes, edges: edges}, OPTIONS);
  window.kgNetwork = network; window.kgNodes = nodes;
  document.body.dataset.nodes = String(nodes.length);
  document.body.dataset.edges = String(edges.length);
  var original = {};
  nodes.forEach(function (n) { original[n.id] = n.color; });
  function ready() {
    if (OPTIONS.physics && OPTIONS.physics.enabled) { network.setOptions({physics: false}); }
    network.fit({animation: false});  // the whole picture inside its frame
    var scale = network.getScale(), fs = OPTIONS.nodes.font.size, efs = OPTIONS.edges.font.size;
    if (scale > 0 && fs * scale < MIN_PX) {  // zoomed out to fit: labels kept at a size people can read
      network.setOptions({nodes: {font: {size: Math.ceil(MIN_PX / scale)}},
                          edges: {font: {size: Math.ceil((MIN_PX - 1) / scale)}}});
      network.fit({animation: false});
    }
    if (nodes.length <= SMALL + 20) { separate(); network.fit({animation: false}); }
    if (FOCUS.length) { focus(FOCUS); }
    document.body.dataset.ready = "1";
  }
  if (OPTIONS.physics && OPTIONS.physics.enabled) {
    network.once("stabilizationIterationsDone", ready);
  } else { setTimeout(ready, 0); }
  function separate() {  // push apart nodes whose boxes (shape and label) overlap: no label hides another
    var ids = network.body.nodeIndices, pos = network.getPositions(ids), rel = {};
    ids.forEach(function (id) { var b = network.getBoundingBox(id), p = pos[id];
      rel[id] = {l: b.left - p.x, r: b.right - p.x, t: b.top - p.y, b: b.bottom - p.y}; });
    for (var round = 0; round < 60; round++) {
      var moved = false;
      for (var i = 0; i < ids.length; i++) {
        for (var j = i + 1; j < ids.length; j++) {
          var p = pos[ids[i]], q = pos[ids[j]], ra = rel[ids[i]], rb = rel[ids[j]];
          var w = Math.min(p.x + ra.r, q.x + rb.r) - Math.max(p.x + ra.l, q.x + rb.l);
          var h = Math.min(p.y + ra.b, q.y + rb.b) - Math.max(p.y + ra.t, q.y + rb.t);
          if (w <= 0 || h <= 0) { continue; }
          var d;
          if (h <= w) { d = (h / 2 + 3) * (p.y <= q.y ? 1 : -1); p.y -= d; q.y += d; }
          else { d = (w / 2 + 3) * (p.x <= q.x ? 1 : -1); p.x -= d; q.x += d; }
          moved = true;
        }
      }
      if (!moved) { break; }
    }
    ids.forEach(function (id) { network.moveNode(id, pos[id].x, pos[id].y); });
  }
  function neighbours(ids) {
    var set = {}; ids.forEach(function (id) { set[id] = true;
      network.getConnectedNodes(id).forEach(function (m) { set[m] = true; }); });
    return Object.keys(set);
  }
  function focus(ids) {
    ids = ids.filter(function (id) { return nodes.get(id) !== null; });
    if (!ids.length) { return 0; }
    var near = neighbours(ids), keep = {}, small = nodes.length <= SMALL;
    near.forEach(function (id) { keep[id] = true; });
    if (!small) {  // a big picture: grey out what is not next to the found nodes, and zoom to them
      nodes.update(nodes.getIds().map(function (id) {
        return {id: id, color: keep[id] ? original[id] : {background: "rgba(200,200,200,0.35)", border: "rgba(200,200,200,0.5)"}}; }));
    }
    network.selectNodes(ids, true);
    network.fit({nodes: small ? nodes.getIds() : near, animation: false});
    return ids.length;
  }
  function reset() {
    nodes.update(nodes.getIds().map(function (id) { return {id: id, color: original[id]}; }));
    network.unselectAll(); network.fit({animation: false});
  }
  network.on("doubleClick", function (p) { if (p.nodes.length) { focus(p.nodes); } else { reset(); } });
  if (SEARCH) {
    var box = el("input"); box.type = "search"; box.placeholder = "搜索节点(回车定位)"; box.id = "kg-search";
    var msg = el("span", null, ""); msg.id = "kg-msg";
    box.addEventListener("keydown", function (ev) {
      if (ev.key !== "Enter") { return; }
      var q = box.value.trim().toLowerCase();
      if (!q) { reset(); msg.textContent = ""; return; }
      var hits = nodes.get({filter: function (n) {
        return String(n.full || n.label || "").toLowerCase().indexOf(q) >= 0; }}).map(function (n) { return n.id; });
      if (!hits.length) { msg.textContent = "未找到"; return; }
      focus(hits.slice(0, 20)); msg.textContent = "找到 " + hits.length + " 个";
    });
    var clear = el("button", null, "复位"); clear.type = "button";
    clear.addEventListener("click", function () { box.value = ""; msg.textContent = ""; reset(); });
    bar.appendChild(box); bar.appendChild(clear); bar.appendChild(msg);
  }
  LEGEND.forEach(function (k) {
    var item = el("span", "kg-key"), sw = el("span", "kg-sw" + (k.shape === "box" ? " box" : ""));
    sw.style.background = k.color; sw.style.borderColor = k.border; item.appendChild(sw); item.appendChild(document.createTextNode(k.name));
    bar.appendChild(item);
  });
  EDGE_LEGEND.forEach(function (k) {
    var item = el("span", "kg-key"), sw = el("span", "kg-sw line" + (k.dashes ? " dash" : ""));
    sw.style.borderColor = k.color; item.appendChild(sw); item.appendChild(document.createTextNode(k.name));
    bar.appendChild(item);
  });
  if (INFO) { bar.appendChild(el("span", "kg-info", INFO)); }
})();
</script>
</body></html>
"""


_MARKER = re.compile(r"__[A-Z_]+__")


def render_html(g: nx.Graph, opts: VizOptions | None = None, info: str = "") -> str:
    """One self-contained HTML page drawing ``g`` (no request leaves the page).

    >>> g = nx.Graph(); g.add_node("a", kind="unit", label="区财政局</script><script>alert(1)")
    >>> page = render_html(g)
    >>> "</script><script>alert" in page, "http://" in page.split("<script>")[0]
    (False, False)
    """
    opts = opts or VizOptions()
    net = to_network(g, opts)
    js, css = _vis_assets()
    nodes = [dict(n) for n in net.nodes]
    edges = [dict(e) for e in net.edges]
    leg = [{"name": s.name, "color": s.color, "border": s.border or s.color, "shape": s.shape}
           for _, s in legend(g)] if opts.legend else []
    eleg = [{"name": s.name, "color": s.color, "dashes": s.dashes} for _, s in edge_legend(g)] \
        if opts.legend else []
    js = js.replace("</script", "<\\/script")
    css = css.replace("</style", "<\\/style")
    subs = {
        "__VIS_JS__": js,
        "__VIS_CSS__": css,
        "__FONT__": FONT_FACE,
        "__HEIGHT__": str(int(opts.height)),
        "__BAR_FS__": str(22 if opts.meeting else 14),
        "__TIP_FS__": str(20 if opts.meeting else 13),
        "__NODES__": _json(nodes),
        "__EDGES__": _json(edges),
        "__OPTIONS__": _json(net.options),
        "__LEGEND__": _json(leg),
        "__EDGE_LEGEND__": _json(eleg),
        "__FOCUS__": _json([str(f) for f in opts.focus if f in g]),
        "__SEARCH__": "true" if opts.search else "false",
        "__INFO__": _json(info),
        "__MIN_PX__": str(min_label_px(g.number_of_nodes(), opts.meeting)),
    }
    # one pass: a value is never searched for markers again
    return _MARKER.sub(lambda m: subs.get(m.group(0), m.group(0)), _PAGE)
