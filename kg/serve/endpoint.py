"""The endpoint behind the HTTP handler: limits, per-client fairness, the runner and the service description."""
from __future__ import annotations

import os
import threading
from pathlib import Path

from kg.errors import QueryError
from kg.serve.negotiation import GRAPH_FORMATS, content_type, negotiate
from kg.serve.results import Reply, render
from kg.serve.workers import QUEUE_WAIT, Job, ProcessRunner, ThreadRunner
from kg.store import SERVICE_REFUSED, Store, uses_service

__all__ = ["Endpoint", "DEFAULT_TIMEOUT", "DEFAULT_MAX_ROWS", "DEFAULT_READ_TIMEOUT"]

DEFAULT_TIMEOUT = 30.0
DEFAULT_MAX_ROWS = 10000
DEFAULT_READ_TIMEOUT = 10.0

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
        # queries are CPU-bound but wait on the store's reads too: 4 workers a CPU (at most 8) keep the cores
        # busy under several clients (measured in bench/serve.py against Oxigraph's own server)
        n = workers or min(8, 4 * (os.cpu_count() or 1))
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
            return Reply(200, content_type(GRAPH_FORMATS["turtle"]), ttl.encode("utf-8"))
        triples = [ox.Triple(t.subject, t.predicate, t.object) for t in ox.parse(ttl, format=ox.RdfFormat.TURTLE)]
        return render(triples, None, graph_fmt)

    def close(self) -> None:
        self.runner.close()
