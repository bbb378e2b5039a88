"""The hand-written test documents in data/testdocs are consistent with their expected records.

Each ``data/testdocs/NAME.txt`` has ``NAME.json`` in the gold format of ``../shared/eval/README.md``
(plus ``doc``, ``notes`` and a few extra fields). These tests check that every record is well formed
and that everything it quotes (units, headings, target texts, people, references) occurs in its text,
so a typo in an expected record fails here rather than as a false extractor bug.
"""
from __future__ import annotations

import importlib.util
import json
import re
from datetime import date
from pathlib import Path

import pytest

TESTDOCS = Path(__file__).resolve().parent.parent / "data" / "testdocs"
NAMES = sorted(p.stem for p in TESTDOCS.glob("*.txt"))

ROLES = {"lead", "responsible", "cooperate"}
COMPARATORS = {">=", "<=", ">", "<", "=", "≈", "range"}
# README: vague catch-alls are not units; role words are stripped from names
CATCH_ALLS = {"有关部门", "相关部门", "有关单位", "各有关部门", "各相关单位", "有关部门和单位", "相关单位"}
ROLE_TAILS = ("牵头", "负责", "配合", "参与", "协同", "按职责分工负责", "等")
PATH_RE = re.compile(r"^(|\d+(\.\d+)*|T\d+(\.\d+)?)$")
TOP_KEYS = {"doc": str, "title": str, "tasks": list, "targets": list, "people": list,
            "references": list, "notes": str}


def load(name: str) -> tuple[str, dict]:
    text = (TESTDOCS / f"{name}.txt").read_text(encoding="utf-8")
    rec = json.loads((TESTDOCS / f"{name}.json").read_text(encoding="utf-8"))
    return text, rec


def squeeze(s: str) -> str:
    """Drop all whitespace (names and headings may be padded or wrapped in the text)."""
    return re.sub(r"\s+", "", s)


def fmt(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else str(x)


def longest_common_run(a: str, b: str) -> int:
    best = 0
    for i in range(len(a)):
        for j in range(i + best + 1, len(a) + 1):
            if a[i:j] in b:
                best = j - i
            else:
                break
    return best


def test_every_document_has_its_record_and_a_readme_line():
    jsons = sorted(p.stem for p in TESTDOCS.glob("*.json"))
    assert NAMES and NAMES == jsons
    readme = (TESTDOCS / "README.md").read_text(encoding="utf-8")
    for name in NAMES:
        assert f"`{name}`" in readme, f"{name} is not described in data/testdocs/README.md"


@pytest.mark.parametrize("name", NAMES)
def test_record_shape(name):
    text, rec = load(name)
    assert 10 <= len(text.splitlines()) <= 60
    for key, kind in TOP_KEYS.items():
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
    for p in rec["people"]:
        assert set(p) == {"name", "group_role", "org", "positions"}, p
        assert p["name"] == squeeze(p["name"]) and p["group_role"]
        assert p["org"] is None or isinstance(p["org"], str)
        assert isinstance(p["positions"], list)
    assert all(isinstance(r, str) and r for r in rec["references"])
    assert len(rec["references"]) == len(set(rec["references"]))


@pytest.mark.parametrize("name", NAMES)
def test_everything_quoted_occurs_in_the_document(name):
    text, rec = load(name)
    flat = squeeze(text)
    assert squeeze(rec["title"]) in flat
    for t in rec["tasks"]:
        assert squeeze(t["heading"]) in flat, f"{name} {t['path']}: heading not in text"
        if t.get("deadline"):
            assert t["deadline"] in text
        for u in t["units"]:
            assert u["name"] in text, f"{name} {t['path']}: unit {u['name']} not in text"
            assert u["name"] not in CATCH_ALLS
            assert not u["name"].endswith(ROLE_TAILS), f"role word left in {u['name']}"
    for g in rec["targets"]:
        assert g["text"] in text, f"{name}: target text {g['text']!r} not in text"
        assert fmt(g["value"]) in g["text"] and g["unit"] in g["text"]
        if "value_max" in g:
            assert fmt(g["value_max"]) in g["text"]
        if g["year"] is not None:
            assert f"{g['year']}年" in text
        # the metric is named from the text (scorer: a shared run of >= 60% of the shorter)
        assert longest_common_run(g["metric"], g["text"]) >= 0.6 * min(len(g["metric"]), len(g["text"]))
    for p in rec["people"]:
        assert p["name"] in flat and squeeze(p["group_role"]) in flat
        for pos in p["positions"]:
            assert squeeze(pos) in flat, f"{name}: position {pos} not in text"
        if p["org"]:
            assert p["org"] in text
    for r in rec["references"]:
        assert f"《{r}》" in text, f"{name}: reference {r} not cited in 《》"


@pytest.mark.parametrize("name", NAMES)
def test_extra_fields_agree_with_the_text(name):
    text, rec = load(name)
    for key in ("doc_number", "issuer", "jurisdiction"):
        if rec.get(key):
            assert rec[key] in text
    if rec.get("date"):
        d = date.fromisoformat(rec["date"])
        assert f"{d.year}年{d.month}月{d.day}日" in text
    if rec.get("parts"):
        n = len(text.splitlines())
        spans = [p["lines"] for p in rec["parts"]]
        assert spans[0][0] == 1 and spans[-1][1] == n
        assert all(a[1] + 1 == b[0] for a, b in zip(spans, spans[1:]))
    people = {p["name"] for p in rec["people"]}
    for g in rec.get("groups", []):
        assert g["name"] in text and g["office"] in text
        assert g["office_director"] in people


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
