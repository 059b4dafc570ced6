"""Graph → one self-contained, offline HTML page drawn by vis-network (the library pyvis ships).

Why not pyvis's own writer: it writes with the locale's encoding, links bootstrap from a CDN even in
`in_line` mode (pyvis issue 229), renders `title` strings as HTML (XSS with document text) and its
`add_node` is O(n) per call. We take vis-network's JS/CSS from the installed pyvis package, inline
them, embed the data as JSON escaped for a <script> context, and build every DOM node from data with
textContent. A Content-Security-Policy forbids any network request from the page.
"""

from __future__ import annotations

import html
import json
import math
import os
import re
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import networkx as nx

from kg.jsonio import atomic_write_text
from viz.layout import radial_layout

FONT_STACK = ('"Noto Sans CJK SC","Source Han Sans SC","PingFang SC","Hiragino Sans GB",'
              '"Microsoft YaHei","WenQuanYi Micro Hei",system-ui,sans-serif')

# physics settings by size: small graphs settle with physics then freeze; bigger ones get precomputed
# positions and no physics at all (see docs/readme/viz.md)
IMPROVED_LAYOUT_MAX = 300
PRECOMPUTE_ABOVE = 400
SMOOTH_EDGES_MAX = 400
EDGE_LABELS_MAX = 150

NODE_TYPES = {
    "Region": ("地区", "hexagon"),
    "Agency": ("机构", "square"),
    "Person": ("人物", "dot"),
    "Program": ("项目/政策", "diamond"),
}
TYPE_COLORS = {"Agency": "#2f9e44", "Person": "#e8590c", "Program": "#ae3ec9", "Region": "#3b82d6"}
LEVELS = {
    "country": ("国家", "#0b2e6b"),
    "province": ("省级", "#1c4fa0"),
    "prefecture": ("地级", "#3b7ddd"),
    "county": ("县级", "#74a9e8"),
    "township": ("乡级", "#a5c8f0"),
    "village": ("村级", "#cfe0f5"),
}
RELATIONS = {
    "ASSISTS": ("帮扶", "#e03131", False),
    "FUNDS": ("资金", "#f08c00", False),
    "IMPLEMENTS": ("实施", "#7048e8", False),
    "HOLDS_POSITION": ("任职", "#0c8599", False),
    "PART_OF": ("隶属", "#9aa5b1", True),
    "LOCATED_IN": ("位于", "#b8c2cc", True),
}
COMMUNITY_COLORS = ("#4263eb", "#e8590c", "#2f9e44", "#ae3ec9", "#f59f00", "#0c8599", "#e64980",
                    "#5c940d", "#1098ad", "#d9480f", "#7950f2", "#868e96")


def format_amount(yuan: float | int | None) -> str:
    """650万元, 2.94亿元, 800元 (Chinese units, at most two decimals, no trailing zeros)."""
    if yuan is None:
        return ""
    y = float(yuan)
    for unit, div in (("亿元", 1e8), ("万元", 1e4)):
        if abs(y) >= div:
            s = f"{y / div:.2f}".rstrip("0").rstrip(".")
            return f"{s}{unit}"
    return f"{y:.2f}".rstrip("0").rstrip(".") + "元"


