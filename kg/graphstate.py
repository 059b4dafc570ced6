"""The merge kept between builds (in OUT/graph.db, kg.graphindex), so that a re-build merges only what
changed.

A full build fills the store from the merger (:func:`fill`): every node's and link's graph.json bytes,
index fields and merge record, and the documents with their ranks. A re-build whose documents are mostly
those of the store (same cache keys, so same content and same extractor) then reads no unchanged
document's cache entry: :func:`plan` finds the documents added and removed (a changed one is both), and
:func:`update` reads the removed documents' old cache entries to learn which items they touched, loads
those items' records (and those of the items the added documents touch) into a merger, takes the removed
documents out, folds the added ones in, and rewrites those rows, in one transaction. The store then
gives the bytes a full merge gives (tests check this on random edits): every order-dependent choice of
the merge is decided by rank, and an unchanged document keeps its rank. Ranks are spaced (GAP) so that
documents added between two others get ranks between theirs; when there is no room, or duplicate
document ids, or too much changed (FULL_MERGE_FRACTION), the build merges everything.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kg import graphindex
from kg.digest import REGION_ATTRS
from kg.graphjson import item_bytes
from kg.merge import GraphMerger

GAP = 1 << 20  # rank of the i-th document of a full build: (i + 1) * GAP
# More changed documents than this fraction of the corpus: a full merge (reading every cached entry)
# costs about what the touched records would, and is simpler.
FULL_MERGE_FRACTION = 0.25

# a document of the store: (rank, doc id, cache key, document record or None (no digest), bytes,
# [articles, sentences, characters], warnings, error)
DocRec = tuple


def open_store(out: Path, warn: Callable[[str], None]) -> sqlite3.Connection:
    """OUT/graph.db for writing; one that kg cannot read is reported (warn) and made afresh."""
    path = graphindex.index_path(out)
    try:
        return graphindex.connect(path, create=True)
    except graphindex.IndexUnusable as e:
        warn(f"graph store {e}: made afresh (every document is merged again)")
        graphindex.remove(path)
        return graphindex.connect(path, create=True)


def saved_docs(db: sqlite3.Connection) -> list[DocRec] | None:
    """The documents of the last complete merge in the store, or None."""
    try:
        if not graphindex.get_meta(db, "complete"):
            return None
        return [(r, d, k, json.loads(m) if m else None, b, json.loads(c), json.loads(w), e)
                for r, d, k, m, b, c, w, e in db.execute("SELECT * FROM docs ORDER BY rank")]
    except (sqlite3.Error, ValueError, TypeError):
        return None


@dataclass
class Plan:
    """How this build's documents relate to the saved state's."""

    order: dict[int, int]  # this build's rank -> rank in the merge (kept documents keep theirs)
    kept: dict[int, DocRec]  # this build's rank -> its record in the index
    added: list[int]  # this build's ranks whose digests are merged
    removed: list[DocRec]  # index documents no longer there (or changed)
    entries: dict[int, dict[str, Any]] = field(default_factory=dict)  # added rank -> its cache entry


def plan(prev_docs: list[DocRec], ranked: list[tuple[int, str, str]], cached: set[int], has_entry) -> Plan | None:
    """ranked: this build's (rank, doc id, cache key) in rank order; cached: the ranks whose entry is
    in the cache; has_entry(key): whether a cache entry exists. None: merge everything instead."""
    ids = [d for _, d, _ in ranked]
    if len(set(ids)) != len(ids) or len({r[1] for r in prev_docs}) != len(prev_docs):
        return None  # one document id twice: its mentions are merged per id, not per document
    by_key = {r[2]: r for r in prev_docs}
    kept: dict[int, DocRec] = {}
    last = -1
    for rank, _doc, key in ranked:
        rec = by_key.get(key)
        if rec is not None and rank in cached:
            if rec[0] <= last:
                return None  # the documents were reordered
            kept[rank] = rec
            last = rec[0]
    kept_keys = {rec[2] for rec in kept.values()}
    removed = [rec for rec in prev_docs if rec[2] not in kept_keys]
    added = [rank for rank, _, _ in ranked if rank not in kept]
    # (a changed document is both removed and added)
    if len(added) + len(removed) > max(4, 2 * FULL_MERGE_FRACTION * max(len(ranked), len(prev_docs))):
        return None
    if any(rec[3] is not None and not has_entry(rec[2]) for rec in removed):
        return None  # what a removed document touched is not known any more
    # ranks for the added documents, between those of their kept neighbours
    order: dict[int, int] = {r: rec[0] for r, rec in kept.items()}
    lo = -1
    run: list[int] = []
    for rank, _, _ in [*ranked, (None, None, None)]:
        if rank is not None and rank not in kept:
            run.append(rank)
            continue
        hi = order[rank] if rank is not None else lo + (len(run) + 1) * GAP
        if run:
            if hi - lo <= len(run):
                return None  # no room: a full merge spaces the ranks again
            step = (hi - lo) / (len(run) + 1)
            for i, r in enumerate(run):
                order[r] = lo + max(1, int(step * (i + 1)))
            run = []
        if rank is not None:
            lo = order[rank]
    if len(set(order.values())) != len(order):
        return None
    return Plan(order, kept, added, removed)



# ---------------------------------------------------------------------------------------- rows


def _node_record_json(rec: list[Any]) -> str:
    return json.dumps(rec, ensure_ascii=False, allow_nan=False, separators=(",", ":"))


def _edge_record_json(rec: list[Any]) -> str:
    evd = [[k[0], k[1], *v] for k, v in rec[4].items()] if rec[4] else None
    return json.dumps([*rec[:4], evd], ensure_ascii=False, allow_nan=False, separators=(",", ":"))


def _edge_record(text: str) -> list[Any]:
    rec = json.loads(text)
    if rec[4]:
        rec[4] = {(e[0], e[1]): tuple(e[2:]) for e in rec[4]}
    return rec


def _mention_count(ms: str | list) -> int:
    # rendered mentions: one '"sentence": ' per mention object (a doc name holding it would be escaped)
    return ms.count('"sentence": ') if type(ms) is str else len(ms)


def _node_row(m: GraphMerger, nid: str, key) -> tuple:
    item = m.node_item(nid, key)
    groups = item["mentions"].groups
    docs = sorted({doc for doc, _ in groups})
    attrs = {a: item[a] for a in REGION_ATTRS if a in item}
    return (nid, item["type"], item["name"], json.dumps(item["aliases"], ensure_ascii=False),
            json.dumps(attrs, ensure_ascii=False), sum(_mention_count(ms) for _, ms in groups),
            json.dumps(docs, ensure_ascii=False), item_bytes(item), _node_record_json(m.node_record(nid)))


def _link_row(m: GraphMerger, k: tuple[str, str, str]) -> tuple:
    item = m.link_item(k)
    return (*k, len(item["evidence"].items), item_bytes(item), _edge_record_json(m.edge_record(k)))


def _put_node(db: sqlite3.Connection, row: tuple) -> None:
    db.execute("INSERT OR REPLACE INTO nodes VALUES (?,?,?,?,?,?,?,?,?)", row)
    db.execute("DELETE FROM aliases WHERE id=?", (row[0],))
    db.executemany("INSERT INTO aliases VALUES (?, ?)", [(a, row[0]) for a in json.loads(row[3])])


def _put_docs(db: sqlite3.Connection, docs: list[DocRec]) -> None:
    db.execute("DELETE FROM docs")
    db.executemany("INSERT INTO docs VALUES (?,?,?,?,?,?,?,?)", [
        (r, d, k, None if m is None else json.dumps(m, ensure_ascii=False), b, json.dumps(c),
         json.dumps(w, ensure_ascii=False), e) for r, d, k, m, b, c, w, e in docs])


# ---------------------------------------------------------------------------------------- writing


def fill(db: sqlite3.Connection, m: GraphMerger, docs: list[DocRec]) -> None:
    """The store made from a merger holding every document (a full merge)."""
    key = m._group_key()
    db.execute("BEGIN")
    try:
        for table in ("meta", "nodes", "aliases", "links"):
            db.execute(f"DELETE FROM {table}")
        _put_docs(db, docs)
        for nid in sorted(m.node_ids()):
            _put_node(db, _node_row(m, nid, key))
        for k in sorted(m.edge_keys()):
            db.execute("INSERT INTO links VALUES (?,?,?,?,?,?)", _link_row(m, k))
        graphindex.set_meta(db, "complete", True)
        db.execute("COMMIT")
    except BaseException:
        db.execute("ROLLBACK")
        raise


def _touched_by(dg: dict[str, Any], nodes: set[str], links: set[tuple[str, str, str]]) -> None:
    nids = [e[0] for e in dg["nodes"]]
    nodes.update(nids)
    links.update((nids[e[0]], nids[e[1]], e[2]) for e in dg["edges"])


def _saved_records(db: sqlite3.Connection, m: GraphMerger, nodes: set[str], links: set) -> None:
    for nid in nodes:
        row = db.execute("SELECT record FROM nodes WHERE id=?", (nid,)).fetchone()
        if row:
            m.load_node(nid, json.loads(row[0]))
    for k in links:
        row = db.execute("SELECT record FROM links WHERE source=? AND target=? AND type=?", k).fetchone()
        if row:
            m.load_edge(k, _edge_record(row[0]))


def update(db: sqlite3.Connection, p: Plan, added: GraphMerger, docs: list[DocRec], cache) -> bool:
    """The store minus p.removed plus the digests merged into `added` (ranks from p.order). False when it
    cannot (a removed document's entry is gone): the caller then merges everything, as it does when this
    raises sqlite3.Error or ValueError (a damaged store)."""
    nodes: set[str] = set(added.node_ids())
    links: set[tuple[str, str, str]] = set(added.edge_keys())
    for rec in p.removed:
        if rec[3] is None:
            continue
        entry = cache.get(rec[2])
        dg = entry and entry.get("digest")
        if not dg:
            return False
        _touched_by(dg, nodes, links)
    m = GraphMerger()
    try:
        _saved_records(db, m, nodes, links)
    except (ValueError, TypeError, KeyError, IndexError, AttributeError) as e:
        raise ValueError(f"its records cannot be read: {type(e).__name__}") from None
    m.remove_ranks({rec[0] for rec in p.removed}, nodes, links)
    m.set_documents((rec[0], rec[1], rec[3]) for rec in docs)  # after: an added document may reuse a rank
    for nid in added.node_ids():
        m.load_node(nid, added.node_record(nid))
    for k in added.edge_keys():
        m.load_edge(k, added.edge_record(k))
    key = m._group_key()
    db.execute("BEGIN")
    try:
        graphindex.set_meta(db, "graph", None)
        _put_docs(db, docs)
        for nid in sorted(nodes):
            if nid in m._nodes:
                _put_node(db, _node_row(m, nid, key))
            else:
                db.execute("DELETE FROM nodes WHERE id=?", (nid,))
                db.execute("DELETE FROM aliases WHERE id=?", (nid,))
        for k in sorted(links):
            if k in m._edges:
                db.execute("INSERT OR REPLACE INTO links VALUES (?,?,?,?,?,?)", _link_row(m, k))
            else:
                db.execute("DELETE FROM links WHERE source=? AND target=? AND type=?", k)
        db.execute("COMMIT")
    except BaseException:
        db.execute("ROLLBACK")
        raise
    return True
