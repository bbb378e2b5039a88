"""The extractor's tables. Edit here, not in the parsers."""
from __future__ import annotations

CN_DIGITS = "零〇一二三四五六七八九十百两"

# Numbering styles, outermost-first: the order is also each style's default rank
# (GB/T 9704: 一、 › (一) › 1. › (1) › ①; 第一部分/第一章/第一节/第一条 above them).
# name -> regex matched at the start of a (left-stripped, width-folded) line; group
# "n" is the number as written. Spaces may stand inside a marker ("( 一 )", "1 ."), and
# a number may end in any full stop a document uses (、 . ． ﹒ and the comma ， ,),
# all width-folded to 、 . , before matching.
_SP = r"[ \t]*"
NUMBERING = {
    "part": r"第(?P<n>[零〇一二三四五六七八九十百两\d]+)部分",
    "chapter": r"第(?P<n>[零〇一二三四五六七八九十百两\d]+)章",
    "section": r"第(?P<n>[零〇一二三四五六七八九十百两\d]+)节",
    "article": r"第(?P<n>[零〇一二三四五六七八九十百两\d]+)条",
    "cn": r"(?P<n>[零〇一二三四五六七八九十百两]+)" + _SP + r"[、.,]",
    "paren_cn": r"[(（]" + _SP + r"(?P<n>[零〇一二三四五六七八九十百两]+)" + _SP + r"[)）]",
    "arabic": r"(?P<n>\d{1,3})" + _SP + r"(?:、|[.,](?!" + _SP + r"\d))",
    # decimal outline numbers "10.7 除…", "1.2.3 建立…": the number, then a space
    "dotted3": r"(?P<n>\d{1,2}\.\d{1,2}\.\d{1,2})(?=[ \t]+[^\d\s%.])",
    "dotted2": r"(?P<n>\d{1,2}\.\d{1,2})(?=[ \t]+[^\d\s%.])",
    "paren_arabic": r"[(（]" + _SP + r"(?P<n>\d{1,3})" + _SP + r"[)）]",
    # a number closed by a bracket alone ("1)", "2）"): a style of its own, nested where it first appears
    "half_paren_arabic": r"(?P<n>\d{1,3})" + _SP + r"[)）](?!\d)",
    "circled": r"(?P<n>[①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳])",
}
#: an arabic marker whose heading begins with a digit ("11.121人才梯队项目", "3.5G网络"): read as
#: a marker only when its number continues an open arabic list (10. was the last item).
ARABIC_BEFORE_DIGIT = r"(?P<n>\d{1,3})" + _SP + r"[.,](?=\d)"
#: how a style is placed the first time it appears under another: a list that starts
#: at 1 nests under the current item, whatever its rank (a document may nest 1. › (一));
#: a list that starts further on (an excerpt that begins at 3、 and then meets (五))
#: continues a list begun before, and takes its place by rank.
NUMBERING_RANK = {style: rank for rank, style in enumerate(NUMBERING)}
CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"

# Role labels (牵头单位, 协同责任单位 …) and role words (A牵头, B配合) are read from their
# parts by extract.labels; the parts are in extract/rules/labels.py.
ROLE_STRENGTH = {"lead": 3, "responsible": 2, "cooperate": 1}
# Labels that name people columns / lines rather than units.
PERSON_LABELS = ("责任领导", "分管领导", "分管省领导", "分管市领导", "分管区领导", "分管县领导",
                 "牵头领导", "责任人", "联系领导", "包抓领导", "分管副市长", "分管副区长")
DEADLINE_LABELS = ("完成时限", "完成时间", "时间节点", "时限要求", "完成期限", "时限", "办结时限")
# Notes that make the first-listed unit the lead.
FIRST_LISTED_LEAD = (r"(?:列|排|排列|居)(?:在|于)?(?:第一位|首位|第一|最前|前面)(?:的|者)?(?:单位|部门)?(?:为|是)?"
                     r"牵头(?:单位|部门)")

