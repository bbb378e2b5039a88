"""The Streamlit app, page by page, through streamlit's AppTest (the real pages on a real store)."""
from __future__ import annotations

import io
import json
import re
from pathlib import Path

import pytest

pytest.importorskip("streamlit")
from streamlit.testing.v1 import AppTest  # noqa: E402

from tests.conftest import ROOT, SAMPLE  # noqa: E402

MAIN = str(ROOT / "app" / "main.py")
PAGES = ["views/ask.py", "views/graph.py", "views/sparql.py", "views/docs.py", "views/ledger.py", "views/stats.py"]
TITLES = {"views/ask.py": "政策问答", "views/graph.py": "知识图谱", "views/sparql.py": "SPARQL 查询",
          "views/docs.py": "文档管理", "views/ledger.py": "任务台账", "views/stats.py": "统计"}
XSS_DOC = ("某区测试方案\n一、重点任务\n"
           "(一)加强<script>alert(1)</script>保护。推进=SUM(A1)工作。(责任单位:区财政局、区工信局)\n"
           "(二)推进数据共享。(区发改局牵头,区财政局配合)\n")


# ---------------------------------------------------------------- fixtures

@pytest.fixture(scope="session")
def sample_graph():
    """The sample document extracted and built once."""
    from extract.pipeline import extract_file
    from kg.build import build_document

    return build_document(extract_file(SAMPLE))


def _make_store(path: Path, *built) -> Path:
    from kg.stores import open_store

    st = open_store(path)
    st.ensure_ontology()
    for b in built:
        st.import_built(b)
    st.close()
    return path


@pytest.fixture(scope="session")
def sample_store(tmp_path_factory, sample_graph) -> Path:
    """A store holding the sample only (read by the tests that do not change it)."""
    return _make_store(tmp_path_factory.mktemp("app_store") / "store", sample_graph)


@pytest.fixture
def fresh_store(tmp_path, sample_graph) -> Path:
    """A store of its own, for tests that import or delete."""
    return _make_store(tmp_path / "store", sample_graph)


def run_app(monkeypatch, store: Path, page: str | None = None) -> AppTest:
    monkeypatch.setenv("POLICYKG_STORE", str(store))
    at = AppTest.from_file(MAIN, default_timeout=90).run()
    if page:
        at.switch_page(page).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def submit(at: AppTest, label: str) -> AppTest:
    next(b for b in at.button if b.label == label).click().run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def graph_nodes(at: AppTest, index: int = -1) -> list[dict]:
    """The nodes written into a drawn graph page (the iframe's HTML)."""
    frames = at.get("iframe")
    assert frames, "no graph drawn"
    html = frames[index].proto.srcdoc
    m = re.search(r"var NODES = (\[.*?\]), EDGES = ", html, re.S)
    assert m, "no node data in the graph page"
    return json.loads(m.group(1))


def unescape_md(s: str) -> str:
    return re.sub(r"\\(.)", r"\1", s)


def answer_table(at: AppTest):
    """The answer table (plain HTML, every cell escaped) as a DataFrame, or None."""
    import pandas as pd

    tables = [h.value for h in at.html if 'class="kg-table"' in h.value]
    return pd.read_html(io.StringIO(tables[0]))[0].astype(str) if tables else None


# ---------------------------------------------------------------- every page

@pytest.mark.parametrize("page", PAGES)
def test_every_page_runs_with_a_chinese_title(monkeypatch, sample_store, page):
    at = run_app(monkeypatch, sample_store, page)
    assert [t.value for t in at.title][0] == TITLES[page]
    # the sidebar lists the store's documents
    assert at.sidebar.multiselect[0].value == ["dongying_ip_2024"]


def test_empty_store_points_to_the_documents_page(monkeypatch, tmp_path):
    at = run_app(monkeypatch, tmp_path / "empty")
    assert any("文档" in i.value for i in at.info)


# ---------------------------------------------------------------- 问答

