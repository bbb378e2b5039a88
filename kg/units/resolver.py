"""Unit names → canonical units: one node per body per jurisdiction.

The rules are data (``kg/unit_rules.json``), general to the language of Chinese government
bodies, never a table of particular names:

- a name written relative to its jurisdiction (区财政局, 市政府办公室, or 东营区财政局 in a 东营区
  document) is minted under the document's jurisdiction, so 区财政局 of 东营区 and of 莲都区 are two
  nodes, while a national body (财政部, 国家发展改革委 = 发展改革委) is one node everywhere;
- common abbreviation morphemes (发改 ↔ 发展和改革, 人社 ↔ 人力资源和社会保障) are expanded in the key,
  so 区发改局 and 区发展和改革局 get one key in any document;
- a short form whose characters appear in order inside a long form written in the same document
  and jurisdiction, with the same level prefix (区/市/县/省 …) and the same organisational suffix
  (局/委/办 …), is the same unit (区工信局 = 区工业和信息化局); the level prefix is never crossed
  (区财政局 ≠ 市财政局);
- collective units (各镇街, 各县区, 市直各部门) are recognised and linked to the document's units of
  their kind;
- a user alias file (JSON, ``--aliases FILE`` or ``$POLICYKG_ALIASES``) adds or forbids merges.
"""
from __future__ import annotations

import json
import os
import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Iterable
from urllib.parse import quote

from kg.errors import OntologyError

RULES_FILE = Path(__file__).with_name("unit_rules.json")
ID_BASE = "https://policykg.org/id/"
NATIONAL = "国家"
ALIASES_ENV = "POLICYKG_ALIASES"

__all__ = ["Rules", "rules", "normalize", "level_of", "org_suffix", "is_national", "collective_kinds",
           "split_position", "title_fits", "iri_part", "AliasRules", "load_aliases", "UnitRef", "UnitResolver", "unit_iri",
           "is_abbreviation"]


@dataclass(frozen=True)
class Rules:
    """The rule tables of ``unit_rules.json``, loaded once."""

    level_prefixes: tuple[str, ...]
    not_level_words: tuple[str, ...]
    org_suffixes: tuple[str, ...]          # longest first
    suffix_variants: dict[str, str]
    morphemes: tuple[tuple[str, str], ...]  # longest short form first
    national_jurisdictions: tuple[str, ...]
    national_prefixes: tuple[str, ...]
    national_suffixes: tuple[str, ...]
    local_suffix_exceptions: tuple[str, ...]
    national_prefix_strip: tuple[str, ...]
    collective_markers: tuple[str, ...]
    collective_kinds: tuple[tuple[str, tuple[str, ...]], ...]  # longest token first
    collective_strip: tuple[str, ...]
    department_suffixes: tuple[str, ...]
    not_member_endings: tuple[str, ...]
    member_strip: tuple[str, ...]
    post_party_prefixes: tuple[str, ...]
    post_titles: frozenset[str]
    post_title_pattern: re.Pattern


def _by_len(items: Iterable[str]) -> tuple[str, ...]:
    return tuple(sorted(items, key=lambda s: (-len(s), s)))


@lru_cache(maxsize=4)
def rules(path: str | None = None) -> Rules:
    """Load and check the rule tables (raises OntologyError naming the file and key)."""
    p = Path(path) if path else RULES_FILE
    try:
        d = json.loads(p.read_text(encoding="utf-8"))
        return Rules(
            level_prefixes=tuple(d["level_prefixes"]),
            not_level_words=tuple(d["not_level_words"]),
            org_suffixes=_by_len(d["org_suffixes"]),
            suffix_variants=dict(d["suffix_variants"]),
            morphemes=tuple(sorted(d["morphemes"].items(), key=lambda kv: (-len(kv[0]), kv[0]))),
            national_jurisdictions=tuple(d["national_jurisdictions"]),
            national_prefixes=_by_len(d["national_prefixes"]),
            national_suffixes=_by_len(d["national_suffixes"]),
            local_suffix_exceptions=_by_len(d["local_suffix_exceptions"]),
            national_prefix_strip=_by_len(d["national_prefix_strip"]),
            collective_markers=_by_len(d["collective_markers"]),
            collective_kinds=tuple(sorted(((k, tuple(v)) for k, v in d["collective_kinds"].items()),
                                          key=lambda kv: (-len(kv[0]), kv[0]))),
            collective_strip=_by_len(d["collective_strip"]),
            department_suffixes=_by_len(d["department_suffixes"]),
            not_member_endings=_by_len(d["not_member_endings"]),
            member_strip=_by_len(d["member_strip"]),
            post_party_prefixes=_by_len(d["post_party_prefixes"]),
            post_titles=frozenset(d["post_titles"]),
            post_title_pattern=re.compile(d["post_title_pattern"]),
        )
    except (OSError, ValueError, KeyError, TypeError, re.error) as e:
        raise OntologyError(f"unit rules {p} are unreadable or incomplete ({e!r}); "
                            "restore kg/unit_rules.json", code="E210") from None