def script_json(obj: Any) -> str:
    """JSON safe inside <script>: no <, >, & or U+2028/2029 survive literally."""
    s = json.dumps(obj, ensure_ascii=False, separators=(",", ":"), sort_keys=True, allow_nan=False)
    return (s.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


def _safe_inline(code: str, closing: str) -> str:
    # vis-network's bundle has no "</script" or "<!--" today; make sure an upgrade can't break the page
    code = re.sub(f"</({closing})", r"<\\/\1", code, flags=re.I)
    return code.replace("<!--", "<\\!--")


@cache
def vis_assets() -> tuple[str, str]:
    """vis-network's JS and CSS from the installed pyvis package (no network needed)."""
    lib = resources.files("pyvis") / "lib"
    versions = sorted((p for p in lib.iterdir() if p.name.startswith("vis-")), key=lambda p: p.name)
    d = versions[-1]
    js = (d / "vis-network.min.js").read_text(encoding="utf-8")
    css = (d / "vis-network.css").read_text(encoding="utf-8")
    # no source-map links: devtools would try to fetch them
    js = re.sub(r"^//# sourceMappingURL=.*$", "", js, flags=re.M)
    css = re.sub(r"/\*# sourceMappingURL=.*?\*/", "", css)
    return _safe_inline(js, "script"), _safe_inline(css, "style")


@cache
def _static(name: str) -> str:
    return (Path(__file__).resolve().parent / name).read_text(encoding="utf-8")


def _node_color(d: dict) -> str:
    if d.get("type") == "Region":
        return LEVELS.get(d.get("level") or "", ("", TYPE_COLORS["Region"]))[1]
    return TYPE_COLORS.get(d.get("type"), "#868e96")


def _communities(g: nx.MultiDiGraph) -> dict[str, int]:
    u = nx.Graph()
    u.add_nodes_from(sorted(g.nodes))
    u.add_edges_from(sorted((a, b) for a, b in g.to_undirected(as_view=True).edges() if a != b))
    comms = nx.community.louvain_communities(u, seed=42) if u.number_of_edges() else [{n} for n in u]
    comms = sorted((sorted(c) for c in comms), key=lambda c: (-len(c), c[0]))
    return {n: i for i, c in enumerate(comms) for n in c}


def _hover_node(d: dict, degree: int) -> str:
    label, _ = NODE_TYPES.get(d.get("type"), (d.get("type") or "", ""))
    lines = [str(d.get("name") or "")]
    kind = f"{label} {d.get('type') or ''}".strip()
    if d.get("type") == "Region" and d.get("level"):
        kind += f" · {LEVELS.get(d['level'], (d['level'],))[0]}"
    lines.append(kind)
    if d.get("aliases"):
        lines.append("别名: " + "、".join(map(str, d["aliases"])))
    if d.get("adcode"):
        lines.append(f"行政区划代码: {d['adcode']}")
    lines.append(f"关系 {degree} 条 · 提及 {len(d.get('mentions') or ())} 次")
    return "\n".join(lines)


def _edge_summary(d: dict) -> str:
    parts = []
    if d.get("amount_yuan") is not None:
        parts.append(format_amount(d["amount_yuan"]))
    if d.get("program"):
        parts.append(str(d["program"]))
    if d.get("title"):
        parts.append(str(d["title"]))
    return " · ".join(parts)


def node_info(d: dict, n: str) -> dict[str, Any]:
    """What the side panel shows of a node."""
    return {
        "name": str(d.get("name") or n),
        "type": d.get("type") or "",
        "level": d.get("level") or "",
        "aliases": [str(a) for a in d.get("aliases") or ()],
        "adcode": str(d.get("adcode") or ""),
        "mentions": len(d.get("mentions") or ()),
        "docs": len({m.get("doc") for m in d.get("mentions") or ()}),
    }


def evidence_rows(d: dict) -> list[dict[str, str]]:
    """A relation's evidence sentences as the side panel lists them."""
    return [{"text": str(e.get("text") or ""), "doc": str(e.get("doc") or ""), "date": str(e.get("date") or ""),
             "amount": format_amount(e.get("amount_yuan")) if e.get("amount_yuan") is not None else ""}
            for e in d.get("evidence") or []]


def _vis_options(n_nodes: int, n_edges: int, big: bool, *, physics_on: bool) -> dict[str, Any]:
    """vis-network options of a network page: physics only without precomputed positions."""
    return {
        "autoResize": True,
        "nodes": {
            "font": {"face": FONT_STACK, "size": 15, "color": "#1f2933", "strokeWidth": 4, "strokeColor": "#ffffff"},
            "borderWidth": 1.5, "borderWidthSelected": 3,
            # big graphs: labels appear as you zoom in
            "scaling": {"label": {"drawThreshold": 11 if big else 6}},
        },
        "edges": {
            "font": {"face": FONT_STACK, "size": 11, "color": "#495057", "align": "middle",
                     "strokeWidth": 3, "strokeColor": "#ffffff"},
            "smooth": {"enabled": True, "type": "continuous", "roundness": 0.3}
            if n_edges <= SMOOTH_EDGES_MAX else False,
            "selectionWidth": 2, "hoverWidth": 1,
        },
        "interaction": {
            "hover": n_nodes <= 2000, "tooltipDelay": 150, "multiselect": False,
            "hideEdgesOnDrag": big, "hideEdgesOnZoom": big, "keyboard": False,
        },
        "layout": {"improvedLayout": n_nodes <= IMPROVED_LAYOUT_MAX, "randomSeed": 7},
        "physics": {
            "enabled": physics_on,
            "solver": "forceAtlas2Based",
            "forceAtlas2Based": {"gravitationalConstant": -70, "centralGravity": 0.012, "springLength": 120,
                                 "springConstant": 0.05, "avoidOverlap": 0.5},
            "minVelocity": 1.0,
            "stabilization": {"enabled": physics_on, "iterations": 500 if n_nodes <= 150 else 250,
                              "updateInterval": 50, "fit": True},
        },
    }


def _legend(g: nx.MultiDiGraph, comm: dict[str, int]) -> dict[str, Any]:
    """The legend's entries: types, levels and relations present, communities when coloured by them."""
    present_types = sorted({d.get("type") or "" for _, d in g.nodes(data=True)})
    present_levels = [lv for lv in LEVELS if any(d.get("level") == lv and d.get("type") == "Region"
                                                 for _, d in g.nodes(data=True))]
    present_rels = [r for r in RELATIONS if any(d.get("type") == r for *_, d in g.edges(data=True))]
    return {
        "types": [{"type": t, "label": NODE_TYPES.get(t, (t, ""))[0], "shape": NODE_TYPES.get(t, ("", "dot"))[1],
                   "color": TYPE_COLORS.get(t, "#868e96")} for t in present_types if t],
        "levels": [{"level": lv, "label": LEVELS[lv][0], "color": LEVELS[lv][1]} for lv in present_levels],
        "relations": [{"type": r, "label": RELATIONS[r][0], "color": RELATIONS[r][1], "dashed": RELATIONS[r][2]}
                      for r in present_rels],
        "communities": [{"label": f"社区 {i + 1}", "color": COMMUNITY_COLORS[i % len(COMMUNITY_COLORS)]}
                        for i in range(min(len(set(comm.values())), len(COMMUNITY_COLORS)))],
    }


def _vis_edges(g: nx.MultiDiGraph, big: bool, edge_labels: bool) -> tuple[list, dict]:
    """vis edges (colour by relation, FUNDS width by amount, parallel ones fanned out) and panel info."""
    edges, einfo = [], {}
    pairs: dict[tuple[str, str], int] = {}
    for u, v in g.edges():
        pairs[(min(u, v), max(u, v))] = pairs.get((min(u, v), max(u, v)), 0) + 1
    pair_count: dict[tuple[str, str], int] = {}
    for i, (u, v, k, d) in enumerate(sorted(g.edges(keys=True, data=True), key=lambda t: t[:3])):
        rtype = d.get("type") or str(k)
        zh, col, derived = RELATIONS.get(rtype, (rtype, "#868e96", False))
        eid = f"e{i}"
        width = 1.0 if derived else 1.8
        if rtype == "FUNDS" and d.get("amount_yuan"):
            width = 1.5 + 1.4 * math.log10(max(float(d["amount_yuan"]), 1e4) / 1e4)
        summary = _edge_summary(d)
        ev = d.get("evidence") or []
        hover = [f"{g.nodes[u].get('name') or u} → {g.nodes[v].get('name') or v}", f"{zh} {rtype}"]
        if summary:
            hover.append(summary)
        if ev:
            hover.append(f"证据 {len(ev)} 条（点击查看）")
        ve: dict[str, Any] = {
            "id": eid, "from": u, "to": v, "title": "\n".join(hover),
            "color": {"color": col, "highlight": col, "hover": col, "opacity": 0.55 if derived else 0.9},
            "width": round(min(width, 4.0 if big else 10.0), 2),
            "dashes": derived and not big,  # dashed lines are slow to stroke on big canvases
            "arrows": {"to": {"enabled": True, "scaleFactor": 0.5 if derived else 0.7}},
        }
        if edge_labels and summary and not derived:
            ve["label"] = summary if len(summary) <= 24 else summary[:23] + "…"
        pair = (min(u, v), max(u, v))
        idx = pair_count.get(pair, 0)
        pair_count[pair] = idx + 1
        if pairs[pair] > 1:  # parallel relations (ASSISTS and FUNDS on one pair): fan them out
            ve["smooth"] = {"enabled": True, "type": "curvedCW", "roundness": 0.12 + 0.22 * idx}
        edges.append(ve)
        einfo[eid] = {
            "type": rtype,
            "amount": format_amount(d.get("amount_yuan")) if d.get("amount_yuan") is not None else "",
            "program": str(d.get("program") or ""),
            "title": str(d.get("title") or ""),
            "purpose": str(d.get("purpose") or ""),
            "evidence": evidence_rows(d),
            "relations": [{"source": str(g.nodes[u].get("name") or u), "type": rtype,
                           "target": str(g.nodes[v].get("name") or v)}],
        }
    return edges, einfo


def page_data(
    g: nx.MultiDiGraph,
    *,
    title: str,
    description: str = "",
    layout: str = "force",
    color: str = "type",
    size_by: str = "degree",
    edge_labels: bool | None = None,
    notice: str = "",
    laid_out: int | None = None,
) -> dict[str, Any]:
    """Everything the page script needs, as plain JSON-able data (vis options included). laid_out: how
    many nodes the layout really places (the overview parks isolated ones), default all."""
    n_nodes, n_edges = g.number_of_nodes(), g.number_of_edges()
    big = (n_nodes if laid_out is None else laid_out) > PRECOMPUTE_ABOVE
    if big:
        pos = radial_layout(g)
    else:
        pos = {}
    comm = _communities(g) if color == "community" else {}
    flow: dict[str, float] = {}
    for u, v, d in g.edges(data=True):
        if d.get("type") == "FUNDS" and d.get("amount_yuan"):
            flow[u] = flow.get(u, 0.0) + float(d["amount_yuan"])
            flow[v] = flow.get(v, 0.0) + float(d["amount_yuan"])
    nodes, info = [], {}
    for n in sorted(g.nodes):
        d = g.nodes[n]
        deg = g.degree(n)
        if size_by == "amount" and flow.get(n):
            size = 10 + 4 * math.log10(max(flow[n], 1e4) / 1e4) * 1.6
        else:
            size = 10 + 4.5 * math.sqrt(deg)
        c = COMMUNITY_COLORS[comm[n] % len(COMMUNITY_COLORS)] if comm else _node_color(d)
        vn: dict[str, Any] = {
            "id": n,
            "label": str(d.get("name") or n),
            "title": _hover_node(d, deg),
            "shape": NODE_TYPES.get(d.get("type"), ("", "dot"))[1],
            "color": {"background": c, "border": "#ffffff", "highlight": {"background": c, "border": "#111"},
                      "hover": {"background": c, "border": "#111"}},
            "size": round(min(size, 46) * (0.7 if big else 1.0), 1),
            "kgType": d.get("type") or "",  # not vis "group": groups override colours
        }
        if n in pos:
            vn["x"], vn["y"] = pos[n]
        nodes.append(vn)
        info[n] = dict(node_info(d, n), community=comm.get(n, -1))
    if edge_labels is None:
        edge_labels = n_edges <= EDGE_LABELS_MAX
    edges, einfo = _vis_edges(g, big, edge_labels)
    options = _vis_options(n_nodes, n_edges, big, physics_on=not pos)
    legend = _legend(g, comm)
    if not notice and n_nodes == 0:
        notice = "此视图为空：所选范围内没有实体。 (This view is empty: nothing in the graph matches it.)"
    return {
        "title": title, "description": description, "notice": notice, "layout": layout, "color": color,
        "counts": {"nodes": n_nodes, "edges": n_edges},
        "nodes": nodes, "edges": edges, "info": info, "einfo": einfo, "options": options, "legend": legend,
    }


def render_page(g: nx.MultiDiGraph, **kw: Any) -> str:
    """The page as a string (see page_data for the options)."""
    return render_data(page_data(g, **kw))


def _page_scripts(data: dict[str, Any]) -> list[str]:
    """viz/static/*.js a page needs, in order (app.js last: it calls the others' hooks)."""
    names = ["correct"]
    if data.get("map") or data.get("overview"):
        names.append("labels")
    if data.get("map"):
        names.append("map")
    return [*names, "app"]


def render_data(data: dict[str, Any]) -> str:
    """A page for page data (a network's or a map's), everything inlined."""
    js, css = vis_assets()
    template = _static("templates/page.html")
    subs = {
        "@@TITLE@@": html.escape(data["title"]),
        "@@VIS_CSS@@": css,
        "@@PAGE_CSS@@": _static("static/page.css"),
        "@@DATA@@": script_json(data),
        "@@VIS_JS@@": js,
        "@@APP_JS@@": _safe_inline("".join(_static(f"static/{name}.js") for name in _page_scripts(data)), "script"),
    }
    return re.sub("@@[A-Z_]+@@", lambda m: subs[m.group(0)], template)


def render_funding(data: dict[str, Any]) -> str:
    """The funding page (viz.funding.funding_data) as a string: SVG charts, no vis-network."""
    subs = {
        "@@TITLE@@": html.escape(data["title"]),
        "@@PAGE_CSS@@": _static("static/page.css"),
        "@@DATA@@": script_json(data),
        "@@APP_JS@@": _safe_inline(_static("static/correct.js") + _static("static/funding.js"), "script"),
    }
    return re.sub("@@[A-Z_]+@@", lambda m: subs[m.group(0)], _static("templates/funding.html"))


def write_html(path: str | Path, text: str) -> None:
    """A page written atomically in UTF-8, readable by all (a page to open and share, not a secret)."""
    atomic_write_text(path, text)
    os.chmod(path, 0o644)  # mkstemp creates 0600


def write_page(g: nx.MultiDiGraph, path: str | Path, **kw: Any) -> dict[str, Any]:
    """Write the page; returns {"nodes", "edges"} drawn."""
    write_html(path, render_page(g, **kw))
    return {"nodes": g.number_of_nodes(), "edges": g.number_of_edges()}
