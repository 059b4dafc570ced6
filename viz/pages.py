"""The demo's pages and the `kg viz` entry point (library function behind the command)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import networkx as nx

from viz import select as sel
from viz.render import write_page

EMPTY_BEIJING_CHIFENG = ("此视图为空：图中没有从北京市（区、机构）到赤峰市（旗县、机构）的帮扶或资金关系。"
                         " (No ASSISTS/FUNDS relations from the Beijing side to the Chifeng side in this graph.)")
EMPTY_FUNDING = "此视图为空：图中没有资金（FUNDS）关系。 (No FUNDS relations in this graph.)"


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
    layout: str = "force",
    color: str = "type",
    title: str | None = None,
) -> dict[str, Any]:
    """Select a subgraph and write its page to `out`; returns {"nodes", "edges", "file"}."""
    h = sel.select(g, preset_name=preset, center=center, depth=depth, types=types, since=since, until=until)
    parts = []
    if preset:
        parts.append(sel.PRESETS[preset])
    if center:
        parts.append(f"以 {center} 为中心 {depth} 步 (ego graph, depth {depth})")
    if types:
        parts.append("关系: " + ", ".join(types))
    if since or until:
        parts.append(f"证据日期 {since or '…'} – {until or '…'}")
    notice = ""
    if h.number_of_edges() == 0 and preset == "beijing-chifeng":
        notice = EMPTY_BEIJING_CHIFENG
    elif h.number_of_edges() == 0 and preset == "funding":
        notice = EMPTY_FUNDING
    elif h.number_of_nodes() == 0:
        notice = "此视图为空：没有符合条件的实体或关系。 (Nothing matches this selection.)"
    res = write_page(
        h, out,
        title=title or ("kg: " + (preset or center or "全图 whole graph")),
        description=" · ".join(parts) or "全图 whole graph",
        layout=layout, color=color, notice=notice,
        size_by="amount" if preset == "funding" else "degree",
        edge_labels=True if preset in ("beijing-chifeng", "funding") else None,
    )
    res["file"] = str(out)
    return res


def write_demo_pages(g: nx.MultiDiGraph, out_dir: str | Path) -> list[dict]:
    """Whole graph, Beijing → Chifeng, funding and geographic pages in out_dir; index entries for them."""
    out_dir = Path(out_dir)
    specs = [
        ("全图 Whole graph", "graph.html", {},
         "每个实体与关系；颜色按类型，大小按关系数。 Every entity and relation, coloured by type, sized by degree."),
        ("北京 → 赤峰 Beijing → Chifeng", "beijing-chifeng.html", {"preset": "beijing-chifeng"},
         "北京市及其区、机构对赤峰市及其旗县的帮扶与资金，边上标注金额与项目。 "
         "Assistance and funds from Beijing to Chifeng, with amounts and programmes."),
        ("资金流向 Funding", "funding.html", {"preset": "funding"},
         "所有资金关系，线宽按金额。 All FUNDS relations, edge width by amount."),
        ("地理视图 Geographic", "geo.html", {"layout": "geo"},
         "地区按经纬度放置，机构与人物靠近其关联地区。 Regions at their longitude/latitude; "
         "agencies and people near what they relate to."),
    ]
    pages = []
    for title, file, kw, desc in specs:
        res = viz(g, out_dir / file, title=title, **kw)
        pages.append({"title": title, "file": file, "nodes": res["nodes"], "edges": res["edges"],
                      "description": desc})
    return pages
