"""The pages in a real browser: headless Chromium, every request outside file:// aborted and counted.

One browser for the module; each page gets a fresh context. Screenshots go to out/test-artifacts/viz/.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from kg.build import build
from kg.graph import read_graph
from tests.viz.conftest import XSS_IMG, XSS_SCRIPT, xss_graph
from viz.pages import viz, write_demo_pages

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "out" / "test-artifacts" / "viz"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"]


@pytest.fixture(scope="module")
def browser():
    sync_api = pytest.importorskip("playwright.sync_api")
    if not CHROMIUM:
        pytest.skip("chromium not installed")
    with sync_api.sync_playwright() as p:
        # playwright gives every launch a fresh temporary profile (user-data-dir)
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


class Opened:
    def __init__(self, browser, path: Path):
        self.external: list[str] = []
        self.errors: list[str] = []
        self.dialogs: list[str] = []
        self.context = browser.new_context(viewport={"width": 1400, "height": 820})

        def route(r):
            if r.request.url.startswith("file://"):
                r.continue_()
            else:
                self.external.append(r.request.url)
                r.abort()

        self.context.route("**/*", route)
        self.page = self.context.new_page()
        self.page.on("request", lambda req: None if req.url.startswith(("file://", "data:"))
                     else self.external.append(req.url))
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))
        self.page.goto(path.as_uri())
        self.page.wait_for_function("() => window.kgReady === true", timeout=30000)

    def counts(self):
        return self.page.evaluate("[kgNodes.length, kgEdges.length, Object.keys(kgNetwork.body.nodes).length]")

    def click_node(self, node_id: str):
        locate = """id => { const p = kgNetwork.getPositions([id])[id]; const d = kgNetwork.canvasToDOM(p);
                       const r = document.querySelector('#kg-network canvas').getBoundingClientRect();
                       return [r.left + d.x, r.top + d.y]; }"""
        # the camera may still be moving after a search and the layout may still be settling on a loaded
        # machine: wait until the node stands still on screen, then click; re-aim if it moved meanwhile
        for _attempt in range(5):
            self.page.wait_for_function("() => !window.kgAnimating")
            before = self.page.evaluate(locate, node_id)
            self.page.wait_for_timeout(150)
            xy = self.page.evaluate(locate, node_id)
            if abs(xy[0] - before[0]) > 1 or abs(xy[1] - before[1]) > 1:
                continue
            self.page.mouse.click(*xy)
            if self.page.evaluate("kgNetwork.getSelectedNodes()") == [node_id]:
                return
        raise AssertionError(f"could not click {node_id}")

    def shot(self, name: str):
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        self.page.screenshot(path=str(ARTIFACTS / name))

    def close(self):
        self.context.close()


@pytest.fixture(scope="module")
def demo_dirs(tmp_path_factory, request):
    samples = ROOT / "data" / "samples"
    out = tmp_path_factory.mktemp("demo-samples")
    build([str(samples)], out, progress=False, log=lambda m: None)
    g_samples = read_graph(out / "graph.json")
    syn = tmp_path_factory.mktemp("demo-synthetic")
    g_syn = request.getfixturevalue("synthetic_graph")
    return [("samples", out, g_samples, write_demo_pages(g_samples, out)),
            ("synthetic", syn, g_syn, write_demo_pages(g_syn, syn))]


def test_demo_pages_draw_everything_offline(browser, demo_dirs):
    for name, out, _g, pages in demo_dirs:
        assert len(pages) == 4
        for p in pages:
            o = Opened(browser, out / p["file"])
            try:
                n, e, drawn = o.counts()
                assert (n, e) == (p["nodes"], p["edges"]), (name, p["file"])
                assert drawn == p["nodes"]
                assert o.external == [], (name, p["file"])
                assert o.errors == [] and o.dialogs == [], (name, p["file"])
                o.shot(f"{name}-{p['file']}.png")
            finally:
                o.close()


def test_search_selects_and_click_shows_evidence(browser, demo_dirs):
    _, out, _g, _pages = demo_dirs[1]
    o = Opened(browser, out / "beijing-chifeng.html")
    try:
        o.page.fill("#kg-search", "克旗")  # an alias
        o.page.press("#kg-search", "Enter")
        assert o.page.evaluate("kgNetwork.getSelectedNodes()") == ["Region:150425"]
        panel = o.page.locator("#kg-panel")
        assert panel.is_visible()
        assert "西城区投入帮扶资金650万元用于克什克腾旗产业发展" in panel.inner_text()
        assert "650万元" in panel.inner_text()
        o.click_node("Region:150400")
        assert o.page.evaluate("kgNetwork.getSelectedNodes()") == ["Region:150400"]
        text = panel.inner_text()
        assert "北京市党政代表团深入我区赤峰市考察，对接落实京蒙扶贫协作工作" in text
        assert "001_beijing.txt · 2020-05-12" in text
        o.page.fill("#kg-search", "上海")
        o.page.press("#kg-search", "Enter")
        assert "未找到" in o.page.inner_text("#kg-search-status")
        o.shot("synthetic-beijing-chifeng-clicked.png")
        assert o.errors == [] and o.external == []
    finally:
        o.close()


def test_xss_probe_executes_nothing_and_shows_text(browser, tmp_path):
    path = tmp_path / "xss.html"
    viz(xss_graph(), path, title=f"probe {XSS_IMG}")
    o = Opened(browser, path)
    try:
        evil = "Agency:坏机构" + XSS_IMG
        o.page.fill("#kg-search", XSS_SCRIPT)  # the alias, searched literally
        o.page.press("#kg-search", "Enter")
        assert o.page.evaluate("kgNetwork.getSelectedNodes()") == [evil]
        text = o.page.inner_text("#kg-panel")
        assert f"坏机构{XSS_IMG}" in text and f"证据{XSS_IMG}与{XSS_SCRIPT}" in text
        assert XSS_IMG in o.page.inner_text("#kg-title")
        o.click_node("Region:159999")
        assert XSS_SCRIPT + "县" in o.page.inner_text("#kg-panel")
        # hover popup: plain text
        o.page.evaluate("id => kgNetwork.selectNodes([id])", evil)
        assert o.page.evaluate("document.querySelectorAll('img').length") == 0
        assert o.page.evaluate("document.querySelectorAll('script').length") == 3
        assert o.dialogs == [] and o.external == [] and o.errors == []
        o.shot("xss-probe.png")
    finally:
        o.close()
