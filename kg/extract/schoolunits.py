"""A university's own units in its own news: 校图书馆, 学校办公室, and units written bare before an officer's
title in a roster (工会常务副主席周云，党委宣传部部长丘国新，图书馆馆长程焕文). They are the school's
(中山大学图书馆), named with the school the document is about.

Only where the page speaks as the school (我校, 校党委, 校领导, 全校 …): in a county's news about a
university's help, a bare 组织部 is the county's own.
"""

from __future__ import annotations

from kg import rx
from kg.extract.mentions import Mention
from kg.extract.positions import clause_start, title_starting_at

# the page speaks as the school
SCHOOL_VOICE = rx.compile("我校|本校|校党委|学校党委|校领导|全校|校长|校友|校地")
# units a university has; 校/学校 before one makes it the school's
UNIT = "(?:[\u4e00-\u9fff]{1,8}?(?:学院|研究院|工作组|领导小组|办公室|集团|中心|处)|图书馆|档案馆|博物馆|工会|团委|" \
       "(?:党委)?(?:宣传部|组织部|统战部|学生工作部)|纪委|研究生院)"
SCHOOL_UNIT_RE = rx.compile(f"(?:学校|校)({UNIT})")
UNIT_VERBS = rx.compile("成立|组建|召开|举办|开展|设立|印发|制定|建立|启动|调整")
# a unit written bare at the start of a list item, its officer's title right after it
BARE_UNIT_RE = rx.compile(f"(?:(?<=^)|(?<=[，,、；。：:]))({UNIT})")


class SchoolUnitsMixin:
    """DocExtractor's finder of a school's own units (see the module's docstring)."""

    def _school_units(self, text: str, mentions: list[Mention]) -> list[Mention]:
        school = self.doc_school()
        if school is None:
            return []
        if not hasattr(self, "_school_voice"):  # (a question about the whole document: asked once)
            self._school_voice = SCHOOL_VOICE.search(self.doc.text) is not None
        if not self._school_voice:
            return []
        taken = [m for m in mentions if m.type in ("Region", "Agency", "Collective")]
        out: list[Mention] = []
        for pattern, needs_title in ((SCHOOL_UNIT_RE, False), (BARE_UNIT_RE, True)):
            for um in pattern.finditer(text):
                start, end = um.start(), um.end()
                if any(m.start < end and start < m.end for m in taken + out):
                    continue
                if UNIT_VERBS.search(um.group(1)):
                    continue  # (学校|成立扶贫工作领导小组: a verb, not a unit's name)
                if needs_title and (title_starting_at(text, end) is None or _other_owner(text, start, taken, school["name"])):
                    continue  # (图书馆建设: a building; 县委常委、宣传部部长: the committee's own department)
                m = Mention(start, end, "Agency", school["name"] + um.group(1), kind="school-unit")
                m.aliases.add(text[start:end])
                out.append(m)
        return out


def _other_owner(text: str, start: int, taken: list[Mention], school: str) -> bool:
    """Does a place or another body named earlier in the clause own the unit (鹤峰县委常委、|宣传部部长)?"""
    opening = clause_start(text, start)
    return any(opening <= m.start and m.end <= start and not m.name.startswith(school) for m in taken)
