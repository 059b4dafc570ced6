"""People and their positions: `title + name` (北京市委书记蔡奇), chains of positions joined by 、 or 兼
(自治区党委书记、人大常委会主任石泰峰), enumerations after one title (自治区领导王莉霞、杨伟东), names
already known in the document, and `X领导Y`. Reporters in bylines are never people of the story.
"""

from __future__ import annotations

import re
from functools import lru_cache

from kg import rx
from kg.extract import jiebadict
from kg.extract.mentions import (
    BODY,
    FOLLOW_WORDS,
    ORG_ELEMENT,
    PUNCT_BOUNDARY,
    Mention,
    body_ok,
    seg,
)
from kg.extract.sides import LEVEL_CHARS, bare_organ_at, organ_name, region_ref, side_region
from kg.graph import entity_id

REGION_ORGANS = ("委", "党委", "政府", "人民政府", "政协", "人大常委会", "纪委", "纪委监委")
ORGAN_TITLE_PREFIXES = ("人大常委会", "政协", "纪委监委", "纪委", "监委", "街道办事处", "社区居委会", "居委会", "村委会",
                        "常委会")
GOV_REGION_TITLE = rx.compile("^(原)?(副)?(省长|主席|市长|区长|县长|旗长|盟长|州长|乡长|镇长|苏木达|嘎查达|专员)$")
BYLINE_BEFORE = rx.compile("(记者|通讯员|见习记者|实习生|摄影|摄|编辑|撰稿|作者|文/|图/|文|图)[：:\\s]*$")
IMPLICIT_ORG = rx.compile(
    f"({BODY}{{0,8}}?)(人大常委会|常委会|政协|人民政府|政府|党委|纪委监委|纪委|监委|办公室|组织部|宣传部|统战部|"
    "政法委|中心|厅|局|部|委|办|处)$"
)


@lru_cache(maxsize=1)
def _tables():
    from kg.extract.lexicon import load_lexicon

    lex = load_lexicon()
    titles = sorted(lex.titles, key=len, reverse=True)
    return lex, titles


def _name_at(text: str, pos: int, lex, known: set[str], strict: bool = True) -> str | None:
    """A personal name starting at pos, or None."""
    for k in (3, 2, 4):
        cand = text[pos : pos + k]
        if cand in known and _boundary(text, pos + k):
            return cand
    first2 = text[pos : pos + 2]
    if first2 in lex.compound_surnames:
        lens = (4, 3)
    elif text[pos : pos + 1] in lex.surnames:
        lens = (3, 2)
    else:
        if strict:
            return None
        cand = _jieba_name(text[pos : pos + 6])
        if cand and _boundary(text, pos + len(cand)) and not lex.is_stopname(cand):
            return cand
        return None
    for k in lens:
        cand = text[pos : pos + k]
        if len(cand) < k or not all("\u4e00" <= c <= "\u9fff" for c in cand):
            continue
        stop2 = _stop2(lex)
        if cand in lex.stopnames or any(cand[-j:] in stop2 or cand[1 : 1 + j] in stop2 for j in range(2, len(cand))):
            continue
        if any(c in "的了在和与及是等为对向从把被将" for c in cand[1:]):
            continue
        if strict and (_common_word(cand) or _common_word(cand[:2]) or not _plausible_given(text, pos, cand)):
            continue
        if not strict and _function_start(cand):
            continue
        if _boundary(text, pos + k):
            return cand
    cand = _jieba_name(text[pos : pos + 6])
    if cand and cand[:1] in lex.surnames and not lex.is_stopname(cand) and not _function_start(cand) and (
        not strict or _plausible_given(text, pos, cand)
    ):
        return cand
    return None


_NOT_GIVEN_TAGS = {"v", "vn", "a", "ad", "an", "d", "vd", "c", "p", "u", "r", "m", "q"}


def _function_start(cand: str) -> bool:
    """有关重, 都能得: the 'surname' and the next character make an ordinary function word."""
    return jiebadict.tag(cand[:2]) in ("v", "d", "p", "c", "r", "vn", "a", "ad")


