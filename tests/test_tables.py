"""Task tables in every serialisation: header rebuilding, row reading, and robustness (issue 15 item 8)."""
from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from extract.errors import ExtractError
from extract.pipeline import extract_text
from extract.tables import join_header

# ---- header fragments → column labels -------------------------------------------------------

JOIN_CASES = [
    # fragments, columns known from the rows, labels
    (["重点工作", "责任", "领导", "责任", "科室"], None, ["重点工作", "责任领导", "责任科室"]),
    (["重点工作", "责任", "领导", "责任", "科室", "攻坚目标", "任务", "工作任务安排", "第二季度", "完成情况"], 6,
     ["重点工作", "责任领导", "责任科室", "攻坚目标任务", "工作任务安排", "第二季度完成情况"]),
    (["任务 内容", "责任单位 或牵头单位", "协助 单位", "完成 期限"], None, ["任务内容", "责任单位或牵头单位", "协助单位", "完成期限"]),
    (["工作任务", "牵头", "配合"], None, ["工作任务", "牵头", "配合"]),  # role words alone are columns
    (["工作任务", "牵头", "单位", "配合", "单位"], 3, ["工作任务", "牵头单位", "配合单位"]),
]


@pytest.mark.parametrize("fragments,ncols,labels", JOIN_CASES)
def test_join_header(fragments, ncols, labels):
    assert join_header(fragments, ncols) == labels


# ---- fuzz: fragments of tables never break a document ---------------------------------------

_BOX = list("┌┐└┘├┤┬┴┼│─━┃") + ["\n", "序号", "号", "位", "任务", "责任单位", "牵头单位", "1", "2", " ", "区财政局"]
_PIPE = ["|", "||", " | ", "\n", "\t", "序号", "序 号", "任务", "责任", "单位", "牵头单位", "配合单位", "完成时限",
         "1", "2", "3", "区财政局", "区发改局、区商务局", "各镇街", "2025年底前", " ", "  "]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(_BOX + _PIPE), max_size=40).map("".join))
def test_table_fragments_raise_nothing_but_our_error(text):
    try:
        doc = extract_text(text, doc="fuzz")
    except ExtractError:
        return
    for t in doc.tasks:
        assert t.units and all(u.role in ("lead", "responsible", "cooperate") for u in t.units)


@pytest.mark.parametrize("text", ["┌\n│", "┌\n│号│位", "序号|任务|责任单位\n1|", "序号 | 任务 | 牵头单位\n1 |\n2"])
def test_fuzz_minimal_inputs(text):
    extract_text(text, doc="fuzz")  # no IndexError


def test_a_broken_table_loses_the_table_not_the_document():
    text = "一、加强统筹\n(一)建立调度制度。(责任单位:区发改局)\n┌\n│号│位\n序号\n任务\n1\n"
    doc = extract_text(text, doc="broken")
    assert [(t.path, [u.name for u in t.units]) for t in doc.tasks] == [("1.1", ["区发改局"])]


# ---- the same tables as a PDF's text layer gives them: wrapped cells, glued cells ------------

def _pairs(text: str) -> set[tuple[str, str, str]]:
    return {(t.path, u.name, u.role) for t in extract_text(text, doc="t").tasks for u in t.units}


def test_cell_per_line_rows_wrapped_by_a_pdf():
    text = ("附件\n重点任务清单\n任务类型\n序号\n工作任务\n推进单位\n行动一：老旧小区改造（整体焕新行动）\n1\n"
            "推进城南片区老旧小区综合改造，完成管网更新、立面整治和\n加装电梯等工程。\n"
            "区住房保障局、区建设管理委、区发展改革委、区文化旅\n游局、城南街道\n2\n推进城北片区规划研究\n"
            "区规划资源局、区商务委\n")
    assert _pairs(text) == {("T1.1", u, "responsible") for u in ("区住房保障局", "区建设管理委", "区发展改革委",
                                                                  "区文化旅游局", "城南街道")} \
        | {("T1.2", "区规划资源局", "responsible"), ("T1.2", "区商务委", "responsible")}


