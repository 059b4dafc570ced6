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
from collections import Counter
from typing import Any

from kg import rx
from kg.extract.context import ArticleContext
from kg.extract.docnames import QUOTES_RE, canonical_name, learnt_matches, shorten_to_full, written_names
from kg.extract.gazetteer import PROVINCE_CHARS
from kg.extract.home import infer_home
from kg.extract.lexicon import LOCATED_AGENCY_KINDS
from kg.extract.matcher import get_matcher
from kg.extract.mentions import (
    Mention,
    is_counted,
    seg,
    units_of_level,
)
from kg.extract.organchains import sub_branches
from kg.extract.organs import OrgansMixin
from kg.extract.people import find_people
from kg.extract.places import PlacesMixin
from kg.extract.programs import find_programs
from kg.extract.recipients import drop_coarser_funds
from kg.extract.regions import PAIR_RE, RegionResolver, abbr_province
from kg.extract.relations import extract_relations
from kg.extract.schoolunits import SchoolUnitsMixin
from kg.extract.sides import centre_mentions
from kg.graph import entity_id
from kg.model import Document

SHORT_NOT_PLACE_AFTER = rx.compile("镇|乡|村|嘎查|苏木|街道|沙地|沙漠|草原|湖|河|山脉|山区|盆地|平原|高原|湿地|农场|牧场|林场")
# words of a pairing right before or after a place's short name (its province need not be named)
AID_BEFORE_SHORT = rx.compile("(?:对口帮扶|对口支援|结对帮扶|帮扶|支援|援助|援建)$")
# (大连援黔工作队, 上海援滇干部: a place that sends aid to a province named by its one character)
AID_AFTER_SHORT = rx.compile("所需|(?:协作|结对|对口)|援[" + PROVINCE_CHARS + "]")


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


