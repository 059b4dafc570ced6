"""`kg ask`: a question → entities (kg.ask.names) → a plan (kg.ask.intents) → the named query on graph.json or
over Bolt → rows, each with an evidence sentence and its document (the `relation-evidence` query), sums of
money in 万元 / 亿元. A question that maps to nothing gets the reason and the nearest questions that do."""

from __future__ import annotations

import difflib
import re
from dataclasses import asdict, dataclass, field
from typing import Any

from kg.ask.intents import Plan, Unmapped, place_suffixes, plan
from kg.ask.names import Mention, Node, Resolver
from kg.errors import KgError

# per query: the columns naming a row's link (source id, relation or a fixed type, target id)
LINK_COLUMNS = {
    "assistance": ("source_id", "relation", "target_id"),
    "person-positions": ("person_id", "HOLDS_POSITION", "organisation_id"),
    "program-implementers": ("implementer_id", "IMPLEMENTS", "program_id"),
}
# the column holding a row's other side, for 哪个旗 (the target kind) and title filters
OTHER_SIDE = {"helped": "target", "helpers": "source", "link": "target", "amount": "target"}
TEMPLATES = {
    "Region": ("谁在帮扶{x}？", "{x}获得了多少资金？", "{x}帮扶了哪些地方？", "谁在{x}担任什么职务？"),
    "Agency": ("{x}帮扶了哪些地方？", "{x}投入了多少资金？", "{x}实施了哪些项目？", "谁在{x}担任什么职务？"),
    "Person": ("{x}担任什么职务？",),
    "Program": ("哪些单位实施{x}？",),
}


class Source:
    """Where the graph is: graph.json (a NetworkX graph) or a Bolt store; the same named queries on both."""

    def __init__(self, graph=None, store=None):
        self.graph, self.store = graph, store

    def run(self, name: str, params: dict[str, Any]):
        from kg.queries import run_embedded, run_neo4j

        if self.store is not None:
            return run_neo4j(self.store, name, params)
        return run_embedded(self.graph, name, params)

    def nodes(self) -> list[Node]:
        if self.store is not None:
            _, rows = self.store.read("MATCH (n:Entity) OPTIONAL MATCH (n)-[r]-(:Entity) "
                                      "RETURN n.id, n.name, n.type, n.aliases, count(r) AS degree")
            return [Node(i, nm or i, t or "", tuple(a or ()), d) for i, nm, t, a, d in rows]
        g = self.graph
        return [Node(n, d.get("name") or n, d.get("type") or "", tuple(d.get("aliases") or ()), g.degree(n))
                for n, d in g.nodes(data=True)]


@dataclass
class Answer:
    question: str
    normalised: str
    entities: list[dict[str, Any]]
    intent: str
    summary: str
    query: str
    params: dict[str, Any]
    columns: list[str]
    rows: list[list[Any]]
    evidence: list[list[dict[str, Any]]]  # per row: its links' sentences (one per link; a path has several)
    total_yuan: float | None = None
    total_text: str = ""
    notes: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        out = asdict(self)
        out["rows"] = [dict(zip(self.columns, r, strict=True)) for r in self.rows]
        return out


class Unanswerable(KgError):
    """One line: why, and the nearest questions that can be answered."""

    def __init__(self, reason: str, suggestions: list[str]):
        self.reason, self.suggestions = reason, suggestions
        super().__init__(f"cannot answer: {reason}; try: {' / '.join(suggestions)}" if suggestions
                         else f"cannot answer: {reason}")


def normalise(question: str) -> str:
    """Simplified script (OpenCC t2s), full-width punctuation and spaces folded."""
    import unicodedata

    import opencc

    text = unicodedata.normalize("NFKC", question)
    text = opencc.OpenCC("t2s").convert(text)
    return re.sub(r"\s+", "", text)


def yuan_text(v: float) -> str:
    """An amount as Chinese readers write it: 2.94亿元, 650万元, 8000元."""
    for unit, size in (("亿元", 1e8), ("万元", 1e4)):
        if abs(v) >= size:
            return f"{v / size:.4f}".rstrip("0").rstrip(".") + unit
    return f"{v:.2f}".rstrip("0").rstrip(".") + "元"


