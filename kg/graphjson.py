"""graph.json's bytes: the canonical node-link JSON (DESIGN.md), written a piece at a time.

graph.json is ``json.dumps({directed, graph, links, multigraph, nodes}, ensure_ascii=False, sort_keys=True,
indent=1) + "\n"``. :func:`encode` formats a value exactly as that call would at a given depth, so that an
item (a node or a link) can be rendered on its own, stored (kg.graphindex keeps every item's bytes) and
joined with the others into the file by :func:`write_node_link`. Mentions and evidence, most of the bytes,
are pre-rendered per document (``Mentions``, ``Evidence``): the writer joins them.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Iterable, Iterator
from json.encoder import encode_basestring as _enc_str  # the C encoder used by json.dumps(ensure_ascii=False)
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kg.errors import KgError
from kg.jsonio import dumps_canonical, publish

if TYPE_CHECKING:  # networkx is imported where a NetworkX graph is made
    import networkx as nx

MENTION_LEVEL = 4  # depth of a mention object in graph.json: root, "nodes", node, "mentions", mention
EVIDENCE_LEVEL = 4  # depth of an evidence object: root, "links", link, "evidence", evidence


def render_mentions(doc: str, ts: list[tuple]) -> str | list[list[Any]]:
    """Sorted (sentence, start, end) tuples of one document -> their mention objects as they appear in
    graph.json, separated as there (so that a node's list is a join of its documents' texts), or the
    tuples as lists when a value is not one the writer can format exactly."""
    try:
        return (",\n" + " " * MENTION_LEVEL).join(
            encode({"doc": doc, "end": b, "sentence": s, "start": a}, MENTION_LEVEL) for s, a, b in ts)
    except Unsupported:
        return [list(t) for t in ts]


def mention_tuples(doc: str, ms: str | list[list[Any]]) -> list[tuple]:
    if type(ms) is str:
        return [(d["sentence"], d["start"], d["end"]) for d in json.loads("[" + ms + "]")]
    return [tuple(t) for t in ms]



class Mentions:
    """A node's mentions, [(doc, rendered text or [[sentence, start, end], ...])] in output order: joined
    into graph.json by the writer, or turned into the usual dicts."""

    __slots__ = ("groups", "text")

    def __init__(self, groups: list[tuple[str, Any]], text: bool | None = None):
        self.groups = groups
        self.text = all(type(ms) is str for _, ms in groups) if text is None else text  # all rendered

    def dicts(self) -> list[dict[str, Any]]:
        return [{"doc": doc, "sentence": s, "start": a, "end": b}
                for doc, ms in self.groups for s, a, b in mention_tuples(doc, ms)]

    def encode(self, level: int) -> str:
        """As encode(self.dicts(), level) would."""
        if not self.groups:
            return "[]"
        if level + 1 != MENTION_LEVEL or not self.text:
            return encode(self.dicts(), level)
        sep = ",\n" + " " * MENTION_LEVEL
        return "[\n" + " " * MENTION_LEVEL + sep.join([ms for _, ms in self.groups]) + "\n" + " " * level + "]"


class Evidence:
    """A link's evidence, [(date or "", doc, text, date, amount or None)] sorted: written straight to
    text by the graph.json writer, or turned into the usual dicts."""

    __slots__ = ("items",)

    def __init__(self, items: list[tuple]):
        self.items = items

    def dicts(self) -> list[dict[str, Any]]:
        out = []
        for _key, doc, text, date, amount in self.items:
            ev = {"doc": doc, "text": text, "date": date}
            if amount is not None:
                ev["amount_yuan"] = amount
            out.append(ev)
        return out

    def amounts(self) -> list[Any]:
        return [it[4] for it in self.items if it[4] is not None]

    def encode(self, level: int) -> str:
        """As encode(self.dicts(), level) would."""
        if not self.items:
            return "[]"
        return "[\n" + " " * (level + 1) + self.text(level) + "\n" + " " * level + "]"

    def text(self, level: int) -> str:
        """The list's items as encode(self.dicts(), level) writes them, without its brackets: what a store
        keeps of a document's evidence for a link (a link's list is a join of its documents' texts)."""
        i = "\n" + " " * (level + 2)
        close = "\n" + " " * (level + 1) + "}"
        pieces = []
        for _key, doc, text, date, amount in self.items:
            ta, td = type(amount), type(date)
            if (amount is None or ta is int or (ta is float and amount - amount == 0)) and (
                    td is str or date is None) and type(doc) is str and type(text) is str:
                a = "" if amount is None else f'"amount_yuan": {amount!r},{i}'
                d = "null" if date is None else _enc_str(date)
                pieces.append(f'{{{i}{a}"date": {d},{i}"doc": {_enc_str(doc)},{i}"text": {_enc_str(text)}{close}')
            else:
                pieces.append(encode(Evidence([(_key, doc, text, date, amount)]).dicts()[0], level + 1))
        return (",\n" + " " * (level + 1)).join(pieces)


