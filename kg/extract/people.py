"""People and their positions: `title + name` (北京市委书记蔡奇), chains of positions joined by 、 or 兼
(自治区党委书记、人大常委会主任石泰峰), enumerations after one title (自治区领导王莉霞、杨伟东), names
already known in the document, and `X领导Y`. Reporters in bylines are never people of the story.
"""

from __future__ import annotations

import re
from functools import lru_cache

from kg import rx
from kg.extract import jiebadict
from kg.extract.mentions import (
    ORG_ELEMENT,
    Mention,
    written_as,
)
from kg.extract.names import (
    name_at,
    name_before,
    name_boundary,
    transcribed_name,
)
from kg.extract.positions import (
    CHAIRED_BODIES,
    _tables,
    _title_ending_at,
    _title_index,
    contracted_head,
    holds_position_relations,
    positions,
    title_starting_at,
)

TITLE_NOTE = rx.compile("[（(](?:挂职|正处级|副处级|正厅级|副厅级|兼|主持工作|援藏|援疆|援青)[）)]")
BYLINE_BEFORE = rx.compile("(记者|通讯员|见习记者|实习生|摄影|摄|编辑|撰稿|作者|文/|图/|文|图)[：:\\s]*$")


# role nouns that introduce a person of the story without naming an organisation post
ROLE_WORDS = sorted(
    """建档立卡贫困户 贫困户 低保户 脱贫户 监测户 村民 农民 牧民 农牧民 居民 群众 运动员 选手 队员 教练员 司机 挂职干部
    驻村干部 帮扶干部 干部 成员 老人 大学生 学生 志愿者 医生 护士 教师 老师 党员 企业家 创始人 患者 患儿 职工 工人
    技术员 主播 家长 老板 专家 教授 工程师 致富带头人 带头人 种植户 养殖户 返乡青年 大户 校友""".split(),
    key=len,
    reverse=True,
)
# titles and forms of address written after a name (习近平总书记, 王军同志)
AFTER_TITLES = ("总书记", "同志", "主席", "总理", "委员长", "先生", "女士")
SPEECH_AFTER = ("说", "表示", "介绍", "告诉记者", "坦言", "感慨", "笑着说", "指出", "认为", "称", "回忆")
# what a person named alone at the start of a clause goes on to do (，郭玉峰向…颁发, 。王五带领…)
CLAUSE_ACTS = ("向", "为", "对", "带领", "率领", "率", "主持", "陪同", "出席", "参加", "看望", "调研", "考察")


GROUP_WORDS = ("领导小组", "小组", "工作组", "工作队", "委员会", "指挥部", "考核组", "指导组")
_APPOINTED_RE = rx.compile("挂任|担任|出任|兼任|接任|挂职(?=[\u4e00-\u9fff]{2,})|"
                           "(?<![担兼出挂主接])任(?=[\u4e00-\u9fff]{2,}(?:委|政府|区|县|市|旗|州|镇|乡))")
_RELATIVE_POSTS = rx.compile("(?:挂任|担任|出任|挂职)([^，。；的]{2,30})的[^，。；的]{0,10}?(?:干部|同志)")
ROLE_BETWEEN = rx.compile("、(?:经济学家|教授|专家|博士|学者|院士|研究员|作家)(?=[\u4e00-\u9fff]{2,3})")
_ROLE_BEFORE_NAME = rx.compile("(?:干部|同志|教授|博士|专家|研究员|挂职干部|^|[，。；：！？]|选派|派出|委派|推荐)$")
# (a name opening its clause, or after a word of sending, then an appointing verb: 选派李明担任…副旗长)


def _clause_end(text: str, pos: int) -> int:
    """Where the clause that goes on at pos ends (at ，。；： or the text's end)."""
    m = re.compile("[，。；：,;]").search(text, pos)
    return m.start() if m else len(text)


