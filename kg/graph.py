"""Merge per-document extractions into one graph and (de)serialise graph.json.

graph.json contract (DESIGN.md): NetworkX node-link JSON with `nodes` and `links`;
node: id, type, name, aliases, level/adcode/lon/lat (regions), mentions [{doc, sentence, start, end}];
link: source, target, type, evidence [{doc, text, date, amount_yuan?}], amount_yuan (FUNDS total),
program, title, purpose where known. Deterministic: same extractions -> same bytes.

Merging is split in two so that `kg build` can merge as results arrive, in any order:

- `digest_extraction(ex)`: the part of one document's extraction the merge needs, in a compact JSON form
  (what the build cache stores and workers send back);
- `GraphMerger.add_digest(dg, rank)`: folds one digest into the graph; `rank` is the document's place in
  the build order, and every order-dependent choice (a node's name, a region's attributes, which of two
  evidence sentences is kept, which document record wins) is decided by rank, not by arrival, so any
  arrival order gives the graph that merging in rank order gives.

`GraphMerger.write` streams graph.json without building a NetworkX graph or the whole text in memory;
`build_graph` (a NetworkX MultiDiGraph) and `write_graph` are the same merge and the same bytes.
"""

from __future__ import annotations

import json
import marshal
import os
import shutil
import struct
import tempfile
import threading
from array import array
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from json.encoder import encode_basestring as _enc_str  # the C encoder used by json.dumps(ensure_ascii=False)
from operator import itemgetter
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kg import __version__
from kg.errors import KgError
from kg.jsonio import atomic_write_text, dumps_canonical, publish

if TYPE_CHECKING:  # networkx is imported where a NetworkX graph is made (kg build does not need it)
    import networkx as nx

REGION_ATTRS = ("level", "adcode", "lon", "lat")
DIGEST_VERSION = 5  # part of every build cache key (kg.build)


MENTION_LEVEL = 4  # depth of a mention object in graph.json: root, "nodes", node, "mentions", mention


def _render_mentions(doc: str, ts: list[tuple]) -> str | list[list[Any]]:
    """Sorted (sentence, start, end) tuples of one document -> their mention objects as they appear in
    graph.json, separated as there (so that a node's list is a join of its documents' texts), or the
    tuples as lists when a value is not one the writer can format exactly."""
    try:
        return (",\n" + " " * MENTION_LEVEL).join(
            _encode({"doc": doc, "end": b, "sentence": s, "start": a}, MENTION_LEVEL) for s, a, b in ts)
    except _Unsupported:
        return [list(t) for t in ts]


def _mention_tuples(doc: str, ms: str | list[list[Any]]) -> list[tuple]:
    if type(ms) is str:
        return [(d["sentence"], d["start"], d["end"]) for d in json.loads("[" + ms + "]")]
    return [tuple(t) for t in ms]


def entity_id(etype: str, name: str, adcode: str | None = None) -> str:
    """Stable node id: type + canonical name, regions from the gazetteer by adcode."""
    if etype == "Region" and adcode:
        return f"Region:{adcode}"
    return f"{etype}:{name}"


def _most_common(values: list[str]) -> str | None:
    values = [v for v in values if v]
    if not values:
        return None
    counts = Counter(values)
    return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[0][0]


# ---------------------------------------------------------------------------------------- digests


