"""Run an :class:`kg.ask.intents.Intent` against the store: named queries with bound values → answer.

This module holds what every executor shares and the executors of the questions about tasks;
:mod:`kg.ask.people` answers the questions about people, :mod:`kg.ask.targets` those about
targets and cited documents.

Every query is a named ``.rq`` file (``kg/queries``); entity IRIs, names, keywords and years go
in as bound values (``VALUES``, escaped by :func:`kg.store.term_sparql`), never as query text.
Each executor returns a :class:`Result`: a one-sentence Chinese answer, the answers in the eval
format (kind, key, label, doc), rows with the source text, and the SPARQL that produced them.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Callable

from kg.ask.text import compact, coverage, dice
from kg.ask.intents import Cues, Intent
from kg.ask.linker import ItemInfo, Linked, Linker, Mention
from kg.queries import get_query
from kg.roles import ROLE_VERB as ROLE_WORD, ROLE_ZH
from kg.store import IRI, Store, bind_values, term_sparql

__all__ = ["Ctx", "Result", "execute", "EXECUTORS", "path_key", "bind_many", "match_items", "one_doc",
           "resolve_mention"]

MAX_LISTED = 8


@dataclass
class Ctx:
    """What an executor works with."""

    store: Store
    linker: Linker
    linked: Linked
    intent: Intent
    cues: Cues
    sparql: list[str] = field(default_factory=list)

    @property
    def docs(self) -> list[str] | None:
        return sorted(self.linked.docs) if self.linked.docs is not None else None

    def run(self, name: str, single: dict[str, Any] | None = None,
            many: dict[str, list[Any]] | None = None, record: bool = True) -> list[dict[str, Any]]:
        """Run a named query with bound values (``many``: several values for one variable)."""
        text = bind_many(_runnable(get_query(name).sparql), single or {}, many or {})
        if record:
            self.sparql.append(text)
        return self.store.select(text)

    def doc_binding(self) -> dict[str, list[Any]]:
        docs = self.docs
        return {"doc_id": docs} if docs is not None else {}


@dataclass
class Result:
    """An executor's answer."""

    text: str
    kind: str | None
    answers: list[dict[str, Any]] = field(default_factory=list)
    rows: list[dict[str, Any]] = field(default_factory=list)
    clarify: list[dict[str, str]] = field(default_factory=list)
    understood: bool = True


_WHERE = re.compile(r"\bWHERE\s*\{", re.IGNORECASE)
_RUNNABLE: dict[str, str] = {}


def _runnable(sparql: str) -> str:
    """The query as run and shown: its ``# title:`` line kept, the other header comments dropped."""
    out = _RUNNABLE.get(sparql)
    if out is None:
        lines = sparql.splitlines()
        head = [ln for ln in lines if ln.startswith("# title:")][:1]
        out = _RUNNABLE[sparql] = "\n".join(head + [ln for ln in lines if not ln.lstrip().startswith("#")]) + "\n"
    return out


def bind_many(sparql: str, single: dict[str, Any], many: dict[str, list[Any]]) -> str:
    """Bind single values (:func:`kg.store.bind_values`) and value lists (one ``VALUES ?x {…}`` each).

    >>> q = "# title: x\\nSELECT ?t WHERE { ?t ?p ?k }"
    >>> bind_many(q, {}, {"k": ['a"b', "c"]}).splitlines()[1]
    'SELECT ?t WHERE { VALUES ?k { "a\\\\"b" "c" } ?t ?p ?k }'
    """
    text = bind_values(sparql, {k: v for k, v in single.items() if v is not None})
    for name, values in many.items():
        if values is None:
            continue
        if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name):
            raise ValueError(f"bad variable name {name!r}")
        body_start = _body_start(text)
        m = _WHERE.search(text, body_start)
        if not m:
            raise ValueError("query has no WHERE {")
        terms = " ".join(term_sparql(v) for v in values) if values else ""
        block = f" VALUES ?{name} {{ {terms} }}"
        text = text[:m.end()] + block + text[m.end():]
    return text