def evidence_text(items: list[tuple]) -> str:
    """Evidence(items).text at a link's depth in graph.json, for any values json.dumps takes."""
    try:
        return Evidence(items).text(EVIDENCE_LEVEL - 1)
    except Unsupported:
        return (",\n" + " " * EVIDENCE_LEVEL).join(dumps_at(d, EVIDENCE_LEVEL) for d in Evidence(items).dicts())


class EvidenceAmounts:
    """Stands for a link's evidence kept elsewhere (kg.graphstate keeps it as rows of rendered text, one
    per document and date): only its amounts, in the evidence's order, which a FUNDS link's amount_yuan
    sums. A link with it is rendered around its evidence (head_tail), never whole."""

    __slots__ = ("_amounts",)

    def __init__(self, amounts: list[Any]):
        self._amounts = amounts

    def amounts(self) -> list[Any]:
        return self._amounts


def to_node_link(g: nx.MultiDiGraph) -> dict[str, Any]:
    nodes = []
    for nid in sorted(g.nodes):
        data = {"id": nid}
        data.update(g.nodes[nid])
        nodes.append(data)
    links = []
    for src, dst, key, data in sorted(g.edges(keys=True, data=True), key=lambda t: (t[0], t[1], t[2])):
        link = {"source": src, "target": dst, "key": key}
        link.update(data)
        links.append(link)
    return {"directed": True, "multigraph": True, "graph": dict(g.graph), "nodes": nodes, "links": links}


def dumps_graph(g: nx.MultiDiGraph) -> str:
    return dumps_canonical(to_node_link(g), indent=1) + "\n"


def write_graph(g: nx.MultiDiGraph, path: str | Path) -> None:
    """graph.json: the bytes of dumps_graph(g), streamed (no whole-file string in memory)."""

    def nodes() -> Iterator[bytes]:
        for nid in sorted(g.nodes):
            yield item_bytes({"id": nid, **g.nodes[nid]})

    def links() -> Iterator[bytes]:
        for src, dst, key, data in sorted(g.edges(keys=True, data=True), key=lambda t: (t[0], t[1], t[2])):
            yield item_bytes({"source": src, "target": dst, "key": key, **data})

    write_node_link(path, dict(g.graph), links(), nodes())


class Unsupported(Exception):
    """A value the fast writer does not format exactly like json.dumps: fall back to json.dumps."""


_FLUSH_BYTES = 1 << 20  # bytes gathered before a write


def encode(o: Any, level: int) -> str:
    """json.dumps(o, ensure_ascii=False, sort_keys=True, indent=1, allow_nan=False) as if o were nested
    `level` deep. Exact for str keys and str/int/float/bool/None/list/tuple/dict values; raises
    Unsupported for anything else (subclasses included), so that the caller can use json.dumps."""
    t = type(o)
    if t is str:
        return _enc_str(o)
    if t is dict:
        if not o:
            return "{}"
        parts = []
        for k in sorted(o):
            if type(k) is not str:
                raise Unsupported
            v = o[k]
            tv = type(v)
            if tv is str:
                parts.append(f"{_enc_str(k)}: {_enc_str(v)}")
            elif tv is int:
                parts.append(f"{_enc_str(k)}: {int.__repr__(v)}")
            elif v is None:
                parts.append(f"{_enc_str(k)}: null")
            else:
                parts.append(f"{_enc_str(k)}: {encode(v, level + 1)}")
        nl = "\n" + " " * (level + 1)
        return "{" + nl + ("," + nl).join(parts) + "\n" + " " * level + "}"
    if t is list or t is tuple:
        if not o:
            return "[]"
        nl = "\n" + " " * (level + 1)
        try:  # a list of strings (aliases) in one go
            body = ("," + nl).join(map(_enc_str, o))
        except TypeError:
            body = ("," + nl).join([encode(v, level + 1) for v in o])
        return "[" + nl + body + "\n" + " " * level + "]"
    if t is Mentions or t is Evidence:
        return o.encode(level)
    if o is None:
        return "null"
    if o is True:
        return "true"
    if o is False:
        return "false"
    if t is int:
        return int.__repr__(o)
    if t is float:
        if o != o or o in (float("inf"), float("-inf")):
            raise ValueError("Out of range float values are not JSON compliant")
        return float.__repr__(o)
    raise Unsupported


MID = b',\n "multigraph": true,\n "nodes": '  # between the links and the nodes of graph.json


