"""Leadership groups and their members.

Members are written in several ways, all read here:

- role-labelled lines, names padded with spaces: ``组 长:燕雪英 区委副书记,区政府党组书记、区长``;
- run-on lists, the State Council form: ``成员:孙尧(教育部副部长)、连维良(发展改革委副主任)``, or with the post
  first: ``成员:市财政局局长李强、市教育局局长王芳``;
- tables, one row a line (``组长 | 张三 | 县委副书记、县长``, ``姓名 职务`` under a header) or one cell a line;
- prose: ``由省长王清宪负总责``, ``由副市长李明任组长``.

A post with no name (``组长:负责住房和城乡建设工作的副市长``) is no person: every name must be a surname plus one
to three characters (``extract.personnames``).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from extract.model import Group, Person
from extract.personnames import is_person_name, surname_of
from extract.segment import load_jieba
from extract.rules import (ACADEMIC_TITLES, GROUP_ROLES, ORG_ENDINGS, PERSON_LABEL_HEADS, PERSON_LABELS, POST_TITLES,
                           PROSE_ROLES, SUB_BODIES, UNIT_SUFFIXES)
from extract.structure import Line
from extract.textnorm import strip_spaces
from extract.unitnames import split_top

_ROLES = sorted(GROUP_ROLES, key=len, reverse=True)
_LABEL = re.compile(r"^\s*(?P<label>[\u4e00-\u9fa5][\u4e00-\u9fa5 \u3000]{0,7}?)\s*[:：]\s*(?P<rest>.*)$")
_CJK_NAME = re.compile(r"^[\u4e00-\u9fa5·]{2,4}$")
_POST_TITLES = tuple(sorted(POST_TITLES, key=len, reverse=True))
_TITLE_RX = re.compile("(?:" + "|".join(_POST_TITLES + tuple(ACADEMIC_TITLES)) + ")")
_PARTY = re.compile(r"(?:党组|党委|党工委|党组织)(?:书记|副书记|成员)?$")
_GROUP_NAME = re.compile(r"([\u4e00-\u9fa5“”]{2,40}?(?:领导小组|工作组|指挥部|委员会|联席会议|工作专班))")
_OFFICE = re.compile(r"办公室\s*[(（]?\s*(?:设在|设于)\s*(?P<unit>[^,，。;；)）]+)")
_DIRECTOR = re.compile(r"(?P<seg>[^。,，;；、:：]{2,30}?)(?:同志)?兼任(?:办公室)?主任|办公室主任由(?P<seg2>[^。,，;；]*?)"
                       r"(?:同志)?兼任")
# Single-character unit endings: a name glued to a post never ends with one (文化局局长 is no 文化局),
# and a post cut after a name never starts with one (局局长).
_UNIT_CHARS = frozenset(s for s in UNIT_SUFFIXES if len(s) == 1)
# a post may start with its place (县政府办公室主任), never with a unit's ending or a conjunction (和城乡建设局局长)
_NOT_POST_START = (_UNIT_CHARS - set("镇乡区县市省州盟旗")) | set("和与及的之或等并")
_ORG_ENDINGS = tuple(sorted(set(UNIT_SUFFIXES) | set(ORG_ENDINGS), key=len, reverse=True))
# Prose: "…任组长", "…担任副召集人", "由省长王清宪负总责".
_PROSE_ROLES = sorted(set(GROUP_ROLES) - {"成员", "委员", "主任", "主席", "秘书长", "联络员"}, key=len, reverse=True)
_PROSE = re.compile(r"(?:同志)?(?:(?:兼任|担任|任)(?P<role>" + "|".join(_PROSE_ROLES) + r")|(?P<role2>"
                    + "|".join(PROSE_ROLES) + "))")
_CLAUSE_START = re.compile(r"[,，。;；:：、()（）\s]|由|请|经|决定|确定|成立")
# A short numbered line inside a member list that heads a subgroup: (一)部门委员, 2.专家成员.
_SUBGROUP = re.compile(r"^\s*(?:[(（]?[一二三四五六七八九十\d]{1,3}[)）、.．]?)\s*[\u4e00-\u9fa5]{0,10}(?:委员|成员|专家|组)"
                       r"[\u4e00-\u9fa5()（）]{0,14}$")
# Cells of a table row written on one line: |-separated, tab-separated, or two or more spaces apart.
_CELL_SEP = re.compile(r"\s*[|｜\t]\s*|\s{2,}|\u3000+")
_NAME_HEADERS = ("姓名", "名字")
_GROUP_CUES = re.compile("名单|成立|组成人员|调整|(?:^|同意|决定|[,，。;；])建立|设立|组建")
_TITLE_AT_END = re.compile("(?:" + "|".join(_POST_TITLES) + ")$")
_LIST_TITLE = re.compile(r"(?:成员|组成人员|人员)名单(?:[(（][^)）]*[)）])?$")
_COMRADE = re.compile(r"^([\u4e00-\u9fa5 ]{2,6}?)\s*同志\s*")
# Members side by side with spaces between: 李四(常务副县长)  王五(副县长)
_BRACKET_GAP = re.compile(r"(?<=[)）])\s+(?=\S)")
# Prose with the role first: 组长由县长张三担任, 副组长由副县长李四、王五同志担任
_ROLE_ALT = "|".join(sorted(set(GROUP_ROLES) | {"办公室主任"}, key=len, reverse=True))
# ... a list of several, separated by ，: 副总指挥由A，B，C担任; or the role, then 为/包括 and the list to the clause's end:
# 成员为市财政局局长李强，市教育局局长王芳。 The role stands at a clause's start or after the body it belongs to.
_ROLE_FIRST = re.compile(r"(?P<role>" + _ROLE_ALT + r")由(?P<seg>[^。;；:：]{2,240}?)(?:同志)?(?:担任|兼任)")
_ROLE_IS = re.compile(r"(?:^|(?<=[,，;；。:：\s、])|(?<=小组|专班|会议)|(?<=指挥部|委员会|工作组))(?P<role>" + _ROLE_ALT
                      + r")(?:为|是|包括|有)(?P<seg>[^。;；:：]{2,400})")
# ... or the body made up of a list: 由A、B等同志组成 (members, unless a role is given them elsewhere)
_MADE_UP = re.compile(r"由(?P<seg>[^。;；:：由]{2,240}?(?:等)?(?:同志|人)?)组成")
_HEAD_GAP = re.compile(r"^\s*(?:[(（]?[一二三四五六七八九十\d]{1,3}[)）、.．]?)?\s*[\u4e00-\u9fa5]{2,16}?(?:组|专班|小组|分指挥部)"
                       r"[ \u3000]+(?=(?P<label>[\u4e00-\u9fa5]{2,8})\s*[:：])")
# A line that holds several labelled lists (组长：A；副组长：B。职责：…, 办公室主任：A，办公室副主任：B) is read as
# one clause per label: a break before each label that follows a clause's end.
_NEXT_LABEL = re.compile(r"(?<=[。;；,，])\s*(?=(?P<label>[\u4e00-\u9fa5]{2,8})\s*[:：])")
# A body's heading before its members (1.综合协调组。 / （二）专家咨询组): the sub-group the members belong to.
_BODY_HEAD = re.compile(r"^\s*(?:[(（]?[一二三四五六七八九十\d]{1,3}[)）、.．]?)?\s*(?P<name>[\u4e00-\u9fa5]{2,16}?"
                        r"(?:组|专班|小组|分指挥部|委员会))\s*[。.：:]?\s*$")


def _role_of(label: str) -> str | None:
    """组 长 → 组长; a label whose first character was lost (' 长') → the role it ends."""
    s = strip_spaces(label)
    if s in GROUP_ROLES:
        return s
    base = ("组长", "指挥长", "总指挥", "召集人", "主任", "成员", "委员", "秘书长", "联络员", "顾问", "河长", "湖长", "林长",
            "田长", "链长")
    if s in ("顾问", "河长", "林长", "链长"):
        return s
    if 3 <= len(s) <= 8 and s.endswith(base) and not s.endswith(("单位主任",)) and "单位" not in s:
        return s  # 常务副指挥长, 执行副组长 …
    if 1 <= len(s) <= 2:
        for r in ("组长", "副组长", "成员"):
            if r.endswith(s):
                return r
    return None


def _is_person_label(label: str) -> bool:
    """责任领导, 牵头负责领导, 责任人: a label whose head names a person."""
    return label in PERSON_LABELS or (2 <= len(label) <= 8 and label.endswith(PERSON_LABEL_HEADS))


def _is_post(p: str) -> bool:
    """A post or title as a member list writes it (区财政局局长, 院士, 办事处主任)."""
    return bool(_TITLE_RX.search(p)) or p.endswith(("长", "任", "员", "记"))


def _glued_ok(name: str, post: str, name_first: bool = True) -> bool:
    """A name cut from a post it is glued to: a name by itself, not a word or the stem of a unit
    (the post after a name does not start with a unit's ending)."""
    return (is_person_name(name, strict=True) and name[-1] not in _UNIT_CHARS and bool(post)
            and not (name_first and post[0] in _NOT_POST_START) and _is_post(post))


def _cuts_a_word(s: str, k: int) -> bool:
    """Cutting ``s`` after ``k`` characters splits a dictionary word (东北师|范大学)."""
    ends, pos = {0}, 0
    for w in load_jieba().lcut(s, HMM=False):
        pos += len(w)
        ends.add(pos)
    return k not in ends


def split_glued(s: str) -> tuple[str, str] | None:
    """A name glued to its post, either side: 吴仪国务院副总理 → (吴仪, 国务院副总理),
    市政府副市长周明远 → (周明远, 市政府副市长); a post alone → None.

    >>> split_glued("吴仪国务院副总理"), split_glued("市政府副市长周明远")
    (('吴仪', '国务院副总理'), ('周明远', '市政府副市长'))
    >>> [split_glued(s) for s in ("负责住房和城乡建设工作的副市长", "文化局局长", "东北师范大学原校长")]
    [None, None, None]
    """
    # the name after the post: the post ends with a title and 2–4 characters follow
    for m in reversed(list(_TITLE_RX.finditer(s))):
        tail = s[m.end():]
        if 2 <= len(tail) <= 4 and _glued_ok(tail, s[:m.end()], name_first=False) and not _cuts_a_word(s, m.end()):
            return tail, s[:m.end()]
        break
    # the name before the post: jieba's person-name tag, else the split whose rest starts with the longest word
    if surname_of(s) is None:
        return None
    load_jieba()
    import jieba.posseg as pseg

    name, toks = "", pseg.lcut(s)
    i = 0
    while i < len(toks) and toks[i].flag.startswith("nr") and len(name) + len(toks[i].word) <= 4:
        name += toks[i].word
        i += 1
    if 2 <= len(name) <= 4 and len(s) - len(name) >= 2:
        if len(name) == 2 and i < len(toks) and len(toks[i].word) == 1 and toks[i].word not in "市区县省镇乡国中":
            name += toks[i].word
        if _glued_ok(name, s[len(name):]) and not _cuts_a_word(s, len(name)):
            return name, s[len(name):]
    best, best_score = None, -1
    for k in (2, 3):
        rest = s[k:]
        if len(rest) < 2 or not _glued_ok(s[:k], rest) or _cuts_a_word(s, k):
            continue
        score = len(load_jieba().lcut(rest, HMM=False)[0])
        if score > best_score:
            best, best_score = (s[:k], rest), score
    return best


def _positions(posts: str) -> list[str]:
    out = [strip_spaces(posts[a:b]).strip("。.;；") for a, b in split_top(posts, "、,，;；")]
    return [p for p in out if p]


def parse_member(rest: str) -> tuple[str, list[str]] | None:
    """Name and posts of one member (names padded with spaces, in front of or glued to their posts).

    >>> parse_member("张 伟  区委副书记、区长")
    ('张伟', ['区委副书记', '区长'])
    >>> parse_member("孙尧(教育部副部长)"), parse_member("市教育局副局长　潘　悦")
    (('孙尧', ['教育部副部长']), ('潘悦', ['市教育局副局长']))
    >>> parse_member("负责住房和城乡建设工作的副市长") is None
    True
    """
    rest = rest.strip().rstrip("。.;；")
    if not rest:
        return None
    strict = False
    rest = _COMRADE.sub(r"\1 ", rest)  # 张三同志(县长), 张三同志 县长
    m = re.match(r"^([\u4e00-\u9fa5 \u3000]{2,6}?)\s*(?:[(（](.+?)[)）]?|[,，:：]\s*(.+))$", rest)
    if m and _CJK_NAME.match(strip_spaces(m.group(1))):  # 孙尧(教育部副部长), 张三,县委副书记、县长
        name, posts = strip_spaces(m.group(1)), m.group(2) or m.group(3)
    else:
        tokens = rest.split()
        if len(tokens) >= 3 and len(tokens[0]) == 1 and len(tokens[1]) == 1:
            name, posts = tokens[0] + tokens[1], " ".join(tokens[2:])
        elif len(tokens) >= 2 and 2 <= len(tokens[0]) <= 4 and is_person_name(tokens[0]):
            name, posts = tokens[0], " ".join(tokens[1:])
        elif len(tokens) == 1 and 4 < len(tokens[0]) <= 30 and not re.search(r"[,，。;；:：]", tokens[0]):
            glued = split_glued(tokens[0].rstrip(")）"))
            if glued is None:
                return None
            (name, posts), strict = glued, True
        elif len(tokens) >= 2 and _CJK_NAME.match("".join(_name_tail(tokens))):
            tail = _name_tail(tokens)  # post before name: 市政府副市长　周明远 / 市教育局副局长　潘　悦
            name, posts = "".join(tail), " ".join(tokens[: len(tokens) - len(tail)])
        else:
            return None
        posts = posts.strip().rstrip(")）")
        if posts.startswith(("(", "（")):
            posts = posts[1:]
    if not is_person_name(name, strict=strict) or not posts:
        return None
    positions = _positions(posts)
    if not positions or not any(_is_post(p) for p in positions):
        return None
    return name, positions


def _name_tail(tokens: list[str]) -> list[str]:
    """The name at the end of a member line: one 2–3 character token, or two single characters."""
    if len(tokens) >= 3 and len(tokens[-1]) == 1 and len(tokens[-2]) == 1:
        return tokens[-2:]
    return tokens[-1:] if 2 <= len(tokens[-1]) <= 3 else []


def _members(rest: str) -> list[tuple[str, list[str], int, int]]:
    """The members one line's text names, with their spans in ``rest``: one member with several posts
    (张伟 区委副书记、区长), or a run-on list where pieces name members of their own (孙尧(教育部副部长)、
    连维良(发展改革委副主任); 市财政局局长李强、市教育局局长王芳) and pieces naming no one (各区分管负责同志)
    are posts without a name.

    >>> [m[:2] for m in _members("市财政局局长李强、市教育局局长王芳,各区人民政府分管负责同志")]
    [('李强', ['市财政局局长']), ('王芳', ['市教育局局长'])]
    """
    gaps = _BRACKET_GAP.sub(lambda g: "、" + g.group(0)[1:], rest)  # same length: spans stay
    pieces = [(a, b) for a, b in split_top(gaps, "、,，;；") if rest[a:b].strip()]
    if len(pieces) > 1:
        parsed = [parse_member(rest[a:b]) for a, b in pieces]
        named = [(p, a, b) for p, (a, b) in zip(parsed, pieces) if p]
        if len({p[0] for p, _, _ in named}) >= 2:
            return [(p[0], p[1], a, b) for p, a, b in named]
        if all(_bare_name(rest[a:b]) for a, b in pieces):  # 成员:张三、李四、王五
            return [(_CONCURRENT.sub("", strip_spaces(rest[a:b]).rstrip("。.")), [], a, b) for a, b in pieces]
        one = parse_member(rest)
        if one is None and len(named) == 1:  # 区发改局局长李强、各镇分管负责同志
            p, a, b = named[0]
            return [(p[0], p[1], a, b)]
    one = parse_member(rest)
    if one is None and _bare_name(rest):  # 组长:张三
        return [(_CONCURRENT.sub("", strip_spaces(rest).rstrip("。.")), [], 0, len(rest))]
    return [(one[0], one[1], 0, len(rest))] if one else []


def _post_only(s: str) -> bool:
    """A line of a member list that names posts or units but no one (区发展和改革局主要负责同志, 分管副区长):
    the list goes on after it.

    >>> _post_only("市发展改革委、市财政局分管负责同志,各区人民政府分管负责同志"), _post_only("二、主要职责")
    (True, False)
    """
    s = s.strip().rstrip("。.;；")
    if not s or len(s) > 160 or re.search(r"[。:：]", s):
        return False
    pieces = [strip_spaces(s[a:b]) for a, b in split_top(s, "、,，;；")]
    return all(p and (p.endswith(("同志", "负责人")) or _TITLE_RX.search(p[-4:]) or p.endswith(_ORG_ENDINGS))
               for p in pieces)


_CONCURRENT = re.compile(r"\s*[(（]兼[)）]\s*$")  # 贾文涛（兼）: a member who holds this role too


def _bare_name(s: str) -> bool:
    s = _CONCURRENT.sub("", strip_spaces(s).rstrip("。."))
    return is_person_name(s, strict=True) and s[-1] not in _UNIT_CHARS


def org_of(position: str) -> str | None:
    """The unit a post belongs to: 区财政局局长 → 区财政局; 区长, 华中师范大学原党委书记 → None.

    >>> org_of("区财政局局长"), org_of("北京大学社会科学学部主任"), org_of("中央党校副校长"), org_of("区长")
    ('区财政局', '北京大学', '中央党校', None)
    """
    p = _PARTY.sub("", position)
    t = _TITLE_AT_END.search(p)
    m = p[: t.start()] if t and t.start() > 0 else None
    if m is None and p != position and p.endswith(_ORG_ENDINGS) and len(p) >= 2:
        m = p  # 区财政局党组书记: the unit before its party body
    if m is None and p.endswith(ORG_ENDINGS + ("学院", "研究院")) and len(p) > 3:
        m = p  # 教授、复旦大学: the unit alone
    if not m:
        return None
    m = _PARTY.sub("", m)
    for body in SUB_BODIES:  # 学术委员会主任, 社会科学学部主任: the unit ends before the body
        if m.endswith(body) and len(m) > len(body) + 1:
            head = m[: -len(body)]
            cut = max((head.rfind(e) + len(e) for e in ("大学", "学院", "研究院", "科学院") if head.rfind(e) > 0),
                      default=-1)
            m = head[:cut] if body == "学部" and cut > 0 else head if body != "学部" else m
            break
    if m.endswith(("委", "常")) and len(m) <= 2:  # 区委副书记, 县委常委
        return None
    if len(m) >= 2 and (m.endswith(_ORG_ENDINGS) or m in ("国务院",)):
        return m
    return None


def _org(positions: list[str]) -> str | None:
    """The unit of the first post that names one (教授、北京大学社会科学学部主任 → 北京大学)."""
    return next((o for o in map(org_of, positions) if o), None)


def _row_cells(s: str, keep_empty: bool = False) -> list[str]:
    """A table row written on one line, as its cells; two single characters apart are one padded name.
    ``keep_empty``: a row with | between its cells keeps its empty (merged) cells."""
    s = s.strip()
    if keep_empty and ("|" in s or "｜" in s):
        return [c.strip() for c in re.split(r"[|｜]", s.strip("|｜"))]
    cells = [c for c in _CELL_SEP.split(s.strip("|｜")) if c]
    out: list[str] = []
    for c in cells:
        if out and len(c) == 1 and len(out[-1]) == 1 and is_person_name(out[-1] + c):
            out[-1] += c
        else:
            out.append(c)
    return out


def _table_row(s: str) -> tuple[str | None, tuple[str, list[str]] | None] | None:
    """One member-table row: (role cell, (name, posts)); None when the line is no such row.
    A row with only a role (a merged cell that heads the rows below) gives (role, None)."""
    cells = [c for c in map(str.strip, _row_cells(s)) if c and not re.fullmatch(r"\d{1,3}[.、．]?", c)]  # 序号
    if not cells:
        return None
    role = next((strip_spaces(c) for c in cells if strip_spaces(c) in GROUP_ROLES), None)
    rest = [c for c in cells if strip_spaces(c) != role]
    if role and not rest:
        return role, None
    name = next((strip_spaces(c) for c in rest if is_person_name(strip_spaces(c))), None)
    if name is None:
        return None
    posts = _positions("、".join(c for c in rest if strip_spaces(c) != name))
    if posts and not any(_is_post(p) for p in posts):
        return None
    return role, (name, posts)


def _is_header(s: str) -> bool:
    """The header row of a member table: 姓名 among its cells (序号 姓名 职务, 职务|姓名|单位及职务)."""
    if not any(h in s for h in _NAME_HEADERS):
        return False
    cells = [strip_spaces(c) for c in _row_cells(s)]
    return len(cells) >= 2 and any(c in _NAME_HEADERS for c in cells) and all(len(c) <= 8 for c in cells)


def prose_people(s: str, start: int = 0) -> list[tuple[str, str, list[str], int, int]]:
    """Members named in prose: (name, role, posts, start, end) for 由省长王清宪负总责, 由副市长李明任组长.

    >>> [p[:3] for p in prose_people("由省长王清宪负总责,副省长刘惠同志任副组长。")]
    [('王清宪', '负总责', ['省长']), ('刘惠', '副组长', ['副省长'])]
    >>> prose_people("由分管副市长任组长")
    []
    """
    out = []
    if not re.search("任|负|为|是|包括|有|组成", s):
        return out
    for m in _PROSE.finditer(s):
        role = m.group("role") or m.group("role2")
        b = m.start()
        while True:  # 常务副市长钟离远、副市长文华任副组长: each post + name before the role
            a = b
            while a > 0 and not _CLAUSE_START.match(s[a - 1]) and b - a < 24:
                a -= 1
            found = _post_and_name(s[a:b])
            if found is None:
                break
            name, post = found
            out.append((name, role, [post] if post else [], start + a, start + m.end()))
            if a == 0 or s[a - 1] not in "、和及":
                break
            b = a - 1
    for m in [*_ROLE_FIRST.finditer(s), *_ROLE_IS.finditer(s), *_MADE_UP.finditer(s)]:  # 组长由县长张三担任, 成员为…
        seg, base = m.group("seg"), m.start("seg")
        for name, posts, a, b in listed_people(seg):
            out.append((name, m.groupdict().get("role") or "成员", posts, start + base + a, start + base + b))
    return out


def listed_people(seg: str) -> list[tuple[str, list[str], int, int]]:
    """The people of a list in prose, with their spans: items apart at ，/； (or at 、 when each names someone),
    each item its posts then the name (市委常委、宣传部部长程慧敏), or a name alone (张三同志); an item naming
    no one (市交通运输局分管副局长) is a post, not a person.

    >>> [p[:2] for p in listed_people("市委常委、宣传部部长程慧敏，市政府副市长钱学东，市交通运输局分管副局长")]
    [('程慧敏', ['市委常委', '宣传部部长']), ('钱学东', ['市政府副市长'])]
    >>> [p[:2] for p in listed_people("县长张三、副县长李四和王五等同志")]
    [('张三', ['县长']), ('李四', ['副县长']), ('王五', [])]
    """
    out = []
    for a, b in split_top(seg, ",，;；"):
        item = seg[a:b]
        for seps in ("、和及", "、"):  # 和 may be part of a unit's name (文化广电和旅游局)
            parts = [(a + c, a + d) for c, d in split_top(item, seps) if seg[a + c:a + d].strip()]
            found = [_post_and_name(_strip_etc(seg[c:d])) for c, d in parts]
            if len(parts) > 1 and all(found):  # 县长张三、副县长李四和王五
                break
        if len(parts) > 1 and all(found):
            out += [(f[0], [f[1]] if f[1] else [], c, d) for f, (c, d) in zip(found, parts)]
            continue
        last = found[-1] if found else None
        posts = [strip_spaces(seg[c:d]) for c, d in parts[:-1]]
        if last and last[1] and all(map(_is_post, posts)) and not any(found[:-1]):  # 市委常委、宣传部部长程慧敏
            out.append((last[0], posts + [last[1]], a, b))
        elif last:
            out += [(f[0], [f[1]] if f[1] else [], c, d) for f, (c, d) in zip(found, parts) if f]
    return out


def _strip_etc(s: str) -> str:
    """An item of a list without what closes the list: 王五等同志 → 王五, 李四(兼) → 李四."""
    s = re.sub(r"[(（]兼[)）]$", "", s.strip())
    return re.sub(r"(?:等)?(?:同志|人)?$", "", s) if s.endswith(("等", "同志", "等人")) else s


def _post_and_name(seg: str) -> tuple[str, str] | None:
    """(name, post) of a clause ending in a name (省长王清宪, 副市长文华, 张三同志)."""
    seg = re.sub(r"同志$", "", seg)
    for k in (3, 2, 4):
        if len(seg) < k:
            continue
        name, post = seg[-k:], seg[:-k]
        # a name that follows a post is bounded on both sides; alone it must not be a common word
        if post and not _is_post(post) or name[-1] in _UNIT_CHARS:
            continue
        # a cut right after a title (副局长|江海涛) is sound even where the dictionary reads across it (长江)
        if is_person_name(name, strict=not post) and (post and _TITLE_AT_END.search(post)
                                                      or not _cuts_a_word(seg, len(post))):
            return name, post
    return None


def extract_people(lines: list[Line]) -> tuple[list[Person], list[Group]]:
    """Members of leadership groups from their role-labelled lines, tables and prose, and the groups' offices."""
    people: dict[str, Person] = {}
    role: str | None = None
    group_name: str | None = None
    header: list[str] | None = None  # inside a member table, one row a line: its header cells
    rows: list[list[_RowCell]] = []
    first_label: Line | None = None
    list_open = False  # the line before was the title of a member list (…领导小组成员名单)

    prose: list[Person] = []  # named in sentences; a member list naming the same person wins

    body: str | None = None  # a sub-group the members below belong to (1.综合协调组。组长：…)
    concurrent: list[tuple[str, str | None, str | None, int, int]] = []  # named with （兼）

    def add(name, group_role, positions, a, b, into=people):
        if name not in into:
            into[name] = Person(name=name, group_role=group_role, positions=positions, org=_org(positions),
                                group=body or group_name, start=a, end=b)

    def flush_table():
        nonlocal header, rows
        if header is not None:
            for person in table_members(header, rows, group_name):
                people.setdefault(person.name, person)
        header, rows = None, []

    def add_prose(s, off):
        for name, prole, posts, a, b in prose_people(s, off):
            prose.append(Person(name, prole, posts, _org(posts), group_name, a, b))

    for ln in _clauses(lines):
        s = ln.norm.strip()
        if not s:
            continue
        off = ln.start + (len(ln.norm) - len(ln.norm.lstrip()))
        found = group_name_in(s) if role is None else None
        if found and (group_name is None or len(found) > len(group_name)):  # not the short form (以下简称工作组)
            group_name = found
        head = _BODY_HEAD.match(s)
        if head:  # a sub-group's heading; the group's own (（一）工作专班 of …工作专班) is none
            name = head.group("name")
            body = None if group_name and (group_name.endswith(name) or name in group_name) else name
            if body and not _LABEL.match(s):
                continue
        if _is_header(s):
            flush_table()
            header, role = _row_cells(s, keep_empty=True), None
            continue
        if header is not None:
            if _table_row(s) is not None:
                rows.append([_RowCell(c, ln.start, ln.end) for c in _row_cells(s, keep_empty=True)])
                continue
            flush_table()
        lm = _LABEL.match(s)
        rest = None
        rest_off = off
        if lm and _role_of(lm.group("label")):
            role, rest = _role_of(lm.group("label")), lm.group("rest")
            first_label = first_label or ln
            rest_off = off + lm.start("rest")
        elif lm:
            role = None
            label, who = strip_spaces(lm.group("label")), lm.group("rest").strip().rstrip("。.;；")
            if _is_person_label(label):  # 责任领导:张三 / 牵头领导:李四、王五 / 分管领导:副县长赵六
                for a, b in split_top(who, "、,，;；"):
                    piece = strip_spaces(who[a:b])
                    found = (piece, "") if is_person_name(piece) else _post_and_name(piece)
                    if found and found[0] not in people:
                        people[found[0]] = Person(found[0], label, [found[1]] if found[1] else [], _org([found[1]]),
                                                  None, ln.start, ln.end)
            add_prose(s, off)
            continue
        else:
            tokens = s.split()
            head = tokens[0] if tokens else ""
            if len(tokens) >= 3 and len(tokens[0]) == 1 and len(tokens[1]) == 1:
                head = tokens[0] + tokens[1]  # 组 长 张三 …
            alone = strip_spaces(s).rstrip(":：")
            if alone in GROUP_ROLES or re.sub(r"^(?:常务|执行|第一)?副?", "", alone) in GROUP_ROLES:
                role = _role_of(alone)  # the role label on its own line, its members below
                first_label = first_label or ln
                list_open = False
                continue
            if head in GROUP_ROLES and len(head) < len(strip_spaces(s)):
                cut = s.index(head[-1], s.index(head[0])) + 1
                if _members(s[cut:]):  # 组长 张三 县委副书记、县长 (a row without a colon)
                    role, rest, rest_off = head, s[cut:], off + cut
            if rest is None and role is not None:
                rest = s
            elif rest is None and list_open and _members(s):  # rows under "…成员名单" with no role label
                role, rest = "成员", s
        list_open = bool(_LIST_TITLE.search(s)) and len(s) <= 60
        if rest is None:
            body = None if lm else body
            add_prose(s, off)
            continue
        members = _members(rest)
        if not members:
            if lm is None and not _SUBGROUP.match(s) and not _post_only(s):
                role, body = None, None
                add_prose(s, off)
            continue
        for name, positions, a, b in members:
            if _CONCURRENT.search(rest[a:b]):  # 龚建华（兼）: a role held besides the one the list gives elsewhere
                concurrent.append((name, role, body or group_name, rest_off + a, rest_off + b))
                continue
            add(name, role, positions, rest_off + a, rest_off + b)
    flush_table()
    for person in member_table_people(lines, group_name):  # one cell a line: the table reads the posts too
        if person.name not in people or not people[person.name].positions:
            people[person.name] = person
    from_prose: set[str] = set()
    for person in prose:  # the first sentence naming someone gives the role; a later one may add the posts
        known = people.setdefault(person.name, person)
        if known is person:
            from_prose.add(person.name)
        elif person.name in from_prose and not known.positions and person.positions:
            known.positions, known.org = person.positions, person.org
    for name, crole, cgroup, a, b in concurrent:  # its own role where the person is listed, this one besides
        if name not in people:
            people[name] = Person(name, crole, [], None, cgroup, a, b)
        elif crole and (crole, cgroup) != (people[name].group_role, people[name].group) \
                and not any(x["group_role"] == crole and x["group"] == cgroup for x in people[name].also):
            people[name].also.append({"group": cgroup, "group_role": crole, "start": a, "end": b})
    groups = _groups(lines, group_name, people, first_label)
    return list(people.values()), groups


def _clauses(lines: list[Line]) -> list[Line]:
    """The lines, a line holding several labelled lists cut into one clause a list (组长：A；副组长：B。职责：…,
    办公室主任：A，办公室副主任：B): a cut before each label after a clause's end, where one of them is a role."""
    out: list[Line] = []
    for ln in lines:
        cuts = [m for m in _NEXT_LABEL.finditer(ln.norm)
                if _role_of(m.group("label")) or ln.norm[m.start() - 1] in "。;；"]
        gap = _HEAD_GAP.match(ln.norm)  # 2.产业发展组　组长：…: the body's name apart by a space
        if gap and _role_of(gap.group("label")):
            cuts.insert(0, gap)
        if not any(_role_of(m.group("label")) for m in cuts):
            out.append(ln)
            continue
        edges = [0] + [m.end() if m is gap else m.start() for m in cuts] + [len(ln.norm)]
        for a, b in zip(edges, edges[1:]):
            b = a + len(ln.norm[a:b].rstrip(",，;； \u3000"))  # the clause without the separator after it
            out.append(Line(ln.index, ln.start + a, ln.start + b, ln.text[a:b], ln.norm[a:b]))
    return out


# Header cells of a member table (one cell a line); the role column's header stands before 姓名.
_ROLE_HEADERS = ("职务", "组内职务", "小组职务", "领导小组职务", "分工", "组内分工", "职责分工")
_OTHER_HEADERS = ("序号", "单位职务", "职务", "现任职务", "工作单位及职务", "单位及职务", "工作单位", "单位", "现工作单位及职务",
                  "职务职称", "性别", "备注", "联系电话", "电话", "手机")


def member_table_people(lines: list[Line], group_name: str | None) -> list[Person]:
    """Members listed as a table, one cell a line: [序号 |] [职务 |] 姓名 | 单位职务 (a 职务 cell merged over the rows
    it covers gives their role; without a 职务 column every row is 成员)."""
    cells = [(strip_spaces(ln.norm), ln) for ln in lines if ln.stripped]
    out: list[Person] = []
    for i, (c, _) in enumerate(cells):
        if c not in _NAME_HEADERS:
            continue
        before = [x for x, _ in cells[max(0, i - 3):i]]
        if not before or before[-1] not in _ROLE_HEADERS + _OTHER_HEADERS:
            continue
        role: str | None = None if any(x in _ROLE_HEADERS for x in before[-2:]) else "成员"
        j = i + 1
        while j < len(cells) and cells[j][0] in _OTHER_HEADERS:
            j += 1
        while j < len(cells):
            c, ln = cells[j]
            if re.fullmatch(r"\d{1,3}[.、．]?", c):  # 序号
                j += 1
                continue
            if _role_of(c):
                role, j = _role_of(c), j + 1
                continue
            if role and _CJK_NAME.match(c) and j + 1 < len(cells):
                parsed = parse_member(c + " " + cells[j + 1][1].norm.strip())
                if parsed:
                    out.append(Person(parsed[0], role, parsed[1], _org(parsed[1]), group_name, ln.start,
                                      cells[j + 1][1].end))
                    j += 2
                    continue
            break
    return out


def group_name_in(s: str) -> str | None:
    """The group a title or sentence sets up or lists: 关于成立青岚区优化营商环境工作领导小组的通知 →
    青岚区优化营商环境工作领导小组.

    >>> group_name_in("某县河长制工作领导小组成员名单"), group_name_in("调整后的县森林防灭火指挥部组成人员名单")
    ('某县河长制工作领导小组', '县森林防灭火指挥部')
    """
    if not _GROUP_CUES.search(s):
        return None
    g = _GROUP_NAME.search(s)
    if not g:
        return None
    return re.sub(r"^.*(?:成立|调整|设立|组建|关于|对|同意建立|建立|为|的)(?:后的|后|的)?", "", g.group(1)) or g.group(1)


_UNIT_HEADERS = ("单位", "工作单位", "所在单位", "单位名称")
_POST_HEADERS = ("职务", "现任职务", "职位", "行政职务")


@dataclass
class _RowCell:
    text: str
    start: int
    end: int


def _columns(header: list[str]) -> tuple[int, int | None, list[int]] | None:
    """(name column, role column or None, post columns) of a member table's header, or None."""
    hdr = [strip_spaces(h) for h in header]
    name_col = next((i for i, h in enumerate(hdr) if h in _NAME_HEADERS), None)
    if name_col is None:
        return None
    role_col = next((i for i, h in enumerate(hdr[:name_col]) if h in _ROLE_HEADERS), None)
    post_cols = [i for i, h in enumerate(hdr) if i not in (name_col, role_col) and re.search("职务|单位|职称|职位", h)]
    return name_col, role_col, post_cols


def _row_posts(header: list[str], row: list, post_cols: list[int]) -> list[str]:
    """Posts from a row's post columns; a 单位 column and a 职务 column read as one post (县财政局 + 局长)."""
    hdr = [strip_spaces(h) for h in header]
    unit = next((i for i in post_cols if hdr[i] in _UNIT_HEADERS), None)
    post = next((i for i in post_cols if hdr[i] in _POST_HEADERS), None)
    if unit is not None and post is not None and strip_spaces(row[unit].text) and strip_spaces(row[post].text):
        u, posts = strip_spaces(row[unit].text), _positions(row[post].text)
        rest = [i for i in post_cols if i not in (unit, post) and strip_spaces(row[i].text)]
        first = posts[0] if posts[0].startswith(u) else u + posts[0]
        return [first] + posts[1:] + _positions("、".join(row[i].text for i in rest))
    return _positions("、".join(row[i].text for i in post_cols if strip_spaces(row[i].text)))


def table_members(header: list[str], rows: list[list], group_name: str | None = None) -> list[Person]:
    """Members in a table (``header``: its column names; ``rows``: cells with ``text``, ``start``, ``end``), when a
    column is 姓名: the role from a 职务 column before it (carried down merged, empty cells; 成员 without one),
    posts from the columns of 职务 / 单位 after it; a row that lost or gained cells is read by what its cells hold.

    >>> cells = lambda *t: [_RowCell(x, 0, 0) for x in t]
    >>> [(p.name, p.group_role, p.positions) for p in table_members(["姓名", "工作单位", "职务"],
    ...     [cells("张 伟", "县财政局", "党组书记、局长")])]
    [('张伟', '成员', ['县财政局党组书记', '局长'])]
    """
    cols = _columns(header)
    if cols is None:
        return []
    name_col, role_col, post_cols = cols
    role = None if role_col is not None else "成员"
    group = group_name_in(group_name or "") or group_name
    out: list[Person] = []
    for row in rows:
        if not row:
            continue
        texts = [strip_spaces(c.text) for c in row]
        if len(row) == len(header):
            if role_col is not None and texts[role_col]:
                role = _role_of(texts[role_col]) or role
            name, posts = texts[name_col], _row_posts(header, row, post_cols)
        else:
            found = _table_row(" | ".join(c.text for c in row))
            if found is None:
                continue
            role = found[0] or role
            if found[1] is None:
                continue
            name, posts = found[1]
        if role and is_person_name(name) and (not posts or any(_is_post(p) for p in posts)):
            out.append(Person(name, role, posts, _org(posts), group, row[0].start, row[-1].end))
    return out


def _groups(lines: list[Line], group_name: str | None, people: dict[str, Person],
            labelled: Line | None = None) -> list[Group]:
    """The group's office (办公室设在…) and its director; ``labelled``: the first role-labelled line."""
    groups = []
    for ln in lines:
        om = _OFFICE.search(ln.norm)
        if not om:
            continue
        dm = _DIRECTOR.search(ln.norm)
        found = _post_and_name(dm.group("seg") or dm.group("seg2")) if dm else None
        director = found[0] if found else None  # 由教育部分管职业教育工作的负责同志兼任: a post, no name
        groups.append(Group(name=group_name or "领导小组", office=om.group("unit").strip(), office_director=director,
                            start=ln.start, end=ln.end))
        if director and director not in people:
            people[director] = Person(director, "办公室主任", [], None, group_name, ln.start, ln.end)
        break
    if not groups and group_name and labelled is not None:  # a group listed by post only still is a group
        groups.append(Group(name=group_name, start=labelled.start, end=labelled.end))
    return groups
