"""Assistance stated as thanks or as support given: 感谢B一直以来的大力支持, 对茌平区…关心支持彭水发展表示感谢,
X对Y给予…支持 — the one thanked or giving support helps (kg.extract.sides decides the sides); and a body
whose name says whom it helps (天津帮扶承德工作队), staff named for the province they aid (普陀区援滇干部)."""

from __future__ import annotations

import re

from kg import rx
from kg.extract.arguments import CLAUSE_SEP, GIVE_RE, clause_of, most_specific, narrow
from kg.extract.context import TEAM_WORDS
from kg.extract.gazetteer import AIDED_PROVINCE, PROVINCE_CHARS
from kg.extract.listing import chain
from kg.extract.mentions import Mention
from kg.extract.sides import EAST_HELPERS, side_of

THANKED_FOR_HELP_RE = rx.compile("(?:对|向)([^，。；]{2,40}?)(?:表示|致以)(?:衷心|诚挚|真诚|由衷)?的?感谢")
STEPPED_UP_RE = rx.compile("(?:加大|加强|强化)对(?=[^，。；]{2,40}?(?:支持|帮扶|援助)力度)")
SUPPORTED_RE = rx.compile("(?<![的和与及、])支持")  # (not 关心和支持, 大力的支持: a noun)
PLACE_SUPPORTED = rx.compile("发展|建设|经济|产业|乡村|脱贫|巩固|打赢|做好|的|等|[，。；、]|$")
AID_WORD = rx.compile("定点帮扶|定点扶贫|对口帮扶|对口支援|结对帮扶|东西部协作|扶贫协作|援[疆藏青]")
DOCKED_RE = rx.compile("(?:紧密|精准|主动|积极|深入)对接")
HELP_WORDS = rx.compile("帮扶|支持|帮助|关心|援助|协作|支援")
THANKS_FOR = rx.compile("感谢([^，。；、]{2,24}?)(?:长期以来|一直以来|多年来)?(?:给予)?的?(?:大力|无私|倾情|真情|鼎力|悉心)?"
                        "(?:支持|帮助|帮扶|援助)")


AID_TO_PROVINCE_RE = rx.compile("援([" + PROVINCE_CHARS + "])(?=干部|挂职|工作|人员|医生|教师|项目|队)")
COUNTED_BATCH = rx.compile("第[0-9一二三四五六七八九十]+批$")
# (but 了解到, 看到, 感到: 到 completing a verb of perceiving or reaching is no movement)
MOVE_TO = rx.compile("来到|(?<![了解看得感受达直提想听谈见遇收做认识])到|赴|前往|奔赴|进驻|抵达")
# (到Y开展|医疗|帮扶, 赴Y，开展“…”村企结对帮扶, 开展2022年对口支援; 赴A与B|两个|对口支援单位: the count of the places gone to)
WORK_AFTER = rx.compile("，?(?:开展|进行)(?:[0-9]{4}年度?)?(?:“[^”]{1,12}”)?(?:[\u4e00-\u9fff]{0,4}?)|[两三四五六七八九十]个")
NAMED_AID = rx.compile("(?:对口)?(?:帮扶|支援|援助|援建|援[疆藏青])")
# the words that end a working team's name (not a 领导小组: it steers)
TEAM_WORD = rx.compile("(?:前方)?(?:" + "|".join((*TEAM_WORDS, "工作站", "联络组", "联络小组", "工作小组", "团队", "工作团")) + ")$")


# A、B等9家定点帮扶中央单位 / A和B等对口帮扶单位: bodies named as the helping units
UNITS_OF_AID = rx.compile("等(?:[0-9一二三四五六七八九十]+(?:家|个)|部分|多家)?(?:对口|定点|结对)?(?:帮扶|支援|援助|协作)"
                          "(?:中央)?(?:单位|企业|部门|机构)")


# 由A、B、C等单位相关负责人组成的一行9人来到Y: a delegation made of these bodies
COMPOSED_RE = rx.compile("由([^。；]{2,160}?)(?:等)?(?:单位|部门|企业|机构)?(?:的)?(?:相关|有关)?(?:负责人|负责同志|代表|人员|干部)?组成的")


# 京蒙协作助推内蒙古…, 沪滇协作助力云南…: a pairing named by its two provinces helps the other side's place
PAIRING_HELPS = rx.compile("[" + PROVINCE_CHARS + "]{2}(?:东西部)?(?:扶贫)?协作(?:助推|助力|帮扶|支持|带动)")