# Words stripped from the ends of a unit as written.
UNIT_TRAILING = ("按职责分工负责", "按照职责分工负责", "按职责负责", "分别负责", "共同负责", "牵头负责",
                 "负责落实", "具体负责", "牵头", "负责", "配合", "参与", "协同", "落实", "指导", "等")
UNIT_LEADING = ("由", "会同", "和", "及", "以及")

# Vague catch-alls: not units.
CATCH_ALLS = (
    "有关部门", "相关部门", "有关单位", "相关单位", "各有关部门", "各相关部门", "各有关单位", "各相关单位",
    "有关部门和单位", "相关部门和单位", "有关单位和部门", "各有关部门和单位", "其他有关部门", "其他相关部门",
    "有关方面", "相关方面", "各有关方面", "等有关部门", "等相关部门", "有关部门单位", "其他有关单位",
    "各成员单位", "成员单位", "各单位", "有关机构", "相关机构",
)

# Endings of unit names (longest first when matching).
UNIT_SUFFIXES = (
    "人民政府", "政府办公室", "政府办", "管委会", "管理委员会", "办事处", "工作部", "专班", "领导小组",
    "委员会", "办公室", "办公厅", "中心", "总局", "总署", "分局", "分行", "支行", "集团", "公司", "法院", "检察院",
    "街道", "工委", "党委", "党组",
    "局", "委", "办", "院", "厅", "部", "署", "处", "室", "所", "站", "队", "会", "社", "行", "馆", "台",
    "镇", "乡", "区", "县", "市", "省", "州", "盟", "旗", "政府", "单位", "部门", "机构", "组", "团",
    "联", "协", "联社", "企业", "海关", "关", "厂",
)
# A collective unit starts with one of these.
COLLECTIVE_PREFIXES = ("各", "全区", "全市", "全县", "全省", "相关", "有关", "区直", "市直", "县直", "省直")

# Measure units for targets, longest first when matching.
MEASURE_UNITS = (
    "微克每立方米", "微克/立方米", "毫克/立方米", "亿千瓦时", "万千瓦时", "千瓦时", "亿千瓦", "万千瓦", "千瓦",
    "万亿元", "亿美元", "万美元", "亿元", "万元", "元",
    "万人次", "人次", "万人", "人", "名", "位",
    "万吨", "吨", "万亩", "亩", "公顷", "平方公里", "万平方米", "平方米", "万平米", "平米", "亿立方米", "万立方米", "立方米",
    "公里", "千米", "米",
    "万户", "户", "万件", "件", "万个", "个", "家", "项", "所", "座", "根", "台", "套", "条", "处", "张",
    "辆", "艘", "列", "万辆", "万台", "万套", "万座", "万家", "万项", "万名", "万条", "架", "场", "次", "册", "部", "支", "批", "类", "种", "块", "间", "篇", "本", "款", "棵", "株",
    "场次", "个工作日", "工作日", "天", "日", "小时", "分钟", "个百分点", "百分点", "%", "‰", "倍", "岁", "年",
)
# Comparator words. Suffixes follow the number+unit, prefixes stand before it.
COMPARATOR_SUFFIX = {"以上": ">=", "及以上": ">=", "以下": "<=", "及以下": "<=", "以内": "<=", "左右": "≈",
                     "上下": "≈", "之内": "<="}
COMPARATOR_PREFIX = {
    "不低于": ">=", "不少于": ">=", "不小于": ">=", "至少": ">=", "达到": ">=", "达": ">=",
    "提高到": ">=", "提升到": ">=", "提高至": ">=", "提升至": ">=", "增加到": ">=", "增至": ">=",
    "发展到": ">=", "超过": ">", "突破": ">", "高于": ">", "多于": ">",
    "不超过": "<=", "不高于": "<=", "不多于": "<=", "控制在": "<=", "降至": "<=", "降到": "<=", "降低到": "<=",
    "下降到": "<=", "低于": "<", "少于": "<",
    "稳定在": "≈", "保持在": "≈", "维持在": "≈", "约": "≈", "大约": "≈",
    "缩短至": "<=", "缩短到": "<=", "压缩至": "<=", "压缩到": "<=", "减少到": "<=", "减少至": "<=", "降低至": "<=",
    "下降至": "<=", "扩大到": ">=", "扩大至": ">=", "增长到": ">=", "增长至": ">=",
}
# Change words that belong to the metric ("增长6%": metric 地区生产总值增长).
CHANGE_WORDS = ("增长", "增加", "增幅", "提高", "提升", "下降", "降低", "减少", "缩短", "压缩", "压减", "削减")
# A number in a clause with one of these is a policy parameter, not a target.
PARAMETER_CUES = ("最高", "最多", "给予", "奖励", "补助", "补贴", "资助", "一次性", "贴息", "奖补", "每户",
                  "每人", "每家", "单笔", "单户", "起步价", "收费", "不得", "原则上",
                  "予以", "按其", "上限", "优先")
