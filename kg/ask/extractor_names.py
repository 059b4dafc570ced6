"""The one place `kg ask` touches kg.extract (read-only, through its public loaders): the surface forms the
extractor knows for one entity — a region's name and short forms (gazetteer: 赤峰 → 赤峰市, 克旗 →
克什克腾旗), an agency's or programme's name and aliases (lexicon: 国家民委 ↔ 国家民族事务委员会) — the position
titles, and the deictic words (该旗, 全市) that name nothing by themselves."""

from __future__ import annotations

from functools import lru_cache


@lru_cache(maxsize=1)
def synonym_groups() -> tuple[tuple[str, bool, tuple[str, ...]], ...]:
    """(kind, major, forms) per entity the extractor knows, the canonical form first. `major`: a form worth
    recognising even when the graph lacks the entity (all but the short forms of counties and below, which
    are often ordinary words)."""
    from kg.extract.gazetteer import load_gazetteer
    from kg.extract.lexicon import load_lexicon

    gaz, lex = load_gazetteer(), load_lexicon()
    out: list[tuple[str, bool, tuple[str, ...]]] = []
    for code in sorted(gaz.regions):
        r = gaz.regions[code]
        out.append(("Region", True, (r.name,)))
        if r.shorts:
            major = r.level in ("country", "province", "prefecture")
            out.append(("Region", major, (r.name, *r.shorts)))
    for kind, entries in (("Agency", lex.agencies), ("Program", lex.programs)):
        for e in entries:
            out.append((kind, True, tuple(e.surface_forms)))
    return tuple(out)


@lru_cache(maxsize=1)
def titles() -> tuple[str, ...]:
    """Position titles (书记, 主任, 旗长 …), longest first."""
    from kg.extract.lexicon import load_lexicon

    return tuple(sorted(load_lexicon().titles, key=lambda t: (-len(t), t)))


@lru_cache(maxsize=1)
def deictic_words() -> frozenset[str]:
    from kg.extract.matcher import DEICTIC

    return frozenset(DEICTIC)
