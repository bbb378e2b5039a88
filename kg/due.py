"""督办: what is due, what is overdue, and how each task stands by its latest progress report.

- :func:`link_reports` links every report item in the store to the task it reports on
  (:mod:`kg.due_link`) and writes the links, with their evidence, in one named graph per report
  (``…/graph/links/<report id>``); the report's own graph keeps its items, so every report stays
  queryable and a task's status is the latest report's.
- :func:`due_rows` gives per task the due date, the latest status and report sentence, and a
  traffic light: ``overdue`` (past due, not done), ``due_soon`` (due within N days), ``on_track``,
  ``done``; filters by unit, document and jurisdiction. ``on`` is the day they are judged on (and
  the date of the reports taken: status on a date).
- :func:`to_xlsx` writes the 督办台账; :func:`notice_text` drafts a 督查通报.
"""
from __future__ import annotations

import io
from dataclasses import asdict, dataclass, field
from datetime import date, timedelta

from extract.deadlines import next_occurrence
from extract.rules.due import STATUS_LABELS
from kg.build import GRAPH_BASE, IRI, Lit
from kg.due_build import XSD
from kg.due_link import ItemCand, Link, TaskCand, link_items
from kg.errors import QueryError
from kg.queries import get_query
from kg.roles import ROLE_ZH
from kg.store import Store, bind_values
from ontology import NS, RDF

__all__ = ["link_reports", "links_graph", "due_rows", "DueRow", "LIGHTS", "to_xlsx", "notice_text",
           "history", "ROLE_ZH", "LEDGER_COLUMNS"]

RDF_TYPE = RDF + "type"
LINKS_BASE = f"{GRAPH_BASE}links/"
#: light key → (Chinese label, colour)
LIGHTS = {"overdue": ("逾期", "red"), "due_soon": ("临期", "yellow"), "on_track": ("正常", "green"),
          "done": ("已完成", "blue")}
KIND_ZH = {"date": "日期", "period": "期间", "recurring": "周期", "ongoing": "长期"}
DONE = ("done",)
LAGGING = ("behind", "not_started")


def links_graph(report_id: str) -> str:
    """The named graph holding one report's links.

    >>> links_graph("q3")
    'https://policykg.org/graph/links/q3'
    """
    from kg.units import iri_part

    return f"{LINKS_BASE}{iri_part(report_id)}"


def _select(store: Store, name: str, **params) -> list[dict]:
    q = get_query(name)
    bound = {k: v for k, v in params.items() if v is not None}
    return store.select(bind_values(q.sparql, bound) if bound else q.sparql)


def _tasks(store: Store, doc_id: str | None = None, jurisdiction: str | None = None) -> list[dict]:
    """One dict per task (rows of ``due_tasks`` grouped): ``units`` [(name, role)] in the order written,
    ``unit_iris``."""
    out: dict[str, dict] = {}
    for r in _select(store, "due_tasks", doc_id=doc_id, jurisdiction=jurisdiction):
        t = out.get(r["task"])
        if t is None:
            t = out[r["task"]] = dict(r, units=[], unit_iris=[], _order=[])
        if r.get("assignment") and r.get("unit_name"):
            tail = str(r["assignment"]).rsplit("/", 1)[-1]
            if (r["unit_name"], r.get("role")) not in t["units"]:
                t["_order"].append((int(tail) if tail.isdigit() else 0, r["unit_name"], r.get("role") or "responsible"))
                t["units"].append((r["unit_name"], r.get("role")))
            if r.get("unit") and r["unit"] not in t["unit_iris"]:
                t["unit_iris"].append(r["unit"])
    for t in out.values():
        t["units"] = [(n, role) for _, n, role in sorted(t.pop("_order"))]
    return list(out.values())


def _items(store: Store) -> list[dict]:
    """One dict per report item (rows of ``due_report_items`` grouped), ``units`` the names it gives."""
    out: dict[str, dict] = {}
    for r in _select(store, "due_report_items"):
        it = out.setdefault(r["item"], dict(r, units=[]))
        if r.get("unit") and r["unit"] not in it["units"]:
            it["units"].append(r["unit"])
    return list(out.values())


