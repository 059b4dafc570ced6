"""`kg demo`: build the sample corpus with the embedded store and write the HTML pages."""

from __future__ import annotations

from pathlib import Path

from kg.demo import run_demo


def register(sub):
    p = sub.add_parser("demo", help="build the sample corpus into out/ and write the HTML pages")
    p.add_argument("--samples", default=None, action="append",
                   help="corpus directory, repeatable (default: data/samples and data/articles/*/docs)")
    p.add_argument("--out", default="out", help="output directory (default out/)")
    p.add_argument("--workers", type=int, default=1, help="worker processes (default 1)")
    return p


def run(args) -> int:
    index = run_demo(args.samples, Path(args.out), workers=args.workers, log=print)
    print(f"open {index.resolve().as_uri()}")
    return 0
