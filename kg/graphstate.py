"""The merged graph kept between builds, so that a re-build reads and writes only what changed.

A full `kg build` writes, beside graph.json, into OUT/.kg-cache:

- `graph.state`: every node's and link's merge record (GraphMerger.node_record / edge_record: which
  documents name it, their names and attributes for it, their mentions or evidence), marshal, one after
  the other in graph.json's order. A re-build appends the records it changed and leaves the others where
  they are (the index says where each item's record is); once the records no longer used outweigh the
  live ones (MAX_GARBAGE), the update writes the file afresh, compact and in graph.json's order again;
- `graph.index`: the documents of the build (rank, id, cache key, record, bytes, counts, warnings,
  error), every item's id and type and where it is in graph.json and in graph.state, and the size,
  mtime and inode of both files (a graph.json edited or replaced since is noticed: full merge).

A re-build whose documents are mostly those of the index (same cache keys, so same content and same
extractor) then does not read the unchanged documents' cache entries at all. It merges only the new or
changed documents (`added`), and for the documents gone or changed (`removed`) it reads their old cache
entries just to learn which items they touched. Each touched item's record is loaded from graph.state,
the removed documents are taken out of it, the added ones folded in, and the item is rendered again;
every other item's bytes are copied from the old graph.json (copy_file_range: no parsing, no Python
objects), and its record stays where it is in graph.state. The result is byte-identical to a full merge (tests check this on random
edits): every order-dependent choice of the merge is decided by rank, and an unchanged document keeps
its rank, so its contributions never need rewriting. Ranks are spaced (GAP) so that documents added
between two others get ranks between theirs; when there is no room, or duplicate document ids, or too
much changed (FULL_MERGE_FRACTION), the build simply merges everything as before.
"""

from __future__ import annotations

import marshal
import mmap
import os
import tempfile
from array import array
from bisect import bisect_left
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kg.buildcache import seal, unseal
from kg.graph import _MID, GraphMerger, _encode, _item_pieces, _NoState, _Unsupported
from kg.jsonio import atomic_write_bytes, map_readonly, publish

STATE_NAME = "graph.state"
INDEX_NAME = "graph.index"
INDEX_VERSION = 2
_MAGIC = b"KGIX"
GAP = 1 << 20  # rank of the i-th document of a full build: i * GAP
# More changed documents than this fraction of the corpus: a full merge (reading every cached entry)
# costs about what the touched records would, and is simpler.
FULL_MERGE_FRACTION = 0.25
# graph.state is written afresh (compact) when its bytes no longer used exceed this times the live ones
MAX_GARBAGE = 1.0

# a document of the index: (rank, doc id, cache key, document record or None (no digest), bytes,
# [articles, sentences, characters], warnings, error)
DocRec = tuple


def _sig(path: Path) -> tuple[int, int, int] | None:
    try:
        st = path.stat()
    except OSError:
        return None
    return (st.st_size, st.st_mtime_ns, st.st_ino)


@dataclass
class Index:
    docs: list[DocRec]
    node_ids: list[str]
    node_types: list[str]
    nodes: array  # (start, end) in graph.json per node
    nodes_state: array  # (start, end) in graph.state per node
    link_keys: list[tuple[str, str, str]]
    links: array
    links_state: array
    state_size: int = 0  # graph.state's size
    state_live: int = 0  # the bytes of it that hold a current record


def index_path(cache_root: Path) -> Path:
    return Path(cache_root) / INDEX_NAME


def state_path(cache_root: Path) -> Path:
    return Path(cache_root) / STATE_NAME


def forget(cache_root: Path) -> None:
    """Invalidate the saved state (before graph.json is replaced)."""
    try:
        os.unlink(index_path(cache_root))
    except OSError:
        pass


