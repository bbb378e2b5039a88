"""Vocabulary of role labels (牵头责任单位, 协同 单位, 责任\\n科室, 牵头负责领导) and role words
(A牵头实施, B、C配合). ``extract.labels`` reads both from these parts; nothing here lists
whole labels.

A label is a compound: role parts, then an optional level (省 市 区 县), then a head.
Its role comes from its parts (a specific part beats a generic one: 牵头责任单位 → lead,
协同责任单位 → cooperate), its kind from its head.
"""
from __future__ import annotations

# Role parts, each with the role it gives.
LABEL_ROLE_PARTS = {
    # 主责 pairs with 协办 (主责单位 / 协办单位) as 牵头 with 配合: data/heldout/bracket_variants reads it as lead
    "牵头": "lead", "主办": "lead", "主抓": "lead", "主责": "lead",
    "协同": "cooperate", "配合": "cooperate", "参加": "cooperate", "参与": "cooperate", "协助": "cooperate",
    "支撑": "cooperate", "协办": "cooperate", "协作": "cooperate",
    "责任": "responsible", "负责": "responsible", "实施": "responsible",
    "推进": "responsible", "承办": "responsible", "落实": "responsible", "承担": "responsible",
    "执行": "responsible", "主管": "responsible",
}
# Generic role parts: any other part in the same compound decides (牵头责任单位 → lead).
GENERIC_ROLE = "responsible"
# Parts that carry no role of their own (牵头组织实施单位, 分管领导, 具体负责单位).
LABEL_MODIFIERS = ("组织", "具体", "主要", "分管", "联系", "包抓", "包联", "挂钩", "挂点", "督办")
# Modifiers that make a label name a person only with a person head (分管领导, 联系领导).
PERSON_MODIFIERS = ("分管", "联系", "包抓", "包联", "挂钩", "挂点")
# A level written between the parts and the head (分管省领导, 牵头市领导).
LABEL_LEVELS = "省市区县镇乡"
# Heads: what the listed items are.
LABEL_HEADS = {
    "单位": "unit", "部门": "unit", "科室": "unit", "处室": "unit", "机关": "unit", "主体": "unit",
    "机构": "unit", "领导": "person", "人": "person",  # 人: 责任人, 负责人
}
# Words that join two compounds into one label (责任单位或牵头单位, 责任主体与协同单位).
LABEL_JOINERS = ("或者", "或", "和", "与", "及", "/", "、")
# Labels that introduce role phrases rather than a role (部门分工:A牵头,B配合).
DIVISION_LABELS = ("部门分工", "责任分工", "任务分工", "职责分工", "分工")

# Role words after a list (A、B牵头实施 / B、C配合 / 按职责分工负责): manners that may stand
# before the role parts, and verbs that count as role parts only there.
ROLE_MANNERS = ("按照职责分工", "按职责分工", "按职能分工", "按照职责", "按职责", "分别", "共同", "具体", "各自")
ROLE_VERB_EXTRA = {"指导": "responsible", "督导": "responsible", "组织": None, "负总责": "responsible"}
# Words that give a list a label's role after it (区发改局为牵头单位, 区财政局作为配合单位).
LABEL_AS = ("作为", "为", "是")
# Brackets a label may stand in instead of before a colon (【牵头单位】区发改局).
LABEL_BRACKETS = ("【】", "〔〕", "[]", "［］", "〖〗")
# A verb phrase that ends an item and names its units: 由A牵头 / 由A负责 / 由A牵头实施.
BY_WORD = "由"
# Words that never stand inside a unit's name: a clause holding them is a sentence, not a list of units
# (区政府教育督导室负责对…进行督导 closes no item).
NOT_IN_UNIT_NAMES = ("负责", "牵头", "配合", "参与", "协同", "进行", "落实")

PART_PRECEDENCE = {"lead": 3, "cooperate": 2, "responsible": 1}
