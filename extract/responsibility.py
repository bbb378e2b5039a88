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

from extract.labels import ROLE_CUE, find_labels, label_at, read_label, role_words_at_end
from extract.model import UnitMention
from extract.numbering import match_marker
from extract.rules import BY_WORD, NOT_IN_UNIT_NAMES, COLLECTIVE_PREFIXES, DEADLINE_LABELS, FIRST_LISTED_LEAD, LABEL_BRACKETS, \
    UNIT_SUFFIXES
from extract.unitnames import CLOSE, OPEN, is_catch_all, looks_like_unit, plausible_listed_name, split_top, \
    split_units

_ROLE_AFTER = re.compile(r"[(（](?P<w>[\u4e00-\u9fa5]{2,6})[)）]?$")  # 市发展改革委(牵头)
_DEADLINE_RX = re.compile(r"^\s*(?:" + "|".join(map(re.escape, DEADLINE_LABELS)) + r")\s*[:：]\s*(?P<d>.+?)\s*$")
_NOTE_RX = re.compile(FIRST_LISTED_LEAD)
_CARRIED_RX = re.compile(r"均(?:需要|需|由|涉及|要|应|须)(?P<u>.+?)(?:负责落实|组织实施|落实|负责|承担|参与)?\s*$")
_NOT_AGAIN = re.compile(r"不再(?:一一)?(?:列出|列举|做分工|作分工|分工|重复)|下同")
# A time phrase standing as a marker's clause: 2024年底前完成, 2025年6月30日前, 长期坚持, 持续推进
_TIME_SEG = re.compile(r"(?:(?=\D*\d)(?:\d{4}\s*年)?(?:\d{1,2}\s*月)?(?:\d{1,2}\s*日)?(?:底|末|年底|年末|上半年|下半年|中旬|上旬|下旬)?"
                       r"(?:前|以前|之前)?(?:完成|启动|建成|落实|见效|实施)?(?:并长期坚持)?"
                       r"|长期坚持|持续推进|持续实施|长期推进|常态化推进|长期)")
_JOINT = re.compile(r"(?<=[\u4e00-\u9fa5])会同(?!县)")  # A会同B负责: A and B


def _unit_label(seg: str):
    """A units label opening ``seg`` (责任单位: 牵头责任单位: 协同 单位:) → (label, end)."""
    got = label_at(seg)
    return got if got and got[0].kind == "unit" else None


def _person_label(seg: str):
    """A person label opening ``seg`` (牵头领导: 牵头负责领导: 责任人:) → (label, end)."""
    got = label_at(seg)
    return got if got and got[0].kind == "person" else None


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
    guessed: int = 0  # names kept only because a label lists them (上城资本)


def _verb_at_end(seg: str) -> tuple[str | None, int]:
    """Role of a role word ending ``seg`` ("B、C配合" → cooperate) and where it starts."""
    return role_words_at_end(seg)


