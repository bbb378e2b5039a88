"""PDF: the text layer (pypdf), page numbers dropped, CJK spacing repaired, wrapped lines joined.

Line joining is deliberately conservative: a line is joined to the next only when it is
as wide as the page's full lines, does not end a sentence or clause, and the next line
does not open a numbered item (:data:`extract.readers_numbering.NUMBERING_MARKERS`).
"""
from __future__ import annotations

import contextlib
import io
import logging
import re
import unicodedata
from collections import Counter
from pathlib import Path
from typing import Iterator

from extract.readers_common import Errors, fail, join_lines, sniff
from extract.readers_numbering import starts_with_marker

#: lines that are page numbers (matched against the whole stripped line)
PAGE_NUMBER_LINES: tuple[str, ...] = (
    r"[-—–－―‒─]+\s*\d{1,4}\s*[-—–－―‒─]+",
    r"第\s*\d{1,4}\s*页(\s*[,，/]?\s*共\s*\d{1,4}\s*页)?",
    r"共\s*\d{1,4}\s*页\s*第\s*\d{1,4}\s*页",
    r"\d{1,4}\s*/\s*\d{1,4}",
    r"(?i:page)\s*\d{1,4}(\s*(?i:of)\s*\d{1,4})?",
)
#: a bare number is a page number only as a page's first or last line
BARE_PAGE_NUMBER = r"\d{1,4}"
_PAGE_NUMBER = re.compile("|".join(f"(?:{p})" for p in PAGE_NUMBER_LINES))
_BARE = re.compile(BARE_PAGE_NUMBER)

#: a line ending in one of these ends a sentence, clause or heading: never joined
LINE_END_STOPS = "。；;：:！!？?）)】》」』〕］]”\"…"

#: CJK ideographs and full-width punctuation (the characters spaces are removed around)
_CJK = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_CJK_PUNCT = r"\u3000-\u303f\uff01-\uff0f\uff1a-\uff20\uff3b-\uff40\uff5b-\uff65\u2018-\u201f\u2026\u2014"
_SPACE_CJK_DIGIT = re.compile(
    rf"(?<=[{_CJK}])[ \t]+(?=[0-9%％])|(?<=[0-9%％])[ \t]+(?=[{_CJK}])|(?<=[0-9])[ \t]+(?=[%％])"
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


def fix_cjk_spacing(line: str) -> str:
    """Remove the spaces a text layer puts between CJK and digits, around full-width
    punctuation, and between the characters of a spaced-out line (``2019 年`` → ``2019年``).

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


def join_wrapped(lines: list[str]) -> list[str]:
    """Join each line that wraps mid-sentence with the line after it."""
    width = full_width(lines)
    out: list[str] = []
    current = ""
    last = ""  # the last physical line of ``current``
    for line in lines:
        if current and _joinable(last, line, width):
            joint = " " if _latin(current[-1]) and _latin(line[0]) else ""
            current += joint + line
        else:
            if current:
                out.append(current)
            current = line
        last = line
    if current:
        out.append(current)
    return out


def page_lines(text: str) -> list[str]:
    """A page's non-empty lines, spacing fixed, page-number lines dropped."""
    lines = [fix_cjk_spacing(" ".join(x.split())) for x in text.splitlines()]
    lines = [x for x in lines if x and not _PAGE_NUMBER.fullmatch(x)]
    while lines and _BARE.fullmatch(lines[-1]):
        lines.pop()
    if lines and _BARE.fullmatch(lines[0]):
        lines.pop(0)
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
        lines: list[str] = []
        try:
            pages = list(reader.pages)
        except Exception as e:
            fail(path, Errors.E111, what=f"damaged page tree: {type(e).__name__}")
        for number, page in enumerate(pages, 1):
            try:
                text = page.extract_text() or ""
            except Exception as e:
                fail(path, Errors.E111, what=f"page {number} is damaged: {type(e).__name__}")
            lines.extend(page_lines(text))
    if not lines:
        fail(path, Errors.E113)
    return join_lines(join_wrapped(lines))