def save(cache_root: Path, graph: Path, docs: list[DocRec], spans: dict[str, Any]) -> None:
    """Write graph.index for graph.json and graph.state as they now are (fsync'd: it vouches for them).
    spans["state_live"]: the bytes of graph.state that hold a current record (default: all of it, as a
    full build writes it). Never fails the build: the state only saves time."""
    ssig = _sig(state_path(cache_root))
    live = spans.get("state_live", ssig[0] if ssig else 0)
    data = seal(_MAGIC, {
        "v": INDEX_VERSION, "graph": _sig(graph), "state": ssig, "live": live, "docs": docs,
        "node_ids": spans["node_ids"], "node_types": spans["node_types"],
        "nodes": spans["nodes"].tobytes(), "nodes_state": spans["nodes_state"].tobytes(),
        "link_keys": spans["link_keys"], "links": spans["links"].tobytes(),
        "links_state": spans["links_state"].tobytes()})
    try:
        atomic_write_bytes(index_path(cache_root), data)
    except OSError:  # graph.json is written; without the index the next build merges everything
        forget(cache_root)


def load(cache_root: Path, graph: Path) -> Index | None:
    """The saved state, if it describes this graph.json and graph.state exactly; else None."""
    try:
        with open(index_path(cache_root), "rb") as f:
            data = f.read()
    except OSError:
        return None
    d = unseal(_MAGIC, data)
    if not isinstance(d, dict) or d.get("v") != INDEX_VERSION:
        return None
    if d["graph"] is None or tuple(d["graph"]) != _sig(graph):
        return None
    if d["state"] is None or tuple(d["state"]) != _sig(state_path(cache_root)):
        return None
    ix = Index(d["docs"], d["node_ids"], d["node_types"], array("q", d["nodes"]), array("q", d["nodes_state"]),
               [tuple(k) for k in d["link_keys"]], array("q", d["links"]), array("q", d["links_state"]),
               d["state"][0], d["live"])
    if not (len(ix.nodes) == len(ix.nodes_state) == 2 * len(ix.node_ids) == 2 * len(ix.node_types)
            and len(ix.links) == len(ix.links_state) == 2 * len(ix.link_keys)):
        return None
    return ix


@dataclass
class Plan:
    """How this build's documents relate to the saved state's."""

    prev: Index
    order: dict[int, int]  # this build's rank -> rank in the merge (kept documents keep theirs)
    kept: dict[int, DocRec]  # this build's rank -> its record in the index
    added: list[int]  # this build's ranks whose digests are merged
    removed: list[DocRec]  # index documents no longer there (or changed)
    entries: dict[int, dict[str, Any]] = field(default_factory=dict)  # added rank -> its cache entry
    # after preload: a merger holding the saved records of the items the removed documents touched, and
    # those items (node ids, link keys)
    loaded: tuple[GraphMerger, set[str], set[tuple[str, str, str]]] | None = None


def plan(prev: Index, ranked: list[tuple[int, str, str]], cached: set[int], has_entry) -> Plan | None:
    """ranked: this build's (rank, doc id, cache key) in rank order; cached: the ranks whose entry is
    in the cache; has_entry(key): whether a cache entry exists. None: merge everything instead."""
    ids = [d for _, d, _ in ranked]
    if len(set(ids)) != len(ids) or len({r[1] for r in prev.docs}) != len(prev.docs):
        return None  # one document id twice: its mentions are merged per id, not per document
    by_key = {r[2]: r for r in prev.docs}
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
    removed = [rec for rec in prev.docs if rec[2] not in kept_keys]
    added = [rank for rank, _, _ in ranked if rank not in kept]
    # (a changed document is both removed and added)
    if len(added) + len(removed) > max(4, 2 * FULL_MERGE_FRACTION * max(len(ranked), len(prev.docs))):
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
    return Plan(prev, order, kept, added, removed)


_SHORT_COPY = 1 << 16


@contextmanager
def _mapped(f) -> Iterator[mmap.mmap | None]:
    """map_readonly(f) for the with-block (None where it cannot be mapped), unmapped after it."""
    mm = map_readonly(f)
    if mm is None:
        yield None
        return
    with mm:
        yield mm


_WRITEBACK_STEP = 2 << 20
WRITEBACK = True


