"""How fast the app feels, measured in headless chromium: page load → first answer, → drawn graph.

``kg app`` is started as a user starts it, on a store of the sample (and on a store of ``--docs``
documents: the sample rebuilt under new ids, a new jurisdiction every five documents, as a
province's districts would give). Debian's chromium (never a downloaded browser) loads the pages
with every non-loopback host unresolvable, and any request that tries to leave is counted.

Figures (seconds, from ``page.goto`` until it is on screen):

- ``answer``: load 问答, type "区财政局负责哪些任务?", Enter, until the answer table (or, on a big
  store where the name means many units, the clarifying question) is visible (``inf``: not within
  ``--answer-timeout``);
- ``graph``: load 图谱 until vis-network has laid out the whole-store picture (capped);
- on the big store also ``ask page`` (问答 usable: the question box shown), ``docs``, ``ledger`` (a
  unit picked, its table shown) and ``stats``.

"first" is the first visit after the server started (Python imports, jieba, caches empty);
"again" is the median of ``--runs`` later visits, each in a fresh browser context (no HTTP cache).
The script first times a one-line Streamlit page the same way (in the same window size and language):
no page of any Streamlit app can show faster than that on the machine, so the figures are read against it.

    python bench/app.py                  # sample, then a 200-document store
    python bench/app.py --docs 0         # sample only
    python bench/app.py --workdir /tmp/kg-app-bench --keep   # reuse the big store next time
"""
from __future__ import annotations

import argparse
import dataclasses
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SAMPLE = ROOT / "data" / "sample" / "dongying_ip_2024.txt"
CHROMIUM = "/usr/bin/chromium"
QUESTION = "区财政局负责哪些任务?"
#: every visit, the floor's too, in a fresh context of this size and language
CONTEXT = {"viewport": {"width": 1600, "height": 1000}, "locale": "zh-CN"}
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run",
        # offline: every host but loopback fails to resolve (no interception slowing the page down)
        "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1, EXCLUDE localhost"]


def build_store(path: Path, n_docs: int, per_jurisdiction: int = 5) -> None:
    """A store of the sample (``n_docs`` = 1) or of the sample rebuilt ``n_docs`` times."""
    from extract.pipeline import extract_file
    from kg.build import build_document
    from kg.stores import open_store

    marker = path.parent / (path.name + ".marker")
    if path.is_dir() and marker.is_file() and marker.read_text() == str(n_docs):
        return
    shutil.rmtree(path, ignore_errors=True)
    doc = extract_file(SAMPLE)
    t = time.perf_counter()
    with open_store(path) as store:
        store.ensure_ontology()
        for i in range(n_docs):
            d = doc if n_docs == 1 else dataclasses.replace(
                doc, doc=f"{doc.doc}_{i:04d}", title=f"{doc.title}({i})",
                jurisdiction=f"{doc.jurisdiction}{i // per_jurisdiction:03d}")
            store.import_built(build_document(d))
    marker.write_text(str(n_docs))
    print(f"  built {n_docs} document(s) in {time.perf_counter() - t:.0f} s", flush=True)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class App:
    """``kg app`` in a subprocess."""

    def __init__(self, store: Path):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        t = time.perf_counter()
        self.proc = subprocess.Popen([sys.executable, "-c", "from kg.cli import main; main()", "app", "--store",
                                      str(store), "--port", str(self.port), "--no-browser", "--no-sample"],
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=str(ROOT))
        while True:
            try:
                with urllib.request.urlopen(self.url + "/_stcore/health", timeout=2):
                    break
            except OSError:
                if self.proc.poll() is not None or time.perf_counter() - t > 120:
                    raise SystemExit("kg app did not start")
                time.sleep(0.2)
        self.startup = time.perf_counter() - t

    def stop(self) -> None:
        self.proc.send_signal(signal.SIGTERM)
        try:
            self.proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.proc.kill()


