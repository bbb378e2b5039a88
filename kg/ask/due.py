"""督办 questions: 哪些任务逾期未完成? 区财政局的任务进展如何? 三季度哪些工作滞后? 2.1.1完成了吗?
下个月到期的任务有哪些? — answered from :func:`kg.due.due_rows`, with the source sentences of both the
task and the report.

:func:`due_question` returns None for every other question (the main pipeline answers those), so
it only takes questions carrying a 督办 cue word (逾期, 到期, 进展, 滞后, 完成了吗 …; data in
``DUE_CUES``). The day questions are judged on is :func:`kg.due.today` (``$POLICYKG_TODAY`` or today).
"""
from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from kg.ask.execute import Result
from kg.due import DueRow, due_rows, today
from kg.ask.linker import Linked
from kg.queries import get_query
from kg.store import Store

__all__ = ["due_question", "DUE_CUES", "DueAnswer"]

#: intent → cue words (a regex alternation each), tried in this order
DUE_CUES = {
    "overdue": r"逾期|超期|过期|超过期限|超过时限|过了期限|过了时限",
    "lagging": r"滞后|落后|进展缓慢|进度缓慢|推进缓慢|未启动|没有启动|没启动|未开展",
    "due_window": r"到期|截止|快到期|即将到期|要完成的任务|需完成的任务",
    "done_check": r"完成了吗|完成没有|完成了没|是否完成|是否已完成|有没有完成|做完了吗|办结了吗|落实了吗|完成没",
    "progress": r"进展|进度|完成情况|落实情况|推进情况|执行情况|怎么样了|完成得如何|完成得怎么样",
}
_QUARTER = re.compile(r"(?:(?P<y>(?:19|20)\d\d)年)?第?(?P<q>[一二三四1-4])季度")
_HALF = re.compile(r"(?:(?P<y>(?:19|20)\d\d)年)?(?P<h>[上下])半年")
_CN = {"一": 1, "二": 2, "三": 3, "四": 4, "1": 1, "2": 2, "3": 3, "4": 4}
_NUM = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}


@dataclass
class DueAnswer:
    """What :func:`due_question` gives the asking pipeline."""

    intent: str
    result: Result
    sparql: list[str] = field(default_factory=list)


