"""Two-column page text: PDF extraction that keeps the layout writes a two-column page line by line across
both columns (a line of the left column, a wide run of spaces, the same line of the right column). Read as
it stands, every sentence jumps between columns. Runs of such lines are put back in reading order: the
left column's lines, then the right column's, each character keeping its offset in the original text."""

from __future__ import annotations

import re
from array import array

from kg import rx

GAP = rx.compile("(?<=\\S)(?: {4,}|\u3000{2,}|\t+)(?=\\S)")  # the space between two columns on one line
MIN_RUN = 3  # lines in a row that show the gap before a block counts as two columns
MIN_SIDE = 8  # characters of text each side of the gap holds
SLACK = 6  # how far (in characters) a line's gap may sit from the block's column boundary


def split_columns(text: str, origin: array) -> tuple[str, array]:
    """text and origin (len(text) + 1 offsets) with each two-column block read column by column."""
    lines = _lines(text)
    out: list[str] = []
    out_origin = array("l")
    i = 0
    while i < len(lines):
        j, boundary = _block(text, lines, i)
        if boundary is None:
            a, b = lines[i]
            _append(out, out_origin, text, origin, [(a, b + 1 if b < len(text) else b)])
            i += 1
            continue
        left, right = [], []
        for a, b in lines[i:j]:
            cut = _cut(text, a, b, boundary)
            if cut is None:
                (right if _indent(text, a, b) >= boundary - SLACK else left).append((a, b))
            else:
                left.append((a, cut[0]))
                right.append((cut[1], b))
        end = lines[j - 1][1]
        pieces = [p for span in left + right for p in ((span[0], span[1]), (end, end + 1))]
        _append(out, out_origin, text, origin, pieces if end < len(text) else pieces[:-1])
        i = j
    out_origin.append(origin[len(text)])
    return "".join(out), out_origin


def _lines(text: str) -> list[tuple[int, int]]:
    """(start, end) of each line, end at its newline (or the text's end)."""
    spans, pos = [], 0
    for m in re.finditer("\n", text):
        spans.append((pos, m.start()))
        pos = m.end()
    if pos <= len(text):
        spans.append((pos, len(text)))
    return spans


def _gap_at(text: str, a: int, b: int) -> list[tuple[int, int]]:
    """The gap of a line that holds prose on both sides (a table row's short cells, or three cells, hold no
    columns), as offsets in the line."""
    gaps = [(m.start() - a, m.end() - a) for m in GAP.finditer(text, a, b)]
    line = text[a:b]
    if len(gaps) != 1 or len(line[: gaps[0][0]].strip()) < MIN_SIDE or len(line[gaps[0][1] :].strip()) < MIN_SIDE:
        return []
    return gaps


def _block(text: str, lines: list[tuple[int, int]], i: int) -> tuple[int, int | None]:
    """The end of the two-column block starting at line i and its column boundary (None: no block). Lines
    without the gap (one column empty there) stay in the block only between lines that have it."""
    starts: list[int] = []
    last = None  # the last line with the gap
    j = i
    while j < len(lines) and (last is None or j - last <= 2):
        a, b = lines[j]
        if not text[a:b].strip():
            break
        gaps = [g for g in _gap_at(text, a, b) if not starts or abs(g[1] - _median(starts)) <= SLACK]
        if gaps:
            starts.append(gaps[-1][1])
            last = j
        elif last is None:
            break
        j += 1
    if len(starts) < MIN_RUN:
        return i + 1, None
    return last + 1, int(_median(starts))


def _cut(text: str, a: int, b: int, boundary: int) -> tuple[int, int] | None:
    """Where line [a, b) leaves the left column and enters the right one, if it holds both."""
    for gs, ge in _gap_at(text, a, b):
        if abs(ge - boundary) <= SLACK:
            return a + gs, a + ge
    return None


def _indent(text: str, a: int, b: int) -> int:
    line = text[a:b]
    return len(line) - len(line.lstrip())


def _median(xs: list[int]) -> float:
    s = sorted(xs)
    return s[len(s) // 2]


def _append(out: list[str], out_origin: array, text: str, origin: array, spans: list[tuple[int, int]]) -> None:
    for a, b in spans:
        out.append(text[a:b])
        out_origin.extend(origin[a:b])
