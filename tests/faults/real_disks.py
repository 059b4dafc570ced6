"""Run inside a private mount namespace (`unshare -m python -m tests.faults.real_disks CORPUS WORK`): real
read-only and full file systems (tmpfs), and a user without write permission (setpriv to nobody), under
`kg build`. Prints one JSON object: per case, the exit status, stderr, and whether graph.json survived."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path


def sh(*args: str) -> None:
    subprocess.run(args, check=True, capture_output=True)


def kg(args: list[str], user: str | None = None) -> subprocess.CompletedProcess:
    cmd = [sys.executable, "-m", "kg.cli", "build", *args, "--progress", "off", "--quiet"]
    if user:
        cmd = ["setpriv", f"--reuid={user}", f"--regid={user}", "--clear-groups", *cmd]
    env = {**os.environ, "KG_CACHE_DIR": os.environ.get("KG_CACHE_DIR", "")}
    return subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=300)


def case(r: subprocess.CompletedProcess, graph: Path | None = None, before: bytes | None = None) -> dict:
    return {"rc": r.returncode, "stderr": r.stderr,
            "intact": graph is None or (graph.is_file() and graph.read_bytes() == before),
            "temps": sorted(str(p) for p in (graph.parent.rglob("*.tmp") if graph else ()))}


def main(corpus: str, work: str) -> None:
    corpus2 = Path(corpus)
    w = Path(work)
    out: dict[str, dict] = {}
    # a read-only file system: the output directory itself, a new directory in it, an existing build
    ro = w / "ro"
    ro.mkdir()
    sh("mount", "-t", "tmpfs", "-o", "size=4m,mode=0777", "tmpfs", str(ro))
    r = kg([corpus, "--out", str(ro / "o")])
    assert r.returncode == 0, r.stderr
    g = ro / "o" / "graph.json"
    before = g.read_bytes()
    (corpus2 / "new.txt").write_text("北京市帮扶内蒙古自治区。\n", encoding="utf-8")
    sh("mount", "-o", "remount,ro", str(ro))
    out["read-only existing out"] = case(kg([corpus, "--out", str(ro / "o")]), g, before)
    out["read-only out/sub"] = case(kg([corpus, "--out", str(ro / "o" / "sub")]))
    out["read-only out"] = case(kg([corpus, "--out", str(ro)]))
    # a full disk: the previous build fits, the next one does not
    full = w / "full"
    full.mkdir()
    sh("mount", "-t", "tmpfs", "-o", "size=4m,mode=0777", "tmpfs", str(full))
    (corpus2 / "new.txt").unlink()
    r = kg([corpus, "--out", str(full / "o")])
    assert r.returncode == 0, r.stderr
    g = full / "o" / "graph.json"
    before = g.read_bytes()
    (corpus2 / "new.txt").write_text("北京市帮扶内蒙古自治区。\n" * 50, encoding="utf-8")
    fd = os.open(full / "filler", os.O_WRONLY | os.O_CREAT)
    try:
        while True:
            os.write(fd, b"\0" * 4096)
    except OSError:
        pass
    finally:
        os.close(fd)
    out["full disk"] = case(kg([corpus, "--out", str(full / "o")]), g, before)
    # no permission: an existing build that another user cannot write
    perm = w / "perm"
    perm.mkdir(mode=0o755)
    sh("mount", "-t", "tmpfs", "-o", "size=4m,mode=0755", "tmpfs", str(perm))
    r = kg([corpus, "--out", str(perm / "o")])
    assert r.returncode == 0, r.stderr
    g = perm / "o" / "graph.json"
    before = g.read_bytes()
    out["not permitted"] = case(kg([corpus, "--out", str(perm / "o")], user="65534"), g, before)
    print(json.dumps(out, ensure_ascii=False))


if __name__ == "__main__":
    main(*sys.argv[1:3])