class _Out:
    """Buffered writes and in-kernel copies to one file descriptor, counting bytes. writeback: hand what
    is written to the disk as it goes (every _WRITEBACK_STEP bytes), so that the fsync at the end waits
    only for the last part rather than for the whole file."""

    def __init__(self, fd: int, writeback: bool = False):
        self.fd, self.pos = fd, 0
        self._buf: list[bytes] = []
        self._n = 0
        self._handed = 0 if writeback and WRITEBACK and hasattr(os, "posix_fadvise") else None

    def _writeback(self) -> None:
        # POSIX_FADV_DONTNEED starts the writeback of the range's dirty pages and leaves them cached
        if self._handed is not None and self.pos - self._handed >= _WRITEBACK_STEP:
            try:
                os.posix_fadvise(self.fd, self._handed, self.pos - self._handed, os.POSIX_FADV_DONTNEED)
            except OSError:
                self._handed = None
                return
            self._handed = self.pos

    def write(self, b: bytes) -> None:
        self._buf.append(b)
        self._n += len(b)
        self.pos += len(b)
        if self._n >= 1 << 20:
            self.flush()

    def flush(self) -> None:
        if self._buf:
            view = memoryview(b"".join(self._buf))
            self._buf.clear()
            self._n = 0
            while view:
                view = view[os.write(self.fd, view):]
            self._writeback()

    def copy(self, src: int, start: int, end: int, view: mmap.mmap | None = None) -> None:
        """src's bytes [start, end). view: src mapped in memory, for short runs (a re-build of a few
        documents copies hundreds of runs between the items it re-renders: a system call or two each
        cost more than the bytes)."""
        n = end - start
        if view is not None and n <= _SHORT_COPY and end <= len(view):
            self.write(view[start:end])
            return
        self.flush()
        self.pos += n
        while n > 0:
            try:
                k = os.copy_file_range(src, self.fd, n, start)
            except (AttributeError, OSError):
                k = 0
            if k <= 0:  # not supported here (or a short source): read and write
                data = os.pread(src, min(n, 1 << 22), start)
                if not data:
                    raise OSError("graph state shorter than its index says")
                self.write(data)
                self.pos -= len(data)
                self.flush()
                k = len(data)
            start += k
            n -= k
        self._writeback()


def _touched_by(dg: dict[str, Any], nodes: set[str], links: set[tuple[str, str, str]]) -> None:
    nids = [e[0] for e in dg["nodes"]]
    nodes.update(nids)
    links.update((nids[e[0]], nids[e[1]], e[2]) for e in dg["edges"])


def _find(sorted_keys: list, k: Any) -> int | None:
    i = bisect_left(sorted_keys, k)
    return i if i < len(sorted_keys) and sorted_keys[i] == k else None


def counts_of(node_types: list[str], link_keys: list[tuple[str, str, str]]) -> dict[str, dict[str, int]]:
    """{"nodes_by_type", "links_by_type"}, sorted by type, from the items graph.json has."""
    nt, lt = Counter(node_types), Counter(k[2] for k in link_keys)
    return {"nodes_by_type": dict(sorted(nt.items())), "links_by_type": dict(sorted(lt.items()))}


def _load_records(prev: Index, root: Path, m: GraphMerger, nodes: set[str],
                  links: set[tuple[str, str, str]]) -> bool:
    """The saved records of these items (those the state has) into m; False if graph.state is unreadable."""
    with open(state_path(root), "rb") as sf:
        sfd = sf.fileno()

        def rec_at(spans: array, i: int) -> Any:
            a, b = spans[2 * i], spans[2 * i + 1]
            return marshal.loads(os.pread(sfd, b - a, a))

        try:
            for nid in nodes:
                i = _find(prev.node_ids, nid)
                if i is not None:
                    m.load_node(nid, rec_at(prev.nodes_state, i))
            for k in links:
                i = _find(prev.link_keys, k)
                if i is not None:
                    m.load_edge(k, rec_at(prev.links_state, i))
        except (ValueError, EOFError, TypeError, OSError):
            return False
    return True


