"""The merge kept between builds (in OUT/graph.db, kg.graphindex), so that a re-build merges only what
changed.

A full build fills the store from the merger (:func:`fill`): every node's and link's graph.json bytes,
index fields and merge record, and the documents with their ranks. A re-build whose documents are mostly
those of the store (same cache keys, so same content and same extractor) then reads no unchanged
document's cache entry: :func:`plan` finds the documents added and removed (a changed one is both), and
:func:`update` reads the removed documents' old cache entries to learn which items they touched, loads
those items' records (and those of the items the added documents touch) into a merger, takes the removed
documents out, folds the added ones in, and rewrites those rows, in one transaction. A node's mentions
(most of a much-mentioned node's bytes) are rows of their own, one per document: the update deletes the
removed documents' rows and inserts the added ones', and renders the node's row without them, so that
its cost follows the documents changed, not how often the nodes they touch are mentioned elsewhere. The store then
gives the bytes a full merge gives (tests check this on random edits): every order-dependent choice of
the merge is decided by rank, and an unchanged document keeps its rank. Ranks are spaced (GAP) so that
documents added between two others get ranks between theirs; when there is no room, or duplicate
document ids, or too much changed (FULL_MERGE_FRACTION), the build merges everything. A full merge
keeps the documents' rendered mentions in a :class:`MentionSpill` (a temporary file) until :func:`fill`
makes them node_mentions rows: they are most of the merge's bytes, and memory is what a large build
runs short of.
"""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from operator import itemgetter
from pathlib import Path
from typing import Any

from kg import graphindex, linkrows
from kg.digest import REGION_ATTRS
from kg.graphjson import head_tail, item_bytes
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


# json.dumps(…, ensure_ascii=False, allow_nan=False, separators=(",", ":")) without making an encoder per call
_RECORD_JSON = json.JSONEncoder(ensure_ascii=False, allow_nan=False, separators=(",", ":")).encode


def _node_record_json(rec: list[Any]) -> str:
    """A node's record without its mentions (those are node_mentions rows)."""
    return _RECORD_JSON([rec[0], rec[1], None])


def _mention_count(ms: str | list) -> int:
    # rendered mentions: one '"sentence": ' per mention object (a doc name holding it would be escaped)
    return ms.count('"sentence": ') if type(ms) is str else len(ms)


def _group_rows(nid: str, groups: list[tuple[int, Any]] | None) -> list[tuple]:
    """node_mentions rows of a node's (rank, mentions) groups."""
    return [(nid, rank, ms.encode("utf-8"), _mention_count(ms), 0) if type(ms) is str else
            (nid, rank, json.dumps(ms, ensure_ascii=False).encode("utf-8"), len(ms), 1) for rank, ms in groups or ()]


def _saved_groups(db: sqlite3.Connection, nid: str) -> list[tuple[int, Any]]:
    return [(rank, json.loads(ms) if odd else ms.decode("utf-8")) for rank, ms, odd in
            db.execute("SELECT rank, ms, odd FROM node_mentions WHERE id=? ORDER BY rank", (nid,))]


def _node_row(m: GraphMerger, nid: str, key, split: bool, count: int) -> tuple:
    """The node's row; split: its mentions are node_mentions rows of rendered text, joined by the
    reader (else the merger holds them all and the row keeps the whole item)."""
    item = m.node_item(nid, key)
    ht = head_tail(item, "mentions") if split else None
    head, tail = ht if ht is not None else (item_bytes(item), None)
    attrs = {a: item[a] for a in REGION_ATTRS if a in item}
    return (nid, item["type"], item["name"], json.dumps(item["aliases"], ensure_ascii=False),
            json.dumps(attrs, ensure_ascii=False), count, head, tail, _node_record_json(m.node_record(nid)))


