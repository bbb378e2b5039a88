"""Open a store by where it is: a directory (the local pyoxigraph store, :mod:`kg.store`) or an
http(s):// SPARQL endpoint (:mod:`kg.remote`). The one module that knows both kinds."""
from __future__ import annotations

import re
from pathlib import Path

from kg.errors import StoreError
from kg.local import LocalStore
from kg.store import DEFAULT_STORE, Store

__all__ = ["open_store"]


def open_store(location: str | Path | None = None, *, update_url: str | None = None,
               user: str | None = None, password: str | None = None, read_only: bool = False) -> Store:
    """Open a store: a directory → LocalStore (pyoxigraph on disk); an http(s):// URL → RemoteStore.

    Parameters
    ----------
    location : str or Path, optional
        A directory (created when writing), ``":memory:"``, or a SPARQL query endpoint URL.
        Default :data:`DEFAULT_STORE`.
    update_url, user, password : str, optional
        For a remote store: the SPARQL Update endpoint and credentials.
    read_only : bool
        Open a local store read-only (works while another process builds into it).

    Examples
    --------
    >>> s = open_store(":memory:")
    >>> s.graphs()
    []
    """
    loc = str(location) if location is not None else str(DEFAULT_STORE)
    if re.match(r"^https?://", loc, re.IGNORECASE):
        try:
            from kg.remote import RemoteStore
        except ImportError as e:
            raise StoreError(f"remote stores are not available ({e})", code="E320") from None
        return RemoteStore(loc, update_url=update_url, user=user, password=password, read_only=read_only)
    return LocalStore(loc, read_only=read_only)
