"""The merge as kg.graph.build_graph did it before GraphMerger (kept verbatim as the definition the
order-independent merge must reproduce byte for byte)."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from typing import Any

import networkx as nx

from kg import __version__
from kg.graph import REGION_ATTRS, entity_id


def _most_common(values: list[str]) -> str | None:
    values = [v for v in values if v]
    if not values:
        return None
    counts = Counter(values)
    return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[0][0]


def build_graph(extractions: Iterable[dict[str, Any]]) -> nx.MultiDiGraph:
    """Merge DocExtraction dicts (see kg.extract) in the given order into a graph."""
    nodes: dict[str, dict[str, Any]] = {}
    aliases: dict[str, set[str]] = defaultdict(set)
    mentions: dict[str, set[tuple]] = defaultdict(set)
    edges: dict[tuple[str, str, str], dict[str, Any]] = {}
    documents: dict[str, dict[str, Any]] = {}

    def add_node(ent: dict[str, Any]) -> str:
        nid = ent.get("id") or entity_id(ent["type"], ent["name"], ent.get("adcode"))
        node = nodes.get(nid)
        if node is None:
            node = {"id": nid, "type": ent["type"], "name": ent["name"]}
            nodes[nid] = node
        for a in REGION_ATTRS:
            if ent.get(a) is not None and node.get(a) is None:
                node[a] = ent[a]
        for a in ent.get("aliases", ()):
            if a != node["name"]:
                aliases[nid].add(a)
        return nid

    def add_edge(src: str, dst: str, rtype: str, attrs: dict[str, Any], evidence: dict | None) -> None:
        key = (src, dst, rtype)
        e = edges.get(key)
        if e is None:
            e = {"evidence": {}, "program": [], "title": [], "purpose": []}
            edges[key] = e
        for a in ("program", "title", "purpose"):
            if attrs.get(a):
                e[a].append(attrs[a])
        if evidence:
            ek = (evidence["doc"], evidence["text"])
            old = e["evidence"].get(ek)
            if old is None or (evidence.get("amount_yuan") is not None and old.get("amount_yuan") is None):
                e["evidence"][ek] = evidence

    for ex in extractions:
        doc = ex["doc"]
        documents[doc] = {k: ex.get(k) for k in ("doc", "sha256", "path", "date") if ex.get(k) is not None}
        for ent in ex.get("entities", ()):
            nid = add_node(ent)
            for m in ent.get("mentions", ()):
                mentions[nid].add((doc, m["sentence"], m["start"], m["end"]))
        for ent in ex.get("context_entities", ()):
            add_node(ent)
        for rel in ex.get("relations", ()):
            src = add_node(rel["source"])
            dst = add_node(rel["target"])
            ev = {"doc": doc, "text": rel["evidence"]["text"], "date": rel["evidence"].get("date")}
            if rel.get("amount_yuan") is not None:
                ev["amount_yuan"] = rel["amount_yuan"]
            add_edge(src, dst, rel["type"], rel, ev)
        for d in ex.get("derived", ()):  # PART_OF / LOCATED_IN: no evidence sentence
            src = add_node(d["source"])
            dst = add_node(d["target"])
            add_edge(src, dst, d["type"], {}, None)

    g = nx.MultiDiGraph()
    g.graph["generator"] = f"kg {__version__}"
    g.graph["documents"] = [documents[k] for k in sorted(documents)]
    for nid in sorted(nodes):
        node = dict(nodes[nid])
        node["aliases"] = sorted(aliases[nid])
        node["mentions"] = [
            {"doc": d, "sentence": s, "start": a, "end": b} for d, s, a, b in sorted(mentions[nid])
        ]
        g.add_node(nid, **{k: v for k, v in node.items() if k != "id"})
    for (src, dst, rtype) in sorted(edges):
        e = edges[(src, dst, rtype)]
        attrs: dict[str, Any] = {"type": rtype}
        evidence = [e["evidence"][k] for k in sorted(e["evidence"], key=lambda k: (k[0], k[1]))]
        evidence.sort(key=lambda ev: (ev.get("date") or "", ev["doc"], ev["text"]))
        attrs["evidence"] = evidence
        if rtype == "FUNDS":
            amounts = [ev["amount_yuan"] for ev in evidence if ev.get("amount_yuan") is not None]
            if amounts:
                attrs["amount_yuan"] = sum(amounts)
        for a in ("program", "title", "purpose"):
            v = _most_common(e[a])
            if v:
                attrs[a] = v
        g.add_edge(src, dst, key=rtype, **attrs)
    return g
