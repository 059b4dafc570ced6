"""OUT/graph.json written from the graph store (kg.graphindex) by `kg build`: whole after a full merge, and
after a re-build by copying the previous graph.json's unchanged items and writing only the changed ones.

A full write joins every item from its rows (graphindex.write_graph_json) and records each item's length
in the file (the ``size`` of its row) and where the links and nodes lists start (meta ``written``, with
the file's signature). A re-build notes each node and link it changes in ``changed``, with its size in
that file (:func:`note_changed`; the first note since the write is kept). The next write then walks the
items in key order: an unchanged one is copied from the previous file (its offset follows from the sizes
before it; the kernel copies runs of them, os.copy_file_range), a changed one is joined from its rows
again, a deleted one skipped. The result is the bytes a full write gives (graph.json's items are
independent of each other, in key order); when the previous file is not the one written (another
signature) or its layout does not check out, the file is written whole.
"""

from __future__ import annotations

import json
import os
import sqlite3
from bisect import bisect_left
from collections.abc import Iterable, Iterator
from itertools import accumulate
from pathlib import Path
from typing import Any

from kg import graphindex
from kg.graphjson import (
    END,
    ITEMS_CLOSE,
    ITEMS_OPEN,
    ITEMS_SEP,
    LIST_CLOSE,
    LIST_OPEN,
    LIST_SEP,
    MID,
    NO_ITEMS,
    atomic_file,
    graph_prefix,
    write_node_link,
)

GONE = object()  # an item of the previous graph.json no longer there


class LayoutMismatch(Exception):
    """The previous graph.json is not laid out as the store says: write the file whole."""


def _key_text(kind: str, key: Any) -> str:
    return key if kind == "node" else json.dumps(list(key), ensure_ascii=False)


def note_changed(db: sqlite3.Connection, kind: str, items: Iterable[tuple[Any, int | None, int | None]]) -> None:
    """Note that these items (kind "node": ids, "link": (source, target, type)) are changed: (key, its
    size in the graph.json last written (None: not in it), the size of its bytes before its list (None:
    written whole)). Inside the re-build's transaction; the first note since the write is kept."""
    db.executemany("INSERT OR IGNORE INTO changed VALUES (?, ?, ?, ?)",
                   [(kind, _key_text(kind, k), size, head) for k, size, head in items])


def write_graph(db: sqlite3.Connection, graph: Path) -> None:
    """graph.json from the store (atomically): its changed items only when the store describes the
    previous file, else whole; the store then describes the new file."""
    written = graphindex.get_meta(db, "written")
    if written is not None and written[0] is not None and written[0] == graphindex.file_sig(graph):
        try:
            return _record(db, graph, *_write_changed(db, graph, written[1], written[2]))
        except LayoutMismatch:
            pass
    sizes: dict[str, list[tuple]] = {"nodes": [], "links": []}

    def sized(table: str, items: Iterator[tuple[Any, bytes]]) -> Iterator[bytes]:
        for key, b in items:
            sizes[table].append((len(b), *key) if table == "links" else (len(b), key))
            yield b

    at = write_node_link(graph, graphindex.graph_attrs(db), sized("links", graphindex.link_items(db)),
                         sized("nodes", graphindex.node_items(db)))
    _record(db, graph, at, sizes)


def _record(db: sqlite3.Connection, graph: Path, at: tuple[int, int], sizes: dict[str, list[tuple]]) -> None:
    """The store describes the graph.json just written: the sizes of the items written (size, *key),
    where its lists start (at), its signature; nothing is changed since."""
    db.execute("BEGIN")
    try:
        db.executemany("UPDATE nodes SET size=? WHERE id=?", sizes["nodes"])
        db.executemany("UPDATE links SET size=? WHERE source=? AND target=? AND type=?", sizes["links"])
        for table in ("changed", "removed_mentions", "removed_evidence"):
            db.execute(f"DELETE FROM {table}")
        for table in ("node_mentions", "link_evidence"):
            db.execute(f"UPDATE {table} INDEXED BY {table}_fresh SET fresh = NULL WHERE fresh = 1")
        sig = graphindex.file_sig(graph)
        graphindex.set_meta(db, "written", [sig, *at])
        graphindex.set_meta(db, "graph", sig)
        db.execute("COMMIT")
    except BaseException:
        db.execute("ROLLBACK")
        raise


