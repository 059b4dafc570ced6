"""Pairing statements: A与B结对, A与B、C分别签订…协作协议, X负责与A和B结对, A与B、C与D分别结对, A、B、C分别与
D、E、F结对, pairs listed clause by clause before a respective verb, 持续深化与X的协作, A与B之间 in an
assistance sentence, cooperation across the east-west divide, two places named as a pair (A、B两地, 滨州·奉节,
上海云南扶贫协作), and the one helping-side actor of an assistance sentence no pattern read. The helping side is
the source (kg.extract.sides); a county's government signing for it stands for the county."""

from __future__ import annotations

import re

from kg import rx
from kg.extract.arguments import (
    ACTOR_TYPES,
    AID_CONTEXT,
    ASSIST_TRIG,
    CLAUSE_SEP,
    COOPERATE_VERBS,
    PAIR_VERB_RE,
    clause_of,
    coordinated,
    most_specific,
    narrow,
    opens_statement,
)
from kg.extract.listing import chain
from kg.extract.mentions import Mention
from kg.extract.sides import LEADERSHIP, side_of
from kg.extract.support import WORK_AFTER

TWO_PLACES_RE = rx.compile("[与和、]([\u4e00-\u9fff]{2,10}?)两地")
JOINED_PAIR_RE = rx.compile("[·•・—–－-]{1,2}")
PAIR_WORDS = "协作|帮扶|结对|对口"
PAIR_LIST_LEAD = rx.compile(PAIR_WORDS)  # (a list of dash-joined pairs after its pairing word)
PAIR_WORD_SOON = rx.compile(f"[^，。；]{{0,4}}?(?:{PAIR_WORDS})")  # (…两地协作: the pairing word just after)
JUXTAPOSED_TRIG = rx.compile("(?:两省市|两省区|两省|两市)?(?:东西部)?(?:扶贫)?(?:协作|对口帮扶|对口支援|结对帮扶)")
EVENT_VERB = rx.compile("举行|召开|举办|开展|进行|签订|签署|开幕|启动|会见|座谈|考察|调研|视察")
FALLBACK_TRIG = rx.compile("对口帮扶|定点帮扶|定点扶贫|结对帮扶|对口支援|帮扶|支援|援助|援建|助力|携手|结对|协作")
SIGNED_AID = rx.compile("对口帮扶|对口支援|结对帮扶|帮扶协议|结对协议")  # (not mere 合作/协作)
GOVERNMENT_ORGANS = ("人民政府", "政府", "县委", "市委", "区委", "旗委", "州委", "党委")


# A、B分别与C、D…, A分别于2015年、2017年与C、D…: each with its partner, by position
RESPECTIVELY_WITH = rx.compile("分别(?:于[^，。；与同和]{1,20})?(?:与|同|和)")
# (A、B、C|6个区|分别与…: a count of the list, or a few characters, between the list and 分别)
BEFORE_RESPECTIVELY = rx.compile("(?:等)?(?:[0-9０-９一二三四五六七八九十两]{1,3}个?)?[\u4e00-\u9fff]{0,4}")
PAIRS_LEAD = rx.compile("[\u4e00-\u9fff]{0,6}?(?:明确|确定|安排|决定)")
ONE_WAY_AID = rx.compile("结对帮扶|对口帮扶|对口支援")  # (not 协作, 合作: work done together)


