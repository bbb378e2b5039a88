"""督办: per task the due date, latest progress and a traffic light; filters; 台账 .xlsx and 督查通报 downloads."""
from __future__ import annotations

import html
from datetime import date

import streamlit as st

from app import state
from kg.due import LIGHTS, due_rows, ledger_records, link_reports, notice_text, to_xlsx

LIGHT_CSS = """<style>
table.kg-due td, table.kg-due th { border: 1px solid rgba(49, 51, 63, 0.15); padding: 5px 7px; vertical-align: top;
  text-align: left; font-size: 0.9rem; line-height: 1.5; }
table.kg-due { border-collapse: collapse; width: 100%; table-layout: fixed; }
table.kg-due th { background: rgba(49, 51, 63, 0.04); white-space: nowrap; }
span.kg-light { display: inline-block; padding: 1px 8px; border-radius: 10px; color: #fff; white-space: nowrap; }
span.kg-light-overdue { background: #d9383a; } span.kg-light-due_soon { background: #e0a100; }
span.kg-light-on_track { background: #2e9e44; } span.kg-light-done { background: #3b73b9; }
</style>"""
COLUMNS = ("督办灯", "章节", "任务", "责任单位", "完成时限", "到期日", "剩余天数", "状态", "最新进展", "报告日期", "文件")
WIDTHS = ("7%", "5%", "13%", "13%", "9%", "8%", "6%", "7%", "20%", "8%", "12%")


def _on() -> date:
    """The day to judge on: ``?on=2024-10-20`` in the address (bookmarkable), else the date picked, else today."""
    if "due_on" not in st.session_state:
        raw = st.query_params.get("on")
        try:
            st.session_state["due_on"] = date.fromisoformat(raw) if raw else date.today()
        except ValueError:
            st.session_state["due_on"] = date.today()
    return st.session_state["due_on"]


def filters_ui(rows) -> tuple:
    """The filter widgets; returns (unit, document, jurisdiction, lights)."""
    units = sorted({n for r in rows for n, _ in r.units})
    docs = {r.doc_id: r.doc_title for r in rows}
    places = sorted({r.jurisdiction for r in rows if r.jurisdiction})
    c1, c2, c3, c4 = st.columns(4)
    unit = c1.selectbox("责任单位", units, index=None, placeholder="全部单位", key="due_unit")
    doc = c2.selectbox("文件", list(docs), index=None, format_func=lambda d: docs[d], placeholder="全部文件",
                       key="due_doc")
    place = c3.selectbox("地区", places, index=None, placeholder="全部地区", key="due_jurisdiction")
    lights = c4.multiselect("督办灯", list(LIGHTS), format_func=lambda k: LIGHTS[k][0], key="due_lights",
                            placeholder="全部")
    return unit, doc, place, lights


def due_table(rows) -> None:
    """The rows as an HTML table, every cell escaped; each row carries its light (``data-light``)."""
    recs = ledger_records(rows)
    cols = "".join(f'<col style="width:{w}">' for w in WIDTHS)
    head = "".join(f"<th>{html.escape(c)}</th>" for c in COLUMNS)
    body = []
    for r, rec in zip(rows, recs):
        cells = {
            "督办灯": f'<span class="kg-light kg-light-{r.light}">{html.escape(r.light_label)}</span>',
            "章节": html.escape(r.path), "任务": html.escape(r.heading), "责任单位": html.escape(rec["责任单位"]),
            "完成时限": html.escape(r.deadline or ""), "到期日": html.escape(rec["完成时限(日期)"]),
            "剩余天数": "" if r.days_left is None else str(r.days_left),
            "状态": html.escape(rec["状态"] + (f" {rec['完成比例']}" if rec["完成比例"] else "")),
            "最新进展": html.escape(r.sentence or ""), "报告日期": html.escape(r.report_date or ""),
            "文件": html.escape(r.doc_title),
        }
        body.append(f'<tr data-light="{r.light}" data-path="{html.escape(r.path)}">'
                    + "".join(f"<td>{cells[c]}</td>" for c in COLUMNS) + "</tr>")
    st.html(f'{LIGHT_CSS}<table class="kg-due"><colgroup>{cols}</colgroup><thead><tr>{head}</tr></thead>'
            f'<tbody>{"".join(body)}</tbody></table>')


def main() -> None:
    st.title("督办")
    st.caption("按完成时限和最新进展报告督办各项任务:逾期(已过时限未完成)、临期(N 天内到期)、正常、已完成。"
               "导入进展报告(进展情况、执行情况、督查通报)后,报告中的事项自动关联到所报任务。")
    store = state.get_store()
    c1, c2, c3 = st.columns([1, 1, 2])
    _on()
    on = c1.date_input("判断日期", key="due_on")
    within = c2.number_input("临期天数", min_value=0, max_value=365, value=30, step=5, key="due_within")
    if c3.button("重新关联进展报告", key="due_relink", help="导入或删除方案后,把报告事项重新关联到任务"):
        found = link_reports(store)
        st.success(f"已关联 {sum(len(v) for v in found.values())} 项报告事项({len(found)} 份报告)。")
    everything = due_rows(store, on, within=int(within))
    chosen = state.selected_docs()
    if chosen is not None:
        everything = [r for r in everything if r.doc_id in chosen]
    if not everything:
        st.info("图谱中还没有任务。请先在「文档」页导入方案和进展报告。")
        st.stop()
    unit, doc, place, lights = filters_ui(everything)
    rows = [r for r in everything if (unit is None or unit in {n for n, _ in r.units})
            and (doc is None or r.doc_id == doc) and (place is None or r.jurisdiction == place)
            and (not lights or r.light in lights)]
    cols = st.columns(len(LIGHTS))
    for col, (key, (label, _)) in zip(cols, LIGHTS.items()):
        col.metric(label, sum(r.light == key for r in rows))
    data = to_xlsx(rows)
    st.session_state["due_xlsx"] = data  # the bytes the button serves (read back by tests)
    notice = notice_text(rows, on)
    d1, d2 = st.columns(2)
    d1.download_button("下载督办台账(Excel)", data, file_name=f"督办台账{on.isoformat()}.xlsx",
                       mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", type="primary",
                       key="due_xlsx_download")
    d2.download_button("下载督查通报(草稿)", notice.encode("utf-8"), file_name=f"督查通报{on.isoformat()}.txt",
                       mime="text/plain", key="due_notice_download")
    if not rows:
        st.info("没有符合条件的任务。")
    else:
        due_table(rows)
    with st.expander("督查通报(草稿)"):
        st.text(notice)


main()
