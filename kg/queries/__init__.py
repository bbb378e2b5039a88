"""Named SPARQL queries: one ``.rq`` file each, values always bound, never pasted into the text.

Each file starts with a header::

    # title: 单位的任务 Tasks of a unit
    # description: …
    # params: unit, unit_label, role, doc_id

    # entities: unit:unit

Params are SPARQL variables bound by :func:`kg.store.bind_values` (a ``VALUES`` block); a param
left out stays unbound (no filter). Entity params (``# entities: param:kind``) take an IRI
(``kg.store.IRI`` or an ``http(s)://`` string) or a name: :func:`run` first resolves the name to
the IRIs carrying it (a unit's preferred or alternative label, a person's name, a group's label)
and binds them all. The per-document part of each query stands inside ``GRAPH ?g { … }``: a
shared node (a unit named by many documents) is described in every document's graph, and joining
within one graph keeps the work proportional to the answer.

The Python functions below wrap the queries used most; :func:`run` runs any of them by name.
"""
from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from kg.errors import QueryError
from kg.store import IRI, Store

HERE = Path(__file__).resolve().parent
ROLES = ("lead", "responsible", "cooperate")

__all__ = ["NamedQuery", "load_queries", "get_query", "run", "tasks_of_unit", "units_of_task",
           "tasks_shared_by_units", "unit_task_counts", "people_by_group_role", "people_by_post",
           "posts_of_person", "tasks_of_person_unit", "targets", "tasks_by_keyword", "documents_cited",
           "section_overview", "documents", "unit_labels", "collective_members", "people", "groups",
           "co_responsibility", "task_detail", "resolve", "IRI"]


@dataclass(frozen=True)
class NamedQuery:
    """A named query: its file stem, header fields and SPARQL text."""

    name: str
    title: str
    description: str
    params: tuple[str, ...]
    sparql: str
    path: Path
    entities: dict[str, str] = dataclasses.field(default_factory=dict)  # param → kind (unit, person, group)


_HEADER = re.compile(r"^#\s*(title|description|params|entities)\s*:\s*(.*)$")

#: how a name is resolved to IRIs, per entity kind (the name is bound to ?label)
LOOKUPS = {
    "unit": """PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT DISTINCT ?x WHERE { ?x skos:prefLabel|skos:altLabel ?label } ORDER BY ?x""",
    "person": """PREFIX foaf: <http://xmlns.com/foaf/0.1/>
SELECT DISTINCT ?x WHERE { ?x foaf:name ?label } ORDER BY ?x""",
    "group": """PREFIX pkg: <https://policykg.org/ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT DISTINCT ?x WHERE { ?x rdfs:label ?label ; a pkg:LeadershipGroup } ORDER BY ?x""",
}


def _parse(path: Path) -> NamedQuery:
    text = path.read_text(encoding="utf-8")
    head: dict[str, str] = {}
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        m = _HEADER.match(line)
        if m:
            head[m.group(1)] = m.group(2).strip()
    if not head.get("title"):
        raise QueryError(f"{path} has no '# title:' header line; add one", code="E410")
    params = tuple(p.strip() for p in head.get("params", "").split(",") if p.strip())
    entities = {}
    for item in head.get("entities", "").split(","):
        if item.strip():
            name, _, kind = item.strip().partition(":")
            if name not in params or kind not in LOOKUPS:
                raise QueryError(f"{path}: entity {item.strip()!r} must be param:kind with kind in "
                                 f"{', '.join(LOOKUPS)}", code="E414")
            entities[name] = kind
    return NamedQuery(path.stem, head["title"], head.get("description", ""), params, text, path, entities)


@lru_cache(maxsize=1)
def load_queries() -> dict[str, NamedQuery]:
    """Every named query of ``kg/queries/*.rq``, by name (loaded once).

    >>> "tasks_of_unit" in load_queries()
    True
    """
    return {p.stem: _parse(p) for p in sorted(HERE.glob("*.rq"))}


def get_query(name: str) -> NamedQuery:
    """One named query (QueryError listing the names when unknown)."""
    queries = load_queries()
    if name not in queries:
        raise QueryError(f"no named query {name!r}; known: {', '.join(queries)}", code="E411")
    return queries[name]


def run(store: Store, name: str, /, **params: Any) -> list[dict[str, Any]]:
    """Run a named query with bound params (``None`` = unbound); rows of plain values.

    Examples
    --------
    >>> rows = run(store, "documents")
    >>> [(r["doc_id"], r["tasks"]) for r in rows]
    [('qingshan_digital_2024', 3)]
    """
    q = get_query(name)
    unknown = [k for k in params if k not in q.params]
    if unknown:
        raise QueryError(f"query {name} has no param {', '.join(unknown)}; its params: "
                         f"{', '.join(q.params) or '(none)'}", code="E412")
    bindings = {k: v for k, v in params.items() if v is not None}
    for name, kind in q.entities.items():
        if name in bindings:
            bindings[name] = resolve(store, kind, bindings[name])
    return store.select(q.sparql, bindings)


