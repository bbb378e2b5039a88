"""Doctest fixtures for ``python -m pytest --doctest-modules kg/``: ``store`` is the example store
(:mod:`tests.examples`, kept out of the installed package), ``example_store`` makes a fresh one."""
import pytest

_cached: dict = {}


@pytest.fixture(autouse=True)
def _kg_doctest_namespace(request, doctest_namespace):
    if type(request.node).__name__ != "DoctestItem":
        return
    from tests.examples import example_store

    if "store" not in _cached:
        _cached["store"] = example_store()
    doctest_namespace.setdefault("store", _cached["store"])
    doctest_namespace.setdefault("example_store", example_store)
