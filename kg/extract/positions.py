"""Posts: which organisation or region a title before a person's name points to (北京市委书记 -> 北京市委,
市长 -> the city, 区委副书记 -> the 区 side's committee, 人大常委会主任 -> the region's 人大常委会), parsed
leftwards through chains joined by 、 or 兼 (自治区党委书记、人大常委会主任石泰峰)."""

from __future__ import annotations

import re
from functools import lru_cache

from kg import rx
from kg.extract.mentions import BODY, NOT_DEPARTMENTS, Mention, body_ok
from kg.extract.postunits import bare_start, bare_unit, unit_target, unknown_body_start, unnamed_unit
from kg.extract.sides import LEVEL_CHARS, fits, organ_name, region_ref, side_region
from kg.graph import entity_id

# the heads named for the kind of body they head (民政厅党组书记、厅长: the 厅's head; but 中心党组书记、主任: two posts)
HEAD_OF_DEPARTMENT = rx.compile("^(原)?(副)?(厅长|局长|部长|署长|行长|总经理|董事长|院长|校长|社长|台长)$")
# a bare head's title and the bodies it heads (…政协副主席A主持，秘书长B参加: the 政协's)
HEAD_OF_NAMED_BODY = {"局长": "局", "厅长": "厅", "部长": "部", "指挥长": "指挥部", "会长": "会", "院长": "院",
                      "秘书长": ("政协", "人大常委会", "政府", "协会", "商会", "联合会")}
SCHOOL_TITLES = ("校长", "校长助理", "校党委书记", "校党委副书记")
REGION_ORGANS = ("委", "党委", "政府", "人民政府", "政协", "人大常委会", "纪委", "纪委监委")
ORGAN_TITLE_PREFIXES = ("人大常委会", "政协", "纪委监委", "纪委", "监委", "街道办事处", "社区居委会", "居委会", "村委会",
                        "常委会")
# bodies whose head is a 主席 (the chair of the body, not of a region's government)
CHAIRED_BODIES = ("政协", "工会", "协会", "联合会", "促进会", "联谊会", "基金会", "商会", "侨联", "妇联", "工商联", "科协", "残联", "文联", "红十字会")
GOVERNMENT_BODIES = ("政府", "行署", "公署", "办事处")  # whose heads' titles point to the region
GOV_REGION_TITLE = rx.compile("^(原|代)?(常务)?(副)?(省长|主席|市长|区长|县长|旗长|盟长|州长|乡长|镇长|苏木达|嘎查达|专员)$")
# the kind of place a head-of-government title heads, by the end of its name
HEAD_FITS = {"主席": "自治区", "省长": "省", "市长": "市", "县长": "县", "旗长": "旗", "盟长": "盟", "州长": "州"}
IMPLICIT_ORG = rx.compile(
    f"({BODY}{{0,8}}?)(人大常委会|常委会|政协|人民政府|政府|党委|纪委监委|纪委|监委|办公室|组织部|宣传部|统战部|"
    "政法委|中心|厅|局|部|委|办|处)$"
)


APPOINTING_WORDS = ("挂任", "担任", "兼任", "出任", "接任")  # a post taken: 孙浩挂任…, 郝颖挂任…副处长


def _plain(title: str) -> str:
    """The title without 原 (former) or 代 (acting)."""
    return title[1:] if title[:1] in ("原", "代") else title


@lru_cache(maxsize=1)
def _tables():
    from kg.extract.lexicon import load_lexicon

    lex = load_lexicon()
    titles = sorted(lex.titles, key=len, reverse=True)
    return lex, titles


@lru_cache(maxsize=1)
def _title_index() -> tuple[frozenset, tuple[int, ...]]:
    """The lexicon's titles as a set, and their lengths longest first."""
    titles = _tables()[1]
    return frozenset(titles), tuple(sorted({len(t) for t in titles}, reverse=True))


CONTRACTED_HEADS = frozenset({"市长", "县长", "区长", "省长", "州长", "旗长", "盟长"})


