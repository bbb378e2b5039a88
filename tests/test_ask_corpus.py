"""kg ask on one store of several ../shared/corpus documents (skipped when ../shared is absent):
national bodies are one unit across documents, district units ask back, places narrow."""
from __future__ import annotations

import pytest

from kg.ask import ask
from kg.build import build_document
from kg.local import LocalStore
from tests.kg_helpers import extracted

DOCS = ("dongying_ip_2024", "exc_01", "exc_04", "exc_08", "gh_04", "gen_02", "gen_05", "gen_08")


@pytest.fixture(scope="module")
def corpus_store(shared_corpus):
    store = LocalStore(":memory:")
    for d in DOCS:
        store.import_built(build_document(extracted(shared_corpus / f"{d}.txt")))
    return store


def pairs(answer) -> set[str]:
    return {f"{a['doc']}#{a['key']}" for a in answer.answers}


@pytest.mark.parametrize("question,expected", [
    ("财政部承担哪些任务", {"gen_02#3.7", "gen_02#4.9", "gen_02#5.12", "gen_02#5.13", "gen_02#6.14", "gen_02#6.15",
                       "gen_05#3.12", "gen_05#5.19"}),
    ("工信部牵头哪些任务", {"gen_02#2.3", "gen_02#2.4", "gen_02#2.5", "gen_02#8.18"}),
    ("科技部、财政部共同负责的任务", {"gen_02#4.9"}),
    ("东营区的区财政局负责哪些任务", {"dongying_ip_2024#2.1.1", "dongying_ip_2024#2.2.3"}),
    ("湖北省市场监管局有哪些任务", {"gh_04#1.2", "gh_04#1.4"}),
    ("四川省市场监管局负责哪些任务", {"exc_08#1.1", "exc_08#1.2"}),
    ("沙坪坝区财政局有哪些任务", {"exc_04#T1.6"}),  # the place comes from what the document cites
])
def test_whole_store_questions(corpus_store, question, expected):
    a = ask(corpus_store, question)
    assert not a.clarify, a.text
    assert pairs(a) == expected, a.text


@pytest.mark.parametrize("question,labels", [
    ("区财政局负责哪些任务?", {"区财政局(东营区)", "区财政局(立山区)", "区财政局(沙坪坝区)"}),
    ("省市场监管局负责哪些任务?", {"省市场监管局(四川省)", "省市场监管局(湖北省)"}),
])
def test_whole_store_ambiguous_names_ask_back(corpus_store, question, labels):
    a = ask(corpus_store, question)
    assert a.answers == []
    assert {c["label"] for c in a.clarify} == labels
    for c in a.clarify:
        b = ask(corpus_store, c["question"])
        assert b.answers and not b.clarify and len({x["doc"] for x in b.answers}) == 1


def test_whole_store_people_by_group_name(corpus_store):
    a = ask(corpus_store, "污染源普查领导小组有几位副组长")
    assert [x["key"] for x in a.answers] == [3] and a.answers[0]["doc"] == "gen_08"
    b = ask(corpus_store, "生态环境部哪些人是领导小组成员")
    assert sorted(x["key"] for x in b.answers) == ["李干杰", "赵英民"]


def test_whole_store_unknown_level_is_not_guessed(corpus_store):
    a = ask(corpus_store, "区教育局负责哪些任务")
    assert a.answers == [] and a.intent["intent"] == "unknown_unit"
