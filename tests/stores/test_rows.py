"""Loader internals without a server: fixed statements only (user text in parameters), parallel-list batches
capped in rows and in rendered bytes, evidence splitting, transactions of several statements."""

from __future__ import annotations

import json

import pytest

from kg.errors import KgError
from kg.graph import build_graph
from kg.stores import neo4j_store as ns
from kg.stores.synthetic import quotes_extractions, scaled_extractions


class Recorder(ns.Neo4jStore):
    def __init__(self):
        super().__init__(ns.Connection("bolt://unused:7687", "neo4j", "x"))
        self.sent = []
        self.txs = []

    def check(self):
        pass

    def apply_schema(self, log=lambda m: None):
        return "test"

    def read(self, statement, params=None):  # holds nothing a load could have to remove
        return [], []

    def read_many(self, statements):
        return [[] for _ in statements]

    def write(self, statement, **params):
        self.sent.append((statement, params))
        return [{"deleted": 0, "trimmed": 0, "cleared": 0}]

    def write_many(self, statements):
        self.txs.append(statements)
        self.sent.extend(statements)


def falkordb_text(v) -> str:
    """How FalkorDB's Bolt server writes a parameter kg sent into the query text (its get_query/write_value)."""
    if v is None:
        return "NULL"
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int):
        return str(v)
    if isinstance(v, float):
        return "%f" % v  # noqa: UP031 -- C's %f is the point
    if isinstance(v, str):  # as kg sends it to such a server: escaped (kg.stores.server.escape)
        return "'" + ns.escape(v) + "'"
    if isinstance(v, list | tuple):
        return "[" + ", ".join(falkordb_text(x) for x in v) + "]"
    return "{" + ", ".join(f"{k}: {falkordb_text(x)}" for k, x in v.items()) + "}"


def rendered(statement, params) -> bytes:
    return ("CYPHER " + "".join(f"{k}={falkordb_text(v)} " for k, v in params.items()) + statement).encode()


def test_only_fixed_statements_user_text_in_parameters():
    g = build_graph(quotes_extractions())
    rec = Recorder()
    rec.load(g, batch_size=4, max_batch_bytes=1200)
    rec.forget("c/quotes.txt")
    fixed = set(ns.all_write_statements().values())
    assert rec.sent and all(stmt in fixed for stmt, _ in rec.sent)
    assert not any("Brien" in stmt for stmt, _ in rec.sent)
    # every entity arrives exactly once
    ids = [ns.entity_id(p, i) for stmt, p in rec.sent if "MERGE (n:Entity" in stmt for i in range(len(p["ids"]))]
    assert sorted(ids) == sorted(g.nodes)


@pytest.mark.parametrize("value", ["a", "字", "O'Brien\n", 0, -17, 2**40, -1.0, 7500000.0, 118.956806, 1e-9, None,
                                   True, False, [], ["x", 1.5], {}, {"level": "county", "lon": 1.0},
                                   [{"k": [1, "字"]}], ("a", "b")])
def test_literal_bytes_is_falkordbs_rendering(value):
    assert ns.literal_bytes(value) == len(falkordb_text(value).encode())


def test_statement_bytes_and_batches_within_the_cap():
    g = build_graph(scaled_extractions(6, 20))
    rows = ns.graph_rows(g)
    for cap in (ns.FALKORDB_MAX_BYTES, 2500):
        batches = list(ns.load_batches(rows, 2000, cap))
        for b in batches:
            assert ns.statement_bytes(b.statement, b.params) == len(rendered(b.statement, b.params))
            assert len(rendered(b.statement, b.params)) <= cap
        # entity batches are far larger than the old 2000-byte list-of-maps cap allowed (~20 rows)
        assert max(b.rows for b in batches if b.kind == "nodes") >= (60 if cap > 4000 else 40)
        assert sum(b.rows for b in batches if b.kind == "relationships") == g.number_of_edges()
        assert sum(b.also.get("mentions", 0) for b in batches) == len(rows.mentions)