# A clause with one of these reports what has been done, not a goal.
ACHIEVEMENT_CUES = ("以来", "截至目前", "目前已", "已经", "去年", "上年", "过去", "近年来", "累计已", "已建成", "已完成",
                    "已实现", "已达到", "已培育", "已引进", "已形成", "已累计", "已新增", "已开工", "已有")
# Anywhere in a clause, these make a number a penalty or a rule, not a target.
PENALTY_CUES = ("罚款", "罚金", "处以", "并处", "没收", "扣分", "扣", "得分", "计分", "加分")
# Words a unit name never starts with: a list item starting so is a task, not a unit.
VERB_STARTS = ("建设", "推进", "加强", "完善", "开展", "实施", "建立", "打造", "推动", "提升", "促进", "优化", "深化",
               "落实", "做好", "强化", "支持", "鼓励", "引导", "制定", "健全", "培育", "加快", "创建",
               "举办", "新建", "改造", "引进", "提高", "扩大", "探索", "构建", "统筹", "规范", "严格", "保障", "确保")
# Units of time: a target only with a comparator word (低于60天), never a plain duration.
TIME_UNITS = ("天", "日", "小时", "分钟", "个工作日", "工作日")

# Target verbs: a plain number after one of these is a target ("建成200家").
TARGET_VERBS = ("建成", "建设", "培育", "打造", "推出", "新增", "新建", "引进", "完成", "实现", "创建", "认定",
                "盘活", "改造", "提升", "优化提升", "培养", "覆盖", "开展", "达", "增长", "新培育", "累计", "实施",
                "组建", "建立", "创成", "争创", "招引", "举办", "培训", "推广", "招商", "签约", "吸引", "带动",
                "筹集", "落地", "开工", "竣工", "投用", "孵化", "帮扶", "安置", "选拔", "评选", "扶持",
                # verbs of works and services whose object is counted (消除积水点40处, 打通断头路20条,
                # 加装电梯150部, 惠及居民2.8万户, 开行旅游专列30列)
                "消除", "打通", "加装", "改建", "惠及", "开行")
# A clause opening with one of these states how support is computed, not a goal.
RULE_OPENERS = ("按", "对", "凡", "经认定", "符合条件的")
# A sentence that opens with a bare year and none of these reports a baseline, not a goal.
FUTURE_CUES = ("到", "力争", "目标", "确保", "要", "将", "预计", "计划", "争取", "努力", "预期")
# Latin measure units seen in plans (算力 2000PFlops, 装机 5GW).
LATIN_UNITS = ("PFlops", "EFlops", "TFlops", "GW", "MW", "kW", "GWh", "MWh", "Gbps", "Mbps", "TB", "PB", "km")

# Citations: generic document words that, alone, are abbreviations (《方案》), not references.
GENERIC_TITLES = ("方案", "实施方案", "工作方案", "意见", "实施意见", "指导意见", "通知", "规划", "纲要", "办法",
                  "细则", "实施细则", "条例", "规定", "决定", "计划", "行动计划", "措施", "若干措施", "报告", "清单",
                  "导则", "指南", "标准", "解读", "公告", "通告", "章程", "要点", "工作要点")

