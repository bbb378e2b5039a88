"""统计: tasks per unit, lead vs cooperate, the co-responsibility network, targets by due year."""
from __future__ import annotations

from collections import Counter

import altair as alt
import networkx as nx
import pandas as pd
import streamlit as st

from app import state
from app.ui import comparator_zh, draw_graph
from kg.roles import ROLE_ZH

st.title("统计")

chosen = state.selected_docs()


def unit_rows() -> list[dict]:
    """Task counts per unit over the chosen documents (summed per document: tasks are per document)."""
    if chosen is None:
        return state.unit_counts()
    total: dict[str, dict] = {}
    for d in chosen:
        for r in state.unit_counts(d):
            t = total.setdefault(r["unit"], {**r, "tasks": 0, "lead": 0, "responsible": 0, "cooperate": 0})
            for k in ("tasks", "lead", "responsible", "cooperate"):
                t[k] += r.get(k) or 0
    return sorted(total.values(), key=lambda r: (-r["tasks"], r["label"]))


rows = unit_rows()
if not rows:
    st.info("图谱中还没有任务。请先在「文档」页导入文件。")
    st.stop()

top = st.slider("显示前 N 个单位", 5, max(5, min(60, len(rows))), min(20, len(rows)), key="stats_top") \
    if len(rows) > 5 else len(rows)
df = pd.DataFrame([{"单位": r["label"], "任务数": r["tasks"], ROLE_ZH["lead"]: r["lead"],
                    ROLE_ZH["responsible"]: r["responsible"], ROLE_ZH["cooperate"]: r["cooperate"]} for r in rows[:top]])

def _num(v: object) -> str:
    """A value as written (no None, no trailing .0)."""
    if v is None or v == "":
        return ""
    s = str(v)
    return s[:-2] if s.endswith(".0") else s


ROLE_COLORS = {ROLE_ZH["lead"]: "#d62728", ROLE_ZH["responsible"]: "#1f77b4", ROLE_ZH["cooperate"]: "#9e9e9e"}
height = max(260, 24 * len(df))
c1, c2 = st.columns(2)
with c1:
    st.subheader("各单位任务数")
    chart = alt.Chart(df).mark_bar(color="#4e79a7").encode(
        x=alt.X("任务数:Q", title="任务数"),
        y=alt.Y("单位:N", sort="-x", title=None, axis=alt.Axis(labelLimit=220, labelOverlap=False)),
        tooltip=["单位", "任务数"]).properties(height=height)
    st.altair_chart(chart, width="stretch")
with c2:
    st.subheader("牵头 / 责任 / 配合")
    long = df.melt(id_vars=["单位", "任务数"], value_vars=list(ROLE_COLORS), var_name="角色", value_name="数量")
    chart = alt.Chart(long).mark_bar().encode(
        x=alt.X("sum(数量):Q", title="任务数"),
        y=alt.Y("单位:N", sort=alt.EncodingSortField("任务数", op="max", order="descending"), title=None,
                axis=alt.Axis(labelLimit=220, labelOverlap=False)),
        color=alt.Color("角色:N", scale=alt.Scale(domain=list(ROLE_COLORS), range=list(ROLE_COLORS.values())),
                        legend=alt.Legend(orient="top", title=None)),
        order=alt.Order("角色:N"),
        tooltip=["单位", "角色", "数量"]).properties(height=height)
    st.altair_chart(chart, width="stretch")
with st.expander("数据表"):
    st.dataframe(df, width="stretch", hide_index=True, key="stats_units_table")

st.subheader("单位协同网络")
st.caption("两个单位共同承担任务即连线,线越粗共同任务越多。")
pairs = []
for d in (chosen or [None]):
    pairs.extend(state.co_responsibility(d))
weights: Counter = Counter()
names: dict[str, str] = {}
for p in pairs:
    weights[(p["unit_a"], p["unit_b"])] += p["shared"]
    names[p["unit_a"]], names[p["unit_b"]] = p["label_a"], p["label_b"]
max_pairs = st.number_input("最多显示的连线数", 10, 2000, 150, step=50, key="stats_pairs")
g = nx.Graph()
for (a, b), w in weights.most_common(int(max_pairs)):
    for n in (a, b):
        g.add_node(n, type="Unit", label=names[n], title=f"单位: {names[n]}")
    g.add_edge(a, b, relation="shared", label=f"共同任务 {w} 项", weight=w)
if g.number_of_nodes():
    draw_graph(g, height=520, info=f"{g.number_of_nodes()} 个单位,{g.number_of_edges()} 条协同关系")
    top_pairs = [{"单位A": names[a], "单位B": names[b], "共同任务": w} for (a, b), w in weights.most_common(15)]
    st.dataframe(top_pairs, width="stretch", hide_index=True, key="stats_pairs_table")
else:
    st.info("没有两个单位共同承担的任务。")

st.subheader("目标按完成年份")
targets = [t for t in state.targets() if chosen is None or t["doc_id"] in chosen]
if targets:
    by_year = Counter(str(t["year"]) if t.get("year") else "未写明" for t in targets)
    ydf = pd.DataFrame([{"年份": y, "目标数": n} for y, n in sorted(by_year.items())])
    chart = alt.Chart(ydf).mark_bar(color="#edc948").encode(
        x=alt.X("年份:N", title="完成年份", axis=alt.Axis(labelAngle=0)), y=alt.Y("目标数:Q", title="目标数"),
        tooltip=["年份", "目标数"]).properties(height=260)
    st.altair_chart(chart, width="stretch")
    st.dataframe([{"年份": str(t["year"]) if t.get("year") else "未写明", "指标": t.get("metric") or "",
                   "比较": comparator_zh(t.get("comparator")), "数值": _num(t.get("value")),
                   "上限": _num(t.get("value_max")), "单位": t.get("measure") or "",
                   "原文": t.get("text") or "", "文件": t["doc_id"]}
                  for t in targets], width="stretch", hide_index=True, key="stats_targets_table")
else:
    st.info("所选文件中没有量化目标。")
