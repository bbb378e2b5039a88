"""Questions about people in a document with a group and its sub-groups (data/testdocs/pp3_sub_groups.txt):
a question naming a body answers for that body; one naming none, for the body the document sets up."""
from __future__ import annotations

import pytest

from kg.ask import ask
from tests.conftest import DATA


@pytest.fixture(scope="module")
def store():
    from extract.pipeline import extract_text
    from kg.build import build_document
    from kg.local import LocalStore

    path = DATA / "testdocs" / "pp3_sub_groups.txt"
    s = LocalStore(":memory:")
    s.ensure_ontology()
    s.import_built(build_document(extract_text(path.read_text(encoding="utf-8"), doc=path.stem)))
    return s


@pytest.mark.parametrize("question, want", [
    ("规划建设组组长是谁", ["邓南山"]),  # written 邓南山（兼）: a group member who leads a sub-group too
    ("产业发展组副组长是谁", ["苗青青"]),
    ("规划建设组成员有哪些", ["袁可心", "葛天明"]),
    ("乡村振兴领导小组组长是谁", ["钱一鸣"]),  # the group's name written short
    ("组长是谁", ["钱一鸣"]),  # no body named: the one the notice sets up, not its 工作组
    ("副组长有哪些", ["诸葛晴", "邓南山"]),
    ("县财政局的成员是哪位", ["彭湃"]),  # 成员 after a unit: its member, not a post of the unit
])
def test_people_by_body(store, question, want):
    assert sorted(a["key"] for a in ask(store, question).answers) == sorted(want)
