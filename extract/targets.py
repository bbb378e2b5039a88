"""Quantitative targets: metric + comparator word + number + unit + due year."""
from __future__ import annotations

import re
from dataclasses import dataclass

from extract.model import Target
from extract.numbering import match_marker
from extract.numerals import cn_value
from extract.segment import load_jieba
from extract.rules import (ACHIEVEMENT_CUES, BUILD_VERBS, CELL_COMPARATORS, DEADLINE_LABELS, METRIC_COLUMNS,
                           GOAL_COLUMN_WORDS, METRIC_ENDINGS, TARGET_COLUMNS, UNIT_COLUMNS, ATTRIBUTE_NOUNS, CHANGE_WORDS, COMPARATOR_PREFIX, COMPARATOR_SUFFIX,
                           COUNT_UNITS,
                           CURRENT_YEAR_CUES, DESCRIPTIVE_CUES, DESCRIPTIVE_OBJECTS, FUTURE_CUES, GOAL_NOUNS,
                           LATIN_UNITS, MEASURE_UNITS, PARAMETER_CUES, PENALTY_CUES, RULE_OPENERS, SCOPE_WORDS,
                           TARGET_VERBS, TIME_UNITS, UNIT_WORDS, VAGUE_CLASSIFIERS, VALUE_CONJUNCTIONS, YUE_WORDS,
                           RELATIVE_OPENERS, SELECTION_VERBS, COUNT_VERBS, BENEFICIARY_VERBS, ROUND_COUNTS)

_NUM = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"  # 1,200 with thousands separators
_CNUM = r"[一二两三四五六七八九十百千]+|万(?=[\u4e00-\u9fa5])"  # read only after a comparator word: 不少于两万平方米
_UNITS = [u for u in MEASURE_UNITS if u not in ("年", "岁")]
_PRE = sorted(COMPARATOR_PREFIX, key=len, reverse=True)
_SUF = sorted(COMPARATOR_SUFFIX, key=len, reverse=True)
TARGET_RX = re.compile(
    r"(?P<pre>" + "|".join(map(re.escape, _PRE)) + r")?\s*"
    r"(?:(?P<num>" + _NUM + r")(?:\s*(?P<dash>[-—–~～至到])\s*(?P<num2>" + _NUM + r"))?|(?P<cnum>" + _CNUM + r"))\s*"
    r"(?P<unit>(?:" + "|".join(map(re.escape, LATIN_UNITS)) + r")(?![A-Za-z])|(?:万|亿|千)?(?:"
    + "|".join(map(re.escape, sorted(_UNITS, key=len, reverse=True))) + r"))"
    r"(?P<suf>" + "|".join(map(re.escape, _SUF)) + r")?"
)
YEAR_RX = re.compile(r"(?P<pre>到|至|截至|力争到|力争|在)?\s*(?P<y>(?:19|20)\d\d)\s*年(?P<post>底|末|前|内)?(?P<next>.)?")
_CLAUSE_SEP = "，,；;。：:！？!?"
_HORIZON_RX = r"(?:今后|未来)?(?:\d{1,2}|[一二两三四五六七八九十])\s*年(?:内|间|里)|(?:今后|未来)(?:\d{1,2}|[一二两三四五六七八九十])\s*年"
# 全年, 年内 speak of the year of issue; 5年内 of a span from it, no year of its own
_CURRENT_YEAR = re.compile(r"(?<![\d一二两三四五六七八九十])(?:" + "|".join(map(re.escape, CURRENT_YEAR_CUES)) + ")")
_FILLER = re.compile(r"^(?:" + _HORIZON_RX + r"|[一二三四五六七八九十]+是|其中|同时|并|力争|努力|确保|实现|争取|全年|年内|每年|当年|" + "|".join(SCOPE_WORDS) + "|"
                     r"到\d{4}年(?:底|末)?|\d{4}年(?:底|末)?|示范期间|期间)+")
_PARAM_RX = re.compile("|".join(map(re.escape, PARAMETER_CUES)))
_GOAL_HEADING = ("目标", "指标")


@dataclass
class Context:
    """Where a paragraph stands: its path, a fallback year, whether it is a goal section."""

    path: str
    year: int | None
    goal_section: bool = False
    latest_year: int | None = None  # the furthest year the document looks to
    issue_year: int | None = None  # the year the document was issued (全年, 年内 speak of it)
    deadline_year: int | None = None  # the year the enclosing task is due (完成时间:2009年5月底前)
    rule_section: bool = False  # a section on how an assessment works (考核方式): its numbers are rules


