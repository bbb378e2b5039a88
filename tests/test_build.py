"""kg.build: records → triples that conform to the SHACL shapes, deterministically."""
from __future__ import annotations

import dataclasses

import pyshacl
import pytest
import rdflib

from kg.build import build_document, graph_iri, task_iri
from tests.examples import example_document
from kg.units import unit_iri
from ontology import NS, ontology_graph, shapes_graph
from tests.kg_helpers import SAMPLE, extracted, gold_documents

PKG = rdflib.Namespace(NS)


def conforms(built) -> tuple[bool, str]:
    ok, _, text = pyshacl.validate(built.rdflib_graph(), shacl_graph=shapes_graph(), ont_graph=ontology_graph(),
                                   inference="none")
    return ok, text


def test_example_document_conforms():
    ok, text = conforms(build_document(example_document()))
    assert ok, text


def test_shapes_catch_a_broken_graph():
    built = build_document(example_document())
    assigned = PKG.assignedTo
    built.triples = [t for t in built.triples if t[1] != str(assigned)]
    ok, text = conforms(built)
    assert not ok and "assignedTo" in text


@pytest.mark.slow
def test_gold_records_conform(gold_dir):
    docs = gold_documents(gold_dir)
    assert docs
    for doc in docs:
        ok, text = conforms(build_document(doc))
        assert ok, f"{doc.doc}: {text[:2000]}"


def test_corpus_documents_conform(shared_corpus):
    files = sorted(shared_corpus.glob("*.txt"))
    assert files
    for f in files:
        ok, text = conforms(build_document(extracted(f)))
        assert ok, f"{f.name}: {text[:2000]}"


def test_building_twice_gives_the_same_triples():
    a = build_document(example_document()).ntriples()
    b = build_document(example_document()).ntriples()
    assert a == b and a


def test_sample_builds_deterministically_without_blank_nodes():
    doc = extracted(SAMPLE)
    a, b = build_document(doc), build_document(doc)
    assert a.ntriples() == b.ntriples()
    assert "_:" not in a.ntriples()
    assert not any(isinstance(x, rdflib.BNode) for t in a.rdflib_graph() for x in t)


def test_task_keeps_path_heading_text_span_and_provenance():
    doc = example_document()
    g = build_document(doc).rdflib_graph()
    t = rdflib.URIRef(task_iri(doc.doc, "2.2.3"))
    task = doc.tasks[2]
    assert str(g.value(t, PKG.path)) == "2.2.3"
    assert str(g.value(t, PKG.heading)) == task.heading
    assert str(g.value(t, PKG.text)) == task.text
    assert int(g.value(t, PKG.charStart)) == task.start and int(g.value(t, PKG.charEnd)) == task.end
    assert doc.text[task.start:task.end] == task.text
    prov = rdflib.URIRef("http://www.w3.org/ns/prov#wasDerivedFrom")
    assert str(g.value(t, prov)).endswith("/doc/" + doc.doc)
    part_of = g.value(t, rdflib.URIRef("http://purl.org/dc/terms/isPartOf"))
    assert str(g.value(part_of, PKG.path)) == "2.2"
    deadline = g.value(t, PKG.deadline)
    assert int(g.value(deadline, PKG.dueYear)) == 2025


def test_roles_are_subproperty_triples_plus_assigned_to():
    doc = example_document()
    g = build_document(doc).rdflib_graph()
    t = rdflib.URIRef(task_iri(doc.doc, "2.1.2"))
    lead = rdflib.URIRef(unit_iri("青山区", "区发展和改革局"))
    assert (t, PKG.leadUnit, lead) in g and (t, PKG.assignedTo, lead) in g
    coop = set(g.objects(t, PKG.cooperatingUnit))
    assert coop <= set(g.objects(t, PKG.assignedTo)) and len(coop) == 2


def test_target_values_are_decimals_with_range_and_year():
    g = build_document(example_document()).rdflib_graph()
    rng = [s for s in g.subjects(PKG.comparator, rdflib.Literal("range"))]
    assert len(rng) == 1
    v, vmax = g.value(rng[0], PKG.value), g.value(rng[0], PKG.valueMax)
    xsd_decimal = rdflib.URIRef("http://www.w3.org/2001/XMLSchema#decimal")
    assert v.datatype == xsd_decimal and (int(v.toPython()), int(vmax.toPython())) == (8, 10)
    assert int(g.value(rng[0], PKG.dueYear)) == 2026


def test_document_metadata_and_references():
    doc = example_document()
    g = build_document(doc).rdflib_graph()
    d = next(g.subjects(PKG.docId, rdflib.Literal(doc.doc)))
    dct = rdflib.Namespace("http://purl.org/dc/terms/")
    assert str(g.value(d, dct.title)) == doc.title
    assert str(g.value(d, PKG.docNumber)) == "青政办发〔2024〕5号"
    assert str(g.value(d, dct.issued)) == "2024-03-01"
    assert str(g.value(d, PKG.jurisdiction)) == "青山区"
    cited = [str(g.value(c, dct.title)) for c in g.objects(d, dct.references)]
    assert cited == ["关于加快5G发展的通知"]


def test_person_post_is_linked_to_the_unit():
    g = build_document(example_document()).rdflib_graph()
    org = rdflib.Namespace("http://www.w3.org/ns/org#")
    foaf_name = rdflib.URIRef("http://xmlns.com/foaf/0.1/name")
    wang = next(g.subjects(foaf_name, rdflib.Literal("王五")))
    posts = list(g.objects(wang, org.holds))
    assert [str(g.value(p, PKG.postTitle)) for p in posts] == ["局长"]
    assert str(g.value(posts[0], org.postIn)) == unit_iri("青山区", "区财政局")


def test_sample_people_posts_and_collectives():
    doc = extracted(SAMPLE)
    g = build_document(doc).rdflib_graph()
    org = rdflib.Namespace("http://www.w3.org/ns/org#")
    liu = next(g.subjects(rdflib.URIRef("http://xmlns.com/foaf/0.1/name"), rdflib.Literal("刘明明")))
    units = {str(g.value(p, org.postIn)) for p in g.objects(liu, org.holds)}
    assert unit_iri("东营区", "区财政局") in units
    jz = rdflib.URIRef(unit_iri("东营区", "各镇街"))
    members = {str(g.value(m, rdflib.URIRef("http://www.w3.org/2004/02/skos/core#prefLabel")))
               for m in g.objects(jz, PKG.hasMember)}
    assert {"牛庄镇", "辛店街道"} <= members and not any("局" in m for m in members)


def test_missing_optional_fields_still_conform():
    doc = dataclasses.replace(example_document(), jurisdiction=None, date="2024年3月", doc_number=None,
                              issuer=None, groups=[])
    ok, text = conforms(build_document(doc))
    assert ok, text


def test_graph_iri_is_per_document():
    assert graph_iri("a") != graph_iri("b")


@pytest.mark.parametrize("source", ["/home/kim/政策文件/2024/qingshan.txt", r"C:\Users\kim\Desktop\qingshan.txt",
                                    "qingshan.txt"])
def test_source_file_keeps_the_file_name_only(source):
    """issue 12, item 9: the importing machine's folders never reach the graph (nor the endpoint)."""
    doc = dataclasses.replace(example_document(), source=source)
    built = build_document(doc)
    files = [o for _, p, o in built.triples if p == str(PKG.sourceFile)]
    assert [getattr(o, "lex", o) for o in files] == ["qingshan.txt"]
    text = built.ntriples()
    assert "kim" not in text and "Desktop" not in text and "政策文件" not in text
