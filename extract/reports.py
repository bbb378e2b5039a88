"""Progress reports (进展情况, 执行情况, 督查通报 …): recognise one, and read its items.

A report is recognised by its title (a cue of ``extract.rules.due.REPORT_TITLE_CUES``) or by a table
whose header has a progress column (完成情况, 进展情况). Its items come in three forms:

- a table: one row an item (序号 / 任务 / 责任单位 / 完成情况);
- numbered items or paragraphs that name the task, often in quotes (关于“加大高质量创造导向”);
- a 通报 listing only the tasks that lag behind.

Each item keeps the reference the report gives (a path like 2.1.1, a 序号), the task as the report
names it, the units it names, its status from its wording, the percentage where given, its text and
span. Linking items to the tasks of a plan needs the store and happens in :mod:`kg.due`.
"""
from __future__ import annotations

import re

from extract.model import Document, Report, ReportItem
from extract.rules.due import (HEADING_QUOTES, PATH_REFS, PERCENT, PROGRESS_COLUMNS, REPORT_PERIODS,
                               REPORT_TITLE_CUES, REPORT_TITLE_ENDINGS, STATUS_WORDS, TASK_COLUMNS)
from extract.textnorm import strip_spaces

__all__ = ["find_report", "classify_status", "find_percent", "is_report_title"]

_PLAN_KINDS = ("通知", "方案", "意见", "办法", "规划", "计划", "纲要", "规定", "细则", "决定")
_LAGGING = re.compile(r"滞后|缓慢|未完成|逾期|落后|未达到?序时|未按期|差距较大")
_NEGATED = re.compile(r"(?:无|没有|未出现|不存在|未发现|杜绝)$")
_PERCENT = re.compile(PERCENT)
_PATHS = [re.compile(p) for p in PATH_REFS]
_QUOTES = [re.compile(re.escape(a) + r"([^" + re.escape(a + b) + r"\n]{2,40})" + re.escape(b))
           for a, b in HEADING_QUOTES]
_STRONG_ONGOING = ("正在", "推进中", "加快推进", "有序推进", "稳步推进")
_QUARTER_END = ("", "03-31", "06-30", "09-30", "12-31")
_CN_Q = {"一": 1, "二": 2, "三": 3, "四": 4, "1": 1, "2": 2, "3": 3, "4": 4}


def is_report_title(title: str) -> str | None:
    """The report cue a title carries (进展情况, 督查通报 …), None for a plan's title.

    >>> is_report_title("东营区2024年三季度重点任务进展情况"), is_report_title("关于开展执行情况督查的通知")
    ('进展情况', None)
    >>> is_report_title("关于三季度重点任务推进滞后情况的通报")
    '通报'
    """
    t = strip_spaces(title or "")
    if not t or len(t) > 90 or re.search(r"[。；;]", t):
        return None
    t = re.sub(r"(?:[(（][^()（）]{1,20}[)）])+$", "", t)  # …推进情况(1-11月)
    if t.endswith(_PLAN_KINDS):
        return None
    cue = next((cue for cue in REPORT_TITLE_CUES if cue in t), None)
    return cue or next((end for end in REPORT_TITLE_ENDINGS if t.endswith(end)), None)


def report_title(lines) -> str | None:
    """The first of a report's opening lines that reads as a report title."""
    for ln in [ln for ln in lines if ln.stripped][:4]:
        if is_report_title(ln.stripped) and len(ln.stripped) >= 8:
            return strip_spaces(ln.text)
    return None


def classify_status(text: str) -> str | None:
    """The status an item's wording gives (a key of STATUS_LABELS), or None.

    >>> classify_status("已完成专项资金拨付。"), classify_status("进度滞后,仅完成40%。")
    ('done', 'behind')
    >>> classify_status("已完成前期工作,正在推进施工。"), classify_status("未出现滞后,已全面完成。")
    ('in_progress', 'done')
    """
    found: dict[str, int] = {}
    for key, _label, words in STATUS_WORDS:
        for w in words:
            for m in re.finditer(re.escape(w), text):
                if _NEGATED.search(text[max(0, m.start() - 3):m.start()]):
                    continue
                found.setdefault(key, m.start())
    if not found:
        return None
    if "not_started" in found:
        return "not_started"
    if "behind" in found:
        return "behind"
    if ("done" in found or "mostly_done" in found) and any(w in text for w in _STRONG_ONGOING):
        return "in_progress"
    for key in ("mostly_done", "done", "in_progress"):
        if key in found:
            return key
    return None


