"""Target reading, table-driven: one phrase → (metric part, value, value_max, comparator, unit, year).

Each row is a form of the grammar of quantitative targets (comparator words before and after the number,
ranges, per-year rates, enumerations, values coordinated with 和/、, sizes before 的, Chinese numerals),
written in wordings neither document set uses; the exclusions (support rules, thresholds, conditions,
descriptions of a text, past results) are rows that must yield nothing.
"""
from __future__ import annotations

import pytest

from extract.targets import Context, find_targets
from extract.textnorm import fold

# (paragraph, context year, issue year, [(metric contains, value, value_max, comparator, unit, year), ...])
READ = [
    # comparator words after the number
    ("到2027年,全县森林覆盖率达到68%以上。", None, None, [("森林覆盖率", 68, None, ">=", "%", 2027)]),
    ("万元地区生产总值能耗控制在0.4吨标准煤以内。", 2025, None, [("能耗", 0.4, None, "<=", "吨", 2025)]),
    ("全镇年用水总量控制在1.2亿立方米以内。", None, None, [("用水总量", 1.2, None, "<=", "亿立方米", None)]),
    ("新建口袋公园12座左右。", 2026, None, [("口袋公园", 12, None, "≈", "座", 2026)]),
    # a round count written as a character right after a target verb
    ("到2027年,建成百个智慧菜场,培育千家专精特新企业。", None, None,
     [("智慧菜场", 100, None, "=", "个", 2027), ("专精特新企业", 1000, None, "=", "家", 2027)]),
    # a relative clause after 左右 is a choice by criteria only after a selection verb
    ("五年内培育8个左右具有示范作用的特色街区。", 2026, None, [("特色街区", 8, None, "≈", "个", 2026)]),
    ("选拔60名优秀青年教师。", 2026, None, [("优秀青年教师", 60, None, "=", "名", 2026)]),
    # comparator words before the number
    ("到2030年,数字经济核心产业增加值突破800亿元。", None, None, [("数字经济核心产业增加值", 800, None, ">", "亿元", 2030)]),
    ("力争县域旅游接待人次超过1500万人次。", 2025, None, [("旅游接待人次", 1500, None, ">", "万人次", 2025)]),
    ("完成老旧小区雨污分流改造约35公里。", 2025, None, [("雨污分流改造", 35, None, "≈", "公里", 2025)]),
    ("城区绿道总长度不少于120公里。", None, None, [("绿道总长度", 120, None, ">=", "公里", None)]),
    ("工程建设项目审批时间缩短至45个工作日以内,企业开办时间压缩至1个工作日。", None, None,
     [("工程建设项目审批时间", 45, None, "<=", "个工作日", None), ("企业开办时间", 1, None, "<=", "个工作日", None)]),
    ("到2026年,全县湿地保护面积扩大到3.2万亩。", None, None, [("湿地保护面积", 3.2, None, ">=", "万亩", 2026)]),
    # thousands separators
    ("到2026年,全县高新技术企业达到1,200家以上。", None, None, [("高新技术企业", 1200, None, ">=", "家", 2026)]),
    # ranges and per-year rates
    ("培育省级专精特新企业15—20家。", 2025, None, [("专精特新企业", 15, 20, "range", "家", 2025)]),
    ("到2028年,全县规上工业增加值年均增长7.5%。", None, None, [("规上工业增加值年均增长", 7.5, None, "=", "%", 2028)]),
    # a threshold-like suffix before a noun: a count is a target, a size is not
    ("2025年,新培育20家以上科技型中小企业。", None, None, [("科技型中小企业", 20, None, ">=", "家", 2025)]),
    ("着力推进60个左右市级重点项目。", 2024, None, [("市级重点项目", 60, None, "≈", "个", 2024)]),
    ("到2026年,建成15个以上的省级美丽乡村示范村。", None, None, [("省级美丽乡村示范村", 15, None, ">=", "个", 2026)]),
    ("全年引进总投资10亿元以上的产业项目4个。", None, 2025, [("产业项目", 4, None, "=", "个", 2025)]),
    ("到2026年,全区建成区50%以上面积达到海绵城市要求。", None, None,
     [("面积达到海绵城市要求", 50, None, ">=", "%", 2026)]),
    # a size before 的 after a verb and a comparator word: the object is the metric
    ("设立规模不低于5亿元的乡村振兴产业基金。", None, None, [("乡村振兴产业基金规模", 5, None, ">=", "亿元", None)]),
    ("建设不少于三千平方米的青年创业街区。", None, None, [("青年创业街区", 3000, None, ">=", "平方米", None)]),
    ("实现规模养殖场粪污处理设施装备配套率达到100%的目标。", None, None,
     [("粪污处理设施装备配套率", 100, None, ">=", "%", None)]),
    # enumerations: 分别 with a comparator after the last value
    ("到2027年,全县万元生产总值能耗、万元工业增加值用水量比2022年分别下降13%、18%以上。", None, None,
     [("万元生产总值能耗比2022年下降", 13, None, ">=", "%", 2027),
      ("万元工业增加值用水量比2022年下降", 18, None, ">=", "%", 2027)]),
    # coordinated values, each with what it counts, and a shared tail after 的
    ("到2026年,推动4个老旧厂区和至少2个物流园区的转型升级。", None, None,
     [("老旧厂区转型升级", 4, None, "=", "个", 2026), ("物流园区转型升级", 2, None, ">=", "个", 2026)]),
    ("创建8个星级农家乐、5个精品民宿村。", 2025, None,
     [("星级农家乐", 8, None, "=", "个", 2025), ("精品民宿村", 5, None, "=", "个", 2025)]),
    # a value whose metric is the one just before (到2027年达80%)
    ("力争年内全县村级便民服务站覆盖面达60%,到2027年达90%。", None, None,
     [("便民服务站覆盖面", 60, None, ">=", "%", None), ("便民服务站覆盖面", 90, None, ">=", "%", 2027)]),
    # 其中: a part of the value before, a target with it (对其中的…: the part of the same object)
    ("新建农村公路35公里,其中产业路12公里。", None, None,
     [("新建农村公路", 35, None, "=", "公里", None), ("产业路", 12, None, "=", "公里", None)]),
    ("到2026年,排查老旧燃气管道约80公里,对其中的约30公里进行更新改造。", None, None,
     [("排查老旧燃气管道", 80, None, "≈", "公里", 2026), ("老旧燃气管道更新改造", 30, None, "≈", "公里", 2026)]),
    # 全年 / 年内 speak of the year of issue
    ("全年新增城镇就业3000人以上。", None, 2024, [("新增城镇就业", 3000, None, ">=", "人", 2024)]),
    # a long explanation in brackets stays out of the clause and the metric
    ("到2027年,全省“专精特新”小巨人企业(指专业化、精细化、特色化、新颖化的中小企业,以下简称小巨人)数量突破300家。",
     None, None, [("小巨人企业数量", 300, None, ">", "家", 2027)]),
    # a comparison with the year before is no report of the past
    ("全年县域社会消费品零售总额比上年增长7%左右。", None, 2024, [("社会消费品零售总额比上年增长", 7, None, "≈", "%", 2024)]),
    # values one after another, each after its own metric
    ("到2028年,培育省级未来工厂6家、智能工厂40家。", None, None,
     [("省级未来工厂", 6, None, "=", "家", 2028), ("智能工厂", 40, None, "=", "家", 2028)]),
    ("确保茶园面积稳定在35万亩以上、干茶产量稳定在2万吨以上。", None, None,
     [("茶园面积", 35, None, ">=", "万亩", None), ("干茶产量", 2, None, ">=", "万吨", None)]),
    # a deadline label in the paragraph gives the year
    ("全区公共厕所达标率达90%以上。完成时限:2025年10月底前。", None, None, [("公共厕所达标率", 90, None, ">=", "%", 2025)]),
    # verbs whose object is a count of people or bodies (COUNT_VERBS)
    ("三年内县财政重点支持120名乡村工匠赴外地进修。", None, None, [("乡村工匠赴外地进修", 120, None, "=", "名", None)]),
    ("组织和发动60家农业龙头企业结对帮扶。", 2025, None, [("农业龙头企业", 60, None, "=", "家", 2025)]),
    ("择优设立20个县级名师工作室。", 2025, None, [("名师工作室", 20, None, "=", "个", 2025)]),
    ("筹建12家乡镇综合文化站。", 2025, None, [("乡镇综合文化站", 12, None, "=", "家", 2025)]),
    ("力争举办40场次非遗展演活动。", 2025, None, [("非遗展演活动", 40, None, "=", "场次", 2025)]),
    # a support verb that governs a count of those supported is the target's verb, not a support rule
    ("评选资助80名乡村振兴带头人。", 2025, None, [("乡村振兴带头人", 80, None, "=", "名", 2025)]),
    ("每年选拔资助不少于30名青年教师到高校访学。", None, None, [("青年教师", 30, None, ">=", "名", None)]),
    ("培养资助紧缺专业研究生不少于150名。", 2026, None, [("紧缺专业研究生", 150, None, ">=", "名", 2026)]),
    # a round count written as 万 after a count verb
    ("到2030年,集聚万名文旅从业人才。", None, None, [("文旅从业人才", 10000, None, "=", "名", 2030)]),
    # clauses that continue a target clause of the same sentence, the verb elided or after the count
    ("五年内重点培训300名乡村医生,150名乡镇护士参加省级进修。", None, None,
     [("乡村医生", 300, None, "=", "名", None), ("乡镇护士参加省级进修", 150, None, "=", "名", None)]),
    ("选派12名骨干教师,30名在县内有影响的学科带头人。", 2025, None,
     [("骨干教师", 12, None, "=", "名", 2025), ("学科带头人", 30, None, "=", "名", 2025)]),
    # a per-item amount after a target clause is no sequel (每个…配备2名)
    ("建成8个村史馆,每个村史馆配备2名讲解员。", 2025, None, [("村史馆", 8, None, "=", "个", 2025)]),
    # one verb before values each written after what it counts
    ("3年内评定乡村名医20名、名护士60名、名药师40名。", None, None,
     [("乡村名医", 20, None, "=", "名", None), ("名护士", 60, None, "=", "名", None), ("名药师", 40, None, "=", "名", None)]),
    # values coordinated with 和 share the verb before the first
    ("5年内重点引进15名旅游策划人才和40名导游骨干。", None, None,
     [("旅游策划人才", 15, None, "=", "名", None), ("导游骨干", 40, None, "=", "名", None)]),
    # a relative clause listing qualities describes what is counted; nouns listed inside one qualifier stay
    ("引进60名熟悉海洋经济、具备国际视野的港航物流人才。", 2025, None, [("引进港航物流人才", 60, None, "=", "名", 2025)]),
    ("培养100名具有本科、专科学历的乡村教师。", 2025, None, [("具有本科、专科学历的乡村教师", 100, None, "=", "名", 2025)]),
    # a clause opening with a time frame (N年内) states a goal
    ("5年内服务返乡创业人员800名,转化农业科技成果60项。", None, None,
     [("返乡创业人员", 800, None, "=", "名", None), ("农业科技成果", 60, None, "=", "项", None)]),
    # an item's first clause opens after its number: the verb that opens the item governs the count
    ("3.新建社区嵌入式养老服务中心30个,改造适老化设施2000户。", 2025, None,
     [("社区嵌入式养老服务中心", 30, None, "=", "个", 2025), ("适老化设施", 2000, None, "=", "户", 2025)]),
    # verbs of works and services whose object is counted
    ("2.推进管网改造,消除城区易涝点25处。", 2026, None, [("易涝点", 25, None, "=", "处", 2026)]),
    ("打通城区断头路12条,加装电梯90部,惠及居民0.8万户。", 2026, None,
     [("断头路", 12, None, "=", "条", 2026), ("电梯", 90, None, "=", "部", 2026), ("居民", 0.8, None, "=", "万户", 2026)]),
    ("全年开行旅游专列20列以上。", None, None, [("旅游专列", 20, None, ">=", "列", None)]),
]

