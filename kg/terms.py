"""RDF terms shared by the graph builders and the stores: ``IRI`` and ``Lit``."""
from __future__ import annotations

from dataclasses import dataclass

__all__ = ["IRI", "Lit"]


class IRI(str):
    """An IRI term (a str): the IRI of a built triple, and a binding value meant as an IRI
    (``IRI("https://…")``) rather than a string literal."""

    __slots__ = ()

    def nt(self) -> str:
        return f"<{self}>"


@dataclass(frozen=True)
class Lit:
    """A literal term: lexical form and datatype (xsd:string when None)."""

    lex: str
    datatype: str | None = None

    def nt(self) -> str:
        s = self.lex.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
        return f'"{s}"' if self.datatype is None else f'"{s}"^^<{self.datatype}>'
