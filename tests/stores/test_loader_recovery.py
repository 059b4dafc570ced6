"""The loader whatever the server does: a refused transaction is retried in smaller pieces and only the rows
that still fail are named (the rest is written, the load fails); a load cut short resumes from its last
committed transaction; a checkpoint that cannot be written is one plain error."""

from __future__ import annotations

import errno
import json

import pytest

from kg.errors import KgError
from kg.graph import build_graph, write_graph
from kg.stores.batches import entity_id
from kg.stores.bolt import Connection, Neo4jStore, StatementFailed
from kg.stores.loader import Checkpoint, LoadFailed
from kg.stores.server import NEO4J, SPLICING
from kg.stores.synthetic import sample_extractions, scaled_extractions


class FakeServer(Neo4jStore):
    """Refuses any statement whose parameters contain `poison`; drops the connection at transaction
    `die_at`; remembers what it committed."""

    def __init__(self, profile=NEO4J, poison=None, die_at=None):
        super().__init__(Connection("bolt://fake:7687", "neo4j", "x"))
        self.profile_given, self.poison, self.die_at = profile, poison, die_at
        self.txs: list[list] = []

    def check(self):
        self.profile = self.profile_given
        return self.profile

    def apply_schema(self, log=lambda m: None):
        return "test"

    def read(self, statement, params=None):  # holds nothing a load could have to remove
        return [], []

    def read_many(self, statements):
        return [[] for _ in statements]

    def write_many(self, statements):
        if self.die_at is not None and len(self.txs) == self.die_at:
            raise KgError("cannot reach Neo4j at bolt://fake:7687: connection lost")
        if self.poison and any(self.poison in _text(p) for _, p in statements):
            raise StatementFailed("Neo4j error Neo.ClientError.Statement.TypeError at bolt://fake:7687: bad value")
        self.txs.append(statements)


def _text(params) -> str:
    """The parameters as text, with the entity ids a node statement builds from type and name written out."""
    ids = [entity_id(params, i) for i in range(len(params["ids"]))] if "names" in params else []
    return json.dumps(params, ensure_ascii=False) + " ".join(ids)


def graph():
    return build_graph(scaled_extractions(4, 20))


def test_refused_batch_retried_in_halves_only_the_bad_row_named():
    g = graph()
    bad = sorted(g.nodes)[7]
    store = FakeServer(poison=bad)
    with pytest.raises(LoadFailed) as ei:
        store.load(g, batch_size=500)
    e = ei.value
    assert len(e.failures) >= 1 and all(bad in f.rows for f in e.failures)
    assert "TypeError" in e.failures[0].why and "\n" not in str(e)
    sent_ids = {entity_id(p, i) for tx in store.txs for st, p in tx if "MERGE (n:Entity" in st
                for i in range(len(p["ids"]))}
    assert sent_ids == set(g.nodes) - {bad}  # everything else is written
    assert e.sent["nodes"] == g.number_of_nodes() - 1


def test_nul_and_oversize_rows_are_named_never_sent():
    g = build_graph(sample_extractions())
    n = sorted(g.nodes)[0]
    g.nodes[n]["name"] = "坏\x00名"
    s, t, k = next(iter(g.edges(keys=True)))
    g.edges[s, t, k]["evidence"][0]["text"] = "很长" * 1000
    store = FakeServer(profile=SPLICING)
    with pytest.raises(LoadFailed) as ei:
        store.load(g)
    whys = " | ".join(f"{f.rows}: {f.why}" for f in ei.value.failures)
    assert "NUL" in whys and n in whys
    assert "bytes" in whys and s in whys
    assert not any("\x00" in json.dumps(p) for tx in store.txs for _, p in tx)


def test_cut_short_then_resumed_from_the_last_committed_transaction(tmp_path):
    g = graph()
    path = tmp_path / "graph.json"
    write_graph(g, path)
    full = FakeServer()
    full.load(g, batch_size=50)
    assert len(full.txs) > 6
    first = FakeServer(die_at=5)
    with pytest.raises(KgError, match="connection lost"):
        first.load(g, batch_size=50, checkpoint=Checkpoint.for_graph(path))
    assert json.loads((tmp_path / ".kg-load-checkpoint.json").read_text())["committed"] == 5
    second = FakeServer()
    sent = second.load(g, batch_size=50, checkpoint=Checkpoint.for_graph(path), log=print)
    assert second.txs == full.txs[5:]  # nothing committed is sent again
    assert sent == full.load(g, batch_size=50)
    assert not (tmp_path / ".kg-load-checkpoint.json").exists()
    # a checkpoint of another plan (here: another batch size) is not resumed from
    with pytest.raises(KgError):
        FakeServer(die_at=3).load(g, batch_size=50, checkpoint=Checkpoint.for_graph(path))
    other = FakeServer()
    other.load(g, batch_size=40, checkpoint=Checkpoint.for_graph(path))
    assert other.txs == _txs(g, 40)  # from the start


def _txs(g, batch_size):
    s = FakeServer()
    s.load(g, batch_size=batch_size)
    return s.txs


@pytest.mark.parametrize("err", [errno.ENOSPC, errno.EACCES, errno.EIO])
def test_checkpoint_write_failure_is_one_line(tmp_path, monkeypatch, err):
    import os

    import kg.jsonio

    g = build_graph(sample_extractions())
    path = tmp_path / "graph.json"
    write_graph(g, path)

    def fail(*a, **k):
        raise OSError(err, os.strerror(err))

    monkeypatch.setattr(kg.jsonio, "atomic_write_bytes", fail)
    with pytest.raises(KgError) as ei:
        FakeServer().load(g, checkpoint=Checkpoint.for_graph(path))
    assert "checkpoint" in str(ei.value) and os.strerror(err) in str(ei.value) and "\n" not in str(ei.value)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["graph.json"]
    monkeypatch.undo()
    assert FakeServer().load(g, checkpoint=Checkpoint.for_graph(path))["nodes"] == g.number_of_nodes()


def test_deadline_interrupts_a_blocking_call():
    import socket
    import time

    from kg.stores.deadline import CallTimeout, deadline

    a, b = socket.socketpair()
    t = time.monotonic()
    with pytest.raises(CallTimeout), deadline(0.3):
        a.recv(1)  # nothing ever comes
    assert 0.25 < time.monotonic() - t < 2
    a.close()
    b.close()


def test_server_profiles_from_what_the_server_says():
    from kg.stores.server import SPLICE_PROBE, profile_from

    neo = profile_from([["Neo4j Kernel", ["5.26.0"], "community"]], SPLICE_PROBE)
    assert neo.name == "Neo4j Kernel 5.26.0 community" and not neo.splices and neo.constraints
    assert neo.max_bytes == NEO4J.max_bytes and neo.encode({"x": "a'b"}) == {"x": "a'b"}
    other = profile_from(None, SPLICE_PROBE)  # no dbms.components, parameters intact
    assert not other.splices and other.constraints
    falkor = profile_from(None, "k'g")
    assert falkor == SPLICING and falkor.encode({"x": ["a'b", "c\\d"]}) == {"x": ["a\\'b", "c\\\\d"]}