def digest_extraction(ex: dict[str, Any]) -> dict[str, Any]:
    """One DocExtraction (see kg.extract) -> what the merge needs from it, JSON-serialisable:

    {"v", "id": doc id, "doc": {doc, sha256, path, date}, "texts": [evidence sentence, ...],
     "nodes": [[id, mentions] or [id, mentions, type, name, {region attrs} or null, [aliases] or null]],
     "edges": [[source index, target index, type] + ([evidence] + ([programs], [titles], [purposes]))]}

    The short node form is for ids that are "<type>:<name>" with no attributes or aliases. Mentions are
    the text of their objects in graph.json (so that the writer only joins them; see _render_mentions)
    or [[sentence, start, end], ...]; no mentions: null. Evidence is flat too: text index, date, amount (or null), text
    index, ... Few objects: parsing is the main cost of merging a cached document.

    Within the document the sightings are folded as the merge has always folded them (first name seen,
    first non-null attribute, an evidence sentence with an amount replaces one without)."""
    doc = ex["doc"]
    meta = {k: ex.get(k) for k in ("doc", "sha256", "path", "date") if ex.get(k) is not None}
    index: dict[str, int] = {}
    nodes: list[list[Any]] = []
    mention_sets: list[set[tuple] | None] = []

    def node(ent: dict[str, Any]) -> int:
        nid = ent.get("id") or entity_id(ent["type"], ent["name"], ent.get("adcode"))
        i = index.get(nid)
        if i is None:
            i = index[nid] = len(nodes)
            nodes.append([nid, ent["type"], ent["name"], {}, set()])
            mention_sets.append(None)
        n = nodes[i]
        attrs = n[3]
        for a in REGION_ATTRS:
            v = ent.get(a)
            if v is not None and a not in attrs:
                attrs[a] = v
        for a in ent.get("aliases", ()):
            n[4].add(a)
        return i

    edges: dict[tuple[int, int, str], list[Any]] = {}

    def edge(si: int, di: int, rtype: str, attrs: dict[str, Any], ev: tuple | None) -> None:
        key = (si, di, rtype)
        e = edges.get(key)
        if e is None:
            e = edges[key] = [si, di, rtype, [], [], [], {}]
        for j, a in enumerate(("program", "title", "purpose")):
            if attrs.get(a):
                e[3 + j].append(attrs[a])
        if ev is not None:
            text, date, amount = ev
            old = e[6].get(text)
            if old is None or (amount is not None and old[2] is None):
                e[6][text] = [text, date, amount]

    for ent in ex.get("entities", ()):
        i = node(ent)
        for m in ent.get("mentions", ()):
            ms = mention_sets[i]
            if ms is None:
                ms = mention_sets[i] = set()
            ms.add((m["sentence"], m["start"], m["end"]))
    for ent in ex.get("context_entities", ()):
        node(ent)
    for rel in ex.get("relations", ()):
        si = node(rel["source"])
        di = node(rel["target"])
        edge(si, di, rel["type"], rel, (rel["evidence"]["text"], rel["evidence"].get("date"),
                                         rel.get("amount_yuan")))
    for d in ex.get("derived", ()):
        si = node(d["source"])
        di = node(d["target"])
        edge(si, di, d["type"], {}, None)

    out_nodes: list[list[Any]] = []
    for n, ms in zip(nodes, mention_sets, strict=True):
        packed = _render_mentions(doc, sorted(ms)) if ms else None
        nid, etype, name, attrs, als = n
        if not attrs and not als and type(etype) is str and ":" not in etype and nid == f"{etype}:{name}":
            out_nodes.append([nid, packed])
        else:
            out_nodes.append([nid, packed, etype, name, attrs or None, sorted(als) or None])
    texts: dict[str, int] = {}
    out_edges: list[list[Any]] = []
    for si, di, rtype, programs, titles, purposes, evd in edges.values():
        e: list[Any] = [si, di, rtype]
        if evd or programs or titles or purposes:
            flat: list[Any] = []
            for text, date, amount in evd.values():
                flat += (texts.setdefault(text, len(texts)), date, amount)
            e.append(flat)
            if programs or titles or purposes:
                e += (programs or None, titles or None, purposes or None)
        out_edges.append(e)
    return {"v": DIGEST_VERSION, "id": doc, "doc": meta, "texts": list(texts), "nodes": out_nodes,
            "edges": out_edges}


# ---------------------------------------------------------------------------------------- merge


class _Mentions:
    """A node's mentions, [(doc, rendered text or [[sentence, start, end], ...])] in output order: joined
    into graph.json by the writer, or turned into the usual dicts."""

    __slots__ = ("groups", "text")

    def __init__(self, groups: list[tuple[str, Any]], text: bool | None = None):
        self.groups = groups
        self.text = all(type(ms) is str for _, ms in groups) if text is None else text  # all rendered

    def dicts(self) -> list[dict[str, Any]]:
        return [{"doc": doc, "sentence": s, "start": a, "end": b}
                for doc, ms in self.groups for s, a, b in _mention_tuples(doc, ms)]

    def encode(self, level: int) -> str:
        """As _encode(self.dicts(), level) would."""
        if not self.groups:
            return "[]"
        if level + 1 != MENTION_LEVEL or not self.text:
            return _encode(self.dicts(), level)
        sep = ",\n" + " " * MENTION_LEVEL
        return "[\n" + " " * MENTION_LEVEL + sep.join([ms for _, ms in self.groups]) + "\n" + " " * level + "]"


class _Evidence:
    """A link's evidence, [(date or "", doc, text, date, amount or None)] sorted: written straight to
    text by the graph.json writer, or turned into the usual dicts."""

    __slots__ = ("items",)

    def __init__(self, items: list[tuple]):
        self.items = items

    def dicts(self) -> list[dict[str, Any]]:
        out = []
        for _key, doc, text, date, amount in self.items:
            ev = {"doc": doc, "text": text, "date": date}
            if amount is not None:
                ev["amount_yuan"] = amount
            out.append(ev)
        return out

    def amounts(self) -> list[Any]:
        return [it[4] for it in self.items if it[4] is not None]

    def encode(self, level: int) -> str:
        """As _encode(self.dicts(), level) would."""
        if not self.items:
            return "[]"
        i = "\n" + " " * (level + 2)
        close = "\n" + " " * (level + 1) + "}"
        sep = ",\n" + " " * (level + 1)
        pieces = []
        for _key, doc, text, date, amount in self.items:
            ta, td = type(amount), type(date)
            if (amount is None or ta is int or (ta is float and amount - amount == 0)) and (
                    td is str or date is None) and type(doc) is str and type(text) is str:
                a = "" if amount is None else f'"amount_yuan": {amount!r},{i}'
                d = "null" if date is None else _enc_str(date)
                pieces.append(f'{{{i}{a}"date": {d},{i}"doc": {_enc_str(doc)},{i}"text": {_enc_str(text)}{close}')
            else:
                pieces.append(_encode(_Evidence([(_key, doc, text, date, amount)]).dicts()[0], level + 1))
        return "[\n" + " " * (level + 1) + sep.join(pieces) + "\n" + " " * level + "]"


