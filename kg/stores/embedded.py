"""The named queries on graph.json: a NetworkX implementation of each cypher/queries/NAME.cypher with the same
columns, rows and order (tests/stores checks the parity on real graphs against the Bolt stand-in)."""

from __future__ import annotations

from collections import defaultdict, deque
from collections.abc import Callable
from typing import Any

import networkx as nx

SCHEMA_RELS = ("ASSISTS", "FUNDS", "IMPLEMENTS", "HOLDS_POSITION", "PART_OF", "LOCATED_IN")


class View:
    """graph.json as the Neo4j store sees it."""

    def __init__(self, g: nx.MultiDiGraph):
        self.g = g
        self.nodes = {n: dict(g.nodes[n], id=n) for n in g.nodes}
        self.edges = [(s, t, d) for s, t, d in g.edges(data=True) if d.get("type") in SCHEMA_RELS]
        self.out: dict[str, list] = defaultdict(list)
        self.inc: dict[str, list] = defaultdict(list)
        for e in self.edges:
            self.out[e[0]].append(e)
            self.inc[e[1]].append(e)

    def name(self, n: str) -> str:
        return self.nodes[n].get("name") or n

    def match(self, x: Any, etype: str | None = None) -> list[str]:
        return sorted(
            n for n, d in self.nodes.items()
            if (etype is None or d.get("type") == etype)
            and (d.get("name") == x or x in (d.get("aliases") or ()) or n == x)
        )

    def below(self, roots: list[str], types: tuple[str, ...]) -> set[str]:
        """Nodes with a path of `types` links (any length, 0 included) into one of roots."""
        seen = set(roots)
        todo = deque(roots)
        while todo:
            n = todo.popleft()
            for s, _, d in self.inc[n]:
                if d["type"] in types and s not in seen:
                    seen.add(s)
                    todo.append(s)
        return seen


def _f(v: Any) -> float | None:
    return None if v is None else float(v)


def _docs(d: dict) -> list[str]:
    return [e["doc"] for e in d.get("evidence") or ()]


def nullkey(v: Any) -> tuple:
    """Cypher's ascending order: nulls last."""
    return (v is None, v if v is not None else 0)


def q_beijing_chifeng_aid(v: View, p: dict) -> list[dict]:
    src = v.below(v.match(p["helper"], "Region"), ("PART_OF", "LOCATED_IN"))
    dst = v.below(v.match(p["recipient"], "Region"), ("PART_OF",))
    rows = []
    for s, t, d in v.edges:
        if d["type"] in ("ASSISTS", "FUNDS") and s in src and t in dst:
            ev = d.get("evidence") or ()
            rows.append({"source": v.name(s), "relation": d["type"], "target": v.name(t),
                         "program": d.get("program"), "amount_yuan": _f(d.get("amount_yuan")),
                         "evidence_count": len(ev), "evidence": [e["text"] for e in ev[:int(p["evidence_limit"])]],
                         "source_id": s, "target_id": t})
    rows.sort(key=lambda r: (r["source"], r["relation"], r["target"], r["source_id"], r["target_id"]))
    return rows


def _top(v: View, p: dict, by_source: bool) -> list[dict]:
    total: dict[str, float] = defaultdict(float)
    other: dict[str, set] = defaultdict(set)
    for s, t, d in v.edges:
        if d["type"] == "FUNDS":
            k, o = (s, t) if by_source else (t, s)
            total[k] += float(d.get("amount_yuan") or 0.0)
            other[k].add(o)
    who, cnt = ("funder", "recipients") if by_source else ("recipient", "funders")
    rows = [{who: v.name(k), "type": v.nodes[k].get("type"), "amount_yuan": total[k], cnt: len(other[k]), "id": k}
            for k in total]
    rows.sort(key=lambda r: (-r["amount_yuan"], r[who], r["id"]))
    return rows[: max(int(p["limit"]), 0)]


def q_top_funders(v: View, p: dict) -> list[dict]:
    return _top(v, p, True)


def q_top_recipients(v: View, p: dict) -> list[dict]:
    return _top(v, p, False)


def q_funding_into_region(v: View, p: dict) -> list[dict]:
    dst = v.below(v.match(p["region"], "Region"), ("PART_OF", "LOCATED_IN"))
    rows = []
    for s, t, d in v.edges:
        if d["type"] == "FUNDS" and t in dst:
            amt = _f(d.get("amount_yuan"))
            rows.append({"funder": v.name(s), "recipient": v.name(t), "amount_yuan": amt,
                         "purpose": d.get("purpose"), "program": d.get("program"),
                         "evidence_count": len(_docs(d)), "funder_id": s, "recipient_id": t,
                         "sort_amount": -1.0 if amt is None else amt})
    rows.sort(key=lambda r: (-r["sort_amount"], r["funder"], r["recipient"], r["funder_id"], r["recipient_id"]))
    return rows