def test_ask_shows_the_tasks_with_their_source_and_sparql(monkeypatch, sample_store):
    at = run_app(monkeypatch, sample_store)
    at.text_input(key="question").set_value("区财政局负责哪些任务?")
    submit(at, "提问")
    assert "2.1.1" in unescape_md(at.success[0].value) and "2.2.3" in unescape_md(at.success[0].value)
    table = answer_table(at)
    assert list(table["章节"]) == ["2.1.1", "2.2.3"]
    assert all("区财政局" in u for u in table["单位"])
    assert all("责任单位" in s for s in table["原文"])
    assert any("SELECT" in c.value for c in at.code)  # the SPARQL used, in its expander
    labels = {n["full"] for n in graph_nodes(at)}  # the answer's subgraph beside the table
    assert {"区财政局", "2.1.1 加大高质量创造导向"} <= labels


def test_people_and_target_answers_show_their_source(monkeypatch, sample_store):
    """issue 12, item 4: a person answer shows the group and the member line; a target its sentence."""
    at = run_app(monkeypatch, sample_store)
    at.text_input(key="question").set_value("领导小组组长是谁?")
    submit(at, "提问")
    table = answer_table(at)
    assert list(table["姓名"]) == ["燕雪英"]
    assert "领导小组" in table["小组"][0] and "燕雪英" in table["原文"][0] and "组" in table["原文"][0]
    at.text_input(key="question").set_value("到2026年每万人有效发明专利拥有量目标是多少?")
    submit(at, "提问")
    table = answer_table(at)
    assert "46件以上" in table["原文"][0] and table["年份"][0] == "2026"
    assert "46件以上" in unescape_md(at.success[0].value)


def test_a_mistyped_unit_offers_the_right_question_as_a_button(monkeypatch, sample_store):
    """issue 12, item 7: 区财正局 → 您是不是要问:区财政局负责哪些任务? as a button that asks it."""
    at = run_app(monkeypatch, sample_store)
    at.text_input(key="question").set_value("区财正局负责哪些任务?")
    submit(at, "提问")
    assert answer_table(at) is None
    button = next(b for b in at.button if b.key == "suggest_0")
    assert button.label == "区财政局负责哪些任务?"
    button.click().run()
    assert list(answer_table(at)["章节"]) == ["2.1.1", "2.2.3"]


def test_pasted_sparql_points_to_the_sparql_page(monkeypatch, sample_store):
    at = run_app(monkeypatch, sample_store)
    at.text_input(key="question").set_value("SELECT ?t WHERE { ?t a <https://policykg.org/ns#Task> }")
    submit(at, "提问")
    assert any("SPARQL" in i.value for i in at.info)
    links = at.get("page_link")
    assert links and "sparql" in links[0].proto.page


def test_example_question_button_asks_it(monkeypatch, sample_store):
    at = run_app(monkeypatch, sample_store)
    examples = [b for b in at.button if b.key and b.key.startswith("example_")]
    assert examples, "no example questions offered"
    examples[0].click().run()
    assert not at.exception
    assert at.text_input(key="question").value == examples[0].label
    assert at.success and answer_table(at) is not None


def test_big_store_offers_busiest_units_and_builds_the_question_index_in_the_background(monkeypatch, fresh_store):
    import time

    from app import state

    monkeypatch.setattr(state, "CHECKED_EXAMPLES_UP_TO", 0)  # every store counts as big
    at = run_app(monkeypatch, fresh_store)
    labels = [b.label for b in at.button if b.key and b.key.startswith("example_")]
    assert labels and all(q.endswith("负责哪些任务?") for q in labels)
    deadline = time.monotonic() + 60
    while not list((fresh_store / "ask-index").glob("*.pickle")) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert list((fresh_store / "ask-index").glob("*.pickle")), "the question index was not built in the background"


def test_ask_not_understood_offers_examples(monkeypatch, sample_store):
    at = run_app(monkeypatch, sample_store)
    at.text_input(key="question").set_value("今天天气怎么样")
    submit(at, "提问")
    assert any("未能理解" in unescape_md(w.value) for w in at.warning)
    assert answer_table(at) is None


# ---------------------------------------------------------------- 图谱

