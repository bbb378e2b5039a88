"""kg serve: the SPARQL 1.1 Protocol endpoint, tested with SPARQLWrapper as a real client.

One endpoint over a store directory built from the sample runs for the module (queries in worker
processes); a second one with a 1 s timeout, a third over an in-memory store. Every result format is
fetched by SPARQLWrapper and compared with what the store itself answers.
"""
from __future__ import annotations

import csv
import dataclasses
import io
import json
import re
import subprocess
import sys
import threading
import urllib.error
import urllib.parse
import urllib.request
from xml.dom.minidom import Document as XmlDocument

import pyoxigraph as ox
import pytest
import rdflib
import rdflib.compare
from click.testing import CliRunner
from SPARQLWrapper import CSV, JSON, JSONLD, TSV, TURTLE, XML, SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import QueryBadFormed, SPARQLWrapperException

from kg.build import build_document, graph_iri
from kg.serve import Endpoint, make_server, negotiate, render
from kg.local import LocalStore
from kg.stores import open_store
from kg_helpers import SAMPLE, extracted

PKG = "https://policykg.org/ns#"
TASKS = f"""PREFIX pkg: <{PKG}>
SELECT ?path ?heading ?start WHERE {{ ?t a pkg:Task ; pkg:path ?path ; pkg:heading ?heading ; pkg:charStart ?start }}
ORDER BY ?start"""
# literals of every kind: plain strings, @en labels from the ontology, integers, decimals
MIXED = f"""PREFIX pkg: <{PKG}>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?s ?o WHERE {{
  {{ ?s rdfs:label ?o FILTER(LANG(?o) = "en") }} UNION {{ ?s pkg:value ?o }} UNION {{ ?s pkg:charStart ?o }}
  UNION {{ ?s a pkg:Task ; pkg:heading ?o }}
}} ORDER BY STR(?s) STR(?o) LIMIT 400"""
CROSS_JOIN = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


def _build_store(path) -> None:
    with open_store(path) as s:
        s.ensure_ontology()
        s.import_built(build_document(extracted(SAMPLE)))


@pytest.fixture(scope="module")
def store_dir(tmp_path_factory):
    path = tmp_path_factory.mktemp("serve") / "store"
    _build_store(path)
    return path


@pytest.fixture(scope="module")
def local(store_dir):
    s = open_store(store_dir, read_only=True)
    yield s
    s.close()


def _running(server):
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    return server


def _stop(server) -> None:
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def endpoint(store_dir):
    server = _running(make_server(store_dir, port=0, timeout=60, max_rows=10000, workers=2, log=False))
    yield server.url
    _stop(server)


def http(url: str, *, data: bytes | None = None, headers: dict | None = None, method: str | None = None):
    """(status, headers, body) of one request; HTTP errors are answers too."""
    req = urllib.request.Request(url, data=data, headers=headers or {}, method=method)
    try:
        with urllib.request.urlopen(req, timeout=120) as r:
            return r.status, r.headers, r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.headers, e.read()


def form(url: str, **fields) -> bytes:
    return urllib.parse.urlencode(fields).encode()


def client(url: str, query: str, fmt: str) -> SPARQLWrapper:
    sw = SPARQLWrapper(url)
    sw.setQuery(query)
    sw.setReturnFormat(fmt)
    sw.setMethod("POST")
    return sw


def plain(term) -> str:
    return term.value if term is not None else ""


# ------------------------------------------------------------------ result formats through SPARQLWrapper

def test_select_json_matches_the_store(endpoint, local):
    res = client(endpoint, TASKS, JSON).query().convert()
    assert res["head"]["vars"] == ["path", "heading", "start"]
    got = [(b["path"]["value"], b["heading"]["value"], int(b["start"]["value"])) for b in res["results"]["bindings"]]
    want = [(r["path"], r["heading"], r["start"]) for r in local.select(TASKS)]
    assert got == want and len(got) >= 10
    assert res["results"]["bindings"][0]["start"]["datatype"] == "http://www.w3.org/2001/XMLSchema#integer"


@pytest.mark.parametrize("fmt", ["json", "xml", "tsv"])
def test_serializations_equal_pyoxigraphs_own(endpoint, local, fmt):
    """Our streaming serializers give the same results as pyoxigraph's (types, languages, decimals)."""
    sw = client(endpoint, MIXED, {"json": JSON, "xml": XML, "tsv": TSV}[fmt])
    body = sw.query().response.read()
    rf = getattr(ox.QueryResultsFormat, fmt.upper())
    ours = [tuple(s) for s in ox.parse_query_results(body, format=rf)]
    theirs = [tuple(s) for s in ox.parse_query_results(local.raw_query(MIXED).serialize(format=rf), format=rf)]
    assert ours == theirs
    kinds = {type(t).__name__ + (f"@{t.language}" if isinstance(t, ox.Literal) and t.language else "")
             + (t.datatype.value.split("#")[-1] if isinstance(t, ox.Literal) and not t.language else "")
             for row in ours for t in row}
    assert {"Literal@en", "Literalinteger", "Literaldecimal", "Literalstring", "NamedNode"} <= kinds


