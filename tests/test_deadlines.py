"""Deadline phrases → due date / period / recurrence / ongoing, with the document's date fixed."""
from __future__ import annotations

import pytest

from extract.deadlines import find_deadline_phrase, next_occurrence, parse_deadline

DOC_DATE = "2024-02-20"

# (written, kind, due, start, recurrence, relative)
PHRASES = [
    ("2024年6月底前", "date", "2024-06-30", None, None, False),
    ("2025年12月31日前", "date", "2025-12-31", None, None, False),
    ("年内", "date", "2024-12-31", None, None, True),
    ("年底前", "date", "2024-12-31", None, None, True),
    ("今年底", "date", "2024-12-31", None, None, True),
    ("三季度末", "date", "2024-09-30", None, None, True),
    ("第一季度", "date", "2024-03-31", None, None, True),
    ("2025年二季度末前", "date", "2025-06-30", None, None, False),
    ("2024年上半年", "date", "2024-06-30", None, None, False),
    ("下半年", "date", "2024-12-31", None, None, True),
    ("每季度", "recurring", None, None, "P3M", False),
    ("每月", "recurring", None, None, "P1M", False),
    ("每半年", "recurring", None, None, "P6M", False),
    ("每年", "recurring", None, None, "P1Y", False),
    ("长期坚持", "ongoing", None, None, None, False),
    ("持续推进", "ongoing", None, None, None, False),
    ("常态化开展", "ongoing", None, None, None, False),
    ("2024—2026年", "period", "2026-12-31", "2024-01-01", None, False),
    ("2024-2026年", "period", "2026-12-31", "2024-01-01", None, False),
    ("2024年至2025年", "period", "2025-12-31", "2024-01-01", None, False),
    ("明年", "date", "2025-12-31", None, None, True),
    ("明年6月底前", "date", "2025-06-30", None, None, True),
    ("6月底前", "date", "2024-06-30", None, None, True),
    ("9月中旬", "date", "2024-09-20", None, None, True),
    ("2024年底前", "date", "2024-12-31", None, None, False),
    ("2024年年底", "date", "2024-12-31", None, None, False),
    ("2024年", "date", "2024-12-31", None, None, False),
    ("2024年9月", "date", "2024-09-30", None, None, False),
    ("二〇二四年十二月底前", "date", "2024-12-31", None, None, False),
    ("2024年 6 月 30 日前", "date", "2024-06-30", None, None, False),
    ("2024年底前完成试点,2025年6月底前全面推开", "date", "2025-06-30", None, None, False),
    ("2024年起每季度", "date", "2024-12-31", None, "P3M", False),
]


@pytest.mark.parametrize("written, kind, due, start, recurrence, relative", PHRASES, ids=[p[0] for p in PHRASES])
def test_every_deadline_phrase(written, kind, due, start, recurrence, relative):
    d = parse_deadline(written, DOC_DATE)
    assert (d.kind, d.due, d.start, d.recurrence, d.relative) == (kind, due, start, recurrence, relative)
    assert d.written == written  # the written form is kept beside the date


def test_relative_phrases_follow_the_document_date():
    assert parse_deadline("年内", "2023-05-01").due == "2023-12-31"
    assert parse_deadline("三季度末", "2025-01-10").due == "2025-09-30"
    assert parse_deadline("明年", "2023-05-01").due == "2024-12-31"


def test_without_a_document_date_the_plan_year_is_used_and_else_nothing_is_guessed():
    assert parse_deadline("三季度末", None, default_year=2026).due == "2026-09-30"
    assert parse_deadline("年内", None) is None
    assert parse_deadline("6月底前", None) is None


@pytest.mark.parametrize("text", ["", "加强宣传引导", "各街道", "按要求落实"])
def test_no_time_no_deadline(text):
    assert parse_deadline(text, DOC_DATE) is None


@pytest.mark.parametrize("text, phrase", [
    ("整合数据资源,2024年9月底前完成平台一期上线。", "2024年9月底前完成"),
    ("年底前完成全部改造任务。", "年底前完成"),
    ("2025年6月30日前建成投用。", "2025年6月30日前建成"),
    ("加强宣传引导,营造良好氛围。", None),
    ("到2026年,专利拥有量达46件以上。", None),  # a target year is not a deadline phrase
])
def test_deadline_phrases_inside_task_text(text, phrase):
    assert find_deadline_phrase(text) == phrase


def test_next_occurrence_of_a_recurrence():
    from datetime import date

    assert next_occurrence("P3M", date(2024, 10, 15)).isoformat() == "2024-12-31"
    assert next_occurrence("P1M", date(2024, 2, 3)).isoformat() == "2024-02-29"
    assert next_occurrence("P6M", date(2024, 2, 3)).isoformat() == "2024-06-30"


def test_plan_tasks_get_their_deadlines_as_dates():
    from tests.conftest import DATA
    from extract.pipeline import extract_file

    doc = extract_file(DATA / "testdocs" / "due_plan.txt")
    got = {t.path: (t.due.kind, t.due.due, t.due.recurrence) for t in doc.tasks if t.due}
    assert got == {
        "1.1": ("date", "2024-06-30", None), "1.2": ("date", "2024-12-31", None),
        "1.3": ("date", "2025-12-31", None), "2.1": ("date", "2024-12-31", None),
        "2.2": ("date", "2024-09-30", None), "2.3": ("recurring", None, "P3M"),
        "2.4": ("period", "2026-12-31", None), "3.1": ("ongoing", None, None),
        "3.2": ("date", "2024-09-30", None), "3.3": ("ongoing", None, None),
        "3.4": ("date", "2025-06-30", None), "4.2": ("date", "2024-03-31", None),
    }
    assert next(t for t in doc.tasks if t.path == "3.2").due.written == "2024年9月底前完成"
