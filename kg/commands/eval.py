"""`kg eval GRAPH --gold FILE`: P/R/F1 per entity and relation type, FUNDS amount accuracy."""

from __future__ import annotations

import json

from kg.eval import evaluate, format_table, read_gold
from kg.graph import read_graph


def register(sub):
    p = sub.add_parser("eval", help="score a graph.json against gold JSONL (P/R/F1 per type)")
    p.add_argument("graph", help="graph.json (or its directory)")
    p.add_argument("--gold", required=True, help="gold JSONL (one document per line)")
    p.add_argument("--show-errors", action="store_true", help="list misses and extras")
    p.add_argument("--json", action="store_true", help="machine-readable output")
    return p


def run(args) -> int:
    from kg.curation import extracted_path

    # a curated graph.json: score what the extractor found (graph.extracted.json), never the corrections
    res = evaluate(read_graph(extracted_path(args.graph) or args.graph), read_gold(args.gold))
    if args.json:
        out = res.as_dict()
        if args.show_errors:
            out["errors"] = res.errors
        print(json.dumps(out, ensure_ascii=False, indent=1))
        return 0
    if args.show_errors:
        for e in res.errors:
            rest = {k: v for k, v in e.items() if k not in ("doc", "kind")}
            print(f"{e['doc']}\t{e['kind']}\t" + "\t".join(f"{k}={v}" for k, v in rest.items()))
        print()
    print(format_table(res))
    return 0
