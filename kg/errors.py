"""Errors of the graph layer."""
from extract.errors import PolicyKGError


class OntologyError(PolicyKGError):
    """The ontology or the shapes are inconsistent with what was built."""

    code = "E200"


class StoreError(PolicyKGError):
    """The store cannot be opened, written or read."""

    code = "E300"


class QueryError(PolicyKGError):
    """A SPARQL query is malformed, refused (update) or too expensive."""

    code = "E400"