class DocExtractor(OrgansMixin, PlacesMixin, SchoolUnitsMixin):
    def __init__(self, doc: Document, home_region: str | None, user_entries: tuple = ()):
        self.doc = doc
        self.matcher = get_matcher(user_entries)
        self.gaz = self.matcher.gaz
        self.lex = self.matcher.lex
        self.doc_context = self._full_name_context()
        self.home = infer_home(self.doc.text, home_region, self._province_counts, self.doc_matches, self.gaz)
        self.regions = RegionResolver(self.home, self.doc_context)
        self.entities: dict[str, dict[str, Any]] = {}
        self.relations: list[dict[str, Any]] = []
        self.derived: set[tuple[str, str, str]] = set()
        self.context_entities: dict[str, dict[str, Any]] = {}
        self.people: set[str] = set()
        self.agency_names: set[str] = set()  # (kg.extract.docnames.shorten_to_full)
        self.known_places: dict[str, tuple[str, str]] = {}  # township/village -> (level, parent id)
        self._first_amount: dict[tuple[str, str], dict[str, Any]] = {}

    # ---------------------------------------------------------------- context
    def _full_name_context(self) -> set[str]:
        """Adcodes (with ancestors) of regions named in full anywhere in the document; also counts their
        provinces for infer_home, so the whole document is matched once, not twice."""
        ctx: set[str] = set()
        self._province_counts: Counter[str] = Counter()
        # every lexicon match of the document, once: articles and sentences take their slices of it
        self.doc_matches = self.matcher.all(self.doc.text)
        learnt = learnt_matches(self.doc.text, {w for _s, _e, w, _en in self.doc_matches})  # (中建科工董事长)
        if learnt:
            self.doc_matches = sorted(self.doc_matches + learnt, key=lambda m: (m[1], m[0]))
        self._match_ends = [m[1] for m in self.doc_matches]
        written: dict[str, set[tuple]] = {}  # lexicon programme / agency name -> (start, end, written form)
        agencies: set[str] = set()
        for _s, _e, _w, entries in self.doc_matches:
            for en in entries:
                if en.kind == "program" or en.kind == "agency" and en.value.name in _w:
                    written.setdefault(en.value.name, set()).add((_s, _e, QUOTES_RE.sub("", _w)))
                    if en.kind == "agency":
                        agencies.add(en.value.name)
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
                    elif r.level == "prefecture" and _level_word_names(r.name, _w):
                        ctx.add(r.adcode)  # 果洛州, 和田地区: a prefecture named with its level word
                        ctx.update(self.gaz.ancestors(r.adcode))
        # a programme is named as the document writes it (对口援疆, not the lexicon's 对口支援新疆), an agency where
        # the document writes it only in a fuller form (国家电网有限公司, 中共中央组织部): kg.extract.docnames
        self.written_names = written_names(written, agencies)
        return ctx

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
        if r.level == "prefecture" and _level_word_names(r.name, word):
            return True  # 黔东南州, 林芝地区: the level word makes it the place
        if r.level == "county" and r.name.endswith(("自治县", "自治旗")) and word.endswith(("县", "旗")) and \
                len(word) >= 3:
            return True  # 南涧县, 玉屏县: an autonomous county by its body and level word
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

    def _note_implied(self, rel: dict[str, Any], text: str, si: int, sent_start: int) -> None:
        """An organisation a relation names in full but the sentence writes shortened (区政协 after 密云区委,
        市政府党组成员 after 莱西市委书记) is mentioned where the longest end of its name is written."""
        for end in ("source", "target"):
            ref = rel[end]
            if ref["type"] != "Agency" or ref["id"] in self.entities:
                continue
            name = ref["name"]
            for k in range(len(name), 1, -1):
                at = text.find(name[-k:])
                if at >= 0:
                    self.add_mention(Mention(at, at + k, "Agency", name), si, sent_start)
                    break

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
                rels = extract_relations(text, [m for m in mentions if "modifier" not in m.extra], actx, self)
                date = art.date or doc.date
                for r in rels:
                    self._note_implied(r, text, si, s.start)
                    r["evidence"] = {"text": text.strip(), "date": date}
                    self._headline_amount(r)
                    self.relations.append(r)
                actx.after_sentence(mentions, text)
                si += 1
                n_sent += 1
        entities = []
        for nid in sorted(self.entities):
            e = dict(self.entities[nid])
            e["aliases"] = sorted(e["aliases"])
            entities.append(e)
        heads = {a.title.strip() for a in doc.articles if a.title}
        self.relations = drop_coarser_funds(self.relations, self.derived, heads)  # (吉林延边 and its 新丰村)
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
        """The mention stages of one sentence, in order."""
        found = self.matcher.iter(text) if offset is None else self.matches_in(offset, offset + len(text))
        cands = self._lexicon_candidates(text, found, actx.near_codes())  # gazetteer, lexicons, user lexicon
        cands += self._pair_candidates(text)  # 京蒙 -> 北京市 + 内蒙古自治区
        base = _resolve_overlaps([c for c in cands if "pair" not in c.extra])
        base += [c for c in cands if "pair" in c.extra and not any(
            b.start < c.end and c.start < b.end and b.end - b.start > c.end - c.start for b in base)]
        base.sort(key=lambda m: (m.start, m.end))
        resolved = self._resolve_deictic(base, actx, text)  # 我区, 全旗, 首府 -> regions
        places = self._places(text, resolved, actx)  # first: a township can head an organ (达来诺日镇党委)
        base = sorted(resolved + places, key=lambda m: (m.start, m.end))
        more = self._org_chains(text, base, actx) + self._named_orgs(text, resolved) + centre_mentions(text)
        branches = self._branches(text, base)  # before teams: 民生银行武汉分行驻|…工作队
        more += self._teams(text, base + branches) + self._party_groups(text, base) + branches
        more += self._formal_committees(text, base) + self._divisions(text, base) + self._party_committees(text, base)
        more += self._school_units(text, base + more)  # 校图书馆, 工会常务副主席… in a school's own news
        more += sub_branches(text, base + more)  # 上海市慈善基金会|静安区分会
        for m in more:
            if m.type == "Agency" and is_counted(text, m, base):
                m.type = "Collective"  # 8家医院, 厦门一家公司: holds its words, but is no entity and never acts
        merged = _merge_longer(base, more, text, self.matcher.program_by_name)
        merged = find_programs(text, merged, self, actx)
        merged = find_people(text, merged, self, actx)
        for m in merged:
            canonical_name(m)
            if m.type == "Region" and m.adcode and m.kind in ("gaz", "short"):
                self.regions.note(m.adcode)
        shorten_to_full(merged, self.agency_names, self.gaz)
        return merged

    def _lexicon_candidates(self, text: str, found, near: list[str]) -> list[Mention]:
        """Mentions from the matcher's words: regions (full names, short forms the context supports),
        agencies, programmes, deictic words and the user's entries; overlaps are resolved later."""
        cands: list[Mention] = []
        gaz = self.gaz
        for start, end, word, entries in found:
            for en in entries:
                if en.kind == "region":
                    if len(word) == 2 and word[0] in "代副" and text.startswith("长", end) or \
                            units_of_level(text, end, word):
                        continue  # 代县长, 代市长: an acting head, not 代县; 中区直: units, not 中区
                    if word[0] in "和与及" and start > 0 and self._conjoined(text, start, end, word) or \
                            len(word) == 2 and start > 0 and not _token_bounded(text, start, end) or \
                            len(word) == 3 and start > 0 and not _token_bounded(text, start, end, either=True):
                        continue  # 武都区和|康县, 和|县城, 示|范县, 振兴和县域: characters of other words
                    code = self.regions.choose(en.value, near)
                    if code:
                        cands.append(self.regions.region_mention(start, end, code, word, "gaz"))
                    else:
                        r = gaz.get(en.value[0])
                        cands.append(Mention(start, end, "Region", word, level=r.level, kind="gaz-ambiguous"))
                elif en.kind == "short":
                    m = self._short_candidate(text, start, end, word, en.value, near)
                    if m is not None:
                        cands.append(m)
                elif en.kind == "agency":
                    if len(word) == 2 and not _token_bounded(text, start, end):
                        continue  # 施|工行|业: two characters of other words, not 工行 (中国工商银行)
                    if self.lex.accepts(word, text[end : end + 2]) and not _local_department(text, start, word, en.value):
                        cands.append(self._lexicon_mention(start, end, word, "Agency", en.value))
                elif en.kind == "program":
                    cands.append(self._lexicon_mention(start, end, word, "Program", en.value))
                elif en.kind == "deictic":
                    cands.append(Mention(start, end, "Deictic", word, kind="deictic"))
                elif en.kind == "user":
                    ue = en.value
                    m = Mention(start, end, ue.type, ue.name, level=ue.level, kind="user")
                    if word != ue.name:
                        m.aliases.add(word)
                    cands.append(m)
        return cands

    def _short_candidate(self, text: str, start: int, end: int, word: str, codes, near) -> Mention | None:
        if SHORT_NOT_PLACE_AFTER.match(text, end) and \
                not any(text[end : end + k] in self.gaz.by_name for k in range(2, 7)):
            return None  # 石狮镇, 科尔沁沙地: a township named after it, or a natural feature (not 黔东南州|镇远县)
        code = self.regions.choose(codes, near)
        if code and len(word) == 2 and self.gaz.get(code).level == "county" and not _token_bounded(text, start, end):
            return None  # 发展和安全 is not 和安县
        if code and self.gaz.get(code).name.endswith("地区") and text.startswith(("地委", "行署"), end):
            return self.regions.region_mention(start, end, code, word, "short")  # 和田地委: only a 地区 has one
        if code and self._short_in_context(code, word):
            return self.regions.region_mention(start, end, code, word, "short")
        # 广州市对口帮扶百色, 与彭水协作, 立足彭水所需: a place of the other side, named short, in a pairing; a
        # short form its prefecture shares with places inside it (和田: 和田地区, 和田市, 和田县) is the prefecture
        head = codes[0] if len(codes) == 1 else next(
            (c for c in codes if all(o == c or self.gaz.is_within(o, c) for o in codes)), None)
        if head and _token_bounded(text, start, end) and (
                AID_BEFORE_SHORT.search(text, max(0, start - 4), start) or AID_AFTER_SHORT.match(text, end)):
            return self.regions.region_mention(start, end, head, word, "short")
        return None

    def _conjoined(self, text: str, start: int, end: int, word: str) -> bool:
        """Is a place name's first character a conjunction: after another place (武都区和|康县) or no word
        of its own (和县城)?"""
        if text[start - 1] in "县区市旗州盟" and self.gaz.by_name.get(word[1:]):
            before = next((self.gaz.by_name[text[start - k : start]] for k in range(8, 1, -1)
                           if text[start - k : start] in self.gaz.by_name), ())
            return not any(self.gaz.is_within(c, b) for c in self.gaz.by_name.get(word, ()) for b in before)
            # (新疆和田地区和康县: a place of the one before it is its chain, not a conjunction)
        return len(word) == 2 and not _token_bounded(text, start, end)

    def _lexicon_mention(self, start: int, end: int, word: str, etype: str, ent) -> Mention:
        name = self.written_names.get(ent.name, ent.name)
        m = Mention(start, end, etype, name, kind="lex")
        m.aliases.update(w for w in (word, ent.name) if w != name)
        if etype == "Agency" and ent.region:
            codes = self.gaz.by_name.get(ent.region)
            if codes:
                r = self.gaz.get(codes[0])
                m.parent = entity_id("Region", r.name, r.adcode)
                if ent.kind in LOCATED_AGENCY_KINDS:
                    m.extra["located"] = True  # 北京理工大学 is in 北京市, not one of its organs
        return m

    def _pair_candidates(self, text: str) -> list[Mention]:
        out = []
        for pm in PAIR_RE.finditer(text):
            a, b = pm.group(1), pm.group(2)
            pa, pb = abbr_province(a), abbr_province(b)
            if pa and pb and pa != pb:
                for code, ch in ((pa, a), (pb, b)):
                    mm = self.regions.region_mention(pm.start(), pm.end(), code, ch, "pair")
                    mm.extra["pair"] = pm.group(0)
                    out.append(mm)
        return out

    def matches_in(self, start: int, end: int):
        """The document's lexicon matches inside [start, end), in offsets relative to start."""
        lo = bisect.bisect_right(self._match_ends, start)
        hi = bisect.bisect_right(self._match_ends, end)
        for ms, me, w, entries in self.doc_matches[lo:hi]:
            if ms >= start:
                yield ms - start, me - start, w, entries


