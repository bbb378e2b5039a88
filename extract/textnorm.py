"""Normalisation for matching only: the result has the same length as the input,
so every span found in it is a span in the original text."""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_KEEP = set("—–〔〕【】《》〈〉“”‘’、。…·①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳")


@lru_cache(maxsize=4096)
def _fold_char(ch: str) -> str:
    if ch in _KEEP:
        return ch
    if ch == "\u3000":
        return " "
    n = unicodedata.normalize("NFKC", ch)
    return n if len(n) == 1 else ch


def fold(text: str) -> str:
    """Width-fold (full-width → ASCII) char by char; same length as ``text``."""
    if text.isascii():
        return text
    return "".join(_fold_char(c) for c in text)


_SPACES = re.compile(r"[\s\u3000]+")


def squash(text: str) -> str:
    """NFKC and no whitespace: the key for comparing names."""
    return _SPACES.sub("", unicodedata.normalize("NFKC", text))


def strip_spaces(text: str) -> str:
    """Remove whitespace (names padded with spaces, table cells broken by wrapping)."""
    return _SPACES.sub("", text)
