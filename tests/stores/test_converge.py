"""A load converges the store to the graph (kg.stores.prune): the demo corpus built and loaded, then built
again with a curation file (a reject and a merge rule) and loaded again into the same FalkorDB stand-in —
the rejected edge and the merged-away node are gone, the store is what a fresh load of the curated graph
gives, and a reload changes nothing. `prune=False` keeps the add-only load."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from tests.stores.test_falkordb_bolt import expected_counts, store_counts

pytestmark = pytest.mark.neo4j
ROOT = Path(__file__).resolve().parents[2]
CURATION = """\
merge:   [{into: 内蒙古自治区党委党建工作领导小组, from: [内蒙古自治区党委党建领导小组]}]
reject:  [{source: 内蒙古自治区, type: ASSISTS, target: 北京市},
          {source: 北京市, type: ASSISTS, target: 内蒙古自治区, doc: 001_e77e9c0721ef3fb3.txt}]
"""
MERGED = "内蒙古自治区党委党建领导小组"  # the same body written two ways in one sample
TRIMMED = ("北京市", "内蒙古自治区")  # keeps its other documents' evidence


@pytest.fixture(scope="module")
def builds(tmp_path_factory):
    """(the extractor's graph, the curated graph), built in turn into one output directory as a user does."""
    from kg.build import build
    from kg.graph import read_graph

    tmp = tmp_path_factory.mktemp("converge")
    out = tmp / "out"
    build([str(ROOT / "data" / "samples")], out, progress=False, log=lambda m: None)
    before = read_graph(out / "graph.json")
    shutil.copy(out / "graph.json", tmp / "extracted.json")  # for the CLI test
    rules = tmp / "curation.yaml"
    rules.write_text(CURATION, encoding="utf-8")
    build([str(ROOT / "data" / "samples")], out, progress=False, log=lambda m: None, curation=rules)
    return before, read_graph(out / "graph.json")


def _evidence(store, source, target):
    rows = store.read("MATCH (:Entity {name: $s})-[r:ASSISTS]->(:Entity {name: $t}) "
                      "RETURN r.evidence_docs, r.evidence_texts", {"s": source, "t": target})[1]
    return sorted(zip(*rows[0], strict=True))


def _evidence_in(g, source, target):
    (d,) = [d for s, t, d in g.edges(data=True)
            if d["type"] == "ASSISTS" and (g.nodes[s]["name"], g.nodes[t]["name"]) == (source, target)]
    return sorted((e["doc"], e["text"]) for e in d["evidence"])


def _ids(g, name):
    return [n for n, d in g.nodes(data=True) if d.get("name") == name]


def _assists(store, source, target):
    return store.read("MATCH (:Entity {name: $s})-[r:ASSISTS]->(:Entity {name: $t}) RETURN count(r)",
                      {"s": source, "t": target})[1][0][0]


def test_curated_reload_removes_what_the_curation_removed(store, builds):
    before, curated = builds
    assert _ids(before, MERGED) and not _ids(curated, MERGED)  # the rules did something
    store.load(before)
    assert _assists(store, "内蒙古自治区", "北京市") == 1
    merged_away = _ids(before, MERGED)[0]
    assert store.read("MATCH (n:Entity {id: $id}) RETURN count(n)", {"id": merged_away})[1] == [[1]]

    sent = store.load(curated)
    assert sent.get("removed_relationships", 0) >= 1 and sent.get("removed_entities", 0) >= 1
    assert _assists(store, "内蒙古自治区", "北京市") == 0
    assert store.read("MATCH (n:Entity {id: $id}) RETURN count(n)", {"id": merged_away})[1] == [[0]]
    assert store.read("MATCH (n:Entity {name: $n}) RETURN count(n)", {"n": MERGED})[1] == [[0]]
    assert store_counts(store) == expected_counts(curated)
    # the rejected sentence is gone from a relationship that stays (its properties are set to the graph's)
    assert _evidence(store, *TRIMMED) == _evidence_in(curated, *TRIMMED) != _evidence_in(before, *TRIMMED)
    converged = store.counts()

    again = store.load(curated)  # a reload changes nothing and removes nothing
    assert store.counts() == converged
    assert not any(k.startswith("removed_") for k in again)

    store.write("MATCH (n) DETACH DELETE n")
    store.load(curated)  # a fresh load of the curated graph
    assert store.counts() == converged
    assert _evidence(store, *TRIMMED) == _evidence_in(curated, *TRIMMED)


def test_no_prune_only_adds(store, builds):
    before, curated = builds
    store.load(before)
    store.load(curated, prune=False)
    assert _assists(store, "内蒙古自治区", "北京市") == 1
    assert store.read("MATCH (n:Entity {name: $n}) RETURN count(n)", {"n": MERGED})[1] == [[1]]
    store.load(curated)
    assert store_counts(store) == expected_counts(curated)


def test_a_reload_leaves_exactly_the_graphs_properties(store, builds):
    """Properties an earlier load (or anyone) put on kg's nodes and relationships that the graph does not
    have are gone after a reload; aliases are the graph's, not merged with older ones; reloading again
    changes nothing."""
    _, curated = builds
    store.load(curated)
    fresh = _properties(store)
    region = next(n for n, d in curated.nodes(data=True) if d["type"] == "Region" and d.get("aliases"))
    store.write("MATCH (n:Entity {id: $id}) SET n.stale = 1, n.aliases = n.aliases + ['旧别名'], n.lon = 0.5",
                id=region)
    store.write("MATCH (:Entity)-[r:ASSISTS]->(:Entity) SET r.stale = 'x', r.evidence_docs = r.evidence_docs + ['d']")
    store.write("MATCH (:Entity)-[m:MENTIONED_IN]->(d:Document) SET m.stale = true, d.stale = 2")
    assert _properties(store) != fresh
    store.load(curated)
    assert _properties(store) == fresh
    store.load(curated)
    assert _properties(store) == fresh


def _properties(store) -> list:
    nodes = store.read("MATCH (n) RETURN n.id, labels(n), properties(n) ORDER BY n.id")[1]
    rels = store.read("MATCH (a)-[r]->(b) RETURN a.id, type(r), b.id, properties(r) ORDER BY a.id, type(r), b.id")[1]
    return [[i, sorted(labels), sorted(p.items())] for i, labels, p in nodes] + [
        [a, t, b, sorted(p.items())] for a, t, b, p in rels]


def test_only_kg_data_is_removed(store, builds):
    _, curated = builds
    store.write("CREATE (:Note {text: 'kept'})-[:ABOUT]->(:Entity {name: 'no id: not kg'})")
    store.load(curated)
    assert store.read("MATCH (n:Note)-[:ABOUT]->(e:Entity) RETURN n.text, e.name")[1] == [["kept", "no id: not kg"]]


def test_a_label_the_graph_no_longer_gives_is_taken_off(store, builds):
    _, curated = builds
    store.load(curated)
    region = next(n for n, d in curated.nodes(data=True) if d["type"] == "Region")
    store.write("MATCH (n:Entity {id: $id}) SET n:Agency", id=region)  # as if it was an agency before
    sent = store.load(curated)
    assert sent["removed_labels"] == 1
    assert store.read("MATCH (n:Entity:Agency {id: $id}) RETURN count(n)", {"id": region})[1] == [[0]]


def test_cli_load_says_what_it_removed(fresh_falkordb, builds, tmp_path_factory):  # noqa: ARG001 (builds)
    import neo4j

    from tests.stores.test_cli_neo4j import kg

    srv = fresh_falkordb
    base = next(p for p in tmp_path_factory.getbasetemp().glob("converge*") if (p / "extracted.json").exists())
    conn = ["--uri", srv.uri, "--user", srv.user, "--no-resume"]
    env = {"NEO4J_PASSWORD": srv.password}
    d = neo4j.GraphDatabase.driver(srv.uri, auth=(srv.user, srv.password))
    try:
        d.verify_connectivity()  # opened first: the CLI's clean close cannot swallow it
        r = kg("load", base / "extracted.json", *conn, env=env)
        assert r.returncode == 0 and "removed" not in r.stdout, r.stderr
        r = kg("load", base / "out" / "graph.json", *conn, env=env)
        assert r.returncode == 0, r.stderr
        assert re.search(r"removed what the graph no longer has: \d+ relationships.* [1-9]\d* entities", r.stdout)
        with d.session() as s:
            rows = s.run("MATCH (:Entity {name: $s})-[r:ASSISTS]->(:Entity {name: $t}) RETURN count(r) AS n",
                         s="内蒙古自治区", t="北京市").single()
        assert rows["n"] == 0
        r = kg("load", base / "out" / "graph.json", *conn, env=env)
        assert r.returncode == 0 and "removed" not in r.stdout, r.stderr
    finally:
        d.close()