def contracted_head(text: str, s: int, title: str, mentions) -> Mention | None:
    """上海市长, 赤峰市长: a head's title whose level character is the last of the region's name before it."""
    if title not in CONTRACTED_HEADS:
        return None
    return next((m for m in mentions if m.type == "Region" and m.adcode and m.end == s + 1
                 and m.name.endswith(title[0]) and text[m.end - 1] == title[0]), None)


def title_starting_at(text: str, pos: int) -> str | None:
    """The longest of the lexicon's titles written at pos (部长, 常务副主席, 馆长 …), or None."""
    tset, lengths = _title_index()
    return next((text[pos : pos + n] for n in lengths if text[pos : pos + n] in tset), None)


def _title_ending_at(text: str, end: int, floor: int, mentions=()) -> str | None:
    tset, lengths = _title_index()
    orgs = None
    for n in lengths:
        s = end - n
        if s < floor:
            continue
        t = text[s:end]
        if t not in tset:
            continue
        if orgs is None:
            orgs = [m for m in mentions if m.type in ("Agency", "Region") and m.start < end and m.end > s - 1]
        if contracted_head(text, s, t, orgs) is None and \
                any(m.start < s < m.end or m.start <= s < m.end <= end for m in orgs):
            continue  # a title never starts inside an organisation or place name (校党委|书记)
        if s > floor and text[s - 1] in "原代":
            return text[s - 1] + t  # 原副市长 (former), 代市长 (acting)
        return t
    return None



def clause_start(text: str, pos: int) -> int:
    """Where the clause that pos is in starts (after ，。；： or at the text's start)."""
    return max(text.rfind(c, 0, pos) for c in "，,。；;：:") + 1


def _names_someone(text: str, end: int, mentions) -> bool:
    """Does the comma-separated item ending at end name a person (郝颖挂任…副处长，|…)? Its posts are that
    person's, not the next name's."""
    start = clause_start(text, end)
    return any(m.type == "Person" and start <= m.start < end for m in mentions) or \
        any(w in text[start:end] for w in (*APPOINTING_WORDS, "挂职"))


def _has_title(body: str) -> bool:
    """Does a stretch of text hold a title of two or more characters (副县长李峰和欧文莱: a post and a name,
    no body)?"""
    tset, lengths = _title_index()
    return any(t in tset and t.endswith(("长", "书记", "主任", "主席"))  # (not 领导|小组, 委员|会: a body's words)
               for n in lengths if n >= 2 for i in range(len(body) - n + 1) if (t := body[i : i + n]))


def _implicit_org(win: str, start: int) -> re.Match | None:
    """The organ written just before a title with no mention of its own: the longest that is a body's name
    (在县委|常委: not 在县委, whose body 在县 is none)."""
    im = IMPLICIT_ORG.search(win, start)
    while im and not (body_ok(im.group(1), organ=True) and (im.group(1) or len(im.group(2)) >= 2)
                      and not im.group(1).startswith(("任", "兼", "挂"))  # (，任|县委常委: the verb of the post)
                      and not im.group(0).endswith(NOT_DEPARTMENTS)):  # (挂职干部|领队)
        im = IMPLICIT_ORG.search(win, im.start() + 1)
    return im


def positions(text: str, name_start: int, mentions: list[Mention], ex, actx) -> list[tuple[dict, str]]:
    """Parse `org title、org title、title NAME` leftwards from the name. Returns [(target ref, title)]."""
    segs = _segments(text, name_start, mentions, ex.matcher.agency_by_name)
    if len(segs) == 1 and segs[0][0] is None and _plain(segs[0][1]).removeprefix("副") in HEAD_OF_NAMED_BODY:
        # 从云南省乡村振兴局获悉，局长X: a head's bare title after the body of its kind the sentence named
        suffix = HEAD_OF_NAMED_BODY[_plain(segs[0][1]).removeprefix("副")]
        body = [m for m in mentions if m.type == "Agency" and m.end < name_start - len(segs[0][1])
                and m.name.endswith(suffix)]
        if body:
            return [(ex.ref(body[-1]), segs[0][1])]
    return _resolve_segments(segs, mentions, ex, actx, text)