def _window(q: str, on: date) -> tuple[date, date, str]:
    """The dates a 到期 question asks about, and how to say it."""
    if re.search(r"下个?月", q):
        y, m = (on.year + 1, 1) if on.month == 12 else (on.year, on.month + 1)
        return date(y, m, 1), date(y, m, calendar.monthrange(y, m)[1]), f"{y}年{m}月"
    if re.search(r"本月|这个月|当月|本月底", q):
        return on, date(on.year, on.month, calendar.monthrange(on.year, on.month)[1]), "本月"
    if re.search(r"下周|下个星期", q):
        start = on + timedelta(days=7 - on.weekday())
        return start, start + timedelta(days=6), "下周"
    if re.search(r"本周|这周|这个星期", q):
        return on, on + timedelta(days=6 - on.weekday()), "本周"
    if re.search(r"本季度|这个季度", q):
        end_m = ((on.month - 1) // 3 + 1) * 3
        return on, date(on.year, end_m, calendar.monthrange(on.year, end_m)[1]), "本季度"
    if re.search(r"年底|年内|今年", q):
        return on, date(on.year, 12, 31), "年底前"
    m = re.search(r"(\d{1,3}|[一二两三四五六七八九十])\s*(天|日|周|个月|月)(?:内|以内|之内)", q)
    if m:
        n = int(m.group(1)) if m.group(1).isdigit() else _NUM[m.group(1)]
        days = n * {"天": 1, "日": 1, "周": 7, "个月": 30, "月": 30}[m.group(2)]
        return on, on + timedelta(days=days), f"{m.group(0)}"
    return on, on + timedelta(days=30), "30天内"


def _period(q: str, linked: Linked) -> tuple[str | None, str]:
    """The report period a question names (三季度 → ?-Q3), as a suffix to match and a label."""
    m = _QUARTER.search(q)
    if m:
        y = m.group("y") or (str(linked.years[0]) if linked.years else "")
        return f"{y}-Q{_CN[m.group('q')]}" if y else f"-Q{_CN[m.group('q')]}", m.group(0)
    m = _HALF.search(q)
    if m:
        y = m.group("y") or (str(linked.years[0]) if linked.years else "")
        key = f"-H{1 if m.group('h') == '上' else 2}"
        return (y + key if y else key), m.group(0)
    return None, ""


def _row(r: DueRow) -> dict[str, Any]:
    report = f"【最新进展 {r.report_date or ''}】{r.sentence}" if r.sentence else "【尚无进展报告】"
    return {"path": r.path, "heading": r.heading, "doc": r.doc_id, "units": [{"name": n, "role": ro}
                                                                          for n, ro in r.units],
            "text": r.text, "source": f"{r.text}\n{report}", "due": r.due, "deadline": r.deadline,
            "status": r.status, "status_label": r.status_label, "percent": r.percent, "report": r.sentence,
            "report_doc": r.report_id, "report_date": r.report_date, "light": r.light_label}


def _answers(rows: list[DueRow]) -> list[dict[str, Any]]:
    return [{"kind": "task", "key": r.path, "label": r.heading, "doc": r.doc_id} for r in rows]


def _brief(r: DueRow) -> str:
    bits = [f"{r.path} {r.heading}"]
    if r.deadline:
        bits.append(f"时限{r.deadline}")
    bits.append(r.status_label or "未报告进展")
    return ",".join(bits)


def _list_text(head: str, rows: list[DueRow], limit: int = 5) -> str:
    if not rows:
        return head.replace("{n}", "0") + "。"
    shown = ";".join(_brief(r) for r in rows[:limit])
    more = f"等{len(rows)}项" if len(rows) > limit else ""
    return head.replace("{n}", str(len(rows))) + f":{shown}{more}。"


def due_question(store: Store, norm: str, linked: Linked) -> DueAnswer | None:
    """Answer a 督办 question, or None when the question is not one."""
    masked = linked.masked()
    intent = next((name for name, rx in DUE_CUES.items() if re.search(rx, masked)), None)
    if intent is None:
        return None
    paths = [m for m in linked.of("path")]
    units = [m for m in linked.of("unit")]
    if intent == "done_check" and not paths and not units:
        return None  # 是否完成 of something not in the store: leave it to the main pipeline
    if intent == "progress" and not (paths or units or re.search(r"哪些|任务|工作|事项", masked)):
        return None
    on = today()
    rows = due_rows(store, on)
    if not rows:
        return None
    if linked.docs is not None:
        rows = [r for r in rows if r.doc_id in linked.docs]
    if units:
        iris = {c for m in units for c in m.candidates}
        written = {m.text for m in units}
        rows = [r for r in rows if iris & set(r.unit_iris) or any(w == n for w in written for n, _ in r.units)]
    if paths:
        wanted = {c for m in paths for c in (m.candidates or [m.text])} | {m.text for m in paths}
        rows = [r for r in rows if r.path in wanted]
    sparql = [get_query(n).sparql for n in ("due_tasks", "due_links")]
    day = f"截至{on.year}年{on.month}月{on.day}日"
    who = "、".join(m.text for m in units)
    if intent == "overdue":
        hits = [r for r in rows if r.light == "overdue"]
        text = _list_text(f"{day},{who + '的' if who else ''}逾期未完成的任务有{{n}}项", hits)
    elif intent == "lagging":
        key, label = _period(norm, linked)
        if key:
            hits = []
            for r in rows:
                said = [h for h in r.history if str(h.get("period") or "").endswith(key.lstrip("-"))
                        or (key.startswith("-") and str(h.get("period") or "").endswith(key))]
                last = said[-1] if said else None
                if last and last.get("status") in ("behind", "not_started"):
                    r.status, r.status_label, r.sentence = last["status"], last.get("status_label"), last.get("text")
                    r.report_date = str(last.get("report_date") or "") or None
                    hits.append(r)
        else:
            hits = [r for r in rows if r.lagging]
        text = _list_text(f"{label or day},{who + '的' if who else ''}进展滞后(含未启动)的任务有{{n}}项", hits)
    elif intent == "due_window":
        start, end, label = _window(norm, on)
        hits = [r for r in rows if r.due and start.isoformat() <= r.due <= end.isoformat() and r.light != "done"]
        hits.sort(key=lambda r: r.due)
        text = _list_text(f"{label}({start.isoformat()}至{end.isoformat()})到期的未完成任务有{{n}}项", hits)
    elif intent == "done_check":
        hits = rows
        if not hits:
            text = "没有找到这项任务的进展。"
        else:
            parts = []
            for r in hits:
                state = r.status_label or "尚无进展报告"
                done = "已完成" if r.status == "done" else "尚未完成"
                extra = f",报告({r.report_date}):{r.sentence}" if r.sentence else ""
                late = f",已逾期{-r.days_left}天" if r.light == "overdue" else ""
                parts.append(f"{r.path} {r.heading}{done}(最新状态:{state}{late}{extra})")
            text = ";".join(parts) + "。"
    else:  # progress
        hits = rows
        counts: dict[str, int] = {}
        for r in hits:
            counts[r.status_label or "未报告"] = counts.get(r.status_label or "未报告", 0) + 1
        summary = "、".join(f"{k}{v}项" for k, v in counts.items())
        text = f"{day},{who + '的' if who else ''}任务共{len(hits)}项" + (f":{summary}。" if hits else "。")
    result = Result(text=text, kind="task", answers=_answers(hits), rows=[_row(r) for r in hits])
    return DueAnswer(intent=f"due_{intent}", result=result, sparql=sparql)
