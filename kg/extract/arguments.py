"""Relation evidence shared by the relation families: trigger classes, clauses, and the arguments of a
trigger in one sentence — the subject before it (coordinated subjects with 、/和/与/及, 由…组织, 代表X, an
elided subject carried from the previous sentence or the article's region), objects after it, regions
narrowed to their most specific part (乌兰察布市凉城县 -> 凉城县)."""

from __future__ import annotations

import re

from kg import rx
from kg.extract.gazetteer import AIDED_PROVINCE, PROVINCE_CHARS, load_gazetteer
from kg.extract.mentions import Mention
from kg.extract.sides import helper_first, is_leadership, region_code

ACTOR_TYPES = ("Region", "Agency")
QUOTED_RE = rx.compile("“[^”]{1,40}”|「[^」]{1,40}」|《[^》]{1,60}》")
POST_AFTER_ORGAN = rx.compile("(?:常委|委员|副?书记|成员)")  # 中车集团党委|常委、副书记…楼齐良
CLAUSE_SEP = rx.compile("[，,；;：:。！？!?]")
LEAD_IN = rx.compile(
    r"[\s]*(?:(?:[\u4e00-\u9fff]{0,10}讯(?:[【\[（(][^】\]）)]{0,16}[】\]）)])?|近日|日前|近年来|今年|去年|目前|同年|当年|此外|同时|另外|其中|随后|此前|近期|截至目前|据悉|"
    r"据了解|特别是|尤其是|与此同时|为此|对此|首先|其次|一是|二是|三是|四是|五是|六是|七是|八是|九是|十是|"
    r"具体为|具体是|分别为|分别是|"
    r"[0-9０-９]{4}年(?:[0-9]{1,2}月)?(?:[0-9]{1,2}日)?(?:至[0-9]{1,2}月?[0-9]{1,2}日)?|"
    r"[0-9]{1,2}月[0-9]{1,2}日(?:至[0-9]{1,2}日)?|自[0-9]{4}年以来|自[0-9]{4}年(?:[0-9]{1,2}月)?(?:起|开始)?|[0-9]{4}年以来|[0-9]{4}年到[0-9]{4}年)[，,、\s]*)*"
)
ASSIST_TRIG = rx.compile(
    "对口帮扶|定点帮扶|定点扶贫|结对帮扶|结成帮扶对子|挂钩帮扶|挂钩扶贫|对口支援|对口援|扶贫协作|帮扶|支援|援助|援建|助力|携手|"
    "帮助|结对|援疆|援藏|协作|助推|对口|"
    "(?<=进行|开展)(?:精准)?扶贫(?=工作|[，。；]|$)"  # (对X村进行精准扶贫: help given; 扶贫 alone is also a field)
)
FUND_TRIG = rx.compile(
    "协调资金|投入|投向|斥资|出资|投资|拨付|下拨|下达|送去|送来|安排|捐赠|捐资|捐助|捐款|援助|资助|落实|争取|设立|支持|协调|提供|到位|筹措|整合|募集|筹集|"
    "(?:帮扶|援建)(?=[约近超逾共累计]{0,2}[0-9０-９])|"  # 分别帮扶300万元, 帮扶福贡县3388万元: the money right after
    # the verb or its place
    "(?:帮扶|援助|支援)(?=[\u4e00-\u9fff]{1,12}?[县市区旗州盟乡镇村][约近超逾共累计]{0,2}[0-9０-９][0-9.０-９]*[万亿]元)"
)
IMPL_TRIG = rx.compile(
    "贯彻落实|组织开展|部署开展|启动实施|制定出台|研究制定|制定|全面实施|深入实施|持续实施|实施|开展|推进|推动|落实|印发|"
    "出台|发布|启动|研发|设立|签署|签订|发起|执行|联合组织|组织|援建|下达(?=[^，。；]{0,20}?(?:计划|方案|通知|意见))"
)
PASSIVE_PUBLISH = rx.compile("(予以发布|印发|发布|出台)")
DONATION = rx.compile("捐赠|捐资|捐助|捐款|资助")
AID_TO_PROVINCE = rx.compile(f"援([{PROVINCE_CHARS}])")  # 援青, 援疆: the province helped
MECHANISM_BY_TRIGGER = {"定点帮扶": "定点帮扶", "定点扶贫": "定点扶贫", "对口帮扶": "对口帮扶", "对口支援": "对口支援"}
PLACE_VERB_BEFORE = rx.compile("(深入|前往|来到|走进|抵达|莅临|考察|调研|走访)$")  # 深入阿克陶县: a place visited
CENTRE_ASSIGNS = rx.compile("(?:决定|确定|明确|安排|指定|要求|批准)(?:由)?")
COLLECTIVE_SUBJECT = rx.compile("各中央单位|中央单位|各地|各级|有关部门|各有关部门|相关部门|社会各界|各方|各部门|各单位")
QUOTED_BODY_END = rx.compile("(?:中心|联盟|市场|馆|协会|商会|基地)$")
QUOTED_NAME_AFTER = rx.compile("活动|行动|工程|项目|计划|品牌|主题")
MEDIA_AFTER = rx.compile("日报|晚报|早报|电视台|广播电视台|新闻网|融媒体中心")
REGION_ORGAN_ENDS = ("委", "党委", "政府", "人民政府")
# (the organ's) title and name, then 带领/率 … 代表团: the person leads a delegation
LEADS_DELEGATION = rx.compile("[^，。；]{2,16}?(带领|率领|率)(?:的)?(?:[^，。；]{0,8}?(?:代表团|工作组|考察团|调研组|队(?![长员]))"
                               "|[^，。；]{0,40}?组成的[^，。；]{0,6}?(?:代表团|考察团))")  # (率…负责人组成的党政代表团)
