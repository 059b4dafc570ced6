"""Merge per-document digests (kg.digest) into one graph: GraphMerger.

`GraphMerger.add_digest(dg, rank)` folds one digest into the graph; `rank` is the document's place in the
build order, and every order-dependent choice (a node's name, a region's attributes, which of two
evidence sentences is kept, which document record wins) is decided by rank, not by arrival, so any
arrival order gives the graph that merging in rank order gives. Every document's contribution stays
attributable to its rank, so that an incremental build (kg.graphindex) can take documents out again and
save and restore single items (`node_record`, `load_node`, ...).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from itertools import groupby
from operator import itemgetter
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kg import __version__
from kg.digest import digest_extraction
from kg.graphjson import (
    Evidence,
    EvidenceAmounts,
    Mentions,
    item_bytes,
    mention_tuples,
    render_mentions,
    write_node_link,
)

if TYPE_CHECKING:
    import networkx as nx

AMOUNT_LINK = "FUNDS"  # the link type whose amount_yuan sums its evidence's amounts


def _most_common(values: list[str]) -> str | None:
    values = [v for v in values if v]
    if not values:
        return None
    counts = Counter(values)
    return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[0][0]



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
    what an incremental re-build (kg.graphindex) needs. Ranks need only be ordered, not consecutive."""

    def __init__(self, spill: Any = None) -> None:
        """spill: where the documents' rendered mentions go instead of memory (kg.graphstate.MentionSpill,
        for a full build: most of the merge's bytes, needed only when the store is filled)."""
        self._spill = spill
        self._unspilled: set[str] = set()  # nodes whose spilled mentions were taken back (load_spilled)
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
        self._strings: dict[str, str] = {}

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
        spill = self._spill
        one = self._strings.setdefault  # one copy of each id, date, type and value kept (not one a document)
        nids = []
        for entry in dg["nodes"]:
            nid, ms = one(entry[0], entry[0]), entry[1]
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
            if ms and spill is not None and type(ms) is str:
                spill.put(nid, rank, ms)
            elif ms:
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
            key = (nids[e[0]], nids[e[1]], one(e[2], e[2]))
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
                        date = evs[j + 1]
                        evd[k] = (amount is None, rank, one(date, date) if type(date) is str else date, amount)
            if len(e) > 4:
                for j in range(3):
                    vals = e[4 + j]
                    if vals:
                        vals = [one(v, v) if type(v) is str else v for v in vals]
                        if rec[1 + j] is None:
                            rec[1 + j] = [(rank, vals)]
                        else:
                            rec[1 + j].append((rank, vals))

    # ---- taking documents out, saving and restoring items (kg.graphindex)

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

    def has_node(self, nid: str) -> bool:
        return nid in self._nodes

    def has_edge(self, key: tuple[str, str, str]) -> bool:
        return key in self._edges

    def spilled_mentions(self) -> Iterator[tuple[str, int, bytes, int, int]]:
        """The spilled mentions as the store's node_mentions rows, by (node, rank) (none without a spill)."""
        return iter(()) if self._spill is None else self._spill.rows()

    def load_spilled(self, nid: str, rows: list[tuple]) -> None:
        """Take one node's spilled mentions (its spilled_mentions rows) back into memory."""
        self.load_node(nid, [[], None, [(r[1], r[2].decode("utf-8")) for r in rows]])
        self._unspilled.add(nid)

    def unspill(self) -> None:
        """Take the spilled mentions back into memory (for a writer that renders every node whole)."""
        spill, self._spill = self._spill, None
        if spill is not None:
            for nid, rows in groupby(spill.rows(), key=itemgetter(0)):
                if nid not in self._unspilled:
                    self.load_spilled(nid, list(rows))

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

    def mention_group_key(self) -> Callable[[tuple], Any]:
        """Sort key of a node's (rank, mentions) groups that puts them in document id order: the rank
        itself when ranks follow document ids (as in kg.build), else the rank's place in that order.
        Computed once per set of documents and passed to node_item for each node."""
        if self._ranks_follow_ids():
            return itemgetter(0)
        pos = {r: p for p, r in enumerate(sorted(self._rank_doc, key=lambda r: (self._rank_doc[r], r)))}
        return lambda g: pos[g[0]]

    def _ranks_follow_ids(self) -> bool:
        names = [self._rank_doc[r] for r in sorted(self._rank_doc)]
        return all(names[i] <= names[i + 1] for i in range(len(names) - 1))

    def mentions_per_document(self) -> bool:
        """Whether every node's mentions in graph.json are its (rank, mentions) groups in rank order, one
        per document (no document id twice, ranks in document id order): then a store can keep them one
        row per document and join them (kg.graphstate)."""
        return not self._dup_ids and self._ranks_follow_ids()

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
                       ) -> Mentions:
        """The node's mentions grouped by document, in (doc, sentence, start, end) order, deduplicated."""
        if not lst:
            return Mentions([])
        if len(lst) > 1:
            lst.sort(key=key)
        names = self._rank_doc
        if not self._dup_ids:  # one group per document
            return Mentions([(names[r], ms) for r, ms in lst], text=nid not in self._odd_mentions)
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
            return Mentions([(doc, g[0]) for doc, g in out], text=nid not in self._odd_mentions)
        return Mentions([(doc, g[0]) if len(g) == 1 else
                          (doc, render_mentions(doc, sorted({t for ms in g for t in mention_tuples(doc, ms)})))
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
        """(id, attributes) in id order (of all nodes, or of `nids`). raw: mentions as a Mentions object
        (for the writer)."""
        self.unspill()
        key = self.mention_group_key()
        for nid in sorted(self._nodes if nids is None else nids):
            yield nid, self._node(nid, key, raw)

    def _link(self, k: tuple[str, str, str], raw: bool, ev: Any = None) -> dict[str, Any]:
        _refs, programs, titles, purposes, evd = self._edges[k]
        if ev is None:
            ev = evidence_of(evd)
        attrs: dict[str, Any] = {"type": k[2], "evidence": ev if raw else ev.dicts()}
        if k[2] == AMOUNT_LINK:
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
        Evidence object (for the writer)."""
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

    def node_item(self, nid: str, key: Callable[[tuple], Any] | None = None) -> dict[str, Any]:
        """The node as graph.json has it, mentions pre-rendered (graphjson.Mentions). key: mention_group_key()."""
        return {"id": nid, **self._node(nid, key or self.mention_group_key(), True)}

    def link_item(self, k: tuple[str, str, str], evidence: Evidence | EvidenceAmounts | None = None
                  ) -> dict[str, Any]:
        """The link as graph.json has it, evidence pre-rendered (graphjson.Evidence). evidence: instead of
        the merged one (a store that keeps it as rows gives its amounts: graphjson.EvidenceAmounts)."""
        return {"source": k[0], "target": k[1], "key": k[2], **self._link(k, True, evidence)}

    def write(self, path: str | Path) -> None:
        """graph.json, streamed: the same bytes as write_graph(self.to_networkx(), path)."""
        self.unspill()
        key = self.mention_group_key()
        write_node_link(path, self.graph_attrs(), (item_bytes(self.link_item(k)) for k in sorted(self._edges)),
                        (item_bytes(self.node_item(nid, key)) for nid in sorted(self._nodes)))


def evidence_of(evd: dict[tuple[str, str], tuple] | None) -> Evidence:
    """A link's evidence from its merge record's {(doc, text): (no amount, rank, date, amount)}: sorted by
    (date, doc, text); (doc, text) is unique, so the rest never decides."""
    return Evidence(sorted((date or "", doc, text, date, amount)
                           for (doc, text), (_no_amount, _rank, date, amount) in evd.items()) if evd else [])


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