def test_select_xml_is_sparql_results_xml(endpoint, local):
    doc = client(endpoint, TASKS, XML).query().convert()
    assert isinstance(doc, XmlDocument)
    paths = [b.getElementsByTagName("literal")[0].firstChild.data
             for b in doc.getElementsByTagName("binding") if b.getAttribute("name") == "path"]
    assert paths == [r["path"] for r in local.select(TASKS)]


def test_select_csv(endpoint, local):
    body = client(endpoint, TASKS, CSV).query().convert()
    rows = list(csv.reader(io.StringIO(body.decode("utf-8"))))
    assert rows[0] == ["path", "heading", "start"]
    assert [(p, h, int(s)) for p, h, s in rows[1:]] == [(r["path"], r["heading"], r["start"])
                                                        for r in local.select(TASKS)]


def test_select_tsv(endpoint, local):
    body = client(endpoint, TASKS, TSV).query().convert()
    lines = body.decode("utf-8").rstrip("\n").split("\n")
    assert lines[0] == "?path\t?heading\t?start"
    first = local.select(TASKS)[0]
    assert lines[1].split("\t")[1] == json.dumps(first["heading"], ensure_ascii=False)
    assert len(lines) - 1 == len(local.select(TASKS))


@pytest.mark.parametrize("fmt", [JSON, XML])
def test_ask(endpoint, fmt):
    yes = client(endpoint, f"ASK {{ ?t a <{PKG}Task> }}", fmt).query().convert()
    no = client(endpoint, f"ASK {{ ?t a <{PKG}NoSuchClass> }}", fmt).query().convert()
    if fmt == JSON:
        assert (yes["boolean"], no["boolean"]) == (True, False)
    else:
        assert yes.getElementsByTagName("boolean")[0].firstChild.data == "true"
        assert no.getElementsByTagName("boolean")[0].firstChild.data == "false"


CONSTRUCT = f"""PREFIX pkg: <{PKG}>
CONSTRUCT {{ ?t pkg:path ?p ; pkg:heading ?h }} WHERE {{ ?t a pkg:Task ; pkg:path ?p ; pkg:heading ?h }}"""


def _expected_graph(local) -> rdflib.Graph:
    return rdflib.Graph().parse(data=local.construct(CONSTRUCT), format="nt")


@pytest.mark.parametrize("fmt,parse_as", [(TURTLE, "turtle"), (JSONLD, "json-ld")])
def test_construct_turtle_and_jsonld(endpoint, local, fmt, parse_as):
    res = client(endpoint, CONSTRUCT, fmt).query()
    body = res.response.read()
    got = rdflib.Graph().parse(data=body, format=parse_as)
    want = _expected_graph(local)
    assert len(want) > 10 and rdflib.compare.isomorphic(got, want)


def test_construct_ntriples_by_accept(endpoint, local):
    status, headers, body = http(endpoint, data=form(endpoint, query=CONSTRUCT),
                                 headers={"Accept": "application/n-triples"})
    assert status == 200 and headers["Content-Type"].startswith("application/n-triples")
    got = rdflib.Graph().parse(data=body, format="nt")
    assert rdflib.compare.isomorphic(got, _expected_graph(local))


def test_describe(endpoint, local):
    doc = local.select(f"SELECT ?d WHERE {{ ?d a <{PKG}Document> }}")[0]["d"]
    status, headers, body = http(endpoint + "?" + urllib.parse.urlencode({"query": f"DESCRIBE <{doc}>"}),
                                 headers={"Accept": "text/turtle"})
    assert status == 200 and headers["Content-Type"].startswith("text/turtle")
    g = rdflib.Graph().parse(data=body, format="turtle")
    assert (rdflib.URIRef(doc), rdflib.RDF.type, rdflib.URIRef(PKG + "Document")) in g


# ------------------------------------------------------------------ protocol details

def test_get_with_format_parameter(endpoint, local):
    url = endpoint + "?" + urllib.parse.urlencode({"query": TASKS, "format": "csv"})
    status, headers, body = http(url)
    assert status == 200 and headers["Content-Type"].startswith("text/csv")
    assert body.decode().splitlines()[0] == "path,heading,start"