def _put_node(db: sqlite3.Connection, row: tuple, aliases_changed: bool = True) -> None:
    db.execute("INSERT OR REPLACE INTO nodes VALUES (?,?,?,?,?,?,?,?,?)", row)
    if aliases_changed:
        db.execute("DELETE FROM aliases WHERE id=?", (row[0],))
        db.executemany("INSERT INTO aliases VALUES (?, ?)", [(a, row[0]) for a in json.loads(row[3])])


def _put_docs(db: sqlite3.Connection, docs: list[DocRec]) -> None:
    db.execute("DELETE FROM docs")
    db.executemany("INSERT INTO docs VALUES (?,?,?,?,?,?,?,?)", [
        (r, d, k, None if m is None else json.dumps(m, ensure_ascii=False), b, json.dumps(c),
         json.dumps(w, ensure_ascii=False), e) for r, d, k, m, b, c, w, e in docs])


# ---------------------------------------------------------------------------------------- writing


def fill(db: sqlite3.Connection, m: GraphMerger, docs: list[DocRec]) -> None:
    """The store made from a merger holding every document (a full merge; its spilled mentions too)."""
    key = m.mention_group_key()
    per_doc = m.mentions_per_document()
    spilled = m.spilled_mentions()
    nxt = next(spilled, None)
    db.execute("BEGIN")
    try:
        for table in ("meta", "nodes", "aliases", "links", "node_mentions", "link_evidence"):
            db.execute(f"DELETE FROM {table}")
        # the indexes are made again once the rows are in (in this transaction, so a failed fill leaves them
        # as they were): cheaper than keeping them up to date row by row
        indexes = db.execute("SELECT name, sql FROM sqlite_master WHERE type='index' AND sql IS NOT NULL").fetchall()
        for name, _sql in indexes:
            db.execute(f'DROP INDEX "{name}"')
        _put_docs(db, docs)
        mentions: list[tuple] = []
        nodes: list[tuple] = []
        for nid in sorted(m.node_ids()):
            rows = _group_rows(nid, m.node_record(nid)[2])
            more = []
            while nxt is not None and nxt[0] <= nid:
                if nxt[0] == nid:
                    more.append(nxt)
                nxt = next(spilled, None)
            if more:
                rows = sorted(rows + more, key=itemgetter(1))
            mentions += rows
            count = sum(r[3] for r in rows)
            split = per_doc and not any(r[4] for r in rows)
            row = _node_row(m, nid, key, split, count) if split or not more else None
            if row is None or (more and row[7] is None):  # the whole item, its spilled mentions with it
                m.load_spilled(nid, more)
                row = _node_row(m, nid, key, False, count)
            nodes.append(row)
            if len(mentions) > 4096 or len(nodes) > 1024:
                _insert_nodes(db, nodes, mentions)
        _insert_nodes(db, nodes, mentions)
        linkrows.fill_links(db, m)
        for _name, sql in indexes:
            db.execute(sql)
        graphindex.set_meta(db, "complete", per_doc)  # else the next build merges everything again
        db.execute("COMMIT")
    except BaseException:
        db.execute("ROLLBACK")
        raise


