"""Precomputed node positions (pure Python + NetworkX, no numpy): radial trees for big graphs, geo.

Big graphs are drawn with physics off, so the positions must be good enough on their own: each
connected component is laid out as a radial tree around its highest-degree node (each subtree gets a
wedge proportional to its size), and components are packed on shelves, biggest first. O(N + E).
"""

from __future__ import annotations

import math
import zlib

import networkx as nx

RING = 90.0  # px between BFS rings
GEO_SCALE = 160.0  # px per degree of longitude / latitude


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


def _jitter(n: str, radius: float) -> tuple[float, float]:
    h = zlib.crc32(n.encode("utf-8"))
    angle = (h % 3600) / 3600 * 2 * math.pi
    r = radius * (0.6 + (h >> 12) % 100 / 250)
    return r * math.cos(angle), r * math.sin(angle)


ANCHOR_RELATIONS = ("PART_OF", "LOCATED_IN", "HOLDS_POSITION")


def _anchors(g: nx.Graph, n: str) -> list[str]:
    """Where a node belongs on a map: its parent region, the region an agency is in, a person's post."""
    if not g.is_directed() or not g.is_multigraph():
        return []
    return sorted({v for _, v, d in g.out_edges(n, data=True) if d.get("type") in ANCHOR_RELATIONS})


def _relax(pos: dict[str, tuple[float, float]], min_dist: float = 56.0, rounds: int = 40) -> None:
    """Push apart nodes closer than min_dist (spatial hash, deterministic), in place."""
    names = sorted(pos)
    p = {n: list(pos[n]) for n in names}
    for _ in range(rounds):
        grid: dict[tuple[int, int], list[str]] = {}
        for n in names:
            grid.setdefault((int(p[n][0] // min_dist), int(p[n][1] // min_dist)), []).append(n)
        moved = False
        for n in names:
            cx, cy = int(p[n][0] // min_dist), int(p[n][1] // min_dist)
            for dx in (-1, 0, 1):
                for dy in (-1, 0, 1):
                    for m in grid.get((cx + dx, cy + dy), ()):
                        if m <= n:
                            continue
                        vx, vy = p[m][0] - p[n][0], p[m][1] - p[n][1]
                        dist = math.hypot(vx, vy)
                        if dist >= min_dist:
                            continue
                        if dist < 1e-6:
                            vx, vy = _jitter(m, 1.0)
                            dist = math.hypot(vx, vy) or 1.0
                        push = (min_dist - dist) / 2 / dist
                        p[n][0] -= vx * push
                        p[n][1] -= vy * push
                        p[m][0] += vx * push
                        p[m][1] += vy * push
                        moved = True
        if not moved:
            break
    for n in names:
        pos[n] = (p[n][0], p[n][1])


def geo_layout(g: nx.Graph) -> dict[str, tuple[float, float]]:
    """Regions at lon/lat (x east, y south on screen); others near what they belong to or relate to."""
    pos: dict[str, tuple[float, float]] = {}
    for n, d in g.nodes(data=True):
        lon, lat = d.get("lon"), d.get("lat")
        if isinstance(lon, int | float) and isinstance(lat, int | float):
            x = (lon - 110.0) * GEO_SCALE * math.cos(math.radians(40.0))
            pos[n] = (x, -(lat - 40.0) * GEO_SCALE)
    u = g.to_undirected(as_view=True) if g.is_directed() else g
    # a few rounds outward: anchors first (parent region, agency seat, person's post), else all neighbours
    for _ in range(6):
        new: dict[str, tuple[float, float]] = {}
        for n in sorted(g.nodes):
            if n in pos:
                continue
            near = [pos[m] for m in _anchors(g, n) if m in pos]
            if not near:
                near = [pos[m] for m in sorted(u.neighbors(n)) if m in pos]
            if near:
                cx = sum(p[0] for p in near) / len(near)
                cy = sum(p[1] for p in near) / len(near)
                dx, dy = _jitter(n, 55.0)
                new[n] = (cx + dx, cy + dy)
        if not new:
            break
        pos.update(new)
    rest = sorted(n for n in g.nodes if n not in pos)
    if rest:
        xs = [p[0] for p in pos.values()] or [0.0]
        ys = [p[1] for p in pos.values()] or [0.0]
        x0, y0 = min(xs) - 300.0, max(ys) + 150.0
        cols = max(1, int(math.sqrt(len(rest))))
        for i, n in enumerate(rest):
            pos[n] = (x0 + (i % cols) * 90.0, y0 + (i // cols) * 60.0)
    _relax(pos)
    return {n: (round(x, 1), round(y, 1)) for n, (x, y) in pos.items()}
