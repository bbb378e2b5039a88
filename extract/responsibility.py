"""Responsibility markers: which units a task is given to, in which role.

Forms handled: parenthesised markers at the end of an item — ``(责任单位:A、B)``,
``（牵头单位：A；配合单位：B、C）``, ``(A牵头,B、C配合)``, ``(A、B按职责分工负责)`` — in
any bracket; label lines (``牵头单位:A`` on its own line, ``部门分工:A牵头,B配合``);
"列第一位者为牵头单位" notes from where they stand; and carried units
("以下各项任务均需X落实,不再列出").
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from extract.model import UnitMention
from extract.rules import DEADLINE_LABELS, FIRST_LISTED_LEAD, PERSON_LABELS, ROLE_LABELS, ROLE_VERBS
from extract.unitnames import CLOSE, OPEN, is_catch_all, looks_like_unit, split_top, split_units

_LABELS = sorted(ROLE_LABELS, key=len, reverse=True)
_PERSON_RX = re.compile(r"^\s*(?:" + "|".join(map(re.escape, sorted(PERSON_LABELS, key=len, reverse=True)))
                        + r")\s*[:：]")
_ROLE_AFTER = re.compile(r"[(（](?P<w>牵头|配合|协办|参与|主责|负责)(?:单位|部门)?[)）]?$")
_VERBS = sorted(ROLE_VERBS, key=len, reverse=True)
_LABEL_RX = re.compile(r"^\s*(" + "|".join(map(re.escape, _LABELS)) + r")\s*[:：]\s*")
_DEADLINE_RX = re.compile(r"^\s*(?:" + "|".join(map(re.escape, DEADLINE_LABELS)) + r")\s*[:：]\s*(?P<d>.+?)\s*$")
_NOTE_RX = re.compile(FIRST_LISTED_LEAD)
_CARRIED_RX = re.compile(r"均(?:需要|需|由|涉及|要|应|须)(?P<u>.+?)(?:负责落实|组织实施|落实|负责|承担|参与)?\s*$")
_NOT_AGAIN = re.compile(r"不再(?:一一)?(?:列出|列举|做分工|作分工|分工|重复)|下同")
_CUE_RX = re.compile("|".join(map(re.escape, _LABELS + _VERBS)))


@dataclass
class Assignment:
    """Units found in one marker, with the marker's span and any notes it carries."""

    units: list[UnitMention]
    start: int
    end: int
    deadline: str | None = None
    first_listed_note: bool = False
    carried: list[UnitMention] = field(default_factory=list)
    people: list[tuple[str, str]] = field(default_factory=list)  # (label, name): 牵头领导:张三


def _verb_at_end(seg: str) -> tuple[str | None, int]:
    """Role of a role word ending ``seg`` ("B、C配合" → cooperate) and where it starts."""
    s = seg.rstrip(" 。.")
    for v in _VERBS:
        if s.endswith(v):
            return ROLE_VERBS[v], len(s) - len(v)
    return None, len(s)


