"""SPARQL text, safely: user values bound as escaped terms, comments stripped, updates and
``SERVICE`` recognised (the same checks for the local store, remote stores, ``kg serve`` and the app).
"""
from __future__ import annotations

import re
from decimal import Decimal

from kg.errors import QueryError
from kg.terms import IRI
from ontology import XSD

__all__ = ["term_sparql", "strip_comments", "bind_values", "is_update", "uses_service", "check_service",
           "SERVICE_REFUSED", "FROM_CLAUSE", "prologue"]


_BAD_IRI = re.compile(r'[\x00-\x20<>"{}|^`\\]')
_VAR = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


def term_sparql(value: object) -> str:
    """One python value as a SPARQL term, escaped (user text never becomes query text).

    >>> term_sparql('区"财政"局'), term_sparql(2026), term_sparql(IRI("https://x.org/a"))
    ('"区\\\\"财政\\\\"局"', '"2026"^^<http://www.w3.org/2001/XMLSchema#integer>', '<https://x.org/a>')
    """
    if isinstance(value, IRI):
        if not value or _BAD_IRI.search(value):
            raise QueryError(f"not a usable IRI: {value[:80]!r} (spaces, quotes, <, > and braces are refused)",
                             code="E401")
        return f"<{value}>"
    if isinstance(value, bool):
        return f'"{"true" if value else "false"}"^^<{XSD}boolean>'
    if isinstance(value, int):
        return f'"{value}"^^<{XSD}integer>'
    if isinstance(value, float):
        return f'"{value!r}"^^<{XSD}double>'
    if isinstance(value, Decimal):
        return f'"{value}"^^<{XSD}decimal>'
    if isinstance(value, str):
        s = (value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
             .replace("\r", "\\r").replace("\t", "\\t"))
        return f'"{s}"'
    raise QueryError(f"cannot bind a {type(value).__name__} into SPARQL; use str, int, float, Decimal or IRI",
                     code="E402")


_WHERE = re.compile(r"\bWHERE\s*\{", re.IGNORECASE)
_FORM_BRACE = re.compile(r"\b(?:SELECT|ASK|DESCRIBE)\b[^{]*\{", re.IGNORECASE)


#: the lexical pieces that can hide a "#" or a keyword: short strings (escapes, unterminated to the end),
#: IRIs, comments; everything else is matched in runs
_STRIP_TOKENS = re.compile(r"""
    (?P<str>"(?:[^"\\]|\\[\s\S]?)*(?:"|\Z) | '(?:[^'\\]|\\[\s\S]?)*(?:'|\Z))
  | (?P<iri><[^\s<>"{}|^`\\]*>)
  | (?P<comment>\#[^\n]*)""", re.VERBOSE)


def strip_comments(sparql: str) -> str:
    """Blank out # comments outside IRIs and strings (keeps offsets).

    >>> strip_comments('SELECT * # a "note"\\nWHERE { ?s <urn:x#y> "#no" }')
    'SELECT *           \\nWHERE { ?s <urn:x#y> "#no" }'
    """
    if "#" not in sparql:
        return sparql
    return _STRIP_TOKENS.sub(lambda m: " " * len(m.group()) if m.lastgroup == "comment" else m.group(), sparql)


def bind_values(sparql: str, bindings: dict[str, object] | None) -> str:
    """Bind values to variables by a ``VALUES`` block at the start of the outermost WHERE group.

    ``None`` values are left unbound; a list or tuple gives alternatives (one VALUES row per
    combination). Every value is escaped by :func:`term_sparql`, so the text of a value can never
    change the query. Bound variables must be used at the top level of the WHERE group or in its
    ``GRAPH`` blocks (that is how the named queries are written).

    >>> q = bind_values("SELECT ?t WHERE { ?t ?p ?label }", {"label": '区财政局"}'})
    >>> q
    'SELECT ?t WHERE { VALUES (?label) { ("区财政局\\\\"}") } ?t ?p ?label }'
    >>> bind_values("SELECT * WHERE { ?s ?p ?o }", {"s": [IRI("urn:a"), IRI("urn:b")], "o": 1}).split("}")[0]
    'SELECT * WHERE { VALUES (?s ?o) { (<urn:a> "1"^^<http://www.w3.org/2001/XMLSchema#integer>) (<urn:b> "1"^^<http://www.w3.org/2001/XMLSchema#integer>) '
    """
    import itertools

    items = [(k, v) for k, v in (bindings or {}).items() if v is not None]
    if not items:
        return sparql
    for k, _ in items:
        if not _VAR.match(k):
            raise QueryError(f"bad variable name {k!r} for a binding", code="E403")
    clean = strip_comments(sparql)
    m = _WHERE.search(clean) or _FORM_BRACE.search(clean)
    if not m:
        raise QueryError("cannot bind values: the query has no 'WHERE {'; write SELECT … WHERE { … }",
                         code="E404")
    names = " ".join(f"?{k}" for k, _ in items)
    choices = [[term_sparql(x) for x in (v if isinstance(v, (list, tuple)) else [v])] for _, v in items]
    rows = " ".join("(" + " ".join(combo) + ")" for combo in itertools.product(*choices))
    return f"{sparql[:m.end()]} VALUES ({names}) {{ {rows} }}{sparql[m.end():]}"