def test_graph_page_draws_the_store_and_filters_by_unit_and_role(monkeypatch, sample_store):
    at = run_app(monkeypatch, sample_store, "views/graph.py")
    whole = graph_nodes(at)
    kinds = {n["kind"] for n in whole}
    assert {"task", "unit"} <= kinds and len(whole) > 30
    box = at.selectbox(key="graph_unit")  # options are shown as labels
    unit = next(o for o in box.options if o.startswith("区财政局"))
    box.select_index(box.options.index(unit)).run()
    assert not at.exception
    nodes = graph_nodes(at)
    tasks = sorted(n["full"].split()[0] for n in nodes if n["kind"] == "task")
    assert tasks == ["2.1.1", "2.2.3"]
    assert "区市场监管局" in {n["full"] for n in nodes}  # co-responsible units of its tasks
    at.multiselect(key="graph_roles").set_value(["lead"]).run()
    assert not at.exception
    # the sample names no lead units: no task is left (the unit may stay, with its member's post)
    assert any("没有符合条件" in w.value for w in at.warning) or not [
        n for n in graph_nodes(at) if n["kind"] == "task"]


def test_graph_search_focuses_and_section_filter(monkeypatch, sample_store):
    at = run_app(monkeypatch, sample_store, "views/graph.py")
    at.text_input(key="graph_search").set_value("区财政局").run()
    html = at.get("iframe")[-1].proto.srcdoc
    focus = json.loads(re.search(r"FOCUS = (\[.*?\]), SEARCH", html).group(1))
    assert focus and all("%E5%8C%BA%E8%B4%A2%E6%94%BF%E5%B1%80" in f or "区财政局" in f for f in focus)
    at.text_input(key="graph_search").set_value("").run()
    at.selectbox(key="graph_doc").set_value("dongying_ip_2024").run()
    at.selectbox(key="graph_section").set_value("2.3").run()
    assert not at.exception
    tasks = {n["full"].split()[0] for n in graph_nodes(at) if n["kind"] == "task"}
    assert tasks == {"2.3.1", "2.3.2", "2.3.3"}


def test_graph_cap_and_show_more(monkeypatch, sample_store):
    monkeypatch.setattr("app.graphview.CAP_STEP", 150)
    at = run_app(monkeypatch, sample_store, "views/graph.py")
    at.session_state["graph_cap"] = 20
    at.run()
    assert len(graph_nodes(at)) == 20
    more = next(b for b in at.button if b.key == "graph_more")
    more.click().run()
    assert len(graph_nodes(at)) > 20


def test_meeting_mode_uses_large_fonts(monkeypatch, sample_store):
    at = run_app(monkeypatch, sample_store, "views/graph.py")
    at.toggle(key="graph_meeting").set_value(True).run()
    assert not at.exception
    html = at.get("iframe")[-1].proto.srcdoc
    size = json.loads(re.search(r"OPTIONS = (\{.*?\}),\s+LEGEND", html, re.S).group(1))["nodes"]["font"]["size"]
    assert size >= 26
    assert not at.title  # the page gives the screen to the graph


# ---------------------------------------------------------------- SPARQL

def test_sparql_runs_a_named_query_with_downloads(monkeypatch, sample_store):
    at = run_app(monkeypatch, sample_store, "views/sparql.py")
    at.selectbox(key="sparql_example").set_value("documents").run()
    assert "documents" in at.text_area(key="sparql_text").value or "pkg:Document" in at.text_area(key="sparql_text").value
    submit(at, "运行查询")
    res = at.session_state["sparql_result"]
    assert res.kind == "select" and res.rows[0]["doc_id"] == "dongying_ip_2024"
    assert at.dataframe[0].value["doc_id"].tolist() == ["dongying_ip_2024"]
    assert {b.label for b in at.get("download_button")} >= {"下载 CSV", "下载 JSON"}
    csv_text = res.csv_bytes().decode("utf-8-sig")
    assert csv_text.splitlines()[0].startswith("doc,doc_id,title")
    assert json.loads(res.json_bytes())[0]["tasks"] == 17


@pytest.mark.parametrize("update", ["DELETE WHERE { ?s ?p ?o }",
                                    "PREFIX x: <http://x/> INSERT DATA { x:a x:b x:c }",
                                    "DROP ALL"])
