"""Unit canonicalisation: short/long forms join, jurisdictions and levels never do."""
from __future__ import annotations

import json

import pytest

from kg.errors import OntologyError
from kg.units import (UnitResolver, collective_kinds, expand_morphemes, is_abbreviation, is_national,
                      load_aliases, split_position)

# (jurisdiction, names written in one document, pairs that must be one unit)
SAME = [
    ("东营区", ["区发改局", "区发展和改革局"], ("区发改局", "区发展和改革局")),
    ("东营区", ["区工信局", "区工业和信息化局"], ("区工信局", "区工业和信息化局")),
    ("东营区", ["区人社局", "区人力资源和社会保障局"], ("区人社局", "区人力资源和社会保障局")),
    ("潮州市", ["市场监管局", "市场监督管理局"], ("市场监管局", "市场监督管理局")),
    ("青山区", ["区文旅局", "区文化和旅游局"], ("区文旅局", "区文化和旅游局")),
    ("青山区", ["区住建局", "区住房和城乡建设局"], ("区住建局", "区住房和城乡建设局")),
    # the general subsequence rule, without any morpheme data
    ("青山区", ["区农机局", "区农业机械管理局"], ("区农机局", "区农业机械管理局")),
    ("青山区", ["区法院", "区人民法院"], ("区法院", "区人民法院")),
    ("青山区", ["区交通委", "区交通委员会"], ("区交通委", "区交通委员会")),
    # the jurisdiction's own name in front
    ("东营区", ["东营区财政局", "区财政局"], ("东营区财政局", "区财政局")),
    ("婺城区", ["金华市婺城区人民政府", "区政府"], ("金华市婺城区人民政府", "区政府")),
    # an unprefixed name beside the prefixed one in a local document
    ("广州市", ["国土房管局", "市国土房管局"], ("国土房管局", "市国土房管局")),
    # national bodies
    ("国务院", ["发展改革委", "国家发展改革委"], ("发展改革委", "国家发展改革委")),
    ("国务院", ["国家发展和改革委员会", "发展改革委"], ("国家发展和改革委员会", "发展改革委")),
]

DIFFERENT = [
    ("东营区", ["区财政局", "市财政局"], ("区财政局", "市财政局")),
    ("东营区", ["区财政局", "县财政局"], ("区财政局", "县财政局")),
    ("东营区", ["市公安局", "市公安局东营区分局"], ("市公安局", "市公安局东营区分局")),
    ("东营区", ["区委", "区委组织部"], ("区委", "区委组织部")),
    ("东营区", ["区政府", "区政府办公室"], ("区政府", "区政府办公室")),
    ("东营区", ["区财政局", "区地方金融监管局"], ("区财政局", "区地方金融监管局")),
    ("东营区", ["各镇街", "牛庄镇"], ("各镇街", "牛庄镇")),
    # ambiguous: two long forms fit, so neither is chosen
    ("青山区", ["区农局", "区农业农村局", "区农机管理局"], ("区农局", "区农业农村局")),
]


@pytest.mark.parametrize("jurisdiction,names,pair", SAME)
def test_short_and_long_forms_are_one_unit(jurisdiction, names, pair):
    r = UnitResolver(jurisdiction, "d")
    for n in names:
        r.add(n)
    a, b = (r.resolve(x) for x in pair)
    assert a.iri == b.iri
    assert set(pair) <= a.names  # every merge is visible as labels


@pytest.mark.parametrize("jurisdiction,names,pair", DIFFERENT)
def test_different_units_stay_apart(jurisdiction, names, pair):
    r = UnitResolver(jurisdiction, "d")
    for n in names:
        r.add(n)
    a, b = (r.resolve(x) for x in pair)
    assert a.iri != b.iri


def test_relative_units_belong_to_their_jurisdiction():
    a = UnitResolver("东营区", "d1").resolve("区财政局")
    b = UnitResolver("东营区", "d2").resolve("区财政局")
    c = UnitResolver("莲都区", "d3").resolve("区财政局")
    assert a.iri == b.iri != c.iri
    assert (a.scope, c.scope) == ("东营区", "莲都区")


def test_morphemes_join_across_documents_of_one_jurisdiction():
    short = UnitResolver("东营区", "d1").resolve("区发改局")
    long = UnitResolver("东营区", "d2").resolve("区发展和改革局")
    assert short.iri == long.iri


def test_national_bodies_are_one_node_everywhere():
    a = UnitResolver("东营区", "d1").resolve("财政部")
    b = UnitResolver("国务院", "d2").resolve("财政部")
    c = UnitResolver(None, "d3").resolve("财政部")
    assert a.iri == b.iri == c.iri and a.national


def test_without_a_jurisdiction_relative_units_stay_in_their_document():
    a = UnitResolver(None, "d1").resolve("区财政局")
    b = UnitResolver(None, "d2").resolve("区财政局")
    assert a.iri != b.iri


