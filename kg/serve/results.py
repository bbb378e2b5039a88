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


#: the direct path holds at most this much of an answer before it falls back to the streamed TSV path
DIRECT_LIMIT = 8 * 1024 * 1024


class _Bytes(_Lines):
    """A binary writer that keeps at most ``DIRECT_LIMIT`` bytes (then stops the serialiser)."""

    def __init__(self, deadline: float | None):
        super().__init__(None, deadline)
        self.size = 0

    def write(self, data) -> int:
        if self.deadline is not None and time.monotonic() > self.deadline:
            raise Deadline()
        data = bytes(data)
        self.size += len(data)
        if self.size > DIRECT_LIMIT:
            raise _Enough()
        self.parts.append(data)
        return len(data)


def _rows(body: bytes, fmt: str, max_rows: int) -> int:
    """Solutions in a JSON or XML answer, counted exactly where it could hold more than ``max_rows``."""
    if fmt == "xml":  # a literal's "<" is escaped, so every "<result>" opens a solution
        return body.count(b"<result>")
    if len(body) < 3 * (max_rows + 1):  # a JSON solution takes at least 3 bytes ("{}," )
        return 0
    return sum(1 for _ in ox.parse_query_results(body, format=ox.QueryResultsFormat.JSON))


def _select_direct(res: ox.QuerySolutions, fmt: str, max_rows: int | None, deadline: float | None,
                   again) -> tuple[bytes, bool]:
    """JSON or XML written straight by pyoxigraph (no TSV round trip) when the answer is of a usual size.

    An answer over ``max_rows`` is cut through the TSV path from the body already written; one over
    ``DIRECT_LIMIT`` bytes is asked again (``again()``) and streamed through the TSV path.
    """
    out = _Bytes(deadline)
    try:
        res.serialize(out, format=_RESULTS[fmt])
    except _Enough:
        return _select(again(), fmt, max_rows, deadline)
    except Exception:
        if deadline is not None and time.monotonic() > deadline:
            raise Deadline() from None
        raise
    body = b"".join(out.parts)
    if max_rows is None or _rows(body, fmt, max_rows) <= max_rows:
        return body, False
    return _select(ox.parse_query_results(body, format=_RESULTS[fmt]), fmt, max_rows, deadline)


def _graph(res: ox.QueryTriples, fmt: str, max_rows: int | None, deadline: float | None) -> tuple[bytes, bool]:
    out = _Lines(max_rows, deadline)
    nt = out.fill(lambda w: res.serialize(w, format=ox.RdfFormat.N_TRIPLES))
    if fmt == "ntriples":
        return nt, out.cut
    prefixes = PREFIXES if fmt in ("turtle", "rdfxml") else None
    triples = ox.parse(nt, format=ox.RdfFormat.N_TRIPLES)
    return ox.serialize(triples, format=_GRAPHS[fmt], **({"prefixes": prefixes} if prefixes else {})), out.cut


def render(res, result_fmt: str | None, graph_fmt: str | None, *, max_rows: int | None = None,
           deadline: float | None = None, again=None) -> Reply:
    """Serialize a pyoxigraph query result (as from ``Store.raw_query``) in the negotiated format.

    ``res`` may also be a list of triples (written as a graph). Raises :class:`Deadline` when
    ``deadline`` (a ``time.monotonic()`` value) passes while writing. ``again`` (a function running
    the query once more) lets SELECT answers in JSON or XML be written directly, without the TSV
    round trip that counts rows.

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
        if again is not None and result_fmt in ("json", "xml"):
            body, cut = _select_direct(res, result_fmt, max_rows, deadline, again)
        else:
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
