"""Map pages: regions at their place, real outlines behind them, aid flows between them as curved arrows.

A flow is an ASSISTS or FUNDS relation drawn from the helper's region to the helped one's: a region is
its own place; an agency is placed at the region it is LOCATED_IN; a person at their post's place;
a region the gazetteer gives no coordinates is placed at its nearest PART_OF ancestor with some.
Relations whose two ends land in one region pair and type are drawn as one arrow; its amount is the sum
of the amounts of its distinct evidence sentences (one sentence supporting two relations counts once).
"""

from __future__ import annotations

import math
from typing import Any

import networkx as nx

from viz import boundaries
from viz.layout import ANCHOR_RELATIONS
from viz.render import FONT_STACK, LEVELS, RELATIONS, evidence_rows, format_amount, node_info

FLOW_TYPES = ("ASSISTS", "FUNDS")
LEVEL_RANK = {"country": 0, "province": 1, "prefecture": 2, "county": 3, "township": 4, "village": 5}


def distinct_amount(edges: list[dict]) -> float | None:
    """Sum of amounts over relations' evidence, each (doc, sentence, amount) counted once; a relation
    with an amount but no evidence amount counts its own."""
    seen: dict[tuple, float] = {}
    for i, d in enumerate(edges):
        ev_amounts = [(e.get("doc"), e.get("text"), float(e["amount_yuan"]))
                      for e in d.get("evidence") or () if e.get("amount_yuan") is not None]
        if ev_amounts:
            for key in ev_amounts:
                seen[key] = key[2]
        elif d.get("amount_yuan") is not None:
            seen[("relation", i, float(d["amount_yuan"]))] = float(d["amount_yuan"])
    return sum(seen.values()) if seen else None


def _coords(d: dict) -> tuple[float, float] | None:
    lon, lat = d.get("lon"), d.get("lat")
    if isinstance(lon, int | float) and isinstance(lat, int | float):
        return boundaries.project(lon, lat)
    code = str(d.get("adcode") or "")
    rings = boundaries.outline(code) if code else []
    if rings:  # no coordinates in the gazetteer: the centre of the outline's biggest ring
        ring = max(rings, key=len)
        xs, ys = ring[0::2], ring[1::2]
        return (round(sum(xs) / len(xs), 1), round(sum(ys) / len(ys), 1))
    return None


def place_of(g: nx.MultiDiGraph, n: str, _depth: int = 0) -> str | None:
    """The region node an entity is drawn at (itself, its anchor's, or its parent's), or None."""
    d = g.nodes[n]
    if d.get("type") == "Region" and _coords(d) is not None:
        return n
    if _depth >= 4:
        return None
    for _, v, e in sorted(g.out_edges(n, data=True), key=lambda t: (ANCHOR_RELATIONS.index(t[2]["type"])
                                                                       if t[2].get("type") in ANCHOR_RELATIONS
                                                                       else 9, t[1])):
        if e.get("type") in ANCHOR_RELATIONS:
            p = place_of(g, v, _depth + 1)
            if p is not None:
                return p
    return None


def _flows(h: nx.MultiDiGraph, full: nx.MultiDiGraph) -> tuple[dict, int]:
    groups: dict[tuple[str, str, str], list[tuple[str, str, dict]]] = {}
    unplaced = 0
    for u, v, _k, d in sorted(h.edges(keys=True, data=True), key=lambda t: t[:3]):
        if d.get("type") not in FLOW_TYPES:
            continue
        a, b = place_of(full, u), place_of(full, v)
        if a is None or b is None or a == b:
            unplaced += 1
            continue
        groups.setdefault((a, b, d["type"]), []).append((u, v, d))
    return groups, unplaced


MAP_OPTIONS = {
    "autoResize": True,
    "nodes": {"font": {"face": FONT_STACK, "size": 0}, "borderWidth": 1.5, "borderWidthSelected": 3},
    "edges": {"font": {"face": FONT_STACK, "size": 14, "color": "#7a3e00", "align": "horizontal",
                       "strokeWidth": 4, "strokeColor": "#ffffff"}, "selectionWidth": 2, "hoverWidth": 1},
    "interaction": {"hover": True, "tooltipDelay": 150, "keyboard": False, "dragNodes": False, "zoomSpeed": 0.6},
    "layout": {"improvedLayout": False}, "physics": {"enabled": False},
}


def _name(g: nx.MultiDiGraph, n: str) -> str:
    return str(g.nodes[n].get("name") or n)