def _segments(text: str, name_start: int, mentions: list[Mention],
              known: dict) -> list[tuple[Mention | dict | None, str]]:
    """The (organisation, title) segments before a name, left to right; an organisation not among the
    mentions is a dict: organ_of (赤峰市委|常委), implicit (人大常委会主任, 政协副主席) with a side, gov_side
    (区长, 区领导)."""
    segs: list[tuple[Mention | dict | None, str]] = []
    end = name_start
    while True:
        title = _title_ending_at(text, end, 0, mentions)
        if not title:
            break
        ts = end - len(title)
        org = contracted_head(text, ts, title, mentions)  # 上海市|长: the region's name holds the level
        at = ts - 1 if text[ts - 1 : ts] == "“" and text.startswith("”", end) else ts  # 向家村|“名誉村长”
        for m in mentions if org is None else ():
            if m.end == at and m.type in ("Agency", "Region") and not m.extra.get("delegation"):
                org = m
                break
        if org is None:
            # 赤峰市委|常委: a region and an organ word the mentions did not join
            for m in mentions:
                if m.type == "Region" and m.adcode and m.end < ts and text[m.end : ts] in REGION_ORGANS:
                    org = {"organ_of": m, "organ": text[m.end : ts]}
                    break
        seg_start = (org["organ_of"].start if isinstance(org, dict) else org.start) if org else ts
        op = next((o for o in ORGAN_TITLE_PREFIXES if _plain(title).startswith(o)
                   and len(_plain(title)) > len(o)), None)
        if op is not None:
            # 人大常委会主任: an organ written inside the title; its region comes from the organ before it,
            # or from the side a bare level character names (区人大常委会主任 → the 区 of the article)
            side = None
            if org is None and ts > 0 and text[ts - 1] in LEVEL_CHARS and bare_start(text, ts - 1, mentions):
                side = (text[ts - 1], ts - 1)
                seg_start = ts - 1
            segs.append(({"implicit": op, "owner": org, "side": side}, _plain(title)[len(op):]))
            if seg_start > 0 and text[seg_start - 1] in "、兼":
                end = seg_start - 1
                continue
            break
        if org is None and (implicit := _implicit_segment(text, ts, title, mentions)) is not None:
            org, seg_start = implicit
        if org is None and (bare := bare_unit(text, ts, mentions, known)) is not None:
            org, seg_start = bare
        if org is None and _plain(title).removeprefix("副")[:1] in LEVEL_CHARS and \
                GOV_REGION_TITLE.match(title):
            org = {"gov_side": (_plain(title).removeprefix("副")[0], ts)}  # 区长X: the 区 side
        elif org is None and ts > 0 and text[ts - 1] in LEVEL_CHARS and bare_start(text, ts - 1, mentions):
            org = {"gov_side": (text[ts - 1], ts - 1)}  # 区领导X: a post of the 区 side itself
            seg_start = ts - 1
        if org is None and (unnamed := unnamed_unit(text, ts, _plain(title).removeprefix("副"), mentions)) is not None:
            org, seg_start = unnamed
        segs.append((org, title))
        if seg_start > 2 and text[seg_start - 2 : seg_start] == "挂职" and text[seg_start - 3] in "、兼":
            end = seg_start - 3  # 区委副书记、挂职|水城区委常委: a seconded post goes on the list
            continue
        if seg_start > 0 and text[seg_start - 1] in "、兼":
            end = seg_start - 1
            continue
        if seg_start > 1 and text[seg_start - 1] in "，," and _title_ending_at(text, seg_start - 1, 0, mentions) \
                and not _names_someone(text, seg_start - 1, mentions):
            end = seg_start - 1  # 区委统战部副部长，区侨联主席，区侨办主任X: posts listed with commas
            continue
        sep = unknown_body_start(text, ts) if org is None else None
        if sep is not None and _title_ending_at(text, sep, 0, mentions) and not _has_title(text[sep + 1 : ts]):
            end = sep  # 副部长、|部援藏援疆工作领导小组|组长X: a body no mention names does not end the posts
            continue
        if (org is None or isinstance(org, dict) and "gov_side" in org) and seg_start > 0 and \
                _title_ending_at(text, seg_start, 0, mentions):
            end = seg_start  # 县委常委副县长: two posts written without a separator
            continue
        break
    segs.reverse()
    return segs


