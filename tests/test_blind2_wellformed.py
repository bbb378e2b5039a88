"""The fourth (blind) set of test documents in data/blind2 is consistent with its expected records.

``data/blind2/NAME.txt`` are invented documents written without looking at the extractor, in styles the
three earlier sets lack (a web page with its chrome, a tab-separated 考核 table, a box table with a merged
cell, a member table with merged 职务 cells, a first-listed note after the tasks, ...). ``NAME.json`` is the
expected record in the gold format of ``../shared/eval/README.md``. The checks are those of
``test_blind_wellformed.py``, built on its helpers (its reading of the text: page numbers dropped, wrapped
lines and box cells rejoined), with documents allowed to run to 70 lines.
"""
from __future__ import annotations

import importlib.util
import json
import re
from collections import Counter
from datetime import date
from pathlib import Path

import pytest

import test_blind_wellformed as blind

BLIND2 = Path(__file__).resolve().parent.parent / "data" / "blind2"
NAMES = sorted(p.stem for p in BLIND2.glob("*.txt"))
TASK_KEYS = {"path", "heading", "units", "optional", "deadline"}
TARGET_KEYS = {"path", "metric", "value", "value_max", "unit", "comparator", "year", "text", "optional"}
PERSON_KEYS = {"name", "group_role", "org", "positions", "tasks"}
NOT_TARGET_UNITS = {"分", "年", "月", "日", "号", "条"}  # scores, dates, document and article numbers


def load(name: str) -> tuple[str, dict]:
    text = (BLIND2 / f"{name}.txt").read_text(encoding="utf-8")
    rec = json.loads((BLIND2 / f"{name}.json").read_text(encoding="utf-8"))
    return text, rec


def test_every_document_has_its_record_and_a_readme_line():
    jsons = sorted(p.stem for p in BLIND2.glob("*.json"))
    assert len(NAMES) >= 12 and NAMES == jsons
    readme = (BLIND2 / "README.md").read_text(encoding="utf-8")
    for name in NAMES:
        assert f"`{name}`" in readme, f"{name} is not described in data/blind2/README.md"


def test_reading_rejoins_tab_rows_and_merged_box_cells():
    """The helpers see through tabs and a box cell left open by a merged cell (or the checks pass vacuously)."""
    tab = "1\t新建高标准农田\t6\t县农业农村局、县财\n"
    assert "新建高标准农田6县农业农村局" in blind.reading(tab)
    box = ("├──┼──┤\n│区数│区公安分局、│\n│据局│区城管局    │\n"
           "├──┤    ├──┤\n│    │、区交通局  │\n└──┴──┘\n")
    flat = blind.reading(box)
    assert "区数据局" in flat and "区公安分局、区城管局" in flat


@pytest.mark.parametrize("name", NAMES)
def test_record_shape(name):
    text, rec = load(name)
    assert 15 <= len(text.splitlines()) <= 70
    for key, kind in {"doc": str, "title": str, "tasks": list, "targets": list, "people": list,
                      "references": list, "notes": str}.items():
        assert isinstance(rec.get(key), kind), f"{name}: {key} missing or not {kind.__name__}"
    assert rec["doc"] == name and rec["notes"].strip()
    for t in rec["tasks"]:
        assert set(t) <= TASK_KEYS, t
        assert blind.PATH_RE.match(t["path"]) and isinstance(t["heading"], str) and t["units"]
        names = [u["name"] for u in t["units"]]
        assert len(names) == len(set(names)), f"{name} {t['path']}: a unit twice"
        for u in t["units"]:
            assert set(u) == {"name", "role"} and u["role"] in blind.ROLES, u
    pairs = Counter((t["path"], u["name"]) for t in rec["tasks"] if not t.get("optional") for u in t["units"])
    twice = [p for p, n in pairs.items() if n > 1]
    assert not twice, f"{name}: (path, unit) written twice: {twice}"
    for t in rec["tasks"]:
        if t.get("optional"):
            assert not any((t["path"], u["name"]) in pairs for u in t["units"]), \
                f"{name} {t['path']}: an optional unit is also required"
    for g in rec["targets"]:
        assert set(g) <= TARGET_KEYS, g
        assert blind.PATH_RE.match(g["path"]) and g["metric"] and g["text"]
        assert isinstance(g["value"], (int, float)) and isinstance(g["unit"], str)
        assert g["comparator"] in blind.COMPARATORS
        assert g["year"] is None or isinstance(g["year"], int)
        assert ("value_max" in g) == (g["comparator"] == "range")
        if "value_max" in g:
            assert g["value_max"] > g["value"]
    paths = {t["path"] for t in rec["tasks"] if not t.get("optional")}
    for p in rec["people"]:
        assert set(p) <= PERSON_KEYS, p
        assert p["name"] == blind.squeeze(p["name"]) and p["group_role"]
        assert p["org"] is None or isinstance(p["org"], str)
        assert isinstance(p["positions"], list)
        assert set(p.get("tasks", [])) <= paths, f"{name}: {p['name']} leads a task not in the record"
    assert len({p["name"] for p in rec["people"]}) == len(rec["people"])
    assert all(isinstance(r, str) and r for r in rec["references"])
    assert len(rec["references"]) == len(set(rec["references"]))


