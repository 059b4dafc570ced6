"""kill -9 of `kg build --workers 2` mid-build (local pool, Dask local cluster): no worker outlives it by
more than 2 s."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import psutil
import pytest

from bench.gen_corpus import generate

from .conftest import REPO


@pytest.mark.parametrize("engine", ["local", "dask"])
def test_workers_die_with_a_killed_build(tmp_path, engine):
    if engine == "dask":
        pytest.importorskip("distributed")
    corpus = generate(2, tmp_path / "corpus")
    env = {**os.environ, "KG_CACHE_DIR": str(tmp_path / "cache")}
    proc = subprocess.Popen([sys.executable, "-m", "kg.cli", "build", str(corpus), "--out", str(tmp_path / "o"),
                             "--workers", "2", "--engine", engine, "--progress", "plain"], cwd=REPO, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    parent = psutil.Process(proc.pid)
    # mid-build: the first progress line says documents are being extracted
    for line in proc.stderr:
        if " documents, " in line:
            break
    workers = [c for c in parent.children(recursive=True) if _running(c)]
    assert len(workers) >= 2, "the build did not start two workers"
    assert proc.poll() is None, "the build finished before it could be killed: a larger corpus is needed"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    proc.stderr.close()
    killed_at = time.monotonic()
    alive = workers
    while alive and time.monotonic() < killed_at + 2.0:
        alive = [p for p in alive if _running(p)]
        time.sleep(0.05)
    alive = [p for p in alive if _running(p)]
    what = []
    for p in alive:  # do not leave them behind whatever the outcome
        try:
            what.append(" ".join(p.cmdline())[-120:])
            p.kill()
        except psutil.Error:
            pass
    assert not alive, f"{len(alive)} workers outlived the build by {time.monotonic() - killed_at:.1f} s: {what}"


def _running(p: psutil.Process) -> bool:
    """Still running: not gone, and not a zombie (dead, waiting for a parent that is gone to reap it; PID 1
    of a container may never do it)."""
    try:
        return p.status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return False
