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
import os
import shutil
import tempfile
import threading
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from json.encoder import encode_basestring as _enc_str  # the C encoder used by json.dumps(ensure_ascii=False)
from operator import itemgetter
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kg import __version__
from kg.errors import KgError
from kg.jsonio import atomic_write_text, dumps_canonical

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


class GraphMerger:
    """The graph being merged. Add each document once (`add`, or `add_digest` with its rank)."""

    def __init__(self) -> None:
        self._seq = 0
        self._documents: dict[str, tuple[int, dict[str, Any]]] = {}
        self._rank_doc: dict[int, str] = {}
        # nid -> [rank of the sighting that named it, {type, name, region attrs}]
        self._nodes: dict[str, list[Any]] = {}
        self._attr_rank: dict[str, dict[str, int]] = {}
        self._aliases: dict[str, set[str]] = {}
        # nid -> [(rank, the digest's mentions of the node in that document: graph.json text)]
        self._mentions: dict[str, list[tuple[int, list[Any]]]] = {}
        self._odd_mentions: set[str] = set()  # nodes with mentions given as lists, not text
        # (src, dst, type) -> [programs, titles, purposes, {(doc, text): (no amount, rank, date, amount)}],
        # each None until there is one
        self._edges: dict[tuple[str, str, str], list[Any]] = {}

    # ---- input

    def add(self, ex: dict[str, Any], rank: int | None = None) -> None:
        self.add_digest(digest_extraction(ex), rank)

    def add_digest(self, dg: dict[str, Any], rank: int | None = None) -> None:
        if rank is None:
            rank = self._seq
        self._seq = max(self._seq, rank + 1)
        doc, meta = dg["id"], dg["doc"]
        old = self._documents.get(doc)
        if old is None or rank >= old[0]:  # in rank order, the last record of a document id wins
            self._documents[doc] = (rank, meta)
        self._rank_doc[rank] = doc
        nodes, attr_rank, aliases, mentions = self._nodes, self._attr_rank, self._aliases, self._mentions
        nids = []
        for entry in dg["nodes"]:
            nid, ms = entry[0], entry[1]
            nids.append(nid)
            n = nodes.get(nid)
            short = len(entry) == 2
            if n is None:
                if short:
                    etype, _, name = nid.partition(":")
                    nodes[nid] = [rank, {"type": etype, "name": name}]
                else:
                    node = {"type": entry[2], "name": entry[3]}
                    attrs = entry[4]
                    if attrs:
                        node.update(attrs)
                        attr_rank[nid] = dict.fromkeys(attrs, rank)
                    nodes[nid] = [rank, node]
            else:
                node = n[1]
                if rank < n[0]:
                    n[0] = rank
                    if short:
                        node["type"], _, node["name"] = nid.partition(":")
                    else:
                        node["type"], node["name"] = entry[2], entry[3]
                if not short and entry[4]:
                    ar = attr_rank.setdefault(nid, {})
                    for a, v in entry[4].items():
                        if a not in node or rank < ar.get(a, rank + 1):
                            node[a] = v
                            ar[a] = rank
            if not short and entry[5]:
                al = aliases.get(nid)
                if al is None:
                    aliases[nid] = set(entry[5])
                else:
                    al.update(entry[5])
            if ms:
                lst = mentions.get(nid)
                if lst is None:
                    mentions[nid] = [(rank, ms)]
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
                rec = edges[key] = [None, None, None, None]
            if len(e) == 3:
                continue
            evs = e[3]
            if evs:
                evd = rec[3]
                if evd is None:
                    evd = rec[3] = {}
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
                        if rec[j] is None:
                            rec[j] = list(vals)
                        else:
                            rec[j].extend(vals)

    # ---- output

    def __len__(self) -> int:
        return len(self._nodes)

    def counts(self) -> tuple[dict[str, int], dict[str, int]]:
        """(nodes by type, links by type), sorted by type."""
        nt = Counter(n[1]["type"] for n in self._nodes.values())
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

    def _node_mentions(self, nid: str, key: Callable[[tuple], Any]) -> _Mentions:
        """The node's mentions grouped by document, in (doc, sentence, start, end) order, deduplicated."""
        lst = self._mentions.get(nid)
        if not lst:
            return _Mentions([])
        if len(lst) > 1:
            lst.sort(key=key)
        names = self._rank_doc
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

    def node_items(self, raw: bool = False) -> Iterator[tuple[str, dict[str, Any]]]:
        """(id, attributes) in id order. raw: mentions as a _Mentions object (for the writer)."""
        key = self._group_key()
        for nid in sorted(self._nodes):
            node = dict(self._nodes[nid][1])
            name = node["name"]
            al = self._aliases.get(nid)
            node["aliases"] = sorted(a for a in al if a != name) if al else []
            ms = self._node_mentions(nid, key)
            node["mentions"] = ms if raw else ms.dicts()
            yield nid, node

    def link_items(self, raw: bool = False) -> Iterator[tuple[str, str, str, dict[str, Any]]]:
        """(source, target, type, attributes) in (source, target, type) order. raw: evidence as an
        _Evidence object (for the writer)."""
        for key in sorted(self._edges):
            src, dst, rtype = key
            programs, titles, purposes, evd = self._edges[key]
            # sorted by (date, doc, text); (doc, text) is unique, so the rest never decides
            ev = _Evidence(sorted((date or "", doc, text, date, amount)
                                  for (doc, text), (_no_amount, _rank, date, amount) in evd.items())
                           if evd else [])
            attrs: dict[str, Any] = {"type": rtype, "evidence": ev if raw else ev.dicts()}
            if rtype == "FUNDS":
                amounts = ev.amounts()
                if amounts:
                    attrs["amount_yuan"] = sum(amounts)
            for a, vals in (("program", programs), ("title", titles), ("purpose", purposes)):
                v = _most_common(vals) if vals else None
                if v:
                    attrs[a] = v
            yield src, dst, rtype, attrs

    def to_networkx(self) -> nx.MultiDiGraph:
        import networkx as nx

        g = nx.MultiDiGraph()
        g.graph.update(self.graph_attrs())
        for nid, node in self.node_items():
            g.add_node(nid, **node)
        for src, dst, rtype, attrs in self.link_items():
            g.add_edge(src, dst, key=rtype, **attrs)
        return g

    def write(self, path: str | Path, parallel: bool = False) -> None:
        """graph.json, streamed: the same bytes as write_graph(self.to_networkx(), path).
        parallel: links and nodes are written by two processes (see _stream_node_link)."""

        def nodes() -> Iterator[dict[str, Any]]:
            for nid, node in self.node_items(raw=True):
                yield {"id": nid, **node}

        def links() -> Iterator[dict[str, Any]]:
            for src, dst, rtype, attrs in self.link_items(raw=True):
                yield {"source": src, "target": dst, "key": rtype, **attrs}

        try:
            _stream_node_link(path, self.graph_attrs(), links(), nodes(), fork_links=parallel)
        except _Unsupported:
            atomic_write_text(path, dumps_graph(self.to_networkx()))


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


