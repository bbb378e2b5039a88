"""Exports of the store: RDF (ttl, trig, nt, nq, jsonld) and GraphML (Gephi, yEd)."""
from __future__ import annotations

from kg.errors import StoreError
from kg.store import FORMATS, Store

EXPORT_FORMATS = tuple(FORMATS) + ("graphml",)

__all__ = ["EXPORT_FORMATS", "export"]


def export(store: Store, fmt: str, doc: str | None = None) -> bytes:
    """Serialize the whole store or one document.

    Parameters
    ----------
    store : Store
    fmt : {'ttl', 'trig', 'nt', 'nq', 'jsonld', 'graphml'}
        RDF formats come from the store; ``graphml`` is the networkx view of :mod:`kg.graph`.
        Triple formats (ttl, nt) of the whole store merge the graphs (the ontology included).
    doc : str, optional
        A document id: only its named graph.

    Examples
    --------
    >>> "区财政局" in export(store, "ttl", doc="qingshan_digital_2024").decode("utf-8")
    True
    >>> export(store, "graphml").startswith(b"<?xml")
    True
    """
    from kg.build import graph_iri

    if fmt not in EXPORT_FORMATS:
        raise StoreError(f"unknown export format {fmt!r}; use one of {', '.join(EXPORT_FORMATS)}", code="E312")
    if doc is not None and graph_iri(doc) not in set(store.graphs()):
        raise StoreError(f"no document {doc!r} in the store; list them with kg docs", code="E331")
    if fmt == "graphml":
        from kg.graph import store_graph, to_graphml

        return to_graphml(store_graph(store, doc))
    return store.dump(fmt, graph_iri(doc) if doc else None)
