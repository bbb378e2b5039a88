"""The 问答 page marks each unit of a task in its source sentence by role with displacy's HTML (issue 13 item 6)."""
from __future__ import annotations

import html
import re

import pytest

pytest.importorskip("streamlit")

from app.answers import ROLE_COLORS, highlight_units  # noqa: E402
from tests.test_app import fresh_store, run_app, sample_graph, sample_store, submit  # noqa: E402,F401


def _table(at) -> str:
    return next(h.value for h in at.html if 'class="kg-table"' in h.value)


def test_every_source_sentence_marks_its_units_with_their_role(monkeypatch, sample_store):
    at = run_app(monkeypatch, sample_store)
    at.text_input(key="question").set_value("区财政局负责哪些任务?")
    submit(at, "提问")
    table = _table(at)
    cells = re.findall(r'<div class="entities".*?</div>', table, re.S)
    assert len(cells) == 2  # 2.1.1 and 2.2.3, one highlighted sentence each
    for cell in cells:
        marked = re.findall(r'<mark class="entity" style="background: ([^;]+);[^"]*">([^<]+)<span[^>]*>([^<]+)</span>',
                            cell)
        assert ("#8ecae6", "区财政局", "责任") in marked
        assert {(color, role) for color, _, role in marked} == {(ROLE_COLORS["责任"], "责任")}
    assert "http" not in table.split('class="kg-table"', 1)[1]  # offline: no stylesheet or font from a CDN


def test_lead_and_cooperating_units_get_their_own_colour_and_text_stays_escaped():
    src = "加强<b>保护</b>。(区发改局牵头,区财政局、区财政局分局配合)"
    h = highlight_units(src, [{"name": "区发改局", "role": "lead"}, {"name": "区财政局", "role": "cooperate"},
                              {"name": "区财政局分局", "role": "cooperate"}])
    assert str(h) == src  # the row keeps the plain text
    markup = h.__html__()
    assert "<b>" not in markup and html.escape("<b>保护</b>") in markup
    marks = re.findall(r'background: ([^;]+);[^"]*">([^<]+)<span[^>]*>([^<]+)</span>', markup)
    assert marks == [(ROLE_COLORS["牵头"], "区发改局", "牵头"), (ROLE_COLORS["配合"], "区财政局", "配合"),
                     (ROLE_COLORS["配合"], "区财政局分局", "配合")]


def test_a_sentence_without_its_units_stays_plain_text():
    assert highlight_units("推进数据共享。", [{"name": "区财政局", "role": "responsible"}]) == "推进数据共享。"
    assert not hasattr(highlight_units("推进数据共享。", []), "__html__")
