"""Relations from trigger patterns with argument selection inside the sentence: the subject before the
trigger (coordinated subjects with 、/和/与/及, 由…组织 forms, an elided subject carried from the previous
sentence or the article's region), objects after it, 用于/支持/向/为 recipients for money, amounts in yuan.
"""

from __future__ import annotations

import re

from kg import rx
from kg.extract.mentions import Mention
from kg.extract.money import find_amounts
from kg.extract.people import holds_position_relations
from kg.extract.sides import EAST_HELPERS, helper_first, side_of

ACTOR_TYPES = ("Region", "Agency")
QUOTED_RE = rx.compile("“[^”]{1,40}”|「[^」]{1,40}」|《[^》]{1,60}》")
CLAUSE_SEP = rx.compile("[，,；;：:。！？!?]")
LEAD_IN = rx.compile(
    r"^[\s]*(?:(?:近日|日前|近年来|今年|去年|目前|同年|当年|此外|同时|另外|其中|随后|此前|近期|截至目前|据悉|"
    r"据了解|特别是|尤其是|与此同时|为此|对此|首先|其次|一是|二是|三是|四是|五是|六是|七是|八是|九是|十是|"
    r"[0-9０-９]{4}年(?:[0-9]{1,2}月)?(?:[0-9]{1,2}日)?(?:至[0-9]{1,2}月?[0-9]{1,2}日)?|"
    r"[0-9]{1,2}月[0-9]{1,2}日(?:至[0-9]{1,2}日)?|自[0-9]{4}年以来|[0-9]{4}年以来|[0-9]{4}年到[0-9]{4}年)[，,、\s]*)*"
)
ASSIST_TRIG = rx.compile(
    "对口帮扶|定点帮扶|定点扶贫|结对帮扶|结成帮扶对子|对口支援|对口援|扶贫协作|帮扶|支援|援助|援建|助力|携手|"
    "帮助|结对|援疆|援藏|协作"
)
FUND_TRIG = rx.compile(
    "协调资金|投入|投资|拨付|下拨|安排|捐赠|捐助|捐款|援助|资助|落实|争取|设立|支持|协调|提供|到位|筹措|整合"
)
IMPL_TRIG = rx.compile(
    "贯彻落实|组织开展|部署开展|启动实施|制定出台|研究制定|制定|全面实施|深入实施|持续实施|实施|开展|推进|推动|落实|印发|"
    "出台|发布|启动|研发|设立|签署|签订|发起|执行|联合组织|组织"
)
PASSIVE_PUBLISH = rx.compile("(予以发布|印发|发布|出台)")
DONATION = rx.compile("捐赠|捐助|捐款|资助")
MECHANISM_BY_TRIGGER = {"定点帮扶": "定点帮扶", "定点扶贫": "定点帮扶", "对口帮扶": "对口帮扶", "对口支援": "对口支援"}
NON_SUBJECT_BEFORE = set("对向给为在到赴与和及从把被将于由同跟")


def _quoted_spans(text: str) -> list[tuple[int, int]]:
    """(open, close) offsets of “…”, 「…」 and 《…》 in a sentence."""
    out = []
    for m in QUOTED_RE.finditer(text):
        out.append((m.start(), m.end() - 1))
    return out


def _clauses(text: str) -> list[tuple[int, int]]:
    out = []
    start = 0
    for m in CLAUSE_SEP.finditer(text):
        out.append((start, m.start()))
        start = m.end()
    out.append((start, len(text)))
    return out


def _clause_of(clauses: list[tuple[int, int]], pos: int) -> tuple[int, int]:
    for a, b in clauses:
        if a <= pos <= b:
            return a, b
    return clauses[-1]


