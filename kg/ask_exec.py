"""Run an :class:`kg.intents.Intent` against the store: named queries with bound values → answer.

Every query is a named ``.rq`` file (``kg/queries``); entity IRIs, names, keywords and years go
in as bound values (``VALUES``, escaped by :func:`kg.store.term_sparql`), never as query text.
Each executor returns a :class:`Result`: a one-sentence Chinese answer, the answers in the eval
format (kind, key, label, doc), rows with the source text, and the SPARQL that produced them.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Callable

from kg.ask_text import compact, coverage, dice
from kg.intents import Cues, Intent
from kg.linking import ItemInfo, Linked, Linker, Mention
from kg.queries import get_query
from kg.store import IRI, Store, bind_values, term_sparql
from kg.units import normalize, rules

__all__ = ["Ctx", "Result", "execute", "EXECUTORS", "path_key"]

ROLE_WORD = {"lead": "牵头", "cooperate": "配合", None: "负责"}
ROLE_ZH = {"lead": "牵头", "responsible": "负责", "cooperate": "配合"}
COMPARATOR_ZH = {">=": "以上", "<=": "以下", ">": "以上", "<": "以下", "=": "", "≈": "左右", "range": ""}
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
            label = f"{name}({place})"
        else:
            person = ctx.linker.people[iri]
            titles = sorted(ctx.linker.docs[d].title for d in person.docs if d in ctx.linker.docs)
            place = titles[0] if titles else "?"
            q = f"在《{place}》中,{text}"
            label = f"{person.name}({place})"
        out.append({"label": label, "question": q + "?", "iri": iri})
    labels = "、".join(c["label"] for c in out)
    return Result(f"“{m.text}”可能指{len(out)}个不同的{'单位' if m.kind == 'unit' else '人'}:{labels}。请指明是哪一个。",
                  ctx.intent.kind, [], [], out)


def _resolve(ctx: Ctx, m: Mention) -> tuple[str | None, Result | None]:
    """The one IRI of a mention, or a Result (clarify / not in the documents asked about)."""
    if len(m.candidates) > 1:
        return None, _clarify(ctx, m)
    if not m.candidates:
        return None, Result(f"所指的文件中没有“{m.text}”。", ctx.intent.kind)
    return m.candidates[0], None


def _task_rows(ctx: Ctx, tasks: list[str], extra: dict[str, dict] | None = None) -> list[dict[str, Any]]:
    """Rows for tasks: document, path, heading, source text and span, units with roles."""
    if not tasks:
        return []
    raw = ctx.run("ask_task_rows", many={"task": [IRI(t) for t in dict.fromkeys(tasks)]}, record=False)
    rows: dict[str, dict[str, Any]] = {}
    for r in raw:
        row = rows.get(r["task"])
        if row is None:
            row = rows[r["task"]] = {"task": r["task"], "doc": r["doc_id"], "path": r["path"],
                                     "heading": r.get("heading") or "", "source": r.get("text") or "",
                                     "start": r.get("start"), "end": r.get("end"), "units": [], "role": None}
        if r.get("written") and not any(u["name"] == r["written"] and u["role"] == r["role"] for u in row["units"]):
            row["units"].append({"name": r["written"], "role": r["role"]})
    for t, e in (extra or {}).items():
        if t in rows:
            rows[t].update(e)
    return sorted(rows.values(), key=lambda r: (r["doc"], path_key(r["path"]), r["start"] or 0))


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


def _one_doc(rows: list[dict[str, Any]]) -> str | None:
    docs = {r.get("doc") for r in rows}
    return docs.pop() if len(docs) == 1 else None


def _count_result(n: int, what: str, rows: list[dict[str, Any]]) -> Result:
    return Result(f"{what}{n}项。" if "项" not in what else f"{what}{n}。", "value",
                  [{"kind": "value", "key": n, "label": f"{n}", "doc": _one_doc(rows)}], rows)


# ------------------------------------------------------------------ executors: tasks of units

def _tasks_of(ctx: Ctx, iri: str, role: str | None) -> list[dict[str, Any]]:
    return ctx.run("tasks_of_unit", {"unit": IRI(iri), "role": role}, ctx.doc_binding())


def unit_tasks(ctx: Ctx) -> Result:
    it = ctx.intent
    iris, names = [], []
    for m in it.units:
        iri, early = _resolve(ctx, m)
        if early:
            return early
        iris.append(iri)
        names.append(ctx.linker.unit_label(iri, ctx.linked.docs))
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
    iris, names = [], []
    for m in it.units:
        iri, early = _resolve(ctx, m)
        if early:
            return early
        iris.append(iri)
        names.append(ctx.linker.unit_label(iri, ctx.linked.docs))
    common: set[str] | None = None
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
    iri, early = _resolve(ctx, it.person)
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
                      [{"kind": "value", "key": n, "label": f"{n}", "doc": _one_doc(rows)}], rows)
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


# ------------------------------------------------------------------ executors: people

def _people_answers(raw: list[dict[str, Any]]) -> tuple[list[dict], list[dict]]:
    answers, rows, seen = [], [], set()
    for r in raw:
        if r["person"] in seen:
            continue
        seen.add(r["person"])
        answers.append({"kind": "person", "key": r["name"], "label": r.get("group_role") or r.get("post_label") or "",
                        "doc": r.get("doc_id")})
        rows.append({k: v for k, v in r.items() if k != "person"} | {"person": r["person"]})
    return answers, rows


def _role_rows(ctx: Ctx, role: str, many: dict[str, list[Any]]) -> list[dict[str, Any]]:
    raw = ctx.run("ask_group_role_people", {"group_role": role}, many)
    if not raw and "领导" in role:  # 分管领导 asked, 分管省领导 written
        loose = ctx.run("ask_group_role_people", None, many, record=False)
        raw = [r for r in loose if "领导" in (r.get("group_role") or "")]
    return raw


def group_people(ctx: Ctx) -> Result:
    role = ctx.intent.group_role or ""
    raw = _role_rows(ctx, role, ctx.doc_binding())
    answers, rows = _people_answers(raw)
    if ctx.intent.count:
        n = len(answers)
        return Result(f"{role}共{n}人。", "value", [{"kind": "value", "key": n, "label": f"{n}", "doc": _one_doc(rows)}],
                      rows)
    if not answers:
        return Result(f"没有找到{role}。", "person")
    return Result(f"{role}是{'、'.join(a['key'] for a in answers)}。", "person", answers, rows)


def task_people(ctx: Ctx) -> Result:
    it = ctx.intent
    items = match_items(ctx.linker, it.keyword, it.path, ctx.linked.docs)
    if not items:
        return group_people(ctx)
    raw = ctx.run("ask_task_people", None, {"task": [IRI(i.iri) for i in items]})
    role = it.group_role or ""
    exact = [r for r in raw if r["group_role"] == role]
    if not exact and "领导" in role:
        exact = [r for r in raw if "领导" in r["group_role"]]
    answers, rows = _people_answers(exact)
    what = f"“{it.keyword}”" if it.keyword else it.path
    if not answers:
        return Result(f"没有找到{what}的{role}。", "person", [], rows)
    return Result(f"{what}的{role}是{'、'.join(a['key'] for a in answers)}。", "person", answers, rows)


def _title_core(title: str, names: set[str]) -> str:
    t = normalize(title)
    for n in sorted(names, key=len, reverse=True):
        if t.startswith(n) and len(t) > len(n):
            t = t[len(n):]
            break
    for pre in rules().post_party_prefixes:
        if t.startswith(pre) and len(t) > len(pre):
            return ""  # 党组书记 is not 局长
    return t


def post_holders(ctx: Ctx) -> Result:
    it = ctx.intent
    iri = None
    names: set[str] = set()
    if it.units:
        iri, early = _resolve(ctx, it.units[0])
        if early:
            return early
        u = ctx.linker.units[iri]
        names = set(u.names) | {normalize(u.label)}
        names |= {p + n for n in list(names) for d in u.docs for p in ctx.linker.docs[d].places}
    raw = ctx.run("ask_post_holders", {"unit": IRI(iri) if iri else None}, ctx.doc_binding())
    title = it.title or ""
    hits = [r for r in raw if _title_core(r["title"], names) == title or _title_core(r["post_label"], names) == title]
    answers, rows = _people_answers(hits)
    for a, r in zip(answers, rows):
        a["label"] = r.get("post_label") or title
    who = (ctx.linker.unit_label(iri, ctx.linked.docs) if iri else "") + title
    if not answers:
        return Result(f"没有找到{who}。", "person")
    return Result(f"{who}是{'、'.join(a['key'] for a in answers)}。", "person", answers, rows)


def unit_group_members(ctx: Ctx) -> Result:
    iri, early = _resolve(ctx, ctx.intent.units[0])
    if early:
        return early
    raw = ctx.run("ask_unit_group_members", {"unit": IRI(iri)}, ctx.doc_binding())
    answers, rows = _people_answers(raw)
    name = ctx.linker.unit_label(iri, ctx.linked.docs)
    if not answers:
        return Result(f"没有找到{name}参加领导小组的人员。", "person")
    listed = "、".join(f"{a['key']}({a['label']})" for a in answers)
    return Result(f"{name}参加领导小组的有:{listed}。", "person", answers, rows)


def person_posts(ctx: Ctx) -> Result:
    iri, early = _resolve(ctx, ctx.intent.person)
    if early:
        return early
    raw = ctx.run("posts_of_person", {"person": IRI(iri)}, ctx.doc_binding())
    name = ctx.linker.people[iri].name
    posts = list(dict.fromkeys(r["post_label"] for r in raw))
    if not posts:
        return Result(f"没有找到{name}的职务。", "post")
    answers = [{"kind": "post", "key": p, "label": p, "doc": None} for p in posts]
    return Result(f"{name}的职务:{'、'.join(posts)}。", "post", answers, raw)


# ------------------------------------------------------------------ executors: documents and targets

def _law_like(title: str, endings: tuple[str, ...]) -> bool:
    t = re.sub(r"[((][^()()]*[))]$", "", normalize(title))
    return t.endswith(endings)


def _self_citation(title: str, doc_title: str) -> bool:
    """A document citing itself (关于印发《X》的通知 citing X, or its own draft)."""
    t, d = compact(title), compact(doc_title)
    return bool(t) and (t in d or dice(t, d) >= 0.8)


def _made_by_a_task(linker: Linker, doc_id: str, title: str, verbs: tuple[str, ...]) -> bool:
    """A title a task of the document works on (完善《X》, 修订《X》): not a basis of the document."""
    quoted = f"《{normalize(title)}》"
    for it in linker.items:
        if it.kind != "task" or it.doc_id != doc_id:
            continue
        text = normalize(it.text)
        i = text.find(quoted)
        while i >= 0:
            if any(text[max(0, i - len(v) - 2):i].endswith(v) or text[max(0, i - len(v) - 2):i - 1].endswith(v)
                   for v in verbs):
                return True
            i = text.find(quoted, i + 1)
    return False


def references(ctx: Ctx) -> Result:
    raw = ctx.run("documents_cited", None, ctx.doc_binding())
    raw = [r for r in raw if r["doc_id"] not in ctx.linker.docs
           or not _self_citation(r["title"], ctx.linker.docs[r["doc_id"]].title)]
    if ctx.intent.basis:
        verbs = ctx.cues.words("made_verbs")
        raw = [r for r in raw if not _made_by_a_task(ctx.linker, r["doc_id"], r["title"], verbs)]
    if ctx.intent.law_only:
        raw = [r for r in raw if _law_like(r["title"], ctx.cues.words("law_title_endings"))]
    answers, seen = [], set()
    for r in raw:
        if (r["title"], r["doc_id"]) in seen:
            continue
        seen.add((r["title"], r["doc_id"]))
        answers.append({"kind": "document", "key": r["title"], "label": f"《{r['title']}》", "doc": r["doc_id"]})
    what = "法律法规" if ctx.intent.law_only else "依据的文件" if ctx.intent.basis else "文件"
    if not answers:
        return Result(f"没有找到引用的{what}。", "document")
    listed = "、".join(dict.fromkeys(a["label"] for a in answers))
    return Result(f"{'' if ctx.intent.basis else '引用的'}{what}有{len(set(a['key'] for a in answers))}份:{listed}。",
                  "document", answers, raw)


def _fmt_num(v: Any) -> str:
    if isinstance(v, float) and v.is_integer():
        v = int(v)
    return str(v)


def _target_sentence(r: dict[str, Any]) -> str:
    value = _fmt_num(r["value"])
    if r.get("value_max") is not None:
        value = f"{value}-{_fmt_num(r['value_max'])}"
    year = f"到{r['year']}年," if r.get("year") else ""
    metric = re.sub(r"^\s*\d+[.、．]", "", r["metric"] or "")
    return f"{year}{metric}:{value}{r.get('measure') or ''}{COMPARATOR_ZH.get(r.get('comparator'), '')}"


def _target_answers(raw: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{"kind": "value", "key": r["value"], "label": _target_sentence(r), "doc": r["doc_id"]} for r in raw]


def targets_list(ctx: Ctx) -> Result:
    year = ctx.intent.year
    raw = ctx.run("targets", {"due_year": year}, ctx.doc_binding())
    if not raw:
        return Result(f"没有找到{f'{year}年的' if year else ''}量化目标。", "value")
    listed = ";".join(_target_sentence(r) for r in raw[:MAX_LISTED]) + ("等" if len(raw) > MAX_LISTED else "")
    return Result(f"{f'{year}年' if year else ''}量化目标共{len(raw)}项:{listed}。", "value", _target_answers(raw),
                  raw)


def _value_distance(r: dict[str, Any], kw: str) -> int:
    """How far the value stands after the keyword in the target's text (smaller = closer)."""
    text = normalize(r.get("text") or "")
    value = _fmt_num(r["value"])
    best = 10 ** 6
    anchor = _anchor_end(text, kw)
    for m in re.finditer(re.escape(value), text):
        before = text[m.start() - 1:m.start()] if m.start() else ""
        after = text[m.end():m.end() + 1]
        if before.isdigit() or before == "." or after.isdigit() or (after == "." and text[m.end() + 1:m.end() + 2].isdigit()):
            continue
        d = m.start() - anchor
        best = min(best, d if d >= 0 else 1000 - d)
    return best


