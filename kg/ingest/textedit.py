"""Text edits that keep an offset map to the original text (kg.ingest.repair's passes).

Every pass returns its text with an `array('l')` origin (len(text)+1) pointing into the original; passes
compose by slicing the previous origin (memcpy), so the cost is per edit, not per character.
"""

from __future__ import annotations

from array import array

CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
# CJK punctuation, full-width forms, general punctuation used in Chinese text, geometric marks
CJKP = CJK + "\u3000-\u303f\uff01-\uff0f\uff1a-\uff20\uff3b-\uff40\uff5b-\uff65\u2010-\u2027\u00b7\u25a0-\u25ff\u2460-\u24ff"

HARD = "\x00"  # sentinel: hard article break (never present after pass 1)
HEAD = "\x01"  # sentinel: the line is a heading (markdown/HTML)


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


_IDENTITY = array("l")


def identity_offsets(n: int) -> array:
    """array('l', range(n)), sliced from one kept array (building it from a range costs ≈ 10 ns an element;
    a slice is a copy)."""
    global _IDENTITY
    if len(_IDENTITY) < n:
        _IDENTITY = array("l", range(max(n, 2 * len(_IDENTITY), 1 << 16)))
    return _IDENTITY[:n]
