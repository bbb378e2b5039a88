"""RDF terms shared by the graph builder and the stores: one ``IRI`` class."""
from __future__ import annotations

__all__ = ["IRI"]


class IRI(str):
    """An IRI term (a str): the IRI of a built triple, and a binding value meant as an IRI
    (``IRI("https://…")``) rather than a string literal."""

    __slots__ = ()

    def nt(self) -> str:
        return f"<{self}>"
