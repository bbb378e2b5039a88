"""Unit names as written: splitting lists, stripping role words, telling units from prose."""
from __future__ import annotations

import re

from extract.rules import CATCH_ALLS, COLLECTIVE_PREFIXES, UNIT_LEADING, UNIT_SUFFIXES, UNIT_TRAILING, VERB_STARTS, TARGET_VERBS
from extract.textnorm import squash

OPEN, CLOSE = "(（〔【[<〈", ")）〕】]>〉"
_LEVEL_WORDS = {"各县", "各区", "各市", "各镇", "各乡", "县", "区", "市", "镇", "乡", "各省", "省", "州", "各州"}
_CATCH = {squash(c) for c in CATCH_ALLS}
_BAD_CHARS = set("。；;:：“”\"")
_SUFFIXES = tuple(sorted(UNIT_SUFFIXES, key=len, reverse=True))


def split_top(text: str, seps: str) -> list[tuple[int, int]]:
    """Spans of ``text`` split at ``seps`` outside brackets."""
    out, depth, start = [], 0, 0
    for i, ch in enumerate(text):
        if ch in OPEN:
            depth += 1
        elif ch in CLOSE:
            depth = max(0, depth - 1)
        elif ch in seps and depth == 0:
            out.append((start, i))
            start = i + 1
    out.append((start, len(text)))
    return out


def clean_unit(name: str) -> str:
    """Strip role words, 等, spaces and stray punctuation from a unit as written."""
    s = name.strip(" \t\u3000,，、.。;；:：")
    changed = True
    while changed and s:
        changed = False
        for w in UNIT_TRAILING:
            if s.endswith(w) and len(s) > len(w):
                s, changed = s[: -len(w)].rstrip(" ，,、"), True
        for w in UNIT_LEADING:
            if s.startswith(w) and len(s) > len(w) + 1:
                s, changed = s[len(w):].lstrip(), True
    # 梅岭街道等有关部门和单位 → 梅岭街道
    cut = s.find("等")
    if cut > 1 and (is_catch_all(s[cut + 1:]) or s[cut + 1:] in ("部门", "单位", "机构", "部门和单位")):
        s = s[:cut]
    # an unclosed bracket at either end is debris of a cut marker
    if s.count("(") + s.count("（") < s.count(")") + s.count("）") and s[-1:] in ")）":
        s = s[:-1]
    if s[:1] in "(（" and not any(c in s for c in ")）"):
        s = s[1:]
    return s.strip()


_LEVEL_PREFIX = re.compile(r"^(?:省直|市直|区直|县直|省级|市级|区级|县级|省|市|区|县|乡镇|镇)")


def is_catch_all(name: str) -> bool:
    """有关部门, 相关单位, 省有关部门 … name no kind of body: not units."""
    k = squash(name)
    if k.startswith("等"):
        k = k[1:]
    return k in _CATCH or (_LEVEL_PREFIX.sub("", k) in _CATCH and _LEVEL_PREFIX.sub("", k) != k)


def looks_like_unit(name: str) -> bool:
    """A short name ending like a body (局 委 办 政府 镇 …) or a collective (各…)."""
    s = squash(name)
    if not (2 <= len(s) <= 30) or any(c in _BAD_CHARS for c in s) \
            or (len(s) > 8 and (s.startswith(VERB_STARTS + TARGET_VERBS) or re.search(r"\d", s))):
        return False
    if s.startswith(COLLECTIVE_PREFIXES) and len(s) <= 20:
        return True
    core = re.sub(r"[(（][^()（）]*[)）]$", "", s)  # 各县、区人民政府(管委会)
    return core.endswith(_SUFFIXES) and not re.search(r"[要将对把在为使以]", core[:-1][-3:])


def plausible_listed_name(name: str) -> bool:
    """A name a role label lists that ends like no body (上城资本, 国网公司 … short forms):
    short, all letters, no sentence inside. Only trusted after a label and beside real units."""
    s = squash(name)
    return 2 <= len(s) <= 10 and bool(re.fullmatch(r"[\u4e00-\u9fa5A-Za-z()（）]+", s)) \
        and not s.startswith(VERB_STARTS + TARGET_VERBS)


