"""Numbered-heading hierarchy: ranks, markers, and the cost of finding the enclosing item."""
from __future__ import annotations

import pytest

from extract import structure
from extract.readers_numbering import chinese_number
from extract.structure import enclosing, find_parts, parse_sections, split_lines


def headings_text(n: int) -> str:
    """A plan of ``n`` numbered lines nested 一、 › (一) › 1."""
    out, i, a = ["某区某工作方案"], 0, 0
    while i < n:
        a += 1
        out.append(f"{chinese_number(a)}、第{a}项工作")
        i += 1
        for b in range(1, 6):
            out.append(f"({chinese_number(b)})推进第{b}项任务")
            i += 1
            for c in range(1, 4):
                out.append(f"{c}.落实具体措施。(责任单位:区财政局)")
                i += 1
    return "\n".join(out) + "\n"


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
