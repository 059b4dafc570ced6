"""Organisations found by pattern: deictic organs resolved to their owner (市委, 区委区政府, 校党委, 局党组),
region + organ chains (their parts in kg.extract.organchains: 北京市委, 自治区民政厅社会救助处, organs listed
after one owner, pair organs such as 京蒙两地政协, delegations), cooperation teams, party groups, and named
organisations ending in a strong suffix (…有限公司, …合作社, …医院)."""

from __future__ import annotations

import re
from collections import Counter
from typing import TYPE_CHECKING

from kg import rx
from kg.extract import jiebadict
from kg.extract.docnames import addressed_name, dateline_school
from kg.extract.mentions import (
    BODY,
    COMPANY_NAME_WORDS,
    GENERIC_ORG_BODIES,
    KIND_NOT_NAME,
    STOP_CHARS,
    STRONG_ORG_RE,
    Mention,
    body_ok,
    scan_left_body,
    seg,
    snap_start,
    suffix_at_word_end,
    trim_breakers,
)
from kg.extract.organchains import PARTY_UNIT_AFTER, chain_mention, chain_parts, delegation, listed_after
from kg.extract.schoolunits import UNIT_VERBS
from kg.extract.sides import LEVEL_CHARS, level_stands_alone, organ_name, side_region
from kg.graph import entity_id

if TYPE_CHECKING:
    from kg.extract.context import ArticleContext

# the democratic parties' committees of a place (民进佛山市委会, 九三学社广州市委员会, 致公党深圳市委)
PARTY_COMMITTEE_RE = rx.compile("(?:民革|民盟|民建|民进|农工党|致公党|九三学社|台盟)([\u4e00-\u9fff]{2,8}?)(?:委员会|委会|委)")
KIND_WORDS = rx.compile("高校|院校|单位")  # a kind or role before a name (…共建高校|东华大学, 校董单位|X公司)
# 贵州产业投资(集团)有限责任公司, 太古(中国)有限公司, 浙宝电气(杭州)集团有限公司: a kind or a place in brackets
BRACKETED_PART = rx.compile("[（(](?:集团|控股|股份|[\u4e00-\u9fff]{2,4})[)）](?:集团)?$")
SURVEY_TEAM_RE = rx.compile("调查总队|调查队")
BRANCH_RE = rx.compile("[\u4e00-\u9fff]{0,4}?(?:分行|支行|分公司|公司|电力)")  # (国网湖北电力: a grid's provincial company)
PEOPLES_ORGS = "工商联|侨联|台联|妇联|科协|残联|文联|总工会|团委|红十字会"  # (市工商联, 县妇联: the side's own)
DEICTIC_ORGAN_RE = rx.compile(
    "(苏木|街道|学校|市|县|旗|区|盟|州|地(?=委)|省|校|局|部|镇|乡)"
    f"(纪委监委|人民政府|政府|党工委|党委|纪委|党组|工委|人大常委会|政协|{PEOPLES_ORGS}|委|{BODY}{{2,8}}?领导小组|"
    f"{BODY}{{1,6}}?(?:局|委|办|厅)|{BODY}{{1,3}}?(?:处|部))"
)
FIXED_ORGANS = ("纪委监委", "人民政府", "政府", "党工委", "党委", "纪委", "党组", "工委", "人大常委会", "政协", "委",
                *PEOPLES_ORGS.split("|"))
INSTITUTE_ENDS = ("医院", "研究院", "科学院", "研究所")
INSTITUTE_RE = rx.compile("[\u4e00-\u9fff]{2,16}?(?:" + "|".join(INSTITUTE_ENDS) + ")")
SCHOOL_RE = rx.compile("(?:北京|清华|中国|内蒙古|[\u4e00-\u9fff]{2,4})[\u4e00-\u9fff]{0,6}?(?:大学|学院)")


# a city's development zone is governed as a county-level area (its 管委会 is the agency); 经开区 is the short form
DEVELOPMENT_ZONES = {"经开区": "经济技术开发区", "经济技术开发区": "经济技术开发区", "经济开发区": "经济开发区",
                     "高新区": "高新区"}


def known_agency(name: str, matcher) -> bool:
    return matcher.agency_by_name.get(name) is not None


