"""Time until a page is drawn and interactive in headless Chromium: ours vs pyvis's defaults.

Run on demand (not a test):  .venv/bin/python bench/bench_viz.py [--sizes 500,2000,5000] [--timeout 120]

"Drawn and interactive" = for our pages the first `afterDrawing` after the layout is final (physics
frozen or precomputed positions); for pyvis's defaults (physics on, stabilisation, no precomputed layout)
the first `afterDrawing` after `stabilizationIterationsDone`. Measured with performance.now() in the
page (milliseconds since navigation start, so parsing the inlined vis-network is included for both).
Every request outside file:// is aborted. Target: 5,000 nodes within 3 s and >= 5x faster; the whole-graph
page (the overview) within 1.5 s; the map page of the same graph (`--layout geo`) within 3 s.
"""

from __future__ import annotations

import argparse
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path

import networkx as nx

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from viz.pages import viz  # noqa: E402

ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"]

READY_HOOK = """<script>(function () {
  function ready() { if (!window.kgReady) { window.kgReady = true; window.kgReadyAt = performance.now(); } }
  var o = network.physics.options;
  if (o.enabled && o.stabilization.enabled) {
    network.once('stabilizationIterationsDone', function () { network.once('afterDrawing', ready); });
  } else { network.once('afterDrawing', ready); }
})();</script>
</body>"""


def synthetic(n: int, seed: int = 1) -> nx.MultiDiGraph:
    """A kg-shaped graph: a region tree plus agencies, people, programmes and flows between them."""
    rnd = random.Random(seed)
    g = nx.MultiDiGraph()
    n_reg = n // 2
    for i in range(n_reg):
        level = "province" if i < 5 else "prefecture" if i < 60 else "county" if i < 600 else "township"
        g.add_node(f"Region:{i}", type="Region", name=f"地区{i}", level=level, aliases=[], mentions=[],
                   lon=100 + rnd.random() * 25, lat=37 + rnd.random() * 10)
        if i >= 5:
            parent = rnd.randrange(0, 5 if i < 60 else 60 if i < 600 else 600)
            g.add_edge(f"Region:{i}", f"Region:{parent}", key="PART_OF", type="PART_OF", evidence=[])
    others = [("Agency", n * 3 // 10), ("Person", n // 10), ("Program", n - n_reg - n * 3 // 10 - n // 10)]
    ids = []
    for t, k in others:
        for i in range(k):
            nid = f"{t}:{i}"
            g.add_node(nid, type=t, name=f"{t}{i}", aliases=[], mentions=[])
            ids.append((t, nid))
    regions = [f"Region:{i}" for i in range(n_reg)]
    ev = [{"doc": "bench.txt", "text": "证据句", "date": "2020-01-01"}]
    for t, nid in ids:
        if t == "Agency":
            g.add_edge(nid, rnd.choice(regions), key="LOCATED_IN", type="LOCATED_IN", evidence=[])
            g.add_edge(nid, rnd.choice(regions), key="FUNDS", type="FUNDS", evidence=ev,
                       amount_yuan=rnd.randrange(10_000, 500_000_000))
        elif t == "Person":
            g.add_edge(nid, rnd.choice([x for tt, x in ids[:50] if tt == "Agency"] or regions), key="HOLDS_POSITION",
                       type="HOLDS_POSITION", evidence=ev)
        else:
            g.add_edge(rnd.choice(regions), nid, key="IMPLEMENTS", type="IMPLEMENTS", evidence=ev)
    for _ in range(n // 5):
        a, b = rnd.sample(regions, 2)
        g.add_edge(a, b, key="ASSISTS", type="ASSISTS", evidence=ev)
    return g


def pyvis_default_page(g: nx.MultiDiGraph, path: Path) -> None:
    from pyvis.network import Network

    net = Network(directed=True, cdn_resources="in_line")
    for n, d in g.nodes(data=True):
        net.add_node(n, label=d["name"])
    for u, v, d in g.edges(data=True):
        net.add_edge(u, v, title=d["type"])
    html = net.generate_html()
    path.write_text(html.replace("</body>", READY_HOOK, 1), encoding="utf-8")


def time_page(browser, path: Path, timeout_s: float) -> float | None:
    ctx = browser.new_context(viewport={"width": 1400, "height": 820})
    ctx.route("**/*", lambda r: r.continue_() if r.request.url.startswith("file://") else r.abort())
    page = ctx.new_page()
    try:
        page.goto(path.as_uri(), timeout=timeout_s * 1000)
        page.wait_for_function("() => window.kgReady === true", timeout=timeout_s * 1000, polling=100)
        return page.evaluate("window.kgReadyAt") / 1000.0
    except Exception as e:  # timeout: report as a lower bound
        print(f"  {path.name}: not ready within {timeout_s:.0f}s ({type(e).__name__})")
        return None
    finally:
        ctx.close()


def fmt(t: float | None, timeout: float) -> str:
    return f"{t:7.2f}s" if t is not None else f">{timeout:.0f}s"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="500,2000,5000")
    ap.add_argument("--timeout", type=float, default=120.0)
    args = ap.parse_args()
    from playwright.sync_api import sync_playwright

    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    tmp = Path(tempfile.mkdtemp(prefix="bench_viz_"))
    rows = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=ARGS)
        for n in [int(s) for s in args.sizes.split(",")]:
            g = synthetic(n)
            t0 = time.perf_counter()
            viz(g, tmp / f"ours-{n}.html")
            gen = time.perf_counter() - t0
            pyvis_default_page(g, tmp / f"pyvis-{n}.html")
            t0 = time.perf_counter()
            viz(g, tmp / f"map-{n}.html", layout="geo")
            gen_map = time.perf_counter() - t0
            ours = time_page(browser, tmp / f"ours-{n}.html", args.timeout)
            theirs = time_page(browser, tmp / f"pyvis-{n}.html", args.timeout)
            on_map = time_page(browser, tmp / f"map-{n}.html", args.timeout)
            rows.append((n, g.number_of_edges(), gen, ours, theirs))
            ratio = (theirs or args.timeout) / ours if ours else float("nan")
            print(f"{n:6d} nodes {g.number_of_edges():6d} edges | generate {gen:5.2f}s | ours {fmt(ours, args.timeout)} | "
                  f"pyvis defaults {fmt(theirs, args.timeout)} | ratio {'>=' if theirs is None else ''}{ratio:.1f}x | "
                  f"map page: generate {gen_map:5.2f}s, drawn {fmt(on_map, args.timeout)}", flush=True)
        browser.close()
    shutil.rmtree(tmp, ignore_errors=True)
    big = [r for r in rows if r[0] == 5000]
    if big and big[0][3] is not None:
        n, _, _, ours, theirs = big[0]
        ok = ours <= 3.0 and (theirs or args.timeout) / ours >= 5
        print(f"target (5,000 nodes drawn <= 3 s and >= 5x faster): {'met' if ok else 'NOT met'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