def due_year(text: str, pos: int) -> int | None:
    """The nearest due year stated before ``pos`` in a paragraph (到2026年, 2025年,)."""
    year = None
    for m in YEAR_RX.finditer(text, 0, pos):
        before = text[max(0, m.start() - 2):m.start()]
        if before.endswith(("比", "较", "与", "自", "从", "于")) or m.group("next") in ("—", "-", "–", "~"):
            continue
        nxt = m.group("next") or ""
        aim = text.startswith(FUTURE_CUES, m.end("y") + 1)  # 2023年力争完成…
        if m.group("pre") or m.group("post") in ("底", "末", "前") or nxt in ",，、" or nxt == "" or aim:
            if text[max(0, m.start() - 1):m.start()] in ("—", "-", "–"):
                continue
            year = int(m.group("y"))
    return year


def _clause_bounds(text: str, a: int, b: int) -> tuple[int, int]:
    """The clause around text[a:b]: between separators outside brackets (an explanation in
    brackets, 以下简称OPC, does not end the clause it stands in)."""
    return _clause_edge(text, a, -1), _clause_edge(text, b, 1)


def _clause_edge(text: str, i: int, step: int) -> int:
    """From ``i``, walk left (step -1) or right (+1) to the clause's edge: a separator outside brackets,
    or a bracket the clause stands inside."""
    nests, unnests = ("(（", ")）") if step > 0 else (")）", "(（")
    depth = 0
    while (i > 0) if step < 0 else (i < len(text)):
        ch = text[i - 1] if step < 0 else text[i]
        if ch in nests:
            depth += 1
        elif ch in unnests:
            if depth == 0:
                break
            depth -= 1
        elif ch in _CLAUSE_SEP and depth == 0:
            break
        i += step
    return i


def _comparator(m: re.Match, text: str) -> str:
    if m.group("num2"):
        return "range"
    if m.group("suf"):
        return COMPARATOR_SUFFIX[m.group("suf")]
    pre = m.group("pre")
    if _word_pre(text, m):
        return "="  # 节约10吨, 签约5个: 约 is part of a word
    if pre:
        return COMPARATOR_PREFIX[pre]
    return "="


APPROX_WORDS = ("约", "大约")
_COMPARED_TO = re.compile(r"(?:比|较|与|同比|环比)(?:上年|去年|上年度|上一年)(?:同期)?")
_CONJ_RX = re.compile(r"(?:" + "|".join(map(re.escape, VALUE_CONJUNCTIONS)) + r")")


def _segment(text: str, matches: list[re.Match], i: int, cs: int, ce: int) -> tuple[int, int]:
    """The part of clause text[cs:ce] that belongs to matches[i] when several values stand in it
    one after another (规上企业达到300家、高新技术企业100家): from after the value before (and its
    conjunction) to the conjunction before the next value."""
    ss, se = cs, ce
    if i > 0 and matches[i - 1].end() > cs:
        c = _CONJ_RX.match(text, matches[i - 1].end())
        ss = c.end() if c else ss
    if i + 1 < len(matches) and matches[i + 1].start() < ce and _CONJ_RX.match(text, matches[i].end()):
        se = matches[i].end()
    return ss, se


_DUE_OPENER = re.compile(r"\s*(?:力争|争取|计划)?(?:到|至)\s*(?:19|20)\d\d\s*年(?:底|末)?\s*[,，]")
_PARTITIVE = re.compile(r"\s*(?P<of>对)?其中(?:的)?")


def _whole_of(text: str, out: list[Target], base: int, cs: int, a: int) -> Target | None:
    """The target a clause opening with 其中 / 对其中的 takes a part of: the one before it in the
    same sentence."""
    if not _PARTITIVE.match(text, cs) or not out:
        return None
    prev = out[-1]
    return prev if prev.start - base >= _sentence_start(text, a) and prev.start - base < cs else None


def _object_of(metric: str) -> str:
    """实施排水主管检测 → 排水主管: a metric without its leading verb and its closing action."""
    import jieba.posseg as pseg

    load_jieba()  # quiet jieba once
    words = [(w.word, w.flag) for w in pseg.lcut(_FILLER.sub("", metric), HMM=False)]
    if len(words) > 1 and words[0][1] in ("v", "vn"):
        words = words[1:]
    if len(words) > 1 and words[-1][1] in ("v", "vn"):
        words = words[:-1]
    return "".join(w for w, _ in words)


def _unnumbered(metric: str) -> str:
    """(一)地区生产总值增长 → 地区生产总值增长: an item's numbering is not part of its metric."""
    from extract.numbering import match_marker

    mk = match_marker(metric)
    return _FILLER.sub("", metric[mk.end:]) if mk and len(metric) - mk.end >= 2 else metric


def _word_pre(text: str, m: re.Match) -> bool:
    """The comparator word matched is part of a word (约 of 签约, 节约)."""
    return m.group("pre") == "约" and (text[max(0, m.start() - 1):m.start() + 1] in YUE_WORDS
                                      or text[m.start():m.start() + 2] in YUE_WORDS)


