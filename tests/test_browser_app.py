"""End to end in a real browser: ``kg app`` on a free loopback port, driven by Playwright in Debian's chromium.

Every request to a non-loopback address is blocked and recorded: the app must work offline
(no CDN, no fonts, no usage statistics). Screenshots go to the test's tmp dir.
"""
from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.conftest import require

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]
LOOPBACK = {"127.0.0.1", "localhost", "::1", "[::1]"}
STORE_NAME = "图谱库"

pytestmark = pytest.mark.browser


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_up(url: str, proc: subprocess.Popen, timeout: float = 120.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise AssertionError(f"kg app exited with {proc.returncode}: {proc.stdout.read() if proc.stdout else ''}")
        try:
            with urllib.request.urlopen(url + "/_stcore/health", timeout=2) as r:
                if r.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise AssertionError("kg app did not come up")


@contextlib.contextmanager
def running_app(*args: str, env: dict | None = None, cwd: str | None = None):
    """``kg app ARGS`` on a free loopback port: yields its URL once it answers, and stops it after."""
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-c", "from kg.cli import main; main()", "app", *args,
                             "--port", str(port), "--host", "127.0.0.1", "--no-browser"],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                            env=env if env is not None else dict(os.environ), cwd=cwd)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_up(url, proc)
        yield url
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


@pytest.fixture(scope="module")
def app_server(tmp_path_factory):
    require(Path(CHROMIUM).exists(), "Debian chromium is not installed (apt-get install chromium)")
    pytest.importorskip("playwright.sync_api")
    home = tmp_path_factory.mktemp("browser")
    env = dict(os.environ, POLICYKG_APP_LOG="1")
    env.pop("POLICYKG_STORE", None)
    with running_app("--store", STORE_NAME, env=env, cwd=str(home)) as url:
        yield url, home


@pytest.fixture(scope="module")
def app_url(app_server):
    return app_server[0]


@pytest.fixture
def page(app_url):
    from playwright.sync_api import sync_playwright

    attempts: list[str] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        context = browser.new_context(viewport={"width": 1600, "height": 1200}, locale="zh-CN")

        def guard(route):
            url = route.request.url
            parts = urlsplit(url)
            if parts.scheme in ("data", "blob", "about") or (parts.hostname or "") in LOOPBACK:
                return route.continue_()
            attempts.append(url)
            return route.abort()

        context.route("**/*", guard)
        pg = context.new_page()
        pg.attempts = attempts
        yield pg
        context.close()
        browser.close()
    assert attempts == [], f"requests outside the app were attempted: {attempts}"


def vis_frame(pg, timeout_s: float = 60.0):
    """The frame holding the drawn vis network (once it has finished its layout)."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        for f in pg.frames:
            try:
                if f.evaluate("() => !!window.kgNetwork && document.body.dataset.ready === '1'"):
                    return f
            except Exception:  # noqa: BLE001 - frames come and go while streamlit renders
                pass
        time.sleep(0.2)
    raise AssertionError("no drawn graph found in any iframe")


def test_ask_in_the_browser_shows_tasks_and_the_graph(page, app_url, tmp_path):
    page.goto(app_url + "/")
    box = page.get_by_label("请输入问题")
    box.wait_for(timeout=120000)
    box.fill("区财政局负责哪些任务?")
    box.press("Enter")
    table = page.locator("table.kg-table").first
    table.wait_for(timeout=120000)
    page.get_by_text("2.2.3", exact=True).first.wait_for(timeout=30000)
    text = table.inner_text()
    assert "2.1.1" in text and "2.2.3" in text
    assert "责任单位" in text  # the source sentence of each task
    marks = table.locator("mark.entity")  # each task's units marked by role with displacy's HTML (issue 13 item 6)
    assert marks.count() == 11 and marks.first.inner_text().endswith("责任")
    colour = marks.filter(has_text="区财政局").first.evaluate("m => getComputedStyle(m).backgroundColor")
    assert colour == "rgb(142, 202, 230)"  # ROLE_COLORS["责任"]
    table.screenshot(path=str(tmp_path / "ask_table.png"))
    frame = vis_frame(page)
    n = frame.evaluate("() => window.kgNetwork.body.nodeIndices.length")
    assert n >= 3
    labels = frame.evaluate("() => window.kgNodes.get().map(n => n.full)")
    assert "区财政局" in labels
    drawn = frame.evaluate("""() => { const c = document.querySelector('#kg-net canvas');
        const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
        let ink = 0; for (let i = 0; i < d.length; i += 16) { if (d[i] < 200 || d[i+1] < 200 || d[i+2] < 200) ink++; }
        return ink; }""")
    assert drawn > 100  # pixels drawn on the canvas, not just data
    page.wait_for_timeout(500)
    shot = tmp_path / "ask.png"
    page.screenshot(path=str(shot), full_page=True)
    assert shot.stat().st_size > 10000
    print(f"screenshot: {shot}")


def test_graph_page_draws_the_whole_sample(page, app_url, tmp_path):
    page.goto(app_url + "/graph")
    frame = vis_frame(page)
    n = frame.evaluate("() => window.kgNetwork.body.nodeIndices.length")
    assert n > 30
    physics = frame.evaluate("() => window.kgNetwork.physics.options.enabled")
    assert physics is False  # settled, then stopped
    page.wait_for_timeout(300)
    page.screenshot(path=str(tmp_path / "graph.png"), full_page=True)
    print(f"screenshot: {tmp_path / 'graph.png'}")


def test_a_relative_store_is_the_callers_folder(page, app_server):
    """kg app --store 图谱库 run in a folder opens (and imports the sample into) that folder's 图谱库."""
    url, home = app_server
    store = home / STORE_NAME
    assert store.is_dir() and any(store.iterdir())
    app_dir = Path(__file__).resolve().parents[1] / "app"
    assert not (app_dir / STORE_NAME).exists()
    page.goto(url + "/docs")
    page.get_by_text(str(store)).first.wait_for(timeout=120000)  # the sidebar names the store it opened
    page.get_by_text("dongying_ip_2024").first.wait_for(timeout=30000)


