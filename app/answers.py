"""The 问答 page's data: cached answers from :func:`kg.ask.ask`, the answer table and its subgraph."""
from __future__ import annotations

import networkx as nx
import streamlit as st

from app import state
from app.ui import ROLE_ZH, role_zh
from app.viz import cap_graph

TASK_COLUMNS = ["章节", "任务", "文件", "角色", "单位", "原文"]
OTHER_COLUMNS = ["答案", "文件"]
PERSON_COLUMNS = ["姓名", "职务", "小组", "原文", "文件"]
TARGET_COLUMNS = ["章节", "指标", "年份", "原文", "文件"]
SUBGRAPH_CAP = 90
MAX_DOCS = 12  # documents read to draw one answer
SMALL_STORE = 8
_ROLES = ("lead", "responsible", "cooperate")
#: the highlight colour of each role in a source sentence (displacy's ent style, labels in Chinese)
ROLE_COLORS = {ROLE_ZH["lead"]: "#ffb703", ROLE_ZH["responsible"]: "#8ecae6", ROLE_ZH["cooperate"]: "#b7e4a1"}


@st.cache_data(show_spinner="正在查找答案…", max_entries=256)
def _ask(_store, location: str, question: str):
    from kg.ask import ask

    return ask(_store, question)


def ask_cached(question: str):
    """The answer to a question (cached per store and question)."""
    return _ask(state.get_store(), state.store_location(), question)


@state.on_refresh
def clear() -> None:
    """Forget cached answers (after the store changed)."""
    _ask.clear()


def _get(obj, *names, default=None):
    for n in names:
        if isinstance(obj, dict) and obj.get(n) is not None:
            return obj[n]
        v = getattr(obj, n, None)
        if v is not None and not isinstance(obj, dict):
            return v
    return default


def _join(v) -> str:
    if v is None:
        return ""
    if isinstance(v, (list, tuple, set)):
        return "、".join(_unit_text(x) for x in v)
    return str(v)


def _unit_text(u) -> str:
    """A unit as written; its role is added when it leads or cooperates (责任 is the plain case)."""
    if isinstance(u, dict):
        name = u.get("name") or u.get("label") or u.get("written") or ""
        role = u.get("role")
        return f"{name}({role_zh(role)})" if role in ("lead", "cooperate") else str(name)
    return str(u)


class Highlighted(str):
    """A source sentence: plain text for the row (tests, downloads), ``__html__()`` the displacy markup the
    table shows, with each unit of the task marked by its role."""

    def __new__(cls, text: str, markup: str):
        obj = super().__new__(cls, text)
        obj.markup = markup
        return obj

    def __html__(self) -> str:
        return self.markup


def _unit_marks(text: str, units) -> list[dict]:
    """Every place a unit of the task is named in ``text``, longest names first, no overlaps."""
    marks: list[dict] = []
    taken = [False] * len(text)
    named = [(str(u.get("name") or ""), u.get("role")) for u in units or [] if isinstance(u, dict)]
    for name, role in sorted(named, key=lambda nr: -len(nr[0])):
        if not name or role not in ROLE_ZH:
            continue
        i = text.find(name)
        while i >= 0:
            j = i + len(name)
            if not any(taken[i:j]):
                taken[i:j] = [True] * len(name)
                marks.append({"start": i, "end": j, "label": role_zh(role)})
            i = text.find(name, j)
    return sorted(marks, key=lambda m: m["start"])


def highlight_units(source: str, units) -> str:
    """The source sentence with its task's units marked by role (牵头/责任/配合) in displacy's HTML (escaped,
    offline: inline styles only); the plain text when no unit is named in it."""
    text = " ".join(str(source).split())  # as the table shows it
    marks = _unit_marks(text, units)
    if not marks:
        return text
    from spacy import displacy  # imported on the first answer that has task rows

    markup = displacy.render({"text": text, "ents": marks, "title": None}, style="ent", manual=True, page=False,
                             minify=True, options={"colors": ROLE_COLORS, "ents": list(ROLE_COLORS)})
    return Highlighted(text, markup)


def _role_text(v) -> str:
    if isinstance(v, (list, tuple, set)):
        return "、".join(role_zh(str(x)) for x in v)
    return role_zh(str(v)) if v else ""