@pytest.mark.parametrize("name,expected", [
    ("财政部", True), ("国家税务总局", True), ("海关总署", True), ("区财政局", False),
    ("招商工作部", False), ("区委宣传部", False), ("中国人民银行东营市中心支行", False), ("各部门", False),
])
def test_national_names(name, expected):
    assert is_national(name, "东营区") is expected


@pytest.mark.parametrize("name,kinds", [
    ("各镇街", ["镇", "街道"]), ("各街道", ["街道"]), ("各县区", ["县", "区"]), ("各乡镇", ["乡", "镇"]),
    ("市直各部门", ["@department"]), ("各县(市、区)人民政府", ["县", "市", "区"]), ("相关街道", ["街道"]),
    ("各市州人民政府", ["市", "州"]), ("区财政局", None), ("牛庄镇", None),
])
def test_collective_kinds(name, kinds):
    assert collective_kinds(name) == kinds


def test_collective_units_link_the_members_named_in_the_document():
    r = UnitResolver("东营区", "d")
    names = ["各镇街", "牛庄镇", "六户镇人民政府", "辛店街道", "高新区", "区财政局", "区直各部门", "市公安局"]
    for n in names:
        r.add(n)
    refs = {n: r.resolve(n) for n in names}
    members = {m.pref_label for m in r.members_of(refs["各镇街"])}
    assert members == {"牛庄镇", "六户镇人民政府", "辛店街道"}
    assert {m.pref_label for m in r.members_of(refs["区直各部门"])} == {"区财政局"}


@pytest.mark.parametrize("position,org,expected", [
    ("区财政局党组书记", None, ("区财政局", "党组书记")),
    ("局长", "区财政局", ("区财政局", "局长")),
    ("区委组织部副部长", None, ("区委组织部", "副部长")),
    ("东营公安分局党委成员", None, ("东营公安分局", "党委成员")),
    ("辛店街道党工委副书记", None, ("辛店街道", "党工委副书记")),
    ("办事处主任", "辛店街道", ("辛店街道", "办事处主任")),
    ("东营高新区管委会副主任", None, ("东营高新区管委会", "副主任")),
    ("副区长", None, (None, "副区长")),
    ("区委常委", None, ("区委", "常委")),
])
def test_split_position(position, org, expected):
    assert split_position(position, org) == expected


def test_abbreviation_rule_keeps_level_and_suffix():
    assert is_abbreviation("区工信局", "区工业和信息化局")
    assert not is_abbreviation("区财政局", "市财政局")
    assert not is_abbreviation("区工信局", "区工业和信息化委")
    assert not is_abbreviation("市财政局", "市财政局东营分局")


def test_morpheme_expansion_is_idempotent():
    for name in ["区发改局", "区人社局", "市经济信息化委", "区应急管理局", "区应急局"]:
        once = expand_morphemes(name)
        assert expand_morphemes(once) == once


def test_alias_file_adds_and_forbids_merges(tmp_path):
    f = tmp_path / "aliases.json"
    f.write_text(json.dumps({"merge": [["东营公安分局", "市公安局东营区分局"]],
                             "forbid": [["区发改局", "区发展和改革局"]]}, ensure_ascii=False), encoding="utf-8")
    aliases = load_aliases(f)
    r = UnitResolver("东营区", "d", aliases)
    for n in ["东营公安分局", "市公安局东营区分局", "区发改局", "区发展和改革局"]:
        r.add(n)
    assert r.resolve("东营公安分局").iri == r.resolve("市公安局东营区分局").iri
    assert r.resolve("区发改局").iri != r.resolve("区发展和改革局").iri


def test_alias_file_cannot_join_levels(tmp_path):
    f = tmp_path / "aliases.json"
    f.write_text(json.dumps({"merge": [["区财政局", "市财政局"]]}, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(OntologyError, match="E214"):
        load_aliases(f)


def test_bad_alias_file_is_one_coded_error(tmp_path):
    f = tmp_path / "aliases.json"
    f.write_text("{not json", encoding="utf-8")
    with pytest.raises(OntologyError, match="E212"):
        load_aliases(f)


def test_a_unit_with_its_other_name_in_brackets_is_one_unit_also_called_by_its_base_name():
    """区委组织部(人才办) and 区委组织部(区委人才办): one body written two ways (gh_17 style), asked for as 区委组织部."""
    from kg.units import UnitResolver

    res = UnitResolver("青山区", "d1")
    for n in ["区委组织部(人才办)", "区委组织部(区委人才办)", "区财政局", "各县(市、区)人民政府"]:
        res.add(n)
    a, b = res.resolve("区委组织部(人才办)"), res.resolve("区委组织部(区委人才办)")
    assert a.iri == b.iri
    assert "区委组织部" in a.alt_labels
    assert res.resolve("区财政局").iri != a.iri
    assert res.resolve("各县(市、区)人民政府").collective == ["县", "市", "区"]
