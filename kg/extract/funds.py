"""FUNDS: amounts in yuan with their payer and recipient (投入, 拨付, 捐赠, 资金…用于; 向/为/给/对 X; the
place right after the verb; the regions assisted just before), money without a figure, donations."""

from __future__ import annotations

import re

from kg import rx
from kg.extract.arguments import (
    ACTOR_TYPES,
    AID_CONTEXT,
    ARRANGED_FUNDS_RE,
    CLAUSE_SEP,
    DONATION,
    FUND_TRIG,
    NOFIG_MONEY,
    OWN_FUNDS,
    PROVIDE_SUPPORT_RE,
    RECEIVING,
    TOKEN_OF_THANKS,
    clause_of,
    narrow,
)
from kg.extract.fundparties import MONEY_NOUN, FundPartiesMixin
from kg.extract.listing import chain
from kg.extract.mentions import Mention
from kg.extract.money import find_amounts, respective_slot, standing
from kg.extract.regions import PAIR_RE, abbr_province
from kg.extract.sides import EAST_HELPERS, region_code, side_of
from kg.extract.teams import team_target

UNNAMED_DONOR = rx.compile("(?:一|某|多|数|[0-9]+)(?:家|个|位|名)?[\u4e00-\u9fff]{0,4}?(?:企业|公司|单位|集团|基金会|人士|商会)")
COLLECTIVE_PAYER = rx.compile("(?<![给向为对])(?:每|各)(?:户|家|个)?[^，。；]{0,6}?(?:企业|单位|公司|银行)[^，。；]{0,6}$")
PER_UNIT = rx.compile("按每(?:县|市|区|旗|乡|镇|村|个)(?:补助|安排|支持)?")
COUNT_BEFORE = rx.compile("[0-9一二三四五六七八九十]+个[^，。；、及和与]{0,12}$")  # (凉山州10个…县: a count, not the place)
MONEY_AFTER = rx.compile("[^，。；]{0,10}?(?:资金|经费|基金)")
PROJECT_SIZE = rx.compile("总投资|投资总额|投资额|签约额|协议资金|计划投资|拟投资|预计投资|意向投资|完成投资|到位投资|实际投资")  # (项目总投资约2亿元: a project's size)
INDUCED = rx.compile("(?:引导|吸引|带动|动员|引进|促成)[^，。；]{0,10}?(?:企业|客商|民营|社会资本|社会力量)[^，。；]{0,4}$")
ALIAS_NOTE = rx.compile("[（(](?:现为|现|原为|原|即)")


COSIGNED = rx.compile("签署|签订|签约|达成|合作")  # A与B签署…，投入…: A pays B
# a word that shares money out, before a list of places each with its figure (安排A镇2058万元，B镇400万元)
ALLOCATING = rx.compile("(?:安排|分配为|分配如下|分配情况如下|下达|拨付|下拨|分别为|分别是|分别向)[：:]?")
ITEM_SEP = rx.compile("[，,；;、：:]?(?:和|及|以及)?")
UNNAMED_ITEM = rx.compile("[\u4e00-\u9fff]{2,10}?(?:镇|乡|苏木|街道|村|嘎查|中心|局)[0-9.]+(?:万|亿)?元")
NOTE_AFTER = rx.compile("(?:[（(][^）)]{0,40}[）)])?")  # (额尔登布拉格苏木1330万元（其中：…）；…)
SHARE_GAP = rx.compile("(?:为|达|约|共|获得|安排)?")  # (其中凉山州|3.3亿元: a share's place and its figure)
RECEIVED = rx.compile("接受|收到|获得|接收|得到|获批|利用|争取到")  # the subject receives, uses or secures the money