def _region_nodes(full: nx.MultiDiGraph, regions: set[str], groups: dict) -> tuple[list, dict]:
    """vis nodes and panel info of the regions drawn: flow ends first in label order, sized by flows."""
    flow_deg: dict[str, int] = {}
    members: dict[str, set[str]] = {r: set() for r in regions}
    for (a, b, _t), rels in groups.items():
        flow_deg[a] = flow_deg.get(a, 0) + len(rels)
        flow_deg[b] = flow_deg.get(b, 0) + len(rels)
        for u, v, _d in rels:
            for ent, reg in ((u, a), (v, b)):
                if ent != reg:
                    members[reg].add(_name(full, ent))
    helpers = {a for a, _, _ in groups}
    nodes, info = [], {}
    for r in sorted(regions):
        d = full.nodes[r]
        x, y = _coords(d)
        deg = flow_deg.get(r, 0)
        color = "#1c4fa0" if r in helpers else "#e8590c" if deg else LEVELS.get(d.get("level") or "", ("", "#868e96"))[1]
        nodes.append({"id": r, "x": x, "y": y, "shape": "dot", "size": round(5 + 3 * math.sqrt(deg), 1) if deg else 4,
                      "color": {"background": color, "border": "#ffffff"}, "kgType": "Region",
                      "title": _name(full, r), "fixed": True})
        info[r] = dict(node_info(d, r), members=sorted(members.get(r, ())),
                       rank=[0 if deg else 1, -deg, LEVEL_RANK.get(d.get("level") or "", 6)])
    return nodes, info


def _flow_edges(full: nx.MultiDiGraph, groups: dict) -> tuple[list, dict]:
    """One curved arrow per (helper region, helped region, type), with every relation's evidence."""
    edges, einfo = [], {}
    for i, ((a, b, t), rels) in enumerate(sorted(groups.items())):
        eid = f"f{i}"
        amount = distinct_amount([d for _, _, d in rels]) if t == "FUNDS" else None
        zh, col, _ = RELATIONS[t]
        width = 2.0 + (1.6 * math.log10(max(amount, 1e4) / 1e4) if amount else 0.0)
        hover = [f"{_name(full, a)} → {_name(full, b)}", f"{zh} {t} · {len(rels)} 条关系"]
        e = {"id": eid, "from": a, "to": b, "title": "\n".join(hover + ([format_amount(amount)] if amount else [])),
             "width": round(min(width, 12.0), 2),
             "color": {"color": col, "highlight": col, "hover": col, "opacity": 0.85},
             "arrows": {"to": {"enabled": True, "scaleFactor": 0.8}},
             "smooth": {"enabled": True, "type": "curvedCW", "roundness": 0.32 if t == "FUNDS" else 0.2}}
        if amount:
            e["kgLabel"] = format_amount(amount)  # painted by labels.js at a constant size, never overlapping
        edges.append(e)
        evidence = [dict(row, pair=f"{_name(full, u)} → {_name(full, v)}")
                    for u, v, d in rels for row in evidence_rows(d)]
        einfo[eid] = {"type": t, "amount": format_amount(amount) if amount else "", "program": "", "title": "",
                      "purpose": "", "evidence": evidence,
                      "relations": [{"source": _name(full, u), "type": t, "target": _name(full, v)}
                                    for u, v, _ in rels]}
    return edges, einfo


def map_data(h: nx.MultiDiGraph, full: nx.MultiDiGraph | None = None, *, title: str, description: str = "",
             notice: str = "") -> dict[str, Any]:
    """Page data for a map of selection h (places looked up in `full`, the whole graph)."""
    full = full if full is not None else h
    groups, unplaced = _flows(h, full)
    ends = {a for a, _, _ in groups} | {b for _, b, _ in groups}
    regions = ends | {n for n, d in h.nodes(data=True) if d.get("type") == "Region" and place_of(full, n) == n}
    nodes, info = _region_nodes(full, regions, groups)
    edges, einfo = _flow_edges(full, groups)
    helpers = {a for a, _, _ in groups}
    outlines = boundaries.boundary_set(sorted({str(full.nodes[r].get("adcode")) for r in regions
                                               if full.nodes[r].get("adcode")}))
    names = boundaries.names()
    roles = {str(full.nodes[r].get("adcode")): ("helper" if r in helpers else "helped")
             for r in ends if full.nodes[r].get("adcode")}
    for b in outlines:
        b["name"] = names.get(b["adcode"], "")
        b["role"] = roles.get(b["adcode"], "")
    present = [t for t in FLOW_TYPES if any(k[2] == t for k in groups)]
    if not notice and not groups:
        notice = "此地图上没有可定位的帮扶或资金流向。 (No ASSISTS/FUNDS flow in this view could be placed on the map.)"
    return {
        "title": title, "description": description, "notice": notice, "layout": "map", "color": "type",
        "counts": {"nodes": len(nodes), "edges": len(edges)}, "nodes": nodes, "edges": edges, "info": info,
        "einfo": einfo, "options": MAP_OPTIONS,
        "legend": {"types": [], "levels": [], "communities": [],
                   "relations": [{"type": t, "label": RELATIONS[t][0], "color": RELATIONS[t][1], "dashed": False}
                                 for t in present]},
        "map": {"boundaries": outlines, "unplaced": unplaced},
    }
