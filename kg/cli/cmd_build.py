"""``kg build`` (files → store), ``kg docs`` (list) and ``kg rm`` (remove a document)."""
from __future__ import annotations

import sys
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import click

from extract.errors import PolicyKGError
from extract.readers import SUPPORTED_SUFFIXES
from kg.cli.common import chosen_format, error_line, one_line_errors, output_options, print_rows
from kg.cli.store_options import open_from_options, store_options
from kg.errors import StoreError

SUFFIXES = SUPPORTED_SUFFIXES
BULK_CHUNK = 200  # documents per bulk load


@dataclass
class BuildResult:
    """What a worker returns for one file (never an exception)."""

    path: str
    doc_id: str | None = None
    graph_iri: str | None = None
    ntriples: str | None = None
    counts: dict = field(default_factory=dict)
    units: frozenset = frozenset()
    people: frozenset = frozenset()
    error: str | None = None
    warnings: list = field(default_factory=list)


def build_one(path: str, aliases_path: str | None = None) -> BuildResult:
    """Extract and build one file (runs in a worker process)."""
    try:
        from extract.pipeline import extract_file
        from kg.build import build_document
        from kg.units import load_aliases

        doc = extract_file(path)
        built = build_document(doc, aliases=load_aliases(aliases_path))
        typed = [(s, o) for s, p, o in built.triples if p == "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"]
        collective = {s for s, o in typed if o == "https://policykg.org/ns#CollectiveUnit"}
        units = frozenset(s for s, o in typed if o == "https://policykg.org/ns#Unit" and s not in collective)
        people = frozenset(s for s, p, o in built.triples
                           if p == "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
                           and o == "http://xmlns.com/foaf/0.1/Person")
        return BuildResult(path, built.doc_id, built.graph_iri, built.ntriples(), built.counts, units, people,
                           warnings=list(doc.warnings))
    except PolicyKGError as e:
        return BuildResult(path, error=error_line(path, e))
    except MemoryError:
        return BuildResult(path, error=error_line(path, "[E199] out of memory"))
    except Exception as e:  # a bug must still be one line naming the file
        return BuildResult(path, error=error_line(path, f"[E299] internal error while building "
                                                       f"({type(e).__name__}: {e})"))


def _build_star(args: tuple[str, str | None]) -> BuildResult:
    return build_one(*args)


