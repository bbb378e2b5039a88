"""A store on any SPARQL 1.1 server (Virtuoso, Fuseki, GraphDB, Oxigraph server …) over HTTP.

``open_store("http://HOST:PORT/sparql", update_url=…, user=…, password=…)`` gives a
:class:`RemoteStore`: the same interface and the same answers as the embedded store. Each document
is one named graph, and queries must see the union of the graphs as their default graph:

- ``dataset="server"`` (the default): queries are sent as written and the server's default graph
  must be the union of its named graphs. That is how Virtuoso and GraphDB/RDF4J answer out of the
  box; Fuseki needs ``tdb2:unionDefaultGraph true``, Oxigraph server ``--union-default-graph``.
  On Virtuoso the union also holds its small system graph (``virtrdf:``), which the named queries
  never match, but a bare ``?s ?p ?o`` count includes it.
- ``dataset="graphs"`` (or ``$POLICYKG_REMOTE_DATASET=graphs``): every policykg graph is passed as
  ``default-graph-uri``/``named-graph-uri`` (SPARQL 1.1 Protocol), for servers whose default graph
  cannot be made the union. Fine for tens of documents; Virtuoso gets slow with hundreds.

A query with its own ``FROM`` clauses is always sent as written.

Writes and what is guaranteed
-----------------------------
- The N-Triples of a document are parsed here first: a malformed document never reaches the server.
- Standard path: one SPARQL Update request ``DROP SILENT GRAPH <g> ; INSERT DATA { GRAPH <g> {…} }``.
  On a transactional server (Fuseki/TDB2, GraphDB, Oxigraph, Stardog) that request is one
  transaction: the document is replaced whole or not at all.
- Virtuoso (recognised by its ``Server`` header) refuses an INSERT DATA of more than about a thousand
  triples ("generated SQL text has exceeded 10000 lines") and runs HTTP updates in autocommit mode
  (a failing request keeps what it wrote before the failure). So a bigger document is loaded into a
  fresh staging graph (Graph Store Protocol PUT to ``/sparql-graph-crud``, or INSERT DATA chunks of
  ``chunk_triples``), its triple count is checked, and it is moved into place with ONE
  ``MOVE`` operation. A failure while loading leaves the previous version of the document as it was
  (the staging graph is dropped); readers never see a half-loaded document except, on Virtuoso, during
  the MOVE itself. Re-importing a document always replaces it, so a failed import is repaired by
  running it again.
- A write the server aborts as a deadlock (SQLSTATE 40001, Virtuoso SR172; it rolled it back) is
  retried a few times.
- Credentials: ``user``/``password`` (or ``http://user:pw@host/…``) are offered for HTTP Basic and
  Digest authentication (Virtuoso's ``/sparql-auth`` uses Digest).
"""
from __future__ import annotations

import os
import re
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from dataclasses import dataclass
from typing import Any, Iterable

from kg.errors import QueryError, StoreError
from ontology import NS, PREFIXES
from kg.store import FORMATS, check_service, IRI, QUAD_FORMATS, Store, check_format, py_value, strip_comments, bind_values, \
    is_update, term_sparql

__all__ = ["RemoteStore", "derive_update_url", "GRAPH_PREFIX", "STAGING_PREFIX"]

DATASET_ENV = "POLICYKG_REMOTE_DATASET"
#: graphs of policykg (documents and the ontology) start with this; others on the server are ignored
GRAPH_PREFIX = "https://policykg.org/graph/"
#: staging graphs of an import in progress (never part of the answers)
STAGING_PREFIX = "https://policykg.org/staging/"

OWL = "http://www.w3.org/2002/07/owl#"
RESULTS_JSON = "application/sparql-results+json"
GRAPH_ACCEPT = "application/n-triples, text/turtle;q=0.9, application/rdf+xml;q=0.5"
_FORM = re.compile(r"^\s*(?:(?:PREFIX\s+[^\s:]*:\s*<[^>]*>|BASE\s+<[^>]*>)\s*)*"
                   r"(SELECT|ASK|CONSTRUCT|DESCRIBE)\b", re.IGNORECASE)
