"""End-to-end: `kroniek serve` on a loopback port, driven by headless Debian Chromium through
Playwright. Open search, go to an article, hover a time expression, follow an entity link, see the
timeline and the quotes; no console errors. Screenshots go to $KRONIEK_SCREENSHOTS
(default test-artifacts/screenshots)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from e2e.webstore import ROOT, build_sample_store, build_store

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]

pytestmark = [pytest.mark.browser,
              pytest.mark.skipif(not Path(CHROMIUM).exists(), reason=f"{CHROMIUM} is not installed")]
sync_api = pytest.importorskip("playwright.sync_api")

SEED_ID = "000_f80c548452cfc866"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """`kroniek serve` in a child process on a free loopback port."""

    def __init__(self, db: str, token: str | None = None):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        env = dict(os.environ, KRONIEK_LOG_LEVEL="warning")
        env.pop("KRONIEK_TOKEN", None)
        if token:
            env["KRONIEK_TOKEN"] = token
        self.proc = subprocess.Popen([sys.executable, "-m", "kroniek.cli", "serve", "--db", db, "--port",
                                      str(self.port)], env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"kroniek serve exited: {self.proc.stdout.read().decode()}")
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.2):
                    return
            except OSError:
                time.sleep(0.1)
        self.stop()
        raise RuntimeError("kroniek serve did not start within 30 s")

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()


@pytest.fixture(scope="module")
def shots() -> Path:
    d = Path(os.environ.get("KRONIEK_SCREENSHOTS", ROOT / "test-artifacts" / "screenshots"))
    d.mkdir(parents=True, exist_ok=True)
    return d


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser):
    """A page that records console errors, page errors and failed requests."""
    ctx = browser.new_context(viewport={"width": 1280, "height": 900})
    pg = ctx.new_page()
    pg.problems = []
    pg.on("console", lambda m: pg.problems.append(f"console {m.type}: {m.text}") if m.type == "error" else None)
    pg.on("pageerror", lambda e: pg.problems.append(f"page error: {e}"))
    pg.on("requestfailed", lambda r: pg.problems.append(f"request failed: {r.url}"))
    pg.on("response", lambda r: pg.problems.append(f"HTTP {r.status}: {r.url}") if r.status >= 400 else None)
    yield pg
    ctx.close()


@pytest.fixture(scope="module")
def server(tmp_path_factory, seed_article):
    srv = Server(build_store(tmp_path_factory.mktemp("e2e") / "web.db", seed_article))
    yield srv
    srv.stop()


def chart_drawn(pg, canvas_id: str) -> int:
    """Number of data points Chart.js drew on the canvas (0 when no chart is attached)."""
    return pg.evaluate(f"""() => {{ const c = window.Chart && Chart.getChart('{canvas_id}');
        return c ? c.getDatasetMeta(0).data.length : 0; }}""")


def test_journalist_path(server, page, shots):
    pg = page
    pg.goto(server.url + "/")
    assert pg.title().startswith("Search")
    pg.fill("input[name=q]", "Poetin")
    pg.press("input[name=q]", "Enter")
    pg.wait_for_url("**/search?q=Poetin*")
    assert pg.locator("mark").first.inner_text() == "Poetin"
    assert "juli 2018" in pg.locator(".result").filter(has_text=SEED_ID).inner_text()
    pg.screenshot(path=str(shots / "search.png"))

    pg.click(f"a.title[href='/articles/{SEED_ID}']")
    pg.wait_for_url(f"**/articles/{SEED_ID}")
    najaar = pg.locator(".timex[data-value='2018-FA']")
    najaar.hover()
    tip = pg.locator("#tip")
    tip.wait_for(state="visible")
    text = tip.inner_text()
    assert "2018-FA" in text and "2018-09-23" in text and "2018-12-21" in text
    assert "23 september – 21 december 2018" in text
    pg.screenshot(path=str(shots / "article.png"))
    pg.mouse.move(0, 0)
    tip.wait_for(state="hidden")
    assert pg.locator("#q1 + .said-by").inner_text() == "— Dan Coates"

    pg.locator("#text a.ent[href='/entities/Vladimir%20Poetin']").first.click()
    pg.wait_for_url("**/entities/Vladimir%20Poetin")
    assert pg.locator("h1.entity-name").inner_text().startswith("Vladimir Poetin")
    assert pg.locator("a.wikidata").get_attribute("href") == "https://www.wikidata.org/wiki/Q7747"
    assert chart_drawn(pg, "activity-chart") == 1
    pg.screenshot(path=str(shots / "entity.png"), full_page=True)

    pg.click("a[href^='/timeline?entity=']")
    pg.wait_for_url("**/timeline?entity=*")
    assert chart_drawn(pg, "timeline-chart") == 2
    # the planned autumn visit is a long bar; the month-dated quote a shorter one, neither a point
    widths = pg.evaluate("""() => Chart.getChart('timeline-chart').getDatasetMeta(0).data
                              .map(b => Math.abs(b.width))""")
    assert all(w > 3 for w in widths) and max(widths) > 2 * min(widths)
    pg.screenshot(path=str(shots / "timeline.png"), full_page=True)

    pg.click("nav >> text=Quotes")
    pg.wait_for_url("**/quotes")
    assert pg.locator(".quote-row").count() == 4
    pg.locator(".quote-row").filter(has_text="Dan Coates").locator("a.context").click()
    pg.wait_for_url(f"**/articles/{SEED_ID}#q1")
    assert pg.evaluate("document.querySelector(':target').id") == "q1"
    pg.goto(server.url + "/quotes")
    pg.screenshot(path=str(shots / "quotes.png"))
    assert pg.problems == []


def test_hostile_article_runs_no_script(server, page, shots):
    page.on("dialog", lambda d: page.problems.append(f"dialog opened: {d.message}"))
    page.goto(server.url + "/articles/hostile-1")
    page.locator("#text .timex").hover()
    assert page.locator("#text script, #text img, #text svg").count() == 0
    assert '<script>alert("x")</script>' in page.locator("#text").inner_text()
    page.screenshot(path=str(shots / "hostile.png"))
    assert page.problems == []


def test_token_once_in_the_address_then_links_work(tmp_path, seed_article, browser):
    srv = Server(build_store(tmp_path / "token.db", seed_article), token="t0ken")
    try:
        ctx = browser.new_context()
        pg = ctx.new_page()
        assert pg.goto(srv.url + "/search").status == 401
        assert "needs a token" in pg.inner_text("main")
        assert pg.goto(srv.url + "/?token=t0ken").status == 200  # redirected to /search with the cookie
        assert pg.url.endswith("/search")
        pg.click(f"a.title[href='/articles/{SEED_ID}']")
        pg.wait_for_url(f"**/articles/{SEED_ID}")
        assert "t0ken" not in pg.content()
        assert pg.evaluate("getComputedStyle(document.body).marginTop") == "0px"  # the stylesheet loaded
        ctx.close()
    finally:
        srv.stop()


def test_sample_store_through_the_default_pipeline(tmp_path, browser, shots):
    """The bundled sample as `kroniek add sample/` stores it: every page opens without errors."""
    srv = Server(build_sample_store(tmp_path / "sample.db"))
    try:
        ctx = browser.new_context(viewport={"width": 1280, "height": 900})
        pg = ctx.new_page()
        problems: list[str] = []
        pg.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
        pg.on("pageerror", lambda e: problems.append(str(e)))
        pg.goto(srv.url + "/search?limit=50")
        n = pg.locator(".result").count()
        assert n >= 10
        # every stored article opens from its link (ids with %, commas, quotes and accents included)
        hrefs = [a.get_attribute("href") for a in pg.locator("a.title").all()]
        for href in hrefs:
            pg.goto(srv.url + href)
            assert pg.locator("#text").count() == 1, href
        pg.goto(srv.url + "/search?limit=50")
        # the Dutch seed when the pipeline stored it, else the first result
        seed = pg.locator(f"a.title[href='/articles/{SEED_ID}']")
        (seed if seed.count() else pg.locator("a.title").first).click()
        pg.wait_for_load_state()
        assert pg.locator("#text").count() == 1
        if pg.locator("#text .timex").count():
            pg.locator("#text .timex").first.hover()
            pg.locator("#tip").wait_for(state="visible")
        pg.screenshot(path=str(shots / "sample-article.png"))
        links = pg.locator("#text a.ent")
        if links.count():
            links.first.click()
            pg.wait_for_load_state()
            assert pg.locator("h1.entity-name").count() == 1
            pg.screenshot(path=str(shots / "sample-entity.png"), full_page=True)
        for path in ["/timeline", "/quotes", "/entities"]:
            pg.goto(srv.url + path)
            assert pg.locator("h1").count() == 1
        pg.goto(srv.url + "/timeline")
        pg.screenshot(path=str(shots / "sample-timeline.png"))
        ctx.close()
        assert problems == []
    finally:
        srv.stop()