def known_tail(name: str, matcher) -> str:
    """The longest end of a matched name that the lexicon knows (对电子科技大学 → 电子科技大学), or the name."""
    return next((name[i:] for i in range(len(name) - 1) if known_agency(name[i:], matcher)), name)


class OrgansMixin:
    """DocExtractor's organisation finders (see the module's docstring)."""

    def _org_chains(self, text: str, mentions: list[Mention], actx: ArticleContext) -> list[Mention]:
        """Deictic organs (市委, 区委区政府, 校党委 …) and region/agency + organ chains, each with the organs
        listed after it."""
        out: list[Mention] = []
        prefixes = [m for m in mentions if m.type in ("Region", "Agency")]
        pos = 0
        while (dm := DEICTIC_ORGAN_RE.search(text, pos)) is not None:
            m = self._deictic_organ(text, dm, prefixes, mentions, out, actx)
            pos = dm.start() + 1 if m is None else dm.end()  # (区长王明率|区纪委监委: a shorter organ further on)
            if m is not None:
                out.append(m)
                if m.parent:
                    out += listed_after(text, m.end, m, prefixes, allow_empty=False)
        for p in prefixes:
            out += self._region_chain(text, p, mentions)
        return out

    def _deictic_organ(self, text: str, dm, prefixes: list[Mention], mentions: list[Mention], found: list[Mention],
                       actx: ArticleContext) -> Mention | None:
        """市委, 县委, 旗委, 区委, 市政府 … (and 校党委, 局党组, 苏木党委) without a region name, resolved to their
        owner, with a sub-unit after it (旗委办公室)."""
        s = dm.start()
        if dm.group(1) in ("学校", "校") and UNIT_VERBS.search(dm.group(2)) or dm.group(2)[-1] in "处部" and (
                dm.group(1) not in ("学校", "校") or KIND_NOT_NAME.search(dm.group(2))
                or not suffix_at_word_end(text, dm.end() - 1, dm.end())):
            return None  # 学校人事处, 校组织部: a school's offices (not 学校相关部门, 学校|成立…领导小组); a place's are named with its bureau
        school = dm.group(1) == "校" and SCHOOL_RE.search(text, max(0, s - 14), s)
        if school and school.end() == s and body_ok(school.group(0)[:-2]):
            return self._school_organ(text, dm, school.group(0))  # 文华学院|校党委: the school's own
        if s > 0 and "\u4e00" <= text[s - 1] <= "\u9fff" and not any(p.end == s for p in prefixes):
            # glued to a preceding word that is not a known region: 北京市委 is caught via the region
            glued = text[s - 1] not in "、，和及与兼率由向对是为从据经年月日" and text[max(0, s - 2) : s] not in (
                "历届", "历任", "各届") or (text[s - 1] in "和及与" and s > 1 and text[s - 2] in "、，")  # (上海历届|市委)
            if glued and not (any(q.end == s for q in found) or _after_verb(text, s)):
                return None  # (区委区政府: a second organ; 代表区委: after a verb)
        if any(p.start <= s < p.end for p in prefixes) or any(q.start <= s < q.end for q in found):
            return None
        if dm.group(1) == "部" and dm.group(2) not in ("党组", "党委"):
            return None  # 部党组: a ministry's party group, nothing else after a bare 部
        if dm.group(1) in ("苏木", "镇", "乡", "街道") and dm.group(2) not in ("党委", "政府", "人民政府", "党工委", "工委"):
            return None
        if dm.group(2) not in FIXED_ORGANS and not dm.group(2).endswith("领导小组") and dm.group(1) != "学校" and not (
                dm.group(1) in LEVEL_CHARS and level_stands_alone(text, s, dm.end())
                and suffix_at_word_end(text, dm.end() - 1, dm.end()) and body_ok(dm.group(2)[:-1], organ=True)):
            return None  # 市发改委, 县民政局: a department of the side; not 市场监管局 (市场), 区域办
        owner = self._organ_owner(text, dm, prefixes, mentions, found, actx)
        if owner is None or not owner.get("name"):
            return None
        organ = dm.group(2)
        regional = owner.get("id", "").startswith("Region:")
        name = organ_name(owner["name"], organ) if regional and organ == "委" else owner["name"] + organ  # (州委)
        end_ = dm.end()
        sub = PARTY_UNIT_AFTER.match(text, end_)
        if sub and organ in ("委", "党委", "党工委", "工委", "政协", "人大常委会") and (  # (旗委办|主任: the title follows)
                sub.group(0) == "办" or suffix_at_word_end(text, sub.start(), sub.end())):
            name += sub.group(0)
            end_ = sub.end()
        m = Mention(s, end_, "Agency", name, kind="deictic-organ")
        m.aliases.add(text[s:end_])
        if owner.get("id", "").startswith("Region:"):
            m.parent = owner["id"]
            m.extra["region_name"] = owner["name"]
        return m

    @staticmethod
    def _school_organ(text: str, dm, school: str) -> Mention:
        m = Mention(dm.start(), dm.end(), "Agency", school + dm.group(2), kind="deictic-organ")
        m.aliases.add(text[dm.start() : dm.end()])
        return m

    def _organ_owner(self, text: str, dm, prefixes: list[Mention], mentions: list[Mention], found: list[Mention],
                     actx: ArticleContext) -> dict | None:
        """Whose a deictic organ is: the owner of the organ listed just before it (北京市委、市政府), the bureau
        or school named earlier (国家统计局局长、局党组书记), the side its level character names (区委 → the
        article's 区), or the article's region or school of that kind."""
        s = dm.start()
        owner = None
        if s > 0 and text[s - 1] in "、和及与":
            for q in found:
                if q.end == s - 1 and q.parent:
                    owner = {"id": q.parent, "name": q.extra.get("region_name", "")}
            if owner is None:
                for p in prefixes:
                    if p.end == s - 1 and p.type == "Agency":
                        owner = self._agency_owner(p, prefixes)
                    elif p.type == "Region" and p.adcode and p.end < s - 1 and re.fullmatch(
                        "(?:党委|委|政府|人民政府|人大常委会|政协|纪委|纪委监委)", text[p.end : s - 1]
                    ):
                        owner = {"id": entity_id("Region", p.name, p.adcode), "name": p.name}
        if owner is None and dm.group(1) in ("局", "部", "校", "学校"):
            kinds = (dm.group(1),) if dm.group(1) not in ("校", "学校") else ("大学", "学院", "学校", "中学", "小学")
            prev = [q for q in prefixes if q.type == "Agency" and q.end <= s and q.name.endswith(kinds)]
            if prev:
                owner = {"id": entity_id("Agency", prev[-1].name), "name": prev[-1].name}
        if (owner is None or not owner.get("name")) and dm.group(1) in LEVEL_CHARS:
            code = side_region(dm.group(1), s, mentions, actx, self, text)
            if code:
                r = self.gaz.get(code)
                owner = {"id": entity_id("Region", r.name, r.adcode), "name": r.name}
        if owner is None or not owner.get("name"):
            owner = actx.owner_for_organ("校" if dm.group(1) == "学校" else dm.group(1))
        return owner

    def _region_chain(self, text: str, p: Mention, mentions: list[Mention]) -> list[Mention]:
        """A region or agency followed by organ elements (北京市委, 自治区民政厅社会救助处, 市政府办公厅, 党政
        代表团), and the organs listed after it (自治区党委、人大常委会、政府、政协)."""
        parts, chain_end, second = chain_parts(text, p, mentions)
        out = [second] if second is not None else []
        if chain_end is None:
            return out
        if parts[-1].endswith("代表团"):
            if p.type == "Region":
                out.append(delegation(p, chain_end, mentions))
            return out
        m = chain_mention(text, p, parts, chain_end)
        if m is None:
            return out
        outer = p
        while p.type == "Region" and p.adcode and (q := next((q for q in mentions if q.type == "Region" and q.adcode and
                                                           q.end == outer.start and q.adcode != p.adcode and
                                                           self.gaz.is_within(p.adcode, q.adcode)), None)):
            outer = q  # 无锡市|惠山区政府: the places written before it are part of the name as written
        if outer is not p:
            m.start = outer.start
            m.aliases.add(text[m.start : m.end])
        out.append(addressed_name(text, m, mentions))
        if p.type == "Region":
            out += listed_after(text, chain_end, m, [q for q in mentions if q.type in ("Region", "Agency")],
                                 allow_empty=True)
        return out

    def doc_school(self) -> dict | None:
        """The university or school a document is about (for 校党委 before the school is named in the article)."""
        if not hasattr(self, "_doc_school"):
            best = None
            # a school the lexicon knows before a department's name (继续教育学院 in 电子科技大学's news)
            for name in self._named_in_doc(SCHOOL_RE):
                if not name.startswith(("大学", "学院")) and body_ok(name[:-2]):
                    best = {"id": entity_id("Agency", name), "name": name}
                    break
            if best is None:  # 南开新闻网讯: the school whose news site the dateline names
                name = dateline_school([a.dateline or "" for a in self.doc.articles], self.matcher.agency_by_name)
                best = {"id": entity_id("Agency", name), "name": name} if name else None
            self._doc_school = best
        return self._doc_school

    def doc_institute(self) -> dict | None:
        """The hospital or institute a document is about (我院, 本院): the one the lexicon knows that the
        document names most often."""
        if not hasattr(self, "_doc_institute"):
            best = next((name for name in self._named_in_doc(INSTITUTE_RE) if known_agency(name, self.matcher)), None)
            self._doc_institute = {"id": entity_id("Agency", best), "name": best} if best else None
        return self._doc_institute

    def speaking_institute(self, word: str) -> dict | None:
        """The hospital or institute that speaks as 我院 / 本院 (word): the one the lexicon knows, or else the
        first hospital or institute the page has named, unless a sentence with the word names it too (then it
        is the partner: 我院院长A与B医院院长C签订…)."""
        named = (e for e in self.entities.values() if e["type"] == "Agency" and e["name"].endswith(INSTITUTE_ENDS))
        if (known := self.doc_institute()) is not None or (first := next(named, None)) is None:
            return known
        return None if any(word in s and first["name"] in s for s in self.doc.text.split("。")) else first

    def _named_in_doc(self, pattern) -> list[str]:
        """The names the pattern finds in the document, each cut to the end the lexicon knows (对电子科技大学 →
        电子科技大学): the known ones first, then by how often the document writes them."""
        counts = Counter(known_tail(m.group(0), self.matcher) for m in pattern.finditer(self.doc.text))
        return [name for name, _n in sorted(counts.most_common(), key=lambda kv: not known_agency(kv[0], self.matcher))]

    def _agency_owner(self, ag: Mention, mentions: list[Mention]) -> dict | None:
        """The region an agency mention belongs to (北京市委 -> 北京市), for organs listed after it; none for an
        agency only located there (西南交通大学与县教育局: not 成都市's)."""
        if ag.extra.get("located"):
            return None
        if ag.parent and ag.parent.startswith("Region:"):
            code = ag.parent.split(":", 1)[1]
            if code in self.gaz.regions:
                return {"id": ag.parent, "name": self.gaz.get(code).name}
        for r in mentions:
            if r.type == "Region" and r.start == ag.start and r.end < ag.end and r.adcode:
                return {"id": entity_id("Region", r.name, r.adcode), "name": r.name}
        for n in range(min(len(ag.name) - 1, 12), 1, -1):
            codes = self.gaz.by_name.get(ag.name[:n])
            if codes and len(codes) == 1:
                r = self.gaz.get(codes[0])
                return {"id": entity_id("Region", r.name, r.adcode), "name": r.name}
        return None

    def _teams(self, text: str, mentions: list[Mention]) -> list[Mention]:
        """粤桂协作河池工作组, 山东省扶贫协作重庆干部管理组, 北京挂职通辽团队工作组: a cooperation team named by
        places and mechanisms before its team word, read leftwards from the team word."""
        out = []
        for tm in TEAM_RE.finditer(text):
            pos, start = tm.start(), None
            while True:
                m = next((m for m in mentions if m.end == pos and m.type in ("Region", "Program")), None)
                if m is None and start is not None and text[pos - 1 : pos] == "驻":
                    # 中粮集团驻|修水县帮扶工作队: the team of the body that sent it
                    m = next((m for m in mentions if m.end == pos - 1 and m.type in ("Region", "Agency")), None)
                if m is not None:
                    pos = start = m.start
                    continue
                fm = TEAM_FILLER.search(text, max(0, pos - 4), pos)
                if fm is None:
                    break
                pos = fm.start()
            if start is None or not any(m.type == "Region" for m in mentions if start <= m.start < tm.start()):
                continue
            name = text[start : tm.end()]
            if len(name) > len(tm.group(0)) + 2 and not any(m.start == start and m.end == tm.end() for m in mentions):
                out.append(Mention(start, tm.end(), "Agency", name, kind="team"))
        return out

    def _party_groups(self, text: str, mentions: list[Mention]) -> list[Mention]:
        """国家统计局党组认真贯彻…: an organisation's party group acting (not the 党组书记 of a post, which
        kg.extract.positions reads) is an agency of its own."""
        out = []
        for m in mentions:
            if m.type == "Agency" and text.startswith("党组", m.end) and not m.name.endswith("党组") and \
                    not PARTY_GROUP_POST.match(text, m.end + 2):
                g = Mention(m.start, m.end + 2, "Agency", m.name + "党组", kind="party-group")
                g.parent = m.parent
                out.append(g)
        return out

    def _formal_committees(self, text: str, mentions: list[Mention]) -> list[Mention]:
        """政协云县委员会, 中共赤峰市委员会: a committee's formal name, its body written before the region and
        委员会 after it; kept as written, its region the owner."""
        out = []
        if "委员会" not in text:
            return out
        for m in mentions:
            if m.type != "Region" or not m.adcode or not text.startswith("委员会", m.end):
                continue
            lead = FORMAL_LEAD.search(text, max(0, m.start - 10), m.start)
            if lead is None or lead.end() != m.start:
                continue
            g = Mention(lead.start(), m.end + 3, "Agency", text[lead.start() : m.end + 3], kind="org-chain")
            g.parent = entity_id("Region", m.name, m.adcode)
            g.extra["region_name"] = m.name
            g.extra["prefix"] = m
            out.append(g)
        return out

    @staticmethod
    def _party_committees(text: str, mentions: list[Mention]) -> list[Mention]:
        """民进佛山市委会: a democratic party's committee of a place, named as written."""
        out = []
        for pm in PARTY_COMMITTEE_RE.finditer(text):
            place = next((m for m in mentions if m.type == "Region" and m.start == pm.start(1) and (
                m.end == pm.end(1) or m.end == pm.end(1) - 1 and text[m.end] in "省市区县旗州盟")), None)  # (民革内蒙古|区委会)
            if place is not None:
                m = Mention(pm.start(), pm.end(), "Agency", pm.group(0), kind="named-org")
                m.parent = entity_id("Region", place.name, place.adcode) if place.adcode else None
                out.append(m)
        return out

    def _divisions(self, text: str, mentions: list[Mention]) -> list[Mention]:
        """新疆生产建设兵团第六师, 兵团农十四师: a division of the Production and Construction Corps, named in full."""
        out = []
        for m in mentions:
            if m.type == "Agency" and m.name == "新疆生产建设兵团" and (dm := XPCC_DIVISION.match(text, m.end)):
                d = Mention(m.start, dm.end(), "Agency", m.name + dm.group(0), kind="division")
                if text[m.start : m.end] != m.name:
                    d.aliases.add(text[m.start : dm.end()])
                d.parent = m.parent
                out.append(d)
        return out

    def _branches(self, text: str, mentions: list[Mention]) -> list[Mention]:
        """广东农行, 农发行河南省分行, 中国农业银行重庆市分行, 国家统计局四川调查总队: a national bank's,
        company's or bureau's branch in a region, named as written."""
        out = []
        for m in mentions:
            ent = self.matcher.agency_by_name.get(m.name) if m.type == "Agency" and m.kind == "lex" else None
            if ent is None or ent.kind not in ("bank", "soe", "bureau") or ent.region:
                continue
            before = next((r for r in mentions if r.type == "Region" and r.end == m.start
                           and r.level in ("province", "prefecture")), None) if ent.kind != "bureau" else None
            after = next((r for r in mentions if r.type == "Region" and r.start == m.end), None)
            branch = SURVEY_TEAM_RE if ent.kind == "bureau" else BRANCH_RE  # 国家统计局|四川|调查总队
            bm = branch.match(text, after.end) if after is not None else None
            if before is not None:
                region, start, end = before, before.start, m.end  # 广东|农行
            elif bm is not None:
                region, start, end = after, m.start, bm.end()  # 农发行|河南省|分行
            else:
                continue
            b = Mention(start, end, "Agency", text[start:end], kind="branch")
            b.parent = entity_id("Region", region.name, region.adcode) if region.adcode else None
            b.extra["located"] = True
            out.append(b)
        return out

    def _named_orgs(self, text: str, mentions: list[Mention]) -> list[Mention]:
        out: list[Mention] = []
        for sm in STRONG_ORG_RE.finditer(text):
            end = sm.end()
            # the organisation may start at a region/agency mention just before its body
            if not suffix_at_word_end(text, sm.start(), sm.end()):
                continue
            bracket = BRACKETED_PART.search(text, 0, sm.start())  # 贵州产业投资|(集团)|有限责任公司
            scan_end = bracket.start() if bracket else sm.start()
            start = scan_left_body(text, scan_end, 14)
            school = _school_joined_before(text, start, mentions)  # 成都理工大学|地球与|行星科学学院
            start = trim_breakers(text, start, scan_end, company=sm.group(0).endswith(("公司", "集团")))
            start = snap_start(text, start, scan_end)
            cut = start + _org_lead_trim(text[start:scan_end], company=sm.group(0).endswith(("公司", "集团")))
            if cut == scan_end and text.startswith(("中国", "中华"), start):
                cut = start  # 中国扶贫|协会: a national body's name may end in a verb
            # but (引导)北京|顺|鑫控股: one character after a place belongs to the name the place opens
            opening = next((m for m in mentions if m.type == "Region" and start <= m.start and m.end + 1 == cut), None)
            start = opening.start if opening is not None else cut
            start = school if school is not None else start
            # a company name opens with its country or region (集团下属企业中国医药… -> 中国医药…)
            lead = re.search("中国|中华", text[start + 1 : scan_end])
            inner = [m for m in mentions if m.type == "Region" and start < m.start < scan_end]
            if lead:
                start = start + 1 + lead.start()
            elif inner and not _brand_lead(text, start, inner[0].start):
                start = inner[0].start
            ym = re.match("[0-9]+年", text[start : sm.start()])
            if ym:
                start += ym.end()
            lead_at = None
            if start > 0 and text[start] in "县区市旗省" and text[start - 1] in "我本该全" and sm.start() - start > 2:
                lead_at, start = start - 1, start + 1  # 我县|经促会广州分会: the deictic word is no part of the name
            for k in range(start, sm.start() - 1):  # 皮肤病医院援|自治区人民医院: 援 between two bodies
                if text[k] == "援" and (text.startswith("自治区", k + 1) or any(
                        r.start == k + 1 and r.type == "Region" for r in mentions)):
                    start = k + 1
            kind_word = list(KIND_WORDS.finditer(text, start, sm.start()))  # 上海市共建高校|东华大学
            if kind_word and sm.start() - kind_word[-1].end() >= 2:
                start = kind_word[-1].end()
            # do not start inside a region/agency mention: snap to its start (a programme's name that runs
            # into the organisation's, 对口支援新疆|大学, gives way: kg.extract.pipeline._merge_longer)
            for m in mentions:
                if m.start < start < m.end and m.type in ("Region", "Agency"):
                    start = m.start
            body = text[start : sm.start()]
            if body in GENERIC_ORG_BODIES or len(body) < 2 and not any(m.start == start for m in mentions):
                continue
            if KIND_NOT_NAME.search(body):
                continue  # 天津当地公司, 有关企业: a kind of organisation, not one named
            if not body_ok(body.replace("与", "") if school is not None else body, company=sm.group(0).endswith(("公司", "集团"))):
                continue
            name = text[start:end]
            # (its span keeps the deictic word, which then names no actor of its own)
            m = Mention(lead_at if lead_at is not None and lead_at + 2 == start else start, end, "Agency", name,
                        kind="named-org")
            for pm in mentions:
                if pm.start == start and pm.type == "Region" and pm.adcode:
                    m.parent = entity_id("Region", pm.name, pm.adcode)
            if sm.group(0) in DEVELOPMENT_ZONES and m.parent:  # 北京经开区, 珠海高新区: a county-level area
                m.type, m.level, m.kind = "Region", "county", "zone"
                m.name = name[: -len(sm.group(0))] + DEVELOPMENT_ZONES[sm.group(0)]
                m.aliases.add(name)
            out.append(m)
        return out


