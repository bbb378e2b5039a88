"""kg ask on the hand-written example document (tests/examples.py): every intent, typing variants,
ambiguity across districts, "未能理解", and questions carrying SPARQL or quotes."""
from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from kg.ask import NOT_UNDERSTOOD, ask, example_questions
from kg.ask.text import normalize_question
from tests.examples import example_document, example_store
from kg.ask.intents import load_cues

DOC = "qingshan_digital_2024"


@pytest.fixture(scope="module")
def store():
    return example_store()


@pytest.fixture(scope="module")
def districts():
    """The same plan issued by two districts: two 区财政局, one 财政部-free store."""
    return example_store(example_document("qingshan", "青山区"), example_document("liandu", "莲都区"))


def keys(answer) -> list:
    return [a["key"] for a in answer.answers]


# ------------------------------------------------------------------ every intent

INTENT_CASES = [
    # tasks of a unit, every role / lead / cooperate; short and long names
    ("区财政局负责哪些任务?", "unit_tasks", ["2.1.1", "2.2.3"]),
    ("区工业和信息化局承担哪些工作", "unit_tasks", ["2.1.1", "2.1.2"]),
    ("区发改局牵头哪些任务", "unit_tasks", ["2.1.2"]),
    ("区工信局配合哪些任务", "unit_tasks", ["2.1.2"]),
    ("区大数据中心参与哪些任务", "unit_tasks", ["2.1.2"]),
    ("城东街道要落实哪些任务", "unit_tasks", ["2.1.1"]),  # member of 各街道
    ("区财政局负责几项任务", "unit_tasks", [2]),
    ("区财政局和区发改局共同负责哪些任务", "shared_tasks", ["2.2.3"]),
    ("区工信局和区财政局都参与的任务有哪些", "shared_tasks", ["2.1.1"]),
    # units of a task, by keyword and by path
    ("数据中心集约发展由哪些单位负责", "task_units", ["区发展和改革局", "区工业和信息化局", "区大数据中心"]),
    ("推进数据中心集约发展的牵头单位是哪个", "task_units", ["区发展和改革局"]),
    ("2.2.3的责任单位有哪些", "task_units", ["区发改局", "区财政局"]),
    ("企业上云由几个单位负责", "task_units", [2]),
    ("哪个单位负责的任务最多", "unit_ranking", ["区发改局", "区工信局", "区财政局"]),  # 2 each
    ("哪个单位牵头的任务最多", "unit_ranking", ["区发展和改革局"]),
    ("哪些任务提到5G", "tasks_mentioning", ["2.1.1"]),
    ("第二部分讲了什么", "section_overview", ["2.1.1", "2.1.2", "2.2.3"]),
    # people
    ("领导小组组长是谁", "group_people", ["张三"]),
    ("副组长是谁", "group_people", ["李四"]),
    ("领导小组有几名成员", "group_people", [4]),
    ("领导小组办公室主任是谁", "group_people", ["赵六"]),
    ("区财政局局长是谁", "post_holders", ["王五"]),
    ("区长是谁", "post_holders", ["张三"]),
    ("区工信局有哪些人参加领导小组", "unit_group_members", ["赵六"]),
    ("赵六担任什么职务", "person_posts", ["办公室主任", "区工业和信息化局局长"]),
    ("王五所在单位负责哪些任务", "person_tasks", ["2.1.1", "2.2.3"]),
    ("赵六分管的单位要做什么", "person_tasks", ["2.1.1", "2.1.2"]),
    # documents and targets
    ("这个方案依据哪些文件", "references", ["关于加快5G发展的通知"]),
    ("数字经济核心产业增加值要达到多少", "target_value", [120]),
    ("到2026年要培育多少家数字化转型示范企业", "target_value", [8]),
    ("2026年有哪些目标", "targets_list", [120, 8]),
    # not in the store: a clear "none", not a guess
    ("区教育局负责哪些任务", "unknown_unit", []),
]


@pytest.mark.parametrize("question,intent,expected", INTENT_CASES)
def test_each_intent(store, question, intent, expected):
    a = ask(store, question)
    assert a.intent["intent"] == intent, a.text
    assert sorted(map(str, keys(a))) == sorted(map(str, expected)), a.text
    assert a.understood
    if expected:
        assert a.sparql.count("SELECT") >= 1 and a.text


