"""PDF: the text layer (pypdf), page numbers dropped, CJK spacing repaired, wrapped lines joined.

Each line keeps where it stands on the page (left edge, estimated right edge, font size,
baseline), so wrapping is judged by layout: a line that reaches the right margin runs on
into the next unless that one opens a paragraph (first-line indent, GB/T 9704's two
characters) or a numbered item (:data:`extract.readers_numbering.NUMBERING_MARKERS`).
A line that ends a sentence runs on only into a flush-left line of an indented document
(the same paragraph). Without positions the width is counted in characters instead, and a
line is joined only when it is as wide as the page's full lines and ends no clause.
"""
from __future__ import annotations

import contextlib
import io
import logging
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from extract.readers_common import Errors, Limits, fail, join_lines, sniff
from extract.readers_numbering import starts_with_marker
from extract.rules.pages import BARE_PAGE_NUMBER, PAGE_NUMBER_LINES

_PAGE_NUMBER = re.compile("|".join(f"(?:{p})" for p in PAGE_NUMBER_LINES))
_BARE = re.compile(BARE_PAGE_NUMBER)

#: a line ending in one of these ends a sentence, clause or heading: never joined
LINE_END_STOPS = "。；;：:！!？?）)】》」』〕］]”\"…"

#: CJK ideographs and full-width punctuation (the characters spaces are removed around)
_CJK = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_CJK_PUNCT = r"\u3000-\u303f\uff01-\uff0f\uff1a-\uff20\uff3b-\uff40\uff5b-\uff65\u2018-\u201f\u2026\u2014"
_SPACE_CJK_DIGIT = re.compile(
    rf"(?<=[{_CJK}])[ \t]+(?=[0-9A-Za-z%％])|(?<=[0-9A-Za-z%％])[ \t]+(?=[{_CJK}])|(?<=[0-9])[ \t]+(?=[%％])"
)
_SPACE_NEAR_PUNCT = re.compile(rf"[ \t]+(?=[{_CJK_PUNCT}])|(?<=[{_CJK_PUNCT}])[ \t]+")
_SPACE_CJK_CJK = re.compile(rf"(?<=[{_CJK}]) (?=[{_CJK}])")
_CJK_PAIR = re.compile(rf"[{_CJK}] ?(?=[{_CJK}])")

#: a line is "spaced out" (a space after every character) when this share of its
#: ideograph pairs are spaced, and there are at least SPACED_MIN_PAIRS of them
SPACED_SHARE = 0.8
SPACED_MIN_PAIRS = 3
#: a line is full width when it is at most this many character widths short of the full width
FULL_WIDTH_SLACK = 1.5
#: at least this many lines must share the full width before any line is joined
FULL_WIDTH_MIN_LINES = 3
FULL_WIDTH_MIN = 10
#: by layout: a line wrapped when the first word of the next line would have taken it past
#: the right margin less this many em (right edges are estimated from character widths)
MARGIN_SLACK_EM = 0.5
#: characters that may not start a line (they go down with the character before them)
NO_LINE_START = "，。、；：！？）》」』】〕”’…%,.;:!?)]%"
#: characters that may not end a line (they go down with the character after them)
NO_LINE_END = "（(《“‘「『【〔［["
_LATIN_WORD = r"[A-Za-z0-9][A-Za-z0-9.\-/]*(?:[、，,][0-9][0-9.]*)*"  # 2024 / GB50180 / 121、155
_TOKEN = re.compile(rf"[{re.escape(NO_LINE_END)}]*(?:{_LATIN_WORD}|.)[{re.escape(NO_LINE_START)}]*")
#: lines that end alike are the text's right margin only when the text they make is at least
#: this share of the width a page with equal margins would give it
MIN_TEXT_WIDTH = 0.6
#: a first-line indent is 1 to 3 em right of the left margin, the commonest such start;
#: a document is "indented" when at least this share of its lines starts there (± INDENT_TOLERANCE_EM)
INDENT_EM = (1.0, 3.0)
INDENTED_SHARE = 0.1
INDENT_TOLERANCE_EM = 0.2
#: a bare number first or last on a page is a page number when it stands at least this many
#: line pitches away from the nearest text line
PAGE_NUMBER_GAP = 1.5


