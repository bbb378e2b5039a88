"""Starting the Streamlit app on a store (``kg app``): the sample for an empty store, the command line, the port.

The CLI parses options and prints; everything it does is here.
"""
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

from kg.errors import StoreError
from kg.store import STORE_ENV

ROOT = Path(__file__).resolve().parents[1]
APP_MAIN = ROOT / "app" / "main.py"
#: the web server streamlit runs: Streamlit's own serving APP_MAIN, with the first screen's code preloaded
APP_SERVER = ROOT / "app" / "server.py"
#: the bundled sample, shipped inside the kg package (package data) so that a wheel install has it too
SAMPLE = Path(__file__).resolve().parent / "sample" / "dongying_ip_2024.txt"

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


def import_sample_if_empty(location: str, sample: Path = SAMPLE, aliases: str | None = None) -> str | None:
    """Import the bundled sample when the store holds no document; a line saying what was done."""
    from kg.ingest import ingest
    from kg.stores import open_store

    if not sample.is_file():
        raise StoreError(f"the bundled sample {sample} is missing from this install; reinstall policykg, "
                         "or start with --no-sample and upload documents on the 文档 page", code="E506")
    st = open_store(location)
    try:
        if st.document_ids():
            return None
        res = ingest(st, [str(sample)], aliases=aliases)
        if res.failed:
            raise StoreError(f"the sample could not be imported: {res.failed[0].error}", code="E501")
        c = res.imported[0].counts
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
    """The ``streamlit run`` command line for the app (through app/launch.py, which prepares the first page
    before the server listens; app/server.py serves app/main.py)."""
    return [sys.executable, "-m", "app.launch", "run", str(APP_SERVER), "--server.address", host,
            "--server.port", str(port), *STREAMLIT_FLAGS]


def check_can_start(store: str, host: str, port: int) -> str:
    """The store directory, absolute (streamlit runs in the app's folder); a coded error when the app cannot start."""
    if store.lower().startswith(("http://", "https://")):
        raise StoreError("kg app needs a local store directory (--store DIR); "
                         "remote SPARQL servers are queried with kg sparql", code="E502")
    if not APP_MAIN.is_file():
        raise StoreError(f"the app is not installed next to the kg package ({APP_MAIN} is missing); "
                         "install policykg from its source tree with pip install -e .", code="E503")
    if not port_free(host, port):
        raise StoreError(f"port {port} on {host} is in use; pick another with --port", code="E504")
    # a relative store is the caller's: resolve it here, before anything
    return str(Path(store).expanduser().absolute())


def app_url(host: str, port: int) -> str:
    url_host = "127.0.0.1" if host in ("0.0.0.0", "::") else host
    return f"http://{url_host}:{port}"


def open_when_up(url: str, timeout: float = 60.0) -> None:
    """Open a browser on ``url`` once the app answers its health check (gives up after ``timeout``)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url + "/_stcore/health", timeout=2) as r:
                if r.status == 200:
                    webbrowser.open(url)
                    return
        except OSError:
            time.sleep(0.3)


def run_app(location: str, host: str, port: int, *, allow_service: bool = False, aliases: str | None = None,
            browser: bool = True) -> int | None:
    """Run streamlit on the store until it exits (its exit code) or Ctrl+C / SIGTERM (None; streamlit is stopped)."""
    env = dict(os.environ, **{STORE_ENV: location, "PYTHONUNBUFFERED": "1"})
    env["POLICYKG_ALLOW_SERVICE"] = "1" if allow_service else "0"  # read by app/console.py
    if aliases:  # read by the upload (kg.ingest → kg.units.load_aliases)
        env["POLICYKG_ALIASES"] = str(Path(aliases).expanduser().absolute())
    proc = subprocess.Popen(streamlit_command(host, port), env=env, cwd=str(APP_MAIN.parent),
                            stdout=subprocess.DEVNULL if not os.environ.get("POLICYKG_APP_LOG") else None)
    if browser:
        threading.Thread(target=open_when_up, args=(app_url(host, port),), daemon=True).start()

    def _stop(signum, frame):  # SIGTERM stops streamlit too (no orphan server)
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, _stop)
    try:
        return proc.wait()
    except KeyboardInterrupt:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
        return None
