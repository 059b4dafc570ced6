"""One document's extraction -> its digest: what the merge needs from it (kg.merge.GraphMerger.add_digest).

A digest is what the build cache stores and what workers send back; it is plain JSON data (lists, dicts,
strings, numbers), so the cache is independent of the Python version.
"""

from __future__ import annotations

from typing import Any

from kg.graphjson import render_mentions

REGION_ATTRS = ("level", "adcode", "lon", "lat")
DIGEST_VERSION = 5  # part of every build cache key (kg.buildcache.doc_key)


def entity_id(etype: str, name: str, adcode: str | None = None) -> str:
    """Stable node id: type + canonical name, regions from the gazetteer by adcode."""
    if etype == "Region" and adcode:
        return f"Region:{adcode}"
    return f"{etype}:{name}"



def digest_extraction(ex: dict[str, Any]) -> dict[str, Any]:
    """One DocExtraction (see kg.extract) -> what the merge needs from it, JSON-serialisable:

    {"v", "id": doc id, "doc": {doc, sha256, path, date}, "texts": [evidence sentence, ...],
     "nodes": [[id, mentions] or [id, mentions, type, name, {region attrs} or null, [aliases] or null]],
     "edges": [[source index, target index, type] + ([evidence] + ([programs], [titles], [purposes]))]}

    The short node form is for ids that are "<type>:<name>" with no attributes or aliases. Mentions are
    the text of their objects in graph.json (so that the writer only joins them; see render_mentions)
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

    out_nodes, texts, out_edges = _packed(doc, nodes, mention_sets, edges)
    return {"v": DIGEST_VERSION, "id": doc, "doc": meta, "texts": texts, "nodes": out_nodes,
            "edges": out_edges}


def _packed(doc: str, nodes: list[list[Any]], mention_sets: list[set[tuple] | None],
            edges: dict[tuple[int, int, str], list[Any]]) -> tuple[list, list[str], list]:
    """A document's folded nodes and edges in the digest's compact form: (nodes, texts, edges)."""
    out_nodes: list[list[Any]] = []
    for n, ms in zip(nodes, mention_sets, strict=True):
        packed = render_mentions(doc, sorted(ms)) if ms else None
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
    return out_nodes, list(texts), out_edges

