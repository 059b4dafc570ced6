"""Sides: which region a bare level organ belongs to (区委, 区长, 区政协, 区人大常委会, 区领导, 市委, 县政府 …).

An article about paired assistance names two sides (密云区 and 库伦旗, 昌平区 and 太仆寺旗): 区委 there is
the 区 side's committee, whichever region the article is about. The level character must fit the
region's name (区 → a district, not an autonomous region or a 地区; 县 → a county; 旗 → a banner …), and
the region is the nearest one that fits: earlier in the sentence, then earlier in the article (regions
and the regions of agencies such as 密云区委), then the document's home province, then later in the
sentence, then the document's most named region that fits.
"""

from __future__ import annotations

from functools import lru_cache

from kg import rx
from kg.extract import jiebadict
from kg.extract.mentions import Mention, seg
from kg.graph import entity_id

LEVEL_CHARS = frozenset("区县旗市盟州省")
# organs written after a bare level character (区委, 县政府 …); longest first
BARE_ORGANS = ("人大常委会", "纪委监委", "人民政府", "党委", "政府", "政协", "纪委", "人大", "委")


def level_stands_alone(text: str, start: int, end: int) -> bool:
    """Is the level character at `start` a word of its own before the department written up to `end` (市|财政局,
    省|地方金融监管局), not the first character of a word (市场|监管局, 区域|办)?"""
    if jiebadict.tag(text[start : start + 2]) is None:
        return True
    return end - start >= 6 and len(next(iter(seg(text[start:end])))) == 1  # (省地: a rare word, a long name)


def fits(name: str, ch: str) -> bool:
    """Can a region named `name` be called by the level character `ch` (区委 → 密云区)?"""
    if ch == "区":
        return name.endswith("区") and not name.endswith(("自治区", "地区", "林区", "矿区", "新区"))
    if ch == "县":
        return name.endswith("县")
    if ch == "旗":
        return name.endswith("旗")
    if ch == "市":
        return name.endswith("市")
    return name.endswith(ch)


def region_code(m: Mention, gaz) -> str | None:
    """The adcode of the region a mention stands for: a region's own, an agency's region prefix."""
    if m.type == "Region" and m.adcode:
        return m.adcode
    if m.type in ("Agency", "Region") and m.parent and m.parent.startswith("Region:") and not m.extra.get("located"):
        code = m.parent.split(":", 1)[1]
        return code if code in gaz.regions else None
    return None


COUNTED_LIST = rx.compile("(?:[\u4e00-\u9fff]{2,10}、)+[\u4e00-\u9fff]{2,10}?(?:等)?[0-9一二三四五六七八九十两]+个?"
                          "(?:市州|市县区|县市区|县区|市县|市|县|区|旗|盟|州|地|乡镇|镇|乡)")


@lru_cache(maxsize=64)
def counted_spans(text: str) -> tuple[tuple[int, int], ...]:
    """The spans of place lists closed by their count (兰州、白银、武威5市州): places enumerated, not sides."""
    return tuple(m.span() for m in COUNTED_LIST.finditer(text)) if "、" in text else ()


def side_region(ch: str, pos: int, mentions: list[Mention], actx, ex, text: str = "") -> str | None:
    """The adcode of the region a bare level organ at `pos` of the sentence belongs to, or None."""
    gaz = ex.gaz

    def ok(code: str | None) -> bool:
        return bool(code) and fits(gaz.get(code).name, ch)

    counted = counted_spans(text)
    before = [code for m in mentions if m.end <= pos and ok(code := region_code(m, gaz))
              and not (counted and any(a <= m.start and m.end <= b for a, b in counted))]
    if not before:  # 秦安县…，市乡村振兴局: the 市 the sentence's county lies in
        before = [a for m in mentions if m.end <= pos and m.type == "Region" and (code := region_code(m, gaz))
                  for a in gaz.ancestors(code)[:1] if ok(a)]
    own = [code for code in getattr(actx, "own", {}).values() if ok(code)]
    if own and not before:  # the paper's own city (我市) owns a bare 市委 the sentence gives no place for
        return own[0]
    sides = getattr(actx, "bare_sides", {})
    if ch in sides and not any(ok(region_code(m, gaz)) for m in mentions):
        return sides[ch]  # 市领导X with no 市 in its sentence: the 市 a bare organ of the article stood for
    code = _nearest_side(ch, pos, mentions, actx, ex, text, before)
    if code:
        sides.setdefault(ch, code)
    return code


