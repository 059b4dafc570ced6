"""`python -m bench [NAME ...] [--mb MB] [--extractor MODULE:FUNC] [--repeat N]`: run the benchmarks.

NAME: build, load, viz (all when none is given); `python -m bench build --mb 200` runs only the build
benchmark on a 200 MB corpus. bench_build (this area) plus bench_load and bench_viz when present (owned by
the store and viz areas). `--only NAME ...` and `--size MB` are the older spellings.
Results are printed and written to bench/results/<name>-<size>mb.json (gitignored).
"""

from __future__ import annotations

import argparse
import importlib
import inspect
import sys
from pathlib import Path

BENCHES = ("bench_build", "bench_load", "bench_viz")
HERE = Path(__file__).resolve().parent


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    ap.add_argument("names", nargs="*", metavar="NAME", help="build, load, viz (default: all)")
    ap.add_argument("--mb", "--size", dest="size", type=float, default=5,
                    help="generated corpus size in MB: 5 (default), 50, 200")
    ap.add_argument("--only", nargs="*", default=None, help=f"subset of {', '.join(BENCHES)}")
    ap.add_argument("--extractor", default=None, help="bench_build: MODULE:FUNC instead of kg.extract")
    ap.add_argument("--repeat", type=int, default=1, help="bench_build: each measurement N times, the fastest kept")
    a = ap.parse_args(argv)
    only = [*(a.names or ()), *(a.only or ())]
    unknown = [n for n in only if n not in BENCHES and f"bench_{n}" not in BENCHES]
    if unknown:
        ap.error(f"unknown benchmark {', '.join(unknown)} (build, load, viz)")
    status = 0
    for name in BENCHES:
        if only and name not in only and name.removeprefix("bench_") not in only:
            continue
        if not (HERE / f"{name}.py").exists():
            print(f"[{name}] not present, skipped")
            continue
        mod = importlib.import_module(f"bench.{name}")
        args = ["--size", f"{a.size:g}"]
        if name == "bench_build":
            args += ["--json", str(HERE / "results" / f"build-{a.size:g}mb.json")]
            if a.extractor:
                args += ["--extractor", a.extractor]
            if a.repeat > 1:
                args += ["--repeat", str(a.repeat)]
        print(f"[{name}]", flush=True)
        try:
            params = inspect.signature(mod.main).parameters
            mod.main(args) if params else mod.main()
        except SystemExit as e:
            if e.code not in (0, None):
                print(f"[{name}] failed: {e.code}", file=sys.stderr)
                status = 1
    return status


if __name__ == "__main__":
    sys.exit(main())