_TAKES_POST_RE = rx.compile("(?:担任|兼任|出任|任)((?:副|常务副)?(?:组长|主任|指挥长|总指挥|队长))")
_HEADS_GROUP = rx.compile("为((?:副)?(?:组长|团长|队长))的")
_PROFILE_HEADER = rx.compile("[\u4e00-\u9fff·]{2,5}：(?=[\u4e00-\u9fff])")
MOVES_FROM = ("从", "自", "由", "赴", "到", "前往")
_LEAD_DATE = rx.compile("(?:[0-9]{4}年(?:[0-9]{1,2}月)?(?:[0-9]{1,2}日)?|[0-9]{1,2}月[0-9]{1,2}日)，?")
_CLAUSE_START_RE = rx.compile(
    "(?:^|[，。；：！？,;:])\\s*(?=[\u4e00-\u9fff]{2,4}(?:" + "|".join(CLAUSE_ACTS) + "))"
)
BRACKETED_ALIAS = rx.compile("[（(][\u4e00-\u9fff]{2,15}[)）]")
_OWN_COMPANY = rx.compile("(?:^|(?<=[，。；：,;]))(?:集团|公司)")
_ROLE_RE = rx.compile("|".join(map(re.escape, ROLE_WORDS)))
_AFTER_RE = rx.compile("|".join(map(re.escape, sorted(AFTER_TITLES + SPEECH_AFTER, key=len, reverse=True))))
# names listed before 等 and a level's leaders (耿天良、秦蓉、李德良等县领导): each is one of them
_LEADERS_AFTER = rx.compile("等((?:自治区|省|市|盟|州|县|旗|区|镇|乡|苏木)(?:级)?领导)")


@lru_cache(maxsize=1)
def _title_re() -> re.Pattern:
    """All titles, longest first, as one alternation (built once, not per sentence)."""
    return rx.compile("|".join(map(re.escape, _tables()[1])))


def _overlapping_title_end(text: str, start: int, end: int) -> int:
    """The end of a title that starts inside the one found (start, end) and goes on past it (党支部书记 and
    书记助理 in 党支部书记助理; 书记 taken alone, 书记助理): the title before the name reaches further."""
    for k in range(start, end):
        m = _title_re().match(text, k)
        if m and m.end() > end:
            return m.end()
    return end


def find_people(text: str, mentions: list[Mention], ex, actx) -> list[Mention]:
    """The sentence's mentions with its people added, each with the posts written before the name."""
    f = _PeopleFinder(text, mentions, ex, actx)
    f.titled()  # title + name, and names enumerated after it
    f.with_role()  # 村民宋太成: a role noun, no post
    f.title_after()  # 习近平总书记, 王军同志说
    f.clause_opening()  # ，郭玉峰向…颁发
    f.org_name_title()  # 北京市扶贫支援办汪兆龙副主任
    f.listed_leaders()  # 秦蓉、李德良等县领导
    f.own_company_name_title()  # 集团王明董事长
    ex.people.update(p.name for p in f.persons)
    f.already_known()  # names already known in the document
    f.posts_taken()  # 习近平担任组长: the group the sentence names
    f.appointed()  # 孙浩挂任镇康县委常委、副县长: the posts written after the name
    f.relative_posts()  # 挂任秀山县委常委、副县长的庆云县干部王明: the posts written before it
    f.heads_of_group()  # 由…顾涧清为组长的广州市政协调研组: the group the name heads
    out = [m for m in mentions if not any(m is d for d in f.dropped)] + f.persons
    out.sort(key=lambda m: (m.start, -(m.end - m.start)))
    return out


def _post_kind(title: str) -> str:
    """主任, 副主任, 常务副主任 are posts of one kind."""
    return title.removeprefix("原").removeprefix("常务").removeprefix("副")