def _plausible_given(text: str, pos: int, cand: str) -> bool:
    """After a role noun (贫困户全覆盖, 群众有稳定, 群众都能得到) a real name does not end inside a dictionary word
    and its given name is not an ordinary verb or adjective."""
    import jieba

    if (jieba.dt.FREQ.get(cand) or 0) >= 100:
        return False  # 养老, 高峰: a dictionary word, whatever its tag
    given = cand[1:] if cand[:1] not in ("欧阳", "司马") else cand[2:]
    if len(given) >= 2 and jiebadict.tag(given) in _NOT_GIVEN_TAGS:
        return False
    end = pos + len(cand)
    cut = pos
    for tok in seg(text[pos : min(len(text), end + 3)]):
        if cut < end < cut + len(tok) and len(tok) >= 2 and (jieba.dt.FREQ.get(tok) or 0) >= 50:
            return False
        cut += len(tok)
    return True


@lru_cache(maxsize=1)
def _stop2_cached(ident: int, words: frozenset) -> frozenset:
    return frozenset(w for w in words if len(w) >= 2)


def _stop2(lex) -> frozenset:
    return _stop2_cached(id(lex), lex.stopnames)


def _common_word(w: str) -> bool:
    """An ordinary dictionary word (关切, 养老, 全程) rather than a name."""
    tag = jiebadict.tag(w)
    return tag is not None and not tag.startswith("nr")


def _boundary(text: str, pos: int) -> bool:
    if pos >= len(text):
        return True
    if text[pos] in PUNCT_BOUNDARY or text[pos].isdigit():
        return True
    return text.startswith(FOLLOW_WORDS, pos)


@lru_cache(maxsize=1)
def _title_index() -> tuple[frozenset, tuple[int, ...]]:
    """The lexicon's titles as a set, and their lengths longest first."""
    titles = _tables()[1]
    return frozenset(titles), tuple(sorted({len(t) for t in titles}, reverse=True))


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
        if any(m.start < s < m.end or m.start <= s < m.end <= end for m in orgs):
            continue  # a title never starts inside an organisation or place name (校党委|书记)
        if s > floor and text[s - 1] == "原":
            return "原" + t
        return t
    return None


# role nouns that introduce a person of the story without naming an organisation post
ROLE_WORDS = sorted(
    """建档立卡贫困户 贫困户 低保户 脱贫户 监测户 村民 农民 牧民 农牧民 居民 群众 运动员 选手 队员 教练员 司机 挂职干部
    驻村干部 帮扶干部 干部 成员 老人 大学生 学生 志愿者 医生 护士 教师 老师 党员 企业家 创始人 患者 患儿 职工 工人
    技术员 主播 家长 老板 专家 教授 工程师 致富带头人 带头人 种植户 养殖户 返乡青年 大户""".split(),
    key=len,
    reverse=True,
)
# titles and forms of address written after a name (习近平总书记, 王军同志)
AFTER_TITLES = ("总书记", "同志", "主席", "总理", "委员长", "先生", "女士")
SPEECH_AFTER = ("说", "表示", "介绍", "告诉记者", "坦言", "感慨", "笑着说", "指出", "认为")


_ROLE_RE = rx.compile("|".join(map(re.escape, ROLE_WORDS)))
_AFTER_RE = rx.compile("|".join(map(re.escape, sorted(AFTER_TITLES + SPEECH_AFTER, key=len, reverse=True))))


@lru_cache(maxsize=1)
def _title_re() -> re.Pattern:
    """All titles, longest first, as one alternation (built once, not per sentence)."""
    return rx.compile("|".join(map(re.escape, _tables()[1])))


@lru_cache(maxsize=65536)
def _jieba_name(window: str) -> str | None:
    """The first token of window if it is a personal name: tagged nr in jieba's dictionary, or an unknown
    word that jieba's HMM joins and that starts with a surname (cheaper than jieba.posseg's tagger)."""
    import jieba

    toks = jieba.lcut(window)
    if not toks:
        return None
    w = toks[0]
    if not 2 <= len(w) <= 4:
        return None
    tag = jiebadict.tag(w)
    if tag in ("nr", "nrfg", "nrt"):
        return w
    lex = _tables()[0]
    if tag is None and (w[0] in lex.surnames or w[:2] in lex.compound_surnames):
        if len(w) == 3:
            return w
        if len(w) == 4:
            # 闫文港势(如破竹): HMM glued the next character on; jieba's tagger separates them (rare, slow)
            first = jiebadict.posseg().lcut(window)[0]
            if first.flag in ("nr", "nrfg", "nrt") and 2 <= len(first.word) <= 4:
                return first.word
    return None


@lru_cache(maxsize=16384)
def _lcut(window: str) -> tuple[str, ...]:
    """jieba.lcut of a short window, cached: the same leaders' names come with the same words before them."""
    import jieba

    return tuple(jieba.lcut(window))


