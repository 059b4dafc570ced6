"""Townships and villages found by pattern (…乡/镇/苏木/街道, …村/嘎查/社区) and attached to the county
before them, enumerations sharing one place word (红旗、呼特勒等嘎查), and places named once under their
county and known in the rest of the document."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from kg import rx
from kg.extract import jiebadict
from kg.extract.matcher import DEICTIC
from kg.extract.mentions import (
    GENERIC_PLACE_BODIES,
    PLACE_LEVEL,
    PLACE_SUFFIX_RE,
    STOP_CHARS,
    Mention,
    body_ok,
    is_cjk,
    scan_left_body,
    seg,
    snap_start,
    trim_breakers,
    trim_verbish,
)
from kg.graph import entity_id

if TYPE_CHECKING:
    from kg.extract.context import ArticleContext


ZONE_IN_BODY = rx.compile("(?:新区|开发区|高新区|园区|港区|试验区|示范区|管理处|办事处)")  # (…风景区管理处|大庙村)


class PlacesMixin:
    """DocExtractor's township and village finders (see the module's docstring)."""

    def _known_places(self, text: str, taken: list[Mention]) -> list[Mention]:
        """A township or village named once under its county is known in the rest of the document (前往突泉县
        太平乡，由太平乡党委书记…)."""
        out: list[Mention] = []
        for name, (level, parent) in self.known_places.items():
            start = text.find(name)
            while start >= 0:
                end = start + len(name)
                if not any(m.start < end and start < m.end for m in taken + out):
                    m = Mention(start, end, "Region", name, level=level, kind="place-known")
                    m.parent = parent
                    out.append(m)
                start = text.find(name, end)
        return out

    def _places(self, text: str, mentions: list[Mention], actx: ArticleContext) -> list[Mention]:
        """Places by suffix, places known from earlier sentences, enumerated places."""
        out = self._suffixed_places(text, mentions, actx)
        out += self._known_places(text, mentions + out)
        out += self._enumerated_places(text, mentions + out, actx)
        out += self._enumerated_counties(text, mentions + out)
        return out

    def _enumerated_counties(self, text: str, taken: list[Mention]) -> list[Mention]:
        """那曲、比如、嘉黎三县: counties named by their short forms before one counted level word, each
        the gazetteer's one county of that name (比如 is a word too, but not before 三县)."""
        out: list[Mention] = []
        for em in COUNTY_ENUM_RE.finditer(text):
            pos = em.start(1)
            for it in em.group(1).split("、"):
                ist, pos = pos, pos + len(it) + 1
                codes = self.gaz.by_name.get(it + em.group(3)) or []
                if len(codes) != 1 or any(m.start < ist + len(it) and ist < m.end for m in taken + out):
                    continue
                out.append(self.regions.region_mention(ist, ist + len(it), codes[0], it, "place-enum"))
        return out

    def _suffixed_places(self, text: str, mentions: list[Mention], actx: ArticleContext) -> list[Mention]:
        """…乡/镇/苏木/街道, …村/嘎查/社区 with a name before the suffix, attached to the region before it."""
        out: list[Mention] = []
        for pm in PLACE_SUFFIX_RE.finditer(text):
            suffix = pm.group(1)
            s = pm.start()
            if any(m.start == s and m.type == "Region" and m.adcode for m in mentions):
                continue  # 挂任|镇康县: the suffix character opens a known place's name
            parent = _region_just_before(s, mentions + out)  # a known county or township right before the body
            floor = parent.end if parent is not None else 0
            max_body = 6 if suffix in ("苏木", "嘎查") else 5  # (额尔登布拉格苏木: a Mongolian name runs longer)
            start = scan_left_body(text, s, max_body, floor=floor)
            start = trim_breakers(text, start, s)
            if parent is not None and start > floor and s - floor <= max_body and _transcribed(text[floor:s]):
                start = floor  # 贝子府镇|大哈布其拉村: right after its township, a transcribed name whole
            if start == s and s - 2 >= floor and text[s - 1] in STOP_CHARS and is_cjk(text[s - 2]) and \
                    text[s - 2] not in STOP_CHARS and jiebadict.tag(text[s : pm.end() + 1]) is None:
                start = _whole_word_start(text, s, pm.end(), floor)  # 九和乡: 和 inside a name
            whole = start < s and text[s - 1] in STOP_CHARS
            county = _after_county(text, s, mentions) if start == s else None
            if county is not None:
                start, parent = s - 2, county
            elif start > floor and is_cjk(text[start - 1]) and is_cjk(text[start]):
                start = snap_start(text, start, s)  # 了解|砂坝村, 对接|东乡: not the tail of a word
            lead_organ = re.match("党工委|党委|工委|委|政府", text[start:s])
            if lead_organ and s - start - lead_organ.end() >= 2:
                start += lead_organ.end()  # 昌平区委|城北街道工委: the place starts after the organ
                parent = None
            opened = parent is not None and s - start == 1 and start - 1 == parent.end and text[parent.end] in STOP_CHARS
            if opened:
                start -= 1  # 龙凤镇|向家村: right after its township, a function character opens the name
            start = _past_lead_words(text, start, s, floor)
            body = text[start:s]
            if suffix == "村" and body.endswith("行政") and len(body) >= 4:
                s, body = s - 2, body[:-2]  # 关庄行政村: an administrative village, 关庄村
            if parent is not None and parent.end != start and text[parent.end : start] != "的":
                parent = None  # (but 奉节县的|平安乡: the county's township)
            if len(body) < 2 or body in GENERIC_PLACE_BODIES or body[-1] in "全各本该" or body[0] in "各每诸" or \
                    not body_ok(body) and not _one_word(body + suffix) and not opened and not whole and county is None and \
                    not (parent is not None and start == floor and _transcribed(body)):
                continue  # (九和乡: a function word inside a name the segmenter keeps whole)
            if re.search("[0-9０-９]|[百千万]企[帮兴联][百千万]$|[百千万]$|[一二三四五六七八九十两几][个座栋所户间排]$", body) or \
                    _verb_tail(body) and not _good_word_name(text, body, pm.end(), parent):
                continue  # 辖5镇, 发展壮大嘎查, 强化嘎查, 百企帮百村: a count, a verb or a campaign, not a name
            if any(body.endswith(g) for g in ("贫困", "搬迁", "安置", "示范", "重点", "中心", "试点", "特色")):
                continue
            if any(c in "乡村镇" for c in body) and parent is None:
                continue
            if not _place_token_ok(text, start, s, pm.end()):
                continue
            cut = trim_verbish(body)
            if cut:
                start += cut
                body = text[start:s]
                parent = None
                if len(body) < 2 or body in GENERIC_PLACE_BODIES:
                    continue
            if (body + suffix) in GENERIC_PLACE_WORDS or body[-1] in "驻包联挂辖新小老强农" or body[-2:] in (
                "城乡", "城镇", "乡镇", "嘎查", "村镇"
            ):
                continue
            if any(m.start <= start < m.end and m.type != "Region" for m in mentions):
                continue
            name = body + suffix
            level = PLACE_LEVEL[suffix]
            m = Mention(start, pm.end(), "Region", name, level=level, kind="place")
            if parent is not None:
                m.parent = entity_id("Region", parent.name, parent.adcode)
                m.extra["parent_mention"] = parent
                self.known_places.setdefault(name, (level, m.parent))
            else:
                m.parent = self._current_county(actx) or m.parent
            out.append(m)
        return out

    def _current_county(self, actx: ArticleContext) -> str | None:
        """The id of the county the article is at now (a township or village named bare sits under it)."""
        pc = actx.current_code("county")
        if not pc:
            return None
        r = self.gaz.get(pc)
        return entity_id("Region", r.name, r.adcode)

    def _enumerated_places(self, text: str, taken: list[Mention], actx: ArticleContext) -> list[Mention]:
        """红旗、呼特勒、阿里木图等嘎查 / 甲、乙两个村: enumerated names sharing one place word."""
        out: list[Mention] = []
        for em in PLACE_ENUM_RE.finditer(text):
            suffix = em.group(3)
            items = em.group(1).split("、")
            doc_text = self.doc.text if suffix == "乡镇" else ""
            pos = em.start(1)
            for k, it in enumerate(items):
                ist = text.find(it, pos)
                pos = ist + len(it)
                if k == 0:
                    # 武定县|己衣、… / 大新镇|陈楼、… / 该旗的|红旗、…: the first item starts after the place it
                    # lies in
                    inside = [m.end for m in taken if ist <= m.start < m.end < ist + len(it) - 1]
                    suffixed = [ist + j + 1 for j, c in enumerate(it[:-2]) if c in "乡镇" and j >= 1 or c == "的"]
                    if inside or suffixed:
                        ist = max(inside + suffixed)
                        it = text[ist:pos]
                    cut = trim_breakers(text, ist, ist + len(it))
                    cut += trim_verbish(text[cut : ist + len(it)])
                    if cut < ist + len(it) - 2 and text[cut] in "对向为在与和及把被将从给":
                        cut += 1
                    it, ist = text[cut : ist + len(it)], cut
                if len(it) < 2 or it in GENERIC_PLACE_BODIES or re.search("[的了是在和与及或等这那各该]", it) or \
                        _verb_tail(it):
                    continue  # (Mongolian names may hold 都, 其, 达 …: only function words are refused)
                if any(m.start < ist + len(it) and ist < m.end for m in taken + out):
                    continue
                own = suffix
                if suffix == "乡镇":  # 己衣、田心、环州三个乡镇: each is the 乡 or the 镇 the document names
                    named = [x for x in ("乡", "镇") if it + x in doc_text]
                    if len(named) != 1:
                        continue
                    own = named[0]
                m = Mention(ist, ist + len(it), "Region", it + own, level=PLACE_LEVEL[own], kind="place-enum")
                m.aliases.add(it)
                m.parent = self._current_county(actx) or m.parent
                out.append(m)
        return out


    def _resolve_deictic(self, base: list[Mention], actx: ArticleContext, text: str) -> list[Mention]:
        """Deictic words -> regions (自治区 directly followed by an organ is a prefix: organs handle it); 该村,
        该镇 -> the village or township the article named last."""
        resolved: list[Mention] = []
        for m in base:
            if m.type == "Deictic" and DEICTIC.get(m.name) in ("village", "township", "company", "delegation"):
                last = actx.last_place.get(DEICTIC[m.name])
                if DEICTIC[m.name] == "delegation" and m.start > 0 and text[m.start - 1] not in \
                        "，。；：“该此":
                    last = None  # (北京市党政代表团: a delegation named here; 访问团先后在…: the one named before)
                if DEICTIC[m.name] == "company" and not m.name.startswith("该") and (m.start > 0 and text[m.start - 1] not in "，。；：" or
                                                   not COMPANY_ACTS.match(text, m.end)):
                    last = None  # (，分公司又与…结对: the company of the article acts; 公司+农户: a word)
                if last is not None:
                    mm = Mention(m.start, m.end, last.type, last.name, adcode=last.adcode, level=last.level,
                                 kind="deictic")
                    mm.parent = last.parent
                    mm.extra["deictic"] = m.name
                    resolved.append(mm)
                continue
            if m.type == "Deictic" and DEICTIC.get(m.name) in ("school", "institute"):
                # 我校, 我院: the school, or the hospital or institute, the document is about
                school = self.doc_school() if DEICTIC[m.name] == "school" else \
                    self.speaking_institute(m.name)
                if school is not None:
                    mm = Mention(m.start, m.end, "Agency", school["name"], kind="deictic")
                    mm.extra["deictic"] = m.name
                    resolved.append(mm)
                continue
            if m.type == "Deictic":
                r = actx.resolve_deictic(m.name)
                if r is not None:
                    mm = self.regions.region_mention(m.start, m.end, r, m.name, "deictic")
                    mm.extra["deictic"] = m.name
                    if m.name.startswith(("我", "全", "本", "该")):
                        actx.speaker_region = r
                    resolved.append(mm)
                continue
            resolved.append(m)
        return resolved