def parse_assignment(content: str, base: int, note_active: bool, bare_ok: bool = False) -> Assignment | None:
    """Parse the inside of a marker; None when it is not an assignment of units.

    ``bare_ok``: a list of units with no role word counts (under a 列第一位者为牵头单位
    note, a marker may be just the units)."""
    if not bare_ok and not ROLE_CUE.search(re.sub(r"\s+", "", content)) and not _NOT_AGAIN.search(content):
        return None
    units: list[tuple[UnitMention, bool]] = []  # (unit, role stated by a lead/cooperate word)
    people: list[tuple[str, str]] = []  # (label, name) of people named in the marker
    deadline = None
    note = False
    carried: list[UnitMention] = []
    saw_role = False
    bad = 0
    unsure: list[UnitMention] = []  # names a label lists that do not look like units (上城资本)
    first_is_catch_all = False  # 各有关部门和单位,A按职责分工负责: the first listed is no unit
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
            dm = _DEADLINE_RX.match(seg)
            if dm:  # 责任单位:A、B,完成时间:2009年5月底前
                deadline = dm.group("d").strip(" 。")
                continue
            if _TIME_SEG.fullmatch(seg.strip(" 。.")):  # (A负责,2024年底前完成) / (A牵头,长期坚持)
                deadline = seg.strip(" 。.")
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
            pl = _person_label(seg)
            if pl:  # 牵头领导:张三 names a person, not a unit (also 张三(副区长)、李四 / 张三 副区长)
                for piece in re.split(r"[、/]", seg[pl[1]:]):
                    piece = re.sub(r"[(（][^()（）]*[)）]", "", piece).strip(" \t\u3000。.;；")
                    who, first = re.sub(r"\s+", "", piece), piece.split()[0] if piece.split() else ""
                    who = who if len(who) <= 4 else first
                    if re.fullmatch(r"[\u4e00-\u9fa5]{2,4}", who):
                        people.append((pl[0].text, who))
                continue
            lm = _unit_label(seg)
            if lm:
                flush(group_role, explicit)
                group_role = lm[0].role
                explicit = group_role in ("lead", "cooperate")
                seg_base += lm[1]
                seg = seg[lm[1]:]
                saw_role = True
            labelled = group_role is not None
            seg = _JOINT.sub("、、", seg)  # same length: spans stay right
            role, cut = _verb_at_end(seg)
            for name, a, b in split_units(seg[:cut], seg_base):
                rm = _ROLE_AFTER.search(name)
                rm_role = read_label(rm.group("w")).role if rm and read_label(rm.group("w")) else None
                if rm_role:  # 市发展改革委(牵头)
                    name, b = name[:rm.start()].rstrip(), a + len(name[:rm.start()].rstrip())
                if is_catch_all(name):
                    first_is_catch_all = first_is_catch_all or not (units or group)
                    continue
                if not looks_like_unit(name):
                    if labelled and plausible_listed_name(name):
                        unsure.append(UnitMention(name, group_role, a, b))
                        group.append((name, a, b))
                        continue
                    bad += 1
                    continue
                if rm_role:
                    flush(group_role, explicit)
                    group.append((name, a, b))
                    flush(rm_role, True)
                    continue
                group.append((name, a, b))
            if role is not None:
                saw_role = True
                flush(role, role in ("lead", "cooperate"))
                group_role, explicit = None, False
        flush(group_role, explicit)
    if bad or not units and not carried and not people or not saw_role and not bare_ok and not people:
        return None
    if unsure and len(unsure) == len(units):  # a label before prose, not before a list of units
        return None
    if note_active or note:
        _apply_first_listed(units, first_is_catch_all)
    return Assignment([u for u, _ in units], base, base + len(content), deadline, note, carried, people,
                      len(unsure))


_DEADLINE_INSIDE = re.compile(r"\s+(?=(?:" + "|".join(map(re.escape, sorted(DEADLINE_LABELS, key=len, reverse=True)))
                              + r")\s*[:：])")


def _labels_after_space(text: str) -> list[int]:
    """Where a label set off by spaces starts inside ``text`` (牵头单位：A  配合单位：B)."""
    cuts = [m.end() for m in _DEADLINE_INSIDE.finditer(text)]
    cuts += [lab.start for lab, _ in find_labels(text) if lab.start > 0 and text[lab.start - 1].isspace()]
    return sorted(set(cuts))


def _clauses(content: str) -> list[tuple[int, int]]:
    """Clauses of a marker: split at ；。 and where a label follows spaces (牵头单位：A  配合单位：B)."""
    out = []
    for a, b in split_top(content, "；;。"):
        cuts = [a] + [a + c for c in _labels_after_space(content[a:b])] + [b]
        out += [(x, y) for x, y in zip(cuts, cuts[1:])]
    return out


def _apply_first_listed(units: list[tuple[UnitMention, bool]], first_dropped: bool = False) -> None:
    """Under a 列第一位者为牵头单位 note: first listed leads, the others cooperate,
    unless a role word says otherwise. ``first_dropped``: the first listed was a catch-all
    (各有关部门和单位), so every unit kept is listed after it and cooperates."""
    implicit = [u for u, explicit in units if not explicit]
    for i, u in enumerate(implicit):
        u.role = "lead" if i == 0 and not first_dropped else "cooperate"


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


_LABEL_START = re.compile(r"(?m)^[ \t\u3000]*|(?<=[。；;.])[ \t\u3000]*(?=\S)|(?:[ \u3000]{2,}|\t)(?=\S)")


def _label_starts(norm: str) -> list[tuple[int, bool]]:
    """Where a label may start: at a line's start, or past a full stop or a run of
    spaces inside a line ("（一）推进老旧小区改造  责任单位：…"; inline: True)."""
    out = []
    for m in _LABEL_START.finditer(norm):
        at = m.end()
        if at < len(norm) and not norm[at].isspace():
            out.append((at, m.start() > 0 and norm[m.start() - 1] != "\n"))
    return out


