"""kg.store: one transaction per document, re-import replaces, values are bound safely,
readers keep working while another process writes."""
from __future__ import annotations

import dataclasses
import subprocess
import sys
import textwrap
import threading

import pyoxigraph
import pytest

import kg.build
from kg.build import build_document, graph_iri
from kg.errors import QueryError, StoreError
from tests.examples import example_document, example_store
from kg.local import LocalStore
from kg.store import IRI, bind_values, is_update, term_sparql
from kg.stores import open_store
from ontology import ONTOLOGY_GRAPH

TASKS_Q = """PREFIX pkg: <https://policykg.org/ns#>
SELECT ?path WHERE { ?t a pkg:Task ; pkg:path ?path ; pkg:heading ?h } ORDER BY ?path"""


def snapshot(store: LocalStore) -> set:
    return set(store.quads())


def import_doc(store, doc, **kw):
    store.import_built(build_document(doc, **kw))


def test_open_store_directory_and_default(tmp_path, monkeypatch):
    s = open_store(tmp_path / "st")
    assert isinstance(s, LocalStore) and s.graphs() == []
    s.close()
    monkeypatch.setenv("POLICYKG_STORE", str(tmp_path / "env"))
    from kg.store import _default_store

    assert _default_store() == tmp_path / "env"
    monkeypatch.delenv("POLICYKG_STORE")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    assert _default_store() == tmp_path / "xdg" / "policykg" / "store"


def test_one_named_graph_per_document_and_the_ontology(tmp_path):
    with open_store(tmp_path / "st") as s:
        s.ensure_ontology()
        import_doc(s, example_document())
        import_doc(s, example_document("other_doc"))
        assert s.graphs() == sorted([ONTOLOGY_GRAPH, graph_iri("qingshan_digital_2024"), graph_iri("other_doc")])
        assert s.document_ids() == ["other_doc", "qingshan_digital_2024"]


def test_reimport_replaces_the_document(tmp_path):
    with open_store(tmp_path / "st") as s:
        doc = example_document()
        import_doc(s, doc)
        before = snapshot(s)
        import_doc(s, doc)
        assert snapshot(s) == before  # same input, same quads, nothing doubled
        smaller = dataclasses.replace(doc, tasks=doc.tasks[:1])
        import_doc(s, smaller)
        assert [r["path"] for r in s.select(TASKS_Q)] == ["2.1.1"]


def test_failure_mid_build_leaves_the_store_unchanged(tmp_path, monkeypatch):
    with open_store(tmp_path / "st") as s:
        doc = example_document()
        import_doc(s, doc)
        before = snapshot(s)

        def boom(self):
            raise RuntimeError("injected failure after the tasks were built")

        monkeypatch.setattr(kg.build._Builder, "targets", boom)
        changed = dataclasses.replace(doc, tasks=doc.tasks[:1])
        with pytest.raises(RuntimeError):
            import_doc(s, changed)
        assert snapshot(s) == before


def test_failure_inside_the_transaction_leaves_the_store_unchanged(tmp_path):
    with open_store(tmp_path / "st") as s:
        doc = example_document()
        import_doc(s, doc)
        before = snapshot(s)
        nt = build_document(dataclasses.replace(doc, tasks=doc.tasks[:1])).ntriples()
        broken = nt + '<https://x.org/a> <https://x.org/p> "unterminated .\n'
        with pytest.raises(StoreError, match="E305"):
            s.replace_graph(graph_iri(doc.doc), broken)
        assert snapshot(s) == before


def test_a_malformed_new_document_writes_nothing(tmp_path):
    with open_store(tmp_path / "st") as s:
        import_doc(s, example_document())
        before = snapshot(s)
        nt = build_document(example_document("new_doc")).ntriples() + "<https://x.org/a> <bad\n"
        with pytest.raises(StoreError, match="E305"):
            s.replace_graph(graph_iri("new_doc"), nt)
        assert snapshot(s) == before


def test_bulk_replace_loads_many_documents_and_replaces(tmp_path):
    with open_store(tmp_path / "st") as s:
        import_doc(s, example_document("a"))
        docs = [example_document(x) for x in ("a", "b", "c")]
        s.bulk_replace([(graph_iri(d.doc), build_document(d).ntriples()) for d in docs])
        assert s.document_ids() == ["a", "b", "c"]
        per_doc = len(build_document(docs[0]).ntriples().splitlines())
        assert len(s) == 3 * per_doc  # a was replaced, not doubled


def test_drop_graph(tmp_path):
    with open_store(tmp_path / "st") as s:
        import_doc(s, example_document())
        s.drop_graph(graph_iri("qingshan_digital_2024"))
        assert s.graphs() == [] and len(s) == 0


def test_select_returns_plain_python_values():
    s = example_store()
    rows = s.select("""PREFIX pkg: <https://policykg.org/ns#>
        SELECT ?v ?y ?m WHERE { ?t pkg:value ?v ; pkg:dueYear ?y ; pkg:metric ?m } ORDER BY ?v""")
    assert rows[0] == {"v": 8, "y": 2026, "m": "数字化转型示范企业"}
    assert isinstance(rows[1]["v"], int) and rows[1]["v"] == 120


def test_bound_values_are_data_not_query_text():
    s = example_store()
    q = """PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
        SELECT ?u WHERE { ?u skos:prefLabel ?label }"""
    assert len(s.select(q, {"label": "区财政局"})) == 1
    for evil in ['区财政局" } ?u ?p ?o . { "', '区财政局\\', "x\n} DROP ALL #", '">"']:
        assert s.select(q, {"label": evil}) == []
    assert len(s.graphs()) == 2  # nothing was dropped


