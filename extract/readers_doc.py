"""Word 97 .doc through ``antiword`` (preferred) or ``catdoc``, found on PATH, else through
the built-in piece-table reader (:mod:`extract.readers_word97`), so a .doc reads on a
machine without either tool.

A file named .doc that is really a .docx, a web page or a PDF is read as what it is.
"""
from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

from extract.readers_common import (
    Errors,
    fail,
    join_lines,
    looks_like_text,
    normalize_newlines,
    sniff,
    table_row,
)
from extract.readers_word97 import Word97Error, word97_text

#: converters tried in order: name → arguments before the file (UTF-8 out, no line wrapping)
CONVERTERS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("antiword", ("-m", "UTF-8.txt", "-w", "0")),
    ("catdoc", ("-d", "utf-8", "-w")),
)
TIMEOUT_S = 120
#: antiword's placeholders for pictures and drawings
PLACEHOLDER_LINES = re.compile(r"\[(pic|picture|image|drawing)\]", re.I)
#: antiword draws a table row as ``|cell   |cell   |``
_ANTIWORD_ROW = re.compile(r"^\|.*\|$")


def _tidy(text: str) -> str:
    lines = []
    for line in normalize_newlines(text).split("\n"):
        s = line.strip()
        if PLACEHOLDER_LINES.fullmatch(s):
            continue
        if _ANTIWORD_ROW.match(s) and len(s) > 2:
            s = table_row(s[1:-1].split("|"))
        lines.append(s)
    return join_lines(lines)


def _run(tool: str, args: tuple[str, ...], path: Path) -> tuple[str | None, str]:
    """(text or None, what went wrong) from one converter (given an absolute path, so a
    file name starting with "-" is never read as an option)."""
    target = str(path.resolve())
    try:
        done = subprocess.run([tool, *args, target], capture_output=True, timeout=TIMEOUT_S, check=False)
    except subprocess.TimeoutExpired:
        return None, f"{Path(tool).name} took more than {TIMEOUT_S} s"
    except OSError as e:
        return None, f"{Path(tool).name} did not start: {e.strerror or e}"
    err = done.stderr.decode("utf-8", "replace").strip().splitlines()
    reason = err[-1] if err else f"exit status {done.returncode}"
    reason = reason.replace(target, path.name)
    if done.returncode != 0:
        return None, reason
    text = done.stdout.decode("utf-8", "replace")
    if not looks_like_text(text):
        return None, f"{Path(tool).name} gave no readable text"
    return text, ""


def read_doc(path: Path, data: bytes) -> str:
    """The text of a Word 97 .doc file."""
    kind = sniff(data)  # a .docx, web page or PDF saved under .doc was sent elsewhere by extract.readers
    if kind == "rtf":
        fail(path, Errors.E115, what="it is an RTF file, not Word 97")
    if kind != "ole":
        fail(path, Errors.E115, what="it is not a Word 97 file (no OLE header)")
    tools = [(found, args) for name, args in CONVERTERS if (found := shutil.which(name))]
    reasons = []
    for tool, args in tools:
        text, reason = _run(tool, args, path)
        if text is not None:
            tidy = _tidy(text)
            if tidy:
                return tidy
            reason = "no text in it"
        reasons.append(f"{Path(tool).name}: {reason}")
    try:
        text = word97_text(data)
    except Word97Error as e:
        if not tools and e.unsupported:
            fail(path, Errors.E114)
        reasons.append(f"built-in reader: {e}")
    else:
        if looks_like_text(text):
            return text
        reasons.append("built-in reader: no readable text in it")
    fail(path, Errors.E115, what="; ".join(reasons))
