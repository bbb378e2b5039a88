"""A unit's task ledger (台账): its tasks grouped by document and role, and the .xlsx officials print."""
from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date

from kg.roles import ROLE_ORDER, ROLE_ZH

COLUMNS = ("序号", "文件", "章节", "任务", "角色", "同责单位", "完成时限", "完成时限(日期)", "最新进展", "原文")
WIDTHS = (6, 26, 9, 26, 12, 30, 14, 12, 40, 70)


@dataclass
class LedgerRow:
    """One task of the unit."""

    doc_id: str
    doc_title: str
    path: str
    heading: str
    role: str  # lead / responsible / cooperate
    via: str | None  # the collective (各镇街) through which the unit has the task
    co_units: list[str]
    deadline: str
    text: str
    start: int
    due_date: str = ""  # 完成时限(日期): the ISO date, or 长期 / 周期
    progress: str = ""  # 最新进展: status and the latest report's sentence, with its date

    @property
    def role_zh(self) -> str:
        r = ROLE_ZH.get(self.role, self.role)
        return f"{r}(经{self.via})" if self.via else r


def ledger_rows(tasks: list[dict], details: dict[str, dict], units: dict[str, list[dict]],
                titles: dict[str, str], unit_labels: set[str], via_labels: dict[str, str]) -> list[LedgerRow]:
    """Rows of the ledger from ``kg.queries`` rows.

    ``tasks``: rows of ``tasks_of_unit``; ``details``: task IRI → ``task_detail`` row; ``units``:
    task IRI → ``units_of_task`` rows; ``titles``: document id → title; ``unit_labels``: every
    name of the unit (left out of 同责单位); ``via_labels``: collective IRI → its name.
    """
    seen: set[tuple[str, str]] = set()
    out: list[LedgerRow] = []
    for t in tasks:
        key = (t["task"], t.get("role") or "")
        if key in seen:
            continue
        seen.add(key)
        d = details.get(t["task"], {})
        via = via_labels.get(t["via"]) if t.get("via") else None
        mine = set(unit_labels) | ({via} if via else set())
        co, seen_co = [], set()
        for u in units.get(t["task"], []):
            name = u.get("written") or u.get("label") or ""
            if name and name not in mine and u.get("label") not in mine and name not in seen_co:
                seen_co.add(name)
                co.append(name)
        out.append(LedgerRow(
            doc_id=t["doc_id"], doc_title=titles.get(t["doc_id"], t["doc_id"]), path=t.get("path") or "",
            heading=t.get("heading") or "", role=t.get("role") or "responsible", via=via, co_units=co,
            deadline=d.get("deadline") or "", text=d.get("text") or "", start=int(t.get("start") or 0)))
    order = {d: i for i, d in enumerate(titles)}
    out.sort(key=lambda r: (order.get(r.doc_id, len(order)), r.doc_id, ROLE_ORDER.get(r.role, 9), r.start, r.path))
    return out


def add_progress(rows: list[LedgerRow], due: list) -> None:
    """Fill 完成时限(日期) and 最新进展 from :func:`kg.due.due_rows` rows (matched by document and path)."""
    from kg.due import KIND_ZH

    by_key = {(d.doc_id, d.path): d for d in due}
    for r in rows:
        d = by_key.get((r.doc_id, r.path))
        if d is None:
            continue
        r.due_date = d.due or KIND_ZH.get(d.kind or "", "")
        if d.status_label:
            r.progress = f"{d.status_label}({d.report_date or '日期不详'}):{d.sentence or ''}"


def grouped(rows: list[LedgerRow]) -> list[tuple[str, str, list[tuple[str, list[LedgerRow]]]]]:
    """Rows grouped by document, then role: [(doc_id, title, [(role, rows)])]."""
    out: list[tuple[str, str, list[tuple[str, list[LedgerRow]]]]] = []
    for r in rows:
        if not out or out[-1][0] != r.doc_id:
            out.append((r.doc_id, r.doc_title, []))
        roles = out[-1][2]
        if not roles or roles[-1][0] != r.role:
            roles.append((r.role, []))
        roles[-1][1].append(r)
    return out


def table(rows: list[LedgerRow]) -> list[dict]:
    """The rows as dicts with the ledger's Chinese columns."""
    return [{"序号": i, "文件": r.doc_title, "章节": r.path, "任务": r.heading, "角色": r.role_zh,
             "同责单位": "、".join(r.co_units), "完成时限": r.deadline, "完成时限(日期)": r.due_date,
             "最新进展": r.progress, "原文": r.text}
            for i, r in enumerate(rows, 1)]


def _clean(value: object) -> object:
    """Cell text without characters Excel refuses."""
    if not isinstance(value, str):
        return value
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    return ILLEGAL_CHARACTERS_RE.sub("", value)


def to_xlsx(rows: list[LedgerRow], unit: str, store_note: str = "") -> bytes:
    """The ledger as an .xlsx workbook (one sheet, header row 1, ready to print landscape).

    Document text goes in as plain strings (never formulas, even when it starts with ``=``).
    """
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.utils import get_column_letter

    wb = Workbook()
    ws = wb.active
    title = f"{unit}任务台账"
    ws.title = _sheet_title(title)
    thin = Side(style="thin", color="999999")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    head_font = Font(name="宋体", bold=True, size=11)
    body_font = Font(name="宋体", size=10)
    for c, name in enumerate(COLUMNS, 1):
        cell = ws.cell(row=1, column=c, value=name)
        cell.font = head_font
        cell.fill = PatternFill("solid", fgColor="DDEBF7")
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        cell.border = border
    for i, rec in enumerate(table(rows), 2):
        for c, name in enumerate(COLUMNS, 1):
            value = _clean(rec[name])
            cell = ws.cell(row=i, column=c)
            cell.value = value
            if isinstance(value, str):
                cell.data_type = "s"  # text stays text: no formula from a document
            cell.font = body_font
            cell.border = border
            cell.alignment = Alignment(vertical="top", wrap_text=True,
                                       horizontal="center" if name in ("序号", "章节", "角色") else "left")
    for c, w in enumerate(WIDTHS, 1):
        ws.column_dimensions[get_column_letter(c)].width = w
    ws.freeze_panes = "A2"
    ws.print_title_rows = "1:1"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.oddHeader.center.text = _clean(title)[:200].replace("&", "&&")
    ws.oddFooter.center.text = "第 &P 页 共 &N 页"
    ws.oddFooter.right.text = f"{date.today().isoformat()} 政策图谱" + (f" {store_note}" if store_note else "")
    wb.properties.title = _clean(title)
    wb.properties.creator = "policykg 政策图谱"
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _sheet_title(s: str) -> str:
    for ch in '[]:*?/\\':
        s = s.replace(ch, "_")
    return s[:31] or "台账"
