"""The first screen's widget code fetched with the page, not after it (``kg app``'s server, app/server.py).

Streamlit's frontend loads the code of most elements (the text input, buttons, ``st.html``, the
multiselect) only when the first such element arrives over the websocket: some twenty small files,
fetched then from the same Python process that is busy running the page. On 问答 that put the question
box about 0.3 s behind the page's own time. Listing those files as ``<link rel="modulepreload">`` in the
HTML page lets the browser fetch and compile them while it still waits for the websocket.

The files are found in the installed Streamlit, not named here: an element's file is ``static/js/<Element>
.<hash>.js``, and the files it imports are read from its ``import … from "./x.js"`` statements. With a
Streamlit that names them differently, nothing is preloaded and the page works as before
(tests/test_app_launch.py says so when that happens).
"""
from __future__ import annotations

import re
from pathlib import Path

#: the elements whose code every page's first screen needs: 问答's question box and button, the sidebar's
#: ``st.html`` (its CSS and the Chinese strings) and document filter; the question box first
ELEMENTS = ("TextInput", "Button", "Html", "Multiselect")

_IMPORT = re.compile(r"""(?:\bfrom|\bimport)\s*["']\./([\w.\-]+\.js)["']""")
_IN_PAGE = re.compile(r"""static/js/([\w.\-]+\.js)""")


def static_dir() -> Path:
    """Streamlit's frontend folder (index.html, static/js …)."""
    from streamlit import file_util

    return Path(file_util.get_static_dir())


def element_files(root: Path | None = None, elements: tuple[str, ...] = ELEMENTS) -> list[str]:
    """The ``static/js`` files the elements need that the page does not already load, in load order.

    >>> element_files(Path("/nonexistent"))
    []
    """
    root = root or static_dir()
    js, index = root / "static" / "js", root / "index.html"
    if not js.is_dir() or not index.is_file():
        return []
    seen = set(_IN_PAGE.findall(index.read_text(encoding="utf-8")))  # the page's own modules
    out: list[str] = []
    for element in elements:
        first = sorted(p.name for p in js.iterdir() if re.fullmatch(rf"{re.escape(element)}\.[\w\-]+\.js", p.name))
        todo = first[:1]
        while todo:
            name = todo.pop(0)
            if name in seen or not (js / name).is_file():
                continue
            seen.add(name)
            out.append(name)
            todo.extend(_IMPORT.findall((js / name).read_text(encoding="utf-8", errors="replace")))
    return out


def links(files: list[str]) -> bytes:
    """The ``<link rel="modulepreload">`` tags, with the same relative form as Streamlit's own."""
    return "".join(f'<link rel="modulepreload" crossorigin href="./static/js/{f}">' for f in files).encode()


def add_links(html: bytes, tags: bytes) -> bytes:
    """``html`` with ``tags`` at the end of its head (unchanged when it has no ``</head>``)."""
    i = html.find(b"</head>")
    return html if i < 0 or not tags else html[:i] + tags + html[i:]


class PreloadElements:
    """ASGI middleware: every HTML page the server sends (Streamlit's index.html, for each page's URL)
    gets the element files as modulepreload links; every other response passes untouched."""

    def __init__(self, app, files: list[str] | None = None):
        self.app = app
        self.tags = links(element_files() if files is None else files)

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http" or scope.get("method") != "GET" or not self.tags:
            await self.app(scope, receive, send)
            return
        start: dict | None = None
        body: list[bytes] = []

        async def rewrite(message):
            nonlocal start
            if message["type"] == "http.response.start":
                headers = {k.lower(): v for k, v in message.get("headers", [])}
                if (message.get("status") == 200 and headers.get(b"content-type", b"").startswith(b"text/html")
                        and b"content-encoding" not in headers):
                    start = message  # held until the whole body is here
                    return
            elif message["type"] == "http.response.body" and start is not None:
                body.append(message.get("body", b""))
                if message.get("more_body"):
                    return
                html = add_links(b"".join(body), self.tags)
                # the body is no longer the file's: its length changes and its file validators no longer apply
                headers = [(k, v) for k, v in start.get("headers", [])
                           if k.lower() not in (b"content-length", b"etag", b"last-modified")]
                await send({**start, "headers": headers + [(b"content-length", str(len(html)).encode())]})
                await send({"type": "http.response.body", "body": html})
                return
            await send(message)

        await self.app(scope, receive, rewrite)
