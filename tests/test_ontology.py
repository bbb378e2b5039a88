"""The ontology: Turtle parses, every term is labelled in Chinese and English, the generated
namespace agrees with it, and what kg.build writes is declared."""
from __future__ import annotations

import rdflib
from rdflib.namespace import OWL, RDF, RDFS

from kg.build import build_document
from tests.examples import example_document
from ontology import NS, ONTOLOGY_TTL, SHAPES_TTL, ontology_graph, shapes_graph
from ontology.generate import render, terms
from ontology.namespace import PKG


def test_namespace_module_is_generated_from_the_turtle():
    generated = (ONTOLOGY_TTL.parent / "namespace.py").read_text(encoding="utf-8")
    assert generated == render(), "run: python -m ontology.generate"


def test_namespace_class_fails_on_unknown_terms():
    assert str(PKG.leadUnit) == NS + "leadUnit"
    try:
        PKG.notATerm  # noqa: B018
    except AttributeError as e:
        assert "not in namespace" in str(e)
    else:
        raise AssertionError("PKG should refuse unknown terms")


def test_every_project_term_has_chinese_and_english_labels():
    g = ontology_graph()
    names = [name for name, _, _ in terms()]
    assert {"Task", "Unit", "CollectiveUnit", "LeadershipGroup", "Target", "Deadline", "assignedTo",
            "leadUnit", "responsibleUnit", "cooperatingUnit", "value", "dueYear"} <= set(names)
    for name in names:
        langs = {lit.language for lit in g.objects(rdflib.URIRef(NS + name), RDFS.label)}
        assert {"zh", "en"} <= langs, name


def test_role_properties_are_subproperties_of_assigned_to():
    g = ontology_graph()
    for role in ("leadUnit", "responsibleUnit", "cooperatingUnit"):
        assert (rdflib.URIRef(NS + role), RDFS.subPropertyOf, rdflib.URIRef(NS + "assignedTo")) in g


def test_units_and_groups_are_w3c_organizations():
    g = ontology_graph()
    org = rdflib.URIRef("http://www.w3.org/ns/org#Organization")
    assert (rdflib.URIRef(NS + "Unit"), RDFS.subClassOf, org) in g
    assert (rdflib.URIRef(NS + "LeadershipGroup"), RDFS.subClassOf, org) in g
    assert (rdflib.URIRef(NS + "CollectiveUnit"), RDFS.subClassOf, rdflib.URIRef(NS + "Unit")) in g


def test_everything_the_builder_writes_in_pkg_is_declared():
    declared = {name for name, _, _ in terms()}
    built = build_document(example_document())
    used = set()
    for s, p, o in built.triples:
        if p.startswith(NS):
            used.add(p[len(NS):])
        if p == str(RDF.type) and str(o).startswith(NS):
            used.add(str(o)[len(NS):])
    assert used and used <= declared, used - declared


def test_shapes_parse_and_target_the_main_classes():
    g = shapes_graph()
    sh = rdflib.Namespace("http://www.w3.org/ns/shacl#")
    targets = {str(o)[len(NS):] for o in g.objects(None, sh.targetClass) if str(o).startswith(NS)}
    assert {"Document", "Task", "Unit", "Target", "Assignment", "Section"} <= targets
    assert SHAPES_TTL.exists()


def test_ontology_declares_an_owl_ontology():
    g = ontology_graph()
    assert (rdflib.URIRef("https://policykg.org/ns"), RDF.type, OWL.Ontology) in g