def _without_ranks(table: dict, ids: Iterable | None, ranks: set[int]) -> Iterator[tuple[Any, list]]:
    """Take the documents of `ranks` out of the refs (item[0]) of these items of `table` (all by default),
    delete those no document names any more, and yield (id, item) for the others (their other fields
    still to be filtered by the caller)."""
    for k in list(table if ids is None else ids):
        item = table.get(k)
        if item is None:
            continue
        refs = [r for r in item[0] if r not in ranks]
        if refs:
            item[0] = refs
            yield k, item
        else:
            del table[k]


class GraphMerger:
    """The graph being merged. Add each document once (`add`, or `add_digest` with its rank).

    Every document's contribution stays attributable to its rank, so that a document can be taken out
    again (`remove_ranks`) and an item's state saved and restored (`node_record`, `load_node`, ...):
    what an incremental re-build (kg.graphstate) needs. Ranks need only be ordered, not consecutive."""

    def __init__(self) -> None:
        self._seq = 0
        self._documents: dict[str, tuple[int, dict[str, Any]]] = {}
        self._rank_doc: dict[int, str] = {}
        # nid -> [refs: ranks of the documents naming it,
        #         variants: None or [[(type, name, region attrs or None, aliases or None), [ranks]], ...]
        #                   (the documents' full forms; a rank absent from all has the short form),
        #         mentions: None or [(rank, the document's mentions of it: graph.json text or lists)]]
        self._nodes: dict[str, list[Any]] = {}
        self._odd_mentions: set[str] = set()  # nodes with mentions given as lists, not text
        # (src, dst, type) -> [refs, programs, titles, purposes: None or [(rank, [values])],
        #                      evidence: None or {(doc, text): (no amount, rank, date, amount)}]
        self._edges: dict[tuple[str, str, str], list[Any]] = {}
        self._dup_ids = False  # some document id has two ranks (its mentions are then merged per id)

    # ---- input

    def add(self, ex: dict[str, Any], rank: int | None = None) -> None:
        self.add_digest(digest_extraction(ex), rank)

    def add_digest(self, dg: dict[str, Any], rank: int | None = None) -> None:
        if rank is None:
            rank = self._seq
        self._seq = max(self._seq, rank + 1)
        doc = dg["id"]
        self._note_document(rank, doc, dg["doc"])
        nodes = self._nodes
        nids = []
        for entry in dg["nodes"]:
            nid, ms = entry[0], entry[1]
            nids.append(nid)
            n = nodes.get(nid)
            if n is None:
                n = nodes[nid] = [[rank], None, None]
            else:
                n[0].append(rank)
            if len(entry) > 2:
                t = (entry[2], entry[3], entry[4], entry[5])
                vs = n[1]
                if vs is None:
                    n[1] = [[t, [rank]]]
                else:
                    v = _variant(vs, t)
                    if v is None:
                        vs.append([t, [rank]])
                    else:
                        v[1].append(rank)
            if ms:
                lst = n[2]
                if lst is None:
                    n[2] = [(rank, ms)]
                else:
                    lst.append((rank, ms))
                if type(ms) is not str:
                    self._odd_mentions.add(nid)
        edges = self._edges
        texts = dg["texts"]
        for e in dg["edges"]:
            key = (nids[e[0]], nids[e[1]], e[2])
            rec = edges.get(key)
            if rec is None:
                rec = edges[key] = [[rank], None, None, None, None]
            else:
                rec[0].append(rank)
            if len(e) == 3:
                continue
            evs = e[3]
            if evs:
                evd = rec[4]
                if evd is None:
                    evd = rec[4] = {}
                for j in range(0, len(evs), 3):
                    amount = evs[j + 2]
                    k = (doc, texts[evs[j]])
                    prev = evd.get(k)
                    if prev is None or (amount is None, rank) < prev[:2]:
                        evd[k] = (amount is None, rank, evs[j + 1], amount)
            if len(e) > 4:
                for j in range(3):
                    vals = e[4 + j]
                    if vals:
                        if rec[1 + j] is None:
                            rec[1 + j] = [(rank, vals)]
                        else:
                            rec[1 + j].append((rank, vals))

    # ---- taking documents out, saving and restoring items (kg.graphstate)

    def _note_document(self, rank: int, doc: str, meta: dict[str, Any] | None) -> None:
        self._rank_doc[rank] = doc
        if meta is not None:
            old = self._documents.get(doc)
            if old is None or rank >= old[0]:  # in rank order, the last record of a document id wins
                self._documents[doc] = (rank, meta)
            if old is not None and old[0] != rank:
                self._dup_ids = True

    def set_documents(self, docs: Iterable[tuple[int, str, dict[str, Any] | None]]) -> None:
        """Declare documents (rank, doc id, record or None) whose items are loaded, not added."""
        for rank, doc, meta in docs:
            self._seq = max(self._seq, rank + 1)
            self._note_document(rank, doc, meta)

    def node_ids(self) -> Iterable[str]:
        return self._nodes.keys()

    def edge_keys(self) -> Iterable[tuple[str, str, str]]:
        return self._edges.keys()

    def node_record(self, nid: str) -> list[Any]:
        return self._nodes[nid]

    def edge_record(self, key: tuple[str, str, str]) -> list[Any]:
        return self._edges[key]

    def load_node(self, nid: str, rec: list[Any]) -> None:
        """Fold a saved node record (node_record of another merger) into this one."""
        n = self._nodes.get(nid)
        if n is None:
            self._nodes[nid] = n = [list(rec[0]), None, None]
        else:
            n[0].extend(rec[0])
        for t, ranks in rec[1] or ():
            t = tuple(t)
            v = _variant(n[1] or (), t)
            if v is not None:
                v[1].extend(ranks)
            elif n[1] is None:
                n[1] = [[t, list(ranks)]]
            else:
                n[1].append([t, list(ranks)])
        if rec[2]:
            ms = [tuple(g) for g in rec[2]]
            n[2] = ms if n[2] is None else n[2] + ms
            if any(type(g[1]) is not str for g in ms):
                self._odd_mentions.add(nid)

    def load_edge(self, key: tuple[str, str, str], rec: list[Any]) -> None:
        e = self._edges.get(key)
        if e is None:
            self._edges[key] = e = [list(rec[0]), None, None, None, None]
        else:
            e[0].extend(rec[0])
        for j in (1, 2, 3):
            if rec[j]:
                vals = [tuple(g) for g in rec[j]]
                e[j] = vals if e[j] is None else e[j] + vals
        if rec[4]:
            evd = e[4]
            if evd is None:
                evd = e[4] = {}
            for k, v in rec[4].items():
                prev = evd.get(k)
                if prev is None or tuple(v[:2]) < prev[:2]:
                    evd[k] = tuple(v)

    def remove_ranks(self, ranks: set[int], nids: Iterable[str] | None = None,
                     keys: Iterable[tuple[str, str, str]] | None = None) -> None:
        """Take the documents of these ranks out of the given nodes and edges (all by default); an item
        no remaining document names disappears."""
        if not ranks:
            return
        for nid, n in _without_ranks(self._nodes, nids, ranks):
            if n[1]:
                vs = [[t, rs] for t, r0 in n[1] if (rs := [r for r in r0 if r not in ranks])]
                n[1] = vs or None
            if n[2]:
                n[2] = [g for g in n[2] if g[0] not in ranks] or None
                if nid in self._odd_mentions and not any(type(g[1]) is not str for g in n[2] or ()):
                    self._odd_mentions.discard(nid)
        if self._odd_mentions:
            self._odd_mentions.intersection_update(self._nodes)  # the nodes just deleted
        for _key, e in _without_ranks(self._edges, keys, ranks):
            for j in (1, 2, 3):
                if e[j]:
                    e[j] = [g for g in e[j] if g[0] not in ranks] or None
            if e[4]:
                e[4] = {k: v for k, v in e[4].items() if v[1] not in ranks} or None
        for r in ranks:
            doc = self._rank_doc.pop(r, None)
            if doc is not None and self._documents.get(doc, (None,))[0] == r:
                del self._documents[doc]

    # ---- output

    def __len__(self) -> int:
        return len(self._nodes)

    def counts(self) -> tuple[dict[str, int], dict[str, int]]:
        """(nodes by type, links by type), sorted by type."""
        nt = Counter(self._naming(nid, n)[0] for nid, n in self._nodes.items())
        lt = Counter(k[2] for k in self._edges)
        return dict(sorted(nt.items())), dict(sorted(lt.items()))

    def graph_attrs(self) -> dict[str, Any]:
        return {"generator": f"kg {__version__}",
                "documents": [self._documents[k][1] for k in sorted(self._documents)]}

    def _group_key(self) -> Callable[[tuple], Any]:
        """Sort key of a node's (rank, mentions) groups that puts them in document id order: the rank
        itself when ranks follow document ids (as in kg.build), else the rank's place in that order."""
        ranks = sorted(self._rank_doc)
        names = [self._rank_doc[r] for r in ranks]
        if all(names[i] <= names[i + 1] for i in range(len(names) - 1)):
            return itemgetter(0)
        pos = {r: p for p, r in enumerate(sorted(ranks, key=lambda r: (self._rank_doc[r], r)))}
        return lambda g: pos[g[0]]

    @staticmethod
    def _naming(nid: str, n: list[Any]) -> tuple[str, str]:
        """(type, name) from the first document (lowest rank) naming the node."""
        vs = n[1]
        if vs:
            r0 = min(n[0])
            for t, ranks in vs:
                if r0 in ranks:
                    return t[0], t[1]
        etype, _, name = nid.partition(":")
        return etype, name

    def _node_mentions(self, nid: str, lst: list[tuple[int, Any]] | None, key: Callable[[tuple], Any]
                       ) -> _Mentions:
        """The node's mentions grouped by document, in (doc, sentence, start, end) order, deduplicated."""
        if not lst:
            return _Mentions([])
        if len(lst) > 1:
            lst.sort(key=key)
        names = self._rank_doc
        if not self._dup_ids:  # one group per document
            return _Mentions([(names[r], ms) for r, ms in lst], text=nid not in self._odd_mentions)
        out: list[tuple[str, Any]] = []
        merged = False
        prev = None
        for rank, ms in lst:
            doc = names[rank]
            if doc == prev:  # one document id seen twice: union
                merged = True
                out[-1] = (doc, out[-1][1] + [ms])
            else:
                out.append((doc, [ms]))
                prev = doc
        if not merged:
            return _Mentions([(doc, g[0]) for doc, g in out], text=nid not in self._odd_mentions)
        return _Mentions([(doc, g[0]) if len(g) == 1 else
                          (doc, _render_mentions(doc, sorted({t for ms in g for t in _mention_tuples(doc, ms)})))
                          for doc, g in out])

    def _node(self, nid: str, key: Callable[[tuple], Any], raw: bool) -> dict[str, Any]:
        n = self._nodes[nid]
        etype, name = self._naming(nid, n)
        node: dict[str, Any] = {"type": etype, "name": name}
        vs = n[1]
        al: set[str] = set()
        if vs:
            if len(vs) == 1:
                t = vs[0][0]
                if t[2]:
                    node.update(t[2])
                if t[3]:
                    al.update(t[3])
            else:  # each attribute from the first document that has it
                attrs: dict[str, Any] = {}
                for _, t in sorted(((min(rs), t) for t, rs in vs), key=itemgetter(0)):
                    for a, v in (t[2] or {}).items():
                        attrs.setdefault(a, v)
                    if t[3]:
                        al.update(t[3])
                node.update(attrs)
        node["aliases"] = sorted(a for a in al if a != name)
        ms = self._node_mentions(nid, n[2], key)
        node["mentions"] = ms if raw else ms.dicts()
        return node

    def node_items(self, raw: bool = False, nids: Iterable[str] | None = None
                   ) -> Iterator[tuple[str, dict[str, Any]]]:
        """(id, attributes) in id order (of all nodes, or of `nids`). raw: mentions as a _Mentions object
        (for the writer)."""
        key = self._group_key()
        for nid in sorted(self._nodes if nids is None else nids):
            yield nid, self._node(nid, key, raw)

    def _link(self, k: tuple[str, str, str], raw: bool) -> dict[str, Any]:
        _refs, programs, titles, purposes, evd = self._edges[k]
        # sorted by (date, doc, text); (doc, text) is unique, so the rest never decides
        ev = _Evidence(sorted((date or "", doc, text, date, amount)
                              for (doc, text), (_no_amount, _rank, date, amount) in evd.items())
                       if evd else [])
        attrs: dict[str, Any] = {"type": k[2], "evidence": ev if raw else ev.dicts()}
        if k[2] == "FUNDS":
            amounts = ev.amounts()
            if amounts:
                attrs["amount_yuan"] = sum(amounts)
        for a, groups in (("program", programs), ("title", titles), ("purpose", purposes)):
            v = _most_common([x for _, vals in groups for x in vals]) if groups else None
            if v:
                attrs[a] = v
        return attrs

    def link_items(self, raw: bool = False, keys: Iterable[tuple[str, str, str]] | None = None
                   ) -> Iterator[tuple[str, str, str, dict[str, Any]]]:
        """(source, target, type, attributes) in (source, target, type) order. raw: evidence as an
        _Evidence object (for the writer)."""
        for k in sorted(self._edges if keys is None else keys):
            yield k[0], k[1], k[2], self._link(k, raw)

    def to_networkx(self) -> nx.MultiDiGraph:
        import networkx as nx

        g = nx.MultiDiGraph()
        g.graph.update(self.graph_attrs())
        for nid, node in self.node_items():
            g.add_node(nid, **node)
        for src, dst, rtype, attrs in self.link_items():
            g.add_edge(src, dst, key=rtype, **attrs)
        return g

    def write(self, path: str | Path, parallel: bool = False, state: str | Path | None = None
              ) -> dict[str, Any] | None:
        """graph.json, streamed: the same bytes as write_graph(self.to_networkx(), path).
        parallel: links and nodes are written by two processes (see _stream_node_link).
        state: also write every item's record (node_record / edge_record) to this file, and return
        where each item is in both files (see kg.graphstate)."""

        node_ids: list[str] = []
        node_types: list[str] = []

        def nodes() -> Iterator[Any]:
            for nid, node in self.node_items(raw=True):
                item = {"id": nid, **node}
                if state is None:
                    yield item
                else:
                    node_ids.append(nid)
                    node_types.append(node["type"])
                    yield item, self._nodes[nid]

        def links() -> Iterator[Any]:
            for src, dst, rtype, attrs in self.link_items(raw=True):
                item = {"source": src, "target": dst, "key": rtype, **attrs}
                yield (item, self._edges[(src, dst, rtype)]) if state is not None else item

        try:
            try:
                spans = _stream_node_link(path, self.graph_attrs(), links(), nodes(), fork_links=parallel,
                                          state=state)
            except _NoState:  # a value marshal cannot hold: graph.json without the state
                state = None
                spans = _stream_node_link(path, self.graph_attrs(), links(), nodes(), fork_links=parallel)
        except _Unsupported:
            atomic_write_text(path, dumps_graph(self.to_networkx()))
            return None
        if spans is None:
            return None
        return dict(spans, node_ids=node_ids, node_types=node_types, link_keys=sorted(self._edges))