def link_reports(store: Store) -> dict[str, list[Link]]:
    """Link every report's items to tasks and write each report's links graph (one transaction each).

    Links graphs of reports no longer in the store are dropped. Returns report id → its links.

    >>> link_reports(example_store())
    {}
    """
    tasks = [TaskCand(r["task"], r["doc_id"], r["title"], r.get("jurisdiction"), bool(r.get("is_report")),
                      r["path"], r["heading"], r["text"], [n for n, _ in r["units"]])
             for r in _tasks(store)]
    items = [ItemCand(r["item"], r["doc_id"], r.get("jurisdiction"), r.get("plan"), r["text"], r.get("heading"),
                      r.get("ref"), r.get("row"), r["units"])
             for r in _items(store)]
    links = link_items(items, tasks)
    reports = sorted({i.doc_id for i in items})
    by_report: dict[str, list[Link]] = {d: [] for d in reports}
    owner = {i.item: i.doc_id for i in items}
    for link in links:
        by_report[owner[link.item]].append(link)
    for report, found in by_report.items():
        store.replace_graph(links_graph(report), _ntriples(found))
    for g in store.graphs():
        if g.startswith(LINKS_BASE) and g not in {links_graph(r) for r in reports}:
            store.drop_graph(g)
    return by_report


def _ntriples(links: list[Link]) -> str:
    lines = []
    for link in links:
        s = IRI(f"{link.item}/link")
        triples = [(s, IRI(RDF_TYPE), IRI(NS + "ReportLink")), (s, IRI(NS + "linkItem"), IRI(link.item)),
                   (s, IRI(NS + "linkTask"), IRI(link.task)), (s, IRI(NS + "linkMethod"), Lit(link.method)),
                   (s, IRI(NS + "linkScore"), Lit(format(link.score, ".3f"), XSD + "decimal")),
                   (IRI(link.item), IRI(NS + "reportsOn"), IRI(link.task))]
        if link.words:
            triples.append((s, IRI(NS + "matchedWords"), Lit("、".join(link.words))))
        lines += [f"{a.nt()} {b.nt()} {c.nt()} .\n" for a, b, c in triples]
    return "".join(sorted(set(lines)))


@dataclass
class DueRow:
    """One task on the 督办 list."""

    task: str
    doc_id: str
    doc_title: str
    jurisdiction: str | None
    path: str
    heading: str
    text: str
    units: list[tuple[str, str]]
    deadline: str | None  # as written
    kind: str | None  # date / period / recurring / ongoing
    due: str | None  # ISO: the date it falls due (a recurrence: the end of the current period)
    recurrence: str | None
    status: str | None = None
    status_label: str | None = None
    percent: float | None = None
    sentence: str | None = None  # the report's sentence
    report_id: str | None = None
    report_title: str | None = None
    report_date: str | None = None
    link_method: str | None = None
    link_score: float | None = None
    light: str = "on_track"
    days_left: int | None = None
    history: list[dict] = field(default_factory=list)
    unit_iris: list[str] = field(default_factory=list)

    @property
    def light_label(self) -> str:
        return LIGHTS[self.light][0]

    @property
    def lagging(self) -> bool:
        return self.status in LAGGING

    def unit_names(self, roles: tuple[str, ...] = ("lead", "responsible", "cooperate")) -> list[str]:
        return [n for n, r in self.units if r in roles]

    def record(self) -> dict:
        """The row as plain data (JSON)."""
        d = asdict(self)
        d["units"] = [{"name": n, "role": r} for n, r in self.units]
        d["light_label"] = self.light_label
        return d


def history(store: Store, task: str | None = None) -> dict[str, list[dict]]:
    """Every report's word on each task, oldest first: task IRI → rows of ``due_links``."""
    out: dict[str, list[dict]] = {}
    for r in _select(store, "due_links", task=IRI(task) if task else None):
        out.setdefault(r["task"], []).append(r)
    for rows in out.values():
        rows.sort(key=lambda r: (str(r.get("report_date") or ""), r.get("report_id") or ""))
    return out


def _light(row: DueRow, on: date, within: int) -> tuple[str, int | None]:
    due = date.fromisoformat(row.due) if row.due else None
    days = (due - on).days if due else None
    if row.status in DONE and row.kind != "recurring":
        return "done", days
    if due is None:
        return "on_track", None
    if days < 0:
        return "overdue", days
    if days <= within:
        return "due_soon", days
    return "on_track", days


def today() -> date:
    """The day questions are judged on: ``$POLICYKG_TODAY`` (ISO, for demonstrations and tests), else today."""
    import os

    raw = os.environ.get("POLICYKG_TODAY")
    try:
        return date.fromisoformat(raw) if raw else date.today()
    except ValueError:
        return date.today()


