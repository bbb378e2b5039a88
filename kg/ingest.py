"""Files → the store: the one import path, used by ``kg build`` and by the app's upload.

Each file is read, extracted and built (in worker processes when ``jobs`` > 1) and then replaces
its document's named graph in ONE transaction: a file that fails leaves the store exactly as it
was, and the other files are still imported. ``bulk=True`` (``kg build --bulk``) trades that
guarantee for speed. The aliases file (``aliases`` or ``$POLICYKG_ALIASES``) is read once, before
any work, so a broken one fails the whole call with its coded error.

Results are data (:class:`IngestResult`); wording them is the caller's job (the CLI prints one
English line per error, the app a Chinese one).
"""
from __future__ import annotations

from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Iterator

from extract.errors import PolicyKGError
from extract.readers import SUPPORTED_SUFFIXES
from kg.errors import StoreError

#: the suffixes a folder is searched for (the readers' own list)
SUFFIXES: tuple[str, ...] = SUPPORTED_SUFFIXES
BULK_CHUNK = 200  # documents per bulk load
_RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"

__all__ = ["SUFFIXES", "FileResult", "IngestResult", "build_one", "collect_files", "ingest", "run_builds"]


@dataclass
class FileResult:
    """What happened to one file (a worker returns it; never an exception).

    ``error`` and ``warnings`` are the layers' coded one-line messages (``[E111] …``, ``[W121] …``).
    """

    path: str
    doc_id: str | None = None
    graph_iri: str | None = None
    ntriples: str | None = None
    counts: dict = field(default_factory=dict)
    units: frozenset = frozenset()
    people: frozenset = frozenset()
    error: str | None = None
    warnings: list = field(default_factory=list)
    replaced: bool = False  # the store held this document before

    @property
    def ok(self) -> bool:
        return self.error is None


@dataclass
class IngestResult:
    """What one :func:`ingest` call imported, warned about and failed on, in the order given."""

    imported: list[FileResult] = field(default_factory=list)
    failed: list[FileResult] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)  # coded lines, file named ([W121], [W301])
    units: set = field(default_factory=set)
    people: set = field(default_factory=set)

    @property
    def totals(self) -> dict[str, int]:
        """Documents, tasks, distinct units and people, targets over what was imported."""
        return {"documents": len(self.imported),
                "tasks": sum(r.counts.get("tasks", 0) for r in self.imported),
                "units": len(self.units), "people": len(self.people),
                "targets": sum(r.counts.get("targets", 0) for r in self.imported)}


def build_one(path: str, aliases_path: str | None = None, source: str | None = None) -> FileResult:
    """Extract and build one file (runs in a worker process).

    ``source`` names the file in the graph when ``path`` is a temporary copy (an upload).
    """
    try:
        from extract.pipeline import extract_file
        from kg.build import build_document
        from kg.units import load_aliases

        doc = extract_file(path)
        if source is not None:
            doc.source = source
        built = build_document(doc, aliases=load_aliases(aliases_path))
        typed = [(s, o) for s, p, o in built.triples if p == _RDF_TYPE]
        collective = {s for s, o in typed if o == "https://policykg.org/ns#CollectiveUnit"}
        units = frozenset(s for s, o in typed if o == "https://policykg.org/ns#Unit" and s not in collective)
        people = frozenset(s for s, o in typed if o == "http://xmlns.com/foaf/0.1/Person")
        return FileResult(path, built.doc_id, built.graph_iri, built.ntriples(), dict(built.counts), units, people,
                          warnings=list(doc.warnings))
    except PolicyKGError as e:
        return FileResult(path, error=str(e))
    except MemoryError:
        return FileResult(path, error="[E199] out of memory")
    except Exception as e:  # noqa: BLE001 - a bug must still be one line naming the file
        return FileResult(path, error=f"[E299] internal error while building ({type(e).__name__}: {e})")


def _build_star(args: tuple[str, str | None, str | None]) -> FileResult:
    return build_one(*args)


def collect_files(paths: Iterable[str]) -> list[str]:
    """Files given, and the supported files under folders given (sorted).

    A path that is missing or cannot be read (a symlink loop) stays in the list: its build
    reports it as one error like any bad file, and the others are processed.
    """
    out: list[str] = []
    for p in paths:
        path = Path(p)
        try:
            is_dir = path.is_dir()
        except OSError:
            is_dir = False
        if is_dir:
            found = []
            for f in path.rglob("*"):
                try:
                    if f.suffix.lower() in SUFFIXES and f.is_file():
                        found.append(f)
                except OSError:  # a symlink loop inside the folder
                    continue
            out.extend(str(f) for f in sorted(found))
        else:
            out.append(str(p))
    return out