# ------------------------------------------------------------------ name predicates

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


# ------------------------------------------------------------------ posts

def split_position(position: str, org: str | None = None, r: Rules | None = None) -> tuple[str | None, str]:
    """Split a position into (unit as written, post title) by suffix rules.

    A bare title takes ``org`` (the person's unit, or the unit of the position before it in the
    same list: 区财政局党组书记、局长) when the title fits that unit (局长 fits a 局, 院长 a 院, 主任
    anything; 区长 does not fit 区委).

    >>> split_position("区财政局党组书记")
    ('区财政局', '党组书记')
    >>> split_position("局长", org="区财政局")
    ('区财政局', '局长')
    >>> split_position("区委组织部副部长")
    ('区委组织部', '副部长')
    >>> split_position("副区长", org="区委")
    (None, '副区长')
    """
    r = r or rules()
    p = normalize(position)
    o = normalize(org) if org else ""
    if not p or _is_title(p, r):
        return (o if o and title_fits(p, o, r) else None), p
    for i in range(2, len(p)):
        head, tail = p[:i], p[i:]
        if org_suffix(head, r) and _is_title(tail, r):
            return head, tail
    return (o if o and title_fits(p, o, r) else None), p


def title_fits(title: str, unit: str, r: Rules | None = None) -> bool:
    """Can a bare title be a post of this unit? 局长 of a 局, 检察长 of a 检察院; 主任/书记 of any.

    >>> title_fits("局长", "区财政局"), title_fits("副区长", "区委"), title_fits("办事处主任", "辛店街道")
    (True, False, True)
    """
    r = r or rules()
    t = title
    for pre in r.post_party_prefixes:
        if t.startswith(pre) and len(t) > len(pre):
            t = t[len(pre):]
            break
    m = re.fullmatch(r"(?:常务)?副?(.+?)长(?:助理)?", t)
    if not m or t in r.post_titles:
        return True
    stem = m.group(1)
    body = unit[len(level_of(unit, r)):]
    return stem in body


def _is_title(s: str, r: Rules) -> bool:
    for pre in r.post_party_prefixes:
        if s.startswith(pre) and len(s) > len(pre):
            s = s[len(pre):]
            break
    return s in r.post_titles or bool(r.post_title_pattern.match(s))


# ------------------------------------------------------------------ aliases

@dataclass
class AliasRules:
    """User merges and forbidden merges, from a JSON file.

    Format::

        {"merge":  [["区农业局", "区农业农村局"], ["东营公安分局", "市公安局东营区分局", "东营区"]],
         "forbid": [["区文旅局", "区文化和旅游局"]]}

    A merge maps the first name onto the second (optionally only in the jurisdiction given as a third
    element); a forbid keeps two names apart whatever the rules say. A merge across levels (区 ↔ 市)
    is refused.
    """

    merge: dict[tuple[str, str | None], str] = field(default_factory=dict)
    forbid: set[frozenset[str]] = field(default_factory=set)

    def merge_target(self, name: str, scope: str | None) -> str | None:
        return self.merge.get((name, scope)) or self.merge.get((name, None))

    def forbidden(self, a: str, b: str) -> bool:
        return frozenset((a, b)) in self.forbid


def load_aliases(path: str | Path | None = None) -> AliasRules | None:
    """Read an alias file (``path`` or ``$POLICYKG_ALIASES``); None when neither is given."""
    path = path or os.environ.get(ALIASES_ENV)
    if not path:
        return None
    p = Path(path)
    try:
        d = json.loads(p.read_text(encoding="utf-8"))
    except OSError as e:
        raise OntologyError(f"alias file {p} cannot be read ({e.strerror}); check --aliases", code="E211") from None
    except ValueError as e:
        raise OntologyError(f"alias file {p} is not JSON ({e}); see kg/units.py AliasRules for the format",
                            code="E212") from None
    out = AliasRules()
    r = rules()
    for i, item in enumerate(d.get("merge", [])):
        if not (isinstance(item, list) and len(item) in (2, 3) and all(isinstance(x, str) for x in item)):
            raise OntologyError(f"alias file {p}: merge[{i}] must be [name, name] or [name, name, jurisdiction]",
                                code="E213")
        a, b = normalize(item[0]), normalize(item[1])
        if level_of(a, r) != level_of(b, r) and level_of(a, r) and level_of(b, r):
            raise OntologyError(f"alias file {p}: merge[{i}] joins {item[0]} and {item[1]} across levels; "
                                "units of different levels are never one unit", code="E214")
        out.merge[(a, item[2] if len(item) == 3 else None)] = b
    for i, item in enumerate(d.get("forbid", [])):
        if not (isinstance(item, list) and len(item) == 2 and all(isinstance(x, str) for x in item)):
            raise OntologyError(f"alias file {p}: forbid[{i}] must be [name, name]", code="E213")
        out.forbid.add(frozenset((normalize(item[0]), normalize(item[1]))))
    return out


