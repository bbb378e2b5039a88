"""Unit-name canonicalisation for linking: the matching form of a name (abbreviations expanded,
suffix variants unified) and the short form of a place name."""
from __future__ import annotations

import re
from functools import lru_cache

from kg.units import normalize, rules

__all__ = ["canon", "short_place"]


@lru_cache(maxsize=1)
def _morpheme_regex() -> tuple[re.Pattern, dict[str, str]]:
    r = rules()
    table: dict[str, str] = {}
    for short, long in r.morphemes:
        table[short] = long
        table[long] = long
    alternatives = sorted(table, key=lambda s: (-len(s), s))
    return re.compile("|".join(re.escape(a) for a in alternatives)), table


@lru_cache(maxsize=65536)
def canon(name: str) -> str:
    """Canonical matching form of a unit name: abbreviations expanded, suffix variants unified.

    >>> canon("区发改局") == canon("区发展和改革局")
    True
    >>> canon("四川省发展和改革委员会") == canon("四川省发展改革委")
    True
    >>> canon("区财政局") == canon("市财政局")
    False
    """
    rx, table = _morpheme_regex()
    s = rx.sub(lambda m: table[m.group(0)], normalize(name))
    for long, short in sorted(rules().suffix_variants.items(), key=lambda kv: -len(kv[0])):
        if s.endswith(long) and len(s) > len(long):
            return s[: -len(long)] + short
    return s


def short_place(place: str) -> str | None:
    """东营区 → 东营, 湖北省 → 湖北 (None when too short to stand alone)."""
    for suffix in ("特别行政区", "自治区", "自治州", "省", "市", "区", "县"):
        if place.endswith(suffix) and len(place) - len(suffix) >= 2:
            return place[: -len(suffix)]
    return None