def test_task_answers_carry_rows_with_source_text_and_document(store):
    a = ask(store, "区财政局负责哪些任务?")
    assert a.kind == "task"
    assert all(x["doc"] == DOC for x in a.answers)
    row = {r["path"]: r for r in a.rows}["2.2.3"]
    assert row["heading"] == "实施企业上云行动"
    assert "支持中小企业上云用云" in row["source"]
    assert {"name": "区发改局", "role": "responsible"} in row["units"]
    assert row["start"] < row["end"]
    assert a.text.startswith("区财政局负责2项任务")


def test_collective_member_answer_says_through_which_collective(store):
    a = ask(store, "城东街道负责哪些任务")
    assert keys(a) == ["2.1.1"]
    assert "各街道" in a.text


# ------------------------------------------------------------------ how people type

@pytest.mark.parametrize("question", [
    "区财政局负责哪些任务?", "区财政局负责哪些任务", "区财政局负责哪些任务？", " 区 财政局  负责 哪些任务 ",
    "區財政局負責哪些任務?", "区财政局负责啥", "区财政局负责什么任务", "区财政局有哪些任务", "区财政局要做什么",
    "区财政局的职责有哪些", "区财政局承担什么工作", "请问区财政局负责哪些任务呢", "财政局负责哪些任务",
    "区财政局（青山区）负责哪些任务",
])
def test_typing_variants_give_the_same_answer(store, question):
    assert keys(ask(store, question)) == ["2.1.1", "2.2.3"]


def test_normalization():
    v = load_cues().variants
    assert normalize_question("區財政局 負責啥？", v) == "区财政局负责什么"
    assert normalize_question("ＡＢＣ１２３！", v) == "ABC123"


# ------------------------------------------------------------------ ambiguity and jurisdictions

def test_a_name_in_two_districts_gets_a_question_back(districts):
    a = ask(districts, "区财政局负责哪些任务?")
    assert a.answers == [] and a.understood
    labels = sorted(c["label"] for c in a.clarify)
    assert labels == ["区财政局(莲都区)", "区财政局(青山区)"]
    assert "可能指2个" in a.text


def test_each_clarify_question_answers_for_its_district(districts):
    a = ask(districts, "区财政局负责哪些任务?")
    for c in a.clarify:
        b = ask(districts, c["question"])
        assert b.clarify == []
        district_doc = "liandu" if "莲都区" in c["label"] else "qingshan"
        assert {(x["doc"], x["key"]) for x in b.answers} == {(district_doc, "2.1.1"), (district_doc, "2.2.3")}


@pytest.mark.parametrize("question,doc", [
    ("莲都区财政局负责哪些任务", "liandu"),
    ("莲都区区财政局负责哪些任务", "liandu"),
    ("青山区的方案中区财政局负责哪些任务", "qingshan"),
    ("在《青山区数字经济发展工作方案》里区财政局负责哪些任务", None),  # both plans have this title
])
def test_jurisdiction_or_document_narrows(districts, question, doc):
    a = ask(districts, question)
    if doc is None:
        assert a.clarify  # the title names both documents: still ambiguous
    else:
        assert {x["doc"] for x in a.answers} == {doc}
        assert keys(a) == ["2.1.1", "2.2.3"]


def test_people_and_counts_are_per_document_in_a_two_district_store(districts):
    a = ask(districts, "莲都区领导小组组长是谁")
    assert [(x["key"], x["doc"]) for x in a.answers] == [("张三", "liandu")]


# ------------------------------------------------------------------ not understood, injection

@pytest.mark.parametrize("question", ["今天天气怎么样", "", "???", "SELECT * WHERE { ?s ?p ?o }", "区财政局",
                                      "Which tasks?", "😀😀", "区财政局负责" * 200])
def test_not_understood_lists_what_it_saw_and_working_examples(store, question):
    a = ask(store, question)
    assert not a.understood and a.answers == [] and a.kind is None
    assert a.text.startswith(NOT_UNDERSTOOD)
    assert len(a.examples) == 3
    for q in a.examples:
        b = ask(store, q)
        assert b.understood and b.answers, q
    if question == "区财政局":
        assert "区财政局(单位)" in a.text


@pytest.mark.parametrize("question", [
    '区财政局"} . ?s ?p ?o . {"负责哪些任务',
    "哪些任务提到\"} UNION { ?s ?p ?o } #",
    "哪些任务提到'; DROP GRAPH <x>",
    "“放管服”由哪些单位负责?",
    "哪些任务提到<https://evil.example/x>",
    "区财政局\\负责哪些任务",
])
def test_quotes_and_sparql_in_questions_are_data(store, question):
    before = (store.graphs(), len(store))
    a = ask(store, question)  # must not raise
    assert (store.graphs(), len(store)) == before
    for q in filter(None, a.sparql.split("\n\n# title:")):
        store.select(q if q.startswith("#") else "# title:" + q)  # what was run is valid SPARQL
    assert all(not str(r.get("path", "")).startswith("?") for r in a.rows)