COMPANY_ACTS = rx.compile("(?:又|还|也|先后|累计|共|已|将|积极|主动)?(?:与|向|为|对|投入|投资|出资|捐赠|捐资|帮扶|援建|结对|开展|实施)")
COUNTY_ENUM_RE = rx.compile("((?:[\u4e00-\u9fff]{2,4}、)+[\u4e00-\u9fff]{2,4})(?:等)?([两三四五六七八九十]个?)(县|旗)")
PLACE_ENUM_RE = rx.compile(
    "((?:[\u4e00-\u9fff]{2,5}、)+[\u4e00-\u9fff]{2,5})(等|[两三四五六七八九十]个|[0-9]+个)"
    "(?:深度|重点|特困)?(?:贫困|脱贫|示范|试点)?(嘎查|苏木|乡镇|村|镇|乡)"  # (陈楼、河业刘两个深度贫困村)
    "(?![民庄落里级集委组长干部村镇])"
)


def _good_word_name(text: str, body: str, end: int, parent) -> bool:
    """平安村党支部, 幸福镇哨山村: a village or township named by one good word (平安, 幸福, 团结, 光明) is a
    place where its own organ or a place within it follows, or a known place stands right before it."""
    return len(body) == 2 and jiebadict.tag(body) == "a" and (
        parent is not None or bool(PLACE_ORGAN_AFTER.match(text, end)))


