"""`kg viz GRAPH --out FILE [--center NAME --depth N] [--types ...] [--since --until] [--preset NAME]
[--focus REGION] [--layout force|geo] [--color type|community]`: one self-contained interactive HTML page."""

from __future__ import annotations

from kg.errors import KgError
from kg.graph import read_graph


def register(sub):
    p = sub.add_parser("viz", help="write an interactive, self-contained HTML page of the graph")
    p.add_argument("graph", help="graph.json (or the directory holding it)")
    p.add_argument("--out", required=True, help="HTML file to write")
    p.add_argument("--center", help="entity name, alias or id: show its neighbourhood only")
    p.add_argument("--depth", type=int, default=1, help="hops around --center (default 1, undirected)")
    p.add_argument("--types", help="comma-separated relation types to keep, e.g. ASSISTS,FUNDS")
    p.add_argument("--since", help="keep relations with evidence dated on/after this (YYYY[-MM[-DD]])")
    p.add_argument("--until", help="keep relations with evidence dated on/before this (YYYY[-MM[-DD]])")
    p.add_argument("--preset", help="a ready-made view: beijing-chifeng, beijing-innermongolia, funding")
    p.add_argument("--focus", help="a region: a map of the aid flows into or out of it (and its subregions)")
    p.add_argument("--layout", choices=("force", "geo"), default="force",
                   help="force: a network page; geo: a map with administrative outlines and flows")
    p.add_argument("--color", choices=("type", "community"), default="type",
                   help="colour nodes by type (default) or by Louvain community")
    p.add_argument("--title", help="page title")
    return p


def run(args) -> int:
    from viz.pages import viz

    if args.center is None and args.depth != 1:
        raise KgError("--depth needs --center")
    from viz.select import check_date

    check_date(args.since, "--since")  # before reading the graph: a bad option fails fast
    check_date(args.until, "--until")
    g = read_graph(args.graph)
    types = [t.strip().upper() for t in (args.types or "").split(",") if t.strip()]
    res = viz(g, args.out, center=args.center, depth=args.depth, types=types, since=args.since,
              until=args.until, preset=args.preset, focus=args.focus, layout=args.layout, color=args.color, title=args.title)
    print(f"wrote {res['file']} ({res['summary']})")
    return 0
