"""督办: progress reports recognised and read, items linked to tasks, lights, 台账 .xlsx, 督查通报, kg due."""
from __future__ import annotations

import io
import json
from datetime import date

import pytest
from click.testing import CliRunner

from extract.pipeline import extract_file, extract_text
from extract.reports import classify_status, find_percent, is_report_title
from kg.build import build_document
from kg.due import LEDGER_COLUMNS, due_rows, history, link_reports, notice_text, to_xlsx
from kg.local import LocalStore
from tests.conftest import DATA

DUE_DOCS = sorted((DATA / "testdocs").glob("due_*.txt"))
ON = date(2024, 10, 20)


@pytest.fixture(scope="module")
def store():
    st = LocalStore(":memory:")
    st.ensure_ontology()
    for f in DUE_DOCS:
        st.import_built(build_document(extract_file(f)))
    link_reports(st)
    return st


@pytest.mark.parametrize("title, cue", [
    ("东营区2024年三季度重点任务进展情况", "进展情况"),
    ("泗洲头镇2024年度重点工作计划二季度执行情况", "执行情况"),
    ("2023年区政府重点民生实事项目推进情况(1-11月)", "推进情况"),
    ("关于三季度重点任务推进滞后情况的通报", "通报"),
    ("关于2024年上半年优化营商环境工作落实情况的报告", "落实情况"),
    ("关于开展重点任务落实情况督查的通知", None),
    ("东营区2024年重点任务实施方案", None),
    ("关于印发《2024年工作要点》的通知", None),
])
def test_report_titles(title, cue):
    assert is_report_title(title) == cue


@pytest.mark.parametrize("text, status", [
    ("已完成专项资金拨付。", "done"),
    ("已全面完成年度任务。", "done"),
    ("主体工程基本完成。", "mostly_done"),
    ("正在开展施工招标。", "in_progress"),
    ("已完成前期工作,正在推进施工。", "in_progress"),
    ("进度滞后,受用地影响。", "behind"),
    ("未按期完成。", "behind"),
    ("尚未启动。", "not_started"),
    ("未出现滞后情况,已顺利完成。", "done"),
    ("召开专题会议一次。", None),
])
def test_status_from_wording(text, status):
    assert classify_status(text) == status


@pytest.mark.parametrize("text, pct", [("完成年度目标的60%。", 60.0), ("进度达80%", 80.0), ("完成率75.5%", 75.5),
                                       ("网上可办率达到96.5%", None), ("完成投资3000万元", None)])
def test_percentages(text, pct):
    assert find_percent(text) == pct


def test_reports_are_recognised_with_period_date_and_items():
    reports = {f.stem: extract_file(f).report for f in DUE_DOCS}
    assert reports["due_plan"] is None
    q2, q3, notice = reports["due_report_q2_table"], reports["due_report_q3_paragraphs"], reports["due_report_q3_notice"]
    assert (q2.period, q2.date, len(q2.items)) == ("2024-Q2", "2024-07-05", 10)
    assert q2.plan == "澄川区2024年数字经济发展重点任务实施方案"
    assert (q3.period, q3.date, len(q3.items)) == ("2024-Q3", "2024-10-08", 9)
    assert notice.lagging_only and notice.period == "2024-Q3"
    assert [i.status for i in notice.items] == ["not_started", "behind", "behind", "behind"]
    item = next(i for i in q3.items if i.heading == "推进千兆光网进小区")
    assert (item.status, item.percent) == ("in_progress", 85.0)
    assert item.text == "区工信局会同各街道推进老旧小区光纤改造,累计完成改造102个,完成年度目标的85%。"
    text = (DATA / "testdocs" / "due_report_q3_paragraphs.txt").read_text(encoding="utf-8")
    assert text[item.start:item.end] == item.text  # the span is the sentence's
    assert next(i for i in q2.items if i.ref).ref == "3.4"


def test_link_precision_and_recall_meet_the_goal():
    from bench.due_links import measure

    res = measure()
    assert res["precision"] >= 0.98 and res["recall"] >= 0.90, res
    assert all(r["got"] is None for r in res["rows"] if r["report"] == "due_report_unrelated")