ENGLISH = ("Press Enter", "submit form", "Upload", "per file", "Drag and drop", "Browse files", "Choose an option")


def _visible_english(pg) -> list[str]:
    return pg.evaluate("""(words) => { const out = []; const w = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
        let n; while ((n = w.nextNode())) { const p = n.parentElement; if (!p || p.closest('script,style,noscript')) continue;
          const t = n.nodeValue.trim(); if (words.some(x => t.includes(x))) out.push(t); }
        document.querySelectorAll('[placeholder]').forEach(e => { const v = e.getAttribute('placeholder');
          if (words.some(x => v.includes(x))) out.push(v); });
        return out; }""", list(ENGLISH))


def test_every_page_has_its_first_screens_widget_code_preloaded(page, app_url):
    """issue 12, item 11: the question box's, the buttons', st.html's and the filter's code comes with the page
    (app/preload.py), and the browser fetches it with the page, once."""
    from app.preload import element_files

    files = element_files()
    for path in ("/", "/graph"):
        with urllib.request.urlopen(app_url + path, timeout=30) as r:
            html = r.read().decode("utf-8")
        assert all(f'rel="modulepreload" crossorigin href="./static/js/{f}"' in html for f in files), path
    page.goto(app_url + "/")
    page.get_by_label("请输入问题").wait_for(timeout=120000)
    page.get_by_text("全不选").first.wait_for(timeout=60000)
    # [file, when its fetch started] for Streamlit's code, and when the page first asked the server for its config
    fetched, asked = page.evaluate("""() => { const es = performance.getEntriesByType('resource');
        const cfg = es.find(e => e.name.includes('/_stcore/host-config'));
        return [es.filter(e => e.name.includes('/static/js/')).map(e => [e.name.split('/').pop(), e.startTime]),
                cfg ? cfg.startTime : null]; }""")
    started = {name: t for name, t in fetched if name in files}
    assert set(started) == set(files) and asked is not None
    assert max(started.values()) < asked  # all fetched with the page, before it connects to the server
    assert len([n for n, _ in fetched if n in files]) == len(files)  # once each


def test_streamlit_strings_are_chinese(page, app_url, tmp_path):
    """issue 12, item 5: the form hint, the uploader and the select placeholder are in Chinese."""
    page.goto(app_url + "/")
    box = page.get_by_label("请输入问题")
    box.wait_for(timeout=120000)
    box.fill("区财政局")
    page.get_by_text("按回车键提交").first.wait_for(timeout=30000)
    assert _visible_english(page) == []
    page.goto(app_url + "/docs")
    page.get_by_text("把文件拖到这里").or_(page.get_by_text("选择文件", exact=True)).first.wait_for(timeout=120000)
    page.get_by_text("每个文件不超过").first.wait_for(timeout=30000)
    assert _visible_english(page) == []
    page.screenshot(path=str(tmp_path / "docs.png"), full_page=True)


# ------------------------------------------------------------------ graphs people can read (item 6)

SCREENS = {"laptop": (1600, 1000), "projector": (1920, 1080)}


