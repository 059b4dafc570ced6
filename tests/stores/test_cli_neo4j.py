"""`kg load` / `kg query` / `kg export` as a user runs them (subprocesses), against servers of their own.

Error paths end in one line on stderr, a non-zero exit and no traceback.
"""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
from pathlib import Path

import networkx as nx
import pytest

from kg.graph import build_graph, read_graph, write_graph
from kg.queries import run_embedded
from kg.stores.synthetic import quotes_extractions, sample_extractions
from tests.stores.conftest import FALKORDB_BATCH_BYTES, free_port

ROOT = Path(__file__).resolve().parents[2]


def kg(*args, env=None, timeout=300):
    e = {k: v for k, v in os.environ.items() if not k.startswith("NEO4J_")}
    e.update(env or {})
    return subprocess.run([sys.executable, "-m", "kg.cli", *map(str, args)], capture_output=True, text=True,
                          cwd=ROOT, env=e, timeout=timeout)


def assert_one_line_error(r):
    assert r.returncode != 0, r
    assert "Traceback" not in r.stderr, r.stderr
    lines = [ln for ln in r.stderr.splitlines() if ln.strip()]
    assert len(lines) == 1, r.stderr
    return lines[0]


@pytest.fixture
def graph_file(tmp_path):
    p = tmp_path / "g" / "graph.json"
    write_graph(build_graph(sample_extractions()), p)
    return p


def test_load_closed_port_is_one_line(graph_file):
    port = free_port()
    r = kg("load", graph_file, "--uri", f"bolt://127.0.0.1:{port}", "--password", "whatever1")
    line = assert_one_line_error(r)
    assert line.startswith("kg load: cannot reach Neo4j at bolt://127.0.0.1:")


def test_query_closed_port_is_one_line():
    r = kg("query", "top-funders", "--uri", f"bolt://127.0.0.1:{free_port()}", "--password", "x")
    assert_one_line_error(r)


def test_bad_uri_scheme_is_one_line(graph_file):
    assert_one_line_error(kg("load", graph_file, "--uri", "http://127.0.0.1:1", "--password", "x"))


def test_load_wrong_password_is_one_line(graph_file, fresh_falkordb):
    r = kg("load", graph_file, "--uri", fresh_falkordb.uri, "--user", "falkordb", "--password", "not-the-password")
    line = assert_one_line_error(r)
    # FalkorDB answers a wrong password with a DatabaseError (Neo4j: AuthError); both read as a login failure
    assert line.startswith("kg load: ") and "log in" in line and "falkordb" in line


def test_missing_graph_and_unknown_query_are_one_line(tmp_path):
    assert_one_line_error(kg("load", tmp_path / "nope.json", "--password", "x"))
    line = assert_one_line_error(kg("query", "no-such-query", "--graph", tmp_path))
    assert "unknown query" in line
    assert_one_line_error(kg("query", "top-funders", "--param", "nokey=1", "--graph", tmp_path))


def test_describe_error_messages():
    from kg.stores.neo4j_store import Connection, describe_error

    class Fake(Exception):
        def __init__(self, code, message):
            self.code, self.message = code, message

    conn = Connection("bolt://h:7687", "neo4j", "pw", "nosuchdb")
    msg = describe_error(Fake("Neo.ClientError.Database.DatabaseNotFound", "Database does not exist."), conn)
    assert msg == "database 'nosuchdb' does not exist on bolt://h:7687 (check --database)"
    msg = describe_error(Fake("Neo.ClientError.Security.Unauthorized", "The client is unauthorized"), conn)
    assert msg.startswith("authentication failed for user 'neo4j'")
    assert "\n" not in describe_error(Fake("Neo.X", "two\nlines"), conn)


def _absorb_swallowed_connection(server):
    """FalkorDB issue 897: after a client's clean close, the next new Bolt connection is swallowed.
    Spend that one on a throwaway driver (it may fail, which is the point) before the next CLI run."""
    import neo4j

    d = neo4j.GraphDatabase.driver(server.uri, auth=(server.user, server.password), connection_timeout=3,
                                       connection_acquisition_timeout=3)
    try:
        d.verify_connectivity()
    except Exception:
        pass
    finally:
        d.close()


def test_cli_load_forget_and_query(fresh_falkordb, graph_file):
    import neo4j

    srv = fresh_falkordb
    conn = ["--uri", srv.uri, "--user", "falkordb", "--max-batch-bytes", FALKORDB_BATCH_BYTES]
    env = {"NEO4J_PASSWORD": srv.password}
    # our checking connection is opened first, so the CLI's clean close cannot swallow it
    d = neo4j.GraphDatabase.driver(srv.uri, auth=(srv.user, srv.password))
    try:
        d.verify_connectivity()
        r = kg("load", graph_file, *conn, env=env)
        assert r.returncode == 0, r.stderr
        assert "plain indexes" in r.stderr and "Traceback" not in r.stderr
        g = read_graph(graph_file)
        n = d.execute_query("MATCH (n:Entity) RETURN count(n) AS n", database_="neo4j").records[0]["n"]
        assert n == g.number_of_nodes()
        _absorb_swallowed_connection(srv)
        r = kg("load", *conn, "--forget", "b/003.txt", env=env)
        assert r.returncode == 0, r.stderr
        assert "forgot b/003.txt" in r.stdout
        rest = build_graph(sample_extractions(("a/001.txt", "a/002.txt")))
        n = d.execute_query("MATCH (n:Entity) RETURN count(n) AS n", database_="neo4j").records[0]["n"]
        assert n == rest.number_of_nodes()
        _absorb_swallowed_connection(srv)
        r = kg("query", "top-funders", "--json", *conn[:4], env=env)
        assert r.returncode == 0, r.stderr
        want = run_embedded(rest, "top-funders").records()
        assert json.loads(r.stdout) == json.loads(json.dumps(want))
    finally:
        d.close()


