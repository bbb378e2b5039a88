"""Executors of the questions about people: group roles, posts, a task's leaders, a unit's members."""
from __future__ import annotations

from typing import Any

from kg.ask.execute import EXECUTORS, Ctx, Result, one_doc, resolve_mention, match_items
from kg.ask.linker import group_named
from kg.store import IRI
from kg.units import normalize, rules

__all__ = ["group_people", "task_people", "post_holders", "unit_group_members", "person_posts"]


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


#: the group role under which the directors of a group's office are answered
OFFICE_DIRECTOR = "办公室主任"


def _directors(ctx: Ctx, many: dict[str, list[Any]], record: bool = True) -> list[dict[str, Any]]:
    rows = ctx.run("ask_office_directors", None, many, record=record)
    return [r | {"group_role": OFFICE_DIRECTOR, "start": None} for r in rows]


def _in_order(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Document, then position (unpositioned first, as SPARQL orders unbound values), then name."""
    return sorted(rows, key=lambda r: (r.get("doc_id") or "", r.get("start") is not None, r.get("start") or 0,
                                       r.get("name") or ""))


def _role_rows(ctx: Ctx, role: str, many: dict[str, list[Any]]) -> list[dict[str, Any]]:
    raw = ctx.run("ask_group_role_people", {"group_role": role}, many)
    if role == OFFICE_DIRECTOR:
        raw = _in_order(raw + _directors(ctx, many))
    if not raw and "领导" in role:  # 分管领导 asked, 分管省领导 written
        loose = ctx.run("ask_group_role_people", None, many, record=False)
        raw = [r for r in loose if "领导" in (r.get("group_role") or "")]
    return raw


def _of_named_group(ctx: Ctx, raw: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The rows of the body the question names (专家咨询组组长, 学前教育领导小组组长), when it names one: a document
    with several bodies answers for that body only."""
    named = ctx.linked.of("group")
    if named:
        return [r for r in raw if any(group_named(m.text, normalize(r.get("group_label") or "")) for m in named)]
    out = []  # no body named: in a document with several, the one its title sets up (…工作专班组建方案), not its 工作组
    for doc in dict.fromkeys(r.get("doc_id") for r in raw):
        rows = [r for r in raw if r.get("doc_id") == doc]
        info = ctx.linker.docs.get(doc)
        title = normalize(info.title) if info else ""
        labels = {normalize(r.get("group_label") or "") for r in rows}
        main = {g for g in labels if g and g in title}
        out += [r for r in rows if normalize(r.get("group_label") or "") in main] if len(labels) > 1 and main else rows
    return out


def group_people(ctx: Ctx) -> Result:
    role = ctx.intent.group_role or ""
    raw = _of_named_group(ctx, _role_rows(ctx, role, ctx.doc_binding()))
    answers, rows = _people_answers(raw)
    if ctx.intent.count:
        n = len(answers)
        return Result(f"{role}共{n}人。", "value", [{"kind": "value", "key": n, "label": f"{n}", "doc": one_doc(rows)}],
                      rows)
    if not answers:
        return Result(f"没有找到{role}。", "person")
    return Result(f"{role}是{_names(answers, rows)}。", "person", answers, rows)


def _names(answers: list[dict], rows: list[dict]) -> str:
    """The names answered; with their group when they come from several groups (two groups' 组长)."""
    groups = [r.get("group_label") or "" for r in rows]
    if len(set(groups)) < 2:
        return "、".join(a["key"] for a in answers)
    return "、".join(f"{a['key']}({g})" if g else a["key"] for a, g in zip(answers, groups))


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
        iri, early = resolve_mention(ctx, it.units[0])
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
    iri, early = resolve_mention(ctx, ctx.intent.units[0])
    if early:
        return early
    raw = ctx.run("ask_unit_group_members", {"unit": IRI(iri)}, ctx.doc_binding())
    if ctx.intent.group_role:
        raw = [r for r in raw if r["group_role"] == ctx.intent.group_role]
    answers, rows = _people_answers(raw)
    name = ctx.linker.unit_label(iri, ctx.linked.docs)
    if not answers:
        return Result(f"没有找到{name}参加小组的人员。", "person")
    listed = "、".join(f"{a['key']}({a['label']})" for a in answers)
    return Result(f"{name}参加小组的有:{listed}。", "person", answers, rows)


def person_posts(ctx: Ctx) -> Result:
    iri, early = resolve_mention(ctx, ctx.intent.person)
    if early:
        return early
    raw = ctx.run("posts_of_person", {"person": IRI(iri)}, ctx.doc_binding())
    name = ctx.linker.people[iri].name
    posts = list(dict.fromkeys(r["post_label"] for r in raw))
    if not posts:
        return Result(f"没有找到{name}的职务。", "post")
    answers = [{"kind": "post", "key": p, "label": p, "doc": None} for p in posts]
    return Result(f"{name}的职务:{'、'.join(posts)}。", "post", answers, raw)



EXECUTORS.update({"group_people": group_people, "task_people": task_people, "post_holders": post_holders,
                  "unit_group_members": unit_group_members, "person_posts": person_posts})
