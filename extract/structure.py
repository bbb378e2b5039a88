"""Lines, texts (parts) and the numbered-heading hierarchy of a document."""
from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field

from extract.labels import label_at
from extract.model import Section
from extract.numbering import Marker, match_marker, match_next_arabic
from extract.readers_numbering import chinese_number
from extract.rules import CIRCLED, NUMBERING_RANK, RESTATEMENT_TITLES, TITLE_ENDINGS
from extract.textnorm import fold


@dataclass
class Line:
    """One line of the text: its span, original text and width-folded text."""

    index: int
    start: int
    end: int
    text: str
    norm: str

    @property
    def stripped(self) -> str:
        return self.norm.strip()


@dataclass
class Node:
    """A numbered item: its section record plus where its own text ends."""

    section: Section
    line: int
    style: str
    number: int
    body_end: int = -1  # end of the item's own text (before the next numbered line)
    parent: "Node | None" = None
    children: list["Node"] = field(default_factory=list)


@dataclass
class Part:
    """One text of a file that holds several (notice + plan + 解读)."""

    index: int
    start: int
    end: int
    title: str = ""

    @property
    def restates(self) -> bool:
        """A 解读-like text restates another; its numbers are not new targets."""
        return any(w in self.title for w in RESTATEMENT_TITLES)


_DATE_LINE = re.compile(r"^\s*(?:\d{4}|[一二三四五六七八九〇○零]{4})\s*年\s*[\d一二三四五六七八九十]{1,3}\s*月"
                        r"\s*[\d一二三四五六七八九十]{1,3}\s*日\s*$")
_APPENDIX_LINE = re.compile(r"^\s*附\s*件\s*\d*\s*[:：]?\s*$")
_SENTENCE_END = "。；;!！?？"


def split_lines(text: str, norm: str | None = None) -> list[Line]:
    """Split on newlines keeping each line's span in the text (``norm``: the text
    normalised for matching, same length; width-folded when not given)."""
    norm = fold(text) if norm is None else norm
    lines, pos = [], 0
    for i, raw in enumerate(text.split("\n")):
        lines.append(Line(i, pos, pos + len(raw), raw, norm[pos:pos + len(raw)]))
        pos += len(raw) + 1
    return lines


def looks_like_title(s: str) -> bool:
    """A short line without sentence punctuation ending like a document title."""
    s = s.strip()
    return (4 <= len(s) <= 90 and not any(p in s for p in "。；;") and not s.startswith("《")
            and s.endswith(TITLE_ENDINGS))


def find_parts(lines: list[Line]) -> list[Part]:
    """Split a file into its texts: a date-only signature line or an appendix line
    (附件) ends one; a 解读-like title line starts one."""
    parts: list[Part] = []
    start_line = 0

    def close(end_line: int) -> None:
        nonlocal start_line
        if end_line <= start_line:
            return
        seg = lines[start_line:end_line]
        title = next((ln.stripped for ln in seg if ln.stripped), "")
        parts.append(Part(len(parts), seg[0].start, seg[-1].end, title))
        start_line = end_line

    for i, ln in enumerate(lines):
        s = ln.stripped
        restating = (len(s) <= 80 and not any(p in s for p in "。；;") and s.endswith(RESTATEMENT_TITLES))
        if _APPENDIX_LINE.match(s) or (restating and i > start_line):
            close(i)
        elif _DATE_LINE.match(s):
            close(i + 1)
    close(len(lines))
    return parts or [Part(0, 0, lines[-1].end if lines else 0)]


def _heading(line: Line, marker: Marker) -> tuple[str, int, int]:
    """Heading text of a numbered line (up to the first sentence end), with its span."""
    body = line.norm[marker.end:]
    lead = len(body) - len(body.lstrip())
    body = body[lead:]
    cut = len(body)
    for i, ch in enumerate(body):
        if ch in "。;；:：!！?？":
            cut = i
            break
    head = body[:cut]
    # a trailing responsibility marker in the heading ("强化科技创新(区科技局牵头)"),
    # or a label set off by spaces ("推进老旧小区改造  责任单位")
    m = re.search(r"[(（〔【][^()（）〔〕【】]*(?:牵头|负责|配合|责任单位|责任部门)[^()（）〔〕【】]*[)）〕】]\s*$", head)
    if m:
        head = head[:m.start()]
    m = re.search(r"(?:[ \u3000]{2,}|\t)\S+$", head)
    if m and label_at(head + "：", m.start()):
        head = head[:m.start()]
    head = head.rstrip(" ，,")
    start = line.start + marker.end + lead
    return line.text[marker.end + lead:marker.end + lead + len(head)], start, start + len(head)


