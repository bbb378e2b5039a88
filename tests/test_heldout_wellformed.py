"""The held-out test documents in data/heldout are consistent with their expected records.

``data/heldout/NAME.txt`` are harder invented documents (PDF text layers, box-drawn and .docx tables,
person labels in markers, ...) with ``NAME.json`` in the gold format of ``../shared/eval/README.md``.
The checks are those of ``test_testdocs_wellformed.py``, read through what a careful reader sees:
page-number lines dropped, wrapped lines and box-table cells rejoined. A typo in an expected
record fails here rather than as a false extractor bug.
"""
from __future__ import annotations

import importlib.util
import json
import re
from datetime import date
from pathlib import Path

import pytest

from test_testdocs_wellformed import (CATCH_ALLS, COMPARATORS, PATH_RE, ROLE_TAILS, ROLES, fmt,
                                      longest_common_run, squeeze)

HELDOUT = Path(__file__).resolve().parent.parent / "data" / "heldout"
NAMES = sorted(p.stem for p in HELDOUT.glob("*.txt"))

PAGE_NUMBER = re.compile(r"^\s*[—\-－–]\s*\d+\s*[—\-－–]\s*$")
BOX_ROW = re.compile(r"^│.*│$")
BOX_RULE = re.compile(r"^[┌├└]")


def load(name: str) -> tuple[str, dict]:
    text = (HELDOUT / f"{name}.txt").read_text(encoding="utf-8")
    rec = json.loads((HELDOUT / f"{name}.json").read_text(encoding="utf-8"))
    return text, rec


def box_cells(text: str) -> list[str]:
    """Each cell of a box-drawn table, its wrapped lines joined (a row ends at the next rule line)."""
    cells: list[str] = []
    block: list[list[str]] = []

    def flush() -> None:
        if block:
            cells.extend("".join(parts) for parts in zip(*block))
            block.clear()

    for line in text.splitlines():
        if BOX_ROW.match(line):
            block.append([c.strip() for c in line.strip("│").split("│")])
        elif BOX_RULE.match(line):
            flush()
    flush()
    return cells


def reading(text: str) -> str:
    """The text as a careful reader takes it: page numbers dropped, lines and table cells rejoined."""
    body = "\n".join(line for line in text.splitlines() if not PAGE_NUMBER.match(line))
    return squeeze(body) + "\n" + "\n".join(squeeze(c) for c in box_cells(text))


def test_every_document_has_its_record_and_a_readme_line():
    jsons = sorted(p.stem for p in HELDOUT.glob("*.json"))
    assert len(NAMES) >= 12 and NAMES == jsons
    readme = (HELDOUT / "README.md").read_text(encoding="utf-8")
    for name in NAMES:
        assert f"`{name}`" in readme, f"{name} is not described in data/heldout/README.md"


def test_reading_rejoins_wrapped_names():
    """The helpers see through PDF wraps and box cells (or the checks below would pass vacuously)."""
    pdf = "（责任单位：区工\n信局）\n— 3 —\n-4-\n"
    assert "区工信局" in reading(pdf) and "3" not in reading(pdf)
    box = "┌──┬──┐\n│县住房和│县财│\n│建设局  │政局│\n└──┴──┘\n"
    assert box_cells(box) == ["县住房和建设局", "县财政局"]


@pytest.mark.parametrize("name", NAMES)
def test_record_shape(name):
    text, rec = load(name)
    assert 10 <= len(text.splitlines()) <= 50
    for key, kind in {"doc": str, "title": str, "tasks": list, "targets": list, "people": list,
                      "references": list, "notes": str}.items():
        assert isinstance(rec.get(key), kind), f"{name}: {key} missing or not {kind.__name__}"
    assert rec["doc"] == name and rec["notes"].strip()
    for t in rec["tasks"]:
        assert set(t) <= {"path", "heading", "units", "optional", "deadline"}, t
        assert PATH_RE.match(t["path"]) and isinstance(t["heading"], str) and t["units"]
        names = [u["name"] for u in t["units"]]
        assert len(names) == len(set(names)), f"{name} {t['path']}: a unit twice"
        for u in t["units"]:
            assert set(u) == {"name", "role"} and u["role"] in ROLES, u
    required = [t["path"] for t in rec["tasks"] if not t.get("optional")]
    assert len(required) == len(set(required)), f"{name}: duplicate task path"
    for g in rec["targets"]:
        assert set(g) <= {"path", "metric", "value", "value_max", "unit", "comparator", "year",
                          "text", "optional"}, g
        assert PATH_RE.match(g["path"]) and g["metric"] and g["text"]
        assert isinstance(g["value"], (int, float)) and isinstance(g["unit"], str)
        assert g["comparator"] in COMPARATORS
        assert g["year"] is None or isinstance(g["year"], int)
        assert ("value_max" in g) == (g["comparator"] == "range")
        if "value_max" in g:
            assert g["value_max"] > g["value"]
    paths = set(required)
    for p in rec["people"]:
        assert set(p) <= {"name", "group_role", "org", "positions", "tasks"}, p
        assert p["name"] == squeeze(p["name"]) and p["group_role"]
        assert p["org"] is None or isinstance(p["org"], str)
        assert isinstance(p["positions"], list)
        assert set(p.get("tasks", [])) <= paths, f"{name}: {p['name']} leads a task not in the record"
    assert len({p["name"] for p in rec["people"]}) == len(rec["people"])
    assert all(isinstance(r, str) and r for r in rec["references"])
    assert len(rec["references"]) == len(set(rec["references"]))