def _variant(vs: Iterable[list[Any]], t: tuple) -> list[Any] | None:
    """The [form, ranks] of vs whose form (type, name, attrs, aliases) is t, if any."""
    for v in vs:
        u = v[0]
        if u[0] == t[0] and u[1] == t[1] and u[3] == t[3] and _same_attrs(u[2], t[2]):
            return v
    return None


def _same_attrs(a: dict[str, Any] | None, b: dict[str, Any] | None) -> bool:
    """Equal region attributes, value types included (1 and 1.0 print differently)."""
    if a is None or b is None:
        return a is b
    return a == b and all(type(v) is type(b[k]) for k, v in a.items())


def build_graph(extractions: Iterable[dict[str, Any]]) -> nx.MultiDiGraph:
    """Merge DocExtraction dicts (see kg.extract) in the given order into a graph."""
    m = GraphMerger()
    for ex in extractions:
        m.add(ex)
    return m.to_networkx()


# ---------------------------------------------------------------------------------------- graph.json


def to_node_link(g: nx.MultiDiGraph) -> dict[str, Any]:
    nodes = []
    for nid in sorted(g.nodes):
        data = {"id": nid}
        data.update(g.nodes[nid])
        nodes.append(data)
    links = []
    for src, dst, key, data in sorted(g.edges(keys=True, data=True), key=lambda t: (t[0], t[1], t[2])):
        link = {"source": src, "target": dst, "key": key}
        link.update(data)
        links.append(link)
    return {"directed": True, "multigraph": True, "graph": dict(g.graph), "nodes": nodes, "links": links}