_EXPLANATION = re.compile(r"[(（][^()（）]*[，,；;、:：][^()（）]*[)）]|[(（][^()（）]{11,}[)）]")
# A relative clause after a count that lists qualities (能够突破关键技术、带动新兴学科的; 紧跟前沿、创新能力强的):
# it describes what is counted; the metric keeps the verb and the head noun after 的.
# Its items are clauses (five characters or more), not nouns listed inside one (具有博士、硕士学位的 stays).
_LISTED_QUALITIES = re.compile(r"^[^的、，,；;()（）]{5,}(?:、[^的、，,；;()（）]{5,})+的(?=[\u4e00-\u9fa5“\"])")
_GOAL_TAIL = re.compile(r"^的?(?:" + "|".join(GOAL_NOUNS) + r")$")


def _metric(clause: str, m_start: int, m_end: int, pre: str | None) -> str:
    before = clause[:m_start]
    after = clause[m_end:]
    if pre:
        before = before[: len(before) - len(pre)] if before.endswith(pre) else before
    before = _EXPLANATION.sub("", _FILLER.sub("", before.strip()))
    before = re.sub(r"(?:分别|均|总体|累计|年均)?(?:达到|达|为|在|突破|超过|稳定在|保持在|控制在|降至|不低于|不少于)?"
                    r"(?:每[\u4e00-\u9fa5])?$",
                    "", before).strip()
    after = _EXPLANATION.sub("", after)
    after = _LISTED_QUALITIES.sub("", after)  # 200名能够突破关键技术、发展高新技术产业的领军人才 counts 领军人才
    if _GOAL_TAIL.match(after.strip()):
        after = ""  # 达到100%的目标
    if len(before) >= 2 and not after.strip(" 的"):
        return before
    if len(before) >= 2 and len(after) <= 2 and not _counted_noun(after, clause[m_start:m_end]):
        return before
    return (before + after.lstrip("的")).strip()


def _counted_noun(after: str, value: str) -> bool:
    """培训1500名导游: a short noun after a count is what it counts, part of the metric."""
    return bool(re.fullmatch(r"[\u4e00-\u9fa5]{2}", after.strip())) and value.rstrip().endswith(COUNT_UNITS)


_ATTR_RX = re.compile(r"(?:" + "|".join(map(re.escape, TARGET_VERBS + BUILD_VERBS)) + r")(?P<attr>"
                      + "|".join(map(re.escape, ATTRIBUTE_NOUNS)) + r")?$")


def _object_form(text: str, cs: int, m: re.Match) -> re.Match | None:
    """组建规模不低于10亿元的区级基金, 打造不少于两万平方米的空间: a verb, a comparator word, the
    amount and 的 before what is built — the amount is the target, the object its metric."""
    if not m.group("pre") or text[m.end():m.end() + 1] != "的":
        return None
    return _ATTR_RX.search(text, cs, m.start())


def find_targets(text: str, base: int, ctx: Context) -> list[Target]:
    """Targets in one paragraph (width-folded text; spans shifted by ``base``). Line breaks inside
    the paragraph (a PDF wrapped 投资70亿 / 元) are read through; spans stay on the text as given."""
    if ctx.rule_section:
        return []
    if "\n" not in text and "\r" not in text:
        return _find_targets(text, base, ctx)
    keep = [i for i, ch in enumerate(text) if ch not in "\r\n"]
    out = _find_targets("".join(text[i] for i in keep), 0, ctx)
    for t in out:
        t.start, t.end = base + keep[t.start], base + keep[t.end - 1] + 1 if t.end > t.start else base + keep[t.start]
        t.text = text[t.start - base:t.end - base].strip()
    return out


