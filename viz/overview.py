"""The whole-graph page made readable: scaffolding and isolated entities behind toggles, hubs labelled,
communities grouped.

- PART_OF / LOCATED_IN (derived from the gazetteer and agency names) are hidden at first: they hold the
  graph together but hide its story; the legend turns them on.
- An entity without any extracted relation (ASSISTS, FUNDS, IMPLEMENTS, HOLDS_POSITION) is "isolated" for
  the reader: hidden at first, parked in a grid below the graph, shown by a legend toggle.
- Hubs (the most connected entities) get a larger label, drawn at every zoom.
- Entities start grouped by Louvain community of the extracted relations, so the force layout settles
  into visible groups instead of one hairball (big graphs keep their precomputed radial layout).
"""

from __future__ import annotations

import math
from typing import Any

import networkx as nx

SCAFFOLDING = ("PART_OF", "LOCATED_IN")
HUB_SHARE = 0.04  # the top 4 % by degree …
HUB_MIN, HUB_MAX = 5, 40  # … at least 5, at most 40 hubs


def story_graph(g: nx.MultiDiGraph) -> nx.Graph:
    """Undirected simple graph of the extracted relations only."""
    u = nx.Graph()
    u.add_edges_from(sorted((a, b) for a, b, d in g.edges(data=True) if d.get("type") not in SCAFFOLDING and a != b))
    return u


def hubs(s: nx.Graph) -> list[str]:
    k = max(HUB_MIN, min(HUB_MAX, round(HUB_SHARE * s.number_of_nodes())))
    return sorted(s.nodes, key=lambda n: (-s.degree(n), n))[:k]


def grouped_seeds(s: nx.Graph) -> dict[str, tuple[float, float]]:
    """Start positions: each community on its own spot of a spiral, its members in a disc around it."""
    if not s.number_of_edges():
        return {}
    comms = nx.community.louvain_communities(s, seed=42)
    comms = sorted((sorted(c) for c in comms), key=lambda c: (-len(c), c[0]))
    out: dict[str, tuple[float, float]] = {}
    for i, members in enumerate(comms):
        r_c = 0.0 if i == 0 else 260.0 * math.sqrt(i)
        a_c = i * 2.39996  # golden angle: communities spread evenly
        cx, cy = r_c * math.cos(a_c), r_c * math.sin(a_c)
        for j, n in enumerate(members):
            r, a = 22.0 * math.sqrt(j), j * 2.39996
            out[n] = (round(cx + r * math.cos(a), 1), round(cy + r * math.sin(a), 1))
    return out


def apply_overview(data: dict[str, Any], g: nx.MultiDiGraph) -> dict[str, Any]:
    """Page data of the whole graph (viz.render.page_data) turned into the readable overview, in place."""
    s = story_graph(g)
    physics = data["options"]["physics"]["enabled"]
    seeds = grouped_seeds(s) if physics else {}
    hub_rank = {n: i + 1 for i, n in enumerate(hubs(s))}
    isolated = sorted(n for n in g.nodes if n not in s)
    placed = [(n["x"], n["y"]) for n in data["nodes"] if "x" in n and n["id"] in s]
    xs = [p[0] for p in placed] or [p[0] for p in seeds.values()] or [0.0]
    ys = [p[1] for p in placed] or [p[1] for p in seeds.values()] or [0.0]
    cols = max(1, int(math.sqrt(len(isolated)) * 1.6))
    park = {n: (min(xs) + (i % cols) * 110.0, max(ys) + 220.0 + (i // cols) * 60.0) for i, n in enumerate(isolated)}
    for node in data["nodes"]:
        n = node["id"]
        if n in park:
            node["x"], node["y"] = park[n]
            node["hidden"], node["physics"], node["kgIsolated"] = True, False, True
        elif n in seeds:
            node["x"], node["y"] = seeds[n]
        if n in hub_rank:  # labelled by the page's label painter (labels.js), at every zoom, biggest first
            node["label"], node["kgHub"] = "", hub_rank[n]
    for e in data["edges"]:
        if data["einfo"][e["id"]]["type"] in SCAFFOLDING:
            e["hidden"], e["physics"] = True, False  # the layout follows the story, not the gazetteer
    for r in data["legend"]["relations"]:
        if r["type"] in SCAFFOLDING:
            r["off"] = True
    data["options"]["nodes"]["font"]["size"] = 12  # the others' labels come as you zoom in
    data["options"]["nodes"]["scaling"]["label"]["drawThreshold"] = 9
    data["legend"]["isolated"] = len(isolated)
    data["legend"]["hubs"] = len(hub_rank)
    data["overview"] = True
    return data
