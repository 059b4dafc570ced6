"""Export a kg graph for other tools, with the same Neo4j mapping as `kg load` (kg.stores.neo4j_store):

- csv:     CSV files for `neo4j-admin database import full` (header types, :ID/:LABEL/:START_ID/:END_ID/:TYPE,
           arrays split by U+001F) plus import.sh with the exact command;
- cypher:  a script cypher-shell runs (`cypher-shell -f graph.cypher`): schema, then MERGE statements with
           every literal escaped;
- graphml: for Gephi; lists and maps serialised to JSON strings, nulls dropped.
Every file is written atomically (temporary file + rename).
"""

from __future__ import annotations

import csv
import io
import json
import math
from pathlib import Path
from typing import Any

import networkx as nx

from kg.errors import KgError
from kg.jsonio import atomic_write_text
from kg.stores.neo4j_store import REL_TYPES, graph_rows, schema_statements

FORMATS = ("csv", "cypher", "graphml")
ARRAY_DELIMITER = "\x1f"  # passed to neo4j-admin as --array-delimiter=U+001F

# ---------------------------------------------------------------------------------------------- Cypher literals


def cypher_string(s: str) -> str:
    out = []
    for ch in str(s):
        if ch == "\\":
            out.append("\\\\")
        elif ch == "'":
            out.append("\\'")
        elif ch == "\n":
            out.append("\\n")
        elif ch == "\r":
            out.append("\\r")
        elif ch == "\t":
            out.append("\\t")
        elif ord(ch) < 0x20 or ch in "\u2028\u2029":
            out.append(f"\\u{ord(ch):04x}")
        else:
            out.append(ch)
    return "'" + "".join(out) + "'"


def cypher_literal(v: Any) -> str:
    if v is None:
        return "null"
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int):
        return str(v)
    if isinstance(v, float):
        if not math.isfinite(v):
            raise KgError(f"cannot export non-finite number {v}")
        return repr(v)
    if isinstance(v, str):
        return cypher_string(v)
    if isinstance(v, list | tuple):
        return "[" + ", ".join(cypher_literal(x) for x in v) + "]"
    if isinstance(v, dict):
        return "{" + ", ".join(f"`{k.replace('`', '``')}`: {cypher_literal(x)}" for k, x in v.items()) + "}"
    raise KgError(f"cannot export value of type {type(v).__name__}")


def cypher_statements(g: nx.MultiDiGraph) -> list[str]:
    """The statements of the cypher export, without the trailing ';'."""
    rows = graph_rows(g)
    stmts = list(schema_statements())
    for labels in sorted(rows.nodes):
        extra = "".join(f":{lab}" for lab in labels)
        for r in rows.nodes[labels]:
            props = dict(r["props"], aliases=r["aliases"], aliases_text="".join(a + " " for a in r["aliases"]))
            stmts.append(f"MERGE (n:Entity {{id: {cypher_literal(r['id'])}}}) SET n{extra} "
                         f"SET n += {cypher_literal(props)}")
    for r in rows.documents:
        stmts.append(f"MERGE (d:Document {{id: {cypher_literal(r['id'])}}}) SET d += {cypher_literal(r['props'])}")
    for rtype in REL_TYPES:
        for r in rows.rels.get(rtype, []):
            props = dict(r["props"], evidence_docs=r["docs"], evidence_texts=r["texts"],
                         evidence_dates=r["dates"], evidence_amounts=r["amounts"])
            amount = _amount(r)
            if rtype == "FUNDS" and amount is not None:
                props["amount_yuan"] = amount
            stmts.append(
                f"MATCH (a:Entity {{id: {cypher_literal(r['source'])}}}) "
                f"MATCH (b:Entity {{id: {cypher_literal(r['target'])}}}) "
                f"MERGE (a)-[r:{rtype}]->(b) SET r += {cypher_literal(props)}"
            )
    for r in rows.mentions:
        stmts.append(
            f"MATCH (e:Entity {{id: {cypher_literal(r['entity'])}}}) "
            f"MATCH (d:Document {{id: {cypher_literal(r['doc'])}}}) "
            f"MERGE (e)-[m:MENTIONED_IN]->(d) SET m.count = {r['count']}"
        )
    return stmts


def _amount(r: dict[str, Any]) -> float | None:
    vals = [a for a in r["amounts"] if a >= 0]
    return float(sum(vals)) if vals else None


def dumps_cypher(g: nx.MultiDiGraph) -> str:
    head = "// kg graph export for cypher-shell: cypher-shell -u neo4j -p PASSWORD -f graph.cypher\n"
    return head + "".join(s + ";\n" for s in cypher_statements(g))


# ---------------------------------------------------------------------------------------------- CSV


def _csv(header: list[str], rows: list[list[Any]]) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    w.writerow(header)
    for r in rows:
        w.writerow(["" if v is None else _csv_value(v) for v in r])
    return buf.getvalue()


def _csv_value(v: Any) -> str:
    if isinstance(v, list):
        return ARRAY_DELIMITER.join(_csv_value(x) for x in v)
    if isinstance(v, float):
        return repr(v)
    return str(v)