def resolve(store: Store, kind: str, value: Any) -> IRI | list[IRI]:
    """An entity param's value as IRI(s): an IRI stays; a name → every IRI carrying it.

    Examples
    --------
    >>> [str(i).rsplit("/", 2)[-2:] for i in resolve(store, "unit", "区工信局")]
    [['青山区', '区工业和信息化局']]
    """
    if isinstance(value, IRI):
        return value
    if isinstance(value, str) and value.startswith(("http://", "https://")):
        return IRI(value)
    if not isinstance(value, str):
        raise QueryError(f"an entity ({kind}) is given by a name or an IRI, not {type(value).__name__}",
                         code="E415")
    name = re.sub(r"\s+", "", value)
    return [IRI(r["x"]) for r in store.select(LOOKUPS[kind], {"label": name})]


def _role(role: str | None) -> str | None:
    if role is not None and role not in ROLES:
        raise QueryError(f"unknown role {role!r}; use one of {', '.join(ROLES)}", code="E413")
    return role


def tasks_of_unit(store: Store, unit: str, *, role: str | None = None, doc: str | None = None) -> list[dict]:
    """Tasks of a unit (by name or IRI), optionally in one role and one document.

    Parameters
    ----------
    store : Store
    unit : str
        Any name of the unit (short or long form) or its IRI.
    role : {'lead', 'responsible', 'cooperate'}, optional
    doc : str, optional
        A document id.

    Returns
    -------
    list of dict
        Rows with task, doc_id, path, heading, role, written, unit, via (the collective through
        which the unit has the task, else None).

    Examples
    --------
    >>> [r["path"] for r in tasks_of_unit(store, "区财政局")]
    ['2.1.1', '2.2.3']
    >>> [r["path"] for r in tasks_of_unit(store, "区发改局", role="lead")]
    ['2.1.2']
    >>> [(r["path"], r["via"] is not None) for r in tasks_of_unit(store, "城东街道")]
    [('2.1.1', True)]
    """
    return run(store, "tasks_of_unit", unit=unit, role=_role(role), doc_id=doc)


def units_of_task(store: Store, task: str | None = None, *, doc: str | None = None,
                  path: str | None = None) -> list[dict]:
    """Units named for a task (task IRI, or document id and path).

    Examples
    --------
    >>> [(r["written"], r["role"]) for r in units_of_task(store, doc="qingshan_digital_2024", path="2.1.2")]
    [('区发展和改革局', 'lead'), ('区工业和信息化局', 'cooperate'), ('区大数据中心', 'cooperate')]
    """
    return run(store, "units_of_task", task=IRI(task) if task else None, doc_id=doc, path=path)


def tasks_shared_by_units(store: Store, unit_a: str, unit_b: str, *, doc: str | None = None) -> list[dict]:
    """Tasks assigned to both units (names or IRIs).

    Examples
    --------
    >>> [r["path"] for r in tasks_shared_by_units(store, "区财政局", "区工信局")]
    ['2.1.1']
    """
    return run(store, "tasks_shared_by_units", unit_a=unit_a,
               unit_b=unit_b, doc_id=doc)


def unit_task_counts(store: Store, *, doc: str | None = None, jurisdiction: str | None = None) -> list[dict]:
    """Task counts per unit with the lead/responsible/cooperate split, most first.

    Examples
    --------
    >>> [(r["label"], r["tasks"], r["lead"]) for r in unit_task_counts(store)][:3]
    [('区发展和改革局', 2, 1), ('区工业和信息化局', 2, 0), ('区财政局', 2, 0)]
    """
    return run(store, "unit_task_counts", doc_id=doc, jurisdiction=jurisdiction)


def people_by_group_role(store: Store, group_role: str | None = None, *, doc: str | None = None,
                         group: str | None = None) -> list[dict]:
    """Members of leadership groups, optionally with one role (组长, 副组长, 成员 …).

    Examples
    --------
    >>> [r["name"] for r in people_by_group_role(store, "组长")]
    ['张三']
    """
    return run(store, "people_by_group_role", group_role=group_role, doc_id=doc, group=group)


def people_by_post(store: Store, unit: str | None = None, title: str | None = None, *,
                   keyword: str | None = None, doc: str | None = None) -> list[dict]:
    """Who holds a post: of a unit or group (name or IRI), by title (局长) or a keyword of the post name.

    Without a unit, any post with that title or keyword (区长, 办公室主任), via ``people_by_title``.

    Examples
    --------
    >>> [r["name"] for r in people_by_post(store, "区财政局", "局长")]
    ['王五']
    >>> [r["name"] for r in people_by_post(store, keyword="办公室主任")]
    ['赵六']
    >>> [r["name"] for r in people_by_post(store, title="区长")]
    ['张三']
    """
    if unit is None:
        return run(store, "people_by_title", title=title, keyword=keyword, doc_id=doc)
    return run(store, "people_by_post", unit=unit, title=title, keyword=keyword, doc_id=doc)


def posts_of_person(store: Store, person: str, *, doc: str | None = None) -> list[dict]:
    """Posts a person (name or IRI) holds, with their units.

    Examples
    --------
    >>> [r["post_label"] for r in posts_of_person(store, "赵六")]
    ['办公室主任', '区工业和信息化局局长']
    """
    return run(store, "posts_of_person", person=person, doc_id=doc)


