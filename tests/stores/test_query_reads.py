"""`kg query --graph` reads only what a named query needs from the index beside graph.json (OUT/graph.db,
kg.stores.query_reads): every named query gives the same rows whether the index is there or not, and the
same as on the whole graph in memory, on the demo graph and the development-set graph."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from kg import graphindex
from kg.queries import list_queries, run_embedded, run_on_file
from tests.stores.test_real_graphs import real_params

ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="module", params=["demo", "dev"])
def built(request, tmp_path_factory):
    """(OUT with graph.json and graph.db, a directory with only a copy of graph.json, the graph)."""
    from kg.build import build
    from kg.graph import read_graph

    corpora = [ROOT / "data" / "samples"]
    if request.param == "dev":
        if not (SHARED / "dev" / "docs").is_dir():
            pytest.skip("no development set")
        corpora.append(SHARED / "dev" / "docs")
    tmp = tmp_path_factory.mktemp(f"reads-{request.param}")
    build([str(c) for c in corpora], tmp / "out", progress=False, log=lambda m: None)
    (tmp / "bare").mkdir()
    shutil.copy(tmp / "out" / "graph.json", tmp / "bare" / "graph.json")
    return tmp / "out", tmp / "bare", read_graph(tmp / "out" / "graph.json")


def more_params(g) -> dict[str, list[dict]]:
    """Beyond real_params: both sides given, every depth, regions deep in the hierarchy (long parent
    chains), names that match nothing."""
    def name(n):
        return g.nodes[n]["name"]

    def ends(rel):
        return sorted((name(s), name(t)) for s, t, d in g.edges(data=True) if d["type"] == rel)

    part_of = sorted(s for s, t, d in g.edges(data=True) if d["type"] == "PART_OF")
    deep = sorted({name(n) for n in part_of if g.nodes[n]["type"] == "Region"}, key=lambda x: (-len(x), x))
    assists, impl, holds = ends("ASSISTS")[:3], ends("IMPLEMENTS")[:2], ends("HOLDS_POSITION")[:2]
    hub = max(g.nodes, key=lambda n: (g.degree(n), n))
    return {
        "region-profile": [{"region": r} for r in deep[:6]] + [{"region": "不存在的地方"}],
        "assistance": [{"helper": a, "recipient": b} for a, b in assists] + [{"helper": "", "recipient": ""}],
        "program-implementers": [{"program": b, "implementer": a} for a, b in impl],
        "person-positions": [{"person": a, "organisation": b} for a, b in holds] + [{"person": "", "organisation": ""}],
        "neighbourhood": [{"name": name(hub), "depth": d} for d in (0, 3)] + [{"name": "北京市", "depth": 2}],
        "beijing-chifeng-aid": [{}, {"helper": "内蒙古自治区", "recipient": "北京市"}],
        "funding-into-region": [{"region": "内蒙古自治区"}, {"region": "不存在的地方"}],
        "relation-evidence": [{"source": a, "target": b, "relation": ""} for a, b in assists[:2]],
        "shortest-connection": [{"source": a, "target": b} for a, b in holds[:1]] + [{"source": "北京市",
                                                                                   "target": "赤峰市"}],
    }


def test_rows_identical_with_and_without_the_index(built):
    out, bare, g = built
    db = graphindex.open_for(out / "graph.json")
    assert db is not None  # the build kept the index: the reads below come from it
    db.close()
    assert graphindex.open_for(bare / "graph.json") is None
    params = real_params(g)
    for k, extra in more_params(g).items():
        params.setdefault(k, []).extend(extra)
    assert set(params) == {q.name for q in list_queries()}
    nonempty = set()
    for name, cases in sorted(params.items()):
        for p in cases:
            whole = run_embedded(g, name, p)
            indexed = run_on_file(out / "graph.json", name, p)
            assert indexed.columns == whole.columns
            assert indexed.rows == whole.rows, (name, p)
            assert run_on_file(bare, name, p).rows == whole.rows, (name, p)
            if whole.rows:
                nonempty.add(name)
    assert nonempty == set(params)  # every query answered something on this graph


def test_aid_rows_carry_the_count_and_the_first_sentences(built):
    """beijing-chifeng-aid: one row per link, evidence_count all its sentences, evidence the first
    $evidence_limit of them in graph.json's order (by date, undated first)."""
    out, _, g = built
    p = {"helper": "内蒙古自治区", "recipient": "北京市"}
    for limit in (0, 1, 3, 10000):
        res = run_on_file(out / "graph.json", "beijing-chifeng-aid", {**p, "evidence_limit": limit}).records()
        assert res
        for r in res:
            ev = g.edges[r["source_id"], r["target_id"], r["relation"]]["evidence"]
            assert r["evidence_count"] == len(ev)
            assert r["evidence"] == [e["text"] for e in ev][:limit]


@pytest.mark.neo4j
def test_aid_evidence_in_graph_order_whatever_the_loads_order(store):
    """On Neo4j the evidence lists grow in the order loads add documents; the query sorts them as graph.json
    does, so the first sentences are the same on both stores."""
    from kg.graph import build_graph
    from kg.queries import run_neo4j
    from kg.stores.synthetic import sample_extractions

    full = build_graph(sample_extractions())
    for doc in ("a/002.txt", "a/001.txt", "b/003.txt"):  # not the order graph.json lists the evidence in
        store.load(build_graph(sample_extractions((doc,))), prune=False)
    order = [r[0] for r in store.read("MATCH (:Entity {id: 'Region:110000'})-[r:ASSISTS]->"
                                      "(:Entity {id: 'Region:150400'}) RETURN r.evidence_docs")[1]]
    assert order == [["a/001.txt", "b/003.txt"]]  # graph.json: the undated b/003.txt first
    for limit in (0, 1, 2, 10000):
        p = {"evidence_limit": limit}
        emb, neo = run_embedded(full, "beijing-chifeng-aid", p), run_neo4j(store, "beijing-chifeng-aid", p)
        assert neo.columns == emb.columns and neo.rows == emb.rows, limit
        assert emb.rows and all(len(r[emb.columns.index("evidence")]) <= limit for r in emb.rows)
