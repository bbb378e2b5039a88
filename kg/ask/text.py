"""Question text: normalization for matching, compact forms and fuzzy similarity.

The original question is kept for display; everything here makes the matching form:
NFKC (full-width → half-width), traditional → simplified (OpenCC ``t2s``), no whitespace,
no question mark or trailing punctuation, a few spoken variants (啥 → 什么).
"""
from __future__ import annotations

import re
import unicodedata

from extract.textnorm import to_simplified

__all__ = ["normalize_question", "compact", "bigrams", "dice", "to_simplified"]

_SPACE = re.compile(r"\s+")
_EDGE = "?!。.,;:~…、 \"'"
_DASHES = str.maketrans({"—": "-", "–": "-", "－": "-", "～": "~"})


def normalize_question(question: str, variants: dict[str, str] | None = None) -> str:
    """The matching form of a question.

    >>> normalize_question(" 區財政局 負責哪些任務？ ")
    '区财政局负责哪些任务'
    >>> normalize_question("区财政局（东营区）负责啥", {"啥": "什么"})
    '区财政局(东营区)负责什么'
    """
    s = unicodedata.normalize("NFKC", question or "")
    s = to_simplified(s)
    s = _SPACE.sub("", s).translate(_DASHES)
    for a, b in sorted((variants or {}).items(), key=lambda kv: -len(kv[0])):
        s = s.replace(a, b)
    return s.strip(_EDGE)


def _is_noise(ch: str) -> bool:
    cat = unicodedata.category(ch)
    return cat[0] in "PSZC"


def compact(text: str) -> str:
    """Text without spaces, punctuation or symbols (for matching headings and metrics).

    >>> compact("深化“放管服”改革（2024年）")
    '深化放管服改革2024年'
    """
    s = unicodedata.normalize("NFKC", text or "")
    return "".join(ch for ch in s if not _is_noise(ch))


def bigrams(text: str) -> set[str]:
    """Character bigrams (a single character counts as one)."""
    if len(text) < 2:
        return {text} if text else set()
    return {text[i:i + 2] for i in range(len(text) - 1)}


def dice(a: str, b: str) -> float:
    """Dice coefficient of the character bigrams of two strings.

    >>> round(dice("背街后巷交通组织优化", "优化提升背街后巷交通组织"), 2)
    0.8
    """
    x, y = bigrams(a), bigrams(b)
    if not x or not y:
        return 0.0
    return 2 * len(x & y) / (len(x) + len(y))


def coverage(part: str, whole: str) -> float:
    """Share of the bigrams of ``part`` found in ``whole``.

    >>> coverage("背街后巷交通组织优化", "优化提升背街后巷交通组织")
    0.8888888888888888
    """
    x = bigrams(part)
    if not x:
        return 0.0
    return len(x & bigrams(whole)) / len(x)
