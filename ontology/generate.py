"""Generate ontology/namespace.py (a typed DefinedNamespace) from ontology/policykg.ttl.

Run ``python -m ontology.generate`` after editing the Turtle; a test fails until you do.
"""
from __future__ import annotations

import sys
from pathlib import Path

from ontology import NS, ONTOLOGY_TTL

HEADER = '''"""The pkg: namespace as a typed class. GENERATED from ontology/policykg.ttl by
``python -m ontology.generate`` -- do not edit by hand.
"""
from rdflib.namespace import DefinedNamespace, Namespace
from rdflib.term import URIRef


class PKG(DefinedNamespace):
    """policykg ontology terms (https://policykg.org/ns#)."""

    _fail = True
    _NS = Namespace("%s")

'''


def terms() -> list[tuple[str, str, str]]:
    """(local name, kind, English label) of every pkg: term defined in the Turtle, sorted."""
    import rdflib
    from rdflib.namespace import OWL, RDF, RDFS

    g = rdflib.Graph().parse(str(ONTOLOGY_TTL), format="turtle")
    kinds = {OWL.Class: "class", OWL.ObjectProperty: "object property",
             OWL.DatatypeProperty: "datatype property"}
    out = []
    for s, _, o in g.triples((None, RDF.type, None)):
        if isinstance(s, rdflib.URIRef) and str(s).startswith(NS) and o in kinds:
            en = next((str(l) for l in g.objects(s, RDFS.label) if getattr(l, "language", None) == "en"), "")
            out.append((str(s)[len(NS):], kinds[o], en))
    return sorted(out)


def render() -> str:
    """The source text of ontology/namespace.py."""
    body = HEADER % NS
    for name, kind, label in terms():
        body += f"    {name}: URIRef  # {kind}: {label}\n"
    return body


def main() -> None:
    target = Path(__file__).with_name("namespace.py")
    target.write_text(render(), encoding="utf-8")
    print(f"wrote {target}", file=sys.stderr)


if __name__ == "__main__":
    main()
