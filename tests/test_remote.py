"""kg.remote.RemoteStore on a real SPARQL 1.1 server: Virtuoso from Debian's virtuoso-opensource.

The same documents (the sample and two test documents) are built into the embedded store and, with
``kg build --store http://…/sparql``, into a Virtuoso started for the session; every named query must
then give the same rows in the same order (ties in ORDER BY may come in any order). Writes: re-import
replaces, big documents are staged and moved, a failed import leaves the old version, credentials.
Without virtuoso-t these tests skip (fail under POLICYKG_REQUIRE_ALL=1).
"""
from __future__ import annotations

import dataclasses
import json
import re
import threading
from collections import Counter

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from kg.build import build_document, graph_iri
from kg.errors import QueryError, StoreError
from kg.queries import load_queries
from kg.remote import RemoteStore, derive_update_url
from kg.store import strip_comments
from kg.stores import open_store
from kg_helpers import ROOT, SAMPLE, extracted
from virtuoso import AUTH_PASSWORD, AUTH_USER, virtuoso  # noqa: F401  (the session fixture)

pytestmark = pytest.mark.virtuoso

DOCS = [SAMPLE, ROOT / "data" / "testdocs" / "task_table.txt", ROOT / "data" / "testdocs" / "targets.txt"]


def kg(*args: str):
    from kg.cli import main

    return CliRunner().invoke(main, list(args), catch_exceptions=False)


@pytest.fixture(scope="module")
def stores(virtuoso, tmp_path_factory):
    """(embedded, remote): the same three documents built by ``kg build`` into each."""
    local_dir = tmp_path_factory.mktemp("remote") / "store"
    for target in (str(local_dir), virtuoso.sparql_url):
        result = kg("build", *map(str, DOCS), "--store", target, "--quiet")
        assert result.exit_code == 0, result.output
    local = open_store(local_dir, read_only=True)
    remote = open_store(virtuoso.sparql_url)
    yield local, remote
    local.close()


# ------------------------------------------------------------------ same answers

def _cases():
    sample = extracted(SAMPLE).doc
    cases = []
    for name, q in load_queries().items():
        cases.append((name, {}))
        if "doc_id" in q.params:
            cases.append((name, {"doc_id": sample}))
    extra = [("tasks_of_unit", {"unit_label": "区财政局"}), ("tasks_of_unit", {"unit_label": "区财政局", "role": "lead"}),
             ("targets", {"due_year": 2026}), ("targets", {"keyword": "专利"}),
             ("people_by_group_role", {"group_role": "组长"}),
             ("tasks_shared_by_units", {"unit_a_label": "区财政局", "unit_b_label": "区科技局"})]
    queries = load_queries()
    return cases + [(n, p) for n, p in extra if n in queries and set(p) <= set(queries[n].params)]


def _order_keys(sparql: str, columns: list[str]) -> list[str] | None:
    """The projected variables of the outermost ORDER BY, or None when it uses anything else."""
    text = strip_comments(sparql)
    m = re.search(r"ORDER\s+BY\s+(.*?)\s*(?:LIMIT\b|OFFSET\b|$)", text, re.IGNORECASE | re.DOTALL)
    if not m:
        return []
    keys = re.findall(r"(?:ASC|DESC)?\s*\(?\s*\?(\w+)\s*\)?", m.group(1))
    leftover = re.sub(r"(?:ASC|DESC)?\s*\(?\s*\?\w+\s*\)?", "", m.group(1)).strip()
    return keys if not leftover and all(k in columns for k in keys) else None


def _canon(row: dict) -> tuple:
    return tuple(sorted((k, json.dumps(v, ensure_ascii=False, default=str)) for k, v in row.items()))


def _normalized(rows: list[dict]) -> list[dict]:
    # Virtuoso gives EXISTS and boolean constants as 1/0: the same for Python (True == 1), and here
    return [{k: int(v) if isinstance(v, bool) else v for k, v in r.items()} for r in rows]