def _within(v: View, x: str) -> set[str] | None:
    """What is `x` or part of it or located in it (None: `x` is "", anything)."""
    return None if x == "" else v.below(v.match(x), ("PART_OF", "LOCATED_IN"))


def q_program_implementers(v: View, p: dict) -> list[dict]:
    prog, impl = p["program"], p["implementer"]
    wanted = None if prog == "" else set(v.match(prog, "Program"))
    by = None if impl == "" else set(v.match(impl))
    rows = []
    for s, t, d in v.edges:
        if d["type"] == "IMPLEMENTS" and v.nodes[t].get("type") == "Program" and (wanted is None or t in wanted) \
                and (by is None or s in by):
            rows.append({"program": v.name(t), "implementer": v.name(s), "type": v.nodes[s].get("type"),
                         "evidence_count": len(_docs(d)), "documents": _docs(d), "program_id": t,
                         "implementer_id": s})
    rows.sort(key=lambda r: (r["program"], r["implementer"], r["program_id"], r["implementer_id"]))
    return rows


def q_person_positions(v: View, p: dict) -> list[dict]:
    person = p["person"]
    wanted = None if person == "" else set(v.match(person, "Person"))
    within = _within(v, p["organisation"])
    rows = []
    for s, t, d in v.edges:
        if d["type"] == "HOLDS_POSITION" and v.nodes[s].get("type") == "Person" and (wanted is None or s in wanted) \
                and (within is None or t in within):
            rows.append({"person": v.name(s), "title": d.get("title"), "organisation": v.name(t),
                         "organisation_type": v.nodes[t].get("type"), "evidence_count": len(_docs(d)),
                         "person_id": s, "organisation_id": t})
    rows.sort(key=lambda r: (r["person"], r["organisation"], r["person_id"], r["organisation_id"]))
    return rows


def q_assistance(v: View, p: dict) -> list[dict]:
    helpers, recipients = _within(v, p["helper"]), _within(v, p["recipient"])
    rows = []
    for s, t, d in v.edges:
        if d["type"] not in ("ASSISTS", "FUNDS") or p["relation"] not in ("", d["type"]):
            continue
        if (helpers is None or s in helpers) and (recipients is None or t in recipients):
            rows.append({"source": v.name(s), "relation": d["type"], "target": v.name(t),
                         "program": d.get("program"), "amount_yuan": _f(d.get("amount_yuan")),
                         "evidence_count": len(_docs(d)), "source_id": s, "target_id": t})
    rows.sort(key=lambda r: (r["source"], r["relation"], r["target"], r["source_id"], r["target_id"]))
    return rows


def _undirected(v: View) -> dict[str, set[str]]:
    adj: dict[str, set[str]] = defaultdict(set)
    for s, t, _ in v.edges:
        adj[s].add(t)
        adj[t].add(s)
    return adj


def q_neighbourhood(v: View, p: dict) -> list[dict]:
    depth = min(int(p["depth"]), 3)
    adj = _undirected(v)
    dist = {c: 0 for c in v.match(p["name"])}
    todo = deque(dist)
    while todo:
        n = todo.popleft()
        if dist[n] >= depth:
            continue
        for m in sorted(adj[n]):
            if m not in dist:
                dist[m] = dist[n] + 1
                todo.append(m)
    rows = [{"name": v.name(n), "type": v.nodes[n].get("type"), "distance": k, "id": n}
            for n, k in dist.items() if k <= int(p["depth"])]
    rows.sort(key=lambda r: (r["distance"], r["name"], r["id"]))
    return rows


def q_relation_evidence(v: View, p: dict) -> list[dict]:
    a = set(v.match(p["source"]))
    b = set(v.match(p["target"]))
    rows = []
    for s, t, d in v.edges:
        if not ((s in a and t in b) or (s in b and t in a)):
            continue
        if p["relation"] not in ("", d["type"]):
            continue
        for e in d.get("evidence") or ():
            date = e.get("date") or None
            rows.append({"source": v.name(s), "relation": d["type"], "target": v.name(t), "date": date,
                         "doc": e["doc"], "amount_yuan": _f(e.get("amount_yuan")), "text": e["text"],
                         "sort_date": date or "~"})
    rows.sort(key=lambda r: (r["sort_date"], r["doc"], r["text"], r["relation"], r["source"], r["target"]))
    return rows


