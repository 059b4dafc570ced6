"""Merge per-document extractions into one NetworkX MultiDiGraph and (de)serialise graph.json.

graph.json contract (DESIGN.md): NetworkX node-link JSON with `nodes` and `links`;
node: id, type, name, aliases, level/adcode/lon/lat (regions), mentions [{doc, sentence, start, end}];
link: source, target, type, evidence [{doc, text, date, amount_yuan?}], amount_yuan (FUNDS total),
program, title, purpose where known. Deterministic: same extractions -> same bytes.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import networkx as nx

from kg import __version__
from kg.errors import KgError
from kg.jsonio import atomic_write_text, dumps_canonical

REGION_ATTRS = ("level", "adcode", "lon", "lat")


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
    atomic_write_text(path, dumps_graph(g))


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
