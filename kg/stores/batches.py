"""What the loader sends, as data: graph.json's rows (entities, documents, relationships, mentions) cut into
statements of parallel-list parameters, capped in rows and in bytes, grouped into transactions.

Bytes are counted as a server that writes parameters into its query text as literals would count them
(statement_bytes; FalkorDB's Bolt server does, in a fixed buffer), escapes included.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import networkx as nx

from kg.errors import KgError
from kg.stores.statements import (
    DOCUMENT_EXACT,
    DOCUMENT_STATEMENT,
    ENTITY_LABELS,
    LEVEL_LABELS,
    REL_TYPES,
)

NO_DATE = ""
NO_AMOUNT = -1.0
DEFAULT_BATCH = 2000
# Each statement is also capped in bytes (statement_bytes: its text plus its parameters written as literals).
# Neo4j takes megabytes; the loader asks the server what it is (kg.stores.server) and uses its cap.
DEFAULT_BATCH_BYTES = 8_000_000


@dataclass
class LoadRows:
    nodes: dict[tuple[str, ...], list[dict[str, Any]]] = field(default_factory=lambda: defaultdict(list))
    rels: dict[str, list[dict[str, Any]]] = field(default_factory=lambda: defaultdict(list))
    documents: list[dict[str, Any]] = field(default_factory=list)
    mentions: list[dict[str, Any]] = field(default_factory=list)

    def total(self) -> int:
        return (sum(map(len, self.nodes.values())) + sum(map(len, self.rels.values()))
                + len(self.documents) + len(self.mentions))


def _labels_for(node: dict[str, Any]) -> tuple[str, ...]:
    etype = node.get("type")
    if etype not in ENTITY_LABELS:
        raise KgError(f"node {node.get('id')!r} has type {etype!r}, not one of {', '.join(ENTITY_LABELS)}")
    labels = (ENTITY_LABELS[etype],)
    if etype == "Region" and node.get("level") in LEVEL_LABELS:
        labels += (LEVEL_LABELS[node["level"]],)
    return labels


def _num(v: Any) -> float | None:
    if v is None or isinstance(v, bool):
        return None
    try:
        return float(v)
    except (TypeError, ValueError):
        return None


def graph_rows(g: nx.MultiDiGraph) -> LoadRows:
    rows = LoadRows()
    docs: dict[str, dict[str, Any]] = {}
    for d in g.graph.get("documents") or ():
        if d.get("doc"):
            docs[d["doc"]] = {k: d[k] for k in ("path", "sha256", "date") if d.get(k) is not None}
    for nid in sorted(g.nodes):
        data = dict(g.nodes[nid])
        data["id"] = nid
        props: dict[str, Any] = {"name": str(data.get("name") or nid), "type": data.get("type")}
        for k in ("level", "adcode"):
            if data.get(k) is not None:
                props[k] = str(data[k])
        for k in ("lon", "lat"):
            if _num(data.get(k)) is not None:
                props[k] = _num(data[k])
        rows.nodes[_labels_for(data)].append(
            {"id": nid, "props": props, "aliases": sorted({str(a) for a in data.get("aliases") or ()})}
        )
        counts = Counter(m["doc"] for m in data.get("mentions") or () if m.get("doc"))
        for doc, c in sorted(counts.items()):
            docs.setdefault(doc, {})
            rows.mentions.append({"entity": nid, "doc": doc, "count": c})
    for src, dst, data in sorted(g.edges(data=True), key=lambda t: (t[0], t[1], t[2].get("type", ""))):
        rtype = data.get("type")
        if rtype not in REL_TYPES:
            raise KgError(f"link {src} -> {dst} has type {rtype!r}, not one of {', '.join(REL_TYPES)}")
        props = {k: str(data[k]) for k in ("program", "title", "purpose") if data.get(k)}
        ev = [e for e in data.get("evidence") or () if e.get("doc") and e.get("text") is not None]
        for e in ev:
            docs.setdefault(e["doc"], {})
        amounts = [_num(e.get("amount_yuan")) for e in ev]
        rows.rels[rtype].append({
            "source": src, "target": dst, "props": props,
            "docs": [e["doc"] for e in ev], "texts": [str(e["text"]) for e in ev],
            "dates": [str(e.get("date") or NO_DATE) for e in ev],
            "amounts": [NO_AMOUNT if a is None else a for a in amounts],
        })
    rows.documents = [{"id": d, "props": docs[d]} for d in sorted(docs)]
    return rows


def literal_bytes(v: Any) -> int:
    """UTF-8 bytes of `v` written as a Cypher literal the way FalkorDB's Bolt server writes parameters into
    the query text: strings quoted, floats as C's %f, lists `[a, b]`, maps `{k: v}`, null `NULL`."""
    f = _SIZES.get(type(v))
    if f is not None:
        return f(v)
    if isinstance(v, str | int | float | list | tuple | dict):  # subclasses
        return _SIZES[next(t for t in (bool, str, int, float, list, dict) if isinstance(v, t))](v)
    return len(json.dumps(v, ensure_ascii=False, default=str).encode("utf-8"))


