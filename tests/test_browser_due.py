"""The 督办 page in a real browser: ``kg app`` on a store holding the due_* plan and reports, driven by
Playwright in Debian's chromium — lights drawn, the unit filter applied, the .xlsx downloaded and read back."""
from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import DATA, require
from tests.test_browser_app import CHROMIUM, CHROMIUM_ARGS, LOOPBACK, running_app

pytestmark = pytest.mark.browser
DUE_DOCS = sorted((DATA / "testdocs").glob("due_*.txt"))


@pytest.fixture(scope="module")
def due_url(tmp_path_factory):
    require(Path(CHROMIUM).exists(), "Debian chromium is not installed (apt-get install chromium)")
    pytest.importorskip("playwright.sync_api")
    store = tmp_path_factory.mktemp("browser_due") / "store"
    build = subprocess.run([sys.executable, "-c", "from kg.cli import main; main()", "build", *map(str, DUE_DOCS),
                            "--store", str(store), "-q"], capture_output=True, text=True)
    assert build.returncode == 0, build.stderr
    with running_app("--store", str(store)) as url:
        yield url


def test_due_page_lights_filter_and_export(due_url, tmp_path):
    from urllib.parse import urlsplit

    from openpyxl import load_workbook
    from playwright.sync_api import sync_playwright

    attempts: list[str] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        context = browser.new_context(viewport={"width": 1600, "height": 1200}, locale="zh-CN", accept_downloads=True)

        def guard(route):
            parts = urlsplit(route.request.url)
            if parts.scheme in ("data", "blob", "about") or (parts.hostname or "") in LOOPBACK:
                return route.continue_()
            attempts.append(route.request.url)
            return route.abort()

        context.route("**/*", guard)
        page = context.new_page()
        page.goto(due_url + "/due?on=2024-10-20")
        table = page.locator("table.kg-due")
        table.wait_for(timeout=90000)
        assert page.locator('tr[data-light="overdue"]').count() == 1
        assert page.locator('tr[data-light="done"]').count() == 4
        # the lights are drawn in colour
        red = page.locator('tr[data-light="overdue"] span.kg-light').evaluate(
            "e => getComputedStyle(e).backgroundColor")
        assert red == "rgb(217, 56, 58)"
        assert "建设城市运行管理平台" in page.locator('tr[data-light="overdue"]').inner_text()
        page.screenshot(path=str(tmp_path / "due.png"), full_page=True)

        # filter by unit
        box = page.locator('div[data-testid="stSelectbox"]').filter(has_text="责任单位").locator("input")
        box.click()
        box.fill("区大数据中心")
        page.get_by_role("option", name="区大数据中心", exact=True).click()
        page.wait_for_function("() => document.querySelectorAll('table.kg-due tbody tr').length === 3",
                               timeout=60000)
        paths = page.locator("table.kg-due tbody tr").evaluate_all("rs => rs.map(r => r.dataset.path)")
        assert sorted(paths) == ["1.3", "3.2", "3.4"]

        # export: the downloaded 督办台账 holds the filtered rows
        with page.expect_download(timeout=60000) as dl:
            page.get_by_text("下载督办台账(Excel)").click()
        target = tmp_path / "督办台账.xlsx"
        dl.value.save_as(str(target))
        ws = load_workbook(io.BytesIO(target.read_bytes())).active
        header = [c.value for c in ws[1]]
        rows = [dict(zip(header, [c.value for c in r])) for r in ws.iter_rows(min_row=2)]
        assert sorted(r["章节"] for r in rows) == ["1.3", "3.2", "3.4"]
        assert next(r for r in rows if r["章节"] == "3.2")["督办灯"] == "逾期"
        context.close()
        browser.close()
    assert attempts == [], f"requests outside the app were attempted: {attempts}"
