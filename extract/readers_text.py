"""Plain text: detect the encoding (UTF-8, GB18030/GBK, UTF-16/32), normalise line ends."""
from __future__ import annotations

from pathlib import Path

from extract.readers_common import (
    KIND_HINTS,
    Errors,
    fail,
    is_cjk,
    looks_like_text,
    normalize_newlines,
    sample,
    sniff,
)

#: byte-order marks, longest first (UTF-32 LE starts like UTF-16 LE)
BOMS: tuple[tuple[bytes, str], ...] = (
    (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xef\xbb\xbf", "utf-8"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
)

#: tried in order on bytes without a BOM or NULs; GB18030 covers GBK and GB2312
STRICT_ENCODINGS: tuple[str, ...] = ("utf-8", "gb18030")

#: BOM-less UTF-16 must decode to at least this share of common characters
UTF16_COMMON_SHARE = 0.9


def common_share(text: str) -> float:
    """Share of characters from the scripts policy documents are written in: ASCII,
    CJK ideographs and punctuation, full-width forms, general punctuation."""
    text = sample(text)
    if not text:
        return 0.0
    common = sum(
        1
        for ch in text
        if " " <= ch <= "~" or ch in "\t\n\r" or is_cjk(ch)
        or "\u3000" <= ch <= "\u303f" or "\uff00" <= ch <= "\uffef" or "\u2000" <= ch <= "\u206f"
    )
    return common / len(text)


def _decode_bom(data: bytes) -> tuple[str, str] | None:
    """(text, encoding) when ``data`` starts with a byte-order mark."""
    for bom, enc in BOMS:
        if data.startswith(bom):
            return data[len(bom):].decode(enc, errors="replace"), enc
    return None


def _utf16_orders(data: bytes) -> list[str]:
    """Both UTF-16 byte orders, the likelier first: ASCII in UTF-16 LE puts NULs at odd offsets."""
    sample = data[:65536]
    odd, even = sample[1::2].count(0), sample[0::2].count(0)
    return ["utf-16-le", "utf-16-be"] if odd >= even else ["utf-16-be", "utf-16-le"]


def decode_bytes(data: bytes, path: Path | str, *, declared: str | None = None) -> str:
    """Decode ``data`` to str, trying ``declared``, BOMs, UTF-16, UTF-8, GB18030, then detection.

    Raises ExtractError when the bytes are binary or no encoding gives readable text.
    """
    if declared:
        try:
            text = data.decode(declared)
            if looks_like_text(text):
                return text.lstrip("\ufeff")
        except (UnicodeDecodeError, LookupError):
            pass
    bom = _decode_bom(data)
    if bom is not None:
        text, enc = bom
        if looks_like_text(text):
            return text
        fail(path, Errors.E108, what=f"it starts with a {enc} byte-order mark but does not decode as {enc}")
    if b"\x00" in data:
        for enc in _utf16_orders(data):
            try:
                text = data.decode(enc)
            except UnicodeDecodeError:
                continue
            if looks_like_text(text, limit=0.01) and common_share(text) >= UTF16_COMMON_SHARE:
                return text
        todo = "give a .txt, .docx, .pdf or .html file"
        fail(path, Errors.E107, what="it holds NUL bytes and is not UTF-16", todo=todo)
    for enc in STRICT_ENCODINGS:
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            continue
        if looks_like_text(text):
            return text
    from charset_normalizer import from_bytes

    best = from_bytes(data[:1_000_000]).best()
    if best is not None and best.encoding:
        text = data.decode(best.encoding, errors="replace")
        if looks_like_text(text):
            return text
    fail(path, Errors.E108, what="not UTF-8, GB18030 or UTF-16, and no other encoding gives readable text")


def read_plain_text(path: Path, data: bytes) -> str:
    """A text file: binary formats refused, encoding detected, line ends made "\\n"."""
    kind = sniff(data)
    if kind is not None and kind != "html":
        todo = KIND_HINTS.get(kind, "give a .txt, .docx, .pdf or .html file")
        fail(path, Errors.E107, what=f"looks like {kind.upper()} data", todo=todo)
    text = normalize_newlines(decode_bytes(data, path))
    if not text.strip():
        fail(path, Errors.E101)
    return text if text.endswith("\n") else text + "\n"