def find_percent(text: str) -> float | None:
    """The completion percentage an item gives (完成60%, 进度达80%), else None.

    >>> find_percent("目前已完成年度目标的60%。"), find_percent("完成投资3000万元。")
    (60.0, None)
    """
    m = _PERCENT.search(text)
    return float(m.group("v")) if m else None


def _status(text: str, lagging_only: bool) -> tuple[str | None, float | None]:
    status, pct = classify_status(text), find_percent(text)
    if pct is not None and pct < 100 and status in (None, "done"):
        status = "in_progress"  # 完成年度目标的45%: under way, not done
    if pct is not None and pct >= 100 and status in (None, "in_progress"):
        status = "done"
    if lagging_only and status in (None, "in_progress"):
        status = "behind"
    return status, pct


def _period(title: str, default_year: int | None = None) -> tuple[str | None, str | None]:
    """(period key, its last day) named in a title: 2024年三季度 → (2024-Q3, 2024-09-30)."""
    t = strip_spaces(title)
    ym = re.findall(r"((?:19|20)\d\d)\s*年", t)
    year = int(ym[-1]) if ym else default_year
    if year is None:
        return None, None
    q = re.search(r"第?([一二三四1-4])季度", t)
    if q:
        n = _CN_Q[q.group(1)]
        return f"{year}-Q{n}", f"{year}-{_QUARTER_END[n]}"
    h = re.search(r"([上下])半年", t)
    if h:
        return (f"{year}-H1", f"{year}-06-30") if h.group(1) == "上" else (f"{year}-H2", f"{year}-12-31")
    if re.search(r"半年", t):  # 半年落实情况: the first half
        return f"{year}-H1", f"{year}-06-30"
    mo = re.search(r"(?:1-|一至)?(\d{1,2})月", t)
    if mo and 1 <= int(mo.group(1)) <= 12:
        import calendar
        n = int(mo.group(1))
        return f"{year}-{n:02d}", f"{year}-{n:02d}-{calendar.monthrange(year, n)[1]:02d}"
    for rx, kind in REPORT_PERIODS:
        if kind == "year" and re.search(rx, t):
            return f"{year}", f"{year}-12-31"
    return None, None


def _ref(text: str) -> str | None:
    for rx in _PATHS:
        m = rx.search(text)
        if m:
            return m.groupdict().get("p") or m.groupdict().get("n")
    return None


def _quoted(text: str) -> str | None:
    hits = [(m.start(), m.group(1)) for rx in _QUOTES for m in rx.finditer(text)]
    hits = [(s, q) for s, q in hits if not q.endswith(("方案", "意见", "通知", "规划", "计划", "纲要", "办法"))]
    return min(hits)[1].strip() if hits else None


_MARKER = re.compile(r"^\s*(?:[一二三四五六七八九十]+[、.．]|[(（][一二三四五六七八九十\d]{1,3}[)）]|\d{1,3}[.、．](?!\d))")


def _units_in(text: str) -> list[str]:
    """Units an item names: a leading "区财政局:" or a responsibility marker."""
    from extract.responsibility import find_assignments
    from extract.unitnames import looks_like_unit, split_units

    out: list[str] = []
    text = _MARKER.sub("", text, count=1)
    m = re.match(r"^\s*([^，,。:：;；\n]{2,30})[:：]", text)
    if m:
        out += [n for n, _, _ in split_units(m.group(1), 0) if looks_like_unit(n)]
    for a in find_assignments(text, 0, False):
        out += [u.name for u in a.units if u.name not in out]
    lead = re.search(r"([^，,。:：;；\s“”\"]{3,15}?)(?:牵头|负责|承担)", text)
    if lead and looks_like_unit(lead.group(1)) and lead.group(1) not in out:
        out.append(lead.group(1))
    return out


def _progress_col(header: list[str]) -> int | None:
    """The progress column; the last of several (1-10月推进情况, 1-11月推进情况: the latest)."""
    found = None
    for i, h in enumerate(header):
        h = strip_spaces(h)
        if any(c in h for c in PROGRESS_COLUMNS) and not h.startswith(("是否",)):
            found = i
    return found


