"""A read-only SPARQL 1.1 Protocol endpoint over a store (``kg serve``).

GET and POST (form-encoded, or a direct ``application/sparql-query`` body); SELECT/ASK answered
as SPARQL JSON, XML, CSV or TSV; CONSTRUCT/DESCRIBE as Turtle, N-Triples, JSON-LD or RDF/XML,
chosen by the ``Accept`` header or a ``format`` (or ``output``) parameter; a SPARQL 1.1 Service
Description (Turtle) at the endpoint URL when no query is given; CORS headers and OPTIONS
preflight for the web origins the operator allows (``cors_origins``; none by default), so a browser
query editor (YASGUI) on an allowed origin can use it and no other web page can script it.

Refused and bounded
-------------------
- Updates (an ``update`` parameter, an ``application/sparql-update`` body, or query text that is
  an update) get 403; a malformed query 400 with the parser's message.
- ``SERVICE`` (federated query) gets 400 unless the operator passes ``allow_service``: the server
  would otherwise send requests wherever a query says (its own intranet included).
- A query that crashes its worker process (pyoxigraph overflowing its stack on deeply nested
  groups) is a one-line 500; the worker is replaced and the endpoint goes on.
- Each client (IP address) runs at most ``per_client`` queries at once; the others wait in line
  (first come, first served) and the query timeout counts from when a worker takes the query.
- A request body is read with a timeout (``read_timeout``) and may be sent chunked.
- Each query has a deadline (``timeout``). On a store directory the queries run in a pool of
  worker processes that open the store read-only; a query still running at its deadline has its
  worker killed (so its CPU is really released) and replaced, and the client gets 503. Results are
  streamed row by row and the deadline is also checked between rows. Stores that cannot be shared
  with a process (in memory, remote) run queries in threads: the client still gets 503 at the
  deadline and the iteration stops at the next row, but a query that computes before its first row
  (ORDER BY, aggregates) finishes in the background.
- At most ``max_rows`` rows (or triples) are returned; a cut result carries the header
  ``X-Result-Truncated: max-rows=N``.

Queries see the union of all named graphs as their default graph (as everywhere in policykg).
"""
from __future__ import annotations

import csv
import io
import json
import os
import queue
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit
from xml.sax.saxutils import escape as xml_escape
from xml.sax.saxutils import quoteattr

from extract.errors import PolicyKGError
from kg.errors import QueryError, StoreError
from kg.store import SERVICE_REFUSED, Store, check_service, is_update, uses_service
from ontology import PREFIXES as ONTOLOGY_PREFIXES, RDF

__all__ = ["Reply", "Endpoint", "make_server", "negotiate", "render", "DEFAULT_PORT", "DEFAULT_TIMEOUT",
           "DEFAULT_MAX_ROWS", "RESULT_FORMATS", "GRAPH_FORMATS"]

DEFAULT_PORT = 7878
DEFAULT_TIMEOUT = 30.0
DEFAULT_MAX_ROWS = 10000
DEFAULT_READ_TIMEOUT = 10.0
#: how long a query may wait in line for a worker (its own timeout starts when a worker takes it)
QUEUE_WAIT = 120.0
MAX_BODY = 16 * 1024 * 1024
XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
RDF_LANGSTRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"

#: result formats of SELECT/ASK: name → media type
RESULT_FORMATS = {"json": "application/sparql-results+json", "xml": "application/sparql-results+xml",
                  "csv": "text/csv", "tsv": "text/tab-separated-values"}
#: result formats of CONSTRUCT/DESCRIBE: name → media type
GRAPH_FORMATS = {"turtle": "text/turtle", "ntriples": "application/n-triples",
                 "jsonld": "application/ld+json", "rdfxml": "application/rdf+xml"}

_RESULT_MEDIA = {"application/sparql-results+json": "json", "application/json": "json",
                 "text/javascript": "json", "application/javascript": "json",
                 "application/sparql-results+xml": "xml", "application/xml": "xml", "text/xml": "xml",
                 "text/csv": "csv", "text/tab-separated-values": "tsv"}
_GRAPH_MEDIA = {"text/turtle": "turtle", "application/x-turtle": "turtle", "application/turtle": "turtle",
                "application/n-triples": "ntriples", "text/plain": "ntriples",
                "application/ld+json": "jsonld", "application/json": "jsonld",
                "application/rdf+xml": "rdfxml", "application/xml": "rdfxml", "text/xml": "rdfxml"}
# a `format` parameter: short name → (result format, graph format); None = not for that kind
_FORMAT_NAMES = {"json": ("json", "jsonld"), "xml": ("xml", "rdfxml"), "csv": ("csv", None), "tsv": ("tsv", None),
                 "turtle": (None, "turtle"), "ttl": (None, "turtle"), "nt": (None, "ntriples"),
                 "ntriples": (None, "ntriples"), "n-triples": (None, "ntriples"), "jsonld": (None, "jsonld"),
                 "json-ld": (None, "jsonld"), "rdfxml": (None, "rdfxml"), "rdf": (None, "rdfxml")}

PREFIXES = {**ONTOLOGY_PREFIXES, "rdf": RDF}


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


# ------------------------------------------------------------------ content negotiation