_UPDATE = re.compile(r"^\s*(?:(?:PREFIX\s+[^\s:]*:\s*<[^>]*>|BASE\s+<[^>]*>)\s*)*"
                     r"(INSERT|DELETE|LOAD|CLEAR|DROP|CREATE|COPY|MOVE|ADD|WITH)\b", re.IGNORECASE)


#: a FROM / FROM NAMED clause (a query naming its dataset is not run over the union graph)
FROM_CLAUSE = re.compile(r"\bFROM\s+(?:NAMED\s+)?<", re.I)


def is_update(sparql: str) -> bool:
    """True when the text is a SPARQL Update (refused by read-only commands).

    >>> is_update("PREFIX a: <x:> DELETE WHERE { ?s ?p ?o }"), is_update("SELECT * WHERE {?s ?p ?o}")
    (True, False)
    """
    return bool(_UPDATE.match(prologue(sparql)))


def prologue(sparql: str) -> str:
    """The query up to its first ``{`` outside a comment, comments blanked: where the form and FROM stand.

    >>> prologue("PREFIX a: <x:#> # {\\nSELECT * FROM <g> WHERE { # x\\n ?s ?p ?o }")
    'PREFIX a: <x:#>    \\nSELECT * FROM <g> WHERE {'
    """
    k = sparql.find("{")
    while k >= 0:
        head = strip_comments(sparql[:k + 1])
        if head[k] == "{":
            return head
        k = sparql.find("{", k + 1)
    return strip_comments(sparql)


_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
_SERVICE = re.compile(r"(?<![\w?$:])SERVICE(?![\w:])", re.IGNORECASE)
SERVICE_REFUSED = ("SERVICE (federated query) is refused: it would make this machine send requests to other "
                   "servers; remove the SERVICE block, or start the command with --allow-service if you run it "
                   "and trust every user")


_CODE_TOKENS = re.compile(r"""
    (?P<blank>\#[^\n]*
      | \"\"\"(?:[^"\\]|\\[\s\S]?|"(?!""))*(?:\"\"\"|\Z) | \'\'\'(?:[^'\\]|\\[\s\S]?|'(?!''))*(?:\'\'\'|\Z)
      | "(?:[^"\\]|\\[\s\S]?)*(?:"|\Z) | '(?:[^'\\]|\\[\s\S]?)*(?:'|\Z)
      | <[^\s<>"{}|^`\\]*>)""", re.VERBOSE)


def _code_only(sparql: str) -> str:
    """The query with comments, string literals (short and long) and IRIs blanked out."""
    return _CODE_TOKENS.sub(" ", sparql)


def uses_service(sparql: str) -> bool:
    """True when the query has a SERVICE clause (a federated query that fetches from another server).

    Strings, IRIs and comments do not count; \\u escapes are decoded first.

    >>> uses_service("SELECT * WHERE { SERVICE <http://127.0.0.1:7898/sparql> { ?s ?p ?o } }")
    True
    >>> uses_service('SELECT ?service WHERE { ?service <http://x/p> "SERVICE" } # SERVICE')
    False
    """
    if "\\" not in sparql and "service" not in sparql.casefold():
        return False
    text = _ESCAPE.sub(lambda m: chr(int(m.group(1) or m.group(2), 16)) if int(m.group(1) or m.group(2), 16)
                       < 0x110000 else " ", sparql)
    return bool(_SERVICE.search(_code_only(text)))


def check_service(sparql: str, allowed: bool = False) -> None:
    """Raise QueryError E430 for a SERVICE query unless the operator allowed federation."""
    if not allowed and uses_service(sparql):
        raise QueryError(SERVICE_REFUSED, code="E430")
