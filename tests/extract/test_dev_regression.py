"""Regression guard on the development set (../shared: corpus + dev, dev2, dev3 docs with their gold, 51
articles), built together as a user would build them.

Fails when entity or relation F1 of a subset drops more than 0.02 below the figures reached (REACHED),
per type too. Raise the levels when the extractor improves; never lower them to make a change pass.
Also checks that one real entity named in several documents is one node (cross-document entities).
"""

from __future__ import annotations

import shutil
from collections import defaultdict
from pathlib import Path

import pytest

from kg.build import build
from kg.eval import evaluate, read_gold
from kg.graph import read_graph

SHARED = Path(__file__).resolve().parents[2].parent / "shared"
SUBSETS = {  # name -> (document directories, gold files)
    "seeds+dev": (("corpus", "dev/docs"), ("seeds.jsonl", "dev-extra.jsonl")),
    "dev2": (("dev2/docs",), ("dev-extra2.jsonl",)),
    "dev3": (("dev3/docs",), ("dev-extra3.jsonl",)),
}
REACHED = {
    "all": {
        "entities": {"all": 0.898, "Person": 0.968, "Agency": 0.901, "Region": 0.956, "Program": 0.757},
        "relations": {"all": 0.846, "ASSISTS": 0.879, "FUNDS": 0.838, "IMPLEMENTS": 0.682,
                      "HOLDS_POSITION": 0.964},
    },
    "seeds+dev": {"entities": {"all": 0.892}, "relations": {"all": 0.841}},
    "dev2": {"entities": {"all": 0.899}, "relations": {"all": 0.830}},
    "dev3": {"entities": {"all": 0.913}, "relations": {"all": 0.869}},
}
AMOUNTS_REACHED = 1.0
TOLERANCE = 0.02
SPLIT_ENTITIES_MAX = 0.05


@pytest.fixture(scope="module")
def dev_set(tmp_path_factory):
    dirs = [SHARED / d for dirs, _ in SUBSETS.values() for d in dirs]
    golds = {name: [SHARED / "gold" / g for g in gs] for name, (_, gs) in SUBSETS.items()}
    if not all(d.is_dir() for d in dirs) or not all(g.is_file() for gs in golds.values() for g in gs):
        pytest.skip("development set (../shared) not present")
    tmp = tmp_path_factory.mktemp("dev")
    docs = tmp / "docs"
    docs.mkdir()
    for d in dirs:
        for src in d.iterdir():
            shutil.copy(src, docs / src.name)
    build([str(docs)], tmp / "out", progress=False)
    gold = {name: [doc for g in gs for doc in read_gold(g)] for name, gs in golds.items()}
    gold["all"] = [doc for name in SUBSETS for doc in gold[name]]
    return read_graph(tmp / "out" / "graph.json"), gold


@pytest.fixture(scope="module")
def results(dev_set):
    graph, gold = dev_set
    return {name: evaluate(graph, docs) for name, docs in gold.items()}


@pytest.mark.parametrize("subset, table, key", [(s, t, k) for s, tables in REACHED.items()
                                                for t, row in tables.items() for k in row])
def test_f1_does_not_regress(results, subset, table, key):
    got = getattr(results[subset], table)[key].f1
    want = REACHED[subset][table][key]
    assert got >= want - TOLERANCE, f"{subset} {table} {key} F1 {got:.3f} < {want:.3f} - {TOLERANCE}"


def test_funds_amounts_are_right(results):
    res = results["all"]
    assert res.amount_matched >= 30 and res.amount_accuracy >= AMOUNTS_REACHED - TOLERANCE


def test_one_node_per_entity_across_documents(dev_set):
    """Of the gold entities found in two or more documents, at most 5 % come out as more than one node
    (“十四五”规划 / 十四五规划, 内蒙古自治区党委 / 自治区党委 are one node each). Programmes are named as each
    document writes them (对口援疆 here, 对口支援新疆 there: kg.extract.pipeline), so they are left out."""
    graph, gold = dev_set
    by_doc = defaultdict(list)
    for node, data in graph.nodes(data=True):
        for doc in {Path(m["doc"]).name for m in data.get("mentions", ())}:
            by_doc[doc].append((node, data["name"], data["type"]))
    nodes_of = defaultdict(lambda: defaultdict(set))  # (gold name, type) -> doc -> matching nodes
    for gd in gold["all"]:
        doc = Path(gd["doc"]).name
        for e in gd["entities"]:
            names = {e["name"], *e.get("aliases", ())}
            if e["type"] == "Program":
                continue
            for node, name, etype in by_doc.get(doc, ()):
                if etype == e["type"] and name in names:
                    nodes_of[(e["name"], e["type"])][doc].add(node)
    multi = {k: v for k, v in nodes_of.items() if len(v) >= 2}
    split = sorted(k for k, v in multi.items() if len(set().union(*v.values())) > 1)
    assert len(multi) >= 50
    assert len(split) / len(multi) <= SPLIT_ENTITIES_MAX, split
