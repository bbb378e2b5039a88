"""Shared cached loaders: the store (one per process) and the rows and graphs the pages draw.

The store sits in ``st.cache_resource``; rows come from ``st.cache_data`` functions taking the
store unhashed (``_store``) plus its location (so two stores never share cached rows). After an
import or a delete, :func:`refresh` clears every cached row and graph.
"""
from __future__ import annotations

import os
import threading
import time

import networkx as nx
import streamlit as st

from kg import queries
from kg.store import DEFAULT_STORE, STORE_ENV, Store
from kg.stores import open_store

DOCS_KEY = "selected_docs"


def store_location() -> str:
    """The store directory the app serves (``$POLICYKG_STORE``, set by ``kg app``)."""
    return os.environ.get(STORE_ENV) or str(DEFAULT_STORE)


@st.cache_resource(show_spinner=False)
def open_cached(location: str) -> Store:
    """The store at ``location``, opened once per process (read-write: the app imports files)."""
    return open_store(location)


def get_store() -> Store:
    """The app's store."""
    return open_cached(store_location())


# ---------------------------------------------------------------- cached rows

@st.cache_data(show_spinner=False)
def _documents(_store: Store, location: str) -> list[dict]:
    return queries.documents(_store)


@st.cache_data(show_spinner=False)
def _unit_counts(_store: Store, location: str, doc: str | None) -> list[dict]:
    return queries.unit_task_counts(_store, doc=doc)


@st.cache_data(show_spinner=False)
def _unit_labels(_store: Store, location: str) -> list[dict]:
    return queries.unit_labels(_store)


@st.cache_data(show_spinner=False)
def _tasks_of_unit(_store: Store, location: str, unit: str) -> list[dict]:
    return queries.tasks_of_unit(_store, queries.IRI(unit))


@st.cache_data(show_spinner=False)
def _task_details(_store: Store, location: str, doc: str) -> list[dict]:
    return queries.run(_store, "task_texts", doc_id=doc)


@st.cache_data(show_spinner=False)
def _task_units(_store: Store, location: str, doc: str) -> list[dict]:
    return queries.run(_store, "task_units", doc_id=doc)


@st.cache_data(show_spinner=False)
def _co_responsibility(_store: Store, location: str, doc: str | None) -> list[dict]:
    return queries.co_responsibility(_store, doc=doc)


@st.cache_data(show_spinner=False)
def _collective_members(_store: Store, location: str) -> list[dict]:
    return queries.collective_members(_store)


@st.cache_data(show_spinner=False)
def _targets(_store: Store, location: str) -> list[dict]:
    return queries.targets(_store)


@st.cache_resource(show_spinner=False, max_entries=64)
def _graph(_store: Store, location: str, doc: str | None) -> nx.MultiDiGraph:
    """The networkx view of the store or one document (shared; callers copy before changing it)."""
    from kg.graph import store_graph

    return store_graph(_store, doc)


def documents() -> list[dict]:
    """Documents in the store (id, title, counts …)."""
    return _documents(get_store(), store_location())


def unit_counts(doc: str | None = None) -> list[dict]:
    """Tasks per unit with the role split."""
    return _unit_counts(get_store(), store_location(), doc)


def unit_labels() -> list[dict]:
    """Every name of every unit."""
    return _unit_labels(get_store(), store_location())


def tasks_of_unit(unit_iri: str) -> list[dict]:
    """Tasks of one unit (by IRI), including those of its collectives."""
    return _tasks_of_unit(get_store(), store_location(), unit_iri)


def task_details(doc: str) -> dict[str, dict]:
    """One document's tasks by IRI: path, heading, text, deadline."""
    return {r["task"]: r for r in _task_details(get_store(), store_location(), doc)}


def task_units(doc: str) -> dict[str, list[dict]]:
    """One document's task IRI → its units (unit, label, written, role), in the order written."""
    out: dict[str, list[dict]] = {}
    for r in _task_units(get_store(), store_location(), doc):
        out.setdefault(r["task"], []).append(r)
    return out


def co_responsibility(doc: str | None = None) -> list[dict]:
    """Pairs of units sharing tasks."""
    return _co_responsibility(get_store(), store_location(), doc)


def collective_members() -> list[dict]:
    """Units a collective unit (各镇街 …) stands for."""
    return _collective_members(get_store(), store_location())


def targets() -> list[dict]:
    """Every quantitative target."""
    return _targets(get_store(), store_location())


def graph(docs: list[str] | None = None) -> nx.MultiDiGraph:
    """The networkx view of the chosen documents (``None``: the whole store). Do not modify it."""
    store, loc = get_store(), store_location()
    if docs is None:
        return _graph(store, loc, None)
    parts = [_graph(store, loc, d) for d in docs]
    if len(parts) == 1:
        return parts[0]
    return nx.compose_all(parts) if parts else nx.MultiDiGraph()


def graph_until(docs: list[str], enough) -> tuple[nx.MultiDiGraph, int]:
    """Documents' graphs composed in order until ``enough(graph)`` holds; the graph and how many were read.

    A big store is never read whole to draw a capped picture.
    """
    store, loc = get_store(), store_location()
    parts: list[nx.MultiDiGraph] = []
    g = nx.MultiDiGraph()
    for i, d in enumerate(docs, 1):
        parts.append(_graph(store, loc, d))
        g = nx.compose_all(parts) if len(parts) > 1 else parts[0]
        if enough(g):
            return g, i
    return g, len(docs)


