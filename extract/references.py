"""Documents cited in 《》 (nested 〈〉/<> kept as written); abbreviations skipped."""
from __future__ import annotations

import re

from extract.model import Reference
from extract.rules import DOC_NUMBER_RX, GENERIC_TITLES, REPEAL_WORDS
from extract.textnorm import squash

_NUMBER_AFTER = re.compile(r"\s*[(（]\s*(?P<n>" + DOC_NUMBER_RX + r")\s*[)）]")
_ABBREV = re.compile(r"简称\s*《(?P<t>[^《》]{1,30})》")


def _repealed_after(text: str, at: int) -> bool:
    """The rest of the citation's clause says it is repealed (…》(…号)同时废止)."""
    clause = re.split(r"[。；;，,《]", text[at:at + 60], maxsplit=1)[0]
    return any(w in clause for w in REPEAL_WORDS)


def find_references(text: str) -> list[Reference]:
    """Every distinct 《title》 in order of first appearance."""
    abbreviations = {squash(m.group("t")) for m in _ABBREV.finditer(text)}
    out: dict[str, Reference] = {}
    depth, start = 0, -1
    for i, ch in enumerate(text):
        if ch == "《":
            if depth == 0:
                start = i + 1
            depth += 1
        elif ch == "》" and depth:
            depth -= 1
            if depth == 0:
                title = text[start:i].strip()
                key = squash(title)
                if not key or "\n" in title or key in abbreviations or key in GENERIC_TITLES or len(key) > 120:
                    continue
                ref = out.setdefault(key, Reference(title, start, i))
                number = _NUMBER_AFTER.match(text, i + 1)
                if number and ref.doc_number is None:
                    ref.doc_number = re.sub(r"\s+", "", number.group("n"))
                ref.repealed = ref.repealed or _repealed_after(text, i + 1)
    return list(out.values())