def q_shortest_connection(v: View, p: dict) -> list[dict]:
    adj = _undirected(v)
    sources, targets = v.match(p["source"]), set(v.match(p["target"]))
    between: dict[tuple[str, str], list] = defaultdict(list)
    for s, t, d in v.edges:
        between[(s, t)].append((s, d["type"]))
        between[(t, s)].append((s, d["type"]))
    # BFS layers from all sources at once, then walk back along the layers (paths of length 1..4)
    best = None
    seqs: list[list[str]] = []
    for a in sources:
        dist = {a: 0}
        preds: dict[str, list[str]] = defaultdict(list)
        frontier = [a]
        while frontier and dist[frontier[0]] < 4:
            nxt = []
            for n in frontier:
                for m in adj[n]:
                    if m not in dist:
                        dist[m] = dist[n] + 1
                        nxt.append(m)
                    if dist[m] == dist[n] + 1:
                        preds[m].append(n)
            frontier = nxt

        def walk(n: str, a: str = a, preds: dict = preds) -> list[list[str]]:
            if n == a:
                return [[a]]
            return [path + [n] for pr in preds[n] for path in walk(pr)]

        for b in targets:
            if b in dist and dist[b] >= 1:
                if best is None or dist[b] < best:
                    best, seqs = dist[b], []
                if dist[b] == best:
                    seqs.extend(walk(b))
            elif b == a and best is None:
                pass
    rows = []
    for seq in seqs:
        chains: list[tuple[str, list[str]]] = [(v.name(seq[0]), [])]
        for x, y in zip(seq, seq[1:], strict=False):
            step = []
            for start, rtype in between[(x, y)]:
                arrow = f" -[{rtype}]-> " if start == x else f" <-[{rtype}]- "
                step.append((arrow, rtype))
            chains = [(c + arrow + v.name(y), types + [rtype]) for c, types in chains for arrow, rtype in step]
        for path, types in chains:
            rows.append({"hops": len(seq) - 1, "path": path, "names": [v.name(n) for n in seq], "relations": types})
    rows.sort(key=lambda r: r["path"])
    return rows


def q_region_profile(v: View, p: dict) -> list[dict]:
    rows = []
    for r in v.match(p["region"], "Region"):
        parents, seen, cur = [], {r}, [r]
        while cur:  # nearest first
            nxt = []
            for n in cur:
                for _, t, d in v.out[n]:
                    if d["type"] == "PART_OF" and t not in seen and v.nodes[t].get("type") == "Region":
                        seen.add(t)
                        parents.append(v.name(t))
                        nxt.append(t)
            cur = nxt
        subs = sorted(v.name(s) for s, _, d in v.inc[r] if d["type"] == "PART_OF" and v.nodes[s].get("type") == "Region")
        area = v.below([r], ("PART_OF", "LOCATED_IN"))
        funds = [(s, t, d) for s, t, d in v.edges if d["type"] == "FUNDS" and t in area]
        helpers = sorted({v.name(s) for s, t, d in v.edges if d["type"] == "ASSISTS" and t in area})
        docs = {m["doc"] for m in v.nodes[r].get("mentions") or ()}
        rows.append({"name": v.name(r), "level": v.nodes[r].get("level"), "adcode": v.nodes[r].get("adcode"),
                     "parents": parents, "subregions": subs,
                     "funding_in_yuan": sum((float(d.get("amount_yuan") or 0.0) for _, _, d in funds), 0.0),
                     "funds_links": len(funds), "funders": len({s for s, _, _ in funds}),
                     "assisted_by": helpers, "documents": len(docs), "id": r})
    rows.sort(key=lambda x: x["id"])
    return rows


EMBEDDED: dict[str, Callable[[View, dict], list[dict]]] = {
    "assistance": q_assistance,
    "beijing-chifeng-aid": q_beijing_chifeng_aid,
    "top-funders": q_top_funders,
    "top-recipients": q_top_recipients,
    "funding-into-region": q_funding_into_region,
    "program-implementers": q_program_implementers,
    "person-positions": q_person_positions,
    "neighbourhood": q_neighbourhood,
    "relation-evidence": q_relation_evidence,
    "shortest-connection": q_shortest_connection,
    "region-profile": q_region_profile,
}
