"""`kg export GRAPH --format csv|cypher|graphml [--out PATH]`: for neo4j-admin import, cypher-shell, Gephi."""

from __future__ import annotations

from kg.export import FORMATS, default_out, export
from kg.graph import read_graph


def register(sub):
    p = sub.add_parser("export", help="export graph.json as neo4j-admin CSV, a cypher-shell script or GraphML")
    p.add_argument("graph", help="graph.json (or its directory)")
    p.add_argument("--format", required=True, choices=FORMATS,
                   help="csv: neo4j-admin import files; cypher: a cypher-shell script; graphml: for Gephi")
    p.add_argument("--out", default=None,
                   help="output (csv: a directory; default next to the graph: neo4j-import/, graph.cypher, graph.graphml)")
    return p


def run(args) -> int:
    g = read_graph(args.graph)
    out = args.out or default_out(args.graph, args.format)
    files = export(g, args.format, out)
    for f in files:
        print(f"wrote {f}")
    return 0
