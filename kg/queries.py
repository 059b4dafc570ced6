"""The named query library: cypher/queries/NAME.cypher on Neo4j, an equivalent NetworkX implementation on
graph.json. Both return the same columns and rows in the same order (tests/stores checks the parity).

A query file starts with a comment header: `// Title: …`, what it answers, its parameters and example
`// :param name => value` lines for Neo4j Browser; those values (JSON literals) are the CLI's defaults.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import networkx as nx

from kg.errors import KgError, NotFoundError
from kg.stores import cypher_dir
from kg.stores.embedded import EMBEDDED, View

PARAM_RE = re.compile(r"^//\s*:param\s+(\w+)\s*=>\s*(.+?)\s*$")
# a parameter's line in the header, `//   $name  what it is, 0..3 (default …)`: the range bounds an integer
PARAM_DOC_RE = re.compile(r"^//\s+\$(\w+)\s+(.*)$")
RANGE_RE = re.compile(r"\b(-?\d+)\.\.(-?\d+)\b")
RELATIONS = ("ASSISTS", "FUNDS", "IMPLEMENTS", "HOLDS_POSITION", "PART_OF", "LOCATED_IN")


@dataclass
class NamedQuery:
    name: str
    path: Path
    title: str
    text: str
    params: dict[str, Any] = field(default_factory=dict)
    bounds: dict[str, tuple[int, int]] = field(default_factory=dict)


def queries_dir() -> Path:
    return cypher_dir() / "queries"


def load_query(path: Path) -> NamedQuery:
    text = path.read_text(encoding="utf-8")
    title = ""
    params: dict[str, Any] = {}
    bounds: dict[str, tuple[int, int]] = {}
    for line in text.splitlines():
        s = line.strip()
        if not s.startswith("//"):
            break
        if s.lower().startswith("// title:"):
            title = s.split(":", 1)[1].strip()
        m = PARAM_RE.match(s)
        if m:
            params[m.group(1)] = json.loads(m.group(2))
        m = PARAM_DOC_RE.match(s)
        r = RANGE_RE.search(m.group(2)) if m else None
        if r:
            bounds[m.group(1)] = (int(r.group(1)), int(r.group(2)))
    return NamedQuery(path.stem, path, title, text, params, bounds)


def list_queries() -> list[NamedQuery]:
    return [load_query(p) for p in sorted(queries_dir().glob("*.cypher"))]


def get_query(name: str) -> NamedQuery:
    path = queries_dir() / f"{name}.cypher"
    if not re.fullmatch(r"[a-z0-9][a-z0-9-]*", name) or not path.is_file():
        known = ", ".join(q.name for q in list_queries())
        raise NotFoundError(f"unknown query {name!r} (known: {known})")
    return load_query(path)


def parse_param(text: str) -> tuple[str, Any]:
    if "=" not in text:
        raise KgError(f"--param wants KEY=VALUE, got {text!r}")
    key, raw = text.split("=", 1)
    key = key.strip()
    if not re.fullmatch(r"[A-Za-z_]\w*", key):
        raise KgError(f"bad parameter name {key!r}")
    try:
        value = json.loads(raw)
    except ValueError:
        value = raw
    return key, value


def resolve_params(q: NamedQuery, given: dict[str, Any]) -> dict[str, Any]:
    """The query's defaults updated with `given`; a value of the wrong kind or out of range is a KgError."""
    unknown = sorted(set(given) - set(q.params))
    if unknown:
        raise KgError(f"query {q.name} has no parameter {', '.join(unknown)} (it takes: {', '.join(q.params) or 'none'})")
    out = dict(q.params)
    for k, v in given.items():
        d = q.params[k]
        if isinstance(d, str) and not isinstance(v, str):
            v = json.dumps(v, ensure_ascii=False) if not isinstance(v, (int, float)) else str(v)
        elif isinstance(d, int) and not isinstance(d, bool):
            if not isinstance(v, int) or isinstance(v, bool):
                raise KgError(f"parameter {k} wants an integer, got {v!r}")
            lo, hi = q.bounds.get(k, (None, None))
            if lo is not None and not lo <= v <= hi:
                raise KgError(f"parameter {k} of query {q.name} must be {lo}..{hi}, got {v}")
        if k == "relation" and v not in ("", *RELATIONS):
            raise KgError(f"parameter relation must be one of {', '.join(RELATIONS)} or \"\", got {v!r}")
        out[k] = v
    return out


@dataclass
class Result:
    columns: list[str]
    rows: list[list[Any]]

    def records(self) -> list[dict[str, Any]]:
        return [dict(zip(self.columns, r, strict=True)) for r in self.rows]


def return_columns(text: str) -> list[str]:
    """The column names of a query's last RETURN clause (aliases, or the bare variable)."""
    body = re.sub(r"//[^\n]*", "", text)
    ret = body[body.rfind("RETURN") + len("RETURN"):]
    ret = re.split(r"\b(?:ORDER\s+BY|LIMIT|SKIP)\b", ret)[0]
    items, depth, cur, quote = [], 0, "", None
    for ch in ret:
        if quote:
            quote = None if ch == quote else quote
        elif ch in "'\"`":
            quote = ch
        elif ch in "([{":
            depth += 1
        elif ch in ")]}":
            depth -= 1
        elif ch == "," and depth == 0:
            items.append(cur)
            cur = ""
            continue
        cur += ch
    items.append(cur)
    cols = []
    for it in items:
        m = re.search(r"\bAS\s+(\w+)\s*$", it.strip())
        cols.append(m.group(1) if m else it.strip())
    return cols


def _public(cols: list[str], rows: list[list[Any]]) -> Result:
    """Drop the helper sort_* columns the Cypher needs for its ORDER BY."""
    keep = [i for i, c in enumerate(cols) if not c.startswith("sort_")]
    return Result([cols[i] for i in keep], [[r[i] for i in keep] for r in rows])


def run_embedded(g: nx.MultiDiGraph, name: str, params: dict[str, Any] | None = None) -> Result:
    """The named query on a graph in memory (run_on_file reads only what it needs from a graph.json)."""
    q = get_query(name)
    impl = EMBEDDED.get(name)
    if impl is None:
        raise KgError(f"query {name} has no embedded implementation; run it on Neo4j (--uri)")
    p = resolve_params(q, params or {})
    cols = return_columns(q.text)
    rows = impl(View(g), p)
    return _public(cols, [[r[c] for c in cols] for r in rows])


def run_on_file(graph: str | Path, name: str, params: dict[str, Any] | None = None) -> Result:
    """The named query on a graph.json (or its directory), reading only the part of the graph it needs from
    the index beside it (kg.stores.query_reads); graph.json whole when there is no index describing it."""
    from kg import graphindex
    from kg.stores.query_reads import READERS

    q = get_query(name)
    impl = EMBEDDED.get(name)
    if impl is None:
        raise KgError(f"query {name} has no embedded implementation; run it on Neo4j (--uri)")
    p = resolve_params(q, params or {})
    db = graphindex.open_for(graph)
    if db is None or name not in READERS:
        if db is not None:
            db.close()
        from kg.graph import read_graph

        g = read_graph(graph)
    else:
        db.close()
        g = READERS[name](graph, p)
    cols = return_columns(q.text)
    return _public(cols, [[r[c] for c in cols] for r in impl(View(g), p)])


def run_neo4j(store, name: str, params: dict[str, Any] | None = None) -> Result:
    q = get_query(name)
    p = resolve_params(q, params or {})
    cols, rows = store.read(q.text, p)
    return _public(cols, rows)