WELCOMED_HELPERS = rx.compile("欢迎")
WELCOMED_WHAT = rx.compile("[^，。；]{0,4}?(?:援[疆藏青黔滇]?|对口支援|帮扶|挂职)?(?:干部|工作队|工作组|人才|医疗队|教师)")


class SupportMixin:
    """SentenceRelations' thanks and support statements; AssistsMixin calls them."""

    def _pairing_helps(self) -> None:
        """京蒙协作助推内蒙古高质量发展: the helping side of a pairing named by its provinces' characters helps
        the place of the other side written right after the verb."""
        for pm in PAIRING_HELPS.finditer(self.text):
            codes = [AIDED_PROVINCE[c] for c in self.text[pm.start() : pm.start() + 2]]
            place = next((m for m in self.actors if pm.end() <= m.start <= pm.end() + 1 and m.type == "Region"), None)
            if place is None or not place.adcode or len({c[:2] for c in codes}) != 2:
                continue
            helper = [c for c in codes if c[:2] != place.adcode[:2]]
            if len(helper) != 1 or not any(place.adcode[:2] == c[:2] for c in codes) or \
                    helper[0][:2] not in EAST_HELPERS:
                continue  # (the place must be the other side's, and the helper an eastern province)
            r = self.ex.gaz.get(helper[0])
            src = self.ex.regions.region_mention(pm.start(), pm.start() + 1, r.adcode, r.name, "implied")
            self.add("ASSISTS", src, narrow(place, self.actors, text=self.text), program=self.mechanism(""))

    def _more_support(self) -> None:
        """X加大对A、B…的支持力度 / X紧密对接Y发展规划: support stepped up for, or work matched to, the places of
        the other side."""
        text = self.text
        if "力度" not in text and "对接" not in text:
            return
        for sm in STEPPED_UP_RE.finditer(text):
            first = next((m for m in self.actors if m.start == sm.end() and m.type == "Region"), None)
            helped = chain(text, narrow(first, self.actors, text=text), self.actors) if first else []
            helped = [m for m in helped if m.end <= sm.end() + 40 and m.type == "Region"]
            self._cross_side(self.subject_before(sm.start()), most_specific(self.ex, helped))
        for dm in DOCKED_RE.finditer(text):
            first = next((m for m in self.actors if m.start == dm.end() and m.type == "Region"), None)
            if first is not None:
                self._cross_side(self.subject_before(dm.start(), allow_carry=False),
                                 [narrow(first, self.actors, text=text)])

    def _supported(self) -> None:
        """水利部坚决扛起定点帮扶政治责任，举全部之力支持A、B、C…发展: in a sentence naming the aid, the places
        of the other side its subject supports are helped."""
        text = self.text
        if "支持" not in text or not AID_WORD.search(text):
            return
        for sm in SUPPORTED_RE.finditer(text):
            first = next((m for m in self.actors if m.start == sm.end() and m.type == "Region"), None)
            if first is None:
                continue
            helped = [m for m in chain(text, narrow(first, self.actors, text=text), self.actors) if m.type == "Region"]
            if not PLACE_SUPPORTED.match(text, helped[-1].end):
                continue  # 支持城关区乳制品加工厂项目建设: a project of the place, not the place
            self._cross_side(self.subject_before(sm.start(), allow_carry=False), most_specific(self.ex, helped))

    def _aid_to_province(self) -> None:
        """普陀区援滇干部: the region written right before 援 + a province's one-character name helps that
        province."""
        for am in AID_TO_PROVINCE_RE.finditer(self.text):
            lead = COUNTED_BATCH.search(self.text, 0, am.start())  # 黄浦区第五批|援青干部
            pos = lead.start() if lead else am.start()
            # (大连援黔工作队: the region may be the first word of the team's name)
            # (中央(科技部)第五批援青干部: a central unit, named in brackets after 中央)
            at = pos - 1 if self.text[pos - 1 : pos] in ")）" else pos
            helper = next((m for m in self.mentions if m.end == at and (m.type == "Region" or m.type == "Agency"
                                                                         and side_of(m, self.ex.gaz) == "centre")), None)
            code = AIDED_PROVINCE[am.group(1)]
            if helper is None or helper.type == "Region" and (not helper.adcode or helper.adcode[:2] == code[:2]):
                continue
            r = self.ex.gaz.get(code)
            target = self.ex.regions.region_mention(am.start(1), am.end(1), code, am.group(1), "implied")
            went = [m for m in self.actors if m.start > am.end() and m.type == "Region" and m.adcode
                    and self.ex.gaz.is_within(m.adcode, code) and MOVE_TO.search(self.text, am.end(), m.start)]
            if not went:  # 作为上海援青干部，玛多县委副书记、副县长王某: the place of the cadre's post
                posted = {rel["target"]["name"] for rel in self.out if rel["type"] == "HOLDS_POSITION"
                          and rel["target"]["type"] == "Region"}
                went = [m for m in self.mentions if m.type == "Region" and m.name in posted and m.adcode
                        and self.ex.gaz.is_within(m.adcode, code)]
            if went:  # …援青干部，来到青海省果洛州玛多县挂职: the place they came to, most specific
                target = narrow(went[0], self.actors, text=self.text)
            self.add("ASSISTS", helper, target, program=self.mechanism("援" + r.name[:1]))

    def _units_of_aid(self) -> None:
        """推动中国农业银行、三峡集团等9家定点帮扶中央单位购销重庆农副产品 / 乐都区对接惠山区政府和中国信达等
        对口帮扶单位: each body of the list helps the place named after it in the sentence, or else the subject
        that works with them."""
        text = self.text
        for um in UNITS_OF_AID.finditer(text):
            units = [m for m in self._list_before(-1, um.start()) if m.type == "Agency"]  # (A、B和C等…单位)
            if not units:
                continue
            after = next((m for m in self.actors if m.start >= um.end() and m.type == "Region"), None)
            helped = [narrow(after, self.actors, text=text)] if after is not None else \
                [m for m in self.subject_before(units[0].start, allow_carry=False) if m.type == "Region"] or \
                [r for r in [self.article_region()] if r is not None]  # (…等帮扶企业代表参加座谈会: the article's place)
            for u in units:
                for h in helped:
                    self.add("ASSISTS", u, h, program=self.mechanism(""))

    def _composed_delegation(self) -> None:
        """由佛山市政协、佛山市残联…等单位相关负责人组成的一行9人来到墨脱县开展…: each body the delegation is
        made of helps the place of the other side it came to."""
        text = self.text
        for cm in COMPOSED_RE.finditer(text):
            members = [m for m in self.actors if cm.start(1) <= m.start and m.end <= cm.end(1)
                       and m.type in ("Agency", "Region")]
            went = next((m for m in self.actors if m.start > cm.end() and m.type == "Region"
                         and MOVE_TO.search(text, max(cm.end(), m.start - 3), m.start)), None)
            if members and went is not None:
                self._cross_side(members, [narrow(went, self.actors, text=text)])

    def _named_aid(self) -> None:
        """天津帮扶承德工作队, 北京市援疆和田指挥部: a team whose name says it helps a place (the place written
        after the aid word) helps it, and so does the place that sent it (written before the aid word)."""
        text = self.text
        for team in self.actors:
            if team.type != "Agency" or not TEAM_WORD.search(team.name):
                continue
            am = NAMED_AID.search(text, team.start, team.end)
            inner = [m for m in self.mentions if m.type == "Region" and team.start <= m.start and m.end <= team.end]
            if am is None or not inner:
                continue
            senders = [m for m in inner if m.end <= am.start()]
            helped = [m for m in inner if m.start >= am.end()]
            if not senders or not helped:
                continue
            self.add("ASSISTS", team, helped[0], program=self.mechanism(am.group(0)))
            self.add("ASSISTS", senders[-1], helped[0], program=self.mechanism(am.group(0)))

    def _cross_side(self, helpers: list[Mention], helped: list[Mention]) -> None:
        for h in helpers:
            for t in helped:
                if side_of(h, self.ex.gaz) in ("east", "centre") and side_of(t, self.ex.gaz) == "west":
                    self.add("ASSISTS", h, t, program=self.mechanism(""))

    def _thanks_for_support(self) -> None:
        """X代表A市委、市政府感谢B一直以来的大力支持: the one thanked for its support helps the thanker's side
        (when the two are of different sides)."""
        text = self.text
        for km in THANKS_FOR.finditer(text):
            helpers = self._thanked(clause_of(self.clauses, km.start())[0], km.end(1))
            thankers = self._as_regions(self.subject_before(km.start(), allow_carry=False))
            for h in helpers:
                for t in thankers:
                    if t.type == "Region" and side_of(h, self.ex.gaz) != side_of(t, self.ex.gaz):
                        self.add("ASSISTS", h, t, program=self.mechanism(""))

    def _welcomed_helpers(self) -> None:
        """拜城县欢迎温州市援疆干部: the place that welcomes an eastern place's aid cadres or team is the one that
        place helps (the welcoming side western, the welcomed eastern)."""
        for wm in WELCOMED_HELPERS.finditer(self.text):
            hosts = [m for m in self.actors if m.type == "Region" and m.end <= wm.start()
                     and side_of(m, self.ex.gaz) == "west"]
            guest = next((m for m in self.actors if m.start == wm.end() and m.type == "Region"), None)
            if not hosts or guest is None:
                continue
            guest = narrow(guest, self.actors, text=self.text)
            if side_of(guest, self.ex.gaz) == "east" and WELCOMED_WHAT.match(self.text, guest.end):
                self.add("ASSISTS", guest, narrow(hosts[-1], self.actors, text=self.text), program=self.mechanism(""))

    def _thanked_for_help(self) -> None:
        """王凡鹏对茌平区长期以来关心支持彭水发展表示感谢 / 向潍坊市…给予开州的真情帮扶表示感谢: the one thanked
        (after 对/向) helps the place of the other side named with the help, or else the thanker's."""
        if "感谢" not in self.text:
            return
        for tm in THANKED_FOR_HELP_RE.finditer(self.text):
            if not HELP_WORDS.search(tm.group(1)):
                continue
            helper = next((m for m in self.actors if m.start == tm.start(1)), None)
            if helper is None:
                continue
            side = side_of(helper, self.ex.gaz)
            helped = [m for m in self.actors if tm.start(1) < m.start and m.end <= tm.end(1)
                      and m.type == "Region" and side_of(m, self.ex.gaz) not in (None, side)]
            helped = helped or [m for m in self._as_regions(self.subject_before(tm.start(), allow_carry=False))
                                if m.type == "Region" and side_of(m, self.ex.gaz) not in (None, side)]
            for t in most_specific(self.ex, helped):
                self.add("ASSISTS", narrow(helper, self.actors, text=self.text), t, program=self.mechanism(""))

    def _thanked(self, cs: int, end: int) -> list[Mention]:
        """感谢A(、B)…: the actors thanked, written between 感谢 and `end`."""
        k = self.text.rfind("感谢", cs, end)
        first = next((m for m in self.actors if k >= 0 and k + 2 <= m.start and m.end <= end), None)
        if first is None:
            return []
        group = most_specific(self.ex, chain(self.text, narrow(first, self.actors, text=self.text), self.actors))
        return [m for m in group if m.end <= end]

    def _given_support(self) -> None:
        """X对Y给予…支持 and X给予Y…支持/帮助 (对北京市…给予内蒙古的支持表示感谢: the one thanked gives)."""
        text = self.text
        for gm in GIVE_RE.finditer(text):
            dui = next((m for m in reversed(self.actors) if m.end <= gm.start() and gm.start() - m.end <= 4
                        and m.start > 0 and text[m.start - 1] == "对"
                        and not CLAUSE_SEP.search(text, m.end, gm.start())), None)
            given_to = self.first_after(gm.end())
            if given_to is not None and given_to.start - gm.end() <= 1:
                continue  # 对北京市…给予内蒙古的支持表示感谢: the recipient follows, 对 marks the giver
            if dui is not None and re.search("支持|帮助|援助|帮扶", text[gm.end() : gm.end() + 20]):
                for s in self.subject_before(self._unit_start(dui) - 1, allow_carry=False):
                    if s is not dui and s.name != dui.name:
                        self.add("ASSISTS", s, dui, program=self.mechanism(""))
        # X给予Y…支持/帮助
        for gm in GIVE_RE.finditer(text):
            tgt = self.first_after(gm.end())
            if tgt is None or tgt.start - gm.end() > 1:
                continue
            if not re.search("支持|帮助|援助", text[tgt.end : tgt.end + 20]):
                continue
            cs, _ce = clause_of(self.clauses, gm.start())
            dui = [m for m in self.actors if cs <= m.start and m.end <= gm.start() and m.start > 0
                   and text[m.start - 1] == "对"]
            if dui:
                # 对北京市长期以来给予内蒙古的支持表示感谢: the one thanked is the giver
                self.add("ASSISTS", dui[-1], tgt, program=self.mechanism(""))
                continue
            for s in self.subject_before(gm.start(), allow_carry=False):
                self.add("ASSISTS", s, tgt, program=self.mechanism(""))


FUTURE_BEFORE = set("即必也还都又终定仍已并")  # (即将, 必将, 也将 …: the 将 of the future)


def object_jiang(text: str, end: int) -> int:
    """Where the last 将 before end that puts an object first (将X列为…) stands, or -1; the 将 of the future
    (即将, 必将, 也将, 将要, 将会) is no such 将."""
    pos = text.rfind("将", 0, end)
    while pos >= 0 and (text[pos - 1 : pos] in FUTURE_BEFORE or text[pos + 1 : pos + 2] in "要会来近"):
        pos = text.rfind("将", 0, pos)
    return pos
