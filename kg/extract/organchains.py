"""Organ chains after a region or an agency: 北京市委, 山西省委办公厅, 自治区民政厅社会救助处, a delegation
(北京市党政代表团), and the organs listed after one owner (自治区党委、人大常委会、政府、政协)."""

from __future__ import annotations

import re
from functools import lru_cache

from kg import rx
from kg.extract.gazetteer import load_gazetteer
from kg.extract.lexicon import load_lexicon
from kg.extract.mentions import (
    BODY,
    EMPTY_OK,
    KIND_NOT_NAME,
    NOT_DEPARTMENTS,
    ORG_ELEMENT,
    SINGLE_CHAR_MIN_BODY,
    STRONG_ORG_SUFFIXES,
    Mention,
    body_ok,
    glued_suffix,
    suffix_at_word_end,
)
from kg.extract.sides import LEVEL_CHARS, organ_name
from kg.graph import entity_id

SUBUNITS = {"领导小组", "工作领导小组", "领导小组办公室", "办公室", "办公厅", "党委", "纪委", "纪委监委", "工作组", "调研组", "司",
            "指挥部", "常委会", "政治局", "政治局常委会", "办", "处", "部", "党校"}  # (上海市委|党校)
REGION_OWN_ORGANS = {"委", "党委", "政府", "人民政府", "人大常委会", "政协", "纪委", "纪委监委", "市委", "县委", "旗委",
                     "区委", "盟委", "州委", "省委"}
PARTY_UNIT_AFTER = rx.compile("办公厅|办公室|组织部|宣传部|统战部|政法委|政研室|农办|网信办|编办|办(?=(?:常务)?副?主任)")  # (旗委办主任)
NAMED_BODY_ENDS = tuple(STRONG_ORG_SUFFIXES)  # (companies, foundations, schools: bodies with names of their own)
JOINING_WORDS = rx.compile("携手|联合|会同|协同|共同|和|与|及|同")
LEVEL_COMMITTEES = {"市委", "县委", "旗委", "区委", "盟委", "州委", "省委"}
SCHOOL_KINDS = ("大学", "学院", "学校")
# a group that is named as a body's unit only by its head's title after it (市委组织部纪检监察组组长,
# 伊宁市疫情防控物资保障组副组长): 组 alone is no organ suffix (小组, 村民小组)
HEADED_GROUP = rx.compile(f"{BODY}{{2,10}}?组(?=副?组长)")


