"""`kg ask` on the demo graph: several phrasings of each intent, simplified and traditional, each mapped to
its named query with the right parameters and answered with evidence; questions it cannot map get one line
with the nearest answerable questions."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from kg.ask import Source, Unanswerable, ask, yuan_text

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    from kg.build import build
    from kg.graph import read_graph

    out = tmp_path_factory.mktemp("demo")
    build([str(ROOT / "data" / "samples")], out, progress=False, log=lambda m: None)
    return out / "graph.json", read_graph(out / "graph.json")


def funds_total(graph, source: str, target: str) -> str:
    """What the demo graph says source gave target, in 万元/亿元: the expected answer follows the extractor."""
    names = {n: d["name"] for n, d in graph.nodes(data=True)}
    total = sum(d.get("amount_yuan") or 0 for u, v, d in graph.edges(data=True)
                if d["type"] == "FUNDS" and names[u] == source and names[v] == target)
    assert total, f"the demo graph has no FUNDS {source} -> {target}"
    return yuan_text(total)


def answer(demo, q):
    return ask(q, Source(graph=demo[1]))


def col(ans, name):
    return [r[ans.columns.index(name)] for r in ans.rows]


@pytest.mark.parametrize("q", ["谁在帮扶林西县？", "哪些单位支援林西县", "林西县由谁帮扶？", "林西县的帮扶单位有哪些？",
                               "誰在幫扶林西縣？", "林西縣得到了哪些地方的支援"])
def test_who_assists(demo, q):
    ans = answer(demo, q)
    assert (ans.intent, ans.query) == ("helpers", "assistance")
    assert ans.params == {"helper": "", "recipient": "林西县", "relation": ""}
    assert "北京市" in col(ans, "source")
    assert all(ev and ev[0]["text"] and ev[0]["doc"] for ev in ans.evidence)


@pytest.mark.parametrize("q,target", [("北京帮扶哪个旗？", "翁牛特旗"), ("通用技术集团帮扶哪个县", "武川县"),
                                      ("北京市的帮扶对象有哪些", "林西县"), ("北京結對幫扶了哪些地區？", "赤峰市"),
                                      ("北京市支援了哪些地方", "内蒙古自治区")])
def test_whom_x_assists(demo, q, target):
    ans = answer(demo, q)
    assert ans.intent == "helped" and ans.params["recipient"] == "" and ans.params["helper"]
    assert target in col(ans, "target")
    if "哪个旗" in q:
        assert all(t.endswith("旗") for t in col(ans, "target"))


@pytest.mark.parametrize("q,source", [("哪些单位给兴和县拨付了资金", "全国社保基金理事会"), ("谁资助了武川县", "通用技术集团"),
                                      ("誰向武川縣捐款", "通用技术集团")])
def test_who_funds(demo, q, source):
    ans = answer(demo, q)
    assert ans.params["relation"] == "FUNDS" and ans.params["helper"] == ""
    assert set(col(ans, "relation")) == {"FUNDS"} and source in col(ans, "source")


@pytest.mark.parametrize("q,total", [
    ("国家安全部向内蒙古投入了多少资金", ("国家安全部", "内蒙古自治区")), ("全国社保基金理事会给兴和县多少钱？", "650万元"),
    ("兴和县获得了多少帮扶资金", "650万元"), ("通用技術集團投入了多少資金？", "700万元"),
    ("通用技术集团为武川县出资多少", "700万元"),
])
def test_how_much(demo, q, total):
    ans = answer(demo, q)
    if isinstance(total, tuple):
        total = funds_total(demo[1], *total)
    assert ans.intent == "amount" and ans.params["relation"] == "FUNDS"
    assert ans.total_text == total
    assert any(e["amount_yuan"] for evs in ans.evidence for e in evs)


def test_how_much_without_funds_says_so(demo):
    ans = answer(demo, "北京向赤峰投入了多少资金？")
    assert ans.params == {"helper": "北京市", "recipient": "赤峰市", "relation": "FUNDS"}
    assert ans.rows == [] and ans.total_yuan is None and any("ASSISTS" in n for n in ans.notes)


@pytest.mark.parametrize("q,person,titles", [
    ("石泰峰担任什么职务？", "石泰峰", {"书记", "主任"}), ("石泰峰是什么职位", "石泰峰", {"书记", "主任"}),
    ("蔡奇擔任什麼職務", "蔡奇", {"书记"}),
])
def test_positions_of_a_person(demo, q, person, titles):
    ans = answer(demo, q)
    assert ans.query == "person-positions" and ans.params["person"] == person
    assert titles <= set(col(ans, "title")) and all(ans.evidence)


@pytest.mark.parametrize("q", ["谁是北京市委书记？", "北京市委的书记是谁", "誰擔任北京市委書記"])
def test_who_holds_a_post_in(demo, q):
    ans = answer(demo, q)
    assert ans.params == {"person": "", "organisation": "北京市委"}
    assert col(ans, "person") == ["蔡奇"] and set(col(ans, "title")) == {"书记"}


@pytest.mark.parametrize("q,params,who", [
    ("京蒙协作有哪些项目？", {"program": "京蒙协作", "implementer": ""}, "北京市"),
    ("哪些单位实施京蒙扶贫协作", {"program": "京蒙协作", "implementer": ""}, "内蒙古自治区"),
    ("北京市实施了哪些项目", {"program": "", "implementer": "北京市"}, "北京市"),
])
def test_programmes(demo, q, params, who):
    ans = answer(demo, q)
    assert ans.query == "program-implementers" and ans.params == params
    assert who in col(ans, "implementer") and "京蒙协作" in col(ans, "program")


@pytest.mark.parametrize("q,a,b", [("蔡奇和兴和县有什么关系", "蔡奇", "兴和县"), ("石泰峰与北京市之间有何联系", "石泰峰", "北京市"),
                                   ("蔡奇跟林西縣是怎麼連接的？", "蔡奇", "林西县")])
def test_connection(demo, q, a, b):
    ans = answer(demo, q)
    assert ans.query == "shortest-connection" and ans.params == {"source": a, "target": b}
    assert ans.rows and all(r[ans.columns.index("names")][0] == a for r in ans.rows)
    assert any(ans.evidence)


@pytest.mark.parametrize("q,why", [("今天天气怎么样", "no entity"), ("林西县", "no relation word"),
                                   ("国家民委定点帮扶哪个旗？", "国家民委 is not in this graph")])
def test_unmappable_explained_with_suggestions(demo, q, why):
    with pytest.raises(Unanswerable) as ei:
        answer(demo, q)
    assert why in str(ei.value) and ei.value.suggestions and "\n" not in str(ei.value)


def test_place_kinds_asked_for():
    from kg.ask.intents import _target_kind, place_suffixes

    assert _target_kind("Ⓔ帮扶哪个旗") == "旗" and _target_kind("Ⓔ帮扶哪些旗县") == "旗县"
    assert "自治区" in place_suffixes(_target_kind("Ⓔ帮扶哪个省区")) and _target_kind("谁帮扶Ⓔ") == ""


def test_yuan_text():
    assert [yuan_text(v) for v in (294000000.0, 6500000.0, 7500.0, 12345678.0, 1e8)] == [
        "2.94亿元", "650万元", "7500元", "1234.5678万元", "1亿元"]


def kg(*args):
    return subprocess.run([sys.executable, "-m", "kg.cli", *map(str, args)], capture_output=True, text=True,
                          cwd=ROOT, timeout=120)


def test_cli_text_json_and_error(demo):
    r = kg("ask", "谁在帮扶林西县？", "--graph", demo[0])
    assert r.returncode == 0, r.stderr
    assert "query:    assistance" in r.stdout and "evidence:" in r.stdout and "北京市" in r.stdout
    r = kg("ask", "國家安全部向內蒙古投入了多少資金", "--graph", demo[0], "--json")
    data = json.loads(r.stdout)
    assert data["query"] == "assistance" and data["total_text"] == funds_total(demo[1], "国家安全部", "内蒙古自治区")
    assert data["rows"][0]["source"] == "国家安全部" and data["evidence"][0][0]["doc"]
    r = kg("ask", "今天天气怎么样", "--graph", demo[0])
    assert r.returncode != 0 and "Traceback" not in r.stderr and len(r.stderr.strip().splitlines()) == 1
    assert "try:" in r.stderr
