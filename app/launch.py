"""``kg app``'s server process: Streamlit, started after the app's first page has been prepared.

``python -m app.launch run app/main.py …`` takes ``streamlit run``'s arguments. Before the server
listens it imports the pages' modules, opens the store and (on a small store) finds the example
questions, which loads jieba: the first browser to connect then gets 问答 without waiting for them,
and its page is not drawn while a background thread holds the interpreter.
"""
from __future__ import annotations

import sys


def main() -> None:
    import logging

    from streamlit.web import cli

    # streamlit warns, once per cached function defined before its server runs, that it would cache in memory;
    # the caches are only made at a function's first call, which preloading leaves to the server
    log = logging.getLogger("streamlit.runtime.caching.cache_data_api")
    level = log.level
    log.setLevel(logging.ERROR)
    try:
        import spacy.displacy  # noqa: F401 - the answer table's highlight (1 s to import: not on the first answer)

        import app.answers  # noqa: F401 - the 问答 page's modules (and app.ui's graph drawing)
        import app.ui  # noqa: F401
        from app.state import preload

        preload()
    finally:
        log.setLevel(level)

    cli.main(args=sys.argv[1:], prog_name="streamlit")


if __name__ == "__main__":
    main()
