"""`kg load` / `kg query` never hang and never claim success they did not have: a server that accepts and
never answers ends in one line within --timeout; a second load and a --forget against FalkorDB (which
swallows the connection after a clean close, its issue 897) go through; rows the server cannot store make the
load fail, naming them, after writing the rest."""

from __future__ import annotations

import socket
import threading
import time

import pytest

from kg.graph import build_graph, write_graph
from kg.stores.synthetic import sample_extractions
from tests.stores.test_cli_neo4j import assert_one_line_error, kg

pytestmark = pytest.mark.neo4j


@pytest.fixture
def graph_file(tmp_path):
    p = tmp_path / "g" / "graph.json"
    write_graph(build_graph(sample_extractions()), p)
    return p


@pytest.fixture
def silent_server():
    """A plain TCP server that accepts every connection and never sends a byte."""
    srv = socket.socket()
    srv.bind(("127.0.0.1", 0))
    srv.listen(16)
    held, stop = [], threading.Event()

    def accept():
        srv.settimeout(0.2)
        while not stop.is_set():
            try:
                held.append(srv.accept()[0])
            except OSError:
                continue

    t = threading.Thread(target=accept, daemon=True)
    t.start()
    yield f"bolt://127.0.0.1:{srv.getsockname()[1]}"
    stop.set()
    t.join()
    for c in held:
        c.close()
    srv.close()


@pytest.mark.parametrize("cmd", [["load", "GRAPH"], ["load", "--forget", "a/001.txt"], ["query", "top-funders"]])
def test_silent_server_one_line_within_the_timeout(silent_server, graph_file, cmd):
    args = [graph_file if a == "GRAPH" else a for a in cmd]
    t = time.monotonic()
    r = kg(*args, "--uri", silent_server, "--password", "x", "--timeout", "2", timeout=60)
    took = time.monotonic() - t
    line = assert_one_line_error(r)
    assert "no answer from" in line and "2 s" in line, line
    assert took < 2 + 6, took  # the timeout, plus starting Python


@pytest.mark.parametrize("bad", ["0", "-1", "nan", "inf", "soon"])
def test_bad_timeout_is_one_line(graph_file, bad):
    r = kg("load", graph_file, "--uri", "bolt://127.0.0.1:1", "--password", "x", f"--timeout={bad}")
    assert r.returncode != 0 and "Traceback" not in r.stderr


def test_second_load_and_forget_go_through(fresh_falkordb, graph_file):
    srv = fresh_falkordb
    conn = ["--uri", srv.uri, "--user", srv.user, "--timeout", "20"]
    env = {"NEO4J_PASSWORD": srv.password}
    for args in (["load", graph_file], ["load", graph_file], ["load", "--forget", "b/003.txt"],
                 ["load", graph_file], ["query", "top-funders", "--json"]):
        t = time.monotonic()
        r = kg(*args, *conn, env=env, timeout=120)
        assert r.returncode == 0, (args, r.stderr)
        assert time.monotonic() - t < 15, args
    assert not (graph_file.parent / ".kg-load-checkpoint.json").exists()


def test_rows_the_server_cannot_store_fail_the_load_by_name(fresh_falkordb, tmp_path):
    g = build_graph(sample_extractions())
    bad = "Region:150400"
    g.nodes[bad]["aliases"] = ["赤\x00峰"]
    s, t, k = next((s, t, k) for s, t, k, d in g.edges(keys=True, data=True) if d.get("evidence"))
    g.edges[s, t, k]["evidence"][0]["text"] = "很长的句子" * 400  # 6 000 bytes: more than FalkorDB takes
    p = tmp_path / "graph.json"
    write_graph(g, p)
    srv = fresh_falkordb
    r = kg("load", p, "--uri", srv.uri, "--user", srv.user, env={"NEO4J_PASSWORD": srv.password})
    assert r.returncode != 0 and "Traceback" not in r.stderr
    line = r.stderr.strip().splitlines()[-1]  # after the note on FalkorDB's schema
    assert "load incomplete: 2 statement(s)" in line and bad in line and "NUL" in line
    assert f"{s} -[".replace("\n", "\\n").replace("\t", "\\t") in line and "bytes" in line
    assert "loaded" not in r.stdout and srv.proc.poll() is None  # the server is still up
