"""data/samples/gold.jsonl: the sample pages' annotation that `kg eval` in the README scores against."""

from __future__ import annotations

import shutil

from kg.build import build
from kg.eval import evaluate, read_gold
from kg.graph import read_graph
from tests.docs.conftest import ROOT

SAMPLES = ROOT / "data" / "samples"
GOLD = SAMPLES / "gold.jsonl"
TYPES = {"Person", "Agency", "Region", "Program"}
RELATIONS = {"ASSISTS", "FUNDS", "IMPLEMENTS", "HOLDS_POSITION"}


def test_gold_follows_the_annotation_guide():
    """One line per sample page (doc = its file name); relations between the line's own entities."""
    gold = read_gold(GOLD)
    docs = [d["doc"] for d in gold]
    assert len(docs) == len(set(docs)) >= 5
    assert all((SAMPLES / d).is_file() for d in docs)
    for d in gold:
        names = {e["name"] for e in d["entities"]}
        assert {e["type"] for e in d["entities"]} <= TYPES
        for r in d["relations"]:
            assert r["type"] in RELATIONS and r["source"] in names and r["target"] in names, r
            assert r.get("evidence"), r
    assert "docs/annotation.md" in (ROOT / "README.md").read_text(encoding="utf-8")
    assert (ROOT / "docs" / "annotation.md").is_file()


def test_documents_without_gold_are_not_scored(tmp_path):
    """A corpus with more documents than the gold (a page in a subfolder, say) scores the same as the
    annotated documents alone: what is found in a document without gold counts neither way."""
    alone, more = tmp_path / "alone", tmp_path / "more"
    gold = read_gold(GOLD)
    alone.mkdir()
    for d in gold:
        shutil.copy(SAMPLES / d["doc"], alone / d["doc"])
    shutil.copytree(alone, more)
    (more / "extra").mkdir()
    extra = SAMPLES / gold[0]["doc"]
    shutil.copy(extra, more / "extra" / ("copy-" + extra.name))  # the same page again, with no gold line
    build([str(alone)], tmp_path / "out-alone", progress=False)
    build([str(more)], tmp_path / "out-more", progress=False)
    got = evaluate(read_graph(tmp_path / "out-more" / "graph.json"), gold)
    want = evaluate(read_graph(tmp_path / "out-alone" / "graph.json"), gold)
    assert got.as_dict() == want.as_dict() and got.docs == len(gold)
    assert got.entities["all"].tp > 100 and got.relations["all"].tp > 30