_NUMBER = re.compile(r"\d+(?:\.\d+)?")


def _respectively(r: dict[str, Any], kw: str) -> float | None:
    """The value paired with the keyword in "A、B和C…分别…x、y和z" (None when the text is not like that).

    >>> _respectively({"text": "二氧化硫、氮氧化物和挥发性有机物排放总量比2015年分别下降15%、10%和26%"}, "挥发性有机物排放总量")
    26.0
    """
    text = normalize(r.get("text") or "")
    head, sep, tail = text.partition("分别")
    if not sep:
        return None
    tail = re.split(r"[。;,]", tail)[0]
    values = [float(v) for v in _NUMBER.findall(tail)]
    items = [i for i in re.split(r"[、和及与]", head) if compact(i)]
    if len(values) < 2 or len(items) != len(values):
        return None
    scores = [coverage(kw, compact(i)) + coverage(compact(i), kw) for i in items]
    best = max(scores)
    if scores.count(best) != 1 or best == 0:
        return None
    return values[scores.index(best)]


def _anchor_end(text: str, kw: str) -> int:
    """End of the longest piece of the keyword found in the text."""
    for size in range(len(kw), 1, -1):
        for i in range(0, len(kw) - size + 1):
            j = text.find(kw[i:i + size])
            if j >= 0:
                return j + size
    return 0