NOT_TARGETS = [
    "打造千亿级产业集群,传承百年老店技艺。",                                # 千亿级, 百年: no count
    "在全省选取6个左右有条件、有基础的县开展试点。",                       # a choice of pilots by criteria
    "对新认定的国家级孵化器,给予最高200万元奖励。",                       # support rule
    "对年营业收入500万元以上企业给予贴息。",                              # threshold, support
    "辖区内10亩以下(不含10亩)的农用地流转,由镇政府审核。",                 # threshold with a remark in brackets
    "企业新招用人员达到职工总数20%(超过50人的企业达到10%)并签订2年以上合同的,可申请补贴。",  # condition
    "将原有的16项便民措施调整为22项便民措施。",                            # a text's measures
    "截至目前,已建成充电桩1200个。",                                     # past achievement
    "在全省选择5个左右具备条件的县开展试点。",                             # choice by criteria
    "加快推进滨江路128项目建设。",                                        # a number inside a name
    "节约用水30吨。",                                                     # 约 inside 节约 is no comparator (and no goal)
    "力争突破一批关键核心技术。",                                         # 一批 names no amount
    "截至2024年底,全县已累计建成5G基站3000个。",                          # past, 5G is no value
    "座谈会由副县长主持,参会企业代表约40人。",                             # 约 alone states no aim
    "每个乡镇优先支持1家符合条件的企业申报。",                              # a priority rule, not a goal
    "对入选的人才给予资助,每人资助5万元。",                                # support amounts, not a goal
    "将3个项目列入省级重点项目。",                                         # 列入 is a verb, not 3 列
    "围绕四个方面,实施16项重点任务,具体分工见附件。",                       # counts the plan's own tasks
]