def run_builds(files: list[str], jobs: int = 1, aliases: str | None = None,
               sources: list[str | None] | None = None) -> Iterator[FileResult]:
    """Yield a FileResult per file, in order, with ``jobs`` worker processes."""
    args = [(f, aliases, s) for f, s in zip(files, sources or [None] * len(files))]
    if jobs <= 1 or len(files) <= 1:
        for a in args:
            yield _build_star(a)
        return
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        yield from pool.map(_build_star, args, chunksize=max(1, min(16, len(files) // (jobs * 4))))


def ingest(store, files: Iterable[str | tuple[str, str]], *, aliases: str | None = None, jobs: int = 1,
           bulk: bool = False, progress: Callable[[FileResult], None] | None = None,
           refresh_ontology: bool = True) -> IngestResult:
    """Import files into ``store``, one transaction per document; a bad file costs nothing else.

    ``files`` are paths, or ``(path, name)`` pairs when the path is a temporary copy and the
    document should be named after ``name`` (its stem is the document id). ``aliases`` is an
    alias file (default ``$POLICYKG_ALIASES``); a broken one raises its coded error before any work.
    ``progress`` is called with each file's result as it is done. The ontology graph is loaded
    when missing, and replaced by this version's unless ``refresh_ontology`` is False (the app's
    one-file uploads, where it costs a third of the time). After importing, progress
    reports are linked to their tasks again (督办).
    """
    from kg.units import load_aliases

    load_aliases(aliases)  # a broken alias file fails once, before any work
    pairs = [(f, None) if isinstance(f, (str, Path)) else (str(f[0]), f[1]) for f in files]
    paths = [str(p) for p, _ in pairs]
    names = [n for _, n in pairs]
    out = IngestResult()
    seen: dict[str, str] = {}
    pending: list[FileResult] = []
    before = set(store.graphs())

    def accept(res: FileResult) -> None:
        seen[res.doc_id] = res.path
        res.ntriples = None  # imported: do not keep every document's text in memory
        out.imported.append(res)
        out.units.update(res.units)
        out.people.update(res.people)

    def fail(res: FileResult, err: object) -> None:
        res.error, res.ntriples = str(err), None
        out.failed.append(res)

    def flush_bulk() -> None:
        if not pending:
            return
        try:
            store.bulk_replace([(r.graph_iri, r.ntriples) for r in pending])
        except StoreError as e:
            for r in pending:
                fail(r, e)
        else:
            for r in pending:
                accept(r)
        pending.clear()

    from ontology import ONTOLOGY_GRAPH

    if refresh_ontology or ONTOLOGY_GRAPH not in before:
        store.ensure_ontology()
    bulk = bulk and hasattr(store, "bulk_replace")
    for res in run_builds(paths, jobs, aliases, names):
        if res.error:
            out.failed.append(res)
        else:
            res.replaced = res.graph_iri in before
            out.warnings.extend(res.warnings)
            if res.doc_id in seen:
                out.warnings.append(f"[W301] {res.path}: document id {res.doc_id} also built from "
                                    f"{seen[res.doc_id]}; the later file replaces it (rename one file)")
            if bulk:
                if any(p.doc_id == res.doc_id for p in pending):
                    out.warnings.append(f"[W301] {res.path}: document id {res.doc_id} appears twice; "
                                        "the later file replaces it (rename one file)")
                pending[:] = [p for p in pending if p.doc_id != res.doc_id] + [res]
                if len(pending) >= BULK_CHUNK:
                    flush_bulk()
            else:
                try:
                    store.replace_graph(res.graph_iri, res.ntriples)
                except StoreError as e:
                    fail(res, e)
                else:
                    accept(res)
        if progress is not None:
            progress(res)
    flush_bulk()
    if out.imported:  # 督办: link progress reports to their tasks again (a plan or a report may be new)
        from kg.due import relink_quietly
        relink_quietly(store)
    return out


def remove(store, doc_ids: Iterable[str], *, store_name: str | None = None) -> None:
    """Drop documents (their named graphs), all or none: an id not in the store raises [E331].

    Progress reports are linked to their tasks again afterwards (a removed plan or report changes the links).
    """
    from kg.build import graph_iri

    doc_ids = list(doc_ids)
    present = set(store.graphs())
    missing = [d for d in doc_ids if graph_iri(d) not in present]
    if missing:
        where = store_name or getattr(store, "location", "the store")
        raise StoreError(f"no document {', '.join(missing)} in {where}; list them with: kg docs --store {where}",
                         code="E331")
    for d in doc_ids:
        store.drop_graph(graph_iri(d))
    from kg.due import relink_quietly
    relink_quietly(store)