def _label_sentences(s: str) -> str:
    """The labelled sentences opening ``s``: up to a full stop that prose, not another label
    or a deadline, follows ("责任单位:A。3、完成…" → "责任单位:A。")."""
    for m in re.finditer(r"[。；;]", s):
        rest = s[m.end():].lstrip()
        if rest and not label_at(rest) and not _DEADLINE_RX.match(rest):
            return s[:m.end()]
    return s


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


_BY_START = re.compile(r"(?:^|[。；;，,:：\n])[ \t\u3000]*(?:具体|均|统一|分别)?(?P<by>" + BY_WORD + ")")


def _by_clause(norm: str) -> int | None:
    """Where a 由…牵头 / 由…负责 / 由…牵头实施 / 由A牵头,B配合 clause that ends the item's
    text starts (at a clause start in its last sentence); None when there is none."""
    body = norm.rstrip().rstrip("。.；;")
    last = max(body.rfind(c) for c in "。；;\n")
    starts = [m.start("by") for m in _BY_START.finditer(body) if m.start("by") > last]
    return starts[0] if starts else None


_BRACKETED = re.compile("|".join(re.escape(o) + r"(?P<l%d>[^\n%s]{2,14})" % (i, re.escape(o + c)) + re.escape(c)
                                 for i, (o, c) in enumerate(LABEL_BRACKETS)))


def _unbracket_labels(norm: str) -> str:
    """【牵头单位】A → " 牵头单位：A" (same length, so spans stay right): a label in
    brackets is a label before a colon."""
    def sub(m: re.Match) -> str:
        inner = next(g for g in m.groups() if g is not None)
        label = read_label(inner)
        return " " + inner + "：" if label and (label.kind == "unit" or label.role) else m.group()
    return _BRACKETED.sub(sub, norm) if any(o in norm for o, _ in LABEL_BRACKETS) else norm


def find_assignments(norm: str, base: int, note_active: bool, prose: bool = True) -> list[Assignment]:
    """Every marker in an item's own text (width-folded), in order. ``prose``: also a
    由…负责 clause ending the item (not in a 解读, which restates the plan in prose)."""
    norm = _unbracket_labels(norm)
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
    first_line = norm.find("\n")
    ends = [len(norm)] + ([first_line] if 0 < first_line < len(norm.rstrip()) else [])
    for end in ends if prose else []:  # the item's text, and its heading line
        by = _by_clause(norm[:end])
        if by is not None and not any(x.start <= base + by < x.end for x in found):
            asg = parse_assignment(norm[by:end].rstrip().rstrip("。.；;"), base + by, note)
            if asg:
                found.append(asg)
    # label lines: 牵头单位:X / 责任单位:Y / 部门分工:X牵头,Y配合 / 完成时限:…, also after the
    # item's text on the same line ("…执法检查。  责任单位：区司法局"), and labels wrapped
    # over two lines (责任\n单位：A)
    covered = 0
    other_item = -1  # a numbered item begun mid-line ("…前。3、完成…"): its labels are its own
    for start, inline in _label_starts(norm):
        if start < covered:
            continue
        if inline and match_marker(norm[start:start + 12]):
            other_item = norm.find("\n", start) % (len(norm) + 1)
        if inline and start < other_item:
            continue
        got = label_at(norm, start)
        if got is None:
            continue
        lab, after = got
        if inline and not (lab.role is not None and not _in_brackets(norm, start)):
            continue
        if not inline and not (lab.kind == "unit" or lab.role is not None):
            continue
        eol = norm.find("\n", after)
        content = _label_sentences(norm[start:len(norm) if eol < 0 else eol])
        asg = _parse_flat(content, base + start, note, False)
        if (asg is None or asg.guessed) and eol >= 0 and content == norm[start:eol]:
            nxt = norm.find("\n", eol + 1)  # a list wrapped onto the next line (a PDF's text layer)
            nxt = len(norm) if nxt < 0 else nxt
            line = norm[eol + 1:nxt].strip()
            if line and not label_at(line) and not match_marker(line) and not _DEADLINE_RX.match(line):
                joined = _parse_flat(_label_sentences(norm[start:nxt]), base + start, note, False)
                if joined is not None and not joined.guessed:
                    content, asg = _label_sentences(norm[start:nxt]), joined
        if asg:
            covered = start + len(content)
            note = note or asg.first_listed_note
            found.append(asg)
    if prose:  # a line of its own after the heading that is only units and role words (A牵头，B、C具体落实。)
        for m in re.finditer(r"[^\n]+", norm[first_line + 1:] if first_line > 0 else ""):
            a = first_line + 1 + m.start() + len(m.group()) - len(m.group().lstrip())
            line = norm[a:first_line + 1 + m.end()].rstrip().rstrip("。.；;")
            if not line or any(x.start <= base + a < x.end or base + a <= x.start < base + a + len(line)
                               for x in found):
                continue
            asg = parse_assignment(line, base + a, note) if _only_units_and_roles(line) else None
            if asg and asg.units and not asg.guessed:
                found.append(asg)
        found.extend(_closing_sentences(norm, base, note, found))
    found.sort(key=lambda x: x.start)
    return found


