"""A load converges the store to the graph: before writing, what kg put there earlier and the loaded graph
no longer has is removed — relationships a curation rejected, entities merged away or renamed (with their
MENTIONED_IN), labels of an entity retyped, mentions and documents gone from the corpus — and existing
entities are given the labels the graph gives them; the load then sets every item's properties to exactly
the graph's (kg.stores.statements, `exact`), which also drops evidence sentences a curation rejected.

Only kg's own data is read and touched (kg.stores.statements: :Entity and :Document nodes with an `id`, the
schema's relationship types, MENTIONED_IN); anything else in the database stays. The store is read once,
before the load (what the load writes is all in the graph, so it cannot change what is stale), the
differences computed here, and the changes sent in batches of parameters (the same row and byte caps as the
load, so FalkorDB's small statements hold).
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
    add_label_statement,
    prune_label_statement,
    prune_rel_statement,
)

SCHEMA_LABELS = frozenset(ENTITY_LABELS.values()) | frozenset(LEVEL_LABELS.values())


def stale_batches(store: Any, rows: LoadRows, batch_size: int, max_bytes: int) -> Iterator[tuple[str, Batch]]:
    """(what, statement) for everything in the store that `rows` (the graph to load) does not have, and
    `relabel` statements giving existing entities the labels the graph gives them; `what` is the key of
    prune()'s counts. Relationships and mentions go first, then labels, entities, documents."""
    def batches(statement: str, columns: tuple[str, ...], items: list[tuple]) -> Iterator[Batch]:
        yield from columnar_batches(statement, "prune", columns, items, batch_size, max_bytes)

    stored_rels, stored_mentions, stored_entities, stored_docs = _stored(store)
    want_rels = {(r["source"], rtype, r["target"]) for rtype, rels in rows.rels.items() for r in rels}
    stale_rels: dict[str, list[tuple]] = {}
    for src, rtype, dst in stored_rels:
        if (src, rtype, dst) not in want_rels:
            stale_rels.setdefault(rtype, []).append((src, dst))
    for rtype in REL_TYPES:
        yield from (("relationships", b) for b in batches(prune_rel_statement(rtype), ("src", "dst"),
                                                          sorted(stale_rels.get(rtype, ()))))
    want_mentions = {(m["entity"], m["doc"]) for m in rows.mentions}
    stale = sorted(tuple(m) for m in stored_mentions if tuple(m) not in want_mentions)
    yield from (("mentions", b) for b in batches(PRUNE_MENTIONS, ("entities", "docs"), stale))
    labels_of = {r["id"]: frozenset(labels) for labels, group in rows.nodes.items() for r in group}
    stale_entities: list[tuple] = []
    extra_labels: dict[str, list[tuple]] = {}
    missing_labels: dict[str, list[tuple]] = {}
    for nid, labels in stored_entities:
        if nid not in labels_of:
            stale_entities.append((nid,))
            continue
        for lab in sorted((SCHEMA_LABELS & set(labels or ())) - labels_of[nid]):
            extra_labels.setdefault(lab, []).append((nid,))
        for lab in sorted(labels_of[nid] - set(labels or ())):
            missing_labels.setdefault(lab, []).append((nid,))
    for lab in sorted(extra_labels):
        yield from (("labels", b) for b in batches(prune_label_statement(lab), ("ids",), sorted(extra_labels[lab])))
    for lab in sorted(missing_labels):
        yield from (("relabel", b) for b in batches(add_label_statement(lab), ("ids",), sorted(missing_labels[lab])))
    yield from (("entities", b) for b in batches(PRUNE_ENTITIES, ("ids",), sorted(stale_entities)))
    want_docs = {d["id"] for d in rows.documents}
    stale_docs = sorted((d,) for (d,) in stored_docs if d not in want_docs)
    yield from (("documents", b) for b in batches(PRUNE_DOCUMENTS, ("ids",), stale_docs))


def _stored(store: Any) -> list[list[list[Any]]]:
    """kg's relationships, mentions, entities and documents in the store, read in one transaction."""
    return store.read_many([STORED_RELS, STORED_MENTIONS, STORED_ENTITIES, STORED_DOCUMENTS])


def prune(store: Any, rows: LoadRows, batch_size: int, max_bytes: int,
          log: Callable[[str], None] = lambda m: None) -> dict[str, int]:
    """Remove from the store what `rows` no longer has and give existing entities their labels (see
    stale_batches), before an exact load of `rows`; returns how many of each were removed."""
    removed = {"relationships": 0, "mentions": 0, "labels": 0, "entities": 0, "documents": 0}
    for what, b in list(stale_batches(store, rows, batch_size, max_bytes)):
        if b.error is not None:  # an id longer than a statement can hold: it cannot have been loaded either
            log(f"not changed: {b.rows} {what}: {b.error}")
            continue
        store.write_many([(b.statement, b.params)])
        if what in removed:
            removed[what] += b.rows
    return removed