def _media_ranges(accept: str) -> list[str]:
    """Media ranges of an Accept header, best first (q=0 dropped, ties keep their order)."""
    ranges = []
    for i, part in enumerate(accept.split(",")):
        bits = [b.strip() for b in part.split(";")]
        mt = bits[0].lower()
        if not mt:
            continue
        q = 1.0
        for b in bits[1:]:
            if b.lower().startswith("q="):
                try:
                    q = float(b[2:])
                except ValueError:
                    q = 0.0
        if q > 0:
            ranges.append((-q, i, mt))
    return [mt for _, _, mt in sorted(ranges)]


def _pick(ranges: list[str], table: dict[str, str], default: str) -> str:
    for mt in ranges:
        if mt in table:
            return table[mt]
        if mt.endswith("/*"):
            return default
    return default


def negotiate(accept: str | None, fmt: str | None) -> tuple[str | None, str | None]:
    """The result format and the graph format a request asks for (``None``: that kind is not acceptable).

    A ``format`` parameter (short name or media type) wins over ``Accept``; an Accept header that
    names nothing we write gets the defaults (JSON, Turtle).

    >>> negotiate("text/csv", None), negotiate(None, "ttl"), negotiate("*/*", None)
    (('csv', 'turtle'), (None, 'turtle'), ('json', 'turtle'))
    """
    if fmt:
        key = fmt.strip().lower()
        if key in _FORMAT_NAMES:
            return _FORMAT_NAMES[key]
        media = key.split(";")[0].strip()
        if media in _RESULT_MEDIA or media in _GRAPH_MEDIA:
            return _RESULT_MEDIA.get(media), _GRAPH_MEDIA.get(media)
        raise ValueError(f"unknown format {fmt!r}; use one of {', '.join(_FORMAT_NAMES)} or a media type")
    ranges = _media_ranges(accept or "*/*")
    return _pick(ranges, _RESULT_MEDIA, "json"), _pick(ranges, _GRAPH_MEDIA, "turtle")


# ------------------------------------------------------------------ rendering results

class _Deadline(Exception):
    pass


def _check(deadline: float | None) -> None:
    if deadline is not None and time.monotonic() > deadline:
        raise _Deadline()


def _json_term(t) -> dict[str, Any]:
    import pyoxigraph as ox

    if isinstance(t, ox.NamedNode):
        return {"type": "uri", "value": t.value}
    if isinstance(t, ox.BlankNode):
        return {"type": "bnode", "value": t.value}
    if isinstance(t, ox.Literal):
        d: dict[str, Any] = {"type": "literal", "value": t.value}
        if t.language:
            d["xml:lang"] = t.language
        elif t.datatype.value not in (XSD_STRING, RDF_LANGSTRING):
            d["datatype"] = t.datatype.value
        return d
    if isinstance(t, ox.Triple):
        return {"type": "triple", "value": {"subject": _json_term(t.subject),
                                            "predicate": _json_term(t.predicate),
                                            "object": _json_term(t.object)}}
    return {"type": "literal", "value": str(t)}


def _xml_term(t) -> str:
    import pyoxigraph as ox

    if isinstance(t, ox.NamedNode):
        return f"<uri>{xml_escape(t.value)}</uri>"
    if isinstance(t, ox.BlankNode):
        return f"<bnode>{xml_escape(t.value)}</bnode>"
    if isinstance(t, ox.Literal):
        if t.language:
            return f"<literal xml:lang={quoteattr(t.language)}>{xml_escape(t.value)}</literal>"
        if t.datatype.value not in (XSD_STRING, RDF_LANGSTRING):
            return f"<literal datatype={quoteattr(t.datatype.value)}>{xml_escape(t.value)}</literal>"
        return f"<literal>{xml_escape(t.value)}</literal>"
    return f"<literal>{xml_escape(str(t))}</literal>"


def _csv_value(t) -> str:
    import pyoxigraph as ox

    if t is None:
        return ""
    if isinstance(t, ox.BlankNode):
        return f"_:{t.value}"
    if isinstance(t, (ox.NamedNode, ox.Literal)):
        return t.value
    return str(t)


def _rows(solutions, names: list[str], max_rows: int | None, deadline: float | None, cut: list[bool]):
    """Solutions as lists of terms, checking the deadline before each row and stopping at the cap."""
    n = 0
    for sol in solutions:
        _check(deadline)
        if max_rows is not None and n >= max_rows:
            cut[0] = True
            return
        n += 1
        yield [sol[v] for v in names]


def _select(res, fmt: str, max_rows: int | None, deadline: float | None) -> tuple[bytes, bool]:
    names = [v.value for v in res.variables]
    cut = [False]
    rows = _rows(res, names, max_rows, deadline, cut)
    out = io.StringIO()
    if fmt == "json":
        out.write(json.dumps({"head": {"vars": names}}, ensure_ascii=False, separators=(",", ":"))[:-1])
        out.write(',"results":{"bindings":[')
        for i, row in enumerate(rows):
            if i:
                out.write(",")
            out.write(json.dumps({k: _json_term(t) for k, t in zip(names, row) if t is not None},
                                 ensure_ascii=False, separators=(",", ":")))
        out.write("]}}")
    elif fmt == "xml":
        out.write('<?xml version="1.0"?><sparql xmlns="http://www.w3.org/2005/sparql-results#"><head>')
        out.write("".join(f"<variable name={quoteattr(v)}/>" for v in names))
        out.write("</head><results>")
        for row in rows:
            out.write("<result>")
            out.write("".join(f"<binding name={quoteattr(k)}>{_xml_term(t)}</binding>"
                              for k, t in zip(names, row) if t is not None))
            out.write("</result>")
        out.write("</results></sparql>")
    elif fmt == "csv":
        w = csv.writer(out, lineterminator="\r\n")
        w.writerow(names)
        for row in rows:
            w.writerow([_csv_value(t) for t in row])
    else:  # tsv: terms in N-Triples syntax, which pyoxigraph's str() gives (tabs and newlines escaped)
        out.write("\t".join(f"?{v}" for v in names) + "\n")
        for row in rows:
            out.write("\t".join("" if t is None else str(t) for t in row) + "\n")
    return out.getvalue().encode("utf-8"), cut[0]


