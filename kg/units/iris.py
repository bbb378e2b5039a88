"""IRIs of units: readable path segments under ``ID_BASE``."""
from __future__ import annotations

import unicodedata
from urllib.parse import quote

ID_BASE = "https://policykg.org/id/"

__all__ = ["ID_BASE", "iri_part", "unit_iri"]


def iri_part(s: str) -> str:
    """One IRI path segment: Chinese and other letters kept as they are, ASCII punctuation,
    spaces and controls percent-encoded (so the IRI stays readable and valid).

    >>> iri_part("区财政局 (A/B)")
    '区财政局%20%28A%2FB%29'
    """
    out = []
    for ch in s:
        if ord(ch) > 127 and (ch.isalnum() or unicodedata.category(ch)[0] in "LMN"):
            out.append(ch)
        else:
            out.append(quote(ch, safe="-._~" if ch.isascii() else ""))
    return "".join(out)


def unit_iri(scope: str, key: str) -> str:
    """The IRI of a unit: from its scope (jurisdiction or 国家) and canonical key.

    >>> unit_iri("东营区", "区财政局")
    'https://policykg.org/id/unit/东营区/区财政局'
    """
    return f"{ID_BASE}unit/{iri_part(scope)}/{iri_part(key)}"
