"""IMPLEMENTS: a body or region that carries out, issues, signs or organises a programme (实施, 开展, 印发,
签署, 主办/承办/协办 … 的活动), a pair that takes part in its cooperation mechanism."""

from __future__ import annotations

from kg import rx
from kg.extract.arguments import (
    ACTOR_TYPES,
    IMPL_TRIG,
    LEAD_IN,
    ORGANISE_RE,
    PASSIVE_PUBLISH,
    PIVOT_VERB,
    PURPOSE,
    SIGN_RE,
    clause_of,
    clause_opener,
    coordinated,
    narrow,
)
from kg.extract.mentions import Mention

# 把A、B作为…重点 / 将A纳入… (the body between), 参与/加入/参加A, 通过A (its means), 以A为抓手
ADOPTED_RE = rx.compile("(?P<ba>[把将])(?P<body>[^，。；]{2,40}?)(?P<as_>作为|列为|纳入)|(?P<join>积极参与|参与|加入|参加|通过)"
                        "|(?P<yi>(?<![所可难])以)")
ADOPTED_AS = rx.compile("[”\"」]?为(?:抓手|契机|载体|牵引|引领|主线|平台|重点)")
FIELDS_FRAME = rx.compile("在([^，。；]{2,60}?)等?(?:方面|领域)(?:持续|积极|深入)?(?:开展|推进|实施|取得|加强|做了)")
COUNT_ONLY = rx.compile("[0-9一二三四五六七八九十两]*[个项大]?")
CIRCUMSTANCE_END = rx.compile("(时期|阶段|之际|背景下|进程中|过程中|关键期)")


# what follows a mechanism named as work to carry out, and the verbs that carry it out
MECHANISM_WORK = rx.compile("工作|的(?:决策部署|重要指示精神|重要指示|指示精神|部署要求|部署|重要论述)|政治责任")
INSTRUCTION_TOPIC = rx.compile("关于")
INSTRUCTION = rx.compile("工作的(?:重要)?(?:指示|讲话|论述|批示)")
WORK_CARRIED = rx.compile("贯彻落实|学习贯彻|贯彻|落实|扛起|扛牢|担起|履行")
# X是党中央、国务院…作出的重大决策 / 是党中央交给湖北省的…任务: who decided or assigned the programme before 是
DECIDED_BY = rx.compile("是(?P<who>[^，。；]{2,40}?)(?:作出|做出|交给[^，。；]{0,12}?)的[^，。；]{0,16}?(?:决策部署|决策|决定|部署|任务)")
# 党中央作出对口支援四省藏区的决定: the subject decides the programme named in the object
DECIDES = rx.compile("(?:作出|做出)了?(?P<what>[^，。；]{2,40}?)的(?:重大|战略|重要)*(?:决策部署|决策|决定|部署)")
SIGNED_AFTER = rx.compile("[》”\"」]?(?:正式)?(?:签约|签字)(?:仪式|活动|会)?")  # X签约仪式: X signed
BOTH_SIDES = rx.compile("(?<![京蒙沪滇闽宁粤桂苏陕鲁渝浙川津甘])(?:两地|两市|两省区|两省|两区|两县|双方)")