@pytest.mark.parametrize("name,params", _cases(), ids=lambda v: v if isinstance(v, str) else
                         ",".join(f"{k}={w}" for k, w in v.items()) or "all")
def test_named_queries_give_the_same_answers(stores, name, params):
    local, remote = stores
    q = load_queries()[name]
    want = _normalized(local.select(q.sparql, params))
    got = _normalized(remote.select(q.sparql, params))
    assert Counter(map(_canon, got)) == Counter(map(_canon, want)), name
    keys = _order_keys(q.sparql, list(want[0]) if want else [])
    if keys:
        assert [tuple(r[k] for k in keys) for r in got] == [tuple(r[k] for k in keys) for r in want]
    if name in ("documents", "targets", "units_of_task", "people") and not params:
        assert want, f"{name} should find something in the three documents"


def test_same_graphs_and_triples(stores):
    local, remote = stores
    assert remote.graphs() == local.graphs()
    assert len(remote) == len(local)
    for fmt in ("nt", "nq"):
        got = {str(q) for q in ox.parse(remote.dump(fmt), format=ox.RdfFormat.from_extension(fmt))}
        want = {str(q) for q in ox.parse(local.dump(fmt), format=ox.RdfFormat.from_extension(fmt))}
        assert got == want, fmt
    assert any('"^^<http://www.w3.org/2001/XMLSchema#decimal>' in t or "#decimal>" in t for t in want)


def test_cli_commands_work_against_the_server(stores, virtuoso):
    local, _ = stores
    for args in (["stats", "--json"], ["docs", "--json"]):
        a = kg(*args, "--store", virtuoso.sparql_url)
        b = kg(*args, "--store", local.location)
        assert a.exit_code == 0 and json.loads(a.output) == json.loads(b.output), args
    sample = extracted(SAMPLE).doc
    a = kg("sparql", "targets", "-p", f"doc_id={sample}", "--json", "--store", virtuoso.sparql_url)
    b = kg("sparql", "targets", "-p", f"doc_id={sample}", "--json", "--store", local.location)
    assert a.exit_code == 0 and json.loads(a.output) == json.loads(b.output) != []
    a = kg("export", "--format", "nt", "--store", virtuoso.sparql_url)
    assert a.exit_code == 0 and a.output.count("\n") == len(set(local.dump("nt").decode().splitlines()))
    a = kg("ask", "区财政局负责哪些任务?", "--json", "--store", virtuoso.sparql_url)
    b = kg("ask", "区财政局负责哪些任务?", "--json", "--store", local.location)
    assert a.exit_code == 0 and json.loads(a.output)["answers"] == json.loads(b.output)["answers"]


def test_query_errors_are_the_stores_errors(stores):
    _, remote = stores
    with pytest.raises(QueryError, match=r"E406.*(syntax|SP030)"):
        remote.select("SELECT * WHERE { ?s ?p }")
    with pytest.raises(QueryError, match="E405"):
        remote.raw_query("DELETE WHERE { ?s ?p ?o }")


def test_kg_serve_over_the_remote_store(stores):
    """The endpoint serves a remote store too (RemoteStore.raw_query gives pyoxigraph results)."""
    from SPARQLWrapper import JSON, SPARQLWrapper

    from kg.serve import make_server

    local, remote = stores
    server = make_server(remote, port=0, log=False)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        q = load_queries()["documents"].sparql
        sw = SPARQLWrapper(server.url)
        sw.setQuery(q)
        sw.setReturnFormat(JSON)
        res = sw.query().convert()
        assert sorted(b["doc_id"]["value"] for b in res["results"]["bindings"]) == \
            sorted(r["doc_id"] for r in local.select(q))
    finally:
        server.shutdown()
        server.server_close()


# ------------------------------------------------------------------ writes

def _doc(doc_id: str):
    return dataclasses.replace(extracted(SAMPLE), doc=doc_id)