@pytest.mark.parametrize("name", NAMES)
def test_everything_quoted_occurs_in_the_document(name):
    text, rec = load(name)
    flat = blind.reading(text)
    assert blind.squeeze(rec["title"]) in flat
    for t in rec["tasks"]:
        assert blind.squeeze(t["heading"]) in flat, f"{name} {t['path']}: heading not in text"
        if t.get("deadline"):
            assert blind.squeeze(t["deadline"]) in flat
        for u in t["units"]:
            assert u["name"] in flat, f"{name} {t['path']}: unit {u['name']} not in text"
            assert u["name"] not in blind.CATCH_ALLS
            assert not u["name"].endswith(blind.ROLE_TAILS), f"role word left in {u['name']}"
    for g in rec["targets"]:
        assert blind.squeeze(g["text"]) in flat, f"{name}: target text {g['text']!r} not in text"
        assert blind.fmt(g["value"]) in g["text"] and g["unit"] in g["text"]
        if "value_max" in g:
            assert blind.fmt(g["value_max"]) in g["text"]
        if g["year"] is not None:
            assert f"{g['year']}年" in flat
        run = blind.longest_common_run(g["metric"], g["text"])
        assert run >= 0.6 * min(len(g["metric"]), len(g["text"])), (name, g["metric"])
    for p in rec["people"]:
        assert p["name"] in flat and blind.squeeze(p["group_role"]) in flat
        for pos in p["positions"]:
            assert blind.squeeze(pos) in flat, f"{name}: position {pos} not in text"
        if p["org"]:
            assert p["org"] in flat
    for r in rec["references"]:
        assert f"《{blind.squeeze(r)}》" in flat, f"{name}: reference {r} not cited in 《》"


@pytest.mark.parametrize("name", NAMES)
def test_extra_fields_agree_with_the_text(name):
    text, rec = load(name)
    flat = blind.reading(text)
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
    """No unit keeps a role word, a label, or a catch-all with a jurisdiction prefix (省有关部门, 区级有关部门)."""
    for name in NAMES:
        _, rec = load(name)
        for t in rec["tasks"]:
            for u in t["units"]:
                assert not re.search(r"[（(](牵头|配合|负责)", u["name"]), (name, u["name"])
                assert not re.search(r"(单位|领导)[:：]", u["name"]), (name, u["name"])
                assert not re.search(r"(有关|相关)(部门|单位)$", u["name"]), (name, u["name"])


def test_scores_dates_and_numbers_are_not_targets():
    """Score weights (8分), dates and document/article numbers never appear as target units."""
    for name in NAMES:
        _, rec = load(name)
        for g in rec["targets"]:
            assert g["unit"] not in NOT_TARGET_UNITS, (name, g["text"])
            assert not re.search(r"\d+月(底|\d+日)?前", g["text"]), (name, g["text"])


def test_optional_items_are_explained_in_the_notes():
    """Every record with an optional task or target says why in its notes."""
    for name in NAMES:
        _, rec = load(name)
        if any(x.get("optional") for x in rec["tasks"] + rec["targets"]):
            assert "optional" in rec["notes"].lower(), name


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
