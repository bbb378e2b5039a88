"""``kg sparql`` (read-only queries), ``kg export`` and ``kg stats``."""
from __future__ import annotations

import sys
from pathlib import Path

import click

from kg.cli.common import chosen_format, one_line_errors, output_options, print_rows
from kg.cli.store_options import open_from_options, store_options
from kg.export import EXPORT_FORMATS


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
    from kg.sparql import parse_bindings, run_readonly

    out_fmt = chosen_format(fmt, as_json)
    if list_named:
        rows = [{"name": q.name, "title": q.title, "params": ", ".join(q.params)} for q in load_queries().values()]
        print_rows(rows, out_fmt, ["name", "title", "params"])
        return
    if not query:
        raise click.UsageError("give a query (text, a .rq file or a named query), or --list")
    bindings = parse_bindings(params)
    with open_from_options(store, update_url, user, password, read_only=True) as st:
        res = run_readonly(st, query, bindings, timeout=timeout, allow_service=allow_service)
    if res.form == "construct":
        click.echo(res.value, nl=False)
    else:
        rows = res.rows()
        print_rows(rows, out_fmt, list(rows[0]) if rows else [])


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
    from kg.stats import UNIT_COLUMNS, store_stats

    out_fmt = chosen_format(fmt, as_json)
    with open_from_options(store, update_url, user, password, read_only=True) as st:
        stats = store_stats(st, doc=doc, jurisdiction=jurisdiction, limit=limit)
    if out_fmt == "table":
        t = stats.totals
        click.echo(f"文件 documents: {t['documents']}  任务 tasks: {t['tasks']}  目标 targets: {t['targets']}"
                   + (f"  单位 units: {t['units']}  人员 people: {t['people']}" if "units" in t else ""), err=True)
    print_rows(stats.units, out_fmt, UNIT_COLUMNS)


commands = [sparql_cmd, export_cmd, stats_cmd]
