"""`kg.ingest`: the one import path that `kg build` and the app's upload share."""
from __future__ import annotations

import html
import json

from click.testing import CliRunner

from kg.cli import main
from tests.kg_helpers import SAMPLE, extractor

MERGE = {"merge": [["东营公安分局", "市公安局东营区分局"]]}


def _aliases(tmp_path, rules=MERGE):
    f = tmp_path / "aliases.json"
    f.write_text(json.dumps(rules, ensure_ascii=False), encoding="utf-8")
    return f


def _nquads(location) -> set[str]:
    from kg.export import export
    from kg.stores import open_store

    with open_store(location, read_only=True) as st:
        return set(export(st, "nq").decode("utf-8").splitlines())


def test_ingest_imports_reports_and_replaces(tmp_path):
    from kg.ingest import ingest
    from kg.stores import open_store

    extractor()
    bad = tmp_path / "empty.txt"
    bad.write_text("", encoding="utf-8")
    with open_store(tmp_path / "store") as st:
        seen = []
        res = ingest(st, [str(SAMPLE), str(bad)], progress=seen.append)
        assert [r.doc_id for r in res.imported] == ["dongying_ip_2024"] and not res.imported[0].replaced
        assert [r.path for r in res.failed] == [str(bad)] and res.failed[0].error.startswith("[E101]")
        assert [r.path for r in seen] == [str(SAMPLE), str(bad)]
        assert res.totals["tasks"] == 17 and res.totals["documents"] == 1
        assert st.document_ids() == ["dongying_ip_2024"]  # the bad file left nothing behind
        again = ingest(st, [str(SAMPLE)])
        assert again.imported[0].replaced and st.document_ids() == ["dongying_ip_2024"]


def test_the_app_upload_and_kg_build_write_the_same_graph_with_the_aliases_file(tmp_path, monkeypatch):
    from app.importer import import_bytes
    from kg.stores import open_store

    extractor()
    aliases = _aliases(tmp_path)
    r = CliRunner().invoke(main, ["build", str(SAMPLE), "--store", str(tmp_path / "cli"), "-q",
                                  "--aliases", str(aliases)])
    assert r.exit_code == 0, r.output
    monkeypatch.setenv("POLICYKG_ALIASES", str(aliases))  # as `kg app --aliases` passes it to the app
    with open_store(tmp_path / "app") as st:
        res = import_bytes(st, SAMPLE.name, SAMPLE.read_bytes())
    assert res.ok, res.error
    assert _nquads(tmp_path / "app") == _nquads(tmp_path / "cli")
    r = CliRunner().invoke(main, ["sparql", "tasks_of_person_unit", "-p", "person=孙振平",
                                  "--store", str(tmp_path / "app"), "--json"])
    assert [x["path"] for x in json.loads(r.stdout)] == ["2.3.2"]  # the merge was applied


def test_the_app_upload_refuses_a_broken_aliases_file_and_leaves_the_store(tmp_path):
    from app.importer import import_bytes
    from kg.stores import open_store

    extractor()
    bad = _aliases(tmp_path, {"merge": [["区财政局", "市财政局"]]})
    with open_store(tmp_path / "store") as st:
        res = import_bytes(st, SAMPLE.name, SAMPLE.read_bytes(), aliases=str(bad))
        assert not res.ok and "E214" in res.error
        assert st.document_ids() == []


def test_the_app_takes_every_suffix_kg_build_takes(tmp_path):
    from app.importer import SUFFIXES, import_bytes
    from extract.readers import SUPPORTED_SUFFIXES
    from kg.stores import open_store

    extractor()
    assert {f".{s}" for s in SUFFIXES} == set(SUPPORTED_SUFFIXES)
    page = ("<html><head><meta charset='utf-8'></head><body>"
            + "".join(f"<p>{html.escape(line)}</p>" for line in SAMPLE.read_text(encoding="utf-8").splitlines())
            + "</body></html>").encode("utf-8")
    with open_store(tmp_path / "store") as st:
        for name in ("plan.shtml", "plan2.xhtml"):
            res = import_bytes(st, name, page)
            assert res.ok and res.counts["tasks"] == 17, (name, res.error)
        assert st.document_ids() == ["plan", "plan2"]


def test_kg_app_imports_its_sample_with_the_aliases_file(tmp_path):
    from kg.launch import import_sample_if_empty

    extractor()
    line = import_sample_if_empty(str(tmp_path / "store"), SAMPLE, aliases=str(_aliases(tmp_path)))
    assert line and "任务 17" in line
    r = CliRunner().invoke(main, ["sparql", "tasks_of_person_unit", "-p", "person=孙振平",
                                  "--store", str(tmp_path / "store"), "--json"])
    assert [x["path"] for x in json.loads(r.stdout)] == ["2.3.2"]
    r = CliRunner().invoke(main, ["app", "--aliases", str(tmp_path / "missing.json"), "--no-browser"])
    assert r.exit_code == 2 and "missing.json" in r.output  # checked before anything starts
