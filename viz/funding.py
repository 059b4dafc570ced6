"""The funding page's data: FUNDS relations summed by funder, by recipient, by funder → recipient pair and
by programme, each total with the evidence sentences behind it.

A sentence that supports several relations (or one relation twice) is counted once in every total:
totals are sums over distinct (document, sentence, amount) evidence, as on the map (geomap.distinct_amount).
"""

from __future__ import annotations

from typing import Any

import networkx as nx

from viz.geomap import distinct_amount
from viz.render import FONT_STACK, evidence_rows, format_amount

TOP = 30  # bars per chart and funders/recipients in the Sankey; the rest are summed as "其他 others"


def _name(g: nx.MultiDiGraph, n: str) -> str:
    return str(g.nodes[n].get("name") or n)


def _group(keyed: list[tuple[Any, dict, str, str]]) -> list[dict[str, Any]]:
    """(key, relation, funder name, recipient name) rows → one total per key, biggest first."""
    groups: dict[Any, list[tuple[dict, str, str]]] = {}
    for key, d, s, t in keyed:
        groups.setdefault(key, []).append((d, s, t))
    out = []
    for k, rs in groups.items():
        amount = distinct_amount([d for d, _, _ in rs])
        evidence = []
        for d, s, t in rs:
            evidence += [dict(e, pair=f"{s} → {t}") for e in evidence_rows(d)]
        out.append({"key": list(k) if isinstance(k, tuple) else k, "yuan": amount or 0.0,
                    "amount": format_amount(amount) if amount else "金额未知",
                    "relations": [{"source": s, "type": "FUNDS", "target": t} for _, s, t in rs],
                    "evidence": evidence, "n": len(rs)})
    out.sort(key=lambda r: (-r["yuan"], str(r["key"])))
    return out


def _programme_names(full: nx.MultiDiGraph) -> list[tuple[str, list[str]]]:
    """(programme, [its name and aliases]) for every Program node, longest forms first."""
    out = []
    for _n, d in sorted(full.nodes(data=True)):
        if d.get("type") == "Program" and d.get("name"):
            forms = sorted({str(d["name"]), *map(str, d.get("aliases") or ())}, key=lambda f: (-len(f), f))
            out.append((str(d["name"]), [f for f in forms if len(f) >= 2]))
    return out


def by_programme(rows: list[tuple[dict, str, str]], full: nx.MultiDiGraph) -> list[dict[str, Any]]:
    """Totals per programme: a relation's evidence sentence counts for every programme it names (its
    relation's own `program` too); each sentence once per programme."""
    progs = _programme_names(full)
    per: list[tuple[str, dict, str, str]] = []
    for d, s, t in rows:
        for e in d.get("evidence") or ():
            named = {p for p, forms in progs if any(f in str(e.get("text") or "") for f in forms)}
            if d.get("program"):
                named.add(str(d["program"]))
            per += [(p, {"evidence": [e]}, s, t) for p in sorted(named)]
    return _group(per)


def funding_data(g: nx.MultiDiGraph, full: nx.MultiDiGraph | None = None, *, title: str, description: str = "",
                 notice: str = "") -> dict[str, Any]:
    """Everything funding.js draws: bars by funder / recipient / programme, Sankey bands, counts. Programmes
    are looked up in `full` (the whole graph), relations come from g (the selection)."""
    rows = []
    for u, v, _k, d in sorted(g.edges(keys=True, data=True), key=lambda t: t[:3]):
        if d.get("type") == "FUNDS":
            rows.append((d, _name(g, u), _name(g, v)))
    funders = _group([(s, d, s, t) for d, s, t in rows])
    recipients = _group([(t, d, s, t) for d, s, t in rows])
    pairs = _group([((s, t), d, s, t) for d, s, t in rows])
    programmes = by_programme(rows, full if full is not None else g)
    total = distinct_amount([r[0] for r in rows])
    if not notice and not rows:
        notice = "此视图为空：图中没有资金（FUNDS）关系。 (No FUNDS relations in this graph.)"
    return {
        "title": title, "description": description, "notice": notice, "font": FONT_STACK,
        "total": format_amount(total) if total else "", "top": TOP,
        "counts": {"relations": len(rows), "funders": len(funders), "recipients": len(recipients)},
        "funders": funders, "recipients": recipients, "pairs": pairs, "programmes": programmes,
    }
