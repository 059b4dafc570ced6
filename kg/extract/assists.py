"""ASSISTS: assistance triggers (帮扶, 对口帮扶, 支援, 协作, 结对 …) with their helper and helped, delegations'
visits, cadres sent to a place, and aid money between a helping and a helped region; pairing statements
(A与B结对 …) are kg.extract.pairings, thanks and given support (对Y给予…支持) kg.extract.support. The helping side
is the source (kg.extract.sides)."""

from __future__ import annotations

import re

from kg import rx
from kg.extract import jiebadict
from kg.extract.arguments import (
    AID_CONTEXT,
    AID_MONEY,
    ASSIST_TRIG,
    CLAUSE_SEP,
    LEVEL_RANK,
    MECHANISM_BY_TRIGGER,
    MOVE_VERBS,
    clause_of,
    coordinated,
    most_specific,
    narrow,
    quoted_spans,
)
from kg.extract.gazetteer import PROVINCE_CHARS
from kg.extract.listing import chain
from kg.extract.mentions import Mention
from kg.extract.pairings import GOVERNMENT_ORGANS
from kg.extract.sides import EAST_HELPERS, region_code, side_of
from kg.extract.support import MOVE_TO, NAMED_AID, WORK_AFTER, object_jiang

PLACE_FRAME_RE = rx.compile("(?:[^，。；]{0,12}?，)?在([^，。；]{2,30}?)，")  # (a date clause, then 在X，)
COUNTED_HELPERS = rx.compile("[0-9一二三四五六七八九十百]+(?:户|家|个|所)[^，。；]{0,8}?(?:企业|单位|公司|银行|医院|学校)"
                             "(?:结对|对口)?$")
UNKNOWN_OPENER = rx.compile("([\u4e00-\u9fff]{2,4}?)(?:还|也|则|将|继续)?(?:对口|结对|定点)?")
REASSIGNED = rx.compile("调整为|确定为|明确为|安排为")
CARRY_OUT = rx.compile("(?:持续|深入|全面|积极|大力)?(?:开展|进行|实施|实行|加大|加强|深化|推进)")
WITH_HELP_RE = rx.compile("在([^，。；]{2,30}?)的?(?:大力|鼎力|倾力)?(?:帮助|支持|帮扶|援助)(?:和(?:帮助|支持|指导))?下")
SENT_TO_RE = rx.compile("向([\u4e00-\u9fff]{2,12}?)(?:选派|派出|派驻|输送)[^，。；]{0,12}?(?:干部|人员|教师|医生|医疗队|工作队|人才)")
WENT_TO = rx.compile(f"(?:{MOVE_TO.pattern}|深入)$")  # (the moving words right before the place gone to)
SENT_STAFF_RE = rx.compile(
    "(?:选派|派出|派驻)[^，。；]{0,20}?(?:干部|人员|教师|医生|医疗队|工作队|工作组|人才)[^，。；]{0,6}?"
    "(?:到|赴|奔赴|进入|前往|进驻|来到|来|，(?:在|为|到|赴))"  # (派出12名干部，在永平县…: where they work)
    "|(?<=将)分赴|(?<=将)奔赴|(?<=队)分赴|(?<=组)分赴"  # (工作队…将分赴…: a team going out to its places)
)
# a trigger inside the name of a coordinating group (援藏援疆工作领导小组, 东西部协作工作领导小组)
GROUP_NAME_AFTER = rx.compile("[^，。；、：\\s]{0,8}?(?:领导|协调)小组")
AIDED_NOUN = rx.compile("项目|工程|资金")  # 援建项目, 帮扶资金: the trigger word names a kind of thing
FAR_MOVE_VERBS = rx.compile("前往|赴|来到|抵达|深入|走进")
# what kind of place the object is, written before its name (定点帮扶|国家级贫困县|甘肃省宕昌县)
OBJECT_CATEGORY = rx.compile("(?:的)?(?:国家级|省级|自治区级|深度|重点)?(?:贫困|欠发达|革命老区|民族)?(?:县|旗|区|市|州|乡|镇|村|地区)$"
                             "|(?:的)?对象$")  # (定点帮扶对象桥沟村: the one helped)
