"""``kg build`` (files → store), ``kg docs`` (list) and ``kg rm`` (remove a document)."""
from __future__ import annotations

import sys

import click

from kg.cli.common import chosen_format, error_line, one_line_errors, output_options, print_rows
from kg.cli.store_options import open_from_options, store_options
from kg.ingest import SUFFIXES


@click.command("build")
@click.argument("paths", nargs=-1, required=True)
@store_options
@click.option("--jobs", "-j", default=1, show_default=True, type=click.IntRange(1, 64),
              help="Worker processes for extraction.")
@click.option("--aliases", type=click.Path(exists=True, dir_okay=False, path_type=str), envvar="POLICYKG_ALIASES",
              help="JSON file of unit merges/forbidden merges ($POLICYKG_ALIASES); see kg/units/aliases.py AliasRules.")
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
    from kg.ingest import collect_files, ingest
    from kg.units import load_aliases

    load_aliases(aliases)  # a broken alias file fails once, before the store is opened
    files = collect_files(paths)
    if not files:
        raise click.ClickException(f"[E330] no {'/'.join(SUFFIXES)} files under the paths given")
    st = open_from_options(store, update_url, user, password, read_only=False)
    try:
        with click.progressbar(length=len(files), label="导入 importing", file=sys.stderr, hidden=quiet,
                               show_pos=True) as bar:
            res = ingest(st, files, aliases=aliases, jobs=jobs, bulk=bulk, progress=lambda _: bar.update(1))
    finally:
        st.close()
    for line in res.warnings:
        click.echo(line, err=True)
    for r in res.failed:
        click.echo(error_line(r.path, r.error), err=True)
    t = res.totals
    click.echo(f"文件 documents: {t['documents']}  任务 tasks: {t['tasks']}  单位 units: {t['units']}  "
               f"人员 people: {t['people']}  目标 targets: {t['targets']}"
               + (f"  失败 failed: {len(res.failed)}" if res.failed else "") + f"  → {store}")
    if res.failed:
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
    from kg.ingest import remove

    with open_from_options(store, update_url, user, password, read_only=False) as st:
        remove(st, docs, store_name=store)
    click.echo(f"removed {len(docs)} document(s): {', '.join(docs)}")


commands = [build_cmd, docs_cmd, rm_cmd]
