"""``kg sparql`` (read-only queries), ``kg export`` and ``kg stats``."""
from __future__ import annotations

import re
import sys
from pathlib import Path

import click

from kg.cli.common import chosen_format, one_line_errors, output_options, print_rows
from kg.cli.store_options import open_from_options, store_options
from kg.errors import QueryError
from kg.export import EXPORT_FORMATS
from kg.store import IRI, check_service, is_update


def _param(value: str):
    """A ``-p name=value`` value: digits → int, http(s):// → IRI, else a string."""
    if re.fullmatch(r"-?\d+", value):
        return int(value)
    if value.startswith(("http://", "https://")):
        return IRI(value)
    return value


def _query_text(query: str) -> tuple[str, str | None]:
    """(SPARQL text, named query or None) from a file path, a named query name or the text itself."""
    from kg.queries import load_queries

    named = load_queries()
    if query in named:
        return named[query].sparql, query
    if len(query) < 4096 and "\n" not in query and not re.search(r"[{}?]", query):
        p = Path(query)
        if p.is_file():
            return p.read_text(encoding="utf-8"), None
        if p.suffix in (".rq", ".sparql"):
            raise click.ClickException(f"[E420] no such query file: {query}")
    return query, None


@click.command("sparql")
@click.argument("query", required=False)
@click.option("--param", "-p", "params", multiple=True, metavar="NAME=VALUE",
              help="Bind a value to ?NAME (repeatable); values are escaped, never pasted in.")
@click.option("--list", "list_named", is_flag=True, help="List the named queries and their params.")
@click.option("--timeout", type=click.FloatRange(min=0.01), default=600.0, show_default=True,
              help="Seconds a query may run before it is stopped (store directories).")
@click.option("--allow-service", is_flag=True,
              help="Run SERVICE (federated) clauses, which fetch from the URLs the query names.")
@store_options
@output_options
@one_line_errors
def sparql_cmd(query, params, list_named, timeout, allow_service, store, update_url, user, password, fmt,
               as_json) -> None:
    """Run a read-only SPARQL query: text, a .rq file, or a named query (see --list).

    Queries see the union of all document graphs. Updates are refused, SERVICE too unless
    --allow-service. On a store directory the query runs in a separate process: one that crashes
    the query engine or runs past --timeout is one error line.

    Example:

        kg sparql tasks_of_unit -p unit=区财政局 --store 图谱库

        kg sparql 'SELECT ?t WHERE { ?t a <https://policykg.org/ns#Task> }' --format csv
    """
    from kg.queries import load_queries

    out_fmt = chosen_format(fmt, as_json)
    if list_named:
        rows = [{"name": q.name, "title": q.title, "params": ", ".join(q.params)} for q in load_queries().values()]
        print_rows(rows, out_fmt, ["name", "title", "params"])
        return
    if not query:
        raise click.UsageError("give a query (text, a .rq file or a named query), or --list")
    text, named = _query_text(query)
    if is_update(text):
        raise QueryError("kg sparql is read-only: SPARQL updates (INSERT/DELETE/DROP/LOAD/CLEAR …) are refused; "
                         "change the store with kg build / kg rm", code="E405")
    check_service(text, allow_service)
    bindings = {}
    for item in params:
        name, sep, value = item.partition("=")
        if not sep or not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name):
            raise click.BadParameter(f"expected NAME=VALUE, got {item!r}", param_hint="--param")
        bindings[name] = _param(value)
    head = re.sub(r"#[^\n]*", "", re.sub(r"(?is)^\s*((PREFIX|BASE)\s+\S*\s*<[^>]*>\s*)*", "", text)).lstrip().upper()
    with open_from_options(store, update_url, user, password, read_only=True) as st:
        if named:  # entity params may be names: run() resolves them to IRIs
            from kg.queries import run

            rows = run(st, named, **bindings)
            print_rows(rows, out_fmt, list(rows[0]) if rows else [])
            return
        st.allow_service = allow_service
        method = "ask" if head.startswith("ASK") else "construct" if head.startswith(("CONSTRUCT", "DESCRIBE")) \
            else "select"
        result = _isolated(st, method, text, bindings, timeout, allow_service)
        if method == "ask":
            print_rows([{"ask": result}], out_fmt, ["ask"])
        elif method == "construct":
            click.echo(result, nl=False)
        else:
            print_rows(result, out_fmt, list(result[0]) if result else [])


