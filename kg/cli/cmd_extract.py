"""``kg extract``: files → Document records (JSON) or a readable summary."""
from __future__ import annotations

import json
import sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import click

from extract.errors import PolicyKGError
from kg.cli.common import error_line

from kg.roles import ROLE_ZH


def extract_one(path: str) -> tuple[str, dict | None, str | None]:
    """(path, record, error line): never raises, so a pool of workers can run it."""
    from extract.pipeline import extract_file

    try:
        return path, extract_file(path).to_record(), None
    except PolicyKGError as e:
        return path, None, error_line(path, e)
    except MemoryError:
        return path, None, error_line(path, "[E199] out of memory while extracting")
    except Exception as e:  # a bug must still be one line naming the file
        return path, None, error_line(path, f"[E199] internal error while extracting ({type(e).__name__}: {e})")


def run_all(paths: list[str], jobs: int):
    """Extract every path, in order, with ``jobs`` worker processes."""
    if jobs <= 1 or len(paths) <= 1:
        for p in paths:
            yield extract_one(p)
        return
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        yield from pool.map(extract_one, paths, chunksize=max(1, len(paths) // (jobs * 8)))


def summary_table(rec: dict) -> str:
    """A readable Chinese summary of one record."""
    out = [f"文件: {rec.get('doc')}", f"标题: {rec.get('title') or '(无)'}"]
    for key, label in (("doc_number", "发文字号"), ("issuer", "发文机关"), ("date", "日期"), ("jurisdiction", "辖区")):
        if rec.get(key):
            out.append(f"{label}: {rec[key]}")
    out.append(f"任务 {len(rec['tasks'])} 项, 目标 {len(rec['targets'])} 个, 人员 {len(rec['people'])} 人, "
               f"引用文件 {len(rec['references'])} 件")
    for t in rec["tasks"]:
        units = "、".join(f"{u['name']}({ROLE_ZH.get(u['role'], u['role'])})" for u in t["units"])
        due = f" [时限: {t['deadline']}]" if t.get("deadline") else ""
        out.append(f"  {t['path']:<8} {t['heading'][:30]}  → {units}{due}")
    for t in rec["targets"]:
        rng = f"-{t['value_max']}" if t.get("value_max") is not None else ""
        out.append(f"  目标 {t['path'] or '-'}: {t['metric']} {t['comparator']} {t['value']}{rng}{t['unit']}"
                   f" ({t['year'] or '无年份'})")
    for p in rec["people"]:
        out.append(f"  人员: {p['name']} {p['group_role']} {'、'.join(p['positions'])}")
    for r in rec["references"]:
        out.append(f"  引用: 《{r}》")
    return "\n".join(out)


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
    failed = 0
    for path, rec, err in run_all(list(files), jobs):
        if err:
            failed += 1
            click.echo(err, err=True)
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
