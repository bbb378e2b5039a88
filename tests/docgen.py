"""Generated inputs shared by the tests and the benchmarks: a deep plan of numbered headings, and a
.docx-shaped zip whose one part is streamed from chunks (decompression bombs)."""
from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Iterable

from extract.readers_numbering import chinese_number

_CONTENT_TYPES = ('<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                  '<Default Extension="xml" ContentType="application/xml"/></Types>')


def headings_text(n: int, measure: str = "落实具体措施。") -> str:
    """A plan of ``n`` numbered lines nested 一、 › (一) › 1., each 1. saying ``measure`` (``{c}`` is its
    number) with a unit marker.

    >>> headings_text(3).splitlines()[1:4]
    ['一、第1项工作', '(一)推进第1项任务', '1.落实具体措施。(责任单位:区财政局)']
    """
    out, i, a = ["某区某工作方案"], 0, 0
    while i < n:
        a += 1
        out.append(f"{chinese_number(a)}、第{a}项工作")
        i += 1
        for b in range(1, 6):
            out.append(f"({chinese_number(b)})推进第{b}项任务")
            i += 1
            for c in range(1, 4):
                out.append(f"{c}.{measure.format(c=c)}(责任单位:区财政局)")
                i += 1
    return "\n".join(out) + "\n"


def zip_part(path: Path, part: str, chunks: Iterable[bytes]) -> Path:
    """A zip at ``path`` with a content-types entry and ``part`` written from ``chunks`` (never held whole)."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", _CONTENT_TYPES)
        with z.open(part, "w", force_zip64=True) as f:
            for c in chunks:
                f.write(c)
    return path
