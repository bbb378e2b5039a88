"""``kg app``'s server process prepares the first page before it listens (app/launch.py, app.state.preload)."""
from __future__ import annotations

import pytest

pytest.importorskip("streamlit")

from tests.conftest import SAMPLE  # noqa: E402


def test_preload_opens_the_store_and_finds_the_example_questions(monkeypatch, tmp_path):
    from app import state
    from extract.pipeline import extract_file
    from kg.build import build_document
    from kg.stores import open_store

    path = tmp_path / "store"
    with open_store(path) as st:
        st.ensure_ontology()
        st.import_built(build_document(extract_file(SAMPLE)))
    monkeypatch.setenv("POLICYKG_STORE", str(path))
    try:
        state.preload()
        done, found = state._EXAMPLES[str(path)]
        assert done.is_set() and found and all(q.endswith("?") for q in found)
        assert state.examples(wait=0) == found  # the page finds them at once
        assert state.get_store() is state.get_store()  # opened once, kept for the pages
    finally:
        state.get_store().close()
        state.open_cached.clear()
        state._EXAMPLES.pop(str(path), None)


def test_preload_leaves_an_unusable_store_to_the_page(monkeypatch, tmp_path):
    from app import state

    bad = tmp_path / "not-a-store"
    bad.write_text("x", encoding="utf-8")
    monkeypatch.setenv("POLICYKG_STORE", str(bad))
    state.preload()  # no exception: the page reports the store's error
    assert str(bad) not in state._EXAMPLES


def test_kg_app_starts_streamlit_through_the_launcher():
    from kg.cli.cmd_app import APP_MAIN, streamlit_command

    cmd = streamlit_command("127.0.0.1", 8501)
    assert cmd[1:5] == ["-m", "app.launch", "run", str(APP_MAIN)]


def test_the_launcher_imports_what_the_first_answer_draws_with_before_the_server_runs(monkeypatch, tmp_path):
    """spaCy's displacy (about 1 s to import) and the page modules are loaded before Streamlit listens."""
    import subprocess
    import sys

    probe = ("import sys, streamlit.web.cli as cli\n"
             "cli.main = lambda **kw: print(sorted(m for m in ('spacy.displacy', 'app.answers', 'app.ui') "
             "if m in sys.modules))\n"
             "sys.argv = ['app.launch', 'run', 'x.py']\n"
             "import app.launch; app.launch.main()\n")
    env = {**__import__("os").environ, "POLICYKG_STORE": str(tmp_path / "none")}
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, env=env, timeout=120)
    assert out.stdout.strip().splitlines()[-1] == "['app.answers', 'app.ui', 'spacy.displacy']", out.stderr
