"""File → text: one entry point, :func:`read_text`, for .txt .docx .doc .pdf .html.

The text keeps the document's layout as lines ("\\n" line ends). A table row becomes one
line whose cells each end in " |" (``序号 | 重点工作 | 责任单位 |``), as rows arrive in
the corpus. Every bad input raises :class:`extract.errors.ExtractError` with a coded
one-line message naming the file, what is wrong and what to do; nothing else escapes.

Heavy libraries (python-docx, pypdf, bs4, charset-normalizer) are imported inside the
format readers, so ``import extract.readers`` stays cheap.
"""
from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import Callable

from extract.errors import ExtractError
from extract.readers_common import (
    ENCRYPTED_MARK,
    Errors,
    Limits,
    fail,
    sniff,
)

__all__ = ["read_text", "SUPPORTED_SUFFIXES", "DEFAULT_MAX_BYTES"]

DEFAULT_MAX_BYTES = 20_000_000

#: suffix (lower case) → reader name; anything else is read as text if it looks like text
SUFFIX_READERS: dict[str, str] = {
    ".txt": "text",
    ".text": "text",
    ".docx": "docx",
    ".doc": "doc",
    ".pdf": "pdf",
    ".html": "html",
    ".htm": "html",
    ".shtml": "html",
    ".xhtml": "html",
}
SUPPORTED_SUFFIXES: tuple[str, ...] = tuple(SUFFIX_READERS)

#: what a file's first bytes say it is → the reader for an unknown suffix
KIND_READERS: dict[str, str] = {
    "pdf": "pdf",
    "docx": "docx",
    "ole": "doc",
    "html": "html",
}

#: a Word file whose bytes are another format (a .doc saved as .docx, a web page saved as .doc) is
#: read as what its bytes are: suffix reader → sniffed kind → reader (the one place readers dispatch)
WORD_KIND_READERS: dict[str, dict[str, str]] = {
    "doc": {"docx": "docx", "zip": "docx", "html": "html", "pdf": "pdf"},
    "docx": {"ole": "doc", "html": "html"},
}


def _reader(name: str) -> Callable[[Path, bytes], str]:
    """The format reader called ``name`` (imported on first use)."""
    if name == "text":
        from extract.readers_text import read_plain_text

        return read_plain_text
    if name == "docx":
        from extract.readers_docx import read_docx

        return read_docx
    if name == "doc":
        from extract.readers_doc import read_doc

        return read_doc
    if name == "pdf":
        from extract.readers_pdf import read_pdf

        return read_pdf
    if name == "html":
        from extract.readers_html import read_html

        return read_html
    raise AssertionError(f"no reader {name!r}")


def _load(path: Path, max_bytes: int) -> bytes:
    """The file's bytes, after checking it exists, is a readable file and is not too large."""
    try:
        st = path.stat()
    except FileNotFoundError:
        fail(path, Errors.E102)
    except PermissionError:
        fail(path, Errors.E104)
    except OSError as e:
        fail(path, Errors.E105, reason=e.strerror or type(e).__name__)
    if stat.S_ISDIR(st.st_mode):
        fail(path, Errors.E103)
    if not stat.S_ISREG(st.st_mode):
        fail(path, Errors.E105, reason="not a regular file")
    if st.st_size > max_bytes:
        fail(path, Errors.E106, size=st.st_size / 1e6, limit=max_bytes / 1e6)
    try:
        with open(path, "rb") as f:
            data = f.read(max_bytes + 1)
    except PermissionError:
        fail(path, Errors.E104)
    except OSError as e:
        fail(path, Errors.E105, reason=e.strerror or type(e).__name__)
    if len(data) > max_bytes:  # grew while we looked
        fail(path, Errors.E106, size=len(data) / 1e6, limit=max_bytes / 1e6)
    if not data.strip():
        fail(path, Errors.E101)
    return data


def read_text(path: str | os.PathLike[str], *, max_bytes: int = DEFAULT_MAX_BYTES) -> str:
    """Return the text of the document at ``path``, layout kept as "\\n"-separated lines.

    Parameters
    ----------
    path : str or Path
        A .txt, .docx, .doc, .pdf or .html file (other suffixes are read as text when
        their bytes are text, or by what their first bytes say they are).
    max_bytes : int
        Larger files are refused before they are read.

    Returns
    -------
    str
        The text, ending in "\\n".

    Raises
    ------
    ExtractError
        For every input that cannot be read: missing, empty, too large, binary,
        damaged, encrypted, scanned (no text layer), or a converter that is missing.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "方案.txt"
    >>> _ = p.write_bytes("一、总体要求\\r\\n到2026年建成200家。\\r\\n".encode("gb18030"))
    >>> read_text(p).splitlines()
    ['一、总体要求', '到2026年建成200家。']
    """
    path = Path(path)
    data = _load(path, max_bytes)
    suffix = path.suffix.lower()
    name = SUFFIX_READERS.get(suffix)
    if name is None:
        kind = sniff(data)
        if kind is not None and kind not in KIND_READERS:
            what = f"{suffix or 'no suffix'}, {kind.upper()} data"
            fail(path, Errors.E118, what=what, supported=" ".join(SUPPORTED_SUFFIXES))
        name = KIND_READERS.get(kind or "", "text")
    elif name in WORD_KIND_READERS:
        kind = sniff(data)
        if name == "docx" and kind == "ole" and ENCRYPTED_MARK in data:
            fail(path, Errors.E110)
        name = WORD_KIND_READERS[name].get(kind or "", name)
    try:
        text = _reader(name)(path, data)
    except ExtractError:
        raise
    except RecursionError:
        fail(path, Errors.E199, what="the file nests too deeply", kind="RecursionError")
    except Exception as e:  # a parser bug on odd input must still be one clear line
        fail(path, Errors.E199, what=str(e)[:200] or "no message", kind=type(e).__name__)
    if len(text) > Limits.MAX_CHARS:  # before the extractor spends time and memory on it
        fail(path, Errors.E131, chars=len(text), limit=Limits.MAX_CHARS)
    if not text.strip():
        fail(path, Errors.E101)
    return text
