"""A load converges the store to the graph: after writing, what kg put there earlier and the loaded graph no
longer has is removed — relationships a curation rejected, entities merged away or renamed (with their
MENTIONED_IN), evidence sentences rejected, labels of an entity retyped, mentions and documents gone from the
corpus.

Only kg's own data is read and touched (kg.stores.statements: :Entity and :Document nodes with an `id`, the
schema's relationship types, MENTIONED_IN); anything else in the database stays. The store is read once,
the differences computed here, and the removals sent in batches of parameters (the same row and byte caps
as the load, so FalkorDB's small statements hold).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from kg.stores.batches import Batch, LoadRows, columnar_batches
from kg.stores.statements import (
    ENTITY_LABELS,
    LEVEL_LABELS,
    PRUNE_DOCUMENTS,
    PRUNE_ENTITIES,
    PRUNE_MENTIONS,
    REL_TYPES,
    STORED_DOCUMENTS,
    STORED_ENTITIES,
    STORED_MENTIONS,
    STORED_RELS,
    prune_label_statement,
    prune_rel_statement,
    stored_evidence_statement,
    trim_evidence_statement,
)

SCHEMA_LABELS = frozenset(ENTITY_LABELS.values()) | frozenset(LEVEL_LABELS.values())


def stale_batches(store: Any, rows: LoadRows, batch_size: int, max_bytes: int) -> Iterator[tuple[str, Batch]]:
    """(what, statement) for everything in the store that `rows` (the loaded graph) does not have; `what` is
    the key of prune()'s counts. Relationships, their evidence and mentions go first, then labels, entities,
    documents."""
    def batches(statement: str, columns: tuple[str, ...], items: list[tuple]) -> Iterator[Batch]:
        yield from columnar_batches(statement, "prune", columns, items, batch_size, max_bytes)

    yield from _stale_relationships(store, rows, batch_size, max_bytes)
    want_mentions = {(m["entity"], m["doc"]) for m in rows.mentions}
    stale = sorted(tuple(m) for m in _rows(store, STORED_MENTIONS) if tuple(m) not in want_mentions)
    yield from (("mentions", b) for b in batches(PRUNE_MENTIONS, ("entities", "docs"), stale))
    labels_of = {r["id"]: frozenset(labels) for labels, group in rows.nodes.items() for r in group}
    stale_entities: list[tuple] = []
    extra_labels: dict[str, list[tuple]] = {}
    for nid, labels in _rows(store, STORED_ENTITIES):
        if nid not in labels_of:
            stale_entities.append((nid,))
            continue
        for lab in sorted((SCHEMA_LABELS & set(labels or ())) - labels_of[nid]):
            extra_labels.setdefault(lab, []).append((nid,))
    for lab in sorted(extra_labels):
        yield from (("labels", b) for b in batches(prune_label_statement(lab), ("ids",), extra_labels[lab]))
    yield from (("entities", b) for b in batches(PRUNE_ENTITIES, ("ids",), sorted(stale_entities)))
    want_docs = {d["id"] for d in rows.documents}
    stale_docs = sorted((d,) for (d,) in _rows(store, STORED_DOCUMENTS) if d not in want_docs)
    yield from (("documents", b) for b in batches(PRUNE_DOCUMENTS, ("ids",), stale_docs))


def _stale_relationships(store: Any, rows: LoadRows, batch_size: int, max_bytes: int
                         ) -> Iterator[tuple[str, Batch]]:
    """Relationships the graph does not have, deleted; those it has whose stored evidence holds more than
    the graph's (a sentence a curation rejected, `reject … doc:`), cut down to the graph's."""
    want = {(r["source"], rtype, r["target"]): set(zip(r["docs"], r["texts"], strict=True))
            for rtype, rels in rows.rels.items() for r in rels}
    stale: dict[str, list[tuple]] = {}
    more: dict[str, list[tuple]] = {}  # more evidence stored than the graph has
    for src, rtype, dst, n in _rows(store, STORED_RELS):
        key = (src, rtype, dst)
        if key not in want:
            stale.setdefault(rtype, []).append((src, dst))
        elif n > len(want[key]):
            more.setdefault(rtype, []).append((src, dst))
    for rtype in REL_TYPES:
        for b in columnar_batches(prune_rel_statement(rtype), "prune", ("src", "dst"),
                                  sorted(stale.get(rtype, ())), batch_size, max_bytes):
            yield "relationships", b
        trims = []
        for b in columnar_batches(stored_evidence_statement(rtype), "prune", ("src", "dst"),
                                  sorted(more.get(rtype, ())), batch_size, max_bytes):
            for src, dst, docs, texts in store.read(b.statement, b.params)[1]:
                keep, seen = [], set()
                for j, pair in enumerate(zip(docs or (), texts or (), strict=False)):
                    if pair in want[(src, rtype, dst)] and pair not in seen:
                        keep.append(j)
                        seen.add(pair)
                if len(keep) < len(docs or ()):
                    trims.append((src, dst, keep))
        for b in columnar_batches(trim_evidence_statement(rtype), "prune", ("src", "dst", "keep"), sorted(trims),
                                  batch_size, max_bytes, spread=frozenset({"keep"}), offsets="first"):
            yield "evidence", b


def _rows(store: Any, statement: str) -> list[list[Any]]:
    return store.read(statement)[1]


def prune(store: Any, rows: LoadRows, batch_size: int, max_bytes: int,
          log: Callable[[str], None] = lambda m: None) -> dict[str, int]:
    """Remove from the store what `rows` no longer has (see stale_batches); returns how many of each
    (`evidence`: relationships whose evidence was cut down)."""
    removed = {"relationships": 0, "evidence": 0, "mentions": 0, "labels": 0, "entities": 0, "documents": 0}
    for what, b in list(stale_batches(store, rows, batch_size, max_bytes)):
        if b.error is not None:  # an id longer than a statement can hold: it cannot have been loaded either
            log(f"not removed: {b.rows} {what}: {b.error}")
            continue
        store.write_many([(b.statement, b.params)])
        removed[what] += b.rows
    return removed
