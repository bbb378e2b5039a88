"""The label reader (extract.labels): role labels and role words read from their parts (issue 11)."""
from __future__ import annotations

import pytest

from extract.labels import label_at, read_label, role_words_at_end
from extract.pipeline import extract_text
from extract.responsibility import responsibility_cue

# (label as written, role, kind); role None: the label names units or a person but no role
LABELS = [
    ("牵头单位", "lead", "unit"),
    ("牵头部门", "lead", "unit"),
    ("牵头责任单位", "lead", "unit"),          # 牵头 wins over 责任
    ("牵头组织实施单位", "lead", "unit"),
    ("主办单位", "lead", "unit"),
    ("协同责任单位", "cooperate", "unit"),     # a specific part beats the generic 责任
    ("配合单位", "cooperate", "unit"),
    ("参加单位", "cooperate", "unit"),
    ("参与部门", "cooperate", "unit"),
    ("协助 单位", "cooperate", "unit"),        # split by a space
    ("支撑单位", "cooperate", "unit"),
    ("协办单位", "cooperate", "unit"),
    ("责任单位", "responsible", "unit"),
    ("责任\n单位", "responsible", "unit"),      # over two lines
    ("负 责 部 门", "responsible", "unit"),
    ("实施单位", "responsible", "unit"),
    ("推进单位", "responsible", "unit"),
    ("承办单位", "responsible", "unit"),
    ("责任科室", "responsible", "unit"),
    ("责任处室", "responsible", "unit"),
    ("责任机关", "responsible", "unit"),
    ("责任主体", "responsible", "unit"),
    ("责任单位 或牵头单位", "responsible", "unit"),  # alternatives that disagree commit to no role
    ("责任主体与协同单位", "responsible", "unit"),
    ("部门分工", None, "unit"),
    ("牵头", "lead", "unit"),                   # a column headed by a role part alone
    ("配合", "cooperate", "unit"),
    ("牵头负责领导", "lead", "person"),
    ("责任领导", "responsible", "person"),
    ("责任人", "responsible", "person"),
    ("分管领导", None, "person"),
    ("分管市领导", None, "person"),
    ("牵头市领导", "lead", "person"),
    ("主管部门", "responsible", "unit"),
    ("责任单位(部门)", "responsible", "unit"),     # an alternative head in brackets
    ("牵头单位/部门", "lead", "unit"),
]
NOT_LABELS = ["任务内容", "完成期限", "序号", "成员单位", "县直属各单位", "各有关单位", "主要领导", "组织单位",
              "责任", "负责", "工作任务安排", "攻坚目标", "牵头单位负责人电话", ""]


@pytest.mark.parametrize("text,role,kind", LABELS, ids=[x[0] for x in LABELS])
def test_a_label_is_read_from_its_parts(text, role, kind):
    label = read_label(text)
    assert label is not None
    assert (label.role, label.kind) == (role, kind)
    assert (label.start, label.end) == (0, len(text))
    assert label.text == "".join(text.split())


@pytest.mark.parametrize("text", NOT_LABELS)
def test_other_words_are_no_label(text):
    assert read_label(text) is None


@pytest.mark.parametrize("text,label,role,rest", [
    ("牵头责任单位:省发展改革委。", "牵头责任单位", "lead", "省发展改革委。"),
    ("  协 同 单 位 ：县住建局", "协同单位", "cooperate", "县住建局"),
    ("责任\n单位：县司法局", "责任单位", "responsible", "县司法局"),
    ("牵头负责领导：韩立新", "牵头负责领导", "lead", "韩立新"),
])
def test_label_at_gives_the_label_and_where_its_list_starts(text, label, role, rest):
    lab, after = label_at(text)
    assert (lab.text, lab.role, text[after:].strip()) == (label, role, rest)
    assert "".join(text[lab.start:lab.end].split()) == label


@pytest.mark.parametrize("text", ["牵头责任单位省发展改革委", "加快推进:全面", "责任单位"])
def test_label_at_needs_a_colon(text):
    assert label_at(text) is None


@pytest.mark.parametrize("text,role,unit", [
    ("区财政局牵头", "lead", "区财政局"),
    ("由县发改局牵头实施", "lead", "由县发改局"),
    ("区财政局、区发改局配合落实", "cooperate", "区财政局、区发改局"),
    ("区财政局、区发改局按职责分工负责", "responsible", "区财政局、区发改局"),
    ("区财政局具体负责", "responsible", "区财政局"),
    ("区财政局参与", "cooperate", "区财政局"),
    ("区财政局", None, "区财政局"),
    ("区发改局为牵头单位", "lead", "区发改局"),
    ("区财政局、区统计局为配合单位", "cooperate", "区财政局、区统计局"),
])
def test_role_words_after_a_list(text, role, unit):
    got, cut = role_words_at_end(text)
    assert (got, text[:cut]) == (role, unit)