def dumps_graph(g: nx.MultiDiGraph) -> str:
    return dumps_canonical(to_node_link(g), indent=1) + "\n"


def write_graph(g: nx.MultiDiGraph, path: str | Path) -> None:
    """graph.json: the bytes of dumps_graph(g), streamed (no whole-file string in memory)."""

    def nodes() -> Iterator[dict[str, Any]]:
        for nid in sorted(g.nodes):
            data = {"id": nid}
            data.update(g.nodes[nid])
            yield data

    def links() -> Iterator[dict[str, Any]]:
        for src, dst, key, data in sorted(g.edges(keys=True, data=True), key=lambda t: (t[0], t[1], t[2])):
            link = {"source": src, "target": dst, "key": key}
            link.update(data)
            yield link

    try:
        _stream_node_link(path, dict(g.graph), links(), nodes())
    except _Unsupported:
        atomic_write_text(path, dumps_graph(g))


class _Unsupported(Exception):
    """A value the fast writer does not format exactly like json.dumps: fall back to json.dumps."""


_FLUSH_PIECES = 2048  # strings gathered before a write
_FLUSH_BYTES = 1 << 20  # state records gathered before a write


def _encode(o: Any, level: int) -> str:
    """json.dumps(o, ensure_ascii=False, sort_keys=True, indent=1, allow_nan=False) as if o were nested
    `level` deep. Exact for str keys and str/int/float/bool/None/list/tuple/dict values; raises
    _Unsupported for anything else (subclasses included), so that the caller can use json.dumps."""
    t = type(o)
    if t is str:
        return _enc_str(o)
    if t is dict:
        if not o:
            return "{}"
        parts = []
        for k in sorted(o):
            if type(k) is not str:
                raise _Unsupported
            v = o[k]
            tv = type(v)
            if tv is str:
                parts.append(f"{_enc_str(k)}: {_enc_str(v)}")
            elif tv is int:
                parts.append(f"{_enc_str(k)}: {int.__repr__(v)}")
            elif v is None:
                parts.append(f"{_enc_str(k)}: null")
            else:
                parts.append(f"{_enc_str(k)}: {_encode(v, level + 1)}")
        nl = "\n" + " " * (level + 1)
        return "{" + nl + ("," + nl).join(parts) + "\n" + " " * level + "}"
    if t is list or t is tuple:
        if not o:
            return "[]"
        nl = "\n" + " " * (level + 1)
        try:  # a list of strings (aliases) in one go
            body = ("," + nl).join(map(_enc_str, o))
        except TypeError:
            body = ("," + nl).join([_encode(v, level + 1) for v in o])
        return "[" + nl + body + "\n" + " " * level + "]"
    if t is _Mentions or t is _Evidence:
        return o.encode(level)
    if o is None:
        return "null"
    if o is True:
        return "true"
    if o is False:
        return "false"
    if t is int:
        return int.__repr__(o)
    if t is float:
        if o != o or o in (float("inf"), float("-inf")):
            raise ValueError("Out of range float values are not JSON compliant")
        return float.__repr__(o)
    raise _Unsupported