def test_iri_bindings_are_checked():
    with pytest.raises(QueryError, match="E401"):
        term_sparql(IRI("https://x.org/a> <https://x.org/b"))
    with pytest.raises(QueryError, match="E401"):
        term_sparql(IRI("https://x.org/a b"))
    assert term_sparql(IRI("https://policykg.org/id/unit/东营区/区财政局")).startswith("<https://")


def test_bind_values_ignores_where_inside_comments_and_strings():
    q = '# no WHERE { here\nSELECT ?x WHERE { ?x ?p "WHERE {" }'
    out = bind_values(q, {"p": IRI("https://x.org/p")})
    assert out.index("VALUES") > out.index("SELECT")
    assert bind_values(q, {"p": None}) == q


def test_updates_are_refused_by_queries():
    s = example_store()
    assert is_update("DROP ALL") and is_update("PREFIX a: <x:>\nINSERT DATA { <a:b> <a:c> <a:d> }")
    with pytest.raises(QueryError, match="E405"):
        s.select("DELETE WHERE { ?s ?p ?o }")
    with pytest.raises(QueryError, match="E406"):
        s.select("SELECT WHERE {")


def test_ask_and_construct():
    s = example_store()
    assert s.ask("ASK { ?s <https://policykg.org/ns#path> ?p }", {"p": "2.1.1"})
    assert not s.ask("ASK { ?s <https://policykg.org/ns#path> ?p }", {"p": "9.9"})
    nt = s.construct("CONSTRUCT { ?t <urn:p> ?p } WHERE { ?t <https://policykg.org/ns#path> ?p }")
    assert nt.count("<urn:p>") >= 3


@pytest.mark.parametrize("fmt", ["ttl", "trig", "nt", "nq", "jsonld"])
def test_dump_formats_parse_back(fmt):
    s = example_store()
    data = s.dump(fmt, graph_iri("qingshan_digital_2024"))
    rdf_format = {"ttl": pyoxigraph.RdfFormat.TURTLE, "trig": pyoxigraph.RdfFormat.TRIG,
                  "nt": pyoxigraph.RdfFormat.N_TRIPLES, "nq": pyoxigraph.RdfFormat.N_QUADS,
                  "jsonld": pyoxigraph.RdfFormat.JSON_LD}[fmt]
    parsed = list(pyoxigraph.parse(data, format=rdf_format))
    assert len(parsed) == len(build_document(example_document()).ntriples().splitlines())


def test_dump_unknown_format():
    with pytest.raises(StoreError, match="E310"):
        example_store().dump("xml")


def test_readers_work_while_a_build_runs_in_the_same_process():
    s = open_store(":memory:")
    import_doc(s, example_document())
    errors, counts = [], set()

    def write():
        try:
            for i in range(15):
                import_doc(s, example_document(f"d{i % 3}"))
        except Exception as e:  # pragma: no cover - reported below
            errors.append(e)

    t = threading.Thread(target=write)
    t.start()
    q = """PREFIX pkg: <https://policykg.org/ns#>
        SELECT ?d (COUNT(?t) AS ?n) WHERE { ?t a pkg:Task ; pkg:inDocument ?d } GROUP BY ?d"""
    while t.is_alive():
        counts |= {r["n"] for r in s.select(q)}
    t.join()
    assert not errors
    assert counts <= {3}  # every reader saw whole documents, never half an import
    assert len(s.document_ids()) == 4


def test_a_second_process_reads_while_the_writer_holds_the_store(tmp_path):
    path = tmp_path / "st"
    with open_store(path) as s:
        import_doc(s, example_document())
    writer = subprocess.Popen([sys.executable, "-c", textwrap.dedent(f"""
        import sys
        from kg.stores import open_store
        from tests.examples import example_document
        from kg.build import build_document
        s = open_store({str(path)!r})
        for i in range(5):
            s.import_built(build_document(example_document(f"d{{i}}")))
        s.flush()
        print("ready", flush=True)
        sys.stdin.readline()
        s.close()
    """)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert writer.stdout.readline().strip() == "ready"
        with pytest.raises(StoreError, match="E302"):
            open_store(path)  # a second writer is refused with a clear message
        with open_store(path, read_only=True) as reader:
            assert len(reader.document_ids()) == 6
            assert [r["path"] for r in reader.select(TASKS_Q)][:3] == ["2.1.1", "2.1.1", "2.1.1"]
    finally:
        writer.stdin.write("\n")
        writer.stdin.flush()
        assert writer.wait(timeout=60) == 0


def test_read_only_store_refuses_writes_and_missing_dirs(tmp_path):
    with pytest.raises(StoreError, match="E301"):
        open_store(tmp_path / "nothing", read_only=True)
    with open_store(tmp_path / "st") as s:
        import_doc(s, example_document())
    with open_store(tmp_path / "st", read_only=True) as r:
        with pytest.raises(StoreError, match="E304"):
            r.drop_graph(graph_iri("qingshan_digital_2024"))


def test_a_query_naming_its_dataset_sees_only_that_graph(tmp_path):
    """FROM <g> narrows the default graph; without it the default graph is every document."""
    from kg.stores import open_store

    st = open_store(tmp_path / "s")
    st.replace_graph("http://example.org/g/1", '<http://example.org/a> <http://example.org/p> "1" .\n')
    st.replace_graph("http://example.org/g/2", '<http://example.org/b> <http://example.org/p> "2" .\n')
    everything = {r["s"] for r in st.select("SELECT ?s WHERE { ?s ?p ?o }")}
    one = {r["s"] for r in st.select("SELECT ?s FROM <http://example.org/g/1> WHERE { ?s ?p ?o }")}
    assert everything == {"http://example.org/a", "http://example.org/b"}
    assert one == {"http://example.org/a"}
    st.close()