HEAD = "二、重点任务\n"
CASES = [
    # markers inside headings attach to the heading's item, not to its sub-items
    ("(一)强化要素保障(由区财政局牵头实施)\n1.子项甲。\n2.子项乙。", {("2.1", "区财政局", "lead")}),
    ("(一)强化要素保障（由区财政局、区金融办负责）\n1.子项甲。",
     {("2.1", "区财政局", "responsible"), ("2.1", "区金融办", "responsible")}),
    # 由… clauses that end an item
    ("(一)甲。由区商务局牵头，区文旅局配合。", {("2.1", "区商务局", "lead"), ("2.1", "区文旅局", "cooperate")}),
    ("(一)甲，具体由区商务局负责。", {("2.1", "区商务局", "responsible")}),
    ("(一)扩大有效投资，由区发改局牵头\n加快项目建设。\n1.子项。", {("2.1", "区发改局", "lead")}),  # heading line
    ("(一)甲。资金由区政府统一安排。", set()),               # no role word: not a marker
    ("(一)甲。本办法由区司法局负责解释。", set()),           # 由 not at a clause start
    # A会同B负责: both units, a catch-all B dropped
    ("(一)甲。(区财政局会同区税务局负责)", {("2.1", "区财政局", "responsible"), ("2.1", "区税务局", "responsible")}),
    ("(一)甲。(区财政局会同有关部门负责)", {("2.1", "区财政局", "responsible")}),
    # a label after the item's full stop with no space, a deadline after a comma
    ("(一)甲。责任单位:区城管局、区住建局,完成时间:2025年6月底前。",
     {("2.1", "区城管局", "responsible"), ("2.1", "区住建局", "responsible")}),
    # the next item begun on the same line keeps its own label: it runs on after a full stop, numbered one
    # more in the same style, so it is the next item (extract.structure.run_on_items)
    ("(一)甲。责任单位:区城管局。(二)乙。责任单位:区住建局。",
     {("2.1", "区城管局", "responsible"), ("2.2", "区住建局", "responsible")}),
    # a short name a label lists beside real units is kept; alone, a label before prose is not a marker
    ("(一)甲。(牵头单位:区财政局、城投集团、滨江资本)",
     {("2.1", "区财政局", "lead"), ("2.1", "城投集团", "lead"), ("2.1", "滨江资本", "lead")}),
    ("(一)甲。\n责任单位:全面梳理\n", set()),
    # a label wrapped over two lines, and spaced out
    ("(一)甲。\n牵头责任\n单位：区财政局\n协 同 单 位：区审计局",
     {("2.1", "区财政局", "lead"), ("2.1", "区审计局", "cooperate")}),
    # under 列第一位者为牵头单位, a catch-all listed first still takes the first place
    ("(一)甲。(区财政局负责,列第一位者为牵头单位,下同)\n(二)乙。(各有关部门和单位,区税务局按职责分工负责)",
     {("2.1", "区财政局", "lead"), ("2.2", "区税务局", "cooperate")}),
    # a label in brackets, a label's role after the list
    ("(一)甲。【牵头单位】区发改局【配合单位】区财政局", {("2.1", "区发改局", "lead"), ("2.1", "区财政局", "cooperate")}),
    ("(一)甲。\n〔责任单位〕区司法局", {("2.1", "区司法局", "responsible")}),
    ("(一)甲。【备注】区司法局", set()),
    ("(一)甲。(区发改局为牵头单位,区财政局作为配合单位)",
     {("2.1", "区发改局", "lead"), ("2.1", "区财政局", "cooperate")}),
    # units apart by spaces after a label; a name a PDF wrapped stays one
    ("(一)甲。\n责任单位（部门）：区发改局 区财政局  区商务局",
     {("2.1", "区发改局", "responsible"), ("2.1", "区财政局", "responsible"), ("2.1", "区商务局", "responsible")}),
    ("(一)甲。(责任单位:区工\n信局、区大数据中心)", {("2.1", "区工信局", "responsible"),
                                          ("2.1", "区大数据中心", "responsible")}),
    # a label set off by spaces or a tab after a heading with no full stop
    ("(一)推进老旧小区改造  责任单位：区住建局\n(二)推进管网改造\t牵头单位：区水务局  配合单位：区城管局",
     {("2.1", "区住建局", "responsible"), ("2.2", "区水务局", "lead"), ("2.2", "区城管局", "cooperate")}),
    # units joined by 和/及 at one level are two; a name with 和 inside stays one
    ("(一)甲。(区财政局和区税务局负责)", {("2.1", "区财政局", "responsible"), ("2.1", "区税务局", "responsible")}),
    ("(一)甲。(区发展和改革局及区住房和城乡建设局负责)",
     {("2.1", "区发展和改革局", "responsible"), ("2.1", "区住房和城乡建设局", "responsible")}),
    ("(一)甲。(各县(市、区)党委和人民政府负责)", {("2.1", "各县(市、区)党委和人民政府", "responsible")}),
    # a time phrase standing as a marker's clause is its deadline, not a unit that spoils the marker
    ("(一)甲。(区发改局负责,2025年底前完成)", {("2.1", "区发改局", "responsible")}),
    ("(一)甲。(区财政局牵头,区税务局配合;长期坚持)", {("2.1", "区财政局", "lead"), ("2.1", "区税务局", "cooperate")}),
    # a label wrapped inside an item's line, a list wrapped inside a name
    ("(一)加强执法检查。责任单\n位：区司法局、区城管局",
     {("2.1", "区司法局", "responsible"), ("2.1", "区城管局", "responsible")}),
    # a label's list wrapped onto the next line (a PDF's text layer), and one that is not
    ("(一)甲。\n协同责任单位:区经济和信息化局、区住房城乡建\n设局、区交通运输局。",
     {("2.1", "区经济和信息化局", "cooperate"), ("2.1", "区住房城乡建设局", "cooperate"),
      ("2.1", "区交通运输局", "cooperate")}),
    ("(一)甲。\n责任单位:区财政局、城投集团\n加强监管。", {("2.1", "区财政局", "responsible"),
                                                ("2.1", "城投集团", "responsible")}),
]