def answer_table(ans, chosen: list[str] | None) -> tuple[list[dict], list[str]]:
    """Rows for the answer table (plain text; :func:`app.ui.html_table` escapes it) and their columns."""
    titles = state.doc_titles()
    rows = list(_get(ans, "rows", default=[]) or [])
    kind = str(_get(ans, "kind", default="") or "")
    if rows and kind == "person" and any("name" in r for r in rows):
        return _with_doc_column(_person_rows(rows, chosen, titles), PERSON_COLUMNS)
    if rows and kind == "value" and any("metric" in r for r in rows):
        return _with_doc_column(_target_rows(rows, chosen, titles), TARGET_COLUMNS)
    if rows:
        out = []
        for r in rows:
            doc = _get(r, "doc", "doc_id")
            if chosen is not None and doc and doc not in chosen:
                continue
            out.append({"章节": str(_get(r, "path", default="")),
                        "任务": str(_get(r, "heading", default="")),
                        "文件": titles.get(doc, doc or ""),
                        "角色": _role_text(_get(r, "role", "roles")),
                        "单位": _join(_get(r, "units")),
                        "原文": highlight_units(str(_get(r, "source", "text", default="")), _get(r, "units"))})
        docs = {r["文件"] for r in out}
        return out, TASK_COLUMNS if len(docs) > 1 else [c for c in TASK_COLUMNS if c != "文件"]
    out = []
    for a in list(_get(ans, "answers", default=[]) or []):
        doc = _get(a, "doc")
        if chosen is not None and doc and doc not in chosen:
            continue
        label = _get(a, "label", "key", default="")
        out.append({"答案": str(label), "文件": titles.get(doc, doc or "—")})
    return out, OTHER_COLUMNS


def _with_doc_column(rows: list[dict], columns: list[str]) -> tuple[list[dict], list[str]]:
    """The 文件 column only when the rows come from more than one document."""
    return rows, columns if len({r["文件"] for r in rows}) > 1 else [c for c in columns if c != "文件"]


def _person_rows(rows: list[dict], chosen: list[str] | None, titles: dict) -> list[dict]:
    """One row per person answered: name, role or post, the group and the member line as written."""
    out, seen = [], set()
    for r in rows:
        doc = r.get("doc_id") or r.get("doc")
        key = (r.get("person") or r.get("name"), r.get("group_label"), doc)
        if key in seen or (chosen is not None and doc and doc not in chosen):
            continue
        seen.add(key)
        out.append({"姓名": str(r.get("name") or ""), "职务": str(r.get("group_role") or r.get("post_label") or ""),
                    "小组": str(r.get("group_label") or ""), "原文": str(r.get("text") or ""),
                    "文件": titles.get(doc, doc or "")})
    return out


def _target_rows(rows: list[dict], chosen: list[str] | None, titles: dict) -> list[dict]:
    """One row per target answered: where it stands, its metric and year, and its sentence as written."""
    out = []
    for r in rows:
        doc = r.get("doc_id") or r.get("doc")
        if chosen is not None and doc and doc not in chosen:
            continue
        out.append({"章节": str(r.get("path") or ""), "指标": str(r.get("metric") or ""),
                    "年份": str(r.get("year") or "未写明"), "原文": str(r.get("text") or ""),
                    "文件": titles.get(doc, doc or "")})
    return out


def _entity_nodes(G: nx.MultiDiGraph, ans) -> list[str]:
    """Graph nodes for the entities the question named and the entities answered."""
    by_label: dict[str, list[str]] = {}
    for n, a in G.nodes(data=True):
        if a.get("type") in ("Unit", "CollectiveUnit", "Person", "LeadershipGroup", "Document"):
            by_label.setdefault(str(a.get("label")), []).append(n)
    out: list[str] = []
    items = list(_get(ans, "entities", default=[]) or [])
    if str(_get(ans, "kind", default="")) in ("unit", "person"):
        items += list(_get(ans, "answers", default=[]) or [])
    for e in items:
        iri = _get(e, "iri", "uri", "node", "id")
        if isinstance(e, str):
            iri = e if e in G else None
        if iri and iri in G:
            out.append(iri)
            continue
        label = e if isinstance(e, str) else _get(e, "label", "name", "key", "text")
        out.extend(by_label.get(str(label), []))
    return list(dict.fromkeys(out))


def answer_subgraph(ans, chosen: list[str] | None) -> tuple[nx.MultiDiGraph, list[str]]:
    """The answer's tasks with their units, and the named entities (focused)."""
    from kg.build import task_iri

    docs = [d for d in dict.fromkeys(_get(x, "doc", "doc_id") for x in
                                     list(_get(ans, "rows", default=[]) or []) + list(_get(ans, "answers", default=[]) or []))
            if d and (chosen is None or d in chosen)]
    if not docs and len(state.documents()) > SMALL_STORE:
        return nx.MultiDiGraph(), []  # nothing to anchor a picture in a big store
    G = state.graph(docs[:MAX_DOCS] if docs else chosen)
    tasks = []
    for r in list(_get(ans, "rows", default=[]) or []):
        doc, path = _get(r, "doc", "doc_id"), _get(r, "path")
        iri = _get(r, "task", "iri")
        if not (iri and iri in G) and doc and path:
            iri = task_iri(doc, str(path))
        if iri and iri in G:
            tasks.append(iri)
    focus = _entity_nodes(G, ans)
    nodes = set(tasks) | set(focus)
    for t in tasks:
        nodes.update(v for _, v, d in G.out_edges(t, data=True) if d.get("relation") in _ROLES)
    if not tasks:
        und = G.to_undirected(as_view=True)
        for n in focus:
            nodes.update(list(und.neighbors(n))[:40])
    sub = G.subgraph(nodes).copy()
    sub, _ = cap_graph(sub, SUBGRAPH_CAP, keep=focus + tasks)
    return sub, [n for n in focus if n in sub]
