"""督办 rules as data: deadline phrases, report cues and progress-status words.

Everything here is about how Chinese policy documents and their progress reports are
written in general, never about one document. ``extract.deadlines`` and
``extract.reports`` walk these tables.
"""
from __future__ import annotations

# ---------------------------------------------------------------- deadlines
# Numerals as written in dates (二〇二四年, 十二月).
CN_DATE_DIGITS = "〇○零一二三四五六七八九十"

# Quarter and half-year words → the month the period ends in.
QUARTER_END_MONTH = {"一": 3, "1": 3, "二": 6, "2": 6, "三": 9, "3": 9, "四": 12, "4": 12}
HALF_END_MONTH = {"上": 6, "下": 12}

# Years written relative to the document's date.
RELATIVE_YEARS = {"今年": 0, "本年": 0, "当年": 0, "年内": 0, "本年度": 0, "年底前": 0, "年底": 0,
                  "明年": 1, "次年": 1, "下一年": 1, "后年": 2}

# Recurrences: written word → (ISO 8601 duration, Chinese label).
RECURRENCES = {
    "每周": ("P1W", "每周"), "每旬": ("P10D", "每旬"), "每月": ("P1M", "每月"), "按月": ("P1M", "每月"),
    "每季度": ("P3M", "每季度"), "每季": ("P3M", "每季度"), "按季度": ("P3M", "每季度"), "按季": ("P3M", "每季度"),
    "逐季": ("P3M", "每季度"), "每半年": ("P6M", "每半年"), "每年": ("P1Y", "每年"), "每年度": ("P1Y", "每年"),
    "按年度": ("P1Y", "每年"), "逐年": ("P1Y", "每年"),
}

# Phrases that mean the task has no end date.
ONGOING = ("长期坚持", "长期推进", "长期开展", "持续推进", "持续开展", "持续实施", "持续落实", "常态化推进",
           "常态化开展", "常态推进", "长期", "持续", "常态化", "常年", "全年")

# ---------------------------------------------------------------- reports
# Title words of a progress report (a plan's title has none of them).
REPORT_TITLE_CUES = ("进展情况", "执行情况", "完成情况", "落实情况", "推进情况", "督查通报", "督办通报", "进度通报",
                     "工作进展", "进展报告", "情况通报", "情况汇报", "情况报告", "工作通报")
# A title ending in one of these is a report too (关于…滞后情况的通报).
REPORT_TITLE_ENDINGS = ("通报", "情况报告", "情况汇报")
# Period words in a report's title: (regex, ISO period kind).
REPORT_PERIODS = (
    (r"(?:第?[一二三四1-4]季度)", "quarter"),
    (r"(?:[上下]半年|半年度?)", "half"),
    (r"(?:1-\d{1,2}月|一至[一二三四五六七八九十]{1,2}月|前[一二三]季度)", "months"),
    (r"(?:年度|全年)", "year"),
    (r"(?:\d{1,2}|[一二三四五六七八九十]{1,2})月份?", "month"),
)
# Table columns that hold the reported progress.
PROGRESS_COLUMNS = ("完成情况", "进展情况", "落实情况", "执行情况", "推进情况", "工作进展", "进展", "进度",
                    "完成进度", "目前进展")
# Table columns that hold the task a row reports on.
TASK_COLUMNS = ("重点工作", "工作任务", "任务", "主要任务", "重点任务", "工作内容", "任务名称", "项目名称", "事项")
# A reference to a plan's item written in the report: 任务2.1.1, 第3项, 序号5.
PATH_REFS = (r"(?:任务|事项|条目)\s*(?P<p>\d{1,2}(?:\.\d{1,2}){1,3})",
             r"第\s*(?P<n>\d{1,3})\s*项",
             r"序号\s*[:：]?\s*(?P<n>\d{1,3})")
# Quotes around a task heading a report paragraph names (关于"加大高质量创造导向").
HEADING_QUOTES = (("“", "”"), ('"', '"'), ("「", "」"), ("『", "』"), ("《", "》"), ("【", "】"))

# Status words, strongest first: the first that matches in an item's wording decides.
# status key → (Chinese label, words). Order matters: 未完成 before 完成, 基本完成 before 已完成.
STATUS_WORDS = (
    ("not_started", "未启动", ("未启动", "尚未启动", "未开展", "尚未开展", "未开工", "尚未开工", "暂未启动")),
    ("behind", "滞后", ("滞后", "进度缓慢", "推进缓慢", "进展缓慢", "未达到序时进度", "未达序时进度", "落后于序时",
                      "未按期", "逾期未", "未完成", "尚未完成", "差距较大", "进度偏慢")),
    ("mostly_done", "基本完成", ("基本完成", "基本建成", "基本落实", "接近完成", "主体完工")),
    ("done", "已完成", ("已完成", "全面完成", "已全部完成", "已建成", "已落实", "已出台", "已印发", "已制定",
                      "已经完成", "按时报送", "已报送", "拨付到位", "已拨付", "已到位", "已上线", "已完工", "完工", "已办结", "按期完成", "如期完成", "提前完成", "顺利完成", "圆满完成",
                      "已投入使用", "已竣工", "已验收")),
    ("in_progress", "正在推进", ("正在推进", "正在实施", "正在开展", "有序推进", "稳步推进", "积极推进", "加快推进",
                               "扎实推进", "持续推进", "推进中", "正在", "序时推进", "按计划推进", "已启动", "已开工",
                               "开展", "推进", "完成")),
)
STATUS_LABELS = {key: label for key, label, _ in STATUS_WORDS}
# A percentage of completion: 完成60%, 进度达80%, 完成率75%, 完成投资3000万元 is not one.
PERCENT = r"(?:完成|进度|完成率|完成进度)[^，,。；;%％]{0,10}?(?P<v>\d{1,3}(?:\.\d+)?)\s*[%％]"
