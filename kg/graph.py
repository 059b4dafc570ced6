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
import tempfile
from collections import Counter
from collections.abc import Iterable, Iterator
from json.encoder import encode_basestring as _enc_str  # the C encoder used by json.dumps(ensure_ascii=False)
from pathlib import Path
from typing import Any

import networkx as nx

from kg import __version__
from kg.errors import KgError
from kg.jsonio import atomic_write_text, dumps_canonical

REGION_ATTRS = ("level", "adcode", "lon", "lat")
DIGEST_VERSION = 1
_U32 = (1 << 32) - 1


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

    {"v", "id": doc id, "doc": {doc, sha256, path, date}, "nodes": [[id, type, name, {region attrs}, [aliases],
    [sentence, start, end, ...]]], "edges": [[source index, target index, type, [programs], [titles],
    [purposes], [[text, date, amount or null], ...]]]}

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

    out_nodes = []
    for n, ms in zip(nodes, mention_sets, strict=True):
        flat: list[Any] = []
        for t in sorted(ms) if ms else ():
            flat.extend(t)
        out_nodes.append([n[0], n[1], n[2], n[3], sorted(n[4]), flat])
    out_edges = [e[:6] + [list(e[6].values())] for e in edges.values()]
    return {"v": DIGEST_VERSION, "id": doc, "doc": meta, "nodes": out_nodes, "edges": out_edges}


# ---------------------------------------------------------------------------------------- merge


class _Mention(tuple):
    """(doc, sentence, start, end) of int positions: written as a mention object without a dict."""

    __slots__ = ()


class GraphMerger:
    """The graph being merged. Add each document once (`add`, or `add_digest` with its rank)."""

    def __init__(self) -> None:
        self._seq = 0
        self._documents: dict[str, tuple[int, dict[str, Any]]] = {}
        self._doc_ix: dict[str, int] = {}
        self._doc_names: list[str] = []
        # nid -> [rank of the sighting that named it, {type, name, region attrs}]
        self._nodes: dict[str, list[Any]] = {}
        self._attr_rank: dict[str, dict[str, int]] = {}
        self._aliases: dict[str, set[str]] = {}
        # nid -> mentions, each packed into one int (doc index, sentence, start, end) or a tuple
        self._mentions: dict[str, list[Any]] = {}
        # (src, dst, type) -> [programs, titles, purposes, {(doc, text): (no amount, rank, date, amount)}]
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
        ix = self._doc_ix.get(doc)
        if ix is None:
            ix = self._doc_ix[doc] = len(self._doc_names)
            self._doc_names.append(doc)
        nodes, attr_rank, aliases, mentions = self._nodes, self._attr_rank, self._aliases, self._mentions
        nids = []
        for nid, etype, name, attrs, als, flat in dg["nodes"]:
            nids.append(nid)
            n = nodes.get(nid)
            if n is None:
                node = {"type": etype, "name": name}
                node.update(attrs)
                nodes[nid] = [rank, node]
                if attrs:
                    attr_rank[nid] = dict.fromkeys(attrs, rank)
            else:
                node = n[1]
                if rank < n[0]:
                    n[0] = rank
                    node["type"], node["name"] = etype, name
                if attrs:
                    ar = attr_rank.setdefault(nid, {})
                    for a, v in attrs.items():
                        if a not in node or rank < ar.get(a, rank + 1):
                            node[a] = v
                            ar[a] = rank
            if als:
                s = aliases.get(nid)
                if s is None:
                    aliases[nid] = set(als)
                else:
                    s.update(als)
            if flat:
                ms = mentions.get(nid)
                if ms is None:
                    ms = mentions[nid] = []
                if all(type(x) is int and 0 <= x <= _U32 for x in flat):
                    base = ix << 96
                    it = iter(flat)
                    ms.extend(base | (s << 64) | (a << 32) | b for s, a, b in zip(it, it, it, strict=True))
                else:
                    it = iter(flat)
                    ms.extend((doc, s, a, b) for s, a, b in zip(it, it, it, strict=True))
        edges = self._edges
        for si, di, rtype, programs, titles, purposes, evs in dg["edges"]:
            key = (nids[si], nids[di], rtype)
            e = edges.get(key)
            if e is None:
                e = edges[key] = [[], [], [], {}]
            if programs:
                e[0].extend(programs)
            if titles:
                e[1].extend(titles)
            if purposes:
                e[2].extend(purposes)
            evd = e[3]
            for text, date, amount in evs:
                cand = (amount is None, rank, date, amount)
                k = (doc, text)
                prev = evd.get(k)
                if prev is None or cand[:2] < prev[:2]:
                    evd[k] = cand

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

    def _node_mentions(self, nid: str) -> list[tuple]:
        names = self._doc_names
        out = set()
        for m in self._mentions.get(nid, ()):
            if type(m) is int:
                out.add((names[m >> 96], (m >> 64) & _U32, (m >> 32) & _U32, m & _U32))
            else:
                out.add(m)
        return sorted(out)

    def node_items(self, raw: bool = False) -> Iterator[tuple[str, dict[str, Any]]]:
        """(id, attributes) in id order. raw: mentions as _Mention tuples (for the writer)."""
        for nid in sorted(self._nodes):
            node = dict(self._nodes[nid][1])
            name = node["name"]
            node["aliases"] = sorted(a for a in self._aliases.get(nid, ()) if a != name)
            ms = self._node_mentions(nid)
            if raw:
                node["mentions"] = [_Mention(t) if type(t[1]) is int and type(t[2]) is int and type(t[3]) is int
                                    else {"doc": t[0], "sentence": t[1], "start": t[2], "end": t[3]}
                                    for t in ms]
            else:
                node["mentions"] = [{"doc": d, "sentence": s, "start": a, "end": b} for d, s, a, b in ms]
            yield nid, node

    def link_items(self) -> Iterator[tuple[str, str, str, dict[str, Any]]]:
        """(source, target, type, attributes) in (source, target, type) order."""
        for key in sorted(self._edges):
            src, dst, rtype = key
            programs, titles, purposes, evd = self._edges[key]
            evidence = []
            for (doc, text), (_no_amount, _rank, date, amount) in evd.items():
                ev = {"doc": doc, "text": text, "date": date}
                if amount is not None:
                    ev["amount_yuan"] = amount
                evidence.append(ev)
            evidence.sort(key=lambda ev: (ev.get("date") or "", ev["doc"], ev["text"]))
            attrs: dict[str, Any] = {"type": rtype, "evidence": evidence}
            if rtype == "FUNDS":
                amounts = [ev["amount_yuan"] for ev in evidence if ev.get("amount_yuan") is not None]
                if amounts:
                    attrs["amount_yuan"] = sum(amounts)
            for a, vals in (("program", programs), ("title", titles), ("purpose", purposes)):
                v = _most_common(vals)
                if v:
                    attrs[a] = v
            yield src, dst, rtype, attrs

    def to_networkx(self) -> nx.MultiDiGraph:
        g = nx.MultiDiGraph()
        g.graph.update(self.graph_attrs())
        for nid, node in self.node_items():
            g.add_node(nid, **node)
        for src, dst, rtype, attrs in self.link_items():
            g.add_edge(src, dst, key=rtype, **attrs)
        return g

    def write(self, path: str | Path) -> None:
        """graph.json, streamed: the same bytes as write_graph(self.to_networkx(), path)."""

        def nodes() -> Iterator[dict[str, Any]]:
            for nid, node in self.node_items(raw=True):
                yield {"id": nid, **node}

        def links() -> Iterator[dict[str, Any]]:
            for src, dst, rtype, attrs in self.link_items():
                yield {"source": src, "target": dst, "key": rtype, **attrs}

        try:
            _stream_node_link(path, self.graph_attrs(), links(), nodes())
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


