"""`kg show NAME`: one entity with its aliases, relations in and out, and their evidence.

:func:`show` answers from the graph store beside graph.json (kg.graphindex: only the entity's row and
its links are read) when it describes that graph.json, else from graph.json itself; both give the same
answer.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any

from kg.errors import KgError, NotFoundError

if TYPE_CHECKING:
    import networkx as nx


def show(graph: str | os.PathLike, name: str) -> dict[str, Any]:
    """show_entity for the graph.json at `graph` (a file or its directory)."""
    if not name.strip():
        raise KgError("an entity name is required (got an empty one)")
    from kg import graphindex

    db = graphindex.open_for(graph)
    if db is None:
        from kg.graph import read_graph

        return show_entity(read_graph(graph), name)
    try:
        return _show_indexed(db, name)
    finally:
        db.close()


def _pick(candidates: list[str], counts: dict[str, int]) -> str:
    return max(candidates, key=lambda n: (counts[n], n))


def _show_indexed(db, name: str) -> dict[str, Any]:
    from kg import graphindex

    how, ids = graphindex.find_ids(db, name)
    if not ids:
        raise NotFoundError(f"no entity named '{name}'")
    if how == "partial" and len(ids) > 1:
        shown = graphindex.names(db, ids[:8])
        names = "、".join(shown[i][0] for i in ids[:8])
        raise NotFoundError(f"'{name}' is ambiguous: {names}{' …' if len(ids) > 8 else ''}")
    nid = ids[0] if len(ids) == 1 else _pick(ids, graphindex.mention_counts(db, ids))
    d = graphindex.node(db, nid)
    out = list(graphindex.links_of(db, nid, out_only=True))
    into = list(graphindex.links_of(db, nid, in_only=True))
    others = graphindex.names(db, {ln["target"] for ln in out} | {ln["source"] for ln in into})
    rels = [_relation("out", ln, *others[ln["target"]]) for ln in out]
    rels += [_relation("in", ln, *others[ln["source"]]) for ln in into]
    return _entity(nid, d, d["documents"], d["mentions"], rels)


def _relation(direction: str, data: dict[str, Any], other_name: str, other_type: str) -> dict[str, Any]:
    return {"direction": direction, "type": data["type"], "other": other_name, "other_type": other_type,
            **{k: data[k] for k in ("amount_yuan", "program", "title", "purpose") if k in data},
            "evidence": data.get("evidence", [])}


def _entity(nid: str, d: dict[str, Any], documents: list[str], mentions: int, rels: list[dict]) -> dict[str, Any]:
    rels.sort(key=lambda r: (r["direction"] != "out", r["type"], r["other"]))
    return {
        "id": nid, "name": d["name"], "type": d["type"], "aliases": d.get("aliases", []),
        **{k: d[k] for k in ("level", "adcode", "lon", "lat") if d.get(k) is not None},
        "documents": documents, "mentions": mentions, "relations": rels,
    }


def find_entity(g: nx.MultiDiGraph, name: str) -> str:
    """Node id for a name, alias or id; exact matches first, then a unique substring match."""
    if name in g:
        return name
    exact = sorted(n for n, d in g.nodes(data=True) if d.get("name") == name)
    if exact:
        return max(exact, key=lambda n: (len(g.nodes[n].get("mentions", ())), n))
    alias = sorted(n for n, d in g.nodes(data=True) if name in d.get("aliases", ()))
    if alias:
        return max(alias, key=lambda n: (len(g.nodes[n].get("mentions", ())), n))
    partial = sorted(n for n, d in g.nodes(data=True) if name in d.get("name", ""))
    if len(partial) == 1:
        return partial[0]
    if partial:
        names = "、".join(g.nodes[n]["name"] for n in partial[:8])
        raise NotFoundError(f"'{name}' is ambiguous: {names}{' …' if len(partial) > 8 else ''}")
    raise NotFoundError(f"no entity named '{name}'")


def show_entity(g: nx.MultiDiGraph, name: str) -> dict[str, Any]:
    nid = find_entity(g, name)
    d = g.nodes[nid]
    rels = []
    for direction, edges in (("out", g.out_edges(nid, data=True)), ("in", g.in_edges(nid, data=True))):
        for s, t, data in edges:
            other = t if direction == "out" else s
            rels.append(_relation(direction, data, g.nodes[other]["name"], g.nodes[other]["type"]))
    mentions = d.get("mentions", ())
    return _entity(nid, d, sorted({m["doc"] for m in mentions}), len(mentions), rels)


def format_yuan(v: float | int | None) -> str:
    if v is None:
        return ""
    if v >= 1e8:
        return f"{v / 1e8:.4g}亿元"
    if v >= 1e4:
        return f"{v / 1e4:.6g}万元"
    return f"{v:g}元"


def format_entity(info: dict[str, Any]) -> str:
    head = f"{info['name']}  [{info['type']}"
    if info.get("level"):
        head += f", {info['level']}"
    if info.get("adcode"):
        head += f", adcode {info['adcode']}"
    head += "]"
    lines = [head]
    if info["aliases"]:
        lines.append("aliases: " + "、".join(info["aliases"]))
    lines.append(f"mentioned {info['mentions']} times in {len(info['documents'])} documents")
    for r in info["relations"]:
        arrow = f"-[{r['type']}]-> {r['other']}" if r["direction"] == "out" else f"<-[{r['type']}]- {r['other']}"
        extra = [format_yuan(r.get("amount_yuan"))] + [r.get(k, "") for k in ("title", "program", "purpose")]
        extra = [x for x in extra if x]
        lines.append(f"  {arrow}" + (f"  ({'; '.join(extra)})" if extra else ""))
        for ev in r["evidence"][:5]:
            lines.append(f"      {ev.get('date') or '----------'}  {ev['doc']}: {ev['text']}")
        if len(r["evidence"]) > 5:
            lines.append(f"      … {len(r['evidence']) - 5} more")
    return "\n".join(lines)