def due_rows(store: Store, on: date, *, within: int = 30, unit: str | None = None, doc_id: str | None = None,
             jurisdiction: str | None = None, light: str | None = None, lagging: bool = False) -> list[DueRow]:
    """The 督办 list: per task its due date, latest status (reports dated on or before ``on``) and light.

    Parameters
    ----------
    on : date
        The day the list is judged on (today); reports dated later are not taken.
    within : int
        Days ahead that count as 临期 (due soon).
    unit : str, optional
        Only tasks naming this unit (as written, or contained: 财政局 finds 区财政局).
    doc_id, jurisdiction : str, optional
        Only tasks of this document / jurisdiction.
    light : str, optional
        Only rows with this light (overdue, due_soon, on_track, done).
    lagging : bool
        Only tasks whose latest status is 滞后 or 未启动.

    >>> rows = due_rows(example_store(), date(2026, 1, 10))
    >>> [(r.path, r.due, r.light) for r in rows if r.due][:1]
    [('2.2.3', '2025-12-31', 'overdue')]
    """
    if light is not None and light not in LIGHTS:
        raise QueryError(f"unknown light {light!r}; expected one of {', '.join(LIGHTS)}", code="E431")
    if within < 0:
        raise QueryError(f"--within must be 0 or more days, got {within}", code="E432")
    hist = history(store)
    out: list[DueRow] = []
    for r in _tasks(store, doc_id=doc_id, jurisdiction=jurisdiction):
        units = r["units"]
        if unit and not any(unit == n or unit in n for n, _ in units):
            continue
        linked = [h for h in hist.get(r["task"], []) if not h.get("report_date")
                  or str(h["report_date"]) <= on.isoformat()]
        if r.get("is_report") and not linked:
            continue  # a report's own table row that nothing reports on: not a task to supervise
        kind = r.get("kind")
        due = str(r["due"]) if r.get("due") else None
        if kind == "recurring" and r.get("recurrence"):
            due = next_occurrence(r["recurrence"], on).isoformat()
        row = DueRow(task=r["task"], doc_id=r["doc_id"], doc_title=r["title"], jurisdiction=r.get("jurisdiction"),
                     path=r["path"], heading=r["heading"], text=r["text"], units=units, deadline=r.get("deadline"),
                     kind=kind, due=due, recurrence=r.get("recurrence"), history=linked,
                     unit_iris=r["unit_iris"])
        if linked:
            last = linked[-1]
            row.status, row.status_label = last.get("status"), last.get("status_label")
            row.percent = float(last["percent"]) if last.get("percent") is not None else None
            row.sentence, row.report_id = last.get("text"), last.get("report_id")
            row.report_title = last.get("report_title")
            row.report_date = str(last["report_date"]) if last.get("report_date") else None
            row.link_method = last.get("method")
            row.link_score = float(last["score"]) if last.get("score") is not None else None
        row.light, row.days_left = _light(row, on, within)
        if light and row.light != light:
            continue
        if lagging and not row.lagging:
            continue
        out.append(row)
    return out


# ---------------------------------------------------------------- ledger and notice

LEDGER_COLUMNS = ("序号", "文件", "章节", "任务", "责任单位", "完成时限", "完成时限(日期)", "最新进展", "状态", "完成比例",
                  "报告日期", "督办灯", "原文")
_WIDTHS = (6, 26, 8, 26, 26, 14, 14, 50, 10, 9, 12, 8, 60)


def ledger_records(rows: list[DueRow]) -> list[dict]:
    """The rows with the 督办台账's Chinese columns."""
    out = []
    for i, r in enumerate(rows, 1):
        units = "、".join(f"{n}({ROLE_ZH.get(role, role)})" if role != "responsible" else n for n, role in r.units)
        out.append({"序号": i, "文件": r.doc_title, "章节": r.path, "任务": r.heading, "责任单位": units,
                    "完成时限": r.deadline or "", "完成时限(日期)": r.due or KIND_ZH.get(r.kind or "", ""),
                    "最新进展": r.sentence or "", "状态": r.status_label or "未报告",
                    "完成比例": f"{r.percent:g}%" if r.percent is not None else "", "报告日期": r.report_date or "",
                    "督办灯": r.light_label, "原文": r.text})
    return out


#: the columns of ``kg due``'s table (a terminal-sized cut of the 台账)
TABLE_COLUMNS = ("灯", "文件", "章节", "任务", "责任单位", "完成时限", "到期日", "剩余天数", "状态", "最新进展", "报告日期")


