"""Who pays and who receives one sum (kg.extract.funds): the money's owner (上海市财政援助资金), the place right
after the giving verb (投入我区…资金), the recipients marked after the amount (用于, 支持, 划拨到, 实施…项目) or
before the verb (向/为/给/对 X), the place the money is spent in (在X)."""

from __future__ import annotations

import re

from kg import rx
from kg.extract.arguments import OWN_FUNDS, most_specific, narrow
from kg.extract.listing import chain
from kg.extract.mentions import Mention
from kg.extract.sides import side_of

BUILT_THERE = rx.compile("建设|建成|援建|实施|打造|新建|修建")
MONEY_NOUN = rx.compile("(资金|款|经费|物资)")
AID_VERB_BEFORE = rx.compile("(?:帮扶|支援|援助|资助|扶持|帮助|支持)$")  # (帮扶|凉山财政资金: the helped, not the owner)
PEOPLE_NOUN = rx.compile("(干部|人才|人员|医生|教师|工作队|工作组)")
RECIPIENT_MARKER = rx.compile("用于|支持|帮扶|投向|扶持|援助|帮助|注入|对|向|为|(?:划拨|拨付|拨|划转|转拨|下达)(?:到|至|给)")
PROJECT_MARKER = rx.compile("实施|建设|援建|修建|新建|兴建")  # 出资410万元实施X项目: the project receives
BRAND_GLUED = rx.compile("[\u4e00-\u9fff](?<![的和与及等])")
PART_OPENS = rx.compile("[（(]其中")  # (1.7亿元划拨到A（其中定向支持B 2000万元）: B is the part's, not the whole's)
GIVING_VERB = rx.compile("投入|投向|斥资|出资|投资|拨付|下拨|下达|送去|送来|安排|捐赠|捐资|捐助|捐款|援助|资助|提供|支持|帮扶|支援")