def _isolated(st, method: str, text: str, bindings: dict, timeout: float, allow_service: bool):
    """Run user-written SPARQL where a crash or a runaway cannot take this process down.

    A store directory is queried in a worker process of :mod:`kg.serve` (killed at ``timeout``, a
    crash is one error line); other stores (remote servers) are queried directly.
    """
    from kg.store import LocalStore

    if not isinstance(st, LocalStore) or st.location == ":memory:":
        return getattr(st, method)(text, bindings)
    from kg.serve import ProcessRunner

    location = st.location
    st.close()  # the worker opens the directory read-only itself
    runner = ProcessRunner(location, 1, allow_service, respawn=False)
    try:
        return runner.call(method, text, bindings, timeout)
    finally:
        runner.close()


@click.command("export")
@click.option("--format", "fmt", type=click.Choice(EXPORT_FORMATS), default="ttl", show_default=True,
              help="RDF format, or graphml for Gephi/yEd.")
@click.option("--doc", default=None, help="Only this document (its id, see kg docs).")
@click.option("--out", "out", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Write to FILE instead of stdout.")
@store_options
@one_line_errors
def export_cmd(fmt, doc, out, store, update_url, user, password) -> None:
    """Export the graph (whole store or one document) as ttl, trig, nt, nq, jsonld or graphml.

    Example:

        kg export --format graphml --doc dongying_ip_2024 --out 东营区.graphml
    """
    from kg.export import export

    with open_from_options(store, update_url, user, password, read_only=True) as st:
        data = export(st, fmt, doc)
    if out is None:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
    else:
        out.write_bytes(data)
        click.echo(f"wrote {out} ({len(data)} bytes)", err=True)


@click.command("stats")
@click.option("--doc", default=None, help="Only this document.")
@click.option("--jurisdiction", default=None, help="Only units of this jurisdiction (东营区, 国家 …).")
@click.option("--limit", "-n", default=0, type=click.IntRange(0), help="Show the top N units (0 = all).")
@store_options
@output_options
@one_line_errors
def stats_cmd(doc, jurisdiction, limit, store, update_url, user, password, fmt, as_json) -> None:
    """Task counts per unit with the lead / responsible / cooperate split, most first.

    Totals (documents, tasks, units, people, targets) go to stderr for the table format.

    Example:

        kg stats --store 图谱库 -n 10
    """
    from kg.queries import documents, unit_task_counts

    out_fmt = chosen_format(fmt, as_json)
    with open_from_options(store, update_url, user, password, read_only=True) as st:
        rows = unit_task_counts(st, doc=doc, jurisdiction=jurisdiction)
        docs = documents(st, doc=doc)
        totals = st.select(_TOTALS) if doc is None else None
    if limit:
        rows = rows[:limit]
    if out_fmt == "table":
        t = totals[0] if totals else {}
        click.echo(f"文件 documents: {len(docs)}  任务 tasks: {sum(d['tasks'] for d in docs)}  "
                   f"目标 targets: {sum(d['targets'] for d in docs)}"
                   + (f"  单位 units: {t.get('units')}  人员 people: {t.get('people')}" if t else ""), err=True)
    print_rows(rows, out_fmt, ["label", "jurisdiction", "tasks", "lead", "responsible", "cooperate"])


_TOTALS = """
PREFIX pkg: <https://policykg.org/ns#>
PREFIX foaf: <http://xmlns.com/foaf/0.1/>
SELECT (COUNT(DISTINCT ?u) AS ?units) (COUNT(DISTINCT ?p) AS ?people) WHERE {
  { ?u a pkg:Unit FILTER NOT EXISTS { ?u a pkg:CollectiveUnit } } UNION { ?p a foaf:Person }
}"""

commands = [sparql_cmd, export_cmd, stats_cmd]