def table_records(rows: list[DueRow]) -> list[dict]:
    """The rows with ``kg due``'s table columns (:data:`TABLE_COLUMNS`)."""
    return [{"灯": r.light_label, "文件": r.doc_title, "章节": r.path, "任务": r.heading,
             "责任单位": rec["责任单位"], "完成时限": r.deadline or "", "到期日": rec["完成时限(日期)"],
             "剩余天数": r.days_left if r.days_left is not None else "", "状态": rec["状态"],
             "最新进展": r.sentence or "", "报告日期": r.report_date or ""}
            for r, rec in zip(rows, ledger_records(rows))]


def to_xlsx(rows: list[DueRow], title: str = "督办台账") -> bytes:
    """The 督办台账 as an .xlsx workbook: the ledger's columns plus 完成时限(日期), 最新进展, 状态, 报告日期.

    Cells are text (never formulas); overdue rows are tinted red, due-soon rows yellow.
    """
    from openpyxl import Workbook
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    fills = {"overdue": "F8CBAD", "due_soon": "FFE699", "done": "DDEBF7"}
    wb = Workbook()
    ws = wb.active
    ws.title = title[:31]
    for c, name in enumerate(LEDGER_COLUMNS, 1):
        cell = ws.cell(row=1, column=c, value=name)
        cell.font = Font(name="宋体", bold=True)
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    for i, (row, rec) in enumerate(zip(rows, ledger_records(rows)), 2):
        for c, name in enumerate(LEDGER_COLUMNS, 1):
            value = rec[name]
            cell = ws.cell(row=i, column=c)
            if isinstance(value, str):
                cell.value = ILLEGAL_CHARACTERS_RE.sub("", value)
                cell.data_type = "s"
            else:
                cell.value = value
            cell.alignment = Alignment(vertical="top", wrap_text=True)
            if row.light in fills:
                cell.fill = PatternFill("solid", fgColor=fills[row.light])
    for c, w in enumerate(_WIDTHS, 1):
        ws.column_dimensions[get_column_letter(c)].width = w
    ws.freeze_panes = "A2"
    ws.page_setup.orientation = "landscape"
    wb.properties.creator = "policykg 政策图谱"
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def notice_text(rows: list[DueRow], on: date, issuer: str = "督查室") -> str:
    """A draft 督查通报: the overdue and lagging tasks, grouped by unit, with their report sentences."""
    flagged = [r for r in rows if r.light == "overdue" or r.lagging]
    by_unit: dict[str, list[DueRow]] = {}
    for r in flagged:
        names = r.unit_names(("lead",)) or r.unit_names(("responsible",)) or r.unit_names() or ["(未注明单位)"]
        for n in names:
            by_unit.setdefault(n, []).append(r)
    lines = [f"关于重点任务推进情况的督查通报(草稿)", "", "各有关单位:",
             f"截至{on.year}年{on.month}月{on.day}日,经对照各单位报送的进展情况督查,"
             f"共有{len(flagged)}项任务逾期未完成或进展滞后,现通报如下:", ""]
    if not flagged:
        lines.append("各项任务均按计划推进,无逾期或滞后事项。")
    cn = "一二三四五六七八九十"
    for k, (unit, items) in enumerate(sorted(by_unit.items(), key=lambda x: (-len(x[1]), x[0]))):
        mark = cn[k] if k < len(cn) else str(k + 1)
        lines.append(f"{mark}、{unit}({len(items)}项)")
        for j, r in enumerate(items, 1):
            why = []
            if r.light == "overdue":
                why.append(f"完成时限{r.deadline or r.due}(已逾期{-r.days_left}天)" if r.days_left is not None
                           else "已逾期")
            if r.lagging:
                why.append(f"进展{r.status_label}")
            lines.append(f"{j}.{r.heading}(任务{r.path}):{';'.join(why)}。")
            if r.sentence:
                lines.append(f"  报告原文({r.report_date or '日期不详'}):{r.sentence}")
            else:
                lines.append("  尚未报送进展情况。")
        lines.append("")
    lines += ["请上述单位认真分析原因,明确整改措施和完成时限,于5个工作日内将整改情况报送督查室。", "",
              issuer, f"{on.year}年{on.month}月{on.day}日"]
    return "\n".join(lines)


def relink_quietly(store: Store) -> int:
    """Relink after an import; the number of links written (0, and nothing done, without reports)."""
    has = store.ask("PREFIX pkg: <https://policykg.org/ns#> ASK { GRAPH ?g { ?r a pkg:ProgressReport } }")
    if not has and not any(g.startswith(LINKS_BASE) for g in store.graphs()):
        return 0
    return sum(len(v) for v in link_reports(store).values())


def days_until(d: str, on: date) -> int:
    return (date.fromisoformat(d) - on).days


def window(on: date, days: int) -> tuple[date, date]:
    return on, on + timedelta(days=days)