def tasks_of_person_unit(store: Store, person: str, *, doc: str | None = None) -> list[dict]:
    """Tasks of the units a person (name or IRI) belongs to or holds a post in.

    Examples
    --------
    >>> sorted({r["path"] for r in tasks_of_person_unit(store, "王五")})
    ['2.1.1', '2.2.3']
    """
    return run(store, "tasks_of_person_unit", person=person, doc_id=doc)


def targets(store: Store, *, keyword: str | None = None, year: int | None = None,
            doc: str | None = None) -> list[dict]:
    """Quantitative targets by metric keyword, due year or document.

    Examples
    --------
    >>> [(r["metric"], r["value"], r["value_max"]) for r in targets(store, keyword="示范企业")]
    [('数字化转型示范企业', 8, 10)]
    >>> len(targets(store, year=2026)), len(targets(store, year=2030))
    (2, 0)
    """
    return run(store, "targets", keyword=keyword, due_year=year, doc_id=doc)


def tasks_by_keyword(store: Store, keyword: str, *, doc: str | None = None) -> list[dict]:
    """Tasks whose heading or text contains a keyword.

    Examples
    --------
    >>> [r["path"] for r in tasks_by_keyword(store, "上云")]
    ['2.2.3']
    """
    return run(store, "tasks_by_keyword", keyword=keyword, doc_id=doc)


def documents_cited(store: Store, doc: str | None = None) -> list[dict]:
    """Titles a document cites in 《》.

    Examples
    --------
    >>> [r["title"] for r in documents_cited(store, "qingshan_digital_2024")]
    ['关于加快5G发展的通知']
    """
    return run(store, "documents_cited", doc_id=doc)


def section_overview(store: Store, doc: str) -> list[dict]:
    """A document's numbered sections in order, with task counts.

    Examples
    --------
    >>> [(r["path"], r["tasks"]) for r in section_overview(store, "qingshan_digital_2024")][:3]
    [('1', 0), ('2', 3), ('2.1', 2)]
    """
    return run(store, "section_overview", doc_id=doc)


def documents(store: Store, *, doc: str | None = None, jurisdiction: str | None = None) -> list[dict]:
    """The documents in the store with their metadata and counts.

    Examples
    --------
    >>> [(r["doc_id"], r["jurisdiction"], r["tasks"], r["targets"]) for r in documents(store)]
    [('qingshan_digital_2024', '青山区', 3, 2)]
    """
    return run(store, "documents", doc_id=doc, in_jurisdiction=jurisdiction)


def unit_labels(store: Store, *, jurisdiction: str | None = None, doc: str | None = None) -> list[dict]:
    """Every name of every unit, with jurisdiction, key and kind (for entity linking).

    Examples
    --------
    >>> sorted(r["label"] for r in unit_labels(store) if r["key"] == "区工业和信息化局")
    ['区工业和信息化局', '区工信局']
    """
    return run(store, "unit_labels", jurisdiction=jurisdiction, doc_id=doc)


def collective_members(store: Store, collective: str | None = None, *, doc: str | None = None) -> list[dict]:
    """The units a collective unit (各街道 …) stands for.

    Examples
    --------
    >>> [r["member_label"] for r in collective_members(store, "各街道")]
    ['城东街道', '城西街道']
    """
    return run(store, "collective_members", collective=collective, doc_id=doc)


def people(store: Store, *, doc: str | None = None) -> list[dict]:
    """Every person with jurisdiction and document (for entity linking).

    Examples
    --------
    >>> len(people(store))
    6
    """
    return run(store, "people", doc_id=doc)


def groups(store: Store, *, doc: str | None = None) -> list[dict]:
    """Leadership groups with office unit and director.

    Examples
    --------
    >>> [(r["label"], r["office_label"], r["director_name"]) for r in groups(store)]
    [('青山区数字经济发展领导小组', '区工业和信息化局', '赵六')]
    """
    return run(store, "groups", doc_id=doc)


def co_responsibility(store: Store, *, doc: str | None = None) -> list[dict]:
    """Pairs of units named together, with the number of shared tasks.

    Examples
    --------
    >>> pairs = {frozenset((r["label_a"], r["label_b"])): r["shared"] for r in co_responsibility(store)}
    >>> pairs[frozenset(("区发展和改革局", "区财政局"))], len(pairs)
    (1, 7)
    """
    return run(store, "co_responsibility", doc_id=doc)


def task_detail(store: Store, task: str | None = None, *, doc: str | None = None,
                path: str | None = None) -> list[dict]:
    """One task's text, span, section and deadline (task IRI, or document id and path).

    Examples
    --------
    >>> r = task_detail(store, doc="qingshan_digital_2024", path="2.2.3")[0]
    >>> r["section_path"], r["deadline"], r["due_year"]
    ('2.2', '2025年底前', 2025)
    """
    return run(store, "task_detail", task=IRI(task) if task else None, doc_id=doc, path=path)
