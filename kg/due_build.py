"""督办 triples: a deadline as OWL-Time, a progress report and its items (see :mod:`kg.build`).

A Deadline with a date is a ``time:Instant`` with ``time:inXSDDate``; a period also has
``time:hasBeginning``; a recurrence keeps its ISO 8601 duration. A report document is a
``pkg:ProgressReport`` with its kind, period, date and items (status, percentage, sentence, span).
The links from items to tasks live in their own named graph, written by :mod:`kg.due`.
"""
from __future__ import annotations

import re

from extract.model import Document, Due
from extract.rules.due import STATUS_LABELS
from kg.terms import IRI, Lit
from ontology import NS, RDF, RDFS, XSD

TIME = "http://www.w3.org/2006/time#"
PROV = "http://www.w3.org/ns/prov#"

__all__ = ["due_triples", "report_triples", "item_iri", "TIME"]

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _t(s, p, o):
    if not isinstance(o, (IRI, Lit)):
        o = Lit(str(o))
    return (IRI(s), IRI(p), o)


def _date(v: str):
    return Lit(v, XSD + "date")


def due_triples(dl: str, due: Due) -> list:
    """Triples of a parsed deadline on its Deadline node."""
    out = [_t(dl, NS + "deadlineKind", due.kind)]
    if due.due and _DATE.match(due.due):
        out += [_t(dl, RDF + "type", IRI(TIME + "Instant")), _t(dl, TIME + "inXSDDate", _date(due.due))]
    if due.start and _DATE.match(due.start):
        begin = IRI(f"{dl}/begin")
        out += [_t(dl, TIME + "hasBeginning", begin), _t(begin, RDF + "type", IRI(TIME + "Instant")),
                _t(begin, TIME + "inXSDDate", _date(due.start))]
    if due.recurrence:
        out.append(_t(dl, NS + "recurrence", due.recurrence))
    if due.relative:
        out.append(_t(dl, NS + "relativeToDocument", Lit("true", XSD + "boolean")))
    return out


def parse_due(written: str | None, doc: Document) -> Due | None:
    """A record without parsed deadlines (read from older JSON): parse the written one."""
    from extract.deadlines import parse_deadline
    from extract.pipeline import single_year

    return parse_deadline(written, doc.date, single_year(doc.title or "")) if written else None


def item_iri(doc_iri: str, i: int) -> str:
    """The IRI of a report's i-th item."""
    return f"{doc_iri}/item/{i}"


def report_triples(d: str, doc: Document) -> list:
    """The report node (the document itself) and one ReportItem per item."""
    rep = doc.report
    out = [_t(d, RDF + "type", IRI(NS + "ProgressReport")), _t(d, NS + "reportKind", rep.kind)]
    if rep.period:
        out.append(_t(d, NS + "reportPeriod", rep.period))
    if rep.date and _DATE.match(rep.date):
        out.append(_t(d, NS + "reportDate", _date(rep.date)))
    if rep.plan:
        out.append(_t(d, NS + "reportsOnPlan", rep.plan))
    out.append(_t(d, NS + "laggingOnly", Lit("true" if rep.lagging_only else "false", XSD + "boolean")))
    for i, item in enumerate(rep.items):
        s = IRI(item_iri(d, i))
        out += [_t(d, NS + "reportItem", s), _t(s, RDF + "type", IRI(NS + "ReportItem")),
                _t(s, NS + "text", item.text or ""), _t(s, NS + "inDocument", IRI(d)),
                _t(s, PROV + "wasDerivedFrom", IRI(d)),
                _t(s, NS + "charStart", Lit(str(item.start), XSD + "integer")),
                _t(s, NS + "charEnd", Lit(str(item.end), XSD + "integer")),
                _t(s, RDFS + "label", (item.heading or item.text or "")[:60])]
        if item.status:
            out += [_t(s, NS + "status", item.status), _t(s, NS + "statusLabel", STATUS_LABELS[item.status])]
        if item.percent is not None:
            out.append(_t(s, NS + "percentComplete", Lit(format(item.percent, "g"), XSD + "decimal")))
        if item.heading:
            out.append(_t(s, NS + "heading", item.heading))
        if item.ref:
            out.append(_t(s, NS + "itemRef", item.ref))
        if item.row:
            out.append(_t(s, NS + "itemRow", item.row))
        for u in item.units:
            out.append(_t(s, NS + "itemUnit", u))
    return out
