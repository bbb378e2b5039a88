"""Shared parts of the format readers: the error catalogue, sniffing, text checks, lines."""
from __future__ import annotations

import re
import unicodedata
from pathlib import Path
from typing import Iterable, NoReturn

from extract.errors import ExtractError


class Errors:
    """Coded messages of the readers (``{file}`` is the file's name)."""

    E101 = "{file}: file is empty; give a file that holds the document's text"
    E102 = "{file}: no such file; check the path"
    E103 = "{file}: is a directory, not a file; give one document file"
    E104 = "{file}: permission denied; make the file readable (chmod +r) or copy it somewhere readable"
    E105 = "{file}: cannot read the file ({reason}); check the path and the disk"
    E106 = "{file}: too large ({size:.1f} MB > {limit:g} MB limit); split the document or raise max_bytes"
    E107 = "{file}: not a text file ({what}); {todo}"
    E108 = "{file}: cannot detect the text encoding ({what}); save it as UTF-8"
    E109 = (
        "{file}: cannot open .docx (damaged or not a Word file: {what}); "
        "open it in Word/WPS and save it again as .docx"
    )
    E110 = "{file}: the .docx is password-protected; remove the password in Word/WPS and save it again"
    E111 = "{file}: cannot open PDF ({what}); download or export it again"
    E112 = "{file}: PDF is password-protected; remove the password (or print it to a new PDF) first"
    E113 = "{file}: PDF has no text layer (scanned image?); run OCR first"
    E114 = "{file}: cannot read .doc: install antiword (apt-get install antiword) or save as .docx"
    E115 = "{file}: cannot read .doc ({what}); open it in Word/WPS and save it as .docx"
    E116 = "{file}: no article text found in the HTML page; save the page's text as .txt"
    E117 = "{file}: the document holds no text ({what}); check it is the right file"
    E118 = "{file}: unsupported file type ({what}); give one of: {supported}"
    E131 = ("{file}: the text is too long ({chars:,} characters > {limit:,} limit); split the document "
            "into parts (one plan, notice or appendix per file)")
    E132 = ("{file}: the {kind} is larger than the reader allows ({what}; a decompression bomb?); "
            "save it again from Word/WPS or the browser, or split the document")
    E199 = "{file}: cannot read the file ({kind}: {what}); check the file, and report it if it opens elsewhere"


class Limits:
    """Bounds on what one input file may cost (memory and time), checked before parsing.

    A policy document of 300 pages has about 300,000 characters and a .docx whose XML is a few
    MB; these limits are far above that and far below what takes a machine down.
    """

    #: characters of text handed to the extractor (checked as soon as a reader has the text)
    MAX_CHARS = 1_000_000
    #: .docx: everything in the archive, uncompressed (its declared sizes, read before inflating)
    DOCX_MAX_TOTAL = 100_000_000
    #: .docx: one XML part (document.xml, styles.xml …), uncompressed
    DOCX_MAX_PART = 20_000_000
    #: .docx: entries in the archive
    DOCX_MAX_ENTRIES = 5_000
    #: .html: characters of markup handed to the HTML parser (its tree costs ~20× the text)
    HTML_MAX_CHARS = 8_000_000
    #: .pdf: pages read (pypdf bounds each stream at 75 MB itself)
    PDF_MAX_PAGES = 5_000


def fail(path: Path | str, template: str, **fields: object) -> NoReturn:
    """Raise an ExtractError with ``template`` (an :class:`Errors` attribute) filled in."""
    code = next(k for k, v in vars(Errors).items() if v is template)
    name = Path(path).name or str(path)
    raise ExtractError(template.format(file=name, **fields), code=code)


#: leading bytes → what the file is
MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "pdf"),
    (b"PK\x03\x04", "zip"),
    (b"PK\x05\x06", "zip"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "ole"),
    (b"{\\rtf", "rtf"),
    (b"\x89PNG\r\n\x1a\n", "png"),
    (b"\xff\xd8\xff", "jpeg"),
    (b"GIF87a", "gif"),
    (b"GIF89a", "gif"),
    (b"II*\x00", "tiff"),
    (b"MM\x00*", "tiff"),
    (b"\x7fELF", "elf"),
    (b"\x1f\x8b\x08", "gzip"),
    (b"7z\xbc\xaf\x27\x1c", "7z"),
    (b"Rar!\x1a\x07", "rar"),
)