XPCC_DIVISION = rx.compile("(?:第[一二三四五六七八九十]{1,3}|农[一二三四五六七八九十]{1,3}|建工)师")
FORMAL_LEAD = rx.compile("(?:中国共产党|中共|中国人民政治协商会议|政协)$")
PARTY_GROUP_POST = rx.compile("(?:副?书记|成员|副?组长|理论学习)")
TEAM_RE = rx.compile("(?:前方)?(?:工作组|工作队|干部管理组|管理组|指挥部|领导小组)")
TEAM_FILLER = rx.compile("(?:扶贫协作|对口支援|对口帮扶|乡村振兴|扶贫|协作|帮扶|挂职|团队|援[疆藏青]|工作队|工作|第[0-9一二三四五六七八九十]+批?)$")
SCHOOL_BEFORE_JOINED = rx.compile("(?:大学|学院)([\u4e00-\u9fff]{1,6})$")

BRAND_TAGS = (None, "n", "nz", "nr", "nrt", "nt", "ns")


def _brand_lead(text: str, start: int, region_start: int) -> bool:
    """红云|红河集团, 大地保险|马鞍山中心支公司: a clause opening with a name of its own (words no dictionary
    knows, or nouns) before the place is the company's brand, not words before its name (集团下属企业|内蒙古…)."""
    lead = text[start:region_start]
    if not 2 <= len(lead) <= 6 or start > 0 and "\u4e00" <= text[start - 1] <= "\u9fff":
        return False
    if lead in GENERIC_ORG_BODIES:
        return False
    if len(lead) <= 3 and jiebadict.tag(lead) in (None, "nr", "nz", "nrt"):
        return True
    words = seg(lead)
    return len(words) <= 3 and all(len(w) >= 2 and jiebadict.tag(w) in BRAND_TAGS for w in words) and \
        words[-1] not in GENERIC_ORG_BODIES