PLACE_ORGAN_AFTER = rx.compile("(?:党支部|党总支|党委|村委会|村民委员会|居委会|[\u4e00-\u9fff]{2,3}[村组屯])")


def _one_word(name: str) -> bool:
    """Does jieba (with its HMM for unknown words) keep the whole place name as one word (九和乡, 三和镇)?"""
    import jieba

    return jieba.lcut(name) == [name]


NAME_OPENERS = frozenset("为对向给在到和与及、，：；（(“")


def _whole_word_start(text: str, s: int, e: int, floor: int) -> int:
    """The start of the word jieba (with its HMM) reads as ending with the place suffix at s..e, when it has
    two characters or more before the suffix (磐安县|九和乡); else s."""
    import jieba

    lo = pos = max(floor, s - 6)
    for tok in jieba.lcut(text[lo:e]):
        a, pos = pos, pos + len(tok)
        if pos == e and s - a >= 2 and all(is_cjk(c) for c in tok) and not re.search("[等的了是在与及或各全该]", tok):
            return a
    if text[s - 1] == "和" and s >= 3 and all(is_cjk(c) for c in text[s - 3 : s - 1]) and \
            jiebadict.tag(text[s - 3 : s - 1]) is None and (s == 3 or text[s - 4] in NAME_OPENERS):
        return s - 3  # 为洪庆和村投入: two characters no dictionary knows, then 和, after a preposition or a list
    return s