def _body_start(text: str) -> int:
    pos = 0
    for line in text.splitlines(keepends=True):
        if line.lstrip().startswith("#") or not line.strip():
            pos += len(line)
            continue
        break
    return pos


def path_key(path: str) -> tuple:
    """Sort key of a path (2.10 after 2.9, T1.2 after 2.1)."""
    parts = []
    for p in re.split(r"[.]", path or ""):
        m = re.match(r"^([A-Za-z]*)(\d*)(.*)$", p)
        prefix, num, rest = m.groups() if m else (p, "", "")
        parts.append((prefix, int(num) if num else -1, rest))
    return tuple(parts)


# ------------------------------------------------------------------ shared pieces

def _clarify(ctx: Ctx, m: Mention) -> Result:
    """Ask back: the mention means several units (or people)."""
    out = []
    text = ctx.linked.text
    for iri in m.candidates:
        if m.kind == "unit":
            name = ctx.linker.unit_label(iri)
            place, is_jurisdiction = ctx.linker.place_of(iri)
            if is_jurisdiction and place != "国家":
                q = f"{text[:m.start]}{place}{name}{text[m.end:]}"
            else:
                q = f"在《{place}》中,{text[:m.start]}{name}{text[m.end:]}"
            label = f"{name}({_short(place)})"
        else:
            person = ctx.linker.people[iri]
            titles = sorted(ctx.linker.docs[d].title for d in person.docs if d in ctx.linker.docs)
            place = titles[0] if titles else "?"
            q = f"在《{place}》中,{text}"
            label = f"{person.name}({_short(place)})"
        out.append({"label": label, "question": q + "?", "iri": iri})
    labels = "、".join(c["label"] for c in out)
    return Result(f"“{m.text}”可能指{len(out)}个不同的{'单位' if m.kind == 'unit' else '人'}:{labels}。请指明是哪一个。",
                  ctx.intent.kind, [], [], out)


def _short(title: str, width: int = 24) -> str:
    return title if len(title) <= width else title[: width - 1] + "…"


def resolve_mention(ctx: Ctx, m: Mention) -> tuple[str | None, Result | None]:
    """The one IRI of a mention, or a Result (clarify / not in the documents asked about)."""
    if len(m.candidates) > 1:
        return None, _clarify(ctx, m)
    if not m.candidates:
        return None, Result(f"所指的文件中没有“{m.text}”。", ctx.intent.kind)
    return m.candidates[0], None


def _task_rows(ctx: Ctx, tasks: list[str], extra: dict[str, dict] | None = None) -> list[dict[str, Any]]:
    """Rows for tasks from the entity index: document, path, heading, source text and span, units with roles."""
    rows = []
    for t in dict.fromkeys(tasks):
        it = ctx.linker.item_by_iri.get(t)
        if it is None:
            continue
        units: list[dict[str, str]] = []
        for a in ctx.linker.assignments.get(t, []):
            u = {"name": a["written"], "role": a["role"]}
            if u not in units:
                units.append(u)
        row = {"task": t, "doc": it.doc_id, "path": it.path, "heading": it.heading, "source": it.text,
               "start": it.start, "end": it.end, "units": units, "role": None}
        row.update((extra or {}).get(t, {}))
        rows.append(row)
    return sorted(rows, key=lambda r: (r["doc"], path_key(r["path"]), r["start"] or 0))


def _task_answers(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{"kind": "task", "key": r["path"], "label": r["heading"], "doc": r["doc"]} for r in rows]


def _list_tasks(rows: list[dict[str, Any]]) -> str:
    docs = {r["doc"] for r in rows}
    items = []
    for r in rows[:MAX_LISTED]:
        where = f"({r['doc']})" if len(docs) > 1 else ""
        items.append(f"{r['path']} {r['heading']}{where}".strip())
    more = f"等{len(rows)}项" if len(rows) > MAX_LISTED else ""
    return "、".join(items) + more


def one_doc(rows: list[dict[str, Any]]) -> str | None:
    """The document all rows come from (None when several or none)."""
    docs = {r.get("doc", r.get("doc_id")) for r in rows}
    return docs.pop() if len(docs) == 1 else None