def test_a_keyword_with_quotes_is_bound_escaped(store):
    a = ask(store, '哪些任务提到5G"} UNION { ?s ?p ?o }')
    assert a.intent["intent"] == "tasks_mentioning"
    assert '("5G\\"}UNION{?s?p?o}")' in a.sparql
    assert a.answers == []


# ------------------------------------------------------------------ JSON and API

def test_json_follows_the_eval_format(store):
    j = ask(store, "区财政局负责哪些任务?").to_json()
    json.dumps(j, ensure_ascii=False)
    assert set(j) >= {"answers", "sparql", "answer_text", "rows", "clarify", "understood"}
    assert j["answers"][0] == {"kind": "task", "key": "2.1.1", "label": "加快5G网络建设", "doc": DOC}
    assert "tasks_of_unit" not in j["sparql"] and "SELECT" in j["sparql"]


def test_example_questions_work(store):
    qs = example_questions(store)
    assert len(qs) == 3 and len(set(qs)) == 3
    assert all(ask(store, q).answers for q in qs)


def test_cli_json_and_table(tmp_path):
    from kg.build import build_document
    from kg.cli import main
    from kg.stores import open_store

    path = tmp_path / "store"
    s = open_store(path)
    s.import_built(build_document(example_document()))
    s.close()
    runner = CliRunner()
    r = runner.invoke(main, ["ask", "区财政局负责哪些任务?", "--store", str(path), "--json"])
    assert r.exit_code == 0, r.output
    j = json.loads(r.output)
    assert [a["key"] for a in j["answers"]] == ["2.1.1", "2.2.3"]
    r = runner.invoke(main, ["ask", "区财政局负责哪些任务", "--store", str(path)])
    assert r.exit_code == 0 and "区财政局负责2项任务" in r.output and "SPARQL:" in r.output
    assert "实施企业上云行动" in r.output
    r = runner.invoke(main, ["ask", "区财政局负责哪些任务", "--store", str(tmp_path / "none")])
    assert r.exit_code != 0 and "Traceback" not in r.output and "E301" in r.output


@pytest.mark.parametrize("module", ["kg.ask", "kg.ask.text", "kg.ask.execute", "kg.ask.people", "kg.ask.targets",
                                    "kg.ask.linker", "kg.ask.intents"])
def test_docstring_examples(module, store):
    import doctest
    import importlib

    mod = importlib.import_module(module)
    tests = doctest.DocTestFinder().find(mod, globs={**vars(mod), "store": store})
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    for t in tests:
        runner.run(t)
    assert runner.summarize(verbose=False).failed == 0


def test_the_index_follows_the_store(tmp_path):
    from kg.build import build_document

    s = example_store()
    assert ask(s, "区财政局负责哪些任务").answers
    s.import_built(build_document(example_document("liandu", "莲都区")))  # a new graph: a new index
    a = ask(s, "区财政局负责哪些任务")
    assert a.answers == [] and len(a.clarify) == 2


def test_broken_cue_file_is_a_clear_error(tmp_path):
    from kg.errors import QueryError

    bad = tmp_path / "cues.json"
    bad.write_text('{"variants": {}, "role_lead": "牵头"}', encoding="utf-8")
    with pytest.raises(QueryError, match="E420"):
        load_cues(str(bad))


# ------------------------------------------------------------------ role labels the extractor reads, asked back

LABEL_DOC = """柳河县2025年重点工作推进方案
一、重点工作
(一)建设全民健身中心。推进单位:县体育局、县住建局
(二)加强思想理论武装。责任科室:办公室、组干科
(三)开展文明创建。牵头科室:办公室;协助科室:宣传科
"""


@pytest.mark.parametrize("question,want", [
    ("建设全民健身中心的推进单位是哪些", ["县体育局", "县住建局"]),
    ("加强思想理论武装由哪些科室负责", ["办公室", "组干科"]),
    ("开展文明创建的协助科室是哪个", ["宣传科"]),
])
def test_label_compounds_in_questions(tmp_path, question, want):
    """推进单位 / 哪些科室 / 协助科室: labels built from the extractor's parts, not listed cue words."""
    from extract.pipeline import extract_text
    from kg.build import build_document
    from kg.stores import open_store

    store = open_store(str(tmp_path / "s"))
    store.import_built(build_document(extract_text(LABEL_DOC, doc="liuhe_labels")))
    a = ask(store, question)
    assert a.intent["intent"] == "task_units"
    assert sorted(keys(a)) == sorted(want)