LEVEL_RANK = {"country": 0, "province": 1, "prefecture": 2, "county": 3, "township": 4, "village": 5}
RECEIVING = rx.compile("受援地区|受援地|受援方|受援县|受援旗县|受援市")
NOFIG_MONEY = rx.compile("(加大|增加|安排|投入|落实|争取|协调)[^，。；,]{0,8}?(资金|经费|投入)|资金投入|资金支持")
# per-sentence scans, compiled once
GIVE_RE = rx.compile("给予")
PAIR_VERB_RE = rx.compile("结成帮扶对子|结对帮扶|结成对子|结对|签署|签订|交流合作|交流与合作|合作|协作")
COOPERATE_VERBS = frozenset({"交流合作", "交流与合作", "合作", "协作"})
ARRANGED_FUNDS_RE = rx.compile("(协调|争取|安排|落实|拨付|下拨)[^，。；]{0,16}?(资金|经费)")
PROVIDE_SUPPORT_RE = rx.compile("提供[^，。；,]{0,8}?(支持|帮助|保障)")
SIGN_RE = rx.compile("签署|签订")
ORGANISE_RE = rx.compile("联合主办|主办|承办|协办|联合举办|举办")
AID_MONEY = rx.compile("(援助|帮扶|扶贫|协作|援建|援疆|援藏)(资金|款)")
TOKEN_OF_THANKS = rx.compile("了?(一面|一幅)?(锦旗|牌匾|感谢信|荣誉证书|证书)")


def _narrow(first: Mention, actors: list[Mention], deepest: int = 9) -> Mention:
    """乌兰察布市凉城县 -> 凉城县: a region directly followed by a sub-region stands for the sub-region
    (down to the level rank `deepest`)."""
    cur = first
    while True:
        nxt = next((m for m in actors if m.start == cur.end and m.type == "Region" and cur.type == "Region" and (
            m.adcode and cur.adcode and m.adcode != cur.adcode and m.adcode[:2] == cur.adcode[:2]
            or LEVEL_RANK.get(m.level or "", 0) > LEVEL_RANK.get(cur.level or "", 9))
            and LEVEL_RANK.get(m.level or "", 9) <= deepest), None)
        if nxt is None:
            return cur
        cur = nxt


def _coordinated(text: str, first: Mention, actors: list[Mention]) -> list[Mention]:
    """first + actors joined to it by 、/和/与/及/同 (北京市委、市政府 …)."""
    first = _narrow(first, actors)
    group = [first]
    for m in actors:
        if m.start == first.start and m is not first and m.extra.get("pair"):
            group.append(m)
    cur = first
    while True:
        nxt = next((m for m in actors if m.start >= cur.end and m.start - cur.end <= 1 and m is not cur
                    and (text[cur.end : m.start] in ("、", "和", "与", "及", "同")
                         or m.start == cur.end and m.type == cur.type == "Agency")), None)  # 区委区政府
        if nxt is None:
            break
        nxt = _narrow(nxt, actors)
        group.append(nxt)
        for m in actors:
            if m.start == nxt.start and m is not nxt and m.extra.get("pair"):
                group.append(m)
        cur = nxt
    return group


IMPLIED_TARGET = (("援疆", "650000"), ("新疆", "650000"), ("援藏", "540000"), ("西藏", "540000"), ("援青", "630000"))
MOVE_VERBS = rx.compile("深入|赴|来到|来|到|在|走进|前往|抵达|莅临")
AID_CONTEXT = rx.compile("协作|帮扶|扶贫|支援|援助|援建|对口|结对")
OWN_FUNDS = rx.compile("(财政)?(援助|帮扶|协作|援建|援疆|援藏|对口帮扶|扶贫|专项)?资金")


_NAME_BETWEEN = rx.compile("、[\u4e00-\u9fff]{2,14}、")  # 赤峰市、松山区、元宝山区: an unmatched name in a list


def _chain(text: str, first: Mention, pool: list[Mention], seps=("、", "和", "及", "与", "，")) -> list[Mention]:
    """first + mentions coordinated after it (赤峰市、乌兰察布市; 和田市、和田县、墨玉县和…)."""
    group = [first]
    cur = first
    while True:
        nxt = next((m for m in pool if m.start >= cur.end and m is not cur and m not in group
                    and (text[cur.end : m.start] in seps or text[cur.end : m.start] in ("的",)
                         or _NAME_BETWEEN.fullmatch(text[cur.end : m.start]))), None)
        if nxt is None:
            break
        group.append(nxt)
        cur = nxt
    return group