def _implicit_segment(text: str, ts: int, title: str, mentions) -> tuple[dict, int] | None:
    """An organ no mention names written before the title at ts (政府办|副主任, 区委|副书记 with its side);
    a unit listed after a body no place owns is that body's unit (中央港澳办…成员A、机关服务中心主任B)."""
    win = text[max(0, ts - 10) : ts]
    im = _implicit_org(win, max(win.rfind("兼"), win.rfind("、")) + 1)  # 主任兼|政府办副主任
    if im is None or any(ts - len(im.group(0)) < m.end <= ts for m in mentions):
        return None
    listed = unnamed_unit(text, ts, _plain(title).removeprefix("副"), mentions) \
        if im.group(0)[:1] not in LEVEL_CHARS else None
    owner = max((m for m in mentions if m.type == "Agency" and listed and m.end <= listed[1]),
                key=lambda m: m.end, default=None)
    if owner is not None and not owner.extra.get("region_name") and owner.parent is None:
        return listed  # the unit, as unnamed_unit reads it
    surface = im.group(0)
    org: dict = {"implicit": surface}
    seg_start = ts - len(surface)
    if surface[:1] in LEVEL_CHARS and len(surface) > 1 and bare_start(text, seg_start, mentions):
        org["side"] = (surface[0], seg_start)  # 区委副书记, 市扶贫办主任: the 区/市 side's organ
    return org, seg_start


def _resolve_segments(segs, mentions: list[Mention], ex, actx, text: str = "") -> list[tuple[dict, str]]:
    """Each segment's target: sides resolved, an organ continued from the segment before, the sentence's
    region for an organ without one."""
    out: list[tuple[dict, str]] = []
    prev_region: dict | None = None
    prev_target: dict | None = None
    if prev_region is None and getattr(actx, "people_region", (None, None))[0] == actx.sentence_index:
        prev_region = actx.people_region[1]  # 政协副主席布仁 after 通辽市…方玉东: the sentence's region
    for k, (org, title) in enumerate(segs):
        if isinstance(org, dict) and (org.get("side") or org.get("gov_side")):
            ch, at = org.get("side") or org.get("gov_side")
            code = prev_region.get("adcode") if k and prev_region and fits(prev_region["name"], ch) else None
            # (市委书记、市人大常委会主任X: the second 市 is the first's)
            code = code or side_region(ch, at, mentions, actx, ex, text)
            if code is None:
                continue  # a bare 区委 with no 区 anywhere near: no post rather than a wrong one
            org = {**org, "side_code": code}
        if isinstance(org, dict) and ("unit_body" in org or "team" in org):
            target = unit_target(org, mentions, actx)
        else:
            target = _continued_organ(org, title, prev_target) or _target_for(org, title, ex, actx, prev_region)
        if target is None:
            continue
        if GOV_REGION_TITLE.match(title) and target.get("_region") and target["name"].endswith(("政府", "行署")):
            target = {**target["_region"], "_region": target["_region"]}  # 政府常务副县长, 行署专员: the place itself
        nxt_title = segs[k + 1][1] if k + 1 < len(segs) else ""
        if not HEAD_OF_DEPARTMENT.match(nxt_title):
            # 莱西市政府党组成员 / 政协党组书记、主席: a post in the 党组; but 民政厅党组书记、厅长 is the 厅's head
            target = _party_group(target, title)
        target, title = _party_department(target, title)
        target, title = _place_branch(target, title)
        if _plain(title).startswith("党委") and target.get("type") == "Agency" and not target["name"].endswith(
                ("党委", "党组")) and (not target.get("_region") or target["name"].endswith(("公司", "集团", "银行"))):
            name = target["name"] + "党委"  # 戚墅堰机车有限公司党委书记: the company's 党委
            target = {**target, "id": entity_id("Agency", name), "name": name}
        if target.get("_region"):
            prev_region = target["_region"]
            actx.people_region = (actx.sentence_index, prev_region)
        prev_target = target
        out.append(({k: v for k, v in target.items() if k != "_region"}, title))
    return out