def _read(text: str, year=None, issued=None):
    return find_targets(fold(text), 0, Context("1", year, False, None, issued))


@pytest.mark.parametrize("text,year,issued,expected", READ, ids=[r[0][:14] for r in READ])
def test_reads_target(text, year, issued, expected):
    got = _read(text, year, issued)
    assert [(t.value, t.value_max, t.comparator, t.unit, t.year) for t in got] == \
        [(v, vmax, c, u, y) for _, v, vmax, c, u, y in expected]
    for t, (part, *_rest) in zip(got, expected):
        assert fold(part) in t.metric, (t.metric, part)


@pytest.mark.parametrize("text", NOT_TARGETS, ids=[t[:14] for t in NOT_TARGETS])
def test_not_a_target(text):
    assert _read(text, 2025) == []


def test_a_line_break_inside_a_paragraph_is_read_through():
    """A PDF wraps 投资70亿 / 元: the value keeps its unit and the span stays on the text as given."""
    text = "2023年力争完成能源项目投资70亿\n元,力争清洁能源装机容量增加30万千瓦。"
    got = find_targets(text, 100, Context("", None))
    assert [(t.value, t.unit, t.year) for t in got] == [(70, "亿元", 2023), (30, "万千瓦", 2023)]
    assert text[got[0].start - 100:got[0].end - 100] == "2023年力争完成能源项目投资70亿\n元"