def test_sparql_refuses_updates_and_changes_nothing(monkeypatch, sample_store, update):
    at = run_app(monkeypatch, sample_store, "views/sparql.py")
    at.text_area(key="sparql_text").set_value(update)
    submit(at, "运行查询")
    assert any("只读" in e.value for e in at.error)
    at.text_area(key="sparql_text").set_value("SELECT (COUNT(*) AS ?n) WHERE { ?t a <https://policykg.org/ns#Task> }")
    submit(at, "运行查询")
    assert at.session_state["sparql_result"].rows[0]["n"] == 17


def test_sparql_syntax_error_and_row_cap(monkeypatch, sample_store):
    at = run_app(monkeypatch, sample_store, "views/sparql.py")
    at.text_area(key="sparql_text").set_value("SELECT ?x WHERE { ?x ")
    submit(at, "运行查询")
    assert any("语法错误" in e.value for e in at.error)
    monkeypatch.setattr("app.console.MAX_ROWS", 5)
    from app import console
    from kg.stores import open_store

    with open_store(":memory:") as mem:
        mem.replace_graph("https://x.org/g", "".join(f"<https://x.org/s{i}> <https://x.org/p> \"{i}\" .\n"
                                                     for i in range(50)))
        res = console.run_query(console.make_endpoint(mem, max_rows=5), "SELECT * WHERE { ?s ?p ?o }")
    assert res.kind == "select" and len(res.rows) == 5 and res.truncated


def test_sparql_timeout_is_reported(sample_store):
    from app import console
    from kg.stores import open_store

    with open_store(":memory:") as mem:
        mem.replace_graph("https://x.org/g", "".join(f"<https://x.org/s{i}> <https://x.org/p> <https://x.org/s{i + 1}> .\n"
                                                     for i in range(400)))
        slow = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?p ?b . ?c ?q ?d . ?e ?r ?f . ?g ?s ?h }"
        res = console.run_query(console.make_endpoint(mem, timeout=0.3), slow)
    assert res.kind == "timeout" and "超时" in res.message


# ---------------------------------------------------------------- 文档

def test_upload_good_and_bad_files(monkeypatch, fresh_store):
    from tests.examples import EXAMPLE_TEXT

    at = run_app(monkeypatch, fresh_store, "views/docs.py")
    at.file_uploader[0].set_value([
        ("qingshan_digital.txt", EXAMPLE_TEXT.encode("utf-8"), "text/plain"),
        ("broken.pdf", b"this is not a pdf", "application/pdf"),
        ("empty.txt", b"", "text/plain"),
    ]).run()
    submit(at, "导入")
    rows = {r["文件"]: r for r in at.session_state["import_results"]}
    assert rows["qingshan_digital.txt"]["结果"] == "已导入" and rows["qingshan_digital.txt"]["任务"] == 3
    assert rows["broken.pdf"]["结果"] == "失败" and "PDF" in rows["broken.pdf"]["说明"]
    assert rows["empty.txt"]["结果"] == "失败" and "空" in rows["empty.txt"]["说明"]
    errors = " ".join(e.value for e in at.error)
    assert "broken" in errors and "损坏" in errors
    listed = at.dataframe[0].value["文件ID"].tolist()
    assert listed == ["dongying_ip_2024", "qingshan_digital"]  # the sample is still there, nothing half-imported
    assert at.sidebar.multiselect[0].options == ["dongying_ip_2024", "qingshan_digital"] or \
        len(at.sidebar.multiselect[0].options) == 2


def test_delete_a_document(monkeypatch, fresh_store):
    at = run_app(monkeypatch, fresh_store, "views/docs.py")
    at.selectbox(key="del_doc").set_value("dongying_ip_2024")
    at.checkbox(key="del_sure").check().run()
    submit(at, "删除")
    assert any("已删除" in unescape_md(s.value) for s in at.success)
    assert any("还没有文件" in i.value for i in at.info)


