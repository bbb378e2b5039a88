"""Document record → RDF triples in the policykg ontology (one named graph per document).

IRIs are minted from stable keys (document id + path; jurisdiction + canonical unit name;
jurisdiction + person name), never blank nodes, so the same record always gives the same
triples and they can go to any SPARQL server. The triples are plain tuples; :meth:`BuiltGraph.ntriples`
gives sorted N-Triples and :meth:`BuiltGraph.rdflib_graph` an rdflib Graph (for SHACL).
"""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Iterable, Union

from extract.model import Document, Section, Task
from kg.terms import IRI, Lit
from kg.units import ID_BASE, AliasRules, UnitRef, UnitResolver, iri_part, normalize, split_position
from ontology import DCT, NS, ONTOLOGY_GRAPH, RDF, RDFS, XSD

GRAPH_BASE = "https://policykg.org/graph/"
ORG = "http://www.w3.org/ns/org#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
PROV = "http://www.w3.org/ns/prov#"
FOAF = "http://xmlns.com/foaf/0.1/"

ROLE_PROPERTY = {"lead": NS + "leadUnit", "responsible": NS + "responsibleUnit",
                 "cooperate": NS + "cooperatingUnit"}

__all__ = ["IRI", "Lit", "BuiltGraph", "build_document", "graph_iri", "doc_iri", "task_iri",
           "doc_id_of_graph", "ONTOLOGY_GRAPH", "GRAPH_BASE", "ROLE_PROPERTY"]


Term = Union[IRI, Lit]
Triple = tuple[IRI, IRI, Term]


def _q(s: str) -> str:
    return iri_part(s)


def graph_iri(doc_id: str) -> str:
    """The named graph of a document.

    >>> graph_iri("dongying_ip_2024")
    'https://policykg.org/graph/doc/dongying_ip_2024'
    """
    return f"{GRAPH_BASE}doc/{_q(doc_id)}"


def doc_id_of_graph(iri: str) -> str | None:
    """The document id of a document graph IRI (None for other graphs)."""
    from urllib.parse import unquote

    prefix = f"{GRAPH_BASE}doc/"
    return unquote(iri[len(prefix):]) if iri.startswith(prefix) else None


def doc_iri(doc_id: str) -> str:
    """The IRI of a document node."""
    return f"{ID_BASE}doc/{_q(doc_id)}"


def task_iri(doc_id: str, path: str) -> str:
    """The IRI of a task, from its document and path.

    >>> task_iri("d1", "2.1.1")
    'https://policykg.org/id/doc/d1/task/2.1.1'
    """
    return f"{doc_iri(doc_id)}/task/{_q(path)}"


def file_name(source: str | None) -> str:
    """The name of a source file without its folders (POSIX or Windows paths).

    >>> file_name("/home/kim/政策/东营区方案.docx"), file_name(r"C:\\Users\\kim\\方案.pdf"), file_name(None)
    ('东营区方案.docx', '方案.pdf', '')
    """
    return re.split(r"[\\/]", source or "")[-1].strip()


def _line_at(text: str | None, pos: int | None, limit: int = 300) -> str:
    r"""The line of ``text`` holding position ``pos`` (stripped, at most ``limit`` characters; '' when unknown).

    >>> _line_at("组 长:燕雪英 区委副书记\n副组长:王飞 副区长", 18)
    '副组长:王飞 副区长'
    """
    if not text or pos is None or not 0 <= pos < len(text):
        return ""
    start = text.rfind("\n", 0, pos) + 1
    end = text.find("\n", pos)
    line = text[start:end if end >= 0 else len(text)].strip()
    return line if len(line) <= limit else line[:limit - 1] + "…"


def _hash(*parts: str) -> str:
    return hashlib.sha1("\x1f".join(parts).encode("utf-8")).hexdigest()[:16]


def _int(v: int) -> Lit:
    return Lit(str(int(v)), XSD + "integer")


def _decimal(v) -> Lit | None:
    try:
        d = Decimal(str(v))
    except (InvalidOperation, ValueError):
        return None
    if not d.is_finite():
        return None
    if d == d.to_integral_value():
        return Lit(str(int(d)), XSD + "decimal")
    return Lit(format(d.normalize(), "f"), XSD + "decimal")


_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_YEAR = re.compile(r"(?<!\d)(20\d{2}|19\d{2})(?!\d)")