class FundPartiesMixin:
    """The payer and recipient readers FundsMixin uses (a mixin of SentenceRelations)."""

    def _money_goes_to(self, t: Mention, pos: int) -> Mention | None:
        """A cooperation mechanism named before the money only says what the money is for (上海市对口援藏项目…、
        援藏资金…): it stands for the place it names, or for nothing; money put into it (注入闽宁协作) goes to it."""
        lex = self.ex.matcher.program_by_name.get(t.name) if t.type == "Program" else None
        if lex is None or lex.kind != "mechanism" or t.start > pos:
            return t
        return self._implied_target(t)

    def _spent_in(self, cs: int, pos: int) -> list[Mention]:
        """X在Y…实施/落实…资金: where the money is spent."""
        text = self.text
        zai = [m for m in self.actors if cs <= m.start < pos and m.start > 0 and text[m.start - 1] == "在"
               and m.type == "Region"]
        if not zai:
            zai = [m for m in self.actors if m.end <= pos and m.start > 0 and text[m.start - 1] == "在"
                   and m.type == "Region" and not re.search("[。；;！？]", text[m.end : pos])]
        if not zai:  # 投入资金300万元，在鄂伦春自治旗建设扶贫车间: the next clause builds there
            nm = re.compile("[，,]在").search(text, pos, pos + 12)
            zai = [m for m in self.actors if nm and m.start == nm.end() and m.type == "Region"
                   and BUILT_THERE.search(text, m.end, m.end + 12)]
        return [narrow(m, self.actors, text=text) for m in zai[:1]]

    def _receivers(self) -> list[Mention]:
        """受援地: the regions assisted in this sentence or the one before."""
        mine = [r for r in self.out if r["type"] == "ASSISTS"]
        if mine:
            names = {r["target"]["name"] for r in mine}
            return [m for m in self.actors if m.name in names]
        prev = self.actx.__dict__.get("last_assisted")
        if prev and self.actx.sentence_index - prev[1] <= 1:
            return list(prev[0])
        return []

    def _direct_recipients(self, trig, pos: int) -> list[Mention]:
        """投入我区扶贫资金 / 投入帮扶点兴安盟扎赉特旗西胡尔勒嘎查帮扶资金: the place right after the verb (a
        few characters at most, no punctuation) receives the money, narrowed to its most specific part."""
        text = self.text
        if not GIVING_VERB.fullmatch(trig.group(0)) or text.startswith(("包括", "含"), trig.end()):
            return []  # 到位上海市财政援助资金: arrived from, not given to; 捐赠包括X…的款物: what is given
        first = next((m for m in self.actors if trig.end() <= m.start <= trig.end() + 4 and m.end <= pos
                      and not re.search("[，,；;。、：:的]", text[trig.end() : m.start])), None)
        if first is None or first.type != "Region":
            return []
        return [narrow(first, self.actors, text=text)]

    def _fund_owner(self, cs: int, pos: int, exclude=()) -> Mention | None:
        """上海市财政援助资金38.18亿元 / 争取北京市财政援助资金: the region or body whose money it is; not the
        object of an aid verb right before it (佛山新增帮扶|凉山|财政资金: 凉山 is helped, the money is 佛山's)."""
        for m in self.actors:
            if cs <= m.start and m.end <= pos and not any(m.start <= x.start < m.end or x.start <= m.start < x.end
                                                          for x in exclude) and not AID_VERB_BEFORE.search(
                    self.text, max(0, m.start - 2), m.start):
                om = OWN_FUNDS.match(self.text, m.end)
                if om and om.group(0) != "资金" or om and om.end() <= pos and self.text[m.end : m.end + 2] == "资金":
                    if om.group(1) or om.group(2):
                        return m
        return None

    def _helped_owner(self, owner: Mention, tpos: int, helped: bool = True) -> bool:
        """Is the place written before the money (X财政援助资金) a western one after an eastern subject? Then
        it is where the money goes: aid money is never the helped side's own. (helped=False: an eastern one
        after a western subject, the money's owner though written where a recipient stands.)"""
        subj = [m for m in self.subject_before(tpos, allow_carry=not helped) if m is not owner]
        gaz = self.ex.gaz
        sides = ("east", "west") if helped else ("west", "east")
        return bool(subj) and side_of(subj[0], gaz) == sides[0] and side_of(owner, gaz) == sides[1]

    def _fund_targets(self, am, tpos: int, amounts) -> list[Mention]:
        """Recipients: X after the amount with 用于/支持/注入… (or right after it), else 向/为/对 X before the
        verb; an explicit marker wins over an unmarked neighbour."""
        text = self.text
        nxt = min((a.start for a in amounts if a.start > am.start), default=len(text))
        # 用于/支持/帮扶/投向/注入 X after the amount
        marked, near = [], []
        for m in self.mentions:
            if am.end <= m.start < nxt and m.type in ("Region", "Agency", "Program") and not (
                    nxt < len(text) and PART_OPENS.search(text, am.end, m.start)):
                if m.type == "Program" and (MONEY_NOUN.match(text, m.end) or PEOPLE_NOUN.match(text, m.end)):
                    continue  # 1.9亿元对口帮扶资金, …、援藏干部493名: the kind of money or staff, not where it goes
                if m.type == "Agency" and m.kind == "lex" and BRAND_GLUED.match(text, m.end):
                    continue  # 用于华润|希望小镇建设: a brand opening the name of what is built, not the company
                gap = text[am.end : m.start]
                marker = next(reversed(list(RECIPIENT_MARKER.finditer(gap))), None)  # (the one nearest the place)
                if m.type == "Program" and PROJECT_MARKER.fullmatch(gap):
                    marked.append(m)
                    continue
                if marker and not re.search("[。；;]", gap) and not re.search("[，,]", gap[marker.end() :]) and not (
                        marker.group(0) in "对向为" and re.search("[，,]", gap)):
                    marked.append(m)  # (，其中向礼县拨付…: 向 after a comma opens the next figure's clause)
                elif len(gap) <= 6 and not re.search("[，,。；;、]", gap):  # (8亿元、广州市投入…: the next payer)
                    near.append(m)
        before = [m for m in self.actors + self.programs if m.end <= tpos and m.start > 0 and text[m.start - 1] in "向为给对"]
        region_after = marked or ([] if before else near)
        if region_after:
            group = [narrow(region_after[0], self.actors, text=text)]
            named = next((m for m in self.actors if m.start == group[0].end and m.type == "Agency"), None)
            if named is not None and group[0].type == "Region":
                group = [named]  # 用于河源市|龙川县贝岭镇中心小学建设: the school the place's name opens
            for m in region_after[1:]:
                if m.start < group[-1].end:
                    continue  # (a part of the place the group already narrowed to)
                if text[group[-1].end : m.start] in ("、", "和", "及", "与") or (
                    m.start - group[-1].end <= 6 and "、" in text[group[-1].end : m.start]
                ):
                    group.append(m)
                else:
                    break
            # 设立300万元携手奔小康帮扶基金，专项用于城关区…: the fund named with the money receives it too
            fund = [m for m in near if m.type == "Program" and m.start - am.end <= 1 and m not in group]
            given_to = [b for b in before if b.type == "Region" and b.level in ("county", "prefecture") and all(
                g.type == "Region" and (self._lies_in(g, b) or not g.adcode and g.level in ("township", "village"))
                for g in group)]
            # 甘井子区向水城区拨付…，用于米箩镇…: the place named by 向 receives, its part spends
            return [narrow(b, self.actors, text=text) for b in given_to[-1:]] + fund + [
                g for g in most_specific(self.ex, group) if g.type != "Person"]
        # 向/为/对 X、Y、Z 投入
        pool = [m for m in self.mentions if m.type in ("Region", "Agency", "Program")]
        if before:
            first = min(before, key=lambda m: -m.start)
            if first.type == "Program":  # 向定点帮扶的吴起县: the programme only qualifies the place
                first = next((m for m in self.actors if m.start == first.end + 1 and text[first.end] == "的"), first)
            return most_specific(self.ex, chain(text, narrow(first, self.actors, text=text), pool))
        return []