def test_post_direct_sparql_query_body(endpoint, local):
    status, headers, body = http(endpoint, data=TASKS.encode("utf-8"),
                                 headers={"Content-Type": "application/sparql-query",
                                          "Accept": "application/sparql-results+json"})
    assert status == 200
    assert len(json.loads(body)["results"]["bindings"]) == len(local.select(TASKS))


def test_accept_header_picks_the_best_format(endpoint):
    status, headers, _ = http(endpoint, data=form(endpoint, query=TASKS),
                              headers={"Accept": "text/html;q=0.9, text/tab-separated-values, */*;q=0.1"})
    assert status == 200 and headers["Content-Type"].startswith("text/tab-separated-values")


def test_unknown_format_parameter_is_400(endpoint):
    status, _, body = http(endpoint, data=form(endpoint, query=TASKS, format="yaml"))
    assert status == 400 and b"unknown format 'yaml'" in body


def test_csv_for_construct_is_406(endpoint):
    status, _, body = http(endpoint, data=form(endpoint, query=CONSTRUCT, format="csv"))
    assert status == 406 and b"turtle" in body


def test_negotiate_table():
    assert negotiate("application/sparql-results+xml", None) == ("xml", "turtle")
    assert negotiate("application/json", None) == ("json", "jsonld")
    assert negotiate("text/turtle;q=0.5, application/ld+json", None) == ("json", "jsonld")
    assert negotiate("text/csv;q=0, */*", None) == ("json", "turtle")
    assert negotiate(None, "application/n-triples") == (None, "ntriples")


def test_service_description(endpoint, local):
    status, headers, body = http(endpoint, headers={"Accept": "text/turtle"})
    assert status == 200 and headers["Content-Type"].startswith("text/turtle")
    sd = rdflib.Namespace("http://www.w3.org/ns/sparql-service-description#")
    g = rdflib.Graph().parse(data=body, format="turtle")
    service = rdflib.URIRef(endpoint)
    assert (service, rdflib.RDF.type, sd.Service) in g
    assert (service, sd.endpoint, service) in g
    assert (service, sd.supportedLanguage, sd.SPARQL11Query) in g
    names = {str(o) for o in g.objects(None, sd.name)}
    assert graph_iri(extracted(SAMPLE).doc) in names and names == set(local.graphs())


def test_cors_is_off_by_default_and_follows_the_allow_list(endpoint, store_dir):
    """No CORS headers unless the operator names the origin (issue 15: any web page could script it)."""
    status, headers, _ = http(endpoint, data=form(endpoint, query=TASKS), headers={"Origin": "http://evil.example"})
    assert status == 200 and "Access-Control-Allow-Origin" not in headers
    status, headers, _ = http(endpoint, method="OPTIONS",
                              headers={"Origin": "http://evil.example", "Access-Control-Request-Method": "POST"})
    assert "Access-Control-Allow-Origin" not in headers
    server = _running(make_server(store_dir, port=0, workers=1, log=False, cors_origins=["http://yasgui.example"]))
    try:
        status, headers, body = http(server.url, method="OPTIONS", headers={
            "Origin": "http://yasgui.example", "Access-Control-Request-Method": "POST"})
        assert status == 204 and headers["Access-Control-Allow-Origin"] == "http://yasgui.example"
        assert "POST" in headers["Access-Control-Allow-Methods"]
        status, headers, _ = http(server.url, data=form(server.url, query=TASKS),
                                  headers={"Origin": "http://yasgui.example"})
        assert status == 200 and headers["Access-Control-Allow-Origin"] == "http://yasgui.example"
        _, headers, _ = http(server.url, data=form(server.url, query=TASKS), headers={"Origin": "http://other.example"})
        assert "Access-Control-Allow-Origin" not in headers
    finally:
        _stop(server)


def test_other_paths_and_content_types(endpoint):
    assert http(endpoint.replace("/sparql", "/nothing"))[0] == 404
    status, _, body = http(endpoint, data=b"<x/>", headers={"Content-Type": "text/xml"})
    assert status == 415 and b"application/sparql-query" in body


# ------------------------------------------------------------------ refused, malformed, bounded

def _count(local) -> int:
    return local.select("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")[0]["n"]


