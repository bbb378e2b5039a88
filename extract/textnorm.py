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


_TABLE = {cp: _fold_char(chr(cp)) for cp in [*range(0xFF01, 0xFF5F), 0x3000, 0x00A0, 0x2002, 0x2003,
                                                0x2160, 0x2161, 0xFE50, 0xFE51, 0xFE52, 0xFE54, 0xFE55]
          if len(_fold_char(chr(cp))) == 1}


def fold(text: str) -> str:
    """Width-fold (full-width → ASCII, ideographic space → space) char by char;
    the result has the same length as ``text``."""
    if text.isascii():
        return text
    return text.translate(_TABLE)


_T2S: dict[int, str] = {}
_T2S_SEEN: set[str] = set()


@lru_cache(maxsize=1)
def _opencc():
    from opencc import OpenCC

    return OpenCC("t2s")


def to_simplified(text: str) -> str:
    """Traditional → simplified character by character (OpenCC's t2s table), so the
    result keeps the length of ``text``; used for matching only."""
    new = {c for c in text if "\u3400" <= c <= "\u9fff"} - _T2S_SEEN
    if new:
        cc = _opencc()
        for c in new:
            s = cc.convert(c)
            if len(s) == 1 and s != c:
                _T2S[ord(c)] = s
        _T2S_SEEN.update(new)
    return text.translate(_T2S)


def is_traditional(text: str) -> bool:
    """Whether a text is written in traditional characters (enough of them change under t2s)."""
    cjk = [c for c in text[:20000] if "\u4e00" <= c <= "\u9fff"]
    if len(cjk) < 20:
        return False
    changed = sum(1 for a, b in zip(cjk, to_simplified("".join(cjk))) if a != b)
    return changed >= max(5, len(cjk) // 50)


_SPACES = re.compile(r"[\s\u3000]+")


def squash(text: str) -> str:
    """NFKC and no whitespace: the key for comparing names."""
    return _SPACES.sub("", unicodedata.normalize("NFKC", text))


def strip_spaces(text: str) -> str:
    """Remove whitespace (names padded with spaces, table cells broken by wrapping)."""
    return _SPACES.sub("", text)