def ask(question: str, source: Source) -> Answer:
    text = normalise(question)
    if not text:
        raise KgError("the question is empty")
    resolver = Resolver(source.nodes())
    mentions = resolver.find(text)
    try:
        p = plan(text, mentions)
    except Unmapped as e:
        raise Unanswerable(str(e), suggestions(text, mentions, resolver)) from None
    res = source.run(p.query, p.params)
    columns, rows, notes = res.columns, res.rows, []
    rows = _filtered(p, columns, rows, notes)
    ans = Answer(question, text, [_entity(m) for m in mentions], p.intent, p.summary, p.query, p.params,
                 columns, rows, [_evidence(source, p, columns, r) for r in rows], notes=notes)
    if p.intent == "amount":
        amounts = [r[columns.index("amount_yuan")] for r in rows]
        known = [a for a in amounts if a is not None]
        ans.total_yuan = float(sum(known)) if known else None
        ans.total_text = yuan_text(ans.total_yuan) if known else "no amount stated"
        if len(known) < len(amounts):
            notes.append(f"{len(amounts) - len(known)} of {len(amounts)} links state no amount")
    if not rows:
        notes.append("no such links in this graph")
        if p.intent == "amount":
            other = source.run(p.query, dict(p.params, relation="")).rows
            if other:
                notes.append(f"but {len(other)} ASSISTS link(s) between the same sides (without amounts)")
    return ans


def _entity(m: Mention) -> dict[str, Any]:
    return {"surface": m.surface, "name": m.name, "id": m.node.id if m.node else None,
            "type": m.node.type if m.node else None, "in_graph": m.node is not None}


def _filtered(p: Plan, columns: list[str], rows: list[list[Any]], notes: list[str]) -> list[list[Any]]:
    if p.target_kind and p.intent in OTHER_SIDE:
        i = columns.index(OTHER_SIDE[p.intent])
        kept = [r for r in rows if str(r[i]).endswith(place_suffixes(p.target_kind))]
        ends = "/".join(place_suffixes(p.target_kind))
        notes.append(f"only {OTHER_SIDE[p.intent]}s ending in {ends} ({len(kept)} of {len(rows)} rows)")
        rows = kept
    if p.title and "title" in columns:
        i = columns.index("title")
        kept = [r for r in rows if _same_post(r[i], p.title)]
        notes.append(f"only the title {p.title} ({len(kept)} of {len(rows)} rows)")
        rows = kept
    return rows


def _same_post(title: str | None, asked: str) -> bool:
    """书记 asked: 书记 and 党委书记 are that post, 副书记 is not."""
    if not title or not title.endswith(asked):
        return False
    head = title[:-len(asked)]
    return not head.endswith(("副", "原", "前"))


def _evidence(source: Source, p: Plan, columns: list[str], row: list[Any]) -> list[dict[str, Any]]:
    """The sentence behind each link of a row (a path: each hop), with its document and date."""
    rec = dict(zip(columns, row, strict=True))
    if p.query == "shortest-connection":
        names, rels = rec["names"], rec["relations"]
        links = [(names[i], rels[i], names[i + 1]) for i in range(len(rels))]
    elif p.query in LINK_COLUMNS:
        a, rel, b = LINK_COLUMNS[p.query]
        links = [(rec[a], rec.get(rel, rel), rec[b])]
    else:
        return []
    out = []
    for a, rel, b in links:
        ev = source.run("relation-evidence", {"source": a, "target": b, "relation": rel}).records()
        if rel == "FUNDS":  # the sentence that states an amount says most
            ev.sort(key=lambda e: e["amount_yuan"] is None)
        if ev:
            e = ev[0]
            out.append({"link": f"{e['source']} -{e['relation']}-> {e['target']}", "text": e["text"],
                        "doc": e["doc"], "date": e["date"], "amount_yuan": e["amount_yuan"]})
    return out


def suggestions(text: str, mentions: list[Mention], resolver: Resolver, n: int = 3) -> list[str]:
    """Questions kg ask can answer about the entities found (or the graph's best-connected ones), the most
    similar to the question first."""
    nodes = [m.node for m in mentions if m.node is not None]
    if not nodes:
        nodes = sorted(resolver.nodes.values(), key=lambda x: (-x.degree, x.id))[:4]
    cands = list(dict.fromkeys(t.format(x=x.name) for x in nodes for t in TEMPLATES.get(x.type, ())))
    if len(nodes) >= 2:
        cands.append(f"{nodes[0].name}和{nodes[1].name}有什么关系？")
    cands.sort(key=lambda c: -difflib.SequenceMatcher(None, text, c).ratio())
    return cands[:n]