@dataclass
class BuiltGraph:
    """The triples of one document's named graph and what they hold."""

    doc_id: str
    graph_iri: str
    triples: list[Triple]
    counts: dict[str, int] = field(default_factory=dict)

    def ntriples(self) -> str:
        """Sorted, de-duplicated N-Triples (same record → same text)."""
        return _ntriples(self.triples)

    def rdflib_graph(self):
        """The triples as an rdflib Graph (for SHACL and rdflib users)."""
        import rdflib

        return rdflib.Graph().parse(data=self.ntriples(), format="nt")


class _Builder:
    def __init__(self, doc: Document, aliases: AliasRules | None):
        self.doc = doc
        self.id = doc.doc or "document"
        self.d = IRI(doc_iri(self.id))
        self.out: list[Triple] = []
        self.units = UnitResolver(doc.jurisdiction, self.id, aliases)
        self.scope = self.units._local_scope()
        self.section_iris: dict[str, list[tuple[IRI, Section]]] = {}

    def add(self, s: str, p: str, o: Term | str | None) -> None:
        if o is None:
            return
        if not isinstance(o, (IRI, Lit)):
            o = Lit(str(o))
        self.out.append((IRI(s), IRI(p), o))

    def typed(self, s: str, *classes: str) -> IRI:
        for c in classes:
            self.add(s, RDF + "type", IRI(c))
        return IRI(s)

    def span(self, s: str, start: int, end: int) -> None:
        self.add(s, NS + "charStart", _int(start if start is not None else -1))
        self.add(s, NS + "charEnd", _int(end if end is not None else -1))

    # ---------------------------------------------------------------- units
    def register_names(self) -> None:
        doc = self.doc
        for t in doc.tasks:
            for u in t.units:
                self.units.add(u.name)
        for p in doc.people:
            if p.org:
                self.units.add(p.org)
            for unit, _ in _positions(p):
                if unit:
                    self.units.add(unit)
        for g in doc.groups:
            if g.office:
                self.units.add(g.office)
        for name in self.issuers():
            self.units.add(name)

    def issuers(self) -> list[str]:
        if not self.doc.issuer:
            return []
        return [s for s in re.split(r"[、,，\s]+", self.doc.issuer.strip()) if s]

    def unit(self, name: str) -> IRI:
        return IRI(self.units.resolve(name).iri)

    def emit_units(self) -> None:
        for u in self.units.units():
            s = self.typed(u.iri, NS + "Unit", ORG + "Organization")
            if u.collective is not None:
                self.typed(s, NS + "CollectiveUnit")
            self.add(s, SKOS + "prefLabel", u.pref_label)
            self.add(s, RDFS + "label", u.pref_label)
            for alt in u.alt_labels:
                self.add(s, SKOS + "altLabel", alt)
            self.add(s, NS + "unitKey", u.key)
            self.add(s, NS + "jurisdiction", u.scope)
            self.add(s, NS + "national", Lit("true" if u.national else "false", XSD + "boolean"))
            self.add(s, NS + "mentionedIn", self.d)
            if u.collective is not None:
                for m in self.units.members_of(u):
                    self.add(s, NS + "hasMember", IRI(m.iri))
                    self.add(m.iri, NS + "memberOf", s)

    # ---------------------------------------------------------------- document
    def document(self) -> None:
        doc, d = self.doc, self.d
        self.typed(d, NS + "Document", FOAF + "Document")
        self.add(d, NS + "docId", self.id)
        self.add(d, DCT + "title", doc.title or self.id)
        self.add(d, NS + "taskCount", _int(len(doc.tasks)))
        self.add(d, NS + "targetCount", _int(sum(1 for t in doc.targets if _decimal(t.value) is not None)))
        self.add(d, RDFS + "label", doc.title or self.id)
        if doc.doc_number:
            self.add(d, NS + "docNumber", doc.doc_number)
        if doc.issuer:
            self.add(d, NS + "issuer", doc.issuer)
            for name in self.issuers():
                self.add(d, DCT + "publisher", self.unit(name))
        if doc.date and _DATE.match(doc.date):
            self.add(d, DCT + "issued", Lit(doc.date, XSD + "date"))
        if doc.jurisdiction:
            self.add(d, NS + "jurisdiction", doc.jurisdiction)
        if file_name(doc.source):  # the file's name only: never the importing machine's folders
            self.add(d, NS + "sourceFile", file_name(doc.source))
        seen = set()
        for ref in doc.references:
            title = (ref.title or "").strip()
            if not title or normalize(title) in seen:
                continue
            seen.add(normalize(title))
            c = self.typed(f"{ID_BASE}cited/{_hash(normalize(title))}", NS + "CitedDocument", FOAF + "Document")
            self.add(c, DCT + "title", title)
            self.add(c, RDFS + "label", title)
            if ref.doc_number:
                self.add(c, DCT + "identifier", ref.doc_number)
            if ref.repealed:
                self.add(d, DCT + "replaces", c)
            self.add(d, DCT + "references", c)

    # ---------------------------------------------------------------- sections
    def sections(self) -> None:
        used: dict[str, int] = {}
        for sec in self.doc.sections:
            key = sec.path if not sec.part else f"p{sec.part}/{sec.path}"
            n = used[key] = used.get(key, 0) + 1
            if n > 1:
                key = f"{key}~{n}"
            s = IRI(f"{self.d}/section/{_q(key)}")
            self.section_iris.setdefault(sec.path, []).append((s, sec))
        for path, items in self.section_iris.items():
            for s, sec in items:
                self.typed(s, NS + "Section")
                self.add(s, NS + "path", sec.path)
                self.add(s, NS + "marker", sec.marker)
                if sec.heading:
                    self.add(s, NS + "heading", sec.heading)
                    self.add(s, RDFS + "label", f"{sec.path} {sec.heading}")
                self.add(s, NS + "level", _int(sec.level))
                self.add(s, NS + "part", _int(sec.part))
                self.add(s, NS + "taskCount", _int(sum(1 for t in self.doc.tasks if _under(t.path, sec.path))))
                self.span(s, sec.start, sec.end)
                self.add(s, NS + "inDocument", self.d)
                self.add(s, DCT + "isPartOf", self.container(_parent(sec.path), sec.start, exact=True))

    def container(self, path: str | None, offset: int, exact: bool = False) -> IRI:
        """The section with this path (or the nearest ancestor) enclosing ``offset``; else the document."""
        while path:
            items = self.section_iris.get(path)
            if items:
                inside = [s for s, sec in items if sec.start <= offset < max(sec.end, sec.start + 1)]
                return inside[0] if inside else items[0][0]
            if exact:
                path = _parent(path)
            else:
                path = _parent(path)
        return self.d

    # ---------------------------------------------------------------- tasks
    def tasks(self) -> None:
        used: dict[str, int] = {}
        for task in self.doc.tasks:
            n = used[task.path] = used.get(task.path, 0) + 1
            key = task.path if n == 1 else f"{task.path}~{n}"
            s = self.typed(task_iri(self.id, key), NS + "Task")
            self.add(s, NS + "path", task.path)
            self.add(s, NS + "heading", task.heading or task.text[:40])
            self.add(s, RDFS + "label", f"{task.path} {task.heading}".strip())
            self.add(s, NS + "text", task.text or task.heading or "")
            self.span(s, task.start, task.end)
            self.add(s, PROV + "wasDerivedFrom", self.d)
            self.add(s, NS + "inDocument", self.d)
            self.add(s, DCT + "isPartOf", self.container(_parent(task.path), task.start))
            if task.table is not None:
                self.add(s, NS + "tableNumber", _int(task.table))
            if task.deadline or task.due:
                self.deadline(s, task)
            for i, m in enumerate(task.units):
                role = m.role if m.role in ROLE_PROPERTY else "responsible"
                u = self.unit(m.name)
                self.add(s, ROLE_PROPERTY[role], u)
                self.add(s, NS + "assignedTo", u)
                a = self.typed(f"{s}/unit/{i}", NS + "Assignment")
                self.add(s, NS + "assignment", a)
                self.add(a, NS + "task", s)
                self.add(a, NS + "unit", u)
                self.add(a, NS + "role", role)
                self.add(a, NS + "writtenAs", m.name)
                self.span(a, m.start, m.end)

    def deadline(self, task: IRI, t: Task) -> None:
        dl = self.typed(f"{task}/deadline", NS + "Deadline")
        written = t.deadline or (t.due.written if t.due else "")
        self.add(dl, RDFS + "label", written)
        years = _YEAR.findall(written or "")
        if years:
            self.add(dl, NS + "dueYear", _int(max(int(y) for y in years)))
        self.add(task, NS + "deadline", dl)
        from kg.due_build import due_triples, parse_due
        due = t.due or parse_due(t.deadline, self.doc)
        if due:
            self.out += due_triples(dl, due)

    # ---------------------------------------------------------------- targets
    def targets(self) -> None:
        for i, t in enumerate(self.doc.targets):
            value = _decimal(t.value)
            if value is None:
                continue
            s = self.typed(f"{self.d}/target/{i}", NS + "Target")
            self.add(s, NS + "metric", t.metric or t.text or "")
            self.add(s, NS + "value", value)
            if t.value_max is not None:
                self.add(s, NS + "valueMax", _decimal(t.value_max))
            if t.unit:
                self.add(s, NS + "unitOfMeasure", t.unit)
            self.add(s, NS + "comparator", t.comparator if t.comparator else "=")
            if t.year is not None:
                self.add(s, NS + "dueYear", _int(t.year))
            self.add(s, NS + "path", t.path or "")
            if t.text:
                self.add(s, NS + "text", t.text)
                self.add(s, RDFS + "label", t.text)
            self.span(s, t.start, t.end)
            self.add(s, PROV + "wasDerivedFrom", self.d)
            self.add(s, NS + "inDocument", self.d)
            self.add(s, DCT + "isPartOf", self.container(t.path, t.start))

    # ---------------------------------------------------------------- people
    def person(self, name: str) -> IRI:
        name = normalize(name)
        if name.endswith("同志") and len(name) > 3:
            name = name[:-2]
        s = self.typed(f"{ID_BASE}person/{_q(self.scope)}/{_q(name)}", FOAF + "Person")
        self.add(s, FOAF + "name", name)
        self.add(s, RDFS + "label", name)
        self.add(s, NS + "jurisdiction", self.scope)
        self.add(s, NS + "mentionedIn", self.d)
        return s

    def group(self, name: str | None) -> IRI:
        name = normalize(name or "") or "领导小组"
        key = name if name != "领导小组" else f"{name}@{self.id}"
        g = self.typed(f"{ID_BASE}group/{_q(self.scope)}/{_q(key)}", NS + "LeadershipGroup", ORG + "Organization")
        self.add(g, RDFS + "label", name)
        self.add(g, NS + "mentionedIn", self.d)
        return g

    def post(self, person: IRI, unit_name: str | None, title: str, holder_unit: IRI | None = None) -> None:
        if holder_unit is not None:
            unit, label = holder_unit, title
            p = IRI(f"{unit}/post/{_q(title)}")
        elif unit_name:
            ref: UnitRef = self.units.resolve(unit_name)
            unit, label = IRI(ref.iri), f"{normalize(unit_name)}{title}"
            p = IRI(f"{unit}/post/{_q(title)}")
        else:
            unit, label = None, title
            p = IRI(f"{ID_BASE}post/{_q(self.scope)}/{_q(title)}")
        self.typed(p, ORG + "Post")
        self.add(p, NS + "postTitle", title)
        self.add(p, RDFS + "label", label)
        if unit is not None:
            self.add(p, ORG + "postIn", unit)
        self.add(p, ORG + "heldBy", person)
        self.add(person, ORG + "holds", p)

    def membership(self, s: IRI, name: str, gname: str | None, group_role: str, start: int, end: int) -> None:
        """``s`` holds ``group_role`` in the group ``gname``: an org:Membership with its span and source line."""
        if not group_role:
            return
        g = self.group(gname)
        role = normalize(group_role)
        r = self.typed(f"{ID_BASE}role/{_q(role)}", ORG + "Role")
        self.add(r, RDFS + "label", role)
        m = self.typed(f"{ID_BASE}membership/{_hash(g, s, role)}", ORG + "Membership")
        self.add(m, ORG + "member", s)
        self.add(m, ORG + "organization", g)
        self.add(m, ORG + "role", r)
        self.add(m, NS + "groupRole", role)
        self.add(m, NS + "inDocument", self.d)
        self.span(m, start, end)
        line = _line_at(self.doc.text, start)
        if line:  # the member line as written: the source an answer about this person shows
            self.add(m, NS + "text", line)
        self.add(m, RDFS + "label", f"{role} {normalize(name)}")
        self.add(s, ORG + "memberOf", g)

    def people(self) -> None:
        doc = self.doc
        groups = {normalize(g.name): g for g in doc.groups if g.name}
        default = doc.groups[0].name if len(doc.groups) == 1 else None
        for person in doc.people:
            s = self.person(person.name)
            if person.org:
                self.add(s, NS + "affiliatedWith", self.unit(person.org))
            for unit, title in _positions(person):
                if title:
                    self.post(s, unit, title)
            if person.group_role:
                self.membership(s, person.name, person.group or default, person.group_role, person.start, person.end)
            for other in person.also:  # 组长 of a 工作组 too (贾文涛（兼）)
                self.membership(s, person.name, other.get("group") or default, other.get("group_role") or "",
                                other.get("start", -1), other.get("end", -1))
        for grp in doc.groups:
            if normalize(grp.name) not in groups:
                continue
            g = self.group(grp.name)
            if grp.office:
                self.add(g, NS + "office", self.unit(grp.office))
            if grp.office_director:
                director = self.person(grp.office_director)
                self.add(g, NS + "officeDirector", director)
                self.post(director, None, "办公室主任", holder_unit=g)

    def run(self) -> BuiltGraph:
        self.register_names()
        self.document()
        self.sections()
        self.tasks()
        self.targets()
        self.people()
        if self.doc.report is not None:
            from kg.due_build import report_triples
            self.out += report_triples(self.d, self.doc)
        self.emit_units()
        self.add(self.d, NS + "contentHash", _content_hash(self.out))
        doc = self.doc
        counts = {
            "documents": 1,
            "tasks": len(doc.tasks),
            "units": sum(1 for u in self.units.units() if u.collective is None),
            "collective_units": sum(1 for u in self.units.units() if u.collective is not None),
            "people": len({normalize(p.name) for p in doc.people}),
            "targets": sum(1 for t in doc.targets if _decimal(t.value) is not None),
            "sections": len(doc.sections),
            "references": len(doc.references),
        }
        built = BuiltGraph(self.id, graph_iri(self.id), self.out, counts)
        built.counts["triples"] = len({(s, p, o) for s, p, o in self.out})
        return built


