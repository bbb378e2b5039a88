"""`kg extract` as a user meets it: output, files written, one-line errors, exit codes."""
from __future__ import annotations

import json

from click.testing import CliRunner

from kg.cli import main
from tests.conftest import SAMPLE


def run(*args):
    return CliRunner().invoke(main, list(map(str, args)))


def test_one_file_prints_the_record():
    r = run("extract", SAMPLE)
    assert r.exit_code == 0, r.output
    rec = json.loads(r.stdout)
    assert rec["doc"] == "dongying_ip_2024"
    assert {"tasks", "targets", "people", "references", "title"} <= set(rec)


def test_table_is_a_chinese_summary():
    r = run("extract", SAMPLE, "--table")
    assert r.exit_code == 0
    assert "任务 17 项" in r.output and "区财政局(责任)" in r.output


def test_several_files_need_out(tmp_path):
    r = run("extract", SAMPLE, SAMPLE)
    assert r.exit_code == 2 and "--out" in r.output


def test_bad_files_are_reported_and_others_still_written(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    binary = tmp_path / "blob.txt"
    binary.write_bytes(b"\x7fELF\x00\x01\x02" * 100)
    big = tmp_path / "big.txt"
    with open(big, "wb") as fh:
        fh.truncate(50 * 1024 * 1024)
    out = tmp_path / "out"
    r = CliRunner().invoke(main, ["extract", str(empty), str(binary), str(big), str(tmp_path / "missing.txt"),
                                  str(SAMPLE), "--out", str(out), "--jobs", "2"])
    assert r.exit_code == 1
    errors = [ln for ln in r.stderr.splitlines() if ln.startswith("Error:")]
    assert len(errors) == 4
    assert all("Traceback" not in ln for ln in r.output.splitlines())
    assert "empty.txt" in errors[0] and "big.txt" in errors[2] and "missing.txt" in errors[3]
    assert json.loads((out / "dongying_ip_2024.json").read_text(encoding="utf-8"))["tasks"]


def test_a_text_with_no_structure_is_refused(tmp_path):
    f = tmp_path / "prose.txt"
    f.write_text("今年以来,全区经济运行总体平稳,各项工作有序推进。\n", encoding="utf-8")
    r = run("extract", f)
    assert r.exit_code == 1
    assert "E121" in r.stderr and "prose.txt" in r.stderr
