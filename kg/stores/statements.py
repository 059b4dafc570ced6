"""The Cypher the loader sends: fixed statements only (labels and relationship types from the schema's sets
below, user text only ever in parameters), and cypher/schema.cypher split into statements.

Mapping (DESIGN.md): every entity `(:Entity:<Type>[:<Level>] {id, name, type, aliases, aliases_text, level,
adcode, lon, lat})`; relationships by type with evidence as parallel list properties `evidence_docs`,
`evidence_texts`, `evidence_dates` ('' = no date), `evidence_amounts` (-1.0 = no amount; Neo4j lists cannot
hold nulls), plus `amount_yuan` (FUNDS total), `program`, `title`, `purpose`; `(:Document {id, path, sha256,
date})`; `(:Entity)-[:MENTIONED_IN {count}]->(:Document)`.
"""

from __future__ import annotations

import re

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


# Plain indexes for servers without Neo4j's constraint syntax (FalkorDB); MERGE on id keeps ids unique there.
FALLBACK_SCHEMA = (
    "CREATE INDEX FOR (n:Entity) ON (n.id)",
    "CREATE INDEX FOR (d:Document) ON (d.id)",
    "CREATE INDEX FOR (n:Entity) ON (n.name)",
)


# ---------------------------------------------------------------------------------------------- statements


# an entity's id: `$ids[i]`, or null for an id that is its type and name joined by ':' (kg.stores.batches)
_NODE_ID = "UNWIND range(0, size($names) - 1) AS i\nWITH i, coalesce($ids[i], $type + ':' + $names[i]) AS id\n"


def node_statement(labels: tuple[str, ...], props: bool = True, exact: bool = False) -> str:
    """Entities of one label set; parameters are parallel lists (`$ids[i]`, `$names[i]`, …), see load_batches;
    an id that is the entity's type and name joined by ':' is sent as null and built here.

    `exact` (a load that converges the store, kg.stores.prune, which first gives existing nodes the labels
    the graph has): the node is MERGEd with all its labels and its properties are set to exactly the
    graph's (a property the graph no longer has goes). Otherwise (add-only, `--no-prune`) labels missing on
    an existing node are added first, then the node is MERGEd with all its labels and its aliases merged
    with those it has. Either way a new node is created with its labels rather than given them afterwards,
    which FalkorDB does several times faster. `props=False`: no `$props` (level, adcode, lon, lat). Each
    entity's MENTIONED_IN links come with it (_mentions_tail; documents are written first)."""
    extra = "".join(f":{lab}" for lab in labels)
    if exact:
        return (
            _NODE_ID + f"MERGE (n:Entity{extra} {{id: id}})\n"
            "SET n = {id: id, name: $names[i], type: $type, aliases: $aliases[i],"
            " aliases_text: reduce(s = '', a IN $aliases[i] | s + a + ' ')}\n"
            + ("SET n += $props[i]\n" if props else "") + "WITH n, i\n" + _mentions_tail(exact)
        )
    return (
        _NODE_ID + "OPTIONAL MATCH (old:Entity {id: id})\n"
        f"FOREACH (_ IN CASE WHEN old IS NULL OR old{extra} THEN [] ELSE [1] END | SET old{extra})\n"
        "WITH i, id\n"
        f"MERGE (n:Entity{extra} {{id: id}})\n"
        "SET n.name = $names[i], n.type = $type\n"
        + ("SET n += $props[i]\n" if props else "")
        + "WITH n, i, $aliases[i] AS new, coalesce(n.aliases, []) AS old\n"
        "WITH n, i, old + [a IN new WHERE NOT a IN old] AS aliases\n"
        "SET n.aliases = aliases, n.aliases_text = reduce(s = '', a IN aliases | s + a + ' ')\n"
        "WITH n, i\n" + _mentions_tail(exact)
    )


def _mentions_tail(exact: bool) -> str:
    """The MENTIONED_IN links of entity row i (`n`): its entries `$first[i]` … `$first[i + 1] - 1` of `$doc`
    (index into the statement's distinct documents `$docs`) and `$counts`."""
    return (
        "UNWIND range($first[i], $first[i + 1] - 1) AS k\n"
        "MATCH (d:Document {id: $docs[$doc[k]]})\n"
        "MERGE (n)-[m:MENTIONED_IN]->(d)\n"
        + ("SET m = {count: $counts[k]}" if exact else "SET m.count = $counts[k]")
    )


def mentions_statement(exact: bool = False) -> str:
    """MENTIONED_IN links of entities already written (an entity with more mentions than one statement
    holds); the same parameters as node_statement without `$aliases` and `$props`."""
    return _NODE_ID + "MATCH (n:Entity {id: id})\nWITH n, i\n" + _mentions_tail(exact)


