"""`kg build` throughput, scaling, memory and incremental re-build, measured in one run.

    python -m bench.bench_build --size 5 [--extractor MODULE:FUNC]

Reports, for a generated corpus (bench.gen_corpus): jieba.lcut over the same text (the yardstick),
`kg build` with 1 and 2 workers (time, MB/s, ratio to lcut, speed-up, peak RSS of the build's process tree
sampled with psutil), and the re-build after changing 1% of the documents against the full build.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import psutil

from bench.gen_corpus import corpus_dir, generate

REPO = Path(__file__).resolve().parent.parent


def tree_rss(p: psutil.Process) -> int:
    total = 0
    for q in [p, *p.children(recursive=True)]:
        try:
            total += q.memory_info().rss
        except psutil.Error:
            pass
    return total


def run_build(corpus: Path, out: Path, workers: int, extractor: str | None) -> tuple[float, int, dict]:
    cmd = [sys.executable, "-m", "kg.cli", "build", str(corpus), "--out", str(out), "--workers", str(workers),
           "--progress", "off"]
    if extractor:
        cmd += ["--extractor", extractor]
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    peak = [0]
    ps = psutil.Process(proc.pid)

    def sample():
        while proc.poll() is None:
            peak[0] = max(peak[0], tree_rss(ps))
            time.sleep(0.05)

    th = threading.Thread(target=sample, daemon=True)
    th.start()
    _, err = proc.communicate()
    dt = time.perf_counter() - t0
    th.join()
    if proc.returncode != 0:
        raise SystemExit(f"kg build failed ({proc.returncode}): {err[-2000:]}")
    return dt, peak[0], json.loads((out / "build-report.json").read_text(encoding="utf-8"))


def lcut_time(corpus: Path) -> tuple[float, int]:
    import jieba

    jieba.initialize()
    t0 = time.perf_counter()
    n = 0
    for f in sorted(corpus.rglob("*.txt")):
        n += len(jieba.lcut(f.read_text(encoding="utf-8")))
    return time.perf_counter() - t0, n


def touch_one_percent(corpus: Path) -> int:
    files = sorted(corpus.rglob("*.txt"))
    step = 100
    changed = 0
    for f in files[::step]:
        with open(f, "a", encoding="utf-8") as fh:
            fh.write(f"\n\n本报讯 北京市对口帮扶工作持续推进（更正{changed}）。\n")
        changed += 1
    return changed


def bench(size: float, extractor: str | None, keep: bool = False) -> dict:
    src = generate(size, corpus_dir(size))
    work = Path(tempfile.mkdtemp(prefix="kgbench-"))
    try:
        corpus = work / "corpus"
        shutil.copytree(src, corpus)  # the 1% edit must not touch the cached generated corpus
        files = list(corpus.rglob("*.txt"))
        mb = sum(f.stat().st_size for f in files) / 1e6
        res: dict = {"size_mb": round(mb, 1), "documents": len(files), "extractor": extractor or "kg.extract",
                     "machine": {"cores": os.cpu_count(), "memory_gb": round(psutil.virtual_memory().total / 2**30, 1),
                                 "python": platform.python_version(), "platform": platform.platform()}}
        t_lcut, ntok = lcut_time(corpus)
        res["lcut_s"] = round(t_lcut, 2)
        t1, rss1, rep1 = run_build(corpus, work / "out1", 1, extractor)
        t2, rss2, rep2 = run_build(corpus, work / "out2", 2, extractor)
        same = (work / "out1" / "graph.json").read_bytes() == (work / "out2" / "graph.json").read_bytes()
        res.update(build_1w_s=round(t1, 2), build_2w_s=round(t2, 2),
                   mb_per_s_1w=round(mb / t1, 2), mb_per_s_2w=round(mb / t2, 2),
                   ratio_1w_to_lcut=round(t1 / t_lcut, 2), speedup_2w=round(t1 / t2, 2),
                   peak_rss_1w_mb=round(rss1 / 1e6), peak_rss_2w_mb=round(rss2 / 1e6),
                   graph_identical_1w_2w=same, nodes=rep2["nodes"], links=rep2["links"],
                   skipped=rep2["documents_skipped"])
        n_changed = touch_one_percent(corpus)
        t3, rss3, rep3 = run_build(corpus, work / "out2", 2, extractor)
        res.update(changed_documents=n_changed, rebuild_1pct_s=round(t3, 2), rebuild_extracted=rep3["extracted"],
                   rebuild_reused=rep3["reused"], rebuild_ratio=round(t3 / t2, 3))
        return res
    finally:
        if not keep:
            shutil.rmtree(work, ignore_errors=True)


def print_result(r: dict) -> None:
    print(f"corpus {r['size_mb']} MB, {r['documents']} documents; extractor {r['extractor']}; "
          f"{r['machine']['cores']} cores, {r['machine']['memory_gb']} GB")
    print(f"  jieba.lcut            {r['lcut_s']:8.2f} s")
    print(f"  kg build --workers 1  {r['build_1w_s']:8.2f} s  {r['mb_per_s_1w']:6.2f} MB/s  "
          f"{r['ratio_1w_to_lcut']:.2f}x lcut  peak RSS {r['peak_rss_1w_mb']} MB")
    print(f"  kg build --workers 2  {r['build_2w_s']:8.2f} s  {r['mb_per_s_2w']:6.2f} MB/s  "
          f"speed-up {r['speedup_2w']:.2f}x  peak RSS {r['peak_rss_2w_mb']} MB  "
          f"identical graph: {r['graph_identical_1w_2w']}")
    if r["skipped"]:
        print(f"  WARNING: {r['skipped']} of {r['documents']} documents skipped (extractor errors?): "
              "the figures do not measure extraction")
    print(f"  re-build, {r['changed_documents']} changed ({r['rebuild_extracted']} extracted, "
          f"{r['rebuild_reused']} reused)  {r['rebuild_1pct_s']:.2f} s  = {r['rebuild_ratio']:.3f}x full build")


def main(argv=None) -> dict:
    ap = argparse.ArgumentParser(description="kg build benchmark")
    ap.add_argument("--size", type=float, default=5)
    ap.add_argument("--extractor", default=None, help="MODULE:FUNC instead of kg.extract (see README)")
    ap.add_argument("--json", default=None, help="also write the results to this file")
    a = ap.parse_args(argv)
    r = bench(a.size, a.extractor)
    print_result(r)
    if a.json:
        Path(a.json).parent.mkdir(parents=True, exist_ok=True)
        Path(a.json).write_text(json.dumps(r, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return r


if __name__ == "__main__":
    main()