@pytest.mark.parametrize("how", ["form", "body", "query-text"])
def test_updates_are_refused_with_403(endpoint, local, store_dir, how):
    before = _count(local)
    update = "DELETE WHERE { ?s ?p ?o }"
    if how == "form":
        status, _, body = http(endpoint, data=form(endpoint, update=update))
    elif how == "body":
        status, _, body = http(endpoint, data=update.encode(), headers={"Content-Type": "application/sparql-update"})
    else:
        status, _, body = http(endpoint, data=form(endpoint, query="PREFIX a: <http://a/>\n" + update))
    assert status == 403 and b"read-only" in body
    with open_store(store_dir, read_only=True) as fresh:
        assert _count(fresh) == before > 0


def test_sparqlwrapper_sees_the_update_refused(endpoint):
    sw = SPARQLWrapper(endpoint, updateEndpoint=endpoint)
    sw.setMethod("POST")
    sw.setQuery("INSERT DATA { <http://a/b> <http://a/c> <http://a/d> }")
    with pytest.raises((SPARQLWrapperException, urllib.error.HTTPError)) as err:
        sw.query()
    assert getattr(err.value, "code", None) == 403 and b"read-only" in err.value.read()


def test_malformed_query_is_400_with_the_parsers_message(endpoint):
    with pytest.raises(QueryBadFormed) as err:
        client(endpoint, "SELECT * WHERE { ?s ?p }", JSON).query()
    assert "syntax error" in str(err.value).lower()
    status, _, body = http(endpoint, data=form(endpoint, query="SELECT * WHERE { ?s ?p }"))
    assert status == 400 and re.search(rb"error at 1:\d+", body)


def test_result_cap(store_dir, local):
    server = _running(make_server(store_dir, port=0, timeout=60, max_rows=5, workers=1, log=False))
    try:
        status, headers, body = http(server.url, data=form(server.url, query="SELECT * WHERE { ?s ?p ?o }"),
                                     headers={"Accept": "application/sparql-results+json"})
        assert status == 200 and headers["X-Result-Truncated"] == "max-rows=5"
        assert len(json.loads(body)["results"]["bindings"]) == 5
        status, headers, body = http(server.url, data=form(server.url, query=CONSTRUCT, format="nt"))
        assert status == 200 and headers["X-Result-Truncated"] == "max-rows=5"
        assert len(body.decode().strip().splitlines()) == 5
        status, headers, _ = http(server.url, data=form(server.url, query=f"ASK {{ ?t a <{PKG}Task> }}"))
        assert status == 200 and "X-Result-Truncated" not in headers
    finally:
        _stop(server)


def test_timeout_stops_an_expensive_query_and_the_endpoint_recovers(store_dir):
    """A cross join over all triples is killed at the deadline; the next query is answered."""
    server = _running(make_server(store_dir, port=0, timeout=1, workers=1, log=False))
    try:
        status, _, body = http(server.url, data=form(server.url, query=CROSS_JOIN))
        assert status == 503 and b"timed out after 1 s" in body
        # the killed worker is replaced; on a busy machine its successor may itself need longer than the
        # 1 s deadline to start, so poll (a bounded number of times) until the endpoint answers again
        for _ in range(30):
            status, _, body = http(server.url, data=form(server.url, query=f"ASK {{ ?t a <{PKG}Task> }}"),
                                   headers={"Accept": "application/sparql-results+json"})
            if status != 503:
                break
            assert b"timed out" in body, body
        assert status == 200 and json.loads(body)["boolean"] is True
    finally:
        _stop(server)


def test_in_memory_store_runs_in_threads_with_the_same_limits():
    """An in-process store (not shareable with workers) still gets the deadline and the cap."""
    mem = LocalStore()
    mem.import_built(build_document(extracted(SAMPLE)))
    server = _running(make_server(mem, port=0, timeout=0.5, max_rows=3, log=False))
    try:
        status, headers, body = http(server.url, data=form(server.url, query=TASKS, format="json"))
        assert status == 200 and len(json.loads(body)["results"]["bindings"]) == 3
        # millions of rows, streamed: the iteration is stopped at the deadline, between rows
        big = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f }"
        server.endpoint.max_rows = None
        status, _, body = http(server.url, data=form(server.url, query=big))
        assert status == 503 and b"timed out" in body
    finally:
        _stop(server)


def test_render_reports_wrong_kind():
    s = ox.Store()
    assert render(s.query("ASK {}"), None, "turtle").status == 406


# ------------------------------------------------------------------ the command