def _region_of(m: Mention, ex) -> dict | None:
    if m.type == "Region":
        return ex.ref(m)
    p = m.extra.get("prefix")
    if p is not None and p.type == "Region":
        return ex.ref(p)
    if m.parent and m.parent.startswith("Region:"):
        code = m.parent.split(":", 1)[1]
        if code in ex.gaz.regions:
            r = ex.gaz.get(code)
            return {"id": m.parent, "type": "Region", "name": r.name, "level": r.level, "adcode": r.adcode,
                    "lon": r.lon, "lat": r.lat}
    return None


PARTY_DEPARTMENTS = ("组织部", "宣传部", "统战部", "政法委")  # a committee's own departments


def _continued_organ(org, title: str, prev: dict | None) -> dict | None:
    """A post with no organisation of its own that continues the previous one's organ: 政协党组书记、主席 ->
    主席 of the 政协; 市委常委、政法委书记 -> the 市委's 政法委, 组织部长 -> its 组织部."""
    if prev is None or prev.get("type") != "Agency":
        return None
    name = prev["name"]
    if isinstance(org, dict) and set(org) <= {"implicit", "owner", "side"} and not org.get("owner") and \
            not org.get("side") and not prev.get("_region") and (
                name.endswith(("党委", "党组")) or org["implicit"] in ("党委", "党组", "纪委")):
        # 校党委副书记、纪委书记 / 电力公司董事长、党委书记: an organ of the same (non-regional) organisation
        name = (name[:-2] if name.endswith(("党委", "党组")) else name) + org["implicit"]
        return {"id": entity_id("Agency", name), "type": "Agency", "name": name}
    if org is not None:
        return None
    # (云南世博集团党委, 浙江省援疆指挥部党委: a body's own, not its region's as 浙江省党委 is)
    own = not prev.get("_region") or name[:-2] != prev["_region"].get("name")
    if own and name.endswith(("党委", "党组")):
        # 中车集团党委常委、副书记、执行董事: the 党委's posts go on in it, the company's posts are the company's
        if _plain(title).removeprefix("副") in ("书记", "常委", "委员", "成员"):
            return {**prev}
        head = HEAD_OF_NAMED_BODY.get(re.sub("^(?:常务)?副", "", _plain(title)))  # (常务副会长: the 会's)
        if _tables()[0].titles.get(_plain(title), ("", ""))[1] == "enterprise" or head and name[:-2].endswith(head) \
                or _plain(title).removeprefix("副") == "主任":  # (…中心党组书记、主任: the 中心's head too)
            # (局党组书记、局长X: the head of the 局 whose 党组 it is)
            base = name[:-2]
            return {"id": entity_id("Agency", base), "type": "Agency", "name": base}
    if _plain(title).startswith(("党组", "党委")) and not prev.get("_region") and \
            not name.endswith(("党委", "党组")):
        # 国家电网有限公司副总经理、党组成员 (its 党组: _party_group), 电力公司董事长、党委书记 (its 党委)
        if _plain(title).startswith("党组"):
            return {**prev}
        return {"id": entity_id("Agency", name + "党委"), "type": "Agency", "name": name + "党委"}
    bare = _plain(title).removeprefix("副")
    if bare == "主席" and name.removesuffix("党组").endswith(CHAIRED_BODIES):
        name = name.removesuffix("党组")
        return {"id": entity_id("Agency", name), "type": "Agency", "name": name, "_region": prev.get("_region")}
    dept = next((d for d in PARTY_DEPARTMENTS if bare.startswith(d)), None)
    other = next((d for d in PARTY_DEPARTMENTS if name.endswith(d) and d != dept), None)
    name = name[: -len(other)] if dept and other else name  # 市委常委、宣传部部长、统战部部长: the 市委's too
    if dept and name.endswith("委") and not name.endswith(dept):
        name += dept  # 旗委常委、组织部长 -> the 旗委's 组织部
        return {"id": entity_id("Agency", name), "type": "Agency", "name": name, "_region": prev.get("_region")}
    return None


