"""What every subcommand shares: output flags and one-line errors."""
from __future__ import annotations

import csv
import functools
import os
import io
import json
import re
import sys
from pathlib import Path
from typing import Any, Callable, Iterable

import click

from extract.errors import PolicyKGError

OUTPUT_FORMATS = ("table", "json", "csv", "tsv")


def output_options(fn: Callable) -> Callable:
    """Add ``--format table|json|csv|tsv`` (and ``--json`` as a shorthand)."""
    fn = click.option("--json", "as_json", is_flag=True, help="Same as --format json.")(fn)
    fn = click.option("--format", "fmt", type=click.Choice(OUTPUT_FORMATS), default="table",
                      show_default=True, help="Output format.")(fn)
    return fn


def chosen_format(fmt: str, as_json: bool) -> str:
    return "json" if as_json else fmt


def print_rows(rows: list[dict[str, Any]], fmt: str, columns: Iterable[str] | None = None) -> None:
    """Print rows (dicts) as a table, JSON, CSV or TSV on stdout."""
    cols = list(columns) if columns is not None else (list(rows[0]) if rows else [])
    if fmt == "json":
        click.echo(json.dumps(rows, ensure_ascii=False, indent=1))
        return
    if fmt in ("csv", "tsv"):
        buf = io.StringIO()
        writer = csv.DictWriter(buf, fieldnames=cols, delimiter="," if fmt == "csv" else "\t",
                                extrasaction="ignore", lineterminator="\n")
        writer.writeheader()
        for r in rows:
            writer.writerow({k: "" if r.get(k) is None else r.get(k) for k in cols})
        click.echo(buf.getvalue(), nl=False)
        return
    if not rows:
        click.echo("(无结果 no rows)")
        return
    click.echo(table_text(rows, cols))


#: a table cell is cut to this many terminal columns (a Chinese character is two)
MAX_CELL_WIDTH = 60


def table_text(rows: list[dict[str, Any]], columns: list[str], max_width: int = MAX_CELL_WIDTH) -> str:
    """Rows as a plain-text table whose columns line up in a terminal, Chinese included.

    tabulate measures cells with wcwidth when it is installed (a Chinese character takes two
    columns); long cells are cut to ``max_width`` columns with ``…``.

    >>> print(table_text([{"单位": "区财政局", "任务": 3}, {"单位": "ab", "任务": 12}], ["单位", "任务"]))
    单位        任务
    --------  ------
    区财政局       3
    ab            12
    """
    from tabulate import tabulate

    body = [[_cut(r.get(c), max_width) for c in columns] for r in rows]
    numeric = [all(isinstance(row[i], (int, float)) and not isinstance(row[i], bool) for row in body if row[i] != "")
               and any(row[i] != "" for row in body) for i in range(len(columns))]
    # numbers are right-aligned; text (ids like 2.10 too) is shown exactly as it is
    return tabulate(body, headers=columns, tablefmt="simple", disable_numparse=True,
                    colalign=["right" if n else "left" for n in numeric])


def _cut(value: Any, width: int) -> Any:
    """A cell's value, its text cut to ``width`` terminal columns (numbers stay numbers)."""
    from wcwidth import wcswidth, wcwidth

    if value is None:
        return ""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return value
    text = " ".join(str(value).split("\n"))
    if wcswidth(text) <= width:
        return text
    out, used = "", 0
    for ch in text:
        w = max(wcwidth(ch), 0)
        if used + w > width - 1:
            break
        out, used = out + ch, used + w
    return out + "…"


def one_line_errors(fn: Callable) -> Callable:
    """Turn the project's errors (and a few OS ones) into ``Error: ...`` and exit 1."""
    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except PolicyKGError as e:
            raise click.ClickException(str(e)) from None
        except BrokenPipeError:  # kg ask … | head: the reader has what it wanted; end quietly
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            sys.exit(0)
        except OSError as e:
            raise click.ClickException(f"[E001] {e.strerror or e}: {getattr(e, 'filename', '') or ''}") from None
        except KeyboardInterrupt:
            click.echo("interrupted", err=True)
            sys.exit(130)
    return wrapper


_CODED = re.compile(r"^\[(E\d+)\]\s*(.*)$", re.S)


def error_line(path: str, err: object) -> str:
    """One error line for a file, as README shows: ``Error: [Ennn] FILE: what is wrong; what to do``.

    The file is named once, as the user gave it (a message that starts with the file's name
    gets the path in its place).

    >>> error_line("in/a.txt", "[E102] a.txt: no such file; check the path")
    'Error: [E102] in/a.txt: no such file; check the path'
    >>> error_line("in/a.txt", "[E306] writing https://x failed")
    'Error: [E306] in/a.txt: writing https://x failed'
    """
    text = " ".join(str(err).split("\n"))
    m = _CODED.match(text)
    code, msg = (m.group(1), m.group(2)) if m else ("E199", text)
    for name in (path, Path(path).name):
        if msg.startswith(name + ": "):
            msg = msg[len(name) + 2:]
            break
    return f"Error: [{code}] {path}: {msg}"
