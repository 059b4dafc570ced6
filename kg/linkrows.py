"""A link in the graph store (OUT/graph.db, kg.graphindex): its ``links`` row and its evidence, kept as
``link_evidence`` rows of rendered text, one per document and date.

A link's evidence is most of its bytes (a province's link to its region can carry thousands of
sentences). graph.json sorts it by (date, document, sentence), so each (date, document) pair's sentences
are one run of that list: a row holds the run's text as graph.json has it (kg.graphjson.evidence_text),
its number of sentences and its amounts in order, and the link's row holds only its bytes around the
list (``head``, ``tail``: kg.graphjson.head_tail) and its merge record without the evidence. A re-build
deletes the rows of the documents taken out, inserts those of the documents folded in, and renders the
link's row again from its record and the amounts of its rows (a FUNDS link's amount_yuan sums them): it
never decodes or renders the link's other documents' evidence. The writer joins head, rows and tail.

A link whose evidence dates are not all strings (or null) cannot be ordered by the rows (``odd``): its
row holds its whole bytes (``tail`` NULL), rendered from its rows read back.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from itertools import groupby
from typing import Any

from kg.graphjson import EvidenceAmounts, evidence_text, head_tail, item_bytes
from kg.merge import AMOUNT_LINK, GraphMerger, evidence_of

Key = tuple[str, str, str]  # (source, target, type)

_JSON = json.JSONEncoder(ensure_ascii=False, allow_nan=False, separators=(",", ":")).encode


def evidence_rows(k: Key, evd: dict[tuple[str, str], tuple] | None) -> list[tuple]:
    """The link_evidence rows of a link's merged evidence ({(doc, text): (no amount, rank, date, amount)},
    GraphMerger.edge_record), in graph.json's order: (source, target, type, day, doc, rank, sentences,
    amounts (JSON list or None), odd, text (UTF-8)); day is the date, "" for none (or not a string:
    odd)."""
    if not evd:
        return []
    items = sorted((date or "", doc, text, date, amount, rank)
                   for (doc, text), (_no_amount, rank, date, amount) in evd.items())
    rows = []
    for (day, doc), run in groupby(items, key=lambda it: (it[0] if type(it[0]) is str else "", it[1])):
        run = list(run)
        amounts = [it[4] for it in run if it[4] is not None]
        odd = int(any(type(it[3]) not in (str, type(None)) for it in run))
        rows.append((*k, day, doc, min(it[5] for it in run), len(run), _JSON(amounts) if amounts else None, odd,
                     evidence_text([it[:5] for it in run]).encode("utf-8")))
    return rows


def _record_json(rec: list[Any]) -> str:
    """A link's merge record without its evidence (that is its link_evidence rows)."""
    return _JSON([*rec[:4], None])


def link_row(m: GraphMerger, k: Key, count: int, amounts: list[Any] | None,
             evd: dict[tuple[str, str], tuple] | None = None) -> tuple:
    """The link's row: (source, target, type, sentences, head, tail, record). amounts: those of its
    evidence rows in order (only an AMOUNT_LINK's are needed), or None for a link whose rows are odd: evd
    is then its whole evidence and the row holds the link's whole bytes."""
    ht = None if amounts is None else head_tail(m.link_item(k, EvidenceAmounts(amounts)), "evidence")
    if ht is None:
        head, tail = item_bytes(m.link_item(k, evidence_of(evd))), None
    else:
        head, tail = ht
    return (*k, count, head, tail, _record_json(m.edge_record(k)))


def _amounts(rows: Iterable[tuple]) -> list[Any]:
    """The amounts of these evidence rows (their JSON lists, in order) as one list."""
    return [a for (js,) in rows if js is not None for a in json.loads(js)]


def fill_links(db: sqlite3.Connection, m: GraphMerger) -> None:
    """The links and link_evidence rows of every link of a merger holding every document (an emptied
    store)."""
    links: list[tuple] = []
    evidence: list[tuple] = []
    for k in sorted(m.edge_keys()):
        evd = m.edge_record(k)[4]
        rows = evidence_rows(k, evd)
        amounts = None if any(r[8] for r in rows) else _amounts((r[7],) for r in rows)
        links.append(link_row(m, k, sum(r[6] for r in rows), amounts, evd))
        evidence += rows
        if len(evidence) > 4096 or len(links) > 1024:
            _insert(db, links, evidence)
    _insert(db, links, evidence)