TARGET_TAIL = rx.compile("^(?:的)?(?:相关|所辖|部分|有关|贫困|重点)(?:县区|县市区|区县|旗县|县|乡镇|地区)")
FOR_WHOM_GAP = rx.compile("(?:先后|全额|无偿|累计|共|新|又|还|出资|投资|捐资)*")
TIME_FRAME = rx.compile("[自从在]")
FRAME_END = rx.compile("(?:以来|期间|以后|之后|之初|之际)[，,]$")
LISTED_FOR_AID = rx.compile("将(?P<obj>[^，。；]{2,20}?)(?:列为|确定为)(?:(?P<for>[^，。；]{2,12}?)的)?[^，。；]{0,12}?"
                            "(?:支持|帮扶|扶贫|援助|联系)(?P<unit>单位|企业)?"
                            # 将X的6个贫困村纳入帮扶范围: taken into the places one helps
                            "|将(?P<obj2>[^，。；]{2,20}?)纳入[^，。；]{0,6}?(?:帮扶|支援|援助|协作|结对)(?:范围|对象|名单)")
THANKS = rx.compile("表示(?:衷心|诚挚|由衷|真诚|深深)?的?(?:感谢|谢意)|致谢|致以(?:诚挚|衷心)?的?谢意")
DESIGNATED_RE = rx.compile(
    "(?:是|作为)([^，。；]{2,20}?)的?(?:对口|定点)?(?:帮扶|援助|支援|协作|援建|扶贫|援[" + PROVINCE_CHARS + "])"
    "(?:工作)?(?:重点)?(?P<kind>地区|县|市|州|旗|对象|单位|点|村)"
)