def _escapes(v: str) -> int:
    """Characters a server that splices parameters into its query text gets escaped (kg.stores.falkordb)."""
    return v.count("'") + v.count("\\")


def str_bytes(v: str) -> int:
    """literal_bytes of a string (the loader's most common value, so measured here without the dispatch)."""
    return (len(v) if v.isascii() else len(v.encode("utf-8"))) + 2 + v.count("'") + v.count("\\")


def _list_bytes(v: list | tuple) -> int:
    if not v:
        return 2
    try:  # a list of strings: measured joined (each item adds its quotes and its ', ')
        return str_bytes("".join(v)) - 2 + 4 * len(v)
    except TypeError:
        return sum(map(literal_bytes, v)) + 2 * len(v)


def _dict_bytes(v: dict) -> int:
    if not v:
        return 2
    return sum(len(k) + 4 + literal_bytes(x) for k, x in v.items())


_SIZES: dict[type, Callable[[Any], int]] = {
    str: str_bytes, list: _list_bytes, tuple: _list_bytes, dict: _dict_bytes,
    int: lambda v: len(str(v)), float: lambda v: len(f"{v:f}"), bool: lambda v: 4 if v else 5,
    type(None): lambda v: 4,
}


def statement_bytes(statement: str, params: dict[str, Any]) -> int:
    """Size of a statement with its parameters written in as literals (`CYPHER k=v … <statement>`): what
    FalkorDB's Bolt server builds in a fixed 4096-byte buffer, and about what any server has to take in."""
    return (len("CYPHER ") + sum(len(k) + 2 + literal_bytes(v) for k, v in params.items())
            + len(statement.encode("utf-8")))