# ------------------------------------------------------------------ resolution

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


@dataclass
class UnitRef:
    """A resolved unit: IRI, canonical key, scope and the names written for it in this document."""

    iri: str
    key: str
    scope: str
    national: bool
    collective: list[str] | None  # member kinds for a collective unit
    names: set[str] = field(default_factory=set)

    jurisdiction_prefixed: set[str] = field(default_factory=set)

    @property
    def pref_label(self) -> str:
        """The longest name written for the unit, preferring names without the jurisdiction's own
        name in front (区市场监管局 over 东营区市场监督管理局); ties: first in code-point order."""
        return sorted(self.names, key=lambda s: (s in self.jurisdiction_prefixed, -len(s), s))[0]

    @property
    def alt_labels(self) -> list[str]:
        """The other names written for the unit, and each without the alias it carries in brackets
        (区委组织部(人才办) is also 区委组织部)."""
        p = self.pref_label
        return sorted({n for n in self.names if n != p} | {b for n in self.names if (b := without_alias(n)) != n})


class UnitResolver:
    """Resolve every unit name of one document to canonical units.

    Register all names first (:meth:`add`), then :meth:`resolve` each one; the co-occurrence rule
    needs the whole document.

    >>> res = UnitResolver("东营区", "d1")
    >>> for n in ["区发改局", "区工信局", "区工业和信息化局", "区财政局", "市财政局", "财政部"]:
    ...     res.add(n)
    >>> res.resolve("区工信局").iri == res.resolve("区工业和信息化局").iri
    True
    >>> res.resolve("区财政局").iri == res.resolve("市财政局").iri
    False
    >>> res.resolve("区发改局").key, res.resolve("财政部").scope
    ('区发展和改革局', '国家')
    """

    def __init__(self, jurisdiction: str | None, doc_id: str, aliases: AliasRules | None = None,
                 r: Rules | None = None):
        self.r = r or rules()
        self.jurisdiction = normalize(jurisdiction or "") or None
        self.doc_id = doc_id
        self.aliases = aliases or AliasRules()
        self.national_doc = is_national_jurisdiction(self.jurisdiction, self.r)
        j = self.jurisdiction or ""
        self._level = j[-1] if j and not self.national_doc and j[-1] in self.r.level_prefixes else ""
        self._names: dict[str, tuple[str, str, bool, list[str] | None]] = {}  # norm → (scope, key, national, kinds)
        self._display: dict[str, str] = {}  # norm → the name as first written
        self._merged: dict[tuple[str, str], str] | None = None
        self._refs: dict[tuple[str, str], UnitRef] = {}

    # -- keys
    def _local_scope(self) -> str:
        return self.jurisdiction or f"doc:{self.doc_id}"

    def _strip_jurisdiction(self, n: str) -> str:
        j = self.jurisdiction
        if not j or self.national_doc:
            return n
        for name in _jurisdiction_names(j, self.r):
            i = n.find(name)
            if i < 0 or len(n) <= i + len(name) + 1:
                continue
            if i > 0 and not _PARENT_ADMIN.fullmatch(n[:i]):
                continue  # 金华市婺城区… strips, 某某婺城区… does not
            lv = name[-1] if name[-1] in self.r.level_prefixes else ""
            rest = n[i + len(name):]
            return (lv + rest) if lv and not level_of(rest, self.r) else rest
        return n

    def _rule_key(self, n: str) -> tuple[str, str, bool, list[str] | None]:
        kinds = collective_kinds(n, self.r)
        if kinds is not None:
            return self._local_scope(), _suffix_key(n, self.r), False, kinds
        local = self._strip_jurisdiction(without_alias(n))
        if is_national(local, self.jurisdiction, self.r):
            key = local
            for p in self.r.national_prefix_strip:
                if key.startswith(p) and len(key) > len(p) + 1:
                    key = key[len(p):]
                    break
            return NATIONAL, _suffix_key(expand_morphemes(key, self.r), self.r), True, None
        return self._local_scope(), _suffix_key(expand_morphemes(local, self.r), self.r), False, None

    def add(self, name: str) -> None:
        """Register a name written in the document."""
        n = normalize(name)
        if not n or n in self._names:
            return
        self._display[n] = _SPACE.sub("", name.strip())
        self._merged = None
        scope, key, national, kinds = self._rule_key(n)
        target = self.aliases.merge_target(n, None if scope == NATIONAL else scope)
        if target:
            t_scope, t_key, t_nat, t_kinds = self._rule_key(target)
            if level_of(target, self.r) == level_of(n, self.r) or not level_of(n, self.r):
                scope, key, national, kinds = t_scope, t_key, t_nat, t_kinds
        self._names[n] = (scope, key, national, kinds)

    def _merge_map(self) -> dict[tuple[str, str], str]:
        """Co-occurrence merges: short key → long key within a scope, unique candidate only."""
        if self._merged is not None:
            return self._merged
        # keys by scope, and which written names carry each key
        by_scope: dict[str, dict[str, set[str]]] = {}
        for n, (scope, key, _nat, kinds) in self._names.items():
            if kinds is None:
                by_scope.setdefault(scope, {}).setdefault(key, set()).add(n)
        merged: dict[tuple[str, str], str] = {}
        for scope, keys in by_scope.items():
            for short in keys:
                cands = [lk for lk in keys if lk != short and is_abbreviation(short, lk, self.r)
                         and not any(self.aliases.forbidden(a, b) for a in keys[short] for b in keys[lk])]
                if len(cands) == 1:
                    merged[(scope, short)] = cands[0]
            # an unprefixed name in a local document = the level-prefixed one written beside it
            lv = self._level
            if lv and scope == self.jurisdiction:
                for k in keys:
                    if not level_of(k, self.r) and lv + k in keys and (scope, k) not in merged and not any(
                            self.aliases.forbidden(a, b) for a in keys[k] for b in keys[lv + k]):
                        merged[(scope, k)] = lv + k
        # follow chains to the longest form
        for k in list(merged):
            seen, v = {k[1]}, merged[k]
            while (k[0], v) in merged and v not in seen:
                seen.add(v)
                v = merged[(k[0], v)]
            merged[k] = v
        self._merged = merged
        return merged

    def resolve(self, name: str) -> UnitRef:
        """The canonical unit for a written name (registering it if it was not)."""
        n = normalize(name)
        if n not in self._names:
            self.add(n)
        scope, key, national, kinds = self._names[n]
        key = self._merge_map().get((scope, key), key)
        forbid_clash = [m for m in self._names if m != n and self.aliases.forbidden(n, m)
                        and self._final_key(m) == (scope, key)]
        if forbid_clash:
            key = "=" + n  # the user keeps this name apart from what the rules would join it to
        ref = self._refs.get((scope, key))
        if ref is None:
            ref = self._refs[(scope, key)] = UnitRef(unit_iri(scope, key), key, scope, national, kinds)
        shown = self._display.get(n, n)
        ref.names.add(shown)
        if self._strip_jurisdiction(n) != n:
            ref.jurisdiction_prefixed.add(shown)
        return ref

    def _final_key(self, n: str) -> tuple[str, str]:
        scope, key, _nat, _k = self._names[n]
        return scope, self._merge_map().get((scope, key), key)

    def units(self) -> list[UnitRef]:
        """Every unit resolved so far, in IRI order."""
        return sorted(self._refs.values(), key=lambda u: u.iri)

    def members_of(self, collective: UnitRef) -> list[UnitRef]:
        """The document's units of the collective's kind (各镇街 → the 镇 and 街道 named)."""
        kinds = collective.collective or []
        if not kinds:
            return []
        level = level_of(collective.pref_label, self.r)
        out = []
        for u in self.units():
            if u.collective is not None or u is collective:
                continue
            if any(self._is_member(name, kinds, level, u) for name in u.names):
                out.append(u)
        return out

    def _is_member(self, name: str, kinds: list[str], level: str, u: UnitRef) -> bool:
        base = name
        for s in self.r.member_strip:
            if base.endswith(s) and len(base) > len(s):
                base = base[: -len(s)]
                break
        if any(base.endswith(e) for e in self.r.not_member_endings):
            return False
        for k in kinds:
            if k == "@department":
                same_level = level_of(name, self.r) == level if level else u.national == self.national_doc
                if same_level and org_suffix(name, self.r) in self.r.department_suffixes:
                    return True
            elif base.endswith(k) and len(base) > len(k) and not level_of(base, self.r):
                return True
        return False


_PARENT_ADMIN = re.compile(r"(?:[^省市区县州盟旗]{2,8}?(?:省|自治区|市|州|盟))+")


def _jurisdiction_names(j: str, r: Rules) -> list[str]:
    """The jurisdiction's own name and its last administrative component (山东省东营市东营区 → 东营区)."""
    out = [j]
    m = re.search(r"[^省市区县州盟旗]+[省市区县州盟旗]$", j)
    if m and m.group(0) != j:
        out.append(m.group(0))
    return out
