"""The extractor's tables. Edit here, not in the parsers."""
from __future__ import annotations

CN_DIGITS = "零〇一二三四五六七八九十百两"

# Numbering styles, outermost-first order in which they usually nest. The parser
# nests them adaptively (a style seen for the first time under another becomes its
# child), so a document that skips a level still gets the right paths.
# name -> regex matched at the start of a (left-stripped, width-normalised) line;
# group "n" is the number as written.
NUMBERING = {
    "chapter": r"第(?P<n>[零〇一二三四五六七八九十百两\d]+)章",
    "part": r"第(?P<n>[零〇一二三四五六七八九十百两\d]+)部分",
    "article": r"第(?P<n>[零〇一二三四五六七八九十百两\d]+)条",
    "cn": r"(?P<n>[零〇一二三四五六七八九十百两]+)[、.．]",
    "paren_cn": r"[(（](?P<n>[零〇一二三四五六七八九十百两]+)[)）]",
    "arabic": r"(?P<n>\d{1,3})(?:[、．]|\.(?!\d))",
    "paren_arabic": r"[(（](?P<n>\d{1,3})[)）]",
    "circled": r"(?P<n>[①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳])",
}
CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"

# Role labels written before a list ("牵头单位:A、B").
ROLE_LABELS = {
    "牵头单位": "lead", "牵头部门": "lead", "牵头领导": None, "牵头组织实施单位": "lead",
    "牵头": "lead", "主办单位": "lead",
    "配合单位": "cooperate", "配合部门": "cooperate", "协同单位": "cooperate",
    "参与单位": "cooperate", "参加单位": "cooperate", "协办单位": "cooperate",
    "责任单位": "responsible", "责任部门": "responsible", "责任主体": "responsible",
    "责任主体与协同单位": "responsible", "承办单位": "responsible", "实施单位": "responsible",
    "落实单位": "responsible", "负责单位": "responsible", "主责单位": "lead",
    "部门分工": None, "分工": None, "责任分工": None,
}
# Role words written after a list ("A、B配合"). Longest first when matching.
ROLE_VERBS = {
    "牵头负责": "lead", "牵头落实": "lead", "牵头督导": "lead", "牵头组织": "lead", "牵头": "lead",
    "配合落实": "cooperate", "协同配合": "cooperate", "配合": "cooperate", "参与": "cooperate",
    "协同": "cooperate", "协助": "cooperate",
    "按职责分工负责": "responsible", "按职责分工落实": "responsible", "按照职责分工负责": "responsible",
    "按职能分工负责": "responsible", "按职责负责": "responsible", "分别负责": "responsible",
    "共同负责": "responsible", "负责落实": "responsible", "具体负责": "responsible",
    "负责": "responsible", "指导": "responsible", "落实": "responsible",
}
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
    "联", "协", "联社", "企业", "海关", "关",
)
# A collective unit starts with one of these.
COLLECTIVE_PREFIXES = ("各", "全区", "全市", "全县", "全省", "相关", "有关", "区直", "市直", "县直", "省直")

# Measure units for targets, longest first when matching.
MEASURE_UNITS = (
    "微克每立方米", "微克/立方米", "毫克/立方米", "亿千瓦时", "万千瓦时", "千瓦时", "亿千瓦", "万千瓦", "千瓦",
    "万亿元", "亿美元", "万美元", "亿元", "万元", "元",
    "万人次", "人次", "万人", "人", "名", "位",
    "万吨", "吨", "万亩", "亩", "公顷", "平方公里", "万平方米", "平方米", "公里", "千米", "米",
    "万户", "户", "万件", "件", "万个", "个", "家", "项", "所", "座", "根", "台", "套", "条", "处", "张",
    "辆", "艘", "万辆", "万台", "万套", "万座", "万家", "万项", "万名", "万条", "架", "场", "次", "册", "部", "支", "批", "类", "种", "块", "间", "篇", "本", "款", "棵", "株",
    "个工作日", "工作日", "天", "日", "小时", "分钟", "个百分点", "百分点", "%", "‰", "倍", "岁", "年",
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
    "稳定在": "≈", "保持在": "≈", "维持在": "≈",
}
# Change words that belong to the metric ("增长6%": metric 地区生产总值增长).
CHANGE_WORDS = ("增长", "增加", "增幅", "提高", "提升", "下降", "降低", "减少", "缩短", "压缩", "压减", "削减")
# A number in a clause with one of these is a policy parameter, not a target.
PARAMETER_CUES = ("最高", "最多", "给予", "奖励", "补助", "补贴", "资助", "一次性", "贴息", "奖补", "每户",
                  "每人", "每家", "单笔", "单户", "起步价", "收费", "不得", "原则上",
                  "予以", "按其", "上限")
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
                "筹集", "落地", "开工", "竣工", "投用", "孵化", "帮扶", "安置")
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
                 "（征求意见稿）", "(试行)", "（试行）", "年版)", "年版）")