# ------------------------------------------------------------------ names that are question words (issue 12, item 1)

def _store_with_grammar_names():
    """The example store plus people and a unit whose "names" are question words or fragments of them
    (what a leadership notice listing leaders by post only once produced: 负责, 管负责)."""
    import dataclasses

    from extract.model import Person, UnitMention

    d = example_document()
    t = d.text
    s = t.index("孙八 ")
    d.people += [Person("负责", "成员", ["负责住房和城乡建设工作的副市长"], None, d.people[0].group, s, s + 2),
                 Person("管负责", "成员", ["分管负责同志"], None, d.people[0].group, s, s + 2),
                 Person("工作", "成员", [], None, d.people[0].group, s, s + 2),
                 Person("单位", "成员", [], None, d.people[0].group, s, s + 2)]
    task = d.tasks[2]
    i = t.index("区发改局", task.start)
    d.tasks[2] = dataclasses.replace(task, units=task.units + [UnitMention("任务", "responsible", i, i + 2),
                                                               UnitMention("牵头", "responsible", i, i + 2)])
    return example_store(d)


@pytest.fixture(scope="module")
def grammar_store():
    return _store_with_grammar_names()


GRAMMAR_CASES = [
    ("推进数据中心集约发展由哪些单位负责?", "task_units", ["区发展和改革局", "区工业和信息化局", "区大数据中心"]),
    ("加快5G网络建设由哪些单位负责", "task_units", ["区工信局", "区财政局", "各街道"]),
    ("哪个单位负责的任务最多?", "unit_ranking", None),
    ("区财政局负责哪些任务?", "unit_tasks", ["2.1.1", "2.2.3"]),
    ("区发改局牵头哪些任务", "unit_tasks", ["2.1.2"]),
    ("赵六分管负责的单位要做什么", "person_tasks", ["2.1.1", "2.1.2"]),
    ("领导小组组长是谁?", "group_people", ["张三"]),
    ("区财政局负责几项工作", "unit_tasks", [2]),
]


@pytest.mark.parametrize("question,intent,expected", GRAMMAR_CASES)
def test_names_that_are_question_words_never_take_over_a_question(grammar_store, question, intent, expected):
    a = ask(grammar_store, question)
    assert a.intent["intent"] == intent, a.text
    seen = {e["text"] for e in a.entities if e["kind"] in ("person", "unit")}
    assert not seen & {"负责", "管负责", "工作", "单位", "任务", "牵头"}, a.entities
    if expected is not None:
        assert sorted(map(str, keys(a))) == sorted(map(str, expected)), a.text


def test_grammar_names_answer_as_in_a_clean_store(store, grammar_store):
    for q, *_ in GRAMMAR_CASES:
        assert ask(grammar_store, q).intent == ask(store, q).intent, q


def test_one_word_per_role_in_the_cli_and_the_app(tmp_path):
    """issue 12, item 5: the CLI's table, the answers and the app say 责任 for the responsible role."""
    from kg.build import build_document
    from kg.cli import main
    from kg.roles import ROLE_ZH
    from kg.stores import open_store

    import app.ledger
    import app.ui

    assert app.ui.ROLE_ZH is ROLE_ZH and app.ledger.ROLE_ZH is ROLE_ZH
    path = tmp_path / "store"
    with open_store(path) as s:
        s.import_built(build_document(example_document()))
    out = CliRunner().invoke(main, ["ask", "区财政局负责哪些任务", "--store", str(path)]).output
    assert "区财政局(责任)" in out and "(负责)" not in out
    j = json.loads(CliRunner().invoke(main, ["ask", "2.2.3的责任单位有哪些", "--store", str(path), "--json"]).output)
    assert {a["label"] for a in j["answers"]} == {"责任"}


# ------------------------------------------------------------------ sources of people and target answers (item 4)

def _two_groups_and_a_repeated_target():
    """The example plus a second group with its own 组长, and a 突破 target written in the body and in a table."""
    import dataclasses

    from extract.model import Group, Person, Target

    d = example_document()
    extra = ("成立青山区数据安全工作领导小组:\n组长:周九 副区长\n"
             "到2026年,高新技术企业突破100家。\n指标 | 2026年目标\n高新技术企业(家) | 100\n")
    text = d.text + extra
    s = text.index("周九")
    t1 = text.index("高新技术企业突破100家")
    t2 = text.index("高新技术企业(家) | 100")
    return dataclasses.replace(
        d, text=text,
        people=d.people + [Person("周九", "组长", ["副区长"], None, "青山区数据安全工作领导小组", s, s + 2)],
        groups=d.groups + [Group("青山区数据安全工作领导小组", None, None, s, s + 10)],
        targets=d.targets + [Target("3", "高新技术企业", 100, "家", ">", 2026, None, "高新技术企业突破100家", t1,
                                    t1 + 11),
                             Target("3", "高新技术企业(家)", 100, "家", ">", 2026, None, "高新技术企业(家) | 100", t2,
                                    t2 + 15)])


