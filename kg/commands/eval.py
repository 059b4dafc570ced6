"""`kg eval GRAPH --gold FILE [--cv K]`: P/R/F1 per entity and relation type, FUNDS amount accuracy,
optionally beside document-level K-fold cross-validated figures."""

from __future__ import annotations

import json

from kg.eval import cross_validate, evaluate, format_cv, format_table, read_gold
from kg.graph import read_graph


def register(sub):
    p = sub.add_parser("eval", help="score a graph.json against gold JSONL (P/R/F1 per type)")
    p.add_argument("graph", help="graph.json (or its directory)")
    p.add_argument("--gold", required=True, help="gold JSONL (one document per line)")
    p.add_argument("--show-errors", action="store_true", help="list misses and extras")
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.add_argument("--curation", metavar="FILE",
                   help="also say how much this curation file changes the graph (the score is always of "
                        "what the extractor found)")
    p.add_argument("--cv", type=int, metavar="K",
                   help="also score by document-level K-fold cross-validation (held-out folds pooled)")
    return p


def run(args) -> int:
    from kg.curation import extracted_path

    # a curated graph.json: score what the extractor found (graph.extracted.json), never the corrections
    scored = extracted_path(args.graph) or args.graph
    gold = read_gold(args.gold)
    graph = read_graph(scored)
    res = evaluate(graph, gold)
    cv = cross_validate(graph, gold, args.cv) if args.cv is not None else None
    diff = None
    if args.curation:
        from kg.curation import difference

        diff = difference(scored, args.curation)
    if args.json:
        out = res.as_dict()
        if cv is not None:
            out["cv"] = {"k": cv.k, "folds": cv.folds, "pooled": cv.pooled.as_dict(),
                         "per_fold": [r.as_dict() for r in cv.per_fold]}
        if args.show_errors:
            out["errors"] = res.errors
        if diff is not None:
            out["curation"] = diff
        print(json.dumps(out, ensure_ascii=False, indent=1))
        return 0
    if args.show_errors:
        for e in res.errors:
            rest = {k: v for k, v in e.items() if k not in ("doc", "kind")}
            print(f"{e['doc']}\t{e['kind']}\t" + "\t".join(f"{k}={v}" for k, v in rest.items()))
        print()
    print(format_table(res))
    if diff is not None:
        print(f"curation {args.curation}: {diff['rules']} rules ({diff['stale']} stale) would remove "
              f"{diff['nodes_removed']} nodes and {diff['links_removed']} links, add {diff['nodes_added']} "
              f"nodes and {diff['links_added']} links, change {diff['nodes_changed']} nodes and "
              f"{diff['links_changed']} links")
    if cv is not None:
        print()
        print(format_cv(res, cv))
    return 0
