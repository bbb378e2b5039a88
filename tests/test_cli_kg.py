"""`kg build/docs/rm/sparql/export/stats` as a user meets them: output, exit codes, one-line errors."""
from __future__ import annotations

import io
import json
import shutil

import networkx as nx
import pytest
from click.testing import CliRunner

from kg.cli import main
from tests.kg_helpers import SAMPLE, extractor


def run(*args):
    return CliRunner().invoke(main, list(map(str, args)))


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """A store built from the sample by `kg build`."""
    extractor()
    d = tmp_path_factory.mktemp("kg")
    store = d / "store"
    r = run("build", SAMPLE, "--store", store, "-q")
    assert r.exit_code == 0, r.output
    return store, r


def test_build_prints_a_summary(built):
    _, r = built
    assert "文件 documents: 1" in r.stdout and "任务 tasks: 17" in r.stdout
    assert "人员 people: 24" in r.stdout and "目标 targets: 22" in r.stdout


def test_docs_lists_the_document(built):
    store, _ = built
    r = run("docs", "--store", store, "--json")
    assert r.exit_code == 0, r.output
    rows = json.loads(r.stdout)
    assert [(x["doc_id"], x["tasks"]) for x in rows] == [("dongying_ip_2024", 17)]


def test_sparql_named_query_with_params(built):
    store, _ = built
    r = run("sparql", "tasks_of_unit", "-p", "unit=区财政局", "--store", store, "--format", "csv")
    assert r.exit_code == 0, r.output
    lines = r.stdout.strip().splitlines()
    assert lines[0].startswith("task,doc_id,path") and [ln.split(",")[2] for ln in lines[1:]] == ["2.1.1", "2.2.3"]


def test_sparql_text_and_file(built, tmp_path):
    store, _ = built
    q = "PREFIX pkg: <https://policykg.org/ns#> SELECT (COUNT(?t) AS ?n) WHERE { ?t a pkg:Task }"
    r = run("sparql", q, "--store", store, "--json")
    assert r.exit_code == 0 and json.loads(r.stdout) == [{"n": 17}]
    f = tmp_path / "q.rq"
    f.write_text(q, encoding="utf-8")
    r = run("sparql", f, "--store", store, "--format", "tsv")
    assert r.stdout.splitlines() == ["n", "17"]
    r = run("sparql", "ASK { ?s ?p ?o }", "--store", store, "--json")
    assert json.loads(r.stdout) == [{"ask": True}]


def test_sparql_refuses_updates_in_one_line(built):
    store, _ = built
    r = run("sparql", "DELETE WHERE { ?s ?p ?o }", "--store", store)
    assert r.exit_code == 1 and "E405" in r.output and "Traceback" not in r.output
    assert json.loads(run("docs", "--store", store, "--json").stdout)  # still there


def test_sparql_syntax_error_is_one_line(built):
    store, _ = built
    r = run("sparql", "SELECT WHERE {", "--store", store)
    assert r.exit_code == 1 and "E406" in r.output and len(r.output.strip().splitlines()) == 1


def test_sparql_list_named_queries():
    r = run("sparql", "--list", "--format", "json")
    names = {q["name"] for q in json.loads(r.stdout)}
    assert {"tasks_of_unit", "units_of_task", "targets"} <= names


def test_stats_ranks_units(built):
    store, _ = built
    r = run("stats", "--store", store, "--json", "-n", "3")
    rows = json.loads(r.stdout)
    assert rows[0]["label"] == "区市场监管局" and rows[0]["tasks"] == 17 and rows[0]["responsible"] == 17
    assert len(rows) == 3


@pytest.mark.parametrize("fmt", ["ttl", "nt", "trig", "jsonld"])
def test_export_rdf(built, tmp_path, fmt):
    store, _ = built
    out = tmp_path / f"g.{fmt}"
    r = run("export", "--format", fmt, "--doc", "dongying_ip_2024", "--out", out, "--store", store)
    assert r.exit_code == 0, r.output
    assert "区财政局" in out.read_text(encoding="utf-8")


def test_export_graphml_opens_with_labels(built, tmp_path):
    store, _ = built
    out = tmp_path / "g.graphml"
    r = run("export", "--format", "graphml", "--out", out, "--store", store)
    assert r.exit_code == 0, r.output
    G = nx.read_graphml(io.BytesIO(out.read_bytes()))
    assert "区财政局" in {d.get("label") for _, d in G.nodes(data=True)}


def test_export_unknown_doc(built):
    store, _ = built
    r = run("export", "--doc", "nope", "--store", store)
    assert r.exit_code == 1 and "E331" in r.output


def test_bad_files_are_reported_and_others_imported(tmp_path):
    extractor()
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(SAMPLE, folder / "good.txt")
    (folder / "empty.txt").write_bytes(b"")
    (folder / "broken.pdf").write_bytes(b"%PDF-1.4 not really a pdf")
    store = tmp_path / "store"
    r = run("build", folder, "--store", store, "-q", "--jobs", "2")
    assert r.exit_code == 1
    errors = [ln for ln in r.stderr.splitlines() if ln.startswith("Error: [E")]
    assert len(errors) == 2 and all(ln.count("empty.txt") + ln.count("broken.pdf") == 1 for ln in errors)
    assert "文件 documents: 1" in r.stdout
    assert [x["doc_id"] for x in json.loads(run("docs", "--store", store, "--json").stdout)] == ["good"]


def test_bulk_build(tmp_path):
    extractor()
    store = tmp_path / "store"
    r = run("build", SAMPLE, "--store", store, "-q", "--bulk")
    assert r.exit_code == 0, r.output
    r = run("sparql", "tasks_of_unit", "-p", "unit=区财政局", "--store", store, "--json")
    assert [x["path"] for x in json.loads(r.stdout)] == ["2.1.1", "2.2.3"]


def test_rm_removes_a_document(tmp_path):
    extractor()
    store = tmp_path / "store"
    assert run("build", SAMPLE, "--store", store, "-q").exit_code == 0
    r = run("rm", "nope", "--store", store)
    assert r.exit_code == 1 and "E331" in r.output
    r = run("rm", "dongying_ip_2024", "--store", store)
    assert r.exit_code == 0
    assert json.loads(run("docs", "--store", store, "--json").stdout) == []


def test_aliases_option(tmp_path):
    extractor()
    f = tmp_path / "aliases.json"
    f.write_text(json.dumps({"merge": [["东营公安分局", "市公安局东营区分局"]]}, ensure_ascii=False), encoding="utf-8")
    store = tmp_path / "store"
    assert run("build", SAMPLE, "--store", store, "-q", "--aliases", f).exit_code == 0
    r = run("sparql", "tasks_of_person_unit", "-p", "person=孙振平", "--store", store, "--json")
    assert [x["path"] for x in json.loads(r.stdout)] == ["2.3.2"]
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"merge": [["区财政局", "市财政局"]]}, ensure_ascii=False), encoding="utf-8")
    r = run("build", SAMPLE, "--store", store, "--aliases", bad)
    assert r.exit_code == 1 and "E214" in r.output


def test_missing_store_is_one_line(tmp_path):
    r = run("docs", "--store", tmp_path / "none")
    assert r.exit_code == 1 and "E301" in r.output and "kg build" in r.output


def test_every_command_has_a_chinese_example():
    for name in ("build", "docs", "rm", "sparql", "export", "stats"):
        doc = main.commands[name].help or ""
        assert "Example:" in doc and any("\u4e00" <= ch <= "\u9fff" for ch in doc.split("Example:")[1]), name
