"""`kg show NAME`: one entity with its aliases, relations in and out, and their evidence."""

from __future__ import annotations

from typing import Any

import networkx as nx

from kg.errors import NotFoundError


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
            rels.append({
                "direction": direction, "type": data["type"], "other": g.nodes[other]["name"],
                "other_type": g.nodes[other]["type"],
                **{k: data[k] for k in ("amount_yuan", "program", "title", "purpose") if k in data},
                "evidence": data.get("evidence", []),
            })
    rels.sort(key=lambda r: (r["direction"] != "out", r["type"], r["other"]))
    return {
        "id": nid, "name": d["name"], "type": d["type"], "aliases": d.get("aliases", []),
        **{k: d[k] for k in ("level", "adcode", "lon", "lat") if d.get(k) is not None},
        "documents": sorted({m["doc"] for m in d.get("mentions", ())}),
        "mentions": len(d.get("mentions", ())), "relations": rels,
    }


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
