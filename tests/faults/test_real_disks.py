"""Real faults, where the machine allows them (root in a private mount namespace): a read-only file
system (existing out dir, out/sub, out itself), a full one, and a user without write permission. Each
ends `kg build` with one line naming the path, exit 1, graph.json intact and no temporary file left."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys

import pytest

from .conftest import REPO, SAMPLES


def _can_unshare() -> bool:
    if os.geteuid() != 0 or not shutil.which("unshare") or not shutil.which("setpriv"):
        return False
    r = subprocess.run(["unshare", "-m", "sh", "-c", "mount -t tmpfs -o size=64k tmpfs /mnt"], capture_output=True)
    return r.returncode == 0


@pytest.mark.skipif(not _can_unshare(), reason="needs root and mount namespaces (unshare -m) to make real faults")
def test_real_read_only_full_and_forbidden_outputs(tmp_path):
    base = tmp_path / "rd"
    (base / "c").mkdir(parents=True)
    (base / "w").mkdir()
    text = sorted(SAMPLES.glob("*.txt"))[3].read_text(encoding="utf-8")[:1500]
    (base / "c" / "a.txt").write_text(text, encoding="utf-8")
    for p in (tmp_path, base, base / "c", base / "w"):
        p.chmod(0o777)  # the 'forbidden' case runs as nobody, who must reach the corpus
    (base / "c" / "a.txt").chmod(0o644)
    env = {**os.environ, "KG_CACHE_DIR": str(base / "user-cache")}
    r = subprocess.run(["unshare", "-m", sys.executable, "-m", "tests.faults.real_disks", str(base / "c"),
                        str(base / "w")], capture_output=True, text=True, cwd=REPO, env=env, timeout=600)
    assert r.returncode == 0, r.stderr[-3000:]
    cases = json.loads(r.stdout)
    ro = ("Read-only file system", "read-only", "cannot create or open")  # the OS's words, or SQLite's
    want = {"read-only existing out": ro, "read-only out/sub": ro, "read-only out": ro,
            "full disk": ("No space left on device", "disk is full", "disk I/O error"),
            "not permitted": ("Permission denied", "read-only", "cannot create or open")}
    assert set(cases) == set(want)
    for name, c in cases.items():
        lines = c["stderr"].splitlines()
        assert c["rc"] == 1 and len(lines) == 1, (name, c)
        assert lines[0].startswith(f"kg build: {base}/w/"), (name, c)
        assert any(w in lines[0] for w in want[name]), (name, c)
        assert ".tmp" not in lines[0], (name, c)
        assert c["intact"] and not c["temps"], (name, c)
