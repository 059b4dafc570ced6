"""Repair PDF-extraction damage, keeping an offset map to the original text.

Three passes, each linear in the text (regexes and per-line work, no per-character Python loops):

1. `normalize_chars`: CRLF/CR -> LF, odd spaces (U+3000, NBSP, tabs) -> space, full-width digits and Latin
   letters -> ASCII (all 1:1); zero-width and control characters deleted.
2. `remove_furniture`: masthead lines, pinyin running heads, page-jump markers (■下转第6版 ...), photo
   credits (XXX 摄), stray single-character lines, markdown markers. A 下转/详见 marker leaves a hard-break
   sentinel (\\x00) for pass 3: the article continues on another page, so the next text is another article.
3. `rebuild`: decides for every line break whether it is a broken line (join), a paragraph break, a block
   break (blank line) or a hard break, closes up spaces between CJK characters and digits, and records the
   paragraphs for the segmenter.

Offsets: every pass returns its text with an `array('l')` origin (len(text)+1) pointing into the original;
passes compose by slicing the previous origin (memcpy), so the cost is per edit, not per character.
"""

from __future__ import annotations

import re
from array import array
from dataclasses import dataclass
from itertools import compress

from kg import rx

CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
# CJK punctuation, full-width forms, general punctuation used in Chinese text, geometric marks
CJKP = CJK + "\u3000-\u303f\uff01-\uff0f\uff1a-\uff20\uff3b-\uff40\uff5b-\uff65\u2010-\u2027\u00b7\u25a0-\u25ff\u2460-\u24ff"
_CJKP_CH = rx.compile(f"[{CJKP}]")
_CJK_CH = rx.compile(f"[{CJK}]")

TERMINALS = "。！？!?；;…⋯"
CLOSERS = "”’\"'」』）)】〉》］"
OPENERS = "“‘「『（(【〈《［"


def apply_edits(text: str, origin: array, edits: list[tuple[int, int, str]]) -> tuple[str, array]:
    """Apply sorted, non-overlapping (start, end, replacement) edits; compose the origin map."""
    if not edits:
        return text, origin
    parts: list[str] = []
    out = array("l")
    pos = 0
    for s, e, r in edits:
        if s < pos:  # overlapping edit: skip (defensive; callers produce disjoint edits)
            continue
        if s > pos:
            parts.append(text[pos:s])
            out.extend(origin[pos:s])
        if r:
            parts.append(r)
            if len(r) == e - s:
                out.extend(origin[s:e])
            else:
                out.extend(array("l", [origin[s]]) * len(r))
        pos = e
    if pos < len(text):
        parts.append(text[pos:])
        out.extend(origin[pos : len(text)])
    out.append(origin[len(text)])
    return "".join(parts), out


# ---------------------------------------------------------------- pass 1: characters

_TRANSLATE = {ord(c): " " for c in "\t\u3000\u00a0\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\v"}
_TRANSLATE.update({ord("\r"): "\n", ord("\f"): "\n", 0x2028: "\n", 0x2029: "\n"})
_TRANSLATE.update({c: chr(c - 0xFEE0) for c in range(0xFF10, 0xFF1A)})  # ０-９
_TRANSLATE.update({c: chr(c - 0xFEE0) for c in range(0xFF21, 0xFF3B)})  # Ａ-Ｚ
_TRANSLATE.update({c: chr(c - 0xFEE0) for c in range(0xFF41, 0xFF5B)})  # ａ-ｚ
_NEEDS_TRANSLATE = rx.compile("[" + "".join(re.escape(chr(c)) for c in sorted(_TRANSLATE)) + "]")
_DELETE_CHARS = rx.compile(r"\r(?=\n)|[\x00-\x08\x0e-\x1f\x7f\u200b-\u200d\u2060\ufeff\u00ad]+")


def normalize_chars(text: str, origin: array) -> tuple[str, array]:
    edits = [(m.start(), m.end(), "") for m in _DELETE_CHARS.finditer(text)]
    text, origin = apply_edits(text, origin, edits)
    if _NEEDS_TRANSLATE.search(text):  # str.translate is slow on non-ASCII text: skip it when idle
        text = text.translate(_TRANSLATE)
    return text, origin


# ---------------------------------------------------------------- pass 2: furniture

HARD = "\x00"  # sentinel: hard article break (never present after pass 1)
HEAD = "\x01"  # sentinel: the line is a heading (markdown/HTML)

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


# ---------------------------------------------------------------- pass 3: lines -> paragraphs


@dataclass(slots=True)
class Paragraph:
    start: int  # offsets into the repaired text
    end: int
    heading: bool = False
    nlines: int = 1
    brk: str = ""  # break before: "" (first), "p" paragraph, "b" blank line, "h" hard break