def _find_targets(text: str, base: int, ctx: Context) -> list[Target]:
    out: list[Target] = []
    matches = list(TARGET_RX.finditer(text))
    for i, m in enumerate(matches):
        a, b = m.start(), m.end()
        if m.group("cnum") and not _round_count(text, m) and (
                not m.group("pre") or (cn_value(m.group("cnum")) or 0) < 2 or m.group("unit") in VAGUE_CLASSIFIERS):
            continue  # a Chinese numeral counts only after a comparator word (不少于两万平方米; 突破一批 is no number)
        cs, ce = _clause_bounds(text, a, b)
        obj = _object_form(text, cs, m)
        why = _skip(text, m)
        if why and not (why == "of" and obj) and not (why == "threshold" and _share_subject(text, m, ce)):
            continue
        clause = text[cs:ce]
        comparator = _comparator(m, text)
        if comparator == "=":  # 至少建成1所: the comparator word stands before the verb
            lead = re.search(r"(至少|不少于|不低于|超过)(?:" + "|".join(TARGET_VERBS) + r")$", clause[:a - cs])
            comparator = COMPARATOR_PREFIX[lead.group(1)] if lead else comparator
        em = _ENUM_WORD.search(clause, 0, a - cs)
        if comparator == "=" and em:  # 分别达到40个、300家: the word before the list holds for each value
            lead = clause[em.end():a - cs]
            comparator = next((COMPARATOR_PREFIX[w] for w in _PRE if lead.startswith(w)), comparator)
        if comparator == "=":  # 分别下降24%、25%以上: a comparator after the last value holds for each
            comparator = _listed_suffix(text, matches, i) or comparator
        if _parameter(clause[: a - cs + (len(m.group("pre") or ""))], m):
            continue
        coordinated = _coordinated(text, matches, i, cs, ce)
        whole = _whole_of(text, out, base, cs, a)  # 其中小学6所 / 对其中的约24公里进行修复: part of the value before
        plain = comparator == "=" or m.group("pre") in APPROX_WORDS  # 约50人 states no aim by itself
        aimed = bool(_DUE_OPENER.match(_sentence(text, a)))  # 到2026年,排查…约80公里: the sentence states aims
        # 引进30名…和50名…, 认定专家10名、名校长100名: one verb before the first value governs each
        governed = matches[coordinated[0]].start() if coordinated else matches[_listed_first(text, matches, i, cs)].start()
        if plain and not whole and not aimed and not _is_goal(clause, ctx, governed - cs) \
                and not any(_comparator(matches[k], text) not in ("=", "≈") for k in coordinated) \
                and not _sequel(text, out, base, cs, m):
            continue
        if m.group("unit") in ("次", "场次") and re.search(r"每(?:年|半年|季度|月|周)", clause):
            continue  # 每年至少开展1次: a frequency rule
        if m.group("unit") in TIME_UNITS and (comparator == "=" or text[m.end():m.end() + 1] in "内前后"):
            continue
        sentence = _sentence(text, a)
        said = _COMPARED_TO.sub("", sentence)  # 比上年增长6%: the year before is a base, not a report
        if any(c in said for c in ACHIEVEMENT_CUES) or any(c in clause for c in PENALTY_CUES):
            continue
        if _baseline(sentence, ctx) or clause.lstrip().startswith(RULE_OPENERS) and not whole:
            continue
        if re.search(r"(?:金额|费用|投资|成本|总额|收入|价格|资金)的$", clause[: a - cs]):
            continue  # 实际发生金额的30%: a share that sets support, not a goal
        if clause.rstrip().endswith("的") and text[ce:ce + 1] in ",，":
            continue  # …达到职工人数25%…的, 可申请: a condition for support, not a goal
        if any(o in re.split(r"[，,、；;。和及与]", text[b:b + 10])[0] for o in DESCRIPTIVE_OBJECTS):
            continue  # 24项督查激励措施: the measures a text lists, not a goal
        if obj:
            metric = _object_metric(text, m, obj, ce)
        elif coordinated:
            metric = _coordinated_metric(text, matches, coordinated, i, cs, ce)
        else:  # the metric stands between the values before and after (企业10家、中小企业100家)
            ss, se = _segment(text, matches, i, cs, ce)
            start = m.start("num") if _word_pre(text, m) else a
            metric = _metric(text[ss:se], start - ss, b - ss, None if _word_pre(text, m) else m.group("pre"))
        metric = _unnumbered(re.sub(r"\s+", "", metric))
        if whole and _PARTITIVE.match(clause).group("of"):  # 对其中的约24公里进行修复或改造
            metric = _object_of(whole.metric) + re.sub(r"^(?:对?其中的?|进行|开展|实施)+", "", metric)
        if len(metric) < 2:
            prev = out[-1] if out else None
            if prev is None or prev.start - base < _sentence_start(text, a):
                continue
            metric = prev.metric  # 覆盖面达50%,到2007年达100%: the metric of the value before
        year = due_year(text, a) or ctx.year
        if year is None and _CURRENT_YEAR.search(sentence):
            year = ctx.issue_year
        year = year or ctx.deadline_year or _deadline_year(text)
        value = _float(m.group("num")) if m.group("num") else ROUND_COUNTS.get(m.group("cnum")) or cn_value(m.group("cnum"))
        vmax = _float(m.group("num2")) if m.group("num2") else None
        metrics = [metric]
        enum = _enumeration(clause, a - cs)
        if enum and not obj and not coordinated:
            metrics_all, shared = enum
            if shared:
                metrics = metrics_all
            else:
                k = sum(1 for _ in TARGET_RX.finditer(clause, 0, a - cs)) - _numbers_before_enum(clause)
                metrics = [metrics_all[k]] if 0 <= k < len(metrics_all) else [metric]
        for metric in metrics:
            out.append(Target(path=ctx.path, metric=metric, value=_num(value), unit=m.group("unit"),
                              comparator=comparator, year=year, value_max=_num(vmax) if vmax is not None else None,
                              text=clause.strip(), start=base + cs, end=base + ce))
    return out


