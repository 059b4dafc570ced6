"""What an article is about: its regions by level (for 我旗, 该县, 全市 …), the owner of its organs
(市委, 校党委), the regions named so far (for sides, kg.extract.sides) and its subject carry-over."""

from __future__ import annotations

import re
from collections import Counter
from typing import TYPE_CHECKING

from kg import rx
from kg.extract.matcher import DEICTIC
from kg.extract.mentions import Mention, units_of_level, written_as
from kg.extract.sides import counted_spans, region_code
from kg.graph import entity_id

if TYPE_CHECKING:
    from kg.extract.pipeline import DocExtractor


TEAM_WORDS = ("工作组", "工作队", "指挥部")  # a team's word, written bare before its head's title


# a delegation named after the body or place it comes from (…侨联闽宁协作访问团, 北京市党政代表团): the deictic
# words that stand for such a body later
DELEGATION_WORD = rx.compile("|".join(w for w, kind in DEICTIC.items() if kind == "delegation"))

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
        self.bare_sides: dict[str, str] = {}  # level character -> the region its first bare organ stood for
        self.last_place: dict[str, Mention] = {}
        self.sentence_index = 0
        # pre-scan the article for full region names so 我旗 in the first sentence resolves
        speaker_words = []
        matches = list(ex.matches_in(art.start, art.end))
        self.anchored = _anchored_deictics(matches, self.gaz)  # 我市万源市: 我市 is 万源市's city
        for i, (_s, _e, _w, entries) in enumerate(matches):
            for en in entries:
                if en.kind == "region" and len(en.value) == 1 and not units_of_level(ex.doc.text, _e, _w):
                    self._count(en.value[0], i)
                elif en.kind == "short" and len(en.value) == 1 and ex._short_in_context(en.value[0], _w):
                    self._count(en.value[0], i)
                elif en.kind == "deictic" and _w.startswith(("我", "全", "本")) and _w not in ("全区", "全省"):
                    speaker_words.append(_w)
        # the region the article speaks for (我县, 全旗 …, the first one) is the subject of its subject-less
        # sentences; the paper's own city or county (我市, 本县) owns a bare 市委 or 县委 (kg.extract.sides)
        self.own: dict[str, str] = {}
        speaker = None
        for w in speaker_words:
            code = self.resolve_deictic(w)
            if code and speaker is None:
                self.speaker_region = speaker = code
            if code and w.startswith(("我", "本")) and DEICTIC.get(w) in ("prefecture", "county"):
                self.own.setdefault(DEICTIC[w], code)

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
        cache[level] = best = self._most_named(level, lambda _code: True)
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
        if word in self.anchored:
            return self.anchored[word]
        kind = DEICTIC.get(word)
        home = self.ex.home
        if kind == "home":
            if word == "自治区" and not (home and self.gaz.get(home).name.endswith("自治区")):
                # 自治区党委 in a 黑龙江 paper writing about 西藏: the autonomous region in view, if any
                return self._most_named("province", lambda code: self.gaz.get(code).name.endswith("自治区"))
            if not home:
                return None
            r = self.gaz.get(home)
            if word in ("我区", "全区", "区内", "本区") and not r.name.endswith("自治区"):
                # in a province's paper 全区 means a district
                return self.current_code("county")
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

            def fits(code: str) -> bool:
                name = self.gaz.get(code).name
                return name.endswith(suffix) or suffix in ("县",) and name.endswith("旗") or suffix == "旗"

            # 溧阳市向我县捐赠: the most named county that is a 县 (or 旗), not a county-level city named more
            return self._most_named("county", fits)
        return None

    def _most_named(self, level: str, keep) -> str | None:
        """The article's most named region of a level among those `keep` accepts (first named on ties)."""
        c = {k: n for k, n in (self.counts.get(level) or {}).items() if keep(k)}
        return min(c.items(), key=lambda kv: (-kv[1], self.first_seen.get(kv[0], 0)))[0] if c else None

    def owner_for_organ(self, prefix_char: str) -> dict | None:
        """Who 市委 / 县委 / 旗委 / 校党委 / 局党组 belongs to in this article."""
        level = {"市": "prefecture", "盟": "prefecture", "州": "prefecture", "地": "prefecture", "县": "county",
                 "旗": "county", "区": "county", "省": "province"}.get(prefix_char)
        if level:
            if prefix_char == "区" and self.ex.home and self.gaz.get(self.ex.home).name.endswith("自治区"):
                code = self.current_code("county")
                if code and not self.gaz.get(code).name.endswith("区"):
                    code = None
            else:
                code = self.current_code(level)
            if prefix_char in "省州盟地" and code and not self.gaz.get(code).name.endswith(
                    "地区" if prefix_char == "地" else prefix_char):  # (地委: a 地区's)
                # 省委 in an article about 宁夏 from a 福建 paper: the province that is a 省, or none
                home = self.ex.home
                code = home if home and prefix_char == "省" and self.gaz.get(home).name.endswith("省") else None
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
        kind = {"校": "school", "局": "bureau", "部": "ministry"}.get(prefix_char)
        found = self.last_org_by_kind.get(kind)
        if found is None and kind == "school":
            found = self.ex.doc_school()
        return found

    def after_sentence(self, mentions: list[Mention], text: str = "") -> None:
        self.sentence_index += 1
        for dm in DELEGATION_WORD.finditer(text):  # (…侨联山海协作访问团: a later bare 访问团 is that body's)
            owner = max((m for m in mentions if m.type in ("Agency", "Region") and m.end <= dm.start()
                         and dm.start() - m.end <= 8 and not re.search("[，。；、]", text[m.end : dm.start()])),
                        key=lambda m: m.end, default=None)
            if owner is not None and not owner.extra.get("deictic"):
                self.last_place["delegation"] = owner
        counted = counted_spans(text)
        for m in mentions:
            code = region_code(m, self.gaz)
            if code and not any(a <= m.start and m.end <= b for a, b in counted):
                # the regions named so far, in order (kg.extract.sides); not the places of a counted list
                # (深入兰州、白银、武威5市州考察: places visited, not a side whose 市委 a later post names)
                self.trail.append(code)
            if m.type == "Region" and m.level == "township":
                self.last_org_by_kind["township"] = {"id": entity_id("Region", m.name, m.adcode), "name": m.name}
            if m.type == "Region" and m.level in ("township", "village"):
                self.last_place[m.level] = m  # (该镇, 该村 in a later sentence)
            if m.type == "Agency" and written_as(m, ("公司", "集团", "企业")):
                self.last_place["company"] = m  # (该公司)
            if m.type == "Agency" and written_as(m, ("银行", "分行", "支行")):
                self.last_place["bank"] = m  # (总行副行长X)
            if m.type == "Agency":
                if m.name.endswith(("大学", "学院", "学校", "中学", "小学")):
                    self.last_org_by_kind["school"] = {"id": entity_id("Agency", m.name), "name": m.name}
                elif m.name.endswith("局"):
                    self.last_org_by_kind["bureau"] = {"id": entity_id("Agency", m.name), "name": m.name}
                elif m.name.endswith("部"):
                    self.last_org_by_kind["ministry"] = {"id": entity_id("Agency", m.name), "name": m.name}
                for team in TEAM_WORDS:
                    if m.name.endswith(team):  # (工作组组长X: the team the article named)
                        self.last_org_by_kind[team] = {"id": entity_id("Agency", m.name), "name": m.name}



def _anchored_deictics(matches, gaz) -> dict[str, str]:
    """我市 (我省) written right before a place of its own (与我市万源市、宣汉县): the city (province) that place
    lies in, by the administrative hierarchy, whatever region the article names most."""
    out: dict[str, str] = {}
    for (_s, e, w, entries), nxt in zip(matches, matches[1:], strict=False):
        level = {"我市": "prefecture", "本市": "prefecture", "我省": "province", "本省": "province"}.get(w)
        if level is None or w in out or nxt[0] != e or not any(en.kind == "deictic" for en in entries):
            continue
        codes = [en.value[0] for en in nxt[3] if en.kind in ("region", "short") and len(en.value) == 1]
        up = next((a for code in codes for a in gaz.ancestors(code) if gaz.get(a).level == level
                   and gaz.get(a).name.endswith(w[-1])), None)
        if up is not None:
            out[w] = up
    return out
