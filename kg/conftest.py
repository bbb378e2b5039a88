"""Doctest fixtures for ``python -m pytest --doctest-modules kg/``: ``store`` is the example store."""
import pytest

_cached: dict = {}


@pytest.fixture(autouse=True)
def _kg_doctest_namespace(doctest_namespace):
    if "store" not in _cached:
        from kg.examples import example_store

        _cached["store"] = example_store()
    doctest_namespace.setdefault("store", _cached["store"])
