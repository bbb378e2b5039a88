"""Link progress-report items to the tasks they report on (pure functions, no store).

In order of trust:

1. ``path``: the report gives the plan's path (任务3.4) → that task of the plan;
2. ``heading``: the report names the task's heading (quoted, or in its task column) exactly;
3. ``text``: else the closest task by text — idf-weighted character bigrams, both ways (how much of
   the task's heading the item covers, how much of the item's heading the task covers), plus a bonus
   when they name a common unit. Below ``THRESHOLD``, or too close to the runner-up (``MARGIN``), no
   link: a wrong link is worse than none;
4. ``row``: a report whose table rows are its own tasks (a 执行情况 table) links a row to itself
   when no plan task matches.

Candidates: tasks of the report's plan when it cites one (《…方案》), else tasks of its jurisdiction;
never rows of other reports. Each link keeps its evidence: method, score, matched words.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from difflib import SequenceMatcher

from extract.textnorm import fold

__all__ = ["TaskCand", "ItemCand", "Link", "link_items", "THRESHOLD", "MARGIN", "similarity"]

#: lowest text score that makes a link
THRESHOLD = 0.42
#: how far the best text match must stand above the runner-up
MARGIN = 0.1
UNIT_BONUS = 0.1

_PUNCT = re.compile(r"[\s\W_]+", re.UNICODE)
_WRAP = re.compile(r"^(?:关于|任务\s*\d+(?:\.\d+)*)|(?:工作|任务|情况)$")


@dataclass
class TaskCand:
    """A task that an item may report on."""

    task: str  # IRI
    doc_id: str
    title: str
    jurisdiction: str | None
    is_report: bool
    path: str
    heading: str
    text: str
    units: list[str] = field(default_factory=list)


@dataclass
class ItemCand:
    """A report item to link."""

    item: str  # IRI
    doc_id: str
    jurisdiction: str | None
    plan: str | None
    text: str
    heading: str | None = None
    ref: str | None = None
    row: str | None = None
    units: list[str] = field(default_factory=list)


@dataclass
class Link:
    """An item linked to a task, with the evidence."""

    item: str
    task: str
    method: str  # path / heading / text / row
    score: float
    words: list[str]


def _norm(s: str | None) -> str:
    return _PUNCT.sub("", fold(s or ""))


def _core(s: str | None) -> str:
    """A heading without its wrapping words (关于…工作)."""
    n = _norm(s)
    prev = None
    while prev != n:
        prev, n = n, _WRAP.sub("", n)
    return n


def _bigrams(s: str) -> list[str]:
    return [s[i:i + 2] for i in range(len(s) - 1)]


def _coverage(needle: list[str], hay: set[str], idf: dict[str, float], default: float) -> float:
    total = sum(idf.get(b, default) for b in needle)
    if not total:
        return 0.0
    return sum(idf.get(b, default) for b in needle if b in hay) / total


def _words(a: str, b: str) -> list[str]:
    """Common stretches (2+ characters) of two texts, longest first."""
    m = SequenceMatcher(None, a, b, autojunk=False)
    out = [a[x.a:x.a + x.size] for x in m.get_matching_blocks() if x.size >= 2]
    return sorted(dict.fromkeys(out), key=len, reverse=True)


def similarity(item: ItemCand, task: TaskCand, idf: dict[str, float], default: float) -> float:
    """The text score of an item against a task (0..1, with the unit bonus)."""
    ih, it = _core(item.heading), _norm(item.text)
    th, tt = _core(task.heading), _norm(task.text)
    item_all = set(_bigrams(ih)) | set(_bigrams(it))
    task_all = set(_bigrams(th)) | set(_bigrams(tt))
    a = _coverage(_bigrams(th), item_all, idf, default)  # the task's heading, found in the item
    b = _coverage(_bigrams(ih), task_all, idf, default) if ih else a  # the item's heading, found in the task
    score = (a + b) / 2
    if item.units and any(_norm(u) == _norm(v) for u in item.units for v in task.units):
        score += UNIT_BONUS
    return min(score, 1.0)


def _plan_docs(plan: str | None, tasks: list[TaskCand]) -> set[str]:
    if not plan:
        return set()
    p = _norm(plan)
    return {t.doc_id for t in tasks if not t.is_report and (p in _norm(t.title) or _norm(t.title) in p)}


def _idf(tasks: list[TaskCand]) -> tuple[dict[str, float], float]:
    df: dict[str, int] = {}
    for t in tasks:
        for b in set(_bigrams(_core(t.heading))) | set(_bigrams(_norm(t.text))):
            df[b] = df.get(b, 0) + 1
    n = max(len(tasks), 1)
    idf = {b: math.log(1 + n / c) for b, c in df.items()}
    return idf, math.log(1 + n)


def link_items(items: list[ItemCand], tasks: list[TaskCand], threshold: float = THRESHOLD,
               margin: float = MARGIN) -> list[Link]:
    """Link each item to at most one task (see the module docstring for the order of methods).

    Examples
    --------
    >>> t = [TaskCand("t1", "p", "方案", "甲区", False, "1.1", "加快5G网络建设", "新建5G基站300个。", ["区工信局"]),
    ...      TaskCand("t2", "p", "方案", "甲区", False, "1.2", "推进千兆光网进小区", "完成光纤改造120个。")]
    >>> i = [ItemCand("i1", "r", "甲区", None, "已完成老旧小区光纤改造45个。", heading="千兆光网进小区"),
    ...      ItemCand("i2", "r", "甲区", None, "新增垃圾分类示范村12个。", heading="农村生活垃圾治理")]
    >>> [(l.item, l.task, l.method) for l in link_items(i, t)]
    [('i1', 't2', 'text')]
    """
    out: list[Link] = []
    by_scope: dict[tuple, tuple[list[TaskCand], dict[str, float], float]] = {}
    for item in items:
        plan_docs = _plan_docs(item.plan, tasks)
        if plan_docs:
            pool = [t for t in tasks if t.doc_id in plan_docs]
        else:
            pool = [t for t in tasks if not t.is_report and t.doc_id != item.doc_id
                    and (item.jurisdiction is None or t.jurisdiction in (None, item.jurisdiction))]
        key = (tuple(sorted(plan_docs)), item.jurisdiction, item.doc_id)
        if key not in by_scope:
            by_scope[key] = (pool, *_idf(pool))
        pool, idf, default = by_scope[key]
        link = _link_one(item, pool, idf, default, threshold, margin)
        if link is None and item.row:
            own = [t for t in tasks if t.doc_id == item.doc_id and t.path == item.row]
            if len(own) == 1:
                link = Link(item.item, own[0].task, "row", 1.0, [item.row])
        if link is not None:
            out.append(link)
    return out


def _one(hits: list[int], score_of: dict[int, float], margin: float, affinity) -> int | None:
    """The one candidate among several that the text clearly prefers: by score, then by how much of the
    item's sentence the task's text covers (two plans with the same path or heading and nothing to tell
    them apart: None)."""
    if len(hits) <= 1:
        return hits[0] if hits else None
    ranked = sorted(hits, key=lambda i: score_of[i], reverse=True)
    if score_of[ranked[0]] - score_of[ranked[1]] >= margin:
        return ranked[0]
    close = [i for i in ranked if score_of[ranked[0]] - score_of[i] < margin]
    by_text = sorted(close, key=affinity, reverse=True)
    return by_text[0] if affinity(by_text[0]) - affinity(by_text[1]) >= margin else None


def _link_one(item: ItemCand, pool: list[TaskCand], idf: dict[str, float], default: float,
              threshold: float, margin: float) -> Link | None:
    if not pool:
        return None
    scored = sorted(((similarity(item, t, idf, default), i) for i, t in enumerate(pool)), reverse=True)
    score_of = {i: s for s, i in scored}
    item_text = _bigrams(_norm(item.text))

    def affinity(i: int) -> float:
        return _coverage(item_text, set(_bigrams(_norm(pool[i].text))), idf, default)
    if item.ref:
        hits = [i for i, t in enumerate(pool) if t.path == item.ref]
        best = _one(hits, score_of, margin, affinity)
        if best is not None:
            return Link(item.item, pool[best].task, "path", 1.0, [f"任务{item.ref}"])
    ih = _core(item.heading)
    if len(ih) >= 4:
        exact = [i for i, t in enumerate(pool) if _core(t.heading) == ih]
        best = _one(exact, score_of, margin, affinity)
        if best is not None:
            return Link(item.item, pool[best].task, "heading", 1.0, [pool[best].heading])
    top, i = scored[0]
    second = scored[1][0] if len(scored) > 1 else 0.0
    if top < threshold or top - second < margin:
        return None
    t = pool[i]
    words = _words(_norm(item.heading) or _norm(item.text), _core(t.heading) + "|" + _norm(t.text))
    return Link(item.item, t.task, "text", round(top, 3), words[:6])
