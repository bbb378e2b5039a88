"""The spaCy component ``policykg`` (issue 13 item 6): its spans, labels and extension values on the bundled sample
equal the record ``kg extract --json`` prints, and ``add_pipe("policykg")`` works through the entry point alone."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tomllib
import venv
from importlib.metadata import EntryPoint
from pathlib import Path

import pytest
import spacy
from click.testing import CliRunner

from extract.model import ROLES
from extract.spacy_component import make_policykg
from kg.cli import main
from tests.conftest import ROOT, SAMPLE


@pytest.fixture(scope="module")
def record() -> dict:
    r = CliRunner().invoke(main, ["extract", str(SAMPLE), "--json"])
    assert r.exit_code == 0, r.output
    return json.loads(r.stdout)


@pytest.fixture(scope="module")
def doc():
    nlp = spacy.blank("zh")  # the character segmenter: nothing downloaded
    nlp.add_pipe("policykg")
    return nlp(SAMPLE.read_text(encoding="utf-8"))


def _plain(span) -> dict:
    return {k: v for k, v in span._.policykg.items() if k != "task"}


def test_the_blank_chinese_pipeline_needs_no_download():
    nlp = spacy.blank("zh")
    assert nlp.tokenizer.segmenter == "char"
    assert [t.text for t in nlp("区财政局")] == list("区财政局")


def test_tasks_are_spans_with_the_record_of_each_task(doc, record):
    tasks = doc.spans["tasks"]
    assert len(tasks) == len(record["tasks"]) == 17
    for span, task in zip(tasks, record["tasks"]):
        assert span.label_ == "task"
        assert span._.policykg == task
        assert (span.start_char, span.end_char) == (task["start"], task["end"])


def test_units_are_labelled_with_their_role_and_carry_their_task(doc, record):
    expected = [(u["name"], u["role"], t["path"], u["start"], u["end"]) for t in record["tasks"] for u in t["units"]]
    units = doc.spans["units"]
    assert [(s.text, s.label_, s._.policykg["task"], s.start_char, s.end_char) for s in units] == expected
    assert {s.label_ for s in units} <= set(ROLES)
    assert all(_plain(s) == u for s, u in zip(units, [u for t in record["tasks"] for u in t["units"]]))


def test_roles_other_than_responsible_are_labelled():
    nlp = spacy.blank("zh")
    nlp.add_pipe("policykg")
    d = nlp("一、重点任务\r\n（一）推进知识产权保护。落实相关政策。（牵头单位：区市场监管局；配合单位：区财政局、区科技局）\r\n")
    assert [(s.text, s.label_, s._.policykg["task"]) for s in d.spans["units"]] == [
        ("区市场监管局", "lead", "1.1"), ("区财政局", "cooperate", "1.1"), ("区科技局", "cooperate", "1.1")]


def test_people_and_targets_are_entities_with_their_attributes(doc, record):
    people, targets = doc.spans["people"], doc.spans["targets"]
    assert [s._.policykg for s in people] == record["people"] and len(people) == 24
    assert [s._.policykg for s in targets] == record["targets"] and len(targets) == 22
    assert {s.label_ for s in people} == {"PERSON"} and {s.label_ for s in targets} == {"TARGET"}
    first = people[0]._.policykg
    assert (first["name"], first["group_role"], first["group"]) == ("燕雪英", "组长", "东营区国家知识产权强县建设示范工作领导小组")
    t = targets[0]
    assert t.text == "每万人有效发明专利拥有量达46件以上"
    assert {k: t._.policykg[k] for k in ("value", "unit", "comparator", "year")} == \
        {"value": 46, "unit": "件", "comparator": ">=", "year": 2026}
    ents = {(e.start_char, e.end_char, e.label_) for e in doc.ents}
    assert ents <= {(s.start_char, s.end_char, s.label_) for s in list(people) + list(targets)}
    assert len(ents) == len(doc.ents) > 0
    assert all(e._.policykg is not None for e in doc.ents)


def test_the_doc_holds_the_whole_record(doc, record):
    got = doc._.policykg
    assert {k: v for k, v in got.items() if k != "text"} == \
        {k: v for k, v in record.items() if k != "text"} | {"doc": "spacy", "source": ""}
    assert got["text"].strip() == record["text"].strip()  # the file reader drops the final newline


def test_pyproject_declares_the_entry_point_and_it_loads_the_factory():
    meta = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    value = meta["project"]["entry-points"]["spacy_factories"]["policykg"]
    assert EntryPoint("policykg", value, "spacy_factories").load() is make_policykg


@pytest.mark.slow
def test_an_editable_install_registers_the_component_without_an_import(tmp_path):
    """``pip install -e`` of a copy of the tree into a fresh venv; spaCy finds ``policykg`` through the entry point."""
    src = tmp_path / "src"
    shutil.copytree(ROOT, src, ignore=shutil.ignore_patterns(".git", "build", "dist", "*.egg-info", "__pycache__",
                                                             ".pytest_cache", ".hypothesis", "data", "tests", "bench"))
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "POLICYKG_STORE")}
    venv.EnvBuilder(system_site_packages=True, with_pip=False).create(tmp_path / "venv")
    py = tmp_path / "venv" / "bin" / "python"
    subprocess.run([sys.executable, "-m", "pip", "--python", str(py), "install", "-q", "--no-deps", "--no-index",
                    "--no-build-isolation", "-e", str(src)], check=True, env=env, cwd=tmp_path)
    code = ("from importlib.metadata import entry_points; import spacy, sys\n"
            "eps = [e for e in entry_points(group='spacy_factories') if e.name == 'policykg']\n"
            "print(eps[0].value)\n"
            "assert 'extract' not in sys.modules\n"
            "nlp = spacy.blank('zh'); nlp.add_pipe('policykg')\n"
            "doc = nlp(open(sys.argv[1], encoding='utf-8').read())\n"
            "print(len(doc.spans['tasks']), len(doc.spans['units']), sys.modules['extract'].__file__)\n")
    out = subprocess.run([str(py), "-c", code, str(SAMPLE)], capture_output=True, text=True, env=env, cwd=tmp_path)
    assert out.returncode == 0, out.stderr
    lines = out.stdout.split("\n")
    assert lines[0] == "extract.spacy_component:make_policykg"
    assert lines[1].startswith("17 72 " + str(src)), lines
