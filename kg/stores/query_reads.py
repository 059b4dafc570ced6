"""What part of the graph each named query needs, read from the index beside graph.json (kg.graphindex:
OUT/graph.db; graph.json read whole when the index does not describe that file), so that `kg query --graph`
on a large graph reads only what the answer depends on.

Each reader returns a subgraph on which the query's NetworkX implementation (kg.stores.embedded) gives
exactly the rows it gives on the whole graph; tests/stores/test_query_reads.py checks that for every query.
The reasoning, per query:
- below(X) ("X, or part of it, or located in it": a path of PART_OF/LOCATED_IN links into X) is closed:
  every node on such a path is itself below X, so a subgraph holding all of below(X) and the links among
  its nodes gives the same below(X);
- a link whose ends must both lie in such sets is in the subgraph of those sets (depth 0); a link of which
  one end may be anything needs one step further (depth 1);
- distances up to d from X are the same in the ball of radius d around X; a shortest path of at most 4
  links from A to B lies in the balls of radius 2 around A and B, with every alternative of equal length.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any

import networkx as nx

from kg.graphindex import links_subgraph, subgraph_below

AREA = ("PART_OF", "LOCATED_IN")  # what lies below a region

Reader = Callable[[str | os.PathLike, dict[str, Any]], nx.MultiDiGraph]


def _given(*pairs: tuple[str, str | None]) -> list[tuple[str, str | None]]:
    """The (name, type) roots whose name was given ("" means anything)."""
    return [(x, t) for x, t in pairs if x != ""]


def _beijing_chifeng_aid(graph, p):
    return subgraph_below(graph, [(p["helper"], "Region"), (p["recipient"], "Region")], AREA)


def _funding_into_region(graph, p):
    return subgraph_below(graph, [(p["region"], "Region")], AREA, depth=1)  # the funders: one link away


def _funds(graph, p):
    return links_subgraph(graph, ["FUNDS"])


def _either_or_all(graph, roots, below: tuple[str, ...], links: list[str]):
    """One side given: it (and what is below it) and one link further; both: those, no further; neither:
    every link of the query's types."""
    if not roots:
        return links_subgraph(graph, links)
    return subgraph_below(graph, roots, below, depth=1 if len(roots) == 1 else 0)


def _assistance(graph, p):
    return _either_or_all(graph, _given((p["helper"], None), (p["recipient"], None)), AREA, ["ASSISTS", "FUNDS"])


def _person_positions(graph, p):
    person, org = p["person"], p["organisation"]
    if org != "":  # organisations below it; its people one link away
        return subgraph_below(graph, [(org, None)], AREA, depth=1)
    return _either_or_all(graph, _given((person, "Person")), (), ["HOLDS_POSITION"])


def _program_implementers(graph, p):
    return _either_or_all(graph, _given((p["program"], "Program"), (p["implementer"], None)), (),
                          ["IMPLEMENTS"])


def _neighbourhood(graph, p):
    return subgraph_below(graph, [(p["name"], None)], (), depth=max(0, min(int(p["depth"]), 3)))


def _relation_evidence(graph, p):
    return subgraph_below(graph, [(p["source"], None), (p["target"], None)], ())


def _shortest_connection(graph, p):
    return subgraph_below(graph, [(p["source"], None), (p["target"], None)], (), depth=2)


def _region_profile(graph, p):
    """The region's area one link further (funders, helpers, its parent), its own mentions (the documents
    naming it), and its chain of parents, a level at a time."""
    g = subgraph_below(graph, [(p["region"], "Region")], AREA, depth=1)
    roots = [n for n, d in g.nodes(data=True) if d.get("type") == "Region" and _named(n, d, p["region"])]
    for r in roots:
        g.nodes[r]["mentions"] = subgraph_below(graph, [(r, "Region")], (), mentions=True).nodes[r]["mentions"]
    done: set[str] = set(roots)
    todo = [t for r in roots for _, t, d in g.out_edges(r, data=True) if d.get("type") == "PART_OF"]
    while todo:
        n = todo.pop()
        if n in done:
            continue
        done.add(n)
        up = subgraph_below(graph, [(n, None)], (), depth=1)
        up = up.edge_subgraph([(s, t, k) for s, t, k, d in up.out_edges(n, keys=True, data=True)
                               if d.get("type") == "PART_OF"])
        for m, d in up.nodes(data=True):
            if m not in g:
                g.add_node(m, **d)
        for s, t, k, d in up.edges(keys=True, data=True):
            if not g.has_edge(s, t, k):
                g.add_edge(s, t, key=k, **d)
            todo.append(t)
    return g


def _named(n: str, d: dict[str, Any], x: str) -> bool:
    return d.get("name") == x or x in (d.get("aliases") or ()) or n == x


READERS: dict[str, Reader] = {
    "assistance": _assistance,
    "beijing-chifeng-aid": _beijing_chifeng_aid,
    "top-funders": _funds,
    "top-recipients": _funds,
    "funding-into-region": _funding_into_region,
    "program-implementers": _program_implementers,
    "person-positions": _person_positions,
    "neighbourhood": _neighbourhood,
    "relation-evidence": _relation_evidence,
    "shortest-connection": _shortest_connection,
    "region-profile": _region_profile,
}
