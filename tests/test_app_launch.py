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
    from kg.cli.cmd_app import streamlit_command
    from kg.launch import APP_MAIN, APP_SERVER

    cmd = streamlit_command("127.0.0.1", 8501)
    assert cmd[1:5] == ["-m", "app.launch", "run", str(APP_SERVER)]
    # app/server.py is an st.App serving app/main.py (streamlit run finds the ``app`` in it)
    src = APP_SERVER.read_text(encoding="utf-8")
    assert f'st.App("{APP_MAIN.name}"' in src and "PreloadElements" in src


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


# ------------------------------------------------------------------ the first screen's widget code (app/preload.py)

def test_the_first_screens_widget_code_is_found_in_the_installed_streamlit():
    """A Streamlit upgrade that renames its element files fails here (the page would still work, only slower)."""
    from app.preload import ELEMENTS, element_files, static_dir

    files = element_files()
    assert files and files[0].startswith("TextInput.")  # the question box first
    for element in ELEMENTS:
        assert any(f.startswith(element + ".") for f in files), element
    index = (static_dir() / "index.html").read_text(encoding="utf-8")
    assert all((static_dir() / "static" / "js" / f).is_file() and f not in index for f in files)
    assert len(files) == len(set(files))


def test_element_files_follow_the_imports_and_skip_what_the_page_loads(tmp_path):
    from app.preload import element_files

    js = tmp_path / "static" / "js"
    js.mkdir(parents=True)
    (tmp_path / "index.html").write_text('<script type="module" src="./static/js/index.A1.js"></script>', "utf-8")
    (js / "index.A1.js").write_text("", "utf-8")
    (js / "TextInput.B2.js").write_text('import{a as b}from"./index.A1.js";import{c}from"./Field.C3.js";'
                                        'const x=()=>import("./Lazy.D4.js");', "utf-8")
    (js / "Field.C3.js").write_text('import"./Deep.E5.js";', "utf-8")
    (js / "Deep.E5.js").write_text("", "utf-8")
    (js / "Lazy.D4.js").write_text("", "utf-8")
    (js / "TextInputAutoExpand.F6.js").write_text("", "utf-8")  # another element's file, not TextInput's
    assert element_files(tmp_path, ("TextInput", "Button")) == ["TextInput.B2.js", "Field.C3.js", "Deep.E5.js"]


@pytest.mark.filterwarnings("ignore::DeprecationWarning")  # starlette's TestClient on httpx
def test_the_server_adds_the_links_to_html_pages_only():
    from starlette.applications import Starlette
    from starlette.middleware import Middleware
    from starlette.responses import HTMLResponse, PlainTextResponse
    from starlette.routing import Route
    from starlette.testclient import TestClient

    from app.preload import PreloadElements

    page = "<html><head><title>t</title></head><body>问答</body></html>"
    app = Starlette(routes=[Route("/", lambda r: HTMLResponse(page, headers={"etag": '"x"'})),
                            Route("/js", lambda r: PlainTextResponse("</head>"))],
                    middleware=[Middleware(PreloadElements, files=["TextInput.B2.js", "Button.C3.js"])])
    with TestClient(app) as client:
        r = client.get("/")
        tags = ('<link rel="modulepreload" crossorigin href="./static/js/TextInput.B2.js">'
                '<link rel="modulepreload" crossorigin href="./static/js/Button.C3.js">')
        assert r.text == page.replace("</head>", tags + "</head>")
        assert int(r.headers["content-length"]) == len(r.content) and "etag" not in r.headers
        assert client.get("/js").text == "</head>"  # not HTML: untouched
        assert client.head("/").headers["content-length"] == str(len(page.encode()))  # HEAD: untouched