PARTY_TRAVELS = rx.compile("[^，。；]{2,16}?(一行)[^，。；]{0,4}?(?:来到|到达|抵达|前往|赴|到)")  # (X区委书记Y一行来到)
NON_SUBJECT_BEFORE = set("对向给为在到赴与和及从把被将于由同跟据")
FRAME_BEFORE = NON_SUBJECT_BEFORE - {"由"}  # 由A…为组长的B: A acts; 在A…下, 与A对接时: A is a frame


JOINED_CLAUSE = ("并", "并且", "随后", "随即")  # a clause that goes on from the one before, with its subject


def clause_opener(text: str, a: int, actors: list[Mention], pos: int | None = None) -> Mention | None:
    """The actor opening the clause at a, right after its lead-in (a date, 近日, a dateline): not one inside
    the lead-in (新甘谷讯), nor one after a preposition that makes it a frame (在A…下, 与A对接时)."""
    lead = LEAD_IN.match(text, a)
    le = lead.end() if lead else a
    for m in actors:
        if le <= m.start <= le + 1 and (pos is None or m.end <= pos) and not (
                m.start > le and text[le] in FRAME_BEFORE) and not text.startswith("被", m.end):
            return m  # (正镶白旗被确定为…: a passive's subject is the one acted on)
    return None


def quoted_spans(text: str) -> list[tuple[int, int]]:
    """(open, close) offsets of “…”, 「…」 and 《…》 in a sentence."""
    out = []
    for m in QUOTED_RE.finditer(text):
        out.append((m.start(), m.end() - 1))
    return out


def clauses_of(text: str) -> list[tuple[int, int]]:
    out = []
    start = 0
    for m in CLAUSE_SEP.finditer(text):
        out.append((start, m.start()))
        start = m.end()
    out.append((start, len(text)))
    return out


def clause_of(clauses: list[tuple[int, int]], pos: int) -> tuple[int, int]:
    for a, b in clauses:
        if a <= pos <= b:
            return a, b
    return clauses[-1]


LEVEL_RANK = {"country": 0, "province": 1, "prefecture": 2, "county": 3, "township": 4, "village": 5}
RECEIVING = rx.compile("受援地区|受援地|受援方|受援县|受援旗县|受援市")
# money given with no figure: 加大资金投入, 安排…资金, 提供…帮扶资金, 从资金、人才等方面给予支持
NOFIG_MONEY = rx.compile("(加大|增加|安排|投入|落实|争取|协调)[^，。；,]{0,8}?(资金|经费|投入)|资金投入|资金支持|"
                         "提供[^，。；,]{0,14}?帮扶资金|[从在]资金[、和及与]")
