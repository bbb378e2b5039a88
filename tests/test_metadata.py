"""Title and jurisdiction from the head of a text (table-driven; hand-written heads in no corpus style)."""
from __future__ import annotations

import pytest

from extract.metadata import extract_metadata, jurisdiction_of
from extract.structure import split_lines
from extract.textnorm import fold

HEADS = [
    # a transmittal head: stamp and garbled date lines before the real title are not the title
    ("各科室:\n现将《青禾市农业局2025年工作要点》印发给你们。\n\n2025318\n(此件主动公开)\n\n青禾市农业局2025年工作要点\n一、总体要求\n",
     "青禾市农业局2025年工作要点", "青禾市"),
    # a year before the place; a title ending in 责任分解 / 分工 / 推进情况
    ("2026年松阳区政府工作报告重点工作责任分解\n序号\n事项\n", "2026年松阳区政府工作报告重点工作责任分解", "松阳区"),
    ("2025年区政府民生实事项目推进情况(1-6月)\n一、总体情况\n", "2025年区政府民生实事项目推进情况(1-6月)", None),
    ("柳河县2024年重点工作任务分工\n一、稳增长\n", "柳河县2024年重点工作任务分工", "柳河县"),
    # an excerpt that starts mid-text: a clause like 完成市“创园”办… names no place
    ("(三)城市绿化\n完成市“绿化”办下达的任务,绿地率达40%以上。责任单位:市园林局\n", "", None),
]


@pytest.mark.parametrize("text,title,place", HEADS, ids=[h[1] or "excerpt" for h in HEADS])
def test_title_and_jurisdiction(text, title, place):
    meta = extract_metadata(split_lines(text, fold(text)), text)
    assert meta.title == title
    assert meta.jurisdiction == place


@pytest.mark.parametrize("text,place", [
    ("2023年莲花区政府工作报告", "莲花区"), ("2024年度青山县重点工作", "青山县"), ("国务院办公厅关于…的通知", "国务院"),
    ("金华市婺城区人民政府关于…", "婺城区"), ("关于做好…的通知", None)])
def test_jurisdiction_of(text, place):
    assert jurisdiction_of(text) == place


def test_a_text_without_title_speaks_for_the_one_city_whose_organs_it_cites():
    from extract.pipeline import extract_text
    text = ("(2023年3月1日)\n为贯彻《中共临沂市委、临沂市人民政府关于加快人才发展的意见》，结合我市实际，制定本方案。\n"
            "一、重点项目\n1.青年人才项目。每年引进青年人才500名，使我市人才总量稳步增长。(牵头单位:市人社局)\n"
            "2.乡村人才项目。各县区要把乡村人才纳入本区财政预算。(牵头单位:市农业农村局)\n")
    assert extract_text(text, doc="d").jurisdiction == "临沂市"
    two_cities = text.replace("临沂市人民政府", "济南市人民政府")
    assert extract_text(two_cities, doc="d").jurisdiction is None
