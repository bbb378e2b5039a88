"""Title, 发文字号, issuer, date and the jurisdiction a document speaks for."""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from extract.rules import DOC_NUMBER_RX
from extract.numerals import cn_to_int
from extract.structure import Line, looks_like_title
from extract.textnorm import strip_spaces

DOC_NUMBER = re.compile(DOC_NUMBER_RX)
_DATE = re.compile(r"^\s*(?P<y>[\d一二三四五六七八九〇○零Oo]{4})\s*年\s*(?P<m>[\d一二三四五六七八九十]{1,3})\s*月"
                   r"\s*(?P<d>[\d一二三四五六七八九十]{1,3})\s*日\s*$")
_ISO_DATE = re.compile(r"(?:发布日期|成文日期|发文日期)\s*[|:：]?\s*(\d{4})-(\d{1,2})-(\d{1,2})")
_PLACE = re.compile(r"^((?:[\u4e00-\u9fa5]{2,5}?(?:省|自治区|市|自治州|地区|盟|县|区|旗))+)")
_PLACE_SEG = re.compile(r"[^省市区县州旗盟各][\u4e00-\u9fa5]{0,4}?(?:省|自治区|市|自治州|地区|盟|县|区|旗)")
_LEADING_YEAR = re.compile(r"^(?:19|20)\d\d\s*年度?")  # 2023年莲都区政府工作报告…
# A place named as the body that issues or reports (安徽省人民政府发布…, 芜湖市教育局): an organ follows it.
_ORGAN_AFTER_PLACE = re.compile(r"(?:人民政府|政府|党委|委员会|办公室|办公厅|人大|政协|[\u4e00-\u9fa5]{1,6}?(?:局|委|厅|办))")
_NOT_PLACES = ("直辖市", "自治区", "各省", "地区", "城区", "社区", "园区", "开发区", "示范区", "新区")
_NATIONAL = ("国务院", "国务院办公厅", "中共中央", "中共中央办公厅")
_ISSUER_END = ("国务院", "人民政府", "政府办公室", "政府办公厅", "办公室", "办公厅", "委员会", "局", "委", "厅", "部", "署",
               "管委会", "人民政府文件")


@dataclass
class Metadata:
    title: str = ""
    doc_number: str | None = None
    issuer: str | None = None
    date: str | None = None
    jurisdiction: str | None = None
    title_line: int = -1


_NOT_TITLE = re.compile(r"^(?:附\s*件|特此通知|抄送|印发|主题词|发布|来源|时间|日期)|文件$|[:：]$|。"
                        r"|^[(（]?此件[^)）]{0,8}[)）]?$|^[\d\s./-]+$")  # (此件主动公开), a bare 2024327


def _title_like(s: str) -> bool:
    core = re.sub(r"(?:[(（][^()（）]{1,20}[)）])+$", "", s)  # 方案(2019-2020年)(征求意见稿)
    return looks_like_title(core) or looks_like_title(s)


def _candidate_line(s: str) -> bool:
    return bool(s) and not _NOT_TITLE.search(s) and not DOC_NUMBER.fullmatch(s) and not _DATE.match(s) \
        and not s.startswith("《") and len(s) <= 60


def find_title(lines: list[Line]) -> tuple[str, int]:
    """The first title-like line (or two or three wrapped lines joined), preferring 关于…的 forms."""
    body = [ln for ln in lines[:60] if ln.stripped]
    candidates = []
    from extract.numbering import match_marker

    for i, ln in enumerate(body):
        if not _candidate_line(strip_spaces(ln.norm)) or match_marker(ln.norm):
            continue
        for k in (1, 2, 3):
            seg = body[i:i + k]
            if len(seg) < k or not all(_candidate_line(strip_spaces(x.norm)) and not match_marker(x.norm)
                                       for x in seg):
                break
            joined = "".join(strip_spaces(x.norm) for x in seg)
            if _title_like(joined):
                original = "".join(strip_spaces(x.text) for x in seg)
                candidates.append((original, seg[0].index))
                break
            if k == 1 and _title_like(strip_spaces(ln.norm)):
                break
    if not candidates:
        return "", -1
    for title, idx in candidates:
        if "关于" in title:
            return title, idx
    return candidates[0]


