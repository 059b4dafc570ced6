"""OUT/graph.db: the merged graph in SQLite, beside graph.json: what a re-build updates and what
`kg show` (and any command that needs a few entities) reads instead of the whole graph.json.

Tables (schema version SCHEMA, in ``PRAGMA user_version``):

- ``nodes(id, type, name, aliases, attrs, mentions, head, tail, record)``: one row per node. Its bytes in
  graph.json are ``head`` + its mentions list (joined from ``node_mentions``, kg.graphjson.joined_list)
  + ``tail``; a node whose mentions are not all rendered text has ``tail`` NULL and ``head`` its whole
  bytes. ``aliases`` a JSON list, ``attrs`` the region attributes (JSON), ``mentions`` their number;
  ``record`` the merge's record of the node without its mentions (GraphMerger.node_record, as JSON):
  which documents name it and how, so that a re-build can take a document out and fold a new one in.
  Indexed by name.
- ``node_mentions(id, rank, ms, n, odd)``: one row per node and document mentioning it: the document's
  rank, its mentions of the node as graph.json has them (UTF-8; ``odd``: a JSON list instead) and how many.
  A re-build deletes the rows of the documents taken out and adds those of the documents folded in: it
  never reads or rewrites a much-mentioned node's other documents' mentions.
- ``aliases(alias, id)``: indexed by alias.
- ``links(source, target, type, evidence, head, tail, record)``: one row per link, keyed by its ends and
  type, indexed by target; ``evidence``: how many sentences support it. Its bytes in graph.json are
  ``head`` + its evidence list (joined from ``link_evidence``) + ``tail`` (``tail`` NULL: ``head`` is its
  whole bytes); ``record``: the merge's record of the link without its evidence (kg.linkrows).
- ``link_evidence(source, target, type, day, doc, rank, n, amounts, odd, ev)``: one row per link, date
  and document: the document's evidence sentences of that date for the link as graph.json has them
  (UTF-8), how many, their amounts (a JSON list, or NULL); keyed so that a link's rows are in graph.json's
  order, indexed by rank (a re-build deletes a document's rows in one statement).
- ``docs(rank, doc, key, meta, bytes, counts, warnings, error)``: the documents of the build (their rank
  in the merge, cache key, document record, stats) — what the next build compares its documents with.
- ``meta(k, v)``: ``graph`` = (size, mtime, inode) of the graph.json written from this store: a reader
  uses the store only while graph.json is that file (a graph.json edited, replaced or curated differently
  is read whole instead).

graph.json is written from the store (:func:`write_graph_json`): the items' bytes in key order, so the
file is the same bytes whether the store was filled by a full merge or updated by a re-build.

Evidence: graph.json's links carry every supporting sentence (the exchange file stays complete for
`kg eval` and the exports); the store holds the same, so a reader that needs one entity's links reads
only those rows (:func:`link_items`).
"""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Iterable, Iterator
from itertools import groupby
from operator import itemgetter
from pathlib import Path
from typing import Any

from kg.graphjson import joined_list, write_node_link

INDEX_NAME = "graph.db"
SCHEMA = 3  # 3: link evidence in rows of its own (link_evidence)