def chain_parts(text: str, p: Mention, mentions: list[Mention]) -> tuple[list[str], int | None, Mention | None]:
    """The organ elements after p (up to three: 自治区|民政厅|社会救助处), where they end, and a second organ
    with its own deictic prefix met on the way (内蒙古自治区党委|自治区人民政府)."""
    pos = p.end
    chain_end = None
    parts: list[str] = []
    second = None
    for _k in range(3):
        dept = PARTY_UNIT_AFTER.match(text, pos) if parts and parts[-1].endswith("委") else None
        if dept:  # 山西省委|办公厅, 省委|组织部: a department of the committee
            parts.append(dept.group(0))
            chain_end = pos = dept.end()
            continue
        group = HEADED_GROUP.match(text, pos)
        if group and body_ok(group.group(0)[:-1], organ=True) and \
                not (group.group(0).endswith("小组") and not group.group(0).endswith("领导小组")):  # (村民小组)
            parts.append(group.group(0))
            chain_end = group.end()
            break
        em = ORG_ELEMENT.match(text, pos)
        if not em:
            break
        body, suffix = em.group(1), em.group(2)
        if suffix == "委" and not body and PARTY_UNIT_AFTER.match(text, em.end()):
            parts.append(suffix)  # (jieba glues 委办 in 省委办公厅)
            chain_end = pos = em.end()
            continue
        if not body and suffix not in EMPTY_OK and not (parts and suffix in SUBUNITS):
            break
        if p.type == "Agency" and not parts and suffix not in SUBUNITS:
            break  # 中共中央政治局 + 委(员): only real sub-units follow an agency name
        if not suffix_at_word_end(text, em.start(2), em.end(2)) or glued_suffix(text, body, em.start(2), em.end(2)):
            break
        if len(suffix) == 1 and any(q.type == "Region" and q.end == em.start(2) for q in mentions) and \
                glued_suffix(text, "", em.start(2), em.end(2)):
            break  # 耀州区|所需: a word after the place, not an organ 所
        if re.search("高校|院校", body) or body in ("乡村", "农村", "城乡") or KIND_NOT_NAME.search(body):
            break  # 上海市共建高校|东华大学, 该县乡村学校: a category, not the organisation's own name
        if (body + suffix).endswith(NOT_DEPARTMENTS):
            break  # 赤峰市西北部: a direction, not a department
        if body + suffix in ("常委", "委员"):
            break  # 四川省委|常委: a post, not an organ
        if len(suffix) == 1 and any((body + suffix).endswith(t) for t in _unit_titles()):
            break  # 援藏工作队|总领队: a post whose last character is a unit's
        if len(suffix) == 1 and suffix != "委" and len(body) < SINGLE_CHAR_MIN_BODY:
            break
        if body.startswith(("和", "及", "与", "受", "被")) or body.endswith(("和", "及", "与")) or \
                re.search("(?:领导|干部|同志|负责人|代表|群众)和", body) or \
                not body_ok(body.replace("和", ""), organ=True) or \
                body.startswith(("两地", "两市", "两县", "两区", "两旗", "两省", "双方")) and not p.extra.get("pair"):
            break  # (福州、定西两地党委: both sides' committees, not one region's; 京蒙两地政协 names each)
        if suffix in ("党组",):
            break
        if _another_places_organ(text, p, em, parts, mentions):
            break
        if parts and len(body) == 1 and body in LEVEL_CHARS and p.type == "Region" and p.name.endswith(body):
            # 莱西市委市政府: a second organ of the same region
            second = Mention(em.start(), em.end(), "Agency", organ_name(p.name, suffix), kind="org-chain")
            second.aliases.add(body + suffix)
            second.parent = entity_id("Region", p.name, p.adcode)
            second.extra["region_name"] = p.name
            break
        if parts and (any(q.start == em.start() and q.type == "Region" for q in mentions)
                      or body.startswith("自治区")):
            second = _second_organ(text, em, p)
            break
        parts.append(suffix if body == "校" and p.name.endswith(SCHOOL_KINDS) else body + suffix)  # 大学|校|党委
        chain_end = em.end()
        pos = em.end()
        if suffix == "代表团":
            break
    return parts, chain_end, second


def _another_places_organ(text: str, p: Mention, em, parts: list[str], mentions: list[Mention]) -> bool:
    """Is the organ element em another place's rather than p's?"""
    if any(q.type == "Region" and em.start() < q.start < em.start(2) and
           JOINING_WORDS.search(text, em.start(), q.start) for q in mentions):
        return True  # 北京市政协|携手内蒙古自治区政协: a joining word and another place start a body of its own
    inner = next((q for q in mentions if q.start == em.start() and q.type == "Region"), None)
    while inner is not None:  # (山东省|德州市庆云县委: the last of the places written one after another)
        nxt = next((q for q in mentions if q.start == inner.end and q.type == "Region"), None)
        if nxt is None:
            break
        inner = nxt
    if parts or inner is None:
        return False
    organ = ORG_ELEMENT.match(text, inner.end)
    if organ and organ.group(0) in REGION_OWN_ORGANS:
        return True  # 昆明市|寻甸回族彝族自治县县委: a committee or government is the inner region's
    # 呼和浩特市|内蒙古自治区红十字会: a wider place after a narrower one owns the organ; the first is where
    return bool(p.type == "Region" and p.adcode and inner.adcode and inner.adcode != p.adcode
                and load_gazetteer().is_within(p.adcode, inner.adcode))