def parse_assignment(content: str, base: int, note_active: bool, bare_ok: bool = False) -> Assignment | None:
    """Parse the inside of a marker; None when it is not an assignment of units.

    ``bare_ok``: a list of units with no role word counts (under a 列第一位者为牵头单位
    note, a marker may be just the units)."""
    if not bare_ok and not _CUE_RX.search(content) and not _NOT_AGAIN.search(content):
        return None
    units: list[tuple[UnitMention, bool]] = []  # (unit, role stated by a lead/cooperate word)
    people: list[tuple[str, str]] = []  # (label, name) of people named in the marker
    deadline = None
    note = False
    carried: list[UnitMention] = []
    saw_role = False
    bad = 0
    for c_start, c_end in _clauses(content):
        clause = content[c_start:c_end]
        if not clause.strip():
            continue
        m = _DEADLINE_RX.match(clause)
        if m:
            deadline = m.group("d").strip()
            continue
        not_again = bool(_NOT_AGAIN.search(clause))
        group: list[tuple[str, int, int]] = []
        group_role: str | None = None
        explicit = False

        def flush(role: str | None, is_explicit: bool) -> None:
            nonlocal group
            for name, a, b in group:
                units.append((UnitMention(name, role or "responsible", a, b), is_explicit))
            group = []

        for s_start, s_end in split_top(clause, ",，"):
            seg = clause[s_start:s_end]
            seg_base = base + c_start + s_start
            if not seg.strip():
                continue
            if _NOTE_RX.search(seg):
                note = True
                continue
            if _NOT_AGAIN.fullmatch(seg.strip()):
                continue
            cm = _CARRIED_RX.search(seg) if not_again else None
            if cm:
                for name, a, b in split_units(cm.group("u"), seg_base + cm.start("u")):
                    if not is_catch_all(name):
                        carried.append(UnitMention(name, "responsible", a, b))
                saw_role = True
                continue
            pm = _PERSON_RX.match(seg)
            if pm:  # 牵头领导:张三 names a person, not a unit
                who = re.sub(r"\s+", "", seg[pm.end():])
                if re.fullmatch(r"[\u4e00-\u9fa5]{2,4}", who):
                    people.append((re.sub(r"\s+", "", seg[:pm.end()]).rstrip(":："), who))
                continue
            lm = _LABEL_RX.match(seg)
            if lm:
                flush(group_role, explicit)
                group_role = ROLE_LABELS[lm.group(1)]
                explicit = group_role in ("lead", "cooperate")
                seg_base += lm.end()
                seg = seg[lm.end():]
                saw_role = True
            role, cut = _verb_at_end(seg)
            for name, a, b in split_units(seg[:cut], seg_base):
                rm = _ROLE_AFTER.search(name)
                if rm:  # 市发展改革委(牵头)
                    name, b = name[:rm.start()].rstrip(), a + len(name[:rm.start()].rstrip())
                if is_catch_all(name):
                    continue
                if not looks_like_unit(name):
                    bad += 1
                    continue
                if rm:
                    flush(group_role, explicit)
                    group.append((name, a, b))
                    flush(ROLE_VERBS[rm.group("w")] if rm.group("w") in ROLE_VERBS else "responsible", True)
                    continue
                group.append((name, a, b))
            if role is not None:
                saw_role = True
                flush(role, role in ("lead", "cooperate"))
                group_role, explicit = None, False
        flush(group_role, explicit)
    if bad or not units and not carried and not people or not saw_role and not bare_ok and not people:
        return None
    if note_active or note:
        _apply_first_listed(units)
    return Assignment([u for u, _ in units], base, base + len(content), deadline, note, carried, people)


_LABEL_INSIDE = re.compile(r"\s+(?=(?:" + "|".join(map(re.escape, _LABELS + sorted(DEADLINE_LABELS, key=len,
                                                                                       reverse=True)))
                           + r")\s*[:：])")


def _clauses(content: str) -> list[tuple[int, int]]:
    """Clauses of a marker: split at ；。 and where a label follows spaces (牵头单位：A  配合单位：B)."""
    out = []
    for a, b in split_top(content, "；;。"):
        cuts = [a] + [a + m.end() for m in _LABEL_INSIDE.finditer(content[a:b])] + [b]
        out += [(x, y) for x, y in zip(cuts, cuts[1:])]
    return out


def _apply_first_listed(units: list[tuple[UnitMention, bool]]) -> None:
    """Under a 列第一位者为牵头单位 note: first listed leads, the others cooperate,
    unless a role word says otherwise."""
    implicit = [u for u, explicit in units if not explicit]
    for i, u in enumerate(implicit):
        u.role = "lead" if i == 0 else "cooperate"


def bracket_spans(text: str) -> list[tuple[int, int, bool]]:
    """Top-level bracketed spans (start of content, end of content, closed?)."""
    out, depth, start = [], 0, -1
    for i, ch in enumerate(text):
        if ch in OPEN:
            if depth == 0:
                start = i + 1
            depth += 1
        elif ch in CLOSE and depth:
            depth -= 1
            if depth == 0:
                out.append((start, i, True))
    if depth and start >= 0:
        out.append((start, len(text), False))
    return out