def test_document_text_is_escaped_everywhere(monkeypatch, fresh_store):
    at = run_app(monkeypatch, fresh_store, "views/docs.py")
    at.file_uploader[0].set_value([("xss_test.txt", XSS_DOC.encode("utf-8"), "text/plain")]).run()
    submit(at, "导入")
    assert at.session_state["import_results"][0]["任务"] == 2
    at.switch_page("views/graph.py").run()
    at.selectbox(key="graph_doc").set_value("xss_test").run()
    html = at.get("iframe")[-1].proto.srcdoc
    assert "<script>alert(1)" not in html
    assert "\\u003cscript\\u003ealert(1)" in html
    labels = {n["full"] for n in graph_nodes(at)}
    assert "1.1 加强<script>alert(1)</script>保护" in labels  # shown as text (canvas labels, innerText titles)
    at.switch_page("views/ask.py").run()
    at.text_input(key="question").set_value("区工信局负责哪些任务?")
    submit(at, "提问")  # two documents name a 区工信局: the app asks which one
    choice = next(b for b in at.button if b.key and b.key.startswith("clarify_") and "某区测试方案" in b.label)
    choice.click().run()
    assert not at.exception and "某区测试方案" in at.text_input(key="question").value
    table_html = next(h.value for h in at.html if 'class="kg-table"' in h.value)
    assert "<script>" not in table_html and "&lt;script&gt;alert(1)&lt;/script&gt;" in table_html
    assert "加强<script>alert(1)</script>保护" in set(answer_table(at)["任务"])  # shown as the text it is


# ---------------------------------------------------------------- 台账

def test_ledger_lists_the_units_tasks_and_downloads_xlsx(monkeypatch, sample_store):
    from openpyxl import load_workbook

    from app.ledger import COLUMNS

    at = run_app(monkeypatch, sample_store, "views/ledger.py")
    box = at.selectbox(key="ledger_unit")
    unit = next(o for o in box.options if o.startswith("区财政局"))
    box.select_index(box.options.index(unit)).run()
    assert not at.exception
    shown = [r for df in at.dataframe for r in df.value.to_dict("records")]
    assert [r["章节"] for r in shown] == ["2.1.1", "2.2.3"]
    assert {r["角色"] for r in shown} == {"责任"}
    assert at.get("download_button")[0].label == "下载 Excel 台账"
    ws = load_workbook(io.BytesIO(at.session_state["ledger_xlsx"])).active
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0] == COLUMNS
    assert [r[2] for r in rows[1:]] == ["2.1.1", "2.2.3"]
    first = dict(zip(COLUMNS, rows[1]))
    assert first["序号"] == 1 and first["任务"] == "加大高质量创造导向" and first["角色"] == "责任"
    assert first["文件"].startswith("东营区国家知识产权强县建设示范工作方案")
    assert "区市场监管局" in first["同责单位"] and "区财政局" not in first["同责单位"]
    assert first["原文"].startswith("1.加大高质量创造导向") and "责任单位" in first["原文"]


def test_ledger_xlsx_keeps_document_text_as_text(monkeypatch, fresh_store):
    from openpyxl import load_workbook

    at = run_app(monkeypatch, fresh_store, "views/docs.py")
    at.file_uploader[0].set_value([("xss_test.txt", XSS_DOC.encode("utf-8"), "text/plain")]).run()
    submit(at, "导入")
    at.switch_page("views/ledger.py").run()
    box = at.selectbox(key="ledger_unit")
    # 区财政局 of the new document has no jurisdiction; pick the one with 2 tasks there
    options = [o for o in box.options if o.startswith("区财政局")]
    assert options
    found = False
    for o in options:
        box = at.selectbox(key="ledger_unit")
        box.select_index(box.options.index(o)).run()
        ws = load_workbook(io.BytesIO(at.session_state["ledger_xlsx"])).active
        cells = [c for row in ws.iter_rows(min_row=2) for c in row]
        for c in cells:
            if isinstance(c.value, str) and "=SUM(A1)" in c.value:
                assert c.data_type == "s"
                found = True
        roles = {ws.cell(row=r, column=5).value for r in range(2, ws.max_row + 1)}
        if "配合" in roles:
            assert "牵头" not in roles
    assert found


