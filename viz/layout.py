"""Precomputed node positions (pure Python + NetworkX, no numpy): radial trees for big graphs; the map's projection.

Big graphs are drawn with physics off, so the positions must be good enough on their own: each
connected component is laid out as a radial tree around its highest-degree node (each subtree gets a
wedge proportional to its size), and components are packed on shelves, biggest first. O(N + E).
"""

from __future__ import annotations

import math

import networkx as nx

RING = 90.0  # px between BFS rings
GEO_SCALE = 160.0  # px per degree of longitude / latitude
LON0, LAT0 = 110.0, 40.0  # the projection's centre (equirectangular, x scaled by cos LAT0)


def _radial_component(u: nx.Graph, nodes: set[str]) -> dict[str, tuple[float, float]]:
    root = max(sorted(nodes), key=lambda n: u.degree(n))
    tree = nx.bfs_tree(u.subgraph(nodes), root, sort_neighbors=sorted)
    size: dict[str, int] = {}
    for n in reversed(list(nx.topological_sort(tree))):
        size[n] = 1 + sum(size[c] for c in tree.successors(n))
    depth_of = nx.single_source_shortest_path_length(tree, root)
    per_depth: dict[int, int] = {}
    for dd in depth_of.values():
        per_depth[dd] = per_depth.get(dd, 0) + 1
    # each ring is far enough out to give its nodes ~40 px of arc, and at least RING beyond the last
    radius = {0: 0.0}
    for dd in range(1, max(per_depth) + 1):
        radius[dd] = max(radius[dd - 1] + RING, per_depth.get(dd, 0) * 40.0 / (2 * math.pi))
    pos = {root: (0.0, 0.0)}
    stack = [(root, 0.0, 2 * math.pi, 0)]
    while stack:
        n, a0, a1, depth = stack.pop()
        kids = sorted(tree.successors(n))
        total = sum(size[c] for c in kids) or 1
        a = a0
        for c in kids:
            span = (a1 - a0) * size[c] / total
            mid = a + span / 2
            r = radius[depth + 1]
            pos[c] = (r * math.cos(mid), r * math.sin(mid))
            stack.append((c, a, a + span, depth + 1))
            a += span
    return pos


def radial_layout(g: nx.Graph) -> dict[str, tuple[float, float]]:
    """Positions for every node: components as radial trees, packed on shelves (deterministic)."""
    u = nx.Graph(g.to_undirected(as_view=True)) if g.is_directed() else g
    comps = sorted((set(c) for c in nx.connected_components(u)), key=lambda c: (-len(c), min(c)))
    placed: list[tuple[dict[str, tuple[float, float]], float]] = []
    for comp in comps:
        pos = _radial_component(u, comp)
        radius = max((math.hypot(x, y) for x, y in pos.values()), default=0.0) + 60.0
        placed.append((pos, radius))
    total_area = sum((2 * r) ** 2 for _, r in placed) or 1.0
    row_width = max(math.sqrt(total_area) * 1.2, max((2 * r for _, r in placed), default=0.0))
    out: dict[str, tuple[float, float]] = {}
    x = y = row_h = 0.0
    for pos, r in placed:
        if x > 0 and x + 2 * r > row_width:
            x, y, row_h = 0.0, y + row_h, 0.0
        cx, cy = x + r, y + r
        for n, (px, py) in pos.items():
            out[n] = (round(cx + px, 1), round(cy + py, 1))
        x += 2 * r
        row_h = max(row_h, 2 * r)
    return out


ANCHOR_RELATIONS = ("PART_OF", "LOCATED_IN", "HOLDS_POSITION")  # where a node belongs on a map
