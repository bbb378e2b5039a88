"""A read-only SPARQL 1.1 Protocol endpoint over a store (``kg serve``).

GET and POST (form-encoded, or a direct ``application/sparql-query`` body); SELECT/ASK answered
as SPARQL JSON, XML, CSV or TSV; CONSTRUCT/DESCRIBE as Turtle, N-Triples, JSON-LD or RDF/XML,
chosen by the ``Accept`` header or a ``format`` (or ``output``) parameter; a SPARQL 1.1 Service
Description (Turtle) at the endpoint URL when no query is given; CORS headers and OPTIONS
preflight for the web origins the operator allows (``cors_origins``; none by default).

One job per module:

- :mod:`kg.serve.negotiation`: which format a request asks for (python-mimeparse on ``Accept``);
- :mod:`kg.serve.results`: writing results with pyoxigraph's own serialisers, capped at ``max_rows``;
- :mod:`kg.serve.workers`: running user SPARQL in worker processes that keep the store open
  (a crash or a runaway query costs one error line; timeouts kill the worker);
- :mod:`kg.serve.endpoint`: limits, per-client fairness and the service description;
- :mod:`kg.serve.http`: the HTTP/1.1 keep-alive handler and the threading server.

Refused and bounded
-------------------
- Updates (an ``update`` parameter, an ``application/sparql-update`` body, or query text that is
  an update) get 403; a malformed query 400 with the parser's message.
- ``SERVICE`` (federated query) gets 400 unless the operator passes ``allow_service``.
- A query that crashes its worker process is a one-line 500; the worker is replaced.
- Each client (IP address) runs at most ``per_client`` queries at once; the others wait in line.
- A request body is read with a timeout (``read_timeout``) and may be sent chunked.
- Each query has a deadline (``timeout``): 503 at the deadline, its worker killed and replaced.
- At most ``max_rows`` rows (or triples) are returned; a cut result carries the header
  ``X-Result-Truncated: max-rows=N``.

Queries see the union of all named graphs as their default graph (as everywhere in policykg).
"""
from __future__ import annotations

from kg.serve.endpoint import DEFAULT_MAX_ROWS, DEFAULT_READ_TIMEOUT, DEFAULT_TIMEOUT, Endpoint
from kg.serve.http import DEFAULT_PORT, MAX_BODY, Handler, SparqlServer, is_loopback, make_server
from kg.serve.negotiation import GRAPH_FORMATS, RESULT_FORMATS, negotiate
from kg.serve.results import PREFIXES, Reply, render
from kg.serve.workers import QUEUE_WAIT, Job, ProcessRunner, ThreadRunner, _store_stamp, _View, run_job

__all__ = ["Reply", "Endpoint", "make_server", "negotiate", "render", "is_loopback", "ProcessRunner",
           "ThreadRunner", "Job", "run_job", "SparqlServer", "Handler", "DEFAULT_PORT", "DEFAULT_TIMEOUT",
           "DEFAULT_MAX_ROWS", "DEFAULT_READ_TIMEOUT", "RESULT_FORMATS", "GRAPH_FORMATS", "PREFIXES", "QUEUE_WAIT",
           "MAX_BODY", "_View", "_store_stamp"]