def _most_specific(ex, group: list[Mention]) -> list[Mention]:
    """Drop a region immediately followed by one of its own sub-regions (乌兰察布市兴和县 -> 兴和县)."""
    out = []
    for i, m in enumerate(group):
        nxt = group[i + 1] if i + 1 < len(group) else None
        if (nxt is not None and m.type == "Region" and nxt.type == "Region" and m.adcode and nxt.adcode
                and nxt.start == m.end and ex.gaz.is_within(nxt.adcode, m.adcode)):
            continue
        out.append(m)
    return out


class SentenceRelations:
    def __init__(self, text: str, mentions: list[Mention], actx, ex):
        self.text = text
        self.mentions = [m for m in mentions if m.type in ("Region", "Agency", "Program", "Person")]
        # a region that is only the prefix of an agency (自治区 in 自治区党委) does not act on its own
        agencies = [m for m in self.mentions if m.type == "Agency"]
        self.actors = [m for m in self.mentions if m.type == "Agency" or m.type == "Region" and not any(
            a.start <= m.start and m.end <= a.end and (a.end - a.start) > (m.end - m.start) for a in agencies)]
        self.programs = [m for m in self.mentions if m.type == "Program"]
        self.actx = actx
        self.ex = ex
        self.clauses = _clauses(text)
        self.out: list[dict] = []
        self.seen: set[tuple] = set()
        self.subject_used: Mention | None = None

    # -------------------------------------------------------------- arguments
    def subject_before(self, pos: int, allow_carry: bool = True) -> list[Mention]:
        text = self.text
        cs, _ce = _clause_of(self.clauses, pos)
        in_clause = [m for m in self.actors if cs <= m.start and m.end <= pos]
        lead = LEAD_IN.match(text, cs)
        lead_end = lead.end() if lead else cs
        # 刘淇带领的北京市代表团 / X率领的Y: the led body is the subject
        for m in in_clause:
            if re.search("(带领|率领|组成)的$", text[max(cs, m.start - 4) : m.start]):
                return _coordinated(text, m, self.actors)
        for m in in_clause:
            if text[max(0, m.start - 2) : m.start] == "代表":
                return _coordinated(text, m, self.actors)  # X书记代表A、B向…: the organ a person acts for
        for m in in_clause:
            if m.start <= lead_end + 1 and not (m.start > 0 and text[m.start - 1] in NON_SUBJECT_BEFORE):
                return _coordinated(text, m, self.actors)
        # 由A、B联合组织 → A, B
        for m in in_clause:
            if m.start > 0 and text[m.start - 1] == "由":
                return _coordinated(text, m, self.actors)
        candidates = [m for m in in_clause if not (self._unit_start(m) > 0
                                                   and text[self._unit_start(m) - 1] in NON_SUBJECT_BEFORE)]
        if candidates:
            best = candidates[0]
            return _coordinated(text, best, self.actors)
        # the sentence's subject: an actor at the start of an earlier clause
        for a, _b in self.clauses:
            if a >= cs:
                break
            lead = LEAD_IN.match(text, a)
            le = lead.end() if lead else a
            for m in self.actors:
                if a <= m.start <= le + 1 and m.end <= pos:
                    return _coordinated(text, m, self.actors)
        if allow_carry:
            carry = self.actx.__dict__.get("carry_subject")
            if carry is not None and self.actx.sentence_index - carry[1] <= 1:
                return [carry[0]]
        return []

    def _unit_start(self, m: Mention) -> int:
        """Where the run of adjacent places and organs ending in m starts (与北京市顺义区: at 北京市)."""
        start = m.start
        while True:
            prev = next((a for a in self.actors if a.end == start and a.start < start), None)
            if prev is None:
                return start
            start = prev.start

    def article_region(self) -> Mention | None:
        """The region an article speaks for (我县, 全旗, 我区 …): the elided subject of its sentences."""
        code = self.actx.__dict__.get("speaker_region")
        if code:
            return self.ex.regions.region_mention(0, 0, code, self.ex.gaz.get(code).name, "article")
        return None

    def first_after(self, pos: int, types=ACTOR_TYPES, limit: int | None = None) -> Mention | None:
        _cs, ce = _clause_of(self.clauses, pos)
        end = ce if limit is None else limit
        for m in self.mentions:
            if m.type in types and m.start >= pos and m.end <= end:
                return m
        return None

    # -------------------------------------------------------------- output
    def add(self, rtype: str, src: Mention, dst: Mention, **attrs) -> None:
        if src is None or dst is None:
            return
        if src.name == dst.name and src.type == dst.type:
            return
        if rtype != "HOLDS_POSITION" and src.type == "Person":
            return
        self._emit(rtype, self.ex.ref(src), self.ex.ref(dst), **attrs)

    def _emit(self, rtype: str, src: dict, dst: dict, **attrs) -> None:
        """Append a relation between two entity references once per sentence."""
        key = (rtype, src["type"], src["name"], dst["type"], dst["name"])
        if key in self.seen:
            return
        self.seen.add(key)
        rel = {"type": rtype, "source": src, "target": dst}
        for k, v in attrs.items():
            if v is not None:
                rel[k] = v
        self.out.append(rel)

    def mechanism(self, trigger: str) -> str | None:
        if trigger in MECHANISM_BY_TRIGGER:
            return MECHANISM_BY_TRIGGER[trigger]
        for p in self.programs:
            lex = self.ex.matcher.program_by_name.get(p.name)
            if lex is not None and lex.kind == "mechanism":
                return p.name
        return self.actx.__dict__.get("mechanism")

    # -------------------------------------------------------------- relation families
    def assists(self) -> None:
        text = self.text
        quoted = _quoted_spans(text)
        for tm in ASSIST_TRIG.finditer(text):
            t = tm.group(0)
            if any(m.start <= tm.start() < m.end for m in self.actors if m.type == "Agency") or any(
                    a < tm.start() < b for a, b in quoted):
                continue  # 北京市支援合作办, 「…携手共谱新篇」: a word of a name or a title, not a statement
            # 将X列为 … 定点扶贫 / 重点支持: the object sits between 将 and 列为
            jiang = text.rfind("将", 0, tm.start())
            target = None
            if jiang >= 0 and "列为" in text[jiang : tm.start()] or jiang >= 0 and "确定为" in text[jiang : tm.start()]:
                target = next((m for m in self.actors if m.start > jiang and m.end <= tm.start()), None)
            adjacent = next((m for m in self.actors if m.end == tm.start() and m.type == "Agency"), None)
            inside = next((p for p in self.programs if p.start <= tm.start() < p.end), None)
            if target is None and inside is not None:
                target = self._implied_target(inside)
                if target is None:
                    # 京蒙协作在内蒙古…: a trigger inside a programme's name has an object only right after it
                    # (通用技术集团定点帮扶武川县)
                    target = self.first_after(inside.end)
                    if target is not None and target.start > inside.end + 1:
                        target = None
                    if target is None:
                        self._pair_assists(tm.start())
                        continue
            if target is None:
                target = self.first_after(tm.end())
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
            if jiang >= 0 and target.start > jiang:
                sources = self.subject_before(jiang)
            elif adjacent is not None and adjacent is not target:
                sources = [adjacent]
            else:
                sources = self.subject_before(tm.start())
            targets = _most_specific(self.ex, _chain(self.text, target, self.actors)) if target.start else [target]
            mech = next((p for p in self.programs if p.start <= tm.start() < p.end
                         and p.name == MECHANISM_BY_TRIGGER.get(t)), None)
            for s in sources:
                for tg in targets:
                    if s is tg or s.name == tg.name:
                        continue
                    self.add("ASSISTS", s, tg, program=self.mechanism(t))
                    if mech is not None:
                        # 北京市承担对口帮扶内蒙古任务: the helper takes part in the named mechanism
                        self.add("IMPLEMENTS", s, mech)
        self._paired()
        self._delegations()
        # X对Y给予…支持/帮助
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
            cs, _ce = _clause_of(self.clauses, gm.start())
            dui = [m for m in self.actors if cs <= m.start and m.end <= gm.start() and m.start > 0
                   and text[m.start - 1] == "对"]
            if dui:
                # 对北京市长期以来给予内蒙古的支持表示感谢: the one thanked is the giver
                self.add("ASSISTS", dui[-1], tgt, program=self.mechanism(""))
                continue
            for s in self.subject_before(gm.start(), allow_carry=False):
                self.add("ASSISTS", s, tgt, program=self.mechanism(""))

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

    def _pair_assists(self, pos: int) -> None:
        """京蒙两地建立对口帮扶关系: a pair that is the subject of an assistance word with no object — the
        helping side assists the other."""
        subj = self.subject_before(pos, allow_carry=False)
        pair = [m for m in subj if m.extra.get("pair") and m.type == "Region"]
        if len(pair) == 2:
            a, b = self._helper_first(pair[0], pair[1])
            if side_of(a, self.ex.gaz) != side_of(b, self.ex.gaz):
                self.add("ASSISTS", a, b, program=self.mechanism(""))

    def _implied_target(self, prog: Mention) -> Mention | None:
        surface = self.text[prog.start : prog.end]
        for word, code in IMPLIED_TARGET:
            if word in surface or word in prog.name:
                return self.ex.regions.region_mention(prog.start, prog.end, code, self.ex.gaz.get(code).name,
                                                      "implied")
        return None

    def _helper_first(self, a: Mention, b: Mention) -> tuple[Mention, Mention]:
        return helper_first(a, b, self.ex.gaz)

    def _partners(self, subj: Mention, trig: int) -> list[Mention]:
        """The partners of a pairing written after the subject: X(负责)与A、B和C结对 -> [A, B, C], each
        narrowed to its most specific region (内蒙古自治区突泉县太平乡 -> 太平乡)."""
        text = self.text
        first = next((m for m in self.actors if subj.end <= m.start and m.end <= trig and m.start > 0
                      and text[m.start - 1] in "与同和跟" and (not CLAUSE_SEP.search(text, subj.end, m.start)
                                                            or _clause_of(self.clauses, m.start)[0] == m.start - 1)),
                     None)  # (…，与北京市顺义区…合作: a clause opening with the partner)
        if first is None:
            return []
        group = [_narrow(first, self.actors)]
        while True:
            cur = group[-1]
            nxt = next((m for m in self.actors if m.start >= cur.end and m.end <= trig and m is not cur
                        and text[cur.end : m.start] in ("、", "和", "及", "与")), None)
            if nxt is None:
                return group
            group.append(_narrow(nxt, self.actors))

    def _paired(self) -> None:
        """A与B结成帮扶对子 / A与B、C分别签订…协作协议 / X负责与A和B结对 / A与B…开展…合作 (sides differ): each
        pair, helper first."""
        text = self.text
        for pm in PAIR_VERB_RE.finditer(text):
            verb = pm.group(0)
            if verb in ("签署", "签订") and not AID_CONTEXT.search(text, pm.end(), pm.end() + 20):
                continue
            subj = self.subject_before(pm.start(), allow_carry=False)
            subj = [m for m in subj if m.type in ACTOR_TYPES]
            if not subj:
                continue
            partners = subj[1:] if len(subj) >= 2 else self._partners(subj[-1], pm.start())
            for other in partners:
                if subj[0].type == other.type == "Agency" and subj[0].extra.get("pair") and other.extra.get("pair"):
                    continue  # 京蒙两地政协…合作: the organs of one pair work together, neither helps the other
                if verb in COOPERATE_VERBS and not subj[0].type == other.type == "Region":
                    continue  # bodies that cooperate (a company and a bureau) are not a pairing
                a, b = self._helper_first(subj[0], other)
                if verb in COOPERATE_VERBS and side_of(a, self.ex.gaz) == side_of(b, self.ex.gaz):
                    continue  # plain cooperation is a pairing only across the east-west divide
                self.add("ASSISTS", a, b, program=self.mechanism(verb))

    def _delegations(self) -> None:
        """X党政代表团深入/赴/来 Y 考察 … 协作: the delegation's region assists every region it visits."""
        text = self.text
        if not AID_CONTEXT.search(text):
            return
        for d in self.actors:
            if not d.extra.get("delegation"):
                continue
            mv = MOVE_VERBS.search(text, d.end, min(len(text), d.end + 3))
            if mv is None:
                continue
            cs, ce = _clause_of(self.clauses, mv.end())
            first = next((m for m in self.actors if mv.end() <= m.start and m.end <= ce and m.type == "Region"),
                         None)
            if first is None:
                continue
            # 赴内蒙古自治区通辽市库伦旗: the most specific region visited; a western delegation visiting its
            # eastern partner is helped by it
            # 赴乌兰察布市察右前旗 / 赴内蒙古自治区通辽市库伦旗: the regions of the visited chain from the
            # delegation's own level (not above a prefecture) to two levels below it
            rank = LEVEL_RANK.get(d.level or "", 3)
            chain = [first]
            while True:
                nxt = next((m for m in self.actors if m.start == chain[-1].end and m.type == "Region"), None)
                if nxt is None:
                    break
                chain.append(nxt)
            visited = [m for m in chain if max(rank, 2) <= LEVEL_RANK.get(m.level or "", 9) <= rank + 2]
            for v in visited or [_narrow(first, self.actors)]:
                if v.name != d.name and v.type == "Region":
                    a, b = self._helper_first(d, v)
                    self.add("ASSISTS", a, b, program=self.mechanism(""))

    def funds(self) -> None:
        text = self.text
        amounts = find_amounts(text)
        used_triggers: set[int] = set()
        for am in amounts:
            cs, ce = _clause_of(self.clauses, am.start)
            trig = None
            for tm in FUND_TRIG.finditer(text, cs, am.start):
                trig = tm
            if trig is None:
                # 资金650万元用于… / 累计援助7.74亿元
                after = FUND_TRIG.search(text, am.end, min(len(text), am.end + 4))
                if after is None and not re.search("资金|经费|款|基金", text[cs : am.end + 4]):
                    continue
                trig = after
            tpos = trig.start() if trig else am.start
            if trig:
                used_triggers.add(trig.start())
            direct = self._direct_recipients(trig, am.start) if trig else []
            owner = self._fund_owner(cs, am.start, exclude=direct)
            sources = [owner] if owner is not None else self.subject_before(tpos)
            if not sources:
                continue
            targets = direct or self._fund_targets(am, tpos, amounts)
            if not targets and RECEIVING.search(text, cs, am.start):
                targets = self._receivers()
            if not targets:
                # X在Y…实施/落实…资金: where the money is spent
                zai = [m for m in self.actors if cs <= m.start < am.start and m.start > 0 and text[m.start - 1] == "在"
                       and m.type == "Region"]
                if not zai:
                    zai = [m for m in self.actors if m.end <= am.start and m.start > 0 and text[m.start - 1] == "在"
                           and m.type == "Region" and not re.search("[。；;！？]", text[m.end : am.start])]
                if zai:
                    targets = [zai[0]]
            if owner is not None and not targets:
                subj = self.subject_before(tpos, allow_carry=False)
                targets = [m for m in subj if m is not owner] or ([self.article_region()] if self.article_region() else [])
            if not targets:
                for p in self.programs:
                    if p.start <= am.start + 12 and p.end >= cs:
                        it = self._implied_target(p)
                        if it is not None:
                            targets = [it]
                            break
            if not targets:
                targets = self._earlier_partners(sources) or self._helped_home(sources)
            for s in sources:
                for tg in targets:
                    if tg.name != s.name:
                        self.add("FUNDS", s, tg, amount_yuan=am.value)
        # 为X协调/争取/安排…资金 without a figure
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
        # donations without a figure: 向X捐赠物品 / 为X捐赠 / A与B签署…协议并捐赠资金
        last_recipient = None
        for dm in DONATION.finditer(text):
            if dm.start() in used_triggers or TOKEN_OF_THANKS.match(text, dm.end()):
                continue  # (捐赠了锦旗: thanks, not money)
            tgt = None
            cs, _ce = _clause_of(self.clauses, dm.start())
            for m in self.actors:
                if m.end <= dm.start() and m.start > 0 and text[m.start - 1] in "向为给对":
                    tgt = m
            if tgt is not None and tgt.end <= cs and last_recipient is not None:
                # A向B捐赠…，C也捐赠了…: a later donor in its own clause gives to the same recipient
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
                if s is not tgt:
                    self.add("FUNDS", s, tgt)
            last_recipient = tgt
        if not amounts:
            self._funds_without_figure()

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

    def _direct_recipients(self, trig, pos: int) -> list[Mention]:
        """投入我区扶贫资金 / 投入帮扶点兴安盟扎赉特旗西胡尔勒嘎查帮扶资金: the place right after the verb (a
        few characters at most, no punctuation) receives the money, narrowed to its most specific part."""
        text = self.text
        first = next((m for m in self.actors if trig.end() <= m.start <= trig.end() + 4 and m.end <= pos
                      and not re.search("[，,；;。、：:的]", text[trig.end() : m.start])), None)
        if first is None or first.type != "Region":
            return []
        return [_narrow(first, self.actors)]

    def _earlier_partners(self, sources: list[Mention]) -> list[Mention]:
        """A与B、C签订…协议。安排财政资金2800万元: money of a source that assisted regions in the previous
        sentence (or this one) goes to them."""
        prev = self.actx.__dict__.get("last_pairs")
        names = {s.name for s in sources}
        mine = [r for r in self.out if r["type"] == "ASSISTS" and r["source"]["name"] in names]
        if mine:
            return [m for m in self.actors if m.name in {r["target"]["name"] for r in mine}]
        if prev and self.actx.sentence_index - prev[2] <= 1 and names & prev[0]:
            return list(prev[1])
        return []

    def _helped_home(self, sources: list[Mention]) -> list[Mention]:
        """北京市共投入各级财政援助资金15.33亿元 in a paper of the helped side: an eastern payer's money in aid
        words goes to the region the article speaks for, or its home province."""
        if not AID_CONTEXT.search(self.text) or not any(side_of(s, self.ex.gaz) == "east" for s in sources):
            return []
        ar = self.article_region()
        if ar is None and self.ex.home:
            h = self.ex.gaz.get(self.ex.home)
            ar = self.ex.regions.region_mention(0, 0, h.adcode, h.name, "home")
        return [ar] if ar is not None and side_of(ar, self.ex.gaz) == "west" else []

    def _fund_owner(self, cs: int, pos: int, exclude=()) -> Mention | None:
        """上海市财政援助资金38.18亿元 / 争取北京市财政援助资金: the region or body whose money it is."""
        for m in self.actors:
            if cs <= m.start and m.end <= pos and not any(m.start <= x.start < m.end or x.start <= m.start < x.end
                                                          for x in exclude):
                om = OWN_FUNDS.match(self.text, m.end)
                if om and om.group(0) != "资金" or om and om.end() <= pos and self.text[m.end : m.end + 2] == "资金":
                    if om.group(1) or om.group(2):
                        return m
        return None

    def _fund_targets(self, am, tpos: int, amounts) -> list[Mention]:
        text = self.text
        nxt = min((a.start for a in amounts if a.start > am.start), default=len(text))
        # 用于/支持/帮扶/投向 X after the amount
        region_after = []
        for m in self.mentions:
            if am.end <= m.start < nxt and m.type in ("Region", "Agency", "Program"):
                gap = text[am.end : m.start]
                if re.search("用于|支持|帮扶|投向|扶持|援助|帮助|对|向|为", gap) and not re.search("[。；;]", gap) or (
                    len(gap) <= 6 and not re.search("[，,。；;]", gap)
                ):
                    region_after.append(m)
        if region_after:
            first = _narrow(region_after[0], self.actors)
            group = [first]
            for m in region_after[1:]:
                if text[group[-1].end : m.start] in ("、", "和", "及", "与") or (
                    m.start - group[-1].end <= 6 and "、" in text[group[-1].end : m.start]
                ):
                    group.append(m)
                else:
                    break
            group = _most_specific(self.ex, group)
            return [g for g in group if g.type != "Person"]
        # 向/为/对 X、Y、Z 投入
        pool = [m for m in self.mentions if m.type in ("Region", "Agency", "Program")]
        before = [m for m in self.actors + self.programs if m.end <= tpos and m.start > 0 and text[m.start - 1] in "向为给对"]
        if before:
            first = min(before, key=lambda m: -m.start)
            return _most_specific(self.ex, _chain(text, first, pool))
        return []

    def implements(self) -> None:
        text = self.text
        for tm in IMPL_TRIG.finditer(text):
            progs = self._programs_after(tm.end())
            passive = False
            if not progs:
                if PASSIVE_PUBLISH.fullmatch(tm.group(0)) or tm.group(0) in ("予以发布",):
                    # 《…》(以下简称《X》)发布 / 3月9日，中央办公厅予以发布: the document precedes the trigger
                    prev = [p for p in self.programs if p.end <= tm.start()]
                    if prev:
                        progs = [prev[0]]
                        passive = True
                if not progs:
                    continue
            if passive:
                sources = [m for m in self.actors if m.end <= tm.start() and m.start >= progs[0].end]
                sources = sources[-1:] if sources else self._issuers(progs[0])
            else:
                sources = self.subject_before(tm.start())
                if not sources:
                    ar = self.article_region()
                    sources = [ar] if ar else []
            for s in sources:
                for p in progs:
                    self.add("IMPLEMENTS", s, p)
        self._pair_mechanism()
        self._organisers()

    def _organisers(self) -> None:
        """由A、B联合主办，C承办，D协办的「…」活动: every organiser of the event or programme named after 的
        IMPLEMENTS it."""
        text = self.text
        for om in ORGANISE_RE.finditer(text):
            de = text.find("的", om.end())
            if de < 0 or de - om.end() > 40:
                continue
            prog = next((p for p in self.programs if de < p.start <= de + 2), None)
            if prog is None:
                continue
            cs, _ce = _clause_of(self.clauses, om.start())
            for s in [m for m in self.actors if cs <= m.start and m.end <= om.start() and m.type == "Agency"]:
                self.add("IMPLEMENTS", s, prog)

    def _pair_mechanism(self) -> None:
        """京蒙两地… 京蒙协作 / 闽宁两省区… 东西扶贫协作: a pair that is the sentence's subject takes part in the
        cooperation mechanism the sentence names."""
        lead = LEAD_IN.match(self.text)
        le = lead.end() if lead else 0
        pair = [m for m in self.actors if m.extra.get("pair") and m.start <= le + 1]
        if len(pair) < 2:
            return
        for p in self.programs:
            lex = self.ex.matcher.program_by_name.get(p.name)
            if lex is not None and lex.kind == "mechanism":
                for r in pair:
                    self.add("IMPLEMENTS", r, p)

    def _issuers(self, prog: Mention) -> list[Mention]:
        title = prog.extra.get("title") or prog.name
        k = title.find("关于")
        if k <= 0:
            return []
        head = title[:k]
        out = []
        for start, end, _word, entries in self.ex.matcher.iter(head):
            for en in entries:
                if en.kind == "agency":
                    out.append(Mention(start, end, "Agency", en.value.name, kind="lex"))
        return out

    def _programs_after(self, pos: int) -> list[Mention]:
        _cs, ce = _clause_of(self.clauses, pos)
        out = []
        for p in self.programs:
            if pos <= p.start and p.end <= ce:
                if not out and p.start - pos > 24:
                    break
                out.append(p)
        return out

    def signing(self) -> None:
        for sm in SIGN_RE.finditer(self.text):
            prog = self._programs_after(sm.end())
            if not prog:
                continue
            subj = self.subject_before(sm.start())
            for s in subj:
                for p in prog:
                    self.add("IMPLEMENTS", s, p)

    def run(self) -> list[dict]:
        self.out.extend(holds_position_relations(self.mentions, self.ex))
        self.assists()
        self.funds()
        self.implements()
        self.signing()
        # remember the sentence's explicit subject for an elided one in the next sentence
        lead = LEAD_IN.match(self.text)
        le = lead.end() if lead else 0
        first = next((m for m in self.actors if m.start <= le + 1), None)
        if first is not None:
            self.actx.carry_subject = (_narrow(first, self.actors), self.actx.sentence_index)
        for p in self.programs:
            lex = self.ex.matcher.program_by_name.get(p.name)
            if lex is not None and lex.kind == "mechanism":
                self.actx.mechanism = p.name
                break
        self._aid_money_assists()
        assisted = [r["target"]["name"] for r in self.out if r["type"] == "ASSISTS"]
        if assisted:
            self.actx.last_pairs = ({r["source"]["name"] for r in self.out if r["type"] == "ASSISTS"},
                                    [m for m in self.actors if m.name in assisted], self.actx.sentence_index)
            self.actx.last_assisted = ([m for m in self.actors if m.name in assisted], self.actx.sentence_index)
        return self.out


def extract_relations(text: str, mentions: list[Mention], actx, ex) -> list[dict]:
    return SentenceRelations(text, mentions, actx, ex).run()