# per-sentence scans, compiled once
GIVE_RE = rx.compile("给予")
PAIR_VERB_RE = rx.compile("(?:确定|确立|形成|结成|结为|建立)了?(?:镇村|村村|镇镇|乡村|长期)?(?:对口帮扶|结对帮扶|定点帮扶|定点扶贫|挂钩帮扶|挂钩扶贫|对口支援|对口援[疆藏青]|对口协作|对口合作|(?:东西部)?扶贫协作|帮扶|协作|结对)关系|结成帮扶对子|结对帮扶|结成对子|结对|签署|签订|交流合作|交流与合作|合作|协作|共建")
COOPERATE_VERBS = frozenset({"交流合作", "交流与合作", "合作", "协作", "共建"})
ARRANGED_FUNDS_RE = rx.compile("(协调|争取|安排|落实|拨付|下拨)[^，。；]{0,16}?(资金|经费)")
PROVIDE_SUPPORT_RE = rx.compile("提供[^，。；,]{0,8}?(支持|帮助|保障)")
SIGN_RE = rx.compile("签署|签订")
CARRY_OUT = rx.compile("贯彻落实|学习贯彻|贯彻|落实")  # carrying out a decision or a mechanism's work
PIVOT_VERB = rx.compile("(?:帮扶|帮助|支持|指导|协助|推动|鼓励|引导|动员|带动)$")  # 帮扶X实施…: X acts
PURPOSE = rx.compile("为了?(?:深入|认真|全面)?(?:贯彻|落实)")  # 为深入贯彻…: a purpose clause before its subject
ORGANISE_RE = rx.compile("联合主办|主办|承办|协办|联合举办|举办|联合组织|组织")
# aid money, or a helping verb right before a figure (分别帮扶300万元)
AID_MONEY = rx.compile("(援助|帮扶|扶贫|协作|援建|援疆|援藏)(资金|款|[约近超逾共累计]{0,2}[0-9０-９])")
TOKEN_OF_THANKS = rx.compile("了?(一面|一幅)?(锦旗|牌匾|感谢信|荣誉证书|证书)")


PLACE_DESCRIPTOR = rx.compile("的?(?:国家级|省级|市级)?(?:深度|重点|特困|极度)?贫困(?:县|旗|村|乡|镇|地区)")


def narrow(first: Mention, actors: list[Mention], text: str, deepest: int = 9) -> Mention:
    """乌兰察布市凉城县 -> 凉城县, 红河州的金平县 -> 金平县: a region directly followed (or followed across 的) by
    a sub-region stands for the sub-region (down to the level rank `deepest`)."""
    cur = first
    while True:
        gap = PLACE_DESCRIPTOR.match(text, cur.end)  # 广东省|贫困县|连平县: a descriptor between the two
        after = gap.end() if gap else -1
        nxt = next((m for m in actors if (m.start == cur.end or m.start in (cur.end + 1, after) and (
                                           m.start == after or text[cur.end] == "的") and _within(m, cur))
                    and m.type == "Region" and cur.type == "Region" and (
            m.adcode and cur.adcode and m.adcode != cur.adcode and m.adcode[:2] == cur.adcode[:2]
            or LEVEL_RANK.get(m.level or "", 0) > LEVEL_RANK.get(cur.level or "", 9))
            and LEVEL_RANK.get(m.level or "", 9) <= deepest), None)
        if nxt is None:
            # 江苏省常州市|钟楼区人民政府: a government organ that goes on from the place stands for its region
            gov = next((m for m in actors if m.start == cur.end and m.type == "Agency" and cur.type == "Region"
                        and m.name.endswith(("人民政府", "政府")) and m.extra.get("region_name")
                        and m.extra["region_name"] != cur.name), None)
            return gov if gov is not None else cur
        cur = nxt