def _labels_overlap(frame) -> list:
    """Pairs of drawn nodes whose boxes (shape and label) overlap on screen."""
    return frame.evaluate("""() => { const net = window.kgNetwork, ids = net.body.nodeIndices, boxes = [];
        ids.forEach(id => { const b = net.getBoundingBox(id); if (b) boxes.push([id, b]); });
        const out = [];
        for (let i = 0; i < boxes.length; i++) for (let j = i + 1; j < boxes.length; j++) {
          const a = boxes[i][1], b = boxes[j][1];
          const w = Math.min(a.right, b.right) - Math.max(a.left, b.left), h = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
          if (w > 2 && h > 2) out.push([boxes[i][0], boxes[j][0]]);
        }
        return out; }""")


def _fits(frame) -> bool:
    """Every node's box lies inside the canvas."""
    return frame.evaluate("""() => { const net = window.kgNetwork, c = document.querySelector('#kg-net canvas');
        const W = c.clientWidth, H = c.clientHeight;
        return net.body.nodeIndices.every(id => { const b = net.getBoundingBox(id);
          const p1 = net.canvasToDOM({x: b.left, y: b.top}), p2 = net.canvasToDOM({x: b.right, y: b.bottom});
          return p1.x >= -2 && p1.y >= -2 && p2.x <= W + 2 && p2.y <= H + 2; }); }""")


def _font_px(frame) -> float:
    """The node label size as drawn on screen (font size × zoom)."""
    return frame.evaluate("() => window.kgNetwork.getScale() * window.kgNetwork.body.nodes[window.kgNetwork.body.nodeIndices[0]].options.font.size")


EDGE_FONT = "() => window.kgNetwork.body.edges[window.kgNetwork.body.edgeIndices[0]].options.font.size"
NODE_FONT = "() => window.kgNetwork.body.nodes[window.kgNetwork.body.nodeIndices[0]].options.font.size"


def _in_frame(pg, read):
    """``read(frame)`` on the drawn graph, asked again (a bounded number of times) when Streamlit replaces the
    frame while it is being read."""
    for _ in range(30):
        try:
            return read(vis_frame(pg))
        except Exception as e:  # noqa: BLE001 - playwright's "execution context was destroyed"
            if "destroyed" not in str(e) and "detached" not in str(e):
                raise
            pg.wait_for_timeout(300)
    return read(vis_frame(pg))


@pytest.mark.parametrize("screen", list(SCREENS))
def test_graphs_are_legible_on_a_laptop_and_a_projector(app_url, screen, tmp_path):
    from playwright.sync_api import sync_playwright

    width, height = SCREENS[screen]
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        pg = browser.new_context(viewport={"width": width, "height": height}, locale="zh-CN").new_page()
        # the answer's subgraph: fits its frame, nothing floats, labels legible
        pg.goto(app_url + "/")
        box = pg.get_by_label("请输入问题")
        box.wait_for(timeout=120000)
        box.fill("区财政局负责哪些任务?")
        box.press("Enter")
        pg.locator("table.kg-table").first.wait_for(timeout=120000)
        assert _in_frame(pg, _fits)
        isolated = _in_frame(pg, lambda f: f.evaluate("() => window.kgNetwork.body.nodeIndices.filter(id => window.kgNetwork.getConnectedEdges(id).length === 0)"))
        assert isolated == []
        assert _in_frame(pg, _font_px) >= 11
        pg.wait_for_timeout(300)
        pg.screenshot(path=str(tmp_path / f"answer_{screen}.png"))
        # the whole sample: tasks read "2.1.1 加大高质量…", not only their path
        pg.goto(app_url + "/graph")
        labels = _in_frame(pg, lambda f: f.evaluate(
            "() => window.kgNodes.get().filter(n => n.kind === 'task').map(n => n.label)"))
        assert labels and all(" " in lb and len(lb) > 6 for lb in labels), labels[:5]
        assert _in_frame(pg, _font_px) >= 10  # the whole sample's labels, as drawn on screen
        pg.wait_for_timeout(300)
        pg.screenshot(path=str(tmp_path / f"graph_{screen}.png"))
        # a unit's neighbourhood: no overlapping labels
        pg.get_by_label("单位").first.click()
        pg.keyboard.type("区财政局")
        pg.keyboard.press("Enter")
        n = 0
        for _ in range(100):  # the unit's picture replaces the whole one (bounded wait)
            try:
                frame = vis_frame(pg)
                n = frame.evaluate("() => window.kgNetwork.body.nodeIndices.length")
            except Exception:  # noqa: BLE001 - the frame was replaced while we asked it
                n = 10 ** 6
            if n <= 60:
                break
            pg.wait_for_timeout(300)
        pg.wait_for_timeout(500)
        assert 3 <= n <= 60
        assert _in_frame(pg, _labels_overlap) == []
        assert _in_frame(pg, _fits)
        pg.screenshot(path=str(tmp_path / f"unit_{screen}.png"))
        # meeting mode: node and edge labels larger than in the normal view
        normal_edge = _in_frame(pg, lambda f: f.evaluate(EDGE_FONT))
        normal_node = _in_frame(pg, lambda f: f.evaluate(NODE_FONT))
        pg.get_by_text("会议模式(全屏大字)").click()
        pg.wait_for_timeout(1500)
        for _ in range(60):  # the meeting picture replaces the normal one (bounded wait)
            if _in_frame(pg, lambda f: f.evaluate(NODE_FONT)) > normal_node:
                break
            pg.wait_for_timeout(300)
        assert _in_frame(pg, lambda f: f.evaluate(NODE_FONT)) > normal_node
        assert _in_frame(pg, lambda f: f.evaluate(EDGE_FONT)) > normal_edge
        pg.screenshot(path=str(tmp_path / f"meeting_{screen}.png"))
        shots = os.environ.get("POLICYKG_SCREENSHOTS")
        if shots:  # keep them for a look (the test's tmp dir is removed eventually)
            Path(shots).mkdir(parents=True, exist_ok=True)
            for f in tmp_path.glob("*.png"):
                (Path(shots) / f.name).write_bytes(f.read_bytes())
        browser.close()


