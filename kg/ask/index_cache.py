"""The linker's index rows, kept per document and content hash: in memory, and for a store on disk
in its ``ask-index`` folder (one pickle per document), so that after an import only new or changed
documents are queried and a new process reads the rest from disk."""
from __future__ import annotations

import hashlib
import os
import pickle
from pathlib import Path
from typing import Any

__all__ = ["INDEX_QUERIES", "INDEX_FORMAT", "index_rows", "cached_parts", "keep_part", "prune_parts", "clear"]

#: the named queries the entity index is built from; every row carries its document's id
INDEX_QUERIES = ("documents_cited", "ask_index_units", "people", "ask_index_items", "ask_index_assignments",
                 "targets", "ask_index_vocab")
#: bump when the index queries or their rows change: parts cached on disk by older code are ignored
INDEX_FORMAT = 1
_PARTS: dict[tuple[str, str, str], dict[str, list[dict[str, Any]]]] = {}


def index_rows(store, doc_ids: list[str] | None) -> dict[str, dict[str, list[dict[str, Any]]]]:
    """The index rows of these documents (every document when None), by document id and query."""
    from kg.queries import run

    out: dict[str, dict[str, list[dict[str, Any]]]] = {}
    for q in INDEX_QUERIES:
        for r in run(store, q, doc_id=doc_ids):
            out.setdefault(r["doc_id"], {k: [] for k in INDEX_QUERIES})[q].append(r)
    return out


def part_key(store, row: dict[str, Any]) -> tuple[str, str, str] | None:
    digest = row.get("content_hash")
    return (str(getattr(store, "location", id(store))), row["doc_id"], digest) if digest else None


def part_file(store, row: dict[str, Any]):
    """Where a document's index rows are kept on disk (None for a store not on disk)."""
    location = getattr(store, "location", None)
    if not location or not row.get("content_hash") or not Path(str(location)).is_dir():
        return None
    name = hashlib.sha1(row["doc_id"].encode("utf-8")).hexdigest()[:16]
    return Path(str(location)) / "ask-index" / f"{name}-{row['content_hash'][:16]}-v{INDEX_FORMAT}.pickle"


def cached_parts(store, documents: list[dict[str, Any]]) -> dict[str, dict[str, list[dict[str, Any]]]]:
    out = {}
    for r in documents:
        key = part_key(store, r)
        if key is None:
            continue
        part = _PARTS.get(key)
        if part is None:
            path = part_file(store, r)
            try:
                if path is not None and path.is_file():
                    part = pickle.loads(path.read_bytes())
            except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ValueError):
                part = None  # a damaged cache file is rebuilt from the store
            if isinstance(part, dict) and set(part) == set(INDEX_QUERIES):
                _PARTS[key] = part
            else:
                part = None
        if part is not None:
            out[r["doc_id"]] = part
    return out


def prune_parts(store, documents: list[dict[str, Any]]) -> None:
    """Remove the cached rows of documents no longer in the store."""
    paths = [p for p in (part_file(store, r) for r in documents) if p is not None]
    if not paths:
        return
    keep = {p.name for p in paths}
    try:
        for f in paths[0].parent.glob("*.pickle"):
            if f.name not in keep:
                f.unlink(missing_ok=True)
    except OSError:
        pass


def keep_part(store, row: dict[str, Any], part: dict[str, list[dict[str, Any]]]) -> None:
    key = part_key(store, row)
    if key is None:
        return
    _PARTS[key] = part
    path = part_file(store, row)
    if path is None:
        return
    try:  # best effort: a read-only or full disk only costs the rebuild next time
        path.parent.mkdir(exist_ok=True)  # an older version of this document's file goes in _prune_parts
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_bytes(pickle.dumps(part, protocol=pickle.HIGHEST_PROTOCOL))
        os.replace(tmp, path)
    except OSError:
        pass


def clear() -> None:
    """Forget the rows kept in memory (the files on disk stay)."""
    _PARTS.clear()
