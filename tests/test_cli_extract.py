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


# A quarterly progress table flattened one cell per line, its header words split (责任 / 科室): a layout
# the reader may not understand, but a policy document all the same (issue 11).
UNFAMILIAR = "湖滨乡重点工作二季度推进情况\n\n序号\n\n重点工作\n\n责任\n\n领导\n\n责任\n\n科室\n\n完成情况\n\n" \
             "一\n\n修缮村道\n\n乡村振兴办\n\n已完成\n"


def test_a_text_with_units_and_role_words_is_imported_with_a_warning(tmp_path):
    f = tmp_path / "progress.txt"
    f.write_text(UNFAMILIAR, encoding="utf-8")
    r = run("extract", f)
    assert r.exit_code == 0, r.output
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Warning: [W121]") and "progress.txt" in lines[0]
    rec = json.loads(r.stdout)
    assert rec["warnings"][0].startswith("[W121]")


def test_kg_build_imports_a_warned_file_and_says_so(tmp_path):
    f = tmp_path / "progress.txt"
    f.write_text(UNFAMILIAR, encoding="utf-8")
    r = run("build", f, "--store", tmp_path / "store", "-q")
    assert r.exit_code == 0, r.output
    assert "[W121]" in r.stderr and "文件 documents: 1" in r.stdout


def test_the_app_imports_a_warned_file_and_shows_why(tmp_path):
    from app.importer import import_bytes
    from kg.stores import open_store

    with open_store(tmp_path / "store") as st:
        res = import_bytes(st, "progress.txt", UNFAMILIAR.encode("utf-8"))
    assert res.ok and res.warning and "请核对" in res.warning
    assert res.row()["说明"] == res.warning


def test_output_cut_short_by_a_pipe_ends_quietly(sample_path, tmp_path):
    """kg ask … | head -1: no 'Broken pipe' error line when the reader stops early."""
    import subprocess
    import sys

    kg = f"{sys.executable} -c 'from kg.cli import main; main()'"
    store = tmp_path / "s"
    subprocess.run(f"{kg} build '{sample_path}' --store '{store}'", shell=True, check=True, capture_output=True)
    for _ in range(3):  # the race between the writer and head: a few tries
        p = subprocess.run(f"{kg} ask 区财政局负责哪些任务 --store '{store}' | head -1", shell=True,
                           capture_output=True, text=True)
        assert p.stdout and "Broken pipe" not in p.stderr and "Error" not in p.stderr, p.stderr