def test_spaced_rows_glued_and_wrapped_by_a_pdf():
    text = ("某市重点任务分解表\n序号 类别 主要任务 牵头单位 参与单位\n"
            "1节约用水 严守用水总量控制红线。市水利局 市发展改革委、市住建局等\n"
            "2 抓好工业节水。加快实施工业节水技术改造,坚决遏制\n用水浪费。\n市工信局、市水利局 市发展改革委等\n")
    assert _pairs(text) == {("T1.1", "市水利局", "lead"), ("T1.1", "市发展改革委", "cooperate"),
                            ("T1.1", "市住建局", "cooperate"), ("T1.2", "市工信局", "lead"),
                            ("T1.2", "市水利局", "lead"), ("T1.2", "市发展改革委", "cooperate")}


def test_piped_header_and_rows_wrapped_by_a_pdf():
    text = ("任务 内容 | 工作要求 | 责任单位 | 协助 单\n位 | 完成 期限 |\n"
            "1、加强城区防护绿地建设,建成绿化隔离带和街头游园,维护管理措施\n落实。| 加强管护。| 市园林局 | 市规划局\n"
            "市建设局 | 2026年9月前 |\n"
            "2、改善污水处理设施。| 提高污水处理率。| 市环保局 |\n|\n")
    assert _pairs(text) == {("T1.1", "市园林局", "responsible"), ("T1.1", "市规划局", "cooperate"),
                            ("T1.1", "市建设局", "cooperate"), ("T1.2", "市环保局", "responsible")}


# ---- one-line rows: markdown bars, a grouping column before 序号 --------------------------------

ONE_LINE_ROWS = {
    "markdown": "重点任务分工表\n| 序号 | 重点任务 | 牵头单位 | 配合单位 |\n|---|---|---|---|\n"
                "| 1 | 建设智慧停车平台 | 区大数据局 | 区公安分局、区城管局 |\n| 2 | 推行联合验收 | 区住建局 | 区规划局 |\n",
    "grouping column": "重点任务分工表\n分类 | 序号 | 重点任务 | 牵头单位 | 配合单位\n"
                       "交通 | 1 | 建设智慧停车平台 | 区大数据局 | 区公安分局、区城管局\n | 2 | 推行联合验收 | 区住建局 | 区规划局\n",
    "tabs and a section row": "重点任务分工表\n序号\t重点任务\t牵头单位\t配合单位\n一、交通\n"
                              "1\t建设智慧停车平台\t区大数据局\t区公安分局、区城管局\n2\t推行联合验收\t区住建局\t区规划局\n",
}


@pytest.mark.parametrize("text", ONE_LINE_ROWS.values(), ids=ONE_LINE_ROWS.keys())
def test_one_line_rows(text):
    assert _pairs(text) == {("T1.1", "区大数据局", "lead"), ("T1.1", "区公安分局", "cooperate"),
                            ("T1.1", "区城管局", "cooperate"), ("T1.2", "区住建局", "lead"),
                            ("T1.2", "区规划局", "cooperate")}


def test_spaced_header_with_split_labels_and_bianhao():
    text = ("任务清单\n编号 重点任务 责任 单位 配合 单位 完成 时限\n"
            "1 建设智慧停车平台 区大数据局 区公安分局、区城管局 2026年6月底前\n2 推行联合验收 区住建局 区规划局 2026年9月底前\n")
    doc = extract_text(text, doc="t")
    assert {(t.path, u.name, u.role) for t in doc.tasks for u in t.units} == {
        ("T1.1", "区大数据局", "responsible"), ("T1.1", "区公安分局", "cooperate"), ("T1.1", "区城管局", "cooperate"),
        ("T1.2", "区住建局", "responsible"), ("T1.2", "区规划局", "cooperate")}
    assert [t.deadline for t in doc.tasks] == ["2026年6月底前", "2026年9月底前"]


# ---- property: a table is a table whatever its serialisation ----------------------------------

_TASKS = ["建设智慧停车平台", "推行工程建设项目联合验收", "开展涉企收费专项检查", "完善公共场所无障碍设施",
          "推进老旧小区综合改造", "整治农贸市场周边环境"]