def preload(p: Plan, cache) -> bool:
    """Read what the removed (and changed) documents touched and load those items' saved records (p.loaded):
    the part of :func:`update` that does not need the new results, done while the workers extract them.
    False if it cannot (a removed document's entry or graph.state is unreadable)."""
    if p.loaded is not None:
        return True
    nodes: set[str] = set()
    links: set[tuple[str, str, str]] = set()
    for rec in p.removed:
        if rec[3] is None:
            continue
        entry = cache.get(rec[2])
        dg = entry and entry.get("digest")
        if not dg:
            return False
        _touched_by(dg, nodes, links)
    m = GraphMerger()
    if not _load_records(p.prev, Path(cache.root), m, nodes, links):
        return False
    p.loaded = (m, nodes, links)
    return True


def update(p: Plan, added: GraphMerger, docs: list[DocRec], cache, graph: Path) -> dict[str, Any] | None:
    """Write graph.json and graph.state for the saved state minus p.removed plus the digests merged
    into `added` (ranks from p.order), and the new index. Returns the item counts by type
    {"nodes_by_type", "links_by_type"}, or None when it cannot (a removed document's entry is unreadable,
    a value the writer cannot format): the caller then merges everything."""
    if not preload(p, cache):
        return None
    m, nodes, links = p.loaded
    p.loaded = None  # m is about to change: a second update must start over
    new_nodes = set(added.node_ids()) - nodes
    new_links = set(added.edge_keys()) - links
    root = Path(cache.root)
    if not _load_records(p.prev, root, m, new_nodes, new_links):
        return None
    nodes |= new_nodes
    links |= new_links
    m.remove_ranks({rec[0] for rec in p.removed}, nodes, links)
    m.set_documents((rec[0], rec[1], rec[3]) for rec in docs)  # after: an added document may reuse a rank
    for nid in added.node_ids():
        m.load_node(nid, added.node_record(nid))
    for k in added.edge_keys():
        m.load_edge(k, added.edge_record(k))
    try:
        return _write(p, m, nodes, links, docs, root, graph)
    except (_Unsupported, _NoState, ValueError):
        return None


