"""Relations from trigger patterns with argument selection inside the sentence: the subject before the
trigger (coordinated subjects with 、/和/与/及, 由…组织 forms, an elided subject carried from the previous
sentence or the article's region), objects after it, 用于/支持/向/为 recipients for money, amounts in yuan.
"""

from __future__ import annotations

from kg import rx
from kg.extract.arguments import NON_SUBJECT_BEFORE, SentenceBase, clause_opener, narrow
from kg.extract.assists import AssistsMixin
from kg.extract.funds import FundsMixin
from kg.extract.gazetteer import PROVINCE_ABBR
from kg.extract.implements import ImplementsMixin
from kg.extract.mentions import Mention
from kg.extract.pairings import PairingsMixin
from kg.extract.people import holds_position_relations
from kg.extract.support import SupportMixin
from kg.extract.teams import team_target

PAIR_CHARS = frozenset(PROVINCE_ABBR.values())


class SentenceRelations(AssistsMixin, SupportMixin, PairingsMixin, FundsMixin, ImplementsMixin, SentenceBase):
    """The relation families of one sentence, in order: posts, assistance, money, implementation."""

    def _clause_subject(self):
        """The first actor opening a clause (after its lead-in), not a source or an object (从X获悉, 据X介绍)."""
        text = self.text
        for a, _b in self.clauses:
            m = clause_opener(text, a, self.actors)
            if m is not None and not (m.start > 0 and text[m.start - 1] in NON_SUBJECT_BEFORE):
                return m
        return None

    def run(self) -> list[dict]:
        self.out.extend(holds_position_relations(self.mentions, self.ex))
        self.assists()
        for m in self.actors:  # 广东佛山对口凉山扶贫协作工作组: the team assists the place its name serves
            if (served := team_target(m, self.ex)) is not None:
                self.add("ASSISTS", m, served)
        self.funds()
        self.implements()
        self.signing()
        self._helped_do_not_implement()
        # remember the sentence's explicit subject for an elided one in the next sentence
        first = self._clause_subject()
        carry = self.actx.__dict__.get("carry_subject")
        if first is not None:
            self.actx.carry_subject = (narrow(first, self.actors, text=self.text), self.actx.sentence_index, False)
        elif carry is not None and self.text.rstrip().endswith(("；", ";")):
            # (…为A村投入10万元；为B村投入…: the statement goes on, for a clause that opens with its preposition)
            self.actx.carry_subject = (carry[0], self.actx.sentence_index, True)
        for p in self.programs:
            lex = self.ex.matcher.program_by_name.get(p.name)
            if lex is not None and lex.kind == "mechanism":
                self.actx.mechanism = p.name
                break
        for p in self.programs:  # 苏陕扶贫协作, 京蒙协作: the article's east–west pairing by its own name
            if p.name[:2] and all(c in PAIR_CHARS for c in p.name[:2]) and \
                    getattr(self.ex.matcher.program_by_name.get(p.name), "kind", None) == "mechanism":
                self.actx.pair_mechanism = p.name
        self._aid_money_assists()
        assisted = [r["target"]["name"] for r in self.out if r["type"] == "ASSISTS"]
        # the pairs this sentence states: assistance, or money from one region to another
        pairs = [r for r in self.out if r["type"] == "ASSISTS" or r["type"] == "FUNDS" and
                 r["source"]["type"] == r["target"]["type"] == "Region"]
        if pairs:
            self.actx.last_pairs = ({r["source"]["name"] for r in pairs},
                                    [m for m in self.actors if m.name in {r["target"]["name"] for r in pairs}],
                                    self.actx.sentence_index,
                                    {(r["source"]["name"], r["target"]["name"]) for r in pairs})
        if assisted:
            self.actx.last_assisted = ([m for m in self.actors if m.name in assisted], self.actx.sentence_index)
        if sides := self.stated_pair_sides():
            self.actx.last_pair_sides = (sides, self.actx.sentence_index)  # for 两地/双方 (kg.extract.implements)
        return self.out


    def _helped_do_not_implement(self) -> None:
        """天津对口支援甘肃: the helper carries out 对口支援 / 对口帮扶 / 定点帮扶, not the place it helps."""
        if not any(r["type"] == "IMPLEMENTS" for r in self.out):
            return
        helped = {r["target"]["name"] for r in self.out if r["type"] == "ASSISTS"}
        helpers = {r["source"]["name"] for r in self.out if r["type"] == "ASSISTS"}
        self.out = [r for r in self.out if not (
            r["type"] == "IMPLEMENTS" and HELPERS_WORK.fullmatch(r["target"]["name"])
            and r["source"]["name"] in helped - helpers)]


# the assistance a helper gives, named as a programme: only the helper carries it out
HELPERS_WORK = rx.compile("对口帮扶|对口支援|定点帮扶|定点扶贫|对口援[疆藏青]|对口支援(?:新疆|西藏|青海)")


def extract_relations(text: str, mentions: list[Mention], actx, ex) -> list[dict]:
    return SentenceRelations(text, mentions, actx, ex).run()