_FROM = re.compile(r"\bFROM\s+(?:NAMED\s+)?(?:<[^>]*>|[A-Za-z_][\w.-]*:)", re.IGNORECASE)
# (path pattern, replacement) giving a server's update endpoint from its query endpoint: rules as data
UPDATE_URL_RULES = [
    (re.compile(r"/query/?$"), "/update"),                                  # Fuseki, Oxigraph server
    (re.compile(r"(/repositories/[^/]+)/?$"), r"\1/statements"),           # GraphDB, RDF4J
]
# Virtuoso's Graph Store Protocol endpoints, by the SPARQL endpoint they sit beside
VIRTUOSO_GSP = [(re.compile(r"/sparql-auth/?$"), "/sparql-graph-crud-auth"),
                (re.compile(r"/sparql/?$"), "/sparql-graph-crud")]


def derive_update_url(query_url: str) -> str:
    """The update endpoint of a server from its query endpoint (the same URL unless a rule says otherwise).

    >>> derive_update_url("http://localhost:3030/ds/query"), derive_update_url("http://h:7200/repositories/kg")
    ('http://localhost:3030/ds/update', 'http://h:7200/repositories/kg/statements')
    >>> derive_update_url("http://localhost:8890/sparql")
    'http://localhost:8890/sparql'
    """
    parts = urllib.parse.urlsplit(query_url)
    for pattern, repl in UPDATE_URL_RULES:
        if pattern.search(parts.path):
            return urllib.parse.urlunsplit(parts._replace(path=pattern.sub(repl, parts.path)))
    return query_url