# ------------------------------------------------------------------ the document filter with many documents (item 8)

@pytest.fixture(scope="module")
def many_docs_url(tmp_path_factory):
    """kg app on a store of 12 short documents with long, distinct titles."""
    import dataclasses

    from kg.build import build_document
    from tests.examples import example_document
    from kg.stores import open_store

    require(Path(CHROMIUM).exists(), "Debian chromium is not installed (apt-get install chromium)")
    pytest.importorskip("playwright.sync_api")
    store = tmp_path_factory.mktemp("many") / "store"
    with open_store(store) as s:
        s.ensure_ontology()
        for i in range(12):
            d = dataclasses.replace(example_document(f"plan_{i:02d}", f"青山{i}区"),
                                    title=f"青山{i}区关于加快推进数字经济高质量发展的实施方案(2024—2026年)")
            s.import_built(build_document(d))
    env = dict(os.environ)
    env.pop("POLICYKG_STORE", None)
    with running_app("--store", str(store), "--no-sample", env=env) as url:
        yield url


def test_the_document_filter_with_twelve_documents(page, many_docs_url, tmp_path):
    """Full titles on hover, the chips in a bounded box, a search that picks its matches, 全选 / 全不选."""
    page.goto(many_docs_url + "/stats")
    side = page.locator("section[data-testid='stSidebar']")
    side.get_by_text("共 12 个文件").first.wait_for(timeout=120000)
    tags = side.locator("[data-testid='stMultiSelectTagsContainer'] [data-tag]")
    tags.first.wait_for(timeout=120000)
    assert tags.count() == 12, side.locator("div[data-testid='stMultiSelect']").first.inner_html()[:2500]
    title = tags.first.evaluate("t => [t, ...t.querySelectorAll('[title]')].map(e => e.getAttribute('title') || '').join(' ')")
    assert "实施方案(2024—2026年)" in title, tags.first.evaluate("t => t.outerHTML")  # the whole title, on hover
    box = side.locator("[data-testid='stMultiSelectTagsContainer']").first
    assert box.bounding_box()["height"] <= 200  # 12 chips do not push the rest of the sidebar away
    page.screenshot(path=str(tmp_path / "filter_all.png"))
    search = side.get_by_label("搜索文件", exact=True)
    search.fill("青山7区")
    search.press("Enter")
    side.get_by_role("button", name="只选这 1 个文件").first.click()
    side.get_by_text("已选 1 个").first.wait_for(timeout=60000)
    assert side.locator("[data-testid='stMultiSelectTagsContainer'] [data-tag]").count() == 1
    side.get_by_role("button", name="全不选", exact=True).first.click()
    side.get_by_text("未选即为全部").first.wait_for(timeout=60000)
    side.get_by_role("button", name="全选", exact=True).first.click()
    page.wait_for_function("() => document.querySelectorAll(\"section[data-testid='stSidebar'] [data-testid='stMultiSelectTagsContainer'] [data-tag]\").length === 12",
                           timeout=60000)
    page.screenshot(path=str(tmp_path / "filter_after.png"))
    shots = os.environ.get("POLICYKG_SCREENSHOTS")
    if shots:
        Path(shots).mkdir(parents=True, exist_ok=True)
        for f in tmp_path.glob("*.png"):
            (Path(shots) / f.name).write_bytes(f.read_bytes())