def test_links_keep_their_evidence_in_one_graph_per_report(store):
    graphs = [g for g in store.graphs() if "/graph/links/" in g]
    assert len(graphs) == 3  # the unrelated report links nothing: its links graph stays empty
    rows = store.select("""PREFIX pkg: <https://policykg.org/ns#>
        SELECT ?m ?s ?w WHERE { GRAPH <https://policykg.org/graph/links/due_report_q3_notice> {
          ?l a pkg:ReportLink ; pkg:linkMethod ?m ; pkg:linkScore ?s ; pkg:matchedWords ?w } }""")
    assert len(rows) == 3 and all(r["m"] == "text" and 0.42 <= float(r["s"]) <= 1 for r in rows)
    assert any("城市运行管理平台" in r["w"] for r in rows)


def test_deadlines_are_owl_time_dates_in_the_graph(store):
    rows = store.select("""PREFIX pkg: <https://policykg.org/ns#> PREFIX time: <http://www.w3.org/2006/time#>
        SELECT ?p ?d WHERE { ?t pkg:path ?p ; pkg:deadline ?dl . ?dl a time:Instant ; time:inXSDDate ?d }""")
    got = {r["p"]: str(r["d"]) for r in rows}
    assert got["1.1"] == "2024-06-30" and got["2.1"] == "2024-12-31" and got["3.4"] == "2025-06-30"


def test_lights_and_latest_status(store):
    rows = {r.path: r for r in due_rows(store, ON)}
    assert len(rows) == 12
    assert rows["3.2"].light == "overdue" and rows["3.2"].status == "behind" and rows["3.2"].days_left == -20
    assert rows["1.1"].light == "done" and rows["4.2"].light == "done"
    assert rows["1.2"].light == "on_track" and rows["1.2"].percent == 85.0
    assert rows["1.3"].report_id == "due_report_q3_notice"  # the latest report wins
    assert rows["3.1"].kind == "ongoing" and rows["3.1"].due is None
    assert rows["2.3"].due == "2024-12-31"  # 每季度: the end of the current quarter
    soon = {r.path for r in due_rows(store, date(2024, 12, 5), within=30)}
    assert {"1.2", "2.1"} <= soon and all(r.light == "due_soon" for r in due_rows(store, date(2024, 12, 5),
                                                                                  light="due_soon"))


def test_status_on_a_date_takes_only_the_reports_before_it(store):
    early = {r.path: r for r in due_rows(store, date(2024, 8, 1))}
    assert early["2.2"].status == "behind" and early["2.2"].report_id == "due_report_q2_table"
    assert {r.path: r for r in due_rows(store, ON)}["2.2"].status == "done"
    before = {r.path: r for r in due_rows(store, date(2024, 7, 1))}
    assert before["2.2"].status is None and before["2.2"].light == "on_track"
    assert before["4.2"].status is None and before["4.2"].light == "overdue"  # due 3-31, no report yet
    h = history(store)
    task = early["2.2"].task
    assert [x["report_id"] for x in h[task]] == ["due_report_q2_table", "due_report_q3_paragraphs"]


def test_filters(store):
    assert {r.path for r in due_rows(store, ON, unit="区大数据中心")} == {"1.3", "3.2", "3.4"}
    assert {r.path for r in due_rows(store, ON, unit="大数据中心")} == {"1.3", "3.2", "3.4"}
    assert {r.path for r in due_rows(store, ON, lagging=True)} == {"1.3", "2.4", "3.2"}
    assert due_rows(store, ON, doc_id="nothing") == []
    assert len(due_rows(store, ON, jurisdiction="澄川区")) == 12


def test_ledger_xlsx_reads_back(store):
    from openpyxl import load_workbook

    rows = due_rows(store, ON)
    wb = load_workbook(io.BytesIO(to_xlsx(rows)))
    ws = wb.active
    header = [c.value for c in ws[1]]
    assert header == list(LEDGER_COLUMNS)
    assert {"完成时限(日期)", "最新进展", "状态", "报告日期"} <= set(header)
    body = [dict(zip(header, [c.value for c in r])) for r in ws.iter_rows(min_row=2)]
    assert len(body) == 12
    r32 = next(r for r in body if r["章节"] == "3.2")
    assert (r32["完成时限(日期)"], r32["状态"], r32["报告日期"], r32["督办灯"]) == ("2024-09-30", "滞后", "2024-10-15", "逾期")
    assert r32["最新进展"].startswith("城市运行管理平台一期原定9月底前上线")