_INLINE_LABEL = re.compile(r"[。.;；]\s+(" + "|".join(map(re.escape, [x for x in _LABELS if "单位" in x or "部门" in x]))
                           + r")\s*[:：]")


def _in_brackets(line: str, pos: int) -> bool:
    depth = 0
    for ch in line[:pos]:
        depth += ch in OPEN
        depth -= ch in CLOSE and depth > 0
    return depth > 0


def _parse_flat(content: str, base: int, note: bool, bare_ok: bool) -> Assignment | None:
    """Parse a marker that may wrap over lines (a PDF's text layer): newlines are
    dropped for parsing and spans mapped back to the text."""
    if "\n" not in content:
        return parse_assignment(content, base, note, bare_ok=bare_ok)
    keep = [i for i, ch in enumerate(content) if ch != "\n"]
    asg = parse_assignment("".join(content[i] for i in keep), 0, note, bare_ok=bare_ok)
    if asg is None:
        return None
    for u in asg.units + asg.carried:
        u.start, u.end = base + keep[u.start], base + keep[max(u.end - 1, u.start)] + 1
    asg.start, asg.end = base, base + len(content)
    return asg


def find_deadline(norm: str) -> str | None:
    """A 完成时限:… line in an item's own text."""
    for line in norm.split("\n"):
        m = _DEADLINE_RX.match(line.strip())
        if m:
            return m.group("d").strip(" 。")
    return None


def find_carried(norm: str, base: int) -> list[tuple[int, list[UnitMention]]]:
    """Sentences saying some units take part in every later task, with their position."""
    out = []
    pos = 0
    for sent in re.split(r"(?<=[。；;\n])", norm):
        start, pos = pos, pos + len(sent)
        if "均" not in sent or not _NOT_AGAIN.search(sent):
            continue
        for a, b in split_top(sent, ",，"):
            cm = _CARRIED_RX.search(sent[a:b])
            if cm:
                units = [UnitMention(n, "responsible", s, e)
                         for n, s, e in split_units(cm.group("u"), base + start + a + cm.start("u"))
                         if not is_catch_all(n) and looks_like_unit(n)]
                if units:
                    out.append((base + start, units))
                break
    return out


def find_assignments(norm: str, base: int, note_active: bool) -> list[Assignment]:
    """Every marker in an item's own text (width-folded), in order."""
    found: list[Assignment] = []
    note = note_active
    for a, b, _closed in bracket_spans(norm):
        before = norm[:a - 1].rstrip()
        after = norm[b + 1:].lstrip(" 。.")
        ends_item = before.endswith(("。", ".", "；", ";")) and (after == "" or after.startswith("\n"))
        asg = _parse_flat(norm[a:b], base + a, note, ends_item)
        if asg:
            note = note or asg.first_listed_note
            found.append(asg)
    # label lines: 牵头单位:X / 责任单位:Y / 部门分工:X牵头,Y配合 / 完成时限:…, also after the
    # item's text on the same line, set off by spaces ("…执法检查。  责任单位：区司法局")
    pos = 0
    for line in norm.split("\n"):
        s = line.strip()
        inline = None if _LABEL_RX.match(s) else _INLINE_LABEL.search(line)
        if inline and _in_brackets(line, inline.start(1)):
            inline = None
        if _LABEL_RX.match(s) or inline:
            off = line.find(s) if inline is None else inline.start(1)
            s = line[off:].strip()
            asg = parse_assignment(s, base + pos + off, note)
            if asg:
                note = note or asg.first_listed_note
                found.append(asg)
        pos += len(line) + 1
    found.sort(key=lambda x: x.start)
    return found


def merge_units(units: list[UnitMention]) -> list[UnitMention]:
    """Each unit once, first mention's place, strongest role kept."""
    from extract.rules import ROLE_STRENGTH
    from extract.textnorm import squash

    out: dict[str, UnitMention] = {}
    for u in units:
        k = squash(u.name)
        if k not in out:
            out[k] = UnitMention(u.name, u.role, u.start, u.end)
        elif ROLE_STRENGTH[u.role] > ROLE_STRENGTH[out[k].role]:
            out[k].role = u.role
    return list(out.values())