_FUNDS_TOTAL = ("CASE WHEN any(x IN na WHERE x >= 0)"
                " THEN reduce(s = 0.0, x IN na | s + CASE WHEN x >= 0 THEN x ELSE 0.0 END) ELSE null END")


def rel_statement(rtype: str, props: bool = True, evidence: bool = True, exact: bool = False) -> str:
    """Relationships of one type.

    Parameters (kg.stores.rel_batches): `$src`, `$dst`, `$props` one entry per relationship (`{}`: none);
    the statement's distinct evidence sentences `$texts` with their documents `$docs`; per evidence entry
    the index of its sentence `$sent`, `$dates` and `$amounts`, relationship i owning entries
    `$first[i]` … `$first[i + 1] - 1`. Batches without properties or without evidence (derived links)
    leave those parameters out. `exact`: the relationship's properties become exactly these (evidence,
    `amount_yuan` for FUNDS, props); otherwise evidence entries not already on it are appended (also how
    the later slices of evidence too large for one statement are sent)."""
    if rtype not in REL_TYPES:
        raise ValueError(f"not a schema relationship type: {rtype}")
    head = (
        "UNWIND range(0, size($src) - 1) AS i\n"
        "MATCH (a:Entity {id: $src[i]}), (b:Entity {id: $dst[i]})\n"
        f"MERGE (a)-[r:{rtype}]->(b)\n"
    )
    set_props = "\nSET r += $props[i]" if props else ""
    if exact:
        if not evidence:
            return head + ("SET r = {evidence_docs: [], evidence_texts: [], evidence_dates: [],"
                           " evidence_amounts: []}" + set_props)
        total = f", amount_yuan: {_FUNDS_TOTAL}" if rtype == "FUNDS" else ""
        return head + (
            "WITH r, i, range($first[i], $first[i + 1] - 1) AS ev\n"
            "WITH r, i, ev, [k IN ev | toFloat($amounts[k])] AS na\n"
            "SET r = {evidence_docs: [k IN ev | $docs[$sent[k]]], evidence_texts: [k IN ev | $texts[$sent[k]]],\n"
            f" evidence_dates: [k IN ev | $dates[k]], evidence_amounts: na{total}}}" + set_props
        )
    head += "SET r += $props[i]\n" if props else ""
    if not evidence:  # the evidence lists exist (maybe empty) on every relationship, as with evidence
        return head + ("SET r.evidence_docs = coalesce(r.evidence_docs, []),"
                       " r.evidence_texts = coalesce(r.evidence_texts, []),\n"
                       " r.evidence_dates = coalesce(r.evidence_dates, []),"
                       " r.evidence_amounts = coalesce(r.evidence_amounts, [])")
    amounts = "coalesce(r.evidence_amounts, []) + [k IN add | toFloat($amounts[k])]"
    tail = f"r.evidence_amounts = {amounts}"
    if rtype == "FUNDS":  # the total over the merged evidence (none: no property)
        tail = f"r.evidence_amounts = na,\n r.amount_yuan = {_FUNDS_TOTAL}"
    return head + (
        "WITH r, range($first[i], $first[i + 1] - 1) AS ev, coalesce(r.evidence_docs, []) AS od,\n"
        " coalesce(r.evidence_texts, []) AS ot\n"
        "WITH r, od, ot, [k IN ev WHERE none(j IN range(0, size(od) - 1)\n"
        " WHERE od[j] = $docs[$sent[k]] AND ot[j] = $texts[$sent[k]])] AS add\n"
        + (f"WITH r, od, ot, add, {amounts} AS na\n" if rtype == "FUNDS" else "")
        + "SET r.evidence_docs = od + [k IN add | $docs[$sent[k]]],\n"
        " r.evidence_texts = ot + [k IN add | $texts[$sent[k]]],\n"
        " r.evidence_dates = coalesce(r.evidence_dates, []) + [k IN add | $dates[k]], " + tail
    )