def collect_files(paths: tuple[str, ...]) -> list[str]:
    """Files given, and the supported files under folders given (sorted).

    A path that is missing or cannot be read (a symlink loop) stays in the list: its build
    reports it as one error line like any bad file, and the others are processed.
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
            out.append(p)
    return out


def run_builds(files: list[str], jobs: int, aliases: str | None):
    """Yield a BuildResult per file, in order, with ``jobs`` worker processes."""
    args = [(f, aliases) for f in files]
    if jobs <= 1 or len(files) <= 1:
        for a in args:
            yield _build_star(a)
        return
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        yield from pool.map(_build_star, args, chunksize=max(1, min(16, len(files) // (jobs * 4))))


@click.command("build")
@click.argument("paths", nargs=-1, required=True)
@store_options
@click.option("--jobs", "-j", default=1, show_default=True, type=click.IntRange(1, 64),
              help="Worker processes for extraction.")
@click.option("--aliases", type=click.Path(exists=True, dir_okay=False, path_type=str), envvar="POLICYKG_ALIASES",
              help="JSON file of unit merges/forbidden merges ($POLICYKG_ALIASES); see kg/units.py AliasRules.")
@click.option("--bulk", is_flag=True,
              help="Fast initial load, NOT one transaction per document (a failure can leave documents "
                   "partly written; rebuild them without --bulk). Local stores only.")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar.")
@one_line_errors
def build_cmd(paths, store, update_url, user, password, jobs, aliases, bulk, quiet) -> None:
    """Extract documents and import them into the graph store (files or folders).

    Each document becomes its own named graph, imported in one transaction:
    re-importing a file replaces it, a failed import leaves the store as it was
    (--bulk trades that guarantee for speed). Bad files are reported as one line
    on stderr and skipped; the exit code is 1 if any failed. Files imported with
    a warning ([W121]: layout not understood) are named on stderr.

    Example:

        kg build data/sample/ 东营区方案.docx --store 图谱库 --jobs 2
    """
    from kg.units import load_aliases

    load_aliases(aliases)  # a broken alias file fails once, before any work
    files = collect_files(paths)
    if not files:
        raise click.ClickException("[E330] no .txt/.docx/.doc/.pdf/.html files under the paths given")
    st = open_from_options(store, update_url, user, password, read_only=False)
    failed, done = [], []
    units, people = set(), set()
    totals = {"tasks": 0, "targets": 0}
    seen: dict[str, str] = {}
    pending: list[BuildResult] = []

    def accept(res: BuildResult) -> None:
        seen[res.doc_id] = res.path
        res.ntriples = None  # imported: do not keep every document's text in memory
        done.append(res)
        units.update(res.units)
        people.update(res.people)
        for k in totals:
            totals[k] += res.counts.get(k, 0)

    def flush_bulk() -> None:
        if not pending:
            return
        try:
            st.bulk_replace([(r.graph_iri, r.ntriples) for r in pending])
        except StoreError as e:
            failed.extend(error_line(r.path, e) for r in pending)
        else:
            for r in pending:
                accept(r)
        pending.clear()

    try:
        st.ensure_ontology()
        with click.progressbar(length=len(files), label="导入 importing", file=sys.stderr,
                               hidden=quiet,
                               show_pos=True) as bar:
            for res in run_builds(files, jobs, aliases):
                bar.update(1)
                if res.error:
                    failed.append(res.error)
                    continue
                for warning in res.warnings:
                    click.echo(f"\n{warning}", err=True)
                if res.doc_id in seen:
                    click.echo(f"\n[W301] {res.path}: document id {res.doc_id} also built from {seen[res.doc_id]}; "
                               "the later file replaces it (rename one file)", err=True)
                if bulk and hasattr(st, "bulk_replace"):
                    if any(p.doc_id == res.doc_id for p in pending):
                        click.echo(f"\n[W301] {res.path}: document id {res.doc_id} appears twice; "
                                   "the later file replaces it (rename one file)", err=True)
                    pending[:] = [p for p in pending if p.doc_id != res.doc_id] + [res]
                    if len(pending) >= BULK_CHUNK:
                        flush_bulk()
                    continue
                try:
                    st.replace_graph(res.graph_iri, res.ntriples)
                except StoreError as e:
                    failed.append(error_line(res.path, e))
                    continue
                accept(res)
            flush_bulk()
        if done:  # 督办: link progress reports to their tasks again (a plan or a report may be new)
            from kg.due import relink_quietly
            relink_quietly(st)
    finally:
        st.close()
    for line in failed:
        click.echo(line, err=True)
    click.echo(f"文件 documents: {len(done)}  任务 tasks: {totals['tasks']}  单位 units: {len(units)}  "
               f"人员 people: {len(people)}  目标 targets: {totals['targets']}"
               + (f"  失败 failed: {len(failed)}" if failed else "") + f"  → {store}")
    if failed:
        sys.exit(1)


@click.command("docs")
@store_options
@output_options
@one_line_errors
def docs_cmd(store, update_url, user, password, fmt, as_json) -> None:
    """List the documents in the store (id, title, 发文字号, jurisdiction, counts).

    Example:

        kg docs --store 图谱库
    """
    from kg.queries import documents

    with open_from_options(store, update_url, user, password, read_only=True) as st:
        rows = documents(st)
    print_rows(rows, chosen_format(fmt, as_json),
               ["doc_id", "title", "doc_number", "jurisdiction", "date", "tasks", "targets"])


@click.command("rm")
@click.argument("docs", nargs=-1, required=True)
@store_options
@one_line_errors
def rm_cmd(docs, store, update_url, user, password) -> None:
    """Remove documents (their named graphs) from the store.

    Example:

        kg rm dongying_ip_2024 --store 图谱库
    """
    from kg.build import graph_iri

    with open_from_options(store, update_url, user, password, read_only=False) as st:
        present = set(st.graphs())
        missing = [d for d in docs if graph_iri(d) not in present]
        if missing:
            raise StoreError(f"no document {', '.join(missing)} in {store}; list them with: kg docs --store {store}",
                             code="E331")
        for d in docs:
            st.drop_graph(graph_iri(d))
        from kg.due import relink_quietly  # 督办: a removed plan or report changes the links
        relink_quietly(st)
    click.echo(f"removed {len(docs)} document(s): {', '.join(docs)}")


commands = [build_cmd, docs_cmd, rm_cmd]
