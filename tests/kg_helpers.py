"""Shared helpers for the graph tests (tests/test_build.py, test_store.py, test_queries.py …)."""
from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

import pytest

from extract.model import Document

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "data" / "sample" / "dongying_ip_2024.txt"


def extractor():
    """extract.pipeline.extract_file, or skip when the extractor is not there yet."""
    try:
        from extract.pipeline import extract_file
    except ImportError:
        pytest.skip("extract.pipeline.extract_file is not available yet")
    return extract_file


@lru_cache(maxsize=None)
def _extract(path: str) -> Document:
    return extractor()(path)


def extracted(path) -> Document:
    """The Document of a file (cached per session; skips without the extractor)."""
    extractor()
    return _extract(str(path))


def gold_documents(gold_dir: Path) -> list[Document]:
    """Gold records as Documents (no text or spans; jurisdiction unknown)."""
    out = []
    for p in sorted(gold_dir.glob("*.json")):
        rec = json.loads(p.read_text(encoding="utf-8"))
        rec.setdefault("doc", p.stem)
        for t in rec.get("tasks", []):
            t.setdefault("text", t.get("heading", ""))
        for t in rec.get("targets", []):
            t.setdefault("unit", "")
        out.append(Document.from_record(rec))
    return out
