"""IMPLEMENTS: a body or region that carries out, issues, signs or organises a programme (实施, 开展, 印发,
签署, 主办/承办/协办 … 的活动), a pair that takes part in its cooperation mechanism."""

from __future__ import annotations

from kg.extract.arguments import (
    IMPL_TRIG,
    LEAD_IN,
    ORGANISE_RE,
    PASSIVE_PUBLISH,
    SIGN_RE,
    clause_of,
)
from kg.extract.mentions import Mention


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
            if passive:
                sources = [m for m in self.actors if m.end <= tm.start() and m.start >= progs[0].end]
                sources = sources[-1:] if sources else self._issuers(progs[0])
            else:
                sources = self.subject_before(tm.start())
                if not sources:
                    ar = self.article_region()
                    sources = [ar] if ar else []
            for s in sources:
                for p in progs:
                    self.add("IMPLEMENTS", s, p)
        self._pair_mechanism()
        self._organisers()

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
            if lex is not None and lex.kind == "mechanism":
                for r in pair:
                    self.add("IMPLEMENTS", r, p)

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
        return out

    def signing(self) -> None:
        for sm in SIGN_RE.finditer(self.text):
            prog = self._programs_after(sm.end())
            if not prog:
                continue
            subj = self.subject_before(sm.start())
            for s in subj:
                for p in prog:
                    self.add("IMPLEMENTS", s, p)

