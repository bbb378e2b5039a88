"""kg ask on extracted documents: paraphrased questions on the sample and on data/testdocs, one store
holding several documents (answers name their document, jurisdictions narrow, ambiguous names ask back)."""
from __future__ import annotations

from pathlib import Path

import pytest

from kg.ask import ask
from kg.build import build_document
from kg.local import LocalStore
from tests.kg_helpers import SAMPLE, extracted

TESTDOCS = Path(__file__).resolve().parent.parent / "data" / "testdocs"
SAMPLE_ID = "dongying_ip_2024"


def _store(*paths: Path) -> LocalStore:
    store = LocalStore(":memory:")
    for p in paths:
        store.import_built(build_document(extracted(p)))
    return store


@pytest.fixture(scope="module")
def sample():
    return _store(SAMPLE)


@pytest.fixture(scope="module")
def testdocs():
    return _store(*(TESTDOCS / f"{n}.txt" for n in ("leading_group", "first_listed_lead", "task_table", "targets")))


@pytest.fixture(scope="module")
def mixed():
    """The sample (东营区) with two 青岚区 documents and a 临江市 one: 区财政局 of two districts."""
    return _store(SAMPLE, *(TESTDOCS / f"{n}.txt" for n in ("leading_group", "task_table", "first_listed_lead")))


def keys(answer) -> list[str]:
    return sorted(str(a["key"]) for a in answer.answers)


# ------------------------------------------------------------------ the sample, other wordings

SAMPLE_CASES = [
    ("财政局都负责些什么", ["2.1.1", "2.2.3"]),
    ("區財政局承擔哪些工作", ["2.1.1", "2.2.3"]),
    ("区 科技局 有啥任务", ["2.1.1", "2.1.2", "2.1.3", "2.1.4", "2.2.1", "2.2.2", "2.4.3"]),
    ("区农业农村局要做什么", ["2.2.4", "2.3.1"]),
    ("区发展和改革局的工作有哪些", ["2.1.2"]),  # written 区发改局 in the tasks
    ("哪些任务由区法院负责", ["2.3.2"]),
    ("区人社局一共负责多少项任务", ["1"]),
    ("史口镇需要落实哪些任务", ["2.1.1", "2.1.2", "2.1.3", "2.1.4", "2.2.1", "2.2.2", "2.2.3", "2.2.4", "2.3.1",
                           "2.3.3", "2.4.1", "2.4.2", "2.4.3", "2.5.1", "2.5.2", "2.5.3"]),  # a 镇 of 各镇街
    ("区财政局与区科技局一起负责的任务", ["2.1.1"]),
    ("谁负责知识产权司法保护", ["区市场监管局", "区检察院", "区法院", "市公安局东营区分局"]),
    ("知识产权司法保护的责任单位是哪几个", ["区市场监管局", "区检察院", "区法院", "市公安局东营区分局"]),
    ("2.3.2由哪些部门负责", ["区市场监管局", "区检察院", "区法院", "市公安局东营区分局"]),
    ("任务最多的是哪个单位", ["区市场监管局"]),
    ("谁是领导小组组长", ["燕雪英"]),
    ("领导小组的副组长", ["蒋峰"]),
    ("區財政局局長是誰", ["刘明明"]),
    ("区司法局的局长叫什么", ["刘红蕾"]),
    ("王荣国所在单位要落实哪些工作", ["2.1.1", "2.1.2", "2.1.4", "2.2.2"]),
    ("每万人有效发明专利拥有量到2026年要达到多少", ["46"]),
    ("版权登记总量目标值", ["800"]),
    ("高新技术企业数量要达到多少家", ["210"]),
    ("跟地理标志有关的任务有哪些", ["2.2.4", "2.3.1"]),
    ("哪些工作提到了胜利油田", ["2.1.2", "2.2.2"]),
    ("区教育局承担什么任务", []),
    ("区卫健局有哪些工作", []),
]


@pytest.mark.parametrize("question,expected", SAMPLE_CASES)
def test_sample_paraphrases(sample, question, expected):
    a = ask(sample, question)
    assert a.understood, a.text
    assert keys(a) == sorted(expected), a.text
    assert all(x["doc"] in (SAMPLE_ID, None) for x in a.answers)


