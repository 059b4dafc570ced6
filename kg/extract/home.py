"""The document's own province (its "home"): given by the user, or read from the text — a masthead
(内蒙古日报), the provinces it names most, the kind of place its deictic words name (我省 / 我区), never the
other party of 我省 (江苏省共向我省投入…), and failing all, the other side of a pairing abbreviation (苏陕)."""

from __future__ import annotations

import re
from collections import Counter

from kg import rx
from kg.extract.regions import PAIR_RE, abbr_province

MASTHEAD_RE = rx.compile("([\u4e00-\u9fff]{2,5})日报")
# the other party of the source's own province or region (X共向我省投入, 与我区结对的X)
OTHER_PARTY_RE = rx.compile("(?:共|累计|先后|已|还)?(?:向|与|对|和|同|给|为|帮扶|支援|援助)(?:我省|我区|本省)"
                            "|(?:我省|我区|本省)(?:与|和|同)")


def infer_home(text: str, home_region: str | None, province_counts: Counter, doc_matches, gaz) -> str | None:
    """The adcode of the document's province, or None. province_counts: provinces of the regions the
    document names; doc_matches: the lexicon matcher's (start, end, word, entries) over the whole text."""
    if home_region:
        codes = gaz.by_name.get(home_region) or gaz.by_short.get(home_region)
        if codes:
            return gaz.get(codes[0]).province
        if home_region.isdigit() and home_region[:2] + "0000" in gaz.regions:
            return home_region[:2] + "0000"
    for m in MASTHEAD_RE.finditer(text[:600]):
        w = m.group(1)
        for k in range(len(w)):
            codes = gaz.by_name.get(w[k:]) or gaz.by_short.get(w[k:])
            if codes and gaz.get(codes[0]).level == "province":
                return codes[0]
    others = _counterparts(text, doc_matches, gaz)
    counts = Counter({c: n for c, n in province_counts.items() if c not in others})
    if not counts:
        return _paired_with_counterpart(text, others)
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


def _counterparts(text: str, doc_matches, gaz) -> set[str]:
    """江苏省共向我省投入…, 与我区结对的X省: a province named as the other party of 我省 / 我区 is not the
    source's own."""
    out: set[str] = set()
    hits = list(OTHER_PARTY_RE.finditer(text)) if re.search("我省|我区|本省", text) else []
    if not hits:
        return out
    at = {m.start() for m in hits} | {m.end() for m in hits}
    for s, e, _w, entries in doc_matches:
        if e in at or s in at:
            out.update(gaz.get(en.value[0]).province for en in entries
                       if en.kind in ("region", "short") and len(en.value) == 1
                       and gaz.get(en.value[0]).level == "province")
    return out


def _paired_with_counterpart(text: str, others: set[str]) -> str | None:
    """苏陕协作 in a 我省 text whose counterpart is 江苏: the source is the other side of the pairing."""
    for pm in PAIR_RE.finditer(text):
        a, b = abbr_province(pm.group(1)), abbr_province(pm.group(2))
        if a in others and b and b not in others:
            return b
        if b in others and a and a not in others:
            return a
    return None
