"""A question's intent from its words, and the named query that answers it.

Classic keyword-and-pattern question analysis (as in the Chinese medical-KG QA systems): the entities are
found first (kg.ask.names) and cut out of the text, then the rest is read for relation words (帮扶, 支援,
资助, 投入 …), question words (谁, 哪, 多少 …), passive markers (由, 受到, 获得 …) and the nouns of a side
(帮扶单位 = the helpers, 帮扶对象 = the helped). Where an entity stands against the relation word decides its
role: 谁帮扶X — X is helped; X帮扶哪些旗 — X helps; X由谁帮扶 — X is helped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from kg.ask.extractor_names import titles
from kg.ask.names import Mention

ASSIST_WORDS = ("帮扶", "扶贫", "支援", "援助", "对口", "协作", "结对", "帮助", "扶持", "支持", "援建", "帮")
FUND_WORDS = ("资金", "资助", "出资", "捐赠", "捐款", "捐助", "拨付", "拨款", "投入", "投资", "钱", "经费",
              "款项", "捐")
AMOUNT_WORDS = ("多少", "金额", "总额", "合计", "总共", "一共", "几亿", "几万", "数额", "规模")
CONNECT_WORDS = ("关系", "联系", "关联", "连接", "相连", "怎么连", "有何关", "牵连", "渊源")
POSITION_WORDS = ("职务", "职位", "担任", "任职", "官职", "头衔", "职衔", "任什么", "什么职", "哪些职", "领导",
                  "干部", "身份")
PROGRAMME_WORDS = ("项目", "计划", "工程", "行动", "举措", "品牌", "活动", "实施", "开展", "推进", "规划")
QUESTION_WORDS = ("谁", "哪", "什么", "何", "多少", "几", "吗", "么", "呢", "?")
PASSIVE_WORDS = ("被", "由", "受到", "得到", "获得", "接受", "收到", "受", "获", "从")
TOWARDS_WORDS = ("向", "给", "对", "为", "到", "投向", "流向", "援助", "支援", "帮扶")
HELPER_NOUNS = ("帮扶单位", "帮扶方", "援助方", "支援方", "帮扶者", "资助方", "出资方", "帮扶力量", "帮扶城市",
                "援助单位", "支援单位", "结对单位")
HELPED_NOUNS = ("帮扶对象", "受援", "援助对象", "支援对象", "结对对象", "受益")
PLACE_KINDS = "旗县市区盟州镇乡村省"
ENTITY_MARK = "Ⓔ"


@dataclass
class Plan:
    intent: str  # helpers | helped | link | amount | positions | programmes | connection
    query: str
    params: dict[str, Any]
    summary: str
    target_kind: str = ""  # 哪个旗: keep rows whose other side is such a place (place_suffixes)
    title: str = ""  # 谁是X的书记: keep rows with this title
    extra: dict[str, Any] = field(default_factory=dict)


class Unmapped(Exception):
    """Why the question maps to no query (one line)."""


def residual(text: str, mentions: list[Mention]) -> str:
    """The question with each entity replaced by ENTITY_MARK (so 北京市政府 does not read as 政府)."""
    out, at = [], 0
    for m in mentions:
        out += [text[at:m.start], ENTITY_MARK]
        at = m.end
    out.append(text[at:])
    return "".join(out)


def _has(text: str, words: tuple[str, ...]) -> bool:
    return any(w in text for w in words)


def _first(text: str, words: tuple[str, ...]) -> int:
    found = [text.find(w) for w in words if w in text]
    return min(found) if found else -1


def plan(text: str, mentions: list[Mention]) -> Plan:
    """The query for a question (simplified Chinese, entities found); Unmapped when none fits."""
    mentions = relation_words_kept(mentions)
    rest = residual(text, mentions)
    known = [m for m in mentions if m.node is not None]
    missing = [m for m in mentions if m.node is None]
    if missing and not known:
        raise Unmapped(f"{'、'.join(m.surface + ('' if m.surface == m.canonical else f' ({m.canonical})') for m in missing)}"
                       " is not in this graph")
    if not known:
        raise Unmapped("no entity of this graph recognised in the question")
    ents = [m.name for m in known]
    if len(known) >= 2 and _has(rest, CONNECT_WORDS):
        return Plan("connection", "shortest-connection", {"source": ents[0], "target": ents[1]},
                    f"how {ents[0]} and {ents[1]} are connected")
    if _has(rest, AMOUNT_WORDS) and (_has(rest, FUND_WORDS) or _has(rest, ASSIST_WORDS)):
        return _amount(rest, known)
    if _has(rest, POSITION_WORDS) or _title_in(rest) or (known[0].node.type == "Person" and len(known) == 1
                                                       and re.search(r"(是|做|干)(什么|啥|何)", rest)):
        return _positions(rest, known)
    if _has(rest, PROGRAMME_WORDS) and not _has(rest, HELPER_NOUNS + HELPED_NOUNS):
        return _programmes(known)
    if _has(rest, ASSIST_WORDS + FUND_WORDS + HELPER_NOUNS + HELPED_NOUNS):
        return _assistance(rest, known)
    raise Unmapped(f"found {'、'.join(ents)} but no relation word (帮扶, 资金, 职务, 项目, 关系 …) to ask about")


def relation_words_kept(mentions: list[Mention]) -> list[Mention]:
    """A programme named by relation words alone (定点帮扶, 对口支援) beside another entity is the question's
    relation word, not what it asks about: 国家民委定点帮扶哪个旗."""
    def wordy(m: Mention) -> bool:
        return (m.node is not None and m.node.type == "Program" and len(m.surface) <= 4
                and _has(m.surface, ASSIST_WORDS + FUND_WORDS))

    kept = [m for m in mentions if not wordy(m)]
    return kept if kept else mentions


def _title_in(rest: str) -> str:
    return next((t for t in titles() if t in rest), "")


def _roles(rest: str, known: list[Mention]) -> tuple[str, str]:
    """(helper, recipient) names, "" where the question leaves a side open."""
    marks = [i for i, ch in enumerate(rest) if ch == ENTITY_MARK]
    verb = _first(rest, ASSIST_WORDS + FUND_WORDS)
    passive = _first(rest, PASSIVE_WORDS)
    names = [m.name for m in known]
    if len(known) >= 2:
        a, b = names[0], names[1]
        between = rest[marks[0]:marks[1]]
        if _has(between, PASSIVE_WORDS) and not _has(between, ("向", "给", "对", "为")):
            return b, a  # A由B帮扶 / A从B获得
        return a, b
    x = names[0]
    at = marks[0]
    after = rest[at + 1:]
    if _has(after, HELPER_NOUNS):
        return "", x
    if _has(after, HELPED_NOUNS):
        return x, ""
    before = rest[max(0, at - 2):at]
    if _has(before, TOWARDS_WORDS):
        return "", x  # 谁向X投入 / 对X的帮扶
    if at < passive and (verb < 0 or passive < verb):
        return "", x  # X由谁帮扶 / X获得了多少资金
    if verb >= 0 and verb < at:
        return "", x  # 谁在帮扶X
    return x, ""  # X帮扶哪个旗


def _relation(rest: str) -> str:
    return "FUNDS" if _has(rest, FUND_WORDS) else ""


def _target_kind(rest: str) -> str:
    """The place kinds asked for: 哪个旗 → 旗, 哪些旗县 → 旗县, 哪个省区 → 省区 (any of them)."""
    m = re.search(rf"哪(?:个|些|一个|几个)?([{PLACE_KINDS}]+)", rest)
    return m.group(1) if m else ""


def place_suffixes(kinds: str) -> tuple[str, ...]:
    """Name endings of those kinds: a province-level unit is a 省 or an 自治区 (or a 特别行政区)."""
    out = list(kinds)
    if "省" in kinds:
        out += ["自治区", "特别行政区"]
    return tuple(out)


def _assistance(rest: str, known: list[Mention]) -> Plan:
    helper, recipient = _roles(rest, known)
    rel = _relation(rest)
    what = "funds" if rel else "assists or funds"
    if helper and recipient:
        summary, intent = f"does {helper} {'fund' if rel else 'assist'} {recipient}", "link"
    elif helper:
        summary, intent = f"whom {helper} {what}", "helped"
    else:
        summary, intent = f"who {what} {recipient}", "helpers"
    return Plan(intent, "assistance", {"helper": helper, "recipient": recipient, "relation": rel}, summary,
                target_kind=_target_kind(rest))


def _amount(rest: str, known: list[Mention]) -> Plan:
    helper, recipient = _roles(rest, known)
    side = f"{helper or 'everybody'} → {recipient or 'anybody'}"
    return Plan("amount", "assistance", {"helper": helper, "recipient": recipient, "relation": "FUNDS"},
                f"how much money went {side}, summed")


def _positions(rest: str, known: list[Mention]) -> Plan:
    people = [m.name for m in known if m.node.type == "Person"]
    places = [m.name for m in known if m.node.type != "Person"]
    params = {"person": people[0] if people else "", "organisation": places[0] if places else ""}
    title = _title_in(rest)
    who = params["person"] or "who"
    where = f" in {params['organisation']}" if params["organisation"] else ""
    return Plan("positions", "person-positions", params,
                f"{who} holds which post{where}" + (f" (title {title})" if title else ""), title=title)


def _programmes(known: list[Mention]) -> Plan:
    x = known[0]
    if x.node.type == "Program":
        return Plan("programmes", "program-implementers", {"program": x.name, "implementer": ""},
                    f"who implements {x.name}")
    return Plan("programmes", "program-implementers", {"program": "", "implementer": x.name},
                f"which programmes {x.name} implements")
