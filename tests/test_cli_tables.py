"""CLI tables line up with Chinese in them (tabulate + wcwidth); default and relative store paths."""
from __future__ import annotations

import re

import pytest
from click.testing import CliRunner
from wcwidth import wcwidth

from kg.cli import main
from tests.kg_helpers import SAMPLE, extractor


def run(*args):
    return CliRunner().invoke(main, list(map(str, args)))


def cells(line: str) -> list[str]:
    """A line as terminal cells: a wide character fills two."""
    out: list[str] = []
    for ch in line:
        out.extend([ch] + ["\0"] * (max(wcwidth(ch), 1) - 1))
    return out


def assert_lines_up(table: str) -> None:
    lines = table.rstrip("\n").splitlines()
    rule = next(i for i, ln in enumerate(lines) if re.fullmatch(r"[- ]+", ln))
    gaps = [m.start() for m in re.finditer(r"(?<=-) {2}(?=-)", lines[rule])]
    assert gaps, table
    for ln in lines:
        c = cells(ln)
        for g in gaps:
            assert g >= len(c) or c[g] == " ", f"column boundary {g} cuts into: {ln!r}"


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    extractor()
    s = tmp_path_factory.mktemp("tables") / "store"
    assert run("build", SAMPLE, "--store", s, "-q").exit_code == 0
    return s


@pytest.mark.parametrize("args", [
    ("docs",),
    ("stats",),
    ("sparql", "tasks_of_unit", "-p", "unit=区财政局", "--format", "table"),
    ("due", "--on", "2024-10-20"),
])
def test_tables_with_chinese_columns_line_up(store, args):
    r = run(*args, "--store", store)
    assert r.exit_code == 0, r.output
    assert any("\u4e00" <= ch <= "\u9fff" for ch in r.stdout)
    assert_lines_up(r.stdout)


def test_a_long_cell_is_cut_to_the_table_width():
    from kg.cli.common import MAX_CELL_WIDTH, table_text

    text = table_text([{"任务": "落实" * 50, "n": 1}], ["任务", "n"])
    assert "…" in text and max(len(cells(ln)) for ln in text.splitlines()) <= MAX_CELL_WIDTH + 6


def test_relative_store_is_the_callers_and_the_default_keeps_its_place(tmp_path, monkeypatch):
    from kg.paths import default_store

    extractor()
    monkeypatch.chdir(tmp_path)
    assert run("build", SAMPLE, "--store", "图谱库", "-q").exit_code == 0
    assert (tmp_path / "图谱库").is_dir()
    monkeypatch.delenv("POLICYKG_STORE", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))  # Linux: where policykg has always kept it
    assert default_store() == tmp_path / "data" / "policykg" / "store"
    monkeypatch.setenv("POLICYKG_STORE", "图谱库")
    assert default_store().resolve() == (tmp_path / "图谱库").resolve()
