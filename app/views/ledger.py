"""台账: pick a unit, see its tasks grouped by document and role, download them as Excel."""
from __future__ import annotations

import streamlit as st

from app import state
from app.ledger import add_progress, grouped, ledger_rows, table, to_xlsx
from app.ui import ROLE_ZH, md, unique_labels

st.title("任务台账")
st.caption("选择单位,查看其承担的全部任务(按文件、角色分组),可下载 Excel 打印。"
           "单位属于「各镇街」等集合单位时,集合单位的任务也列出,角色后注明「经…」。")

chosen = state.selected_docs()
counts = state.unit_counts()
if not counts:
    st.info("图谱中还没有任务。请先在「文档」页导入文件。")
    st.stop()

clash: dict[str, set] = {}
for r in counts:
    clash.setdefault(r["label"], set()).add(r.get("jurisdiction"))


def unit_name(r: dict) -> str:
    label = r["label"]
    return f"{label}({r['jurisdiction']})" if len(clash.get(label, ())) > 1 and r.get("jurisdiction") else label


options = {r["unit"]: f"{unit_name(r)} · {r['tasks']} 项" for r in counts}
plain = {r["unit"]: r["label"] for r in counts}
for m in state.collective_members():  # 牛庄镇 has the tasks of 各镇街 without being named itself
    if m["member"] not in options:
        options[m["member"]] = f"{m['member_label']} · 经{m['collective_name']}"
        plain[m["member"]] = m["member_label"]
options = unique_labels(options)
unit = st.selectbox("单位", list(options), format_func=lambda u: options[u], key="ledger_unit",
                    index=None, placeholder="选择或输入单位名称…")
if unit is None:
    st.info("请选择一个单位。")
    st.stop()

unit_label = next((unit_name(r) for r in counts if r["unit"] == unit), options[unit].split(" · ")[0])
tasks = [t for t in state.tasks_of_unit(unit) if chosen is None or t["doc_id"] in chosen]
docs_here = sorted({t["doc_id"] for t in tasks})
details: dict[str, dict] = {}
units: dict[str, list[dict]] = {}
for d in docs_here:
    details.update(state.task_details(d))
    units.update(state.task_units(d))
assigned = [u for rows in units.values() for u in rows]
names = {plain[unit]}
names |= {u[k] for u in assigned if u["unit"] == unit for k in ("label", "written") if u.get(k)}
via_labels = {u["unit"]: u["label"] for u in assigned}
rows = ledger_rows(tasks, details, units, state.doc_titles(), names, via_labels)
add_progress(rows, state.due_list())  # 完成时限(日期) and 最新进展 (督办)

n_lead = sum(r.role == "lead" for r in rows)
n_coop = sum(r.role == "cooperate" for r in rows)
c1, c2, c3, c4 = st.columns(4)
c1.metric("任务总数", len(rows))
c2.metric("牵头", n_lead)
c3.metric("配合", n_coop)
c4.metric("涉及文件", len(docs_here))

data = to_xlsx(rows, unit_label)
st.session_state["ledger_xlsx"] = data  # the same bytes the button serves (read back by tests)
st.download_button("下载 Excel 台账", data, file_name=f"{unit_label}任务台账.xlsx",
                   mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                   type="primary", key="ledger_download")

if not rows:
    st.info("所选文件中该单位没有任务。")
for doc_id, title, roles in grouped(rows):
    st.subheader(md(title))
    for role, items in roles:
        st.markdown(f"**{ROLE_ZH.get(role, role)}**({len(items)} 项)")
        st.dataframe([{k: v for k, v in rec.items() if k != "文件"} for rec in table(items)],
                     width="stretch", hide_index=True, key=f"ledger_{doc_id}_{role}",
                     column_config={"原文": st.column_config.TextColumn(width="large")})
