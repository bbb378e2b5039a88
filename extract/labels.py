"""Role labels and role words, read from their parts.

A role label (牵头责任单位, 协同 单位, 责任\\n科室, 牵头负责领导, 责任单位或牵头单位) is a
compound: role parts, an optional level, a head. Its role comes from its parts, its
kind (units or a person) from its head; spaces and line breaks inside it are ignored.
The marker parser, the label lines and the table reader all classify labels here.

>>> read_label("牵头责任单位")
Label(text='牵头责任单位', role='lead', kind='unit', start=0, end=6)
>>> read_label("协同 责任\\n单位").role
'cooperate'
>>> read_label("牵头负责领导").kind
'person'
>>> read_label("任务内容") is None
True
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from extract.rules.labels import (DIVISION_LABELS, LABEL_AS, GENERIC_ROLE, LABEL_HEADS, LABEL_JOINERS, LABEL_LEVELS,
                                  LABEL_MODIFIERS, LABEL_ROLE_PARTS, PERSON_MODIFIERS, ROLE_MANNERS, PART_PRECEDENCE,
                                  ROLE_VERB_EXTRA)

__all__ = ["Label", "read_label", "label_at", "find_labels", "role_of_parts", "role_words_at_end",
           "ROLE_CUE"]


@dataclass(frozen=True)
class Label:
    """A role label as read: ``text`` without spaces, ``role`` (lead / responsible /
    cooperate, None when the label states none: 分工, 分管领导), ``kind`` ("unit" or
    "person"), and its span in the text it was read from."""

    text: str
    role: str | None
    kind: str
    start: int
    end: int


def _alt(words) -> str:
    return "|".join(map(re.escape, sorted(words, key=len, reverse=True)))


_PART = _alt(list(LABEL_ROLE_PARTS) + list(LABEL_MODIFIERS))
_HEAD = _alt(LABEL_HEADS)
_ALT_HEAD = rf"(?:[(（](?:{_HEAD})[)）]|/(?:{_HEAD}))?"  # 责任单位(部门), 牵头单位/部门
_COMPOUND = rf"(?:{_PART}){{1,5}}(?:[{LABEL_LEVELS}])?(?:{_HEAD}){_ALT_HEAD}"
_BARE = rf"(?:{_PART}){{1,3}}"
_LABEL = re.compile(rf"(?:(?:{_COMPOUND}|{_BARE})(?:{_alt(LABEL_JOINERS)}))*{_COMPOUND}|{_alt(DIVISION_LABELS)}"
                    rf"|(?:{_alt(p for p, r in LABEL_ROLE_PARTS.items() if r != GENERIC_ROLE)})(?:{_PART})?")
_PART_RX = re.compile(_PART)
_ONE = re.compile(rf"(?:{_PART}){{1,5}}(?:[{LABEL_LEVELS}]?(?:{_HEAD}){_ALT_HEAD})?")
_JOIN = re.compile(_alt(LABEL_JOINERS))
_FIRST_CHARS = frozenset(w[0] for w in list(LABEL_ROLE_PARTS) + list(LABEL_MODIFIERS) + list(DIVISION_LABELS))
_HEAD_AT_END = re.compile(rf"(?:[{LABEL_LEVELS}])?(?P<h>{_HEAD}){_ALT_HEAD}$")
_COLON = re.compile(r"\s*[:：]")
_WS = re.compile(r"\s+")


def role_of_parts(parts: list[str]) -> str | None:
    """The role a run of parts gives: a specific part beats the generic 责任/负责
    (牵头责任 → lead, 协同责任 → cooperate); lead beats cooperate; None without a role part."""
    roles = {LABEL_ROLE_PARTS.get(p) or ROLE_VERB_EXTRA.get(p) for p in parts} - {None}
    if not roles:
        return None
    return max(roles, key=PART_PRECEDENCE.get) if roles != {GENERIC_ROLE} else GENERIC_ROLE


def _classify(compact: str) -> tuple[str | None, str] | None:
    """(role, kind) of a label written without spaces; None when it is not one."""
    if compact in DIVISION_LABELS:
        return None, "unit"
    pieces, pos = [], 0
    while pos < len(compact):  # compounds apart by joiners (与 inside 参与 is no joiner)
        m = _ONE.match(compact, pos)
        if not m or not m.group():
            return None
        pieces.append(m.group())
        pos = m.end()
        j = _JOIN.match(compact, pos)
        if pos < len(compact) and not j:
            return None
        pos = j.end() if j else pos
    roles, kinds = set(), set()
    for piece in pieces:
        h = _HEAD_AT_END.search(piece)
        kind = LABEL_HEADS[h.group("h")] if h else "unit"
        stem = piece[:h.start()] if h else piece
        parts = _PART_RX.findall(stem)
        if "".join(parts) != stem or not parts:
            return None
        role = role_of_parts(parts)
        if role is None and not (kind == "person" and any(p in PERSON_MODIFIERS for p in parts)):
            return None  # 组织单位, 主要领导: no role, no post
        if kind == "person" and h and h.group("h") == "人" and role is None:
            return None
        roles.add(role)
        kinds.add(kind)
    if len(kinds) != 1:
        return None
    role = roles.pop() if len(roles) == 1 else GENERIC_ROLE  # 责任单位或牵头单位 commits to no role
    return role, kinds.pop()


def _compact(text: str) -> tuple[str, list[int]]:
    keep = [i for i, ch in enumerate(text) if not ch.isspace()]
    return "".join(text[i] for i in keep), keep


def _make(text: str, keep: list[int], a: int, b: int, base: int) -> Label | None:
    compact = "".join(text[keep[i]] for i in range(a, b))
    got = _classify(compact)
    if got is None:
        return None
    return Label(compact, got[0], got[1], base + keep[a], base + keep[b - 1] + 1)


def read_label(text: str) -> Label | None:
    """The label that ``text`` is, as a whole (a column header, a line's lead-in); spaces
    and line breaks inside and a trailing colon are ignored. None when it is no label.

    >>> read_label("责任单位 或牵头单位").role
    'responsible'
    >>> read_label("协助 单位").role
    'cooperate'
    """
    compact, keep = _compact(text)
    compact = compact.rstrip(":：")
    if not compact:
        return None
    m = _LABEL.fullmatch(compact)
    return _make(text, keep, 0, len(compact), 0) if m else None


def label_at(text: str, pos: int = 0) -> tuple[Label, int] | None:
    """A label starting at ``pos`` (after spaces) and followed by a colon: the label and
    where the text after the colon starts.

    >>> label_at("牵头责任单位:省发展改革委")
    (Label(text='牵头责任单位', role='lead', kind='unit', start=0, end=6), 7)
    """
    start = pos
    while start < len(text) and text[start].isspace():
        start += 1
    if start >= len(text) or text[start] not in _FIRST_CHARS:
        return None
    window = text[start:start + 40]
    compact, keep = _compact(window)
    for end in range(min(len(compact), 24), 0, -1):  # the longest label a colon follows
        if compact[end - 1] in ":：":
            continue
        cm = _COLON.match(window, keep[end - 1] + 1)
        if cm and _LABEL.fullmatch(compact[:end]):
            lab = _make(window, keep, 0, end, start)
            if lab:
                return lab, start + cm.end()
    return None


_ANY_LABEL = re.compile(rf"(?:{_LABEL.pattern})\s*[:：]")


def find_labels(text: str) -> list[tuple[Label, int]]:
    """Every label followed by a colon in ``text`` (spaces inside a label are not looked
    through here), with where its list starts."""
    out = []
    for m in _ANY_LABEL.finditer(text):
        got = label_at(text, m.start())
        if got:
            out.append(got)
    return out


_MANNER = _alt(ROLE_MANNERS)
_VERB_PART = _alt(list(LABEL_ROLE_PARTS) + list(ROLE_VERB_EXTRA))
_ROLE_END = re.compile(rf"(?:{_MANNER})?(?:{_VERB_PART}){{1,4}}$")
ROLE_CUE = re.compile(_VERB_PART)
_AS_LABEL = re.compile(rf"(?:{_alt(LABEL_AS)})(?P<l>[^、，,]{{2,12}})$")


def role_words_at_end(seg: str) -> tuple[str | None, int]:
    """Role words ending a list ("B、C配合落实" → cooperate, "A牵头实施" → lead,
    "A、B按职责分工负责" → responsible, "A为牵头单位" → lead) and where they start; (None, len)
    when none.

    >>> role_words_at_end("区财政局、区发改局配合")
    ('cooperate', 9)
    """
    s = seg.rstrip(" 。.")
    m = _AS_LABEL.search(s)
    if m:  # 区发改局为牵头单位
        label = read_label(m.group("l"))
        if label and label.kind == "unit" and label.role:
            return label.role, m.start()
    m = _ROLE_END.search(s)
    while m and m.start() < len(s):
        words = re.findall(_VERB_PART, re.sub(rf"^(?:{_MANNER})", "", m.group()))
        role = role_of_parts(words)
        if role is not None:
            return role, m.start()
        break
    return None, len(s)