def _transcribed(body: str) -> bool:
    """大哈布其拉, 额尔登布拉格: a name transcribed from Mongolian (or another language) is loose characters
    with no dictionary word among them; a function character inside it is a sound, not a word."""
    return len(body) >= 4 and all(is_cjk(c) for c in body) and body[0] not in STOP_CHARS and \
        all(len(t) == 1 for t in seg(body))


def _verb_tail(body: str) -> bool:
    """The body ends in a verb or adjective (发展壮大, 强化, 攻坚): no place is named so."""

    toks = seg(body)
    if not toks:
        return False
    last = toks[-1]
    return len(last) >= 2 and jiebadict.tag(last) in ("v", "vn", "a", "ad", "vd")


_WORD_TAGS_OK = {"ns", "nr", "nrt", "nz", "nt", "j"}
STATIONED_AT = rx.compile("驻|(?:联系|帮扶|扶贫|包扶|示范|定)点")  # (驻|X村, 联系点|X镇: words that lead into a place)
GENERIC_PLACE_WORDS = {"城乡", "城镇", "乡镇", "小镇", "乡村", "农村", "城区", "老城区", "新城区", "嘎查村", "村镇",
                       "集镇", "驻村", "包村", "联村", "全村", "本村", "该村", "各村", "山村", "新农村"}



