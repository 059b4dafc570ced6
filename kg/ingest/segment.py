"""A repaired page -> articles (title, dateline, byline, date) -> sentences (offsets into the text).

Article boundaries: hard breaks (a page-jump marker ended the previous article), headings, a headline
(a short single-line paragraph without terminal punctuation) or a byline/dateline paragraph after body
text. Consecutive headline paragraphs form one title; a subtitle (——…) joins it.
"""

from __future__ import annotations

import re

from kg import rx
from kg.ingest.repair import CLOSERS, Paragraph
from kg.model import Article, Sentence

MAX_SENTENCE = 1000  # longer runs without terminal punctuation are cut at a comma (bounded extractor work)

_DATE_FULL = rx.compile(r"((?:19|20)\d\d)\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
_DATE_ISO = rx.compile(r"((?:19|20)\d\d)[-/.](\d{1,2})[-/.](\d{1,2})(?!\d)")
_MASTHEAD_DATE = rx.compile(
    r"(?:发布日期|发布时间|日期|时间)?[:：]?((?:19|20)\d\d)[年\-/.](\d{1,2})[月\-/.](\d{1,2})日?"
    r"(?:(?:星期|周)[一二三四五六日天])?(?:\d{1,2}:\d{2}(?::\d{2})?)?(?:(?:星期|周)[一二三四五六日天])?"
)
_DATELINE = rx.compile(
    r"(?P<dl>(?:本报|新华社|中新社|[\u4e00-\u9fff]{2,8}?(?:网|社|报|台))(?P<place>[\u4e00-\u9fff]{0,8}?)"
    r"(?:(?P<m>\d{1,2})月(?P<d>\d{1,2})日)?(?:讯|电|消息))\s*(?:[（(](?P<by>[^（）()\n]{1,40})[）)])?\s*"
)
_BYLINE = rx.compile(
    r"(?:□\s*[\u4e00-\u9fff·][\u4e00-\u9fff· ]{1,24}"
    r"|(?:本报|新华社|人民日报)?(?:特约|见习|实习)?(?:记者|通讯员|评论员)\s*[\u4e00-\u9fff·][\u4e00-\u9fff· 、]{1,24})"
)
_LIST_MARK = rx.compile(r"[（(]?[一二三四五六七八九十\d]{1,3}[）)、.．]")
_SENT_END = rx.compile(f"[。！？!?；;]+[{re.escape(CLOSERS)}]*|(?:……|⋯⋯)[{re.escape(CLOSERS)}]*(?=$|[^，。、])")
_INNER = rx.compile(r"[，,、；;：:。！？!?]")
_COMMA = rx.compile(r"[，,、：:\s]")


def iso(y: int, m: int, d: int) -> str | None:
    if 1949 <= y <= 2100 and 1 <= m <= 12 and 1 <= d <= 31:
        return f"{y:04d}-{m:02d}-{d:02d}"
    return None


def find_page_date(text: str, max_lines: int = 60) -> str | None:
    """The issue date printed in the masthead: a line that is only a date (maybe with weekday/time)."""
    for line in text.split("\n", max_lines)[:max_lines]:
        compact = line.replace(" ", "").replace("\u3000", "").strip()
        if not compact or len(compact) > 40:
            continue
        m = _MASTHEAD_DATE.fullmatch(compact)
        if m:
            d = iso(int(m.group(1)), int(m.group(2)), int(m.group(3)))
            if d:
                return d
    return None


def first_date(text: str) -> str | None:
    for pat in (_DATE_FULL, _DATE_ISO):
        for m in pat.finditer(text):
            d = iso(int(m.group(1)), int(m.group(2)), int(m.group(3)))
            if d:
                return d
    return None


def _is_headline(p: str) -> bool:
    if not p or len(p) > 60 or _LIST_MARK.match(p):
        return False
    t = p.rstrip(CLOSERS)
    if t and t[-1] in "。！？!?；;，,、：:":
        return False
    return not re.search(r"[。；;！？]", p)


def split_sentences(text: str, start: int, end: int, out: list[Sentence]) -> None:
    """Sentences of text[start:end] (one paragraph): split after 。！？!?； (closers kept), trimmed."""
    pos = start
    for m in _SENT_END.finditer(text, start, end):
        _add(text, pos, m.end(), out)
        pos = m.end()
    if pos < end:
        _add(text, pos, end, out)


def _add(text: str, s: int, e: int, out: list[Sentence]) -> None:
    while s < e and text[s] in " \n":
        s += 1
    while e > s and text[e - 1] in " \n":
        e -= 1
    while e - s > MAX_SENTENCE:
        cut = -1
        for m in _COMMA.finditer(text, s + MAX_SENTENCE // 2, s + MAX_SENTENCE):
            cut = m.end()
        if cut <= s:
            cut = s + MAX_SENTENCE
        out.append(Sentence(s, cut))
        s = cut
    if e > s:
        out.append(Sentence(s, e))


def segment(text: str, paragraphs: list[Paragraph], page_date: str | None) -> list[Article]:
    articles: list[Article] = []
    art: Article | None = None
    has_body = False
    page_year = int(page_date[:4]) if page_date else None
    page_month = int(page_date[5:7]) if page_date else None

    def new_article(start: int) -> Article:
        nonlocal art, has_body
        if art is not None:
            art.end = prev_end
            articles.append(art)
        art = Article(start, start)
        has_body = False
        return art

    prev_end = 0
    for p in paragraphs:
        ptext = text[p.start : p.end]
        if not ptext.strip():
            continue
        compact = ptext.replace(" ", "")
        dm = _DATELINE.match(ptext) if len(ptext) > 4 else None
        if dm and (len(dm.group("dl")) > 24 or dm.group("dl").endswith("电") and dm.group("place") and not dm.group("m")):
            dm = None  # (国家电网四川省电|力公司: a wire dateline with a place has its date, 新华社北京3月5日电)
        kind = "body"
        if (p.heading and len(ptext) <= 80 and "。" not in ptext) or (p.nlines <= 2 and _is_headline(ptext) and not _BYLINE.fullmatch(ptext)):
            kind = "title"
        if _BYLINE.fullmatch(ptext) and len(compact) <= 30:
            kind = "byline"
        if dm:
            kind = "dateline"
        if art is None or p.brk == "h" or (has_body and kind != "body"):
            new_article(p.start)
        assert art is not None
        if kind == "title":
            art.title = f"{art.title} {ptext}" if art.title else ptext
            split_sentences(text, p.start, p.end, art.sentences)
        elif kind == "byline":
            b = ptext.lstrip("□■ ").strip()
            art.byline = f"{art.byline} {b}" if art.byline else b
        else:
            s0 = p.start
            if kind == "dateline":
                art.dateline = dm.group("dl")
                if dm.group("by"):
                    art.byline = dm.group("by").strip()
                if dm.group("m"):
                    year = page_year
                    if year is None:
                        fd = first_date(text[p.start : p.start + 400]) or first_date(text[:2000])
                        year = int(fd[:4]) if fd else None
                    if year is not None:
                        mth = int(dm.group("m"))
                        if page_month is not None and mth > page_month + 1:
                            year -= 1  # a December dateline on a January page
                        art.date = iso(year, mth, int(dm.group("d")))
                s0 = p.start + dm.end()
            split_sentences(text, s0, p.end, art.sentences)
            has_body = True
        prev_end = p.end
    if art is not None:
        art.end = prev_end
        articles.append(art)
    # an article without sentences (a trailing byline, a lone title) is folded into its predecessor
    merged: list[Article] = []
    for a in articles:
        if not a.sentences and merged:
            prev = merged[-1]
            prev.end = a.end
            if a.byline and not prev.byline:
                prev.byline = a.byline
            continue
        merged.append(a)
    articles = merged
    for a in articles:
        if a.date is None:
            a.date = page_date or first_date(text[a.start : min(a.end, a.start + 300)])
    return articles