def _party_department(target: dict, title: str) -> tuple[dict, str]:
    """赤峰市委组织部部长 / 旗委常委、组织部长: a post in the committee's own department (赤峰市委组织部, 部长);
    甘洛县组织部部长, 四川大学组织部部长: the department as written (甘洛县组织部, 四川大学组织部)."""
    lead = title[: len(title) - len(_plain(title))]  # 原 / 代
    vice = _plain(title).startswith("副")
    bare = _plain(title).removeprefix("副")
    dept = next((d for d in PARTY_DEPARTMENTS if bare.startswith(d)), None)
    if dept is None or target.get("type") not in ("Agency", "Region"):
        return target, title
    rest = bare[len(dept):]
    rest = lead + ("副" if vice else "") + ("部长" if rest == "长" else rest)  # 组织部长 -> 部长
    if target["name"].endswith(dept):
        return target, rest
    name = target["name"] + dept
    if target["type"] == "Region":
        return {"id": entity_id("Agency", name), "type": "Agency", "name": name, "_region": target}, rest
    return {**target, "id": entity_id("Agency", name), "name": name}, rest


def _place_branch(target: dict, title: str) -> tuple[dict, str]:
    """卢管村党总支书记 / 平安村党支部副书记: a party title points to the place's party branch (卢管村党总支, 书记)."""
    lead = title[: len(title) - len(_plain(title))]
    organ = next((o for o in ("党总支", "党支部") if _plain(title).startswith(o)), None)
    if organ is None or target.get("type") != "Region" or len(_plain(title)) == len(organ):
        return target, title
    name = target["name"] + organ
    return ({"id": entity_id("Agency", name), "type": "Agency", "name": name, "_region": target},
            lead + _plain(title)[len(organ):])


def _party_group(target: dict, title: str) -> dict:
    """党组书记 / 党组成员 of an organ is a post in its 党组 (北京市政协党组, 莱西市政府党组)."""
    if _plain(title).startswith("党组") and target.get("type") == "Agency" and \
            not target["name"].endswith("党组"):
        name = target["name"] + "党组"
        return {**target, "id": entity_id("Agency", name), "name": name}
    return target