_UNITS = ["区大数据局", "区住建局", "区市场监管局", "区公安分局", "区城管局", "区财政局", "各街道办事处", "区商务委"]
_SERIALISE = {
    "cell per line": lambda head, rows: "\n".join(head + [c for r in rows for c in r]),
    "cell per line, blank lines": lambda head, rows: "\n\n".join(head + [c for r in rows for c in r]),
    "bars": lambda head, rows: "\n".join(" | ".join(r) for r in [head] + rows),
    "closing bars": lambda head, rows: "\n".join(" | ".join(r) + " |" for r in [head] + rows),
    "markdown": lambda head, rows: "\n".join(["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
                                             + ["| " + " | ".join(r) + " |" for r in rows]),
    "tabs": lambda head, rows: "\n".join("\t".join(r) for r in [head] + rows),
    "spaces": lambda head, rows: "\n".join(" ".join(r) for r in [head] + rows),
    "runs of spaces": lambda head, rows: "\n".join("    ".join(r) for r in [head] + rows),
    "fixed width": lambda head, rows: "\n".join("".join(c + " " * (40 - 2 * len(c)) for c in r).rstrip()
                                                 for r in [head] + rows),
}


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.sampled_from(_TASKS), st.sampled_from(_UNITS),
                          st.lists(st.sampled_from(_UNITS), min_size=1, max_size=3, unique=True)),
                min_size=1, max_size=5),
       st.sampled_from(sorted(_SERIALISE)), st.booleans())
def test_a_table_is_a_table_whatever_its_serialisation(rows, how, split_labels):
    head = ["序号", "重点任务", "牵头 单位" if split_labels and how != "cell per line" else "牵头单位", "配合单位",
            "完成时限"]
    cells = [[str(k), task, lead, "、".join(c for c in coop if c != lead) or "区发改局", "2026年底前"]
             for k, (task, lead, coop) in enumerate(rows, 1)]
    text = "某区重点任务分工表\n" + _SERIALISE[how](head, cells) + "\n"
    want = set()
    for no, _, lead, coop, _ in cells:
        want |= {(f"T1.{no}", lead, "lead")} | {(f"T1.{no}", u, "cooperate") for u in coop.split("、")}
    assert _pairs(text) == want


# ---- column tables (tabs, runs of spaces): wrapped cells, repeated headers, 序号 as written ------------

WRAPPED = {
    "tab: a task cell and a unit list wrapped, header again after a page footer":
        "附件\n分工表\n序号\t重点任务\t牵头单位\t配合单位\t完成时限\n"
        "1\t建设智慧停车平台，新增公共停车泊位不少于\t区大数据局\t区公安分局、\t2026年底\n"
        "\t3000个\t\t区城管局\n\n— 7 —\n\n序号\t重点任务\t牵头单位\t配合单位\t完成时限\n"
        "4\t推行联合验收\t区住建局\t区规划局\t2026年9月底\n",
    "runs of spaces: wrapped under its column, (牵头) in the cell, header again":
        "责任清单\n序号    重点任务                        责任单位                        完成时限\n"
        "1       建设智慧停车平台，新增公共停车  区大数据局（牵头）、区公安分局、  2026年底\n"
        "        泊位不少于3000个                区城管局\n\n-3-\n\n"
        "序号    重点任务                        责任单位                        完成时限\n"
        "4       推行联合验收                    区住建局（牵头）、区规划局        2026年9月底\n",
}


@pytest.mark.parametrize("text", WRAPPED.values(), ids=WRAPPED.keys())
def test_wrapped_cells_and_repeated_headers(text):
    doc = extract_text(text, doc="t")
    got = {(t.path, u.name, u.role) for t in doc.tasks for u in t.units}
    spaced = "责任单位" in text
    other = "responsible" if spaced else "cooperate"
    assert got == {("T1.1", "区大数据局", "lead"), ("T1.1", "区公安分局", other), ("T1.1", "区城管局", other),
                   ("T1.4", "区住建局", "lead"), ("T1.4", "区规划局", other)}
    assert [(t.path, t.value, t.unit, t.comparator) for t in doc.targets] == [("T1.1", 3000, "个", ">=")]
    t = doc.targets[0]
    assert t.text.endswith("不少于3000个") and "\t" not in t.text and "区" not in t.text
    assert doc.text[t.start] == t.text[0] and doc.text[t.end - 1] == t.text[-1]