class PairingsMixin:
    """SentenceRelations' pairing statements (see the module's docstring); AssistsMixin calls _paired and
    _between."""

    def _pair_assists(self, pos: int) -> None:
        """京蒙两地建立对口帮扶关系: a pair that is the subject of an assistance word with no object — the
        helping side assists the other."""
        subj = self.subject_before(pos, allow_carry=False) or self._joined_before(pos)
        pair = [m for m in subj if m.extra.get("pair") and m.type == "Region"]
        if len(pair) != 2 and len(subj) == 2 and all(m.type == "Region" for m in subj) and \
                self.text[subj[0].end : subj[1].start] in ("和", "与", "同", "、"):
            pair = subj  # 福建和宁夏携手…: two places joined as the subject, across the divide
        if len(pair) == 2:
            a, b = self._helper_first(pair[0], pair[1])
            if side_of(a, self.ex.gaz) != side_of(b, self.ex.gaz):
                self.add("ASSISTS", a, b, program=self.mechanism(""))
            elif a.adcode and b.adcode and a.adcode[:2] == b.adcode[:2] and ONE_WAY_AID.match(self.text, pos) \
                    and self.text[a.end : b.start] in ("与", "和", "同"):
                # 繁昌县与太湖县开展县域结对帮扶: two places of one province, the first named helps
                self.add("ASSISTS", a, b, program=self.mechanism(""))

    def _joined_before(self, pos: int) -> list[Mention]:
        """了解到繁昌县与太湖县开展…帮扶: two places joined by 与/和 right before the work, in a clause that is the
        object of a verb (so no subject of the sentence)."""
        b = next((m for m in reversed(self.actors) if m.end <= pos and m.type == "Region"), None)
        if b is None or not WORK_AFTER.fullmatch(self.text, b.end, pos):
            return []
        a = next((m for m in self.actors if m.type == "Region" and m.end == b.start - 1
                  and self.text[m.end] in "与和同"), None)
        return [a, b] if a is not None else []

    def _partners(self, subj: Mention, trig: int) -> list[Mention]:
        """The partners of a pairing written after the subject: X(负责)与A、B和C结对 -> [A, B, C], each
        narrowed to its most specific region (内蒙古自治区突泉县太平乡 -> 太平乡)."""
        text = self.text
        first = next((m for m in self.actors if subj.end <= m.start and m.end <= trig and m.start > 0
                      and text[m.start - 1] in "与同和跟" and (not CLAUSE_SEP.search(text, subj.end, m.start)
                                                            or self._opens_with_partner(m))),
                     None)  # (…，与北京市顺义区…合作 / …，持续深化与甘肃的协作: a clause opening with the partner)
        if first is None:
            return []
        group = [narrow(first, self.actors, text=self.text)]
        while True:
            cur = group[-1]
            nxt = next((m for m in self.actors if m.start >= cur.end and m.end <= trig and m is not cur
                        and text[cur.end : m.start] in ("、", "和", "及", "与")), None)
            if nxt is None or opens_statement(text, nxt, self.actors):
                return group  # (A与B、|C与D: C opens a pair of its own)
            group.append(narrow(nxt, self.actors, text=self.text))

    def _opens_with_partner(self, m: Mention) -> bool:
        """Does m's clause open with 与 m, after a few words of manner at most (持续深化|与甘肃)?"""
        cs = clause_of(self.clauses, m.start)[0]
        return m.start - 1 - cs <= 8 and not any(cs <= a.start < m.start for a in self.actors)

    def _between(self) -> None:
        """东西部协作以来，A与B之间…: in a sentence about assistance, the two sides written as `A与B之间`
        are a pairing, helper first."""
        text = self.text
        if "之间" not in text or not ASSIST_TRIG.search(text):
            return
        for bm in re.finditer("之间", text):
            b = next((m for m in self.actors if m.end == bm.start() and m.type == "Region"), None)
            b_start = b and self._unit_start(b)  # 与黔西南州普安县之间: the partner's whole name
            a = b and next((m for m in self.actors if m.type == "Region" and m.end < b_start
                            and text[m.end : b_start] in ("与", "和", "同")), None)
            if a is None:
                continue
            a, b = narrow(a, self.actors, text=text), narrow(b, self.actors, text=text)
            if {side_of(a, self.ex.gaz), side_of(b, self.ex.gaz)} == {"east", "west"}:
                self.add("ASSISTS", *self._helper_first(a, b), program=self.mechanism(""))

    def _paired(self) -> None:
        """A与B结成帮扶对子 / A与B、C分别签订…协作协议 / X负责与A和B结对 / A与B…开展…合作 (sides differ) /
        A与B、C与D分别结对: each pair, helper first."""
        text = self.text
        for pm in PAIR_VERB_RE.finditer(text):
            verb = pm.group(0)
            if verb in ("签署", "签订") and not AID_CONTEXT.search(text, pm.end(), pm.end() + 20):
                continue
            subj = self.subject_before(pm.start(), allow_carry=False)
            subj = [m for m in subj if m.type in ACTOR_TYPES]
            if not subj:
                continue
            respective = self._respective(subj, pm.start())
            if respective is not None:
                for a, b in respective:
                    self._pair(verb, a, b)
                continue
            left, partners = self._sides_of_subject(subj)
            if not partners:  # (A、B、C建立结对关系: co-subjects, never pairs among themselves)
                left, partners = subj[:1], self._partners(subj[-1], pm.start())
            listed = self._paired_clauses(pm.start())
            if 2 <= len(left) == len(partners) and not listed:
                # A、B、C与D、E、F结对: lists of one length pair by position (each side pairs once)
                pairs = [(a, [b]) for a, b in zip(left, partners, strict=True)]
            else:
                pairs = [(a, partners) for a in left]
            pairs += self._more_pairs(partners, pm.start()) + listed
            signed_aid = verb in ("签署", "签订") and SIGNED_AID.search(text, pm.end(), pm.end() + 20) is not None
            for first, others in pairs:
                for other in others:
                    self._pair(verb, first, other, signed_aid)

    def _sides_of_subject(self, subj: list[Mention]) -> tuple[list[Mention], list[Mention]]:
        """A、B与C(、D)结对: the subject split at its first 与 (or 同/和/跟) into the two sides; ([], []) for a
        plain list (A、B、C)."""
        for i in range(1, len(subj)):
            if re.search("[与同和跟]", self.text[subj[i - 1].end : subj[i].start]):
                right = [subj[i]]
                for m in subj[i + 1 :]:
                    if re.search("[与同跟]", self.text[right[-1].end : m.start]):
                        break  # (A与B、C与D: the next pair)
                    right.append(m)
                return subj[:i], right
        return [], []

    def _respective(self, subj: list[Mention], verb_pos: int) -> list[tuple[Mention, Mention]] | None:
        """A、B、C分别与D、E、F结对: pairs by position (or one helper with each partner); None when the
        sentence is not written so."""
        text = self.text
        sm = RESPECTIVELY_WITH.search(text, subj[-1].end, verb_pos)
        if sm is None or not BEFORE_RESPECTIVELY.fullmatch(text, subj[-1].end, sm.start()):
            return None
        first = next((m for m in self.actors if m.start == sm.end()), None)
        if first is None:
            return None
        partners = [m for m in most_specific(self.ex, chain(text, narrow(first, self.actors, text=text), self.actors))
                    if m.end <= verb_pos]
        helpers = most_specific(self.ex, [m for m in subj if m.end <= sm.start()])  # (上海市|虹口、长宁…: the districts)
        if len(helpers) == 1:
            return [(helpers[0], p) for p in partners]
        return list(zip(helpers, partners, strict=True)) if len(helpers) == len(partners) else []
        # (lists of unequal length: which pairs with which is unknown, so none is guessed)

    def _paired_clauses(self, verb_pos: int) -> list[tuple[Mention, list[Mention]]]:
        """华亭镇与燕门乡、云岭乡，华亭村与查里通村，华旺社区与禹功村分别签订… / 明确辽宁省与江苏省，吉林省与浙江省…
        建立对口合作关系: the clauses before the verb's that hold nothing but a pair (A与B、C) each give their pairs."""
        text, out = self.text, []
        cs = clause_of(self.clauses, verb_pos)[0]
        for a, b in reversed([c for c in self.clauses if c[1] <= cs]):
            lead = PAIRS_LEAD.match(text, a)  # (明确|辽宁省与江苏省，…: the verb that sets the pairs out)
            head = next((m for m in self.actors if m.start == (lead.end() if lead else a)), None)
            if head is None:
                break
            partners = self._partners(head, b)
            if not partners or max(p.end for p in partners) != b:
                break
            out.append((narrow(head, self.actors, text=text), partners))
        return out

    def _more_pairs(self, partners: list[Mention], verb_pos: int) -> list[tuple[Mention, list[Mention]]]:
        """A与B、C与D(、E与F)…: the pairs listed after the first."""
        text, out = self.text, []
        cur = partners[-1] if partners else None
        while cur is not None:
            c = next((m for m in self.actors if m.start == cur.end + 1 and text[cur.end] == "、"), None)
            if c is None or not opens_statement(text, c, self.actors):
                break
            c_end = max(m.end for m in self.actors if self._unit_start(m) == c.start)
            d = next((m for m in self.actors if m.start == c_end + 1 and text[c_end] == "与" and m.end <= verb_pos),
                     None)
            if d is None:
                break
            cur = narrow(d, self.actors, text=text)
            out.append((narrow(c, self.actors, text=text), [cur]))
        return out

    def _pair(self, verb: str, first: Mention, other: Mention, signed_aid: bool = False) -> None:
        """One pair of a pairing statement, helper first (or nothing when the two are no pairing); signed_aid:
        what they sign is an assistance agreement (签订对口帮扶协议)."""
        sa, sb = side_of(first, self.ex.gaz), side_of(other, self.ex.gaz)
        own_pair = verb not in COOPERATE_VERBS and (verb not in ("签署", "签订") or signed_aid)
        if sa is not None and sa == sb != "west" and not (own_pair and _same_province(first, other)):
            return  # 党中央、国务院…结对: two central bodies, or two helpers, do not pair (but a province
            # pairs its own cities: 深圳市与河源市结对帮扶, the first named helping)
        if first.type == other.type == "Agency" and first.extra.get("pair") and other.extra.get("pair"):
            return  # 京蒙两地政协…合作: the organs of one pair work together, neither helps the other
        if verb in COOPERATE_VERBS and not first.type == other.type == "Region":
            return  # bodies that cooperate (a company and a bureau) are not a pairing
        a, b = self._helper_first(first, other)
        if verb in COOPERATE_VERBS and side_of(a, self.ex.gaz) == side_of(b, self.ex.gaz):
            return  # plain cooperation is a pairing only across the east-west divide
        if b.type == "Agency" and b.name.endswith(GOVERNMENT_ORGANS) and not a.name.endswith(GOVERNMENT_ORGANS):
            b = self._as_regions([b])[0]  # 中国农业大学与镇康县人民政府签订…: a unit helps the county, not its government
        elif a.type == "Agency" and a.name.endswith(("人民政府", "政府")) and (
                b.type == "Region" or b.name.endswith(("人民政府", "政府")) or b.kind == "division"):
            # two governments sign, or a government with a place: their places pair (保定市政府和…铁门关市)
            a, b = self._as_regions([a])[0], self._as_regions([b])[0]
        self.add("ASSISTS", a, b, program=self.mechanism(verb))
        city = next((m for m in self.actors if b.kind == "division" and m.start == b.end and m.type == "Region"), None)
        if city is not None:  # 第二师|铁门关市: a corps division and its city, both named, both paired
            self.add("ASSISTS", a, city, program=self.mechanism(verb))


    def _two_places(self) -> None:
        """洛江与盐池两地…帮扶结对: two places named as a pair (A与B两地, A、B两地) in a sentence about
        assistance, across the east-west divide, the helper first."""
        for tm in TWO_PLACES_RE.finditer(self.text):
            a = next((m for m in self.actors if m.end == tm.start() and m.type == "Region"), None)
            b = next((m for m in self.actors if m.end == tm.start(1) + len(tm.group(1)) and m.start > tm.start()
                      and m.type == "Region"), None)
            if a is None or b is None or not AID_CONTEXT.search(self.text, tm.end()):  # (…，完善两地协作制度)
                continue
            sa, sb = side_of(a, self.ex.gaz), side_of(b, self.ex.gaz)
            if sa and sb and sa != sb:
                h, t = self._helper_first(a, b)
                self.add("ASSISTS", h, t, program=self.mechanism(""))

    def _joined_pair(self) -> None:
        """滨州·奉节东西部协作联席会议, 聊城市茌平区—彭水自治县东西部协作座谈会, 上海云南扶贫协作联席会议: two
        places joined by a dot or a dash, or written side by side, before a cooperation word, across the
        east-west divide, the helper first."""
        text = self.text
        regions = [m for m in self.actors if m.type == "Region"]
        if len(regions) < 2:
            return
        by_start = {m.start: m for m in reversed(regions)}
        for a in regions:
            jm = JOINED_PAIR_RE.match(text, a.end)
            b = by_start.get(jm.end() if jm else a.end)
            if b is None:
                continue
            b = narrow(b, self.actors, text=text)
            if jm is None and not JUXTAPOSED_TRIG.match(text, b.end):
                continue  # side by side, the cooperation word must follow at once
            sides = {side_of(a, self.ex.gaz), side_of(b, self.ex.gaz)}
            listed = jm is not None and jm.group(0) != "·" and PAIR_LIST_LEAD.search(text, 0, a.start) and \
                re.match("[、，；。]|$", text[b.end : b.end + 1]) and "west" in sides and "centre" not in sides
            if listed and sides != {"west"}:  # 结对关系为：川沙新镇—宾川县、惠南镇—祥云县: a list of pairs
                pair = self._helper_first(a, b) if sides == {"east", "west"} else (a, b)  # (else as written)
                self.add("ASSISTS", *pair, program=self.mechanism(""))
                continue
            if not AID_CONTEXT.match(text, b.end) and not PAIR_WORD_SOON.match(text, b.end):
                continue
            if sides == {"east", "west"}:
                self.add("ASSISTS", *self._helper_first(a, b), program=self.mechanism(""))

    def _sided_fallback(self) -> None:
        """A sentence with an assistance word that no pattern read: one helping-side actor (an eastern
        region, a central unit) and the most specific places of the helped side it names."""
        if any(r["type"] == "ASSISTS" for r in self.out) or not FALLBACK_TRIG.search(self.text):
            return
        gaz = self.ex.gaz
        actors = [m for m in self.actors if not self._no_side(m)]
        # (门头沟区委书记X一行来到…: the organ whose leader's party travels stands for its region)
        led = [self._delegation_of(m) if m.type == "Agency" and side_of(m, gaz) == "east" else m for m in actors]
        helpers = {m.name: m for m in led if m.type == "Region" and side_of(m, gaz) == "east"
                   or m.type == "Agency" and side_of(m, gaz) == "centre" and not LEADERSHIP.match(m.name)}
        helped = [m for m in actors if m.type == "Region" and side_of(m, gaz) == "west"]
        # (a place named twice does not hide itself: only a part named beside it does)
        helped = [m for m in helped if not any(o.name != m.name and o.adcode and self._lies_in(o, m) for o in helped)]
        names = {m.name for m in helped}
        # (北京市顺义区…: the district, not also the city its name is chained to)
        helpers = {n: m for n, m in helpers.items() if not any(o is not m and self._lies_in(o, m) for o in helpers.values())}
        if len(helpers) != 1 or not 1 <= len(names) <= 3:
            return
        h = self._delegation_of(next(iter(helpers.values())))  # (北京市密云区委书记X率代表团…: 密云区)
        for tg in helped:
            self.add("ASSISTS", h, tg, program=self.mechanism(""))


    def _no_side(self, m: Mention) -> bool:
        """A place or body the sentence names without making it a side of the help: where something happens (在成都
        举行), a market or citizens of a place (上海市场, 上海市民), where goods go (向天津销售), a document's issuer
        (落实教育部《意见》)."""
        text = self.text
        return self._venue(m) or any(w in text[m.end - 1 : m.end + 2] for w in ("市场", "市民")) or \
            text[m.start - 1 : m.start] == "向" and side_of(m, self.ex.gaz) == "east" or text.startswith("《", m.end)

    def _venue(self, m: Mention) -> bool:
        """Is m one of the places written after 在/于 where something is held or visited (在北京、河北考察)?"""
        group = coordinated(self.text, m, self.actors) or [m]
        first, last = min(group, key=lambda g: g.start), max(group, key=lambda g: g.end)
        return self.text[first.start - 1 : first.start] in ("在", "于") and EVENT_VERB.match(self.text, last.end) is not None


def _same_province(a: Mention, b: Mention) -> bool:
    """Two regions of one province (their division codes share the first two digits)."""
    return bool(a.type == b.type == "Region" and a.adcode and b.adcode and a.adcode[:2] == b.adcode[:2])
