"""Traditional -> simplified, keeping a 1:1 character map (len(out) == len(in), char i <-> char i).

Policy (why not always run OpenCC t2s): t2s also rewrites characters that are perfectly good simplified
characters in context (乾隆 is protected by a phrase, but 乾 alone -> 干; 後/后, 夥/伙 ...). So:

* A text *looks traditional* when at least 3% of its CJK characters are traditional-only, i.e. t2s changes
  them AND they are not in GB2312 (the simplified standard set; 乾, 著, 於, 後 are in it, 貧, 內, 區 are not).
  Such a text gets the full OpenCC t2s (with its phrase tables), line by line.
* Otherwise (simplified text, perhaps with a stray 扶貧) only the traditional-only characters are mapped,
  one character at a time through a translate table, so 乾, 著, 于 and friends are never touched.

OpenCC t2s is almost always length-preserving; a line whose conversion changes length is converted
character by character instead, and a character whose conversion is not exactly one character is kept.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from kg import rx
from kg.buildcache import dist_versions, remembered

TRAD_RATIO = 0.03


@lru_cache(maxsize=1)
def _converter():
    import opencc

    return opencc.OpenCC("t2s")


@lru_cache(maxsize=1)
def _trad_only_table() -> dict[int, str]:
    """Traditional-only character -> its simplified form, for the CJK block (OpenCC's t2s asked for each
    of the 20 000 characters: ≈ 15 ms, so remembered per machine, keyed by OpenCC's version and this file)."""
    return remembered("trad-only", (str(dist_versions(["opencc"])), Path(__file__).read_bytes()), _trad_table)


def _trad_table() -> dict[int, str]:
    conv = _converter()
    chars = [chr(c) for c in range(0x4E00, 0xA000)]
    converted = conv.convert("\n".join(chars)).split("\n")
    table: dict[int, str] = {}
    if len(converted) != len(chars):  # pragma: no cover - defensive
        return table
    for c, s in zip(chars, converted, strict=True):
        if len(s) == 1 and s != c:
            try:
                c.encode("gb2312")
            except UnicodeEncodeError:
                table[ord(c)] = s
    return table


@lru_cache(maxsize=1)
def _trad_only_set() -> frozenset[str]:
    return frozenset(map(chr, _trad_only_table()))


_NOT_CJK = rx.compile(r"[^\u4e00-\u9fff]+")


def _cjk_count(s: str) -> int:
    return len(_NOT_CJK.sub("", s))


def _count_trad(s: str, present: frozenset[str] | set[str] | None = None) -> int:
    """Traditional-only characters in s (``present``: those of them known to occur in s, if computed)."""
    if present is None:
        present = _trad_only_set().intersection(s)
    return sum(map(s.count, present))


def traditional_ratio(text: str, sample: int = 200_000) -> float:
    s = text[:sample]
    n_cjk = _cjk_count(s)
    return _count_trad(s) / n_cjk if n_cjk else 0.0


def looks_traditional(text: str, sample: int = 200_000, present: frozenset[str] | None = None) -> bool:
    """present: the traditional-only characters of the whole text, if already known (used when the
    sample is the whole text)."""
    s = text[:sample]
    n_cjk = _cjk_count(s)
    return bool(n_cjk) and _count_trad(s, present if len(s) == len(text) else None) >= TRAD_RATIO * n_cjk


def to_simplified(text: str) -> tuple[str, bool]:
    """Return (simplified text of the same length, whether full t2s was run)."""
    present = _trad_only_set().intersection(text)  # one pass in C; empty for almost every simplified text
    if not present:
        return text, False
    if not looks_traditional(text, present=present):
        return text.translate(_trad_only_table()), False
    conv = _converter()
    out = []
    for line in text.split("\n"):
        c = conv.convert(line)
        if len(c) != len(line):
            c = "".join(x if len(x := conv.convert(ch)) == 1 else ch for ch in line)
        out.append(c)
    return "\n".join(out), True