def _within(m: Mention, region: Mention) -> bool:
    """Is m a part of region (the gazetteer's ancestors of its division code)?"""
    if not m.adcode and m.parent and region.adcode:  # (奉节县的平安乡: a township under the county)
        code = m.parent.split(":", 1)[1]
        return code == region.adcode or code.isdigit() and load_gazetteer().is_within(code, region.adcode)
    return bool(m.adcode and region.adcode and m.adcode != region.adcode
                and load_gazetteer().is_within(m.adcode, region.adcode))


def coordinated(text: str, first: Mention, actors: list[Mention]) -> list[Mention]:
    """first + actors joined to it by 、/和/与/及/同 (北京市委、市政府 …)."""
    first = narrow(first, actors, text=text)
    group = [first]
    for m in actors:
        if m.start == first.start and m is not first and m.extra.get("pair"):
            group.append(m)
    cur, paired = first, False
    while True:
        nxt = next((m for m in actors if m.start >= cur.end and m.start - cur.end <= 2 and m is not cur
                    and (text[cur.end : m.start] in ("、", "和", "与", "及", "同", "联合", "会同", "携手")
                         or m.start == cur.end and m.type == cur.type == "Agency")), None)  # 区委区政府
        if nxt is None or text[cur.end : nxt.start] == "、" and paired and opens_statement(text, nxt, actors):
            break  # (A与B、|C与D分别结对: C opens a pair of its own; but A、B与C is one group)
        paired = paired or text[cur.end : nxt.start] in ("与", "同")
        nxt = narrow(nxt, actors, text=text)
        group.append(nxt)
        for m in actors:
            if m.start == nxt.start and m is not nxt and m.extra.get("pair"):
                group.append(m)
        cur = nxt
    return group


IMPLIED_TARGET = (("援疆", "650000"), ("新疆", "650000"), ("援藏", "540000"), ("西藏", "540000"), ("援青", "630000"))
MOVE_VERBS = rx.compile("深入|赴|来到|来|到|在|走进|前往|抵达|莅临")
AID_CONTEXT = rx.compile("协作|帮扶|扶贫|支援|援助|援建|对口|结对|携手")
OWN_FUNDS = rx.compile("(财政)?(援助|帮扶|协作|援建|援疆|援藏|对口帮扶|扶贫|专项)?资金")


# after a listed item, words that make it the subject of a statement of its own (济南市对口支援疏勒县、|青岛市|对口
# 支援英吉沙县; A与B、|C|与D分别结对)
_STATEMENT_AFTER = rx.compile("对口|定点|与")
_HELPS_AFTER = rx.compile("(?:还|也|则)?(?:帮扶|支援|援助|携手)")  # (天津帮扶甘肃: with an object of its own)


def opens_statement(text: str, m: Mention, pool: list[Mention]) -> bool:
    end = m.end
    while True:  # (the run of adjacent places and organs it heads: 广州市|白云区|与织金县)
        nxt = next((p for p in pool if p.start == end and p.end > end), None)
        if nxt is None:
            break
        end = nxt.end
    if _STATEMENT_AFTER.match(text, end):
        return True
    hm = _HELPS_AFTER.match(text, end)
    return bool(hm) and any(hm.end() <= p.start <= hm.end() + 2 for p in pool)


def most_specific(ex, group: list[Mention]) -> list[Mention]:
    """Drop a region immediately followed by one of its own sub-regions (乌兰察布市兴和县 -> 兴和县)."""
    out = []
    for i, m in enumerate(group):
        nxt = group[i + 1] if i + 1 < len(group) else None
        if (nxt is not None and m.type == "Region" and nxt.type == "Region" and m.adcode and nxt.adcode
                and nxt.start == m.end and ex.gaz.is_within(nxt.adcode, m.adcode)):
            continue
        out.append(m)
    return out



