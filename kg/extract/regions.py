"""Regions of one document: ambiguous names and short forms ranked by the document's context
(RegionResolver), pair abbreviations (京蒙 → 北京市 + 内蒙古自治区)."""

from __future__ import annotations

from collections import Counter

from kg import rx
from kg.extract.gazetteer import load_gazetteer
from kg.extract.mentions import Mention

PAIR_RE = rx.compile(
    "([京津冀晋蒙辽吉黑沪苏浙皖闽赣鲁豫鄂湘粤桂琼渝川黔滇藏陕甘青宁新港澳])"
    "([京津冀晋蒙辽吉黑沪苏浙皖闽赣鲁豫鄂湘粤桂琼渝川黔滇藏陕甘青宁疆港澳])"
    "(?=协作|两地|合作|扶贫|帮扶|对口|携手|结对|一家亲|大地|情|两省|双方|全方位|深度)"
)


class RegionResolver:
    """Resolves region names, short forms and deictic words using the document's context."""

    def __init__(self, home: str | None, named: set[str] = frozenset()):
        self.gaz = load_gazetteer()
        self.home = home  # province adcode
        self.named = named  # adcodes (with ancestors) of the regions the document names in full anywhere
        self.context_codes: Counter[str] = Counter()  # adcodes mentioned in full in the doc (with ancestors)

    def note(self, code: str, weight: int = 1) -> None:
        self.context_codes[code] += weight
        for a in self.gaz.ancestors(code):
            self.context_codes[a] += weight

    def choose(self, codes: tuple[str, ...], near: list[str] | None = None) -> str | None:
        if len(codes) == 1:
            return codes[0]
        provinces = [c for c in codes if self.gaz.get(c).level == "province"]
        if len(provinces) == 1 and all(self.gaz.get(c).level not in ("province", "prefecture") for c in codes
                                       if c != provinces[0]):
            return provinces[0]  # 河北 is the province, not Tianjin's 河北区 (a district is written in full)
        near = near or []

        def score(c: str) -> tuple:
            anc = self.gaz.ancestors(c)
            return (
                any(n in (c, *anc) for n in near),
                c in self.named,  # 阿旗 in a document naming 阿鲁科尔沁旗 (if only inside 阿鲁科尔沁旗天山一中)
                bool(self.home and self.home in (c, *anc)),
                max((self.context_codes.get(a, 0) for a in anc), default=0),
                -len(anc),
            )

        ranked = sorted(codes, key=score, reverse=True)
        best = score(ranked[0])
        if best == score(ranked[1]) and not best[0]:
            return None if not any(best[1:4]) else ranked[0]
        return ranked[0]

    def region_mention(self, start: int, end: int, code: str, surface: str, kind: str) -> Mention:
        r = self.gaz.get(code)
        name = r.name
        if surface.endswith("县") and r.name.endswith(("市", "区")) and surface[:-1] == r.name[:-1]:
            name, surface = surface, r.name  # 平泉县 (now 平泉市): the full name it had when the text was written
        m = Mention(start, end, "Region", name, adcode=r.adcode, level=r.level, kind=kind)
        if surface != name:
            m.aliases.add(surface)
        return m



def abbr_province(ch: str) -> str | None:
    from kg.extract.gazetteer import PROVINCE_ABBR, PROVINCE_ABBR_EXTRA

    for pre, a in PROVINCE_ABBR.items():
        if a == ch and ch != "新":
            return pre + "0000"
    for pre, extra in PROVINCE_ABBR_EXTRA.items():
        if ch in extra:
            return pre + "0000"
    return None