#: what to tell the user when a file of one kind carries a text suffix
KIND_HINTS: dict[str, str] = {
    "pdf": "it is a PDF; rename it to .pdf",
    "docx": "it is a Word .docx file; rename it to .docx",
    "zip": "it is a ZIP archive (.xlsx/.ofd/.zip?); unpack it or export the text",
    "ole": "it is a Word 97 .doc (or other Office 97) file; rename it to .doc",
    "rtf": "it is an RTF file; open it in Word/WPS and save it as .docx",
}

_HTML_START = re.compile(rb"^\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body|meta)\b", re.I | re.S)


def sniff(data: bytes) -> str | None:
    """What the first bytes say the file is (``pdf``, ``docx``, ``zip``, ``ole``, ``html``…) or None."""
    head = data[:1024]
    stripped = head.lstrip(b"\xef\xbb\xbf")
    for magic, kind in MAGIC:
        if stripped.startswith(magic):
            if kind == "zip" and b"word/document" in data:
                return "docx"
            return kind
    if b"%PDF-" in head:
        return "pdf"
    if _HTML_START.match(stripped):
        return "html"
    return None


# --- text checks -----------------------------------------------------------------

_ALLOWED_CONTROLS = frozenset("\t\n\r\f\v")


#: characters checked by the text heuristics: the start, the middle and the end of a text
SAMPLE_CHARS = 200_000


def sample(text: str) -> str:
    """Up to SAMPLE_CHARS characters of ``text`` (its start, middle and end)."""
    if len(text) <= SAMPLE_CHARS:
        return text
    k = SAMPLE_CHARS // 4
    mid = len(text) // 2
    return text[: 2 * k] + text[mid : mid + k] + text[-k:]


def bad_char_ratio(text: str) -> float:
    """Share of characters that no real text holds: U+FFFD, controls, unassigned, surrogates."""
    text = sample(text)
    if not text:
        return 0.0
    bad = 0
    for ch in text:
        if ch == "\ufffd":
            bad += 1
        elif ch < " " or "\x7f" <= ch <= "\x9f":
            if ch not in _ALLOWED_CONTROLS:
                bad += 1
        elif ord(ch) > 0x2FFF and unicodedata.category(ch) in ("Cn", "Cs", "Co"):
            bad += 1
    return bad / len(text)


def looks_like_text(text: str, limit: float = 0.05) -> bool:
    """True when ``text`` has visible characters and at most ``limit`` bad ones."""
    return bool(text.strip()) and bad_char_ratio(text) <= limit


# --- lines -------------------------------------------------------------------------

_NEWLINES = re.compile("\r\n|[\r\u2028\u2029\x0b\x0c\x85]")


def normalize_newlines(text: str) -> str:
    """CRLF, CR, form feed and Unicode line separators → "\\n"; the BOM character is dropped."""
    return _NEWLINES.sub("\n", text).replace("\ufeff", "")


_SPACES = re.compile(r"[ \t\xa0]+")


def clean_line(line: str) -> str:
    """One line with runs of spaces/tabs/NBSP made one space and both ends stripped."""
    return _SPACES.sub(" ", line).strip()


def join_lines(lines: Iterable[str]) -> str:
    """Non-empty cleaned lines joined with "\\n", ending in "\\n" ("" when there are none)."""
    kept = [c for c in (clean_line(x) for x in lines) if c]
    return "\n".join(kept) + "\n" if kept else ""


def table_row(cells: Iterable[str]) -> str:
    """One table row as a line: each cell followed by " |" (an empty cell is just "|")."""
    parts = []
    for cell in cells:
        c = clean_line(cell.replace("\n", " "))
        parts.append(f"{c} |" if c else "|")
    if not any(p != "|" for p in parts):
        return ""
    return " ".join(parts)


def split_table_row(line: str) -> list[str] | None:
    """The cells of a line made by :func:`table_row`, or None when the line is not a row."""
    if not line.endswith("|"):
        return None
    return [c.strip() for c in line[:-1].split("|")]


_CJK_RANGES = (
    (0x3400, 0x4DBF),
    (0x4E00, 0x9FFF),
    (0xF900, 0xFAFF),
    (0x20000, 0x2FA1F),
)


def is_cjk(ch: str) -> bool:
    """True for a CJK ideograph."""
    o = ord(ch)
    return any(lo <= o <= hi for lo, hi in _CJK_RANGES)


def cjk_count(text: str) -> int:
    """Number of CJK ideographs in ``text``."""
    return sum(1 for ch in text if is_cjk(ch))


#: an encrypted Office file: an OLE container holding this stream
ENCRYPTED_MARK = "EncryptedPackage".encode("utf-16-le")
