"""A tiny hand-written document and store, for doctests, tests and demos.

The text is invented (青山区, a generic district) and the record is written by hand with
spans computed from the text, so graph code can be tested without the extractor.
"""
from __future__ import annotations

from extract.model import Document, Group, Person, Reference, Section, Target, Task, UnitMention

EXAMPLE_TEXT = """青山区数字经济发展工作方案
青政办发〔2024〕5号
一、工作目标
到2026年,全区数字经济核心产业增加值达到120亿元以上,培育数字化转型示范企业8-10家。
二、重点任务
(一)夯实数字基础设施
1.加快5G网络建设。推进5G基站建设,落实《关于加快5G发展的通知》要求。(责任单位:区工信局、区财政局、各街道)
2.推进数据中心集约发展。统筹布局算力设施。(区发展和改革局牵头,区工业和信息化局、区大数据中心配合)
(二)推动产业数字化
3.实施企业上云行动。支持中小企业上云用云,2025年底前完成。(责任单位:区发改局、区财政局)
三、保障措施
成立青山区数字经济发展领导小组:
组长:张三 区长
副组长:李四 副区长
成员:王五 区财政局局长
赵六 区工业和信息化局局长
钱七 城东街道党工委书记
孙八 城西街道办事处主任
领导小组办公室设在区工信局,赵六同志兼任办公室主任。
"""


def _span(text: str, needle: str, after: int = 0) -> tuple[int, int]:
    i = text.index(needle, after)
    return i, i + len(needle)


def _mentions(text: str, task_start: int, names_roles: list[tuple[str, str]]) -> list[UnitMention]:
    out, pos = [], task_start
    for name, role in names_roles:
        s, e = _span(text, name, pos)
        out.append(UnitMention(name, role, s, e))
        pos = e
    return out


def example_document(doc: str = "qingshan_digital_2024", jurisdiction: str | None = "青山区") -> Document:
    """The example record (a new ``doc`` id or jurisdiction gives a copy minted apart).

    >>> d = example_document()
    >>> [t.path for t in d.tasks], d.jurisdiction
    (['2.1.1', '2.1.2', '2.2.3'], '青山区')
    """
    t = EXAMPLE_TEXT
    sections = []
    for path, marker, heading, level in [("1", "一、", "工作目标", 1), ("2", "二、", "重点任务", 1),
                                         ("2.1", "(一)", "夯实数字基础设施", 2), ("2.1.1", "1.", "加快5G网络建设", 3),
                                         ("2.1.2", "2.", "推进数据中心集约发展", 3), ("2.2", "(二)", "推动产业数字化", 2),
                                         ("2.2.3", "3.", "实施企业上云行动", 3), ("3", "三、", "保障措施", 1)]:
        s, _ = _span(t, marker + heading)
        sections.append(Section(path, marker, heading, level, s, s))
    ends = [s.start for s in sections[1:]] + [len(t)]
    for s, e in zip(sections, ends):
        s.end = e - 1
    for s in sections:  # a section runs to the next one at its level or above
        later = [x.start for x in sections if x.start > s.start and x.level <= s.level]
        s.end = (min(later) if later else len(t)) - 1

    def task(path: str, heading: str, line_start: str, units: list[tuple[str, str]], deadline=None) -> Task:
        s, _ = _span(t, line_start)
        e = t.index("\n", s)
        return Task(path, heading, t[s:e], _mentions(t, s, units), deadline, s, e)

    tasks = [
        task("2.1.1", "加快5G网络建设", "1.加快5G", [("区工信局", "responsible"), ("区财政局", "responsible"),
                                                   ("各街道", "responsible")]),
        task("2.1.2", "推进数据中心集约发展", "2.推进数据中心", [("区发展和改革局", "lead"), ("区工业和信息化局", "cooperate"),
                                                         ("区大数据中心", "cooperate")]),
        task("2.2.3", "实施企业上云行动", "3.实施企业上云", [("区发改局", "responsible"), ("区财政局", "responsible")],
             deadline="2025年底前"),
    ]
    s1, e1 = _span(t, "全区数字经济核心产业增加值达到120亿元以上")
    s2, e2 = _span(t, "培育数字化转型示范企业8-10家")
    targets = [
        Target("1", "数字经济核心产业增加值", 120, "亿元", ">=", 2026, None, t[s1:e1], s1, e1),
        Target("1", "数字化转型示范企业", 8, "家", "range", 2026, 10, t[s2:e2], s2, e2),
    ]
    group = "青山区数字经济发展领导小组"
    people = []
    for name, role, positions, org in [("张三", "组长", ["区长"], None), ("李四", "副组长", ["副区长"], None),
                                       ("王五", "成员", ["区财政局局长"], "区财政局"),
                                       ("赵六", "成员", ["区工业和信息化局局长"], "区工业和信息化局"),
                                       ("钱七", "成员", ["城东街道党工委书记"], "城东街道"),
                                       ("孙八", "成员", ["办事处主任"], "城西街道")]:
        s, e = _span(t, name + " ")
        people.append(Person(name, role, positions, org, group, s, e))
    gs, ge = _span(t, "领导小组办公室设在区工信局,赵六同志兼任办公室主任。")
    rs, re_ = _span(t, "《关于加快5G发展的通知》")
    return Document(
        doc=doc, title="青山区数字经济发展工作方案", text=t, source=f"{doc}.txt",
        doc_number="青政办发〔2024〕5号", issuer="青山区人民政府办公室", date="2024-03-01",
        jurisdiction=jurisdiction, sections=sections, tasks=tasks, targets=targets, people=people,
        groups=[Group(group, "区工信局", "赵六同志", gs, ge)],
        references=[Reference("关于加快5G发展的通知", rs + 1, re_ - 1)],
    )


def example_store(*docs: Document):
    """An in-memory LocalStore holding the example document (or the documents given) and the ontology.

    >>> store = example_store()
    >>> store.document_ids()
    ['qingshan_digital_2024']
    """
    from kg.build import build_document
    from kg.local import LocalStore

    store = LocalStore(":memory:")
    store.ensure_ontology()
    for d in docs or (example_document(),):
        store.import_built(build_document(d))
    return store
