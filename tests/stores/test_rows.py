"""Loader internals without a server: fixed statements only, batching by rows and bytes, evidence splitting."""

from __future__ import annotations

import json

from kg.graph import build_graph
from kg.stores import neo4j_store as ns
from kg.stores.synthetic import quotes_extractions


class Recorder(ns.Neo4jStore):
    def __init__(self):
        super().__init__(ns.Connection("bolt://unused:7687", "neo4j", "x"))
        self.sent = []

    def check(self):
        pass

    def apply_schema(self, log=lambda m: None):
        return "test"

    def write(self, statement, **params):
        self.sent.append((statement, params))
        return [{"deleted": 0, "trimmed": 0, "cleared": 0}]


def test_only_fixed_statements_user_text_in_parameters():
    g = build_graph(quotes_extractions())
    rec = Recorder()
    rec.load(g, batch_size=4, max_batch_bytes=600)
    rec.forget("c/quotes.txt")
    fixed = set(ns.all_write_statements().values())
    assert rec.sent and all(stmt in fixed for stmt, _ in rec.sent)
    assert not any("Brien" in stmt for stmt, _ in rec.sent)
    # every row arrives, each at most once per statement kind except split relationships
    ids = [r["id"] for stmt, p in rec.sent if stmt.startswith("UNWIND $rows AS row\nMERGE (n:Entity") for r in p["rows"]]
    assert sorted(ids) == sorted(g.nodes)


def test_batches_respect_rows_and_bytes():
    rows = [{"id": f"x{i}", "t": "字" * (i % 7)} for i in range(100)]
    bs = list(ns._batches(rows, 10))
    assert [len(b) for b in bs] == [10] * 10
    bs = list(ns._batches(rows, 1000, 300))
    assert sum(bs, []) == rows
    assert all(len(b) == 1 or sum(ns._row_bytes(r) for r in b) <= 300 for b in bs)


def test_split_evidence_keeps_every_entry_in_order():
    row = {"source": "a", "target": "b", "props": {"program": "p"},
           "docs": [f"d{i}" for i in range(20)], "texts": ["很长的证据句子。" * 5 for _ in range(20)],
           "dates": ["2020-01-01"] * 20, "amounts": [float(i) for i in range(20)]}
    parts = list(ns.split_evidence(row, 500))
    assert len(parts) > 1
    assert all(ns._row_bytes(p) <= 500 or len(p["docs"]) == 1 for p in parts)
    for k in ("docs", "texts", "dates", "amounts"):
        assert sum((p[k] for p in parts), []) == row[k]
    assert all(p["props"] == row["props"] and p["source"] == "a" for p in parts)
    json.dumps(parts)