def same_target(a: Target, b: Target) -> bool:
    """One target written twice (in the body and again in a task table): the same value, unit,
    comparator and year (or a year on one only), and one metric inside the other once 的 and spaces
    are dropped."""
    if (a.value, a.value_max, a.unit, a.comparator) != (b.value, b.value_max, b.unit, b.comparator):
        return False
    if a.year and b.year and a.year != b.year:
        return False
    ma, mb = (re.sub(r"[\s的]", "", t.metric) for t in (a, b))
    return bool(ma) and bool(mb) and (ma in mb or mb in ma)


def drop_repeats(targets: list[Target]) -> list[Target]:
    """Each target once in each item; a target the text states again under another heading (主要目标, then a
    task or its table row) is a target of that item too. A year stated at one place holds at the other
    (the table row says when the body's target is due)."""
    out: list[Target] = []
    for t in targets:
        same = [k for k in out if same_target(t, k)]
        for k in same:
            k.year = k.year or t.year
            t.year = t.year or k.year
        if not any(k.path == t.path for k in same):
            out.append(t)
    return out


def _round_count(text: str, m: re.Match) -> bool:
    """A round count written as a character right after a target verb: 建成百个社区, 培育千家企业."""
    return m.group("cnum") in ROUND_COUNTS and not m.group("pre") and m.group("unit") in COUNT_UNITS \
        and any(text[:m.start()].endswith(v) for v in TARGET_VERBS + COUNT_VERBS)


def _conj_gap(gap: str) -> bool:
    return gap.strip() in VALUE_CONJUNCTIONS


def _listed_suffix(text: str, matches: list[re.Match], i: int) -> str | None:
    """24%、25%以上: the comparator after the last of a list of bare values."""
    j = i
    while j + 1 < len(matches) and _conj_gap(text[matches[j].end():matches[j + 1].start()]) \
            and not matches[j].group("suf") and not matches[j + 1].group("pre"):
        j += 1
        if matches[j].group("suf"):
            return COMPARATOR_SUFFIX[matches[j].group("suf")]
    return None


def _noun_after(text: str, m: re.Match) -> bool:
    """What the value counts follows it (3个既有园区), rather than a conjunction or 的."""
    nxt = text[m.end():m.end() + 1]
    return bool(re.match(r"[\u4e00-\u9fa5“\"]", nxt)) and nxt not in "和及与或的、"


def _coordinated(text: str, matches: list[re.Match], i: int, cs: int, ce: int) -> list[int]:
    """Indices of the values coordinated with matches[i] in its clause, each followed by what it
    counts (3个既有园区和至少1个科创园区; 20个特色小区、10个示范小区); [] when it stands alone."""
    def linked(j: int) -> bool:  # matches[j] and matches[j + 1] are coordinated
        if not (cs <= matches[j].start() and matches[j + 1].end() <= ce):
            return False
        if not (_noun_after(text, matches[j]) and _noun_after(text, matches[j + 1])):
            return False
        gap = text[matches[j].end():matches[j + 1].start()]  # a comparator word before the next belongs to it
        return any(gap.rstrip().endswith(c) for c in VALUE_CONJUNCTIONS) \
            and not re.search(r"\d|[，,；;。]", gap)
    lo = i
    while lo > 0 and linked(lo - 1):
        lo -= 1
    hi = i
    while hi + 1 < len(matches) and linked(hi):
        hi += 1
    return list(range(lo, hi + 1)) if hi > lo else []


def _coordinated_metric(text: str, matches: list[re.Match], group: list[int], i: int, cs: int, ce: int) -> str:
    """The verb before the first value + what this value counts + a tail after 的 that all share."""
    first = matches[group[0]]
    head = _FILLER.sub("", text[cs:first.start()].strip())
    last = matches[group[-1]]
    last_obj = text[last.end():ce]
    tail = last_obj.rsplit("的", 1)[1] if "的" in last_obj else ""
    m = matches[i]
    if i == group[-1]:
        obj = last_obj[: len(last_obj) - len(tail) - 1] if tail else last_obj
    else:
        nxt = matches[i + 1]
        obj = text[m.end():nxt.start()]
        obj = obj[: len(obj) - len(nxt.group("pre") or "")] if nxt.group("pre") and obj.endswith(nxt.group("pre")) \
            else obj
        obj = re.sub(r"(?:" + "|".join(map(re.escape, VALUE_CONJUNCTIONS)) + r")$", "", obj.rstrip())
    return head + obj + tail


def _object_metric(text: str, m: re.Match, verb: re.Match, ce: int) -> str:
    """组建规模不低于10亿元的区级OPC专项产业基金 → 区级OPC专项产业基金规模."""
    obj = re.split(r"[，,；;。、]|(?:为|用于|以|并)", text[m.end() + 1:ce])[0]
    return _EXPLANATION.sub("", obj) + (verb.group("attr") or "")


