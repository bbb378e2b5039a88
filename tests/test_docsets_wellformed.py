"""The hand-written test documents in data/ are consistent with their expected records.

Each ``data/SET/NAME.txt`` has ``NAME.json`` in the gold format of ``../shared/eval/README.md`` (plus
``doc``, ``notes`` and a few extra fields). These tests check that every record is well formed and that
everything it quotes (units, headings, target texts, people, references) occurs in its text, so a typo in
an expected record fails here rather than as a false extractor bug. There are four sets:

* ``testdocs``: the first, plain documents; quoted strings must stand in the raw text as written.
* ``heldout``: harder invented documents (PDF text layers, box-drawn and .docx tables, person labels in
  markers, ...), read as a careful reader sees them: page-number lines dropped, wrapped lines and
  box-table cells rejoined.
* ``blind``: a third set, written without looking at the extractor and read like ``heldout``; documents
  may run to 60 lines, and a path may name two required tasks (an appendix whose numbering restarts) as
  long as no (path, unit) pair is written twice.
* ``blind2``: a fourth blind set in styles the others lack (a web page with its chrome, a tab-separated
  考核 table, a box table with a merged cell, a member table with merged 职务 cells, a first-listed note
  after the tasks, ...), read like ``blind``, with documents allowed to run to 70 lines.

What differs between the sets is data in one ``DocSet`` record per set; the checks are shared.
"""
from __future__ import annotations

import functools
import importlib.util
import json
import re
from collections import Counter
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from types import ModuleType
from typing import Any, Callable

import pytest

DATA = Path(__file__).resolve().parent.parent / "data"

ROLES = {"lead", "responsible", "cooperate"}
COMPARATORS = {">=", "<=", ">", "<", "=", "≈", "range"}
# README: vague catch-alls are not units; role words are stripped from names
CATCH_ALLS = {"有关部门", "相关部门", "有关单位", "各有关部门", "各相关单位", "有关部门和单位", "相关单位"}
# a round count may be written as one character (建成百个, 培育千家, 集聚万名): the value is the number it stands for
ROUND_COUNTS = {"百": 100, "千": 1000, "万": 10000}
ROLE_TAILS = ("牵头", "负责", "配合", "参与", "协同", "按职责分工负责", "等")
PATH_RE = re.compile(r"^(|\d+(\.\d+)*|T\d+(\.\d+)?)$")
TOP_KEYS = {"doc": str, "title": str, "tasks": list, "targets": list, "people": list,
            "references": list, "notes": str}
TASK_KEYS = {"path", "heading", "units", "optional", "deadline"}
TARGET_KEYS = {"path", "metric", "value", "value_max", "unit", "comparator", "year", "text", "optional"}
PERSON_KEYS = {"name", "group_role", "org", "positions"}
NOT_TARGET_UNITS = {"分", "年", "月", "日", "号", "条"}  # scores, dates, document and article numbers
DEADLINE_PHRASE = re.compile(r"\d+月(底|\d+日)?前")
LEAVING = re.compile(r"((?:[\u4e00-\u9fff]{2,4}同志、?)+)不再担任")

# patterns no unit name may match (a bracketed role, a label, a prefixed catch-all)
BRACKETED_ROLE = r"[（(](牵头|配合|负责)"
LABEL = r"(单位|领导)[:：]"

PAGE_NUMBER = re.compile(r"^\s*[—\-－–]\s*\d+\s*[—\-－–]\s*$")
BOX_ROW = re.compile(r"^│.*│$")
BOX_RULE = re.compile(r"^[┌├└]")


def squeeze(s: str) -> str:
    """Drop all whitespace (names and headings may be padded or wrapped in the text)."""
    return re.sub(r"\s+", "", s)


def fmt(x: float) -> str:
    """A number as a text writes it: 5 rather than 5.0."""
    return str(int(x)) if float(x).is_integer() else str(x)


def longest_common_run(a: str, b: str) -> int:
    """Length of the longest substring of ``a`` that occurs in ``b``."""
    best = 0
    for i in range(len(a)):
        for j in range(i + best + 1, len(a) + 1):
            if a[i:j] in b:
                best = j - i
            else:
                break
    return best


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