@dataclass
class Batch:
    """One statement with its parameters: `rows` rows as parallel lists (`columns`), plus scalars. Columns in
    `spread` are flat lists with the column `offsets` saying where each row's items start (see split()).
    `error`: a row that cannot be sent at all (over the server's statement size): reported, never sent."""
    statement: str
    params: dict[str, Any]
    rows: int
    kind: str  # nodes | documents | relationships | mentions
    columns: tuple[str, ...] = ()
    spread: frozenset[str] = frozenset()
    offsets: str | None = None
    error: str | None = None
    # a statement packed from `parts` by a packer that builds the parameters itself (kg.stores.rel_batches):
    # split() packs halves of them again (`repack`), one part in halves by `split_part`
    parts: list[Any] | None = None
    repack: Callable[[list[Any]], Batch] | None = None
    split_part: Callable[[Any], list[Any]] | None = None
    also: dict[str, int] = field(default_factory=dict)  # rows of other kinds it writes (an entity's mentions)

    def split(self) -> list[Batch]:
        """The rows in two halves (for a retry in smaller pieces); a statement of one row stays whole."""
        if self.repack is not None and self.parts is not None:
            h = len(self.parts) // 2
            if h:
                return [self.repack(self.parts[:h]), self.repack(self.parts[h:])]
            halves = self.split_part(self.parts[0]) if self.split_part and self.parts else [self]
            return [self.repack([x]) for x in halves] if len(halves) > 1 else [self]
        n = len(self.params[self.columns[0]]) if self.columns else 0
        if n >= 2:
            return [self._slice(0, n // 2), self._slice(n // 2, n)]
        items = len(self.params[min(self.spread)]) if n == 1 and self.offsets and self.spread else 0
        if items >= 2:  # one row with many entries (evidence, mentions): the entries in halves
            return [self._items(0, items // 2), self._items(items // 2, items)]
        return [self]

    def _items(self, a: int, b: int) -> Batch:
        p = dict(self.params, **{c: self.params[c][a:b] for c in self.spread})
        p[self.offsets] = [0, b - a]
        rows = self.rows if a == 0 else 0
        return Batch(self.statement, p, rows, self.kind, self.columns, self.spread, self.offsets)

    def _slice(self, a: int, b: int) -> Batch:
        p = dict(self.params)
        starts = self.params.get(self.offsets) if self.offsets else None
        for c in self.columns:
            if c in self.spread and starts is not None:
                p[c] = self.params[c][starts[a]:starts[b]]
            else:
                p[c] = self.params[c][a:b]
        if starts is not None:
            p[self.offsets] = [s - starts[a] for s in starts[a:b + 1]]
        rows = self.rows if b - a == len(self.params[self.columns[0]]) else min(self.rows, b - a)
        return Batch(self.statement, p, rows, self.kind, self.columns, self.spread, self.offsets)

    def describe(self) -> str:
        """The rows of this statement as a user reads them (ids), for a report of what was not written."""
        p = self.params
        if self.kind == "relationships":
            rtype = self.statement.split("[r:", 1)[1].split("]", 1)[0] if "[r:" in self.statement else "?"
            pairs = [f"{s} -[{rtype}]-> {t}" for s, t in zip(p["src"], p["dst"], strict=True)]
        else:
            ids = [entity_id(p, i) for i in range(len(p["ids"]))] if self.kind == "nodes" else p.get("ids", ())
            pairs = [f"{self.kind[:-1]} {i}" for i in ids]
        return ", ".join(pairs[:3]) + (f" (+{len(pairs) - 3} more)" if len(pairs) > 3 else "")


def columnar_batches(statement: str, kind: str, columns: tuple[str, ...], rows: list[tuple], max_rows: int,
                     max_bytes: int, scalars: dict[str, Any] | None = None,
                     spread: frozenset[str] = frozenset(), offsets: str | None = None,
                     oversize: Callable[[int], Iterator[Batch]] | None = None) -> Iterator[Batch]:
    """Rows (tuples in `columns` order) as statements of at most `max_rows` rows and `max_bytes` bytes
    (statement_bytes). Columns in `spread` hold a list per row whose items go into one flat list, and the
    column `offsets` (len(rows) + 1 ints) where each row's items start. A row that alone is over `max_bytes`
    goes to `oversize(index of the row)` if given (which yields statements of its own), else it becomes a
    Batch with an `error` (never sent: a server with small statements may crash on it)."""
    scalars = dict(scalars or {})
    base = _base_bytes(statement, columns, scalars, offsets)
    flat = [c in spread for c in columns]
    first_spread = next((i for i, f in enumerate(flat) if f), None)
    cols: list[list[Any]] = [[] for _ in columns]
    starts: list[int] = [0]
    nbytes = base
    nrows = 0

    def batch() -> Batch:
        params = dict(scalars, **dict(zip(columns, cols, strict=True)))
        if offsets:
            params[offsets] = starts
        return Batch(statement, params, nrows, kind, columns, spread, offsets)

    for k, row in enumerate(rows):
        end = starts[-1] + len(row[first_spread]) if offsets and first_spread is not None else 0
        b = _row_bytes(row, flat) + (len(str(end)) + 2 if offsets else 0)
        if base + b - len(str(end)) + len(str(end - starts[-1])) > max_bytes:
            if oversize is not None:
                yield from oversize(k)
            else:
                yield _unsendable(statement, kind, columns, scalars, row, base + b, max_bytes)
            continue
        if nrows and (nrows >= max_rows or nbytes + b > max_bytes):
            yield batch()
            cols = [[] for _ in columns]
            starts = [0]
            nbytes, nrows = base, 0
            end = len(row[first_spread]) if offsets and first_spread is not None else 0
        for c, v, f in zip(cols, row, flat, strict=True):
            if f:
                c.extend(v)
            else:
                c.append(v)
        if offsets:
            starts.append(end)
        nbytes += b
        nrows += 1
    if nrows:
        yield batch()


def _base_bytes(statement: str, columns: tuple[str, ...], scalars: dict[str, Any], offsets: str | None) -> int:
    """statement_bytes with every column empty ('c=[] ' each; the offsets column starts as [0])."""
    names = columns + ((offsets,) if offsets else ())
    return statement_bytes(statement, scalars) + sum(len(c) + 4 for c in names) + (1 if offsets else 0)


def _row_bytes(row: tuple, flat: list[bool]) -> int:
    """What one row adds to its columns: each value and its ', ' (an upper bound by 2 bytes per column).
    Strings, most of what is sent, are measured inline: this runs for every value the loader sends."""
    b = 0
    for v, f in zip(row, flat, strict=True):
        if f:
            b += 2 * len(v)
            for x in v:
                b += len(x.encode("utf-8")) + 2 + _escapes(x) if type(x) is str else literal_bytes(x)
        elif type(v) is str:
            b += len(v.encode("utf-8")) + 4 + _escapes(v)
        else:
            b += literal_bytes(v) + 2
    return b


def _sent_id(nid: str, etype: str, name: str) -> str | None:
    """An entity's id as sent: None when it is its type and name joined by ':' (kg's ids for all but regions),
    which node_statement builds from `$type` and `$names[i]` instead (a third of an entity row's bytes)."""
    return None if len(nid) == len(etype) + 1 + len(name) and nid == f"{etype}:{name}" else nid


def entity_id(params: dict[str, Any], i: int) -> str:
    """The id of entity row i of a node statement's parameters (see _sent_id)."""
    return params["ids"][i] if params["ids"][i] is not None else f"{params['type']}:{params['names'][i]}"


def load_batches(rows: LoadRows, batch_size: int, max_bytes: int, exact: bool = False) -> Iterator[Batch]:
    """Everything `load` sends, in order: documents, entities with their mentions, relationships. `exact`: statements
    that set each item's properties to exactly the graph's (a load that converges the store, kg.stores.prune);
    otherwise they only add and merge (`--no-prune`).

    Parameters are parallel lists indexed by `UNWIND range(0, size($col) - 1) AS i` rather than a list of
    maps: no key names repeated per row, so several times more rows fit in a statement of `max_bytes`."""
    yield from columnar_batches(DOCUMENT_EXACT if exact else DOCUMENT_STATEMENT, "documents", ("ids", "props"),
                                [(r["id"], r["props"]) for r in rows.documents], batch_size, max_bytes)
    from kg.stores.node_batches import node_batches
    from kg.stores.rel_batches import rel_batches

    mentions: dict[str, list[tuple[str, int]]] = defaultdict(list)
    for m in rows.mentions:
        mentions[m["entity"]].append((m["doc"], m["count"]))
    for labels in sorted(rows.nodes):
        group = rows.nodes[labels]
        rest = [{k: v for k, v in r["props"].items() if k not in ("name", "type")} for r in group]
        with_props = any(rest)
        etype = group[0]["props"]["type"]
        yield from node_batches(
            labels, etype,
            [(_sent_id(r["id"], etype, r["props"]["name"]), r["props"]["name"], r["aliases"], p)[:3 + with_props]
             for r, p in zip(group, rest, strict=True)],
            [tuple(mentions.get(r["id"], ())) for r in group], batch_size, max_bytes, exact)
    for rtype in REL_TYPES:
        rels = rows.rels.get(rtype, [])
        for evidence in (True, False):
            part = [r for r in rels if bool(r["docs"]) == evidence]
            if part:
                yield from rel_batches(rtype, part, batch_size, max_bytes, exact)


def transactions(batches: Iterator[Batch], batch_size: int) -> Iterator[list[Batch]]:
    """Statements grouped into transactions of at most `batch_size` rows (in order; a statement is never
    split): with FalkorDB's small statements, several go in one transaction instead of one each."""
    tx: list[Batch] = []
    n = 0
    for b in batches:
        rows = max(b.rows + sum(b.also.values()), 1)
        if tx and n + rows > batch_size:
            yield tx
            tx, n = [], 0
        tx.append(b)
        n += rows
    if tx:
        yield tx


def _unsendable(statement: str, kind: str, columns: tuple[str, ...], scalars: dict[str, Any], row: tuple,
                nbytes: int, max_bytes: int) -> Batch:
    params = dict(scalars, **{c: [v] for c, v in zip(columns, row, strict=True)})
    return Batch(statement, params, 1, kind, columns, error=f"{nbytes} bytes, more than the {max_bytes} bytes a "
                 "statement may have here (--max-batch-bytes)")
