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
    widths = {c: max(_width(c), *(_width(str(r.get(c) or "")) for r in rows)) for c in cols}
    widths = {c: min(w, 60) for c, w in widths.items()}
    click.echo("  ".join(_pad(c, widths[c]) for c in cols))
    for r in rows:
        click.echo("  ".join(_pad(str(r.get(c) if r.get(c) is not None else ""), widths[c]) for c in cols))


def _width(s: str) -> int:
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in s)


def _pad(s: str, width: int) -> str:
    out, w = "", 0
    for ch in s:
        cw = 2 if ord(ch) > 0x2E80 else 1
        if w + cw > width:
            break
        out, w = out + ch, w + cw
    return out + " " * (width - w)


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