def _nearest_side(ch: str, pos: int, mentions: list[Mention], actx, ex, text: str, before: list[str]) -> str | None:
    gaz = ex.gaz

    def ok(code: str | None) -> bool:
        return bool(code) and fits(gaz.get(code).name, ch)

    earlier = [*(code for code in getattr(actx, "trail", ()) if ok(code)), *before]
    # 市委书记X和乐山市委书记Y: a side whose organ is named in full after the bare organ is the other
    # person's, so the bare one is the other side of the pair, where the article has named one
    named_after = {code for m in mentions if m.start > pos and ok(code := region_code(m, gaz))
                   and (m.type == "Agency" or text.startswith(BARE_ORGANS, m.end))}
    others = [code for code in earlier if code not in named_after]
    if named_after & set(earlier) and others:
        return others[-1]
    if earlier:
        return earlier[-1]
    if ex.home and ok(ex.home):
        return ex.home  # 记者从省发展改革委获悉：江苏省…: the paper's own province before one named later
    for m in mentions:
        if m.start >= pos:
            code = region_code(m, gaz)
            if ok(code):
                return code
    counted = [(n, code) for code, n in ex.regions.context_codes.items() if code in gaz.regions and ok(code)]
    if counted:
        return max(counted, key=lambda nc: (nc[0], nc[1]))[1]
    named = sorted(code for code in ex.doc_context if code in gaz.regions and ok(code))
    return named[0] if len(named) == 1 else None  # the one such region the document names anywhere


def bare_organ_at(text: str, pos: int) -> tuple[str, str] | None:
    """(level character, organ) when text[pos:] starts with a bare level organ (区委, 县政府, 区人大常委会)."""
    ch = text[pos : pos + 1]
    if ch not in LEVEL_CHARS:
        return None
    for organ in BARE_ORGANS:
        if text.startswith(organ, pos + 1):
            return ch, organ
    return None


def organ_name(region_name: str, organ: str) -> str:
    """密云区 + 委 → 密云区委; an autonomous region's committee is its 党委; a place named by one character and
    its level, and an autonomous prefecture or county, repeat the level (云县 + 委 → 云县县委, as 礼县县委 and
    沛县县委 are written; 黔南州委 → 黔南布依族苗族自治州州委, 寻甸县委 → 寻甸回族彝族自治县县委)."""
    if organ in ("委", "党委"):
        if region_name.endswith("地区"):
            return region_name[:-2] + "地委"  # 和田地区's committee is written 和田地委
        if len(region_name) == 2 and region_name[1] in "县区市旗" or region_name.endswith(("自治州", "自治县")):
            return region_name + region_name[-1] + "委"
        return region_name + ("党委" if region_name.endswith("自治区") else "委")
    if organ == "人大":
        return region_name + "人大常委会"
    return region_name + organ


def region_ref(code: str, ex) -> dict:
    r = ex.gaz.get(code)
    return {"id": entity_id("Region", r.name, r.adcode), "type": "Region", "name": r.name, "level": r.level,
            "adcode": r.adcode, "lon": r.lon, "lat": r.lat}


# the Centre's leading bodies decide the pairings; they are no helper of a place
LEADERSHIP = rx.compile("(?:中共中央(?:政治局)?(?:常委会)?|国务院|全国人大(?:常委会)?|全国政协|中央)$")

def is_leadership(m: Mention) -> bool:
    """The Party Centre (中央 alone) or one of the Centre's leading bodies (LEADERSHIP)."""
    return m.kind == "centre" or m.type == "Agency" and LEADERSHIP.match(m.name) is not None


# 按照中央的决策部署, 根据中央部署, 中央确定…: 中央 alone, whose decisions and requirements these are, is the Party
# Centre (中共中央); 中央单位, 中央财政, 团中央 and the like are not
CENTRE_RE = rx.compile("(?<![中党共团革盟建])中央(?=的?(?:决策部署|统一部署|部署|要求|决策|精神|号召|指示|安排)|关于|实施|印发|"
                       "出台|作出|提出|确定|决定|明确|没有|和(?:省|自治区|市|区)委?)")


def centre_mentions(text: str) -> list[Mention]:
    """The Party Centre written as 中央 alone (see CENTRE_RE)."""
    out = []
    for cm in CENTRE_RE.finditer(text):
        m = Mention(cm.start(), cm.end(), "Agency", "中共中央", kind="centre")
        m.aliases.add("中央")
        out.append(m)
    return out


# 东西部协作: the provinces (and municipalities) that help; the other side of a pairing is helped
EAST_HELPERS = frozenset({"11", "12", "31", "32", "33", "35", "37", "44", "21"})


def side_of(m: Mention, gaz) -> str | None:
    """east (a helping province's region or organ), west (any other region's), centre (a central unit
    or a company of the lexicon with no region), or None (unknown)."""
    if m.type == "Region" and not m.adcode and "parent_mention" not in m.extra:
        return None  # a township whose county is only the article's guess: side unknown
    code = region_code(m, gaz)
    if code:
        return "east" if code[:2] in EAST_HELPERS else "west"
    if m.type == "Agency" and m.kind == "lex" and not m.parent:
        return "centre"
    if m.type == "Agency" and not m.parent:  # 济南高新区, 杭州某公司: a body named after its city
        _k, codes = gaz.leading_place(m.name[:-2], 6)
        if len({c[:2] for c in codes}) == 1:
            return "east" if codes[0][:2] in EAST_HELPERS else "west"
    return None


def helper_first(a: Mention, b: Mention, gaz) -> tuple[Mention, Mention]:
    """In a pairing the helping side is the source: 城关区与通州区 -> (通州区, 城关区); a central unit
    helps a region."""
    if side_of(a, gaz) == "west" and side_of(b, gaz) in ("east", "centre"):
        return b, a
    return a, b