@pytest.mark.parametrize("body,expected", CASES, ids=[c[0][:16] for c in CASES])
def test_markers_in_prose(body, expected):
    doc = extract_text(HEAD + body, doc="t")
    assert {(t.path, u.name, u.role) for t in doc.tasks for u in t.units} == expected


@pytest.mark.parametrize("line,names", [
    ("牵头领导：张 三", ["张三"]),
    ("责任领导：张三（副区长）、李四", ["张三", "李四"]),
    ("牵头领导：王小明 副区长", ["王小明"]),
])
def test_person_labels_in_a_marker(line, names):
    doc = extract_text(HEAD + f"(一)甲。\n{line}\n责任单位：区财政局", doc="t")
    assert [p.name for p in doc.people] == names


def test_a_person_label_after_the_items_full_stop():
    doc = extract_text(HEAD + "(一)甲。牵头领导：李明；牵头单位：区商务局；参与单位：区文旅局", doc="t")
    assert [(p.name, p.group_role, p.tasks) for p in doc.people] == [("李明", "牵头领导", ["2.1"])]
    assert {(u.name, u.role) for u in doc.tasks[0].units} == {("区商务局", "lead"), ("区文旅局", "cooperate")}


def test_a_person_label_names_a_person_on_the_task():
    doc = extract_text(HEAD + "(一)甲。\n牵头负责领导：韩立新\n牵头责任单位：区财政局", doc="t")
    assert [(p.name, p.group_role, p.tasks) for p in doc.people] == [("韩立新", "牵头负责领导", ["2.1"])]


@pytest.mark.parametrize("text,cue", [
    ("序号\n重点工作\n责任\n科室\n1\n修缮村道\n乡村振兴办", "责任科室"),
    ("区财政局要做好资金保障,区发改局配合。", "区发改局配合"),
    ("今年以来,全区经济运行总体平稳,各项工作有序推进。", None),
    ("会议由区发改局主要负责同志主持。", None),
])
def test_what_makes_an_unstructured_text_still_a_policy_document(text, cue):
    assert responsibility_cue(text) == cue


def test_a_label_after_a_heading_is_not_part_of_the_heading():
    doc = extract_text(HEAD + "(一)推进老旧小区改造  责任单位：区住建局\n(二)加强宣传  做好解读。", doc="t")
    assert [s.heading for s in doc.sections[1:]] == ["推进老旧小区改造", "加强宣传  做好解读"]