def _name_before(text: str, end: int, lex) -> str | None:
    """The personal name ending at `end` (习近平 in 贯彻习近平总书记)."""
    # the name is 2-4 characters and starts with a surname: nothing to segment if no surname starts there
    if not any(text[j] in lex.surnames or text[j : j + 2] in lex.compound_surnames
               for j in range(max(0, end - 4), end - 1)):
        return None
    lo = max(0, end - 8)
    toks = _lcut(text[lo:end])
    if not toks:
        return None
    cand = toks[-1]
    if len(cand) == 1 and len(toks) >= 2 and len(toks[-2]) == 1:
        cand = toks[-2] + cand
    if not 2 <= len(cand) <= 4 or not all("\u4e00" <= c <= "\u9fff" for c in cand):
        return None
    if lex.is_stopname(cand) or not (cand[:1] in lex.surnames or cand[:2] in lex.compound_surnames):
        return None
    return cand


def find_people(text: str, mentions: list[Mention], ex, actx) -> list[Mention]:
    lex = _tables()[0]
    out = list(mentions)
    known = ex.people
    occupied = [(m.start, m.end) for m in mentions]

    def free(a: int, b: int) -> bool:
        return all(b <= s or a >= e for s, e in occupied)

    persons: list[Mention] = []
    # 1) title + name
    for tm in _title_re().finditer(text):
        t = tm.group(0)
        i = tm.start()
        te = tm.end()
        if not free(i, te):
            # 自治区党委|书记孙绍骋: the longest title ending here that does not start inside a name
            tset, lengths = _title_index()
            t = next((text[te - n : te] for n in lengths if n < len(t) and text[te - n : te] in tset
                      and free(te - n, te)), None)
            if t is None:
                continue
            i = te - len(t)
        name = _name_at(text, te, lex, known, strict=len(t) < 2)
        if not name or not free(te, te + len(name)):
            continue
        if BYLINE_BEFORE.search(text[max(0, i - 6) : i]):
            continue
        pm = Mention(te, te + len(name), "Person", name, kind="title")
        pm.extra["positions"] = _positions(text, te, out, ex, actx)
        persons.append(pm)
        occupied.append((pm.start, pm.end))
        # enumeration: 、NAME、NAME sharing the positions
        pos = pm.end
        while pos < len(text) and text[pos] == "、":
            nxt = _name_at(text, pos + 1, lex, known)
            if not nxt or _title_ending_at(text, pos + 1 + len(nxt), pos + 1):
                break
            em = Mention(pos + 1, pos + 1 + len(nxt), "Person", nxt, kind="enum")
            em.extra["positions"] = pm.extra["positions"]
            persons.append(em)
            occupied.append((em.start, em.end))
            pos = em.end
    # 1b) role noun + name (村民宋太成, 运动员赵丹), no post
    for rm in _ROLE_RE.finditer(text):
        i = rm.start()
        te = rm.end()
        if not free(i, te) and not free(te, te + 2):
            continue
        name = _name_at(text, te, lex, known)
        if name and free(te, te + len(name)):
            persons.append(Mention(te, te + len(name), "Person", name, kind="role"))
            occupied.append((te, te + len(name)))
    # 1c) name + title written after it, or name + speech verb at a clause start
    for am in _AFTER_RE.finditer(text):
        t = am.group(0)
        i = am.start()
        name = _name_before(text, i, lex)
        if not name or not free(i - len(name), i):
            continue
        ns = i - len(name)
        if t in SPEECH_AFTER and not (ns == 0 or text[ns - 1] in "，。；：“”\"、！？ \n,;:" or any(
            m.end == ns and m.type == "Agency" for m in mentions
        )):
            continue  # a speaker opens the clause or follows its organisation (滑冰队刘鑫说)
        persons.append(Mention(ns, i, "Person", name, kind="after-title"))
        occupied.append((ns, i))
    # 1d) organisation + name + title (北京市扶贫支援办汪兆龙副主任)
    tset, lengths = _title_index()
    for m in [m for m in mentions if m.type == "Agency"]:
        name = _name_at(text, m.end, lex, known)
        if not name or not free(m.end, m.end + len(name)):
            continue
        after = m.end + len(name)
        title = next((text[after : after + n] for n in lengths if text[after : after + n] in tset), None)
        if title is None or not _boundary(text, after + len(title)) and text[after + len(title)] not in "表介说指":
            continue
        pm = Mention(m.end, after, "Person", name, kind="org-name-title")
        pm.extra["positions"] = [(ex.ref(m), title)]
        persons.append(pm)
        occupied.append((pm.start, pm.end))
    for p in persons:
        known.add(p.name)
    # 2) names already known in the document
    for name in sorted(known, key=len, reverse=True):
        start = 0
        while True:
            i = text.find(name, start)
            if i < 0:
                break
            start = i + 1
            if free(i, i + len(name)) and not BYLINE_BEFORE.search(text[max(0, i - 6) : i]):
                persons.append(Mention(i, i + len(name), "Person", name, kind="known"))
                occupied.append((i, i + len(name)))
    out.extend(persons)
    out.sort(key=lambda m: (m.start, -(m.end - m.start)))
    return out


