"""`kg ask "QUESTION" [--graph FILE | --uri …] [--json]`: a question in Chinese → a named query with parameters
→ rows, each with an evidence sentence and its document (kg.ask)."""

from __future__ import annotations

import json
import os

from kg.commands.load import add_connection_args
from kg.errors import KgError


def register(sub):
    p = sub.add_parser("ask", help="answer a question in Chinese from the graph (a named query, with evidence)")
    p.add_argument("question", help="e.g. 谁在帮扶林西县？ 北京向赤峰投入了多少资金？ (simplified or traditional)")
    p.add_argument("--graph", default=None, help="graph.json to ask (default out/graph.json unless --uri)")
    add_connection_args(p)
    p.add_argument("--json", action="store_true", help="the answer as JSON for machines")
    return p


def _print_text(ans) -> None:
    from kg.commands.query import format_table

    ents = ", ".join(f"{e['surface']} → {e['name']}" + (f" ({e['type']})" if e["type"] else " (not in the graph)")
                     for e in ans.entities)
    print(f"question: {ans.normalised}")
    print(f"entities: {ents}")
    print(f"intent:   {ans.intent}: {ans.summary}")
    print(f"query:    {ans.query} {json.dumps(ans.params, ensure_ascii=False)}")
    print(format_table(ans.columns, ans.rows))
    if ans.total_text:
        print(f"total: {ans.total_text}" + (f" ({ans.total_yuan:.0f} yuan)" if ans.total_yuan is not None else ""))
    for note in ans.notes:
        print(f"note: {note}")
    if any(ans.evidence):
        print("evidence:")
    for i, evs in enumerate(ans.evidence, 1):
        for e in evs:
            date = f", {e['date']}" if e["date"] else ""
            print(f"  {i}. {e['link']}: {' '.join(e['text'].split())} ({e['doc']}{date})")


def run(args) -> int:
    from kg.ask import Source, Unanswerable, ask

    use_neo4j = args.uri is not None or (args.graph is None and os.environ.get("NEO4J_URI"))
    if use_neo4j and args.graph is not None:
        raise KgError("give either --graph or --uri, not both")
    try:
        if use_neo4j:
            from kg.stores.bolt import Connection, Neo4jStore

            conn = Connection.from_args(args.uri, args.user, args.password, args.database, args.timeout)
            with Neo4jStore(conn) as store:
                store.check()
                ans = ask(args.question, Source(store=store))
        else:
            from kg.graph import read_graph

            ans = ask(args.question, Source(graph=read_graph(args.graph or "out/graph.json")))
    except Unanswerable as e:
        if args.json:
            print(json.dumps({"question": args.question, "error": e.reason, "suggestions": e.suggestions},
                             ensure_ascii=False, indent=1))
        raise
    if args.json:
        print(json.dumps(ans.to_json(), ensure_ascii=False, indent=1))
    else:
        _print_text(ans)
    return 0