def _ask(value: bool, fmt: str) -> bytes:
    word = "true" if value else "false"
    if fmt == "json":
        return f'{{"head":{{}},"boolean":{word}}}'.encode()
    if fmt == "xml":
        return (f'<?xml version="1.0"?><sparql xmlns="http://www.w3.org/2005/sparql-results#">'
                f"<head/><boolean>{word}</boolean></sparql>").encode()
    return word.encode()


def _graph(res, fmt: str, max_rows: int | None, deadline: float | None) -> tuple[bytes, bool]:
    import pyoxigraph as ox

    triples, cut = [], False
    for t in res:
        _check(deadline)
        if max_rows is not None and len(triples) >= max_rows:
            cut = True
            break
        triples.append(t)
    rdf = {"turtle": ox.RdfFormat.TURTLE, "ntriples": ox.RdfFormat.N_TRIPLES, "jsonld": ox.RdfFormat.JSON_LD,
           "rdfxml": ox.RdfFormat.RDF_XML}[fmt]
    kwargs: dict[str, Any] = {"format": rdf}
    if fmt in ("turtle", "rdfxml"):
        kwargs["prefixes"] = PREFIXES
    return ox.serialize(triples, **kwargs), cut


def render(res, result_fmt: str | None, graph_fmt: str | None, *, max_rows: int | None = None,
           deadline: float | None = None) -> Reply:
    """Serialize a pyoxigraph query result (as from ``Store.raw_query``) in the negotiated format.

    >>> import pyoxigraph as ox
    >>> s = ox.Store(); s.add(ox.Quad(ox.NamedNode("http://x/a"), ox.NamedNode("http://x/p"), ox.Literal("区")))
    >>> render(s.query("SELECT ?o WHERE { ?s ?p ?o }"), "csv", "turtle").body
    b'o\\r\\n\\xe5\\x8c\\xba\\r\\n'
    """
    import pyoxigraph as ox

    if isinstance(res, ox.QueryBoolean):
        if result_fmt is None:
            return Reply.error(406, "an ASK result can be had as json, xml, csv or tsv; change Accept or format")
        return Reply(200, _content_type(RESULT_FORMATS[result_fmt]), _ask(bool(res), result_fmt))
    if isinstance(res, ox.QuerySolutions):
        if result_fmt is None:
            return Reply.error(406, "SELECT results can be had as json, xml, csv or tsv; change Accept or format")
        body, cut = _select(res, result_fmt, max_rows, deadline)
        media = RESULT_FORMATS[result_fmt]
    else:
        if graph_fmt is None:
            return Reply.error(406, "CONSTRUCT/DESCRIBE results can be had as turtle, ntriples, jsonld or rdfxml; "
                                    "change Accept or format")
        body, cut = _graph(res, graph_fmt, max_rows, deadline)
        media = GRAPH_FORMATS[graph_fmt]
    headers = {"X-Result-Truncated": f"max-rows={max_rows}"} if cut else {}
    return Reply(200, _content_type(media), body, headers)


def _content_type(media: str) -> str:
    return f"{media}; charset=utf-8" if media.startswith("text/") else media


# ------------------------------------------------------------------ running one query

@dataclass
class Job:
    """One query to run: text, negotiated formats and limits."""

    sparql: str
    result_fmt: str | None
    graph_fmt: str | None
    max_rows: int | None
    timeout: float
    allow_service: bool = False


def _timeout_reply(timeout: float) -> Reply:
    return Reply.error(503, f"query timed out after {timeout:g} s (the endpoint's --timeout); "
                            f"narrow the query (LIMIT, more specific patterns) or raise the timeout")


def run_job(store: Store, job: Job, deadline: float) -> Reply:
    """Run one query on a store and render it; errors become 400/403/500/503 replies."""
    try:
        check_service(job.sparql, job.allow_service)
        res = store.raw_query(job.sparql)
        _check(deadline)
        return render(res, job.result_fmt, job.graph_fmt, max_rows=job.max_rows, deadline=deadline)
    except _Deadline:
        return _timeout_reply(job.timeout)
    except QueryError as e:
        code = getattr(e, "code", "")
        if code == "E405":
            return Reply.error(403, str(e))
        if code in ("E406", "E401", "E402", "E403", "E404", "E430"):
            return Reply.error(400, str(e))
        return Reply.error(500, str(e))
    except StoreError as e:
        return Reply.error(503, str(e))
    except Exception as e:  # noqa: BLE001 - the endpoint answers, it does not die
        return Reply.error(500, f"[E499] internal error while answering the query: {type(e).__name__}: {e}")


def _store_stamp(path: str) -> tuple[int, int]:
    """Changes whenever a writer touches the store directory (new files or a longer log)."""
    newest, count = 0, 0
    try:
        for entry in os.scandir(path):
            if not entry.is_file():  # e.g. kg ask's ask-index folder: not the store's data
                continue
            st = entry.stat()
            newest = max(newest, st.st_mtime_ns)
            count += st.st_size if entry.name.endswith(".log") else 1
    except OSError:
        pass
    return newest, count


