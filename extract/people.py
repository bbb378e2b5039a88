"""Leadership groups and their members: ``组 长:燕雪英 区委副书记,区政府党组书记、区长``."""
from __future__ import annotations

import re
from functools import lru_cache

from extract.model import Group, Person
from extract.rules import GROUP_ROLES, PERSON_LABELS, UNIT_SUFFIXES
from extract.structure import Line
from extract.textnorm import strip_spaces
from extract.unitnames import split_top

_ROLES = sorted(GROUP_ROLES, key=len, reverse=True)
_LABEL = re.compile(r"^\s*(?P<label>[\u4e00-\u9fa5][\u4e00-\u9fa5 \u3000]{0,7}?)\s*[:：]\s*(?P<rest>.*)$")
_CJK_NAME = re.compile(r"^[\u4e00-\u9fa5·]{2,4}$")
_POST_TITLES = ("副总理", "总理", "国务委员", "副秘书长", "秘书长", "副书记", "书记", "常委", "副主任", "主任",
                "副局长", "局长", "副部长", "部长助理", "部长", "副院长", "院长", "副检察长", "检察长", "副署长",
                "署长", "副主席", "主席", "副市长", "常务副市长", "市长", "副区长", "区长", "副县长", "县长",
                "副镇长", "镇长", "乡长", "副省长", "省长", "副厅长", "厅长", "巡视员", "调研员", "委员", "成员",
                "副总经理", "总经理", "董事长", "行长", "副行长", "主任委员", "党组成员", "负责人", "组长", "副组长")
_TITLE_RX = re.compile("(?:" + "|".join(sorted(_POST_TITLES, key=len, reverse=True)) + ")")
_PARTY = re.compile(r"(?:党组|党委|党工委|党组织)(?:书记|副书记|成员)?$")
_GROUP_NAME = re.compile(r"([\u4e00-\u9fa5“”]{2,40}?(?:领导小组|工作组|指挥部|委员会|联席会议))")
_OFFICE = re.compile(r"办公室\s*[(（]?\s*(?:设在|设于)\s*(?P<unit>[^,，。;；)）]+)")
_DIRECTOR = re.compile(r"(?P<name>[\u4e00-\u9fa5]{2,3}?)(?:同志)?兼任(?:办公室)?主任|办公室主任由(?P<post>[^。,，]*?)"
                       r"(?P<name2>[\u4e00-\u9fa5]{2,3})(?:同志)?兼任")


def _role_of(label: str) -> str | None:
    """组 长 → 组长; a label whose first character was lost (' 长') → the role it ends."""
    s = strip_spaces(label)
    if s in GROUP_ROLES:
        return s
    base = ("组长", "指挥长", "总指挥", "召集人", "主任", "成员", "委员", "秘书长", "联络员")
    if 3 <= len(s) <= 8 and s.endswith(base) and not s.endswith(("单位主任",)) and "单位" not in s:
        return s  # 常务副指挥长, 执行副组长 …
    if 1 <= len(s) <= 2:
        for r in ("组长", "副组长", "成员"):
            if r.endswith(s):
                return r
    return None


@lru_cache(maxsize=1)
def _jieba():
    import jieba

    jieba.setLogLevel(60)
    return jieba


def split_glued(s: str) -> tuple[str, str]:
    """吴仪国务院副总理 → (吴仪, 国务院副总理): jieba's person-name tag, else the split
    whose rest starts with the longest word."""
    _jieba()
    import jieba.posseg as pseg

    name, toks = "", pseg.lcut(s)
    i = 0
    while i < len(toks) and toks[i].flag.startswith("nr") and len(name) + len(toks[i].word) <= 4:
        name += toks[i].word
        i += 1
    if 2 <= len(name) <= 4 and len(s) - len(name) >= 2:
        if len(name) == 2 and i < len(toks) and len(toks[i].word) == 1 and toks[i].word not in "市区县省镇乡国中":
            name += toks[i].word
        return name, s[len(name):]
    best, best_score = (s[:2], s[2:]), -1
    for k in (2, 3):
        rest = s[k:]
        if len(rest) < 2:
            continue
        first = _jieba().lcut(rest, HMM=False)[0]
        score = len(first)
        if score > best_score:
            best, best_score = (s[:k], rest), score
    return best


def parse_member(rest: str) -> tuple[str, list[str]] | None:
    """Name and posts of one member line (names padded with spaces, or glued to posts)."""
    rest = rest.strip().rstrip("。.")
    if not rest:
        return None
    m = re.match(r"^([\u4e00-\u9fa5 \u3000]{2,6}?)\s*[(（](.+?)[)）]?$", rest)
    if m and _CJK_NAME.match(strip_spaces(m.group(1))):
        name, posts = strip_spaces(m.group(1)), m.group(2)
    else:
        tokens = rest.split()
        if len(tokens) >= 3 and len(tokens[0]) == 1 and len(tokens[1]) == 1:
            name, posts = tokens[0] + tokens[1], " ".join(tokens[2:])
        elif len(tokens) >= 2 and 2 <= len(tokens[0]) <= 4:
            name, posts = tokens[0], " ".join(tokens[1:])
        elif len(tokens) == 1 and 4 < len(tokens[0]) <= 30 and not re.search(r"[,，。;；:：]", tokens[0]):
            name, posts = split_glued(tokens[0].rstrip(")）"))
        elif len(tokens) >= 2 and _CJK_NAME.match("".join(_name_tail(tokens))):
            tail = _name_tail(tokens)  # post before name: 市政府副市长　周明远 / 市教育局副局长　潘　悦
            name, posts = "".join(tail), " ".join(tokens[: len(tokens) - len(tail)])
        else:
            return None
        posts = posts.strip().rstrip(")）")
        if posts.startswith(("(", "（")):
            posts = posts[1:]
    if not _CJK_NAME.match(name) or not posts:
        return None
    positions = [strip_spaces(posts[a:b]).strip("。.") for a, b in split_top(posts, "、,，")]
    positions = [p for p in positions if p]
    if not positions or not all(_TITLE_RX.search(p) or p.endswith(("长", "任", "员", "记")) for p in positions):
        return None
    return name, positions