def _split_spaced(text: str, a: int, b: int) -> list[tuple[int, int]]:
    """区发改局 区财政局 区商务局: units apart by spaces (not line breaks, which a PDF puts
    inside names), split when every part is a unit."""
    parts = [(a + m.start(), a + m.end()) for m in re.finditer(r"[^ \t\u3000]+", text[a:b])]
    if len(parts) > 1 and all(looks_like_unit(clean_unit(text[x:y])) and "\n" not in text[x:y].strip()
                              for x, y in parts):
        return parts
    return [(a, b)]


_JOINED = re.compile(r"以及|和|及|与")


def _split_joined(text: str, a: int, b: int) -> list[tuple[int, int]]:
    """区财政局和区税务局: two units joined by 和/及/与 when both are units at the same level
    (same first character); 区发展和改革局, 各县(市、区)党委和人民政府 and 高新区党工委和管委会 stay whole."""
    for m in _JOINED.finditer(text, a, b):
        left, right = clean_unit(text[a:m.start()]), clean_unit(text[m.end():b])
        if left[:1] and left[:1] == right[:1] and looks_like_unit(left) and looks_like_unit(right) \
                and left.endswith(_SUFFIXES):
            return [(a, m.start())] + _split_joined(text, m.end(), b)
    return [(a, b)]


_PLACE = re.compile(r"[\u4e00-\u9fa5]{2,4}")
_BODY_SUFFIXES = tuple(x for x in _SUFFIXES if x != "州")  # 广州, 郑州 are city names
_PLACED_UNIT = re.compile(r"(?P<place>[\u4e00-\u9fa5]{2,4}?)[省市县区州]")


def _shared_suffix(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """广州、深圳、东莞市政府: bare place names listed with 、 before a unit whose level and body they share
    are one unit as written (the suffix 市政府 stands once for the list)."""
    out: list[tuple[int, int]] = []
    run: list[tuple[int, int]] = []  # bare place names waiting for their suffix
    for a, b in spans:
        piece = squash(text[a:b])
        joined = bool(run) and text[run[-1][1]:run[-1][1] + 1] == "、"
        m = _PLACED_UNIT.match(piece)
        if joined and m and looks_like_unit(piece) and all(len(squash(text[x:y])) == len(m.group("place")) for x, y in run):
            out.append((run[0][0], b))
            run = []
            continue
        bare = _PLACE.fullmatch(piece) and not piece.endswith(_BODY_SUFFIXES) and not is_catch_all(piece) \
            and text[b:b + 1] == "、"
        if bare and (joined or not run):
            run.append((a, b))
            continue
        out += run
        run = []
        if bare:
            run = [(a, b)]
            continue
        out.append((a, b))
    return out + run


def split_units(text: str, base: int = 0) -> list[tuple[str, int, int]]:
    """Split a list of units at 、，, outside brackets; rejoin 各县、区人民政府-style heads.

    Returns (name as written, start, end) with offsets shifted by ``base``.
    """
    pieces = [(a, b) for a, b in split_top(text, "、，,/")]
    out: list[tuple[int, int]] = []
    pending: tuple[int, int] | None = None
    for a, b in pieces:
        if pending is not None:
            a, pending = pending[0], None
        if re.sub(r"^各(?:有关|相关)", "各", squash(text[a:b])) in _LEVEL_WORDS:  # 各(有关)区、县级市
            pending = (a, b)
            continue
        out.append((a, b))
    if pending is not None:
        out.append(pending)
    out = _shared_suffix(text, out)
    out = [piece for a, b in out for piece in _split_spaced(text, a, b)]
    out = [piece for a, b in out for piece in _split_joined(text, a, b)]
    result = []
    for a, b in out:
        raw = text[a:b]
        name = clean_unit(raw)
        if not name:
            continue
        off = max(raw.find(name), 0)
        # a name wrapped over lines (区工\n信局) is one name; Chinese names hold no spaces
        joined = re.sub(r"\s+", "", name) if re.search(r"[\u4e00-\u9fa5]\s+[\u4e00-\u9fa5]", name) else name
        result.append((joined, base + a + off, base + a + off + len(name)))
    return result