def _count_result(n: int, what: str, rows: list[dict[str, Any]]) -> Result:
    return Result(f"{what}{n}项。" if "项" not in what else f"{what}{n}。", "value",
                  [{"kind": "value", "key": n, "label": f"{n}", "doc": one_doc(rows)}], rows)


# ------------------------------------------------------------------ executors: tasks of units

def _tasks_of(ctx: Ctx, iri: str, role: str | None) -> list[dict[str, Any]]:
    return ctx.run("tasks_of_unit", {"unit": IRI(iri), "role": role}, ctx.doc_binding())


def _resolve_units(ctx: Ctx) -> tuple[list[str], list[str], Result | None]:
    """The IRIs and display names of the units the question names, or the early answer (a question
    back, "none")."""
    iris = []
    for m in ctx.intent.units:
        iri, early = resolve_mention(ctx, m)
        if early:
            return [], [], early
        iris.append(iri)
    return iris, [ctx.linker.unit_label(iri, ctx.linked.docs) for iri in iris], None


def unit_tasks(ctx: Ctx) -> Result:
    it = ctx.intent
    iris, names, early = _resolve_units(ctx)
    if early:
        return early
    tasks: dict[str, dict] = {}
    for iri in iris:
        for r in _tasks_of(ctx, iri, it.role):
            e = tasks.setdefault(r["task"], {"role": r["role"], "via": None})
            if r.get("via"):
                e["via"] = ctx.linker.unit_label(r["via"], ctx.linked.docs)
    rows = _task_rows(ctx, list(tasks), tasks)
    who = "、".join(names)
    verb = ROLE_WORD[it.role]
    if it.count:
        return _count_result(len(rows), f"{who}{verb}的任务共", rows)
    if not rows:
        return Result(f"没有找到{who}{verb}的任务。", "task", [], [])
    vias = sorted({r["via"] for r in rows if r.get("via")})
    via = f"(含{'、'.join(vias)}的任务)" if vias else ""
    return Result(f"{who}{verb}{len(rows)}项任务{via}:{_list_tasks(rows)}。", "task", _task_answers(rows), rows)


def shared_tasks(ctx: Ctx) -> Result:
    it = ctx.intent
    iris, names, early = _resolve_units(ctx)
    if early:
        return early
    rows0 = ctx.run("tasks_shared_by_units", {"unit_a": IRI(iris[0]), "unit_b": IRI(iris[1])}, ctx.doc_binding())
    common = {r["task"] for r in rows0}
    for iri in iris[2:]:
        common &= {r["task"] for r in _tasks_of(ctx, iri, None)}
    if it.role:
        for iri in iris:
            common &= {r["task"] for r in _tasks_of(ctx, iri, it.role)}
    rows = _task_rows(ctx, sorted(common))
    who = "和".join(names)
    if it.count:
        return _count_result(len(rows), f"{who}共同{ROLE_WORD[it.role]}的任务共", rows)
    if not rows:
        return Result(f"没有{who}共同{ROLE_WORD[it.role]}的任务。", "task", [], [])
    return Result(f"{who}共同{ROLE_WORD[it.role]}{len(rows)}项任务:{_list_tasks(rows)}。", "task",
                  _task_answers(rows), rows)


def person_tasks(ctx: Ctx) -> Result:
    it = ctx.intent
    iri, early = resolve_mention(ctx, it.person)
    if early:
        return early
    raw = ctx.run("tasks_of_person_unit", {"person": IRI(iri)}, ctx.doc_binding())
    if it.role:
        raw = [r for r in raw if r["role"] == it.role]
    units = sorted({ctx.linker.unit_label(r["unit"], ctx.linked.docs) for r in raw})
    name = ctx.linker.people[iri].name
    rows = _task_rows(ctx, [r["task"] for r in raw], {r["task"]: {"role": r["role"]} for r in raw})
    where = f"所在单位({'、'.join(units)})" if units else "所在单位"
    if it.count:
        return _count_result(len(rows), f"{name}{where}{ROLE_WORD[it.role]}的任务共", rows)
    if not rows:
        return Result(f"没有找到{name}所在单位{ROLE_WORD[it.role]}的任务。", "task", [], [])
    return Result(f"{name}{where}{ROLE_WORD[it.role]}{len(rows)}项任务:{_list_tasks(rows)}。", "task",
                  _task_answers(rows), rows)


