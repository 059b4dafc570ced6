"""Loading a kg graph into a Bolt server, whatever the server, and forgetting a document.

`load`: asks the server what it is (Neo4jStore.check → kg.stores.server), cuts the rows into statements it
can take (bytes capped by its profile, parameters escaped where it splices them), sends them transaction by
transaction; a transaction the server refuses is retried statement by statement, a statement in halves, down
to single rows, and the rows that still fail are named with the server's reason (LoadFailed, after the rest
is written). A Checkpoint remembers the last committed transaction, so that a load cut short (server gone,
timeout, kill) resumes there on the next run; everything sent is idempotent (MERGE), so a repeated
transaction changes nothing (on a server without transactions, as FalkorDB, which acknowledges BEGIN and
COMMIT but commits each statement, the statements of a transaction cut short may be sent twice: harmless).
"""

from __future__ import annotations

import hashlib
import json
import os
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import networkx as nx

from kg.errors import KgError
from kg.stores.batches import Batch, graph_rows, load_batches, transactions
from kg.stores.bolt import Neo4jStore, StatementFailed
from kg.stores.server import NEO4J, ServerProfile
from kg.stores.statements import (
    FORGET_DOCUMENT,
    FORGET_DROP_RELS,
    FORGET_FUNDS_NO_AMOUNT,
    FORGET_ORPHANS,
    FORGET_TRIM_RELS,
)


@dataclass
class Failure:
    rows: str  # Batch.describe()
    why: str


class LoadFailed(KgError):
    """Some rows could not be written (the others were): one line naming them."""

    def __init__(self, failures: list[Failure], sent: dict[str, int]):
        self.failures, self.sent = failures, sent
        shown = "; ".join(f"{_printable(f.rows)}: {_printable(f.why)}" for f in failures[:3])
        more = f"; and {len(failures) - 3} more" if len(failures) > 3 else ""
        super().__init__(f"load incomplete: {len(failures)} statement(s) could not be written: {shown}{more}")


def _printable(text: str) -> str:
    """Ids as they are, but a newline or another control character in one written as an escape (\\n):
    the message stays one line."""
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)


class Checkpoint:
    """How many transactions of a load plan are committed, in a small JSON file (written atomically after
    each transaction, removed when the load has gone through). `graph_key` names the graph's content."""

    def __init__(self, path: str | os.PathLike, graph_key: str):
        self.path = Path(path)
        self.graph_key = graph_key
        self.key = ""

    @classmethod
    def for_graph(cls, graph_file: str | os.PathLike) -> Checkpoint:
        p = Path(graph_file)
        p = p / "graph.json" if p.is_dir() else p
        try:
            digest = hashlib.sha256(p.read_bytes()).hexdigest()
        except OSError as e:
            raise KgError(f"cannot read {p}: {e.strerror or e}") from None
        return cls(p.parent / ".kg-load-checkpoint.json", digest)

    def start(self, plan: str) -> int:
        """The transactions already committed for this graph and plan (server, database, batch shape)."""
        self.key = hashlib.sha256(f"{self.graph_key}\0{plan}".encode()).hexdigest()
        try:
            state = json.loads(self.path.read_text(encoding="utf-8"))
            return int(state["committed"]) if state.get("key") == self.key else 0
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            return 0

    def committed(self, n: int) -> None:
        from kg.jsonio import atomic_write_bytes

        data = json.dumps({"key": self.key, "committed": n}).encode("utf-8")
        try:
            atomic_write_bytes(self.path, data, fsync=False)
        except OSError as e:
            raise KgError(f"cannot write the load checkpoint {self.path}: {e.strerror or e} "
                          "(--no-resume loads without one)") from None

    def finish(self) -> None:
        try:
            self.path.unlink(missing_ok=True)
        except OSError as e:
            raise KgError(f"cannot remove the load checkpoint {self.path}: {e.strerror or e}") from None


@dataclass
class _Progress:
    profile: ServerProfile
    sent: Counter = field(default_factory=Counter)
    failures: list[Failure] = field(default_factory=list)

    def done(self, batches: list[Batch]) -> None:
        for b in batches:
            self.sent[b.kind] += b.rows
            self.sent.update({k: v for k, v in b.also.items() if v})