def test_one_target_written_twice_is_kept_once_per_item():
    from extract.model import Target
    from extract.targets import drop_repeats

    body = Target("1", "完成既有多层住宅加装电梯", 700, "台", "=", 2025, start=10, end=20)
    again = Target("1", "既有多层住宅加装电梯", 700, "台", "=", None, start=30, end=40)  # the same item: once
    table = Target("T1.7", "既有多层住宅加装电梯", 700, "台", "=", None, start=900, end=910)
    other = Target("T1.8", "既有多层住宅加装电梯", 700, "台", "=", 2026, start=920, end=930)  # due another year
    assert drop_repeats([body, again, table, other]) == [body, table, other]
    assert table.year == 2025  # restated under a task (row): a target of that task too, due when the body says
    lone = Target("T1.7", "既有多层住宅加装电梯", 700, "台", "=", None, start=900, end=910)
    dated = Target("2", "完成既有多层住宅加装电梯", 700, "台", "=", 2025, start=950, end=960)
    kept = drop_repeats([lone, dated])
    assert kept == [lone, dated] and kept[0].year == 2025  # the later mention says when it is due


# (header, cell in the value column, unit column cell) → (value, value_max, comparator, unit, year)
CELLS = [
    (["指标名称", "单位", "2026年目标"], "≥95", "%", (95, None, ">=", "%", 2026)),
    (["指标名称", "单位", "2026年"], "3.5以内", "%", (3.5, None, "<=", "%", 2026)),
    (["指标名称", "单位", "目标值"], "8-10", "家", (8, 10, "range", "家", 2024)),
    (["指标", "目标值"], "12.5亿元", None, (12.5, None, "=", "亿元", 2024)),
    (["指标名称", "单位", "预期目标"], "突破200", "万人次", (200, None, ">", "万人次", 2024)),
    (["指标名称", "单位", "2026年目标"], "稳步提升", "%", None),  # words, no value
]


