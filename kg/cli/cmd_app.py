"""``kg app``: start the Streamlit app (问答 / 图谱 / SPARQL / 文档 / 台账 / 统计) on a store."""
from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
import webbrowser
from pathlib import Path

import click

from kg.cli.common import one_line_errors
from kg.errors import StoreError
from kg.store import DEFAULT_STORE, STORE_ENV

ROOT = Path(__file__).resolve().parents[2]
APP_MAIN = ROOT / "app" / "main.py"
#: the bundled sample, shipped inside the kg package (package data) so that a wheel install has it too
SAMPLE = Path(__file__).resolve().parents[1] / "sample" / "dongying_ip_2024.txt"

#: Streamlit settings: no usage statistics, no browser opened by streamlit, no file watcher.
STREAMLIT_FLAGS = (
    "--server.headless", "true",
    "--browser.gatherUsageStats", "false",
    "--server.fileWatcherType", "none",
    "--server.runOnSave", "false",
    "--global.developmentMode", "false",
    "--client.toolbarMode", "minimal",
    "--client.showErrorDetails", "false",
    "--theme.base", "light",
)


def import_sample_if_empty(location: str, sample: Path = SAMPLE) -> str | None:
    """Import the bundled sample when the store holds no document; a line saying what was done."""
    from kg.cli.cmd_build import build_one
    from kg.stores import open_store

    if not sample.is_file():
        raise StoreError(f"the bundled sample {sample} is missing from this install; reinstall policykg, "
                         "or start with --no-sample and upload documents on the 文档 page", code="E506")
    st = open_store(location)
    try:
        if st.document_ids():
            return None
        res = build_one(str(sample))
        if res.error:
            raise StoreError(f"the sample could not be imported: {res.error}", code="E501")
        st.ensure_ontology()
        st.replace_graph(res.graph_iri, res.ntriples)
        c = res.counts
        return (f"已导入示例文件 imported the sample {sample.name}: 任务 {c.get('tasks', 0)}  "
                f"单位 {c.get('units', 0)}  人员 {c.get('people', 0)}  目标 {c.get('targets', 0)}")
    finally:
        st.close()


def port_free(host: str, port: int) -> bool:
    """True when nothing listens on host:port."""
    with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET, socket.SOCK_STREAM) as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind((host, port))
        except OSError:
            return False
    return True


def streamlit_command(host: str, port: int) -> list[str]:
    """The ``streamlit run`` command line for the app."""
    return [sys.executable, "-m", "streamlit", "run", str(APP_MAIN), "--server.address", host,
            "--server.port", str(port), *STREAMLIT_FLAGS]


def _open_when_up(url: str, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url + "/_stcore/health", timeout=2) as r:
                if r.status == 200:
                    webbrowser.open(url)
                    return
        except OSError:
            time.sleep(0.3)


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
@one_line_errors
def app_cmd(store: str, port: int, host: str, no_browser: bool, no_sample: bool, allow_service: bool) -> None:
    """Start the web app (Chinese UI) on a store: ask, graph, SPARQL, documents, ledger, stats.

    Works offline: nothing is loaded from the internet and no usage statistics are sent.
    Stop it with Ctrl+C.

    Example:

        kg app --store 图谱库 --port 8501
    """
    if store.lower().startswith(("http://", "https://")):
        raise StoreError("kg app needs a local store directory (--store DIR); "
                         "remote SPARQL servers are queried with kg sparql", code="E502")
    if not APP_MAIN.is_file():
        raise StoreError(f"the app is not installed next to the kg package ({APP_MAIN} is missing); "
                         "install policykg from its source tree with pip install -e .", code="E503")
    if not port_free(host, port):
        raise click.ClickException(f"[E504] port {port} on {host} is in use; pick another with --port")
    # streamlit runs in the app's folder: a relative store is the caller's, so resolve it here, before anything
    location = str(Path(store).expanduser().absolute())
    if not no_sample:
        done = import_sample_if_empty(location)
        if done:
            click.echo(done)
    url_host = "127.0.0.1" if host in ("0.0.0.0", "::") else host
    url = f"http://{url_host}:{port}"
    env = dict(os.environ, **{STORE_ENV: location, "PYTHONUNBUFFERED": "1"})
    env["POLICYKG_ALLOW_SERVICE"] = "1" if allow_service else "0"  # read by app/console.py
    proc = subprocess.Popen(streamlit_command(host, port), env=env, cwd=str(APP_MAIN.parent),
                            stdout=subprocess.DEVNULL if not os.environ.get("POLICYKG_APP_LOG") else None)
    click.echo(f"政策图谱 policykg app: {url}   (store {location}; Ctrl+C 停止)")
    if not no_browser:
        threading.Thread(target=_open_when_up, args=(url,), daemon=True).start()
    def _stop(signum, frame):  # SIGTERM stops streamlit too (no orphan server)
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, _stop)
    try:
        code = proc.wait()
    except KeyboardInterrupt:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
        click.echo("stopped")
        return
    if code:
        raise click.ClickException(f"[E505] streamlit exited with code {code}; run with POLICYKG_APP_LOG=1 to see why")


commands = [app_cmd]
