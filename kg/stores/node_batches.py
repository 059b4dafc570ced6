"""Entities as statements, each entity with its MENTIONED_IN links: no separate mention statements that name
every entity again by its id (a third of all the bytes a load sends), and no second index lookup of the
entity. A statement carries its distinct documents once (`$docs`) and each mention only the index of its
document (`$doc`) and its count; entity i owns mentions `$first[i]` … `$first[i + 1] - 1`.

Rows are counted as before: an entity is one row and each of its mentions one more, so `max_rows` (the
transaction size, 1 for row at a time) caps both; an entity with more mentions than a statement holds sends
the rest with mentions_statement, in statements of their own.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, NamedTuple

from kg.stores.batches import Batch, entity_id, literal_bytes, statement_bytes, str_bytes
from kg.stores.statements import mentions_statement, node_statement

Mention = tuple[str, int]  # (document id, count)


class NodePiece(NamedTuple):
    """An entity row (sent id, name, aliases[, props]) with some of its mentions; `counted` False: only
    mentions of an entity that an earlier piece wrote."""
    row: tuple
    mentions: tuple[Mention, ...]
    counted: bool = True

    def rows(self) -> int:
        return int(self.counted) + len(self.mentions)


class _Packer:
    def __init__(self, labels: tuple[str, ...], etype: str, props: bool, exact: bool):
        self.etype, self.columns = etype, ("ids", "names", "aliases", "props")[:3 + props]
        self.statement = node_statement(labels, props, exact)
        self.more = mentions_statement(exact)
        self.base = statement_bytes(self.statement, self._params([], self.columns))
        self.more_base = statement_bytes(self.more, self._params([], self.columns[:2]))

    def _params(self, pieces: list[NodePiece], columns: tuple[str, ...]) -> dict[str, Any]:
        p: dict[str, Any] = {"type": self.etype, **{c: [x.row[j] for x in pieces] for j, c in enumerate(columns)}}
        index: dict[str, int] = {}
        p.update(first=[0], doc=[], counts=[], docs=[])
        for x in pieces:
            for doc, count in x.mentions:
                k = index.setdefault(doc, len(index))
                if k == len(p["docs"]):
                    p["docs"].append(doc)
                p["doc"].append(k)
                p["counts"].append(count)
            p["first"].append(len(p["doc"]))
        return p

    def batch(self, pieces: list[NodePiece]) -> Batch:
        """Entities with their mentions, or (pieces not counted) more mentions of entities already written."""
        whole = all(x.counted for x in pieces)
        statement, columns = (self.statement, self.columns) if whole else (self.more, self.columns[:2])
        return Batch(statement, self._params(pieces, columns), sum(x.counted for x in pieces), "nodes",
                     parts=pieces, repack=self.batch, split_part=_halve,
                     also={"mentions": sum(len(x.mentions) for x in pieces)})

    def added(self, x: NodePiece, seen: dict[str, int], entries_before: int) -> tuple[int, list[str]]:
        """Bytes `x` adds to a statement that holds the documents `seen` and `entries_before` mentions (an
        upper bound), and the documents it brings."""
        b = sum(literal_bytes(v) for v in x.row) + 2 * len(x.row) + len(str(entries_before + len(x.mentions))) + 2
        new: list[str] = []
        for doc, count in x.mentions:
            k = seen.get(doc)
            if k is None:
                k = len(seen) + len(new) if doc not in new else len(seen) + new.index(doc)
                if doc not in new:
                    new.append(doc)
                    b += str_bytes(doc) + 2
            b += len(str(k)) + len(str(count)) + 4
        return b, new


def _halve(x: NodePiece) -> list[NodePiece]:
    """A piece with several mentions as two (for a retry in smaller pieces)."""
    h = len(x.mentions) // 2
    if h == 0:
        return [x]
    return [NodePiece(x.row, x.mentions[:h], x.counted), NodePiece(x.row, x.mentions[h:], False)]


def _fitted(packer: _Packer, x: NodePiece, max_rows: int, max_bytes: int) -> list[NodePiece] | str:
    """`x` as pieces that each fit a statement alone (at most `max_rows` rows, `max_bytes` bytes): the entity
    with the mentions that fit, then the rest of them; the reason when the entity row alone does not fit."""
    if packer.base + packer.added(NodePiece(x.row, ()), {}, 0)[0] > max_bytes:
        return f"more than the {max_bytes} bytes a statement may have here (--max-batch-bytes)"
    out: list[NodePiece] = []
    todo = list(x.mentions)
    counted = True
    while counted or todo:
        base = packer.base if counted else packer.more_base
        part: list[Mention] = []
        while todo and len(part) + counted < max_rows:
            if base + packer.added(NodePiece(x.row, tuple(part + todo[:1]), counted), {}, 0)[0] > max_bytes:
                break
            part.append(todo.pop(0))
        if not part and not counted:
            return f"a mention of it in {todo[0][0]}: more than the {max_bytes} bytes a statement may have here"
        out.append(NodePiece(x.row, tuple(part), counted))
        counted = False
    return out


def node_batches(labels: tuple[str, ...], etype: str, rows: list[tuple], mentions: list[tuple[Mention, ...]],
                 max_rows: int, max_bytes: int, exact: bool) -> Iterator[Batch]:
    """The entities of one label set (`rows`: sent id, name, aliases[, props]) with their `mentions`, as
    statements of at most `max_rows` rows (entities and mentions) and `max_bytes` bytes; an entity that cannot
    be sent becomes a Batch with an `error` (never sent)."""
    packer = _Packer(labels, etype, bool(rows) and len(rows[0]) == 4, exact)
    cur: list[NodePiece] = []
    seen: dict[str, int] = {}
    nbytes, nrows, entries = packer.base, 0, 0
    for row, ms in zip(rows, mentions, strict=True):
        x = NodePiece(row, ms)
        b, new = packer.added(x, seen, entries)
        if cur and (nrows + x.rows() > max_rows or nbytes + b > max_bytes):
            yield packer.batch(cur)
            cur, seen, nbytes, nrows, entries = [], {}, packer.base, 0, 0
            b, new = packer.added(x, seen, entries)
        if x.rows() > max_rows or packer.base + b > max_bytes:  # too large even alone
            pieces = _fitted(packer, x, max_rows, max_bytes)
            if isinstance(pieces, str):
                err = packer.batch([NodePiece(row, ())])
                err.error = f"entity {entity_id(err.params, 0)}: {pieces}"
                yield err
                continue
            yield from (packer.batch([p]) for p in pieces)
            continue
        cur.append(x)
        n = len(seen)
        seen.update((doc, n + i) for i, doc in enumerate(new))
        nbytes += b
        nrows += x.rows()
        entries += len(ms)
    if cur:
        yield packer.batch(cur)
