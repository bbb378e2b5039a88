"""Extraction: exact records on hand-written documents of every style, spans, corpus scores."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from extract.errors import ExtractError
from extract.pipeline import extract_text
from extract.textnorm import squash
from tests.conftest import DATA, SHARED

# data/testdocs: one document per style, written with the rules; data/heldout and data/blind:
# two more sets written by people who never read the extractor (see their READMEs).
TESTDOCS = sorted((DATA / "testdocs").glob("*.txt")) + sorted((DATA / "heldout").glob("*.txt")) \
    + sorted((DATA / "blind").glob("*.txt")) + sorted((DATA / "blind2").glob("*.txt"))


def _extract(path: Path):
    return extract_text(path.read_text(encoding="utf-8"), doc=path.stem)


def _pairs(rec_tasks) -> set[tuple[str, str, str]]:
    out = set()
    for t in rec_tasks:
        for u in t["units"] if isinstance(t, dict) else t.units:
            name, role = (u["name"], u["role"]) if isinstance(u, dict) else (u.name, u.role)
            path = t["path"] if isinstance(t, dict) else t.path
            out.add((path, squash(name), role))
    return out


# Misses the rules do not fix yet, kept visible (strict: a fix turns them into failures to update).
KNOWN_MISSES = {
}


@pytest.fixture(scope="module", params=TESTDOCS, ids=[p.stem for p in TESTDOCS])
def case(request):
    path = request.param
    expected = json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))
    return _extract(path), expected


@pytest.fixture(autouse=True)
def _known_misses(request):
    callspec = getattr(request.node, "callspec", None)
    if callspec and "case" in callspec.params:
        why = KNOWN_MISSES.get((Path(callspec.params["case"]).stem, request.node.originalname))
        if why:
            request.applymarker(pytest.mark.xfail(reason=why, strict=True))


def test_task_units_and_roles_exact(case):
    doc, expected = case
    optional = {p[:2] for p in _pairs([t for t in expected["tasks"] if t.get("optional")])}
    got = {p for p in _pairs(doc.tasks) if p[:2] not in optional}
    assert got == _pairs([t for t in expected["tasks"] if not t.get("optional")])


def test_targets_exact(case):
    doc, expected = case
    got = sorted((t.path, float(t.value), t.unit, t.comparator, t.year, t.value_max) for t in doc.targets)
    want = sorted((t["path"], float(t["value"]), t["unit"], t["comparator"], t["year"], t.get("value_max"))
                  for t in expected["targets"] if not t.get("optional"))
    optional = [(t["path"], float(t["value"]), t["unit"]) for t in expected["targets"] if t.get("optional")]
    got = [g for g in got if g[:3] not in optional]
    assert got == want


def test_people_exact(case):
    doc, expected = case
    got = {(p.name, p.group_role, tuple(squash(x) for x in p.positions)) for p in doc.people}
    want = {(p["name"], p["group_role"], tuple(squash(x) for x in p["positions"])) for p in expected["people"]}
    assert got == want


def test_references_exact(case):
    doc, expected = case
    assert {squash(r.title) for r in doc.references} == {squash(r) for r in expected["references"]}


def test_every_item_carries_its_span(case):
    doc, _ = case
    for t in doc.tasks:
        assert 0 <= t.start < t.end <= len(doc.text)
        for u in t.units:
            span = squash(doc.text[u.start:u.end])
            if t.table is None or span == squash(u.name):
                assert span == squash(u.name), (t.path, u.name)
            else:  # a box-table cell wrapped over lines: its characters in order, with other cells between
                it = iter(span)
                assert all(ch in it for ch in squash(u.name)), (t.path, u.name)
    for t in doc.targets:
        span = doc.text[t.start:t.end].strip()
        if not t.path.startswith("T") or span == t.text:
            assert span == t.text
        else:  # a table cell wrapped over lines: its characters in order, with other cells between
            it = iter(span)
            assert all(ch in it for ch in t.text) and span.startswith(t.text[0]) and span.endswith(t.text[-1])
    for r in doc.references:
        assert doc.text[r.start:r.end] == r.title


def test_metadata_of_a_notice():
    doc = _extract(DATA / "testdocs" / "metadata.txt")
    expected = json.loads((DATA / "testdocs" / "metadata.json").read_text(encoding="utf-8"))
    for key in ("doc_number", "date", "jurisdiction"):
        assert getattr(doc, key) == expected[key], key


def test_record_round_trips():
    doc = _extract(DATA / "sample" / "dongying_ip_2024.txt")
    from extract.model import Document

    again = Document.from_record(json.loads(json.dumps(doc.to_record(), ensure_ascii=False)))
    assert again == doc


def test_sample_finance_bureau_tasks():
    doc = _extract(DATA / "sample" / "dongying_ip_2024.txt")
    paths = sorted(t.path for t in doc.tasks if any(u.name == "区财政局" for u in t.units))
    assert paths == ["2.1.1", "2.2.3"]
    assert doc.jurisdiction == "东营区"


@pytest.mark.parametrize("text", ["", "   \n\n", "一、\n(一)", "《》《", "组 长:", "序号\n1\n", "(责任单位:)",
                                  "1.\n2.\n(牵头单位:;配合单位:)", "到2026年,达%以上", "\x00\x01"])
def test_degenerate_text_never_crashes(text):
    doc = extract_text(text, doc="x")
    assert doc.tasks == [] or all(t.units for t in doc.tasks)


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("一二三、(（)）1.2责任单位牵头配合负责:：;；,，。区局委镇街各等有关部门"
                                              "组长成员 \n《》到2026年达以上%家亿元序号|①")), max_size=300))
def test_random_policy_like_text_raises_nothing_but_our_error(text):
    try:
        doc = extract_text(text, doc="fuzz")
    except ExtractError:
        return
    for t in doc.tasks:
        for u in t.units:
            assert u.role in ("lead", "responsible", "cooperate")


def _scores(tmp_path: Path, corpus: Path, gold: Path) -> dict:
    for f in sorted(corpus.glob("*.txt")):
        rec = _extract(f).to_record()
        (tmp_path / f"{f.stem}.json").write_text(json.dumps(rec, ensure_ascii=False), encoding="utf-8")
    out = subprocess.run([sys.executable, str(SHARED / "eval" / "score.py"), "--gold-dir", str(gold),
                          "--pred-dir", str(tmp_path), "--json"], capture_output=True, text=True, check=True)
    return json.loads(out.stdout)["summary"]


def test_set2_scores_meet_the_bar(tmp_path, shared_set2):
    """Set 2 (31 documents from other places and styles; six of them were held back from rule writing):
    the bars are the figures README gives, so a rule that breaks a document of another style fails here."""
    s = _scores(tmp_path, *shared_set2)
    assert s["task_units"]["f1"] >= 0.98
    assert s["task_units"]["role_accuracy"] >= 0.98
    assert s["targets"]["f1"] >= 0.84
    assert s["people"]["f1"] >= 0.98
    assert s["references"]["f1"] >= 0.98


def test_corpus_scores_meet_the_bar(tmp_path, shared_corpus, gold_dir):
    for f in sorted(shared_corpus.glob("*.txt")):
        rec = _extract(f).to_record()
        (tmp_path / f"{f.stem}.json").write_text(json.dumps(rec, ensure_ascii=False), encoding="utf-8")
    out = subprocess.run([sys.executable, str(SHARED / "eval" / "score.py"), "--gold-dir", str(gold_dir),
                          "--pred-dir", str(tmp_path), "--json"], capture_output=True, text=True, check=True)
    s = json.loads(out.stdout)["summary"]
    assert s["task_units"]["f1"] >= 0.98
    assert s["task_units"]["role_accuracy"] >= 0.98
    assert s["targets"]["f1"] >= 0.90
    assert s["people"]["f1"] >= 0.98
    assert s["references"]["f1"] >= 0.98


def test_fresh_scores_meet_the_bar(tmp_path):
    """data/fresh: twenty documents written blind by other hands (six held back from rule writing); the bars
    are a little under README's figures, so a rule that breaks one of their styles fails here."""
    if not (SHARED / "eval" / "score.py").is_file():
        pytest.skip("../shared/eval/score.py is not here")
    s = _scores(tmp_path, DATA / "fresh" / "corpus", DATA / "fresh" / "gold")
    assert s["task_units"]["f1"] >= 0.98
    assert s["task_units"]["role_accuracy"] >= 0.98
    assert s["targets"]["f1"] >= 0.95
    assert s["people"]["f1"] >= 0.98
    assert s["references"]["f1"] >= 0.98