def jurisdiction_of(*texts: str | None) -> str | None:
    """The most specific place a title or issuer names (金华市婺城区… → 婺城区; 国务院…)."""
    for t in texts:
        if not t:
            continue
        t = strip_spaces(t)
        if t.startswith(_NATIONAL):
            return "国务院"
        m = _PLACE.match(_LEADING_YEAR.sub("", t))
        if m:
            segs = [x for x in _PLACE_SEG.findall(m.group(1)) if x not in _NOT_PLACES]
            if segs:
                return segs[-1]
    return None


def _names_organ(s: str) -> bool:
    """A line that starts with a place followed by an organ (安徽省人民政府…, 芜湖市教育局…), not 完成市“创园”办…."""
    t = _LEADING_YEAR.sub("", strip_spaces(s))
    m = _PLACE.match(t)
    return bool(m) and bool(_ORGAN_AFTER_PLACE.match(t, m.end()))


def extract_metadata(lines: list[Line], text: str) -> Metadata:
    """Metadata from the head of the text and its first signature block."""
    meta = Metadata()
    meta.title, meta.title_line = find_title(lines)
    for m in DOC_NUMBER.finditer(text[:3000]):
        if re.search(r"》\s*[(（]?\s*$", text[max(0, m.start() - 3):m.start()]) or "号)" in text[m.end():m.end() + 1]:
            continue  # the number of a document cited: 《…》(国发〔2024〕3号)
        meta.doc_number = strip_spaces(m.group(0))
        break
    for i, ln in enumerate(lines):
        dm = _DATE.match(ln.norm)
        if dm:
            y, mo, d = (cn_to_int(dm.group(k)) for k in ("y", "m", "d"))
            if 1949 <= y <= 2100 and 1 <= mo <= 12 and 1 <= d <= 31:
                meta.date = f"{y:04d}-{mo:02d}-{d:02d}"
                for prev in reversed(lines[max(0, i - 3):i]):
                    s = strip_spaces(prev.norm)
                    if s and len(s) <= 40 and s.endswith(_ISSUER_END):
                        meta.issuer = strip_spaces(prev.text)
                        break
                break
    if meta.date is None:
        im = _ISO_DATE.search(text[:5000])
        if im:
            meta.date = f"{int(im.group(1)):04d}-{int(im.group(2)):02d}-{int(im.group(3)):02d}"
    if meta.issuer is None and meta.title and "关于" in meta.title:
        head = meta.title.split("关于")[0]
        if head.endswith(_ISSUER_END):
            meta.issuer = head
    head = [ln.stripped for ln in lines[:8] if ln.stripped and not ln.stripped.endswith((":", "："))]
    head = [h for h in head if _title_like(strip_spaces(h)) or _names_organ(h)]
    meta.jurisdiction = jurisdiction_of(meta.title, meta.issuer, *head)
    if meta.jurisdiction is None:  # a signature line anywhere (重庆市沙坪坝区人民政府办公室)
        signs = [strip_spaces(ln.norm) for ln in lines if 4 <= len(ln.stripped) <= 30
                 and strip_spaces(ln.norm).endswith(_ISSUER_END[1:]) and not ln.stripped.startswith("各")]
        meta.jurisdiction = jurisdiction_of(*signs)
    if meta.jurisdiction is None:
        meta.jurisdiction = own_place_cited(text)
    return meta


_SELF_LEVEL = re.compile(r"[我本]([市县区省州])")
_PLACE_ORGAN = re.compile(r"(?:中共)?([\u4e00-\u9fa5]{2,4}?)([省市县区州])(?:委员会|委|人民政府|政府)")


def own_place_cited(text: str) -> str | None:
    """A document with no title or signature that speaks of 我市 and cites the organs of exactly one
    city (根据《中共广州市委、广州市人民政府关于…》) speaks for that city.

    >>> own_place_cited("根据《中共广州市委、广州市人民政府关于…的决定》,使我市人才投入…")
    '广州市'
    >>> own_place_cited("根据《中共广州市委关于…》和《深圳市人民政府…》,我市…") is None
    True
    """
    levels = Counter(m.group(1) for m in _SELF_LEVEL.finditer(text)).most_common(2)
    if not levels or (len(levels) == 2 and levels[1][1] >= levels[0][1]):
        return None  # 我市 must be how the text speaks of itself, not one 本区 in a clause to districts
    level = levels[0][0]
    places = {m.group(1) + level for m in _PLACE_ORGAN.finditer(text) if m.group(2) == level}
    places = {p for p in places if p not in _NOT_PLACES and not p.startswith(("各", "我", "本", "全", "省", "市", "县", "区"))}
    return places.pop() if len(places) == 1 else None
