"""Numbered-heading hierarchy: ranks, markers, and the cost of finding the enclosing item."""
from __future__ import annotations

import pytest

from extract import structure
from extract.readers_numbering import chinese_number
from extract.structure import enclosing, find_parts, parse_sections, split_lines
from tests.docgen import headings_text


class CountingList(list):
    """A list that counts the items read from it (by index or by iteration)."""

    reads = 0

    def __getitem__(self, i):
        CountingList.reads += 1
        return super().__getitem__(i)

    def __iter__(self):
        for i in range(len(self)):
            CountingList.reads += 1
            yield super().__getitem__(i)


def _reads_per_lookup(n: int) -> float:
    lines = split_lines(headings_text(n))
    nodes = CountingList(parse_sections(lines, find_parts(lines)))
    CountingList.reads = 0
    for ln in lines:
        enclosing(nodes, ln.start)
    return CountingList.reads / len(lines)


def test_enclosing_reads_logarithmically_many_items():
    """Issue 15 item 5: a scan per position made extraction quadratic in the headings
    (20k headings 13.5 s). A lookup now reads O(log n) items: 10x the headings adds a
    few reads per lookup, where a scan would read 10x as many."""
    small, large = _reads_per_lookup(2_000), _reads_per_lookup(20_000)
    assert large <= 2 * 16  # log2(20k) ≈ 14.3 bisect steps (+ the final check)
    assert large / small < 1.5


def test_enclosing_finds_own_text():
    text = "方案\n一、总体要求\n正文\n(一)目标\n到2025年\n二、任务\n"
    lines = split_lines(text)
    nodes = parse_sections(lines, find_parts(lines))
    at = {ln.norm: enclosing(nodes, ln.start) for ln in lines}
    assert at["方案"] is None
    assert at["正文"].section.path == "1"
    assert at["到2025年"].section.path == "1.1"
    assert at["二、任务"].section.path == "2"
    assert enclosing([], 0) is None


def test_parse_sections_is_linear_in_marker_lookups(monkeypatch):
    """parse_sections reads each line's marker once (no rescans as the list grows)."""
    calls = 0
    real = structure.match_marker

    def counting(line):
        nonlocal calls
        calls += 1
        return real(line)

    monkeypatch.setattr(structure, "match_marker", counting)
    lines = split_lines(headings_text(20_000))
    parse_sections(lines, find_parts(lines))
    assert calls <= len(lines)


MARKERS = [
    ("一、总体要求", "cn", 1), ("一，总体要求", "cn", 1), ("三﹒兜底", "cn", 3), ("二 、任务", "cn", 2),
    ("(一)目标", "paren_cn", 1), ("（ 十二 ）保障", "paren_cn", 12), ("( 一 )垃圾分类", "paren_cn", 1),
    ("1.加快建设", "arabic", 1), ("1、加快", "arabic", 1), ("1．加快", "arabic", 1), ("1﹒加快", "arabic", 1),
    ("12，加快", "arabic", 12), ("1 .建设", "arabic", 1), ("3 、推进", "arabic", 3),
    ("(1)推进", "paren_arabic", 1), ("（ 2 ）建设", "paren_arabic", 2),
    ("10.7 除“四害”措施", "dotted2", 7), ("2.1.3 推进改造", "dotted3", 3),
    ("①整合", "circled", 1), ("第三章 保障", "chapter", 3), ("第二部分 任务", "part", 2), ("第十条 职责", "article", 10),
    ("第二节 监督检查", "section", 2),
]
NOT_MARKERS = ["2，3家企业达标", "1.5倍", "1 . 5倍", "2025，全市", "10%以上", "一是加强", "3万元", "12",
               "1.5 万元", "10.7%", "3.5 倍", "10.7除"]


@pytest.mark.parametrize("line,style,number", MARKERS)
def test_marker_forms(line, style, number):
    from extract.numbering import match_marker
    from extract.textnorm import fold

    m = match_marker(fold(line))
    assert (m.style, m.number) == (style, number)


@pytest.mark.parametrize("line", NOT_MARKERS)
def test_not_markers(line):
    from extract.numbering import match_marker
    from extract.textnorm import fold

    assert match_marker(fold(line)) is None


def _paths(text: str) -> list[str]:
    lines = split_lines(text)
    return [n.section.path for n in parse_sections(lines, find_parts(lines))]


