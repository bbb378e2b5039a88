"""The blind test documents in data/blind are consistent with their expected records.

``data/blind/NAME.txt`` are a third set of invented documents, written without looking at the extractor,
with ``NAME.json`` in the gold format of ``../shared/eval/README.md``. The checks are those of
``test_heldout_wellformed.py`` (its reading of the text: page numbers dropped, wrapped lines and box cells
rejoined), with two differences the set needs: documents may run to 60 lines, and a path may name two
required tasks (an appendix whose numbering restarts) as long as no (path, unit) pair is written twice.
"""
from __future__ import annotations

import importlib.util
import json
import re
from collections import Counter
from datetime import date
from pathlib import Path

import pytest

from test_heldout_wellformed import reading
from test_testdocs_wellformed import (CATCH_ALLS, COMPARATORS, PATH_RE, ROLE_TAILS, ROLES, fmt,
                                      longest_common_run, squeeze)

BLIND = Path(__file__).resolve().parent.parent / "data" / "blind"
NAMES = sorted(p.stem for p in BLIND.glob("*.txt"))


def load(name: str) -> tuple[str, dict]:
    text = (BLIND / f"{name}.txt").read_text(encoding="utf-8")
    rec = json.loads((BLIND / f"{name}.json").read_text(encoding="utf-8"))
    return text, rec


def test_every_document_has_its_record_and_a_readme_line():
    jsons = sorted(p.stem for p in BLIND.glob("*.json"))
    assert len(NAMES) >= 12 and NAMES == jsons
    readme = (BLIND / "README.md").read_text(encoding="utf-8")
    for name in NAMES:
        assert f"`{name}`" in readme, f"{name} is not described in data/blind/README.md"


@pytest.mark.parametrize("name", NAMES)
def test_record_shape(name):
    text, rec = load(name)
    assert 15 <= len(text.splitlines()) <= 60
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
    pairs = Counter((t["path"], u["name"]) for t in rec["tasks"] if not t.get("optional") for u in t["units"])
    twice = [p for p, n in pairs.items() if n > 1]
    assert not twice, f"{name}: (path, unit) written twice: {twice}"
    for t in rec["tasks"]:
        if t.get("optional"):
            assert not any((t["path"], u["name"]) in pairs for u in t["units"]), \
                f"{name} {t['path']}: an optional unit is also required"
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
    paths = {t["path"] for t in rec["tasks"] if not t.get("optional")}
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


def test_people_named_as_leaving_the_group_are_not_members():
    """A person the notice removes from the group (X同志不再担任…成员) is not in the record."""
    seen = set()
    for name in NAMES:
        text, rec = load(name)
        gone = set()
        for m in re.finditer(r"((?:[\u4e00-\u9fff]{2,4}同志、?)+)不再担任", text):
            gone |= set(re.findall(r"([\u4e00-\u9fff]{2,4})同志", m.group(1)))
        assert not gone & {p["name"] for p in rec["people"]}, (name, gone)
        seen |= gone
    assert len(seen) >= 2, "no document names a person leaving its group"


def test_no_role_words_or_catch_alls_hide_in_unit_names():
    """No unit keeps a bracketed role ((牵头), (配合单位)) or a label (责任单位：), in either script."""
    for name in NAMES:
        _, rec = load(name)
        for t in rec["tasks"]:
            for u in t["units"]:
                assert not re.search(r"[（(](牵头|牽頭|配合|负责|負責)", u["name"]), (name, u["name"])
                assert not re.search(r"(单位|單位|领导|領導)[:：]", u["name"]), (name, u["name"])
                assert not u["name"].endswith(("牽頭", "負責", "有關部門")), (name, u["name"])


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