_STARTER = rx.compile(
    r"(?:[■□●◆◇▲△★☆※►▶•#>]|[-—–]{2}|[（(]\s*[一二三四五六七八九十\d]{1,3}\s*[）)]"
    r"|[一二三四五六七八九十]{1,3}[、.．]|\d{1,2}[、.．](?!\d)|第[一二三四五六七八九十\d]+[章节条部]"
    r"|(?:记者|负责人|主持人|问|答)[:：]|原标题|本报(?:记者|特约|通讯员)"
    r"|(?:本报|新华社|中新社|[\u4e00-\u9fff]{2,8}?(?:网|社))[\u4e00-\u9fff]{0,8}?(?:\d{1,2}月\d{1,2}日)?(?:讯|电))"
)
_INNER_PUNCT = rx.compile(r"[，,、；;：:。！？]")
_SPACES = rx.compile(r" +")
_ASCII_WORD = rx.compile(r"[0-9A-Za-z%.]")


def _width(s: str) -> float:
    """Visual width: CJK = 1, ASCII = 0.5, spaces = 0."""
    sp = s.count(" ")
    ascii_n = len(s.encode("ascii", "ignore")) - sp
    return len(s) - sp - 0.5 * ascii_n


def _terminal(s: str) -> bool:
    t = s.rstrip(CLOSERS + " ")
    return bool(t) and t[-1] in TERMINALS


def _open_brackets(s: str) -> bool:
    return s.count("《") > s.count("》") or s.count("（") > s.count("）") or s.count("〈") > s.count("〉")


def _median(xs: list[int]) -> float:
    """statistics.median (importing statistics costs ≈ 2.5 ms of every kg process's start-up)."""
    s = sorted(xs)
    m = len(s) // 2
    return s[m] if len(s) % 2 else (s[m - 1] + s[m]) / 2


def rebuild(text: str, origin: array) -> tuple[str, array, list[Paragraph]]:
    """Pass 3: join broken lines into paragraphs (see the module's docstring)."""
    recs, gaps = _nonblank_lines(text)
    if not recs:
        return "", array("l", [origin[len(text)]]), []
    seps = _line_breaks(recs, gaps)
    parts, out, paragraphs = _emit_paragraphs(recs, seps, origin)
    out.append(origin[len(text)])
    return "".join(parts), out, paragraphs


# a non-blank line: (index, offset of its stripped content, content, heading, hard break after)
_Line = tuple[int, int, str, bool, bool]


def _nonblank_lines(text: str) -> tuple[list[_Line], list[tuple[int, bool]]]:
    """The non-blank lines, and before each one the gap: (blank lines, hard break seen in them)."""
    recs: list[_Line] = []
    gaps: list[tuple[int, bool]] = []
    pos = 0
    blanks = 0
    gap_hard = False
    for i, ln in enumerate(text.split("\n")):
        hard = HARD in ln
        head = ln.lstrip(" ").startswith(HEAD)
        a = len(ln) - len(ln.lstrip(" " + HEAD + HARD))
        b = len(ln.rstrip(" " + HARD))
        if b <= a:
            blanks += 1
            gap_hard = gap_hard or hard
        else:
            recs.append((i, pos + a, ln[a:b], head, hard))
            gaps.append((blanks, gap_hard))
            blanks = 0
            gap_hard = False
        pos += len(ln) + 1
    return recs, gaps


def _line_breaks(recs: list[_Line], gaps: list[tuple[int, bool]]) -> list[str]:
    """What each boundary between two non-blank lines is: seps[k], the separator before recs[k], is
    "j" (a broken line: join), "p" (paragraph), "b" (blank line) or "h" (hard break); seps[0] is ""."""
    widths = [_width(r[2]) for r in recs]
    big_w = _median(widths)
    seps: list[str] = [""]
    par_text = recs[0][2]
    for k in range(1, len(recs)):
        _, _, pline, phead, phard = recs[k - 1]
        _, _, line, head, _ = recs[k]
        nblank, ghard = gaps[k]
        hard_break = ghard or phard
        cont = not (
            hard_break
            or phead
            or head
            or _terminal(pline)
            or _STARTER.match(line[:40].replace(" ", ""))
            or pline.startswith(("□", "■"))
        )
        join = False
        if cont:
            wp, wn = widths[k - 1], widths[k]
            if nblank == 0:
                join = wp >= 0.7 * wn or wp >= 0.85 * big_w
            else:
                title_like = len(par_text) <= 40 and not _INNER_PUNCT.search(par_text)
                join = _open_brackets(par_text) or line[0] in CLOSERS + "，、。；：！？" or not title_like
        if join:
            seps.append("j")
            if len(par_text) < 2000:
                par_text += line
        else:
            seps.append("h" if hard_break else "b" if nblank else "p")
            par_text = line
    return seps


_SEP_TEXT = {"p": "\n", "b": "\n\n", "h": "\n\n\n"}


