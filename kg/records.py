"""Document records from files (in worker processes for many), and a readable Chinese summary of one.

What ``kg extract`` does; the CLI only chooses where the records go.
"""
from __future__ import annotations

from concurrent.futures import ProcessPoolExecutor
from typing import Iterator

from extract.errors import PolicyKGError
from kg.roles import ROLE_ZH

__all__ = ["extract_many", "extract_one", "summary_table"]


def extract_one(path: str) -> tuple[str, dict | None, str | None]:
    """(path, record, coded error message): never raises, so a pool of workers can run it."""
    from extract.pipeline import extract_file

    try:
        return path, extract_file(path).to_record(), None
    except PolicyKGError as e:
        return path, None, str(e)
    except MemoryError:
        return path, None, "[E199] out of memory while extracting"
    except Exception as e:  # noqa: BLE001 - a bug must still be one line naming the file
        return path, None, f"[E199] internal error while extracting ({type(e).__name__}: {e})"


def extract_many(paths: list[str], jobs: int = 1) -> Iterator[tuple[str, dict | None, str | None]]:
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