def _share_subject(text: str, m: re.Match, ce: int) -> bool:
    """本区建成区40%以上面积达到海绵城市建设要求: a share of a whole that reaches a standard."""
    return m.group("unit") == "%" and bool(m.group("suf")) and bool(re.search(r"达到|实现", text[m.end():ce]))


_DEADLINE_RX = re.compile(r"(?:" + "|".join(DEADLINE_LABELS) + r")\s*[:：]?\s*(?:在|于)?\s*((?:19|20)\d\d)\s*年")


def _deadline_year(text: str) -> int | None:
    """完成时间:2009年5月底前 written in the paragraph: the year its targets are due."""
    years = {int(y) for y in _DEADLINE_RX.findall(text)}
    return years.pop() if len(years) == 1 else None


def _sentence_start(text: str, pos: int) -> int:
    return max(text.rfind(ch, 0, pos) for ch in "。；;") + 1


def _float(s: str) -> float:
    return float(s.replace(",", ""))


def _num(x: float) -> float | int:
    return int(x) if x == int(x) else x


def _skip(text: str, m: re.Match) -> str | None:
    """Why a number is not a target: a date, document number, ordinal, a number in a title or
    brackets ("other"), a threshold that qualifies what follows ("threshold"), a size before 的 ("of")."""
    a, b = m.start("num") if m.group("num") else m.start("cnum"), m.end()
    prev = text[max(0, a - 1):a]
    nxt = _after_brackets(text, b)
    if prev in ("第", "〔", "[", "号", ".") or prev.isdigit():
        return "other"
    if text[b:b + 1] in ("号", "月") or (m.group("unit") == "%" and prev in ("-", "—")):
        return "other"
    if re.search(r"(?:由|从|较|比)(?:\d{4}\s*年(?:底|末)?的?)?$", text[max(0, a - 10):a]):
        return "other"  # a base value: 由2023年的9.2%提高到12%
    opened = text.rfind("《", 0, a) > text.rfind("》", 0, a)
    if opened:
        return "other"
    depth = 0
    for ch in text[:a]:
        depth += ch in "(（"
        depth -= ch in ")）" and depth > 0
    if depth:
        return "other"  # a definition in brackets, not a goal
    if any(text.startswith(w, m.end("unit") - 1) for w in UNIT_WORDS):
        return "other"  # 安远路899项目: the unit character begins a word
    suf = m.group("suf")
    if suf and COMPARATOR_SUFFIX[suf] == "≈" and nxt in RELATIVE_OPENERS \
            and any(v in _clause_before(text, a) for v in SELECTION_VERBS):
        return "threshold"  # 选择10个左右有条件…的城市: a choice by criteria
    counted = m.group("unit") in COUNT_UNITS
    if suf and COMPARATOR_SUFFIX[suf] != "≈" and nxt and re.match(r"[\u4e00-\u9fa5]", nxt) and not counted:
        return "threshold"  # 5亿元以上重大项目, 6亩以下(不含6亩)的土地: a size that qualifies what follows
    if nxt == "的" and not any(text.startswith(g, b + 1) for g in GOAL_NOUNS) and not (suf and counted):
        return "of"  # 10家以上的企业 counts firms; 5亿元的项目 sizes one
    if text[b:b + 2] in ("及以", "以下的", "以上的"):
        return "other"
    return None


def _parameter(cued: str, m: re.Match) -> bool:
    """A support rule (给予资助, 最高奖励50万元), not a goal: a parameter cue in the clause before the value —
    unless the only cues are support verbs and the value counts those supported (评选资助200名人才,
    培养资助博士后研究人员不少于400名): then the verb is the target's."""
    hits = [h.group(0) for h in _PARAM_RX.finditer(cued)]
    return bool(hits) and not (all(h in BENEFICIARY_VERBS for h in hits) and m.group("unit") in COUNT_UNITS)


def _listed_first(text: str, matches: list[re.Match], i: int, cs: int) -> int:
    """The first of a list of values each written after what it counts (认定教育专家10名、名校长100名、
    名教师200名), in the clause from ``cs``: the verb before the first governs each."""
    j = i
    while j > 0 and matches[j - 1].start() >= cs:
        gap = text[matches[j - 1].end():matches[j].start()]
        if not gap[:1] in VALUE_CONJUNCTIONS and not gap.startswith(VALUE_CONJUNCTIONS) \
                or re.search(r"[\d，,；;。]", gap) or len(gap) > 24:
            break
        j -= 1
    return j


_PER_ITEM = re.compile(r"每(?:" + "|".join(map(re.escape, COUNT_UNITS)) + r"|人)")


def _sequel(text: str, out: list[Target], base: int, cs: int, m: re.Match) -> bool:
    """A count in a clause that continues a target clause of the same sentence, its verb elided or
    after the count (支持300名人才赴境外培训,1000名核心人才参加研修; 组织100家社会组织,加强与1000家企业
    开展交流): the sentence lists goals, clause after clause. Not a per-item amount (每个社区配备2名)."""
    if not out or m.group("unit") not in COUNT_UNITS or m.group("cnum"):
        return False
    prev = out[-1]
    if prev.end - base != cs - 1 or text[cs - 1:cs] not in ",，":
        return False
    return not _PER_ITEM.search(text[cs:m.start()])


