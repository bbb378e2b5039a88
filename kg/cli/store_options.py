"""The ``--store`` option every graph command shares (a directory or a SPARQL endpoint URL)."""
from __future__ import annotations

from typing import Callable

import click

from kg.store import DEFAULT_STORE, STORE_ENV, Store
from kg.stores import open_store


def store_options(fn: Callable) -> Callable:
    """Add ``--store DIR|URL`` (and ``--update-url/--user/--password`` for a remote server)."""
    fn = click.option("--password", envvar="POLICYKG_PASSWORD", default=None, hidden=False,
                      help="Password for a remote store ($POLICYKG_PASSWORD).")(fn)
    fn = click.option("--user", envvar="POLICYKG_USER", default=None,
                      help="User for a remote store ($POLICYKG_USER).")(fn)
    fn = click.option("--update-url", default=None,
                      help="SPARQL Update endpoint of a remote store (default: derived from --store).")(fn)
    fn = click.option("--store", "store", envvar=STORE_ENV, default=str(DEFAULT_STORE), show_default=True,
                      help=f"Store directory, or a SPARQL endpoint URL (http://…); also ${STORE_ENV}.")(fn)
    return fn


def open_from_options(store: str, update_url: str | None, user: str | None, password: str | None,
                      *, read_only: bool) -> Store:
    """Open the store named by the options (read-only for commands that only read)."""
    return open_store(store, update_url=update_url, user=user, password=password, read_only=read_only)
