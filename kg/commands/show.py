"""`kg show NAME [--graph FILE]`: aliases, type, relations in and out, evidence sentences."""

from __future__ import annotations

import json

from kg.show import format_entity, show


def register(sub):
    p = sub.add_parser("show", help="one entity: aliases, relations, evidence sentences")
    p.add_argument("name", help="canonical name, alias or id")
    p.add_argument("--graph", default="out/graph.json", help="graph.json (default out/graph.json)")
    p.add_argument("--json", action="store_true", help="the entity as JSON, for scripts")
    return p


def run(args) -> int:
    info = show(args.graph, args.name)
    print(json.dumps(info, ensure_ascii=False, indent=1) if args.json else format_entity(info))
    return 0