def _emit_paragraphs(recs: list[_Line], seps: list[str], origin: array) -> tuple[list[str], array, list[Paragraph]]:
    """The repaired text's pieces, their origin (without the final entry) and the paragraphs, from the
    lines and the breaks between them."""
    parts: list[str] = []
    out = array("l")
    olen = 0
    paragraphs: list[Paragraph] = []
    cur: Paragraph | None = None
    for k, (_i, base, line, head, _) in enumerate(recs):
        sep = seps[k]
        if k and sep != "j":
            cur.end = olen
            paragraphs.append(cur)
            st = _SEP_TEXT[sep]
            nl_pos = recs[k - 1][1] + len(recs[k - 1][2])
            parts.append(st)
            out.extend(array("l", [origin[nl_pos]]) * len(st))
            olen += len(st)
            cur = None
        elif k and sep == "j":
            pl = recs[k - 1][2]
            if pl[-1].isascii() and pl[-1].isalnum() and line[0].isascii() and line[0].isalnum():
                parts.append(" ")
                out.append(origin[recs[k - 1][1] + len(pl)])
                olen += 1
        if cur is None:
            single = k + 1 >= len(recs) or seps[k + 1] != "j"
            cur = Paragraph(olen, olen, heading=head, nlines=1, brk=sep)
            title_mode = single and len(line) <= 60 and not _INNER_PUNCT.search(line)
        else:
            cur.nlines += 1
            title_mode = False
        olen += _emit_line(line, origin, base, title_mode, parts, out)
    cur.end = olen
    paragraphs.append(cur)
    return parts, out, paragraphs


def _emit_line(line: str, origin: array, base: int, title_mode: bool, parts: list[str], out: array) -> int:
    """Append one line (at `base` in the text) to `parts`/`out` with its spaces closed up and its
    sentinels deleted; -> the number of characters appended."""
    if title_mode and " " in line:
        n = 0
        for s, e in _line_pieces(line, True):
            parts.append(line[s:e])
            out.extend(origin[base + s : base + e])
            n += e - s
        return n
    if " " in line or HARD in line or HEAD in line:
        # mark deletable characters with \x02 (same length), then keep the rest via a byte mask
        marked = _DELETABLE.sub(_mark, line)
        kept = marked.replace("\x02", "")
        mask = _NOT_MARK.sub("\x01", marked).replace("\x02", "\x00").encode("latin-1")
        parts.append(kept)
        out.extend(compress(origin[base : base + len(line)], mask))
        return len(kept)
    parts.append(line)
    out.extend(origin[base : base + len(line)])
    return len(line)


_DELETABLE = rx.compile(f"[\\x00\\x01]+|(?<=[{CJKP}\\x00\\x01]) +| +(?=[{CJKP}\\x00\\x01])| +(?= )")
_NOT_MARK = rx.compile("[^\\x02]")


def _mark(m: re.Match) -> str:
    return "\x02" * (m.end() - m.start())


def _line_pieces(seg: str, title_mode: bool) -> list[tuple[int, int]]:
    """Spans of `seg` to keep: spaces next to a CJK character are dropped; spaces between two ASCII
    words/numbers collapse to one. In a title-like line ('突出 准确实 打好脱贫仗', '本报记者 徐永升') a
    single space between two words of 2+ characters is kept as a separator."""
    if " " not in seg:
        return [(0, len(seg))]
    tokens_ok = False
    if title_mode:
        toks = seg.split()
        tokens_ok = len(toks) >= 2 and all(len(t) >= 2 for t in toks)
    pieces: list[tuple[int, int]] = []
    pos = 0
    for m in _SPACES.finditer(seg):
        s, e = m.span()
        before = seg[s - 1] if s > 0 else ""
        after = seg[e] if e < len(seg) else ""
        keep_one = False
        if before and after:
            cb = bool(_CJKP_CH.match(before))
            ca = bool(_CJKP_CH.match(after))
            if not cb and not ca:
                keep_one = True
            elif tokens_ok and _CJK_CH.match(before) and _CJK_CH.match(after):
                keep_one = True
        if keep_one:
            pieces.append((pos, s + 1))
        else:
            pieces.append((pos, s))
        pos = e
    pieces.append((pos, len(seg)))
    return [(s, e) for s, e in pieces if e > s]


_IDENTITY = array("l")


def identity_offsets(n: int) -> array:
    """array('l', range(n)), sliced from one kept array (building it from a range costs ≈ 10 ns an element;
    a slice is a copy)."""
    global _IDENTITY
    if len(_IDENTITY) < n:
        _IDENTITY = array("l", range(max(n, 2 * len(_IDENTITY), 1 << 16)))
    return _IDENTITY[:n]


def repair(text: str, origin: array | None = None, markdown: bool = False) -> tuple[str, array, list[Paragraph]]:
    if origin is None:
        origin = identity_offsets(len(text) + 1)
    text, origin = normalize_chars(text, origin)
    text, origin = remove_furniture(text, origin, markdown=markdown)
    return rebuild(text, origin)
