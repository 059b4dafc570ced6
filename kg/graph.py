"""The graph: one document's digest (kg.digest), the merge (kg.merge), graph.json's bytes (kg.graphjson).

graph.json contract (DESIGN.md): NetworkX node-link JSON with `nodes` and `links`;
node: id, type, name, aliases, level/adcode/lon/lat (regions), mentions [{doc, sentence, start, end}];
link: source, target, type, evidence [{doc, text, date, amount_yuan?}], amount_yuan (FUNDS total),
program, title, purpose where known. Deterministic: same extractions -> same bytes.

This module gathers the names other parts of kg use, so that `from kg.graph import read_graph` keeps
working whichever of the three modules holds them.
"""

from __future__ import annotations

from kg.digest import DIGEST_VERSION, REGION_ATTRS, digest_extraction, entity_id
from kg.graphjson import dumps_graph, read_graph, to_node_link, write_graph
from kg.merge import GraphMerger, build_graph

__all__ = ["DIGEST_VERSION", "REGION_ATTRS", "GraphMerger", "build_graph", "digest_extraction", "dumps_graph",
           "entity_id", "read_graph", "to_node_link", "write_graph"]
