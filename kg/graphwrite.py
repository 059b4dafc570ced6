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
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from kg import graphindex
from kg.graphjson import (
    END,
    ITEMS_CLOSE,
    ITEMS_OPEN,
    ITEMS_SEP,
    MID,
    NO_ITEMS,
    atomic_file,
    graph_prefix,
    write_node_link,
)

COPY = object()  # an item copied from the previous graph.json


class LayoutMismatch(Exception):
    """The previous graph.json is not laid out as the store says: write the file whole."""


def note_changed(db: sqlite3.Connection, kind: str, keys: Iterable[tuple[Any, int | None]]) -> None:
    """Note that these items (kind "node": ids, "link": (source, target, type)) are changed, each with
    its size in the graph.json last written (None: not in it). Inside the re-build's transaction."""
    db.executemany("INSERT OR IGNORE INTO changed VALUES (?, ?, ?)",
                   [(kind, k if kind == "node" else json.dumps(k, ensure_ascii=False), size) for k, size in keys])


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
        db.execute("DELETE FROM changed")
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
    changed: dict[str, dict[tuple, int | None]] = {"node": {}, "link": {}}
    for kind, key, size in db.execute("SELECT kind, key, size FROM changed"):
        changed[kind][(key,) if kind == "node" else tuple(json.loads(key))] = size
    sizes: dict[str, list[tuple]] = {"nodes": [], "links": []}
    src = os.open(graph, os.O_RDONLY)
    try:
        old_end = os.fstat(src).st_size
        with atomic_file(graph) as f:
            out = _Copier(src, f.fileno())
            out.write(graph_prefix(graphindex.graph_attrs(db)))
            at = out.pos
            rows = db.execute("SELECT source, target, type, size FROM links ORDER BY source, target, type")
            end = _write_list(out, links_at, _merged(rows, changed["link"], lambda k: next(graphindex.link_items(
                db, "source=? AND target=? AND type=?", k))[1]), sizes["links"])
            out.check(end + len(MID) == nodes_at)
            out.write(MID)
            at = (at, out.pos)
            rows = db.execute("SELECT id, size FROM nodes ORDER BY id")
            end = _write_list(out, nodes_at, _merged(rows, changed["node"], lambda k: next(graphindex.node_items(
                db, k))[1]), sizes["nodes"])
            out.check(end + len(END) == old_end)
            out.write(END)
            out.flush()
    finally:
        os.close(src)
    return at, sizes


def _merged(rows: Iterable[tuple], changed: dict[tuple, int | None], render) -> Iterator[tuple]:
    """(key, size in the previous file or None, COPY / the item's bytes / None: gone) of the items now
    (rows: (*key, size) in key order) and of the changed ones gone, in key order."""
    ch = sorted(changed)
    i = 0
    for row in rows:
        key, size = row[:-1], row[-1]
        while i < len(ch) and ch[i] < key:
            yield ch[i], changed[ch[i]], None
            i += 1
        if i < len(ch) and ch[i] == key:
            i += 1
            yield key, changed[key], render(key)
        elif size is None:
            raise LayoutMismatch("an unchanged item of unknown size")
        else:
            yield key, size, COPY
    for k in ch[i:]:
        yield k, changed[k], None


def _write_list(out: _Copier, old_at: int, entries: Iterable[tuple], sizes: list[tuple]) -> int:
    """A list of graph.json (links, nodes) from its entries (_merged), the previous file's list at
    old_at; the sizes of the items written afresh appended to sizes; -> where the previous list ended."""
    old_pos = old_at + len(ITEMS_OPEN)  # where the next item of the previous list starts
    first_old, first = True, True
    for key, old_size, new in entries:
        if new is not None:
            sep = ITEMS_OPEN if first else ITEMS_SEP
            if new is COPY:
                out.copy_item(sep, old_pos, old_size, ITEMS_OPEN if first_old else ITEMS_SEP)
            else:
                out.write(sep + new)
                sizes.append((len(new), *key))
            first = False
        if old_size is not None:
            old_pos += old_size + len(ITEMS_SEP)
            first_old = False
    out.write(NO_ITEMS if first else ITEMS_CLOSE)
    return old_at + len(NO_ITEMS) if first_old else old_pos - len(ITEMS_SEP) + len(ITEMS_CLOSE)


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

    def copy_item(self, sep: bytes, start: int, size: int, old_sep: bytes) -> None:
        """sep, then the previous file's item at [start, start + size), which old_sep precedes there."""
        span = self._span
        if span is not None and sep == ITEMS_SEP and span[1] + len(ITEMS_SEP) == start:
            span[1] = start + size  # the next item of a run, the separator between them with it
        else:
            self.check(os.pread(self.src, len(old_sep), start - len(old_sep)) == old_sep)
            self.write(sep)
            self._span = [start, start + size]
        self.pos += size + (len(ITEMS_SEP) if span is self._span else 0)

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
