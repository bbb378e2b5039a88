"""Posts: a position split into the unit as written and the post title (区财政局党组书记 → 区财政局, 党组书记),
and whether a bare title fits a unit (局长 of a 局)."""
from __future__ import annotations

import re

from kg.units.names import level_of, normalize, org_suffix
from kg.units.unit_rules import Rules, rules

__all__ = ["split_position", "title_fits"]


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