class _PeopleFinder:
    def __init__(self, text: str, mentions: list[Mention], ex, actx):
        self.text, self.mentions, self.ex, self.actx = text, mentions, ex, actx
        self.lex = _tables()[0]
        self.known = ex.people
        self.occupied = [(m.start, m.end) for m in mentions]
        self.persons: list[Mention] = []
        self.dropped: list[Mention] = []  # mentions a person's name turned out to cover

    def free(self, a: int, b: int) -> bool:
        return all(b <= s or a >= e for s, e in self.occupied)

    def _add(self, m: Mention) -> Mention:
        self.persons.append(m)
        self.occupied.append((m.start, m.end))
        return m

    def titled(self) -> None:
        text, lex = self.text, self.lex
        for tm in _title_re().finditer(text):
            t, i, te = tm.group(0), tm.start(), tm.end()
            if not self.free(i, te) and not (contracted_head(text, i, t, self.mentions) and self.free(i + 1, te)):
                # 自治区党委|书记孙绍骋: the longest title ending here that does not start inside a name
                tset, lengths = _title_index()
                t = next((text[te - n : te] for n in lengths if n < len(t) and text[te - n : te] in tset
                          and self.free(te - n, te)), None)
                if t is None:
                    continue
                i = te - len(t)
            te = _overlapping_title_end(text, i, te)  # 党支部书记|助理: a title that goes on past this one
            ns = te + 1 if text[te : te + 1] == "的" else te  # 挂任河池市委常委、副市长的顾楠洲
            strict = len(t) < 2 or ns > te
            note = TITLE_NOTE.match(text, ns)
            if note:
                ns = note.end()  # 副县长（挂职）周晓东: a note on the post before the name
            if text.startswith("候选人", ns):
                ns += 3  # 政府旗长候选人张永志: the post he stands for
            rb = ROLE_BETWEEN.match(text, ns)
            if rb:
                ns = rb.end()  # 原院长、经济学家|周其仁: a profession between the post and the name
            name = name_at(text, ns, lex, self.known, strict=strict)
            if len(t) >= 2 and (not name or "·" not in name and name not in self.known):
                longer = transcribed_name(text, ns)  # 乌力吉|图雅: a transcribed name goes on
                if longer and (not name or len(longer) > len(name) and longer.startswith(name)):
                    name = longer
            if name and not self.free(ns, ns + len(name)):
                self._release_place(ns, ns + len(name))  # 主任吴|青海: a given name that is a place's short form
            if not name or not self.free(ns, ns + len(name)) or BYLINE_BEFORE.search(text[max(0, i - 6) : i]):
                continue
            pm = self._add(Mention(ns, ns + len(name), "Person", name, kind="title"))
            deputy = self._deputy_of_previous(i, t)
            chair = deputy if _post_kind(t) == "主席" else []  # (会长A、主席B: the 会's, before a place's 主席)
            pm.extra["positions"] = chair or positions(text, te, self.mentions, self.ex, self.actx) or deputy
            # enumeration: 、NAME、NAME sharing the positions
            pos = pm.end
            while pos < len(text) and text[pos] == "、":
                nxt = name_at(text, pos + 1, lex, self.known, strict=False)  # (a list after a post: names)
                if not nxt or _title_ending_at(text, pos + 1 + len(nxt), pos + 1) or any(
                        m.start < pos + 1 + len(nxt) and pos + 1 < m.end for m in self.mentions):
                    break  # (、吕梁|市委书记: a place or an organ, not the next name)
                em = self._add(Mention(pos + 1, pos + 1 + len(nxt), "Person", nxt, kind="enum"))
                em.extra["positions"] = pm.extra["positions"]
                pos = em.end

    def _deputy_of_previous(self, i: int, title: str) -> list:
        """主任张伟、副主任刘洋 / 局长A，副局长B: a bare title right after the name before it, in a list of one
        body's officers, is a post in that body (the one the name before holds a post of the same kind in)."""
        if i < 1 or self.text[i - 1] not in "、，,":
            return []
        prev = next((p for p in self.persons if p.end == i - 1), None)
        kind = _post_kind(title)
        return [(tg, title) for tg, t in (prev.extra.get("positions", ()) if prev else ())
                if tg.get("type") == "Agency" and (_post_kind(t) == kind or kind == "主席" and
                                                    tg["name"].endswith(CHAIRED_BODIES))][:1]

    def with_role(self) -> None:
        for rm in _ROLE_RE.finditer(self.text):
            i, te = rm.start(), rm.end()
            if not self.free(i, te) and not self.free(te, te + 2):
                continue
            name = name_at(self.text, te, self.lex, self.known)
            if name and (name[1:] in ROLE_WORDS or name[0] in "和与及同"):
                continue  # 干部|和教师, 干部和人才: a conjunction after a role noun, not a surname
            if name and self.free(te, te + len(name)):
                self._add(Mention(te, te + len(name), "Person", name, kind="role"))

    def title_after(self) -> None:
        """A name + title written after it, or name + speech verb at a clause start."""
        text = self.text
        for am in _AFTER_RE.finditer(text):
            t, i = am.group(0), am.start()
            name = name_before(text, i, self.lex)
            if not name or not self.free(i - len(name), i):
                continue
            ns = i - len(name)
            if t in SPEECH_AFTER and not (ns == 0 or text[ns - 1] in "，。；：“”\"、！？ \n,;:" or any(
                m.end == ns and m.type == "Agency" for m in self.mentions
            )):
                continue  # a speaker opens the clause or follows its organisation (滑冰队刘鑫说)
            self._add(Mention(ns, i, "Person", name, kind="after-title"))

    def listed_leaders(self) -> None:
        """秦蓉、包胡格吉勒图、李德良等县领导: the names listed before 等 and a level's leaders each hold that post
        (县领导 of the county the article's 县 is); read leftwards, the list ends at the first item no name."""
        text = self.text
        for lm in _LEADERS_AFTER.finditer(text):
            posts = positions(text, lm.end(), self.mentions, self.ex, self.actx)
            end = lm.start()
            while posts and end > 0:
                start = max(text.rfind(c, 0, end) for c in "、，。；：,;:\n ") + 1
                person = next((p for p in self.persons if p.start == start and p.end == end), None)
                if person is None and not self._listed_name(start, end):
                    break
                if person is None:
                    self._add(Mention(start, end, "Person", text[start:end], kind="enum")).extra["positions"] = posts
                if start == 0 or text[start - 1] != "、":
                    break
                end = start - 1

    def _listed_name(self, start: int, end: int) -> bool:
        """Is text[start:end], an item of a list of people, one personal name (秦蓉, 包胡格吉勒图, 清河)?"""
        item = self.text[start:end]
        if not 2 <= len(item) <= 7 or any(m.start < end and start < m.end and m.type != "Region"
                                          for m in self.mentions):
            return False
        places = [m for m in self.mentions if m.type == "Region" and m.start < end and start < m.end]
        if any(p.start != start or p.end != end or p.name == item for p in places):
            return False  # (a place written in full is no name)
        if not (places or name_at(self.text, start, self.lex, self.known, strict=False) == item or
                transcribed_name(self.text, start) == item or len(item) <= 3 and not _title_re().search(item)
                and jiebadict.tag(item) in (None, "nr", "nrfg", "nrt", "ns")):
            return False  # (清河 between names: a name that reads as a place, no place the sentence names)
        for place in places:
            self._drop(place)  # a name that is a place's short form
        return True

    def posts_taken(self) -> None:
        """NAME担任组长 / 由NAME任组长的…领导小组: a post taken in the group the sentence names (the nearest)."""
        groups = [m for m in self.mentions if m.type == "Agency" and m.name.endswith(GROUP_WORDS)]
        if not groups:
            return
        for p in self.persons:
            tm = _TAKES_POST_RE.match(self.text, p.end)
            if tm is None:
                continue
            group = min(groups, key=lambda g: min(abs(g.start - p.end), abs(p.start - g.end)))
            p.extra.setdefault("positions", [])
            p.extra["positions"] = [*p.extra["positions"], (self.ex.ref(group), tm.group(1))]

    def appointed(self) -> None:
        """NAME(挂)任 ORG TITLE、TITLE: the posts written after the name and an appointing verb, up to the
        clause's end; a profile's header (张韡：西藏自治区人民医院副院长) likewise."""
        text = self.text
        hm = _PROFILE_HEADER.match(text)
        if hm:
            name = name_at(text, 0, self.lex, self.known)
            if name and len(name) == hm.end() - 1 and self.free(0, len(name)):
                person = self._add(Mention(0, len(name), "Person", name, kind="appointed"))
                self._posts_after(person, hm.end())
        self._roster_line()
        for am in _APPOINTED_RE.finditer(text):
            person = next((p for p in self.persons if p.end == am.start()), None)
            lead = am.start() - 1 if text[am.start() - 1 : am.start()] == "现" else am.start()
            if person is None and lead > 0 and text[lead - 1] == "，":
                # 挂职干部王磊，现任…: the name right before the comma; 赵可…去赤城县挂职，任县委常委: the subject
                person = next((p for p in self.persons if p.end == lead - 1), None) or self._opening_name(lead)
            if person is None:
                name = name_before(text, am.start(), self.lex)
                if not name or not self.free(am.start() - len(name), am.start()) or not \
                        _ROLE_BEFORE_NAME.search(text, 0, am.start() - len(name)):
                    continue
                person = self._add(Mention(am.start() - len(name), am.start(), "Person", name, kind="appointed"))
            self._posts_after(person, am.end())

    def _roster_line(self) -> None:
        """李建中 浙江…有限公司党委书记，任…: a roster line opens with the name and then the posts: a name of a
        surname and one to three characters, right before the first body (a space between, kept by ingest)."""
        text = self.text
        first = min((m for m in self.mentions if m.type in ("Agency", "Region")), key=lambda m: m.start, default=None)
        name = text[: first.start].removesuffix(" ") if first is not None else ""
        if not 2 <= len(name) <= 4 or not self.free(0, len(name)):
            return
        if not (name[0] in self.lex.surnames or name[:2] in self.lex.compound_surnames) or \
                not all("\u4e00" <= c <= "\u9fff" for c in name) or self.lex.is_stopname(name) or \
                jiebadict.tag(name) not in (None, "nr", "nrfg", "nrt"):
            return  # (今年|北京市…, 据悉|…: a word, no name)
        person = Mention(0, len(name), "Person", name, kind="roster")
        self._posts_after(person, first.start)
        if person.extra.get("positions"):
            self._add(person)

    def relative_posts(self) -> None:
        """挂任秀山县委常委、副县长的庆云县干部王明: posts taken, written in a clause on the person (…的) before
        the role noun and the name."""
        text = self.text
        for rm in _RELATIVE_POSTS.finditer(text):
            person = next((p for p in self.persons if p.start == rm.end()), None)
            if person is None or not _title_ending_at(text, rm.end(1), rm.start(1), self.mentions):
                continue
            found = positions(text, rm.end(1), self.mentions, self.ex, self.actx)
            person.extra["positions"] = [*person.extra.get("positions", []), *found]

    def heads_of_group(self) -> None:
        """由A为组长的B调研组 / 以A为团长的B代表团: A heads the group named after 的."""
        for gm in _HEADS_GROUP.finditer(self.text):
            person = next((p for p in self.persons if p.end == gm.start()), None)
            group = next((m for m in self.mentions if m.type == "Agency" and m.start == gm.end()), None)
            if person is not None and group is not None:
                person.extra["positions"] = [*person.extra.get("positions", []), (self.ex.ref(group), gm.group(1))]

    def _posts_after(self, person: Mention, start: int) -> None:
        """The posts written from start to the clause's end become the person's."""
        text = self.text
        end = _clause_end(text, start)
        while end > start and not _title_ending_at(text, end, start, self.mentions):
            end -= 1
        if end > start:
            found = positions(text, end, self.mentions, self.ex, self.actx)
            person.extra["positions"] = [*person.extra.get("positions", []), *found]

    def _opening_name(self, pos: int) -> Mention | None:
        """The name that opens the sentence (after a date: 2019年，赵可…), before pos, as a person."""
        lead = _LEAD_DATE.match(self.text)
        start = lead.end() if lead else 0
        opening = next((p for p in self.persons if p.start == start and p.end <= pos), None)
        if opening is not None:
            return opening  # (李建中 …公司总经理，任…村“名誉村长”: the roster's name)
        name = name_at(self.text, start, self.lex, self.known) if start < pos else None
        loose = name_at(self.text, start, self.lex, self.known, strict=False) if start < pos and not name else None
        if loose and self.text.startswith((*MOVES_FROM, "受"), start + len(loose)):
            name = loose  # 2021年，李强从天津市…到…挂职 / 杨某某受天津市委委派: a name moving or sent
        known = next((p for p in self.persons if p.start == start and p.name == name), None) if name else None
        if known is not None:
            return known  # (…，接任…领队，挂任…: the same opening name for each post)
        if not name or not self.free(start, start + len(name)) or _title_ending_at(self.text, start, 0, self.mentions):
            return None
        return self._add(Mention(start, start + len(name), "Person", name, kind="appointed"))

    def clause_opening(self) -> None:
        """A name opening a clause and acting at once (，郭玉峰向…, 。王五带领…): strict name checks."""
        text = self.text
        for cm in _CLAUSE_START_RE.finditer(text):  # (only where an act follows two to four characters on)
            pos = cm.end()
            name = name_at(text, pos, self.lex, self.known)
            if name and text.startswith(CLAUSE_ACTS, pos + len(name)) and self.free(pos, pos + len(name)):
                self._add(Mention(pos, pos + len(name), "Person", name, kind="clause-opening"))

    def org_name_title(self) -> None:
        for m in [m for m in self.mentions if m.type == "Agency"]:
            at = m.end
            if (bracket := BRACKETED_ALIAS.match(self.text, at)) is not None:
                at = bracket.end()  # 妇幼保健院(自治区儿童医院)王芳副书记: the body's other name in brackets
            place = self._place_in_name(at)  # 西北农林科技大学陈|玉林|副校长: a given name that is a place's
            name = self.text[at : place.end] if place else self._name_before_title(at)
            if not name or not place and not self.free(at, at + len(name)) or \
                    (title := self._title_at(at + len(name))) is None:
                continue
            if place is not None:
                self._drop(place)
            pm = self._add(Mention(at, at + len(name), "Person", name, kind="org-name-title"))
            pm.extra["positions"] = [(self.ex.ref(m), title)]
            self._listed_name_titles(pm.end + len(title), m)

    def _listed_name_titles(self, pos: int, org: Mention) -> None:
        """我院杨广源院长、马玉胜副院长: names with their titles after them, listed after the first, are officers of
        the same body (the last title may run into the verb: 副院长|各自带领)."""
        text = self.text
        while text[pos : pos + 1] == "、":
            name = self._name_before_title(pos + 1)
            if not name or not self.free(pos + 1, pos + 1 + len(name)) or \
                    (title := title_starting_at(text, pos + 1 + len(name))) is None:
                return
            pm = self._add(Mention(pos + 1, pos + 1 + len(name), "Person", name, kind="org-name-title"))
            pm.extra["positions"] = [(self.ex.ref(org), title)]
            pos = pm.end + len(title)

    def own_company_name_title(self) -> None:
        """集团王明董事长, 公司李强总经理: 集团 / 公司 opening a clause is the company the article is about (the
        last one named), whose officer the name and the title after it give."""
        for dm in _OWN_COMPANY.finditer(self.text):
            owner = next((m for m in reversed(self.mentions) if m.type == "Agency" and m.end <= dm.start()
                          and written_as(m, ("公司", "集团"))), None) or self.actx.last_place.get("company")
            name = self._name_before_title(dm.end())
            if owner is None or not name or not self.free(dm.end(), dm.end() + len(name)) or \
                    (title := self._title_at(dm.end() + len(name))) is None:
                continue
            pm = self._add(Mention(dm.end(), dm.end() + len(name), "Person", name, kind="org-name-title"))
            pm.extra["positions"] = [(self.ex.ref(owner), title)]

    def _title_at(self, pos: int) -> str | None:
        """The title written at pos right after a name, closed by a boundary (or by 表示/介绍/说/指出)."""
        text = self.text
        title = title_starting_at(text, pos)
        if title is None or not name_boundary(text, pos + len(title)) and text[pos + len(title)] not in "表介说指":
            return None
        return title

    def _name_before_title(self, pos: int) -> str | None:
        """The name at pos that a title follows (田军|院长, 王芳|副书记, 王晓云|副书记): of the splits whose rest opens a
        title, the one with the longest title, if a name may end there."""
        text = self.text
        tset, lengths = _title_index()
        best = None
        for k in (2, 3, 4):
            title = next((n for n in lengths if text[pos + k : pos + k + n] in tset), 0)
            if title and (best is None or title > best[1]):
                best = (k, title)
        if best is None:
            return name_at(self.text, pos, self.lex, self.known)
        cut = text[: pos + best[0]] + "，"  # the name judged as if the title were a boundary
        name = name_at(cut, pos, self.lex, self.known)
        return name if name is not None and len(name) == best[0] else None

    def _release_place(self, start: int, end: int) -> None:
        """A name after a title whose given name is a place's short form (主任吴|青海): the place (as
        _place_in_name finds it), the only mention inside the name and ending with it, is dropped."""
        place = self._place_in_name(start)
        if place is not None and place.end == end and \
                all(m is place for m in self.mentions if m.start < end and start < m.end):
            self._drop(place)

    def _drop(self, place: Mention) -> None:
        """A mention a person's name turns out to cover is no mention."""
        self.dropped.append(place)
        self.occupied.remove((place.start, place.end))

    def _place_in_name(self, pos: int) -> Mention | None:
        """A place written by its two-character short form right after a surname at pos (陈|玉林)."""
        if self.text[pos : pos + 1] not in self.lex.surnames:
            return None
        return next((r for r in self.mentions if r.type == "Region" and r.start == pos + 1 and r.end - r.start == 2
                     and r.name != self.text[r.start : r.end]), None)

    def already_known(self) -> None:
        text = self.text
        for name in sorted(self.known, key=len, reverse=True):
            i = text.find(name)
            while i >= 0:
                if self.free(i, i + len(name)) and not BYLINE_BEFORE.search(text[max(0, i - 6) : i]):
                    self._add(Mention(i, i + len(name), "Person", name, kind="known"))
                i = text.find(name, i + 1)


__all__ = ["find_people", "holds_position_relations", "ORG_ELEMENT"]