@dataclass(frozen=True)
class DocSet:
    """One set of test documents and what is particular to it."""

    name: str
    directory: Path
    lines: tuple[int, int]  # least and most lines a document may have
    min_docs: int = 12
    rejoin: bool = True  # read through page numbers, wrapped lines and box cells (else: raw text)
    shared_paths: bool = False  # a path may name two required tasks, each (path, unit) at most once
    person_tasks: bool = True  # a person may list the task paths they lead ("tasks")
    unit_name_bans: tuple[str, ...] = ()  # regexes no unit name may match
    min_leavers: int | None = None  # people leaving the group: none in the record, this many named in the set
    no_score_or_date_targets: bool = False  # no target in 分/年/号/条..., none a deadline (6月底前)
    optional_noted: bool = False  # a record with an optional task or target says why in its notes

    @property
    def names(self) -> list[str]:
        return sorted(p.stem for p in self.directory.glob("*.txt"))

    def load(self, name: str) -> tuple[str, dict[str, Any]]:
        text = (self.directory / f"{name}.txt").read_text(encoding="utf-8")
        rec = json.loads((self.directory / f"{name}.json").read_text(encoding="utf-8"))
        return text, rec

    def read(self, text: str) -> str:
        """The whitespace-free text that squeezed quotes (titles, headings, people) are looked up in."""
        return reading(text) if self.rejoin else squeeze(text)

    def body(self, text: str) -> str:
        """The text that quotes kept as written (units, target texts, dates) are looked up in."""
        return reading(text) if self.rejoin else text

    def quote(self, s: str) -> str:
        """A quote as looked up in ``body``: squeezed when the set is read rejoined, else as written."""
        return squeeze(s) if self.rejoin else s


SETS = [
    DocSet("testdocs", DATA / "testdocs", lines=(10, 60), min_docs=1, rejoin=False, person_tasks=False),
    DocSet("heldout", DATA / "heldout", lines=(10, 50), unit_name_bans=(BRACKETED_ROLE, LABEL)),
    DocSet("blind", DATA / "blind", lines=(15, 60), shared_paths=True, min_leavers=2,
           unit_name_bans=(r"[（(](牵头|牽頭|配合|负责|負責)", r"(单位|單位|领导|領導)[:：]",
                           r"(牽頭|負責|有關部門)$")),  # either script
    DocSet("blind2", DATA / "blind2", lines=(15, 70), shared_paths=True,
           unit_name_bans=(BRACKETED_ROLE, LABEL, r"(有关|相关)(部门|单位)$"),  # 省有关部门, 区级有关部门
           no_score_or_date_targets=True, optional_noted=True),
]


def each_set(want: Callable[[DocSet], object] = lambda ds: True) -> list[Any]:
    """One param per set that ``want`` picks, with the set's name as id."""
    return [pytest.param(ds, id=ds.name) for ds in SETS if want(ds)]


def each_doc(want: Callable[[DocSet], object] = lambda ds: True) -> list[Any]:
    """One (set, document name) param per document of the sets ``want`` picks, with id ``set-name``."""
    return [pytest.param(ds, name, id=f"{ds.name}-{name}") for ds in SETS if want(ds) for name in ds.names]


@functools.cache
def scorer(path: Path) -> ModuleType:
    """The eval kit's score.py, loaded once."""
    spec = importlib.util.spec_from_file_location("policykg_eval_score", path)
    assert spec and spec.loader
    score = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(score)
    return score


def test_reading_rejoins_wrapped_names() -> None:
    """The helpers see through PDF wraps and box cells (or the checks below would pass vacuously)."""
    pdf = "（责任单位：区工\n信局）\n— 3 —\n-4-\n"
    assert "区工信局" in reading(pdf) and "3" not in reading(pdf)
    box = "┌──┬──┐\n│县住房和│县财│\n│建设局  │政局│\n└──┴──┘\n"
    assert box_cells(box) == ["县住房和建设局", "县财政局"]


def test_reading_rejoins_tab_rows_and_merged_box_cells() -> None:
    """The helpers see through tabs and a box cell left open by a merged cell (or the checks pass vacuously)."""
    tab = "1\t新建高标准农田\t6\t县农业农村局、县财\n"
    assert "新建高标准农田6县农业农村局" in reading(tab)
    box = ("├──┼──┤\n│区数│区公安分局、│\n│据局│区城管局    │\n"
           "├──┤    ├──┤\n│    │、区交通局  │\n└──┴──┘\n")
    flat = reading(box)
    assert "区数据局" in flat and "区公安分局、区城管局" in flat


