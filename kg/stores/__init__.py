"""Stores for the graph: graph.json (kg.graph, the embedded default) and Neo4j over Bolt (kg.stores.neo4j_store)."""

from __future__ import annotations

from pathlib import Path

import kg


def cypher_dir() -> Path:
    """The cypher/ directory (schema.cypher, queries/*.cypher): one copy, shared by Browser users and the CLI.

    In a wheel it ships as the package data kg/cypher; in a source checkout kg/cypher is a symlink to
    the top-level cypher/, and if that link is missing we fall back to the checkout's cypher/ directly.
    """
    pkg = Path(kg.__file__).resolve().parent
    for cand in (pkg / "cypher", pkg.parent / "cypher"):
        if (cand / "queries").is_dir():
            return cand
    from kg.errors import KgError

    raise KgError(f"cannot find the cypher/ query directory next to {pkg}")
