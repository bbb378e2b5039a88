"""Graph stores: an embedded on-disk pyoxigraph store, or a SPARQL 1.1 server over HTTP.

``open_store(location)`` gives a :class:`Store`: a directory → :class:`LocalStore`; an
``http(s)://`` URL → ``kg.remote.RemoteStore``. Every store holds one named graph per document
(:func:`kg.build.graph_iri`) plus the ontology in ``ontology.ONTOLOGY_GRAPH``. Queries see the
union of all graphs as their default graph.

Default location: ``$POLICYKG_STORE``, else ``$XDG_DATA_HOME/policykg/store``
(``~/.local/share/policykg/store``).

Transactions and concurrency (LocalStore)
-----------------------------------------
- :meth:`Store.replace_graph` drops and re-inserts one named graph in ONE SPARQL update, which
  pyoxigraph applies in one transaction: either the whole document is replaced or the store is
  left exactly as it was (a malformed payload is rejected before anything is written).
- Readers in the same process (threads of the app, the SPARQL endpoint) keep working while a build
  writes: each query sees a consistent snapshot ("repeatable read").
- Across processes, only one may open a directory read-write (RocksDB takes a lock; a second
  writer gets StoreError E302). ``open_store(..., read_only=True)`` opens a read-only view that
  works while another process builds; it sees the data as of its opening, and pyoxigraph calls
  reading during another process's writes "undefined behaviour", so reopen after a build
  (``kg sparql``/``kg docs``/``kg stats`` open read-only and fall back this way).
"""
from __future__ import annotations

import abc
import os
import re
from decimal import Decimal
from pathlib import Path
from typing import Any, Iterator

from kg.errors import QueryError, StoreError
from kg.terms import IRI
from ontology import PREFIXES, XSD

STORE_ENV = "POLICYKG_STORE"


def _default_store() -> Path:
    env = os.environ.get(STORE_ENV)
    if env:
        return Path(env).expanduser()
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "policykg" / "store"


#: The store used when no ``--store`` is given (``$POLICYKG_STORE`` or ~/.local/share/policykg/store).
DEFAULT_STORE = _default_store()

FORMATS = {"ttl": "TURTLE", "trig": "TRIG", "nt": "N_TRIPLES", "nq": "N_QUADS", "jsonld": "JSON_LD"}
QUAD_FORMATS = {"trig", "nq", "jsonld"}

__all__ = ["DEFAULT_STORE", "IRI", "Store", "LocalStore", "bind_values", "term_sparql",
           "is_update", "uses_service", "check_service", "FORMATS", "strip_comments", "check_format", "py_value"]


# ------------------------------------------------------------------ binding values safely

_BAD_IRI = re.compile(r'[\x00-\x20<>"{}|^`\\]')
_VAR = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


def term_sparql(value: object) -> str:
    """One python value as a SPARQL term, escaped (user text never becomes query text).

    >>> term_sparql('区"财政"局'), term_sparql(2026), term_sparql(IRI("https://x.org/a"))
    ('"区\\\\"财政\\\\"局"', '"2026"^^<http://www.w3.org/2001/XMLSchema#integer>', '<https://x.org/a>')
    """
    if isinstance(value, IRI):
        if not value or _BAD_IRI.search(value):
            raise QueryError(f"not a usable IRI: {value[:80]!r} (spaces, quotes, <, > and braces are refused)",
                             code="E401")
        return f"<{value}>"
    if isinstance(value, bool):
        return f'"{"true" if value else "false"}"^^<{XSD}boolean>'
    if isinstance(value, int):
        return f'"{value}"^^<{XSD}integer>'
    if isinstance(value, float):
        return f'"{value!r}"^^<{XSD}double>'
    if isinstance(value, Decimal):
        return f'"{value}"^^<{XSD}decimal>'
    if isinstance(value, str):
        s = (value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
             .replace("\r", "\\r").replace("\t", "\\t"))
        return f'"{s}"'
    raise QueryError(f"cannot bind a {type(value).__name__} into SPARQL; use str, int, float, Decimal or IRI",
                     code="E402")


_WHERE = re.compile(r"\bWHERE\s*\{", re.IGNORECASE)
_FORM_BRACE = re.compile(r"\b(?:SELECT|ASK|DESCRIBE)\b[^{]*\{", re.IGNORECASE)