@pytest.mark.parametrize("ds", each_set())
def test_every_document_has_its_record_and_a_readme_line(ds: DocSet) -> None:
    names = ds.names
    jsons = sorted(p.stem for p in ds.directory.glob("*.json"))
    assert len(names) >= ds.min_docs and names == jsons
    readme = (ds.directory / "README.md").read_text(encoding="utf-8")
    for name in names:
        assert f"`{name}`" in readme, f"{name} is not described in data/{ds.name}/README.md"


@pytest.mark.parametrize("ds, name", each_doc())
def test_record_shape(ds: DocSet, name: str) -> None:
    text, rec = ds.load(name)
    least, most = ds.lines
    assert least <= len(text.splitlines()) <= most
    for key, kind in TOP_KEYS.items():
        assert isinstance(rec.get(key), kind), f"{name}: {key} missing or not {kind.__name__}"
    assert rec["doc"] == name and rec["notes"].strip()
    for t in rec["tasks"]:
        assert set(t) <= TASK_KEYS, t
        assert PATH_RE.match(t["path"]) and isinstance(t["heading"], str) and t["units"]
        names = [u["name"] for u in t["units"]]
        assert len(names) == len(set(names)), f"{name} {t['path']}: a unit twice"
        for u in t["units"]:
            assert set(u) == {"name", "role"} and u["role"] in ROLES, u
    required = [t["path"] for t in rec["tasks"] if not t.get("optional")]
    if not ds.shared_paths:
        assert len(required) == len(set(required)), f"{name}: duplicate task path"
    pairs = Counter((t["path"], u["name"]) for t in rec["tasks"] if not t.get("optional") for u in t["units"])
    twice = [p for p, n in pairs.items() if n > 1]
    assert not twice, f"{name}: (path, unit) written twice: {twice}"
    for t in rec["tasks"]:
        if t.get("optional"):
            assert not any((t["path"], u["name"]) in pairs for u in t["units"]), \
                f"{name} {t['path']}: an optional unit is also required"
    for g in rec["targets"]:
        assert set(g) <= TARGET_KEYS, g
        assert PATH_RE.match(g["path"]) and g["metric"] and g["text"]
        assert isinstance(g["value"], (int, float)) and isinstance(g["unit"], str)
        assert g["comparator"] in COMPARATORS
        assert g["year"] is None or isinstance(g["year"], int)
        assert ("value_max" in g) == (g["comparator"] == "range")
        if "value_max" in g:
            assert g["value_max"] > g["value"]
    person_keys = PERSON_KEYS | ({"tasks"} if ds.person_tasks else set())
    paths = set(required)
    for p in rec["people"]:
        assert PERSON_KEYS <= set(p) <= person_keys, p
        assert p["name"] == squeeze(p["name"]) and p["group_role"]
        assert p["org"] is None or isinstance(p["org"], str)
        assert isinstance(p["positions"], list)
        assert set(p.get("tasks", [])) <= paths, f"{name}: {p['name']} leads a task not in the record"
    assert len({p["name"] for p in rec["people"]}) == len(rec["people"])
    assert all(isinstance(r, str) and r for r in rec["references"])
    assert len(rec["references"]) == len(set(rec["references"]))


@pytest.mark.parametrize("ds, name", each_doc())
def test_everything_quoted_occurs_in_the_document(ds: DocSet, name: str) -> None:
    text, rec = ds.load(name)
    flat, body, quoted = ds.read(text), ds.body(text), ds.quote
    assert squeeze(rec["title"]) in flat
    for t in rec["tasks"]:
        assert squeeze(t["heading"]) in flat, f"{name} {t['path']}: heading not in text"
        if t.get("deadline"):
            assert quoted(t["deadline"]) in body
        for u in t["units"]:
            assert u["name"] in body, f"{name} {t['path']}: unit {u['name']} not in text"
            assert u["name"] not in CATCH_ALLS
            assert not u["name"].endswith(ROLE_TAILS), f"role word left in {u['name']}"
    for g in rec["targets"]:
        assert quoted(g["text"]) in body, f"{name}: target text {g['text']!r} not in text"
        written = [fmt(g["value"])] + [ch + g["unit"] for ch, n in ROUND_COUNTS.items() if n == g["value"]]
        assert any(w in g["text"] for w in written) and g["unit"] in g["text"]  # 集聚万名: a round count as a character
        if "value_max" in g:
            assert fmt(g["value_max"]) in g["text"]
        if g["year"] is not None:
            assert f"{g['year']}年" in body
        # the metric is named from the text (scorer: a shared run of >= 60% of the shorter)
        run = longest_common_run(g["metric"], g["text"])
        assert run >= 0.6 * min(len(g["metric"]), len(g["text"])), (name, g["metric"])
    for p in rec["people"]:
        assert p["name"] in flat and squeeze(p["group_role"]) in flat
        for pos in p["positions"]:
            assert squeeze(pos) in flat, f"{name}: position {pos} not in text"
        if p["org"]:
            assert p["org"] in body
    for r in rec["references"]:
        assert f"《{quoted(r)}》" in body, f"{name}: reference {r} not cited in 《》"


