"""Is this string a person's name? A surname (from ``rules/surnames.txt``) plus one to three characters,
never a function word, a role word or a fragment of a post.

>>> is_person_name("燕雪英"), is_person_name("欧阳晨"), is_person_name("甘霖")
(True, True, True)
>>> is_person_name("负责"), is_person_name("管负责"), is_person_name("的负责"), is_person_name("由肖富")
(False, False, False, False)
>>> is_person_name("卫生"), is_person_name("卫生", strict=True)
(True, False)
"""
from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources

from extract.errors import ExtractError
from extract.rules import NAME_NOT_PARTS, UNIT_SUFFIXES
from extract.segment import jieba_words

_NOT_PARTS = re.compile("|".join(map(re.escape, NAME_NOT_PARTS)))
# A name never ends like a body does (水利中心, 城建集团): the unit suffixes of two characters or more.
_UNIT_ENDINGS = tuple(s for s in UNIT_SUFFIXES if len(s) >= 2)
_TOKEN = re.compile(r"^[\u4e00-\u9fa5]{1,2}$")
_CJK = re.compile(r"^[\u4e00-\u9fa5]+$")
_MINORITY = re.compile(r"^[\u4e00-\u9fa5]{1,6}·[\u4e00-\u9fa5·]{1,10}$")  # 努尔·白克力
# A dictionary word this frequent (in jieba's counts) and not tagged as a name is a word, not a name,
# when nothing but the text around it says where the name stops (glued to a post, inside prose).
COMMON_WORD_FREQ = 300


@lru_cache(maxsize=1)
def surnames() -> tuple[frozenset[str], frozenset[str]]:
    """(single, compound) surnames from the data file; a bad row fails naming the file and row."""
    text = resources.files("extract.rules").joinpath("surnames.txt").read_text(encoding="utf-8")
    single, compound = set(), set()
    for no, line in enumerate(text.splitlines(), 1):
        if line.lstrip().startswith("#"):
            continue
        for tok in line.split():
            if not _TOKEN.match(tok):
                raise ExtractError(f"extract/rules/surnames.txt row {no}: expected surnames of one or two Chinese "
                                   f"characters separated by spaces, got {tok!r}; fix the row", code="E141")
            (single if len(tok) == 1 else compound).add(tok)
    return frozenset(single), frozenset(compound)


def surname_of(name: str) -> str | None:
    """The surname a name starts with (compound first), or None."""
    single, compound = surnames()
    if name[:2] in compound and len(name) >= 3:
        return name[:2]
    return name[:1] if name[:1] in single else None


def is_common_word(s: str) -> bool:
    """A frequent dictionary word not tagged as a person's name (卫生, 要求, 国家)."""
    freq, tags = jieba_words()
    return (freq.get(s) or 0) >= COMMON_WORD_FREQ and not (tags.get(s) or "").startswith("nr")


def is_person_name(name: str, strict: bool = False) -> bool:
    """A surname plus one to three characters, with no role word, function word or post fragment.

    ``strict``: the name was cut out of running text (glued to a post, inside a sentence), so a frequent
    ordinary word (卫生, 要求) is not taken as a name either."""
    if _MINORITY.match(name):
        return True
    if not _CJK.match(name) or not 2 <= len(name) <= 4:
        return False
    sur = surname_of(name)
    if sur is None or not 1 <= len(name) - len(sur) <= 3:
        return False
    if _NOT_PARTS.search(name) or name.endswith(_UNIT_ENDINGS):
        return False
    return not (strict and is_common_word(name))
