"""`kg load GRAPH [--uri bolt://… --user … --password … --database …] [--batch-size N] [--forget DOC]`.

Loads graph.json into Neo4j (env NEO4J_URI, NEO4J_USER, NEO4J_PASSWORD, NEO4J_DATABASE): idempotent and
converging (MERGE on ids, evidence merged without duplicates; then what kg loaded earlier that the graph no
longer has is removed, unless --no-prune); sized for the server it finds (Neo4j, or
FalkorDB's Bolt stand-in); an interrupted load resumes from its last committed transaction; rows the server
refuses are named and the exit status is non-zero. `--forget DOC` removes one document's evidence and
whatever is left unsupported.
"""

from __future__ import annotations

import sys

from kg.errors import KgError
from kg.stores.batches import DEFAULT_BATCH
from kg.stores.bolt import DEFAULT_TIMEOUT, Connection, Neo4jStore


def add_connection_args(p) -> None:
    p.add_argument("--uri", default=None, help="Bolt URI (env NEO4J_URI, default bolt://localhost:7687)")
    p.add_argument("--user", default=None, help="user (env NEO4J_USER, default neo4j)")
    p.add_argument("--password", default=None, help="password (env NEO4J_PASSWORD)")
    p.add_argument("--database", default=None, help="database (env NEO4J_DATABASE, default neo4j)")
    p.add_argument("--timeout", type=float, default=None, metavar="SECONDS",
                   help=f"to connect, and for each request to be answered (default {DEFAULT_TIMEOUT:g})")


def register(sub):
    p = sub.add_parser("load", help="load graph.json into Neo4j (batched, idempotent, incremental)")
    p.add_argument("graph", nargs="?", help="graph.json (or its directory); not needed with --forget")
    add_connection_args(p)
    p.add_argument("--batch-size", type=int, default=DEFAULT_BATCH,
                   help=f"rows per UNWIND transaction (default {DEFAULT_BATCH})")
    p.add_argument("--max-batch-bytes", type=int, default=None,
                   help="cap on the bytes of one statement with its parameters written out (default: what the "
                        "server takes, found when connecting: 8000000 on Neo4j, 4095 on FalkorDB)")
    p.add_argument("--no-schema", action="store_true", help="skip cypher/schema.cypher")
    p.add_argument("--no-resume", action="store_true",
                   help="neither resume an interrupted load nor write the checkpoint that allows it "
                        "(.kg-load-checkpoint.json beside the graph)")
    p.add_argument("--no-prune", action="store_true",
                   help="only add and merge: keep what kg loaded earlier that this graph no longer has "
                        "(by default a load removes it, e.g. an edge a curation rejected)")
    p.add_argument("--forget", metavar="DOC", action="append", default=[],
                   help="remove this document's evidence (doc id as in graph.json); repeatable")
    p.add_argument("--quiet", action="store_true", help="print nothing but errors")
    return p


def run(args) -> int:
    if not args.graph and not args.forget:
        raise KgError("give a GRAPH to load or --forget DOC")
    g = checkpoint = None
    if args.graph:
        from kg.graph import read_graph
        from kg.stores.loader import Checkpoint

        g = read_graph(args.graph)  # read before connecting: a bad file writes nothing
        checkpoint = None if args.no_resume else Checkpoint.for_graph(args.graph)

    def log(msg: str) -> None:
        if not args.quiet:
            print(f"kg load: {msg}", file=sys.stderr)

    conn = Connection.from_args(args.uri, args.user, args.password, args.database, args.timeout)
    with Neo4jStore(conn) as store:
        if g is not None:
            sent = store.load(g, batch_size=args.batch_size, schema=not args.no_schema, log=log,
                              max_batch_bytes=args.max_batch_bytes, checkpoint=checkpoint,
                              prune=not args.no_prune)
            if not args.quiet:
                print(f"loaded {sent.get('nodes', 0)} entities, {sent.get('relationships', 0)} relationships, "
                      f"{sent.get('documents', 0)} documents, {sent.get('mentions', 0)} mentions "
                      f"into {conn.uri} (database {conn.database})")
                removed = {k[len("removed_"):]: v for k, v in sent.items() if k.startswith("removed_")}
                if removed:
                    print("removed what the graph no longer has: " + ", ".join(f"{v} {k}" for k, v in removed.items()))
        for doc in args.forget:
            res = store.forget(doc)
            if not args.quiet:
                print(f"forgot {doc}: {res['relationships_deleted']} relationships deleted, "
                      f"{res['relationships_trimmed']} trimmed, {res['entities_deleted']} entities deleted, "
                      f"{res['documents_deleted']} document node deleted")
    return 0