def _target_for(org, title: str, ex, actx, prev_region: dict | None) -> dict | None:
    bare = _plain(title).removeprefix("副")
    is_gov = bool(GOV_REGION_TITLE.match(title))
    if isinstance(org, dict) and "organ_of" in org:
        region = ex.ref(org["organ_of"])
        if is_gov:
            return {**region, "_region": region}
        name = organ_name(region["name"], org["organ"])
        return {"id": entity_id("Agency", name), "type": "Agency", "name": name, "_region": region}
    if isinstance(org, Mention):
        region = _region_of(org, ex)
        if is_gov and org.type == "Agency" and not org.name.endswith(GOVERNMENT_BODIES):
            return {**ex.ref(org), "_region": region}  # 贵州省政协副主席: the chair of that body, not the region's
        if is_gov:
            if region is None:
                return None
            return {**region, "_region": region}
        if org.type == "Region" and re.match("(党委|市委|县委|旗委|区委|盟委|州委|省委)", bare):
            name = org.name + "党委" if bare.startswith("党委") and not org.name.endswith(
                ("市", "县", "旗", "区", "盟", "州")) else organ_name(org.name, "委")
            return {"id": entity_id("Agency", name), "type": "Agency", "name": name, "_region": region}
        if org.type == "Region":
            if bare in ("书记", "常委", "委员") and org.adcode:
                # a party title on a region points to its committee (北京市 书记 -> 北京市委)
                name = organ_name(org.name, "委")
                return {"id": entity_id("Agency", name), "type": "Agency", "name": name, "_region": region}
            return {**ex.ref(org), "_region": region}
        return {**ex.ref(org), "_region": region}
    if isinstance(org, dict) and "side_code" in org:
        region = region_ref(org["side_code"], ex)
        if "gov_side" in org:
            return {**region, "_region": region}
        surface = org["implicit"]
        organ = surface[1:] if surface[:1] in LEVEL_CHARS else surface
        name = organ_name(region["name"], organ)
        return {"id": entity_id("Agency", name), "type": "Agency", "name": name, "_region": region}
    if isinstance(org, dict) and "unit" in org:
        last = org["same"] or actx.last_place.get("bank" if org["unit"] == "总行" else "company")
        return None if last is None else {"id": entity_id("Agency", last.name), "type": "Agency", "name": last.name}
    if isinstance(org, dict) and "implicit" in org:
        return _implicit_target(org, ex, actx, prev_region)
    # no organisation written: a head-of-government title continues the previous segment's region
    if bare in SCHOOL_TITLES:
        school = actx.owner_for_organ("校")  # 副校长X: the school the article is about
        if school is not None:
            return {"id": school["id"], "type": "Agency", "name": school["name"]}
    if bare in ("院长", "院长助理") and (institute := ex.doc_institute()) is not None:
        return {"id": institute["id"], "type": "Agency", "name": institute["name"]}  # 院长X in its own news
    if is_gov:
        region = prev_region
        if region is None:
            level = {"市长": "prefecture", "盟长": "prefecture", "州长": "prefecture", "县长": "county",
                     "旗长": "county", "区长": "county", "主席": "province", "省长": "province"}.get(bare)
            code = actx.current_code(level) if level else None
            if level == "province" and ex.home:
                code = ex.home
            if not code:
                return None
            r = ex.gaz.get(code)
            if not r.name.endswith(HEAD_FITS.get(bare, r.name[-1])):
                return None  # 主席 heads an 自治区, 省长 a 省: no head of a place of another kind
            region = {"id": entity_id("Region", r.name, r.adcode), "type": "Region", "name": r.name,
                      "level": r.level, "adcode": r.adcode, "lon": r.lon, "lat": r.lat}
        return {**region, "_region": region}
    return None


def _implicit_target(org: dict, ex, actx, prev_region: dict | None) -> dict | None:
    """An organ written with no place of its own (政协, 统战部, 地委): the owner's, the previous segment's
    place, or the article's; 地委 only ever a 地区's."""
    surface = org["implicit"]
    if surface.startswith("院") and (institute := ex.doc_institute()) is not None:
        name = institute["name"] + surface  # 院办 in a hospital's own news: that hospital's office
        return {"id": entity_id("Agency", name), "type": "Agency", "name": name}
    region = prev_region
    owner = org.get("owner")
    if isinstance(owner, Mention):
        region = _region_of(owner, ex) or region
        if owner.type == "Agency" and region is None:
            name = owner.name + surface
            return {"id": entity_id("Agency", name), "type": "Agency", "name": name}
    if region is None:
        code = actx.current_code("county") or actx.current_code("prefecture") or ex.home
        if code:
            r = ex.gaz.get(code)
            region = {"id": entity_id("Region", r.name, r.adcode), "type": "Region", "name": r.name}
    if surface.startswith("地委") and not (region and region["name"].endswith("地区")):
        code = actx.current_code("prefecture")  # 地委 is a 地区's (the article's), never 浙江省's
        region = region_ref(code, ex) if code and ex.gaz.get(code).name.endswith("地区") else None
    if region is None:
        return None
    name = organ_name(region["name"], "委") + surface[2:] if surface.startswith("地委") else region["name"] + surface
    return {"id": entity_id("Agency", name), "type": "Agency", "name": name, "_region": region}


def holds_position_relations(mentions: list[Mention], ex) -> list[dict]:
    out = []
    for m in mentions:
        if m.type != "Person":
            continue
        for target, title in m.extra.get("positions", ()):
            out.append({"type": "HOLDS_POSITION", "source": ex.ref(m), "target": target, "title": title})
    return out

