"""Names a document teaches itself: a company no lexicon knows is named where a post only a company has
follows it (中建科工党委书记、董事长王宏, 某某控股总经理), and the name then counts wherever the document
writes it again (中建科工受邀参加…). Only names without a suffix of their own (公司, 集团: organs.py finds
those) are learnt this way. And the names a document gives the lexicon's entries: a programme as written there
(对口援疆, not the lexicon's 对口支援新疆), an agency written only in a fuller form (国家电网有限公司); an agency named
again by the end of its full name (博源集团 after 鄂尔多斯博源集团); the canonical form of a name (a programme's
paired quotes as written)."""

from __future__ import annotations

import re

from kg import rx
from kg.extract.lexicon import LexEntry
from kg.extract.matcher import Entry
from kg.extract.mentions import Mention, body_ok

# a company's head: 董事长, 总经理, 总裁, after the company's own party post or not (党委书记、董事长)
COMPANY_HEAD_RE = rx.compile(
    "(?:^|(?<=[，,、。；;：:（(\\s“”]))([\u4e00-\u9fff]{3,8}?)"
    "(?:党委|党组)?(?:副)?(?:书记、)?(?:常务)?(?:副)?(?:董事长|总经理|总裁)(?=[\u4e00-\u9fff]{2,3}[，,、。和及等出参])"
)
# words a name of this kind never holds or ends with: a clause, an organ, a unit with a suffix of its own
NOT_IN_NAME = rx.compile("[的是了在和与及为把被从向对等]|公司|集团|银行|企业|单位|部门|机构|委员会|^(?:原|前|现|时任|兼)")

QUOTES_RE = rx.compile("[“”\"「」『』‘’']")
OTHER_QUOTES_RE = rx.compile("[\"「」『』‘’']")  # every quote but the paired “ ” a programme's name keeps


def titled_companies(text: str, known_words) -> list[str]:
    """Company names written before a company head's title that no lexicon entry covers."""
    names: list[str] = []
    for m in COMPANY_HEAD_RE.finditer(text):
        name = m.group(1)
        if name in names or name in known_words or NOT_IN_NAME.search(name) or not body_ok(name):
            continue
        names.append(name)
    return names


def learnt_matches(text: str, known_words) -> list[tuple[int, int, str, tuple]]:
    """(start, end, word, entries) matches of the document's learnt company names, everywhere they occur."""
    out = []
    for name in titled_companies(text, known_words):
        entries = (Entry("agency", LexEntry(name=name, aliases=(), kind="soe", region=None)),)
        at = text.find(name)
        while at >= 0:
            out.append((at, at + len(name), name, entries))
            at = text.find(name, at + len(name))
    return out


NEWS_SITE_RE = rx.compile("^([\u4e00-\u9fff]{2,8}?)(?:大学|学院)?(?:新闻网|新闻中心|校报|报)")


def dateline_school(datelines: list[str], agency_by_name) -> str | None:
    """The university whose own news site a dateline names (南开新闻网讯 -> 南开大学), when the lexicon knows it:
    the school 我校 and 校党委 belong to in a page that never writes its full name."""
    for d in datelines:
        m = NEWS_SITE_RE.match(d)
        if m is None:
            continue
        for name in (m.group(1) + "大学", m.group(1) + "学院", m.group(1)):
            ent = agency_by_name.get(name)
            if ent is not None and ent.kind in ("university", "school"):
                return ent.name
    return None


def written_names(spans: dict[str, set[tuple[int, int, str]]], agencies: set[str]) -> dict[str, str]:
    """Lexicon name -> the name a document gives the entity: its fullest written form, unless the document
    writes the lexicon's own name — for a programme anywhere (对口援疆工作, 粤桂协作工作), for an agency on its own
    (not only inside a longer form of it: 国家电网 inside 国家电网有限公司). spans: the lexicon name's matches
    in the document, (start, end, written form); agencies: the names that are agencies'."""
    out = {}
    for name, found in spans.items():
        own = [(a, b) for a, b, w in found if w == name]
        if name in agencies:
            own = [(a, b) for a, b in own if not any(a2 <= a and b <= b2 and (a2, b2) != (a, b) for a2, b2, _w in found)]
        if not own:
            out[name] = max((w for _a, _b, w in found), key=lambda w: (len(w), w))
    return out


