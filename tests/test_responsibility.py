"""Responsibility forms, one short text each, with the exact (path, unit, role) they must give."""
from __future__ import annotations

import pytest

from extract.pipeline import extract_text

HEAD = "二、重点任务\n"
CASES = [
    ("(一)甲。(责任单位:区财政局、区发改局)",
     {("2.1", "区财政局", "responsible"), ("2.1", "区发改局", "responsible")}),
    ("（一）甲。（牵头单位：区财政局；配合单位：区发改局、各镇街）",
     {("2.1", "区财政局", "lead"), ("2.1", "区发改局", "cooperate"), ("2.1", "各镇街", "cooperate")}),
    ("(一)甲。(区财政局牵头,区发改局、区科技局配合)",
     {("2.1", "区财政局", "lead"), ("2.1", "区发改局", "cooperate"), ("2.1", "区科技局", "cooperate")}),
    ("(一)甲。〔区财政局、区发改局按职责分工负责〕",
     {("2.1", "区财政局", "responsible"), ("2.1", "区发改局", "responsible")}),
    ("(一)甲。(区财政局、区发改局等有关部门负责)",
     {("2.1", "区财政局", "responsible"), ("2.1", "区发改局", "responsible")}),
    ("(一)甲。(责任单位:市发展改革委(牵头)、市财政局)",
     {("2.1", "市发展改革委", "lead"), ("2.1", "市财政局", "responsible")}),
    ("(一)甲。(牵头领导:张三;责任单位:区城管局)", {("2.1", "区城管局", "responsible")}),
    ("(一)甲。\n牵头单位:区发改局\n责任单位:各街道,区直各部门\n完成时限:2024年底前",
     {("2.1", "区发改局", "lead"), ("2.1", "各街道", "responsible"), ("2.1", "区直各部门", "responsible")}),
    ("(一)甲。(区财政局、区发改局按职责分工负责,列第一位者为牵头单位,下同)\n(二)乙。(区科技局负责)",
     {("2.1", "区财政局", "lead"), ("2.1", "区发改局", "cooperate"), ("2.2", "区科技局", "lead")}),
    ("(一)甲。(区财政局、区发改局牵头负责,列第一位者为牵头单位)",
     {("2.1", "区财政局", "lead"), ("2.1", "区发改局", "lead")}),
    ("(一)甲。(区财政局负责;以下各项任务均需各县(市、区)政府落实,不再列出)\n(二)乙。(区科技局负责)",
     {("2.1", "区财政局", "responsible"), ("2.1", "各县(市、区)政府", "responsible"),
      ("2.2", "区科技局", "responsible"), ("2.2", "各县(市、区)政府", "responsible")}),
    ("(一)甲。区财政局负责资金保障,区发改局负责项目审批。", set()),  # prose is not a marker
    ("(一)甲(以下简称“甲”)。乙。", set()),
    ("(一)强化科技创新(区科技局牵头)\n1.子项。", {("2.1", "区科技局", "lead")}),
    # a shared suffix over place names listed with 、 (温州、台州市政府) is one unit as written; 各有关区、县级市 too
    ("(一)甲。(省商务厅牵头负责,省财政厅,温州、台州、丽水市政府配合)",
     {("2.1", "省商务厅", "lead"), ("2.1", "省财政厅", "cooperate"), ("2.1", "温州、台州、丽水市政府", "cooperate")}),
    ("(一)甲。(牵头单位:市农业农村局,配合单位:各有关区、县级市)",
     {("2.1", "市农业农村局", "lead"), ("2.1", "各有关区、县级市", "cooperate")}),
    ("(一)甲。(责任单位:泉州、漳州市人民政府,市财政局)",
     {("2.1", "泉州、漳州市人民政府", "responsible"), ("2.1", "市财政局", "responsible")}),
]


@pytest.mark.parametrize("body,expected", CASES, ids=[c[0][:18] for c in CASES])
def test_marker_forms(body, expected):
    doc = extract_text(HEAD + body, doc="t")
    got = {(t.path, u.name, u.role) for t in doc.tasks for u in t.units}
    assert got == expected


def test_deadline_line_is_kept_on_the_task():
    doc = extract_text(HEAD + "(一)甲。\n责任单位:区发改局\n完成时限:2024年底前", doc="t")
    assert doc.tasks[0].deadline == "2024年底前"


@pytest.mark.parametrize("text, names", [
    ("广州、深圳市政府，横琴粤澳深度合作区执委会", ["广州、深圳市政府", "横琴粤澳深度合作区执委会"]),
    ("东港、西岭、南山县政府", ["东港、西岭、南山县政府"]),
    ("海淀区、朝阳区人民政府", ["海淀区、朝阳区人民政府"]),
    ("各有关区、县级市", ["各有关区、县级市"]),
    ("各区、县级市", ["各区、县级市"]),
    ("各镇街、高新区", ["各镇街", "高新区"]),  # 高新区 is a body, not a place awaiting its head
    ("妇联、团市委", ["妇联", "团市委"]),
    ("团市委、深圳市政府", ["团市委", "深圳市政府"]),
    ("市财政局、各区", ["市财政局", "各区"]),
])
def test_list_pieces_sharing_the_next_head_stay_one_unit(text, names):
    from extract.unitnames import split_units
    assert [n for n, _, _ in split_units(text)] == names
