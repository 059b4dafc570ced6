"""`kg build PATH... --out DIR [--workers N]`: documents -> DIR/graph.json + DIR/build-report.json."""

from __future__ import annotations

import os
import sys

from kg.build import build


def register(sub):
    p = sub.add_parser("build", help="extract a corpus into DIR/graph.json")
    p.add_argument("paths", nargs="+", help="files, directories (recursive) or globs")
    p.add_argument("--out", required=True, help="output directory")
    p.add_argument("--workers", type=int, default=1, help="worker processes (default 1; 0 = all cores)")
    p.add_argument("--home-region", default=None,
                   help="the source's home region (e.g. 内蒙古自治区) for 我区/全区/自治区; inferred by default")
    p.add_argument("--quiet", action="store_true", help="no progress bar, no summary")
    return p


def run(args) -> int:
    workers = args.workers if args.workers > 0 else (os.cpu_count() or 1)

    def log(msg: str) -> None:
        print(f"kg build: {msg}", file=sys.stderr)

    rep = build(args.paths, args.out, workers=workers, home_region=args.home_region,
                progress=None if not args.quiet else False, log=log)
    if not args.quiet:
        nodes = ", ".join(f"{k} {v}" for k, v in rep.nodes_by_type.items())
        links = ", ".join(f"{k} {v}" for k, v in rep.links_by_type.items())
        print(f"read {rep.documents_read}/{rep.documents_found} documents ({len(rep.skipped)} skipped), "
              f"{rep.articles} articles, {rep.sentences} sentences in {rep.seconds:.1f}s")
        print(f"nodes: {nodes}")
        print(f"links: {links}")
        print(f"wrote {rep.graph_path}")
    return 0
