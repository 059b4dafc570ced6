"""Repair PDF-extraction damage, keeping an offset map to the original text.

Three passes, each linear in the text (regexes and per-line work, no per-character Python loops):

1. `normalize_chars`: CRLF/CR -> LF, odd spaces (U+3000, NBSP, tabs) -> space, full-width digits and Latin
   letters -> ASCII, variant characters that script converters leave (陜 -> 陕) (all 1:1); zero-width and
   control characters deleted, and the pinyin glosses some web converters put after a character (協(xié)作).
2. `remove_furniture` (kg/ingest/furniture.py): masthead lines, pinyin running heads, page-jump markers (■下转第6版 ...), photo
   credits (XXX 摄), stray single-character lines, markdown markers. A 下转/详见 marker leaves a hard-break
   sentinel (\\x00) for pass 3: the article continues on another page, so the next text is another article.
3. `rebuild`: decides for every line break whether it is a broken line (join), a paragraph break, a block
   break (blank line) or a hard break, closes up spaces between CJK characters and digits, and records the
   paragraphs for the segmenter.

Offsets: every pass returns its text with an `array('l')` origin (len(text)+1) pointing into the original;
passes compose by slicing the previous origin (memcpy), so the cost is per edit, not per character
(kg/ingest/textedit.py).
"""

from __future__ import annotations

import re
from array import array
from dataclasses import dataclass
from itertools import compress

from kg import rx
from kg.ingest.columns import split_columns
from kg.ingest.furniture import remove_furniture
from kg.ingest.textedit import CJK, CJKP, HARD, HEAD, apply_edits, identity_offsets

__all__ = ["CJK", "CJKP", "CLOSERS", "HARD", "HEAD", "OPENERS", "TERMINALS", "Paragraph", "apply_edits",
           "identity_offsets", "normalize_chars", "rebuild", "remove_furniture", "repair"]

_CJKP_CH = rx.compile(f"[{CJKP}]")
_CJK_CH = rx.compile(f"[{CJK}]")

TERMINALS = "。！？!?；;…⋯"
CLOSERS = "”’\"'」』）)】〉》］"
OPENERS = "“‘「『（(【〈《［"


# ---------------------------------------------------------------- pass 1: characters

_TRANSLATE = {ord(c): " " for c in "\t\u3000\u00a0\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\v"}
_TRANSLATE.update({ord("\r"): "\n", ord("\f"): "\n", 0x2028: "\n", 0x2029: "\n"})
_TRANSLATE.update({c: chr(c - 0xFEE0) for c in range(0xFF10, 0xFF1A)})  # ０-９
_TRANSLATE.update({c: chr(c - 0xFEE0) for c in range(0xFF21, 0xFF3B)})  # Ａ-Ｚ
_TRANSLATE.update({c: chr(c - 0xFEE0) for c in range(0xFF41, 0xFF5B)})  # ａ-ｚ
# variants no t2s table maps, left by converters and old fonts in place names: 陜 (an archaic character,
# in modern text always 陝/陕 shǎn), 峯 (峰), 囯 (国)
_TRANSLATE.update({ord("陜"): "陕", ord("峯"): "峰", ord("囯"): "国"})
# ASCII punctuation in Chinese prose (web pages and PDF text often write it): the full-width form, where a
# CJK character stands on either side (1,200 and 10:30 between digits stay)
_FULL_WIDTH = {",": "，", ";": "；", ":": "：", "!": "！", "?": "？"}
_ASCII_PUNCT_IN_CJK = rx.compile(f"(?<=[{CJK}])[,;:!?]|[,;:!?](?=[{CJK}])")
_NEEDS_TRANSLATE = rx.compile("[" + "".join(re.escape(chr(c)) for c in sorted(_TRANSLATE)) + "]")
_DELETE_CHARS = rx.compile(r"\r(?=\n)|[\x00-\x08\x0e-\x1f\x7f\u200b-\u200d\u2060\ufeff\u00ad]+")
# a pinyin gloss right after a CJK character: lower-case Latin letters with at least one tone mark, in
# brackets (協(xié)作, 內(nèi)蒙古); "(a)" or "(2020)" carry no tone mark and stay
_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ"
_PINYIN_GLOSS = rx.compile(f"(?<=[{CJK}])[（(][a-zü]{{0,6}}[{_TONED}][a-zü{_TONED}]{{0,6}}[）)]")


def normalize_chars(text: str, origin: array) -> tuple[str, array]:
    edits = [(m.start(), m.end(), "") for m in _DELETE_CHARS.finditer(text)]
    edits += [(m.start(), m.end(), "") for m in _PINYIN_GLOSS.finditer(text)]
    text, origin = apply_edits(text, origin, sorted(edits))
    if _ASCII_PUNCT_IN_CJK.search(text):  # 近几年,北京市 -> 近几年，北京市 (1:1): one punctuation for the rules
        text = _ASCII_PUNCT_IN_CJK.sub(lambda m: _FULL_WIDTH[m.group(0)], text)
    if _NEEDS_TRANSLATE.search(text):  # str.translate is slow on non-ASCII text: skip it when idle
        text = text.translate(_TRANSLATE)
    return text, origin


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
# a one-line paragraph that opens with a name and one space, then a long entry (a roster: 李建中 浙江…党委书记，…)
_ROSTER_NAME = rx.compile(f"[{CJK}]{{2,4}} (?=[{CJK}][^ ]{{8,}})")
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
            or pline.endswith(("：", ":")) and _ROSTER_NAME.match(line)  # a list of names after a colon
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
            roster = single and not title_mode and _ROSTER_NAME.match(line)
        else:
            cur.nlines += 1
            title_mode, roster = False, None
        if roster:  # 李建中 浙江…公司党委书记，任…: the space after the name stays (it ends the name)
            parts.append(line[: roster.end()])
            out.extend(origin[base : base + roster.end()])
            olen += roster.end()
            line, base = line[roster.end() :], base + roster.end()
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


def repair(text: str, origin: array | None = None, markdown: bool = False) -> tuple[str, array, list[Paragraph]]:
    if origin is None:
        origin = identity_offsets(len(text) + 1)
    if not markdown:
        text, origin = split_columns(text, origin)  # a two-column page read column by column
    text, origin = normalize_chars(text, origin)
    text, origin = remove_furniture(text, origin, markdown=markdown)
    return rebuild(text, origin)
