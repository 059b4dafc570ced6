"""The demo's pages and the `kg viz` entry point (library function behind the command)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import networkx as nx

from kg.errors import KgError, NotFoundError
from viz import select as sel
from viz.funding import funding_data
from viz.geomap import map_data
from viz.overview import apply_overview, story_graph
from viz.render import page_data, render_data, render_funding, write_html

EMPTY_BEIJING_CHIFENG = ("此视图为空：图中没有从北京市（区、机构）到赤峰市（旗县、机构）的帮扶或资金关系。"
                         " (No ASSISTS/FUNDS relations from the Beijing side to the Chifeng side in this graph.)")


def _describe(preset, focus, center, depth, types, since, until) -> str:
    parts = []
    if preset:
        parts.append(sel.PRESETS[preset])
    if focus:
        parts.append(f"流入或流出 {focus} 的帮扶与资金 (flows into or out of {focus})")
    if center:
        parts.append(f"以 {center} 为中心 {depth} 步 (ego graph, depth {depth})")
    if types:
        parts.append("关系: " + ", ".join(types))
    if since or until:
        parts.append(f"证据日期 {since or '…'} – {until or '…'}")
    return " · ".join(parts) or "全图 whole graph"


def viz(
    g: nx.MultiDiGraph,
    out: str | Path,
    *,
    center: str | None = None,
    depth: int = 1,
    types: list[str] | None = None,
    since: str | None = None,
    until: str | None = None,
    preset: str | None = None,
    focus: str | None = None,
    layout: str = "force",
    color: str = "type",
    title: str | None = None,
) -> dict[str, Any]:
    """Select a subgraph and write its page to `out`; returns {"nodes", "edges", "file", "kind"}.

    The page is a map (layout "geo", or any --focus region), the funding page (preset "funding") or a
    network page (everything else)."""
    if Path(out).is_dir():
        raise KgError(f"--out {out} is a directory: give the HTML file to write, e.g. {Path(out) / 'graph.html'}")
    if preset and preset not in sel.PRESETS:
        raise NotFoundError(f"unknown preset: {preset} (known: {', '.join(sel.PRESETS)})")
    h = sel.select(g, preset_name=preset, center=center, depth=depth, types=types, since=since, until=until,
                   focus_name=focus)
    description = _describe(preset, focus, center, depth, types, since, until)
    title = title or ("kg: " + (preset or focus or center or "全图 whole graph"))
    notice = ""
    if h.number_of_edges() == 0 and preset == "beijing-chifeng":
        notice = EMPTY_BEIJING_CHIFENG
    elif h.number_of_nodes() == 0 and preset != "funding":
        notice = "此视图为空：没有符合条件的实体或关系。 (Nothing matches this selection.)"
    if preset == "funding":
        data = funding_data(h, g, title=title, description=description, notice=notice)
        write_html(out, render_funding(data))
        c = data["counts"]
        res = {"nodes": c["funders"] + c["recipients"], "edges": c["relations"], "kind": "funding",
               "summary": f"{c['funders']} funders, {c['recipients']} recipients, {c['relations']} FUNDS relations"}
    elif layout == "geo" or focus:
        data = map_data(h, g, title=title, description=description, notice=notice)
        write_html(out, render_data(data))
        res = {"nodes": data["counts"]["nodes"], "edges": data["counts"]["edges"], "kind": "map",
               "boundaries": len(data["map"]["boundaries"])}
        res["summary"] = f"{res['nodes']} regions, {res['edges']} flows, {res['boundaries']} outlines"
    else:
        overview = not (preset or center or types or since or until)
        data = page_data(h, title=title, description=description, layout=layout, color=color, notice=notice,
                         edge_labels=True if preset == "beijing-chifeng" else None,
                         laid_out=story_graph(h).number_of_nodes() if overview else None)
        if overview:
            apply_overview(data, h)
        write_html(out, render_data(data))
        res = {"nodes": h.number_of_nodes(), "edges": h.number_of_edges(), "kind": "network"}
        res["summary"] = f"{res['nodes']} nodes, {res['edges']} edges"
    res["file"] = str(out)
    return res


DEMO_PAGES = [
    ("全图 Whole graph", "graph.html", {},
     "每个实体与关系；颜色按类型，大小按关系数，孤立实体与隶属/位于关系可在图例中打开。 Every entity and relation, "
     "coloured by type, sized by degree; isolated entities and PART_OF / LOCATED_IN behind legend toggles."),
    ("北京 → 赤峰 Beijing → Chifeng (地图 map)", "beijing-chifeng.html", {"preset": "beijing-chifeng", "layout": "geo"},
     "北京市及其区、机构对赤峰市及其旗县的帮扶与资金，画在行政区划地图上。 "
     "Assistance and funds from Beijing, its districts and agencies to Chifeng and its banners, on the map."),
    ("北京 → 内蒙古 Beijing → Inner Mongolia (地图 map)", "beijing-innermongolia.html",
     {"preset": "beijing-innermongolia", "layout": "geo"},
     "京蒙协作：北京一方对内蒙古各盟市、旗县的帮扶与资金，资金线宽按金额。 "
     "The Beijing–Inner Mongolia pairing on the map; FUNDS width by amount."),
    ("资金 Funding", "funding.html", {"preset": "funding"},
     "按出资方、受援方、项目汇总的金额，出资方→受援方流向图；点击查看证据句。 "
     "Amounts by funder, recipient and programme, and funder → recipient flows; click for evidence."),
    ("地图 Map of all flows", "geo.html", {"layout": "geo"},
     "图中所有可定位的帮扶与资金流向。 Every ASSISTS / FUNDS flow that can be placed, on the map."),
]


def write_demo_pages(g: nx.MultiDiGraph, out_dir: str | Path) -> list[dict]:
    """The demo's pages in out_dir (DEMO_PAGES); index entries for them."""
    out_dir = Path(out_dir)
    pages = []
    for title, file, kw, desc in DEMO_PAGES:
        res = viz(g, out_dir / file, title=title, **kw)
        pages.append({"title": title, "file": file, "nodes": res["nodes"], "edges": res["edges"],
                      "kind": res["kind"], "summary": res["summary"], "description": desc})
    return pages