_TABLES = """
CREATE TABLE meta (k TEXT PRIMARY KEY, v TEXT);
CREATE TABLE docs (rank INTEGER PRIMARY KEY, doc TEXT, key TEXT, meta TEXT, bytes INTEGER, counts TEXT,
                   warnings TEXT, error TEXT);
CREATE TABLE nodes (id TEXT PRIMARY KEY, type TEXT, name TEXT, aliases TEXT, attrs TEXT, mentions INTEGER,
                    head BLOB, tail BLOB, record TEXT) WITHOUT ROWID;
CREATE INDEX nodes_name ON nodes(name);
CREATE TABLE node_mentions (id TEXT, rank INTEGER, ms BLOB, n INTEGER, odd INTEGER,
                            PRIMARY KEY (id, rank)) WITHOUT ROWID;
CREATE INDEX node_mentions_odd ON node_mentions(id) WHERE odd = 1;
CREATE TABLE aliases (alias TEXT, id TEXT);
CREATE INDEX aliases_alias ON aliases(alias);
CREATE INDEX aliases_id ON aliases(id);
CREATE TABLE links (source TEXT, target TEXT, type TEXT, evidence INTEGER, head BLOB, tail BLOB, record TEXT,
                    PRIMARY KEY (source, target, type)) WITHOUT ROWID;
CREATE INDEX links_target ON links(target);
CREATE TABLE link_evidence (source TEXT, target TEXT, type TEXT, day TEXT, doc TEXT, rank INTEGER, n INTEGER,
                            amounts TEXT, odd INTEGER, ev BLOB,
                            PRIMARY KEY (source, target, type, day, doc)) WITHOUT ROWID;
CREATE INDEX link_evidence_rank ON link_evidence(rank);
CREATE INDEX link_evidence_amounts ON link_evidence(source, target, type, day, doc, amounts)
    WHERE amounts IS NOT NULL;
CREATE INDEX link_evidence_odd ON link_evidence(source, target, type) WHERE odd = 1;
"""


class IndexUnusable(Exception):
    """The store cannot be read (corrupt, another schema version, not a file)."""


def index_path(out: str | os.PathLike) -> Path:
    return Path(out) / INDEX_NAME


def file_sig(path: Path) -> list[int] | None:
    try:
        st = path.stat()
    except OSError:
        return None
    return [st.st_size, st.st_mtime_ns, st.st_ino]


def connect(path: Path, create: bool = False) -> sqlite3.Connection:
    """The store at path; raises IndexUnusable for one kg cannot read (create: an empty one is made
    where there is none)."""
    if not create and not path.is_file():
        raise IndexUnusable(f"{path} does not exist")
    if path.exists() and not path.is_file():
        raise IndexUnusable(f"{path} is not a file")
    try:
        uri = path.resolve().as_uri() + ("" if create else "?mode=ro")
        db = sqlite3.connect(uri, uri=True, isolation_level=None, check_same_thread=False)
    except sqlite3.Error as e:
        raise IndexUnusable(f"{path}: {e}") from None
    try:
        version = db.execute("PRAGMA user_version").fetchone()[0]
        if version == 0 and create:
            if db.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]:
                raise IndexUnusable(f"{path} is not a kg graph store")
            db.executescript(_TABLES + f"PRAGMA user_version={SCHEMA};")
        elif version != SCHEMA:
            raise IndexUnusable(f"{path} has schema version {version}, this kg reads {SCHEMA}")
        db.execute("SELECT count(*) FROM nodes").fetchone()
    except sqlite3.Error as e:
        db.close()
        raise IndexUnusable(f"{path}: {e}") from None
    except IndexUnusable:
        db.close()
        raise
    return db


def remove(path: Path) -> None:
    for suffix in ("", "-wal", "-shm", "-journal"):
        p = Path(f"{path}{suffix}")
        try:
            if p.is_dir() and not p.is_symlink():
                import shutil

                shutil.rmtree(p)
            else:
                p.unlink()
        except OSError:
            pass


def get_meta(db: sqlite3.Connection, k: str) -> Any:
    row = db.execute("SELECT v FROM meta WHERE k=?", (k,)).fetchone()
    return json.loads(row[0]) if row else None


def set_meta(db: sqlite3.Connection, k: str, v: Any) -> None:
    db.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (k, json.dumps(v)))


# ---------------------------------------------------------------------------------------- graph.json


def graph_attrs(db: sqlite3.Connection) -> dict[str, Any]:
    """graph.json's "graph": the generator and every document's record (as GraphMerger.graph_attrs)."""
    from kg.merge import GraphMerger

    m = GraphMerger()
    m.set_documents((r, d, json.loads(meta) if meta else None)
                    for r, d, meta in db.execute("SELECT rank, doc, meta FROM docs ORDER BY rank"))
    return m.graph_attrs()