class _View:
    """A worker's read-only view of the store, refreshed in the background after a build writes.

    Queries keep being answered from the last view that opened while a fresh one opens (which can
    take seconds during a big build); the fresh view is taken as soon as it is ready. While the
    directory keeps changing (a build is writing) nobody waits for it; once it is quiet, a query
    waits up to ``grace`` seconds for the pending view, so one asked after a build sees its data.
    During a long build a reopen starts at most once every ``min_interval`` seconds (a later one is
    scheduled, so the view catches up within about that time after the build's last commit).
    """

    grace = 3.0
    min_interval = 1.0  # during a long build: at most one reopen started a second

    def __init__(self, location: str, allow_service: bool):
        from kg.store import LocalStore

        self._open = lambda: LocalStore(location, read_only=True)
        self.location = location
        self.allow_service = allow_service
        self.stamp = _store_stamp(location)
        self.store = self._open()
        self.store.allow_service = allow_service
        self._pending: tuple[threading.Thread, tuple[int, int], list, float] | None = None
        self._last = 0.0  # when the last reopen started (or is due to start)

    def current(self):
        """The freshest view ready now (or within ``grace`` when the directory has gone quiet)."""
        new = _store_stamp(self.location)
        now = time.monotonic()
        if self._pending is None and new != self.stamp:
            delay = max(0.0, self._last + self.min_interval - now)
            box: list = []  # [(stamp when it opened, store or error)]

            def opener() -> None:
                if delay:
                    time.sleep(delay)
                stamp = _store_stamp(self.location)
                try:
                    box.append((stamp, self._open()))
                except StoreError as e:
                    box.append((stamp, e))

            t = threading.Thread(target=opener, daemon=True)
            t.start()
            self._pending = (t, new, box, delay)
            self._last = now + delay
        if self._pending is not None:
            t, started, box, delay = self._pending
            quiet = started == new and not delay  # no writes since it started: worth waiting for
            t.join(self.grace if quiet else 0)
            if not t.is_alive():
                self._pending = None
                if box and not isinstance(box[0][1], Exception):
                    old, (self.stamp, self.store) = self.store, box[0]
                    self.store.allow_service = self.allow_service
                    old.close()
        return self.store

    def reopen(self):
        """A fresh view now (after the old one failed to read files a build compacted away)."""
        if self._pending is not None:
            self._pending[0].join()
            self._pending = None
        try:
            fresh = self._open()
        except StoreError:
            return self.store
        old, self.store, self.stamp = self.store, fresh, _store_stamp(self.location)
        self.store.allow_service = self.allow_service
        self._last = time.monotonic()
        old.close()
        return self.store


def _worker_main(conn, location: str, allow_service: bool = False) -> None:
    """A worker process: open the store read-only, answer jobs until the pipe closes."""
    try:
        try:
            view = _View(location, allow_service)
            conn.send(("ready", None))
        except (BrokenPipeError, EOFError):
            raise
        except Exception as e:  # noqa: BLE001
            conn.send(("failed", str(e)))
            return
    except (BrokenPipeError, EOFError):  # nobody waits for this worker any more
        return
    while True:
        try:
            msg = conn.recv()
        except (EOFError, OSError):
            return
        if msg is None:
            return
        op, job, deadline_in = msg
        deadline = time.monotonic() + deadline_in
        store = view.current()
        if op == "graphs":
            conn.send(store.graphs())
            continue
        if op == "call":  # a store method for the CLI: (name, text, bindings) → ("ok", result) / ("error", exc)
            name, text, bindings = job
            try:
                conn.send(("ok", getattr(store, name)(text, bindings)))
            except PolicyKGError as e:
                conn.send(("error", e))
            except Exception as e:  # noqa: BLE001 - one line for the user, never a traceback
                conn.send(("error", QueryError(f"the query failed: {type(e).__name__}: {e}", code="E407")))
            continue
        reply = run_job(store, job, deadline)
        if reply.status == 500 and b"[E407]" in reply.body and _store_stamp(location) != view.stamp:
            reply = run_job(view.reopen(), job, deadline)  # files of the old view went in a compaction
        try:
            conn.send((reply.status, reply.content_type, reply.body, reply.headers))
        except (BrokenPipeError, EOFError):
            return


class _Pipes:
    """One duplex channel over two OS pipes (what a worker process is talked to through)."""

    def __init__(self, reader: Connection, writer: Connection):
        self.reader, self.writer = reader, writer

    def send(self, obj: Any) -> None:
        self.writer.send(obj)

    def recv(self) -> Any:
        return self.reader.recv()

    def poll(self, timeout: float) -> bool:
        return self.reader.poll(timeout)

    def close(self) -> None:
        for c in (self.reader, self.writer):
            try:
                c.close()
            except OSError:
                pass