class MentionSpill:
    """The rendered mentions of a full build's merge, in a temporary SQLite file in OUT rather than in
    memory (a GraphMerger's spill): most of the merge's bytes, which only :func:`fill` needs, as the
    store's node_mentions rows. The file goes when the spill is closed (one a killed build left is
    removed by the next build's spill)."""

    PREFIX = ".graph-mentions-"

    def __init__(self, directory: Path, batch: int = 4096):
        for old in Path(directory).glob(f"{self.PREFIX}*.tmp"):
            if not _alive(old.name[len(self.PREFIX):-4]):
                old.unlink(missing_ok=True)
        self.path = Path(directory) / f"{self.PREFIX}{os.getpid()}.tmp"
        self.path.unlink(missing_ok=True)
        self.db = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
        self.db.executescript("PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;"
                              "CREATE TABLE m (id TEXT, rank INTEGER, ms BLOB, n INTEGER)")
        self._pending: list[tuple] = []
        self.batch = batch

    def put(self, nid: str, rank: int, ms: str) -> None:
        self._pending.append((nid, rank, ms.encode("utf-8"), _mention_count(ms)))
        if len(self._pending) >= self.batch:
            self.flush()

    def flush(self) -> None:
        if self._pending:
            self.db.execute("BEGIN")
            self.db.executemany("INSERT INTO m VALUES (?,?,?,?)", self._pending)
            self.db.execute("COMMIT")
            self._pending = []

    def rows(self) -> Iterator[tuple[str, int, bytes, int, int]]:
        """node_mentions rows (id, rank, text, number of mentions, 0) by (id, rank)."""
        self.flush()
        for nid, rank, ms, n in self.db.execute("SELECT id, rank, ms, n FROM m ORDER BY id, rank"):
            yield nid, rank, ms, n, 0

    def close(self) -> None:
        self.db.close()
        self.path.unlink(missing_ok=True)


def _alive(pid: str) -> bool:
    try:
        os.kill(int(pid), 0)
    except (ValueError, ProcessLookupError):
        return False
    except PermissionError:
        return True
    return True


def _insert_nodes(db: sqlite3.Connection, nodes: list[tuple], mentions: list[tuple]) -> None:
    """New rows (of an emptied store) of these nodes, their aliases and mentions; the lists emptied."""
    db.executemany("INSERT INTO node_mentions VALUES (?,?,?,?,?)", mentions)
    db.executemany("INSERT INTO nodes VALUES (?,?,?,?,?,?,?,?,?)", nodes)
    db.executemany("INSERT INTO aliases VALUES (?, ?)", [(a, row[0]) for row in nodes for a in json.loads(row[3])])
    mentions.clear()
    nodes.clear()


def _touched_by(dg: dict[str, Any], nodes: set[str], links: set[tuple[str, str, str]]) -> list[str]:
    """Add the items a document's digest touches to nodes and links; -> the nodes it mentions."""
    nids = [e[0] for e in dg["nodes"]]
    nodes.update(nids)
    links.update((nids[e[0]], nids[e[1]], e[2]) for e in dg["edges"])
    return [e[0] for e in dg["nodes"] if e[1]]


def _saved_nodes(db: sqlite3.Connection, m: GraphMerger, nodes: set[str]) -> dict[str, tuple[str, int]]:
    """Load the saved records of these nodes into m (without their mentions); -> their saved (aliases
    (JSON), number of mentions)."""
    saved = {}
    for nid in nodes:
        row = db.execute("SELECT record, aliases, mentions FROM nodes WHERE id=?", (nid,)).fetchone()
        if row:
            m.load_node(nid, json.loads(row[0]))
            saved[nid] = (row[1], row[2])
    return saved


def update(db: sqlite3.Connection, p: Plan, added: GraphMerger, docs: list[DocRec], cache) -> bool:
    """The store minus p.removed plus the digests merged into `added` (ranks from p.order), in one
    transaction. False (and the store unchanged) when it cannot (a removed document's entry is gone, or
    the mentions are no longer one group per document in rank order): the caller then merges
    everything, as it does when this raises sqlite3.Error or ValueError (a damaged store).

    A node's mentions and a link's evidence stay in their rows (node_mentions, link_evidence): the
    removed documents' rows are deleted, the added ones' inserted, and only the item's own row (its bytes
    around them, its record) is rendered again."""
    nodes: set[str] = set(added.node_ids())
    links: set[tuple[str, str, str]] = set(added.edge_keys())
    mentioned: list[tuple[str, int]] = []  # (node, rank) of the removed documents' mention rows
    for rec in p.removed:
        if rec[3] is None:
            continue
        entry = cache.get(rec[2])
        dg = entry and entry.get("digest")
        if not dg:
            return False
        mentioned += [(nid, rec[0]) for nid in _touched_by(dg, nodes, links)]
    db.execute("BEGIN")
    try:
        ok = _update(db, p, added, docs, nodes, links, mentioned)
        db.execute("COMMIT" if ok else "ROLLBACK")
    except BaseException:
        db.execute("ROLLBACK")
        raise
    return ok