def shorten_to_full(mentions, seen: set[str], gaz) -> None:
    """博源集团 after 鄂尔多斯博源集团, 寸草塔二矿 after 神东煤炭寸草塔二矿: an agency named again by the end of
    the name the document first gave it in full is that agency (when one name so ends), unless what the
    short name leaves out is only its place (平地泉中学 after 察右前旗平地泉中学: the document's two names of
    one body, either of which a reader may use). seen: the agency names of the sentences before, updated
    with this sentence's."""
    for m in mentions:
        if m.type != "Agency" or len(m.name) < 4 or m.name in seen or not body_ok(m.name) or \
                (m.parent or "").startswith("Region:"):
            continue  # (商都县职业技术学校 after 乌兰察布市商都县职业技术学校: named by its place already)
        longer = [n for n in seen if n.endswith(m.name) and not _places_only(n[: -len(m.name)], gaz)]
        if len(longer) == 1:
            m.aliases.add(m.name)
            m.name = longer[0]
    seen.update(m.name for m in mentions if m.type == "Agency")


def _places_only(prefix: str, gaz) -> bool:
    """Is the prefix a chain of place names (内蒙古通辽市, 察右前旗)?"""
    while prefix:
        k, _codes = gaz.leading_place(prefix, len(prefix))
        if not k:
            return False
        prefix = prefix[k:]
    return True


def quoted_as_written(name: str) -> str:
    """A programme keeps the double quotes it is written with (消费扶贫“七进”活动), ASCII pairs written as “…”;
    a quote left without its pair, and quotes of other kinds (「」, ‘’), are dropped."""
    name = re.sub('"([^"]*)"', "“\\1”", name)
    if not re.fullmatch("[^“”]*(?:“[^“”]+”[^“”]*)*", name):
        return QUOTES_RE.sub("", name)
    return OTHER_QUOTES_RE.sub("", name)


def canonical_name(m: Mention) -> None:
    """Names as one entity is known everywhere: programmes with their paired double quotes as written (“十四五”规划,
    十四五规划 an alias), an autonomous region's government as …自治区人民政府; the written form stays an alias."""
    if m.type == "Program" and QUOTES_RE.search(m.name):
        m.aliases.update((m.name, QUOTES_RE.sub("", m.name)))
        m.name = quoted_as_written(m.name)
    elif m.type == "Agency" and m.name.endswith("自治区政府"):
        m.aliases.add(m.name)
        m.name = m.name[:-2] + "人民政府"


# a school or hospital, and the words that only say its kind (第一中学, 人民医院, 卫生院: no name of its own)
INSTITUTION_END = rx.compile("(?:中学|小学|学校|医院|卫生院|幼儿园|[一二三四五六七八九十]中)$")
KIND_ONLY = rx.compile("(?:第[一二三四五六七八九十]+|中心|实验|人民|中医|蒙医|藏医|维吾尔医|中蒙|蒙中|民族|职业技术|职业|"
                       "高级|完全|初级|特殊教育|妇幼保健|[县旗市区乡镇])*(?:中学|小学|学校|医院|卫生院|幼儿园|[一二三四五六七八九十]中)")


def addressed_name(text: str, m: Mention, mentions: list[Mention]) -> Mention:
    """内蒙古自治区乌兰察布市|丰镇第一中学, 贵州省从江县丙妹镇|大歹小学: a school or hospital written after a chain of
    two places and more is named without that address, keeping the last place where the rest only says its kind
    (内蒙古通辽市|奈曼旗蒙医医院); after one place, the place is part of its name (东营市东城医院)."""
    if m.type != "Agency" or not INSTITUTION_END.search(m.name):
        return m
    places, pos = [], m.start
    while (q := next((q for q in mentions if q.type == "Region" and q.start == pos and q.end < m.end), None)):
        places.append(q)
        pos = q.end
    if len(places) < 2:
        return m
    start = places[-1].start if KIND_ONLY.fullmatch(text, pos, m.end) else pos
    m.aliases.add(m.name)
    m.name = text[start : m.end]
    return m