def test_sample_answer_text_and_source(sample):
    a = ask(sample, "区财政局负责哪些任务?")
    assert a.text.startswith("区财政局负责2项任务:2.1.1 加大高质量创造导向")
    row = a.rows[0]
    assert row["doc"] == SAMPLE_ID and "(责任单位:区市场监管局" in row["source"]


def test_sample_basis_documents_leave_out_itself_and_what_a_task_revises(sample):
    basis = ask(sample, "这个方案依据哪些文件?")
    assert sorted(x["key"] for x in basis.answers) == [
        "国家知识产权局关于确定国家知识产权强市建设试点示范城市、强县建设试点示范县的通知",
        "知识产权强国建设纲要(2021—2035年)"]
    cited = ask(sample, "这个方案提到了哪些文件")  # 完善《…若干意见》 is mentioned, not a basis
    assert "东营区推进知识产权高质量发展和质量强区建设的若干意见" in [x["key"] for x in cited.answers]
    assert not any("强县建设示范县建设工作方案" in x["key"] for x in cited.answers)  # itself


def test_sample_counts_are_values(sample):
    a = ask(sample, "区市场监管局负责多少项任务?")
    assert a.kind == "value" and a.answers[0]["key"] == 17 and a.answers[0]["doc"] == SAMPLE_ID


# ------------------------------------------------------------------ hand-written documents

TESTDOC_CASES = [
    ("组长是谁", ["张伟"]),
    ("领导小组副组长有哪些人", ["李明华", "王芳", "陈志远"]),
    ("领导小组有多少名成员", ["9"]),
    ("区财政局局长是谁", ["刘洋"]),
    ("领导小组办公室主任由谁兼任", ["周文涛"]),
    ("区发展和改革局有哪些人参加领导小组", ["周文涛"]),
    ("市司法局牵头哪些任务", ["1.2", "2.6", "2.7"]),  # 列第一位的为牵头单位, from 1.2 on
    ("市司法局负责哪些任务", ["1.1", "1.2", "2.6", "2.7"]),
    ("市人社局配合哪些任务", ["1.5"]),
    ("企业破产处置机制由哪些单位牵头", ["市中级人民法院", "市政府办公室"]),
    ("市中级人民法院负责几项任务", ["2"]),
    ("区市场监管局牵头哪些任务", ["T1.3", "T1.5"]),  # task table rows
    ("“拿地即开工”由哪个单位牵头", ["区住建局"]),
    ("区大数据中心配合哪些工作", ["T2.1"]),
    ("区发改局和区市场监管局共同负责哪些任务", ["T1.3", "T2.2"]),
    ("有效注册商标总量要达到多少", ["6"]),
    ("专利申请非正常率要控制在多少", ["5"]),
    ("商标注册量要增长多少", ["12"]),  # 专利授权量、商标注册量分别增长10%和12%
    ("培育国家知识产权示范企业多少家", ["8"]),
    ("哪些任务提到破产", ["1.5"]),
]


@pytest.mark.parametrize("question,expected", TESTDOC_CASES)
def test_testdoc_paraphrases(testdocs, question, expected):
    a = ask(testdocs, question)
    assert a.understood and not a.clarify, a.text
    assert keys(a) == sorted(expected), a.text


def test_testdocs_partial_name_of_two_levels_asks_back(testdocs):
    a = ask(testdocs, "财政局负责哪些任务")  # 市财政局 (临江市) and 区财政局 (青岚区)
    assert a.answers == [] and sorted(c["label"] for c in a.clarify) == ["区财政局(青岚区)", "市财政局(临江市)"]


# ------------------------------------------------------------------ several documents in one store

def test_mixed_store_district_name_asks_back_and_each_candidate_works(mixed):
    a = ask(mixed, "区财政局负责哪些任务?")
    assert a.answers == []
    labels = {c["label"]: c["question"] for c in a.clarify}
    assert set(labels) == {"区财政局(东营区)", "区财政局(青岚区)"}
    b = ask(mixed, labels["区财政局(东营区)"])
    assert {f"{x['doc']}#{x['key']}" for x in b.answers} == {f"{SAMPLE_ID}#2.1.1", f"{SAMPLE_ID}#2.2.3"}
    c = ask(mixed, labels["区财政局(青岚区)"])
    assert {f"{x['doc']}#{x['key']}" for x in c.answers} == {"task_table#T1.3"}