def _update(db: sqlite3.Connection, p: Plan, added: GraphMerger, docs: list[DocRec], nodes: set[str],
            links: set[tuple[str, str, str]], mentioned: list[tuple[str, int]]) -> bool:
    """update() inside its transaction: the touched items (nodes, links) loaded, changed and written."""
    removed = {rec[0] for rec in p.removed}
    lost = linkrows.drop_evidence(db, removed)
    links.update(lost)
    m = GraphMerger()
    try:
        saved = _saved_nodes(db, m, nodes)
        counts = linkrows.load_saved(db, m, links)
    except (ValueError, TypeError, KeyError, IndexError, AttributeError) as e:
        raise ValueError(f"its records cannot be read: {type(e).__name__}") from None
    m.remove_ranks(removed, nodes, links)
    m.set_documents((rec[0], rec[1], rec[3]) for rec in docs)  # after: an added document may reuse a rank
    new_groups = {}
    for nid in added.node_ids():
        rec = added.node_record(nid)
        m.load_node(nid, [rec[0], rec[1], None])
        new_groups[nid] = _group_rows(nid, rec[2])
    for k in added.edge_keys():
        m.load_edge(k, [*added.edge_record(k)[:4], None])  # its evidence: rows of its own
    if not m.mentions_per_document():
        return False
    graphindex.set_meta(db, "graph", None)
    _put_docs(db, docs)
    _update_nodes(db, m, sorted(nodes), new_groups, saved, _drop_mentions(db, mentioned))
    linkrows.update_links(db, m, sorted(links), added, {k: n - lost.get(k, 0) for k, n in counts.items()})
    return True


def _drop_mentions(db: sqlite3.Connection, mentioned: list[tuple[str, int]]) -> dict[str, int]:
    """Delete these (node, rank) mention rows (the removed documents'); -> how many mentions each node
    lost."""
    lost: dict[str, int] = {}
    for nid, rank in sorted(mentioned):
        for (n,) in db.execute("SELECT n FROM node_mentions WHERE id=? AND rank=?", (nid, rank)):
            lost[nid] = lost.get(nid, 0) + n
            db.execute("DELETE FROM node_mentions WHERE id=? AND rank=?", (nid, rank))
    return lost


def _update_nodes(db: sqlite3.Connection, m: GraphMerger, nids: list[str], new_groups: dict[str, list[tuple]],
                  saved: dict[str, tuple[str, int]], lost: dict[str, int]) -> None:
    """The rows of the touched nodes, once the removed documents' mention rows are gone: the added
    documents' mention rows, and the node's row rendered without its mentions (or, for a node whose
    mentions are not all text, whole, with them)."""
    key = m.mention_group_key()
    for nid in nids:
        if not m.has_node(nid):
            for table in ("nodes", "aliases", "node_mentions"):
                db.execute(f"DELETE FROM {table} WHERE id=?", (nid,))
            continue
        rows = new_groups.get(nid, ())
        db.executemany("INSERT OR REPLACE INTO node_mentions VALUES (?,?,?,?,?)", rows)
        aliases, count = saved.get(nid, (None, 0))
        count += sum(r[3] for r in rows) - lost.get(nid, 0)
        odd = db.execute("SELECT 1 FROM node_mentions WHERE id=? AND odd=1 LIMIT 1", (nid,)).fetchone()
        row = _node_row(m, nid, key, True, count) if not odd else None
        if row is None or row[7] is None:  # not split: the merger renders the whole node, mentions and all
            m.load_node(nid, [[], None, _saved_groups(db, nid)])
            row = _node_row(m, nid, key, False, count)
        _put_node(db, row, aliases_changed=aliases != row[3])