def target_value(ctx: Ctx) -> Result:
    it = ctx.intent
    raw = ctx.run("targets", None, ctx.doc_binding())
    kw = compact(it.keyword or "")
    if not raw or len(kw) < 2:
        return Result("没有找到相应的量化目标。", "value")
    scored = []
    for r in raw:
        metric = compact(re.sub(r"^\s*\d+[.、．]", "", r["metric"] or ""))
        text = compact(r.get("text") or "")
        s = dice(kw, metric)
        if metric and (metric in kw or kw in metric):
            s = max(s, 0.9 + 0.1 * min(len(metric), len(kw)) / max(len(metric), len(kw)))
        s = max(s, 0.8 * coverage(kw, text))
        scored.append((s, r))
    best = max(s for s, _ in scored)
    if best < 0.5:
        return Result(f"没有找到与“{it.keyword}”对应的量化目标。", "value")
    cands = [r for s, r in scored if s >= best - 0.02]
    if it.year is not None:
        dated = [r for r in cands if r.get("year") == it.year]
        cands = dated or cands
    if len({(r["value"], r["doc_id"]) for r in cands}) > 1:
        picked = [r for r in cands if _respectively(r, kw) == r["value"]]
        cands = picked or cands
    if len({(r["value"], r["doc_id"]) for r in cands}) > 1:
        dist = {id(r): _value_distance(r, kw) for r in cands}
        closest = min(dist.values())
        cands = [r for r in cands if dist[id(r)] == closest]
    if len({(r["value"], r["doc_id"]) for r in cands}) > 1 and it.year is None:
        years = [r.get("year") or 0 for r in cands]
        cands = [r for r in cands if (r.get("year") or 0) == max(years)]
    answers = _target_answers(cands)
    return Result("目标:" + ";".join(_target_sentence(r) for r in cands) + "。", "value", answers, cands)


EXECUTORS: dict[str, Callable[[Ctx], Result]] = {
    "unit_tasks": unit_tasks, "shared_tasks": shared_tasks, "person_tasks": person_tasks,
    "unknown_unit": unknown_unit, "task_units": task_units, "tasks_mentioning": tasks_mentioning,
    "section_overview": section_overview, "unit_ranking": unit_ranking, "group_people": group_people,
    "task_people": task_people, "post_holders": post_holders, "unit_group_members": unit_group_members,
    "person_posts": person_posts, "references": references, "targets_list": targets_list,
    "target_value": target_value,
}


def execute(ctx: Ctx) -> Result:
    """Run the intent's executor."""
    return EXECUTORS[ctx.intent.name](ctx)
