"""Counts over a store, as ``kg stats`` shows them: tasks per unit (lead / responsible / cooperate) and totals."""
from __future__ import annotations

from dataclasses import dataclass, field

__all__ = ["Stats", "UNIT_COLUMNS", "store_stats"]

#: the per-unit columns, in order
UNIT_COLUMNS = ("label", "jurisdiction", "tasks", "lead", "responsible", "cooperate")

_TOTALS = """
PREFIX pkg: <https://policykg.org/ns#>
PREFIX foaf: <http://xmlns.com/foaf/0.1/>
SELECT (COUNT(DISTINCT ?u) AS ?units) (COUNT(DISTINCT ?p) AS ?people) WHERE {
  { ?u a pkg:Unit FILTER NOT EXISTS { ?u a pkg:CollectiveUnit } } UNION { ?p a foaf:Person }
}"""


@dataclass
class Stats:
    """``units``: one row per unit, most tasks first; ``totals``: documents, tasks, targets (and, for the
    whole store, distinct units and people)."""

    units: list[dict] = field(default_factory=list)
    totals: dict = field(default_factory=dict)


def store_stats(st, *, doc: str | None = None, jurisdiction: str | None = None, limit: int = 0) -> Stats:
    """Task counts per unit (the top ``limit``; 0 = all) and the store's totals."""
    from kg.queries import documents, unit_task_counts

    rows = unit_task_counts(st, doc=doc, jurisdiction=jurisdiction)
    docs = documents(st, doc=doc)
    totals = {"documents": len(docs), "tasks": sum(d["tasks"] for d in docs),
              "targets": sum(d["targets"] for d in docs)}
    if doc is None:
        found = st.select(_TOTALS)
        if found:
            totals.update(units=found[0].get("units"), people=found[0].get("people"))
    return Stats(rows[:limit] if limit else rows, totals)