def test_notice_lists_overdue_and_lagging_tasks_by_unit(store):
    text = notice_text(due_rows(store, ON), ON)
    assert "督查通报" in text and "共有3项任务" in text
    assert "区大数据中心(2项)" in text and "建设城市运行管理平台(任务3.2)" in text
    assert "已逾期20天" in text and "目前系统开发仅完成70%" in text


def test_a_report_table_of_its_own_tasks_links_rows_to_themselves():
    text = ("2023年区政府重点民生实事项目推进情况(1-11月)\n序号 | 主要任务 | 牵头单位 | 1-11月推进情况 |\n"
            "1 | 新建口袋公园12个。 | 区城管局 | 已建成口袋公园12个,全面完成。 |\n"
            "2 | 改造老旧小区30个。 | 区住建局 | 完成改造18个,进度滞后。 |\n")
    doc = extract_text(text, doc="self_report")
    assert doc.report and [t.path for t in doc.tasks] == ["T1.1", "T1.2"]
    st = LocalStore(":memory:")
    st.import_built(build_document(doc))
    links = link_reports(st)["self_report"]
    assert [lk.method for lk in links] == ["row", "row"]
    rows = {r.path: r for r in due_rows(st, date(2023, 12, 10))}
    assert rows["T1.1"].light == "done" and rows["T1.2"].status == "behind"


def test_kg_due_command(tmp_path):
    from kg.cli import main

    st = str(tmp_path / "st")
    runner = CliRunner()
    r = runner.invoke(main, ["build", *map(str, DUE_DOCS), "--store", st, "-q"])
    assert r.exit_code == 0, r.output
    r = runner.invoke(main, ["due", "--store", st, "--on", "2024-10-20", "--json"])
    assert r.exit_code == 0, r.output
    rows = json.loads(r.output)
    assert {x["path"]: x["light_label"] for x in rows}["3.2"] == "逾期"
    r = runner.invoke(main, ["due", "--store", st, "--on", "2024-10-20", "--light", "overdue"])
    assert "建设城市运行管理平台" in r.output and "加快5G网络建设" not in r.output
    out = tmp_path / "台账.xlsx"
    r = runner.invoke(main, ["due", "--store", st, "--on", "2024-10-20", "--unit", "区财政局", "--xlsx", str(out)])
    assert r.exit_code == 0 and out.exists()
    r = runner.invoke(main, ["due", "--store", st, "--on", "2024-10-20", "--notice"])
    assert "督查通报" in r.output and "区大数据中心" in r.output
    r = runner.invoke(main, ["due", "--store", st, "--on", "2024-13-01"])
    assert r.exit_code != 0 and "E433" in r.output
    r = runner.invoke(main, ["due-link", "--store", st])
    assert "due_report_q3_notice: 3" in r.output


# ---------------------------------------------------------------- questions

@pytest.mark.parametrize("question, intent, keys", [
    ("哪些任务逾期未完成?", "due_overdue", ["3.2"]),
    ("区大数据中心的任务进展如何?", "due_progress", ["1.3", "3.2", "3.4"]),
    ("三季度哪些工作滞后?", "due_lagging", ["1.3", "2.4", "3.2"]),
    ("二季度哪些工作滞后?", "due_lagging", ["2.2", "3.2", "3.4"]),
    ("3.2完成了吗?", "due_done_check", ["3.2"]),
    ("1.1 完成了吗", "due_done_check", ["1.1"]),
    ("下个月到期的任务有哪些?", "due_due_window", []),
    ("年底前到期的任务有哪些?", "due_due_window", ["1.2", "2.1", "2.3"]),
])
def test_due_questions(monkeypatch, store, question, intent, keys):
    from kg.ask import ask

    monkeypatch.setenv("POLICYKG_TODAY", "2024-10-20")
    a = ask(store, question)
    assert a.intent["intent"] == intent
    assert sorted(x["key"] for x in a.answers) == keys
    assert "due_tasks" not in a.sparql and "SELECT" in a.sparql


