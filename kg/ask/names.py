"""Entities named in a question: one Aho–Corasick automaton (leftmost-longest) over the graph's own names and
aliases and over every form the extractor knows for the same entities (kg.ask.extractor_names), so that
北京 finds 北京市, 克旗 克什克腾旗 and 国家民委 the node the graph calls 国家民族事务委员会 (or the other way round).
A form the extractor knows for an entity the graph lacks is still recognised, to say so."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from ahocorasick_rs import AhoCorasick, MatchKind

from kg.ask.extractor_names import deictic_words, synonym_groups

TYPE_ORDER = {"Person": 0, "Agency": 1, "Region": 2, "Program": 3}


@dataclass(frozen=True)
class Node:
    id: str
    name: str
    type: str
    aliases: tuple[str, ...] = ()
    degree: int = 0


@dataclass(frozen=True)
class Mention:
    surface: str  # as written in the question
    start: int
    end: int
    node: Node | None  # None: known to the extractor (canonical below) but not in this graph
    canonical: str

    @property
    def name(self) -> str:
        return self.node.name if self.node else self.canonical


class Resolver:
    def __init__(self, nodes: list[Node]):
        self.nodes = {n.id: n for n in nodes}
        deictic = deictic_words()
        ids: dict[str, set[str]] = defaultdict(set)
        for n in nodes:
            for form in (n.name, *n.aliases):
                if len(form) >= 2 and form not in deictic:
                    ids[form].add(n.id)
        absent: dict[str, str] = {}
        for _kind, major, forms in synonym_groups():
            found = set().union(*(ids.get(f, ()) for f in forms))
            for f in forms:
                if len(f) < 2 or f in deictic:
                    continue
                if found:
                    ids[f] |= found
                elif major:
                    absent.setdefault(f, forms[0])
        self.ids = dict(ids)
        self.absent = {f: c for f, c in absent.items() if f not in self.ids}
        self.forms = sorted(set(self.ids) | set(self.absent))
        self.automaton = AhoCorasick(self.forms, matchkind=MatchKind.LeftmostLongest) if self.forms else None

    def best(self, form: str) -> Node | None:
        """The node a form names; several: the most connected (then by type, id)."""
        cands = [self.nodes[i] for i in self.ids.get(form, ())]
        if not cands:
            return None
        return min(cands, key=lambda n: (-n.degree, TYPE_ORDER.get(n.type, 9), n.id))

    def find(self, text: str) -> list[Mention]:
        """Entities in `text`, left to right, longest match first, not overlapping; one Mention per node."""
        if self.automaton is None:
            return []
        out: list[Mention] = []
        seen: set[str] = set()
        for i, start, end in self.automaton.find_matches_as_indexes(text):
            form = self.forms[i]
            node = self.best(form)
            key = node.id if node else self.absent[form]
            if key in seen:
                continue
            seen.add(key)
            out.append(Mention(form, start, end, node, node.name if node else self.absent[form]))
        return out
