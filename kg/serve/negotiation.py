"""Content negotiation: which result format a request asks for (``Accept`` or a ``format`` parameter).

The Accept header is matched by python-mimeparse (quality values, wildcards); the tables below say
which media types we write for SELECT/ASK results and for CONSTRUCT/DESCRIBE graphs.
"""
from __future__ import annotations

import mimeparse

__all__ = ["RESULT_FORMATS", "GRAPH_FORMATS", "negotiate", "content_type"]

#: result formats of SELECT/ASK: name → media type
RESULT_FORMATS = {"json": "application/sparql-results+json", "xml": "application/sparql-results+xml",
                  "csv": "text/csv", "tsv": "text/tab-separated-values"}
#: result formats of CONSTRUCT/DESCRIBE: name → media type
GRAPH_FORMATS = {"turtle": "text/turtle", "ntriples": "application/n-triples",
                 "jsonld": "application/ld+json", "rdfxml": "application/rdf+xml"}

# media types we answer, most preferred LAST (mimeparse's order for breaking ties)
_RESULT_MEDIA = {"text/tab-separated-values": "tsv", "text/csv": "csv",
                 "text/xml": "xml", "application/xml": "xml", "application/sparql-results+xml": "xml",
                 "application/javascript": "json", "text/javascript": "json", "application/json": "json",
                 "application/sparql-results+json": "json"}
_GRAPH_MEDIA = {"text/xml": "rdfxml", "application/xml": "rdfxml", "application/rdf+xml": "rdfxml",
                "application/json": "jsonld", "application/ld+json": "jsonld",
                "text/plain": "ntriples", "application/n-triples": "ntriples",
                "application/turtle": "turtle", "application/x-turtle": "turtle", "text/turtle": "turtle"}
# a `format` parameter: short name → (result format, graph format); None = not for that kind
_FORMAT_NAMES = {"json": ("json", "jsonld"), "xml": ("xml", "rdfxml"), "csv": ("csv", None), "tsv": ("tsv", None),
                 "turtle": (None, "turtle"), "ttl": (None, "turtle"), "nt": (None, "ntriples"),
                 "ntriples": (None, "ntriples"), "n-triples": (None, "ntriples"), "jsonld": (None, "jsonld"),
                 "json-ld": (None, "jsonld"), "rdfxml": (None, "rdfxml"), "rdf": (None, "rdfxml")}


def _pick(accept: str, table: dict[str, str], default: str) -> str:
    try:
        best = mimeparse.best_match(list(table), accept)
    except (ValueError, mimeparse.MimeTypeParseException):
        best = ""
    return table[best] if best else default


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
    accept = accept or "*/*"
    return _pick(accept, _RESULT_MEDIA, "json"), _pick(accept, _GRAPH_MEDIA, "turtle")


def content_type(media: str) -> str:
    """The Content-Type header for a media type (text types say their charset)."""
    return f"{media}; charset=utf-8" if media.startswith("text/") else media
