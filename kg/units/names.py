"""Name analysis of unit names by the rule tables: the matching form, level prefix, organisational
suffix, abbreviation morphemes, national bodies, bracketed aliases, collective units, abbreviations."""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from kg.units.unit_rules import Rules, rules

__all__ = ["normalize", "level_of", "org_suffix", "expand_morphemes", "is_national_jurisdiction", "is_national",
           "without_alias", "collective_kinds", "is_abbreviation"]


_SPACE = re.compile(r"\s+")


def normalize(name: str) -> str:
    """Matching form of a name: NFKC (full-width → ASCII brackets), no whitespace.

    >>> normalize("区 财政局（东营）")
    '区财政局(东营)'
    """
    return _SPACE.sub("", unicodedata.normalize("NFKC", name or ""))


def level_of(name: str, r: Rules | None = None) -> str:
    """The level prefix (区/市/县/省 …) a relative name starts with, or ''.

    >>> level_of("区财政局"), level_of("市场监管局"), level_of("财政部")
    ('区', '', '')
    """
    r = r or rules()
    if len(name) < 2 or name[0] not in r.level_prefixes:
        return ""
    if any(name.startswith(w) for w in r.not_level_words):
        return ""
    return name[0]


def org_suffix(name: str, r: Rules | None = None) -> str:
    """The organisational suffix a name ends with (局, 委, 办公室, 街道 …), or ''.

    >>> org_suffix("区发展和改革局"), org_suffix("市公安局东营区分局")
    ('局', '分局')
    """
    r = r or rules()
    for s in r.org_suffixes:
        if name.endswith(s) and len(name) > len(s):
            return s
    return ""


def _suffix_key(name: str, r: Rules) -> str:
    for long, short in sorted(r.suffix_variants.items(), key=lambda kv: -len(kv[0])):
        if name.endswith(long) and len(name) > len(long):
            return name[: -len(long)] + short
    return name


def expand_morphemes(name: str, r: Rules | None = None) -> str:
    """Replace abbreviation morphemes by their long form (发改 → 发展和改革), never twice.

    >>> expand_morphemes("区发改局"), expand_morphemes("区发展和改革局"), expand_morphemes("应急管理局")
    ('区发展和改革局', '区发展和改革局', '应急管理局')
    >>> expand_morphemes("市经济信息化委")
    '市经济和信息化委'
    """
    r = r or rules()
    out, i = [], 0
    while i < len(name):
        for short, long in r.morphemes:
            if name.startswith(short, i):
                if name.startswith(long, i):
                    out.append(long)
                    i += len(long)
                else:
                    out.append(long)
                    i += len(short)
                    # 经济信息化委: the short form 经济信息 already stands for 经济和信息化; drop the 化
                    for k in (2, 1):
                        if len(long) > k and name.startswith(long[-k:], i) and not short.endswith(long[-k:]):
                            i += k
                            break
                break
        else:
            out.append(name[i])
            i += 1
    return "".join(out)


def is_national_jurisdiction(jurisdiction: str | None, r: Rules | None = None) -> bool:
    """True for 国务院, 国务院办公厅, 中共中央 … (a document that speaks for the nation)."""
    r = r or rules()
    j = normalize(jurisdiction or "")
    return bool(j) and any(j == n or j.startswith(n) for n in r.national_jurisdictions)


_BRANCH = ("分行", "支行", "分局", "分公司", "办事处", "分中心")


def is_national(name: str, jurisdiction: str | None = None, r: Rules | None = None) -> bool:
    """Is this name a national body (one node everywhere)?

    >>> is_national("财政部"), is_national("国家发展改革委"), is_national("区财政局")
    (True, True, False)
    >>> is_national("发展改革委", "国务院"), is_national("发展改革委", "东营区")
    (True, False)
    >>> is_national("招商工作部"), is_national("区委组织部")
    (False, False)
    """
    r = r or rules()
    n = normalize(name)
    if not n or level_of(n, r) or collective_kinds(n, r) is not None:
        return False
    if n.endswith(_BRANCH):
        return False
    if any(n.startswith(p) and len(n) > len(p) for p in r.national_prefixes):
        return True
    if is_national_jurisdiction(jurisdiction, r):
        return True
    if any(n.endswith(s) for s in r.local_suffix_exceptions):
        return False
    return any(n.endswith(s) and len(n) > len(s) for s in r.national_suffixes)