def _level_word_names(name: str, word: str) -> bool:
    """Does a prefecture's short form end with its level word (黔东南州 for an 自治州, 林芝地区), naming the place?"""
    return name.endswith("自治州") and word.endswith("州") and len(word) >= 3 or word.endswith("地区")


def _digits(x: float) -> int:
    """Significant digits of a sum in yuan (774000000 -> 3)."""
    return len(str(int(round(x))).rstrip("0"))


def _local_department(text: str, start: int, word: str, ent) -> bool:
    """市发改委, 县民政局: a national body's short name after a level character is the local department
    (kg.extract.organs reads it), not the national one."""
    return start > 0 and text[start - 1] in "省市县区旗州盟" and ent.region is None and \
        not word.startswith(("国家", "国务院", "中央", "全国", "中国", "中共", "中华"))


def _token_bounded(text: str, start: int, end: int, either: bool = False) -> bool:
    """Do start and end fall on jieba word boundaries of the surrounding text (either: one of them)?"""

    lo = max(0, start - 3)
    cuts = {lo}
    pos = lo
    for tok in seg(text[lo : min(len(text), end + 3)]):
        pos += len(tok)
        cuts.add(pos)
    return (start in cuts or end in cuts) if either else (start in cuts and end in cuts)


def _merge_longer(base: list[Mention], more: list[Mention], text: str, programs: dict) -> list[Mention]:
    """Add pattern mentions; a longer one replaces the base mentions it covers. An organisation that a
    programme's name runs into (对口支援新疆|大学) keeps its name, the programme the part before it if that
    part is a programme itself (对口支援)."""
    out = list(base)
    for m in sorted(more, key=lambda m: -(m.end - m.start)):
        covered = [b for b in out if b.start >= m.start and b.end <= m.end]
        crossing = [b for b in out if b.start < m.end and m.start < b.end and b not in covered]
        if crossing and m.type == "Agency" and all(b.type == "Program" and b.start < m.start < b.end < m.end
                                                  for b in crossing):
            for b in crossing:
                out.remove(b)
                head = programs.get(text[b.start : m.start])
                if head is not None:
                    short = Mention(b.start, m.start, "Program", head.name, kind="lex")
                    if text[b.start : m.start] != head.name:
                        short.aliases.add(text[b.start : m.start])
                    out.append(short)
            crossing = []
        if crossing:
            continue
        if any(b.start == m.start and b.end == m.end and b.type == m.type and not (
                m.extra.get("pair") and b.extra.get("pair")) for b in covered):
            continue
        for b in covered:
            if b.type in ("Region",) and m.type == "Agency" and "prefix" in m.extra:
                continue  # keep the region mention inside an agency name (北京市 in 北京市委)
            if b.type == "Region" and (m.type == "Collective" or m.extra.get("delegation") and b.name != m.name):
                # 天津市 in 天津市河西区党政代表团: named, but the delegation acts as its innermost place
                b.extra["modifier"] = True  # (厦门 in 厦门一家公司: mentioned, but not an actor)
                continue
            if b.extra.get("pair") and m.extra.get("pair") and b.type == m.type:
                continue  # the other region's organ of a pair (京蒙两地政协)
            out.remove(b)
        out.append(m)
    out.sort(key=lambda m: (m.start, -(m.end - m.start)))
    return out


def extract_document(doc: Document, home_region: str | None = None, user_entries: tuple = ()) -> dict[str, Any]:
    """user_entries: a user lexicon's entries (kg.extract.userlex), matched with the bundled ones."""
    return DocExtractor(doc, home_region, user_entries).run()