def _insert(db: sqlite3.Connection, links: list[tuple], evidence: list[tuple]) -> None:
    db.executemany("INSERT INTO link_evidence VALUES (?,?,?,?,?,?,?,?,?,?)", evidence)
    db.executemany("INSERT INTO links VALUES (?,?,?,?,?,?,?)", links)
    links.clear()
    evidence.clear()


def drop_evidence(db: sqlite3.Connection, ranks: Iterable[int]) -> dict[Key, int]:
    """Delete the evidence rows of these documents' ranks; -> how many sentences each link lost."""
    lost: dict[Key, int] = {}
    for rank in sorted(ranks):
        for s, t, ty, n in db.execute("DELETE FROM link_evidence WHERE rank=? RETURNING source, target, type, n",
                                      (rank,)).fetchall():
            lost[(s, t, ty)] = lost.get((s, t, ty), 0) + n
    return lost


def load_saved(db: sqlite3.Connection, m: GraphMerger, links: Iterable[Key]) -> dict[Key, int]:
    """Load the saved records of these links into m (without their evidence); -> their number of
    sentences."""
    counts = {}
    for k in links:
        row = db.execute("SELECT record, evidence FROM links WHERE source=? AND target=? AND type=?", k).fetchone()
        if row:
            m.load_edge(k, json.loads(row[0]))
            counts[k] = row[1]
    return counts


def update_links(db: sqlite3.Connection, m: GraphMerger, keys: list[Key], added: GraphMerger,
                 counts: dict[Key, int]) -> None:
    """The rows of the touched links (keys, sorted), once the removed documents' evidence rows are gone
    (drop_evidence; counts: each link's sentences after that): the added documents' evidence rows
    (added: their merge) and the link's row rendered again (m: the links' merge records, without
    evidence)."""
    for k in keys:
        if not m.has_edge(k):
            db.execute("DELETE FROM links WHERE source=? AND target=? AND type=?", k)
            db.execute("DELETE FROM link_evidence WHERE source=? AND target=? AND type=?", k)
            continue
        new = evidence_rows(k, added.edge_record(k)[4]) if added.has_edge(k) else []
        db.executemany("INSERT OR REPLACE INTO link_evidence VALUES (?,?,?,?,?,?,?,?,?,?)", new)
        count = counts.get(k, 0) + sum(r[6] for r in new)
        if db.execute("SELECT 1 FROM link_evidence WHERE source=? AND target=? AND type=? AND odd=1 LIMIT 1",
                      k).fetchone():
            row = link_row(m, k, count, None, saved_evidence(db, k))
        elif k[2] == AMOUNT_LINK:
            row = link_row(m, k, count, _amounts(db.execute(
                "SELECT amounts FROM link_evidence WHERE source=? AND target=? AND type=? AND amounts IS NOT NULL "
                "ORDER BY day, doc", k)))
        else:
            row = link_row(m, k, count, [])
        db.execute("INSERT OR REPLACE INTO links VALUES (?,?,?,?,?,?,?)", row)


def saved_evidence(db: sqlite3.Connection, k: Key) -> dict[tuple[str, str], tuple]:
    """A link's evidence read back from its rows, as its merge record holds it."""
    return evidence_of_rows(db.execute("SELECT rank, ev FROM link_evidence WHERE source=? AND target=? AND type=?", k))


def evidence_of_rows(rows: Iterable[tuple[int, bytes]]) -> dict[tuple[str, str], tuple]:
    """The evidence of (rank, text) evidence rows as a merge record holds it: {(doc, text): (no amount,
    rank, date, amount)}."""
    evd = {}
    for rank, text in rows:
        for e in json.loads(b"[" + text + b"]"):
            amount = e.get("amount_yuan")
            evd[(e["doc"], e["text"])] = (amount is None, rank, e["date"], amount)
    return evd