# Group roles in leadership lists ("组 长:").
GROUP_ROLES = ("常务副组长", "执行副组长", "副组长", "组长", "常务副主任", "副主任", "主任", "副总指挥", "总指挥",
               "常务副指挥长", "执行副指挥长", "副指挥长", "指挥长", "第一组长", "第一召集人", "主席", "副主席", "副召集人", "召集人", "秘书长", "副秘书长", "成员", "委员", "联络员",
               "办公室主任", "办公室副主任")

# --- people (extract/people.py, extract/personnames.py); surnames are in surnames.txt beside this file ---
# Never part of a person's name: role and cue words, function words, fragments of posts. "管负责", "的负责" and
# "由肖富" are cut from "分管负责同志", "…的负责同志", "由肖富同志" and are not names.
NAME_NOT_PARTS = ("负责", "牵头", "分管", "主管", "协管", "配合", "协助", "担任", "兼任", "同志", "工作", "领导",
                  "主要", "有关", "相关", "部门", "单位", "成员", "组长", "主任", "书记", "委员", "常委", "常务",
                  "局长", "市长", "区长", "县长", "省长", "部长", "厅长", "镇长", "秘书", "政府", "人民", "办公",
                  "总理", "召集", "指挥", "联络", "名单", "的", "等", "副", "各", "该", "其他", "以上", "以下")
# Titles a member's posts may hold besides posts in a unit (教授、北京大学社会科学学部主任).
ACADEMIC_TITLES = ("院士", "教授", "副教授", "研究员", "副研究员", "编审", "正高级教师", "高级教师", "高级工程师",
                   "教授级高级工程师", "主任医师", "律师", "专家")
# Group roles written in prose: 由省长王清宪负总责, 由副市长李明任组长.
PROSE_ROLES = ("负总责", "总负责")
# Labels whose kind is a person (their head is 领导 or 责任人): 牵头负责领导:刘惠.
PERSON_LABEL_HEADS = ("领导", "责任人", "负责人")
# Titles that end a post (区财政局局长, 国务院副总理); a member's posts hold at least one post or academic title.
POST_TITLES = ("副总理", "总理", "国务委员", "副秘书长", "秘书长", "副书记", "书记", "常委", "副主任", "主任",
               "副局长", "局长", "副部长", "部长助理", "部长", "副院长", "院长", "副检察长", "检察长", "副署长",
               "署长", "副主席", "主席", "副市长", "常务副市长", "市长", "副区长", "区长", "副县长", "县长",
               "副镇长", "镇长", "副乡长", "乡长", "副省长", "省长", "副厅长", "厅长", "巡视员", "调研员", "委员", "成员",
               "副总经理", "总经理", "董事长", "行长", "副行长", "主任委员", "党组成员", "负责人", "组长", "副组长",
               "副校长", "校长", "副社长", "社长", "总编辑", "副总编辑", "副州长", "州长", "副盟长", "盟长", "副旗长",
               "旗长", "副处长", "处长", "副科长", "科长", "副所长", "所长", "副站长", "站长", "副队长", "队长",
               "主任科员", "督察长", "政委", "副政委", "司令员", "参事", "馆长", "副馆长", "理事长", "副理事长",
               "会长", "副会长", "总工程师", "总经济师", "总会计师", "总师", "专员", "副专员")
# Where a post names a body inside a unit (北京大学社会科学学部主任), the unit ends before it.
SUB_BODIES = ("学术委员会", "学部", "书记处", "党组", "党委", "党工委", "办公室")
# Unit endings a member's org may have beyond UNIT_SUFFIXES (中央党校副校长 → 中央党校).
ORG_ENDINGS = ("大学", "党校", "学校", "中学", "小学", "研究所", "科协", "文联", "侨联", "残联", "妇联", "总工会")

# A clause describing a document's contents ("提出了18条举措") states no target.
DESCRIPTIVE_CUES = ("提出了", "明确了", "共分为", "共分", "包括", "涵盖", "分为", "主要内容", "共有", "共计")

# Titles of texts that restate another (their targets are not new targets).
RESTATEMENT_TITLES = ("解读", "答记者问", "政策问答", "图解", "起草说明", "编制说明")