def write_graph_json(db: sqlite3.Connection, graph: Path) -> None:
    """graph.json from the store (atomically), and the store marked as describing it."""
    write_node_link(graph, graph_attrs(db), (b for _, b in link_items(db)), (b for _, b in node_items(db)))
    set_meta(db, "graph", file_sig(graph))


def _joined(items: Iterable[tuple], parts: Iterable[tuple], width: int) -> Iterator[tuple[tuple, bytes]]:
    """(key, bytes in graph.json) of each item: head + its parts' texts as one list + tail. items: (*key,
    head, tail) rows, parts: (*key, text) rows, both in key order, the key their first `width` columns
    (tail NULL: head is the item's whole bytes). The parts are grouped by key in C (groupby), so that a
    part costs no Python-level step."""
    by = itemgetter(*range(width))  # (the key itself when it is one column)
    groups = groupby(parts, key=by)
    group = next(groups, None)
    for row in items:
        key, k = row[:width], by(row)
        while group is not None and group[0] < k:  # (parts of no item: none in a store kg wrote)
            group = next(groups, None)
        if group is not None and group[0] == k:
            texts = [p[width] for p in group[1]]
            group = next(groups, None)
        else:
            texts = []
        head, tail = row[width], row[width + 1]
        yield key, head if tail is None else b"".join((head, joined_list(texts), tail))


def node_items(db: sqlite3.Connection, ids: Iterable[str] | None = None) -> Iterator[tuple[str, bytes]]:
    """(id, the node's bytes in graph.json) of every node in id order, or of the given ids (those that
    exist) in the order given."""
    if ids is None:
        for (nid,), item in _joined(db.execute("SELECT id, head, tail FROM nodes ORDER BY id"),
                                    db.execute("SELECT id, ms FROM node_mentions ORDER BY id, rank"), 1):
            yield nid, item
        return
    for nid in ids:
        for row in db.execute("SELECT id, head, tail FROM nodes WHERE id=?", (nid,)).fetchall():
            yield nid, next(_joined([row], db.execute("SELECT id, ms FROM node_mentions WHERE id=? ORDER BY rank",
                                                      (nid,)), 1))[1]


def link_items(db: sqlite3.Connection, where: str = "", params: tuple = ()
               ) -> Iterator[tuple[tuple[str, str, str], bytes]]:
    """((source, target, type), the link's bytes in graph.json) of every link, or of those matching
    `where` (a condition on the links table, with its params), in key order."""
    if not where:
        yield from _joined(db.execute("SELECT source, target, type, head, tail FROM links ORDER BY source, target, type"),
                           db.execute("SELECT source, target, type, ev FROM link_evidence "
                                      "ORDER BY source, target, type, day, doc"), 3)
        return
    for row in db.execute(f"SELECT source, target, type, head, tail FROM links WHERE {where} "
                          "ORDER BY source, target, type", params).fetchall():
        yield next(_joined([row], db.execute("SELECT source, target, type, ev FROM link_evidence WHERE source=? "
                                             "AND target=? AND type=? ORDER BY day, doc", row[:3]), 3))


def counts(db: sqlite3.Connection) -> dict[str, dict[str, int]]:
    """{"nodes_by_type", "links_by_type"}, sorted by type."""
    return {"nodes_by_type": dict(db.execute("SELECT type, count(*) FROM nodes GROUP BY type ORDER BY type")),
            "links_by_type": dict(db.execute("SELECT type, count(*) FROM links GROUP BY type ORDER BY type"))}


# ---------------------------------------------------------------------------------------- reading


def open_for(graph: str | os.PathLike) -> sqlite3.Connection | None:
    """The store beside this graph.json if it describes that file exactly, else None (read graph.json)."""
    graph = Path(graph)
    if graph.is_dir():
        graph = graph / "graph.json"
    try:
        db = connect(graph.parent / INDEX_NAME)
    except IndexUnusable:
        return None
    try:
        sig = get_meta(db, "graph")
    except (sqlite3.Error, ValueError):
        sig = None
    if sig is None or sig != file_sig(graph):
        db.close()
        return None
    return db


