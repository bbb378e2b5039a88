"""The SPARQL console behind the SPARQL page: read-only, with a timeout and a row cap.

Queries go through :class:`kg.serve.Endpoint` (the same code as ``kg serve``), so the page and
the endpoint refuse, time out and cut results the same way. On a store directory (what ``kg app``
serves) they run in worker processes: a query that crashes the query engine (deeply nested groups
overflow pyoxigraph's stack) takes down its worker, not the app, and a query at its timeout has
its worker killed, so the CPU is really freed. ``SERVICE`` is refused unless
``$POLICYKG_ALLOW_SERVICE=1`` (``kg app --allow-service``).
"""
from __future__ import annotations

import csv
import io
import json
import os
from dataclasses import dataclass, field

from kg.store import Store, is_update

TIMEOUT_S = 10.0
MAX_ROWS = 2000
WORKERS = 2
ALLOW_SERVICE_ENV = "POLICYKG_ALLOW_SERVICE"
ACCEPT = "application/sparql-results+json, application/n-triples;q=0.9"

REFUSED = ("只读:这里不能执行 SPARQL 更新(INSERT、DELETE、LOAD、CLEAR、DROP 等),图谱未作任何改动。"
           "要增删内容,请在「文档」页导入或删除文件。")


@dataclass
class ConsoleResult:
    """A query's outcome: a table, a yes/no, triples, or a message."""

    kind: str  # select | ask | graph | refused | timeout | error
    columns: list[str] = field(default_factory=list)
    rows: list[dict] = field(default_factory=list)
    boolean: bool | None = None
    ntriples: str = ""
    truncated: bool = False
    message: str = ""

    def csv_bytes(self) -> bytes:
        """The table as CSV (UTF-8 with BOM, so Excel shows Chinese)."""
        buf = io.StringIO()
        w = csv.DictWriter(buf, fieldnames=self.columns, extrasaction="ignore", lineterminator="\r\n")
        w.writeheader()
        for r in self.rows:
            w.writerow({k: "" if r.get(k) is None else r.get(k) for k in self.columns})
        return ("\ufeff" + buf.getvalue()).encode("utf-8")

    def json_bytes(self) -> bytes:
        """The table as a JSON list of objects."""
        return json.dumps(self.rows, ensure_ascii=False, indent=1).encode("utf-8")


def make_endpoint(store: Store, timeout: float = TIMEOUT_S, max_rows: int = MAX_ROWS):
    """The endpoint the page queries: worker processes over a store directory (threads otherwise)."""
    from pathlib import Path

    from kg.serve import Endpoint

    allow = os.environ.get(ALLOW_SERVICE_ENV, "") == "1"
    location = getattr(store, "location", ":memory:")
    target: Store | str = location if location != ":memory:" and Path(location).is_dir() else store
    return Endpoint(target, timeout=timeout, max_rows=max_rows, workers=WORKERS if target is not store else 1,
                    log=False, allow_service=allow, per_client=WORKERS)


_XSD = "http://www.w3.org/2001/XMLSchema#"
_INTS = {_XSD + t for t in ("integer", "int", "long", "short", "byte", "nonNegativeInteger", "positiveInteger",
                            "nonPositiveInteger", "negativeInteger", "unsignedInt", "unsignedLong")}
_FLOATS = {_XSD + "decimal", _XSD + "double", _XSD + "float"}


def _value(term: dict | None) -> object:
    """A SPARQL JSON term as a plain value (numbers as numbers, IRIs and text as strings)."""
    if term is None:
        return None
    if term.get("type") == "bnode":
        return "_:" + term["value"]
    value, dt = term.get("value"), term.get("datatype")
    try:
        if dt in _INTS:
            return int(value)
        if dt in _FLOATS:
            f = float(value)
            return int(f) if f.is_integer() and dt == _XSD + "decimal" else f
    except (TypeError, ValueError):
        return value
    if dt == _XSD + "boolean":
        return value in ("true", "1")
    return value


def run_query(endpoint, text: str) -> ConsoleResult:
    """Run one query text on the endpoint; updates are refused before anything runs."""
    if not text or not text.strip():
        return ConsoleResult("error", message="请输入 SPARQL 查询。")
    if is_update(text):
        return ConsoleResult("refused", message=REFUSED)
    reply = endpoint.query(text, ACCEPT, None)
    body = reply.body.decode("utf-8", "replace")
    if reply.status == 403:
        return ConsoleResult("refused", message=REFUSED)
    if "[E430]" in body:
        return ConsoleResult("refused", message="已拒绝:查询含 SERVICE(联邦查询),会让服务器去访问其他网址,"
                                                "这里不允许。请删去 SERVICE 部分。")
    if "[E498]" in body:
        return ConsoleResult("error", message="查询使查询引擎崩溃(嵌套过深或过大),已中止;应用不受影响。"
                                              "请简化查询(减少嵌套的 { })。")
    if reply.status == 503:
        return ConsoleResult("timeout", message=f"查询超时(超过 {endpoint.timeout:g} 秒)已停止。"
                                                "请缩小范围:加 LIMIT,或写更具体的条件。")
    if reply.status == 400:
        return ConsoleResult("error", message=f"SPARQL 语法错误:{body.strip()}")
    if reply.status != 200:
        return ConsoleResult("error", message=f"查询失败:{body.strip()}")
    truncated = "X-Result-Truncated" in reply.headers
    if "sparql-results+json" in reply.content_type:
        data = json.loads(body)
        if "boolean" in data:
            return ConsoleResult("ask", boolean=bool(data["boolean"]))
        cols = list(data["head"]["vars"])
        rows = [{c: _value(b.get(c)) for c in cols} for b in data["results"]["bindings"]]
        return ConsoleResult("select", cols, rows, truncated=truncated)
    return ConsoleResult("graph", ["subject", "predicate", "object"], _triples(body), ntriples=body,
                         truncated=truncated)


def _triples(nt: str) -> list[dict]:
    import pyoxigraph as ox

    try:
        return [{"subject": str(t.subject).strip("<>"), "predicate": str(t.predicate).strip("<>"),
                 "object": t.object.value if isinstance(t.object, (ox.Literal, ox.NamedNode)) else str(t.object)}
                for t in ox.parse(nt.encode("utf-8"), format=ox.RdfFormat.N_TRIPLES)]
    except (SyntaxError, ValueError):
        return []
