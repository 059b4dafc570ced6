"""Teams sent to one place (广东佛山对口凉山扶贫协作工作组, 天津帮扶承德工作队, 江苏省第九批对口支援伊犁州前方
指挥部): the prefecture or county the team's own name says it serves is the place it assists, and where its
money goes when a sentence names no recipient. A province in the name (援疆, 对口支援甘肃) says too little."""

from __future__ import annotations

from kg import rx
from kg.extract.mentions import Mention

TEAM_END = rx.compile("(?:工作组|工作队|指挥部|管理组|工作站)$")
AID_IN_NAME = rx.compile("对口支援|对口帮扶|对口|帮扶|援助|援建|援|驻(?=[^驻]*(?:帮扶|扶贫|援|对口|协作))")  # (驻X帮扶工作队)


def team_target(m: Mention, ex) -> Mention | None:
    """The place a team's name says it serves, as a mention over the team's own span, or None."""
    if m.type != "Agency" or not TEAM_END.search(m.name):
        return None
    gaz = ex.gaz
    for am in AID_IN_NAME.finditer(m.name):
        rest = m.name[am.end() :]
        for k in range(min(len(rest), 12), 1, -1):
            codes = tuple(c for c in gaz.by_name.get(rest[:k]) or gaz.by_short.get(rest[:k]) or ()
                          if gaz.get(c).level in ("prefecture", "county"))
            code = ex.regions.choose(codes) if codes else None  # (承德: the city before the county of its name)
            if code is not None:
                return ex.regions.region_mention(m.start, m.end, code, rest[:k], "team")
    return None
