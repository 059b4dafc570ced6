"""`python -m bench [--size MB] [--only NAME ...] [--extractor MODULE:FUNC] [--repeat N]`: run the benchmarks.

bench_build (this area) plus bench_load and bench_viz when present (owned by the store and viz areas).
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
    ap.add_argument("--size", type=float, default=5, help="generated corpus size in MB: 5 (default), 50, 200")
    ap.add_argument("--only", nargs="*", default=None, help=f"subset of {', '.join(BENCHES)}")
    ap.add_argument("--extractor", default=None, help="bench_build: MODULE:FUNC instead of kg.extract")
    ap.add_argument("--repeat", type=int, default=1, help="bench_build: each measurement N times, the fastest kept")
    a = ap.parse_args(argv)
    status = 0
    for name in BENCHES:
        if a.only and name not in a.only and name.removeprefix("bench_") not in a.only:
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
