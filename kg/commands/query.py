"""`kg query NAME [--param k=v] [--graph FILE | --uri …] [--json]` and `kg query --list`.

The same named query (cypher/queries/NAME.cypher) on either store: Neo4j runs the file, graph.json runs its
NetworkX equivalent (kg.queries) on the part of the graph it needs, read from the index beside graph.json
(OUT/graph.db) when there is one; same columns, same rows, same order.
"""

from __future__ import annotations

import json
import os

from kg.commands.load import add_connection_args
from kg.errors import KgError


def register(sub):
    p = sub.add_parser("query", help="run a named query (cypher/queries/) on graph.json or Neo4j")
    p.add_argument("name", nargs="?", help="query name (see --list)")
    p.add_argument("--list", action="store_true", help="list the queries with their titles")
    p.add_argument("--param", action="append", default=[], metavar="KEY=VALUE",
                   help="query parameter (VALUE parsed as JSON when it is JSON, else a string); repeatable")
    p.add_argument("--graph", default=None, help="graph.json to query (default out/graph.json unless --uri)")
    add_connection_args(p)
    p.add_argument("--json", action="store_true", help="JSON rows for machines")
    return p


def _cell(v) -> str:
    if v is None:
        return ""
    if isinstance(v, float):
        return f"{v:.0f}" if v.is_integer() else f"{v:g}"
    if isinstance(v, list):
        return "; ".join(_cell(x) for x in v)
    return " ".join(str(v).split())


def format_table(columns: list[str], rows: list[list]) -> str:
    from rich import box
    from rich.console import Console
    from rich.table import Table

    t = Table(box=box.SIMPLE_HEAD)
    for c in columns:
        t.add_column(c, overflow="fold")
    for r in rows:
        t.add_row(*(_cell(v) for v in r))
    console = Console(width=max(100, min(os.get_terminal_size(0).columns if os.isatty(0) else 160, 240)),
                      record=True, file=open(os.devnull, "w"))  # noqa: SIM115
    console.print(t)
    return console.export_text().rstrip() + f"\n({len(rows)} row{'s' if len(rows) != 1 else ''})"


def run(args) -> int:
    from kg import queries

    if args.list:
        qs = queries.list_queries()
        width = max(len(q.name) for q in qs)
        for q in qs:
            params = ", ".join(f"{k}={json.dumps(v, ensure_ascii=False)}" for k, v in q.params.items())
            print(f"{q.name:<{width}}  {q.title}" + (f"  [{params}]" if params else ""))
        return 0
    if not args.name:
        raise KgError("give a query NAME (kg query --list shows them)")
    q = queries.get_query(args.name)
    params = dict(queries.parse_param(p) for p in args.param)
    use_neo4j = args.uri is not None or (args.graph is None and os.environ.get("NEO4J_URI"))
    if use_neo4j and args.graph is not None:
        raise KgError("give either --graph or --uri, not both")
    if use_neo4j:
        from kg.stores.bolt import Connection, Neo4jStore

        conn = Connection.from_args(args.uri, args.user, args.password, args.database, args.timeout)
        with Neo4jStore(conn) as store:
            store.check()
            res = queries.run_neo4j(store, q.name, params)
    else:
        res = queries.run_on_file(args.graph or "out/graph.json", q.name, params)
    if args.json:
        print(json.dumps(res.records(), ensure_ascii=False, indent=1))
    else:
        print(format_table(res.columns, res.rows))
    return 0