class AssistsMixin:
    def assists(self) -> None:
        text = self.text
        quoted = quoted_spans(text)  # (and 将A列为B的…帮扶单位, a helper's role: _designated)
        quoted += [lm.span() for lm in LISTED_FOR_AID.finditer(text) if lm.group("unit")]
        for tm in ASSIST_TRIG.finditer(text):
            t = tm.group(0)
            if self._no_statement(tm, quoted):
                continue
            # 将X列为 … 定点扶贫 / 重点支持: the object sits between 将 and 列为
            jiang = object_jiang(text, tm.start())
            target = None
            if jiang >= 0 and "列为" in text[jiang : tm.start()] or jiang >= 0 and "确定为" in text[jiang : tm.start()]:
                target = next((m for m in self.actors if m.start > jiang and m.end <= tm.start()), None)
            adjacent = next((m for m in self.actors if m.end == tm.start() and m.type == "Agency"), None) or \
                self._work_owner(tm)
            inside = next((p for p in self.programs if p.start <= tm.start() < p.end), None)
            if target is None and inside is not None:
                target = self._implied_target(inside)
                part = self.first_after(inside.end)
                if target is not None and part is not None and part.start <= inside.end + 4 and part.adcode and \
                        target.adcode and self.ex.gaz.is_within(part.adcode, target.adcode):
                    target = part  # 对口支援青海|省海西州: the part of the province named right after the programme
                if target is None:
                    # 京蒙协作在内蒙古…: a trigger inside a programme's name has an object only right after it
                    # (通用技术集团定点帮扶武川县)
                    target = self.first_after(inside.end)
                    if target is not None and target.start > inside.end + 1 and \
                            not OBJECT_CATEGORY.match(text[inside.end : target.start]):
                        target = None
                    target = target or self._place_of_work(adjacent) or self._went_to(tm)
                    if target is None:
                        self._pair_assists(tm.start())
                        continue
            if target is None:
                target = self._for_whom(tm) or self._went_to(tm) or self.first_after(tm.end())
                if t == "对口" and (target is None or target.start != tm.end()):
                    continue  # 对口 alone is a verb only with its place right after it (济南市对口重庆武隆区)
                if target is not None and target.start > tm.end() and text[target.start - 1] == "在":
                    target = None  # A与B协作联席会议在青岛召开: where a meeting is held, not who is helped
                if target is None:
                    self._pair_assists(tm.start())
            if target is None and adjacent is not None:
                # 正镶白旗被确定为国家统计局定点扶贫县: the helper stands right before the trigger
                subj = self.subject_before(adjacent.start, allow_carry=False)
                if subj and subj[0].type == "Region" and subj[0] is not adjacent:
                    self.add("ASSISTS", adjacent, subj[0], program=self.mechanism(t))
                continue
            if target is None:
                continue
            sources = self._helpers(tm, target, jiang, adjacent)
            # 对口帮扶宁夏吴忠市盐池县、同心县和红寺堡区: the list goes on from the most specific region
            targets = most_specific(self.ex, chain(self.text, narrow(target, self.actors, text=self.text), self.actors)) \
                if target.start else [target]
            relative = self._described_helpers(targets)
            if relative:
                sources = relative  # (原)对口支援重庆万州的嘉定、宝山: the ones the clause describes help
            mech = next((p for p in self.programs if p.start <= tm.start() < p.end
                         and p.name == MECHANISM_BY_TRIGGER.get(t)), None)
            respectively = self._by_position(sources, targets, tm)
            for k, s in enumerate(sources):
                for tg in targets[k : k + 1] if respectively else targets:  # A、B分别帮扶C、D: by position
                    if s is tg or s.name == tg.name:
                        continue
                    if len(sources) > 1 and s.type == tg.type == "Region" and self._lies_in(tg, s):
                        continue  # 江西与新疆…助推克州阿克陶: of a pair, the side the place lies in is helped
                    self.add("ASSISTS", s, tg, program=self.mechanism(t))
                    if mech is not None:
                        # 北京市承担对口帮扶内蒙古任务: the helper takes part in the named mechanism
                        self.add("IMPLEMENTS", s, mech)
        self._other_statements()
        if "援" in text:
            self._bare_aid()
        self._sided_fallback()


    def _other_statements(self) -> None:
        """The assistance statements that have no trigger word of their own before their object."""
        self._paired()
        self._between()
        self._delegations()
        self._given_support()
        self._designated()
        self._aid_to_province()
        self._sent_staff()
        self._with_help_of()
        self._place_framed()
        self._thanks_for_support()
        self._thanked_for_help()
        self._welcomed_helpers()
        self._more_support()
        self._supported()
        self._named_aid()
        self._units_of_aid()
        self._composed_delegation()
        self._pairing_helps()
        self._two_places()
        self._joined_pair()

    def _with_help_of(self) -> None:
        """在杭州市的帮助下，恩施州建成… / 在粤桂协作工作组大力支持和指导下，深圳图书馆…: the one whose help
        frames the clause helps the main clause's subject."""
        for hm in WITH_HELP_RE.finditer(self.text):
            helpers = [m for m in self.actors if hm.start(1) <= m.start and m.end <= hm.end(1)]
            if not helpers:
                continue
            helped = [m for m in self._subject_after(hm.end()) if m.type == "Region"]
            for h in coordinated(self.text, helpers[0], self.actors):
                for t in helped:
                    self.add("ASSISTS", h, t, program=self.mechanism(""))
    def _place_framed(self) -> None:
        """在广西都安县、大化县，深圳宝安区通过对口扶贫协作…: a helper acting in an assistance sentence framed by
        places of the other side helps those places."""
        fm = PLACE_FRAME_RE.match(self.text)
        if fm is None or not ASSIST_TRIG.search(self.text, fm.end()):
            return
        places = [m for m in self.actors if fm.start(1) <= m.start and m.end <= fm.end(1) and m.type == "Region"]
        places = most_specific(self.ex, places)
        helpers = self._subject_after(fm.end() - 1)
        for h in helpers:
            for pl in places:
                if side_of(h, self.ex.gaz) == "east" and side_of(pl, self.ex.gaz) == "west":
                    self.add("ASSISTS", h, pl, program=self.mechanism(""))

    def _sent_staff(self) -> None:
        """福建先后派出9批140名干部到宁夏挂职, 江西派出援疆干部奔赴新疆克州: sending cadres, teachers or a
        work team to a place is assisting it."""
        for sm in SENT_STAFF_RE.finditer(self.text):
            target = self.first_after(sm.end())
            if target is None or target.start - sm.end() > 2 or target.type != "Region":
                continue
            # 工作队…将分赴山南市乃东区、琼结县: each place of the list
            # (…前往固原市原州区和吴忠市同心县、红寺堡区等地: each place of the list)
            targets = most_specific(self.ex, chain(self.text, narrow(target, self.actors, text=self.text),
                                                   self.actors))
            for s in self.subject_before(sm.start()):
                for tg in targets:
                    if s.type in ("Region", "Agency") and tg.type == "Region" and not (
                            side_of(s, self.ex.gaz) == "west" and side_of(tg, self.ex.gaz) == "east"):
                        self.add("ASSISTS", s, tg, program=self.mechanism(""))  # (but cadres sent east learn)
        for sm in SENT_TO_RE.finditer(self.text) if "派" in self.text or "输送" in self.text else ():  # 长宁区向云南派出了多批援建干部: 向 names where they go
            target = next((m for m in self.actors if m.end == sm.end(1) and m.start == sm.start(1)
                           and m.type == "Region"), None)
            for s in self.subject_before(sm.start()) if target is not None else []:
                if s.type in ("Region", "Agency"):
                    self.add("ASSISTS", s, narrow(target, self.actors, text=self.text), program=self.mechanism(""))
    def _aided_project(self, tm) -> None:
        """锁寨村宁波市援建项目: the helper written right before 援建项目 helps the place written right before it."""
        helper = next((m for m in self.actors if m.end == tm.start()), None)
        if helper is None:
            return
        place = next((m for m in self.actors if m.end == helper.start and m.type == "Region"), None)
        if place is not None and helper.type in ("Region", "Agency"):
            self.add("ASSISTS", helper, place, program=self.mechanism(tm.group(0)))

    def _object_before(self, tm) -> bool:
        """对昆明市东川区、寻甸县的对口援建 / 对莱西市委、市政府…对两当县的对口帮扶表示感谢: the object is marked by
        对 before the trigger, joined to it by 的; the helper is the subject, or a first 对 group (thanks)."""
        text = self.text
        cs, _ce = clause_of(self.clauses, tm.start())
        dui = [m for m in self.actors if cs <= m.start and m.end <= tm.start() and m.start > 0
               and text[self._unit_start(m) - 1] == "对" and m.start == self._unit_start(m)]
        if not dui:
            return False
        targets = most_specific(self.ex, chain(text, narrow(dui[-1], self.actors, text=self.text), self.actors))
        gap = text[targets[-1].end : tm.start()]
        gap = TARGET_TAIL.sub("", gap, count=1)  # 对张家口市、承德市相关县区|开展对口帮扶
        carried = CARRY_OUT.match(gap) and len(gap) <= 24  # 对敦化市开展了多形式、多层次的对口帮扶工作
        if not carried and ("的" not in gap or len(gap) > 16 or "、" in gap) or CLAUSE_SEP.search(gap):
            return False
        if len(dui) >= 2:
            sources = chain(text, dui[-2], self.actors)
            sources = [m for m in sources if m.end <= dui[-1].start]
        elif THANKS.search(text, tm.end()):
            # 代表旗委对北京化工大学…的倾情帮扶表示感谢: the one thanked helps the one who thanks
            sources, targets = targets, self._as_regions(self.subject_before(self._unit_start(dui[-1]) - 1))
        elif self._thanked(cs, self._unit_start(dui[-1])):
            # 代表县委感谢上海市宝山区…对师宗县的关心和帮助: the one thanked helps
            sources = self._thanked(cs, self._unit_start(dui[-1]))
        else:
            sources = self.subject_before(self._unit_start(dui[-1]) - 1)
        for src in sources:
            for tg in targets:
                if src.name != tg.name:
                    self.add("ASSISTS", src, tg, program=self.mechanism(tm.group(0)))
        return True

    def _as_regions(self, group: list[Mention]) -> list[Mention]:
        """A region's organs (旗委、旗政府) stand for the region when it is the one helped."""
        out: list[Mention] = []
        for m in group:
            code = region_code(m, self.ex.gaz) if m.type == "Agency" and (
                m.extra.get("region_name") or m.name.endswith(GOVERNMENT_ORGANS)) else None
            prefix = m.extra.get("prefix") if m.type == "Agency" and m.name.endswith(GOVERNMENT_ORGANS) else None
            if code:
                r = self.ex.gaz.get(code)
                m = self.ex.regions.region_mention(m.start, m.end, code, r.name, "organ-region")
            elif prefix is not None and prefix.type == "Region":
                m = prefix  # 接龙乡人民政府: a township's government stands for the township
            if all(o.name != m.name for o in out):
                out.append(m)
        return out

    def _designated(self) -> None:
        """A是B的对口援助地区 / 定点帮扶县: B helps A; X将A列为…重点支持市: X helps A, …列为B的帮扶单位: A helps B."""
        text = self.text
        for lm in LISTED_FOR_AID.finditer(text):
            g = "obj" if lm.group("obj") else "obj2"
            obj = next((m for m in self.actors if lm.start(g) <= m.start and m.end <= lm.end(g)), None)
            helped = next((m for m in self.actors if lm.start("for") <= m.start and m.end <= lm.end("for")),
                          None) if lm.group("for") and lm.group("unit") else None
            if obj is not None and helped is not None:  # X将A列为B的挂钩帮扶单位: A helps B
                self.add("ASSISTS", narrow(obj, self.actors, text=self.text), helped, program=self.mechanism(""))
            elif obj is not None:
                for s in self.subject_before(lm.start(), allow_carry=False):
                    if s.name != obj.name:
                        self.add("ASSISTS", s, narrow(obj, self.actors, text=self.text), program=self.mechanism(""))
        for dm in DESIGNATED_RE.finditer(text):
            named = next((m for m in self.actors if dm.start(1) <= m.start and m.end <= dm.end(1)), None)
            if named is None:
                continue
            named = narrow(named, self.actors, text=text)
            if dm.group(0).startswith("作为"):  # 作为X的定点帮扶县，Y…: the main clause's subject is helped
                others = self._subject_after(clause_of(self.clauses, dm.start())[1])
            else:
                others = [narrow(m, self.actors, text=self.text) for m in self.subject_before(dm.start(), allow_carry=False)]
            for other in others:
                if other.name == named.name:
                    continue
                if dm.group("kind") == "单位":  # A是B的定点帮扶单位: A helps B
                    self.add("ASSISTS", other, named, program=self.mechanism(""))
                else:  # A是B的定点帮扶县: B helps A
                    self.add("ASSISTS", named, other, program=self.mechanism(""))

    def _aid_money_assists(self) -> None:
        """北京市共向内蒙古投入财政援助资金27.44亿元: aid money from a helping region to a helped one is
        assistance too."""
        if not AID_MONEY.search(self.text):
            return
        for r in [r for r in self.out if r["type"] == "FUNDS"]:
            src, dst = r["source"], r["target"]
            if src["type"] == dst["type"] == "Region" and src.get("adcode") and dst.get("adcode") and \
                    src["adcode"][:2] in EAST_HELPERS and dst["adcode"][:2] not in EAST_HELPERS:
                self._emit("ASSISTS", src, dst, program=self.mechanism(""))

    def _by_position(self, sources: list[Mention], targets: list[Mention], tm) -> bool:
        """A、B分别帮扶C、D: helpers and helped paired by position; so too lists of three and more of equal
        length, where each helper has a place of its own (清华大学、北京大学、复旦大学…帮扶的南涧县、弥渡县、永平县)."""
        return len(sources) == len(targets) > 1 and (
            "分别" in self.text[sources[-1].end : tm.start()] or len(sources) >= 3)

    def _helpers(self, tm, target: Mention, jiang: int, adjacent: Mention | None) -> list[Mention]:
        """Who helps in an assistance statement whose trigger is tm."""
        text = self.text
        listed = next((m for m in self.actors if m.end == tm.start() and m.type == "Region"
                       and text[self._unit_start(m) - 1 : self._unit_start(m)] in ("、", "（", "(", "；")), None)
        if listed is not None and not self.subject_list(listed):
            # 济南市对口支援疏勒县、青岛市对口支援英吉沙县 / …关系（朝阳区对口帮扶卓资县: a statement's own helper
            return [listed]
        if text.startswith("的", tm.end()) and target.start > tm.end():
            own = next((m for m in self.actors if m.end == tm.start()), None)
            if own is not None:
                return [own]  # 走访重庆市对口支援的类乌齐县: the one the relative clause names helps
        if jiang >= 0 and target.start > jiang:
            reassigned = REASSIGNED.search(text, jiang, tm.start())
            if reassigned and target.start >= tm.end():
                return self._list_before(jiang, reassigned.start())  # 将嘉定、宝山两区调整为对口帮扶X: they help X
            return self.subject_before(jiang)
        if adjacent is not None and adjacent is not target:
            if text[self._unit_start(adjacent) - 1 : self._unit_start(adjacent)] in ("、", "和", "与", "及"):
                subj = self.subject_before(tm.start())
                if adjacent in subj:
                    return subj  # 清华大学、北京大学帮扶…: each body of the list
            return [adjacent]
        cs = clause_of(self.clauses, tm.start())[0]
        if COUNTED_HELPERS.search(text, cs, tm.start()):
            return []  # 贵州省新增6户国有企业帮扶6个贫困县: the helpers are the companies, none of them named
        um = UNKNOWN_OPENER.fullmatch(text, cs, tm.start())
        if um and jiebadict.tag(um.group(1)) in (None, "ns", "nz", "nt", "j") and \
                not any(cs <= m.start < tm.start() for m in self.actors):
            return []  # ，苏州还帮扶贵州铜仁 (苏州 not known here): a helper of its own, not the one carried over
        # (广东|携手|广西、贵州: what follows the trigger is no helper)
        subj = [s for s in self.subject_before(tm.start()) if s.end <= tm.start()]
        frame = self._frame_subject(tm)  # (张三介绍，自对口支援玉树以来，北京市…: the main clause's, not the speaker's)
        return frame if frame and all(s.end <= clause_of(self.clauses, tm.start())[0] for s in subj) else subj or frame

    def _no_statement(self, tm, quoted) -> bool:
        """Is the trigger at tm no statement of help: a word of a name or a title (北京市支援合作办, 「…携手共谱
        新篇」), help whose object comes first (对X、Y的对口援建), a coordinating body's name (部援藏援疆工作
        领导小组), a helper's role (列为…帮扶单位) or a project's (锁寨村宁波市援建项目, handled apart)?"""
        if any(m.start <= tm.start() < m.end for m in self.actors if m.type == "Agency") or any(
                a < tm.start() < b for a, b in quoted) or self._object_before(tm) or \
                GROUP_NAME_AFTER.match(self.text, tm.end()):
            return True
        if AIDED_NOUN.match(self.text, tm.end()):
            self._aided_project(tm)
            return True
        return False

    def _frame_subject(self, tm) -> list[Mention]:
        """自1995年对口支援西藏拉萨以来，江苏省…: a time frame (自/从…以来, 在…期间) has no subject of its own; it is
        the main clause's, named first after the frame."""
        cs, ce = clause_of(self.clauses, tm.start())
        if not (TIME_FRAME.match(self.text, cs) and FRAME_END.search(self.text, tm.end(), ce + 1)):
            return []
        nxt = self.first_after(ce + 1)
        if nxt is None or nxt.start > ce + 2 or nxt.type not in ("Region", "Agency"):
            return []
        return coordinated(self.text, nxt, self.actors)

    def _bare_aid(self) -> None:
        """中国医学科学院皮肤病医院援自治区人民医院: 援 written between two bodies, the first helps the second."""
        for k in (i for i, c in enumerate(self.text) if c == "援"):
            a = next((m for m in self.actors if m.end == k and m.type == "Agency"), None)
            b = next((m for m in self.actors if m.start == k + 1), None) if a is not None else None
            if b is not None and (b.type == "Agency" or b.type == "Region" and
                                  side_of(a, self.ex.gaz) in ("east", "centre") and side_of(b, self.ex.gaz) == "west"):
                self.add("ASSISTS", a, narrow(b, self.actors, text=self.text), program=self.mechanism(""))

    def _for_whom(self, tm) -> Mention | None:
        """为阿克苏市全额援建了1所中学: the place 为 names a few words before the trigger is the one helped."""
        cs = clause_of(self.clauses, tm.start())[0]
        return next((m for m in reversed(self.actors) if m.type == "Region" and cs < m.start and m.end <= tm.start()
                     and self.text[m.start - 1] == "为" and FOR_WHOM_GAP.fullmatch(self.text, m.end, tm.start())), None)

    def _went_to(self, tm) -> Mention | None:
        """专家团队到铜仁市人民医院开展帮扶: the place or body the helpers went to, right before the work, when
        nothing follows the trigger in its clause."""
        _cs, ce = clause_of(self.clauses, tm.start())
        if any(tm.end() <= m.start < ce for m in self.actors):
            return None
        went = next((m for m in reversed(self.actors) if m.end <= tm.start()), None)  # (赴Y，开展…: the gap decides)
        if went is None or not WORK_AFTER.fullmatch(self.text, went.end, tm.start()):
            return None
        first = went
        while (prev := next((m for m in self.actors if m.type == first.type and m.end < first.start
                             and self.text[m.end : first.start] in ("、", "和", "及", "与")), None)) is not None:
            first = prev  # (恩施市、利川市和|建始县: the list the last place closes)
        at = self._unit_start(first)  # (到湖北省|恩施市、利川市…: the words before the run the list opens)
        if WENT_TO.search(self.text, max(0, at - 2), at):
            return narrow(first, self.actors, text=self.text)
        if self.text[at - 1 : at] == "在" and first.type == "Region" and \
                side_of(first, self.ex.gaz) != "east" and NAMED_AID.search(tm.group(0)):
            # 先后在银川市、吴忠市和固原市开展捐赠帮扶: the places where the aid is done are the helped (not 在北京)
            return narrow(first, self.actors, text=self.text)
        return None

    def _work_owner(self, tm) -> Mention | None:
        """调研评估交通银行巩固衔接定点帮扶工作: the unit whose 定点帮扶 work it is, a few words before."""
        if not self.text.startswith("工作", tm.end()):
            return None
        return next((m for m in reversed(self.actors) if m.type == "Agency" and 0 < tm.start() - m.end <= 6
                     and re.fullmatch("[\u4e00-\u9fff]+", self.text[m.end : tm.start()])
                     and not self.text[m.end : tm.start()].endswith("的")), None)

    def _place_of_work(self, owner: Mention | None) -> Mention | None:
        """莅临浑源县调研评估交通银行…定点帮扶工作: the one county the sentence names before a central unit's
        定点帮扶 work is where it helps."""
        if owner is None or side_of(owner, self.ex.gaz) != "centre":
            return None
        places = [m for m in self.actors if m.type == "Region" and m.level == "county" and m.end <= owner.start]
        return places[0] if len(places) == 1 else None

    def _described_helpers(self, targets: list[Mention]) -> list[Mention]:
        """对口支援万州的|嘉定、宝山: helpers named after the helped and 的 (a relative clause); none when what
        follows 的 is a part of the helped place or no place of the other side."""
        text = self.text
        end = max(t.end for t in targets)
        if text[end : end + 1] != "的":
            return []
        head = next((m for m in self.actors if m.start == end + 1), None)
        if head is None or any(self._lies_in(head, t) for t in targets) or \
                {side_of(head, self.ex.gaz), side_of(targets[0], self.ex.gaz)} != {"east", "west"}:
            return []
        return [narrow(m, self.actors, text=text) for m in coordinated(text, head, self.actors)]

    def _visited_units(self, d: Mention, pos: int, ce: int) -> None:
        """张家川县党政代表团赴天津港保税区、塘沽街道办事处…对接: the eastern or central units a western
        delegation visits help its region."""
        if side_of(d, self.ex.gaz) != "west":
            return
        first = next((m for m in self.actors if pos <= m.start and m.end <= ce), None)
        for m in coordinated(self.text, first, self.actors) if first is not None and first.type == "Agency" else []:
            if m.type == "Agency" and side_of(m, self.ex.gaz) in ("east", "centre"):
                self.add("ASSISTS", m, d, program=self.mechanism(""))

    def _delegations(self) -> None:
        """X党政代表团深入/赴/来 Y 考察 … 协作: the delegation's region assists every region it visits."""
        text = self.text
        if not AID_CONTEXT.search(text):
            return
        # a delegation named with its region, or one a region's official leads (镇江市委书记X率党政代表团赴Y):
        # the region of the leader's organ
        led = [r for m in self.actors if m.type == "Agency" and (r := self._delegation_of(m)) is not m]
        for d in [m for m in self.actors if m.extra.get("delegation")] + led:
            mv = FAR_MOVE_VERBS.search(text, d.end) or MOVE_VERBS.search(text, d.end, min(len(text), d.end + 3))
            if mv is None:
                continue  # (…代表团在…陪同下，前往普洱市: a strong movement verb further on)
            cs, ce = clause_of(self.clauses, mv.end())
            self._visited_units(d, mv.end(), ce)
            first = next((m for m in self.actors if mv.end() <= m.start and m.end <= ce and m.type == "Region"),
                         None)
            if first is None:
                continue
            # 赴内蒙古自治区通辽市库伦旗: the most specific region visited; a western delegation visiting its
            # eastern partner is helped by it
            # 赴乌兰察布市察右前旗 / 赴内蒙古自治区通辽市库伦旗: the regions of the visited chain from the
            # delegation's own level (not above a prefecture) to two levels below it
            rank = LEVEL_RANK.get(d.level or "", 3)
            while first is not None:  # (赴乌兰察布市察右前旗、锡林郭勒盟正镶白旗: each chain listed)
                chain = [first]
                while True:
                    nxt = next((m for m in self.actors if m.start == chain[-1].end and m.type == "Region"), None)
                    if nxt is None:
                        break
                    chain.append(nxt)
                self._visited_chain(d, first, chain, rank)
                first = next((m for m in self.actors if m.type == "Region" and m.start == chain[-1].end + 1
                              and text[chain[-1].end] in "、和及与" and m.end <= ce), None)

    def _visited_chain(self, d: Mention, first: Mention, chain: list[Mention], rank: int) -> None:
        """The regions of one visited chain from the delegation's own level (not above a prefecture) to two
        levels below it, each helped by the delegation's region."""
        visited = [m for m in chain if max(rank, 2) <= LEVEL_RANK.get(m.level or "", 9) <= rank + 2]
        for v in visited or [narrow(first, self.actors, text=self.text)]:
            if v.name != d.name and v.type == "Region":
                if side_of(d, self.ex.gaz) == side_of(v, self.ex.gaz) == "west":
                    continue  # 巫溪县党政代表团赴渝中区: between two helped places who helps is not said
                a, b = self._helper_first(d, v)
                self.add("ASSISTS", a, b, program=self.mechanism(""))


