"""``kg ask``: answer a Chinese question from the graph."""
from __future__ import annotations

import json

import click

from kg.cli.common import chosen_format, one_line_errors, output_options, print_rows
from kg.cli.store_options import open_from_options, store_options
from kg.roles import ROLE_ZH

ROW_COLUMNS = ("doc", "path", "heading", "role", "units", "source")
SOURCE_WIDTH = 80


def _flat(row: dict) -> dict:
    """A row for a table or CSV: units as one string, roles in Chinese."""
    out = dict(row)
    units = row.get("units")
    if isinstance(units, list):
        out["units"] = "、".join(f"{u['name']}({ROLE_ZH.get(u['role'], u['role'])})" if isinstance(u, dict)
                                else str(u) for u in units)
    if row.get("role") in ROLE_ZH:
        out["role"] = ROLE_ZH[row["role"]]
    return out


def _plain_columns(rows: list[dict]) -> list[str]:
    """The columns worth printing: no IRIs, no spans."""
    cols = []
    for k in rows[0]:
        values = [r.get(k) for r in rows]
        if k in ("start", "end") or all(isinstance(v, str) and v.startswith(("http://", "https://")) for v in values
                                        if v is not None):
            continue
        cols.append(k)
    return cols


@click.command("ask")
@click.argument("question")
@click.option("--sparql/--no-sparql", "show_sparql", default=True, show_default=True,
              help="Show the SPARQL behind the answer (table output).")
@store_options
@output_options
@one_line_errors
def ask_cmd(question, show_sparql, store, update_url, user, password, fmt, as_json) -> None:
    """Answer a question in Chinese: the answer, its source sentences and the SPARQL used.

    A name meaning several units gets a question back; a question that cannot be mapped
    gets "未能理解" with example questions. --json prints the eval format
    ({"answers": [{kind, key, label, doc}], "sparql": …} plus answer_text, rows, clarify …).

    Example:

        kg ask "区财政局负责哪些任务?" --store 图谱库

        kg ask "到2026年高新技术企业要达到多少家" --store 图谱库 --json
    """
    from kg.ask import ask

    out_fmt = chosen_format(fmt, as_json)
    st = open_from_options(store, update_url, user, password, read_only=True)
    try:
        answer = ask(st, question)
    finally:
        st.close()
    if out_fmt == "json":
        click.echo(json.dumps(answer.to_json(), ensure_ascii=False, indent=1, default=str))
        return
    rows = [_flat(r) for r in answer.rows]
    if out_fmt in ("csv", "tsv"):
        if rows and any("heading" in r and "source" in r for r in rows):
            cols = list(ROW_COLUMNS)
        else:
            cols = _plain_columns(rows) if rows else ["answer"]
            rows = rows or [{"answer": answer.text}]
        print_rows(rows, out_fmt, cols)
        return
    click.echo(answer.text)
    for c in answer.clarify:
        click.echo(f"  · {c['label']}: {c['question']}")
    if rows and any("heading" in r and "source" in r for r in rows):
        click.echo("")
        shown = [{**r, "source": (r.get("source") or "")[:SOURCE_WIDTH]} for r in rows]
        print_rows(shown, "table", [c for c in ROW_COLUMNS if c != "role" or any(r.get("role") for r in rows)])
    elif rows:
        click.echo("")
        print_rows(rows, "table", _plain_columns(rows))
    if show_sparql and answer.sparql:
        click.echo("\nSPARQL:")
        click.echo(answer.sparql)


commands = [ask_cmd]