def _table_items(document: Document, tables, lagging_only: bool) -> list[ReportItem]:
    from extract.unitnames import looks_like_unit, split_units

    items: list[ReportItem] = []
    text = document.text
    for table in tables:
        col = _progress_col(table.header)
        if col is None:
            continue
        task_cols = [i for i, h in enumerate(table.header) if any(c in strip_spaces(h) for c in TASK_COLUMNS)
                     and i != col]
        unit_cols = [i for i, h in enumerate(table.header) if strip_spaces(h).endswith(("单位", "部门", "科室"))]
        for row in table.rows:
            no, cells = row[0], row[1:]
            n_head = len(table.header)
            if len(cells) == n_head:
                at = cells.__getitem__
            elif 0 < n_head - len(cells) <= 2 and n_head - col <= len(cells):
                # a merged cell left of the progress column is missing: read from the right
                at = (lambda k, _c=cells, _n=n_head: _c[k - _n])  # noqa: E731
            else:
                at = None
            prog = at(col) if at is not None and col - n_head >= -len(cells) else None
            task = None
            if at is not None and prog is not None and len(prog.text) > 2:
                task = next((at(i) for i in task_cols if i - n_head >= -len(cells) and len(at(i).text) > 3), None)
                units = [n for i in unit_cols if i - n_head >= -len(cells)
                         for n, _, _ in split_units(at(i).text, 0) if looks_like_unit(n)]
            if task is None:  # cells do not line up: the task is the first long cell, the progress the last
                filled = [c for c in cells if len(c.text) > 4]  # that says how it stands
                if len(filled) < 2:
                    continue
                task = filled[0]
                prog = next((c for c in reversed(filled[1:]) if classify_status(c.text) or find_percent(c.text)),
                            filled[-1])
                units = []
            if not prog.text:
                continue
            status, pct = _status(prog.text, lagging_only)
            heading = task.text if task is not None else None
            ref = _ref(heading or "")
            items.append(ReportItem(text=text[prog.start:prog.end].strip() if not prog.offsets else prog.text,
                                    status=status, percent=pct, ref=ref,
                                    heading=re.split(r"[。;；]", heading)[0][:60] if heading else None,
                                    units=units, start=prog.start, end=prog.end,
                                    row=f"T{table.number}.{no.text}"))
    return items


_PROGRESS_LINE = re.compile(r"^[ \t\u3000]*(?:" + "|".join(sorted(PROGRESS_COLUMNS, key=len, reverse=True))
                            + r")[ \t\u3000]*[:：][ \t\u3000]*(?P<s>[^\n]+)$", re.M)
_SIGNATURE = re.compile(r"^\s*(?:[\u4e00-\u9fa5]{2,30}(?:局|委|办|办公室|中心|政府|院|组)|(?:19|20)\d\d\s*年\s*\d{1,2}\s*月"
                        r"\s*\d{1,2}\s*日)\s*$")


def _trim(norm: str, s: int, e: int) -> tuple[int, int]:
    """Drop trailing signature and date lines from an item's span."""
    while e > s:
        ls = norm.rfind("\n", s, e - 1) + 1
        if ls <= s:
            break
        line = norm[ls:e]
        if line.strip() and not _SIGNATURE.match(line):
            break
        e = ls - 1 if ls > 0 else ls
    return s, max(e, s)


def _body_start(norm: str, s: int, e: int, heading: str | None) -> int:
    """Where an item's own words start: after its heading line, or after 一、农村厕所改造。"""
    nl = norm.find("\n", s, e)
    first = norm[s:nl if nl >= 0 else e]
    if first.rstrip().endswith("。") and (re.search(r"[,，]", first) or len(first) > 30):
        return -1  # one sentence-line item (1.区大数据中心承担的…。): the line is the item
    if nl >= 0 and not re.search(r"[。；;]", first.rstrip("。")):
        return nl + 1  # the heading stands on its own line
    if heading:
        k = norm.find(heading, s, e)
        if k >= 0:
            j = k + len(heading)
            while j < e and norm[j] in "。.;；,，:： ”\"」』":
                j += 1
            return j
    return s