@dataclass
class PdfLine:
    """One line of a page's text layer and where it stands (points; None when unknown)."""

    text: str
    left: float | None = None
    right: float | None = None
    size: float | None = None
    y: float | None = None
    page_width: float | None = None


#: a run of two or more spaces was typed (a text layer puts one space for a gap): it stays
#: one space whatever stands around it (``2  严守用水`` keeps its column break)
TYPED_SPACE = "\ue000"
_TYPED_RUN = re.compile(r"[ \t\u3000]{2,}")


#: the space after a decimal outline number at the start of a line is its marker's ("10.7 除…")
_OUTLINE_START = re.compile(r"^(\d{1,2}(?:\.\d{1,2}){1,2})[ \t]+(?=[^\d\s%％.])")


def _keep_typed_runs(text: str) -> str:
    text = _OUTLINE_START.sub(lambda m: m.group(1) + TYPED_SPACE, text.strip())
    return " ".join(_TYPED_RUN.sub(TYPED_SPACE, text).split())


def fix_cjk_spacing(line: str) -> str:
    """Remove the spaces a text layer puts between CJK and digits or Latin letters (``2019 年``
    → ``2019年``, ``AI 编程`` → ``AI编程``), around full-width punctuation, and between the
    characters of a spaced-out line.

    A single space between two ideographs is kept otherwise: documents pad names and
    posts with spaces (``组 长:燕雪英 区委副书记``).
    """
    line = _SPACE_CJK_DIGIT.sub("", line)
    line = _SPACE_NEAR_PUNCT.sub("", line)
    pairs = _CJK_PAIR.findall(line)
    spaced = sum(1 for p in pairs if p.endswith(" "))
    if spaced >= SPACED_MIN_PAIRS and spaced >= SPACED_SHARE * len(pairs):
        line = _SPACE_CJK_CJK.sub("", line)
    return line


def first_token(line: str) -> str:
    """What a line break cannot split at the start of ``line``: a Latin word or number, or
    one character, with the punctuation that may not start a line."""
    m = _TOKEN.match(line)
    return m.group(0) if m else line[:1]


def layout_width(text: str) -> float:
    """Width in em as a CJK font sets it: ambiguous-width characters (“ ” ‘ ’ …) are full."""
    return sum(1.0 if unicodedata.east_asian_width(c) in ("W", "F", "A") else 0.5 for c in text)


def display_width(line: str) -> float:
    """Width in full-width character cells: CJK and full-width forms 1, others ½."""
    return sum(1.0 if unicodedata.east_asian_width(c) in ("W", "F") else 0.5 for c in line)


def full_width(lines: list[str]) -> float | None:
    """The width of a full line (the commonest width among the long lines), or None."""
    widths = [display_width(x) for x in lines]
    if not widths:
        return None
    top = max(widths)
    counts = Counter(round(w) for w in widths if w >= top / 2 and w >= FULL_WIDTH_MIN)
    if not counts:
        return None
    width, n = max(counts.items(), key=lambda kv: (kv[1], kv[0]))
    near = sum(c for w, c in counts.items() if abs(w - width) <= FULL_WIDTH_SLACK)
    return float(width) if near >= FULL_WIDTH_MIN_LINES else None


def _joinable(line: str, nxt: str, width: float | None) -> bool:
    if width is None or not line or not nxt:
        return False
    if line[-1] in LINE_END_STOPS:
        return False
    if display_width(line) < width - FULL_WIDTH_SLACK:
        return False
    return not starts_with_marker(nxt)


def _latin(ch: str) -> bool:
    return ch.isascii() and ch.isalnum()