_FLUSH_PIECES = 8192  # strings gathered before a write


def _encode(o: Any, level: int, out: list[str]) -> None:
    """Append json.dumps(o, ensure_ascii=False, sort_keys=True, indent=1, allow_nan=False) as if o were
    nested `level` deep. Exact for str keys and str/int/float/bool/None/list/tuple/dict values."""
    t = type(o)
    if t is str:
        out.append(_enc_str(o))
    elif t is dict:
        if not o:
            out.append("{}")
            return
        nl = "\n" + " " * (level + 1)
        sep = "{" + nl
        for k in sorted(o):
            if type(k) is not str:
                raise _Unsupported
            v = o[k]
            tv = type(v)
            if tv is str:
                out.append(f"{sep}{_enc_str(k)}: {_enc_str(v)}")
            elif tv is int:
                out.append(f"{sep}{_enc_str(k)}: {int.__repr__(v)}")
            elif v is None:
                out.append(f"{sep}{_enc_str(k)}: null")
            else:
                out.append(f"{sep}{_enc_str(k)}: ")
                _encode(v, level + 1, out)
            sep = "," + nl
        out.append("\n" + " " * level + "}")
    elif t is list or t is tuple:
        if not o:
            out.append("[]")
            return
        nl = "\n" + " " * (level + 1)
        sep = "[" + nl
        for v in o:
            tv = type(v)
            if tv is str:
                out.append(sep + _enc_str(v))
            elif tv is _Mention:
                out.append(sep)
                _mention(v, level + 1, out)
            else:
                out.append(sep)
                _encode(v, level + 1, out)
            sep = "," + nl
        out.append("\n" + " " * level + "]")
    elif t is _Mention:
        _mention(o, level, out)
    elif o is None:
        out.append("null")
    elif o is True:
        out.append("true")
    elif o is False:
        out.append("false")
    elif t is int:
        out.append(int.__repr__(o))
    elif t is float:
        if o != o or o in (float("inf"), float("-inf")):
            raise ValueError("Out of range float values are not JSON compliant")
        out.append(float.__repr__(o))
    else:
        raise _Unsupported


def _mention(m: _Mention, level: int, out: list[str]) -> None:
    doc, s, a, b = m
    i = "\n" + " " * (level + 1)
    out.append(f'{{{i}"doc": {_enc_str(doc)},{i}"end": {b},{i}"sentence": {s},{i}"start": {a}'
               f'\n{" " * level}}}')


def _stream_node_link(path: str | Path, graph: dict[str, Any], links: Iterable[dict[str, Any]],
                      nodes: Iterable[dict[str, Any]]) -> None:
    """Write dumps_canonical({directed, multigraph, graph, nodes, links}, indent=1) + "\\n" atomically
    (temp file + fsync + rename), a piece at a time."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name[:24]}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            out: list[str] = ['{\n "directed": true,\n "graph": ']
            _encode(graph, 1, out)
            for name, items in (("links", links), ("nodes", nodes)):
                if name == "nodes":
                    out.append(',\n "multigraph": true')
                out.append(f',\n "{name}": ')
                first = True
                for item in items:
                    out.append("[\n  " if first else ",\n  ")
                    first = False
                    _encode(item, 2, out)
                    if len(out) > _FLUSH_PIECES:
                        f.write("".join(out).encode("utf-8"))
                        out.clear()
                out.append("[]" if first else "\n ]")
            out.append("\n}\n")
            f.write("".join(out).encode("utf-8"))
            f.flush()
            os.fsync(f.fileno())
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


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
    return nx.node_link_graph(data, directed=True, multigraph=True, edges="links")
