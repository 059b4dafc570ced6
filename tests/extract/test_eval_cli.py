"""`kg eval`: malformed gold ends in one FILE:LINE line; --cv folds and pooled held-out scores."""

from __future__ import annotations

import json
import subprocess
import sys

import networkx as nx
import pytest

from kg.errors import KgError
from kg.eval import cross_validate, doc_folds, evaluate, format_cv, read_gold


def _graph() -> nx.MultiDiGraph:
    """Three documents: d1 and d2 right, d3 one wrong arrow and one missed entity."""
    g = nx.MultiDiGraph()
    for n, (name, etype, docs) in enumerate([("北京市", "Region", "d1 d2 d3"), ("赤峰市", "Region", "d1 d3"),
                                             ("蔡奇", "Person", "d2"), ("北京市委", "Agency", "d2")]):
        g.add_node(n, name=name, type=etype, mentions=[{"doc": f"{d}.txt"} for d in docs.split()])
    g.add_edge(0, 1, type="ASSISTS", evidence=[{"doc": "d1.txt"}])
    g.add_edge(1, 0, type="ASSISTS", evidence=[{"doc": "d3.txt"}])
    g.add_edge(2, 3, type="HOLDS_POSITION", evidence=[{"doc": "d2.txt"}])
    return g


GOLD = [
    {"doc": "d1.txt", "entities": [{"name": "北京市", "type": "Region"}, {"name": "赤峰市", "type": "Region"}],
     "relations": [{"source": "北京市", "type": "ASSISTS", "target": "赤峰市"}]},
    {"doc": "d2.txt", "entities": [{"name": "蔡奇", "type": "Person"}, {"name": "北京市委", "type": "Agency"},
                                   {"name": "北京市", "type": "Region"}],
     "relations": [{"source": "蔡奇", "type": "HOLDS_POSITION", "target": "北京市委"}]},
    {"doc": "d3.txt", "entities": [{"name": "北京市", "type": "Region"}, {"name": "赤峰市", "type": "Region"},
                                   {"name": "松山区", "type": "Region"}],
     "relations": [{"source": "北京市", "type": "ASSISTS", "target": "赤峰市"}]},
]


def test_folds_partition_the_documents_deterministically():
    folds = doc_folds(GOLD, 2)
    assert folds == [["d1.txt", "d3.txt"], ["d2.txt"]]
    assert sorted(d for f in folds for d in f) == ["d1.txt", "d2.txt", "d3.txt"]
    for bad in (1, 4):
        with pytest.raises(KgError, match="--cv needs 2 <= K <= 3"):
            doc_folds(GOLD, bad)


def test_pooled_held_out_score_equals_the_plain_score_when_nothing_is_fitted():
    g = _graph()
    plain = evaluate(g, GOLD)
    cv = cross_validate(g, GOLD, 3)
    assert [len(f) for f in cv.folds] == [1, 1, 1]
    for table in ("entities", "relations"):
        for key, v in getattr(plain, table).items():
            pooled = getattr(cv.pooled, table)[key]
            assert (pooled.tp, pooled.fp, pooled.fn) == (v.tp, v.fp, v.fn), (table, key)
    assert plain.relations["ASSISTS"].tp == 1 and plain.relations["ASSISTS"].fp == 1
    # the d3 fold alone: the backwards arrow is a miss and an extra
    d3 = cv.per_fold[2].relations["ASSISTS"]
    assert (d3.tp, d3.fp, d3.fn) == (0, 1, 1)
    text = format_cv(plain, cv)
    assert "3-fold" in text and "relations ASSISTS" in text


@pytest.mark.parametrize("content, reason", [
    (b'{"a":1}\n', ':1: no "doc"'),
    (b'{"doc": "x.txt"}\n[1,2]\n', ":2: a gold line is a JSON object, not list"),
    (b'{"doc": "x.txt", "entities": [{"name": "A"}]}\n', ':1: entities[0] has no "type"'),
    (b'{"doc": "x.txt", "relations": [{"source": "A", "type": "FUNDS"}]}\n', ':1: relations[0] has no "target"'),
    (b"\x7fELF\x02\x01\x01\x00\xff\xfe\x00\x00\n", ":1: not UTF-8 text"),
    (b'{"doc": "x.txt"}\n\n{"doc": \n', ":3: not a JSON line"),
])
def test_malformed_gold_is_one_line_with_file_and_line(tmp_path, content, reason):
    gold = tmp_path / "gold.jsonl"
    gold.write_bytes(content)
    with pytest.raises(KgError) as e:
        read_gold(gold)
    assert str(e.value) == f"{gold}{reason}" or str(e.value).startswith(f"{gold}{reason}")
    graph = tmp_path / "graph.json"
    graph.write_text(json.dumps({"nodes": [], "links": []}), encoding="utf-8")
    r = subprocess.run([sys.executable, "-m", "kg.cli", "eval", str(graph), "--gold", str(gold)],
                       capture_output=True, text=True)
    assert r.returncode != 0 and "Traceback" not in r.stderr
    assert r.stderr.strip().splitlines() == [r.stderr.strip()] and f"{gold}{reason}" in r.stderr


def test_eval_cli_prints_the_cv_table(tmp_path):
    gold = tmp_path / "gold.jsonl"
    gold.write_text("\n".join(json.dumps(d, ensure_ascii=False) for d in GOLD), encoding="utf-8")
    graph = tmp_path / "graph.json"
    graph.write_text(json.dumps(nx.node_link_data(_graph(), edges="links")), encoding="utf-8")
    r = subprocess.run([sys.executable, "-m", "kg.cli", "eval", str(graph), "--gold", str(gold), "--cv", "3"],
                       capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    assert "3-fold document cross-validation" in r.stdout and "relations all" in r.stdout
    r = subprocess.run([sys.executable, "-m", "kg.cli", "eval", str(graph), "--gold", str(gold), "--cv", "9"],
                       capture_output=True, text=True)
    assert r.returncode != 0 and "--cv needs" in r.stderr and "Traceback" not in r.stderr