def parse_sections(lines: list[Line], parts: list[Part], skip: set[int] | None = None) -> list[Node]:
    """Numbered items with their paths (see :func:`_place` for how styles nest); numbers
    are kept as written (a list that jumps from 二 to 五 keeps 五); each text restarts."""
    skip = skip or set()
    nodes: list[Node] = []
    part_of = _part_index(lines, parts)
    stack: list[Node] = []
    current_part = -1
    for ln in lines:
        if ln.index in skip:
            continue
        if part_of[ln.index] != current_part:
            current_part = part_of[ln.index]
            stack = []
            under: dict[str, set[str]] = {}  # style -> styles it has stood under in this text
        marker = match_marker(ln.norm)
        if marker is None:
            listed = next((n for n in reversed(stack) if n.style == "arabic"), None)
            marker = match_next_arabic(ln.norm, listed.number + 1) if listed else None
        if marker is None:
            continue
        for piece, marker in run_on_items(ln, marker):
            stack = _place(stack, marker, under)
            parent = stack[-1] if stack else None
            path = _path(stack, marker)
            heading, h_start, h_end = _heading(piece, marker)
            sec = Section(path=path, marker=marker.written, heading=heading, level=len(stack) + 1,
                          start=piece.start, end=piece.end, part=current_part)
            node = Node(sec, ln.index, marker.style, marker.number, parent=parent)
            if parent:
                parent.children.append(node)
                under.setdefault(marker.style, set()).add(parent.style)
            stack.append(node)
            nodes.append(node)
    # own text of each item: up to the next numbered line, or the end of its text
    for i, node in enumerate(nodes):
        nxt = nodes[i + 1] if i + 1 < len(nodes) else None
        part_end = parts[node.section.part].end
        node.body_end = min(nxt.section.start - 1, part_end) if nxt and nxt.section.part == node.section.part \
            else part_end
    return nodes


_SENTENCE_END = "。；;"
def _numerals(n: int) -> tuple[str, ...]:
    """How the number n is written in a marker: 12, 十二, ⑫ (a cheap test before matching a marker)."""
    if not 0 < n < 100:
        return (str(n),)
    return (str(n), chinese_number(n)) + ((CIRCLED[n - 1],) if n <= len(CIRCLED) else ())


def run_on_items(ln: Line, marker: Marker) -> list[tuple[Line, Marker]]:
    """A numbered line and the items that run on after it on the same line: after a full stop, a
    marker of the same style numbered one more (…完成时间:5月10日前。3、完成鄂州大道…) starts the next
    item. Each piece is a Line over its own stretch of the line.

    >>> ln = split_lines("2、甲。责任单位:A。3、乙。责任单位:B")[0]
    >>> [(p.norm, m.number) for p, m in run_on_items(ln, match_marker(ln.norm))]
    [('2、甲。责任单位:A。', 2), ('3、乙。责任单位:B', 3)]
    """
    out: list[tuple[int, Marker]] = [(0, marker)]
    want = marker.number + 1
    i = marker.end
    while True:
        cut = min((k for k in (ln.norm.find(c, i) for c in _SENTENCE_END) if k >= 0), default=-1)
        if cut < 0:
            break
        at = cut + 1
        while at < len(ln.norm) and ln.norm[at] in " \t\u3000":
            at += 1
        head = ln.norm[at:at + 4]
        nxt = match_marker(ln.norm[at:]) if any(t in head for t in _numerals(want)) else None
        if nxt is not None and nxt.style == marker.style and nxt.number == want and not nxt.label:
            out.append((at, nxt))
            want += 1
        i = cut + 1
    if len(out) == 1:
        return [(ln, marker)]
    bounds = [o for o, _ in out] + [len(ln.norm)]
    return [(Line(ln.index, ln.start + a, ln.start + b, ln.text[a:b], ln.norm[a:b]), m)
            for (a, m), b in zip(out, bounds[1:])]


def _path(stack: list[Node], marker: Marker) -> str:
    """The numbers of the enclosing items and this one, joined by "."; a decimal outline
    number (1.2 under 1.) that already holds its parent's path stands alone."""
    parent = stack[-1].section.path if stack else ""
    own = marker.label or str(marker.number)
    if not parent or (marker.label and marker.label.startswith(parent + ".")):
        return own
    return f"{parent}.{own}"


def _place(stack: list[Node], marker: Marker, under: dict[str, set[str]]) -> list[Node]:
    """The open items a new marker stands under.

    A style already open closes it and everything under it (the next item of that list).
    A style not open nests under the current item when its list starts at 1, whatever
    its rank: documents skip levels and some nest 1. › (一); so does a style the text has
    already nested under the current item's style (1. › (一)(二), 2. › (三)). Otherwise a
    list that starts further on continues one begun before the text (an excerpt that
    starts at 3、 and then meets (五)): it closes the open items of lower rank (GB/T 9704:
    一、 › (一) › 1. › (1) › ①).
    """
    for i, node in enumerate(stack):
        if node.style == marker.style:
            return stack[:i]
    if marker.number > 1 and not (stack and stack[-1].style in under.get(marker.style, ())):
        rank = NUMBERING_RANK.get(marker.style, len(NUMBERING_RANK))
        while stack and NUMBERING_RANK.get(stack[-1].style, len(NUMBERING_RANK)) > rank:
            stack = stack[:-1]
    return stack


def _part_index(lines: list[Line], parts: list[Part]) -> list[int]:
    out, p = [], 0
    for ln in lines:
        while p + 1 < len(parts) and ln.start >= parts[p + 1].start:
            p += 1
        out.append(p)
    return out


def enclosing(nodes: list[Node], pos: int) -> Node | None:
    """The smallest numbered item whose own text holds ``pos``.

    Own texts do not overlap and ``nodes`` is in text order, so a binary search for the
    last item starting at or before ``pos`` finds it (O(log n), not a scan per position).
    """
    i = bisect_right(nodes, pos, key=_start) - 1
    if i >= 0 and pos <= nodes[i].body_end:
        return nodes[i]
    return None


def _start(node: Node) -> int:
    return node.section.start


def ancestors(node: Node | None) -> list[Node]:
    out = []
    while node is not None:
        out.append(node)
        node = node.parent
    return out