def _write_list(f: Any, items: Iterable[dict[str, Any]]) -> None:
    """A list of dicts at depth 1 of graph.json ("links", "nodes"), to the binary file f.

    A node's rendered mentions (ASCII, most of the bytes) are encoded on their own: joined into the rest
    of the node (which has Chinese text) they would be widened to 2 bytes a character and narrowed back."""
    out: list[bytes] = []
    first = True
    for item in items:
        out.append(b"[\n  " if first else b",\n  ")
        first = False
        ms = item.get("mentions")
        if type(ms) is _Mentions and ms.text and ms.groups:
            before, slot, after = _encode({**item, "mentions": "\x00"}, 2).partition(_MENTIONS_SLOT)
            if slot:
                out += (before.encode("utf-8"), b'"mentions": ', ms.encode(MENTION_LEVEL - 1).encode("utf-8"),
                        after.encode("utf-8"))
            else:  # pragma: no cover - an item rendered unlike a node
                out.append(_encode(item, 2).encode("utf-8"))
        else:
            out.append(_encode(item, 2).encode("utf-8"))
        if len(out) > _FLUSH_PIECES:
            f.write(b"".join(out))
            out.clear()
    out.append(b"[]" if first else b"\n ]")
    f.write(b"".join(out))


def _fork_ok() -> bool:
    """Forking is safe here: a POSIX system and no other thread (which could hold a lock the child
    needs)."""
    return hasattr(os, "fork") and threading.active_count() == 1


def _stream_node_link(path: str | Path, graph: dict[str, Any], links: Iterable[dict[str, Any]],
                      nodes: Iterable[dict[str, Any]], fork_links: bool = False) -> None:
    """Write dumps_canonical({directed, multigraph, graph, nodes, links}, indent=1) + "\n" atomically
    (temp file + fsync + rename), a piece at a time.

    fork_links: a forked child writes the links to a temp file while this process writes the nodes to
    another; both are then copied into place (two cores instead of one; the child shares this
    process's memory copy-on-write and only reads it)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name[:24]}.", suffix=".tmp", dir=path.parent)
    temps = [tmp]
    child = 0
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(('{\n "directed": true,\n "graph": ' + _encode(graph, 1) + ',\n "links": ').encode("utf-8"))
            if fork_links and _fork_ok():
                lfd, ltmp = tempfile.mkstemp(prefix=".links.", suffix=".tmp", dir=path.parent)
                nfd, ntmp = tempfile.mkstemp(prefix=".nodes.", suffix=".tmp", dir=path.parent)
                temps += [ltmp, ntmp]
                child = os.fork()
                if child == 0:  # pragma: no cover - runs in the child
                    code = 1
                    try:
                        os.close(nfd)
                        with os.fdopen(lfd, "wb") as lf:
                            _write_list(lf, links)
                        code = 0
                    except _Unsupported:
                        code = 3
                    except BaseException:
                        code = 1
                    finally:
                        os._exit(code)
                os.close(lfd)
                with os.fdopen(nfd, "w+b") as nf:
                    _write_list(nf, nodes)
                    _, status = os.waitpid(child, 0)
                    child = 0
                    code = os.waitstatus_to_exitcode(status)
                    if code == 3:
                        raise _Unsupported
                    if code == 0:
                        with open(ltmp, "rb") as lf:
                            shutil.copyfileobj(lf, f, 1 << 20)
                    else:  # the child failed (killed?): do its part here
                        _write_list(f, links)
                    f.write(b',\n "multigraph": true,\n "nodes": ')
                    nf.seek(0)
                    shutil.copyfileobj(nf, f, 1 << 20)
            else:
                _write_list(f, links)
                f.write(b',\n "multigraph": true,\n "nodes": ')
                _write_list(f, nodes)
            f.write(b"\n}\n")
            f.flush()
            os.fsync(f.fileno())
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, path)
        temps.remove(tmp)
    finally:
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