def _write_changed(db: sqlite3.Connection, graph: Path, links_at: int, nodes_at: int
                   ) -> tuple[tuple[int, int], dict[str, list[tuple]]]:
    """graph.json from the previous one (whose lists start at links_at, nodes_at) and the changed items'
    rows; -> where the new file's lists start, the sizes of the items written afresh. LayoutMismatch
    (the new file not published) when the previous file is not laid out so."""
    changed: dict[str, dict[tuple, tuple]] = {"node": {}, "link": {}}
    for kind, key, size, head in db.execute("SELECT kind, key, size, head FROM changed"):
        changed[kind][(key,) if kind == "node" else tuple(json.loads(key))] = (size, head)
    sizes: dict[str, list[tuple]] = {"nodes": [], "links": []}
    src = os.open(graph, os.O_RDONLY)
    try:
        old_end = os.fstat(src).st_size
        with atomic_file(graph) as f:
            out = _Copier(src, f.fileno())
            out.write(graph_prefix(graphindex.graph_attrs(db)))
            at = out.pos
            rows = db.execute("SELECT source, target, type, size FROM links ORDER BY source, target, type")
            end = _write_list(out, links_at, _merged(rows, changed["link"]), _Items(db, "link"),
                              sizes["links"])
            out.check(end + len(MID) == nodes_at)
            out.write(MID)
            at = (at, out.pos)
            rows = db.execute("SELECT id, size FROM nodes ORDER BY id")
            end = _write_list(out, nodes_at, _merged(rows, changed["node"]), _Items(db, "node"),
                              sizes["nodes"])
            out.check(end + len(END) == old_end)
            out.write(END)
            out.flush()
    finally:
        os.close(src)
    return at, sizes


def _merged(rows: Iterable[tuple], changed: dict[tuple, tuple]) -> Iterator[tuple]:
    """(key, size in the previous file or None, None: unchanged / (size, head size): changed) of the items
    now (rows: (*key, size) in key order) and (key, size, None) of the changed ones gone, in key order."""
    ch = sorted(changed)
    i = 0
    for row in rows:
        key, size = row[:-1], row[-1]
        while i < len(ch) and ch[i] < key:
            yield ch[i], changed[ch[i]][0], GONE
            i += 1
        if i < len(ch) and ch[i] == key:
            i += 1
            yield key, changed[key][0], changed[key]
        elif size is None:
            raise LayoutMismatch("an unchanged item of unknown size")
        else:
            yield key, size, None
    for k in ch[i:]:
        yield k, changed[k][0], GONE


def _write_list(out: _Copier, old_at: int, entries: Iterable[tuple], items: _Items, sizes: list[tuple]) -> int:
    """A list of graph.json (links, nodes) from its entries (_merged), the previous file's list at
    old_at; the sizes of the items written afresh appended to sizes; -> where the previous list ended."""
    old_pos = old_at + len(ITEMS_OPEN)  # where the next item of the previous list starts
    first_old, first = True, True
    for key, old_size, change in entries:
        if change is not GONE:
            sep = ITEMS_OPEN if first else ITEMS_SEP
            if change is None:
                out.copy_item(sep, old_pos, old_size, ITEMS_OPEN if first_old else ITEMS_SEP, ITEMS_SEP)
            else:
                out.write(sep)
                start = out.pos
                items.write(out, key, old_pos if old_size is not None else None, change[1])
                sizes.append((out.pos - start, *key))
            first = False
        if old_size is not None:
            old_pos += old_size + len(ITEMS_SEP)
            first_old = False
    out.write(NO_ITEMS if first else ITEMS_CLOSE)
    return old_at + len(NO_ITEMS) if first_old else old_pos - len(ITEMS_SEP) + len(ITEMS_CLOSE)


# the rows of a node's mentions / a link's evidence: (key columns, the item's condition, table, taken out)
_PARTS = {"node": ("rank", "id=?1", "node_mentions", "removed_mentions"),
          "link": ("day, doc", "source=?1 AND target=?2 AND type=?3", "link_evidence", "removed_evidence")}


def _parts_sql(order: str, where: str, parts: str, removed: str) -> tuple[str, str, str]:
    """(*key, size) of the item's rows in the previous file that are still there, of those taken out
    and of those added since, each in key order (from the index of the rows' sizes, not their text)."""
    return (f"SELECT {order}, size FROM {parts} INDEXED BY {parts}_size WHERE {where} AND fresh IS NULL ORDER BY {order}",
            f"SELECT {order}, size FROM {removed} WHERE {where} ORDER BY {order}",
            f"SELECT {order}, size FROM {parts} INDEXED BY {parts}_fresh WHERE {where} AND fresh = 1 ORDER BY {order}")