def _item_pieces(item: dict[str, Any]) -> list[bytes]:
    """One item of "links" or "nodes" as graph.json has it (2 deep), in pieces.

    A node's rendered mentions (ASCII, most of the bytes) are encoded on their own: joined into the rest
    of the node (which has Chinese text) they would be widened to 2 bytes a character and narrowed back."""
    ms = item.get("mentions")
    if type(ms) is Mentions and ms.text and ms.groups:
        ht = head_tail(item, "mentions")
        if ht is not None:
            return [ht[0], ms.encode(MENTION_LEVEL - 1).encode("utf-8"), ht[1]]
    return [encode(item, 2).encode("utf-8")]


def head_tail(item: dict[str, Any], field: str) -> tuple[bytes, bytes] | None:
    """An item's bytes around one of its lists (a node's "mentions", a link's "evidence"): (head, tail)
    such that head + joined_list(texts) + tail is item_bytes of the item with that list made of those
    rendered texts (kg.graphindex keeps a node's mentions and a link's evidence so, one row per document).
    None when the item's other values are not ones encode formats."""
    try:
        before, slot, after = encode({**item, field: "\x00"}, 2).partition(f'"{field}": "\\u0000"')
    except Unsupported:
        return None
    if not slot:
        return None
    return before.encode("utf-8") + f'"{field}": '.encode(), after.encode("utf-8")


# a node's mentions and a link's evidence are lists at the same depth (3) of graph.json
assert MENTION_LEVEL == EVIDENCE_LEVEL
_LIST_OPEN = b"[\n" + b" " * MENTION_LEVEL  # as Mentions.encode(MENTION_LEVEL - 1) writes its list
_LIST_SEP = b",\n" + b" " * MENTION_LEVEL
_LIST_CLOSE = b"\n" + b" " * (MENTION_LEVEL - 1) + b"]"


def joined_list(texts: list[bytes]) -> bytes:
    """A node's mentions or a link's evidence list as graph.json has it, from its documents' rendered
    texts (UTF-8; render_mentions, Evidence.text) in order."""
    if not texts:
        return b"[]"
    return b"".join((_LIST_OPEN, _LIST_SEP.join(texts), _LIST_CLOSE))


def item_bytes(item: dict[str, Any]) -> bytes:
    """One node or link as graph.json has it (2 deep)."""
    try:
        return b"".join(_item_pieces(item))
    except Unsupported:
        return dumps_at(item, 2).encode("utf-8")


def dumps_at(o: Any, level: int) -> str:
    """encode(o, level) for any value json.dumps takes (str or int subclasses, say): json.dumps, indented
    `level` deep (strings hold no raw newline, so every line break is the indentation's)."""
    text = json.dumps(o, ensure_ascii=False, sort_keys=True, indent=1, allow_nan=False,
                      default=lambda v: v.dicts())
    return text.replace("\n", "\n" + " " * level)


HEAD = b'{\n "directed": true,\n "graph": '


def write_node_link(path: str | Path, graph: dict[str, Any], links: Iterable[bytes], nodes: Iterable[bytes]
                    ) -> None:
    """graph.json from the graph's attributes and its items' bytes (item_bytes, in key order), atomically
    (temp file, fsync, rename): readers see the old file or the new one."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name[:24]}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            try:
                head = encode(graph, 1)
            except Unsupported:
                head = dumps_at(graph, 1)
            f.write(HEAD + head.encode("utf-8") + b',\n "links": ')
            _write_list(f, links)
            f.write(MID)
            _write_list(f, nodes)
            f.write(b"\n}\n")
            f.flush()
            os.fsync(f.fileno())
        publish(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def _write_list(f: Any, items: Iterable[bytes]) -> None:
    """A list at depth 1 of graph.json ("links", "nodes") from its items' bytes."""
    out: list[bytes] = []
    n = 0
    sep = b"[\n  "
    for b in items:
        out += (sep, b)
        sep = b",\n  "
        n += len(b)
        if n > _FLUSH_BYTES:
            f.write(b"".join(out))
            out.clear()
            n = 0
    out.append(b"[]" if sep == b"[\n  " else b"\n ]")
    f.write(b"".join(out))


def read_graph(path: str | Path) -> nx.MultiDiGraph:
    p = Path(path)
    if p.is_dir():
        p = p / "graph.json"
    try:
        data = json.loads(p.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise KgError(f"no such graph file: {path}") from None
    except (OSError, ValueError) as e:
        raise KgError(f"cannot read graph {path}: {e}") from None
    if not isinstance(data, dict) or "nodes" not in data or "links" not in data:
        raise KgError(f"{path} is not a kg graph.json (node-link JSON with nodes and links)")
    import networkx as nx

    return nx.node_link_graph(data, directed=True, multigraph=True, edges="links")
