"""The embedded on-disk store: pyoxigraph (RocksDB) in a directory, or in memory.

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

from pathlib import Path
from typing import Any, Iterator

from kg.errors import QueryError, StoreError
from kg.sparql_text import FROM_CLAUSE, bind_values, check_service, is_update, strip_comments, term_sparql
from kg.store import FORMATS, QUAD_FORMATS, Store, check_format, py_value
from kg.terms import IRI
from ontology import PREFIXES

__all__ = ["LocalStore"]


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
        union = "from" not in sparql.casefold() or not FROM_CLAUSE.search(strip_comments(sparql))
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
