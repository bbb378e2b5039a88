"""Graph stores: the :class:`Store` interface every store implements, and what they share (the default
location, dump formats, values of terms). The embedded on-disk store is :mod:`kg.local`, a SPARQL 1.1
server over HTTP :mod:`kg.remote`; :func:`kg.stores.open_store` opens either.

``open_store(location)`` gives a :class:`Store`: a directory → ``kg.local.LocalStore``; an
``http(s)://`` URL → ``kg.remote.RemoteStore``. Every store holds one named graph per document
(:func:`kg.build.graph_iri`) plus the ontology in ``ontology.ONTOLOGY_GRAPH``. Queries see the
union of all graphs as their default graph.

Default location: ``$POLICYKG_STORE``, else ``$XDG_DATA_HOME/policykg/store``
(``~/.local/share/policykg/store``).
"""
from __future__ import annotations

import abc
from pathlib import Path
from typing import Any

from kg.errors import StoreError
from kg.sparql_text import (FROM_CLAUSE, SERVICE_REFUSED, bind_values, check_service, is_update, strip_comments,  # noqa: F401
                        term_sparql, uses_service)
from kg.terms import IRI
from ontology import XSD

STORE_ENV = "POLICYKG_STORE"


def _default_store() -> Path:
    from kg.paths import default_store

    return default_store()


#: The store used when no ``--store`` is given (``$POLICYKG_STORE`` or ~/.local/share/policykg/store).
DEFAULT_STORE = _default_store()

FORMATS = {"ttl": "TURTLE", "trig": "TRIG", "nt": "N_TRIPLES", "nq": "N_QUADS", "jsonld": "JSON_LD"}
QUAD_FORMATS = {"trig", "nq", "jsonld"}

__all__ = ["DEFAULT_STORE", "IRI", "Store", "bind_values", "term_sparql",
           "is_update", "uses_service", "check_service", "FORMATS", "strip_comments", "check_format", "py_value"]


# ------------------------------------------------------------------ the interface

class Store(abc.ABC):
    """A graph store: named graphs per document, SPARQL over their union."""

    location: str
    #: run SERVICE (federated) clauses; off unless an operator allows it (--allow-service)
    allow_service: bool = False

    @abc.abstractmethod
    def replace_graph(self, graph_iri: str, ntriples: str) -> None:
        """Replace one named graph in ONE transaction (a failure leaves the store unchanged)."""

    @abc.abstractmethod
    def drop_graph(self, graph_iri: str) -> None:
        """Remove one named graph (no error when it is not there)."""

    @abc.abstractmethod
    def graphs(self) -> list[str]:
        """IRIs of the named graphs, sorted."""

    @abc.abstractmethod
    def select(self, sparql: str, bindings: dict[str, object] | None = None) -> list[dict[str, object]]:
        """Run a SELECT with values bound to variables; rows of plain python values (or None)."""

    @abc.abstractmethod
    def ask(self, sparql: str, bindings: dict[str, object] | None = None) -> bool:
        """Run an ASK query."""

    @abc.abstractmethod
    def construct(self, sparql: str, bindings: dict[str, object] | None = None) -> str:
        """Run a CONSTRUCT/DESCRIBE query; the triples as N-Triples."""

    @abc.abstractmethod
    def raw_query(self, sparql: str) -> Any:
        """Run a query and return the backend's own result object (for the SPARQL endpoint)."""

    @abc.abstractmethod
    def dump(self, fmt: str, graph_iri: str | None = None) -> bytes:
        """Serialize the store (or one graph) as ttl, trig, nt, nq or jsonld."""

    def close(self) -> None:
        """Release the store."""

    # shared conveniences --------------------------------------------------
    def import_built(self, built) -> None:
        """Import a :class:`kg.build.BuiltGraph` (replaces that document's graph; one transaction)."""
        self.replace_graph(built.graph_iri, built.ntriples())

    def ensure_ontology(self) -> None:
        """Load (or refresh) the ontology into its own named graph."""
        from ontology import ONTOLOGY_GRAPH, ontology_ntriples

        self.replace_graph(ONTOLOGY_GRAPH, ontology_ntriples())

    def document_ids(self) -> list[str]:
        """Ids of the documents in the store (from their graph IRIs)."""
        from kg.build import doc_id_of_graph

        return sorted(d for d in (doc_id_of_graph(g) for g in self.graphs()) if d)

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def check_format(fmt: str) -> str:
    """The dump format, or StoreError naming the known ones."""
    if fmt not in FORMATS:
        raise StoreError(f"unknown dump format {fmt!r}; use one of {', '.join(FORMATS)}", code="E310")
    return fmt


# ------------------------------------------------------------------ pyoxigraph on disk

def py_value(term) -> object:
    """A pyoxigraph term as a plain python value."""
    import pyoxigraph as ox

    if term is None:
        return None
    if isinstance(term, ox.Literal):
        dt = term.datatype.value
        v = term.value
        try:
            if dt in (XSD + "integer", XSD + "int", XSD + "long", XSD + "short", XSD + "nonNegativeInteger",
                      XSD + "positiveInteger"):
                return int(v)
            if dt in (XSD + "decimal", XSD + "double", XSD + "float"):
                f = float(v)
                return int(f) if dt == XSD + "decimal" and f.is_integer() and "." not in v else f
            if dt == XSD + "boolean":
                return v in ("true", "1")
        except ValueError:
            return v
        return v
    return term.value