def strip_comments(sparql: str) -> str:
    """Blank out # comments outside IRIs and strings (keeps offsets)."""
    out, i, n = [], 0, len(sparql)
    in_str: str | None = None
    in_iri = False
    while i < n:
        ch = sparql[i]
        if in_str:
            if ch == "\\":
                out.append(sparql[i:i + 2])
                i += 2
                continue
            if ch == in_str:
                in_str = None
        elif in_iri:
            if ch == ">":
                in_iri = False
        elif ch in "\"'":
            in_str = ch
        elif ch == "<" and re.match(r"<[^\s<>\"{}|^`\\]*>", sparql[i:]):
            in_iri = True
        elif ch == "#":
            j = sparql.find("\n", i)
            j = n if j < 0 else j
            out.append(" " * (j - i))
            i = j
            continue
        out.append(ch)
        i += 1
    return "".join(out)


def bind_values(sparql: str, bindings: dict[str, object] | None) -> str:
    """Bind values to variables by a ``VALUES`` block at the start of the outermost WHERE group.

    ``None`` values are left unbound; a list or tuple gives alternatives (one VALUES row per
    combination). Every value is escaped by :func:`term_sparql`, so the text of a value can never
    change the query. Bound variables must be used at the top level of the WHERE group or in its
    ``GRAPH`` blocks (that is how the named queries are written).

    >>> q = bind_values("SELECT ?t WHERE { ?t ?p ?label }", {"label": '区财政局"}'})
    >>> q
    'SELECT ?t WHERE { VALUES (?label) { ("区财政局\\\\"}") } ?t ?p ?label }'
    >>> bind_values("SELECT * WHERE { ?s ?p ?o }", {"s": [IRI("urn:a"), IRI("urn:b")], "o": 1}).split("}")[0]
    'SELECT * WHERE { VALUES (?s ?o) { (<urn:a> "1"^^<http://www.w3.org/2001/XMLSchema#integer>) (<urn:b> "1"^^<http://www.w3.org/2001/XMLSchema#integer>) '
    """
    import itertools

    items = [(k, v) for k, v in (bindings or {}).items() if v is not None]
    if not items:
        return sparql
    for k, _ in items:
        if not _VAR.match(k):
            raise QueryError(f"bad variable name {k!r} for a binding", code="E403")
    clean = strip_comments(sparql)
    m = _WHERE.search(clean) or _FORM_BRACE.search(clean)
    if not m:
        raise QueryError("cannot bind values: the query has no 'WHERE {'; write SELECT … WHERE { … }",
                         code="E404")
    names = " ".join(f"?{k}" for k, _ in items)
    choices = [[term_sparql(x) for x in (v if isinstance(v, (list, tuple)) else [v])] for _, v in items]
    rows = " ".join("(" + " ".join(combo) + ")" for combo in itertools.product(*choices))
    return f"{sparql[:m.end()]} VALUES ({names}) {{ {rows} }}{sparql[m.end():]}"


_UPDATE = re.compile(r"^\s*(?:(?:PREFIX\s+[^\s:]*:\s*<[^>]*>|BASE\s+<[^>]*>)\s*)*"
                     r"(INSERT|DELETE|LOAD|CLEAR|DROP|CREATE|COPY|MOVE|ADD|WITH)\b", re.IGNORECASE)


_FROM_CLAUSE = re.compile(r"\bFROM\s+(?:NAMED\s+)?<", re.I)


def is_update(sparql: str) -> bool:
    """True when the text is a SPARQL Update (refused by read-only commands).

    >>> is_update("PREFIX a: <x:> DELETE WHERE { ?s ?p ?o }"), is_update("SELECT * WHERE {?s ?p ?o}")
    (True, False)
    """
    return bool(_UPDATE.match(strip_comments(sparql)))


_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
_SERVICE = re.compile(r"(?<![\w?$:])SERVICE(?![\w:])", re.IGNORECASE)
SERVICE_REFUSED = ("SERVICE (federated query) is refused: it would make this machine send requests to other "
                   "servers; remove the SERVICE block, or start the command with --allow-service if you run it "
                   "and trust every user")


def _code_only(sparql: str) -> str:
    """The query with comments, string literals (short and long) and IRIs blanked out."""
    out, i, n = [], 0, len(sparql)
    while i < n:
        ch = sparql[i]
        if ch == "#":
            j = sparql.find("\n", i)
            j = n if j < 0 else j
            out.append(" ")
            i = j
        elif ch in "\"'":
            quote = sparql[i:i + 3] if sparql[i:i + 3] in ('"""', "'''") else ch
            j = i + len(quote)
            while j < n and not sparql.startswith(quote, j):
                j += 2 if sparql[j] == "\\" else 1
            out.append(" ")
            i = j + len(quote)
        elif ch == "<" and (m := re.match(r"<[^\s<>\"{}|^`\\]*>", sparql[i:])):
            out.append(" ")
            i += m.end()
        else:
            out.append(ch)
            i += 1
    return "".join(out)