def _vis_ready(page, timeout: float = 120.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for f in page.frames:
            try:
                if f.evaluate("() => !!window.kgNetwork && document.body.dataset.ready === '1'"):
                    return
            except Exception:  # noqa: BLE001 - frames are replaced while the page renders
                pass
        page.wait_for_timeout(25)
    raise TimeoutError("graph not drawn")


def time_ask_page(page, url: str) -> float:
    """问答 loaded: the question box is on screen."""
    t = time.perf_counter()
    page.goto(url + "/")
    page.get_by_label("请输入问题").wait_for(timeout=300_000)
    return time.perf_counter() - t


def time_answer(page, url: str, expect_table: bool, timeout_s: float) -> float:
    """Load 问答, ask, until the answer is on screen (inf when not within ``timeout_s``)."""
    return time_answer_parts(page, url, expect_table, timeout_s)[2]


def time_answer_parts(page, url: str, expect_table: bool, timeout_s: float) -> tuple[float, float, float]:
    """(问答 usable: the question box on screen; question → answer on screen; both) in seconds."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    t = time.perf_counter()
    page.goto(url + "/")
    box = page.get_by_label("请输入问题")
    box.wait_for(timeout=300_000)
    usable = time.perf_counter() - t
    box.fill(QUESTION)
    asked = time.perf_counter()
    box.press("Enter")
    left = max(1.0, timeout_s - (time.perf_counter() - t)) * 1000
    try:
        if expect_table:
            page.locator("table.kg-table").get_by_text("2.2.3", exact=True).first.wait_for(timeout=left)
        else:  # the answer, or the question back when the name means many units
            page.locator("[data-testid='stAlertContainer'], [data-testid='stAlert']").first.wait_for(timeout=left)
    except PlaywrightTimeout:
        return usable, float("inf"), float("inf")
    done = time.perf_counter()
    return usable, done - asked, done - t


def time_graph(page, url: str) -> float:
    t = time.perf_counter()
    page.goto(url + "/graph")
    _vis_ready(page)
    return time.perf_counter() - t


def time_page(page, url: str, path: str, selector: str) -> float:
    t = time.perf_counter()
    page.goto(url + path)
    page.locator(selector).first.wait_for(timeout=300_000)
    return time.perf_counter() - t


def time_ledger(page, url: str) -> float:
    t = time.perf_counter()
    page.goto(url + "/ledger")
    box = page.get_by_label("单位")
    box.wait_for(timeout=120_000)
    box.click()
    page.get_by_role("option").first.click()
    page.get_by_text("下载 Excel 台账").wait_for(timeout=120_000)
    page.locator("[data-testid='stDataFrame']").first.wait_for(timeout=120_000)
    return time.perf_counter() - t


def _safe(fn, *args) -> float:
    """A figure, or inf when the page did not get there in time."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    try:
        return fn(*args)
    except (PlaywrightTimeout, TimeoutError):
        return float("inf")


def measure(store: Path, runs: int, big: bool, answer_timeout: float) -> dict[str, tuple[float, float]]:
    from playwright.sync_api import sync_playwright

    app = App(store)
    leaks: list[str] = []
    out: dict[str, list[float]] = {}
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            for i in range(runs + 1):
                ctx = browser.new_context(**CONTEXT)
                page = ctx.new_page()
                page.on("request", lambda r: leaks.append(r.url)
                        if not r.url.startswith(("http://127.0.0.1", "ws://127.0.0.1", "data:", "blob:", "about:"))
                        else None)
                if big:
                    out.setdefault("ask page", []).append(_safe(time_ask_page, page, app.url))
                else:
                    try:
                        usable, answered, both = time_answer_parts(page, app.url, True, answer_timeout)
                    except Exception as e:  # noqa: BLE001 - a failed visit is reported, not fatal
                        print(f"  !! {e!r}", flush=True)
                        usable = answered = both = float("inf")
                    out.setdefault("ask page", []).append(usable)
                    out.setdefault("q→answer", []).append(answered)
                    out.setdefault("answer", []).append(both)
                out.setdefault("graph", []).append(_safe(time_graph, page, app.url))
                if big:
                    out.setdefault("docs", []).append(
                        _safe(time_page, page, app.url, "/docs", "[data-testid='stDataFrame']"))
                    out.setdefault("ledger", []).append(_safe(time_ledger, page, app.url))
                    out.setdefault("stats", []).append(
                        _safe(time_page, page, app.url, "/stats", "[data-testid='stVegaLiteChart'], .vega-embed"))
                if big and i == runs:  # last: the first question builds kg.ask's index, which takes the CPU
                    out["answer"] = [_safe(time_answer, page, app.url, False, answer_timeout)]
                print(f"  visit {i}: " + "  ".join(f"{k} {v[-1]:.2f}" for k, v in out.items()), flush=True)
                ctx.close()
            browser.close()
    finally:
        app.stop()
    res = {k: (v[0], statistics.median(v[1:]) if len(v) > 1 else v[0]) for k, v in out.items()}
    for k, v in out.items():
        if k in ("q→answer", "ask page") and len(v) > 2:
            later = sorted(v[1:])
            res[k + " p95"] = (v[0], later[min(len(later) - 1, int(round(0.95 * (len(later) - 1))))])
    res["server start"] = (app.startup, app.startup)
    if leaks:
        print(f"  !! requests outside the app: {sorted(set(leaks))[:5]}")
    return res


FLOOR_SCRIPT = "import streamlit as st\nst.title('你好')\n"


def streamlit_floor(work: Path, runs: int) -> float:
    """Median time for a one-line streamlit page to show its title: the cost of Streamlit's own frontend."""
    from playwright.sync_api import sync_playwright

    script = work / "floor.py"
    script.write_text(FLOOR_SCRIPT, encoding="utf-8")
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "streamlit", "run", str(script), "--server.port", str(port),
                             "--server.address", "127.0.0.1", "--server.headless", "true",
                             "--browser.gatherUsageStats", "false"], stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, cwd=str(work))
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(600):
            try:
                with urllib.request.urlopen(url + "/_stcore/health", timeout=2):
                    break
            except OSError:
                time.sleep(0.2)
        times = []
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            for _ in range(runs + 1):
                ctx = browser.new_context(**CONTEXT)  # the same window as the app's visits
                page = ctx.new_page()
                t = time.perf_counter()
                page.goto(url)
                page.get_by_text("你好").wait_for(timeout=120_000)
                times.append(time.perf_counter() - t)
                ctx.close()
            browser.close()
        return statistics.median(times[1:])
    finally:
        proc.terminate()
        proc.wait(timeout=20)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--docs", type=int, default=200, help="documents in the big store (0: sample only)")
    ap.add_argument("--runs", type=int, default=3, help="visits after the first")
    ap.add_argument("--answer-timeout", type=float, default=120.0,
                    help="give up on an answer after this many seconds (reported as inf)")
    ap.add_argument("--workdir", type=Path, default=None)
    ap.add_argument("--keep", action="store_true", help="keep --workdir for the next run")
    a = ap.parse_args()
    if not Path(CHROMIUM).exists():
        raise SystemExit("needs Debian's chromium: apt-get install chromium fonts-noto-cjk")
    work = a.workdir or Path(tempfile.mkdtemp(prefix="kg-app-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    os.environ.setdefault("PYTHONUNBUFFERED", "1")
    try:
        stores = [("sample (1 document)", work / "sample", 1, False)]
        if a.docs > 1:
            stores.append((f"{a.docs} documents", work / f"docs{a.docs}", a.docs, True))
        print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs; a one-line streamlit page shows in "
              f"{streamlit_floor(work, a.runs):.2f} s here (Streamlit's own frontend: the floor)", flush=True)
        print(f"{'store':<22} {'figure':<14} {'first':>8} {'again':>8}")
        for name, path, n, big in stores:
            build_store(path, n)
            for fig, (first, again) in measure(path, a.runs, big, a.answer_timeout).items():
                print(f"{name:<22} {fig:<14} {first:8.2f} {again:8.2f}", flush=True)
    finally:
        if not a.keep and a.workdir is None:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