def unknown_unit(ctx: Ctx) -> Result:
    name = ctx.intent.unknown
    if ctx.intent.count:
        return Result(f"图谱中没有“{name}”,它负责的任务为0项。", "value",
                      [{"kind": "value", "key": 0, "label": "0", "doc": None}])
    return Result(f"图谱中没有“{name}”这个单位,没有它负责的任务。", "task")


# ------------------------------------------------------------------ executors: tasks by keyword / path

def match_items(linker: Linker, keyword: str | None, path: str | None, docs: set[str] | None,
                ) -> list[ItemInfo]:
    """Tasks a keyword or path points to: headings first, then task texts."""
    items = [i for i in linker.items if docs is None or i.doc_id in docs]
    tasks = [i for i in items if i.kind == "task"]

    def under(section: ItemInfo) -> list[ItemInfo]:
        return [t for t in tasks if t.doc_id == section.doc_id and
                (t.path == section.path or t.path.startswith(section.path + "."))]

    if path:
        exact = [t for t in tasks if t.path == path]
        if exact:
            return exact
        out: list[ItemInfo] = []
        for s in items:
            if s.kind == "section" and s.path == path:
                out += [t for t in under(s) if t not in out]
        return out
    kw = compact(keyword or "")
    if len(kw) < 2:
        return []
    by_heading = [t for t in tasks if t.heading_c and kw in t.heading_c]
    if by_heading:
        return by_heading
    sections = [s for s in items if s.kind == "section" and s.heading_c and kw in s.heading_c]
    out = []
    for s in sections:
        out += [t for t in under(s) if t not in out]
    if out:
        return out
    scored = [(max(dice(kw, t.heading_c), coverage(kw, t.heading_c) - 0.1), t) for t in tasks if t.heading_c]
    best = max((s for s, _ in scored), default=0.0)
    if best >= 0.6:
        return [t for s, t in scored if s >= best - 1e-9]
    in_text = [t for t in tasks if kw in t.text_c]
    if in_text:
        return in_text
    scored = [(coverage(kw, t.text_c), t) for t in tasks if t.text_c]
    best = max((s for s, _ in scored), default=0.0)
    return [t for s, t in scored if s >= 0.75 and s >= best - 1e-9]


def task_units(ctx: Ctx) -> Result:
    it = ctx.intent
    items = match_items(ctx.linker, it.keyword, it.path, ctx.linked.docs)
    what = f"“{it.keyword}”" if it.keyword else f"{it.path}"
    if not items:
        return Result(f"没有找到与{what}对应的任务。", "value" if it.count else "unit")
    raw = ctx.run("units_of_task", None, {"task": [IRI(i.iri) for i in items]})
    if it.role:
        raw = [r for r in raw if r["role"] == it.role]
    rows = _task_rows(ctx, [i.iri for i in items])
    answers, seen = [], set()
    for r in sorted(raw, key=lambda r: (r["doc_id"], path_key(r["path"]), r.get("start") or 0)):
        key = (r["written"], r["doc_id"])
        if key in seen:
            continue
        seen.add(key)
        answers.append({"kind": "unit", "key": r["written"], "label": ROLE_ZH.get(r["role"], r["role"]),
                        "doc": r["doc_id"]})
    tasks = _list_tasks(rows)
    role = {"lead": "牵头单位", "cooperate": "配合单位"}.get(it.role, "责任单位")
    if it.count:
        n = len({a["key"] for a in answers})
        return Result(f"{what}({tasks})的{role}共{n}个。", "value",
                      [{"kind": "value", "key": n, "label": f"{n}", "doc": one_doc(rows)}], rows)
    if not answers:
        return Result(f"{what}({tasks})没有写明{role}。", "unit", [], rows)
    names = "、".join(dict.fromkeys(a["key"] for a in answers))
    return Result(f"{what}({tasks})的{role}是:{names}。", "unit", answers, rows)