class SentenceBase:
    """One sentence's mentions and the argument finders every relation family uses."""

    def __init__(self, text: str, mentions: list[Mention], actx, ex):
        self.text = text
        self.mentions = [m for m in mentions if m.type in ("Region", "Agency", "Program", "Person")]
        # a region that is only the prefix of an agency (自治区 in 自治区党委) does not act on its own
        agencies = [m for m in self.mentions if m.type == "Agency"]
        self.actors = [m for m in self.mentions if m.type == "Agency" or m.type == "Region" and not any(
            a.start <= m.start and m.end <= a.end and (a.end - a.start) > (m.end - m.start) for a in agencies)
            and not MEDIA_AFTER.match(text, m.end)]  # (据甘肃日报报道: a paper's name, not the province acting)
        named = [(a, b) for a, b in quoted_spans(text) if text[a] in "“「" and QUOTED_NAME_AFTER.match(text, b + 1)] \
            if "“" in text or "「" in text else []
        if named:  # (“陇县消费扶贫铜山行”活动: a place inside a quoted name does not act; a slogan's places may)
            self.actors = [m for m in self.actors if not any(a < m.start and m.end <= b for a, b in named)]
        self.programs = [m for m in self.mentions if m.type == "Program"]
        if "“" in text:  # (设立“江苏省东西部消费扶贫交易中心”: a programme's word inside a body's quoted name)
            bodies = [(a, b) for a, b in quoted_spans(text) if text[a] == "“" and b - a > 2
                      and QUOTED_BODY_END.search(text[b - 2 : b])]
            self.programs = [p for p in self.programs if not any(a < p.start and p.end <= b for a, b in bodies)]
        self.actx = actx
        self.ex = ex
        self.clauses = clauses_of(text)
        self._aided: set[str] | None = None  # the provinces the sentence's aid words name (援青, 援疆)
        self.out: list[dict] = []
        self.seen: set[tuple] = set()
        self.subject_used: Mention | None = None

    # -------------------------------------------------------------- arguments
    def subject_before(self, pos: int, allow_carry: bool = True) -> list[Mention]:
        """Who acts at pos (see _subject_before); a unit's 党委 that only names the post of the person after
        it (中车集团党委常委、副书记楼齐良一行…) acts as the unit."""
        return [self._delegation_of(self._unit_acting(m)) for m in self._subject_before(pos, allow_carry)]

    def stated_pair_sides(self, before: int | None = None) -> list[Mention]:
        """The helper's and the helped's mentions of the first region → region ASSISTS this sentence has found
        (written before `before`), or [] (两地/双方 refer to them)."""
        first = next((r for r in self.out if r["type"] == "ASSISTS" and r["source"]["type"] == "Region"), None)
        if first is None:
            return []
        sides = [next((m for m in self.actors if m.name == first[end]["name"] and (before is None or m.end <= before)),
                      None) for end in ("source", "target")]
        return sides if all(sides) else []

    def _delegation_of(self, m: Mention) -> Mention:
        """东台市委书记杨雪峰带领党政代表团…签订: the organ only names the leader's post; the delegation he
        leads acts, and a delegation acts as its region."""
        if m.type == "Region":  # 广州市增城区|石滩镇党委副书记…率工作组: the chain goes on into the organ
            m = next((a for a in self.actors if a.type == "Agency" and a.start == m.end), m)
        p = m.extra.get("prefix")
        if p is None and m.type == "Agency" and m.extra.get("region_name") and (m.parent or "").startswith("Region:"):
            code = m.parent.split(":", 1)[1]  # a bare 市委 whose 市 the sentence names (市委书记X率嘉兴市代表团)
            p = next((a for a in self.actors if a.type == "Region" and a.adcode == code), None)
        if m.type != "Agency" or p is None or p.type != "Region" or not m.name.endswith(REGION_ORGAN_ENDS):
            return m
        lm = LEADS_DELEGATION.match(self.text, m.end) or PARTY_TRAVELS.match(self.text, m.end)
        if lm is None or not any(q.type == "Person" and m.end <= q.start < lm.start(1) for q in self.mentions):
            return m
        return p

    def _unit_acting(self, m: Mention) -> Mention:
        if m.type != "Agency" or not m.name.endswith(("党委", "党组")) or m.extra.get("region_name") or \
                len(m.name) <= 4 or not POST_AFTER_ORGAN.match(self.text, m.end) or not any(
                    p.type == "Person" and 0 < p.start - m.end <= 14 and not CLAUSE_SEP.search(self.text, m.end, p.start)
                    for p in self.mentions):
            return m
        unit = Mention(m.start, m.end - 2, "Agency", m.name[:-2], kind=m.kind)
        unit.parent = m.parent
        return unit

    def _subject_before(self, pos: int, allow_carry: bool = True) -> list[Mention]:
        text = self.text

        cs, _ce = clause_of(self.clauses, pos)
        in_clause = [m for m in self.actors if cs <= m.start and m.end <= pos]
        lead = LEAD_IN.match(text, cs)
        lead_end = lead.end() if lead else cs
        for m in in_clause[:1]:  # 中央确定北京市对口支援…: the body the Centre assigns acts, not the Centre
            if is_leadership(m) and (av := CENTRE_ASSIGNS.match(text, m.end)) is not None:
                assigned = next((q for q in in_clause if q.start == av.end()), None)
                if assigned is not None:
                    return coordinated(text, assigned, self.actors)
        # 刘淇带领的北京市代表团 / X率领的Y: the led body is the subject
        for m in in_clause:
            if re.search("(带领|率领|组成)的$", text[max(cs, m.start - 4) : m.start]):
                return coordinated(text, m, self.actors)
        for m in in_clause:
            if text[max(0, m.start - 2) : m.start] == "代表":
                return coordinated(text, m, self.actors)  # X书记代表A、B向…: the organ a person acts for
        for m in in_clause:  # (具体为|A、B与C结对: the lead-in's last character is no preposition)
            if m.start <= lead_end + 1 and not (m.start > 0 and text[m.start - 1] in NON_SUBJECT_BEFORE
                                                and m.start != lead_end):
                return coordinated(text, m, self.actors)
        # 由A、B联合组织 → A, B
        for m in in_clause:
            if m.start > 0 and text[m.start - 1] == "由":
                return coordinated(text, m, self.actors)
        candidates = [m for m in in_clause if not (self._list_head(m) > 0 and (
            text[self._list_head(m) - 1] in NON_SUBJECT_BEFORE
            or PLACE_VERB_BEFORE.search(text, max(0, self._list_head(m) - 2), self._list_head(m))))]
        if candidates:
            best = candidates[0]
            return coordinated(text, best, self.actors)
        # the sentence's subject: an actor at the start of an earlier clause; the nearest one for a clause
        # that opens with 并 (A举办活动，B受邀参加，并向C捐赠 -> B: 并 joins its clause to the one before)
        earlier = [c for c in self.clauses if c[0] < cs]
        # (a 自…以来 frame's subject only when no later clause has one of its own)
        earlier.sort(key=lambda c: text.startswith("自", c[0]) and text.endswith("以来", c[0], c[1]))
        for a, b in reversed(earlier) if text.startswith(JOINED_CLAUSE, cs) else earlier:
            m = clause_opener(text, a, self.actors, pos)
            if m is not None:
                return coordinated(text, m, self.actors)
            for m in self.actors:  # 韩东副总经理代表温州机场集团，向雪溪乡捐赠…: the body a person acts for
                if a <= m.start < b and text[max(a, m.start - 2) : m.start] == "代表":
                    return coordinated(text, m, self.actors)
        if allow_carry and not COLLECTIVE_SUBJECT.search(text, cs, pos):
            # (各中央单位向我区投入…: a collective subject is no one's, the previous sentence's is not carried)
            carry = self.actx.__dict__.get("carry_subject")
            if carry is not None and self.actx.sentence_index - carry[1] <= 1 and (
                    not carry[2] or cs == 0 and text.startswith(("为", "向", "给", "还为", "又为"))):
                return [carry[0]]  # (carry[2]: carried past a semicolon, for a clause opening with its preposition)
        return []

    def subject_list(self, m: Mention) -> bool:
        """Is m the last of a list of names that opens its clause (中山、东莞|对口帮扶昭通), not a statement of its
        own after an earlier one's object (…疏勒县、青岛市|对口支援…)?"""
        start = self._list_head(m)
        cs = clause_of(self.clauses, m.start)[0]
        lead = LEAD_IN.match(self.text, cs)
        return start < m.start and start <= (lead.end() if lead else cs) + 2

    def _list_head(self, m: Mention) -> int:
        """Where the list m is an item of starts (在大庙、桐坪、凤翥三个村: at 大庙; a place after 在 is no subject,
        nor is the rest of its list)."""
        start = self._unit_start(m)
        while start > 0 and self.text[start - 1] == "、":
            prev = next((a for a in self.actors if a.end == start - 1), None)
            if prev is None:
                break
            start = self._unit_start(prev)
        return start

    def _list_before(self, lo: int, pos: int) -> list[Mention]:
        """The actors listed (、/和/及) right before pos, after lo (嘉定、宝山两区|调整为 -> 嘉定区, 宝山区)."""
        text = self.text
        xs = [m for m in self.actors if lo < m.start and m.end <= pos and m.start == self._unit_start(m)]
        if not xs or not re.fullmatch("(?:[两三四五六七八九十]+[区县市旗])?", text[xs[-1].end : pos]):
            return []
        group = [xs[-1]]
        for m in reversed(xs[:-1]):
            if text[m.end : group[0].start] not in ("、", "和", "及"):
                break
            group.insert(0, m)
        return group

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
        _cs, ce = clause_of(self.clauses, pos)
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
        if rtype in ("ASSISTS", "FUNDS") and is_leadership(src):
            return  # 按照中央部署: the Centre assigns the pairing and the money, the pair does the helping
        if rtype == "ASSISTS" and dst.type == src.type == "Region" and self._lies_in(src, dst):
            return  # a part never helps the whole it lies in (赤峰市 -> 内蒙古自治区, 嘎查 -> its 旗)
        if rtype in ("ASSISTS", "FUNDS") and dst.type == src.type == "Region" and self._lies_in(dst, src) and (
                dst.adcode or dst.extra.get("parent_mention")):  # (a place whose parent is only guessed may lie elsewhere)
            return  # nor the whole a part (北京市…朝阳区对口帮扶: its district helps; 怒江州…福贡县: its own county)
        if rtype == "ASSISTS" and src.type == "Region" and src.adcode and self._aided_province(src.adcode):
            return  # 青海省…援青干部…赴玉树开展援建: the province an aid word names is the one helped
        if rtype == "ASSISTS" and src.type == "Agency" and dst.type == "Region" and dst.adcode and \
                (code := region_code(src, self.ex.gaz)) and self.ex.gaz.is_within(code, dst.adcode):
            return  # a unit never helps its own place (大连援黔工作队 -> 大连市)
        if rtype == "ASSISTS" and src.type == "Region" and dst.type == "Agency" and src.adcode and \
                (code := region_code(dst, self.ex.gaz)) and self.ex.gaz.is_within(code, src.adcode):
            return  # nor a place its own units (赤峰市…市政协办公厅、…: the units listed are the helpers)
        self._emit(rtype, self.ex.ref(src), self.ex.ref(dst), **attrs)

    def _aided_province(self, code: str) -> bool:
        """Does the sentence name the province of `code` as the one helped (援青, 援疆: the aid word's)?"""
        if self._aided is None:  # read once per sentence
            self._aided = {AIDED_PROVINCE[m.group(1)] for m in AID_TO_PROVINCE.finditer(self.text)}
        return any(self.ex.gaz.is_within(code, p) for p in self._aided)

    def _lies_in(self, part: Mention, whole: Mention) -> bool:
        """Is the region `part` inside `whole` (by division codes, or a township's or village's county)?"""
        return bool(whole.adcode) and self._lies_in_code(part, whole.adcode)

    def _lies_in_code(self, part: Mention, code: str) -> bool:
        if part.adcode:
            return self.ex.gaz.is_within(part.adcode, code)
        if part.parent:
            own = part.parent.split(":", 1)[1]
            return own in self.ex.gaz.regions and self.ex.gaz.is_within(own, code)
        return False

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

    def _implied_target(self, prog: Mention) -> Mention | None:
        surface = self.text[prog.start : prog.end]
        for word, code in IMPLIED_TARGET:
            if word in surface or word in prog.name:
                return self.ex.regions.region_mention(prog.start, prog.end, code, self.ex.gaz.get(code).name,
                                                      "implied")
        return None

    def _helper_first(self, a: Mention, b: Mention) -> tuple[Mention, Mention]:
        return helper_first(a, b, self.ex.gaz)