_MENTIONS_SLOT = '"mentions": "\\u0000"'  # how _encode writes {"mentions": "\x00"}
_MID = b',\n "multigraph": true,\n "nodes": '  # between the links and the nodes of graph.json


def _item_pieces(item: dict[str, Any]) -> list[bytes]:
    """One item of "links" or "nodes" as graph.json has it (2 deep), in pieces.

    A node's rendered mentions (ASCII, most of the bytes) are encoded on their own: joined into the rest
    of the node (which has Chinese text) they would be widened to 2 bytes a character and narrowed back."""
    ms = item.get("mentions")
    if type(ms) is _Mentions and ms.text and ms.groups:
        before, slot, after = _encode({**item, "mentions": "\x00"}, 2).partition(_MENTIONS_SLOT)
        if slot:
            return [before.encode("utf-8"), b'"mentions": ', ms.encode(MENTION_LEVEL - 1).encode("utf-8"),
                    after.encode("utf-8")]
    return [_encode(item, 2).encode("utf-8")]


class _NoState(Exception):
    """An item record marshal cannot hold: no state file for this graph."""


def _write_list(f: Any, items: Iterable[Any], state: Any = None) -> tuple[array, array] | None:
    """A list of dicts at depth 1 of graph.json ("links", "nodes"), to the binary file f.

    state: a binary file; items are then (item, record) pairs, each record is written to it (marshal)
    and the result is where each item and record is: arrays of (start, end) offsets relative to where
    the two files were."""
    out: list[bytes] = []
    first = True
    spans = rspans = None
    rout: list[bytes] = []
    pos = rpos = rflushed = 0
    if state is not None:
        spans, rspans = array("q"), array("q")
    for it in items:
        sep = b"[\n  " if first else b",\n  "
        first = False
        out.append(sep)
        if spans is None:
            out += _item_pieces(it)
        else:
            item, rec = it
            pieces = _item_pieces(item)
            out += pieces
            pos += len(sep)
            spans.append(pos)
            for p in pieces:
                pos += len(p)
            spans.append(pos)
            try:
                data = marshal.dumps(rec)
            except ValueError:
                raise _NoState from None
            rspans.append(rpos)
            rpos += len(data)
            rspans.append(rpos)
            rout.append(data)
            if rpos - rflushed > _FLUSH_BYTES:
                state.write(b"".join(rout))
                rout.clear()
                rflushed = rpos
        if len(out) > _FLUSH_PIECES:
            f.write(b"".join(out))
            out.clear()
    out.append(b"[]" if first else b"\n ]")
    f.write(b"".join(out))
    if spans is None:
        return None
    state.write(b"".join(rout))
    return spans, rspans