def tasks_mentioning(ctx: Ctx) -> Result:
    kw = ctx.intent.keyword or ""
    raw = ctx.run("tasks_by_keyword", {"keyword": kw}, ctx.doc_binding())
    rows = _task_rows(ctx, [r["task"] for r in raw])
    if not rows:
        return Result(f"没有任务提到“{kw}”。", "task")
    return Result(f"提到“{kw}”的任务有{len(rows)}项:{_list_tasks(rows)}。", "task", _task_answers(rows), rows)


def section_overview(ctx: Ctx) -> Result:
    path = ctx.intent.path or ""
    raw = ctx.run("ask_section_tasks", {"section_path": path}, ctx.doc_binding())
    rows = _task_rows(ctx, [r["task"] for r in raw])
    sections = [i for i in ctx.linker.items if i.kind == "section" and i.path == path and
                (ctx.linked.docs is None or i.doc_id in ctx.linked.docs)]
    first = rows[0]["start"] if rows and rows[0].get("start") is not None else None
    enclosing = [s for s in sections if first is not None and s.start is not None and s.end is not None
                 and s.start <= first <= s.end]
    heading = (enclosing or sections)[0].heading if (enclosing or sections) else ""
    title = f"{path} {heading}".strip()
    if not rows:
        return Result(f"{title}下没有列出责任单位的任务。", "task")
    return Result(f"{title}包括{len(rows)}项任务:{_list_tasks(rows)}。", "task", _task_answers(rows), rows)


def unit_ranking(ctx: Ctx) -> Result:
    it = ctx.intent
    raw = ctx.run("ask_unit_ranking", {"role": it.role}, ctx.doc_binding())
    tasks: dict[str, set[str]] = {}
    written: dict[str, dict[str, int]] = {}
    docs: dict[str, set[str]] = {}
    for r in raw:
        tasks.setdefault(r["unit"], set()).add(r["task"])
        w = written.setdefault(r["unit"], {})
        w[r["written"]] = w.get(r["written"], 0) + 1
        docs.setdefault(r["unit"], set()).add(r["doc_id"])
    if not tasks:
        return Result(f"没有单位{ROLE_WORD[it.role]}的任务。", "unit")
    ranked = sorted(tasks, key=lambda u: (-len(tasks[u]), u))
    least = "最少" in ctx.linked.text
    if least:
        ranked = sorted(tasks, key=lambda u: (len(tasks[u]), u))
    cut = len(tasks[ranked[min(it.top, len(ranked)) - 1]])
    chosen = [u for u in ranked if (len(tasks[u]) >= cut if not least else len(tasks[u]) <= cut)]
    answers, rows = [], []
    for u in chosen:
        name = sorted(written[u].items(), key=lambda kv: (-kv[1], len(kv[0]), kv[0]))[0][0]
        d = sorted(docs[u])
        answers.append({"kind": "unit", "key": name, "label": f"{len(tasks[u])}项", "doc": d[0] if len(d) == 1 else None})
        rows.append({"unit": name, "tasks": len(tasks[u]), "docs": d})
    verb = ROLE_WORD[it.role]
    names = "、".join(f"{a['key']}({a['label']})" for a in answers)
    return Result(f"{verb}任务{'最少' if least else '最多'}的单位是{names}。", "unit", answers, rows)


#: Executors of the intents about tasks (:mod:`kg.ask.people` and :mod:`kg.ask.targets` add theirs).
EXECUTORS: dict[str, Callable[[Ctx], Result]] = {
    "unit_tasks": unit_tasks, "shared_tasks": shared_tasks, "person_tasks": person_tasks,
    "unknown_unit": unknown_unit, "task_units": task_units, "tasks_mentioning": tasks_mentioning,
    "section_overview": section_overview, "unit_ranking": unit_ranking,
}


def execute(ctx: Ctx) -> Result:
    """Run the intent's executor (registered in :data:`EXECUTORS`: the ones above, and those of
    :mod:`kg.ask.people` and :mod:`kg.ask.targets`, which ``kg/ask/__init__.py`` imports)."""
    return EXECUTORS[ctx.intent.name](ctx)