class ImplementsMixin:
    def implements(self) -> None:
        text = self.text
        for tm in IMPL_TRIG.finditer(text):
            progs = self._programs_after(tm.end())
            passive = False
            if not progs:
                if PASSIVE_PUBLISH.fullmatch(tm.group(0)) or tm.group(0) in ("予以发布",):
                    # 《…》(以下简称《X》)发布 / 3月9日，中央办公厅予以发布: the document precedes the trigger
                    prev = [p for p in self.programs if p.end <= tm.start()]
                    if prev:
                        progs = [prev[0]]
                        passive = True
                if not progs:
                    continue
            signers = [] if passive else self._signers_for(tm.start())
            for ref in signers:  # 甲、乙分别代表双方签订…: the sides they stand for
                for p in progs:
                    self._emit("IMPLEMENTS", ref, self.ex.ref(p))
            if signers:
                continue
            if passive:
                sources = [m for m in self.actors if m.end <= tm.start() and m.start >= progs[0].end]
                sources = sources[-1:] if sources else self._issuers(progs[0])
            else:
                own = next((m for m in self.actors if m.end == tm.start()), None) \
                    if self.text.startswith("的", tm.end()) else None  # 在海淀区商务局开展的消费帮扶实践中
                sources = [own] if own is not None else self._pivot(tm.start()) or \
                    self.subject_before(tm.start(), allow_carry=False) or self._both_sides(tm.start())
                if not sources and self._opens_sentence(tm.start(), (tm.end(), progs[0].start)):
                    # 落实京蒙协作“医疗倍增计划”，北京天坛医院…: the fronted clause's subject is the next one's
                    sources = self._subject_after(clause_of(self.clauses, tm.start())[1])
                if not sources:
                    sources = self._frame_subject(tm)  # 自2018年开展X以来，浙江省…
                if not sources:
                    sources = self.subject_before(tm.start())  # the previous sentence's, carried
                if not sources:
                    ar = self.article_region()
                    sources = [ar] if ar else []
            if SIGN_RE.fullmatch(tm.group(0)) and not passive:
                sources = sources + self._co_signers(tm.start(), sources)
            progs = [self._paired_cooperation(p) for p in progs]
            for s in sources:
                for p in progs:
                    self.add("IMPLEMENTS", s, p)
        for p in self.programs:  # 内蒙古自治区党委自治区人民政府关于…的实施意见: its issuers, named before it
            for s in p.extra.get("issuers", ()):
                self.add("IMPLEMENTS", s, p)
            for s in self._bodies_before_title(p):  # 中共中央办公厅、国务院办公厅《…实施办法》
                self.add("IMPLEMENTS", s, p)
        self._pair_mechanism()
        self._signing_ceremonies()
        self._organisers()
        self._mechanism_work()
        self._adopted()
        self._decisions()

    def _signing_ceremonies(self) -> None:
        """A与B举行X签约仪式 / X签约: a programme or agreement named right before 签约 (or 签字) is signed, so
        the subject of its clause and the partners named with it carry it out."""
        for p in self.programs:
            if not SIGNED_AFTER.match(self.text, p.end):
                continue
            sources = self.subject_before(p.start, allow_carry=False)
            for s in sources + self._co_signers(p.start, sources):
                self.add("IMPLEMENTS", s, p)

    def _decisions(self) -> None:
        """A programme that is the decision (决策, 决定, 部署) or the task of a body: that body IMPLEMENTS it
        (开展东西部协作是党中央作出的重大决策部署; 党中央作出对口支援四省藏区的决定)."""
        text = self.text
        if not self.programs:
            return
        for dm in DECIDED_BY.finditer(text):
            who = [m for m in self.actors if m.type == "Agency" and dm.start("who") <= m.start and m.end <= dm.end("who")]
            before = [p for p in self.programs if p.end <= dm.start() and dm.start() - p.end <= 30
                      and "。" not in text[p.end : dm.start()]]
            for s in who:
                for p in before[-1:]:
                    self.add("IMPLEMENTS", s, p)
        for dm in DECIDES.finditer(text):
            progs = [p for p in self.programs if dm.start("what") <= p.start and p.end <= dm.end("what")]
            for s in self.subject_before(dm.start(), allow_carry=False) if progs else ():
                for p in progs:
                    self.add("IMPLEMENTS", s, p)

    def _adopted(self) -> None:
        """X把A、B作为/列为/纳入…, X参与/加入A, X以A为抓手: programmes the subject makes its own work take part
        in it; the subject is written before the construction in its clause."""
        text = self.text
        if not self.programs:
            return
        for am in ADOPTED_RE.finditer(text):
            cs, ce = clause_of(self.clauses, am.start())
            if am.group("ba"):
                progs = [p for p in self.programs if am.start("body") <= p.start and p.end <= am.end("body")]
            else:
                progs = [p for p in self.programs if am.end() <= p.start <= am.end() + 2 and p.end <= ce][:1]
                if am.group("yi") and not (progs and ADOPTED_AS.match(text, progs[0].end)):
                    continue
            subj = self.subject_before(am.start(), allow_carry=False) if progs else []
            for sj in subj:
                for p in progs:
                    self.add("IMPLEMENTS", sj, p)
        for fm in FIELDS_FRAME.finditer(text):  # X在基础设施、教育帮扶、消费帮扶等方面开展了…: its work in each
            progs = [p for p in self.programs if fm.start(1) <= p.start and p.end <= fm.end(1)]
            for sj in self.subject_before(fm.start()) if progs else ():
                for p in progs:
                    self.add("IMPLEMENTS", sj, p)
        for p in self.programs:  # 为大连市在东西部扶贫协作工作中增光添彩: the one at work in a mechanism
            lex = self.ex.matcher.program_by_name.get(p.name)
            if lex is not None and lex.kind == "mechanism" and text[p.start - 1 : p.start] == "在" and \
                    text.startswith("工作中", p.end):
                right = [m for m in self.actors if m.end == p.start - 1]  # (为宁波市|在…工作中)
                for sj in right or self.subject_before(p.start - 1, allow_carry=False):
                    self.add("IMPLEMENTS", sj, p)

    def _both_sides(self, pos: int) -> list[Mention]:
        """两地/两市/双方 as the subject before pos: the two sides of the pairing stated last (this sentence
        or the two before)."""
        cs, _ce = clause_of(self.clauses, pos)
        if not BOTH_SIDES.search(self.text, cs, pos):
            return []
        if sides := self.stated_pair_sides(before=pos):  # 召开A——B联席会，双方签署…: the pair stated before 双方
            return sides
        last = self.actx.__dict__.get("last_pair_sides")
        return list(last[0]) if last and self.actx.sentence_index - last[1] <= 2 else []

    def _opens_sentence(self, pos: int, obj: tuple[int, int] | None = None) -> bool:
        """Does the trigger at pos open the sentence (after a date or lead-in at most)? Or, with obj (the trigger's
        end and its programme's start), do purpose words open it with the programme as the trigger's own object
        (为深入|贯彻落实《…》，A…; not 为贯彻落实关于X工作的指示精神)?"""
        lead = LEAD_IN.match(self.text)
        start = lead.end() if lead else 0
        purpose = PURPOSE.match(self.text, start)
        return pos <= start + 1 or obj is not None and purpose is not None and pos < purpose.end() and \
            self.text[obj[0] : obj[1]] in ("", "《", "“")

    def _paired_cooperation(self, p: Mention) -> Mention:
        """开展对口扶贫协作 in an article about a named east–west pairing (苏陕扶贫协作 …): the generic 对口帮扶
        followed by 协作 is that pairing's cooperation."""
        pair = self.actx.__dict__.get("pair_mechanism")
        lex = self.ex.matcher.program_by_name.get(p.name)
        if pair is None or lex is None or lex.name != "对口帮扶" or not self.text.startswith("协作", p.end):
            return p
        return Mention(p.start, p.end + 2, "Program", pair, kind="lex")

    def _pivot(self, pos: int) -> list[Mention]:
        """帮扶锡林郭勒盟实施… / 支持A、B开展…: the object of a helping verb right before the trigger is the one
        that carries the programme out (a pivot construction), not the helper."""
        cs, _ce = clause_of(self.clauses, pos)
        last = next((m for m in reversed(self.actors) if cs <= m.start and m.end == pos), None)
        if last is None:
            return []
        group = [m for m in coordinated(self.text, last, self.actors) if m.end <= pos] or [last]
        head = min(self._unit_start(m) for m in group)
        return group if PIVOT_VERB.search(self.text, max(cs, head - 2), head) else []

    def _organisers(self) -> None:
        """由A、B联合主办，C承办，D协办的「…」活动: every organiser of the event or programme named after 的
        IMPLEMENTS it."""
        text = self.text
        for om in ORGANISE_RE.finditer(text):
            de = text.find("的", om.end())
            if de < 0 or de - om.end() > 40:
                continue
            prog = next((p for p in self.programs if de < p.start <= de + 2), None)
            if prog is None:
                continue
            cs, _ce = clause_of(self.clauses, om.start())
            for s in [m for m in self.actors if cs <= m.start and m.end <= om.start() and m.type == "Agency"]:
                self.add("IMPLEMENTS", s, prog)

    def _mechanism_work(self) -> None:
        """X深入贯彻…关于定点帮扶工作的… / X落实东西部协作和定点帮扶工作: the subject that carries out (贯彻/落实)
        the work of cooperation mechanisms takes part in them; after a purpose clause (为贯彻…工作…，X…) the
        subject is the next clause's. The body whose 关于 statement it is does not."""
        text = self.text
        mechs = [p for p in self.programs if (lex := self.ex.matcher.program_by_name.get(p.name)) is not None
                 and lex.kind == "mechanism"]
        for i, p in enumerate(mechs):
            if not MECHANISM_WORK.match(text, p.end):
                continue  # (东西部协作工作 / …的决策部署 / …的重要指示精神 / …政治责任)
            group = [p]  # 东西部协作和定点帮扶工作: the coordinated mechanisms before it share the 工作
            for q in reversed(mechs[:i]):
                if text[q.end:group[0].start] not in ("和", "与", "、", "及"):
                    break
                group.insert(0, q)
            cs, ce = clause_of(self.clauses, p.start)
            carry = WORK_CARRIED.search(text, cs, group[0].start)
            if carry is None or INSTRUCTION_TOPIC.search(text, carry.end(), group[0].start) and \
                    INSTRUCTION.match(text, p.end):
                continue  # 贯彻…关于东西部协作工作的重要指示精神: the topic of instructions, not a work carried out
            subjects = self.subject_before(carry.start(), allow_carry=False)
            if not subjects and PURPOSE.match(text, cs):
                subjects = self._subject_after(ce)
            for s in subjects:
                for g in group:
                    self.add("IMPLEMENTS", s, g)

    def _subject_after(self, pos: int) -> list[Mention]:
        """The subject of the main clause after a purpose clause ending at pos: an actor at the start of one
        of the next two clauses (a date clause may come between)."""
        for a, _b in [c for c in self.clauses if c[0] > pos][:2]:
            first = clause_opener(self.text, a, self.actors)
            if first is not None:
                group = coordinated(self.text, narrow(first, self.actors, text=self.text), self.actors)
                return [self._acting_side(m) for m in group]
        return []

    def _acting_side(self, m: Mention) -> Mention:
        """门头沟区委副书记、区长某某率…: an organ that only names the post of the person after it is not the
        actor; the person acts for the organ's region."""
        if m.type != "Agency":
            return m
        person = next((p for p in self.mentions if p.type == "Person" and m.end <= p.start), None)
        region = m.extra.get("prefix")
        if person is None or region is None or region.type != "Region" or \
                any(m.end <= o.start < person.start for o in self.actors if o.type == "Region"):
            return m
        _cs, ce = clause_of(self.clauses, m.start)
        return region if person.end <= ce else m

    def _pair_mechanism(self) -> None:
        """京蒙两地… 京蒙协作 / 闽宁两省区… 东西扶贫协作: a pair that is the sentence's subject takes part in the
        cooperation mechanism the sentence names."""
        lead = LEAD_IN.match(self.text)
        le = lead.end() if lead else 0
        pair = [m for m in self.actors if m.extra.get("pair") and m.start <= le + 1]
        if len(pair) < 2:
            return
        for p in self.programs:
            lex = self.ex.matcher.program_by_name.get(p.name)
            if lex is not None and lex.kind == "mechanism" and not self._in_circumstance(p) and not self._modifier(p):
                for r in pair:
                    self.add("IMPLEMENTS", r, p)

    def _in_circumstance(self, p: Mention) -> bool:
        """在京蒙协作由对口帮扶转向全面深化合作的关键时期: a programme inside a time or setting adverbial
        (在…时期/阶段/之际/背景下) is not what the clause carries out."""
        cs, ce = clause_of(self.clauses, p.start)
        zai = self.text.rfind("在", cs, p.start)
        return zai >= 0 and CIRCUMSTANCE_END.search(self.text, p.end, ce) is not None

    def _bodies_before_title(self, prog: Mention) -> list[Mention]:
        """The agencies written right before a 《》 title (A、B《…》) are the bodies that issued it."""
        if prog.kind != "book":
            return []
        last = next((m for m in self.actors if m.end == prog.start and m.type == "Agency"), None)
        if last is None:
            return []
        group = [last]
        for m in reversed([m for m in self.actors if m.end < last.start and m.type == "Agency"]):
            if self.text[m.end : group[0].start] not in ("、", "和", "与"):
                break
            group.insert(0, m)
        return group

    def _issuers(self, prog: Mention) -> list[Mention]:
        title = prog.extra.get("title") or prog.name
        k = title.find("关于")
        if k <= 0:
            return []
        head = title[:k]
        out = []
        for start, end, _word, entries in self.ex.matcher.iter(head):
            for en in entries:
                if en.kind == "agency":
                    out.append(Mention(start, end, "Agency", en.value.name, kind="lex"))
        return out

    def _programs_after(self, pos: int) -> list[Mention]:
        _cs, ce = clause_of(self.clauses, pos)
        out = []
        for p in self.programs:
            if pos <= p.start and p.end <= ce:
                if not out and p.start - pos > 24:
                    break
                out.append(p)
        return [p for p in out if not self._modifier(p) and not self._in_circumstance(p)]

    def _modifier(self, p: Mention) -> bool:
        """京蒙协作“医疗倍增计划”, 京蒙协作六个“倍增计划”: a programme written right before another (or its
        count) only says whose that one is."""
        return p.kind != "quoted-list" and any(
            q.start >= p.end and COUNT_ONLY.fullmatch(self.text, p.end, q.start) for q in self.programs)

    def signing(self) -> None:
        if SIGN_RE.search(self.text):
            self._titled_parties()
        for sm in SIGN_RE.finditer(self.text):
            prog = self._programs_after(sm.end())
            if not prog:
                continue
            signers = self._signers_for(sm.start())
            if signers:  # 甲、乙分别代表双方签订…协议: each signs for the body whose post the article gave
                for ref in signers:
                    for p in prog:
                        self._emit("IMPLEMENTS", ref, self.ex.ref(p))
                continue
            subj = self._both_sides(sm.start()) or self.subject_before(sm.start())  # (双方签订: the pair's sides)
            for s in subj:
                for p in prog:
                    self.add("IMPLEMENTS", s, p)

    def _titled_parties(self) -> None:
        """《北京市与内蒙古自治区扶贫协作三年行动框架协议》正式签订: a signed agreement whose title opens with its
        two parties (A与B, A和B) is carried out by both, whoever the sentence says signed it."""
        for p in self.programs:
            if not p.name.endswith(("协议", "协议书", "备忘录", "方案")):
                continue
            inside = [m for m in self.actors if p.start < m.start and m.end < p.end]
            if len(inside) >= 2 and self.text[inside[0].end : inside[1].start] in ("与", "和", "同") and \
                    self.text[p.start + 1 : inside[0].start] == "":
                for m in inside[:2]:
                    self.add("IMPLEMENTS", m, p)

    def _co_signers(self, pos: int, sources: list[Mention]) -> list[Mention]:
        """A与B签订《…协议》, A、B分别与C、D签署…, A与B，C与D分别签订…: an agreement is signed by both sides, so the
        partners named with 与 before the signing verb (and the pairs of the clauses before it) implement it too."""
        subj = [m for m in sources if isinstance(m, Mention) and m.type in ACTOR_TYPES]
        if not subj:
            return []
        respective = self._respective(subj, pos)
        out = [b for _a, b in respective] if respective else self._partners(subj[-1], pos)
        for head, partners in self._paired_clauses(pos):
            out += [head, *partners]
        return [m for m in out if all(m.name != s.name for s in subj)]

    def _signers_for(self, pos: int) -> list[dict]:
        """People opening the clause of a signing at pos, each on behalf of (代表) their side: the region (or else
        the body) of the post the document gave them, when every one of them has one."""
        cs, _ce = clause_of(self.clauses, pos)
        people = [m for m in self.mentions if m.type == "Person" and cs <= m.start and m.end <= pos]
        if not people or "代表" not in self.text[people[-1].end : pos] or \
                any(m.type in ACTOR_TYPES and people[0].start <= m.start < pos for m in self.mentions):
            return []
        posts = [r for r in (*self.ex.relations, *self.out) if r["type"] == "HOLDS_POSITION"]
        out = []
        for person in people:
            held = [r["target"] for r in posts if r["source"]["name"] == person.name]
            if not held:
                return []
            out.append(next((t for t in held if t["type"] == "Region"), held[0]))
        return out

