"""`kg build PATH... --out DIR [--workers N]`: documents -> DIR/graph.json + DIR/build-report.json."""

from __future__ import annotations

import sys

from kg.build import build, default_workers
from kg.errors import KgError


def register(sub):
    p = sub.add_parser(
        "build", help="extract a corpus into DIR/graph.json",
        description="Extract documents into DIR/graph.json and DIR/build-report.json. Per-document "
                    "results are cached in DIR/.kg-cache: a re-build extracts only new or changed files, "
                    "and an interrupted build resumes where it stopped.")
    p.add_argument("paths", nargs="+", help="files, directories (recursive) or globs")
    p.add_argument("--out", required=True, help="output directory")
    p.add_argument("--workers", type=_workers, default=1, help="worker processes (default 1; 0 = all cores)")
    p.add_argument("--engine", choices=("local", "dask"), default="local",
                   help="local process pool (default) or a Dask cluster (pip install 'kg[dask]')")
    p.add_argument("--scheduler", default=None,
                   help="with --engine dask: scheduler address (default: a local cluster of --workers)")
    p.add_argument("--home-region", default=None,
                   help="the source's home region (e.g. 内蒙古自治区) for 我区/全区/自治区; inferred by default")
    p.add_argument("--progress", choices=("auto", "bar", "plain", "off"), default="auto",
                   help="progress display (auto: a bar on a terminal, plain lines otherwise)")
    p.add_argument("--extractor", default=None, metavar="MODULE:FUNCTION",
                   help="use another extraction function (same signature as kg.extract.extract_document)")
    p.add_argument("--curation", default=None, metavar="FILE",
                   help="corrections (YAML: merge, rename, retype, reject, add) applied to the merged graph "
                        "on every build; see `kg curate`")
    p.add_argument("--lexicon", action="append", default=[], metavar="FILE",
                   help="your own vocabulary: TSV type<TAB>name<TAB>aliases (Agency, Program, Person, Region); "
                        "repeatable")
    p.add_argument("--quiet", action="store_true", help="no progress, no summary (problems still on stderr)")
    return p


def run(args) -> int:
    workers = args.workers if args.workers > 0 else default_workers()

    def log(msg: str) -> None:
        print(f"kg build: {msg}", file=sys.stderr, flush=True)

    extractor = _load_extractor(args.extractor) if args.extractor else None
    if args.lexicon:
        if extractor is not None:
            raise KgError("--lexicon works with kg's own extractor, not with --extractor")
        from kg.extract.userlex import LexiconExtractor

        extractor = LexiconExtractor(args.lexicon)  # a bad row ends here: FILE:LINE, nothing written
    progress = {"auto": None, "bar": "rich", "plain": "plain", "off": False}[args.progress]
    if args.quiet:
        progress = False
    rep = build(args.paths, args.out, workers=workers, home_region=args.home_region,
                progress=progress, log=log, engine=args.engine, scheduler=args.scheduler, extractor=extractor,
                curation=args.curation)
    if not args.quiet:
        nodes = ", ".join(f"{k} {v}" for k, v in rep.nodes_by_type.items()) or "none"
        links = ", ".join(f"{k} {v}" for k, v in rep.links_by_type.items()) or "none"
        print(f"read {rep.documents_read}/{rep.documents_found} documents ({len(rep.skipped)} skipped, "
              f"{len(rep.warnings)} warnings; {rep.extracted} extracted, {rep.reused} reused), "
              f"{rep.articles} articles, {rep.sentences} sentences, {rep.bytes / 1e6:.1f} MB "
              f"in {rep.seconds:.1f}s")
        print(f"nodes: {nodes}")
        print(f"links: {links}")
        if rep.curation is not None:
            print(f"curation: {rep.curation['applied']} rules applied, {rep.curation['stale']} matched nothing"
                  + (" (listed in build-report.json)" if rep.curation["stale"] else ""))
        print(f"wrote {rep.graph_path}")
    return 0


def _workers(text: str) -> int:
    """--workers: a whole number, 0 or more."""
    import argparse

    try:
        n = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if n < 0:
        raise argparse.ArgumentTypeError(f"{n} is negative (0 = all cores)")
    return n


def _load_extractor(spec: str):
    import importlib

    mod, _, func = spec.partition(":")
    try:
        fn = getattr(importlib.import_module(mod), func or "extract_document")
    except (ImportError, AttributeError) as e:
        raise KgError(f"cannot load extractor {spec}: {e}") from None
    if not callable(fn):
        raise KgError(f"extractor {spec} is not callable")
    return fn