def uses_service(sparql: str) -> bool:
    """True when the query has a SERVICE clause (a federated query that fetches from another server).

    Strings, IRIs and comments do not count; \\u escapes are decoded first.

    >>> uses_service("SELECT * WHERE { SERVICE <http://127.0.0.1:7898/sparql> { ?s ?p ?o } }")
    True
    >>> uses_service('SELECT ?service WHERE { ?service <http://x/p> "SERVICE" } # SERVICE')
    False
    """
    text = _ESCAPE.sub(lambda m: chr(int(m.group(1) or m.group(2), 16)) if int(m.group(1) or m.group(2), 16)
                       < 0x110000 else " ", sparql)
    return bool(_SERVICE.search(_code_only(text)))


def check_service(sparql: str, allowed: bool = False) -> None:
    """Raise QueryError E430 for a SERVICE query unless the operator allowed federation."""
    if not allowed and uses_service(sparql):
        raise QueryError(SERVICE_REFUSED, code="E430")


# ------------------------------------------------------------------ the interface

class Store(abc.ABC):
    """A graph store: named graphs per document, SPARQL over their union."""

    location: str
    #: run SERVICE (federated) clauses; off unless an operator allows it (--allow-service)
    allow_service: bool = False

    @abc.abstractmethod
    def replace_graph(self, graph_iri: str, ntriples: str) -> None:
        """Replace one named graph in ONE transaction (a failure leaves the store unchanged)."""

    @abc.abstractmethod
    def drop_graph(self, graph_iri: str) -> None:
        """Remove one named graph (no error when it is not there)."""

    @abc.abstractmethod
    def graphs(self) -> list[str]:
        """IRIs of the named graphs, sorted."""

    @abc.abstractmethod
    def select(self, sparql: str, bindings: dict[str, object] | None = None) -> list[dict[str, object]]:
        """Run a SELECT with values bound to variables; rows of plain python values (or None)."""

    @abc.abstractmethod
    def ask(self, sparql: str, bindings: dict[str, object] | None = None) -> bool:
        """Run an ASK query."""

    @abc.abstractmethod
    def construct(self, sparql: str, bindings: dict[str, object] | None = None) -> str:
        """Run a CONSTRUCT/DESCRIBE query; the triples as N-Triples."""

    @abc.abstractmethod
    def raw_query(self, sparql: str) -> Any:
        """Run a query and return the backend's own result object (for the SPARQL endpoint)."""

    @abc.abstractmethod
    def dump(self, fmt: str, graph_iri: str | None = None) -> bytes:
        """Serialize the store (or one graph) as ttl, trig, nt, nq or jsonld."""

    def close(self) -> None:
        """Release the store."""

    # shared conveniences --------------------------------------------------
    def import_built(self, built) -> None:
        """Import a :class:`kg.build.BuiltGraph` (replaces that document's graph; one transaction)."""
        self.replace_graph(built.graph_iri, built.ntriples())

    def ensure_ontology(self) -> None:
        """Load (or refresh) the ontology into its own named graph."""
        from ontology import ONTOLOGY_GRAPH, ontology_ntriples

        self.replace_graph(ONTOLOGY_GRAPH, ontology_ntriples())

    def document_ids(self) -> list[str]:
        """Ids of the documents in the store (from their graph IRIs)."""
        from kg.build import doc_id_of_graph

        return sorted(d for d in (doc_id_of_graph(g) for g in self.graphs()) if d)

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def check_format(fmt: str) -> str:
    """The dump format, or StoreError naming the known ones."""
    if fmt not in FORMATS:
        raise StoreError(f"unknown dump format {fmt!r}; use one of {', '.join(FORMATS)}", code="E310")
    return fmt


# ------------------------------------------------------------------ pyoxigraph on disk

