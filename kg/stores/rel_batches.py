"""Relationships as statements: one relationship type at a time, each evidence sentence sent once per
statement however many relationships it proves.

A sentence often proves several relationships (a list of posts, a sum given to a county and the programme it
goes to), and sentences are most of the bytes (≈ 300 each in real text). So a statement carries its distinct
(document, sentence) pairs once, `$texts` and `$docs`, and every evidence entry only the index of its
sentence (`$sent`), its date and its amount; relationships that share sentences are packed next to each
other (sentence_groups), so that they land in the same statement. What the store ends up with is the same
as with one list entry per evidence entry (rel_statement rebuilds the lists entry by entry).

Amounts go as integers when they are whole (`toFloat` in the statement gives back the same float): a server
that writes parameters into its query text (FalkorDB) writes a float with six decimals.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any, NamedTuple

from kg.errors import KgError
from kg.stores.batches import Batch, literal_bytes, statement_bytes, str_bytes
from kg.stores.statements import rel_statement

EVIDENCE_KEYS = ("docs", "texts", "dates", "amounts")
Entry = tuple[str, str, str, Any]  # (doc, text, date, amount) of one evidence entry


class Piece(NamedTuple):
    """A relationship, or a slice of its evidence when all of it does not fit one statement (counted: the
    first slice only)."""
    src: str
    dst: str
    props: dict[str, Any]
    entries: tuple[Entry, ...]
    counted: bool = True


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
                raise KgError(f"its evidence sentence in {row['docs'][i]} has "
                              f"{len(row['texts'][i].encode('utf-8'))} bytes: more than a statement of "
                              f"--max-batch-bytes can hold")
        part = cand
    if part["docs"] or not row["docs"]:
        yield part


def _amount(v: Any) -> Any:
    """A whole float as an int (the statement's toFloat() restores it exactly), anything else as it is."""
    if type(v) is float and v.is_integer() and abs(v) < 2 ** 53:
        return int(v)
    return v


def sentence_groups(rels: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The relationships reordered so that those sharing an evidence sentence are adjacent: connected groups
    (a shared (doc, text) joins two), each in its original order, groups in the order of their first."""
    parent = list(range(len(rels)))

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    first: dict[tuple[str, str], int] = {}
    for i, r in enumerate(rels):
        for pair in zip(r["docs"], r["texts"], strict=True):
            j = first.setdefault(pair, i)
            if j != i:
                parent[find(i)] = find(j)
    groups: dict[int, list[int]] = {}
    for i in range(len(rels)):
        groups.setdefault(find(i), []).append(i)
    return [rels[i] for g in sorted(groups.values()) for i in g]


class _Packer:
    """Params of one statement built piece by piece, with their size as statement_bytes counts it (an upper
    bound: every list item is counted with its ', ')."""

    def __init__(self, rtype: str, props: bool, evidence: bool, exact: bool):
        self.props, self.evidence = props, evidence
        self.statement = rel_statement(rtype, props, evidence, exact)
        self.append = rel_statement(rtype, props, evidence) if exact else self.statement
        self.base = statement_bytes(self.statement, self._params([]))
        self.slice_base = max(self.base, statement_bytes(self.append, self._params([])))

    def _params(self, pieces: list[Piece]) -> dict[str, Any]:
        p: dict[str, Any] = {"src": [x.src for x in pieces], "dst": [x.dst for x in pieces]}
        if self.props:
            p["props"] = [x.props for x in pieces]
        if self.evidence:
            index: dict[tuple[str, str], int] = {}
            p.update(first=[0], sent=[], dates=[], amounts=[], texts=[], docs=[])
            for x in pieces:
                for doc, text, date, amount in x.entries:
                    k = index.setdefault((doc, text), len(index))
                    if k == len(p["texts"]):
                        p["texts"].append(text)
                        p["docs"].append(doc)
                    p["sent"].append(k)
                    p["dates"].append(date)
                    p["amounts"].append(_amount(amount))
                p["first"].append(len(p["sent"]))
        return p

    def batch(self, pieces: list[Piece]) -> Batch:
        """The statement for `pieces`: the later slices of a relationship's evidence are appended to what
        its first slice set (never in one statement with other pieces)."""
        statement = self.statement if all(x.counted for x in pieces) else self.append
        return Batch(statement, self._params(pieces), sum(x.counted for x in pieces), "relationships",
                     parts=pieces, repack=self.batch, split_part=_halve)

    def added(self, x: Piece, seen: dict[tuple[str, str], int], entries_before: int
              ) -> tuple[int, list[tuple[str, str]]]:
        """Bytes `x` adds to a statement that already holds the sentences `seen` and `entries_before`
        evidence entries, and the sentences it brings."""
        b = str_bytes(x.src) + str_bytes(x.dst) + 4
        if self.props:
            b += literal_bytes(x.props) + 2
        new: list[tuple[str, str]] = []
        if not self.evidence:
            return b, new
        b += len(str(entries_before + len(x.entries))) + 2
        for doc, text, date, amount in x.entries:
            k = seen.get((doc, text))
            if k is None:
                if (doc, text) in new:
                    k = len(seen) + new.index((doc, text))
                else:
                    k = len(seen) + len(new)
                    new.append((doc, text))
                    b += str_bytes(text) + str_bytes(doc) + 4
            b += len(str(k)) + str_bytes(date) + literal_bytes(_amount(amount)) + 6
        return b, new

    def slices(self, x: Piece, max_bytes: int) -> list[Piece] | str:
        """A relationship whose evidence does not fit one statement as slices that each fit alone (the first
        counted); the reason when even one entry does not."""
        if not self.evidence:
            return f"{max_bytes} bytes per statement cannot hold it"
        keys = dict(zip(EVIDENCE_KEYS, zip(*x.entries, strict=True), strict=True))
        row = {"source": x.src, "target": x.dst, **{k: list(v) for k, v in keys.items()}}

        def piece(part: dict[str, Any], counted: bool = True) -> Piece:
            return Piece(x.src, x.dst, x.props, tuple(zip(*(part[k] for k in EVIDENCE_KEYS), strict=True)), counted)

        try:
            parts = list(split_evidence(row, lambda p: self.slice_base + self.added(piece(p), {}, 0)[0] <= max_bytes))
        except KgError as e:
            return str(e)
        return [piece(p, j == 0) for j, p in enumerate(parts)]


def rel_batches(rtype: str, rels: list[dict[str, Any]], max_rows: int, max_bytes: int,
                exact: bool = False) -> Iterator[Batch]:
    """The relationships of one type, all with evidence or all without, as statements of at most `max_rows`
    relationships and `max_bytes` bytes (statement_bytes); one that cannot be sent becomes a Batch with an
    `error` (never sent). `exact`: rel_statement's exact form (properties set to exactly these)."""
    evidence = any(r["docs"] for r in rels)
    props = any(r["props"] for r in rels)
    packer = _Packer(rtype, props, evidence, exact)
    cur: list[Piece] = []
    seen: dict[tuple[str, str], int] = {}
    nbytes, entries = packer.base, 0
    todo = [Piece(r["source"], r["target"], r["props"] if props else {},
                  tuple(zip(r["docs"], r["texts"], r["dates"], r["amounts"], strict=True)))
            for r in (sentence_groups(rels) if evidence else rels)]
    todo.reverse()
    while todo:
        x = todo.pop()
        if not x.counted:  # a later slice of a relationship's evidence: a statement of its own
            if cur:
                yield packer.batch(cur)
                cur, seen, nbytes, entries = [], {}, packer.base, 0
            yield packer.batch([x])
            continue
        b, new = packer.added(x, seen, entries)
        if cur and (len(cur) >= max_rows or nbytes + b > max_bytes):
            yield packer.batch(cur)
            cur, seen, nbytes, entries = [], {}, packer.base, 0
            b, new = packer.added(x, seen, entries)
        if packer.base + b > max_bytes:  # too large even alone
            parts = packer.slices(x, max_bytes)
            if isinstance(parts, str):
                err = packer.batch([Piece(x.src, x.dst, {}, ())])
                err.error = parts
                yield err
            else:
                todo.extend(reversed(parts))
            continue
        cur.append(x)
        n = len(seen)
        seen.update((pair, n + i) for i, pair in enumerate(new))
        nbytes += b
        entries += len(x.entries)
    if cur:
        yield packer.batch(cur)


def _halve(x: Piece) -> list[Piece]:
    """A piece with several evidence entries as two (for a retry in smaller pieces)."""
    h = len(x.entries) // 2
    if h == 0:
        return [x]
    return [Piece(x.src, x.dst, x.props, x.entries[:h], x.counted),
            Piece(x.src, x.dst, x.props, x.entries[h:], False)]
