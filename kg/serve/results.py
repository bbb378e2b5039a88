"""Writing query results: pyoxigraph's own serialisers, with a row cap and a deadline.

SELECT results are written by pyoxigraph as SPARQL TSV (one solution per line) into a writer that
counts lines, checks the deadline and stops the serialiser at ``max_rows``; the TSV is then turned
into the asked format by pyoxigraph (``parse_query_results(...).serialize(format=...)``). CONSTRUCT
and DESCRIBE go the same way through N-Triples (one triple per line). No term is written by hand.
"""
from __future__ import annotations

import time
from dataclasses import dataclass, field

import pyoxigraph as ox

from ontology import PREFIXES as ONTOLOGY_PREFIXES, RDF

from kg.serve.negotiation import GRAPH_FORMATS, RESULT_FORMATS, content_type

__all__ = ["Reply", "Deadline", "render", "PREFIXES"]

PREFIXES = {**ONTOLOGY_PREFIXES, "rdf": RDF}

_RESULTS = {"json": ox.QueryResultsFormat.JSON, "xml": ox.QueryResultsFormat.XML,
            "csv": ox.QueryResultsFormat.CSV, "tsv": ox.QueryResultsFormat.TSV}
_GRAPHS = {"turtle": ox.RdfFormat.TURTLE, "ntriples": ox.RdfFormat.N_TRIPLES, "jsonld": ox.RdfFormat.JSON_LD,
           "rdfxml": ox.RdfFormat.RDF_XML}


@dataclass
class Reply:
    """An HTTP answer: status, content type, body and extra headers."""

    status: int
    content_type: str
    body: bytes
    headers: dict[str, str] = field(default_factory=dict)

    @classmethod
    def error(cls, status: int, message: str) -> "Reply":
        return cls(status, "text/plain; charset=utf-8", (message.rstrip() + "\n").encode("utf-8"))


class Deadline(Exception):
    """The query's deadline passed while its results were being written."""


class _Enough(Exception):
    """Raised from inside the serialiser to stop it (the cap is reached)."""


class _Lines:
    """A binary writer for pyoxigraph's serialisers: keeps ``limit`` lines, then stops the serialiser."""

    def __init__(self, limit: int | None, deadline: float | None):
        self.limit, self.deadline = limit, deadline
        self.parts: list[bytes] = []
        self.lines = 0
        self.cut = False

    def write(self, data) -> int:
        if self.deadline is not None and time.monotonic() > self.deadline:
            raise Deadline()
        data = bytes(data)
        self.parts.append(data)
        self.lines += data.count(b"\n")
        if self.limit is not None and self.lines > self.limit:
            raise _Enough()
        return len(data)

    def flush(self) -> None:
        pass

    def value(self) -> bytes:
        body = b"".join(self.parts)
        if self.limit is not None and self.lines > self.limit:
            self.cut = True
            body = b"".join(line + b"\n" for line in body.split(b"\n")[:self.limit])
        return body

    def fill(self, serialize) -> bytes:
        try:
            serialize(self)
        except _Enough:
            pass
        except Exception:
            if self.deadline is not None and time.monotonic() > self.deadline:
                raise Deadline() from None
            if self.limit is None or self.lines <= self.limit:
                raise
        return self.value()


def _select(res: ox.QuerySolutions, fmt: str, max_rows: int | None, deadline: float | None) -> tuple[bytes, bool]:
    out = _Lines(None if max_rows is None else max_rows + 1, deadline)  # + 1: the header line
    tsv = out.fill(lambda w: res.serialize(w, format=ox.QueryResultsFormat.TSV))
    if fmt == "tsv":
        return tsv, out.cut
    return ox.parse_query_results(tsv, format=ox.QueryResultsFormat.TSV).serialize(format=_RESULTS[fmt]), out.cut


def _graph(res: ox.QueryTriples, fmt: str, max_rows: int | None, deadline: float | None) -> tuple[bytes, bool]:
    out = _Lines(max_rows, deadline)
    nt = out.fill(lambda w: res.serialize(w, format=ox.RdfFormat.N_TRIPLES))
    if fmt == "ntriples":
        return nt, out.cut
    prefixes = PREFIXES if fmt in ("turtle", "rdfxml") else None
    triples = ox.parse(nt, format=ox.RdfFormat.N_TRIPLES)
    return ox.serialize(triples, format=_GRAPHS[fmt], **({"prefixes": prefixes} if prefixes else {})), out.cut


def render(res, result_fmt: str | None, graph_fmt: str | None, *, max_rows: int | None = None,
           deadline: float | None = None) -> Reply:
    """Serialize a pyoxigraph query result (as from ``Store.raw_query``) in the negotiated format.

    ``res`` may also be a list of triples (written as a graph). Raises :class:`Deadline` when
    ``deadline`` (a ``time.monotonic()`` value) passes while writing.

    >>> s = ox.Store(); s.add(ox.Quad(ox.NamedNode("http://x/a"), ox.NamedNode("http://x/p"), ox.Literal("区")))
    >>> render(s.query("SELECT ?o WHERE { ?s ?p ?o }"), "csv", "turtle").body
    b'o\\r\\n\\xe5\\x8c\\xba\\r\\n'
    """
    if isinstance(res, ox.QueryBoolean):
        if result_fmt is None:
            return Reply.error(406, "an ASK result can be had as json, xml, csv or tsv; change Accept or format")
        return Reply(200, content_type(RESULT_FORMATS[result_fmt]), res.serialize(format=_RESULTS[result_fmt]))
    if isinstance(res, ox.QuerySolutions):
        if result_fmt is None:
            return Reply.error(406, "SELECT results can be had as json, xml, csv or tsv; change Accept or format")
        body, cut = _select(res, result_fmt, max_rows, deadline)
        media = RESULT_FORMATS[result_fmt]
    else:
        if graph_fmt is None:
            return Reply.error(406, "CONSTRUCT/DESCRIBE results can be had as turtle, ntriples, jsonld or rdfxml; "
                                    "change Accept or format")
        if isinstance(res, list):
            triples = res[:max_rows] if max_rows is not None else res
            cut = len(triples) < len(res)
            kwargs = {"prefixes": PREFIXES} if graph_fmt in ("turtle", "rdfxml") else {}
            body = ox.serialize(triples, format=_GRAPHS[graph_fmt], **kwargs)
        else:
            body, cut = _graph(res, graph_fmt, max_rows, deadline)
        media = GRAPH_FORMATS[graph_fmt]
    headers = {"X-Result-Truncated": f"max-rows={max_rows}"} if cut else {}
    return Reply(200, content_type(media), body, headers)