def _write(p: Plan, m: GraphMerger, tnodes: set[str], tlinks: set, docs: list[DocRec], root: Path,
           graph: Path) -> dict[str, Any]:
    """graph.json written afresh (untouched items' bytes copied); the touched items' records appended to
    graph.state, or, when too much of it is garbage, graph.state written afresh too (compact)."""
    prev = p.prev
    spath = state_path(root)
    forget(root)
    compact = prev.state_size - prev.state_live > MAX_GARBAGE * prev.state_live
    gfd, gtmp = tempfile.mkstemp(prefix=".graph.json.", suffix=".tmp", dir=graph.parent)
    temps = [gtmp]
    sfd = -1
    spans: dict[str, Any] = {}
    try:
        if compact:
            sfd, stmp = tempfile.mkstemp(prefix=f".{STATE_NAME}.", suffix=".tmp", dir=root)
            temps.append(stmp)
        else:
            try:
                sfd = os.open(spath, os.O_WRONLY)
            except OSError:
                raise _NoState from None
        with open(graph, "rb") as og, open(spath, "rb") as os_, _mapped(og) as gview, \
                (_mapped(os_) if compact else nullcontext()) as sview:
            g, s = _Out(gfd, writeback=True), _Out(sfd, writeback=compact)
            if not compact:
                s.pos = os.lseek(sfd, 0, os.SEEK_END)
                if s.pos != prev.state_size:
                    raise _NoState  # changed since the index was read
            live = prev.state_live
            g.write(('{\n "directed": true,\n "graph": ' + _encode(m.graph_attrs(), 1) + ',\n "links": ')
                    .encode("utf-8"))

            def copy_records(old_state: array, i: int, j: int, out: array) -> None:
                """The records of the untouched items i..j-1: where they are (appending), or copied into
                the new file in the contiguous pieces they are in (compacting)."""
                if not compact:
                    out.extend(old_state[2 * i:2 * j])
                    return
                k = i
                while k < j:
                    e = k + 1
                    while e < j and old_state[2 * e] == old_state[2 * e - 1]:
                        e += 1
                    ra = old_state[2 * k]
                    d = s.pos - ra
                    s.copy(os_.fileno(), ra, old_state[2 * e - 1], sview)
                    out.extend([x + d for x in old_state[2 * k:2 * e]])
                    k = e

            def merge_list(old_keys: list, old_spans: array, old_state: array, touched: set, present,
                           render, record, old_types: list | None) -> tuple[array, array, list, list]:
                nonlocal live
                new_keys: list = []
                new_types: list = []
                gs, ss = array("q"), array("q")
                t_sorted = sorted(touched)
                ti = 0
                i = 0
                n_old = len(old_keys)
                first = True

                def sep() -> None:
                    nonlocal first
                    g.write(b"[\n  " if first else b",\n  ")
                    first = False

                while i < n_old or ti < len(t_sorted):
                    nxt_t = t_sorted[ti] if ti < len(t_sorted) else None
                    if i < n_old and (nxt_t is None or old_keys[i] < nxt_t):
                        # a run of untouched items: copied
                        j = i
                        while j < n_old and (nxt_t is None or old_keys[j] < nxt_t):
                            j += 1
                        sep()
                        a, b = old_spans[2 * i], old_spans[2 * j - 1]
                        dg = g.pos - a
                        g.copy(og.fileno(), a, b, gview)
                        gs.extend([x + dg for x in old_spans[2 * i:2 * j]])
                        copy_records(old_state, i, j, ss)
                        new_keys.extend(old_keys[i:j])
                        new_types.extend(old_types[i:j] if old_types is not None else [None] * (j - i))
                        i = j
                        continue
                    if i < n_old and old_keys[i] == nxt_t:
                        # the old bytes of a touched item: replaced (or dropped)
                        live -= old_state[2 * i + 1] - old_state[2 * i]
                        i += 1
                    ti += 1
                    if not present(nxt_t):
                        continue
                    sep()
                    gs.append(g.pos)
                    item = render(nxt_t)
                    for piece in _item_pieces(item):
                        g.write(piece)
                    gs.append(g.pos)
                    try:
                        data = marshal.dumps(record(nxt_t))
                    except ValueError:
                        raise _NoState from None
                    ss.append(s.pos)
                    s.write(data)
                    ss.append(s.pos)
                    live += len(data)
                    new_keys.append(nxt_t)
                    new_types.append(item["type"])
                g.write(b"[]" if first else b"\n ]")
                return gs, ss, new_keys, new_types

            key = m._group_key()
            lg, ls, lkeys, _ = merge_list(
                prev.link_keys, prev.links, prev.links_state, tlinks, lambda k: k in m._edges,
                lambda k: {"source": k[0], "target": k[1], "key": k[2], **m._link(k, True)},
                m.edge_record, None)
            g.write(_MID)
            ng, ns, nids, ntypes = merge_list(
                prev.node_ids, prev.nodes, prev.nodes_state, tnodes, lambda n: n in m._nodes,
                lambda n: {"id": n, **m._node(n, key, True)}, m.node_record, prev.node_types)
            g.write(b"\n}\n")
            g.flush()
            s.flush()
            if compact:
                live = s.pos
        os.fsync(sfd)
        os.fsync(gfd)
        os.close(sfd)
        os.close(gfd)
        sfd = gfd = -1
        if compact:
            publish(stmp, spath)
            temps.remove(stmp)
        publish(gtmp, graph)
        temps.remove(gtmp)
        spans = {"links": lg, "links_state": ls, "nodes": ng, "nodes_state": ns, "node_ids": nids,
                 "node_types": ntypes, "link_keys": lkeys, "state_live": live}
        save(root, graph, docs, spans)
    finally:
        for fd in (gfd, sfd):
            if fd >= 0:
                os.close(fd)
        for t in temps:
            try:
                os.unlink(t)
            except OSError:
                pass
    return counts_of(ntypes, lkeys)