def node(db: sqlite3.Connection, nid: str) -> dict[str, Any] | None:
    """A node without its mentions: id, type, name, aliases, region attributes, mentions (how many),
    documents (the documents mentioning it)."""
    row = db.execute("SELECT id, type, name, aliases, attrs, mentions FROM nodes WHERE id=?", (nid,)).fetchone()
    if row is None:
        return None
    nid, etype, name, aliases, attrs, n = row
    docs = [d for (d,) in db.execute("SELECT DISTINCT d.doc FROM node_mentions m JOIN docs d ON d.rank = m.rank "
                                     "WHERE m.id=? ORDER BY d.doc", (nid,))]
    return {"id": nid, "type": etype, "name": name, "aliases": json.loads(aliases), **json.loads(attrs),
            "mentions": n, "documents": docs}


def find_ids(db: sqlite3.Connection, name: str) -> tuple[str, list[str]]:
    """How `name` matches: ("id", [id]), ("name", ids), ("alias", ids), ("partial", ids) or ("", [])."""
    if db.execute("SELECT 1 FROM nodes WHERE id=?", (name,)).fetchone():
        return "id", [name]
    for how, sql in (("name", "SELECT id FROM nodes WHERE name=? ORDER BY id"),
                     ("alias", "SELECT DISTINCT id FROM aliases WHERE alias=? ORDER BY id")):
        ids = [i for (i,) in db.execute(sql, (name,))]
        if ids:
            return how, ids
    ids = [i for (i,) in db.execute("SELECT id FROM nodes WHERE instr(name, ?) > 0 ORDER BY id", (name,))]
    return ("partial", ids) if ids else ("", [])


def mention_counts(db: sqlite3.Connection, ids: Iterable[str]) -> dict[str, int]:
    return {i: n for i in ids for (n,) in db.execute("SELECT mentions FROM nodes WHERE id=?", (i,))}


def names(db: sqlite3.Connection, ids: Iterable[str]) -> dict[str, tuple[str, str]]:
    """id -> (name, type)."""
    return {i: (n, t) for i in ids for (n, t) in db.execute("SELECT name, type FROM nodes WHERE id=?", (i,))}


def links_of(db: sqlite3.Connection, nid: str, out_only: bool = False, in_only: bool = False
             ) -> Iterator[dict[str, Any]]:
    """The node's links, out then in (a self-loop in both), each as graph.json has it (source, target,
    key, type, evidence …)."""
    for end, wanted in (("source", not in_only), ("target", not out_only)):
        if wanted:
            for _, item in link_items(db, f"{end}=?", (nid,)):
                yield json.loads(item)


def subgraph(graph: str | os.PathLike, names_or_ids: Iterable[str], depth: int = 1):
    """The NetworkX MultiDiGraph of the given entities (names, aliases or ids) and everything within
    `depth` links of them, read from the store beside graph.json (only those rows) or, without a usable
    store, from graph.json itself. Nodes carry every attribute graph.json gives them (mentions included),
    links their evidence. Unknown names raise kg.errors.NotFoundError."""
    import networkx as nx

    from kg.errors import NotFoundError

    db = open_for(graph)
    if db is None:
        from kg.graph import read_graph
        from kg.show import find_entity

        g = read_graph(graph)
        seeds = {find_entity(g, n) for n in names_or_ids}
        keep = set(seeds)
        for _ in range(depth):
            keep |= {x for n in list(keep) for x in (*g.successors(n), *g.predecessors(n))}
        return g.subgraph(keep).copy()
    try:
        seeds = set()
        for n in names_or_ids:
            how, ids = find_ids(db, n)
            if not ids or (how == "partial" and len(ids) > 1):
                raise NotFoundError(f"no entity named '{n}'" if not ids else f"'{n}' is ambiguous")
            seeds.add(ids[0] if len(ids) == 1 else max(ids, key=lambda i: (mention_counts(db, [i])[i], i)))
        keep, frontier = set(seeds), set(seeds)
        for _ in range(depth):
            frontier = {x for nid in frontier for ln in links_of(db, nid)
                        for x in (ln["source"], ln["target"])} - keep
            keep |= frontier
        links = {(ln["source"], ln["target"], ln["key"]): ln for nid in keep
                 for ln in links_of(db, nid, out_only=True) if ln["target"] in keep}
        g = nx.MultiDiGraph()
        for _, item in node_items(db, sorted(keep)):
            d = json.loads(item)
            g.add_node(d.pop("id"), **d)
        for (s, t, k), ln in sorted(links.items()):
            if s in keep and t in keep:
                attrs = {a: v for a, v in ln.items() if a not in ("source", "target", "key")}
                g.add_edge(s, t, key=k, **attrs)
        return g
    finally:
        db.close()


