"""The policykg ontology (Turtle) and its SHACL shapes, as files and as rdflib graphs.

``policykg.ttl`` is the source of truth; :mod:`ontology.namespace` is generated from it
(``python -m ontology.generate``) and ``tests/test_ontology.py`` checks they agree.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

HERE = Path(__file__).resolve().parent
ONTOLOGY_TTL = HERE / "policykg.ttl"
SHAPES_TTL = HERE / "shapes.ttl"

NS = "https://policykg.org/ns#"
ONTOLOGY_IRI = "https://policykg.org/ns"
#: Named graph holding the ontology in a store.
ONTOLOGY_GRAPH = "https://policykg.org/graph/ontology"

RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
XSD = "http://www.w3.org/2001/XMLSchema#"
DCT = "http://purl.org/dc/terms/"
#: the prefixes written into Turtle/TriG output (one list for the local store, the remote one and kg serve)
PREFIXES = {"pkg": NS, "dcterms": DCT, "org": "http://www.w3.org/ns/org#",
            "skos": "http://www.w3.org/2004/02/skos/core#", "prov": "http://www.w3.org/ns/prov#",
            "foaf": "http://xmlns.com/foaf/0.1/", "rdfs": RDFS, "xsd": XSD}

__all__ = ["NS", "ONTOLOGY_IRI", "ONTOLOGY_GRAPH", "PREFIXES", "RDF", "RDFS", "XSD", "DCT", "ONTOLOGY_TTL", "SHAPES_TTL",
           "ontology_graph", "shapes_graph", "ontology_ntriples"]


@lru_cache(maxsize=1)
def _parsed(path: str):
    import rdflib

    g = rdflib.Graph()
    g.parse(path, format="turtle")
    return g


def ontology_graph():
    """The ontology as an rdflib Graph (a fresh copy each call).

    Examples
    --------
    >>> from rdflib import URIRef
    >>> URIRef(NS + "Task") in {s for s in ontology_graph().subjects()}
    True
    """
    import rdflib

    g = rdflib.Graph()
    for t in _parsed(str(ONTOLOGY_TTL)):
        g.add(t)
    return g


def shapes_graph():
    """The SHACL shapes as an rdflib Graph (a fresh copy each call)."""
    import rdflib

    g = rdflib.Graph()
    for t in _parsed(str(SHAPES_TTL)):
        g.add(t)
    return g


@lru_cache(maxsize=1)
def ontology_ntriples() -> str:
    """The ontology as sorted N-Triples (what goes into the ontology graph of a store)."""
    data = _parsed(str(ONTOLOGY_TTL)).serialize(format="nt")
    return "".join(sorted(line + "\n" for line in data.splitlines() if line.strip()))
