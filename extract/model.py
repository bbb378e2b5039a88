"""The Document record: what extraction produces and everything downstream reads.

Plain dataclasses. ``Document.to_record()`` is the JSON that ``kg extract --json``
prints (the contract with ``../shared/eval``); ``Document.from_record()`` reads it
back. Every item carries ``start``/``end``: its character span in ``Document.text``.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields
from typing import Any

ROLES = ("lead", "responsible", "cooperate")
COMPARATORS = (">=", "<=", ">", "<", "=", "≈", "range")


@dataclass
class UnitMention:
    """A unit attached to a task, as written (role words stripped)."""

    name: str
    role: str = "responsible"  # one of ROLES
    start: int = -1
    end: int = -1


@dataclass
class Section:
    """A numbered heading: its path (``2.1.3``), marker as written, heading text, span."""

    path: str
    marker: str
    heading: str
    level: int
    start: int
    end: int
    part: int = 0  # which text of a multi-text file (plan + notice + 解读)


@dataclass
class Due:
    """A deadline parsed into a date, a recurrence or "ongoing" (see :mod:`extract.deadlines`).

    ``kind``: date / period / recurring / ongoing; ``due`` the ISO date it falls due; ``start`` a
    period's first day; ``recurrence`` an ISO 8601 duration (P3M) with its ``label`` (每季度);
    ``written`` the phrase as written; ``relative`` whether its year came from the document's date.
    """

    kind: str
    written: str
    due: str | None = None
    start: str | None = None
    recurrence: str | None = None
    label: str | None = None
    relative: bool = False


@dataclass
class Task:
    """An item the document attaches responsible units to."""

    path: str
    heading: str
    text: str
    units: list[UnitMention] = field(default_factory=list)
    deadline: str | None = None
    start: int = -1
    end: int = -1
    table: int | None = None  # 1-based table number for rows of a task table
    due: Due | None = None  # the deadline (or a deadline phrase in the text) parsed


@dataclass
class Target:
    """A quantitative target: metric, comparator, value (and max), unit, due year."""

    path: str
    metric: str
    value: float
    unit: str
    comparator: str  # one of COMPARATORS
    year: int | None = None
    value_max: float | None = None
    text: str = ""
    start: int = -1
    end: int = -1


@dataclass
class Person:
    """A member of a leadership group or a named post holder."""

    name: str
    group_role: str
    positions: list[str] = field(default_factory=list)
    org: str | None = None
    group: str | None = None  # the leadership group's name, when known
    start: int = -1
    end: int = -1
    tasks: list[str] = field(default_factory=list)  # paths of tasks a 分管领导/牵头领导 is named on
    # the person's roles in other bodies of the document (组长 of a 工作组, written 贾文涛（兼）):
    # {"group", "group_role", "start", "end"} each; the record keeps one person a name
    also: list[dict] = field(default_factory=list)


@dataclass
class Group:
    """A leadership group (领导小组) and its office (办公室设在…)."""

    name: str
    office: str | None = None
    office_director: str | None = None
    start: int = -1
    end: int = -1


@dataclass
class Reference:
    """A document cited in 《》."""

    title: str
    start: int = -1
    end: int = -1
    doc_number: str | None = None  # 《…》(国办发〔2016〕82号): the cited document's own number
    repealed: bool = False  # 原《…》同时废止: the citing document replaces it


@dataclass
class ReportItem:
    """One item of a progress report: what it says of one task.

    ``status`` is a key of ``extract.rules.due.STATUS_LABELS`` (done, behind …); ``ref`` the plan's
    path the report gives (任务2.1.1); ``heading`` the task as the report names it (a quoted heading, the task
    column); ``text`` the sentence(s) the status came from.
    """

    text: str
    status: str | None = None
    percent: float | None = None
    ref: str | None = None
    heading: str | None = None
    units: list[str] = field(default_factory=list)
    start: int = -1
    end: int = -1
    row: str | None = None  # T<k>.<序号> of a report table's row (the report's own numbering)


@dataclass
class Report:
    """A progress report (进展情况, 执行情况, 督查通报 …): its period, date and items."""

    kind: str  # the title cue as written: 进展情况, 督查通报 …
    period: str | None = None  # 2024-Q3, 2024-H1, 2024, 2024-09
    date: str | None = None  # reporting date (ISO): the signature date, else the period's end
    plan: str | None = None  # title of the plan it reports on, when cited in 《》
    lagging_only: bool = False  # a 通报 that lists only lagging tasks
    items: list[ReportItem] = field(default_factory=list)


@dataclass
class Document:
    """Everything extracted from one file."""

    doc: str  # file stem, the document's id
    title: str
    text: str
    source: str = ""
    doc_number: str | None = None  # 发文字号
    issuer: str | None = None  # 发文机关
    date: str | None = None  # ISO yyyy-mm-dd
    jurisdiction: str | None = None  # 东营区, 广州市, 国务院 ...
    sections: list[Section] = field(default_factory=list)
    tasks: list[Task] = field(default_factory=list)
    targets: list[Target] = field(default_factory=list)
    people: list[Person] = field(default_factory=list)
    groups: list[Group] = field(default_factory=list)
    references: list[Reference] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)  # coded one-line notes ("[W121] …"): imported, but check
    report: Report | None = None  # set when the document is a progress report

    def to_record(self) -> dict[str, Any]:
        """The JSON record (references as plain titles; their spans under ``citations``)."""
        rec = asdict(self)
        rec["citations"] = rec.pop("references")
        rec["references"] = [r.title for r in self.references]
        return rec

    @classmethod
    def from_record(cls, rec: dict[str, Any]) -> "Document":
        """Read a record printed by ``to_record`` back into a Document."""
        def build(kind, item):
            names = {f.name for f in fields(kind)}
            return kind(**{k: v for k, v in item.items() if k in names})

        tasks = []
        for t in rec.get("tasks", []):
            t = dict(t)
            t["units"] = [build(UnitMention, u) for u in t.get("units", [])]
            t["due"] = build(Due, t["due"]) if t.get("due") else None
            tasks.append(build(Task, t))
        refs = rec.get("citations")
        if refs is None:
            refs = [{"title": r} for r in rec.get("references", [])]
        return cls(
            doc=rec.get("doc", ""), title=rec.get("title", ""), text=rec.get("text", ""),
            source=rec.get("source", ""), doc_number=rec.get("doc_number"),
            issuer=rec.get("issuer"), date=rec.get("date"), jurisdiction=rec.get("jurisdiction"),
            sections=[build(Section, s) for s in rec.get("sections", [])],
            tasks=tasks,
            targets=[build(Target, t) for t in rec.get("targets", [])],
            people=[build(Person, p) for p in rec.get("people", [])],
            groups=[build(Group, g) for g in rec.get("groups", [])],
            references=[build(Reference, r) for r in refs],
            warnings=list(rec.get("warnings", [])),
            report=_report(rec.get("report"), build),
        )


def _report(rec: dict[str, Any] | None, build) -> Report | None:
    if not rec:
        return None
    rec = dict(rec)
    rec["items"] = [build(ReportItem, i) for i in rec.get("items", [])]
    return build(Report, rec)