def _clause_before(text: str, a: int) -> str:
    """The clause a number stands in, up to the number (from the last ，。；)."""
    cut = max(text.rfind(p, 0, a) for p in "，,。；;")
    return text[cut + 1:a]


def _after_brackets(text: str, b: int) -> str:
    """The character after position b, past a bracketed remark that follows at once."""
    while b < len(text) and text[b] in "(（":
        close = re.compile(r"[)）]").search(text, b)
        if not close:
            break
        b = close.end()
    return text[b:b + 1]


_BARE_YEAR = re.compile(r"^\s*(?:截至)?((?:19|20)\d\d)\s*年(?:底|末)?\s*[,，]")


def _baseline(sentence: str, ctx: Context) -> bool:
    """2023年，全市实现旅游总收入680亿元 — in a plan looking further ahead, a sentence that
    opens with an earlier year and states no aim reports where things stand."""
    m = _BARE_YEAR.match(sentence)
    if not m or any(c in sentence for c in FUTURE_CUES):
        return False
    if ctx.issue_year is not None and int(m.group(1)) >= ctx.issue_year:
        return False  # 2026年,先行培育10个… in a plan issued in 2026 speaks of what is to come
    return ctx.latest_year is not None and int(m.group(1)) < ctx.latest_year


def _sentence(text: str, pos: int) -> str:
    s = max(text.rfind(ch, 0, pos) for ch in "。；;") + 1
    e = min([i for i in (text.find(ch, pos) for ch in "。；;") if i >= 0] or [len(text)])
    return text[s:e]


# A time frame opening a clause (5年内, 今后三年, 未来5年内): what follows is to be done within it, a goal.
_HORIZON = re.compile(_HORIZON_RX)


def _opens_with_horizon(clause: str) -> bool:
    opener = _FILLER.match(clause.lstrip())
    return bool(opener and _HORIZON.search(opener.group(0)))


def _is_goal(clause: str, ctx: Context, pos: int) -> bool:
    """A plain number counts as a target only where the text states a goal."""
    if ctx.goal_section:
        return True
    if re.search(r"到\s*\d{4}\s*年|力争|目标|确保|全年", clause) or _opens_with_horizon(clause):
        return True
    if any(c in clause for c in DESCRIPTIVE_CUES):
        return False
    near = clause[max(0, pos - 12):pos]
    head = clause.lstrip()
    marker = match_marker(head)  # an item's first clause opens after its number (5.新建…30个)
    head = _FILLER.sub("", head[marker.end:] if marker else head)
    return head.startswith(TARGET_VERBS) or any(v in near for v in TARGET_VERBS + COUNT_VERBS + CHANGE_WORDS)


_ENUM_WORD = re.compile(r"分别|均")
_METRIC_HEADS = ("排放", "总量", "数量", "比例", "比重", "面积", "产量", "规模", "增速", "指数", "覆盖率", "率")


def _numbers_before_enum(clause: str) -> int:
    m = _ENUM_WORD.search(clause)
    return sum(1 for _ in TARGET_RX.finditer(clause, 0, m.start())) if m else 0


def _tokens(s: str) -> list[str]:
    """jieba words with a bracketed group kept on the word before it."""

    out: list[str] = []
    depth = 0
    for w in load_jieba().lcut(s, HMM=False):
        if depth or (w and w[0] in "(（" and out):
            out[-1] += w
        else:
            out.append(w)
        depth += w.count("(") + w.count("（") - w.count(")") - w.count("）")
        depth = max(depth, 0)
    return out


def _enumeration(clause: str, pos: int) -> tuple[list[str], bool] | None:
    """花生种植、收获机械化率分别达到65%和55% → one metric per enumerated item.

    Returns (metrics, shared): ``shared`` when one value applies to all (均)."""
    m = _ENUM_WORD.search(clause, 0, pos)
    if not m:
        return None
    shared = m.group(0) == "均"
    after = clause[m.end():pos]
    verb = next((w for w in CHANGE_WORDS if after.startswith(w)), "")
    head = _FILLER.sub("", clause[:m.start()].strip())
    from extract.unitnames import split_top

    base = re.search(r"(?:比|较)(?:\d{4}\s*年(?:底|末)?|上年|去年)(?:同期)?$", head)
    if base:  # 能耗、用水量比2015年分别下降…: the base of comparison holds for every item
        head, verb = head[:base.start()], base.group(0) + verb
    items = [head[x:y] for x, y in split_top(head, "、")]
    if len(items) < 2:
        return None
    last_parts = re.split(r"(?:和|及|与)", items[-1], maxsplit=1)
    items = items[:-1] + last_parts
    if len(items) < 2 or any(not it for it in items):
        return None
    first, last = items[0], items[-1]
    ft, lt = _tokens(first), _tokens(last)
    if ft and lt and ft[-1] == lt[-1] or first.endswith(METRIC_ENDINGS) and last.endswith(METRIC_ENDINGS):
        return [it + verb for it in items], shared  # complete metrics: 专利授权量、商标注册量; 能耗、用水量
    a = ft[-1] if ft else first
    prefix = first[: len(first) - len(a)]
    if "等" in last:
        b, suffix = last.split("等", 1)
        heads = [suffix.find(h) for h in _METRIC_HEADS if h in suffix]
        suffix = suffix[min(heads):] if heads else suffix
    else:
        b = lt[0] if lt else last
        suffix = last[len(b):]
    cores = [a, *items[1:-1], b]
    return [prefix + c + suffix + verb for c in cores], shared


