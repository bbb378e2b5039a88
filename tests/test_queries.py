"""Named queries: each .rq is documented, parses and runs; answers on the sample and on two
districts; the docstring examples of kg/ run as doctests."""
from __future__ import annotations

import doctest
import importlib
import re

import pytest

from kg import queries as Q
from kg.build import build_document
from tests.examples import example_document, example_store
from kg.store import IRI
from kg.local import LocalStore
from kg.units import unit_iri
from tests.kg_helpers import SAMPLE, extracted

REQUIRED = {"tasks_of_unit", "units_of_task", "tasks_shared_by_units", "unit_task_counts",
            "people_by_group_role", "people_by_post", "posts_of_person", "tasks_of_person_unit", "targets",
            "tasks_by_keyword", "documents_cited", "section_overview", "documents", "unit_labels",
            "collective_members"}


@pytest.fixture(scope="module")
def store():
    return example_store()


@pytest.fixture(scope="module")
def sample_store():
    s = LocalStore(":memory:")
    s.ensure_ontology()
    s.import_built(build_document(extracted(SAMPLE)))
    return s


def test_the_required_named_queries_exist():
    assert REQUIRED <= set(Q.load_queries())


@pytest.mark.parametrize("name", sorted(Q.load_queries()))
def test_each_query_is_documented_parses_and_runs(name, store):
    q = Q.get_query(name)
    assert q.title and q.description
    for p in q.params:
        assert re.search(rf"\?{p}\b", q.sparql), f"{name}: param {p} is not a variable of the query"
    rows = store.select(q.sparql)  # every param unbound: must still parse and run
    assert isinstance(rows, list)


def test_unknown_query_and_param_are_clear_errors(store):
    from kg.errors import QueryError

    with pytest.raises(QueryError, match="E411"):
        Q.run(store, "no_such_query")
    with pytest.raises(QueryError, match="E412"):
        Q.run(store, "tasks_of_unit", nonsense=1)
    with pytest.raises(QueryError, match="E413"):
        Q.tasks_of_unit(store, "区财政局", role="owner")


MODULES = ["kg.queries", "kg.store", "kg.build", "kg.units", "kg.graph", "kg.export", "tests.examples", "ontology"]


@pytest.mark.parametrize("module", MODULES)
def test_docstring_examples(module, store):
    mod = importlib.import_module(module)
    finder = doctest.DocTestFinder()
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    tests = finder.find(mod, globs={**vars(mod), "store": store})
    assert tests
    for t in tests:
        runner.run(t)
    result = runner.summarize(verbose=False)
    assert result.failed == 0


def test_sample_tasks_of_the_finance_bureau(sample_store):
    rows = Q.tasks_of_unit(sample_store, "区财政局")
    assert [r["path"] for r in rows] == ["2.1.1", "2.2.3"]


def test_sample_long_form_finds_tasks_written_short(sample_store):
    # 区发展和改革局 is written 区发改局 in the task and in full in the member list
    assert [r["path"] for r in Q.tasks_of_unit(sample_store, "区发展和改革局")] == ["2.1.2"]
    assert [r["path"] for r in Q.tasks_of_unit(sample_store, "区发改局")] == ["2.1.2"]


def test_sample_person_and_post_queries(sample_store):
    assert [r["name"] for r in Q.people_by_group_role(sample_store, "组长")] == ["燕雪英"]
    assert [r["name"] for r in Q.people_by_post(sample_store, "区财政局", "局长")] == ["刘明明"]
    assert {r["name"] for r in Q.people_by_post(sample_store, keyword="办公室主任")} == {"王飞"}
    paths = sorted({r["path"] for r in Q.tasks_of_person_unit(sample_store, "王荣国")})
    assert paths == ["2.1.1", "2.1.2", "2.1.4", "2.2.2"]
    assert sorted({r["path"] for r in Q.tasks_of_person_unit(sample_store, "刘明明")}) == ["2.1.1", "2.2.3"]


def test_sample_collective_members_get_the_collectives_tasks(sample_store):
    rows = Q.tasks_of_unit(sample_store, "牛庄镇")
    assert len({r["path"] for r in rows}) == 16 and all(r["via"] for r in rows)


def test_sample_counts_and_shared_tasks(sample_store):
    top = Q.unit_task_counts(sample_store)[0]
    assert (top["tasks"], top["responsible"]) == (17, 17)
    assert "区市场监管局" in {r["label"] for r in Q.unit_labels(sample_store) if r["unit"] == top["unit"]}
    shared = [r["path"] for r in Q.tasks_shared_by_units(sample_store, "区工信局", "区科技局")]
    assert shared == ["2.1.1", "2.1.2", "2.1.4", "2.2.2"]
    assert [r["path"] for r in Q.tasks_shared_by_units(sample_store, "区财政局", "区科技局")] == ["2.1.1"]


def test_sample_targets_and_keywords(sample_store):
    rows = Q.targets(sample_store, keyword="每万人有效发明专利拥有量")
    assert rows and rows[0]["value"] == 46 and rows[0]["year"] == 2026
    assert {r["path"] for r in Q.tasks_by_keyword(sample_store, "地理标志")} == {"2.2.4", "2.3.1"}


def test_two_districts_keep_their_finance_bureaus_apart():
    store = example_store(example_document("qingshan"), example_document("liandu", jurisdiction="莲都区"))
    by_label = Q.tasks_of_unit(store, "区财政局")
    assert {r["doc_id"] for r in by_label} == {"qingshan", "liandu"}
    assert {r["unit"] for r in by_label} == {unit_iri("青山区", "区财政局"), unit_iri("莲都区", "区财政局")}
    one = Q.tasks_of_unit(store, IRI(unit_iri("莲都区", "区财政局")))
    assert {r["doc_id"] for r in one} == {"liandu"} and [r["path"] for r in one] == ["2.1.1", "2.2.3"]
    labels = [r for r in Q.unit_labels(store) if r["label"] == "区财政局"]
    assert {r["jurisdiction"] for r in labels} == {"青山区", "莲都区"}


def test_two_documents_of_one_district_share_their_units():
    store = example_store(example_document("a"), example_document("b"))
    rows = Q.tasks_of_unit(store, "区财政局")
    assert {r["unit"] for r in rows} == {unit_iri("青山区", "区财政局")}
    assert sorted(r["doc_id"] for r in rows) == ["a", "a", "b", "b"]