def test_query_cli_on_graph_json(graph_file):
    r = kg("query", "--list")
    assert r.returncode == 0 and "beijing-chifeng-aid" in r.stdout and "Top funders" in r.stdout
    r = kg("query", "beijing-chifeng-aid", "--graph", graph_file, "--json")
    assert r.returncode == 0, r.stderr
    rows = json.loads(r.stdout)
    assert {(x["source"], x["relation"], x["target"]) for x in rows} >= {("北京市", "FUNDS", "翁牛特旗"),
                                                                          ("北京市西城区人民政府", "FUNDS", "克什克腾旗")}
    r = kg("query", "neighbourhood", "--graph", graph_file, "--param", "name=蔡奇", "--param", "depth=2")
    assert r.returncode == 0 and "北京市委" in r.stdout and "rows)" in r.stdout


# ---------------------------------------------------------------------------------------------- export


@pytest.fixture
def quotes_graph(tmp_path):
    p = tmp_path / "q" / "graph.json"
    write_graph(build_graph(quotes_extractions()), p)
    return p


def test_export_csv(quotes_graph, tmp_path):
    out = tmp_path / "csv"
    r = kg("export", quotes_graph, "--format", "csv", "--out", out)
    assert r.returncode == 0, r.stderr
    g = read_graph(quotes_graph)

    def rows(name):
        with open(out / name, newline="", encoding="utf-8") as f:
            return list(csv.reader(f))

    ent = rows("entities.csv")
    assert ent[0] == ["id:ID(Entity)", ":LABEL", "name", "type", "aliases:string[]", "aliases_text", "level",
                      "adcode", "lon:float", "lat:float"]
    assert len(ent) - 1 == g.number_of_nodes()
    byid = {r[0]: r for r in ent[1:]}
    odd = next(n for n in g.nodes if "Brien" in n)
    assert byid[odd][2] == g.nodes[odd]["name"]  # quotes, backslash, newline, tab survive CSV quoting
    assert byid[odd][4].split("\x1f") == g.nodes[odd]["aliases"]
    assert byid["Region:150400"][1].split("\x1f") == ["Entity", "Region", "Prefecture"]
    rel = rows("relationships.csv")
    assert rel[0][:3] == [":START_ID(Entity)", ":END_ID(Entity)", ":TYPE"]
    assert "evidence_texts:string[]" in rel[0] and "evidence_amounts:float[]" in rel[0]
    assert len(rel) - 1 == g.number_of_edges()
    assert rows("mentions.csv")[0] == [":START_ID(Entity)", ":END_ID(Document)", ":TYPE", "count:int"]
    assert rows("documents.csv")[0][:2] == ["id:ID(Document)", ":LABEL"]
    assert "--array-delimiter=U+001F" in (out / "import.sh").read_text()


def test_export_graphml(quotes_graph, tmp_path):
    out = tmp_path / "g.graphml"
    assert kg("export", quotes_graph, "--format", "graphml", "--out", out).returncode == 0
    h = nx.read_graphml(out)
    g = read_graph(quotes_graph)
    assert h.number_of_nodes() == g.number_of_nodes() and h.number_of_edges() == g.number_of_edges()
    assert json.loads(h.nodes["Region:110000"]["aliases"]) == g.nodes["Region:110000"]["aliases"]
    assert all(isinstance(v, str | int | float | bool) for _, d in h.nodes(data=True) for v in d.values())


def test_export_cypher_runs_with_exact_literals(quotes_graph, tmp_path, fresh_falkordb):
    """The cypher-shell script, run statement by statement, rebuilds the graph with every string intact.
    On a server of its own: on one where `kg load` has made its plain indexes, FalkorDB does not find again
    the node with quotes, backslash, newline and tab in its id that these literal statements create (seen with
    this graph; not narrowed down further; kg load sends parameters and is not affected, see
    test_real_graphs and test_falkordb_quirks)."""
    from kg.export import cypher_statements
    from kg.stores.bolt import Connection, Neo4jStore

    srv = fresh_falkordb
    store = Neo4jStore(Connection(srv.uri, srv.user, srv.password, timeout=60))

    out = tmp_path / "g.cypher"
    assert kg("export", quotes_graph, "--format", "cypher", "--out", out).returncode == 0
    g = read_graph(quotes_graph)
    stmts = cypher_statements(g)
    text = out.read_text(encoding="utf-8")
    assert all(s + ";\n" in text for s in stmts)
    for s in stmts:
        if not s.startswith("CREATE "):  # schema: Neo4j syntax FalkorDB lacks (kg load falls back)
            store.write(s)
    _, rows = store.read("MATCH (n:Entity) RETURN n.id, n.name, n.aliases ORDER BY n.id")
    assert rows == [[n, g.nodes[n]["name"], g.nodes[n]["aliases"]] for n in sorted(g.nodes)]
    _, rows = store.read("MATCH ()-[r]->() WHERE r.evidence_texts IS NOT NULL RETURN r.evidence_texts")
    want = sorted(json.dumps([e["text"] for e in d["evidence"]], ensure_ascii=False)
                  for _, _, d in g.edges(data=True) if d["type"] not in ("PART_OF", "LOCATED_IN"))
    got = sorted(json.dumps(r[0], ensure_ascii=False) for r in rows if r[0])
    store.close()
    assert got == want
