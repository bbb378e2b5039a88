"""Deadline phrases → a due date, a recurrence or "ongoing", relative to the document's date.

``parse_deadline("2024年6月底前")`` gives ``Due(kind="date", due="2024-06-30", ...)``; relative
phrases (年内, 明年, 三季度末) take their year from the document's date. The written form is kept
beside the parsed value. The phrase tables live in :mod:`extract.rules.due`.

>>> parse_deadline("2024年6月底前").due
'2024-06-30'
>>> parse_deadline("年内", "2024-03-15").due
'2024-12-31'
>>> parse_deadline("每季度").recurrence
'P3M'
>>> parse_deadline("长期坚持").kind
'ongoing'
"""
from __future__ import annotations

import calendar
import re
from datetime import date

from extract.model import Due
from extract.numerals import cn_to_int

from extract.rules.due import (CN_DATE_DIGITS, HALF_END_MONTH, ONGOING, QUARTER_END_MONTH, RECURRENCES,
                               RELATIVE_YEARS)

__all__ = ["Due", "parse_deadline", "find_deadline_phrase", "next_occurrence"]

KINDS = ("date", "period", "recurring", "ongoing")


_Y = rf"(?P<y>(?:19|20)\d\d|[{CN_DATE_DIGITS}]{{4}})\s*年"
_M = rf"(?P<m>1[0-2]|0?[1-9]|十[一二]?|[一二三四五六七八九])\s*月"
_D = rf"(?P<d>[12]\d|3[01]|0?[1-9]|[一二三]?十[一二三四五六七八九]?|[一二三四五六七八九])\s*[日号]"
_REL = "|".join(sorted((re.escape(k) for k in RELATIVE_YEARS), key=len, reverse=True))
_YEAR_OR_REL = rf"(?:{_Y}|(?P<rel>{_REL}))"
_RANGE = re.compile(rf"(?P<y1>(?:19|20)\d\d)\s*年?\s*[-—–~～至到]+\s*(?P<y2>(?:19|20)\d\d)\s*年")
_FULL = re.compile(rf"(?:{_YEAR_OR_REL}\s*)?{_M}\s*{_D}")
_MONTH = re.compile(rf"(?:{_YEAR_OR_REL}\s*)?{_M}(?P<end>底|末|份|中旬|上旬|下旬)?")
_QUARTER = re.compile(rf"(?:{_YEAR_OR_REL}\s*)?(?:第)?(?P<q>[一二三四1-4])\s*季度(?P<end>末|底)?")
_HALF = re.compile(rf"(?:{_YEAR_OR_REL}\s*)?(?P<h>[上下])半年")
_YEAR_END = re.compile(rf"{_Y}\s*(?:年?底|年末|末|全年|内)?")
_REL_ALONE = re.compile(rf"(?P<rel>{_REL})")
_RECUR = re.compile("|".join(sorted((re.escape(k) for k in RECURRENCES), key=len, reverse=True)))
_ONGOING = re.compile("|".join(sorted((re.escape(k) for k in ONGOING), key=len, reverse=True)))
def _ref_year(doc_date: str | None) -> int | None:
    if doc_date and re.match(r"^\d{4}-\d{2}-\d{2}$", doc_date):
        return int(doc_date[:4])
    return None


def _last_day(y: int, m: int) -> str:
    return date(y, m, calendar.monthrange(y, m)[1]).isoformat()


def _year(m: re.Match, ref: int | None, default: int | None) -> tuple[int | None, bool]:
    """The year a match names: written, relative to the document's year, else the default."""
    if m.groupdict().get("y"):
        return cn_to_int(m.group("y")), False
    if m.groupdict().get("rel"):
        return (None, True) if ref is None else (ref + RELATIVE_YEARS[m.group("rel")], True)
    return (default, True) if default is not None else (ref, True)


def _dates(text: str, ref: int | None, default: int | None) -> list[tuple[int, int, str, str | None, bool]]:
    """(start, end, due ISO, period start ISO, relative) of every dated phrase, longest first at a position."""
    found: list[tuple[int, int, str, str | None, bool]] = []
    taken: list[tuple[int, int]] = []

    def free(a: int, b: int) -> bool:
        return all(b <= s or a >= e for s, e in taken)

    def put(m: re.Match, due: str, start: str | None, rel: bool) -> None:
        taken.append((m.start(), m.end()))
        found.append((m.start(), m.end(), due, start, rel))

    for m in _RANGE.finditer(text):
        y1, y2 = int(m.group("y1")), int(m.group("y2"))
        if y1 <= y2:
            put(m, f"{y2}-12-31", f"{y1}-01-01", False)
    for m in _FULL.finditer(text):
        if not free(m.start(), m.end()):
            continue
        y, rel = _year(m, ref, default)
        mo, d = cn_to_int(m.group("m")), cn_to_int(m.group("d"))
        if y and 1 <= mo <= 12 and 1 <= d <= calendar.monthrange(y, mo)[1]:
            put(m, date(y, mo, d).isoformat(), None, rel)
    for rx, month_of in ((_QUARTER, lambda m: QUARTER_END_MONTH[m.group("q")]),
                         (_HALF, lambda m: HALF_END_MONTH[m.group("h")])):
        for m in rx.finditer(text):
            if not free(m.start(), m.end()):
                continue
            y, rel = _year(m, ref, default)
            if y:
                put(m, _last_day(y, month_of(m)), None, rel)
    for m in _MONTH.finditer(text):
        if not free(m.start(), m.end()):
            continue
        y, rel = _year(m, ref, default)
        mo = cn_to_int(m.group("m"))
        if not y or not 1 <= mo <= 12:
            continue
        end = m.group("end")
        if end == "上旬":
            due = date(y, mo, 10).isoformat()
        elif end == "中旬":
            due = date(y, mo, 20).isoformat()
        else:
            due = _last_day(y, mo)
        put(m, due, None, rel)
    for m in _YEAR_END.finditer(text):
        if free(m.start(), m.end()):
            put(m, f"{cn_to_int(m.group('y'))}-12-31", None, False)
    for m in _REL_ALONE.finditer(text):
        if free(m.start(), m.end()) and ref is not None:
            put(m, f"{ref + RELATIVE_YEARS[m.group('rel')]}-12-31", None, True)
    return sorted(found)