def matching_ids(db: sqlite3.Connection, x: str, etype: str | None = None) -> list[str]:
    """Every node whose name, one of whose aliases, or whose id is exactly x (and whose type is etype, if
    given), sorted: the entities a named query means by x."""
    ids = {i for (i,) in db.execute("SELECT id FROM nodes WHERE id=? OR name=?", (x, x))}
    ids |= {i for (i,) in db.execute("SELECT id FROM aliases WHERE alias=?", (x,))}
    if etype is not None:
        ids = {i for i in ids for (t,) in db.execute("SELECT type FROM nodes WHERE id=?", (i,)) if t == etype}
    return sorted(ids)


def subgraph_below(graph: str | os.PathLike, roots: Iterable[tuple[str, str | None]], link_types: Iterable[str],
                   depth: int = 0, mentions: bool = False):
    """The NetworkX MultiDiGraph a query about some regions needs, read from the store beside graph.json
    (only those rows) or, without a usable store, from graph.json itself: the nodes matching each
    (name, alias or id; type or None) root (matching_ids), every node with a path of `link_types` links
    into one of them (what lies below a region: PART_OF, LOCATED_IN), the nodes `depth` further links
    away in either direction, and every link among those nodes with its evidence. Nodes carry their
    attributes without their mentions unless `mentions`. A query confined to those nodes (its sources
    and targets below the roots, or `depth` links from them) gives on it the rows it gives on the whole
    graph. Roots that match nothing add nothing."""
    import networkx as nx

    roots, link_types = list(roots), set(link_types)
    db = open_for(graph)
    if db is None:
        from kg.graph import read_graph

        return _subgraph_below_nx(read_graph(graph), roots, link_types, depth, mentions)
    try:
        seen = {i for x, t in roots for i in matching_ids(db, x, t)}
        if link_types:  # what lies below them, in one recursive query
            seen = {i for (i,) in db.execute(
                f"WITH RECURSIVE below(id) AS (SELECT value FROM json_each(?) UNION SELECT l.source FROM links l "
                f"JOIN below b ON l.target = b.id WHERE l.type IN ({','.join('?' * len(link_types))})) "
                "SELECT id FROM below", (json.dumps(sorted(seen)), *sorted(link_types)))}
        frontier = set(seen)
        for _ in range(depth):
            ids = json.dumps(sorted(frontier))
            frontier = {x for (x,) in db.execute(
                "SELECT target FROM links WHERE source IN (SELECT value FROM json_each(?1)) UNION "
                "SELECT source FROM links WHERE target IN (SELECT value FROM json_each(?1))", (ids,))} - seen
            seen |= frontier
        ids = json.dumps(sorted(seen))
        g = nx.MultiDiGraph()
        for _, item in node_items(db, sorted(seen)) if mentions else _nodes_without_mentions(db, ids):
            d = json.loads(item)
            g.add_node(d.pop("id"), **d)
        for _, item in link_items(db, "source IN (SELECT value FROM json_each(?1)) "
                                  "AND +target IN (SELECT value FROM json_each(?1))", (ids,)):
            d = json.loads(item)
            g.add_edge(d.pop("source"), d.pop("target"), key=d.pop("key"), **d)
        return g
    finally:
        db.close()