class _Items:
    """Writes the changed nodes or links (kind): an item's head and tail from its row, its list of
    mentions or evidence from its rows: the runs of those the previous file has are copied from there,
    the others (fresh) written. Where each run lies in the previous file follows from the sizes of the
    rows before it there: those still in the store and those taken out (removed_mentions /
    removed_evidence), summed by SQLite; only the rows added or taken out reach Python."""

    ROW = {"node": "SELECT head, tail FROM nodes WHERE id=?1",
           "link": "SELECT head, tail FROM links WHERE source=?1 AND target=?2 AND type=?3"}
    PARTS = {kind: _parts_sql(*a) for kind, a in _PARTS.items()}
    TEXT = {"node": "SELECT ms FROM node_mentions WHERE id=? AND rank=?",
            "link": "SELECT ev FROM link_evidence WHERE source=? AND target=? AND type=? AND day=? AND doc=?"}

    def __init__(self, db: sqlite3.Connection, kind: str):
        self.db, self.kind = db, kind

    def write(self, out: _Copier, key: tuple, old_at: int | None, old_head: int | None) -> None:
        """The item `key`, which is at old_at in the previous file (None: not there) with old_head bytes
        before its list (None: it was whole)."""
        head, tail = self.db.execute(self.ROW[self.kind], key).fetchone()
        if tail is None or old_at is None or old_head is None:
            items = graphindex.node_items(self.db, key) if self.kind == "node" else graphindex.link_items(
                self.db, "source=? AND target=? AND type=?", key)
            out.write(next(items)[1])
            return
        events, total = self._events(key)
        base = old_at + old_head + len(LIST_OPEN)  # where the previous file's first row starts
        out.write(head)
        first = True
        resume = 0  # where the next run of rows still there starts (relative to base)
        for what, size, at, *part in [*events, (None, 0, total)]:
            if at > resume:  # the previous file's rows [resume, at) are still there, in a run
                out.copy_item(LIST_OPEN if first else LIST_SEP, base + resume, at - len(LIST_SEP) - resume,
                              LIST_OPEN if resume == 0 else LIST_SEP, LIST_SEP)
                first = False
            if what == 1:
                [(text,)] = self.db.execute(self.TEXT[self.kind], (*key, *part)).fetchall()
                out.write((LIST_OPEN if first else LIST_SEP) + text)
                first = False
                resume = max(resume, at)
            elif what == 2:
                resume = at + size + len(LIST_SEP)
        out.write(NO_ITEMS if first else LIST_CLOSE)
        out.write(tail)

    def _events(self, key: tuple) -> tuple[list[tuple], int]:
        """The rows added (what 1) and taken out (2) since the previous file, in key order: (what, size,
        where it is, or goes, among the previous file's rows (each with a separator after it), *its key);
        and the previous file's rows' bytes in all."""
        kept_sql, removed_sql, fresh_sql = self.PARTS[self.kind]
        removed = self.db.execute(removed_sql, key).fetchall()
        old = self.db.execute(kept_sql, key).fetchall()
        if removed:
            old = sorted(old + removed)  # (two runs in key order: merged in one pass)
        starts = [0, *accumulate(r[-1] + len(LIST_SEP) for r in old)]  # where each row starts; all rows' bytes
        events = [(what, r[-1], starts[bisect_left(old, (*r[:-1], -1))], *r[:-1])
                  for what, rows in ((2, removed), (1, self.db.execute(fresh_sql, key).fetchall())) for r in rows]
        return sorted(events, key=lambda e: e[3:]), starts[-1]


class _Copier:
    """Writes to a file descriptor what it is given and runs of the previous file's bytes (src), copied
    by the kernel where it can (os.copy_file_range), else read and written."""

    def __init__(self, src: int, dst: int):
        self.src, self.dst = src, dst
        self.pos = 0  # bytes written so far
        self._buf: list[bytes] = []
        self._span: list[int] | None = None  # [start, end) of the previous file still to copy

    def check(self, ok: bool) -> None:
        if not ok:
            raise LayoutMismatch("the previous graph.json is not laid out as the store says")

    def write(self, b: bytes) -> None:
        self._copy()
        self._buf.append(b)
        self.pos += len(b)
        if len(self._buf) > 256:
            self._write()

    def copy_item(self, sep: bytes, start: int, size: int, old_sep: bytes, run_sep: bytes) -> None:
        """sep, then the previous file's item at [start, start + size), which old_sep precedes there (a run
        of items follows each other in both files with run_sep between them: copied in one go)."""
        span = self._span
        if span is not None and sep == run_sep and span[1] + len(run_sep) == start:
            span[1] = start + size  # the next item of a run, the separator between them with it
            self.pos += len(run_sep) + size
            return
        self.check(os.pread(self.src, len(old_sep), start - len(old_sep)) == old_sep)
        self.write(sep)
        self._span = [start, start + size]
        self.pos += size

    def flush(self) -> None:
        self._copy()
        self._write()

    def _write(self) -> None:
        data = b"".join(self._buf)
        self._buf = []
        view = memoryview(data)
        while view:
            view = view[os.write(self.dst, view):]

    def _copy(self) -> None:
        if self._span is None:
            return
        self._write()
        start, end = self._span
        self._span = None
        while start < end:
            n = _copy_range(self.src, self.dst, start, end - start)
            self.check(n > 0)
            start += n


def _copy_range(src: int, dst: int, offset: int, count: int) -> int:
    """Copy up to count bytes of src at offset to dst's position; -> how many."""
    try:
        return os.copy_file_range(src, dst, count, offset)
    except (AttributeError, OSError):  # not on this system or file system: read and write
        data = os.pread(src, min(count, 1 << 20), offset)
        view = memoryview(data)
        while view:
            view = view[os.write(dst, view):]
        return len(data)
