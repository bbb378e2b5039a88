"""``kg app``: start the Streamlit app (问答 / 图谱 / SPARQL / 文档 / 台账 / 统计) on a store (see :mod:`kg.launch`)."""
from __future__ import annotations

import click

from kg.cli.common import one_line_errors
from kg.launch import (APP_MAIN, SAMPLE, STREAMLIT_FLAGS, app_url, check_can_start, import_sample_if_empty,
                       run_app, streamlit_command)
from kg.store import DEFAULT_STORE, STORE_ENV

# the launch names stay importable from here (tests and the wheel check use them)
__all__ = ["APP_MAIN", "SAMPLE", "STREAMLIT_FLAGS", "app_cmd", "commands", "import_sample_if_empty",
           "streamlit_command"]


@click.command("app")
@click.option("--store", "store", envvar=STORE_ENV, default=str(DEFAULT_STORE), show_default=True,
              help=f"Store directory (also ${STORE_ENV}); the sample is imported if it is empty.")
@click.option("--port", default=8501, show_default=True, type=click.IntRange(1, 65535), help="Port to serve on.")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on (0.0.0.0 to serve the intranet).")
@click.option("--no-browser", is_flag=True, help="Do not open a browser window.")
@click.option("--no-sample", is_flag=True, help="Do not import the bundled sample into an empty store.")
@click.option("--allow-service", is_flag=True,
              help="Let the SPARQL page run SERVICE (federated) clauses, which fetch from any URL a query names.")
@click.option("--aliases", type=click.Path(exists=True, dir_okay=False, path_type=str), envvar="POLICYKG_ALIASES",
              help="JSON file of unit merges for the sample and for uploads, as kg build --aliases "
                   "($POLICYKG_ALIASES).")
@one_line_errors
def app_cmd(store: str, port: int, host: str, no_browser: bool, no_sample: bool, allow_service: bool,
            aliases: str | None) -> None:
    """Start the web app (Chinese UI) on a store: ask, graph, SPARQL, documents, ledger, stats.

    Works offline: nothing is loaded from the internet and no usage statistics are sent.
    Stop it with Ctrl+C.

    Example:

        kg app --store 图谱库 --port 8501
    """
    location = check_can_start(store, host, port)
    if not no_sample:
        done = import_sample_if_empty(location, aliases=aliases)
        if done:
            click.echo(done)
    click.echo(f"政策图谱 policykg app: {app_url(host, port)}   (store {location}; Ctrl+C 停止)")
    code = run_app(location, host, port, allow_service=allow_service, aliases=aliases, browser=not no_browser)
    if code is None:
        click.echo("stopped")
    elif code:
        raise click.ClickException(f"[E505] streamlit exited with code {code}; run with POLICYKG_APP_LOG=1 to see why")


commands = [app_cmd]