def test_columnar_batches_respect_rows_and_bytes():
    rows = [(f"x{i}", "字" * (i % 7)) for i in range(100)]
    bs = list(ns.columnar_batches("RETURN 1", "t", ("a", "b"), rows, 10, 10**6))
    assert [b.rows for b in bs] == [10] * 10
    bs = list(ns.columnar_batches("RETURN 1", "t", ("a", "b"), rows, 1000, 300))
    assert [r for b in bs for r in zip(b.params["a"], b.params["b"], strict=True)] == rows
    assert all(b.rows == 1 or ns.statement_bytes(b.statement, b.params) <= 300 for b in bs)


def test_spread_columns_with_offsets():
    rows = [("a", ["d1", "d2"]), ("b", []), ("c", ["d3"])]
    [b] = ns.columnar_batches("RETURN 1", "t", ("src", "docs"), rows, 10, 10**6, spread=frozenset({"docs"}),
                              offsets="first")
    assert b.params == {"src": ["a", "b", "c"], "docs": ["d1", "d2", "d3"], "first": [0, 2, 2, 3]}
    assert ns.statement_bytes(b.statement, b.params) == len(rendered(b.statement, b.params))


def test_split_evidence_keeps_every_entry_in_order():
    row = {"source": "a", "target": "b", "props": {"program": "p"},
           "docs": [f"d{i}" for i in range(20)], "texts": ["很长的证据句子。" * 5 for _ in range(20)],
           "dates": ["2020-01-01"] * 20, "amounts": [float(i) for i in range(20)]}

    def fits(r):
        return ns.literal_bytes(r) <= 500

    parts = list(ns.split_evidence(row, fits))
    assert len(parts) > 1
    assert all(fits(p) for p in parts)
    for k in ("docs", "texts", "dates", "amounts"):
        assert sum((p[k] for p in parts), []) == row[k]
    assert all(p["props"] == row["props"] and p["source"] == "a" for p in parts)
    json.dumps(parts)
    with pytest.raises(KgError, match="can hold"):
        list(ns.split_evidence(row, lambda r: len(r["docs"]) == 0))


def test_large_relationship_split_over_statements_counted_once():
    g = build_graph(quotes_extractions())
    rows = ns.graph_rows(g)
    rtype, rels = next((t, rs) for t, rs in rows.rels.items() if rs)
    big = dict(rels[0], docs=[f"d{i}" for i in range(40)], texts=["证据" * 30] * 40, dates=[""] * 40,
               amounts=[-1.0] * 40)
    rows.rels = {rtype: [big]}
    rows.nodes, rows.documents, rows.mentions = {}, [], []
    bs = list(ns.load_batches(rows, 2000, 2500))
    assert len(bs) > 1 and sum(b.rows for b in bs) == 1
    assert [d for b in bs for d in b.params["docs"]] == big["docs"]
    assert all(ns.statement_bytes(b.statement, b.params) <= 2500 for b in bs)


def test_transactions_group_statements_up_to_batch_size():
    g = build_graph(scaled_extractions(6, 20))
    rec = Recorder()
    sent = rec.load(g, batch_size=500, max_batch_bytes=ns.FALKORDB_MAX_BYTES)
    assert all(len(tx) >= 1 for tx in rec.txs)
    assert any(len(tx) > 1 for tx in rec.txs)  # several statements per transaction
    assert sent["nodes"] == g.number_of_nodes() and sent["relationships"] == g.number_of_edges()
    rec1 = Recorder()
    assert rec1.load(g, batch_size=1, max_batch_bytes=ns.FALKORDB_MAX_BYTES) == sent
    assert all(len(tx) == 1 for tx in rec1.txs)  # row at a time: one statement of one row per transaction
    # the same statements, and the mentions of an entity after it, one per statement
    assert {s for s, _ in rec1.sent} - {s for s, _ in rec.sent} == {ns.mentions_statement(exact=True)}
    assert len(rec1.txs) == sum(sent.values())
