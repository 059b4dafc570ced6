"""The extractor: one Document -> one DocExtraction dict (a pure function of the text and the lexicons).

DocExtraction:
  {doc, sha256, path, date, stats: {articles, sentences, characters},
   entities: [{id, type, name, aliases, level?, adcode?, lon?, lat?, mentions: [{sentence, start, end}]}],
   relations: [{type, source: {id,type,name,...}, target: {...}, evidence: {text, date}, amount_yuan?,
                program?, title?, purpose?}],
   derived: [{type: PART_OF|LOCATED_IN, source, target}], context_entities: [...]}
Mention offsets are into the decoded original text (Document.origin), `sentence` is the sentence's index
in the document.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from typing import Any

from kg import rx
from kg.extract import jiebadict
from kg.extract.gazetteer import load_gazetteer
from kg.extract.matcher import DEICTIC, get_matcher
from kg.extract.mentions import (
    BODY,
    EMPTY_OK,
    GENERIC_ORG_BODIES,
    GENERIC_PLACE_BODIES,
    ORG_ELEMENT,
    PLACE_LEVEL,
    PLACE_SUFFIX_RE,
    SINGLE_CHAR_MIN_BODY,
    STRONG_ORG_RE,
    Mention,
    body_ok,
    scan_left_body,
    seg,
    snap_start,
    suffix_at_word_end,
    trim_breakers,
    trim_verbish,
)
from kg.extract.people import find_people
from kg.extract.programs import find_programs
from kg.extract.relations import extract_relations
from kg.extract.sides import LEVEL_CHARS, organ_name, region_code, side_region
from kg.graph import entity_id
from kg.model import Document

SUBUNITS = {"领导小组", "工作领导小组", "领导小组办公室", "办公室", "办公厅", "党委", "纪委", "纪委监委", "工作组",
            "指挥部", "常委会", "政治局", "政治局常委会"}
LEVEL_COMMITTEES = {"市委", "县委", "旗委", "区委", "盟委", "州委", "省委"}
PAIR_RE = rx.compile(
    "([京津冀晋蒙辽吉黑沪苏浙皖闽赣鲁豫鄂湘粤桂琼渝川黔滇藏陕甘青宁新港澳])"
    "([京津冀晋蒙辽吉黑沪苏浙皖闽赣鲁豫鄂湘粤桂琼渝川黔滇藏陕甘青宁疆港澳])"
    "(?=协作|两地|合作|扶贫|帮扶|对口|携手|结对|一家亲|大地|情|两省|双方|全方位|深度)"
)
DEICTIC_ORGAN_RE = rx.compile(
    "(苏木|街道|市|县|旗|区|盟|州|省|校|局|镇|乡)"
    f"(纪委监委|人民政府|政府|党工委|党委|纪委|党组|工委|委|{BODY}{{2,8}}?领导小组)"
)
SCHOOL_RE = rx.compile("(?:北京|清华|中国|内蒙古|[\u4e00-\u9fff]{2,4})[\u4e00-\u9fff]{0,6}?(?:大学|学院)")
SUBUNIT_AFTER_RE = rx.compile("办公室|组织部|宣传部|统战部|政法委|政研室")
SHORT_NOT_PLACE_AFTER = rx.compile("镇|乡|村|嘎查|苏木|街道|沙地|沙漠|草原|湖|河|山脉|山区|盆地|平原|高原|湿地")
QUOTES_RE = rx.compile("[“”\"「」『』‘’']")
MASTHEAD_RE = rx.compile("([\u4e00-\u9fff]{2,5})日报")


class RegionResolver:
    """Resolves region names, short forms and deictic words using the document's context."""

    def __init__(self, home: str | None):
        self.gaz = load_gazetteer()
        self.home = home  # province adcode
        self.context_codes: Counter[str] = Counter()  # adcodes mentioned in full in the doc (with ancestors)

    def note(self, code: str, weight: int = 1) -> None:
        self.context_codes[code] += weight
        for a in self.gaz.ancestors(code):
            self.context_codes[a] += weight

    def choose(self, codes: tuple[str, ...], near: list[str] | None = None) -> str | None:
        if len(codes) == 1:
            return codes[0]
        near = near or []

        def score(c: str) -> tuple:
            anc = self.gaz.ancestors(c)
            return (
                any(n in (c, *anc) for n in near),
                bool(self.home and self.home in (c, *anc)),
                max((self.context_codes.get(a, 0) for a in anc), default=0),
                -len(anc),
            )

        ranked = sorted(codes, key=score, reverse=True)
        if score(ranked[0]) == score(ranked[1]) and not score(ranked[0])[0]:
            return None if not score(ranked[0])[1] and not score(ranked[0])[2] else ranked[0]
        return ranked[0]

    def region_mention(self, start: int, end: int, code: str, surface: str, kind: str) -> Mention:
        r = self.gaz.get(code)
        m = Mention(start, end, "Region", r.name, adcode=r.adcode, level=r.level, kind=kind)
        if surface != r.name:
            m.aliases.add(surface)
        return m


def _resolve_overlaps(cands: list[Mention]) -> list[Mention]:
    """Keep a non-overlapping set, longest first (ties: earlier start, then kind priority)."""
    prio = {"Agency": 0, "Program": 1, "Region": 2, "Person": 3, "Deictic": 4}
    chosen: list[Mention] = []
    taken: list[tuple[int, int]] = []
    # a user lexicon's entries first: they win where they overlap a built-in form
    for m in sorted(cands, key=lambda m: (m.kind != "user", -(m.end - m.start), m.start, prio.get(m.type, 9))):
        if any(not (m.end <= a or m.start >= b) for a, b in taken):
            continue
        chosen.append(m)
        taken.append((m.start, m.end))
    chosen.sort(key=lambda m: m.start)
    return chosen