def load(store: Neo4jStore, g: nx.MultiDiGraph, batch_size: int, schema: bool = True,
         log: Callable[[str], None] = lambda m: None, max_batch_bytes: int | None = None,
         checkpoint: Checkpoint | None = None, prune: bool = True) -> dict[str, int]:
    """`batch_size` rows per transaction; statements of at most the server's byte cap (or `max_batch_bytes`
    when smaller). Returns rows written by kind, and `removed_<kind>` for what `prune` (the default) took out
    of the store because the graph no longer has it (kg.stores.prune: a rejected edge, a merged-away node),
    after which every item loaded gets exactly the graph's properties; `prune=False` only adds and merges.
    LoadFailed names rows that could not be written."""
    if batch_size < 1:
        raise KgError("--batch-size must be at least 1")
    if max_batch_bytes is not None and max_batch_bytes < 256:
        raise KgError("--max-batch-bytes must be at least 256")
    rows = graph_rows(g)  # a malformed graph fails before anything is sent
    profile = store.check() or NEO4J
    cap = profile.max_bytes if max_batch_bytes is None else min(max_batch_bytes, profile.max_bytes)
    if max_batch_bytes is not None and max_batch_bytes > profile.max_bytes:
        log(f"{profile.name}: statements of at most {profile.max_bytes} bytes, not {max_batch_bytes}")
    txs = list(transactions(load_batches(rows, batch_size, cap, exact=prune), batch_size))
    if schema:
        store.apply_schema(log)
    if prune:  # before writing: the exact statements MERGE an entity with the labels the graph gives it
        from kg.stores.prune import prune as prune_store

        removed = prune_store(store, rows, batch_size, cap, log)
    else:
        removed = {}
    first = 0
    if checkpoint is not None:
        plan = f"{store.conn.uri}\0{store.conn.database}\0{batch_size}\0{cap}\0{prune}"
        first = min(checkpoint.start(plan), len(txs))
        if first:
            log(f"resuming: {first} of {len(txs)} transactions were committed by an earlier run")
    progress = _Progress(profile)
    for i, tx in enumerate(txs):
        if i >= first:
            _send(store, tx, progress)
            if checkpoint is not None:
                checkpoint.committed(i + 1)
        else:
            progress.done([b for b in tx if b.error is None])
    progress.sent.update({f"removed_{k}": v for k, v in removed.items() if v})
    if checkpoint is not None:
        checkpoint.finish()
    if progress.failures:
        raise LoadFailed(progress.failures, dict(progress.sent))
    return dict(progress.sent)


def _send(store: Neo4jStore, tx: list[Batch], progress: _Progress) -> None:
    """One transaction; refused: its statements one by one (_send_statement)."""
    ok: list[Batch] = []
    for b in tx:
        why = b.error or progress.profile.unsendable(b.params)
        if why is None:
            ok.append(b)
        elif b.error is not None or len(b.split()) == 1:
            progress.failures.append(Failure(b.describe(), f"not sent: {why}"))
        else:
            _send(store, b.split(), progress)
    if not ok:
        return
    try:
        store.write_many([(b.statement, b.params) for b in ok])
        progress.done(ok)
    except StatementFailed:
        for b in ok:
            _send_statement(store, b, progress)


def _send_statement(store: Neo4jStore, b: Batch, progress: _Progress) -> None:
    """One statement in its own transaction; refused: in halves, down to the single row that fails."""
    try:
        store.write_many([(b.statement, b.params)])
        progress.done([b])
    except StatementFailed as e:
        parts = b.split()
        if len(parts) == 1:
            progress.failures.append(Failure(b.describe(), str(e)))
            return
        for part in parts:
            _send_statement(store, part, progress)


def forget(store: Neo4jStore, doc: str) -> dict[str, int]:
    """Remove one document's evidence, its node and mentions, and the entities nothing supports any more."""
    store.check()
    out = {
        "relationships_deleted": store.write(FORGET_DROP_RELS, doc=doc)[0]["deleted"],
        "relationships_trimmed": store.write(FORGET_TRIM_RELS, doc=doc)[0]["trimmed"],
    }
    store.write(FORGET_FUNDS_NO_AMOUNT)
    out["documents_deleted"] = store.write(FORGET_DOCUMENT, doc=doc)[0]["deleted"]
    deleted = 0
    while True:
        n = store.write(FORGET_ORPHANS)[0]["deleted"]
        if not n:
            break
        deleted += n
    out["entities_deleted"] = deleted
    return out