def _org_lead_trim(body: str, company: bool = False) -> int:
    """Offset after a leading verb, direction or function word (周边, 创新, 贫困户加入, 孩子上): the name starts
    after it."""
    cut = 0
    pos = 0
    toks = seg(body)
    for i, tok in enumerate(toks):
        pos += len(tok)
        if tok == "分" and pos == len(body) or len(tok) == 1 and pos == 1 and jiebadict.tag(tok) == "f":
            continue  # 郑州|分|公司: a branch office, not a verb; 中|车戚墅堰…: a name's first character
        if len(tok) == 1 and 0 < i < len(toks) - 1 and (len(toks[i - 1]) == 1 or len(toks[i + 1]) == 1):
            continue  # 吉林|经|开|区: a name the segmenter does not know, cut into characters
        if jiebadict.tag(tok) in ("v", "f", "p", "c", "d", "r") and not (company and tok in COMPANY_NAME_WORDS):
            cut = pos  # (but 东方希望|集团: words companies are named with)
    return cut


ACTING_FOR = {"代表", "会同", "会见", "受托"}  # words jieba tags as nouns that act for an organ after them


def _after_verb(text: str, pos: int) -> bool:
    """Does a verb or preposition end at pos (代表|区委, 参加|市委, 根据|省委)? Then an organ may start there;
    not when the verb and the level character are one word (自治|区党委 is 自治区's 党委)."""
    toks = seg(text[max(0, pos - 4) : pos])
    if not toks or len(toks[-1]) < 2 or jiebadict.tag(toks[-1] + text[pos : pos + 1]) is not None:
        return False
    return jiebadict.tag(toks[-1]) in ("v", "p") or toks[-1] in ACTING_FOR


def _school_joined_before(text: str, start: int, mentions: list[Mention]) -> int | None:
    """A university's department named with 与 (成都理工大学地球与行星科学学院): where the university written right
    before the words joined by 与 starts, which opens the department's name."""
    if start < 2 or text[start - 1] != "与":
        return None
    um = SCHOOL_BEFORE_JOINED.search(text, max(0, start - 24), start - 1)
    if um is None or any(c in STOP_CHARS for c in um.group(1)):
        return None
    at = scan_left_body(text, um.start(1) - 2, 12)
    place = next((m for m in mentions if m.type == "Region" and m.start < at <= m.end), None)
    return place.start if place is not None else at  # (成都|理工大学: the city's name opens the school's)