def py_value(term) -> object:
    """A pyoxigraph term as a plain python value."""
    import pyoxigraph as ox

    if term is None:
        return None
    if isinstance(term, ox.Literal):
        dt = term.datatype.value
        v = term.value
        try:
            if dt in (XSD + "integer", XSD + "int", XSD + "long", XSD + "short", XSD + "nonNegativeInteger",
                      XSD + "positiveInteger"):
                return int(v)
            if dt in (XSD + "decimal", XSD + "double", XSD + "float"):
                f = float(v)
                return int(f) if dt == XSD + "decimal" and f.is_integer() and "." not in v else f
            if dt == XSD + "boolean":
                return v in ("true", "1")
        except ValueError:
            return v
        return v
    return term.value


class LocalStore(Store):
    """pyoxigraph (RocksDB) on disk; ``location=None`` or ``":memory:"`` gives an in-memory store."""

    def __init__(self, location: str | Path | None = None, *, read_only: bool = False):
        import pyoxigraph as ox

        self._ox = ox
        self.read_only = read_only
        if location is None or str(location) == ":memory:":
            self.location = ":memory:"
            self._store = ox.Store()
            return
        path = Path(location).expanduser()
        self.location = str(path)
        try:
            if read_only:
                if not (path / "CURRENT").exists():
                    raise StoreError(f"no store at {path}; build one first with: kg build FILES --store {path}",
                                     code="E301")
                self._store = _open_read_only(ox, path)
            else:
                path.mkdir(parents=True, exist_ok=True)
                self._store = ox.Store(str(path))
        except OSError as e:
            msg = str(e)
            if "lock" in msg.lower():
                raise StoreError(f"the store {path} is open for writing by another process "
                                 f"(a running kg build?); wait for it or open it read-only", code="E302") from None
            raise StoreError(f"cannot open the store {path}: {msg}; check the path or remove a damaged store",
                             code="E303") from None

    # writes ---------------------------------------------------------------
    def _writable(self) -> None:
        if self.read_only:
            raise StoreError(f"the store {self.location} is open read-only; writing needs a read-write store",
                             code="E304")

    def replace_graph(self, graph_iri: str, ntriples: str) -> None:
        """Replace one named graph in ONE pyoxigraph update (one transaction).

        >>> s = LocalStore()
        >>> s.replace_graph("https://x.org/g", '<https://x.org/a> <https://x.org/p> "1" .\\n')
        >>> s.graphs()
        ['https://x.org/g']
        """
        self._writable()
        term_sparql(IRI(graph_iri))
        ox = self._ox
        try:
            if not self._store.contains_named_graph(ox.NamedNode(graph_iri)):
                # a new document: one transactional load (faster than a SPARQL update)
                self._store.load(ntriples, format=ox.RdfFormat.N_TRIPLES, to_graph=ox.NamedNode(graph_iri))
                return
            update = f"DROP SILENT GRAPH <{graph_iri}> ;\nINSERT DATA {{ GRAPH <{graph_iri}> {{\n{ntriples}\n}} }}"
            self._store.update(update)
        except (SyntaxError, ValueError) as e:
            raise StoreError(f"the triples for {graph_iri} are not valid N-Triples ({e}); nothing was written",
                             code="E305") from None
        except OSError as e:
            raise StoreError(f"writing {graph_iri} failed ({e}); the store is unchanged", code="E306") from None

    def bulk_replace(self, graphs: list[tuple[str, str]]) -> None:
        """Load many documents fast, NOT in a transaction (``kg build --bulk``).

        Each graph is dropped first, then all are written by pyoxigraph's bulk loader. A failure
        (or a crash) part-way can leave some documents missing or partly written, and readers may
        see documents appear one by one: rebuild them with a plain ``kg build`` after a failure.
        """
        self._writable()
        ox = self._ox
        parts = []
        for g, nt in graphs:
            term_sparql(IRI(g))
            self._store.remove_graph(ox.NamedNode(g)) if self._store.contains_named_graph(ox.NamedNode(g)) else None
            parts.append(nt.replace(" .\n", f" <{g}> .\n"))
        try:
            self._store.bulk_load("".join(parts), format=ox.RdfFormat.N_QUADS)
        except (SyntaxError, ValueError, OSError) as e:
            raise StoreError(f"bulk load failed ({e}); some documents may be missing: rebuild them without --bulk",
                             code="E308") from None

    def drop_graph(self, graph_iri: str) -> None:
        self._writable()
        term_sparql(IRI(graph_iri))
        try:
            self._store.update(f"DROP SILENT GRAPH <{graph_iri}>")
        except OSError as e:
            raise StoreError(f"dropping {graph_iri} failed ({e})", code="E306") from None

    def graphs(self) -> list[str]:
        return sorted(g.value for g in self._store.named_graphs() if isinstance(g, self._ox.NamedNode))

    # reads ----------------------------------------------------------------
    def raw_query(self, sparql: str):
        if is_update(sparql):
            raise QueryError("SPARQL updates are refused here: queries are read-only "
                             "(use kg build / kg rm to change the store)", code="E405")
        check_service(sparql, self.allow_service)
        # the default graph is the union of the documents, unless the query names its dataset (FROM …)
        union = not _FROM_CLAUSE.search(strip_comments(sparql))
        try:
            return self._store.query(sparql, use_default_graph_as_union=union)
        except SyntaxError as e:
            raise QueryError(f"SPARQL syntax error: {e}; check the query text", code="E406") from None
        except (OSError, RuntimeError) as e:
            raise QueryError(f"the query failed: {e}", code="E407") from None

    def select(self, sparql: str, bindings: dict[str, object] | None = None) -> list[dict[str, object]]:
        res = self.raw_query(bind_values(sparql, bindings))
        if not isinstance(res, self._ox.QuerySolutions):
            raise QueryError("expected a SELECT query", code="E408")
        names = [v.value for v in res.variables]
        return [{n: py_value(sol[n]) for n in names} for sol in res]

    def ask(self, sparql: str, bindings: dict[str, object] | None = None) -> bool:
        res = self.raw_query(bind_values(sparql, bindings))
        if not isinstance(res, self._ox.QueryBoolean):
            raise QueryError("expected an ASK query", code="E408")
        return bool(res)

    def construct(self, sparql: str, bindings: dict[str, object] | None = None) -> str:
        res = self.raw_query(bind_values(sparql, bindings))
        if not isinstance(res, self._ox.QueryTriples):
            raise QueryError("expected a CONSTRUCT or DESCRIBE query", code="E408")
        return self._ox.serialize(res, format=self._ox.RdfFormat.N_TRIPLES).decode("utf-8") \
            if hasattr(self._ox, "serialize") else "".join(f"{t} .\n" for t in res)

    def quads(self) -> Iterator[tuple[str, str, str, str]]:
        """Every quad as N-Triples-like strings (for tests and checks)."""
        for q in self._store:
            yield (str(q.subject), str(q.predicate), str(q.object), str(q.graph_name))

    def __len__(self) -> int:
        return len(self._store)

    def dump(self, fmt: str, graph_iri: str | None = None) -> bytes:
        ox = self._ox
        check_format(fmt)
        rdf_format = getattr(ox.RdfFormat, FORMATS[fmt])
        prefixes = PREFIXES
        kwargs: dict[str, Any] = {"format": rdf_format}
        if fmt in ("ttl", "trig"):
            kwargs["prefixes"] = prefixes
        try:
            if graph_iri is not None:
                g = ox.NamedNode(graph_iri)
                if fmt in QUAD_FORMATS:
                    quads = self._store.quads_for_pattern(None, None, None, g)
                    return ox.serialize(quads, **kwargs)
                return self._store.dump(from_graph=g, **kwargs)
            if fmt in QUAD_FORMATS:
                return self._store.dump(**kwargs)
            # triple formats: the union of all graphs, duplicates removed
            triples = {ox.Triple(q.subject, q.predicate, q.object) for q in self._store}
            return ox.serialize(sorted(triples, key=str), **kwargs)
        except (OSError, ValueError) as e:
            raise StoreError(f"dump as {fmt} failed: {e}", code="E311") from None

    def flush(self) -> None:
        if not self.read_only and self.location != ":memory:":
            self._store.flush()

    def optimize(self) -> None:
        """Compact the on-disk store (after a big build)."""
        if not self.read_only and self.location != ":memory:":
            self._store.optimize()

    def close(self) -> None:
        if getattr(self, "_store", None) is not None:
            try:
                self.flush()
            except OSError:
                pass
            self._store = None


def _open_read_only(ox, path: Path, attempts: int = 5):
    """Open read-only, retrying while a writer in another process swaps files under us."""
    import time

    last = None
    for i in range(attempts):
        try:
            return ox.Store.read_only(str(path))
        except (OSError, RuntimeError) as e:  # RocksDB reports a file compacted away as "Corruption"
            last = e
            time.sleep(0.1 * (i + 1))
    raise StoreError(f"cannot open {path} read-only ({str(last)[:160]}); another process may be writing it "
                     "(a kg build?): try again when it has finished", code="E307")