@dataclass
class _Response:
    status: int
    headers: Any
    body: bytes

    @property
    def content_type(self) -> str:
        return (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()


def _server_message(body: bytes) -> str:
    """The useful part of a server's error page, on one line."""
    text = body.decode("utf-8", errors="replace")
    text = text.split("\n\nSPARQL query:")[0]  # Virtuoso appends the query text
    text = re.sub(r"<[^>]+>", " ", text)
    text = re.sub(r"\s+", " ", text).strip()
    return text[:400] or "(no message)"


class RemoteStore(Store):
    """A store on a SPARQL 1.1 Query/Update server (see the module docstring for write semantics).

    Parameters
    ----------
    endpoint : str
        The SPARQL query endpoint (``http://host:8890/sparql``); ``user:password@`` in it is taken
        as credentials.
    update_url : str, optional
        The SPARQL Update endpoint; default derived by :func:`derive_update_url`.
    user, password : str, optional
        Credentials (Basic or Digest, as the server asks).
    read_only : bool
        Refuse writes.
    timeout : float
        Seconds to wait for the server per request.
    gsp_url : str, optional
        A Graph Store Protocol endpoint used to load big documents; found by itself on Virtuoso.
    gsp : bool
        Use the Graph Store Protocol for big documents (else INSERT DATA chunks).
    chunk_triples : int
        Triples per INSERT DATA when a document must be loaded in parts.
    dataset : {"server", "graphs"}, optional
        How queries see the union of the graphs (module docstring); default
        ``$POLICYKG_REMOTE_DATASET`` or ``"server"``.
    """

    def __init__(self, endpoint: str, *, update_url: str | None = None, user: str | None = None,
                 password: str | None = None, read_only: bool = False, timeout: float = 120.0,
                 gsp_url: str | None = None, gsp: bool = True, chunk_triples: int = 500,
                 dataset: str | None = None):
        parts = urllib.parse.urlsplit(endpoint)
        if parts.username and user is None:
            user = urllib.parse.unquote(parts.username)
            password = urllib.parse.unquote(parts.password or "") if password is None else password
        if parts.username:  # keep credentials out of the URL (and of messages)
            netloc = parts.hostname + (f":{parts.port}" if parts.port else "")
            endpoint = urllib.parse.urlunsplit(parts._replace(netloc=netloc))
        self.location = endpoint
        self.query_url = endpoint
        self.update_url = update_url or derive_update_url(endpoint)
        self.read_only = read_only
        self.timeout = timeout
        self.chunk_triples = max(1, chunk_triples)
        self.dataset = (dataset or os.environ.get(DATASET_ENV) or "server").lower()
        if self.dataset not in ("server", "graphs"):
            raise StoreError(f"unknown dataset mode {self.dataset!r} (${DATASET_ENV}); use server or graphs",
                             code="E327")
        self._gsp_url = gsp_url
        self._use_gsp = gsp
        self._server: str | None = None
        self._graphs_cache: tuple[float, list[str]] | None = None
        self.graphs_ttl = 2.0
        handlers: list[Any] = []
        if user is not None:
            mgr = urllib.request.HTTPPasswordMgrWithDefaultRealm()
            for url in {self.query_url, self.update_url, gsp_url or self.update_url}:
                p = urllib.parse.urlsplit(url)
                mgr.add_password(None, f"{p.scheme}://{p.netloc}/", user, password or "")  # every path there
            handlers += [urllib.request.HTTPBasicAuthHandler(mgr), urllib.request.HTTPDigestAuthHandler(mgr)]
        self._opener = urllib.request.build_opener(*handlers)

    def __repr__(self) -> str:
        return f"RemoteStore({self.query_url!r})"

    # ------------------------------------------------------------------ HTTP
    def _request(self, url: str, data: bytes | None, headers: dict[str, str], method: str = "POST",
                 what: str = "query") -> _Response:
        req = urllib.request.Request(url, data=data, method=method, headers=headers)
        try:
            with self._opener.open(req, timeout=self.timeout) as r:
                resp = _Response(r.status, r.headers, r.read())
        except urllib.error.HTTPError as e:
            body = e.read() if e.fp is not None else b""
            self._note_server(e.headers)
            msg = _server_message(body)
            if e.code in (401, 403):
                raise StoreError(f"the SPARQL server at {url} refused the {what} (HTTP {e.code}): {msg}; "
                                 f"give --user/--password, or let the endpoint's user update "
                                 f"(Virtuoso: GRANT SPARQL_UPDATE TO \"SPARQL\")", code="E322") from None
            if e.code == 404:
                raise StoreError(f"no SPARQL endpoint at {url} (HTTP 404); check --store / --update-url",
                                 code="E321") from None
            if e.code == 400 and what == "query":
                raise QueryError(f"the SPARQL server rejected the query: {msg}", code="E406") from None
            if what == "query":
                raise QueryError(f"the SPARQL server failed on the query (HTTP {e.code}): {msg}",
                                 code="E407") from None
            raise StoreError(f"the SPARQL server failed on the {what} (HTTP {e.code}): {msg}", code="E323") from None
        except urllib.error.URLError as e:
            raise StoreError(f"cannot reach the SPARQL server at {url} ({e.reason}); is it running?",
                             code="E321") from None
        except ValueError as e:  # urllib: an auth scheme we were given no credentials for
            raise StoreError(f"the SPARQL server at {url} asks for authentication ({e}); give --user/--password",
                             code="E322") from None
        except TimeoutError:
            raise StoreError(f"the SPARQL server at {url} did not answer within {self.timeout:g} s",
                             code="E324") from None
        except OSError as e:
            raise StoreError(f"talking to the SPARQL server at {url} failed ({e})", code="E321") from None
        self._note_server(resp.headers)
        return resp

    def _note_server(self, headers) -> None:
        if self._server is None and headers is not None:
            self._server = headers.get("Server") or ""

    @property
    def is_virtuoso(self) -> bool:
        """True when the server says it is Virtuoso (asks it once)."""
        if self._server is None:
            try:
                self._request(self.query_url, urllib.parse.urlencode({"query": "ASK {}"}).encode(),
                              {"Content-Type": "application/x-www-form-urlencoded", "Accept": RESULTS_JSON})
            except (StoreError, QueryError):
                self._server = ""
        return "virtuoso" in (self._server or "").lower()

    def _form(self, url: str, fields: list[tuple[str, str]], accept: str, what: str) -> _Response:
        return self._request(url, urllib.parse.urlencode(fields).encode("utf-8"),
                             {"Content-Type": "application/x-www-form-urlencoded; charset=UTF-8",
                              "Accept": accept}, what=what)

    def _update(self, sparql: str) -> None:
        self._writable()
        self._retrying(lambda: self._form(self.update_url, [("update", sparql)], "*/*", "update"))

    @staticmethod
    def _retrying(call, attempts: int = 6):
        """Run a write, again after a deadlock (SQLSTATE 40001: the server rolled it back)."""
        for i in range(attempts):
            try:
                return call()
            except StoreError as e:
                if i == attempts - 1 or not _DEADLOCK.search(str(e)):
                    raise
                time.sleep(0.05 * 2 ** i)

    def _writable(self) -> None:
        if self.read_only:
            raise StoreError(f"the store {self.location} is open read-only; writing needs a read-write store",
                             code="E304")

    # ------------------------------------------------------------------ queries
    def _dataset(self, sparql: str) -> list[tuple[str, str]]:
        if self.dataset == "server" or _FROM.search(strip_comments(sparql)):
            return []
        graphs = self._our_graphs()
        if not graphs:  # an empty dataset: make sure the server's own graphs do not answer
            graphs = [GRAPH_PREFIX + "none"]
        return [("default-graph-uri", g) for g in graphs] + [("named-graph-uri", g) for g in graphs]

    def _send_query(self, sparql: str, accept: str) -> _Response:
        if is_update(sparql):
            raise QueryError("SPARQL updates are refused here: queries are read-only "
                             "(use kg build / kg rm to change the store)", code="E405")
        resp = self._form(self.query_url, [("query", sparql)] + self._dataset(sparql), accept, "query")
        cap = resp.headers.get("X-SPARQL-MaxRows")
        if cap:
            raise QueryError(f"the SPARQL server cut the answer at {cap} rows (Virtuoso's ResultSetMaxRows); "
                             f"raise ResultSetMaxRows in virtuoso.ini [SPARQL] or narrow the query", code="E409")
        return resp

    def raw_query(self, sparql: str):
        """Run a query; pyoxigraph results like the embedded store's (a list of Triples for CONSTRUCT)."""
        import pyoxigraph as ox

        check_service(sparql, self.allow_service)  # the server would fetch from wherever the query says
        m = _FORM.match(strip_comments(sparql))
        form = m.group(1).upper() if m else "SELECT"
        if form in ("CONSTRUCT", "DESCRIBE"):
            return self._triples(self._send_query(sparql, GRAPH_ACCEPT))
        resp = self._send_query(sparql, RESULTS_JSON + ", application/sparql-results+xml;q=0.8")
        fmt = ox.QueryResultsFormat.XML if "xml" in resp.content_type else ox.QueryResultsFormat.JSON
        try:
            return ox.parse_query_results(resp.body, format=fmt)
        except (SyntaxError, ValueError) as e:
            raise QueryError(f"the SPARQL server's answer is not valid SPARQL results ({e})", code="E407") from None

    def _triples(self, resp: _Response) -> list:
        import pyoxigraph as ox

        try:
            fmt = ox.RdfFormat.from_media_type(resp.content_type) or ox.RdfFormat.TURTLE
        except ValueError:
            fmt = ox.RdfFormat.TURTLE
        try:
            return [ox.Triple(q.subject, q.predicate, _canonical(q.object)) for q in ox.parse(resp.body, format=fmt)]
        except (SyntaxError, ValueError) as e:
            raise QueryError(f"the SPARQL server's graph answer is not valid {fmt} ({e})", code="E407") from None

    def select(self, sparql: str, bindings: dict[str, object] | None = None) -> list[dict[str, object]]:
        import pyoxigraph as ox

        res = self.raw_query(bind_values(sparql, bindings))
        if not isinstance(res, ox.QuerySolutions):
            raise QueryError("expected a SELECT query", code="E408")
        names = [v.value for v in res.variables]
        return [{n: py_value(sol[n]) for n in names} for sol in res]

    def ask(self, sparql: str, bindings: dict[str, object] | None = None) -> bool:
        import pyoxigraph as ox

        res = self.raw_query(bind_values(sparql, bindings))
        if not isinstance(res, ox.QueryBoolean):
            raise QueryError("expected an ASK query", code="E408")
        return bool(res)

    def construct(self, sparql: str, bindings: dict[str, object] | None = None) -> str:
        import pyoxigraph as ox

        res = self.raw_query(bind_values(sparql, bindings))
        if not isinstance(res, list):
            raise QueryError("expected a CONSTRUCT or DESCRIBE query", code="E408")
        return ox.serialize(res, format=ox.RdfFormat.N_TRIPLES).decode("utf-8")

    # ------------------------------------------------------------------ graphs
    def _all_graphs(self) -> set[str]:
        """Named graphs on the server: those it lists, and those holding a document or the ontology.

        ``GRAPH ?g {}`` is the standard way and cheap on most servers, but Virtuoso answers it with
        nothing, and ``GRAPH ?g { ?s ?p ?o }`` takes minutes there on a million triples; a
        document graph always types its document, so the second query finds them through an index.
        """
        import pyoxigraph as ox

        out: set[str] = set()
        for q in ("SELECT DISTINCT ?g WHERE { GRAPH ?g { } }",
                  f"SELECT DISTINCT ?g WHERE {{ GRAPH ?g {{ ?x a ?t }} VALUES ?t {{ <{NS}Document> <{OWL}Ontology> }} }}"):
            resp = self._form(self.query_url, [("query", q)], RESULTS_JSON, "query")
            out.update(s["g"].value for s in ox.parse_query_results(resp.body, format=ox.QueryResultsFormat.JSON)
                       if isinstance(s["g"], ox.NamedNode))
        return out

    def _our_graphs(self) -> list[str]:
        now = time.monotonic()
        if self._graphs_cache is None or now - self._graphs_cache[0] > self.graphs_ttl:
            graphs = sorted(g for g in self._all_graphs() if g.startswith(GRAPH_PREFIX))
            self._graphs_cache = (now, graphs)
        return list(self._graphs_cache[1])

    def graphs(self) -> list[str]:
        """IRIs of the policykg graphs on the server (documents and ontology), sorted."""
        self._graphs_cache = None
        return self._our_graphs()

    def __len__(self) -> int:
        """Quads in the policykg graphs."""
        return sum(self._count(g) for g in self.graphs())

    # ------------------------------------------------------------------ writes
    def _parse_payload(self, graph_iri: str, ntriples: str) -> list:
        import pyoxigraph as ox

        try:
            return list({ox.Triple(q.subject, q.predicate, q.object)
                         for q in ox.parse(ntriples, format=ox.RdfFormat.N_TRIPLES)})
        except SyntaxError as e:
            raise StoreError(f"the triples for {graph_iri} are not valid N-Triples ({e}); nothing was written",
                             code="E305") from None

    def _single_limit(self) -> int:
        """Most triples sent in one INSERT DATA."""
        return self.chunk_triples if self.is_virtuoso else 10 ** 9

    def replace_graph(self, graph_iri: str, ntriples: str) -> None:
        """Replace one named graph: one update request, or staged and moved on servers that need it."""
        self._writable()
        term_sparql(IRI(graph_iri))
        triples = self._parse_payload(graph_iri, ntriples)
        self._graphs_cache = None
        if len(triples) <= self._single_limit() or (self._gsp() is None and self._has_bnodes(triples)):
            self._update(f"DROP SILENT GRAPH <{graph_iri}> ;\n"
                         f"INSERT DATA {{ GRAPH <{graph_iri}> {{\n{_nt(triples)}\n}} }}")
            return
        stage = f"{STAGING_PREFIX}{uuid.uuid4().hex}"
        try:
            self._load(stage, triples)
            got = self._count(stage)
            if got != len(triples):
                raise StoreError(f"the server holds {got} of the {len(triples)} triples sent for {graph_iri}",
                                 code="E325")
            self._update(f"MOVE SILENT GRAPH <{stage}> TO GRAPH <{graph_iri}>")
        except (StoreError, QueryError) as e:
            try:
                self._update(f"DROP SILENT GRAPH <{stage}>")
            except (StoreError, QueryError):
                pass
            raise StoreError(f"importing {graph_iri} failed ({e}); its previous version is unchanged, "
                             f"run the import again", code="E326") from None

    @staticmethod
    def _has_bnodes(triples: list) -> bool:
        import pyoxigraph as ox

        return any(isinstance(t.subject, ox.BlankNode) or isinstance(t.object, ox.BlankNode) for t in triples)

    def _gsp(self) -> str | None:
        if not self._use_gsp:
            return None
        if self._gsp_url:
            return self._gsp_url
        if self.is_virtuoso:
            parts = urllib.parse.urlsplit(self.update_url)
            for pattern, repl in VIRTUOSO_GSP:
                if pattern.search(parts.path):
                    return urllib.parse.urlunsplit(parts._replace(path=pattern.sub(repl, parts.path), query=""))
        return None

    def _load(self, graph: str, triples: list) -> None:
        """Write triples into an empty graph: one Graph Store PUT, or INSERT DATA chunks."""
        gsp = self._gsp()
        if gsp:
            sep = "&" if "?" in gsp else "?"
            key = "graph-uri" if self.is_virtuoso and not self._gsp_url else "graph"
            url = f"{gsp}{sep}{urllib.parse.urlencode({key: graph})}"
            self._writable()
            body = _nt(triples).encode("utf-8")
            self._retrying(lambda: self._request(url, body, {"Content-Type": "application/n-triples"},
                                                 method="PUT", what="graph upload"))
            return
        for i in range(0, len(triples), self.chunk_triples):
            self._update(f"INSERT DATA {{ GRAPH <{graph}> {{\n{_nt(triples[i:i + self.chunk_triples])}\n}} }}")

    def _count(self, graph: str) -> int:
        import pyoxigraph as ox

        resp = self._form(self.query_url, [("query", f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> "
                                                     f"{{ ?s ?p ?o }} }}")], RESULTS_JSON, "query")
        rows = list(ox.parse_query_results(resp.body, format=ox.QueryResultsFormat.JSON))
        return int(rows[0]["n"].value) if rows else 0

    def drop_graph(self, graph_iri: str) -> None:
        self._writable()
        term_sparql(IRI(graph_iri))
        self._graphs_cache = None
        self._update(f"DROP SILENT GRAPH <{graph_iri}>")

    # ------------------------------------------------------------------ export
    def _graph_triples(self, graph_iri: str, page: int = 10000) -> list:
        """Every triple of one graph, in pages below the usual server row caps."""
        import pyoxigraph as ox

        out, offset = [], 0
        while True:
            q = (f"SELECT ?s ?p ?o WHERE {{ GRAPH <{graph_iri}> {{ ?s ?p ?o }} }} "
                 f"ORDER BY ?s ?p ?o LIMIT {page} OFFSET {offset}")
            resp = self._form(self.query_url, [("query", q)], RESULTS_JSON, "query")
            rows = list(ox.parse_query_results(resp.body, format=ox.QueryResultsFormat.JSON))
            out.extend(ox.Triple(r["s"], r["p"], _canonical(r["o"])) for r in rows)
            if len(rows) < page:
                return out
            offset += page

    def dump(self, fmt: str, graph_iri: str | None = None) -> bytes:
        """Serialize the policykg graphs (or one) as ttl, trig, nt, nq or jsonld (like the embedded store)."""
        import pyoxigraph as ox

        check_format(fmt)
        rdf_format = getattr(ox.RdfFormat, FORMATS[fmt])
        kwargs: dict[str, Any] = {"format": rdf_format}
        if fmt in ("ttl", "trig"):
            kwargs["prefixes"] = PREFIXES
        graphs = [graph_iri] if graph_iri is not None else self.graphs()
        try:
            if fmt in QUAD_FORMATS:
                quads = [ox.Quad(t.subject, t.predicate, t.object, ox.NamedNode(g))
                         for g in graphs for t in self._graph_triples(g)]
                return ox.serialize(quads, **kwargs)
            triples = {t for g in graphs for t in self._graph_triples(g)}
            return ox.serialize(sorted(triples, key=str), **kwargs)
        except ValueError as e:
            raise StoreError(f"dump as {fmt} failed: {e}", code="E311") from None


_BOOLEAN = "http://www.w3.org/2001/XMLSchema#boolean"
_DEADLOCK = re.compile(r"\b40001\b|SR172|deadlock", re.IGNORECASE)


def _canonical(term):
    """A literal in canonical form (Virtuoso gives booleans back as "0"/"1")."""
    import pyoxigraph as ox

    if isinstance(term, ox.Literal) and term.datatype.value == _BOOLEAN and term.value in ("0", "1"):
        return ox.Literal("true" if term.value == "1" else "false", datatype=term.datatype)
    return term


def _nt(triples: Iterable) -> str:
    return "".join(f"{t.subject} {t.predicate} {t.object} .\n" for t in triples)
