"""Bodies no mention names, written before a title in a list of posts: 集团 or 总行 alone (the article's company
or bank), a bare team word (工作组组长: the article's team), a unit listed after a body (…司长A、水库移民司司长B),
and the bare level organs a post may open with (，区委…)."""

from __future__ import annotations

from kg.extract.context import TEAM_WORDS
from kg.extract.mentions import body_ok, written_as
from kg.graph import entity_id

BARE_UNITS = ("集团", "公司", "总行")  # written alone before a post: the article's company or bank


def bare_start(text: str, pos: int, mentions) -> bool:
    """A level character at pos opens a bare organ (，区委…, 、县政府…), not the end of a name (密云区委)."""
    if any(m.start <= pos < m.end for m in mentions):
        return False
    return pos == 0 or not ("\u4e00" <= text[pos - 1] <= "\u9fff") or text[pos - 1] in "、和及与兼任由向对是为在经等"


def unknown_body_start(text: str, ts: int, longest: int = 16) -> int | None:
    """Where the separator (、 or 兼) before an unnamed body ending at ts stands: the body is Chinese
    characters only (no clause break), at most `longest` of them."""
    win = text[max(0, ts - longest - 1) : ts]
    sep = max(win.rfind("、"), win.rfind("兼"))
    if sep < 0 or sep == len(win) - 1 or not all("\u4e00" <= c <= "\u9fff" for c in win[sep + 1 :]):
        return None
    return ts - len(win) + sep


UNIT_SUFFIXES = ("委员会", "办公室", "中心", "司", "局", "处", "厅")  # the units a ministry, body or company has


def bare_unit(text: str, ts: int, mentions, known: dict) -> tuple[dict, int] | None:
    """。集团副总经理X / ，总行党委委员X: 集团 or 总行 written alone before a post, the article's company or bank
    (known: the lexicon's organisations by name, kg.extract.matcher's agency_by_name)."""
    unit = next((u for u in BARE_UNITS if text.startswith(u, ts - len(u)) and bare_start(text, ts - len(u), mentions)
                 and (ts == len(u) or not ("\u4e00" <= text[ts - len(u) - 1] <= "\u9fff"))), None)
    if unit is None:
        return None
    ends = ("银行", "分行", "支行") if unit == "总行" else ("公司", "集团", "企业")
    kind = "bank" if unit == "总行" else "soe"  # (中国电建…，公司党委常委X: a state company the lexicon knows)
    same = [m for m in mentions if m.type == "Agency" and m.end <= ts - len(unit)
            and (written_as(m, ends) or getattr(known.get(m.name), "kind", None) == kind)]
    return {"unit": unit, "same": same[-1] if same else None}, ts - len(unit)


def unnamed_unit(text: str, ts: int, bare_title: str, mentions) -> tuple[dict, int] | None:
    """A body no mention names, written before a title in a list of posts: a bare team word (县委常务副书记、
    工作组组长X: the article's team) or a unit (…司长A、水库移民司|司长B)."""
    team = next((w for w in TEAM_WORDS if text.startswith(w, ts - len(w))), None)
    if team and ts - len(team) > 0 and text[ts - len(team) - 1] in "、，,兼" and \
            bare_title in ("组长", "队长", "领队", "指挥", "指挥长", "总指挥"):
        return {"team": team}, ts - len(team)
    at = _unit_body_start(text, ts, mentions)
    return ({"unit_body": text[at:ts], "at": at}, at) if at is not None else None


def _unit_body_start(text: str, ts: int, mentions) -> int | None:
    """Where a unit no mention names starts, written after 、 or 兼 in a list of posts and ending at the title
    (…司长甲、|水库移民司|司长乙; 全国政协常委、|经济委员会|主任丙)."""
    sep = unknown_body_start(text, ts, 10)
    if sep is None or any(sep < m.end and m.start < ts for m in mentions):
        return None
    body = text[sep + 1 : ts]
    suffix = next((u for u in UNIT_SUFFIXES if body.endswith(u)), None)
    if suffix is None or len(body) - len(suffix) < 2 or not body_ok(body[: -len(suffix)], organ=True):
        return None
    return sep + 1


def unit_target(org: dict, mentions, actx) -> dict | None:
    """A bare team word is the article's team; a listed unit is a sibling of the unit named before it, of its kind
    (…南水北调司…、水库移民司 → 水利部水库移民司), or a part of the body (全国政协常委、经济委员会主任)."""
    if "team" in org:
        found = actx.last_org_by_kind.get(org["team"])
        return None if found is None else {"id": found["id"], "type": "Agency", "name": found["name"]}
    body = org["unit_body"]
    before = [m for m in mentions if m.type == "Agency" and m.end <= org["at"]]
    if not before:
        return None
    owner = before[-1]
    suffix = next(u for u in UNIT_SUFFIXES if body.endswith(u))
    if owner.name.endswith(suffix):
        prefix = owner.extra.get("prefix")
        if prefix is None or not owner.name.startswith(prefix.name):
            return None
        name = prefix.name + body
    else:
        name = owner.name + body
    return {"id": entity_id("Agency", name), "type": "Agency", "name": name}