def csv_files(g: nx.MultiDiGraph) -> dict[str, str]:
    rows = graph_rows(g)
    ent = []
    for labels in sorted(rows.nodes):
        for r in rows.nodes[labels]:
            p = r["props"]
            ent.append([r["id"], ARRAY_DELIMITER.join(("Entity",) + labels), p["name"], p["type"], r["aliases"],
                        "".join(a + " " for a in r["aliases"]), p.get("level"), p.get("adcode"),
                        p.get("lon"), p.get("lat")])
    files = {
        "entities.csv": _csv(["id:ID(Entity)", ":LABEL", "name", "type", "aliases:string[]", "aliases_text",
                              "level", "adcode", "lon:float", "lat:float"], ent),
        "documents.csv": _csv(["id:ID(Document)", ":LABEL", "path", "sha256", "date"],
                              [[r["id"], "Document", r["props"].get("path"), r["props"].get("sha256"),
                                r["props"].get("date")] for r in rows.documents]),
    }
    rel = []
    for rtype in REL_TYPES:
        for r in rows.rels.get(rtype, []):
            amount = _amount(r) if rtype == "FUNDS" else None
            rel.append([r["source"], r["target"], rtype, r["props"].get("program"), r["props"].get("title"),
                        r["props"].get("purpose"), amount, r["docs"], r["texts"], r["dates"], r["amounts"]])
    files["relationships.csv"] = _csv(
        [":START_ID(Entity)", ":END_ID(Entity)", ":TYPE", "program", "title", "purpose", "amount_yuan:float",
         "evidence_docs:string[]", "evidence_texts:string[]", "evidence_dates:string[]",
         "evidence_amounts:float[]"], rel)
    files["mentions.csv"] = _csv([":START_ID(Entity)", ":END_ID(Document)", ":TYPE", "count:int"],
                                 [[r["entity"], r["doc"], "MENTIONED_IN", r["count"]] for r in rows.mentions])
    files["import.sh"] = (
        "#!/bin/sh\n"
        "# Stop the database first; then, from this directory (files readable by neo4j-admin):\n"
        "exec neo4j-admin database import full --overwrite-destination \\\n"
        "  --array-delimiter=U+001F --multiline-fields=true \\\n"
        "  --nodes=entities.csv --nodes=documents.csv \\\n"
        "  --relationships=relationships.csv --relationships=mentions.csv \\\n"
        "  \"${1:-neo4j}\"\n"
    )
    return files


# ---------------------------------------------------------------------------------------------- GraphML


def _flat(v: Any) -> Any:
    if isinstance(v, list | tuple | dict):
        return json.dumps(v, ensure_ascii=False, sort_keys=True)
    return v


def dumps_graphml(g: nx.MultiDiGraph) -> str:
    h = nx.MultiDiGraph()
    for n, d in g.nodes(data=True):
        attrs = {k: _flat(v) for k, v in d.items() if v is not None and k != "mentions"}
        attrs["mention_count"] = len(d.get("mentions") or ())
        attrs.setdefault("label", d.get("name") or n)
        h.add_node(n, **attrs)
    for s, t, k, d in g.edges(keys=True, data=True):
        attrs = {kk: _flat(v) for kk, v in d.items() if v is not None}
        attrs["evidence_count"] = len(d.get("evidence") or ())
        h.add_edge(s, t, key=k, **attrs)
    return "\n".join(nx.generate_graphml(h, prettyprint=True)) + "\n"


# ---------------------------------------------------------------------------------------------- entry


def default_out(graph_path: str | Path, fmt: str) -> Path:
    p = Path(graph_path)
    base = p if p.is_dir() else p.parent
    return base / {"csv": "neo4j-import", "cypher": "graph.cypher", "graphml": "graph.graphml"}[fmt]


def export(g: nx.MultiDiGraph, fmt: str, out: str | Path) -> list[Path]:
    """Write the export; returns the files written. The csv format's files are written together: each to
    a temporary file first, then all moved into place, so a failure leaves the previous set whole."""
    out = Path(out)
    if fmt == "csv":
        if out.exists() and not out.is_dir():
            raise KgError(f"--out {out} must be a directory for the csv format")
        files = {out / name: text for name, text in csv_files(g).items()}
        _write_together(files, executable={out / "import.sh"})
        return list(files)
    if fmt not in FORMATS:
        raise KgError(f"unknown export format {fmt!r} (one of {', '.join(FORMATS)})")
    if out.is_dir():
        raise KgError(f"--out {out} is a directory; the {fmt} format writes one file")
    atomic_write_text(out, dumps_cypher(g) if fmt == "cypher" else dumps_graphml(g))
    return [out]


def _write_together(files: dict[Path, str], executable: set[Path] = frozenset()) -> None:
    """Every file's text to a temporary file beside it, then each renamed into place (no temporary file
    is left whatever fails)."""
    import os
    import tempfile

    from kg.jsonio import publish

    temps: list[tuple[str, Path]] = []
    try:
        for path, text in files.items():
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=f".{path.name[:24]}.", suffix=".tmp", dir=path.parent)
            temps.append((tmp, path))
            with os.fdopen(fd, "wb") as f:
                f.write(text.encode("utf-8"))
                f.flush()
                os.fsync(f.fileno())
            if path in executable:
                os.chmod(tmp, 0o755)
        for tmp, path in temps:
            if path in executable:
                os.replace(tmp, path)
            else:
                publish(tmp, path)
    except OSError as e:
        if e.filename is not None and str(e.filename).endswith(".tmp"):
            e.filename, e.filename2 = str(dict(temps).get(e.filename, e.filename)), None
        elif e.filename is None and temps:
            e.filename = str(temps[-1][1])
        raise
    finally:
        for tmp, _ in temps:
            try:
                os.unlink(tmp)
            except OSError:
                pass
