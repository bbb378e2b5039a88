"""``kg due`` (督办: due dates, latest progress, traffic lights, 台账 and 通报) and ``kg due-link``."""
from __future__ import annotations

from datetime import date
from pathlib import Path

import click

from kg.cli.common import chosen_format, one_line_errors, output_options, print_rows
from kg.cli.store_options import open_from_options, store_options

LIGHT_CHOICES = ("overdue", "due_soon", "on_track", "done")


def _day(ctx, param, value: str | None) -> date:
    if not value:
        return date.today()
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"[E433] expected a date like 2024-10-20, got {value!r}") from None


@click.command("due")
@store_options
@click.option("--on", "on", callback=_day, default=None, metavar="YYYY-MM-DD",
              help="The day to judge on (default today); reports dated later are not taken.")
@click.option("--within", default=30, show_default=True, type=click.IntRange(0, 3650),
              help="Days ahead that count as 临期 (due soon).")
@click.option("--unit", default=None, help="Only tasks naming this unit (区财政局; 财政局 matches 区财政局).")
@click.option("--doc", "doc_id", default=None, help="Only tasks of this document id.")
@click.option("--jurisdiction", default=None, help="Only tasks of this jurisdiction (东营区).")
@click.option("--light", type=click.Choice(LIGHT_CHOICES), default=None,
              help="Only overdue (逾期) / due_soon (临期) / on_track (正常) / done (已完成) tasks.")
@click.option("--lagging", is_flag=True, help="Only tasks whose latest report says 滞后 or 未启动.")
@click.option("--xlsx", "xlsx", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Also write the 督办台账 as .xlsx to this file.")
@click.option("--notice", is_flag=True, help="Print a draft 督查通报 (overdue and lagging tasks by unit) instead.")
@output_options
@one_line_errors
def due_cmd(store, update_url, user, password, on, within, unit, doc_id, jurisdiction, light, lagging, xlsx, notice,
            fmt, as_json) -> None:
    """督办: per task its due date, latest reported status and sentence, and a traffic light.

    Lights: 逾期 overdue (past due, not done), 临期 due within --within days, 正常 on track, 已完成 done.
    A task's status is the latest progress report dated on or before --on (reports are linked to
    tasks when they are built; `kg due-link` relinks).

    Example:

        kg due --unit 区财政局 --on 2024-10-20 --xlsx 督办台账.xlsx

        kg due --light overdue --notice > 督查通报.txt
    """
    from kg.due import TABLE_COLUMNS, due_rows, notice_text, table_records, to_xlsx

    with open_from_options(store, update_url, user, password, read_only=True) as st:
        rows = due_rows(st, on, within=within, unit=unit, doc_id=doc_id, jurisdiction=jurisdiction, light=light,
                        lagging=lagging)
    if xlsx is not None:
        xlsx.write_bytes(to_xlsx(rows))
        click.echo(f"督办台账 ledger: {len(rows)} 行 rows → {xlsx}", err=True)
    if notice:
        click.echo(notice_text(rows, on))
        return
    fmt = chosen_format(fmt, as_json)
    if fmt == "json":
        print_rows([r.record() for r in rows], "json")
        return
    print_rows(table_records(rows), fmt, TABLE_COLUMNS)


@click.command("due-link")
@store_options
@one_line_errors
def due_link_cmd(store, update_url, user, password) -> None:
    """Link every progress report's items to the tasks they report on (one links graph per report).

    `kg build` does this after importing; run it after removing or replacing a plan.

    Example:

        kg due-link --store 图谱库
    """
    from kg.due import link_reports

    with open_from_options(store, update_url, user, password, read_only=False) as st:
        found = link_reports(st)
    for report, links in sorted(found.items()):
        click.echo(f"{report}: {len(links)} 项关联 links")
    if not found:
        click.echo("(库中没有进展报告 no progress reports in the store)")


commands = [due_cmd, due_link_cmd]