def _under(path: str, section_path: str) -> bool:
    """Whether a task path is the section's own or below it (2.1.3 under 2.1 and 2, not under 2.10)."""
    return path == section_path or path.startswith(section_path + ".")


def _ntriples(triples: list[Triple]) -> str:
    return "".join(sorted({f"{s.nt()} {p.nt()} {o.nt()} .\n" for s, p, o in triples}))


def _content_hash(triples: list[Triple]) -> str:
    """SHA-1 of the graph's sorted, de-duplicated N-Triples: the same content gives the same hash."""
    return hashlib.sha1(_ntriples(triples).encode("utf-8")).hexdigest()


def _positions(person) -> list[tuple[str | None, str]]:
    """(unit, title) of each position; a bare title takes the unit named just before it
    (区财政局党组书记、局长), else the person's org, when the title fits that unit."""
    out, last = [], None
    for pos in person.positions:
        unit, title = split_position(pos, last or person.org)
        if unit is None and last and person.org:
            unit, title = split_position(pos, person.org)
        out.append((unit, title))
        if unit and normalize(pos) != title:
            last = unit
    return out


def _parent(path: str | None) -> str | None:
    if not path or "." not in path:
        return None
    return path.rsplit(".", 1)[0]


def build_document(doc: Document, *, aliases: AliasRules | None = None) -> BuiltGraph:
    """Build one document's named graph.

    Parameters
    ----------
    doc : Document
        The extracted record.
    aliases : AliasRules, optional
        User merges/forbidden merges of unit names (:func:`kg.units.load_aliases`).

    Returns
    -------
    BuiltGraph
        Triples, graph IRI and counts (documents, tasks, units, people, targets …).

    Examples
    --------
    >>> from extract.model import Document, Task, UnitMention
    >>> doc = Document(doc="d1", title="示例方案", text="", jurisdiction="东营区",
    ...                tasks=[Task("2.1", "加强保护", "(责任单位:区财政局)", [UnitMention("区财政局")])])
    >>> built = build_document(doc)
    >>> built.counts["tasks"], built.graph_iri
    (1, 'https://policykg.org/graph/doc/d1')
    >>> build_document(doc).ntriples() == built.ntriples()
    True
    """
    return _Builder(doc, aliases).run()


def build_documents(docs: Iterable[Document], *, aliases: AliasRules | None = None) -> list[BuiltGraph]:
    """Build several documents (each independently)."""
    return [build_document(d, aliases=aliases) for d in docs]
