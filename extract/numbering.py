"""Numbering markers at the start of a line (一、 (一) 1. (1) ① 第一章 第一条)."""
from __future__ import annotations

import re
from dataclasses import dataclass

from extract.numerals import cn_to_int  # noqa: F401 (kept importable from here)
from extract.rules import ARABIC_BEFORE_DIGIT, CIRCLED, NUMBERING

_PATTERNS = [(style, re.compile(r"[ \t\u3000]*" + rx)) for style, rx in NUMBERING.items()]
_BEFORE_DIGIT = re.compile(r"[ \t\u3000]*" + ARABIC_BEFORE_DIGIT)
_QUANTITY = "%％万亿元个家项年月日号倍"  # a number followed by these is a quantity, not a marker


@dataclass
class Marker:
    """A numbering marker: its style, its number, where it ends in the line."""

    style: str
    number: int
    written: str
    end: int  # offset in the line just after the marker
    label: str = ""  # the number as a path writes it, when not just ``number`` (10.7)


def match_marker(line: str) -> Marker | None:
    """The numbering marker at the start of a width-folded line, if any."""
    for style, rx in _PATTERNS:
        m = rx.match(line)
        if not m:
            continue
        n = m.group("n")
        if style.startswith("dotted"):  # 10.7: number 7 of the list 10.x
            rest = line[m.end():].lstrip()[:1]
            if rest in _QUANTITY:
                continue
            return Marker(style, int(n.split(".")[-1]), n, m.end(), n)
        number = CIRCLED.index(n) + 1 if style == "circled" else cn_to_int(n)
        rest = line[m.end():m.end() + 1]
        if style == "cn" and rest in ("是", "要", "批", "些", "方", "体", "律", "般", "定", "直", "致"):
            continue  # 一是…, 一批… are prose, not numbering
        if style == "arabic" and (rest == "" or rest in _QUANTITY):
            continue
        return Marker(style, number, m.group(0).strip(), m.end())
    return None


def continuing_marker(line: str, expected: set[int]) -> Marker | None:
    """An arabic marker whose heading starts with a digit (11.121人才梯队项目), when its number is
    the next of an open list; elsewhere "11.121" is a decimal.

    >>> continuing_marker("11.121人才梯队项目。", {11}).number, continuing_marker("11.121人才", {3})
    (11, None)
    """
    m = _BEFORE_DIGIT.match(line)
    if not m or int(m.group("n")) not in expected:
        return None
    return Marker("arabic", int(m.group("n")), m.group(0).strip(), m.end())