# Title-like endings of document titles.
TITLE_ENDINGS = ("通知", "方案", "意见", "计划", "办法", "规定", "条例", "细则", "规划", "纲要", "要点", "清单",
                 "分解表", "任务表", "措施", "决定", "通告", "公告", "报告", "解读", "说明", "名单", "(征求意见稿)",
                 "分解", "分工", "一览表", "汇总表", "情况", "安排",
                 "（征求意见稿）", "(试行)", "（试行）", "年版)", "年版）")

# ---- task-table headers (extract/tables.py) ----
# Head words of column labels: a label ends with one (责任单位, 完成情况, 工作任务安排). A header fragment
# without a head (责任, 第二季度) is the start of a label split over cells or lines.
HEADER_HEADS = ("单位", "部门", "科室", "处室", "领导", "责任人", "联系人", "主体", "序号", "编号", "时限", "期限", "时间",
                "节点", "情况", "任务", "内容", "事项", "工作", "目标", "措施", "举措", "类别", "分类", "类型",
                "备注", "安排", "要求", "标准", "进度", "项目", "名称", "说明", "指标", "计划", "成效", "分值",
                "领域", "环节", "方式", "政策", "依据", "成果", "形式", "值", "年", "月", "分", "数", "量", "率")
# Head words that, standing alone in a fragment, finish the label before them (责任 / 领导).
HEADER_BARE_HEADS = ("单位", "部门", "科室", "处室", "领导", "责任人", "主体", "时限", "期限", "时间", "内容",
                     "情况", "要求", "任务", "安排", "事项", "措施")
# Column kinds by head (until the shared label reader lands): units, people, deadlines, other.
UNIT_HEADER_HEADS = ("单位", "部门", "科室", "处室", "主体")
PERSON_HEADER_HEADS = ("领导", "责任人", "联系人")

# ---- targets: grammar of quantitative targets (extract/targets.py) ----
# Words in which 约 is not "about" (节约10吨 is a saving, not an approximation).
YUE_WORDS = ("节约", "制约", "签约", "预约", "集约", "简约", "契约", "公约", "邀约", "履约", "违约", "特约", "合约",
             "条约", "相约", "约束", "约定")
# Nouns after "N的": 达到100%的目标 still states the target.
GOAL_NOUNS = ("目标", "水平", "任务")
# Attributes written between a verb and its comparator: 组建规模不低于10亿元的基金 → 基金规模.
# Verbs that build something whose size is the target, besides TARGET_VERBS (设立规模不低于5亿元的基金).
BUILD_VERBS = ("设立", "设置", "成立", "筹建", "搭建", "布局", "建起")
ATTRIBUTE_NOUNS = ("总规模", "规模", "总面积", "面积", "总量", "容量", "数量", "总投资", "投资")
# Objects that count a text's own contents (24项督查激励措施): a description, not a goal.
DESCRIPTIVE_OBJECTS = ("措施", "举措", "条款", "重点任务", "主要任务", "重点工作")  # 实施16项重点任务 counts the plan's own
# Words that make a sentence speak of the year it was issued (全年固定资产投资增长12%): due that year.
CURRENT_YEAR_CUES = ("全年", "年内", "今年", "本年度", "本年")
# Scope words before a metric, dropped from it (全市, 本区).
SCOPE_WORDS = ("全市", "全区", "全县", "全省", "全国", "全镇", "本市", "本区", "本县", "本省", "本镇")
# Conjunctions between coordinated values (3个既有园区和至少1个科创园区; 24%、25%以上).
VALUE_CONJUNCTIONS = ("、", "和", "及", "与", "以及", "或")
# Classifiers that count things (10家以上龙头企业 counts firms: a target); a measure before a noun
# (5亿元以上重大项目, 6亩以下的土地) sizes what follows: a threshold.
COUNT_UNITS = ("个", "家", "项", "所", "座", "处", "条", "名", "位", "台", "套", "户", "件", "批", "类", "种", "场", "场次", "列",
               "支", "艘", "辆", "架", "棵", "株", "本", "篇", "册", "款", "间", "块", "张", "根")
