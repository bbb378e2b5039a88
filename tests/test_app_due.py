"""The 督办 page through streamlit's AppTest, on a store holding the due_* plan and its reports."""
from __future__ import annotations

import io
from pathlib import Path

import pytest

pytest.importorskip("streamlit")
from streamlit.testing.v1 import AppTest  # noqa: E402

from tests.conftest import DATA, ROOT  # noqa: E402

MAIN = str(ROOT / "app" / "main.py")
DUE_DOCS = sorted((DATA / "testdocs").glob("due_*.txt"))


@pytest.fixture(scope="module")
def due_store(tmp_path_factory) -> Path:
    from extract.pipeline import extract_file
    from kg.build import build_document
    from kg.due import link_reports
    from kg.stores import open_store

    path = tmp_path_factory.mktemp("due_app") / "store"
    st = open_store(path)
    st.ensure_ontology()
    for f in DUE_DOCS:
        st.import_built(build_document(extract_file(f)))
    link_reports(st)
    st.close()
    return path


def due_page(monkeypatch, store: Path) -> AppTest:
    monkeypatch.setenv("POLICYKG_STORE", str(store))
    at = AppTest.from_file(MAIN, default_timeout=90)
    at.query_params["on"] = "2024-10-20"
    at.run()
    at.switch_page("views/due.py").run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def table_html(at: AppTest) -> str:
    return next(h.value for h in at.html if 'class="kg-due"' in h.value)


def test_due_page_lights_filter_and_downloads(monkeypatch, due_store):
    from openpyxl import load_workbook

    at = due_page(monkeypatch, due_store)
    assert at.title[0].value == "督办"
    metrics = {m.label: m.value for m in at.metric}
    assert metrics == {"逾期": "1", "临期": "0", "正常": "7", "已完成": "4"}
    html = table_html(at)
    assert html.count('data-light="overdue"') == 1 and 'data-path="3.2"' in html
    assert "目前系统开发仅完成70%" in html
    at.selectbox(key="due_unit").set_value("区大数据中心").run()
    assert not at.exception
    html = table_html(at)
    assert html.count("<tr data-light") == 3
    ws = load_workbook(io.BytesIO(at.session_state["due_xlsx"])).active
    assert ws.max_row == 4 and ws["H1"].value == "最新进展"
    at.multiselect(key="due_lights").set_value(["overdue"]).run()
    assert table_html(at).count("<tr data-light") == 1


def test_due_page_escapes_document_text(monkeypatch, tmp_path):
    from extract.pipeline import extract_text
    from kg.build import build_document
    from kg.stores import open_store

    text = ("某区2024年重点任务方案\n一、重点任务\n(一)加强<script>alert(1)</script>保护。(责任单位:区财政局)\n"
            "完成时限:2024年6月底前\n")
    st = open_store(tmp_path / "store")
    st.ensure_ontology()
    st.import_built(build_document(extract_text(text, doc="xss")))
    st.close()
    at = due_page(monkeypatch, tmp_path / "store")
    html = table_html(at)
    assert "<script>" not in html and "&lt;script&gt;" in html


def test_ledger_gains_due_date_and_latest_progress(monkeypatch, due_store):
    from openpyxl import load_workbook

    from app.ledger import COLUMNS

    monkeypatch.setenv("POLICYKG_TODAY", "2024-10-20")
    monkeypatch.setenv("POLICYKG_STORE", str(due_store))
    at = AppTest.from_file(MAIN, default_timeout=90).run()
    at.switch_page("views/ledger.py").run()
    box = at.selectbox(key="ledger_unit")
    box.select_index(next(i for i, o in enumerate(box.options) if o.startswith("区大数据中心"))).run()
    assert not at.exception, [e.value for e in at.exception]
    ws = load_workbook(io.BytesIO(at.session_state["ledger_xlsx"])).active
    rows = [dict(zip(COLUMNS, r)) for r in ws.iter_rows(min_row=2, values_only=True)]
    got = {r["章节"]: (r["完成时限(日期)"], r["最新进展"]) for r in rows}
    assert got["1.3"][0] == "2025-12-31" and got["1.3"][1].startswith("未启动(2024-10-15):区大数据中心承担的")
    assert got["3.2"] == ("2024-09-30", "滞后(2024-10-15):城市运行管理平台一期原定9月底前上线,目前系统开发仅完成70%,逾期未上线。")
