"""kg ask's entity index: built per document, kept per content hash in memory and on disk, so an
import queries only the new document and a new process reads the rest from the store's folder."""
from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from kg.ask import index_cache, linker as linking
from kg.ask import ask
from kg.build import build_document
from kg.queries import run
from kg.local import LocalStore
from tests.kg_helpers import SAMPLE, extracted

TESTDOCS = Path(__file__).resolve().parent.parent / "data" / "testdocs"
QUESTION = "区财政局负责哪些任务?"


def _built(path: Path, doc_id: str | None = None):
    doc = extracted(path)
    return build_document(dataclasses.replace(doc, doc=doc_id) if doc_id else doc)


@pytest.fixture
def spy(monkeypatch):
    """Record the document ids every index query round is run for (None: the whole store)."""
    calls: list[list[str] | None] = []
    real = index_cache.index_rows

    def recording(store, doc_ids):
        calls.append(None if doc_ids is None else sorted(doc_ids))
        return real(store, doc_ids)

    monkeypatch.setattr(index_cache, "index_rows", recording)
    linking.clear_cache()
    yield calls
    linking.clear_cache()


def _paths(store_dir: Path) -> list[Path]:
    return sorted((store_dir / "ask-index").glob("*.pickle"))


def test_content_hash_follows_the_content_not_the_run():
    a, b = _built(SAMPLE), _built(SAMPLE)
    other = build_document(dataclasses.replace(extracted(SAMPLE), title="另一个标题"))
    hash_of = lambda built: next(o.lex for s, p, o in built.triples if p.endswith("#contentHash"))  # noqa: E731
    assert hash_of(a) == hash_of(b)
    assert hash_of(a) != hash_of(other)
    assert len(hash_of(a)) == 40


def test_documents_query_reports_the_hash():
    store = LocalStore(":memory:")
    built = _built(SAMPLE)
    store.import_built(built)
    [row] = run(store, "documents")
    assert row["content_hash"] == next(o.lex for s, p, o in built.triples if p.endswith("#contentHash"))


def test_index_is_kept_on_disk_and_an_import_queries_only_the_new_document(tmp_path, spy):
    location = tmp_path / "store"
    store = LocalStore(location)
    store.import_built(_built(SAMPLE))
    first = ask(store, QUESTION)
    assert {"2.1.1", "2.2.3"} <= {r["path"] for r in first.rows}
    assert spy == [None]  # the first build reads the whole store at once
    assert len(_paths(location)) == 1

    linking.clear_cache()  # as a new process: the rows come from disk, no index query runs
    again = ask(store, QUESTION)
    assert spy == [None]
    assert [r["path"] for r in again.rows] == [r["path"] for r in first.rows]

    new = _built(TESTDOCS / "carried_units.txt")
    store.import_built(new)
    linking.clear_cache()
    ask(store, QUESTION)
    assert spy == [None, [new.doc_id]]
    assert len(_paths(location)) == 2
    store.close()


def test_changed_document_is_reindexed_and_its_old_rows_dropped(tmp_path, spy):
    location = tmp_path / "store"
    store = LocalStore(location)
    store.import_built(_built(SAMPLE))
    ask(store, QUESTION)
    before = _paths(location)
    doc = extracted(SAMPLE)
    store.import_built(build_document(dataclasses.replace(doc, title=doc.title + "(修订)")))
    linking.clear_cache()
    ask(store, QUESTION)
    after = _paths(location)
    assert spy == [None, None]  # the only document changed: read again
    assert len(after) == 1 and after != before
    store.close()


def test_deleted_document_loses_its_cached_rows(tmp_path, spy):
    location = tmp_path / "store"
    store = LocalStore(location)
    sample, other = _built(SAMPLE), _built(TESTDOCS / "carried_units.txt")
    store.import_built(sample)
    store.import_built(other)
    ask(store, QUESTION)
    assert len(_paths(location)) == 2
    store.drop_graph(other.graph_iri)
    store.import_built(_built(TESTDOCS / "carried_units.txt", "carried_units_copy"))
    linking.clear_cache()
    ask(store, QUESTION)
    names = [p.name for p in _paths(location)]
    assert len(names) == 2  # the dropped document's file is gone, the new one's is there
    store.close()


def test_a_damaged_cache_file_is_rebuilt(tmp_path, spy):
    location = tmp_path / "store"
    store = LocalStore(location)
    store.import_built(_built(SAMPLE))
    expected = [r["path"] for r in ask(store, QUESTION).rows]
    [path] = _paths(location)
    path.write_bytes(b"not a pickle")
    linking.clear_cache()
    assert [r["path"] for r in ask(store, QUESTION).rows] == expected
    assert spy == [None, None]
    assert path.read_bytes() != b"not a pickle"
    store.close()