class _Cell:
    def __init__(self, text, start=0):
        self.text, self.start, self.end = text, start, start + len(text)


@pytest.mark.parametrize("header,cell,unit,expected", CELLS, ids=[c[1] for c in CELLS])
def test_value_columns_of_a_table(header, cell, unit, expected):
    from extract.targets import table_targets

    cells = [_Cell("游客接待量")] + ([_Cell(unit)] if unit is not None else []) + [_Cell(cell)]
    got = table_targets(header, [("T1.1", cells)], 2024)
    assert [(t.value, t.value_max, t.comparator, t.unit, t.year) for t in got] == ([expected] if expected else [])
    assert all(t.metric == "游客接待量" and t.path == "T1.1" for t in got)


def test_a_past_column_holds_no_target():
    from extract.targets import value_columns

    assert value_columns(["序号", "指标名称", "单位", "2024年完成", "2025年目标", "责任单位"]) == {4: 2025}


def test_an_items_numbering_is_not_part_of_its_metric():
    got = _read("(二)全县一般公共预算收入增长7%左右。", 2025)
    assert [t.metric for t in got] == ["一般公共预算收入增长"]
    got = _read("3.规上工业增加值增长8%。", 2025)
    assert [t.metric for t in got] == ["规上工业增加值增长"]


@pytest.mark.parametrize("header,read", [
    (["重点任务", "责任单位", "攻坚目标", "完成情况"], [2]),
    (["工作任务", "牵头单位", "考核指标", "完成时限"], [2]),
    (["任务内容", "责任单位", "预期成效"], [2]),
    (["指标名称", "单位", "2025年目标"], [0]),          # 2025年目标 holds values: read by table_targets
    (["重点任务", "责任单位", "进展情况"], []),          # progress is a report, never a goal
])
def test_goal_columns_of_a_table(header, read):
    from extract.tables import Cell, Table
    from extract.targets import goal_cells

    row = [Cell("1", 0, 1, 0)] + [Cell(f"第{i}列文字", 0, 4, 0) for i in range(len(header))]
    table = Table(1, header, rows=[row, row[:-1]])  # the second row does not fill its columns
    assert [col for _, col, _ in goal_cells(table)] == read


def test_a_section_on_how_an_assessment_works_states_rules():
    """二、考核方式: 优秀等次比例不超过30% caps ratings; it is no target (blind/assessment_rules_table)."""
    from extract.pipeline import extract_text

    doc = extract_text("某县2025年度工作考核细则\n一、考核方式。考核结果分为优秀、良好、一般四个等次,优秀等次比例不超过30%。\n"
                       "二、工作目标。全年新增市场主体3000户以上。\n", doc="t")
    assert [(t.path, t.value) for t in doc.targets] == [("2", 3000)]


def test_a_year_opening_a_sentence_is_a_baseline_only_before_the_year_of_issue():
    """In a plan for 2026—2028 issued in 2026, "2026年,先行培育…" states the first step; "2024年,…建成…"
    reports where things stood."""
    text = fold("2026年,先行建成12个智慧农场示范点。2024年,全省建成智慧农场示范点5个。")
    got = find_targets(text, 0, Context("1", None, False, 2028, 2026))
    assert [(t.value, t.year) for t in got] == [(12, 2026)]
