"""SPARQL 1.1 Protocol over HTTP: the request handler and the threading server (keep-alive, HTTP/1.1)."""
from __future__ import annotations

import socket
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

from kg.serve.endpoint import DEFAULT_MAX_ROWS, DEFAULT_READ_TIMEOUT, DEFAULT_TIMEOUT, Endpoint
from kg.serve.results import Reply
from kg.store import Store, is_update

__all__ = ["Handler", "SparqlServer", "make_server", "is_loopback", "DEFAULT_PORT", "MAX_BODY"]

DEFAULT_PORT = 7878
MAX_BODY = 16 * 1024 * 1024

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
    >>> from kg.local import LocalStore
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
                address_family = socket.AF_INET6
            return _V6((host, port), endpoint)
        return SparqlServer((host, port), endpoint)
    except OSError:
        endpoint.close()
        raise


def is_loopback(host: str) -> bool:
    """True for addresses only this machine can reach."""
    return host in ("localhost", "::1") or host.startswith("127.")
