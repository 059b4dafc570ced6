"""pyvis for notebooks: `to_pyvis(graph)` → a `pyvis.network.Network` with kg's styling, evidence and page.

The Network holds kg's nodes and edges (pyvis's `nodes` / `edges` lists, each dict with vis options plus a
`kgInfo` entry: what the side panel shows), kg's vis options, and kg's page as its template through
pyvis's own hooks (`templateEnv`, `path`, `template`), so `generate_html()`, `write_html()` and
`show()` give kg's offline page: vis-network inlined from the installed pyvis, no CDN, document text
only ever as text. Nodes and edges a user adds with `add_node` / `add_edge` are drawn too.
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path
from typing import Any

import networkx as nx
from jinja2 import DictLoader, Environment
from pyvis.network import Network

from viz import select as sel
from viz.render import page_data, render_data, script_json, write_html

TEMPLATE = "kg-page.html"


class KgNetwork(Network):
    """A pyvis Network whose write_html writes UTF-8 atomically (pyvis's uses the locale's encoding)."""

    def write_html(self, name, local=True, notebook=False, open_browser=False):  # noqa: D401 - pyvis's signature
        write_html(name, self.generate_html(notebook=notebook))


def _plain(v: Any) -> str:
    return "" if v is None else str(v)


def _page_json(nodes: list[dict], edges: list[dict], options: str, heading: str, legend: dict) -> str:
    """kg's page data from a Network's current nodes and edges (kg's own, or added by the user)."""
    vnodes, info = [], {}
    for n in nodes:
        vn = {k: v for k, v in n.items() if k != "kgInfo"}
        vn["title"] = _plain(vn.get("title") or vn.get("label") or vn["id"])
        vn["label"] = _plain(vn.get("label", vn["id"]))
        vnodes.append(vn)
        info[str(n["id"])] = n.get("kgInfo") or {"name": vn["label"], "type": "", "level": "", "aliases": [],
                                                  "adcode": "", "mentions": 0, "docs": 0}
    vedges, einfo = [], {}
    for i, e in enumerate(edges):
        ve = {k: v for k, v in e.items() if k != "kgInfo"}
        ve.setdefault("id", f"u{i}")
        if "title" in ve:
            ve["title"] = _plain(ve["title"])
        vedges.append(ve)
        einfo[str(ve["id"])] = e.get("kgInfo") or {"type": _plain(e.get("label")), "amount": "", "program": "",
                                                   "title": "", "purpose": "", "evidence": []}
    opts = json.loads(options) if isinstance(options, str) else options
    data = {"title": heading or "kg", "description": "", "notice": "", "layout": "force", "color": "type",
            "counts": {"nodes": len(vnodes), "edges": len(vedges)}, "nodes": vnodes, "edges": vedges,
            "info": info, "einfo": einfo, "options": opts, "legend": legend}
    return script_json(data)


_EMPTY_LEGEND = {"types": [], "levels": [], "relations": [], "communities": []}


def _template_env(legend: dict) -> Environment:
    """kg's page as a Jinja template whose holes are filled at render time (assets are never parsed)."""
    probe = render_data({"title": "@@T@@", "description": "", "notice": "", "layout": "force", "color": "type",
                         "counts": {}, "nodes": [], "edges": [], "info": {}, "einfo": {}, "options": {},
                         "legend": _EMPTY_LEGEND})
    # cut kg's rendered page around its data and title: everything else is kept verbatim as raw blocks
    head, rest = probe.split("<title>@@T@@</title>", 1)
    before_data, after = re.split(r'(?<=<script type="application/json" id="kg-data">).*?(?=</script>)', rest,
                                  maxsplit=1, flags=re.S)
    env = Environment(loader=DictLoader({TEMPLATE: (
        "{{ kg_head }}<title>{{ kg_title(heading) }}</title>{{ kg_before }}"
        "{{ kg_page(nodes, edges, options, heading) }}{{ kg_after }}")}), autoescape=False)
    env.globals.update(kg_head=head, kg_before=before_data, kg_after=after,
                       kg_page=lambda nodes, edges, options, heading: _page_json(nodes, edges, options, heading, legend),
                       kg_title=lambda h: html.escape(h or "kg"))
    return env


def to_pyvis(graph: str | Path | nx.MultiDiGraph, preset: str | None = None, focus: str | None = None,
             *, height: str = "750px", title: str | None = None) -> Network:
    """A pyvis Network of a kg graph (a graph.json path, its directory, or a loaded graph), optionally a
    preset's or a focus region's selection, with kg's colours, shapes, sizes, hover summaries and
    evidence panel; its HTML is offline."""
    if isinstance(graph, str | Path):
        from kg.graph import read_graph

        graph = read_graph(graph)
    h = sel.select(graph, preset_name=preset, focus_name=focus)
    heading = title or "kg: " + (preset or focus or "全图 whole graph")
    data = page_data(h, title=heading)
    net = KgNetwork(height=height, width="100%", directed=True, heading=heading, cdn_resources="in_line")
    for vn in data["nodes"]:
        node = dict(vn, kgInfo=data["info"][vn["id"]])
        net.nodes.append(node)
        net.node_ids.append(vn["id"])
        net.node_map[vn["id"]] = node
    net.edges.extend(dict(ve, kgInfo=data["einfo"][ve["id"]]) for ve in data["edges"])
    net.options = data["options"]
    net.templateEnv = _template_env(data["legend"])
    net.path = TEMPLATE
    net.template = net.templateEnv.get_template(TEMPLATE)
    return net