def _positions(text: str, name_start: int, mentions: list[Mention], ex, actx) -> list[tuple[dict, str]]:
    """Parse `org title、org title、title NAME` leftwards from the name. Returns [(target ref, title)]."""
    segs: list[tuple[Mention | dict | None, str]] = []
    end = name_start
    prev_region: dict | None = None
    while True:
        title = _title_ending_at(text, end, 0, mentions)
        if not title:
            break
        ts = end - len(title)
        org = None
        for m in mentions:
            if m.end == ts and m.type in ("Agency", "Region") and not m.extra.get("delegation"):
                org = m
                break
        if org is None:
            # 赤峰市委|常委: a region and an organ word the mentions did not join
            for m in mentions:
                if m.type == "Region" and m.adcode and m.end < ts and text[m.end : ts] in REGION_ORGANS:
                    org = {"organ_of": m, "organ": text[m.end : ts]}
                    break
        seg_start = (org["organ_of"].start if isinstance(org, dict) else org.start) if org else ts
        op = next((o for o in ORGAN_TITLE_PREFIXES if title.removeprefix("原").startswith(o)
                   and len(title.removeprefix("原")) > len(o)), None)
        if op is not None:
            # 人大常委会主任: an organ written inside the title; its region comes from the organ before it,
            # or from the side a bare level character names (区人大常委会主任 → the 区 of the article)
            side = None
            if org is None and ts > 0 and text[ts - 1] in LEVEL_CHARS and _bare_start(text, ts - 1, mentions):
                side = (text[ts - 1], ts - 1)
                seg_start = ts - 1
            segs.append(({"implicit": op, "owner": org, "side": side}, title.removeprefix("原")[len(op):]))
            if seg_start > 0 and text[seg_start - 1] in "、兼":
                end = seg_start - 1
                continue
            break
        if org is None:
            im = IMPLICIT_ORG.search(text[max(0, ts - 10) : ts])
            if im and body_ok(im.group(1)) and (im.group(1) or len(im.group(2)) >= 2) and not any(
                ts - len(im.group(0)) < m.end <= ts for m in mentions
            ):
                surface = im.group(0)
                org = {"implicit": surface}
                seg_start = ts - len(surface)
                bare = bare_organ_at(surface, 0)
                if bare and len(surface) == 1 + len(bare[1]) and _bare_start(text, seg_start, mentions):
                    org["side"] = (bare[0], seg_start)  # 区委副书记: the 区 side's committee
        if org is None and title.removeprefix("原").removeprefix("副")[:1] in LEVEL_CHARS and \
                GOV_REGION_TITLE.match(title):
            org = {"gov_side": (title.removeprefix("原").removeprefix("副")[0], ts)}  # 区长X: the 区 side
        elif org is None and ts > 0 and text[ts - 1] in LEVEL_CHARS and _bare_start(text, ts - 1, mentions):
            org = {"gov_side": (text[ts - 1], ts - 1)}  # 区领导X: a post of the 区 side itself
            seg_start = ts - 1
        segs.append((org, title))
        if seg_start > 0 and text[seg_start - 1] in "、兼":
            end = seg_start - 1
            continue
        break
    segs.reverse()
    out: list[tuple[dict, str]] = []
    prev_target: dict | None = None
    if prev_region is None and getattr(actx, "people_region", (None, None))[0] == actx.sentence_index:
        prev_region = actx.people_region[1]  # 政协副主席布仁 after 通辽市…方玉东: the sentence's region
    for org, title in segs:
        if isinstance(org, dict) and (org.get("side") or org.get("gov_side")):
            ch, at = org.get("side") or org.get("gov_side")
            code = side_region(ch, at, mentions, actx, ex)
            if code is None:
                continue  # a bare 区委 with no 区 anywhere near: no post rather than a wrong one
            org = {**org, "side_code": code}
        target = _continued_organ(org, title, prev_target) or _target_for(org, title, ex, actx, prev_region)
        if target is None:
            continue
        if target.get("_region"):
            prev_region = target["_region"]
            actx.people_region = (actx.sentence_index, prev_region)
        prev_target = target
        out.append(({k: v for k, v in target.items() if k != "_region"}, title))
    return out