@pytest.mark.parametrize("name", NAMES)
def test_everything_quoted_occurs_in_the_document(name):
    text, rec = load(name)
    flat = reading(text)
    assert squeeze(rec["title"]) in flat
    for t in rec["tasks"]:
        assert squeeze(t["heading"]) in flat, f"{name} {t['path']}: heading not in text"
        if t.get("deadline"):
            assert squeeze(t["deadline"]) in flat
        for u in t["units"]:
            assert u["name"] in flat, f"{name} {t['path']}: unit {u['name']} not in text"
            assert u["name"] not in CATCH_ALLS
            assert not u["name"].endswith(ROLE_TAILS), f"role word left in {u['name']}"
    for g in rec["targets"]:
        assert squeeze(g["text"]) in flat, f"{name}: target text {g['text']!r} not in text"
        assert fmt(g["value"]) in g["text"] and g["unit"] in g["text"]
        if "value_max" in g:
            assert fmt(g["value_max"]) in g["text"]
        if g["year"] is not None:
            assert f"{g['year']}年" in flat
        assert longest_common_run(g["metric"], g["text"]) >= 0.6 * min(len(g["metric"]), len(g["text"]))
    for p in rec["people"]:
        assert p["name"] in flat and squeeze(p["group_role"]) in flat
        for pos in p["positions"]:
            assert squeeze(pos) in flat, f"{name}: position {pos} not in text"
        if p["org"]:
            assert p["org"] in flat
    for r in rec["references"]:
        assert f"《{squeeze(r)}》" in flat, f"{name}: reference {r} not cited in 《》"


@pytest.mark.parametrize("name", NAMES)
def test_extra_fields_agree_with_the_text(name):
    text, rec = load(name)
    flat = reading(text)
    if rec.get("doc_number"):
        assert rec["doc_number"] in text
    if rec.get("date"):
        d = date.fromisoformat(rec["date"])
        assert f"{d.year}年{d.month}月{d.day}日" in flat
    people = {p["name"] for p in rec["people"]}
    for g in rec.get("groups", []):
        assert g["name"] in text and g["office"] in text
        assert g["office_director"] in people


def test_no_role_words_or_catch_alls_hide_in_unit_names():
    """Across the set, no unit keeps a bracketed role ((牵头), (配合单位)) or a label (主责单位)."""
    for name in NAMES:
        _, rec = load(name)
        for t in rec["tasks"]:
            for u in t["units"]:
                assert not re.search(r"[（(](牵头|配合|负责)", u["name"]), (name, u["name"])
                assert not re.search(r"(单位|领导)[:：]", u["name"]), (name, u["name"])


def test_records_score_perfectly_against_themselves(gold_dir):
    """The records are in the scorer's format: each scores F1 = 1 against itself."""
    spec = importlib.util.spec_from_file_location("policykg_eval_score", gold_dir.parent / "score.py")
    score = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(score)
    for name in NAMES:
        _, rec = load(name)
        result = score.score_doc(rec, rec)
        for part in ("task_units", "targets", "people", "references"):
            r = result[part]
            assert r["tp"] == r["gold"] and not r["missed"] and not r["spurious"], (name, part, r)
        assert result["task_units"]["role_ok"] == result["task_units"]["tp"]
        assert result["targets"]["comparator_ok"] == result["targets"]["tp"]