@pytest.mark.parametrize("question,expected", [
    ("东营区财政局负责哪些任务", {f"{SAMPLE_ID}#2.1.1", f"{SAMPLE_ID}#2.2.3"}),
    ("青岚区财政局负责哪些任务", {"task_table#T1.3"}),
    ("东营区方案中区财政局负责哪些任务", {f"{SAMPLE_ID}#2.1.1", f"{SAMPLE_ID}#2.2.3"}),
    ("在《青岚区2025年优化营商环境攻坚行动方案》里区市场监管局牵头哪些任务", {"task_table#T1.3", "task_table#T1.5"}),
    ("市司法局负责哪些任务", {"first_listed_lead#1.1", "first_listed_lead#1.2", "first_listed_lead#2.6",
                         "first_listed_lead#2.7"}),
])
def test_mixed_store_narrowing_and_doc_of_answers(mixed, question, expected):
    a = ask(mixed, question)
    assert not a.clarify, a.text
    assert {f"{x['doc']}#{x['key']}" for x in a.answers} == expected


def test_mixed_store_people_questions_name_their_document(mixed):
    a = ask(mixed, "东营区领导小组组长是谁")
    assert [(x["key"], x["doc"]) for x in a.answers] == [("燕雪英", SAMPLE_ID)]
    b = ask(mixed, "组长是谁")
    assert {(x["key"], x["doc"]) for x in b.answers} == {("燕雪英", SAMPLE_ID), ("张伟", "leading_group")}


def test_a_predecessor_cited_with_its_own_number_is_no_self_citation():
    """A notice replacing an older one with a near-identical title: the 发文字号 after the older title tells
    them apart (the title alone is within the dice of a self-citation)."""
    from extract.pipeline import extract_text
    from extract.references import find_references
    text = ("青岚市人民政府办公室关于进一步加强校外培训机构监管的通知\n青政办发〔2024〕9号\n"
            "根据《中华人民共和国民办教育促进法》,结合我市实际,现就有关事项通知如下。\n一、加强审批\n1.严格审批。市教育局牵头，市市场监管局配合。\n"
            "本通知自印发之日起施行,《青岚市人民政府办公室关于加强校外培训机构监管的通知》(青政办发〔2019〕3号)同时废止。\n")
    law, old = find_references(text)
    assert (old.doc_number, old.repealed, law.doc_number, law.repealed) == ("青政办发〔2019〕3号", True, None, False)
    store = LocalStore(":memory:")
    store.import_built(build_document(extract_text(text, doc="notice")))
    answer = ask(store, "通知提到了哪些文件?")
    assert [a["key"] for a in answer.answers] == ["中华人民共和国民办教育促进法", "青岚市人民政府办公室关于加强校外培训机构监管的通知"]
    basis = ask(store, "这个通知依据哪些文件?")  # what it repeals is no basis
    assert [a["key"] for a in basis.answers] == ["中华人民共和国民办教育促进法"]


# ------------------------------------------------------------------ 第N项, 多少名, 废止 (data/testdocs/qa3_items.txt)
@pytest.fixture(scope="module")
def items():
    return _store(TESTDOCS / "qa3_items.txt")


@pytest.mark.parametrize("question,expected", [
    ("第4项实事的责任单位有哪些", ["县民政局", "各乡镇人民政府"]),
    ("第三项由哪些单位负责?", ["县残联", "县民政局"]),
    ("第5项任务谁负责", ["县交通运输局", "县财政局"]),
])
def test_the_nth_item_is_the_task_numbered_so(items, question, expected):
    """Items numbered straight across groups (2.3, 2.4, 3.5): 第N项 is the one whose own number is N."""
    assert keys(ask(items, question)) == expected


def test_the_nth_item_is_not_guessed_when_several_tasks_have_that_number(testdocs):
    answer = ask(testdocs, "第1项任务由哪些单位负责?")
    assert not any(a["kind"] == "unit" for a in answer.answers)


@pytest.mark.parametrize("question", ["要招募多少名乡村医生?", "招募乡村医生多少名", "乡村医生要招募几名"])
def test_a_measure_after_the_question_word_is_not_part_of_the_keyword(items, question):
    assert keys(ask(items, question)) == ["60"]


def test_a_document_the_plan_repeals_is_a_cited_document(items):
    assert keys(ask(items, "本方案废止了哪个文件?")) == ["青川县2024年民生实事项目实施方案"]
    assert keys(ask(items, "这个方案依据了哪些文件?")) == ["青川县国民经济和社会发展第十四个五年规划纲要"]