def test_kg_serve_command_prints_its_url_and_answers(store_dir):
    proc = subprocess.Popen([sys.executable, "-c", "from kg.cli import main; main()", "serve", "--store",
                             str(store_dir), "--port", "0", "--quiet", "--workers", "1"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        line = proc.stdout.readline()
        m = re.match(r"SPARQL endpoint: (http://127\.0\.0\.1:\d+/sparql)$", line.strip())
        assert m, line + proc.stderr.read() if proc.poll() is not None else line
        res = client(m.group(1), f"ASK {{ ?t a <{PKG}Task> }}", JSON).query().convert()
        assert res["boolean"] is True
    finally:
        proc.terminate()
        proc.wait(20)


def test_kg_serve_without_a_store_is_one_line(tmp_path):
    from kg.cli import main

    result = CliRunner().invoke(main, ["serve", "--store", str(tmp_path / "none"), "--port", "0"])
    assert result.exit_code == 1
    assert "E301" in result.output and "kg build" in result.output and "Traceback" not in result.output


def test_endpoint_rejects_bad_limits(store_dir):
    from kg.errors import QueryError

    with pytest.raises(QueryError):
        Endpoint(store_dir, timeout=0)


def test_endpoint_sees_a_build_made_while_it_runs(tmp_path):
    """The workers notice the store directory changed (a kg build) and reopen it."""
    path = tmp_path / "store"
    _build_store(path)
    server = _running(make_server(path, port=0, workers=1, log=False))
    ask_doc = f"ASK {{ ?d <{PKG}docId> \"served_later\" }}"
    try:
        assert client(server.url, ask_doc, JSON).query().convert()["boolean"] is False
        with open_store(path) as writer:
            writer.import_built(build_document(dataclasses.replace(extracted(SAMPLE), doc="served_later")))
        assert client(server.url, ask_doc, JSON).query().convert()["boolean"] is True
    finally:
        _stop(server)


@pytest.mark.parametrize("fmt", ["json", "xml", "csv", "tsv"])
def test_row_cap_in_every_result_format(local, fmt):
    """pyoxigraph writes the results; the cap stops its serialiser after max_rows solutions."""
    def count(body: bytes) -> int:
        if fmt == "csv":  # pyoxigraph does not parse CSV (lossy): csv's own reader, minus the header
            return len(list(csv.reader(io.StringIO(body.decode("utf-8"))))) - 1
        return len(list(ox.parse_query_results(body, format=getattr(ox.QueryResultsFormat, fmt.upper()))))

    reply = render(local.raw_query("SELECT * WHERE { ?s ?p ?o }"), fmt, None, max_rows=7)
    assert count(reply.body) == 7 and reply.headers == {"X-Result-Truncated": "max-rows=7"}
    whole = render(local.raw_query(TASKS), fmt, None, max_rows=10000)
    assert whole.headers == {} and count(whole.body) == len(local.select(TASKS))


@pytest.mark.parametrize("fmt,rdf", [("turtle", "TURTLE"), ("jsonld", "JSON_LD"), ("rdfxml", "RDF_XML")])
def test_row_cap_in_every_graph_format(local, fmt, rdf):
    reply = render(local.raw_query(CONSTRUCT), None, fmt, max_rows=4)
    assert len(list(ox.parse(reply.body, format=getattr(ox.RdfFormat, rdf)))) == 4
    assert reply.headers == {"X-Result-Truncated": "max-rows=4"}


@pytest.mark.parametrize("fmt", ["json", "xml"])
@pytest.mark.parametrize("cap", [7, 3, 10000])
def test_direct_answers_keep_the_row_cap(local, fmt, cap):
    """JSON and XML written straight by pyoxigraph still stop at max_rows, also with tricky literals."""
    rf = getattr(ox.QueryResultsFormat, fmt.upper())
    q = ('SELECT ?s ?o WHERE { { ?s ?p ?o } UNION { VALUES ?o { "},{\\"s\\":{} <result>" "{}" } } }')
    reply = render(local.raw_query(q), fmt, None, max_rows=cap, again=lambda: local.raw_query(q))
    total = len(list(local.raw_query(q)))
    rows = list(ox.parse_query_results(reply.body, format=rf))
    assert len(rows) == min(cap, total)
    assert reply.headers == ({"X-Result-Truncated": f"max-rows={cap}"} if total > cap else {})


def test_a_direct_answer_too_large_to_hold_is_asked_again_and_streamed(local, monkeypatch):
    import kg.serve.results as results

    monkeypatch.setattr(results, "DIRECT_LIMIT", 200)
    asked = []

    def again():
        asked.append(1)
        return local.raw_query(TASKS)

    reply = render(local.raw_query(TASKS), "json", None, max_rows=10000, again=again)
    assert asked == [1]
    assert len(list(ox.parse_query_results(reply.body, format=ox.QueryResultsFormat.JSON))) == len(local.select(TASKS))
