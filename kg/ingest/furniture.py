"""Pass 2 of kg.ingest.repair: page furniture deleted line by line.

Masthead lines, pinyin running heads, page-jump markers (■下转第6版 ...), photo credits (XXX 摄), stray
single-character lines, markdown markers. A 下转/详见 marker leaves a hard-break sentinel (HARD) for pass
3: the article continues on another page, so the next text is another article.
"""

from __future__ import annotations

import re
from array import array

from kg import rx
from kg.ingest.textedit import CJK, HARD, HEAD, apply_edits

_JUMP = rx.compile(
    r"\s*(?:■\s*[（(]?\s*(?P<k1>下转|上接|转|接|详见|见)?\s*第?\s*\d{1,3}\s*版\s*[）)]?"
    r"|[（(]\s*(?P<k2>下转|上接|转|接|详见|见)\s*第\s*\d{1,3}\s*版\s*[）)]"
    r"|(?P<k3>下转|上接|详见)\s*第\s*\d{1,3}\s*版)\s*"
)
_MASTHEAD = rx.compile(
    r"(?:.{0,12}(?:报社出版|国内统一刊号|邮发代号).*|CN\d{2}-\d{4}.*"
    r"|今日\d{1,3}版|第\d{3,6}期|第\d{1,3}版|.{2,16}委员会机关报|.{2,10}客户端"
    r"|(?:执行主编|责任编辑|版式策划|美术编辑|责任校对|校对|主编|制图|编辑)[:：]?.{0,40}"
    r"|[甲乙丙丁戊己庚辛壬癸][子丑寅卯辰巳午未申酉戌亥]年.{0,16}"
    r"|(?:星期|周)[一二三四五六日天]"
    r"|(?:来源|稿源|发布日期|发布时间|日期|时间|字号|浏览次数|点击数|分享到)[:：].{0,60}"
    r"|\d{4}[年\-/.]\d{1,2}[月\-/.]\d{1,2}日?(?:(?:星期|周)[一二三四五六日天])?(?:\d{1,2}:\d{2}(?::\d{2})?)?"
    r"|[\u4e00-\u9fff]{2,8}(?:日报|晚报|时报)"
    r"|\d{1,3})"
)
_PINYIN_HEAD = rx.compile(r"[A-Z][A-Z\s\-·]{11,}")
_CREDIT_TAIL = rx.compile(r"摄\s*$")
_CREDIT_BODY = rx.compile(f"[{CJK}·\\s、]{{2,40}}")
_ROLE = rx.compile(r"记者|通讯员|实习生|摄影|特约|见习")
_MD_HEADING = rx.compile(r" {0,3}#{1,6}(?:\s+|(?=\S))")
_MD_MIDLINE_HEADING = rx.compile(f"(?<= )#{{1,6}}(?=[{CJK}])")
_MD_PREFIX = rx.compile(r" {0,3}(?:>\s?)+| {0,3}[-*+]\s+(?=\S)")
_MD_HR = rx.compile(r" {0,3}(?:-{3,}|\*{3,}|_{3,}|={3,})\s*")
_MD_INLINE = rx.compile(r"!\[[^\]\n]*\]\([^)\n]*\)|\*\*|__|`+|\[(?=[^\]\n]*\]\([^)\n]*\))|\]\([^)\n]*\)")


def _credit_span(line: str) -> tuple[int, bool] | None:
    """If the line ends with a photo credit ('本报记者 王磊 李卓 摄'), return (start, whole_line)."""
    if not _CREDIT_TAIL.search(line):
        return None
    end = line.rstrip().rfind("摄")
    cut = max(line.rfind(p, 0, end) for p in "。！？；，,：:）)”")
    start = cut + 1
    while start < end and line[start] == " ":
        start += 1
    body = line[start:end]
    if not body.strip():
        return None
    if not _CREDIT_BODY.fullmatch(body):
        return None
    compact = body.replace(" ", "")
    whole = start == 0 or not line[:start].strip()
    if len(compact) > 30:
        return None
    if _ROLE.search(compact) or " " in body.strip() or (whole and len(compact) <= 8):
        return start, whole
    return None


def remove_furniture(text: str, origin: array, markdown: bool = False) -> tuple[str, array]:
    """Pass 2: delete page furniture line by line (see the module's docstring) and markdown markup."""
    lines = text.split("\n")
    offs = _line_starts(lines)
    blank = [not ln.strip() for ln in lines]
    drop: dict[int, str] = {}  # line index -> replacement for the whole line (its newline included if "")
    inline: dict[int, list[tuple[int, int, str]]] = {}
    for i, ln in enumerate(lines):
        if blank[i]:
            continue
        a = offs[i]
        line_edits, body_start, rule = _markup_edits(ln, a, markdown)
        if rule or _is_layout_line(ln[body_start:], i, blank):
            drop[i] = ""
            continue
        jump_edits, whole = _jump_edits(ln, a, body_start)
        if whole is not None:  # the line was only markers
            drop[i] = whole
            continue
        line_edits += jump_edits
        cs = _credit_span(ln)
        if cs is not None:
            start, whole_line = cs
            if whole_line:
                drop[i] = ""
                # a credit split over two lines: '本 报 记 者 李 新 军 实 习 生' / '刘波 刘树泉 摄'
                if i >= 1 and not blank[i - 1] and i - 1 not in drop and _credit_head(lines[i - 1]):
                    drop[i - 1] = ""
                    inline.pop(i - 1, None)
                continue
            line_edits = [e for e in line_edits if e[1] <= a + start]
            line_edits.append((a + start, a + len(ln), ""))
        if line_edits:
            inline[i] = line_edits
    return apply_edits(text, origin, _disjoint(_furniture_edits(lines, offs, drop, inline, len(text))))