def _second_organ(text: str, em, p: Mention) -> Mention | None:
    """内蒙古自治区党委自治区人民政府: the second organ, whose 自治区 is p's."""
    em2 = ORG_ELEMENT.match(text, em.start() + 3)
    if not (em.group(1).startswith("自治区") and p.type == "Region" and p.name.endswith("自治区") and em2
            and not em2.group(1) and em2.group(2) in EMPTY_OK):
        return None
    sm = Mention(em.start(), em2.end(), "Agency", p.name + em2.group(2), kind="org-chain")
    sm.aliases.add(text[em.start() : em2.end()])
    sm.parent = entity_id("Region", p.name, p.adcode)
    sm.extra["region_name"] = p.name
    return sm


def delegation(p: Mention, chain_end: int, mentions: list[Mention]) -> Mention:
    """A delegation acts as its region: the innermost one of the chain (内蒙古自治区通辽市库伦旗政府代表团 →
    库伦旗)."""
    r = p
    while True:
        nxt = next((m for m in mentions if m.type == "Region" and m.start == r.end and m.end <= chain_end), None)
        if nxt is None:
            break
        r = nxt
    return Mention(p.start, chain_end, "Region", r.name, adcode=r.adcode, level=r.level, aliases=set(r.aliases),
                   kind=r.kind, extra={"delegation": True})


def chain_mention(text: str, p: Mention, parts: list[str], chain_end: int) -> Mention | None:
    """The agency a chain names. Names keep the written form; a deictic prefix is restored (自治区民政厅 ->
    内蒙古自治区民政厅), X县委/X旗委 after a region is that region's committee (克什克腾县委 -> 克什克腾旗委), and
    a pair's organ is each region's (京蒙两地党委 -> 北京市委, 内蒙古自治区党委), never one joined name."""
    written = text[p.start : p.end]
    pair = p.extra.get("pair") if p.type == "Region" else None
    if pair:
        first = re.sub("^(两地|双方|两省区|两省|两市|两区)", "", parts[0])
        if not first:
            return None
        prefix_name = p.name
        parts = [organ_name(p.name, first)[len(p.name):]] + parts[1:]
    elif p.type == "Region" and p.kind == "short" and p.name.endswith(("自治州", "自治县")) and \
            (written + parts[0]).endswith(("州委", "县委")):
        prefix_name = written  # 黔东南州委, 玉屏县委: an autonomous place's committee as written
    elif p.type == "Region" and p.extra.get("deictic"):
        prefix_name = p.name
    elif p.type == "Region" and parts[0] in LEVEL_COMMITTEES:
        prefix_name = p.name
        parts = [organ_name(p.name, "委")[len(p.name):]] + parts[1:]  # (寻甸回族彝族自治县县委 keeps its 县委)
    elif p.type == "Region" and len(parts[0]) > 2 and parts[0][0] == p.name[-1] and \
            parts[0][1:] in ("政府", "人民政府", "人大常委会", "政协", "纪委") and \
            not p.name.endswith(("自治县", "自治旗")):
        prefix_name = p.name  # 萧县|县政府 -> 萧县政府 (the level character written twice)
        parts = [parts[0][1:]] + parts[1:]
    elif p.type == "Region" and p.kind == "short" and parts[0] in ("委", "政府", "人民政府", "党委"):
        prefix_name = p.name
        parts = [organ_name(p.name, parts[0])[len(p.name):]] + parts[1:]
    else:
        prefix_name = written if p.type == "Region" else p.name
    name = prefix_name + "".join(parts)
    m = Mention(p.start, chain_end, "Agency", name, kind="org-chain")
    surface = text[p.start : chain_end]
    if surface != name and not pair:
        m.aliases.add(surface)
    if p.type == "Region":
        m.parent = entity_id("Region", p.name, p.adcode)
        m.extra["region_name"] = p.name
    m.extra["prefix"] = p
    if pair:
        m.extra["pair"] = pair
    return m