def _bare_start(text: str, pos: int, mentions) -> bool:
    """A level character at pos opens a bare organ (，区委…, 、县政府…), not the end of a name (密云区委)."""
    if any(m.start <= pos < m.end for m in mentions):
        return False
    return pos == 0 or not ("\u4e00" <= text[pos - 1] <= "\u9fff") or text[pos - 1] in "、和及与兼任由向对是为"


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


def _continued_organ(org, title: str, prev: dict | None) -> dict | None:
    """A post with no organisation of its own that continues the previous one's organ: 政协党组书记、主席 ->
    主席 of the 政协; 市委常委、政法委书记 -> the 市委's 政法委."""
    if prev is None or prev.get("type") != "Agency":
        return None
    name = prev["name"]
    if isinstance(org, dict) and set(org) <= {"implicit", "owner", "side"} and not org.get("owner") and \
            not org.get("side") and not prev.get("_region") and name.endswith(("党委", "党组")):
        # 校党委副书记、纪委书记: the organ of the same (non-regional) organisation
        name = name[:-2] + org["implicit"]
        return {"id": entity_id("Agency", name), "type": "Agency", "name": name}
    if org is not None:
        return None
    bare = title.removeprefix("原").removeprefix("副")
    if bare == "主席" and name.removesuffix("党组").endswith(("政协", "工会", "协会", "联合会", "商会")):
        name = name.removesuffix("党组")
        return {"id": entity_id("Agency", name), "type": "Agency", "name": name, "_region": prev.get("_region")}
    if bare.startswith("政法委") and name.endswith("委") and not name.endswith("政法委"):
        name += "政法委"
        return {"id": entity_id("Agency", name), "type": "Agency", "name": name, "_region": prev.get("_region")}
    return None


def _target_for(org, title: str, ex, actx, prev_region: dict | None) -> dict | None:
    bare = title.removeprefix("原").removeprefix("副")
    is_gov = bool(GOV_REGION_TITLE.match(title))
    if isinstance(org, dict) and "organ_of" in org:
        region = ex.ref(org["organ_of"])
        if is_gov:
            return {**region, "_region": region}
        name = organ_name(region["name"], org["organ"])
        return {"id": entity_id("Agency", name), "type": "Agency", "name": name, "_region": region}
    if isinstance(org, Mention):
        region = _region_of(org, ex)
        if is_gov:
            if region is None:
                return None
            return {**region, "_region": region}
        if org.type == "Region" and re.match("(党委|市委|县委|旗委|区委|盟委|州委|省委)", bare):
            name = org.name + ("党委" if org.name.endswith("自治区") or bare.startswith("党委") and not
                               org.name.endswith(("市", "县", "旗", "区", "盟")) else "委")
            return {"id": entity_id("Agency", name), "type": "Agency", "name": name, "_region": region}
        if org.type == "Region":
            if bare in ("书记", "常委", "委员") and org.adcode:
                # a party title on a region points to its committee (北京市 书记 -> 北京市委)
                name = org.name + "委" if not org.name.endswith("自治区") else org.name + "党委"
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
    if isinstance(org, dict) and "implicit" in org:
        surface = org["implicit"]
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
        if region is None:
            return None
        name = region["name"] + surface
        return {"id": entity_id("Agency", name), "type": "Agency", "name": name, "_region": region}
    # no organisation written: a head-of-government title continues the previous segment's region
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
            region = {"id": entity_id("Region", r.name, r.adcode), "type": "Region", "name": r.name,
                      "level": r.level, "adcode": r.adcode, "lon": r.lon, "lat": r.lat}
        return {**region, "_region": region}
    return None


def holds_position_relations(mentions: list[Mention], ex) -> list[dict]:
    out = []
    for m in mentions:
        if m.type != "Person":
            continue
        for target, title in m.extra.get("positions", ()):
            out.append({"type": "HOLDS_POSITION", "source": ex.ref(m), "target": target, "title": title})
    return out


__all__ = ["find_people", "holds_position_relations", "ORG_ELEMENT"]