#: what else caches data of the store: each page module adds its clear function (app.answers does)
ON_REFRESH: list = []


def on_refresh(fn):
    """Register ``fn`` to be called by :func:`refresh` (the app's one hook for clearing caches)."""
    if fn not in ON_REFRESH:
        ON_REFRESH.append(fn)
    return fn


def refresh() -> None:
    """Forget every cached row and graph (after an import or a delete)."""
    for fn in (_documents, _unit_counts, _unit_labels, _tasks_of_unit, _task_details, _task_units,
               _co_responsibility, _collective_members, _targets, _graph, _due_list):
        fn.clear()
    from kg.ask import clear_cache

    for fn in ON_REFRESH:
        fn()
    clear_cache()
    with _WARM_LOCK:
        _EXAMPLES.pop(store_location(), None)


_WARM_LOCK = threading.Lock()
CHECKED_EXAMPLES_UP_TO = 30  # documents; above, example questions are not checked by asking them
_EXAMPLES: dict[str, tuple[threading.Event, list[str]]] = {}


def warm_up() -> None:
    """Once per store content, in the background: load the question parser (jieba takes ~2 s) and
    find example questions that work on this store (slow on a big store; the page never waits long)."""
    loc = store_location()
    with _WARM_LOCK:
        if loc in _EXAMPLES:
            return
        done, found = threading.Event(), []
        _EXAMPLES[loc] = (done, found)
    store = get_store()
    if len(documents()) > CHECKED_EXAMPLES_UP_TO:
        # a big store: checking examples by asking them costs many questions, and counting every unit's
        # tasks takes seconds; offer the busiest units of one document at once, named as clarify questions
        # are, and build the question index (kept on disk once built) in the background by asking the
        # first of them, so the user's first question finds it ready
        found.extend(f"{r.get('jurisdiction') or ''}{r['label']}负责哪些任务?"
                     for r in unit_counts(documents()[0]["doc_id"])[:6] if r.get("label"))
        done.set()
        if found:
            threading.Thread(target=_ask_quietly, args=(store, found[0]), name="policykg-warm-up",
                             daemon=True).start()
        return

    def run() -> None:
        try:
            from kg.ask import example_questions

            found.extend(example_questions(store, 6))
        except Exception:  # noqa: BLE001 - warming is best effort; asking reports real errors
            pass
        finally:
            done.set()

    threading.Thread(target=run, name="policykg-warm-up", daemon=True).start()


def preload() -> None:
    """At server start, before any browser connects (``app/launch.py``, which also imports the page modules): open
    the store and, on a small store, find the example questions (this loads jieba), so the first visit finds them.

    Best effort: a store that cannot be opened here is reported by the page, as without preloading.
    """
    loc = store_location()
    try:
        store = get_store()
        small = len(queries.documents(store)) <= CHECKED_EXAMPLES_UP_TO
    except Exception:  # noqa: BLE001 - the page shows the store's error to the user
        return
    if not small:
        return  # warm_up() offers the busiest units and builds the question index, after the first page
    done, found = threading.Event(), []
    try:
        from kg.ask import example_questions

        found.extend(example_questions(store, 6))
    except Exception:  # noqa: BLE001 - warming is best effort; asking reports real errors
        pass
    done.set()
    with _WARM_LOCK:
        _EXAMPLES.setdefault(loc, (done, found))


WARM_UP_DELAY_S = 3.0  # the first page is drawn before the background index build takes the CPU


def _ask_quietly(store: Store, question: str) -> None:
    """Ask once, after the first page is drawn and at low CPU priority (Linux nices this thread
    alone), so pages keep the CPU meanwhile."""
    time.sleep(WARM_UP_DELAY_S)
    try:
        os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), 15)
    except (AttributeError, OSError):
        pass
    try:
        from kg.ask import ask

        ask(store, question)
    except Exception:  # noqa: BLE001 - warming is best effort; asking reports real errors
        pass


def examples(wait: float = 2.5) -> list[str] | None:
    """Example questions for this store; ``None`` while they are still being found (after ``wait`` s)."""
    warm_up()
    done, found = _EXAMPLES[store_location()]
    return list(found) if done.wait(wait) else None


# ---------------------------------------------------------------- the sidebar's document choice

def all_doc_ids() -> list[str]:
    return [r["doc_id"] for r in documents()]


def selected_docs() -> list[str] | None:
    """The documents picked in the sidebar; ``None`` when all are (no filter)."""
    ids = all_doc_ids()
    chosen = [d for d in st.session_state.get(DOCS_KEY, ids) if d in ids]
    if not chosen or set(chosen) == set(ids):
        return None
    return chosen


@st.cache_data(show_spinner=False)
def _due_list(_store: Store, location: str, day: str) -> list:
    from datetime import date

    from kg.due import due_rows

    return due_rows(_store, date.fromisoformat(day))


def due_list() -> list:
    """督办 rows of every task as of today (:func:`kg.due.due_rows`), for the 台账's due and progress columns."""
    from kg.due import today

    return _due_list(get_store(), store_location(), today().isoformat())


def doc_titles() -> dict[str, str]:
    """Document id → title."""
    return {r["doc_id"]: r.get("title") or r["doc_id"] for r in documents()}