def listed_after(text: str, pos: int, head: Mention, blockers: list[Mention], allow_empty: bool) -> list[Mention]:
    """Organs listed after an organ share its region: 自治区党委、人大常委会、政府、政协 / 区纪委监委、发展改革委、
    财政局 (allow_empty: a bare organ word such as 政府 may follow)."""
    out: list[Mention] = []
    region_name, region_id = head.extra.get("region_name"), head.parent
    if not region_name or not region_id or head.name.endswith(NAMED_BODY_ENDS):
        return out  # (北京某某基金会、某某公司: a place in a company's or a foundation's name owns nothing after it)
    while pos < len(text) and text[pos] == "、":
        em = ORG_ELEMENT.match(text, pos + 1)
        if not em or not suffix_at_word_end(text, em.start(2), em.end(2)):
            break
        body, suffix = em.group(1), em.group(2)
        if not body and not (allow_empty and suffix in EMPTY_OK) or not body_ok(body) or (
                len(suffix) == 1 and len(body) < SINGLE_CHAR_MIN_BODY and suffix != "委"):
            break
        if any(q.start <= em.start() < q.end or q.type == "Region" and em.start() < q.start < em.end()
               for q in blockers):
            break  # (…、民进佛山市委会: an organ naming a place of its own is not the owner's)
        if body[:1] in LEVEL_CHARS and region_name.endswith(body[:1]):
            body = body[1:]  # 旗委、旗政府: the level character repeats the owner's
        end, unit = em.end(), ""
        dept = PARTY_UNIT_AFTER.match(text, end) if suffix in ("委", "党委", "政府", "人民政府") else None
        if dept:
            end, unit = dept.end(), dept.group(0)  # 北京市委办公厅、市政府|办公厅
        nm = Mention(pos + 1, end, "Agency", region_name + body + suffix + unit, kind="org-enum")
        nm.aliases.add(body + suffix + unit)
        nm.parent = region_id
        nm.extra["region_name"] = region_name
        for key in ("prefix", "pair"):
            if key in head.extra:
                nm.extra[key] = head.extra[key]
        out.append(nm)
        pos = end
    return out


@lru_cache(maxsize=1)
def _unit_titles() -> tuple[str, ...]:
    """The lexicon's titles that end like a unit (领队, 总领队), longest first; not 委 (常委 is checked above)."""
    return tuple(sorted((t for t in load_lexicon().titles if len(t) >= 2 and t[-1] in "队处所站院馆司局厅部署办"),
                        key=len, reverse=True))


# a body's branch in a place, written right after the body (上海市慈善基金会|静安区分会, 前方指挥部|巴楚分指挥部,
# 清华大学附属中学|昌平学校)
SUB_BRANCH = rx.compile("[\u4e00-\u9fff]{2,8}?(?:分会|分指挥部|分公司|分院|分校|分中心|分部|学校|校区)")


def sub_branches(text: str, mentions: list[Mention]) -> list[Mention]:
    """上海市慈善基金会静安区分会, 上海市对口援疆工作前方指挥部巴楚分指挥部: a named body followed at once by a
    place's 分会 / 分指挥部 / 分公司 … is one body, the branch, named by the whole."""
    out = []
    for m in mentions:
        if m.type != "Agency" or m.kind == "branch":
            continue
        bm = SUB_BRANCH.match(text, m.end)
        if bm is None or not any(q.type in ("Region", "Agency") and q.start == m.end for q in mentions):
            continue  # (the branch's own name opens with a place or is read as a body of its own)
        b = Mention(m.start, bm.end(), "Agency", text[m.start : bm.end()], kind="branch")
        if text[m.start : m.end] != m.name:
            b.name = m.name + text[m.end : bm.end()]
            b.aliases.add(text[m.start : bm.end()])
        b.parent = m.parent
        out.append(b)
    return out
