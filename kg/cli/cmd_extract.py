"""``kg extract``: files → Document records (JSON) or a readable summary."""
from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from kg.cli.common import error_line


@click.command("extract")
@click.argument("files", nargs=-1, required=True)
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path),
              help="Write DIR/<file stem>.json for each file.")
@click.option("--json", "as_json", is_flag=True, help="Print the JSON record (the default for one file).")
@click.option("--table", "as_table", is_flag=True, help="Print a readable Chinese summary instead.")
@click.option("--jobs", "-j", default=1, show_default=True, type=click.IntRange(1, 64),
              help="Worker processes for many files.")
def extract_cmd(files: tuple[str, ...], out_dir: Path | None, as_json: bool, as_table: bool, jobs: int) -> None:
    """Extract tasks, units and roles, targets, people and references from policy documents.

    One file prints its record on stdout; several files (or --out DIR) write
    DIR/<stem>.json each. A bad file is reported as one line on stderr and the
    others are still processed; the exit code is 1 if any failed. A file whose
    layout is not understood but that names units with role words is still
    written, with a one-line warning ([W121]) on stderr.

    Example:

        kg extract 东营区方案.txt --table

        kg extract data/sample/*.txt --out out/ --jobs 2
    """
    if as_json and as_table:
        raise click.UsageError("choose one of --json and --table")
    if len(files) > 1 and out_dir is None and not as_table:
        raise click.UsageError("several files need --out DIR (or --table)")
    if out_dir is not None:
        try:
            out_dir.mkdir(parents=True, exist_ok=True)
        except OSError as e:
            raise click.ClickException(f"[E001] cannot create {out_dir}: {e.strerror}") from None
    from kg.records import extract_many, summary_table

    failed = 0
    for path, rec, err in extract_many(list(files), jobs):
        if err:
            failed += 1
            click.echo(error_line(path, err), err=True)
            continue
        for warning in rec.get("warnings", []):
            click.echo(f"Warning: {warning}", err=True)
        if out_dir is not None:
            target = out_dir / f"{Path(path).stem}.json"
            target.write_text(json.dumps(rec, ensure_ascii=False, indent=1), encoding="utf-8")
            if as_table:
                click.echo(summary_table(rec))
        elif as_table:
            click.echo(summary_table(rec))
        else:
            click.echo(json.dumps(rec, ensure_ascii=False, indent=1))
    if failed:
        sys.exit(1)


commands = [extract_cmd]