class FundsMixin(FundPartiesMixin):
    def funds(self) -> None:
        amounts = standing(self.text, find_amounts(self.text))
        used_triggers: set[int] = set()
        shares = self._shares(amounts) + self._allocations(amounts)
        for am in amounts:
            if am not in shares and not self._per_unit(am):
                self._amount_funds(am, amounts, used_triggers)
        self._arranged_funds(amounts)
        self._donations(used_triggers)
        if not amounts:
            self._funds_without_figure()

    def _shares(self, amounts) -> list:
        """投入资金4.2亿元，其中凉山州3.3亿元、甘孜州0.9亿元: each place listed after 其中 with its own figure gets
        that share from the payer of the total (before the total itself is given out); the shares are read as an
        allocation list (_allocated_items). The shares' amounts."""
        qi = self.text.find("其中")
        totals = [a for a in amounts if a.end <= qi] if qi >= 0 else []
        if not totals:
            return []
        payers = [m for m in self.subject_before(totals[-1].start, allow_carry=False) if m.type in ACTOR_TYPES]
        out = []
        for place, am in self._allocated_items(qi + 2, amounts)[0] if payers else ():
            for p in payers:
                self.add("FUNDS", p, place, amount_yuan=am.value)
            out.append(am)
        return out

    def _allocations(self, amounts) -> list:
        """累计安排乌加河镇2058万元，海流图镇400万元… / 资金分配为：A苏木1330万元；B镇800万元…: a list of places,
        each written with its own figure after a word that shares money out, gives each place its figure from
        the subject who shares it out (or the place the article speaks for); a list cut by ； goes on in the
        next sentence. The amounts so given."""
        text, out = self.text, []
        carried = self.actx.__dict__.get("allocating")
        starts = [(0, carried[0])] if carried and carried[1] == self.actx.sentence_index - 1 else []
        starts += [(wm.end(), None) for wm in ALLOCATING.finditer(text)]
        for start, payer in starts:
            items, pos = self._allocated_items(start, amounts)
            rest = text[pos:].strip()
            if len(items) < (1 if payer is not None or rest in ("；", ";") else 2):
                continue
            if payer is None:
                payers = [m for m in self.subject_before(start, allow_carry=False) if m.type in ACTOR_TYPES]
                payer = (payers or [r for r in [self.article_region()] if r is not None] or [None])[0]
            if payer is None:
                continue
            for place, am in items:
                if payer.name != place.name:
                    self.add("FUNDS", payer, place, amount_yuan=am.value)
                out.append(am)
            if rest in ("；", ";"):
                self.actx.allocating = (payer, self.actx.sentence_index)
        return out

    def _allocated_items(self, pos: int, amounts) -> tuple[list, int]:
        """The (place, amount) items of an allocation list from pos, and where the list ends."""
        text, items = self.text, []
        while True:
            end, pos = pos, ITEM_SEP.match(text, pos).end()
            place = next((m for m in self.actors if m.start == pos), None)
            am = next((a for a in amounts if place is not None and SHARE_GAP.fullmatch(text, place.end, a.start)
                       and a.start - place.end <= 2), None)
            if am is None and place is None and (um := UNNAMED_ITEM.match(text, pos)):
                pos = NOTE_AFTER.match(text, um.end()).end()  # (a place the gazetteer does not know: passed)
                continue
            if am is None:
                return items, end
            items.append((narrow(place, self.actors, text=text), am))
            pos = NOTE_AFTER.match(text, am.end).end()

    def _per_unit(self, am) -> bool:
        """剑阁县、旺苍县按每县5000万元: each place listed before 按每县 gets the sum, from the payer of the
        aid money the sentence (or the one before) names. True when the amount is written so."""
        text = self.text
        pm = PER_UNIT.search(text, max(0, am.start - 6), am.start)
        if pm is None or pm.end() != am.start:
            return False
        cs = clause_of(self.clauses, pm.start())[0]
        places = [m for m in self.actors if cs <= m.start and m.end <= pm.start() and m.type == "Region"
                  and m.level in ("county", "township", "prefecture")]
        named = [m for m in places if not COUNT_BEFORE.search(text, max(cs, m.start - 12), m.start)]
        payers = [m for m in self.subject_before(cs) if side_of(m, self.ex.gaz) in ("east", "centre")]
        if not payers:  # (the helping region named last, in this sentence or the one before)
            code = next((c for c in reversed(getattr(self.actx, "trail", ())) if c[:2] in EAST_HELPERS), None)
            payers = [self.ex.regions.region_mention(0, 0, code, "", "implied")] if code else []
        for p in payers[:1]:
            for t in named:
                if self.text[t.end : t.end + 1] in "、及和按" and not self._lies_in(p, t):
                    self.add("FUNDS", p, t, amount_yuan=am.value)
        return True

    def _amount_funds(self, am, amounts, used_triggers: set[int]) -> None:
        """One amount: its trigger (投入…650万元, 资金650万元用于…), payer and recipients."""
        text = self.text
        cs, _ce = clause_of(self.clauses, am.start)
        # (searched a little past the amount: 帮扶300万元's verb is known by the figure right after it)
        triggers = [tm for tm in FUND_TRIG.finditer(text, cs, min(len(text), am.end)) if tm.end() <= am.start]
        # the verb, not a word that only qualifies the money (拨付重庆财政援助资金: 拨付, not 援助)
        verbs = [tm for tm in triggers if not MONEY_NOUN.match(text, tm.end())]
        trig = (verbs or triggers or [None])[-1]
        if trig is None:
            # 资金650万元用于… / 累计援助7.74亿元
            trig = FUND_TRIG.search(text, am.end, min(len(text), am.end + 4))
            if trig is None and not re.search("资金|经费|款|基金", text[cs : am.end + 4]) and \
                    not MONEY_AFTER.match(text, am.end):  # (2058万元京蒙扶贫协作资金: named after a few words)
                return
        tpos = trig.start() if trig else am.start
        if trig:
            used_triggers.add(trig.start())
            collective = COLLECTIVE_PAYER.search(text, cs, tpos)
            if collective and any(m.end == collective.start() and m.type == "Region" for m in self.actors):
                collective = None  # 宝山区|各街镇、企业为…募集: the district's own units, so the district's money
            if INDUCED.search(text, cs, tpos) or collective or \
                    PROJECT_SIZE.search(text, max(0, trig.start() - 2), trig.end() + 1):
                return  # 引导1078家企业投资…, 每户企业安排帮扶资金…: unnamed companies pay, not a named subject
        direct = self._direct_recipients(trig, am.start) if trig else []
        if len(direct) == 1 and self._helped_owner(direct[0], tpos, helped=False) and \
                OWN_FUNDS.match(text, direct[0].end):
            direct = []  # (广西…投入|广东省|财政帮扶资金: the east's money, the west receives)
        owner = self._fund_owner(cs, am.start, exclude=direct)
        if owner is not None and self._helped_owner(owner, tpos):
            direct, owner = direct or [owner], None  # 浙江省到位|四川省|财政援助资金: the west receives
        sources = [owner] if owner is not None else self.subject_before(tpos)
        if owner is None and sources and not any(cs <= m.start < tpos for m in self.actors) and \
                not any(s.end > cs for s in sources):
            sources = self._eastern_just_before(cs) or sources  # …旱灾，北京市通州区委区政府…响应，捐赠资金…
        both = [] if sources and owner is not None else self._both_sides(tpos)
        if len(both) == 2 and not direct:  # 两地…投入和捐赠资金7296.3万元: the pair named last, helper first
            a, b = self._helper_first(*both)
            self.add("FUNDS", a, b, amount_yuan=am.value)
            return
        if not sources:
            return
        here = all(any(s is m for m in self.actors) for s in sources)  # (not carried from a sentence before)
        rv = RECEIVED.search(text, max(s.end for s in sources), am.start) if here else None
        if rv is not None and rv.group(0) == "利用" and any(side_of(s, self.ex.gaz) == "east" for s in sources):
            rv = None  # 房山区…利用2058万元京蒙扶贫协作资金购买奶牛: a helper uses its own aid money
        if rv is not None:
            # 日喀则累计接受…援藏资金 / X获得Y…资金: the subject receives; the giver, if named, is after the verb
            givers = [m for m in self.actors if rv.end() <= m.start and m.end <= am.start and m not in sources]
            # (争取到X基金会200万元，用于Y村…项目: the money secured goes where it is used)
            spent = [t for t in self._fund_targets(am, am.start, amounts) if t not in givers and t.type == "Region"]
            for g in [narrow(g, self.actors, text=text) for g in givers[:1]]:  # (接受常州市|钟楼区捐赠)
                for tg in spent or sources:
                    self.add("FUNDS", g, tg, amount_yuan=am.value)
            return
        targets = direct or self._fund_targets(am, tpos, amounts)
        if not targets and RECEIVING.search(text, cs, am.start):
            targets = self._receivers()
        targets = targets or self._spent_in(cs, am.start)
        if owner is not None and not targets:
            subj = self.subject_before(tpos, allow_carry=False) or [  # (a helped subject carried over)
                m for m in self.subject_before(tpos) if side_of(m, self.ex.gaz) == "west" != side_of(owner, self.ex.gaz)]
            targets = [m for m in subj if m is not owner] or ([self.article_region()] if self.article_region() else [])
        if not targets and len(sources) == 1 and (served := team_target(sources[0], self.ex)) is not None:
            targets = [served]  # 厦门市对口支援吉木萨尔县工作前方指挥部投入资金…: where the team serves
        if not targets:
            targets = self._unnamed_recipients(am, cs, trig, sources)
        targets = [t for t in (self._money_goes_to(t, am.start) for t in targets) if t is not None and not any(
            ALIAS_NOTE.match(text, s.end, t.start) for s in sources)]  # 宝钢集团（现为宝武集团）: itself
        receiving = {t.name for t in targets}
        payers = [s for s in sources if s.name not in receiving] or sources  # A与B、C…分别捐赠: B, C receive
        # (宁波市海曙区…捐赠: the district pays, not also the city its name is chained to)
        payers = [s for s in payers if not any(o.start == s.end and o.type == s.type == "Region" and self._lies_in(o, s)
                                               for o in payers)]
        if len(payers) > 1:  # A与从江县政府签署…，将投入…援建从江县…小学: the helped side's own body is no payer
            payers = [s for s in payers if not self._own_side(s, targets)] or payers
        k, n = respective_slot(text, amounts, am)  # A、B分别投入202万元、200万元: one figure each, in order
        payers = payers[k : k + 1] if n and len(payers) == n else payers
        targets = targets[k : k + 1] if n and len(targets) == n else targets
        for s in payers:
            for tg in targets:
                if tg.name != s.name:
                    self.add("FUNDS", s, tg, amount_yuan=am.value)

    def _own_side(self, payer: Mention, targets: list[Mention]) -> bool:
        """Is the payer a body of the place every target lies in (从江县政府 for 从江县丙妹镇大歹小学)?"""
        code = region_code(payer, self.ex.gaz) if payer.type == "Agency" else None
        if not code or not targets:
            return False
        name = self.ex.gaz.get(code).name
        return all(name in t.name or self._lies_in_code(t, code) for t in targets)

    def _unnamed_recipients(self, am, cs: int, trig, sources: list[Mention]) -> list[Mention]:
        """Recipients of money whose sentence names none: the place its programme implies (or the part of it
        helped just before), the places its payer helped just before, or, for a body's donation, the village
        or township the article is at."""
        implied = (self._implied_target(p) for p in self.programs if p.start <= am.start + 12 and p.end >= cs)
        targets = [t for t in implied if t is not None][:1]
        partners = self._earlier_partners(sources) if targets else []
        if partners and all(p.adcode and self.ex.gaz.is_within(p.adcode, targets[0].adcode) for p in partners):
            targets = partners  # 对口支援西藏山南市…投入援藏资金: the part of 西藏 it helps
        if not targets:
            targets = self._earlier_partners(sources) or self._named_helped(sources) or self._helped_home(sources)
            if len(targets) > 2 and not any(t in self.actors for t in targets):
                # (…结对南部县、青川县、广安区…80个县。浙江省…资金数为28.31亿元: a total for all it helps,
                # not for the few places the sentence before happens to name)
                targets = []
        if not targets and trig is not None and DONATION.fullmatch(trig.group(0)) and sources and \
                all(s.type == "Agency" for s in sources):
            # 该公司主动捐资5万元 after …潘庄村…: a body's donation goes to the village or township the
            # article is at (or its sentence visits), when the sentence names no recipient
            here = [m for m in self.actors if m.type == "Region" and m.level in ("village", "township")]
            last = (here[-1] if here else None) or self.actx.last_place.get("village") or \
                self.actx.last_place.get("township")
            targets = [last] if last is not None else []
        if not targets:
            targets = self._other_side(sources, am.start) or self._helped_before(sources)
        if not targets and len(sources) == 2 and self._joined(*sources):
            # 京东集团与(河北省)丰宁县签署…协议，投入2000万元…: the party that signed with the payer receives
            a, b = self._helper_first(*sources)
            if b.type == "Region" and a.type in ACTOR_TYPES and COSIGNED.search(self.text, sources[1].end, am.start):
                targets = [b]
        return targets

    def _other_side(self, sources: list[Mention], pos: int) -> list[Mention]:
        """沪滇协作…，上海投入资金40亿元: a helper's money with no recipient, in a sentence that names its pairing
        (沪滇, 京蒙两地), goes to the other side of the pair."""
        if len(sources) != 1 or not sources[0].adcode or side_of(sources[0], self.ex.gaz) != "east":
            return []
        for pm in PAIR_RE.finditer(self.text, 0, pos):
            codes = [abbr_province(pm.group(1)), abbr_province(pm.group(2))]
            if None in codes:
                continue
            mine = [c for c in codes if sources[0].adcode[:2] == c[:2]]
            if len(mine) == 1:
                other = next(c for c in codes if c != mine[0])
                r = self.ex.gaz.get(other)
                return [self.ex.regions.region_mention(pm.start(), pm.end(), other, r.name, "implied")]
        return []

    def _helped_before(self, sources: list[Mention]) -> list[Mention]:
        """广州市…携手毕节市…。…广州市今年已拨付财政帮扶资金6.5亿元: a region's money with no recipient goes to
        the one place the article said it helps (none when it helps several)."""
        if len(sources) != 1 or sources[0].type != "Region":
            return []
        helped = {r["target"]["id"]: r["target"] for r in self.ex.relations
                  if r["type"] == "ASSISTS" and r["source"]["name"] == sources[0].name}
        if len(helped) != 1:
            return []
        t = next(iter(helped.values()))
        if t.get("type") != "Region" or not t.get("adcode"):
            return []
        return [self.ex.regions.region_mention(0, 0, t["adcode"], t["name"], "implied")]

    def _joined(self, a: Mention, b: Mention) -> bool:
        """A与B, A和(its province)B: two parties joined by a conjunction."""
        gap = self.text[a.end : b.start]
        return gap[:1] in ("与", "和", "同") and (len(gap) == 1 or any(
            m.start == a.end + 1 and m.end == b.start and m.type == "Region" for m in self.actors))

    def _arranged_funds(self, amounts) -> None:
        """为X协调/争取/安排…资金 without a figure."""
        text = self.text
        for cm in ARRANGED_FUNDS_RE.finditer(text):
            if any(a.start >= cm.start() and a.start <= cm.end() + 2 for a in amounts):
                continue
            tgt = next((m for m in reversed(self.actors) if m.end <= cm.start() and m.start > 0
                        and text[m.start - 1] in "为向给对" and cm.start() - m.end <= 2), None)
            if tgt is None:
                continue
            for s in self.subject_before(tgt.start - 1):
                if s is not tgt:
                    self.add("FUNDS", s, tgt)

    def _donations(self, used_triggers: set[int]) -> None:
        """Donations without a figure: 向X捐赠物品 / 为X捐赠 / A与B签署…协议并捐赠资金 / A向B捐赠…，C也捐赠了…"""
        text = self.text
        last_recipient = None
        for dm in DONATION.finditer(text):
            if dm.start() in used_triggers or TOKEN_OF_THANKS.match(text, dm.end()):
                continue  # (捐赠了锦旗: thanks, not money)
            tgt = None
            cs, _ce = clause_of(self.clauses, dm.start())
            for m in self.actors:
                if m.end <= dm.start() and m.start > 0 and text[m.start - 1] in "向为给对":
                    tgt = narrow(m, self.actors, text=text)  # 向四川省广元市青川县捐赠 -> 青川县
            if tgt is not None and tgt.end <= cs and last_recipient is not None:
                # a later donor in its own clause gives to the same recipient
                for s in self.subject_before(dm.start(), allow_carry=False):
                    if s is not tgt and s.start >= cs:
                        self.add("FUNDS", s, tgt)
                continue
            if tgt is None:
                subj = self.subject_before(dm.start(), allow_carry=False)
                if len(subj) == 2 and not any(m.extra.get("pair") for m in subj) and \
                        text[subj[0].end : subj[1].start][:1] in ("与", "和", "同"):
                    a, b = self._helper_first(subj[0], subj[1])
                    self.add("FUNDS", a, b)
                continue
            for s in self.subject_before(tgt.start - 1):
                if s not in self.actors and UNNAMED_DONOR.search(text, 0, tgt.start):
                    continue  # 一跨国企业向果洛州捐赠: a donor unnamed, not the one of the sentence before
                for t in chain(text, tgt, self.actors):  # 向湖南、四川、贵州三省捐赠: each of the list
                    if s is not t:
                        self.add("FUNDS", s, t)
            last_recipient = tgt

    def _funds_without_figure(self) -> None:
        """X…加大资金投入…为Y提供支持 / 安排对口帮扶资金…对口帮扶Y / 争取X财政援助资金: money with no figure."""
        text = self.text
        own = self._fund_owner(0, len(text))
        if own is None and not NOFIG_MONEY.search(text):
            return
        if own is not None:
            subj = [m for m in self.subject_before(own.start, allow_carry=False) if m is not own]
            targets = subj or ([self.article_region()] if self.article_region() else [])
            if not targets and self.ex.home:
                h = self.ex.gaz.get(self.ex.home)
                targets = [self.ex.regions.region_mention(0, 0, h.adcode, h.name, "home")]
            for tg in targets:
                if tg.name != own.name and tg.type in ACTOR_TYPES:
                    self.add("FUNDS", own, tg)
            return
        # a payer that assists someone in the same sentence, or provides support to someone
        for r in [r for r in self.out if r["type"] == "ASSISTS"]:
            self._emit("FUNDS", r["source"], r["target"])
        for pm in PROVIDE_SUPPORT_RE.finditer(text):
            tgt = next((m for m in reversed(self.actors) if m.end <= pm.start() and m.start > 0
                        and text[m.start - 1] in "为向给" and not CLAUSE_SEP.search(text, m.end, pm.start())), None)
            if tgt is None:
                continue
            for src in self.subject_before(tgt.start - 1):
                if src is not tgt:
                    self.add("FUNDS", src, tgt)

    def _earlier_partners(self, sources: list[Mention]) -> list[Mention]:
        """A与B、C签订…协议。安排财政资金2800万元: money of a source that assisted regions in the previous
        sentence (or this one) goes to them."""
        prev = self.actx.__dict__.get("last_pairs")
        names = {s.name for s in sources}
        mine = [r for r in self.out if r["type"] == "ASSISTS" and r["source"]["name"] in names]
        if mine:
            return [m for m in self.actors if m.name in {r["target"]["name"] for r in mine}]
        if prev and self.actx.sentence_index - prev[2] <= 1 and names & prev[0]:
            # (大连市对口帮扶六盘水市，甘井子区…分别与水城区…结对: 大连市's money goes to 六盘水市, not to its districts')
            return [m for m in prev[1] if any((n, m.name) in prev[3] for n in names)]
        if prev and self.actx.sentence_index - prev[2] <= 1 and self._parts_of(sources, prev[0]):
            return list(prev[1])  # the helper's cities (杭州、湖州4市) give to the region it helps
        return []

    def _parts_of(self, sources: list[Mention], helpers: set[str]) -> bool:
        """Do all the payers lie within one of the helpers (杭州市, 湖州市 within 浙江省)?"""
        gaz = self.ex.gaz
        return bool(sources) and all(
            s.adcode and any(gaz.get(a).name in helpers for a in gaz.ancestors(s.adcode) if a in gaz.regions)
            for s in sources)

    def _eastern_just_before(self, cs: int) -> list[Mention]:
        """The eastern or central actors of the clause right before the one at cs (the place they belong to
        left out when its organs are there)."""
        prev = [c for c in self.clauses if c[1] <= cs]
        if not prev:
            return []
        a, b = prev[-1]
        found = [m for m in self.actors if a <= m.start and m.end <= b and side_of(m, self.ex.gaz) in ("east", "centre")]
        organs = [m for m in found if m.type == "Agency"]
        return organs or found

    def _named_helped(self, sources: list[Mention]) -> list[Mention]:
        """今年翁牛特旗遭遇旱灾，…北京市通州区委区政府…捐赠资金500万元: an eastern payer's money goes to the
        place of the other side the sentence named before it."""
        if not sources or not all(side_of(s, self.ex.gaz) == "east" for s in sources):
            return []
        before = [m for m in self.actors if m.type == "Region" and m.end <= min(s.start for s in sources)
                  and side_of(m, self.ex.gaz) == "west" and m.level in ("county", "prefecture")]
        return [narrow(before[-1], self.actors, text=self.text)] if before else []

    def _helped_home(self, sources: list[Mention]) -> list[Mention]:
        """北京市共投入各级财政援助资金15.33亿元 in a paper of the helped side: an eastern payer's (or a central
        unit's) money in aid words goes to the region the article speaks for, or (an eastern payer's) its home
        province."""
        if not AID_CONTEXT.search(self.text) or not any(side_of(s, self.ex.gaz) in ("east", "centre") for s in sources):
            return []
        ar = self.article_region()
        if ar is None and self.ex.home and any(side_of(s, self.ex.gaz) == "east" for s in sources):
            h = self.ex.gaz.get(self.ex.home)
            ar = self.ex.regions.region_mention(0, 0, h.adcode, h.name, "home")
        return [ar] if ar is not None and side_of(ar, self.ex.gaz) == "west" else []
