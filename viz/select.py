"""Subgraph selection for the pages: pure functions from a kg MultiDiGraph to a (copied) subgraph.

Nothing here draws anything; `viz.render` turns a selection into HTML. Every function returns a new
MultiDiGraph with the same node/edge attributes (and `graph` attributes) as the input.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable

import networkx as nx

from kg.errors import KgError, NotFoundError

NODE_TYPES = ("Region", "Agency", "Person", "Program")
EXTRACTED_RELATIONS = ("ASSISTS", "FUNDS", "IMPLEMENTS", "HOLDS_POSITION")
DERIVED_RELATIONS = ("PART_OF", "LOCATED_IN")
RELATION_TYPES = EXTRACTED_RELATIONS + DERIVED_RELATIONS
FLOW_RELATIONS = ("ASSISTS", "FUNDS")

BEIJING = ("110000", "北京市")
CHIFENG = ("150400", "赤峰市")
INNER_MONGOLIA = ("150000", "内蒙古自治区")

PRESETS = {
    "beijing-chifeng": "北京市, its districts and Beijing agencies → 赤峰市, its banners and counties "
    "(ASSISTS / FUNDS, amounts where the evidence gives one)",
    "beijing-innermongolia": "北京市, its districts and agencies → 内蒙古自治区, its leagues, cities and banners "
    "(ASSISTS / FUNDS)",
    "funding": "all FUNDS relations: amounts by funder, by recipient and by programme",
}
DATE_RE = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?")


def check_date(value: str | None, option: str) -> str | None:
    """A --since/--until value: YYYY, YYYY-MM or YYYY-MM-DD naming a real date, else KgError."""
    if value is None:
        return None
    if not DATE_RE.fullmatch(value):
        raise KgError(f"{option}: not a date: {value!r} (use YYYY, YYYY-MM or YYYY-MM-DD)")
    y, m, d = (value.split("-") + ["01", "01"])[:3]
    try:
        datetime.date(int(y), int(m), int(d))
    except ValueError:
        raise KgError(f"{option}: no such date: {value!r}") from None
    return value


def _subgraph(g: nx.MultiDiGraph, nodes: Iterable[str], edges: Iterable[tuple]) -> nx.MultiDiGraph:
    """A copy holding exactly `nodes` and the (u, v, key) `edges` (both endpoints must be in nodes)."""
    h = nx.MultiDiGraph()
    h.graph.update(g.graph)
    for n in sorted(set(nodes)):
        h.add_node(n, **g.nodes[n])
    for u, v, k in sorted(set(edges)):
        if u in h and v in h:
            h.add_edge(u, v, key=k, **g.edges[u, v, k])
    return h


def find_node(g: nx.MultiDiGraph, name: str) -> str:
    """Node id for `name`: id, canonical name, adcode, then alias. Unknown → NotFoundError."""
    if name in g:
        return name
    by_name = sorted(n for n, d in g.nodes(data=True) if d.get("name") == name)
    if by_name:
        return by_name[0]
    by_code = sorted(n for n, d in g.nodes(data=True) if str(d.get("adcode") or "") == name)
    if by_code:
        return by_code[0]
    by_alias = sorted(n for n, d in g.nodes(data=True) if name in (d.get("aliases") or ()))
    if by_alias:
        # prefer the most mentioned entity when an alias is shared
        return sorted(by_alias, key=lambda n: (-len(g.nodes[n].get("mentions") or ()), n))[0]
    raise NotFoundError(f"unknown entity: {name}")


def _find_region(g: nx.MultiDiGraph, adcode: str, name: str) -> str | None:
    for n, d in g.nodes(data=True):
        if d.get("type") == "Region" and str(d.get("adcode") or "") == adcode:
            return n
    for n, d in sorted(g.nodes(data=True)):
        if d.get("type") == "Region" and d.get("name") == name:
            return n
    return None


def _date_ok(date: str | None, since: str | None, until: str | None) -> bool:
    if not date:
        return False
    date = str(date)
    if since and date[: len(since)] < since:
        return False
    if until and date[: len(until)] > until:
        return False
    return True


def filter_edges(
    g: nx.MultiDiGraph,
    types: Iterable[str] | None = None,
    since: str | None = None,
    until: str | None = None,
) -> nx.MultiDiGraph:
    """Keep edges of `types` and, with since/until, edges with at least one evidence dated in range.

    Without any filter the graph is returned as a copy. With a date filter, nodes are the endpoints of
    kept evidence edges and derived edges (PART_OF / LOCATED_IN, no evidence) are kept only between
    those nodes. With only a type filter, nodes are the endpoints of kept edges.
    """
    types = [t for t in (types or ()) if t]
    bad = sorted(set(types) - set(RELATION_TYPES))
    if bad:
        raise KgError(f"unknown relation type: {', '.join(bad)} (known: {', '.join(RELATION_TYPES)})")
    if not types and not since and not until:
        return _subgraph(g, g.nodes, g.edges(keys=True))
    wanted = set(types) if types else set(RELATION_TYPES) | {d.get("type") for *_, d in g.edges(data=True)}
    dated = bool(since or until)
    kept, derived = [], []
    for u, v, k, d in g.edges(keys=True, data=True):
        if d.get("type") not in wanted:
            continue
        if not dated:
            kept.append((u, v, k))
        elif d.get("evidence"):
            if any(_date_ok(ev.get("date"), since, until) for ev in d["evidence"]):
                kept.append((u, v, k))
        elif d.get("type") in DERIVED_RELATIONS:
            derived.append((u, v, k))
    nodes = {u for u, _, _ in kept} | {v for _, v, _ in kept}
    kept += [(u, v, k) for u, v, k in derived if u in nodes and v in nodes]
    return _subgraph(g, nodes, kept)


def ego(g: nx.MultiDiGraph, center: str, depth: int = 1) -> nx.MultiDiGraph:
    """Nodes within `depth` hops of `center` ignoring direction, and all edges among them."""
    if depth < 0:
        raise KgError("--depth must be >= 0")
    c = find_node(g, center)
    dist = nx.single_source_shortest_path_length(g.to_undirected(as_view=True), c, cutoff=depth)
    nodes = set(dist)
    return _subgraph(g, nodes, [(u, v, k) for u, v, k in g.edges(keys=True) if u in nodes and v in nodes])


def _descendants(g: nx.MultiDiGraph, root: str) -> set[str]:
    """Regions PART_OF `root`, transitively, plus agencies LOCATED_IN any of them (root included)."""
    regions = {root}
    frontier = [root]
    while frontier:
        r = frontier.pop()
        for u, _, d in g.in_edges(r, data=True):
            if d.get("type") == "PART_OF" and u not in regions:
                regions.add(u)
                frontier.append(u)
    out = set(regions)
    for r in regions:
        for u, _, d in g.in_edges(r, data=True):
            if d.get("type") == "LOCATED_IN":
                out.add(u)
    return out


def flows_between(g: nx.MultiDiGraph, src: str | None, dst: str | None, *, either_way: bool = False) -> nx.MultiDiGraph:
    """ASSISTS/FUNDS from the src side (src, its subregions, agencies located there) to the dst side, with
    their ends, the two anchor regions, and the PART_OF / LOCATED_IN paths from each end to its anchor
    (so districts hang off 北京市 and an agency off its district). dst None: flows into or out of src."""
    if src is None or (dst is None and not either_way):
        return _subgraph(g, [n for n in (src, dst) if n], [])
    src_side = _descendants(g, src)
    dst_side = _descendants(g, dst) if dst else None
    flows = [
        (u, v, k)
        for u, v, k, d in g.edges(keys=True, data=True)
        if d.get("type") in FLOW_RELATIONS and (
            (u in src_side or v in src_side) if dst_side is None else (u in src_side and v in dst_side))
    ]
    anchors = [n for n in (src, dst) if n]
    nodes = set(anchors) | {u for u, _, _ in flows} | {v for _, v, _ in flows}
    structure = _structure(g)
    for n in list(nodes):  # the regions that connect a kept district/agency to its anchor or province
        for side_root in anchors:
            try:
                nodes.update(nx.shortest_path(structure, n, side_root))
            except (nx.NetworkXNoPath, nx.NodeNotFound):
                continue
    structural = [
        (u, v, k)
        for u, v, k, d in g.edges(keys=True, data=True)
        if d.get("type") in DERIVED_RELATIONS and u in nodes and v in nodes
    ]
    return _subgraph(g, nodes, flows + structural)


def preset_beijing_chifeng(g: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """Beijing side (北京市, its districts, Beijing agencies) → Chifeng side (赤峰市, counties, agencies)."""
    return flows_between(g, _find_region(g, *BEIJING), _find_region(g, *CHIFENG))


def preset_beijing_innermongolia(g: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """Beijing side → Inner Mongolia side (the region, its leagues/cities, banners, agencies there)."""
    return flows_between(g, _find_region(g, *BEIJING), _find_region(g, *INNER_MONGOLIA))


def focus(g: nx.MultiDiGraph, name: str) -> nx.MultiDiGraph:
    """Flows into or out of one region (and its subregions and the agencies located there)."""
    n = find_node(g, name)
    if g.nodes[n].get("type") != "Region":
        raise KgError(f"--focus needs a region: {name} is of type {g.nodes[n].get('type') or 'unknown'}")
    return flows_between(g, n, None, either_way=True)


def _structure(g: nx.MultiDiGraph) -> nx.DiGraph:
    s = nx.DiGraph()
    s.add_nodes_from(g.nodes)
    s.add_edges_from((u, v) for u, v, d in g.edges(data=True) if d.get("type") in DERIVED_RELATIONS)
    return s


def preset_funding(g: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """All FUNDS edges and their endpoints."""
    edges = [(u, v, k) for u, v, k, d in g.edges(keys=True, data=True) if d.get("type") == "FUNDS"]
    nodes = {u for u, _, _ in edges} | {v for _, v, _ in edges}
    return _subgraph(g, nodes, edges)


def preset(g: nx.MultiDiGraph, name: str) -> nx.MultiDiGraph:
    if name == "beijing-chifeng":
        return preset_beijing_chifeng(g)
    if name == "beijing-innermongolia":
        return preset_beijing_innermongolia(g)
    if name == "funding":
        return preset_funding(g)
    raise NotFoundError(f"unknown preset: {name} (known: {', '.join(PRESETS)})")


def select(
    g: nx.MultiDiGraph,
    *,
    preset_name: str | None = None,
    center: str | None = None,
    depth: int = 1,
    types: Iterable[str] | None = None,
    since: str | None = None,
    until: str | None = None,
    focus_name: str | None = None,
) -> nx.MultiDiGraph:
    """The CLI's selection: preset or focus region, then edge filters (types, dates), then the ego graph
    around center. Dates are checked first (KgError for anything but a real YYYY[-MM[-DD]])."""
    check_date(since, "--since")
    check_date(until, "--until")
    if since and until and since[: min(len(since), len(until))] > until[: min(len(since), len(until))]:
        raise KgError(f"--since {since} is after --until {until}")
    h = preset(g, preset_name) if preset_name else g
    if focus_name:
        h = focus(h, focus_name)
    types = list(types or ())
    if types or since or until:
        # keep the center even when the filters would isolate it
        keep = find_node(h, center) if center else None
        f = filter_edges(h, types, since, until)
        if keep is not None and keep not in f:
            f.add_node(keep, **h.nodes[keep])
        h = f
    if center:
        h = ego(h, center, depth)
    elif h is g:
        h = _subgraph(g, g.nodes, g.edges(keys=True))
    return h