_ALIAS = re.compile(r"^(.{2,}?[\u4e00-\u9fa5])[(（]([^()（）]{2,12})[)）]$")


def without_alias(name: str) -> str:
    """A unit's name without the other name it carries in brackets at its end: 区委组织部(人才办) and
    区委组织部(区委人才办) are 区委组织部, one body written two ways (the written names stay its labels).

    >>> without_alias("区委组织部(人才办)"), without_alias("区发改局"), without_alias("各县(市、区)人民政府")
    ('区委组织部', '区发改局', '各县(市、区)人民政府')
    """
    m = _ALIAS.match(name)
    return m.group(1) if m else name


def collective_kinds(name: str, r: Rules | None = None) -> list[str] | None:
    """For a collective unit (各镇街, 市直各部门, 各县(市、区)人民政府) the member kinds, else None.

    Kinds are name endings (镇, 街道, 区 …) or ``@department`` (a body of the level's government).

    >>> collective_kinds("各镇街"), collective_kinds("市直各部门"), collective_kinds("区财政局")
    (['镇', '街道'], ['@department'], None)
    >>> collective_kinds("各县(市、区)人民政府")
    ['县', '市', '区']
    >>> collective_kinds("各单位庭园(居住区)所属单位"), collective_kinds("各乡镇卫生院"), collective_kinds("各街办")
    ([], [], ['街道'])
    """
    r = r or rules()
    n = normalize(name)
    rest = None
    for m in r.collective_markers:
        if n.startswith(m) and len(n) > len(m):
            rest = n[len(m):]
            break
    if rest is None:
        i = n.find("各")
        if i <= 0 or i == len(n) - 1:
            return None
        rest = n[i + 1:]
    for m in r.collective_markers:  # 各有关部门, 各相关单位
        if rest.startswith(m) and len(rest) > len(m):
            rest = rest[len(m):]
    for s in r.collective_strip:
        rest = rest.replace(s, "")
    if any(w in rest for w in _describing_words()):
        return []  # 各单位庭园(居住区)所属单位, 各项目牵头单位: a description of units, no known members
    kinds: list[str] = []
    i, tail = 0, 0  # tail: characters after the last kind that name none (卫生院 in 各乡镇卫生院)
    while i < len(rest):
        for token, members in r.collective_kinds:
            if rest.startswith(token, i):
                for k in members:
                    if k not in kinds:
                        kinds.append(k)
                i += len(token)
                tail = 0
                break
        else:
            tail += rest[i] not in "、()（）和及与或等"
            i += 1
    return kinds if tail <= 1 else []  # 各街办 (街道 + 办) names 街道; 各社区居委会 names no kind of body


@lru_cache(maxsize=1)
def _describing_words() -> tuple[str, ...]:
    """Words that make a 各… name a description rather than a kind of body: 所属 and the role parts of labels."""
    from extract.rules.labels import LABEL_ROLE_PARTS

    return ("所属",) + tuple(LABEL_ROLE_PARTS)


def is_abbreviation(short: str, long: str, r: Rules | None = None) -> bool:
    """Is ``short`` an abbreviation of ``long`` by the general rule?

    Same level prefix, same organisational suffix, and the remaining characters of the short
    form appear in order inside the long form (区工信局 ⊂ 区工业和信息化局).

    >>> is_abbreviation("区工信局", "区工业和信息化局"), is_abbreviation("市场监管局", "市场监督管理局")
    (True, True)
    >>> is_abbreviation("区财政局", "市财政局"), is_abbreviation("市公安局", "市公安局东营区分局")
    (False, False)
    """
    r = r or rules()
    if len(short) >= len(long) or level_of(short, r) != level_of(long, r):
        return False
    suf = org_suffix(short, r)
    if not suf or org_suffix(long, r) != suf:
        return False
    lv = len(level_of(short, r))
    core_s, core_l = short[lv:len(short) - len(suf)], long[lv:len(long) - len(suf)]
    if not core_s:
        return False
    it = iter(core_l)
    return all(ch in it for ch in core_s)