def _shift(a: array, by: int) -> array:
    return array("q", [x + by for x in a]) if by else a


def _fork_ok() -> bool:
    """Forking is safe here: a POSIX system and no other thread (which could hold a lock the child
    needs)."""
    return hasattr(os, "fork") and threading.active_count() == 1


def _stream_node_link(path: str | Path, graph: dict[str, Any], links: Iterable[Any], nodes: Iterable[Any],
                      fork_links: bool = False, state: str | Path | None = None) -> dict[str, array] | None:
    """Write dumps_canonical({directed, multigraph, graph, nodes, links}, indent=1) + "\n" atomically
    (temp file + fsync + rename), a piece at a time.

    fork_links: a forked child writes the links to a temp file while this process writes the nodes to
    another; both are then copied into place (two cores instead of one; the child shares this
    process's memory copy-on-write and only reads it).
    state: items are (item, record) pairs; the records go to this file (written atomically too) and
    the result gives each item's and record's (start, end) offsets: {"links", "links_state", "nodes",
    "nodes_state"}. None if a record cannot be saved (the state file is then not written)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name[:24]}.", suffix=".tmp", dir=path.parent)
    temps = [tmp]
    child = 0
    sf = None
    stmp = ""
    spans: dict[str, array] | None = None
    if state is not None:
        state = Path(state)
        try:
            state.parent.mkdir(parents=True, exist_ok=True)
            sfd, stmp = tempfile.mkstemp(prefix=f".{state.name[:24]}.", suffix=".tmp", dir=state.parent)
        except BaseException:  # graph.json's temp file is not left behind
            os.close(fd)
            os.unlink(tmp)
            raise
        temps.append(stmp)
        sf = os.fdopen(sfd, "w+b")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(('{\n "directed": true,\n "graph": ' + _encode(graph, 1) + ',\n "links": ').encode("utf-8"))
            head = f.tell()
            if fork_links and _fork_ok():
                lfd, ltmp = tempfile.mkstemp(prefix=".links.", suffix=".tmp", dir=path.parent)
                nfd, ntmp = tempfile.mkstemp(prefix=".nodes.", suffix=".tmp", dir=path.parent)
                temps += [ltmp, ntmp]
                if sf is not None:
                    lsfd, lstmp = tempfile.mkstemp(prefix=".links-state.", suffix=".tmp", dir=path.parent)
                    temps.append(lstmp)
                child = os.fork()
                if child == 0:  # pragma: no cover - runs in the child
                    code = 1
                    try:
                        os.close(nfd)
                        with os.fdopen(lfd, "wb") as lf:
                            if sf is None:
                                _write_list(lf, links)
                            else:
                                with os.fdopen(lsfd, "wb") as lsf:
                                    ls, lr = _write_list(lf, links, lsf)
                                    lsf.write(ls.tobytes() + lr.tobytes() + struct.pack("<q", len(ls)))
                        code = 0
                    except _Unsupported:
                        code = 3
                    except _NoState:
                        code = 4
                    except BaseException:
                        code = 1
                    finally:
                        os._exit(code)
                os.close(lfd)
                if sf is not None:
                    os.close(lsfd)
                with os.fdopen(nfd, "w+b") as nf:
                    ns = _write_list(nf, nodes, sf)
                    _, status = os.waitpid(child, 0)
                    child = 0
                    code = os.waitstatus_to_exitcode(status)
                    if code == 3:
                        raise _Unsupported
                    if code == 4:
                        raise _NoState
                    if code == 0:
                        with open(ltmp, "rb") as lf:
                            shutil.copyfileobj(lf, f, 1 << 20)
                        ls = None
                        if sf is not None:  # the links' records, then their spans, then how many
                            with open(lstmp, "rb") as lsf:
                                size = lsf.seek(0, os.SEEK_END)
                                lsf.seek(size - 8)
                                n = struct.unpack("<q", lsf.read(8))[0]
                                cut = size - 8 - 16 * n
                                lsf.seek(cut)
                                spans_b = lsf.read(16 * n)
                                base = sf.tell()
                                lsf.seek(0)
                                _copy_bytes(lsf, sf, cut)
                            ls = (array("q", spans_b[:8 * n]), _shift(array("q", spans_b[8 * n:]), base))
                    else:  # the child failed (killed?): do its part here
                        base = sf.tell() if sf is not None else 0
                        ls = _write_list(f, links, sf)
                        ls = ls and (ls[0], _shift(ls[1], base))
                    f.write(_MID)
                    nbase = f.tell()
                    nf.seek(0)
                    shutil.copyfileobj(nf, f, 1 << 20)
            else:
                ls = _write_list(f, links, sf)
                f.write(_MID)
                nbase = f.tell()
                nstate_base = sf.tell() if sf is not None else 0
                ns = _write_list(f, nodes, sf)
                if ns is not None:
                    ns = (ns[0], _shift(ns[1], nstate_base))
            f.write(b"\n}\n")
            f.flush()
            os.fsync(f.fileno())
            if sf is not None:
                spans = {"links": _shift(ls[0], head), "links_state": ls[1],
                         "nodes": _shift(ns[0], nbase), "nodes_state": ns[1]}
                sf.flush()
                os.fsync(sf.fileno())
                sf.close()
                sf = None
                publish(stmp, state)
                temps.remove(stmp)
        publish(tmp, path)
        temps.remove(tmp)
    finally:
        if sf is not None:
            sf.close()
        if child:
            try:
                os.kill(child, 9)
                os.waitpid(child, 0)
            except OSError:
                pass
        for t in temps:
            try:
                os.unlink(t)
            except OSError:
                pass
    return spans


def _copy_bytes(src: Any, dst: Any, n: int) -> None:
    """n bytes from src's position to dst, a MB at a time."""
    while n > 0:
        chunk = src.read(min(n, 1 << 20))
        if not chunk:
            raise OSError("part file shorter than written")
        dst.write(chunk)
        n -= len(chunk)



def read_graph(path: str | Path) -> nx.MultiDiGraph:
    p = Path(path)
    if p.is_dir():
        p = p / "graph.json"
    try:
        data = json.loads(p.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise KgError(f"no such graph file: {path}") from None
    except (OSError, ValueError) as e:
        raise KgError(f"cannot read graph {path}: {e}") from None
    if not isinstance(data, dict) or "nodes" not in data or "links" not in data:
        raise KgError(f"{path} is not a kg graph.json (node-link JSON with nodes and links)")
    import networkx as nx

    return nx.node_link_graph(data, directed=True, multigraph=True, edges="links")
