"""Lists: the places and bodies coordinated after a first one (赤峰市、乌兰察布市; 和田市、和田县、墨玉县和…; 贵州毕节市、
黔南州，西藏波密县…等), each narrowed to the most specific place named."""

from __future__ import annotations

from kg import rx
from kg.extract.arguments import narrow, opens_statement
from kg.extract.mentions import Mention

_NAME_BETWEEN = rx.compile("、[\u4e00-\u9fff]{2,14}、")  # 赤峰市、松山区、元宝山区: an unmatched name in a list


def chain(text: str, first: Mention, pool: list[Mention], seps=("、", "和", "及", "与")) -> list[Mention]:
    """first + mentions coordinated after it (赤峰市、乌兰察布市; 和田市、和田县、墨玉县和…)."""
    group = [first]
    cur = first
    while True:
        nxt = next((m for m in pool if m.start >= cur.end and m is not cur and m not in group
                    and (text[cur.end : m.start] in seps or text[cur.end : m.start] in ("的", "及其下辖", "及下辖", "及其所辖")
                         and _may_be_part(m, cur)
                         or _NAME_BETWEEN.fullmatch(text[cur.end : m.start]))), None)
        if nxt is None and cur.type == "Region" and _places_until_etc(text, cur.end, pool):
            nxt = next((m for m in pool if m.start == cur.end + 1 and m.type == "Region"), None)
            nxt = nxt and narrow(nxt, pool, text=text)  # (…黔南州，西藏|波密县，…等: the list goes on across ，)
        if nxt is None or opens_statement(text, nxt, pool):
            break
        if text[cur.end : nxt.start] != "，":
            nxt = narrow(nxt, pool, text=text)  # (…和吴忠市同心县、红寺堡区: the list goes on from 同心县)
        group.append(nxt)
        cur = nxt
    return group


def _places_until_etc(text: str, pos: int, pool: list[Mention]) -> bool:
    """贵州毕节市、黔南州|，西藏波密县，…重庆巫山县等省外地区: from pos nothing but places joined by ，or 、 (a place may be
    named with its province: 西藏|波密县) up to the 等 closing the list, one ，at least."""
    commas = 0
    while pos < len(text) and text[pos] in "，、":
        commas, pos = commas + (text[pos] == "，"), pos + 1
        start = pos
        while (m := max((p for p in pool if p.start == pos and p.type == "Region"), key=lambda p: p.end,
                        default=None)) is not None:
            pos = m.end
        if pos == start:
            return False
        if text.startswith("等", pos):
            return commas > 0
    return False


def _may_be_part(m: Mention, whole: Mention) -> bool:
    """赤峰市的松山区: after 的 only a part of the place goes on the list (by division codes, where both have one);
    对口支援重庆万州的嘉定、宝山: 嘉定区 is no part of 万州区."""
    if not (m.adcode and whole.adcode and whole.level in ("province", "prefecture", "county")):
        return True
    return m.adcode.startswith(whole.adcode[: {"province": 2, "prefecture": 4, "county": 6}[whole.level]])
