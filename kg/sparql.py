"""Read-only SPARQL as ``kg sparql`` runs it: the query (text, a .rq file or a named query), its
bound values, and a run where a crash or a runaway query cannot take the caller down.

>>> b = parse_bindings(["unit=区财政局", "n=3", "g=https://x.org/a"])
>>> b, type(b["g"]).__name__
({'unit': '区财政局', 'n': 3, 'g': 'https://x.org/a'}, 'IRI')
>>> query_form("PREFIX p: <https://x.org/> # a comment\\nASK { ?s ?p ?o }")
'ask'
>>> query_form("describe <https://x.org/a>")
'construct'
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable

from kg.errors import QueryError
from kg.store import IRI, check_service, is_update

__all__ = ["QueryResult", "parse_bindings", "parse_value", "query_form", "query_text", "run_readonly"]

_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_PROLOGUE = re.compile(r"(?is)^\s*((PREFIX|BASE)\s+\S*\s*<[^>]*>\s*)*")


@dataclass
class QueryResult:
    """``form`` is select (rows: list of dicts), ask (a bool) or construct (N-Triples text)."""

    form: str
    value: Any

    def rows(self) -> list[dict[str, Any]]:
        """The result as rows (an ASK is one row ``{"ask": …}``; CONSTRUCT has none)."""
        if self.form == "ask":
            return [{"ask": self.value}]
        return self.value if self.form == "select" else []


def parse_value(value: str):
    """A ``-p name=value`` value: digits → int, http(s):// → IRI, else a string."""
    if re.fullmatch(r"-?\d+", value):
        return int(value)
    if value.startswith(("http://", "https://")):
        return IRI(value)
    return value


def parse_bindings(items: Iterable[str]) -> dict[str, Any]:
    """``NAME=VALUE`` items → bound values (escaped when the query runs, never pasted in)."""
    out: dict[str, Any] = {}
    for item in items:
        name, sep, value = item.partition("=")
        if not sep or not _NAME.fullmatch(name):
            raise QueryError(f"--param: expected NAME=VALUE, got {item!r}", code="E421")
        out[name] = parse_value(value)
    return out


def query_text(query: str) -> tuple[str, str | None]:
    """(SPARQL text, named query or None) from a named query's name, a file path or the text itself."""
    from kg.queries import load_queries

    named = load_queries()
    if query in named:
        return named[query].sparql, query
    if len(query) < 4096 and "\n" not in query and not re.search(r"[{}?]", query):
        p = Path(query)
        if p.is_file():
            return p.read_text(encoding="utf-8"), None
        if p.suffix in (".rq", ".sparql"):
            raise QueryError(f"no such query file: {query}", code="E420")
    return query, None


def query_form(text: str) -> str:
    """select, ask or construct (DESCRIBE is answered as a graph too)."""
    head = re.sub(r"#[^\n]*", "", _PROLOGUE.sub("", text)).lstrip().upper()
    if head.startswith("ASK"):
        return "ask"
    return "construct" if head.startswith(("CONSTRUCT", "DESCRIBE")) else "select"


def run_readonly(st, query: str, bindings: dict[str, Any] | None = None, *, timeout: float = 600.0,
                 allow_service: bool = False) -> QueryResult:
    """Run a read-only query on an open store (closed afterwards when it is a directory).

    Updates are refused ([E405]), SERVICE too unless ``allow_service`` ([E430]). A named query's
    entity values may be names (区财政局): they are resolved to IRIs. Other queries on a store
    directory run in a worker process of :mod:`kg.serve`, killed at ``timeout``; a crash there is
    one coded error.
    """
    text, named = query_text(query)
    if is_update(text):
        raise QueryError("kg sparql is read-only: SPARQL updates (INSERT/DELETE/DROP/LOAD/CLEAR …) are refused; "
                         "change the store with kg build / kg rm", code="E405")
    check_service(text, allow_service)
    bindings = bindings or {}
    if named:
        from kg.queries import run

        return QueryResult("select", run(st, named, **bindings))
    st.allow_service = allow_service
    form = query_form(text)
    return QueryResult(form, _isolated(st, form, text, bindings, timeout, allow_service))


def _isolated(st, method: str, text: str, bindings: dict, timeout: float, allow_service: bool):
    """User-written SPARQL where a crash or a runaway cannot take this process down.

    A store directory is queried in a worker process of :mod:`kg.serve` (killed at ``timeout``, a
    crash is one error line); other stores (remote servers) are queried directly.
    """
    from kg.local import LocalStore

    if not isinstance(st, LocalStore) or st.location == ":memory:":
        return getattr(st, method)(text, bindings)
    from kg.serve import ProcessRunner

    location = st.location
    st.close()  # the worker opens the directory read-only itself
    runner = ProcessRunner(location, 1, allow_service, respawn=False)
    try:
        return runner.call(method, text, bindings, timeout)
    finally:
        runner.close()