def test_due_answers_carry_task_and_report_sentences(monkeypatch, store):
    from kg.ask import ask

    monkeypatch.setenv("POLICYKG_TODAY", "2024-10-20")
    a = ask(store, "哪些任务逾期未完成?")
    row = a.rows[0]
    assert row["text"].startswith("(二)建设城市运行管理平台")
    assert row["report"].startswith("城市运行管理平台一期原定9月底前上线") and row["report_date"] == "2024-10-15"
    assert "【最新进展 2024-10-15】" in row["source"]
    b = ask(store, "3.2完成了吗?")
    assert "尚未完成" in b.text and "已逾期20天" in b.text


def test_other_questions_are_left_to_the_main_pipeline(monkeypatch, store):
    from kg.ask import ask

    monkeypatch.setenv("POLICYKG_TODAY", "2024-10-20")
    a = ask(store, "区财政局负责哪些任务?")
    assert not a.intent["intent"].startswith("due_") and [x["key"] for x in a.answers] == ["4.2"]


def test_removing_a_report_drops_its_links(tmp_path):
    from kg.cli import main

    st = str(tmp_path / "st")
    runner = CliRunner()
    assert runner.invoke(main, ["build", *map(str, DUE_DOCS), "--store", st, "-q"]).exit_code == 0
    r = runner.invoke(main, ["rm", "due_report_q3_notice", "--store", st])
    assert r.exit_code == 0, r.output
    store = LocalStore(st, read_only=True)
    try:
        assert not any(g.endswith("/links/due_report_q3_notice") for g in store.graphs())
        rows = {x.path: x for x in due_rows(store, ON)}
        assert rows["1.3"].report_id == "due_report_q3_paragraphs"  # the earlier report is the latest now
    finally:
        store.close()


def test_a_ledger_style_report_with_label_lines():
    text = ("澄川区2024年数字经济发展重点任务半年落实情况\n"
            "(一)加快5G网络建设\n责任单位:区工信局\n完成情况:已完成,累计新建5G基站312个。\n"
            "(二)建设区级数据中心\n责任单位:区大数据中心\n完成情况:完成初步设计,完成年度计划的30%。\n"
            "澄川区数字经济发展工作领导小组办公室\n2024年7月10日\n")
    doc = extract_text(text, doc="ledger_report")
    rep = doc.report
    assert rep and rep.period == "2024-H1" and rep.date == "2024-07-10"
    got = [(i.heading, i.status, i.percent, i.text, i.units) for i in rep.items]
    assert got == [("加快5G网络建设", "done", None, "已完成,累计新建5G基站312个。", ["区工信局"]),
                   ("建设区级数据中心", "in_progress", 30.0, "完成初步设计,完成年度计划的30%。", ["区大数据中心"])]
    assert all(text[i.start:i.end] == i.text for i in rep.items)


def test_two_plans_with_the_same_heading_and_path_give_no_link_rather_than_a_guess():
    from kg.due_link import ItemCand, TaskCand, link_items

    tasks = [TaskCand("a", "p1", "甲方案", "甲区", False, "1.1", "加强组织领导", "成立领导小组。"),
             TaskCand("b", "p2", "乙方案", "甲区", False, "1.1", "加强组织领导", "成立工作专班。")]
    same = ItemCand("i", "r", "甲区", None, "已召开会议。", heading="加强组织领导", ref="1.1")
    assert link_items([same], tasks) == []
    told = ItemCand("j", "r", "甲区", None, "已成立工作专班,召开专班会议。", heading="加强组织领导")
    assert [lk.task for lk in link_items([told], tasks)] == ["b"]
    cited = ItemCand("k", "r", "甲区", "乙方案", "已召开会议。", heading="加强组织领导")
    assert [lk.task for lk in link_items([cited], tasks)] == ["b"]