@pytest.fixture(scope="module")
def sourced_store():
    return example_store(_two_groups_and_a_repeated_target())


def test_two_groups_leaders_are_two_answers_each_with_its_group_and_line(sourced_store):
    a = ask(sourced_store, "领导小组组长是谁")
    assert sorted(keys(a)) == ["周九", "张三"]
    assert "张三(青山区数字经济发展领导小组)" in a.text and "周九(青山区数据安全工作领导小组)" in a.text
    lines = {r["name"]: (r["group_label"], r["text"]) for r in a.rows}
    assert lines["张三"] == ("青山区数字经济发展领导小组", "组长:张三 区长")
    assert lines["周九"] == ("青山区数据安全工作领导小组", "组长:周九 副区长")


def test_a_target_says_what_the_document_says_and_a_repeat_is_one_answer(sourced_store):
    a = ask(sourced_store, "到2026年高新技术企业要达到多少家")
    assert keys(a) == [100], a.text
    assert "突破100家" in a.answers[0]["label"] and "以上" not in a.answers[0]["label"]
    listed = ask(sourced_store, "2026年有哪些目标")
    assert sorted(keys(listed)) == [8, 100, 120], listed.text


# ------------------------------------------------------------------ questions as people type them (item 7)

@pytest.mark.parametrize("question", ["区财正局负责哪些任务?", "区才政局负责哪些任务", "区财政据负责哪些任务"])
def test_a_mistyped_unit_gets_did_you_mean(store, question):
    a = ask(store, question)
    assert a.suggest and a.suggest[0]["label"] == "区财政局", a.text
    assert "您是不是要问:区财政局负责哪些任务?" in a.text
    assert keys(ask(store, a.suggest[0]["question"])) == ["2.1.1", "2.2.3"]


def test_an_unknown_unit_with_no_near_name_gets_no_suggestion(store):
    a = ask(store, "区教育局负责哪些任务")
    assert a.suggest == [] and "您是不是要问" not in a.text


@pytest.mark.parametrize("question", ["推进数据中心集约发展", "“推进数据中心集约发展”", "2.1.2 推进数据中心集约发展",
                                      "“推进数据中心集约发展”怎么样"])
def test_a_question_quoting_a_task_heading_finds_it(store, question):
    a = ask(store, question)
    assert a.understood and a.rows and a.rows[0]["path"] == "2.1.2", a.text


@pytest.mark.parametrize("query", ["SELECT * WHERE { ?s ?p ?o }",
                                   "PREFIX pkg: <https://policykg.org/ns#>\nselect ?t where { ?t a pkg:Task }"])
def test_pasted_sparql_points_to_the_sparql_page(store, query):
    a = ask(store, query)
    assert a.is_sparql and not a.understood and "SPARQL」页" in a.text and a.answers == []


# ------------------------------------------------------------------ the document a notice issues

NOTICE_DOC = """青禾市人民政府办公室关于印发《青禾市数字乡村建设行动方案》的通知
各县(区)人民政府,市政府各部门:
现将《青禾市数字乡村建设行动方案》印发给你们,请认真贯彻执行。
青禾市人民政府办公室
2025年3月1日
青禾市数字乡村建设行动方案
为贯彻《数字乡村发展战略纲要》,制定本方案。
一、重点任务
(一)建设乡村信息基础设施。责任单位:市工信局
"""


@pytest.mark.parametrize("question,want", [
    ("这个通知印发的是什么文件?", ["青禾市数字乡村建设行动方案"]),
    ("通知印发了什么方案", ["青禾市数字乡村建设行动方案"]),
    ("这个方案依据哪些文件?", ["数字乡村发展战略纲要"]),
])
def test_the_document_a_notice_issues(tmp_path, question, want):
    from extract.pipeline import extract_text
    from kg.build import build_document
    from kg.stores import open_store

    store = open_store(str(tmp_path / "s"))
    store.import_built(build_document(extract_text(NOTICE_DOC, doc="qinghe_notice")))
    assert keys(ask(store, question)) == want
