"""Quantitative targets: metric + comparator word + number + unit + due year."""
from __future__ import annotations

import re
from dataclasses import dataclass

from extract.model import Target
from extract.rules import (ACHIEVEMENT_CUES, CHANGE_WORDS, COMPARATOR_PREFIX, COMPARATOR_SUFFIX, MEASURE_UNITS,
                           DESCRIPTIVE_CUES, FUTURE_CUES, LATIN_UNITS, PARAMETER_CUES, PENALTY_CUES, RULE_OPENERS,
                           TARGET_VERBS, TIME_UNITS)

_NUM = r"\d+(?:\.\d+)?"
_UNITS = [u for u in MEASURE_UNITS if u not in ("年", "岁")]
_PRE = sorted(COMPARATOR_PREFIX, key=len, reverse=True)
_SUF = sorted(COMPARATOR_SUFFIX, key=len, reverse=True)
TARGET_RX = re.compile(
    r"(?P<pre>" + "|".join(map(re.escape, _PRE)) + r")?\s*"
    r"(?P<num>" + _NUM + r")(?:\s*(?P<dash>[-—–~～至到])\s*(?P<num2>" + _NUM + r"))?\s*"
    r"(?P<unit>(?:" + "|".join(map(re.escape, LATIN_UNITS)) + r")(?![A-Za-z])|(?:万|亿|千)?(?:"
    + "|".join(map(re.escape, sorted(_UNITS, key=len, reverse=True))) + r"))"
    r"(?P<suf>" + "|".join(map(re.escape, _SUF)) + r")?"
)
YEAR_RX = re.compile(r"(?P<pre>到|至|截至|力争到|力争|在)?\s*(?P<y>(?:19|20)\d\d)\s*年(?P<post>底|末|前|内)?(?P<next>.)?")
_CLAUSE_SEP = "，,；;。：:！？!?"
_FILLER = re.compile(r"^(?:其中|同时|并|力争|努力|确保|实现|争取|全年|全市|全区|全县|全省|全国|年内|每年|当年|"
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


def due_year(text: str, pos: int) -> int | None:
    """The nearest due year stated before ``pos`` in a paragraph (到2026年, 2025年,)."""
    year = None
    for m in YEAR_RX.finditer(text, 0, pos):
        before = text[max(0, m.start() - 2):m.start()]
        if before.endswith(("比", "较", "与", "自", "从", "于")) or m.group("next") in ("—", "-", "–", "~"):
            continue
        nxt = m.group("next") or ""
        if m.group("pre") or m.group("post") in ("底", "末", "前") or nxt in ",，、" or nxt == "":
            if text[max(0, m.start() - 1):m.start()] in ("—", "-", "–"):
                continue
            year = int(m.group("y"))
    return year


def _clause_bounds(text: str, a: int, b: int) -> tuple[int, int]:
    s = a
    while s > 0 and text[s - 1] not in _CLAUSE_SEP:
        s -= 1
    e = b
    while e < len(text) and text[e] not in _CLAUSE_SEP:
        e += 1
    return s, e


def _comparator(m: re.Match, clause_before: str) -> str:
    if m.group("num2"):
        return "range"
    if m.group("suf"):
        return COMPARATOR_SUFFIX[m.group("suf")]
    if m.group("pre"):
        return COMPARATOR_PREFIX[m.group("pre")]
    return "="


def _metric(clause: str, m_start: int, m_end: int, pre: str | None) -> str:
    before = clause[:m_start]
    after = clause[m_end:]
    if pre:
        before = before[: len(before) - len(pre)] if before.endswith(pre) else before
    before = _FILLER.sub("", before.strip())
    before = re.sub(r"(?:分别|均|总体|累计|年均)?(?:达到|达|为|在|突破|超过|稳定在|保持在|控制在|降至|不低于|不少于)?$",
                    "", before).strip()
    if len(before) >= 2 and not after.strip(" 的"):
        return before
    if len(before) >= 2 and len(after) <= 2:
        return before
    return (before + after.lstrip("的")).strip()


def find_targets(text: str, base: int, ctx: Context) -> list[Target]:
    """Targets in one paragraph (width-folded text; spans shifted by ``base``)."""
    out: list[Target] = []
    for m in TARGET_RX.finditer(text):
        a, b = m.start(), m.end()
        if _skip(text, m):
            continue
        cs, ce = _clause_bounds(text, a, b)
        clause = text[cs:ce]
        comparator = _comparator(m, clause)
        if comparator == "=":  # 至少建成1所: the comparator word stands before the verb
            lead = re.search(r"(至少|不少于|不低于|超过)(?:" + "|".join(TARGET_VERBS) + r")$", clause[:a - cs])
            comparator = COMPARATOR_PREFIX[lead.group(1)] if lead else comparator
        em = _ENUM_WORD.search(clause, 0, a - cs)
        if comparator == "=" and em:  # 分别达到40个、300家: the word before the list holds for each value
            lead = clause[em.end():a - cs]
            comparator = next((COMPARATOR_PREFIX[w] for w in _PRE if lead.startswith(w)), comparator)
        if _PARAM_RX.search(clause[: a - cs + (len(m.group("pre") or ""))]):
            continue
        if comparator == "=" and not _is_goal(clause, ctx, a - cs):
            continue
        if m.group("unit") == "次" and re.search(r"每(?:年|半年|季度|月|周)", clause):
            continue  # 每年至少开展1次: a frequency rule
        if m.group("unit") in TIME_UNITS and (comparator == "=" or text[m.end():m.end() + 1] in "内前后"):
            continue
        sentence = _sentence(text, a)
        if any(c in sentence for c in ACHIEVEMENT_CUES) or any(c in clause for c in PENALTY_CUES):
            continue
        if _baseline(sentence, ctx) or clause.lstrip().startswith(RULE_OPENERS):
            continue
        if re.search(r"(?:金额|费用|投资|成本|总额|收入|价格|资金)的$", clause[: a - cs]):
            continue  # 实际发生金额的30%: a share that sets support, not a goal
        metric = re.sub(r"\s+", "", _metric(clause, a - cs, b - cs, m.group("pre")))
        if len(metric) < 2:
            continue
        year = due_year(text, a) or ctx.year
        value = float(m.group("num"))
        vmax = float(m.group("num2")) if m.group("num2") else None
        metrics = [metric]
        enum = _enumeration(clause, a - cs)
        if enum:
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


def _num(x: float) -> float | int:
    return int(x) if x == int(x) else x


def _skip(text: str, m: re.Match) -> bool:
    """Numbers that are not targets: dates, document numbers, ordinals, thresholds."""
    a, b = m.start("num"), m.end()
    prev = text[max(0, a - 1):a]
    nxt = text[b:b + 1]
    if prev in ("第", "〔", "[", "号", ".") or prev.isdigit():
        return True
    if text[b:b + 1] in ("号", "月") or (m.group("unit") == "%" and prev in ("-", "—")):
        return True
    if re.search(r"(?:由|从|较|比)(?:\d{4}\s*年(?:底|末)?的?)?$", text[max(0, a - 10):a]):
        return True  # a base value: 由2023年的9.2%提高到12%
    opened = text.rfind("《", 0, a) > text.rfind("》", 0, a)
    if opened:
        return True
    depth = 0
    for ch in text[:a]:
        depth += ch in "(（"
        depth -= ch in ")）" and depth > 0
    if depth:
        return True  # a definition in brackets, not a goal
    if m.group("suf") and nxt and re.match(r"[\u4e00-\u9fa5]", nxt):
        return True  # 5亿元以上重大项目: a threshold that qualifies what follows
    if nxt == "的" or text[b:b + 2] in ("及以", "以下的", "以上的"):
        return True
    return False


_BARE_YEAR = re.compile(r"^\s*(?:截至)?((?:19|20)\d\d)\s*年(?:底|末)?\s*[,，]")


def _baseline(sentence: str, ctx: Context) -> bool:
    """2023年，全市实现旅游总收入680亿元 — in a plan looking further ahead, a sentence that
    opens with an earlier year and states no aim reports where things stand."""
    m = _BARE_YEAR.match(sentence)
    if not m or any(c in sentence for c in FUTURE_CUES):
        return False
    return ctx.latest_year is not None and int(m.group(1)) < ctx.latest_year


def _sentence(text: str, pos: int) -> str:
    s = max(text.rfind(ch, 0, pos) for ch in "。；;") + 1
    e = min([i for i in (text.find(ch, pos) for ch in "。；;") if i >= 0] or [len(text)])
    return text[s:e]


def _is_goal(clause: str, ctx: Context, pos: int) -> bool:
    """A plain number counts as a target only where the text states a goal."""
    if ctx.goal_section:
        return True
    if re.search(r"到\s*\d{4}\s*年|力争|目标|确保|全年", clause):
        return True
    if any(c in clause for c in DESCRIPTIVE_CUES):
        return False
    near = clause[max(0, pos - 12):pos]
    head = _FILLER.sub("", clause.lstrip())
    return head.startswith(TARGET_VERBS) or any(v in near for v in TARGET_VERBS + CHANGE_WORDS)


_ENUM_WORD = re.compile(r"分别|均")
_METRIC_HEADS = ("排放", "总量", "数量", "比例", "比重", "面积", "产量", "规模", "增速", "指数", "覆盖率", "率")


def _numbers_before_enum(clause: str) -> int:
    m = _ENUM_WORD.search(clause)
    return sum(1 for _ in TARGET_RX.finditer(clause, 0, m.start())) if m else 0


def _tokens(s: str) -> list[str]:
    """jieba words with a bracketed group kept on the word before it."""
    from extract.people import _jieba

    out: list[str] = []
    depth = 0
    for w in _jieba().lcut(s, HMM=False):
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

    items = [head[x:y] for x, y in split_top(head, "、")]
    if len(items) < 2:
        return None
    last_parts = re.split(r"(?:和|及|与)", items[-1], maxsplit=1)
    items = items[:-1] + last_parts
    if len(items) < 2 or any(not it for it in items):
        return None
    first, last = items[0], items[-1]
    ft, lt = _tokens(first), _tokens(last)
    if ft and lt and ft[-1] == lt[-1]:
        return [it + verb for it in items], shared  # complete metrics: 专利授权量、商标注册量
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