@pytest.mark.parametrize("ds, name", each_doc())
def test_extra_fields_agree_with_the_text(ds: DocSet, name: str) -> None:
    text, rec = ds.load(name)
    body = ds.body(text)
    for key in ("doc_number", "issuer", "jurisdiction"):
        if rec.get(key):
            assert rec[key] in text
    if rec.get("date"):
        d = date.fromisoformat(rec["date"])
        assert f"{d.year}年{d.month}月{d.day}日" in body
    if rec.get("parts"):
        n = len(text.splitlines())
        spans = [p["lines"] for p in rec["parts"]]
        assert spans[0][0] == 1 and spans[-1][1] == n
        assert all(a[1] + 1 == b[0] for a, b in zip(spans, spans[1:]))
    people = {p["name"] for p in rec["people"]}
    for g in rec.get("groups", []):
        assert g["name"] in text and g["office"] in text
        assert g["office_director"] in people


@pytest.mark.parametrize("ds, name", each_doc(lambda ds: ds.unit_name_bans))
def test_no_role_words_or_catch_alls_hide_in_unit_names(ds: DocSet, name: str) -> None:
    """No unit keeps a bracketed role ((牵头), (配合单位)), a label (责任单位：) or a set-specific catch-all."""
    _, rec = ds.load(name)
    for t in rec["tasks"]:
        for u in t["units"]:
            for ban in ds.unit_name_bans:
                assert not re.search(ban, u["name"]), f"{name}: {u['name']} matches {ban}"


@pytest.mark.parametrize("ds", each_set(lambda ds: ds.min_leavers is not None))
def test_people_named_as_leaving_the_group_are_not_members(ds: DocSet) -> None:
    """A person the notice removes from the group (X同志不再担任…成员) is not in the record."""
    seen: set[str] = set()
    for name in ds.names:
        text, rec = ds.load(name)
        gone: set[str] = set()
        for m in LEAVING.finditer(text):
            gone |= set(re.findall(r"([\u4e00-\u9fff]{2,4})同志", m.group(1)))
        assert not gone & {p["name"] for p in rec["people"]}, (name, gone)
        seen |= gone
    assert len(seen) >= ds.min_leavers, "no document names a person leaving its group"


@pytest.mark.parametrize("ds, name", each_doc(lambda ds: ds.no_score_or_date_targets))
def test_scores_dates_and_numbers_are_not_targets(ds: DocSet, name: str) -> None:
    """Score weights (8分), dates and document/article numbers never appear as target units."""
    _, rec = ds.load(name)
    for g in rec["targets"]:
        assert g["unit"] not in NOT_TARGET_UNITS, (name, g["text"])
        assert not DEADLINE_PHRASE.search(g["text"]), (name, g["text"])


@pytest.mark.parametrize("ds, name", each_doc(lambda ds: ds.optional_noted))
def test_optional_items_are_explained_in_the_notes(ds: DocSet, name: str) -> None:
    """Every record with an optional task or target says why in its notes."""
    _, rec = ds.load(name)
    if any(x.get("optional") for x in rec["tasks"] + rec["targets"]):
        assert "optional" in rec["notes"].lower(), name


@pytest.mark.parametrize("ds, name", each_doc())
def test_records_score_perfectly_against_themselves(ds: DocSet, name: str, gold_dir: Path) -> None:
    """The records are in the scorer's format: each scores F1 = 1 against itself."""
    score = scorer(gold_dir.parent / "score.py")
    _, rec = ds.load(name)
    result = score.score_doc(rec, rec)
    for part in ("task_units", "targets", "people", "references"):
        r = result[part]
        assert r["tp"] == r["gold"] and not r["missed"] and not r["spurious"], (name, part, r)
    assert result["task_units"]["role_ok"] == result["task_units"]["tp"]
    assert result["targets"]["comparator_ok"] == result["targets"]["tp"]