RANK_CASES = [
    # an excerpt starting at 3、 meets (五): by GB/T 9704 rank (五) is above 3、
    ("3、甲\n4、乙\n(五)丙\n1、丁\n(六)戊\n", ["3", "4", "5", "5.1", "6"]),
    # (1) … then 4. further on: 4. is above (1)
    ("(2)甲\n(3)乙\n4.丙\n(1)丁\n", ["2", "3", "4", "4.1"]),
    # a list that starts at 1 nests under the current item whatever its rank (1. › (一))
    ("1.甲\n(一)乙\n(二)丙\n2.丁\n(一)戊\n", ["1", "1.1", "1.2", "2", "2.1"]),
    # a list the text nests under another runs on there (1. › (一)(二), 2. › (三))
    ("1.甲\n(一)乙\n(二)丙\n2.丁\n(三)戊\n", ["1", "1.1", "1.2", "2", "2.3"]),
    # a decimal outline: the number holds its parent's path; an excerpt starting at 10.7
    ("1.甲\n1.1 乙\n1.1.1 丙\n1.2 丁\n2.戊\n2.1 己\n", ["1", "1.1", "1.1.1", "1.2", "2", "2.1"]),
    ("10.7 甲\n10.8 乙\n", ["10.7", "10.8"]),
    # 第X章 › 第X节 › 第X条, articles numbered on across sections
    ("第一章 总则\n第一条 甲\n第二章 职责\n第一节 乙\n第二条 丙\n第二节 丁\n第三条 戊\n",
     ["1", "1.1", "2", "2.1", "2.1.2", "2.2", "2.2.3"]),
    # skipped levels: 一、 › (1), 一、 › 1.
    ("一、甲\n(1)乙\n二、丙\n1.丁\n", ["1", "1.1", "2", "2.1"]),
    # a jump within one list keeps the number as written, deeper lists under it
    ("二、甲\n(四)乙\n1.丙\n(五)丁\n", ["2", "2.4", "2.4.1", "2.5"]),
    # the next item of an arabic list whose heading starts with digits (3.121工程) is no decimal 3.121
    ("一、甲\n1.乙\n2.丙\n3.121人才工程项目\n4.丁\n二、戊\n1.5万平方米的厂房\n", ["1", "1.1", "1.2", "1.3", "1.4", "2"]),
]


@pytest.mark.parametrize("text,paths", RANK_CASES)
def test_numbering_ranks(text, paths):
    assert _paths(text) == paths


from hypothesis import given, settings, strategies as st  # noqa: E402

_FORMS = ["{cn}、", "({cn})", "（{cn}）", "{n}.", "{n}、", "{n}．", "({n})", "（{n}）", "{c}", "第{cn}章", "第{cn}条",
          "{n}.{m} ", "( {cn} )", "{n} ."]
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩"


@st.composite
def marker_lines(draw):
    lines = []
    for _ in range(draw(st.integers(1, 40))):
        n = draw(st.integers(1, 10))
        form = draw(st.sampled_from(_FORMS))
        lines.append(form.format(cn=chinese_number(n), n=n, m=draw(st.integers(1, 9)), c=_CIRCLED[n - 1]) + "推进工作")
    return "\n".join(lines) + "\n"


@settings(max_examples=200, deadline=None)
@given(marker_lines())
def test_every_path_extends_its_parents(text):
    """Whatever order markers come in, an item's path starts with its parent's path and
    its level is its depth; own texts never overlap."""
    lines = split_lines(text)
    nodes = parse_sections(lines, find_parts(lines))
    assert len(nodes) == sum(1 for ln in lines if ln.norm.strip())
    for node in nodes:
        if node.parent is not None:
            assert node.section.path.startswith(node.parent.section.path + ".")
            assert node.section.level == node.parent.section.level + 1
        else:
            assert node.section.level == 1
    for a, b in zip(nodes, nodes[1:]):
        assert a.body_end < b.section.start


@pytest.mark.parametrize("n,written", [(3, ("3", "三", "③")), (12, ("12", "十二", "⑫")), (35, ("35", "三十五")),
                                       (120, ("120",)), (2024, ("2024",))])
def test_numerals_of_a_run_on_marker(n, written):
    from extract.structure import _numerals
    assert _numerals(n) == written


def test_run_on_items_split_only_the_next_number_of_the_same_style():
    from extract.numbering import match_marker
    from extract.structure import run_on_items, split_lines

    ln = split_lines("(一)甲。责任单位:A。(三)丙。2、丁。(二)乙。")[0]
    got = [(p.norm, m.number) for p, m in run_on_items(ln, match_marker(ln.norm))]
    assert got == [("(一)甲。责任单位:A。(三)丙。2、丁。", 1), ("(二)乙。", 2)]
    ln = split_lines("99、甲。100、乙。")[0]  # numbers past 99 are written in digits only
    assert [m.number for _, m in run_on_items(ln, match_marker(ln.norm))] == [99, 100]


def test_an_item_whose_heading_starts_with_a_digit_continues_its_list():
    from extract.pipeline import extract_text
    text = "方案\n一、总体\n10.人才公寓。建设公寓。\n11.121人才梯队项目。培养后备人才。\n12.5G网络。建设基站。\n" \
           "二、其他\n1.3.5万平方米的场馆建成投用。\n"
    paths = [t.path for t in extract_text(text, doc="d").sections]
    assert "1.11" in paths and "1.12" in paths
    assert "2.1" not in paths  # "1.3.5万平方米" opens no list: nothing open for it to continue