class DocExtractor:
    def __init__(self, doc: Document, home_region: str | None, user_entries: tuple = ()):
        self.doc = doc
        self.matcher = get_matcher(user_entries)
        self.gaz = self.matcher.gaz
        self.lex = self.matcher.lex
        self.doc_context = self._full_name_context()
        self.home = self._infer_home(home_region)
        self.regions = RegionResolver(self.home)
        self.entities: dict[str, dict[str, Any]] = {}
        self.relations: list[dict[str, Any]] = []
        self.derived: set[tuple[str, str, str]] = set()
        self.context_entities: dict[str, dict[str, Any]] = {}
        self.people: set[str] = set()
        self.known_places: dict[str, tuple[str, str]] = {}  # township/village -> (level, parent id)
        self._first_amount: dict[tuple[str, str], dict[str, Any]] = {}

    # ---------------------------------------------------------------- context
    def _full_name_context(self) -> set[str]:
        """Adcodes (with ancestors) of regions named in full anywhere in the document; also counts their
        provinces for _infer_home, so the whole document is matched once, not twice."""
        ctx: set[str] = set()
        self._province_counts: Counter[str] = Counter()
        # every lexicon match of the document, once: articles and sentences take their slices of it
        self.doc_matches = self.matcher.all(self.doc.text)
        self._match_ends = [m[1] for m in self.doc_matches]
        for _s, _e, _w, entries in self.doc_matches:
            for en in entries:
                if en.kind == "region" and len(en.value) == 1:
                    ctx.add(en.value[0])
                    ctx.update(self.gaz.ancestors(en.value[0]))
                    self._province_counts[self.gaz.get(en.value[0]).province] += 1
                elif en.kind == "short" and len(en.value) == 1 and len(_w) >= 2:
                    r = self.gaz.get(en.value[0])
                    if r.level in ("province", "prefecture"):
                        self._province_counts[r.province] += 1  # 云南, 昆明: the source's own short forms
                    if r.level == "province" and len(_w) >= 2:
                        ctx.add(r.adcode)  # 内蒙古, 云南: a province named by its usual short form
        return ctx

    def _infer_home(self, home_region: str | None) -> str | None:
        gaz = load_gazetteer()
        if home_region:
            codes = gaz.by_name.get(home_region) or gaz.by_short.get(home_region)
            if codes:
                return gaz.get(codes[0]).province
            if home_region.isdigit() and home_region[:2] + "0000" in gaz.regions:
                return home_region[:2] + "0000"
        text = self.doc.text
        head = text[:600]
        for m in MASTHEAD_RE.finditer(head):
            w = m.group(1)
            for k in range(len(w)):
                cand = w[k:]
                codes = gaz.by_name.get(cand) or gaz.by_short.get(cand)
                if codes and gaz.get(codes[0]).level == "province":
                    return codes[0]
        counts = self._province_counts
        if counts:
            # the deictic words a source uses tell what kind of province it is: 全省/我省 -> a 省,
            # 全区/我区/自治区 -> an autonomous region
            kind = None
            if re.search("全省|我省|本省", text) and not re.search("全区|我区|本区", text):
                kind = "省"
            elif (re.search("全区|我区|本区", text) or len(re.findall("(?<![古族尔藏])自治区", text)) >= 2) and \
                    not re.search("全省|我省|本省", text):
                kind = "自治区"
            if kind:
                for code, _n in counts.most_common():
                    if gaz.get(code).name.endswith(kind):
                        return code
            return counts.most_common(1)[0][0]
        return None

    def _short_in_context(self, code: str, word: str) -> bool:
        """Short forms (赤峰, 西城, 克什克腾) count where the document's context supports them: a county's
        short form needs its prefecture or province named in the document (or three characters and more);
        a prefecture's needs its province, or to be a known place word."""
        r = self.gaz.get(code)
        if r.level == "province":
            return True
        ctx = self.doc_context
        if any(a in ctx for a in self.gaz.ancestors(code) if a != "000000"):
            return True
        if r.level == "prefecture":
            # a prefecture of another province named by a short form and nothing else (乐山 in 乐山野菜馆,
            # 景德镇 in an Inner Mongolia paper) is a word, not the place
            return r.province == self.home
        return len(word) >= 4

    # ---------------------------------------------------------------- entities
    def _entity(self, m: Mention) -> dict[str, Any]:
        nid = entity_id(m.type, m.name, m.adcode)
        ent = self.entities.get(nid)
        if ent is None:
            ent = {"id": nid, "type": m.type, "name": m.name, "aliases": set(), "mentions": []}
            if m.type == "Region":
                ent["level"] = m.level
                if m.adcode:
                    r = self.gaz.get(m.adcode)
                    ent["adcode"] = r.adcode
                    ent["lon"] = r.lon
                    ent["lat"] = r.lat
            self.entities[nid] = ent
        ent["aliases"].update(a for a in m.aliases if a and a != m.name)
        return ent

    def ref(self, m: Mention) -> dict[str, Any]:
        """The JSON reference to a mention's entity for relations."""
        ent = self._entity(m)
        out = {"id": ent["id"], "type": ent["type"], "name": ent["name"]}
        for k in ("level", "adcode", "lon", "lat"):
            if ent.get(k) is not None:
                out[k] = ent[k]
        return out

    def add_mention(self, m: Mention, si: int, sent_start: int) -> None:
        ent = self._entity(m)
        a, b = self.doc.original_span(sent_start + m.start, sent_start + m.end)
        ent["mentions"].append({"sentence": si, "start": a, "end": b})
        if m.type == "Region" and m.adcode:
            for anc in self.gaz.ancestors(m.adcode):
                r = self.gaz.get(anc)
                aid = entity_id("Region", r.name, r.adcode)
                self.context_entities.setdefault(aid, {"id": aid, "type": "Region", "name": r.name,
                                                       "level": r.level, "adcode": r.adcode, "lon": r.lon,
                                                       "lat": r.lat})
            if m.adcode and self.gaz.get(m.adcode).parent:
                p = self.gaz.get(self.gaz.get(m.adcode).parent)
                self.derived.add(("PART_OF", ent["id"], entity_id("Region", p.name, p.adcode)))
        if m.parent and m.parent != ent["id"]:
            rel = "PART_OF" if m.type == "Region" else "LOCATED_IN"
            self.derived.add((rel, ent["id"], m.parent))

    # ---------------------------------------------------------------- per article
    def run(self) -> dict[str, Any]:
        doc = self.doc
        n_sent = 0
        si = 0
        for art in doc.articles:
            actx = ArticleContext(self, art)
            for s in art.sentences:
                text = doc.text[s.start : s.end]
                mentions = self.sentence_mentions(text, actx, s.start)
                for m in mentions:
                    if m.type in ("Region", "Agency", "Program", "Person"):
                        self.add_mention(m, si, s.start)
                rels = extract_relations(text, mentions, actx, self)
                date = art.date or doc.date
                for r in rels:
                    r["evidence"] = {"text": text.strip(), "date": date}
                    self._headline_amount(r)
                    self.relations.append(r)
                actx.after_sentence(mentions)
                si += 1
                n_sent += 1
        entities = []
        for nid in sorted(self.entities):
            e = dict(self.entities[nid])
            e["aliases"] = sorted(e["aliases"])
            entities.append(e)
        derived = []
        known = set(self.entities) | set(self.context_entities)
        for rtype, src, dst in sorted(self.derived):
            if src in known and dst in known:
                derived.append({"type": rtype, "source": {"id": src, **self._brief(src)},
                                "target": {"id": dst, **self._brief(dst)}})
        return {
            "doc": doc.id, "sha256": doc.sha256, "path": doc.path, "date": doc.date,
            "home_region": self.gaz.get(self.home).name if self.home else None,
            "stats": {"articles": len(doc.articles), "sentences": n_sent, "characters": len(doc.text)},
            "warnings": list(doc.warnings),
            "entities": entities,
            "context_entities": [self.context_entities[k] for k in sorted(self.context_entities)],
            "relations": self.relations,
            "derived": derived,
        }

    def _headline_amount(self, rel: dict[str, Any]) -> None:
        """A document's first figure for a payer -> recipient pair is its headline: a later, different figure
        for the same pair (a part, a year, another channel) keeps its evidence but not the amount."""
        if rel["type"] != "FUNDS" or rel.get("amount_yuan") is None:
            return
        key = (rel["source"]["id"], rel["target"]["id"])
        first = self._first_amount.setdefault(key, rel)
        amount, headline = rel["amount_yuan"], first.get("amount_yuan")
        if first is rel or amount == headline:
            return
        if headline and abs(amount - headline) <= 0.15 * headline and _digits(amount) > _digits(headline):
            # 7亿多元 in the title, 7.74亿元 in the text: the same figure stated precisely
            first["part_amount_yuan"] = first.pop("amount_yuan")
            self._first_amount[key] = rel
            return
        rel["part_amount_yuan"] = rel.pop("amount_yuan")

    def _brief(self, nid: str) -> dict[str, Any]:
        e = self.entities.get(nid) or self.context_entities.get(nid)
        out = {"type": e["type"], "name": e["name"]}
        for k in ("level", "adcode", "lon", "lat"):
            if e.get(k) is not None:
                out[k] = e[k]
        return out

    # ---------------------------------------------------------------- mentions in one sentence
    def sentence_mentions(self, text: str, actx: ArticleContext, offset: int | None = None) -> list[Mention]:
        cands: list[Mention] = []
        gaz = self.gaz
        near = actx.near_codes()  # once per sentence: the article's regions rank ambiguous names
        found = self.matcher.iter(text) if offset is None else self.matches_in(offset, offset + len(text))
        for start, end, word, entries in found:
            for en in entries:
                if en.kind == "region":
                    code = self.regions.choose(en.value, near)
                    if code:
                        cands.append(self.regions.region_mention(start, end, code, word, "gaz"))
                    else:
                        r = gaz.get(en.value[0])
                        cands.append(Mention(start, end, "Region", word, level=r.level, kind="gaz-ambiguous"))
                elif en.kind == "short":
                    if SHORT_NOT_PLACE_AFTER.match(text, end):
                        continue  # 石狮镇, 科尔沁沙地: a township named after it, or a natural feature
                    code = self.regions.choose(en.value, near)
                    if code and len(word) == 2 and gaz.get(code).level == "county" and not _token_bounded(
                        text, start, end
                    ):
                        continue  # 发展和安全 is not 和安县
                    if code and self._short_in_context(code, word):
                        cands.append(self.regions.region_mention(start, end, code, word, "short"))
                elif en.kind == "agency":
                    ent = en.value
                    if not self.lex.accepts(word, text[end : end + 2]):
                        continue
                    m = Mention(start, end, "Agency", ent.name, kind="lex")
                    if word != ent.name:
                        m.aliases.add(word)
                    if ent.region:
                        codes = gaz.by_name.get(ent.region)
                        if codes:
                            r = gaz.get(codes[0])
                            m.parent = entity_id("Region", r.name, r.adcode)
                    cands.append(m)
                elif en.kind == "program":
                    ent = en.value
                    m = Mention(start, end, "Program", ent.name, kind="lex")
                    if word != ent.name:
                        m.aliases.add(word)
                    cands.append(m)
                elif en.kind == "deictic":
                    cands.append(Mention(start, end, "Deictic", word, kind="deictic"))
                elif en.kind == "user":
                    ue = en.value
                    m = Mention(start, end, ue.type, ue.name, level=ue.level, kind="user")
                    if word != ue.name:
                        m.aliases.add(word)
                    cands.append(m)
        for pm in PAIR_RE.finditer(text):
            a, b = pm.group(1), pm.group(2)
            pa, pb = _abbr_province(a), _abbr_province(b)
            if pa and pb and pa != pb:
                for code, ch in ((pa, a), (pb, b)):
                    mm = self.regions.region_mention(pm.start(), pm.end(), code, ch, "pair")
                    mm.extra["pair"] = pm.group(0)
                    cands.append(mm)
        base = _resolve_overlaps([c for c in cands if "pair" not in c.extra])
        base += [c for c in cands if "pair" in c.extra and not any(
            b.start < c.end and c.start < b.end and b.end - b.start > c.end - c.start for b in base)]
        base.sort(key=lambda m: (m.start, m.end))
        # deictic words -> regions (but 自治区 directly followed by an organ is a prefix: handled below)
        resolved: list[Mention] = []
        for m in base:
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
        # organisations after regions, townships and villages, named organisations, programmes, people
        more: list[Mention] = []
        places = self._places(text, resolved, actx)  # first: a township can head an organ (达来诺日镇党委)
        base = sorted(resolved + places, key=lambda m: (m.start, m.end))
        more += self._org_chains(text, base, actx)
        more += self._named_orgs(text, resolved)
        merged = _merge_longer(base, more)
        merged = find_programs(text, merged, self, actx)
        merged = find_people(text, merged, self, actx)
        for m in merged:
            if m.type == "Program" and QUOTES_RE.search(m.name):
                # “十四五”规划 and 十四五规划 are one programme: the name is written without quotes
                m.aliases.add(m.name)
                m.name = QUOTES_RE.sub("", m.name)
            if m.type == "Region" and m.adcode and m.kind in ("gaz", "short"):
                self.regions.note(m.adcode)
            elif m.type == "Agency" and m.name.endswith("自治区政府"):
                # the official name of an autonomous region's government is …自治区人民政府
                m.aliases.add(m.name)
                m.name = m.name[:-2] + "人民政府"
        return merged

    def _org_chains(self, text: str, mentions: list[Mention], actx: ArticleContext) -> list[Mention]:
        out: list[Mention] = []
        prefixes = [m for m in mentions if m.type in ("Region", "Agency")]
        # deictic organ forms without a region name: 市委, 县委, 旗委, 区委, 盟委, 市政府 … (and 校党委, 局党组,
        # 苏木党委), a sub-unit after it (旗委办公室) and a list of organs sharing its owner (区纪委监委、财政局)
        for dm in DEICTIC_ORGAN_RE.finditer(text):
            s = dm.start()
            if s > 0 and (text[s - 1] >= "\u4e00" and text[s - 1] <= "\u9fff") and not any(
                p.end == s for p in prefixes
            ):
                # glued to a preceding word that is not a known region: 北京市委 is caught via the region
                glued = text[s - 1] not in "、，和及与兼率由向对是为" or (
                    text[s - 1] in "和及与" and s > 1 and text[s - 2] in "、，")
                if glued and not (any(q.end == s for q in out) or _after_verb(text, s)):
                    continue  # (区委区政府: a second organ; 代表区委: after a verb)
            if any(p.start <= s < p.end for p in prefixes) or any(q.start <= s < q.end for q in out):
                continue
            if dm.group(1) in ("苏木", "镇", "乡", "街道") and dm.group(2) not in ("党委", "政府", "人民政府", "党工委", "工委"):
                continue
            owner = None
            if s > 0 and text[s - 1] in "、和及与":
                for q in out:
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
            if owner is None and dm.group(1) in ("局", "校"):
                # the bureau or school named earlier in the same sentence (国家统计局局长、局党组书记)
                kinds = ("局",) if dm.group(1) == "局" else ("大学", "学院", "学校", "中学", "小学")
                prev = [q for q in prefixes if q.type == "Agency" and q.end <= s and q.name.endswith(kinds)]
                if prev:
                    owner = {"id": entity_id("Agency", prev[-1].name), "name": prev[-1].name}
            if (owner is None or not owner.get("name")) and dm.group(1) in LEVEL_CHARS:
                code = side_region(dm.group(1), s, mentions, actx, self)
                if code:
                    r = self.gaz.get(code)
                    owner = {"id": entity_id("Region", r.name, r.adcode), "name": r.name}
            if owner is None or not owner.get("name"):
                owner = actx.owner_for_organ(dm.group(1))
            if owner is None:
                continue
            organ = dm.group(2)
            name = owner["name"] + organ
            end_ = dm.end()
            sub = SUBUNIT_AFTER_RE.match(text, end_)
            if sub and organ in ("委", "党委", "党工委", "工委") and suffix_at_word_end(text, sub.start(), sub.end()):
                name += sub.group(0)
                end_ = sub.end()
            m = Mention(s, end_, "Agency", name, kind="deictic-organ")
            m.aliases.add(text[s:end_])
            if owner.get("id", "").startswith("Region:"):
                m.parent = owner["id"]
                m.extra["region_name"] = owner["name"]
            out.append(m)
            # organs listed after it share its owner: 区纪委监委、发展改革委、财政局、农业农村局
            pos = end_
            while pos < len(text) and text[pos] == "、" and owner.get("id", "").startswith("Region:"):
                em = ORG_ELEMENT.match(text, pos + 1)
                if not em or not em.group(1) or not suffix_at_word_end(text, em.start(2), em.end(2)):
                    break
                body, suffix = em.group(1), em.group(2)
                if not body_ok(body) or len(suffix) == 1 and len(body) < SINGLE_CHAR_MIN_BODY and suffix != "委":
                    break
                if any(q.start <= em.start() < q.end for q in prefixes):
                    break
                if body[:1] in LEVEL_CHARS and owner["name"].endswith(body[:1]):
                    body = body[1:]  # 旗委、旗政府: the level character repeats the owner's
                nm = Mention(pos + 1, em.end(), "Agency", owner["name"] + body + suffix, kind="org-enum")
                nm.aliases.add(body + suffix)
                nm.parent = owner["id"]
                nm.extra["region_name"] = owner["name"]
                out.append(nm)
                pos = em.end()
        for p in prefixes:
            pos = p.end
            chain_end = None
            chain_parts: list[str] = []
            for _k in range(3):
                em = ORG_ELEMENT.match(text, pos)
                if not em:
                    break
                body, suffix = em.group(1), em.group(2)
                if not body and suffix not in EMPTY_OK and not (chain_parts and suffix in SUBUNITS):
                    break
                if not body and p.type == "Agency" and not chain_parts and suffix not in SUBUNITS:
                    break  # 中共中央政治局 + 委(员): only real sub-units follow an agency name
                if p.type == "Agency" and not chain_parts and suffix not in SUBUNITS:
                    break
                if not suffix_at_word_end(text, em.start(2), em.end(2)):
                    break
                if (body + suffix).endswith(("东部", "西部", "南部", "北部", "中部", "全部", "内部", "局部", "干部")):
                    break  # 赤峰市西北部: a direction, not a department
                if len(suffix) == 1 and suffix != "委" and len(body) < SINGLE_CHAR_MIN_BODY:
                    break
                if body.startswith(("和", "及", "与")) or not body_ok(body.replace("和", ""), organ=True):
                    break
                if suffix in ("党组",):
                    break
                if chain_parts and (any(q.start == em.start() and q.type == "Region" for q in mentions)
                                    or body.startswith("自治区")):
                    # 内蒙古自治区党委自治区人民政府: a second organ with its own (deictic) region prefix
                    em2 = ORG_ELEMENT.match(text, em.start() + 3)
                    if body.startswith("自治区") and p.type == "Region" and p.name.endswith("自治区") and em2 \
                            and not em2.group(1) and em2.group(2) in EMPTY_OK:
                        sm = Mention(em.start(), em2.end(), "Agency", p.name + em2.group(2), kind="org-chain")
                        sm.aliases.add(text[em.start() : em2.end()])
                        sm.parent = entity_id("Region", p.name, p.adcode)
                        sm.extra["region_name"] = p.name
                        out.append(sm)
                    break
                chain_parts.append(body + suffix)
                chain_end = em.end()
                pos = em.end()
                if suffix == "代表团":
                    break
            if chain_end is None:
                continue
            surface = text[p.start : chain_end]
            if chain_parts and chain_parts[-1].endswith("代表团"):
                # a delegation acts as its region
                if p.type == "Region":
                    r = p  # 内蒙古自治区通辽市库伦旗政府代表团: the innermost region of the chain acts
                    while True:
                        nxt = next((m for m in mentions if m.type == "Region" and m.start == r.end
                                    and m.end <= chain_end), None)
                        if nxt is None:
                            break
                        r = nxt
                    dm = Mention(p.start, chain_end, "Region", r.name, adcode=r.adcode, level=r.level,
                                 aliases=set(r.aliases), kind=r.kind, extra={"delegation": True})
                    out.append(dm)
                continue
            # names keep the written form; a deictic prefix is restored (自治区民政厅 -> 内蒙古自治区民政厅),
            # and X县委/X旗委 after a region is that region's committee (克什克腾县委 -> 克什克腾旗委)
            written = text[p.start : p.end]
            pair = p.extra.get("pair") if p.type == "Region" else None
            if pair:
                # 京蒙两地党委 / 闽宁双方政府: the organ of each region of the pair, never one joined name
                prefix_name = p.name
                first = re.sub("^(两地|双方|两省区|两省|两市|两区)", "", chain_parts[0])
                if not first:
                    continue
                chain_parts = [organ_name(p.name, first)[len(p.name):]] + chain_parts[1:]
            elif p.type == "Region" and p.extra.get("deictic"):
                prefix_name = p.name
            elif p.type == "Region" and chain_parts and chain_parts[0] in LEVEL_COMMITTEES:
                prefix_name = p.name
                chain_parts = ["党委" if p.name.endswith("自治区") else "委"] + chain_parts[1:]
            elif p.type == "Region" and p.kind == "short" and chain_parts and chain_parts[0] in (
                "委", "政府", "人民政府", "党委"
            ):
                prefix_name = p.name
            else:
                prefix_name = written if p.type == "Region" else p.name
            name = prefix_name + "".join(chain_parts)
            m = Mention(p.start, chain_end, "Agency", name, kind="org-chain")
            if surface != name and not pair:
                m.aliases.add(surface)
            if p.type == "Region":
                m.parent = entity_id("Region", p.name, p.adcode)
                m.extra["region_name"] = p.name
            m.extra["prefix"] = p
            if pair:
                m.extra["pair"] = pair
            out.append(m)
            # organs listed after it share its region: 自治区党委、人大常委会、政府、政协
            pos = chain_end
            while p.type == "Region" and pos < len(text) and text[pos] == "、":
                em = ORG_ELEMENT.match(text, pos + 1)
                if not em or not suffix_at_word_end(text, em.start(2), em.end(2)):
                    break
                body, suffix = em.group(1), em.group(2)
                if (not body and suffix not in EMPTY_OK) or not body_ok(body) or (
                    len(suffix) == 1 and len(body) < SINGLE_CHAR_MIN_BODY and suffix != "委"
                ):
                    break
                if any(q.start <= em.start() < q.end for q in mentions if q.type in ("Region", "Agency")):
                    break
                nm = Mention(pos + 1, em.end(), "Agency", p.name + body + suffix, kind="org-enum")
                nm.aliases.add(body + suffix)
                nm.parent = entity_id("Region", p.name, p.adcode)
                nm.extra["region_name"] = p.name
                nm.extra["prefix"] = p
                if pair:
                    nm.extra["pair"] = pair
                out.append(nm)
                pos = em.end()
        return out

    def doc_school(self) -> dict | None:
        """The university or school a document is about (for 校党委 before the school is named in the article)."""
        if not hasattr(self, "_doc_school"):
            counts = Counter(m.group(0) for m in SCHOOL_RE.finditer(self.doc.text))
            best = None
            for name, _n in counts.most_common():
                if not name.startswith(("大学", "学院")) and body_ok(name[:-2]):
                    best = {"id": entity_id("Agency", name), "name": name}
                    break
            self._doc_school = best
        return self._doc_school

    def matches_in(self, start: int, end: int):
        """The document's lexicon matches inside [start, end), in offsets relative to start."""
        lo = bisect.bisect_right(self._match_ends, start)
        hi = bisect.bisect_right(self._match_ends, end)
        for ms, me, w, entries in self.doc_matches[lo:hi]:
            if ms >= start:
                yield ms - start, me - start, w, entries

    def _agency_owner(self, ag: Mention, mentions: list[Mention]) -> dict | None:
        """The region an agency mention belongs to (北京市委 -> 北京市), for organs listed after it."""
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

    def _named_orgs(self, text: str, mentions: list[Mention]) -> list[Mention]:
        out: list[Mention] = []
        for sm in STRONG_ORG_RE.finditer(text):
            end = sm.end()
            # the organisation may start at a region/agency mention just before its body
            if not suffix_at_word_end(text, sm.start(), sm.end()):
                continue
            start = scan_left_body(text, sm.start(), 14)
            start = trim_breakers(text, start, sm.start(), company=sm.group(0).endswith(("公司", "集团")))
            start = snap_start(text, start, sm.start())
            start += _org_lead_trim(text[start : sm.start()])
            # a company name opens with its country or region (集团下属企业中国医药… -> 中国医药…)
            lead = re.search("中国|中华", text[start + 1 : sm.start()])
            inner = [m for m in mentions if m.type == "Region" and start < m.start < sm.start()]
            if lead:
                start = start + 1 + lead.start()
            elif inner:
                start = inner[0].start
            ym = re.match("[0-9]+年", text[start : sm.start()])
            if ym:
                start += ym.end()
            # do not start inside a region/agency mention: snap to its start
            for m in mentions:
                if m.start < start < m.end:
                    start = m.start
            body = text[start : sm.start()]
            if body in GENERIC_ORG_BODIES or len(body) < 2 and not any(m.start == start for m in mentions):
                continue
            if not body_ok(body, company=sm.group(0).endswith(("公司", "集团"))):
                continue
            name = text[start:end]
            m = Mention(start, end, "Agency", name, kind="named-org")
            for pm in mentions:
                if pm.start == start and pm.type == "Region" and pm.adcode:
                    m.parent = entity_id("Region", pm.name, pm.adcode)
            out.append(m)
        return out

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
        out: list[Mention] = []
        for pm in PLACE_SUFFIX_RE.finditer(text):
            suffix = pm.group(1)
            s = pm.start()
            # is there a known region (county or township) directly before the body?
            floor = 0
            parent = None
            for m in mentions + out:
                if m.type == "Region" and m.end <= s and s - m.end <= 6:
                    if m.end > floor:
                        floor = m.end
                        parent = m
            max_body = 5 if suffix in ("乡", "镇", "苏木", "街道") else 5
            start = scan_left_body(text, s, max_body, floor=floor)
            start = trim_breakers(text, start, s)
            lead_organ = re.match("党工委|党委|工委|委|政府", text[start:s])
            if lead_organ and s - start - lead_organ.end() >= 2:
                start += lead_organ.end()  # 昌平区委|城北街道工委: the place starts after the organ
                parent = None
            body = text[start:s]
            if parent is not None and parent.end != start:
                parent = None
            if len(body) < 2 or body in GENERIC_PLACE_BODIES or body[-1] in "全各本该" or not body_ok(body):
                continue
            if re.search("[0-9０-９]", body) or _verb_tail(body):
                continue  # 辖5镇, 发展壮大嘎查, 强化嘎查: a count or a verb, not a name
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
            if (body + suffix) in GENERIC_PLACE_WORDS or body[-1] in "驻包联挂辖新小老强" or body[-2:] in (
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
                pc = actx.current_code("county")
                if pc:
                    r = self.gaz.get(pc)
                    m.parent = entity_id("Region", r.name, r.adcode)
            out.append(m)
        out += self._known_places(text, mentions + out)
        # 红旗、呼特勒、阿里木图等嘎查 / 甲、乙两个村: enumerated names sharing one place word
        for em in PLACE_ENUM_RE.finditer(text):
            suffix = em.group(3)
            items = em.group(1).split("、")
            pos = em.start(1)
            for k, it in enumerate(items):
                ist = text.find(it, pos)
                pos = ist + len(it)
                if k == 0:
                    cut = trim_breakers(text, ist, ist + len(it))
                    cut += trim_verbish(text[cut : ist + len(it)])
                    if cut < ist + len(it) - 2 and text[cut] in "对向为在与和及把被将从给":
                        cut += 1
                    it, ist = text[cut : ist + len(it)], cut
                if len(it) < 2 or it in GENERIC_PLACE_BODIES or re.search("[的了是在和与及或等这那各该]", it) or \
                        _verb_tail(it):
                    continue  # (Mongolian names may hold 都, 其, 达 …: only function words are refused)
                if any(m.start < ist + len(it) and ist < m.end for m in mentions + out):
                    continue
                m = Mention(ist, ist + len(it), "Region", it + suffix, level=PLACE_LEVEL[suffix], kind="place-enum")
                m.aliases.add(it)
                pc = actx.current_code("county")
                if pc:
                    r = self.gaz.get(pc)
                    m.parent = entity_id("Region", r.name, r.adcode)
                out.append(m)
        return out


PLACE_ENUM_RE = rx.compile(
    "((?:[\u4e00-\u9fff]{2,5}、)+[\u4e00-\u9fff]{2,5})(等|两个|三个|四个|五个|[0-9]+个)(嘎查|苏木|村|镇|乡)"
    "(?![民庄落里级集委组长干部村镇])"
)


def _digits(x: float) -> int:
    """Significant digits of a sum in yuan (774000000 -> 3)."""
    return len(str(int(round(x))).rstrip("0"))


def _org_lead_trim(body: str) -> int:
    """Offset after a leading verb, direction or function word (周边, 创新, 贫困户加入, 孩子上): the name starts
    after it."""
    cut = 0
    pos = 0
    for tok in seg(body):
        pos += len(tok)
        if jiebadict.tag(tok) in ("v", "f", "p", "c", "d", "r") and pos < len(body) + 1:
            cut = pos
    return cut


ACTING_FOR = {"代表", "会同", "会见", "受托"}  # words jieba tags as nouns that act for an organ after them


def _after_verb(text: str, pos: int) -> bool:
    """Does a verb end at pos (代表|区委, 参加|市委)? Then an organ may start there."""
    toks = seg(text[max(0, pos - 4) : pos])
    return bool(toks) and len(toks[-1]) >= 2 and (jiebadict.tag(toks[-1]) == "v" or toks[-1] in ACTING_FOR)


def _token_bounded(text: str, start: int, end: int) -> bool:
    """Do start and end fall on jieba word boundaries of the surrounding text?"""

    lo = max(0, start - 3)
    cuts = {lo}
    pos = lo
    for tok in seg(text[lo : min(len(text), end + 3)]):
        pos += len(tok)
        cuts.add(pos)
    return start in cuts and end in cuts


def _verb_tail(body: str) -> bool:
    """The body ends in a verb or adjective (发展壮大, 强化, 攻坚): no place is named so."""

    toks = seg(body)
    if not toks:
        return False
    last = toks[-1]
    return len(last) >= 2 and jiebadict.tag(last) in ("v", "vn", "a", "ad", "vd")


_WORD_TAGS_OK = {"ns", "nr", "nrt", "nz", "nt", "j"}
GENERIC_PLACE_WORDS = {"城乡", "城镇", "乡镇", "小镇", "乡村", "农村", "城区", "老城区", "新城区", "嘎查村", "村镇",
                       "集镇", "驻村", "包村", "联村", "全村", "本村", "该村", "各村", "山村", "新农村"}


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
            freq = jieba.dt.FREQ.get(tok) or 0
            tag = jiebadict.tag(tok)
            return not (freq >= 20 and tag not in _WORD_TAGS_OK)
    return True


def _abbr_province(ch: str) -> str | None:
    from kg.extract.gazetteer import PROVINCE_ABBR, PROVINCE_ABBR_EXTRA

    for pre, a in PROVINCE_ABBR.items():
        if a == ch and ch != "新":
            return pre + "0000"
    for pre, extra in PROVINCE_ABBR_EXTRA.items():
        if ch in extra:
            return pre + "0000"
    return None


def _merge_longer(base: list[Mention], more: list[Mention]) -> list[Mention]:
    """Add pattern mentions; a longer one replaces the base mentions it covers."""
    out = list(base)
    for m in sorted(more, key=lambda m: -(m.end - m.start)):
        covered = [b for b in out if b.start >= m.start and b.end <= m.end]
        crossing = [b for b in out if b.start < m.end and m.start < b.end and b not in covered]
        if crossing:
            continue
        if any(b.start == m.start and b.end == m.end and b.type == m.type and not (
                m.extra.get("pair") and b.extra.get("pair")) for b in covered):
            continue
        for b in covered:
            if b.type in ("Region",) and m.type == "Agency" and "prefix" in m.extra:
                continue  # keep the region mention inside an agency name (北京市 in 北京市委)
            if b.extra.get("pair") and m.extra.get("pair") and b.type == m.type:
                continue  # the other region's organ of a pair (京蒙两地政协)
            out.remove(b)
        out.append(m)
    out.sort(key=lambda m: (m.start, -(m.end - m.start)))
    return out


class ArticleContext:
    """What an article is about: its regions by level (for 我旗, 该县, 全市 …), its subject carry-over."""

    def __init__(self, ex: DocExtractor, art):
        self.ex = ex
        self.gaz = ex.gaz
        self.art = art
        self.counts: dict[str, Counter[str]] = {"province": Counter(), "prefecture": Counter(), "county": Counter()}
        self._current: dict[str, str | None] = {}
        self.first_seen: dict[str, int] = {}
        self.last_subject: Mention | None = None
        self.last_org_by_kind: dict[str, dict] = {}
        self.trail: list[str] = []
        self.sentence_index = 0
        # pre-scan the article for full region names so 我旗 in the first sentence resolves
        speaker_words = []
        for i, (_s, _e, _w, entries) in enumerate(ex.matches_in(art.start, art.end)):
            for en in entries:
                if en.kind == "region" and len(en.value) == 1:
                    self._count(en.value[0], i)
                elif en.kind == "short" and len(en.value) == 1 and ex._short_in_context(en.value[0], _w):
                    self._count(en.value[0], i)
                elif en.kind == "deictic" and _w.startswith(("我", "全", "本")) and _w not in ("全区", "全省"):
                    speaker_words.append(_w)
        # the region the article speaks for (我县, 全旗 …) is the subject of its subject-less sentences
        for w in speaker_words:
            code = self.resolve_deictic(w)
            if code:
                self.speaker_region = code
                break

    def _count(self, code: str, order: int) -> None:
        r = self.gaz.get(code)
        if r.level in self.counts:
            self.counts[r.level][code] += 1
            self.first_seen.setdefault(code, order)
            self._current.pop(r.level, None)

    def current_code(self, level: str) -> str | None:
        """The article's most named region of a level (first named on ties); cached until a count changes."""
        cache = self._current
        if level in cache:
            return cache[level]
        c = self.counts.get(level)
        best = min(c.items(), key=lambda kv: (-kv[1], self.first_seen.get(kv[0], 0)))[0] if c else None
        cache[level] = best
        return best

    def near_codes(self) -> list[str]:
        out = []
        for lvl in ("county", "prefecture", "province"):
            c = self.current_code(lvl)
            if c:
                out.append(c)
        if self.ex.home:
            out.append(self.ex.home)
        return out

    def resolve_deictic(self, word: str) -> str | None:
        kind = DEICTIC.get(word)
        home = self.ex.home
        if kind == "home":
            if not home:
                return None
            r = self.gaz.get(home)
            if word in ("我区", "全区", "区内", "自治区", "本区") and not r.name.endswith("自治区"):
                # in a province's paper 全区 means a district
                return self.current_code("county") if word in ("我区", "全区", "本区") else None
            if word in ("我省", "全省", "本省") and not r.name.endswith("省"):
                # the source is not a province's (上海 writing about 云南): the province in view, if any
                code = self.current_code("province")
                return code if code and self.gaz.get(code).name.endswith("省") else None
            return home
        if kind == "capital":
            if home:
                cap = home[:2] + "0100"
                if cap in self.gaz.regions:
                    return cap
            return None
        if kind == "prefecture":
            suffix = word[-1]
            code = self.current_code("prefecture")
            if code and self.gaz.get(code).name.endswith(suffix):
                return code
            return code if suffix == "市" and code else None
        if kind == "county":
            suffix = word[-1]
            code = self.current_code("county")
            if code:
                name = self.gaz.get(code).name
                if name.endswith(suffix) or suffix in ("县",) and name.endswith("旗") or suffix == "旗":
                    return code
            return None
        return None

    def owner_for_organ(self, prefix_char: str) -> dict | None:
        """Who 市委 / 县委 / 旗委 / 校党委 / 局党组 belongs to in this article."""
        level = {"市": "prefecture", "盟": "prefecture", "州": "prefecture", "县": "county", "旗": "county",
                 "区": "county", "省": "province"}.get(prefix_char)
        if level:
            if prefix_char == "区" and self.ex.home and self.gaz.get(self.ex.home).name.endswith("自治区"):
                code = self.current_code("county")
                if code and not self.gaz.get(code).name.endswith("区"):
                    code = None
            else:
                code = self.current_code(level)
            if not code:
                return None
            r = self.gaz.get(code)
            if prefix_char in "县旗" and not r.name.endswith(prefix_char) and not (
                prefix_char == "县" and r.name.endswith("旗")
            ):
                return None
            return {"id": entity_id("Region", r.name, r.adcode), "name": r.name}
        if prefix_char in ("苏木", "镇", "乡", "街道"):
            t = self.last_org_by_kind.get("township")
            if t and t["name"].endswith(prefix_char):
                return t
            return None
        kind = {"校": "school", "局": "bureau"}.get(prefix_char)
        found = self.last_org_by_kind.get(kind)
        if found is None and kind == "school":
            found = self.ex.doc_school()
        return found

    def after_sentence(self, mentions: list[Mention]) -> None:
        self.sentence_index += 1
        for m in mentions:
            code = region_code(m, self.gaz)
            if code:
                self.trail.append(code)  # the regions named so far, in order (kg.extract.sides)
            if m.type == "Region" and m.level == "township":
                self.last_org_by_kind["township"] = {"id": entity_id("Region", m.name, m.adcode), "name": m.name}
            if m.type == "Agency":
                if m.name.endswith(("大学", "学院", "学校", "中学", "小学")):
                    self.last_org_by_kind["school"] = {"id": entity_id("Agency", m.name), "name": m.name}
                elif m.name.endswith("局"):
                    self.last_org_by_kind["bureau"] = {"id": entity_id("Agency", m.name), "name": m.name}


def extract_document(doc: Document, home_region: str | None = None, user_entries: tuple = ()) -> dict[str, Any]:
    """user_entries: a user lexicon's entries (kg.extract.userlex), matched with the bundled ones."""
    return DocExtractor(doc, home_region, user_entries).run()