def _name_tail(tokens: list[str]) -> list[str]:
    """The name at the end of a member line: one 2–3 character token, or two single characters."""
    if len(tokens) >= 3 and len(tokens[-1]) == 1 and len(tokens[-2]) == 1:
        return tokens[-2:]
    return tokens[-1:] if 2 <= len(tokens[-1]) <= 3 else []


def org_of(position: str) -> str | None:
    """The unit a post belongs to: 区财政局局长 → 区财政局; 区长 → None."""
    p = _PARTY.sub("", position)
    m = None
    for t in sorted(_POST_TITLES, key=len, reverse=True):
        if p.endswith(t) and len(p) > len(t):
            m = p[: -len(t)]
            break
    if not m:
        return None
    m = _PARTY.sub("", m)
    if m.endswith(("委", "常")) and len(m) <= 2:  # 区委副书记, 县委常委
        return None
    if len(m) >= 2 and (m.endswith(tuple(UNIT_SUFFIXES)) or m in ("国务院",)):
        return m
    return None


def extract_people(lines: list[Line]) -> tuple[list[Person], list[Group]]:
    """Members of leadership groups from their role-labelled lines, and the groups' offices."""
    people: dict[str, Person] = {}
    role: str | None = None
    group_name: str | None = None
    for ln in lines:
        s = ln.norm.strip()
        if not s:
            continue
        g = _GROUP_NAME.search(s)
        if g and role is None and ("名单" in s or "成立" in s or "组成人员" in s or "调整" in s):
            found = re.sub(r"^.*(?:成立|调整|设立|组建|关于|决定对)", "", g.group(1)) or g.group(1)
            if group_name is None or len(found) > len(group_name):  # not the short form (以下简称工作组)
                group_name = found
        lm = _LABEL.match(s)
        rest = None
        if lm and _role_of(lm.group("label")):
            role, rest = _role_of(lm.group("label")), lm.group("rest")
        elif lm:
            role = None
            label, who = strip_spaces(lm.group("label")), strip_spaces(lm.group("rest"))
            if label in PERSON_LABELS and _CJK_NAME.match(who) and who not in people:
                people[who] = Person(who, label, [], None, None, ln.start, ln.end)
            continue
        elif role is not None:
            rest = s
        if rest is None:
            continue
        pieces = [rest[a:b] for a, b in split_top(rest, "、,，")]
        if len(pieces) > 1 and all(re.search(r"[)）]\s*$", x) for x in pieces):
            members = [parse_member(x) for x in pieces]  # 赵文博（区委常委）、孙婉清（副区长）
        else:
            members = [parse_member(rest)]
        if not any(members):
            if lm is None:
                role = None
            continue
        for parsed in filter(None, members):
            name, positions = parsed
            if name not in people:
                people[name] = Person(name=name, group_role=role, positions=positions, org=org_of(positions[0]),
                                      group=group_name, start=ln.start, end=ln.end)
    for person in member_table_people(lines, group_name):
        people.setdefault(person.name, person)
    groups = _groups(lines, group_name, people)
    return list(people.values()), groups


def member_table_people(lines: list[Line], group_name: str | None) -> list[Person]:
    """Members listed as a table, one cell a line: 职务 | 姓名 | 单位职务 (the 职务 cell merged
    over the rows it covers)."""
    cells = [(strip_spaces(ln.norm), ln) for ln in lines if ln.stripped]
    out: list[Person] = []
    for i, (c, _) in enumerate(cells):
        if c != "姓名" or not any(x in ("职务", "组内职务", "小组职务") for x, _ in cells[max(0, i - 2):i]):
            continue
        role: str | None = None
        j = i + 1
        while j < len(cells) and cells[j][0] in ("单位职务", "职务", "现任职务", "工作单位及职务", "单位及职务"):
            j += 1
        while j < len(cells):
            c, ln = cells[j]
            if _role_of(c):
                role, j = _role_of(c), j + 1
                continue
            if role and _CJK_NAME.match(c) and j + 1 < len(cells):
                parsed = parse_member(c + " " + cells[j + 1][1].norm.strip())
                if parsed:
                    out.append(Person(parsed[0], role, parsed[1], org_of(parsed[1][0]), group_name, ln.start,
                                      cells[j + 1][1].end))
                    j += 2
                    continue
            break
    return out


def _groups(lines: list[Line], group_name: str | None, people: dict[str, Person]) -> list[Group]:
    groups = []
    for ln in lines:
        om = _OFFICE.search(ln.norm)
        if not om:
            continue
        dm = _DIRECTOR.search(ln.norm)
        director = (dm.group("name") or dm.group("name2")) if dm else None
        groups.append(Group(name=group_name or "领导小组", office=om.group("unit").strip(), office_director=director,
                            start=ln.start, end=ln.end))
        if director and director not in people and _CJK_NAME.match(director):
            people[director] = Person(director, "办公室主任", [], None, group_name, ln.start, ln.end)
        break
    return groups