# ---- values in table columns (指标名称 | 单位 | 2025年目标) ----

_VALUE_COLUMN = re.compile(r"^(?:(?P<y>(?:19|20)\d\d)\s*年)?(?P<kind>" + "|".join(TARGET_COLUMNS) + r")?$")
_CELL_PRE = sorted(list(CELL_COMPARATORS) + _PRE, key=len, reverse=True)
_CELL_VALUE = re.compile(r"^(?P<pre>" + "|".join(map(re.escape, _CELL_PRE)) + r")?(?P<num>" + _NUM + r")"
                         r"(?:[-~～—至](?P<num2>" + _NUM + r"))?(?P<unit>[^\d\s]{0,6}?)(?P<suf>"
                         + "|".join(map(re.escape, _SUF)) + r")?$")


def value_columns(header: list[str]) -> dict[int, int | None]:
    """Columns of a table that hold target values, each with the year its header names
    (2025年 / 2025年目标 → 2025; 目标值 → None)."""
    out = {}
    for i, h in enumerate(header):
        m = _VALUE_COLUMN.match(re.sub(r"\s+", "", h))
        if m and (m.group("y") or m.group("kind")):
            out[i] = int(m.group("y")) if m.group("y") else None
    return out


def table_targets(header: list[str], rows: list[tuple[str, list]], year: int | None) -> list[Target]:
    """Targets in the value columns of a table: one per row and column whose cell is a value
    (≥95, 6.5, 12.5亿元, 3-5); the metric from the 指标 column (else the first cell), the unit from
    the cell or the 单位 column, the year from the column header or else ``year``.

    ``rows`` are (path, cells aligned with ``header``); a cell has .text, .start and .end."""
    cols = value_columns(header)
    bare = [re.sub(r"\s+", "", h) for h in header]
    metric_col = next((i for i, h in enumerate(bare) if h in METRIC_COLUMNS), None)
    unit_col = next((i for i, h in enumerate(bare) if h in UNIT_COLUMNS), None)
    out: list[Target] = []
    for path, cells in rows:
        if len(cells) != len(header):
            continue  # a row that does not fill the columns cannot be read by position
        named = [c for i, c in enumerate(cells) if i not in cols and i != unit_col and c.text.strip()]
        metric_cell = cells[metric_col] if metric_col is not None else (named[0] if named else None)
        if metric_cell is None:
            continue
        for col, col_year in cols.items():
            m = _CELL_VALUE.match(re.sub(r"\s+", "", cells[col].text))
            if not m:
                continue
            unit = m.group("unit") or (re.sub(r"\s+", "", cells[unit_col].text) if unit_col is not None else "")
            pre, suf = m.group("pre"), m.group("suf")
            comparator = "range" if m.group("num2") else (COMPARATOR_SUFFIX.get(suf) if suf else None) \
                or (CELL_COMPARATORS.get(pre) or COMPARATOR_PREFIX.get(pre) if pre else None) or "="
            vmax = _float(m.group("num2")) if m.group("num2") else None
            out.append(Target(path=path, metric=re.sub(r"\s+", "", metric_cell.text), value=_num(_float(m.group("num"))),
                              unit=unit, comparator=comparator, year=col_year or year,
                              value_max=_num(vmax) if vmax is not None else None,
                              start=metric_cell.start, end=cells[col].end))
    return out


def goal_cells(table) -> list[tuple[int, int, object]]:
    """(row index, column, cell) of the text cells under a goal column (攻坚目标, 工作目标, 目标任务)
    in rows that fill every column; a column of values (目标值) is read by table_targets instead."""
    values = value_columns(table.header)
    cols = [i for i, h in enumerate(table.header)
            if any(w in re.sub(r"\s+", "", h) for w in GOAL_COLUMN_WORDS) and i not in values]
    return [(r, i, row[1 + i]) for r, row in enumerate(table.rows) if len(row) == len(table.header) + 1
            for i in cols if row[1 + i].text.strip()]