def links_subgraph(graph: str | os.PathLike, link_types: Iterable[str], mentions: bool = False):
    """The NetworkX MultiDiGraph of every link of the given types (top funders, top recipients) with the
    nodes at their ends (without their mentions unless `mentions`), read from the store beside graph.json
    (only those rows) or, without a usable store, from graph.json itself."""
    import networkx as nx

    link_types = sorted(set(link_types))
    db = open_for(graph)
    if db is None:
        from kg.graph import read_graph

        g = read_graph(graph)
        sub = g.edge_subgraph([(s, t, k) for s, t, k, d in g.edges(keys=True, data=True)
                               if d.get("type") in link_types]).copy()
        if not mentions:
            for n in sub.nodes:
                sub.nodes[n]["mentions"] = []
        return sub
    try:
        g = nx.MultiDiGraph()
        links = [json.loads(item) for t in link_types for _, item in link_items(db, "type=?", (t,))]
        ends = sorted({x for d in links for x in (d["source"], d["target"])})
        for _, item in node_items(db, ends) if mentions else _nodes_without_mentions(db, json.dumps(ends)):
            d = json.loads(item)
            g.add_node(d.pop("id"), **d)
        for d in links:
            g.add_edge(d.pop("source"), d.pop("target"), key=d.pop("key"), **d)
        return g
    finally:
        db.close()


def _nodes_without_mentions(db: sqlite3.Connection, ids: str) -> Iterator[tuple[str, bytes]]:
    """(id, the node's bytes with an empty mentions list) of the ids (a JSON list) in id order."""
    for nid, head, tail in db.execute("SELECT id, head, tail FROM nodes WHERE id IN "
                                      "(SELECT value FROM json_each(?)) ORDER BY id", (ids,)):
        if tail is not None:
            yield nid, b"".join((head, b"[]", tail))
        else:
            d = json.loads(head)
            d["mentions"] = []
            yield nid, json.dumps(d, ensure_ascii=False).encode("utf-8")


def _subgraph_below_nx(g, roots: list[tuple[str, str | None]], link_types: set[str], depth: int, mentions: bool):
    """subgraph_below of a NetworkX graph (graph.json read whole)."""
    seen = {n for x, t in roots for n, d in g.nodes(data=True)
            if (t is None or d.get("type") == t) and (d.get("name") == x or x in (d.get("aliases") or ()) or n == x)}
    todo = list(seen)
    while todo:
        todo = sorted({s for n in todo for s, _, d in g.in_edges(n, data=True) if d.get("type") in link_types} - seen)
        seen.update(todo)
    frontier = set(seen)
    for _ in range(depth):
        frontier = {x for n in frontier for x in (*g.successors(n), *g.predecessors(n))} - seen
        seen |= frontier
    sub = g.subgraph(seen).copy()
    if not mentions:
        for n in sub.nodes:
            sub.nodes[n]["mentions"] = []
    return sub


def to_networkx(db: sqlite3.Connection):
    """The whole graph of the store as a NetworkX MultiDiGraph (as read_graph would give graph.json)."""
    import networkx as nx

    g = nx.MultiDiGraph()
    g.graph.update(graph_attrs(db))
    for _, item in node_items(db):
        d = json.loads(item)
        g.add_node(d.pop("id"), **d)
    for _, item in link_items(db):
        d = json.loads(item)
        g.add_edge(d.pop("source"), d.pop("target"), key=d.pop("key"), **d)
    return g


def counts_of(g) -> dict[str, dict[str, int]]:
    """counts() of a NetworkX graph."""
    from collections import Counter

    nt = Counter(d.get("type") for _, d in g.nodes(data=True))
    lt = Counter(d.get("type") for _, _, d in g.edges(data=True))
    return {"nodes_by_type": dict(sorted(nt.items())), "links_by_type": dict(sorted(lt.items()))}