DOCUMENT_STATEMENT = (
    "UNWIND range(0, size($ids) - 1) AS i\n"
    "MERGE (d:Document {id: $ids[i]})\n"
    "SET d += $props[i]"
)
DOCUMENT_EXACT = (
    "UNWIND range(0, size($ids) - 1) AS i\n"
    "MERGE (d:Document {id: $ids[i]})\n"
    "SET d = $props[i]\n"
    "SET d.id = $ids[i]"
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
# -- converging the store to the loaded graph (kg.stores.prune): what kg put there earlier and the graph no
# longer has. Only kg's own data is read or removed: entities (:Entity with an id), documents (:Document with
# an id), the schema's relationship types between entities, and MENTIONED_IN.
STORED_ENTITIES = "MATCH (n:Entity) WHERE n.id IS NOT NULL RETURN n.id AS id, labels(n) AS labels"
STORED_DOCUMENTS = "MATCH (d:Document) WHERE d.id IS NOT NULL RETURN d.id AS id"
STORED_RELS = (
    f"MATCH (a:Entity)-[r:{ENTITY_REL_PATTERN}]->(b:Entity)\n"
    "WHERE a.id IS NOT NULL AND b.id IS NOT NULL\n"
    "RETURN a.id AS source, type(r) AS type, b.id AS target"
)
STORED_MENTIONS = (
    "MATCH (e:Entity)-[:MENTIONED_IN]->(d:Document)\n"
    "WHERE e.id IS NOT NULL AND d.id IS NOT NULL\n"
    "RETURN e.id AS entity, d.id AS doc"
)
PRUNE_ENTITIES = (
    "UNWIND $ids AS id\n"
    "MATCH (n:Entity {id: id})\n"
    "DETACH DELETE n"
)
PRUNE_DOCUMENTS = (
    "UNWIND $ids AS id\n"
    "MATCH (d:Document {id: id})\n"
    "DETACH DELETE d"
)
PRUNE_MENTIONS = (
    "UNWIND range(0, size($entities) - 1) AS i\n"
    "MATCH (:Entity {id: $entities[i]})-[m:MENTIONED_IN]->(:Document {id: $docs[i]})\n"
    "DELETE m"
)


def prune_rel_statement(rtype: str) -> str:
    """Relationships of one schema type between the entities `$src[i]` → `$dst[i]`, deleted."""
    if rtype not in REL_TYPES:
        raise ValueError(f"not a schema relationship type: {rtype}")
    return (
        "UNWIND range(0, size($src) - 1) AS i\n"
        f"MATCH (:Entity {{id: $src[i]}})-[r:{rtype}]->(:Entity {{id: $dst[i]}})\n"
        "DELETE r"
    )


def _label_statement(label: str, change: str) -> str:
    """REMOVE or SET a label of kg's schema on the entities `$ids`."""
    if label not in set(ENTITY_LABELS.values()) | set(LEVEL_LABELS.values()):
        raise ValueError(f"not a schema label: {label}")
    return (
        "UNWIND $ids AS id\n"
        "MATCH (n:Entity {id: id})\n"
        f"{change} n:{label}"
    )


def prune_label_statement(label: str) -> str:
    """A label of kg's schema taken off the entities `$ids` (an entity retyped, a region whose level changed)."""
    return _label_statement(label, "REMOVE")


def add_label_statement(label: str) -> str:
    """A label of kg's schema given to the existing entities `$ids` that the graph gives it (before an exact
    load, whose MERGE matches a node only with all its labels)."""
    return _label_statement(label, "SET")


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
        for exact in (False, True):
            key = "node:" + ":".join(labels) + (":exact" if exact else "")
            out[key] = node_statement(labels, exact=exact)
            out[key + ":noprops"] = node_statement(labels, props=False, exact=exact)
    for rtype in REL_TYPES:
        for props in (True, False):
            for evidence in (True, False):
                for exact in (False, True):
                    key = ("rel:" + rtype + ("" if props else ":noprops") + ("" if evidence else ":noevidence")
                           + (":exact" if exact else ""))
                    out[key] = rel_statement(rtype, props, evidence, exact)
    out.update({
        "document": DOCUMENT_STATEMENT, "document:exact": DOCUMENT_EXACT,
        "mentions": mentions_statement(), "mentions:exact": mentions_statement(exact=True), "forget:drop": FORGET_DROP_RELS,
        "forget:trim": FORGET_TRIM_RELS, "forget:amount": FORGET_FUNDS_NO_AMOUNT,
        "forget:document": FORGET_DOCUMENT, "forget:orphans": FORGET_ORPHANS, "count:nodes": COUNT_NODES,
        "count:rels": COUNT_RELS, "count:labels": COUNT_LABELS, "count:types": COUNT_TYPES,
        "stored:entities": STORED_ENTITIES, "stored:documents": STORED_DOCUMENTS, "stored:rels": STORED_RELS,
        "stored:mentions": STORED_MENTIONS, "prune:entities": PRUNE_ENTITIES,
        "prune:documents": PRUNE_DOCUMENTS, "prune:mentions": PRUNE_MENTIONS,
    })
    out.update({f"prune:rel:{t}": prune_rel_statement(t) for t in REL_TYPES})
    for lab in sorted(set(ENTITY_LABELS.values()) | set(LEVEL_LABELS.values())):
        out[f"prune:label:{lab}"] = prune_label_statement(lab)
        out[f"add:label:{lab}"] = add_label_statement(lab)
    return out


def _all_label_sets() -> set[tuple[str, ...]]:
    sets = {(lab,) for lab in ENTITY_LABELS.values()}
    sets |= {("Region", lv) for lv in LEVEL_LABELS.values()}
    return sets