def _closing_sentences(norm: str, base: int, note: bool, found: list[Assignment]) -> list[Assignment]:
    """The sentence (or the clause after its last comma) that ends a line of the item's text when it is only
    units and role words: "…达到45%以上。市卫健委负责。", "…，市医保局负责。", "…。A牵头，B、C参与。"."""
    out: list[Assignment] = []
    for m in re.finditer(r"[^\n]+", norm):
        line = m.group().rstrip()
        body = line.rstrip("。.；;")
        if len(body) == len(line) or not body:  # a line that ends no sentence is no closing marker
            continue
        cut = max(body.rfind(c) for c in "。；;")
        for start in (cut + 1, max(cut + 1, max(body.rfind(c) for c in "，,") + 1)):
            a = m.start() + start + len(body[start:]) - len(body[start:].lstrip())
            text = norm[a:m.start() + len(body)]
            if not text or start == 0 or any(x.start <= base + a < x.end or base + a <= x.start < base + a + len(text)
                                              for x in found + out):
                continue
            if not _only_units_and_roles(text):
                continue
            asg = parse_assignment(text, base + a, note)
            if asg and asg.units and not asg.guessed:
                out.append(asg)
                break
    return out


def _only_units_and_roles(text: str) -> bool:
    """Each clause is a list of unit names (each ending in a unit suffix) and then a role word:
    "A负责", "A牵头，B、C参与"; not "A为牵头单位" nor "A落实属地管理责任"."""
    for clause in re.split(r"[，,]", text):
        role, k = _verb_at_end(clause)
        if role is None or clause[k:].endswith(("单位", "部门")):
            return False
        names = [n for n in clause[:k].strip().split("、") if n]  # 和 may stand inside a name (工业和信息化局)
        if not names or not all(n.endswith(UNIT_SUFFIXES) and looks_like_unit(n) and len(n) <= 20
                                and not any(v in n for v in NOT_IN_UNIT_NAMES)
                                and not read_label(n) and not is_catch_all(n) for n in names):
            return False
    return True


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


def _named_unit(name: str) -> bool:
    """A unit named by its kind of body (乡村振兴办, 区财政局), not a collective (各项工作)."""
    return looks_like_unit(name) and name.endswith(UNIT_SUFFIXES) and not name.startswith(COLLECTIVE_PREFIXES)


_PIECES = re.compile(r"[^\s，,。；;、:：()（）|【】〔〕\[\]]+")


def responsibility_cue(text: str) -> str | None:
    r"""What makes a text with no structure we read still a policy document: a unit name
    and a role label (责任 / 科室) or role words after a unit (区财政局牵头). The first
    label or role phrase found, or None when the text has neither.

    >>> responsibility_cue("序号\n重点工作\n责任\n科室\n1\n修路\n乡村振兴办")
    '责任科室'
    >>> responsibility_cue("今年以来,全区经济运行总体平稳。") is None
    True
    """
    compact = re.sub(r"\s+", "", text)
    pieces = _PIECES.findall(text)
    for p in pieces:
        role, cut = role_words_at_end(p)
        if role is not None and cut and _named_unit(p[:cut]):
            return p
    if not any(_named_unit(p) for p in pieces if len(p) <= 30):
        return None
    for m in re.finditer(ROLE_CUE, compact):
        for end in range(min(len(compact), m.start() + 12), m.end(), -1):
            lab = read_label(compact[m.start():end])
            if lab and lab.kind in ("unit", "person") and lab.role is not None and end - m.start() > 2:
                return lab.text
    return None

