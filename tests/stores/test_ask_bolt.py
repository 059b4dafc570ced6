"""`kg ask` over Bolt (the FalkorDB stand-in) gives the answer it gives on graph.json: same query, parameters,
rows, evidence and totals; and the CLI works with --uri."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kg.ask import Source, ask
from kg.graph import read_graph
from tests.ask.test_ask import funds_total
from tests.stores.test_cli_neo4j import kg
from tests.stores.test_falkordb_bolt import canon

pytestmark = pytest.mark.neo4j
ROOT = Path(__file__).resolve().parents[2]
QUESTIONS = ["谁在帮扶林西县？", "北京帮扶哪个旗？", "国家安全部向内蒙古投入了多少资金", "兴和县获得了多少帮扶资金",
             "石泰峰担任什么职务？", "誰擔任北京市委書記", "京蒙协作有哪些项目？", "北京市实施了哪些项目",
             "蔡奇和兴和县有什么关系", "哪些单位给兴和县拨付了资金"]


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    from kg.build import build
    from kg.graph import read_graph

    out = tmp_path_factory.mktemp("demo-ask")
    build([str(ROOT / "data" / "samples")], out, progress=False, log=lambda m: None)
    return out / "graph.json", read_graph(out / "graph.json")


def test_same_answers_on_both_stores(store, demo):
    store.load(demo[1])
    for q in QUESTIONS:
        a, b = ask(q, Source(graph=demo[1])), ask(q, Source(store=store))
        assert (a.intent, a.query, a.params, a.columns) == (b.intent, b.query, b.params, b.columns), q
        assert canon(a.rows) == canon(b.rows), q
        assert a.evidence == b.evidence and a.total_text == b.total_text, q
        assert a.rows, q


def test_cli_ask_over_bolt(fresh_falkordb, demo):
    srv = fresh_falkordb
    env = {"NEO4J_PASSWORD": srv.password}
    assert kg("load", demo[0], "--uri", srv.uri, "--user", srv.user, env=env).returncode == 0
    r = kg("ask", "國家安全部向內蒙古投入了多少資金", "--uri", srv.uri, "--user", srv.user, "--json", env=env)
    assert r.returncode == 0, r.stderr
    data = json.loads(r.stdout)
    assert data["total_text"] == funds_total(read_graph(demo[0]), "国家安全部", "内蒙古自治区") and data["evidence"][0][0]["doc"]