# ---------------------------------------------------------------- 统计

def test_stats_page_charts_and_network(monkeypatch, sample_store):
    at = run_app(monkeypatch, sample_store, "views/stats.py")
    charts = at.get("vega_lite_chart")
    assert len(charts) >= 3  # tasks per unit, role split, targets by year
    table = at.dataframe[0].value
    assert table.iloc[0]["单位"] == "区市场监管局" and table.iloc[0]["任务数"] == 17
    nodes = graph_nodes(at)  # the co-responsibility network
    assert {"区市场监管局", "区财政局"} <= {n["full"] for n in nodes}
    years = at.dataframe[-1].value
    assert "2026" in set(years["年份"])
    # issue 12, item 5: no None, no >= or range codes: Chinese words
    cells = {str(v) for col in years.columns for v in years[col]}
    assert not cells & {"None", "nan", ">=", "<=", "range", "≈"}, cells
    assert {"不低于", "未写明"} & set(years["比较"]) | set(years["年份"])


def test_bad_file_messages_are_chinese_with_their_code():
    from app.importer import error_zh

    msg = error_zh("[E113] scan.pdf: the PDF has no text layer (a scan?); run OCR first")
    assert msg.startswith("PDF 没有文字层") and "E113" in msg and "layer" not in msg and "OCR first" not in msg


def test_sidebar_document_choice_filters_pages(monkeypatch, fresh_store):
    from tests.examples import EXAMPLE_TEXT

    at = run_app(monkeypatch, fresh_store, "views/docs.py")
    at.file_uploader[0].set_value([("qingshan_digital.txt", EXAMPLE_TEXT.encode("utf-8"), "text/plain"),
                                   ("dongying_copy.txt", SAMPLE.read_bytes(), "text/plain")]).run()
    submit(at, "导入")
    at.switch_page("views/stats.py").run()
    picker = at.sidebar.multiselect[0]
    assert sorted(picker.value) == ["dongying_copy", "dongying_ip_2024", "qingshan_digital"]  # same titles, told apart
    picker.set_value(["qingshan_digital"]).run()
    assert not at.exception
    units = set(at.dataframe[0].value["单位"])
    assert "区市场监管局" not in units and "区财政局" in units
    at.sidebar.multiselect[0].set_value(["dongying_copy"]).run()
    assert at.dataframe[0].value.iloc[0]["任务数"] == 17  # one copy, not both


@pytest.fixture
def many_docs_store(tmp_path) -> Path:
    """Six short documents with distinct titles (the sidebar filter for 5–50 documents)."""
    import dataclasses

    from kg.build import build_document
    from tests.examples import example_document
    from kg.stores import open_store

    path = tmp_path / "many"
    with open_store(path) as s:
        s.ensure_ontology()
        for i, place in enumerate(["青山区", "莲都区", "东营区", "河口区", "垦利区", "广饶县"]):
            d = dataclasses.replace(example_document(f"plan_{i}", place), title=f"{place}数字经济发展工作方案(2024—2026年)")
            s.import_built(build_document(d))
    return path


def test_sidebar_filter_for_many_documents_search_all_none(monkeypatch, many_docs_store):
    """issue 12, item 8: full titles, a search that picks its matches, select all / none."""
    at = run_app(monkeypatch, many_docs_store, "views/stats.py")
    picker = at.sidebar.multiselect[0]
    assert len(picker.value) == 6
    assert "河口区数字经济发展工作方案(2024—2026年) · plan_3" in picker.options  # the full title
    at.sidebar.text_input(key="doc_search").set_value("河口").run()
    next(b for b in at.sidebar.button if b.key == "doc_pick_hits").click().run()
    assert at.sidebar.multiselect[0].value == ["plan_3"]
    assert "已选 1 个" in " ".join(c.value for c in at.sidebar.caption)
    next(b for b in at.sidebar.button if b.key == "doc_none").click().run()
    assert at.sidebar.multiselect[0].value == []
    assert not at.exception
    next(b for b in at.sidebar.button if b.key == "doc_all").click().run()
    assert len(at.sidebar.multiselect[0].value) == 6
