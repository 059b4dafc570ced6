"""The pages in a real browser: headless Chromium, every request outside file:// aborted and counted.

One browser for the module; each page gets a fresh context. Screenshots go to out/test-artifacts/viz/.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from kg.build import build
from kg.demo import default_samples
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
        in_view = """id => { const p = kgNetwork.canvasToDOM(kgNetwork.getPositions([id])[id]);
                         const r = document.querySelector('#kg-network canvas').getBoundingClientRect();
                         return p.x > 20 && p.y > 20 && p.x < r.width - 20 && p.y < r.height - 20; }"""
        for _attempt in range(5):
            self.page.wait_for_function("() => !window.kgAnimating")
            if not self.page.evaluate(in_view, node_id):  # scrolled out of view: bring it back, as a user would
                self.page.evaluate("id => kgNetwork.moveTo({position: kgNetwork.getPositions([id])[id]})", node_id)
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
    out = tmp_path_factory.mktemp("demo-samples")
    # the demo's corpus: the seed pages and the public articles
    build([str(p) for p in default_samples()], out, progress=False, log=lambda m: None)
    g_samples = read_graph(out / "graph.json")
    syn = tmp_path_factory.mktemp("demo-synthetic")
    g_syn = request.getfixturevalue("synthetic_graph")
    return [("samples", out, g_samples, write_demo_pages(g_samples, out)),
            ("synthetic", syn, g_syn, write_demo_pages(g_syn, syn))]


def test_demo_pages_draw_everything_offline(browser, demo_dirs):
    for name, out, g, pages in demo_dirs:
        assert len(pages) == 5
        for p in pages:
            o = Opened(browser, out / p["file"])
            try:
                if p["kind"] == "funding":
                    got = o.page.evaluate("kgFunding")
                    assert got["funders"] + got["recipients"] == p["nodes"], (name, p["file"])
                    bars = o.page.locator("button.bar").count()
                    # a band for every pair of the top funders and recipients; all pairs when nobody is cut
                    assert bars >= min(got["funders"], got["top"])
                    assert o.page.locator("path.band").count() == got["bands"] <= got["pairs"]
                    if got["funders"] <= got["top"] and got["recipients"] <= got["top"]:
                        assert got["bands"] == got["pairs"]
                else:
                    n, e, drawn = o.counts()
                    assert (n, e) == (p["nodes"], p["edges"]), (name, p["file"])
                    assert drawn == p["nodes"]
                if p["kind"] == "map":
                    m = o.page.evaluate("kgMap")
                    assert m["flows"] == p["edges"] and m["boundaries"][0] == "100000"
                    codes = {str(g.nodes[n].get("adcode")) for n in o.page.evaluate("kgNodes.getIds()")}
                    assert codes <= set(m["boundaries"]), (name, p["file"])  # every region on it has its outline
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
        assert o.page.evaluate("kgMap.flows") == 4
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


NASTY = 'a "b": c\u2028d #e\\'  # quotes, a colon, a YAML line break, a comment sign, a backslash


def nasty_graph():
    from kg.graph import build_graph
    from tests.viz.conftest import BJ, CF, ent, rel

    agency = ent("Agency", NASTY + XSS_IMG)
    doc = {"doc": "n'o: #t.txt", "date": "2020-01-01", "entities": [agency, BJ, CF],
           "relations": [rel(agency, "FUNDS", CF, "某机构安排资金100万元支持赤峰市", "2020-01-01", amount_yuan=1000000),
                         rel(BJ, "ASSISTS", CF, "北京市帮扶赤峰市", "2020-01-01")]}
    return build_graph([doc])


def test_copy_a_correction_gives_yaml_that_reads_back(browser, tmp_path):
    yaml = pytest.importorskip("yaml")
    path = tmp_path / "nasty.html"
    viz(nasty_graph(), path)
    o = Opened(browser, path)
    try:
        eid = o.page.evaluate("Object.keys(kgData.einfo).filter(k => kgData.einfo[k].type === 'FUNDS')[0]")
        o.page.evaluate("id => kgShowEdge(id)", eid)
        o.page.click("#kg-panel .correction button.copy")
        copied = o.page.evaluate("window.kgCopied")
        assert yaml.safe_load(copied) == {"reject": [{"source": NASTY + XSS_IMG, "type": "FUNDS", "target": "赤峰市"}]}
        assert copied in o.page.inner_text("#kg-copied")
        o.page.evaluate("kgShowNode('Region:150400')")
        o.page.fill("#kg-panel input.merge-into", NASTY)
        o.page.click("#kg-panel .correction button.copy")
        assert yaml.safe_load(o.page.evaluate("window.kgCopied")) == {"merge": [{"into": NASTY, "from": ["赤峰市"]}]}
        o.shot("copy-a-correction.png")
        assert o.errors == [] and o.external == [] and o.dialogs == []
        assert o.page.evaluate("document.querySelectorAll('img').length") == 0
    finally:
        o.close()


def test_map_and_funding_pages_resist_the_xss_probe(browser, tmp_path):
    for kw, name in (({"layout": "geo"}, "map"), ({"preset": "funding"}, "funding")):
        path = tmp_path / f"xss-{name}.html"
        viz(xss_graph(), path, title=f"probe {XSS_IMG}", **kw)
        o = Opened(browser, path)
        try:
            assert XSS_IMG in o.page.inner_text("#kg-title")
            if name == "map":
                assert o.page.evaluate("kgMap.flows") == 1  # the evil agency has no place: only Beijing's flow
                o.page.evaluate("kgShowEdge(kgData.edges[0].id)")
                assert f"北京市帮扶{XSS_SCRIPT}" in o.page.inner_text("#kg-panel")
            else:
                o.page.click("button.bar")
                text = o.page.inner_text("#kg-panel")
                assert f"坏机构{XSS_IMG}" in text and f"证据{XSS_IMG}与{XSS_SCRIPT}" in text
            assert o.page.evaluate("document.querySelectorAll('img').length") == 0
            assert o.page.evaluate("document.querySelectorAll('script').length") == 2 + (name == "map")
            assert o.dialogs == [] and o.external == [] and o.errors == []
            o.shot(f"xss-{name}.png")
        finally:
            o.close()


def test_funding_bars_and_bands_open_their_evidence(browser, demo_dirs):
    _, out, _g, _pages = demo_dirs[1]
    o = Opened(browser, out / "funding.html")
    try:
        o.page.click('button.bar[data-key="朝阳区"]')
        assert "朝阳区安排资金2.94亿元支持翁牛特旗" in o.page.inner_text("#kg-panel")
        o.page.dispatch_event('path.band[data-key="西城区 → 克什克腾旗"]', "click")
        text = o.page.inner_text("#kg-panel")
        assert "西城区投入帮扶资金650万元用于克什克腾旗产业发展" in text and "650万元" in text
        assert o.errors == [] and o.external == []
    finally:
        o.close()


def test_overview_toggles_isolated_entities_and_scaffolding(browser, demo_dirs):
    _, out, _g, _pages = demo_dirs[0]
    o = Opened(browser, out / "graph.html")
    try:
        hidden = "kgNodes.get().filter(n => n.hidden).length"
        isolated = o.page.evaluate("kgData.legend.isolated")
        assert isolated > 0 and o.page.evaluate(hidden) == isolated
        assert o.page.evaluate("window.kgLabels") > 0  # hubs labelled
        o.page.click("#kg-toggle-isolated input")
        assert o.page.evaluate(hidden) == 0
        scaffold = "kgEdges.get().filter(e => kgData.einfo[e.id].type === 'PART_OF' && !e.hidden).length"
        assert o.page.evaluate(scaffold) == 0
        o.page.get_by_text("隶属 PART_OF").click()
        assert o.page.evaluate(scaffold) > 0
        o.shot("samples-graph-all-shown.png")
        assert o.errors == [] and o.external == []
    finally:
        o.close()


def test_pyvis_page_is_offline(browser, tmp_path, synthetic_graph):
    from viz.notebook import to_pyvis

    net = to_pyvis(synthetic_graph, preset="beijing-chifeng")
    net.add_node("mine", label="我的节点")
    path = tmp_path / "pyvis.html"
    net.write_html(str(path))
    o = Opened(browser, path)
    try:
        n, e, drawn = o.counts()
        assert n == len(net.nodes) and e == len(net.edges) and drawn == n
        assert o.external == [] and o.errors == []
        o.shot("pyvis.png")
    finally:
        o.close()