def _block_items(document: Document, norm: str, nodes, start_at: int, lagging_only: bool,
                 skip: set[int]) -> list[ReportItem]:
    """Items written as numbered items or paragraphs that name their task."""
    text = document.text
    blocks: list[tuple[int, int, str | None]] = []  # (start, end, heading of the numbered item)
    for node in nodes:
        s, e = node.section.start, node.body_end
        if s < start_at:
            continue
        blocks.append((s, e, node.section.heading))
    covered = [(s, e) for s, e, _ in blocks]
    pos = start_at
    for para in re.finditer(r"[^\n]+", norm[start_at:]):
        a, b = start_at + para.start(), start_at + para.end()
        if any(s <= a < e for s, e in covered):
            continue
        if _quoted(para.group(0)) or _ref(para.group(0)):
            blocks.append((a, b, None))
    items = []
    for s, e, heading in sorted(blocks):
        s, e = _trim(norm, s, e)
        whole = norm[s:e]
        if not whole.strip():
            continue
        quoted = _quoted(whole)
        ref = _ref(whole)
        body_start = _body_start(norm, s, e, heading)
        if body_start < 0:  # the item is its first line; later paragraphs close the list
            nl = norm.find("\n", s, e)
            e = nl if nl > s else e
            body_start = s
        body = norm[body_start:e]
        said = body
        for rx in _QUOTES:  # the task's own words say nothing of its status
            said = rx.sub("", said)
        status, pct = _status(said, lagging_only)
        if status is None and pct is None and quoted is None and ref is None:
            continue  # a container or a preamble line
        if heading and len(heading) > 40:
            heading = re.split(r"[,，:：]", heading)[0]
        shown = text[body_start:e].strip() or text[s:e].strip()
        label = _PROGRESS_LINE.search(text, body_start, e)
        if label:  # 完成情况:已完成… on its own line: that line is the sentence
            body_start, shown = label.start("s"), label.group("s").strip()
            e = body_start + len(label.group("s").rstrip())
        marker = _MARKER.match(shown)
        if marker:  # 1.区大数据中心承担的…: the sentence without its number
            body_start += len(text[body_start:e]) - len(text[body_start:e].lstrip()) + marker.end()
            shown = shown[marker.end():].strip()
        items.append(ReportItem(text=re.sub(r"\s*\n\s*", "", shown), status=status, percent=pct,
                                ref=ref, heading=quoted or (heading or None), units=_units_in(whole),
                                start=body_start if shown == text[body_start:e].strip() else s, end=e))
    if lagging_only:
        return items
    # an item stating no status names its task only; a report item says how it stands
    return [i for i in items if i.status or i.percent is not None]


def find_report(document: Document, norm: str, lines, nodes, tables) -> Report | None:
    """The document as a progress report (None when it is not one).

    A title with a report cue makes a report; so does a table with a progress column
    (完成情况) in a document whose title names a period (季度, 半年, 年度).
    """
    title = document.title or report_title(lines) or ""
    cue = is_report_title(title)
    progress_tables = [t for t in tables if _progress_col(t.header) is not None]
    if cue is None:
        if not progress_tables or not any(re.search(rx, title) for rx, _ in REPORT_PERIODS):
            return None
        cue = strip_spaces(table_cue(progress_tables[0].header))
    first_line = next((ln.stripped for ln in lines if ln.stripped), "")
    doc_year = int(document.date[:4]) if document.date and document.date[:4].isdigit() else None
    period, period_end = _period(title or first_line, doc_year)
    if not document.title:
        document.title = title
    start_at = 0
    first_item = min([n.section.start for n in nodes] + [len(norm)])
    preamble = norm[:first_item]
    lagging_only = bool(_LAGGING.search(strip_spaces(title))) or bool(
        re.search(r"(?:以下|如下|下列)[^。\n]{0,20}(?:滞后|缓慢|未完成|逾期|落后)|(?:滞后|缓慢|未完成|逾期)[^。\n]{0,12}(?:如下|通报如下)",
                  preamble))
    plan = None
    for ref in document.references:
        if ref.start < first_item + 200 and not is_report_title(ref.title):
            plan = ref.title
            break
    items = _table_items(document, progress_tables, lagging_only)
    if not items:
        skip: set[int] = set()
        items = _block_items(document, norm, nodes, start_at, lagging_only, skip)
    return Report(kind=cue, period=period, date=document.date or period_end, plan=plan,
                  lagging_only=lagging_only, items=items)


def table_cue(header: list[str]) -> str:
    col = _progress_col(header)
    return header[col] if col is not None else "完成情况"