def _is_surname(ch: str) -> bool:
    from kg.extract.lexicon import load_lexicon

    return ch in load_lexicon().surnames


def _region_just_before(s: int, mentions: list[Mention]) -> Mention | None:
    """The region ending last within six characters before s (the county or township a place lies in)."""
    return max((m for m in mentions if m.type == "Region" and m.end <= s and s - m.end <= 6 and m.end > 0),
               key=lambda m: m.end, default=None)


def _past_lead_words(text: str, start: int, s: int, floor: int) -> int:
    """Where a place's name starts past words that only lead into it: an appointing or stationing verb (任|, 驻|), a
    deictic place word (我县|四开乡), a development zone or an office (郑蒲港新区|姥桥镇, …管理处|大庙村)."""
    if text[start] == "任" and s - start >= 3 and (start == 0 or text[start - 1] in "，,、；;兼现"):
        start += 1
    lead = max((m.end() for m in STATIONED_AT.finditer(text, start, s) if s - m.end() >= 2), default=start)
    start = max(start, lead)  # 武汉分行驻|邹岗镇…工作队, 扶贫联系点|下洼镇: stationed there, or a post's name
    if start > floor and text[start] in "县区市旗" and text[start - 1] in "我本该全此":
        start += 1
    zone = ZONE_IN_BODY.search(text, start, s)
    if zone and s - zone.end() >= 2:
        return zone.end()
    if start > floor and text[start] == "区" and s - start > 2 and is_cjk(text[start - 1]):
        return start + 1  # 航空港区|八岗街道: the scan began at the zone's last character
    return start


def _place_token_ok(text: str, start: int, suffix_start: int, suffix_end: int) -> bool:
    """Reject 城乡, 农村, 乡村, 城镇 …: the place suffix must not sit inside an ordinary dictionary word."""
    import jieba

    window = text[start : min(len(text), suffix_end + 2)]
    pos = 0
    rel_s, rel_e = suffix_start - start, suffix_end - start
    for tok in seg(window):
        a, b = pos, pos + len(tok)
        pos = b
        if a <= rel_s < b:
            if tok == text[suffix_start:suffix_end] or b - a <= rel_e - rel_s:
                return True
            if tok in ("家乡", "家村") and a == 1 and rel_s == 2 and _is_surname(text[start]):
                return True  # 李家乡, 向家村: a surname's 家 + 乡/村 names a township or village, not a hometown
            freq = jieba.dt.FREQ.get(tok) or 0
            tag = jiebadict.tag(tok)
            return not (freq >= 20 and tag not in _WORD_TAGS_OK)
    return True



def _after_county(text: str, s: int, mentions: list[Mention]) -> Mention | None:
    """科左后旗|散都|苏木: two characters right after a county, the second a function character (都, 和) and
    the two no dictionary word: the county the place's name follows (not 也有|乡: a function character first)."""
    if s < 2 or text[s - 1] not in STOP_CHARS or text[s - 2] in STOP_CHARS or jiebadict.tag(text[s - 2 : s]):
        return None
    return next((m for m in mentions if m.type == "Region" and m.adcode and m.end == s - 2), None)