@dataclass
class Layout:
    """What a document's lines say about its page: margins, body font size, indents."""

    left: float
    right: float
    size: float
    indent: float | None  # where first lines of paragraphs start, when the document indents them

    @classmethod
    def of(cls, lines: list[PdfLine]) -> "Layout | None":
        known = [x for x in lines if x.left is not None and x.right is not None and x.size]
        if len(known) < FULL_WIDTH_MIN_LINES:
            return None
        size = Counter(round(x.size) for x in known).most_common(1)[0][0] or 12.0
        lefts = Counter(round(x.left) for x in known)
        left = min((v for v, c in lefts.items() if c >= FULL_WIDTH_MIN_LINES), default=min(lefts))
        widths = sorted(x.page_width for x in known if x.page_width)
        symmetric = widths[len(widths) // 2] - left if widths else None
        right = _margin([(x.right, x.text) for x in known], size, symmetric)
        if right is None or (symmetric and right - left < MIN_TEXT_WIDTH * (symmetric - left)):
            right = symmetric  # no full lines (only short lines and cells): margins as wide as the left one
        if right is None or right <= left + size:
            return None
        lo, hi = (left + size * e for e in INDENT_EM)
        starts = Counter(round(x.left) for x in known if lo - 1 <= x.left <= hi + 1)
        indent = None
        if starts:
            at, _ = starts.most_common(1)[0]
            near = sum(1 for x in known if abs(x.left - at) <= INDENT_TOLERANCE_EM * size)
            indent = float(at) if near >= INDENTED_SHARE * len(known) else None
        return cls(left, right, size, indent)

    @property
    def indented(self) -> bool:
        return self.indent is not None

    def full(self, line: PdfLine, nxt: PdfLine) -> bool:
        """``line`` ends where the first word of ``nxt`` would not have fitted: it wrapped."""
        if line.right is None:
            return False
        need = layout_width(first_token(nxt.text)) * (line.size or self.size)
        return line.right + need >= self.right - MARGIN_SLACK_EM * self.size

    def flush_left(self, line: PdfLine) -> bool:
        return line.left is not None and abs(line.left - self.left) < 0.5 * self.size

    def opens_paragraph(self, line: PdfLine) -> bool:
        """Set in by a first-line indent (a centred or right-aligned line is further in)."""
        if self.indent is None or line.left is None:
            return False
        return abs(line.left - self.indent) <= INDENT_TOLERANCE_EM * self.size


def _margin(ends: list[tuple[float, str]], size: float, target: float | None = None) -> float | None:
    """The right margin: the right end of a one-em band of right edges where at least
    FULL_WIDTH_MIN_LINES lines of different text end (a table header or a cell repeated on
    every page says nothing about the margin); of such bands the one nearest ``target``
    (the margin of a page as wide on both sides), else the densest of the wide half.
    (Table cells that end alike make a dense band far inside the margin.)"""
    ends = sorted(ends)
    rights = [r for r, _ in ends]
    best, best_key, j = None, None, 0
    for i, r in enumerate(rights):
        while rights[j] < r - size:
            j += 1
        n = len({t for _, t in ends[j:i + 1]})
        if n < FULL_WIDTH_MIN_LINES or r < rights[-1] / 2:
            continue
        key = (abs(r - target), -n) if target is not None else (-n, -r)
        if best_key is None or key <= best_key:
            best, best_key = r, key
    return best


def _joinable_at(prev: PdfLine, nxt: PdfLine, layout: Layout) -> bool:
    if not prev.text or not nxt.text or not layout.full(prev, nxt) or starts_with_marker(nxt.text):
        return False
    if layout.opens_paragraph(nxt):
        return False
    if prev.text[-1] in LINE_END_STOPS:  # a sentence ends: only the same paragraph runs on
        return layout.indented and layout.flush_left(nxt)
    return True


def join_wrapped(lines: list[str] | list[PdfLine]) -> list[str]:
    """Join each line that wraps mid-sentence with the line after it (by layout when the
    lines carry positions, else by counting characters)."""
    items = [x if isinstance(x, PdfLine) else PdfLine(x) for x in lines]
    layout = Layout.of(items)
    width = None if layout else full_width([x.text for x in items])
    out: list[str] = []
    current = ""
    last: PdfLine | None = None  # the last physical line of ``current``
    for item in items:
        line = item.text
        joined = last is not None and current and (
            _joinable_at(last, item, layout) if layout else _joinable(last.text, line, width))
        if joined:
            joint = " " if _latin(current[-1]) and _latin(line[0]) else ""
            current += joint + line
        else:
            if current:
                out.append(current)
            current = line
        last = item
    if current:
        out.append(current)
    return out


def page_lines(text: str) -> list[str]:
    """A page's non-empty lines, spacing fixed, page-number lines dropped."""
    return [x.text for x in positioned_page_lines([PdfLine(t) for t in text.splitlines()])]


def positioned_page_lines(lines: list[PdfLine]) -> list[PdfLine]:
    """A page's non-empty lines, spacing fixed, page-number lines dropped wherever they stand.

    A bare number first or last on the page is a page number, unless positions show it
    standing at the distance of a text line from its neighbour (a table cell "3")."""
    out = []
    for x in lines:
        text = fix_cjk_spacing(_keep_typed_runs(x.text)).replace(TYPED_SPACE, " ")
        if text and not _PAGE_NUMBER.fullmatch(text):
            out.append(PdfLine(text, x.left, x.right, x.size, x.y, x.page_width))
    pitch = _pitch(out)
    if len(out) >= 2 and _BARE.fullmatch(out[-1].text) and _apart(out[-1], out[-2], pitch):
        out.pop()
    if len(out) >= 2 and _BARE.fullmatch(out[0].text) and _apart(out[0], out[1], pitch):
        out.pop(0)
    if len(out) == 1 and _BARE.fullmatch(out[0].text):
        out.pop()
    return out


#: running headers and footers: a line at the same height, with the same text up to its
#: numbers, among the first or last RUNNING_EDGE lines of at least RUNNING_SHARE of the pages
#: (and of RUNNING_MIN_PAGES pages)
RUNNING_EDGE = 2
RUNNING_SHARE = 0.5
RUNNING_MIN_PAGES = 3
_DIGITS = re.compile(r"\d+")


def drop_running_lines(pages: list[list[PdfLine]]) -> list[list[PdfLine]]:
    """Pages without their running headers and footers ("东营区人民政府文件  第 3 页" on every
    page): lines among a page's first or last two that stand apart from the text. One that
    repeats word for word is kept where it first stands; one whose numbers change (a page
    number) goes everywhere. Lines at the distance of a text line (a table header repeated
    on each page, a cell) are never taken for one."""
    def key(x: PdfLine) -> tuple[int, str] | None:
        return None if x.y is None else (round(x.y), _DIGITS.sub("#", x.text))

    def margins(page: list[PdfLine]) -> list[PdfLine]:
        """The first and last lines of a page that stand apart from the text next to them."""
        pitch = _pitch(page)
        out = []
        for i in [*range(min(RUNNING_EDGE, len(page))), *range(max(0, len(page) - RUNNING_EDGE), len(page))]:
            inner = page[i + 1] if i < RUNNING_EDGE and i + 1 < len(page) else page[i - 1] if i else None
            if inner is not None and pitch is not None and not _apart(page[i], inner, pitch):
                continue
            if page[i] not in out:
                out.append(page[i])
        return out

    seen: dict[tuple[int, str], list[str]] = {}
    edges = [margins(page) for page in pages]
    for edge in edges:
        for k in {key(x) for x in edge} - {None}:
            seen.setdefault(k, []).append(next(x.text for x in edge if key(x) == k))
    need = max(RUNNING_MIN_PAGES, RUNNING_SHARE * len(pages))
    running = {k: len(set(texts)) > 1 for k, texts in seen.items() if len(texts) >= need}
    if not running:
        return pages
    out, kept = [], set()
    for page, edge_lines in zip(pages, edges):
        edge = {id(x) for x in edge_lines}
        rows = []
        for x in page:
            k = key(x)
            if id(x) in edge and k in running:
                if running[k] or k in kept:
                    continue
                kept.add(k)
            rows.append(x)
        out.append(rows)
    return out


def _pitch(lines: list[PdfLine]) -> float | None:
    gaps = [abs(a.y - b.y) for a, b in zip(lines, lines[1:]) if a.y is not None and b.y is not None
            and abs(a.y - b.y) > 0.1]
    return sorted(gaps)[(len(gaps) - 1) // 2] if len(gaps) >= 2 else None


def _apart(edge: PdfLine, neighbour: PdfLine, pitch: float | None) -> bool:
    if pitch is None or edge.y is None or neighbour.y is None:
        return True
    return abs(edge.y - neighbour.y) >= PAGE_NUMBER_GAP * pitch


def text_lines(page) -> list[PdfLine]:
    """A page's lines with positions, from the pieces of text pypdf hands its visitor."""
    lines: list[PdfLine] = []
    try:
        page_width = float(page.mediabox.width)
    except Exception:
        page_width = None
    current: list[tuple[str, float | None, float | None, float | None]] = []

    def close() -> None:
        text = "".join(t for t, _, _, _ in current)
        shown = [c for c in current if c[0].strip() and c[1] is not None]
        if shown:
            first, last = shown[0], shown[-1]
            lead = layout_width(first[0]) - layout_width(first[0].lstrip())
            # pieces shown one after another without a move report the same x: their
            # widths add up from the last x that moved
            anchor, run = first[1], 0.0
            for piece, x, _, size in current:
                if x is not None and x > anchor + 0.01:
                    anchor, run = x, 0.0
                run += layout_width(piece) * (size or last[3] or 0)
            run -= (layout_width(last[0]) - layout_width(last[0].rstrip())) * (last[3] or 0)
            right = anchor + run
            lines.append(PdfLine(text, first[1] + lead * (first[3] or 0), right, last[3], first[2], page_width))
        else:
            lines.append(PdfLine(text))
        current.clear()

    def visit(text, cm, tm, font, size) -> None:
        pieces = text.split("\n")
        for k, piece in enumerate(pieces):
            if k:
                close()
            if not piece:
                continue
            if k == 0:
                x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
                y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
                scale = abs(tm[0] * cm[0] + tm[1] * cm[2]) or 1.0
                current.append((piece, x, y, (size or 0) * scale or None))
            else:
                current.append((piece, None, None, None))

    page.extract_text(visitor_text=visit)
    if current:
        close()
    return lines


@contextlib.contextmanager
def _quiet(logger_name: str = "pypdf") -> Iterator[None]:
    """Silence a library's warnings about odd files while we read one."""
    logger = logging.getLogger(logger_name)
    level = logger.level
    logger.setLevel(logging.ERROR)
    try:
        yield
    finally:
        logger.setLevel(level)


def _open(path: Path, data: bytes):
    from pypdf import PdfReader

    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
    except Exception as e:
        fail(path, Errors.E111, what=f"damaged: {type(e).__name__}: {str(e)[:120]}")
    if reader.is_encrypted:
        try:
            ok = reader.decrypt("")
        except Exception:
            ok = 0
        if not ok:
            fail(path, Errors.E112)
    return reader


def read_pdf(path: Path, data: bytes) -> str:
    """The text of a PDF's text layer, one line per paragraph where lines were wrapped."""
    if sniff(data) != "pdf":
        fail(path, Errors.E111, what="it does not start with %PDF, so it is not a PDF")
    if b"%%EOF" not in data[-4096:]:
        fail(path, Errors.E111, what="truncated: no %%EOF marker at the end")
    with _quiet():
        reader = _open(path, data)
        pages_lines: list[list[PdfLine]] = []
        try:
            pages = list(reader.pages)
        except Exception as e:
            fail(path, Errors.E111, what=f"damaged page tree: {type(e).__name__}")
        if len(pages) > Limits.PDF_MAX_PAGES:
            fail(path, Errors.E132, kind="PDF", what=f"{len(pages):,} pages > {Limits.PDF_MAX_PAGES:,}")
        chars = 0
        for number, page in enumerate(pages, 1):
            try:
                found = text_lines(page)
            except Exception:
                try:  # positions could not be had: the plain text layer
                    found = [PdfLine(t) for t in (page.extract_text() or "").splitlines()]
                except Exception as e:
                    fail(path, Errors.E111, what=f"page {number} is damaged: {type(e).__name__}")
            chars += sum(len(x.text) for x in found)
            if chars > Limits.MAX_CHARS:  # stop reading pages as soon as the text is too long
                fail(path, Errors.E131, chars=chars, limit=Limits.MAX_CHARS)
            pages_lines.append(positioned_page_lines(found))
    lines = [x for page in drop_running_lines(pages_lines) for x in page]
    if not lines:
        fail(path, Errors.E113)
    return join_lines(join_wrapped(lines))
