"""Where policykg keeps its files when none is named: the default store and the cache (platformdirs).

On Linux these are the XDG folders policykg has always used (``$XDG_DATA_HOME`` or
``~/.local/share/policykg/store``, ``$XDG_CACHE_HOME`` or ``~/.cache/policykg``), so existing
stores are found where they were; on macOS and Windows they are the platform's own folders
(``~/Library/Application Support/policykg/store``, ``%LOCALAPPDATA%\\policykg\\store``).
``$POLICYKG_STORE`` overrides the store. A relative path (``--store 图谱库``) is the caller's:
it is resolved against the current directory, never against these.

>>> str(default_store({"POLICYKG_STORE": "图谱库"}))
'图谱库'
>>> default_store({}).parts[-2:]
('policykg', 'store')
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import Mapping

from platformdirs import user_cache_path, user_data_path

APP_NAME = "policykg"
STORE_ENV = "POLICYKG_STORE"

__all__ = ["APP_NAME", "STORE_ENV", "cache_dir", "default_store"]


def default_store(environ: Mapping[str, str] | None = None) -> Path:
    """``$POLICYKG_STORE``, else the user data folder's ``policykg/store``."""
    env = (os.environ if environ is None else environ).get(STORE_ENV)
    if env:
        return Path(env).expanduser()
    return user_data_path(APP_NAME, appauthor=False) / "store"


def cache_dir() -> Path:
    """The user cache folder for policykg (not created here)."""
    return user_cache_path(APP_NAME, appauthor=False)