def _count(store: RemoteStore, g: str) -> int:
    return store._count(g)


def test_reimport_replaces_the_document(virtuoso):
    store = RemoteStore(virtuoso.sparql_url)
    built = build_document(_doc("remote_reimport"))
    try:
        store.import_built(built)
        store.import_built(built)
        assert _count(store, built.graph_iri) == built.counts["triples"]
        smaller = dataclasses.replace(built, triples=built.triples[:100])
        store.import_built(smaller)
        assert _count(store, built.graph_iri) == len(set(smaller.triples))
    finally:
        store.drop_graph(built.graph_iri)
    assert built.graph_iri not in store.graphs()


@pytest.mark.parametrize("gsp", [True, False], ids=["graph-store-put", "insert-data-chunks"])
def test_big_documents_are_staged_then_moved(virtuoso, gsp):
    store = RemoteStore(virtuoso.sparql_url, gsp=gsp, chunk_triples=400)
    built = build_document(_doc(f"remote_big_{gsp}"))
    assert built.counts["triples"] > 400  # more than one INSERT DATA: the staged path
    try:
        store.import_built(built)
        assert _count(store, built.graph_iri) == built.counts["triples"]
        assert not [g for g in store._all_graphs() if "/staging/" in g]
    finally:
        store.drop_graph(built.graph_iri)


def test_a_failed_import_leaves_the_previous_version(virtuoso):
    good = RemoteStore(virtuoso.sparql_url, chunk_triples=400)
    built = build_document(_doc("remote_failed"))
    try:
        good.import_built(built)
        broken = RemoteStore(virtuoso.sparql_url, chunk_triples=400,
                             gsp_url=virtuoso.sparql_url.replace("/sparql", "/no-such-graph-store"))
        with pytest.raises(StoreError, match="E326.*previous version is unchanged"):
            broken.import_built(dataclasses.replace(built, triples=built.triples[:600]))
        assert _count(good, built.graph_iri) == built.counts["triples"]
        assert not [g for g in good._all_graphs() if "/staging/" in g]
    finally:
        good.drop_graph(built.graph_iri)


def test_malformed_triples_never_reach_the_server(virtuoso):
    store = RemoteStore(virtuoso.sparql_url)
    g = graph_iri("remote_malformed")
    with pytest.raises(StoreError, match="E305"):
        store.replace_graph(g, '<https://x.org/a> <https://x.org/p> "unterminated .\n')
    assert g not in store.graphs()


def test_credentials_with_digest_auth(virtuoso):
    built = build_document(_doc("remote_auth"))
    authed = open_store(virtuoso.auth_url, user=AUTH_USER, password=AUTH_PASSWORD)
    try:
        authed.import_built(built)
        assert built.graph_iri in authed.graphs()
    finally:
        authed.drop_graph(built.graph_iri)
    wrong = open_store(virtuoso.auth_url, user=AUTH_USER, password="wrong")
    with pytest.raises(StoreError, match="E322"):
        wrong.import_built(built)


def test_read_only_and_unreachable(virtuoso):
    ro = open_store(virtuoso.sparql_url, read_only=True)
    with pytest.raises(StoreError, match="E304"):
        ro.drop_graph(graph_iri("x"))
    dead = open_store("http://127.0.0.1:9/sparql")
    with pytest.raises(StoreError, match="E321.*is it running"):
        dead.graphs()


def test_update_url_rules():
    assert derive_update_url("http://localhost:3030/kg/query") == "http://localhost:3030/kg/update"
    assert derive_update_url("http://g:7200/repositories/kg") == "http://g:7200/repositories/kg/statements"
    assert derive_update_url("https://h/sparql") == "https://h/sparql"
    s = RemoteStore("http://me:secret@localhost:8890/sparql")
    assert s.location == "http://localhost:8890/sparql" and "secret" not in repr(s)
