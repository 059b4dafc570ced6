"""Document-level checks of who receives money: one sum a headline gives to a region and the body to a place
inside it (the headline's 助力吉林延边, the body's 向新丰村捐款) keeps the finer recipient."""

from __future__ import annotations

from typing import Any


def _ancestors(up: dict[str, set[str]], nid: str) -> set[str]:
    seen: set[str] = set()
    todo = list(up.get(nid, ()))
    while todo:
        x = todo.pop()
        if x not in seen:
            seen.add(x)
            todo.extend(up.get(x, ()))
    return seen


def drop_coarser_funds(relations: list[dict[str, Any]], derived, headlines: set[str]) -> list[dict[str, Any]]:
    """The relations without a headline's FUNDS to a region when the body gives the same payer's same figure
    to a place that region holds (derived: the document's PART_OF / LOCATED_IN triples; headlines: the
    articles' titles). Two sentences of the body naming both levels keep both."""
    up: dict[str, set[str]] = {}
    for rtype, a, b in derived:
        if rtype in ("PART_OF", "LOCATED_IN"):
            up.setdefault(a, set()).add(b)
    funds = [r for r in relations if r["type"] == "FUNDS" and r.get("amount_yuan")]
    coarser = set()
    for r in funds:
        above = _ancestors(up, r["target"]["id"])
        for q in funds:
            if q["source"]["id"] == r["source"]["id"] and q["amount_yuan"] == r["amount_yuan"] and \
                    q["target"]["id"] in above and q["evidence"]["text"] in headlines and \
                    r["evidence"]["text"] not in headlines:
                coarser.add(id(q))
    return [r for r in relations if id(r) not in coarser]