# Measure units whose character begins a word after a number (899项目 is a name, not 899 项).
UNIT_WORDS = ("项目", "名单", "条件", "台账", "处理", "处置", "家庭", "户籍", "场所", "场景", "座谈", "台阶", "套餐",
              "支持", "支撑", "部门", "部署", "类型", "种植", "种类", "批准", "批复", "所有", "所属", "位于", "位置",
              "间隔", "本地", "本级", "件事", "次数", "人员", "人才", "人口", "列入", "列为", "列车", "列出")
# Classifiers that, after a Chinese numeral, name no amount (突破一批, 两类).
VAGUE_CLASSIFIERS = ("批", "类", "种")
# Words that open a relative clause after a value (10个左右有条件、有基础的城市): after a selection verb
# (选择10个左右有条件的城市开展试点) a choice by criteria, not a goal; elsewhere (培育10个具有引领效应的社区) a target.
RELATIVE_OPENERS = ("有", "具", "符", "满")
SELECTION_VERBS = ("选择", "选取", "遴选", "挑选", "选定", "确定")
# Table columns that hold a target value for each row (2025年, 2025年目标, 目标值; a year before is optional).
TARGET_COLUMNS = ("目标值", "目标", "预期目标", "预期值", "指标值", "计划目标", "年度目标", "规划目标")
# Columns that name a row's metric and its measure unit.
METRIC_COLUMNS = ("指标名称", "指标", "指标内容", "主要指标", "项目", "名称")
UNIT_COLUMNS = ("单位", "计量单位", "指标单位")
# Verbs whose object is a count of people, bodies or events (重点支持300名人才, 组织和发动100家社会组织,
# 集聚万名人才): a plain count after one is a target, as after TARGET_VERBS. Kept apart from TARGET_VERBS,
# which unit names are also checked against (组织部 is a unit).
COUNT_VERBS = ("支持", "资助", "组织", "发动", "集聚", "聚集", "汇聚", "遴选", "选派", "表彰", "设立", "筹建")
# Support words that are policy parameters before an amount (资助50万元) but the target's verb before a count
# of those supported (评选资助200名技能人才, 选拔资助不少于100名青年科技人员).
BENEFICIARY_VERBS = ("资助", "奖励", "补助", "补贴", "奖补")
# Round counts written as one character (建成百个社区, 培育千家企业, 集聚万名人才).
ROUND_COUNTS = {"百": 100, "千": 1000, "万": 10000}
# Comparator signs written in a value cell (≥95, ≤3.5).
CELL_COMPARATORS = {"≥": ">=", "≤": "<=", ">": ">", "<": "<", "＞": ">", "＜": "<", "≈": "≈", "约": "≈"}
# A table column whose header has one of these holds goals written as text (攻坚目标, 工作目标);
# progress columns (完成情况, 进展情况) report what was done and are never read for targets.
GOAL_COLUMN_WORDS = ("目标", "指标", "预期成效", "预期成果", "预期效果")
# Endings of a complete metric (万元生产总值能耗, 用水量, 覆盖率): items of a list that end so are whole
# metrics, not parts of one (花生种植、收获机械化率 share 机械化率).
METRIC_ENDINGS = ("能耗", "量", "率", "额", "总值", "增加值", "产值", "比重", "比例", "收入", "面积", "规模", "指数",
                  "强度", "浓度", "人次", "人数", "个数", "家数", "户数")
# Headings of sections that state how an assessment works (考核方式, 评分办法): their numbers are rules
# (优秀等次比例不超过30%), not targets.
RULE_SECTION_WORDS = ("考核方式", "考核办法", "评分办法", "计分办法", "评分标准", "计分标准", "考核等次", "结果运用",
                      "等次评定")

# 发文字号: issuer's abbreviation, the year in 〔〕, the number (国办发〔2016〕82号)
DOC_NUMBER_RX = r"[\u4e00-\u9fa5]{1,12}[〔\[【(（]\s*\d{4}\s*[〕\]】)）]\s*\d{1,4}\s*号"
# a title followed in its clause by one of these is repealed by the citing document (原《…》同时废止)
REPEAL_WORDS = ("废止", "停止执行", "停止实施", "不再执行", "同时失效", "予以撤销")