def _line_starts(lines: list[str]) -> list[int]:
    """Offset of each line of `text.split("\n")` in the text."""
    offs = []
    pos = 0
    for ln in lines:
        offs.append(pos)
        pos += len(ln) + 1
    return offs


def _markup_edits(ln: str, a: int, markdown: bool) -> tuple[list[tuple[int, int, str]], int, bool]:
    """Edits deleting the markdown markup of line `ln` (at offset `a`): (edits, where its body starts,
    whether the line is a markdown rule). Headings are recognised in every format (PDF-to-text converters
    emit them in .txt); list/quote prefixes, rules and inline markup only in markdown."""
    edits: list[tuple[int, int, str]] = []
    body_start = 0
    m = _MD_HEADING.match(ln)
    if m:
        edits.append((a, a + m.end(), HEAD))
        body_start = m.end()
    for mm in _MD_MIDLINE_HEADING.finditer(ln, body_start):
        edits.append((a + mm.start(), a + mm.end(), ""))
    if markdown:
        if _MD_HR.fullmatch(ln):
            return edits, body_start, True
        if not m:
            m2 = _MD_PREFIX.match(ln)
            if m2:
                edits.append((a, a + m2.end(), ""))
                body_start = m2.end()
        for mm in _MD_INLINE.finditer(ln, body_start):
            edits.append((a + mm.start(), a + mm.end(), ""))
    return edits, body_start, False


def _is_layout_line(content: str, i: int, blank: list[bool]) -> bool:
    """Line i (its body `content`) is layout, not text: empty of all but markup, a masthead or running
    head, or a lone CJK character between blank lines (decorative big characters of a page layout)."""
    ccompact = content.replace(" ", "")
    if not ccompact.strip("#*"):
        return True
    if _MASTHEAD.fullmatch(ccompact) or _PINYIN_HEAD.fullmatch(content.strip()):
        return True
    return bool(
        len(ccompact) == 1
        and re.match(f"[{CJK}]", ccompact)
        and (i == 0 or blank[i - 1])
        and (i == len(blank) - 1 or blank[i + 1])
    )


def _jump_edits(ln: str, a: int, body_start: int) -> tuple[list[tuple[int, int, str]], str | None]:
    """Page-jump markers (■下转第6版, （上接第2版）): their edits, a hard break where the article continues
    elsewhere; and the replacement for the whole line when it holds nothing but markers (else None)."""
    jumps = list(_JUMP.finditer(ln, body_start))
    if not jumps:
        return [], None
    edits: list[tuple[int, int, str]] = []
    any_hard = False
    for jm in jumps:
        kind = jm.group("k1") or jm.group("k2") or jm.group("k3") or "下转"
        hard = kind not in ("上接", "接")
        any_hard = any_hard or hard
        edits.append((a + jm.start(), a + jm.end(), HARD if hard else ""))
    if not _JUMP.sub("", ln[body_start:]).replace(" ", "").strip("#"):
        return edits, HARD if any_hard else ""
    return edits, None


def _credit_head(line: str) -> bool:
    """The first line of a photo credit split over two lines ('本 报 记 者 李 新 军 实 习 生')."""
    prev = line.strip()
    return bool(_CREDIT_BODY.fullmatch(prev) and _ROLE.search(prev.replace(" ", "")) and len(prev) <= 40)


def _furniture_edits(lines: list[str], offs: list[int], drop: dict[int, str],
                     inline: dict[int, list[tuple[int, int, str]]], text_len: int) -> list[tuple[int, int, str]]:
    """The edits of remove_furniture in text order: dropped lines whole (with their newline), else their
    inline edits."""
    edits: list[tuple[int, int, str]] = []
    for i in range(len(lines)):
        if i in drop:
            r = drop[i]
            a = offs[i]
            if r:
                edits.append((a, a + len(lines[i]), r))
            else:
                edits.append((a, min(a + len(lines[i]) + 1, text_len), ""))
        elif i in inline:
            edits.extend(sorted(inline[i]))
    return edits


def _disjoint(edits: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    out: list[tuple[int, int, str]] = []
    end = -1
    for e in edits:
        if e[0] < end:
            if e[1] > end:
                s0, _, r0 = out[-1]
                out[-1] = (s0, e[1], r0 or e[2])
                end = e[1]
            continue
        out.append(e)
        end = e[1]
    return out