def parse_deadline(text: str | None, doc_date: str | None = None, default_year: int | None = None) -> Due | None:
    """Parse a deadline phrase (完成时限 or a phrase inside a task's text).

    Parameters
    ----------
    text : str
        The phrase as written: 2024年6月底前, 年内, 三季度末, 每季度, 长期坚持, 2024—2026年 …
    doc_date : str, optional
        The document's date (ISO); relative phrases (年内, 明年, 三季度末) count from its year.
    default_year : int, optional
        The year a phrase without one means when the document has no date (the plan's year).

    Returns
    -------
    Due or None
        None when the text names no time at all. Several dates: the latest is the due date
        (2024年底前完成试点,2025年6月底前全面推开 → 2025-06-30). A dated phrase beats 长期/持续
        wording; a recurrence (每季度) with no date is ``recurring``.

    Examples
    --------
    >>> parse_deadline("2025年12月31日前").due
    '2025-12-31'
    >>> d = parse_deadline("2024—2026年"); (d.kind, d.start, d.due)
    ('period', '2024-01-01', '2026-12-31')
    >>> parse_deadline("三季度末", "2024-02-01").due
    '2024-09-30'
    >>> parse_deadline("明年6月底前", "2024-02-01").due
    '2025-06-30'
    >>> parse_deadline("加强宣传") is None
    True
    """
    if not text or not text.strip():
        return None
    written = text.strip()
    s = re.sub(r"\s+", "", written)
    ref = _ref_year(doc_date)
    found = _dates(s, ref, default_year)
    recur = _RECUR.search(s)
    if found:
        last = max(found, key=lambda f: f[2])
        kind = "period" if last[3] else "date"
        due = Due(kind, written, due=last[2], start=last[3], relative=any(f[4] for f in found))
        if recur:
            due.recurrence, due.label = RECURRENCES[recur.group(0)]
        return due
    if recur:
        period, label = RECURRENCES[recur.group(0)]
        return Due("recurring", written, recurrence=period, label=label)
    if _ONGOING.search(s):
        return Due("ongoing", written, label="长期")
    return None


# A phrase inside a task's text that says when it is due (…,2024年6月底前完成).
_PHRASE = re.compile(
    r"(?:(?:19|20)\d\d\s*年?\s*[-—–~～至到]+\s*)?(?:(?:19|20)\d\d\s*年|今年|明年|年内|年底)?"
    r"(?:\s*(?:第?[一二三四1-4]季度|[上下]半年|(?:1[0-2]|0?[1-9]|十[一二]?|[一二三四五六七八九])\s*月"
    r"(?:\s*(?:[12]\d|3[01]|0?[1-9])\s*日)?))?"
    r"\s*(?:底|末|中旬|上旬|下旬)?\s*(?:前|以前|之前)(?:\s*(?:完成|建成|出台|实现|落实|到位|印发|制定))?")


def find_deadline_phrase(text: str) -> str | None:
    """The last dated "…前" phrase in a task's text (2024年6月底前, 年底前完成), else None.

    >>> find_deadline_phrase("制定实施细则,2024年6月底前完成。")
    '2024年6月底前完成'
    >>> find_deadline_phrase("加强宣传引导。") is None
    True
    """
    best = None
    for m in _PHRASE.finditer(text or ""):
        phrase = m.group(0).strip()
        if len(phrase) <= 2 or not re.search(r"\d|今年|明年|年内|年底|季度|半年|月", phrase):
            continue
        best = phrase
    return best


def next_occurrence(period: str, on: date) -> date:
    """The end of the current period of a recurrence on a day (P3M on 2024-05-10 → 2024-06-30).

    >>> next_occurrence("P3M", date(2024, 5, 10)).isoformat(), next_occurrence("P1Y", date(2024, 5, 10)).isoformat()
    ('2024-06-30', '2024-12-31')
    """
    months = {"P1M": 1, "P3M": 3, "P6M": 6, "P1Y": 12}.get(period)
    if months is None:  # weekly / ten days: due within the week
        from datetime import timedelta
        return on + timedelta(days=7 if period == "P1W" else 10)
    end_month = ((on.month - 1) // months + 1) * months
    return date(on.year, end_month, calendar.monthrange(on.year, end_month)[1])


def add_due(tasks, doc_date: str | None, default_year: int | None = None) -> None:
    """Give every task its parsed deadline: the 完成时限 as written, else a dated "…前" phrase
    in its text (a 长期/持续 verb in the text is not a deadline; only a 完成时限 says ongoing)."""
    for task in tasks:
        written = task.deadline or find_deadline_phrase(task.text)
        task.due = parse_deadline(written, doc_date, default_year) if written else None
