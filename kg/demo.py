"""The demo: build the sample corpus, write the pages, and an index linking them."""

from __future__ import annotations

import html
from pathlib import Path

from kg.build import build
from kg.errors import KgError
from kg.graph import read_graph
from kg.jsonio import atomic_write_text

ARTICLE_SETS = ("dev", "dev2")  # data/articles/<set>/docs: public articles, their sources in <set>/SOURCES.md


def default_samples() -> list[Path]:
    """The demo's corpus: the five seed pages (data/samples) and the public articles on the Beijing–Inner
    Mongolia pairing (data/articles/*/docs), from the working directory's data/ or the project's."""
    here = Path(__file__).resolve().parent
    for data in (Path.cwd() / "data", here.parent / "data"):
        if (data / "samples").is_dir():
            articles = [data / "articles" / s / "docs" for s in ARTICLE_SETS]
            return [data / "samples", *(a for a in articles if a.is_dir())]
    raise KgError("sample corpus not found (data/samples); pass --samples DIR")


def write_pages(g, out: Path) -> list[dict]:
    """Pages from the viz package: [{title, file, nodes, edges, description}]."""
    try:
        from viz.pages import write_demo_pages
    except ImportError:
        return []
    return write_demo_pages(g, out)


def _summary(page: dict) -> str:
    return page.get("summary") or f"{page['nodes']} nodes, {page['edges']} edges"


def write_index(g, out: Path, pages: list[dict]) -> Path:
    from collections import Counter

    nodes = Counter(d["type"] for _, d in g.nodes(data=True))
    links = Counter(d["type"] for *_, d in g.edges(data=True))
    docs = g.graph.get("documents", [])
    rows = "".join(
        f"<li><a href=\"{html.escape(p['file'])}\">{html.escape(p['title'])}</a> "
        f"<span class=n>{html.escape(_summary(p))}</span>"
        f"<div class=d>{html.escape(p.get('description', ''))}</div></li>"
        for p in pages
    ) or "<li>No pages were written.</li>"
    counts = "".join(f"<tr><td>{html.escape(k)}</td><td>{v}</td></tr>" for k, v in sorted(nodes.items()))
    lcounts = "".join(f"<tr><td>{html.escape(k)}</td><td>{v}</td></tr>" for k, v in sorted(links.items()))
    page = f"""<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>kg demo</title>
<style>
body{{font-family:system-ui,"Noto Sans CJK SC","PingFang SC","Microsoft YaHei",sans-serif;margin:2rem auto;max-width:60rem;color:#222}}
table{{border-collapse:collapse;margin-right:2rem;display:inline-table;vertical-align:top}}
td{{padding:.15rem .8rem;border-bottom:1px solid #ddd}} .n{{color:#666;font-size:.9em}} .d{{color:#444;font-size:.9em}}
li{{margin:.6rem 0}}
</style></head><body>
<h1>kg demo: assistance flows in the sample corpus</h1>
<p>The five seed pages (<code>data/samples</code>) and public articles on the Beijing–Inner Mongolia pairing
(<code>data/articles/*/docs</code>; where each comes from: <code>data/articles/*/SOURCES.md</code>).</p>
<p>{len(docs)} documents, {g.number_of_nodes()} nodes, {g.number_of_edges()} links. Graph: <a href="graph.json">graph.json</a></p>
<h2>Pages</h2><ul>{rows}</ul>
<h2>Counts</h2><table><tr><th>node type</th><th>n</th></tr>{counts}</table>
<table><tr><th>relation</th><th>n</th></tr>{lcounts}</table>
</body></html>
"""
    index = out / "index.html"
    atomic_write_text(index, page)
    return index


def run_demo(samples: str | Path | list | None, out: Path, workers: int = 1, log=print) -> Path:
    if isinstance(samples, str | Path):
        samples = [Path(samples)]
    samples = [Path(s) for s in samples] if samples else default_samples()
    rep = build([str(s) for s in samples], out, workers=workers, progress=None, log=lambda m: log(f"kg demo: {m}"))
    log(f"built {rep.documents_read} documents -> {rep.graph_path}: "
        + ", ".join(f"{k} {v}" for k, v in rep.nodes_by_type.items()))
    g = read_graph(out / "graph.json")
    pages = write_pages(g, out)
    for p in pages:
        log(f"wrote {out / p['file']} ({_summary(p)})")
    return write_index(g, out, pages)