def _worker_entry(read_fd: int, write_fd: int, location: str, allow_service: bool = False) -> None:
    """``python -c`` entry of a worker: its pipes, a watchdog on the parent, then :func:`_worker_main`."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the endpoint stops its workers itself
    parent = os.getppid()

    def watchdog() -> None:  # the endpoint was killed: do not compute on for nobody
        while True:
            time.sleep(1.0)
            if os.getppid() != parent:
                os._exit(0)

    threading.Thread(target=watchdog, daemon=True).start()
    _worker_main(_Pipes(Connection(read_fd, writable=False), Connection(write_fd, readable=False)), location,
                 allow_service)


class _Worker:
    """A worker process started with ``python -c`` (no re-import of the caller's ``__main__``)."""

    def __init__(self, location: str, allow_service: bool = False):
        to_child_r, to_child_w = os.pipe()
        from_child_r, from_child_w = os.pipe()
        root = str(Path(__file__).resolve().parent.parent)
        env = dict(os.environ, PYTHONPATH=os.pathsep.join(p for p in (root, os.environ.get("PYTHONPATH")) if p))
        code = ("import sys; from kg.serve import _worker_entry; "
                "_worker_entry(int(sys.argv[1]), int(sys.argv[2]), sys.argv[3], sys.argv[4] == '1')")
        try:
            self.proc = subprocess.Popen([sys.executable, "-c", code, str(to_child_r), str(from_child_w), location,
                                          "1" if allow_service else "0"],
                                         pass_fds=(to_child_r, from_child_w), stdin=subprocess.DEVNULL, env=env)
        finally:
            os.close(to_child_r)
            os.close(from_child_w)
        self.conn = _Pipes(Connection(from_child_r, writable=False), Connection(to_child_w, readable=False))
        try:
            ready = self.conn.poll(120)
            status, detail = self.conn.recv() if ready else ("failed", "it did not start within 120 s")
        except (EOFError, OSError) as e:
            status, detail = "failed", f"it exited ({type(e).__name__})"
        if status != "ready":
            self.kill()
            raise StoreError(f"a query worker cannot open {location}: {detail}", code="E331")

    def exit_note(self) -> str:
        """How the worker process ended (for the one-line error), e.g. "signal 11 (SIGSEGV)"."""
        import signal

        try:
            rc = self.proc.wait(2)
        except subprocess.TimeoutExpired:
            return "it stopped answering"
        if rc < 0:
            try:
                return f"signal {-rc} ({signal.Signals(-rc).name})"
            except ValueError:
                return f"signal {-rc}"
        return f"exit status {rc}"

    def kill(self) -> None:
        try:
            self.proc.kill()
            self.proc.wait(5)
        except (OSError, subprocess.TimeoutExpired):
            pass
        self.conn.close()


class ProcessRunner:
    """Queries on a store directory, in worker processes that are killed at the deadline."""

    def __init__(self, location: str, workers: int, allow_service: bool = False, queue_wait: float = QUEUE_WAIT,
                 respawn: bool = True):
        self.location = location
        self.respawn = respawn  # replace a killed or crashed worker (not for a one-query runner)
        self.allow_service = allow_service
        self.queue_wait = queue_wait
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._lock = threading.Lock()
        self._all: list[_Worker] = []
        self._closed = False
        errors: list[StoreError] = []

        def add() -> None:
            try:
                self._add()
            except StoreError as e:
                errors.append(e)

        starters = [threading.Thread(target=add, daemon=True) for _ in range(max(1, workers))]
        for t in starters:  # the workers start side by side (each imports and opens the store)
            t.start()
        for t in starters:
            t.join()
        if errors:
            self.close()
            raise errors[0]

    def _add(self) -> None:
        w = _Worker(self.location, self.allow_service)
        with self._lock:
            if self._closed:
                w.kill()
                return
            self._all.append(w)
        self._idle.put(w)

    def _replace(self, w: _Worker) -> None:
        w.kill()
        with self._lock:
            if w in self._all:
                self._all.remove(w)
        if not self._closed and self.respawn:
            threading.Thread(target=self._add_quietly, daemon=True).start()

    def _add_quietly(self) -> None:
        try:
            self._add()
        except StoreError as e:
            print(f"kg serve: {e}", file=sys.stderr)

    def _call(self, op: str, job: Any, timeout: float) -> tuple[bool, Any]:
        """Send one job to an idle worker; ``timeout`` counts from when a worker takes it.

        Waiting for a worker (first come, first served) is bounded by ``queue_wait`` apart.
        """
        try:
            w = self._idle.get(timeout=max(timeout, self.queue_wait))
        except queue.Empty:
            return False, Reply.error(503, f"all query workers stayed busy for {max(timeout, self.queue_wait):g} s; "
                                           "try again later")
        try:
            w.conn.send((op, job, timeout))
            if w.conn.poll(timeout + 0.5):
                out = w.conn.recv()
                self._idle.put(w)
                return True, out
            failure = _timeout_reply(timeout)
        except (EOFError, OSError):
            failure = Reply.error(500, f"[E498] the query crashed the query engine's process ({w.exit_note()}): "
                                       "it nests too deeply or is too large; simplify it (nothing else was "
                                       "affected)")
        self._replace(w)  # still computing at the deadline (or died): kill it, start another
        return False, failure

    def call(self, method: str, text: str, bindings: dict | None, timeout: float) -> Any:
        """``store.<method>(text, bindings)`` in a worker process; a crash or a timeout is a QueryError."""
        ok, out = self._call("call", (method, text, bindings), timeout)
        if not ok:
            if out.status == 500:
                raise QueryError(out.body.decode("utf-8").strip().removeprefix("[E498] "), code="E498")
            raise QueryError(f"the query ran past the timeout ({timeout:g} s) and was stopped; narrow it (LIMIT, "
                             "more specific patterns) or raise --timeout", code="E497")
        status, value = out
        if status == "error":
            raise value
        return value

    def run(self, job: Job) -> Reply:
        ok, out = self._call("query", job, job.timeout)
        if ok:
            status, ctype, body, headers = out
            return Reply(status, ctype, body, headers)
        return out

    def graphs(self) -> list[str]:
        ok, out = self._call("graphs", None, 30.0)
        return out if ok else []

    def close(self) -> None:
        with self._lock:
            self._closed = True
            workers, self._all = self._all, []
        for w in workers:
            w.kill()


class ThreadRunner:
    """Queries on an in-process store (in memory, remote) in daemon threads; abandoned at the deadline.

    An abandoned query stops at its next row; one still computing its first row (a sort, an
    aggregate) runs on in the background, which is why store directories use :class:`ProcessRunner`.
    """

    def __init__(self, store: Store, workers: int, allow_service: bool = False):
        self.store = store
        if allow_service:
            store.allow_service = True
        self._slots = threading.BoundedSemaphore(max(4, workers * 4))

    def run(self, job: Job) -> Reply:
        start = time.monotonic()
        deadline = start + job.timeout
        if not self._slots.acquire(timeout=job.timeout):
            return Reply.error(503, f"all query slots are busy (waited {job.timeout:g} s); try again")
        box: list[Reply] = []

        def work() -> None:
            try:
                box.append(run_job(self.store, job, deadline))
            finally:
                self._slots.release()

        t = threading.Thread(target=work, name="kg-serve-query", daemon=True)
        t.start()
        t.join(max(0.0, deadline - time.monotonic()) + 0.5)
        return box[0] if box else _timeout_reply(job.timeout)

    def graphs(self) -> list[str]:
        return self.store.graphs()

    def close(self) -> None:
        pass


# ------------------------------------------------------------------ the endpoint

class Endpoint:
    """What a request needs: the runner, the limits and the service description.

    ``store`` is a store directory (queries run in worker processes) or an open :class:`Store`
    (queries run in threads).
    """

    def __init__(self, store: Store | str | Path, *, timeout: float = DEFAULT_TIMEOUT,
                 max_rows: int | None = DEFAULT_MAX_ROWS, workers: int | None = None, log: bool = True,
                 allow_service: bool = False, cors_origins: tuple[str, ...] | list[str] = (),
                 per_client: int | None = None, read_timeout: float = DEFAULT_READ_TIMEOUT):
        if timeout <= 0:
            raise QueryError(f"the timeout must be positive, got {timeout}", code="E420")
        if max_rows is not None and max_rows < 1:
            raise QueryError(f"max rows must be at least 1, got {max_rows}", code="E421")
        self.timeout = float(timeout)
        self.max_rows = max_rows
        self.log = log
        self.allow_service = allow_service
        self.cors_origins = tuple(o.rstrip("/") for o in cors_origins)
        self.read_timeout = read_timeout
        n = workers or min(8, os.cpu_count() or 2)
        #: queries one client (IP address) may run at once; the rest of its queries wait in line
        self.per_client = per_client or max(1, n // 2)
        self._clients: dict[str, list] = {}  # client → [semaphore, users]
        self._clients_lock = threading.Lock()
        if isinstance(store, (str, Path)):
            self.location = str(Path(store).expanduser())
            self.runner: ProcessRunner | ThreadRunner = ProcessRunner(self.location, n, allow_service)
        else:
            self.location = store.location
            self.runner = ThreadRunner(store, n, allow_service)

    def cors_origin(self, origin: str | None) -> str | None:
        """The Access-Control-Allow-Origin value for a request from ``origin`` (None: no CORS headers)."""
        if not origin or not self.cors_origins:
            return None
        if "*" in self.cors_origins:
            return "*"
        return origin if origin.rstrip("/") in self.cors_origins else None

    def _slot(self, client: str, delta: int):
        with self._clients_lock:
            entry = self._clients.get(client)
            if entry is None:
                entry = self._clients[client] = [threading.BoundedSemaphore(self.per_client), 0]
            entry[1] += delta
            if entry[1] == 0:
                del self._clients[client]
            return entry[0]

    def query(self, sparql: str, accept: str | None, fmt: str | None, client: str = "") -> Reply:
        """Answer one query text (already known not to be an update) for ``client`` (its IP address)."""
        try:
            result_fmt, graph_fmt = negotiate(accept, fmt)
        except ValueError as e:
            return Reply.error(400, str(e))
        if not self.allow_service and uses_service(sparql):
            return Reply.error(400, str(QueryError(SERVICE_REFUSED, code="E430")))
        job = Job(sparql, result_fmt, graph_fmt, self.max_rows, self.timeout, self.allow_service)
        slot = self._slot(client, +1)
        try:
            if not slot.acquire(timeout=QUEUE_WAIT):
                return Reply.error(503, f"you already run {self.per_client} queries at once and they stayed busy "
                                        f"for {QUEUE_WAIT:g} s; wait for them")
            try:
                return self.runner.run(job)
            finally:
                slot.release()
        finally:
            self._slot(client, -1)

    def service_description(self, url: str, accept: str | None, fmt: str | None) -> Reply:
        """SPARQL 1.1 Service Description of this endpoint (Turtle unless another RDF format is asked)."""
        import pyoxigraph as ox

        graphs = self.runner.graphs()
        esc = url.replace(">", "%3E").replace("<", "%3C").replace(" ", "%20")
        named = "".join(f"\n        sd:namedGraph [ sd:name <{g}> ] ;" for g in graphs)
        features = "sd:UnionDefaultGraph" + (", sd:BasicFederatedQuery" if self.allow_service else "")
        ttl = f"""@prefix sd: <http://www.w3.org/ns/sparql-service-description#> .
@prefix formats: <http://www.w3.org/ns/formats/> .
@prefix dcterms: <http://purl.org/dc/terms/> .

<{esc}> a sd:Service ;
    dcterms:title "policykg 政策图谱 SPARQL endpoint (read-only)" ;
    sd:endpoint <{esc}> ;
    sd:supportedLanguage sd:SPARQL11Query ;
    sd:feature {features} ;
    sd:resultFormat formats:SPARQL_Results_JSON, formats:SPARQL_Results_XML, formats:SPARQL_Results_CSV,
        formats:SPARQL_Results_TSV, formats:Turtle, formats:N-Triples, formats:JSON-LD, formats:RDF_XML ;
    sd:defaultDataset [ a sd:Dataset ;
        sd:defaultGraph [ a sd:Graph ] ;{named}
    ] .
"""
        try:
            _, graph_fmt = negotiate(accept, fmt)
        except ValueError as e:
            return Reply.error(400, str(e))
        graph_fmt = graph_fmt or "turtle"
        if graph_fmt == "turtle":
            return Reply(200, _content_type(GRAPH_FORMATS["turtle"]), ttl.encode("utf-8"))
        triples = [ox.Triple(t.subject, t.predicate, t.object) for t in ox.parse(ttl, format=ox.RdfFormat.TURTLE)]
        return render(_Triples(triples), None, graph_fmt)

    def close(self) -> None:
        self.runner.close()


class _Triples(list):
    """A list of triples that :func:`render` treats as a CONSTRUCT result."""


class Handler(BaseHTTPRequestHandler):
    """SPARQL 1.1 Protocol over HTTP (the server's ``endpoint`` attribute does the work)."""

    protocol_version = "HTTP/1.1"
    server_version = "policykg-sparql/0.1"
    # headers and body go out in separate writes; with Nagle's algorithm on, a keep-alive client's
    # delayed ACK holds the body back ~40 ms per answer
    disable_nagle_algorithm = True
    paths = ("/sparql", "/")

    @property
    def endpoint(self) -> Endpoint:
        return self.server.endpoint  # type: ignore[attr-defined]

    def setup(self) -> None:
        # a read timeout: a client that sends less than it announced (or nothing) frees its thread
        self.timeout = self.server.endpoint.read_timeout  # type: ignore[attr-defined]
        super().setup()

    # -- plumbing
    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - stdlib signature
        if self.endpoint.log:
            sys.stderr.write(f"{self.address_string()} - {format % args}\n")

    def _send(self, reply: Reply, head_only: bool = False) -> None:
        self.send_response(reply.status)
        self.send_header("Content-Type", reply.content_type)
        self.send_header("Content-Length", str(len(reply.body)))
        self.send_header("Vary", "Accept")
        self.send_header("Cache-Control", "no-store")
        self._cors()
        for k, v in reply.headers.items():
            self.send_header(k, v)
        self.end_headers()
        if not head_only:
            self.wfile.write(reply.body)

    def _cors(self) -> None:
        origin = self.endpoint.cors_origin(self.headers.get("Origin"))
        if origin is None:  # CORS is off unless the operator allows this origin (--cors-origin)
            return
        self.send_header("Access-Control-Allow-Origin", origin)
        if origin != "*":
            self.send_header("Vary", "Origin")
        self.send_header("Access-Control-Allow-Methods", "GET, POST, OPTIONS")
        self.send_header("Access-Control-Allow-Headers", "Content-Type, Accept, Authorization")
        self.send_header("Access-Control-Expose-Headers", "X-Result-Truncated, Content-Type")
        self.send_header("Access-Control-Max-Age", "86400")

    def _path_ok(self) -> bool:
        path = urlsplit(self.path).path.rstrip("/") or "/"
        if path in self.paths:
            return True
        self._send(Reply.error(404, f"no such resource {path}; the SPARQL endpoint is /sparql"))
        return False

    def _url(self) -> str:
        host = self.headers.get("Host") or "%s:%s" % self.server.server_address[:2]
        return f"http://{host}{urlsplit(self.path).path}"

    # -- methods
    def do_OPTIONS(self) -> None:  # noqa: N802 - stdlib naming
        self.send_response(204)
        self._cors()
        self.send_header("Content-Length", "0")
        self.end_headers()

    def do_GET(self) -> None:  # noqa: N802
        if not self._path_ok():
            return
        params = parse_qs(urlsplit(self.path).query, keep_blank_values=True)
        self._answer(params, None)

    def do_HEAD(self) -> None:  # noqa: N802
        if not self._path_ok():
            return
        reply = self.endpoint.service_description(self._url(), self.headers.get("Accept"), None)
        self._send(reply, head_only=True)

    def _chunked(self) -> bytes | None:
        """A ``Transfer-Encoding: chunked`` body (None when it is malformed or too large)."""
        parts, total = [], 0
        while True:
            line = self.rfile.readline(1024)
            try:
                size = int(line.split(b";")[0].strip(), 16)
            except ValueError:
                return None
            if size < 0 or total + size > MAX_BODY:
                return None
            if size == 0:
                while self.rfile.readline(1024).strip():  # trailer fields, up to the empty line
                    pass
                return b"".join(parts)
            chunk = self.rfile.read(size)
            if len(chunk) < size:
                return None
            parts.append(chunk)
            total += size
            self.rfile.readline(8)  # the CRLF after the chunk

    def _body(self) -> bytes | None:
        """The request body, read with the read timeout (None: an error reply was sent)."""
        if "chunked" in (self.headers.get("Transfer-Encoding") or "").lower():
            body = self._chunked()
            if body is None:
                self.close_connection = True
                self._send(Reply.error(400, f"malformed chunked body, or larger than {MAX_BODY} bytes"))
            return body
        try:
            length = int(self.headers.get("Content-Length") or 0)
        except ValueError:
            length = -1
        if length < 0 or length > MAX_BODY:
            self.close_connection = True
            self._send(Reply.error(413, f"request body too large or without a length (limit {MAX_BODY} bytes)"))
            return None
        body = self.rfile.read(length) if length else b""
        if len(body) < length:  # the client closed early
            self.close_connection = True
            return None
        return body

    def do_POST(self) -> None:  # noqa: N802
        if not self._path_ok():
            return
        try:
            body = self._body()
        except TimeoutError:
            self.close_connection = True
            self._send(Reply.error(408, f"the request body did not arrive within {self.endpoint.read_timeout:g} s "
                                        "(shorter than its Content-Length?)"))
            return
        if body is None:
            return
        ctype = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        params = parse_qs(urlsplit(self.path).query, keep_blank_values=True)
        if ctype == "application/sparql-update":
            self._send(Reply.error(403, "this endpoint is read-only: SPARQL updates are refused "
                                        "(change the store with kg build / kg rm)"))
            return
        if ctype == "application/x-www-form-urlencoded":
            try:
                form = parse_qs(body.decode("utf-8"), keep_blank_values=True)
            except UnicodeDecodeError:
                self._send(Reply.error(400, "the form is not UTF-8"))
                return
            for k, v in form.items():
                params.setdefault(k, []).extend(v)
            self._answer(params, None)
        elif ctype == "application/sparql-query":
            try:
                self._answer(params, body.decode("utf-8"))
            except UnicodeDecodeError:
                self._send(Reply.error(400, "the query is not UTF-8"))
        else:
            self._send(Reply.error(415, f"unsupported Content-Type {ctype or '(none)'}; POST a form "
                                        "(application/x-www-form-urlencoded) or application/sparql-query"))

    def _answer(self, params: dict[str, list[str]], direct: str | None) -> None:
        fmt = (params.get("format") or params.get("output") or [None])[0]
        accept = self.headers.get("Accept")
        if "update" in params:
            self._send(Reply.error(403, "this endpoint is read-only: SPARQL updates are refused "
                                        "(change the store with kg build / kg rm)"))
            return
        queries = params.get("query", [])
        if direct is not None:
            queries = [direct]
        if len(queries) > 1:
            self._send(Reply.error(400, "give exactly one query parameter"))
            return
        if params.get("default-graph-uri") or params.get("named-graph-uri"):
            self._send(Reply.error(400, "default-graph-uri / named-graph-uri are not supported here: every query "
                                        "sees the union of the document graphs; use GRAPH ?g { … } in the query"))
            return
        if not queries or not queries[0].strip():
            self._send(self.endpoint.service_description(self._url(), accept, fmt))
            return
        sparql = queries[0]
        if is_update(sparql):
            self._send(Reply.error(403, "this endpoint is read-only: the text is a SPARQL update, which is refused"))
            return
        self._send(self.endpoint.query(sparql, accept, fmt, client=self.client_address[0]))


class SparqlServer(ThreadingHTTPServer):
    """A threading HTTP server carrying an :class:`Endpoint`."""

    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 64

    def __init__(self, address: tuple[str, int], endpoint: Endpoint):
        self.endpoint = endpoint
        super().__init__(address, Handler)

    @property
    def url(self) -> str:
        host, port = self.server_address[:2]
        shown = f"[{host}]" if ":" in str(host) else host
        return f"http://{shown}:{port}/sparql"

    def server_close(self) -> None:
        super().server_close()
        self.endpoint.close()


def make_server(store: Store | str | Path, *, host: str = "127.0.0.1", port: int = DEFAULT_PORT,
                timeout: float = DEFAULT_TIMEOUT, max_rows: int | None = DEFAULT_MAX_ROWS,
                workers: int | None = None, log: bool = True, allow_service: bool = False,
                cors_origins: tuple[str, ...] | list[str] = (), per_client: int | None = None,
                read_timeout: float = DEFAULT_READ_TIMEOUT) -> SparqlServer:
    """Make (not start) the endpoint server; ``port=0`` takes a free port (see ``server.url``).

    Examples
    --------
    >>> from kg.store import LocalStore
    >>> srv = make_server(LocalStore(), port=0, log=False)
    >>> srv.url.startswith("http://127.0.0.1:")
    True
    >>> srv.server_close()
    """
    endpoint = Endpoint(store, timeout=timeout, max_rows=max_rows, workers=workers, log=log,
                        allow_service=allow_service, cors_origins=cors_origins, per_client=per_client,
                        read_timeout=read_timeout)
    try:
        if ":" in host:
            class _V6(SparqlServer):
                address_family = __import__("socket").AF_INET6
            return _V6((host, port), endpoint)
        return SparqlServer((host, port), endpoint)
    except OSError:
        endpoint.close()
        raise


def is_loopback(host: str) -> bool:
    """True for addresses only this machine can reach."""
    return host in ("localhost", "::1") or host.startswith("127.")
