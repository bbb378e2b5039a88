"""Resolution of one document's unit names to canonical units (``UnitRef``): rule keys, co-occurrence
merges of short and long forms, user aliases, collective units and their members."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from kg.units.aliases import AliasRules
from kg.units.iris import unit_iri
from kg.units.names import (_SPACE, _suffix_key, collective_kinds, expand_morphemes, is_abbreviation, is_national,
                            is_national_jurisdiction, level_of, normalize, org_suffix, without_alias)
from kg.units.unit_rules import Rules, rules

NATIONAL = "国家"

__all__ = ["NATIONAL", "UnitRef", "UnitResolver"]


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
