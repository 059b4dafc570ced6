"""A stand-in extractor for benchmarking the build machinery independently of kg.extract's rules.

Cost and output shape close to a real lexicon-based extractor: jieba.lcut over every sentence, tokens
looked up in the gazetteer's region names, Region entities with
mentions, an ASSISTS relation with evidence for sentences naming two regions and 帮扶/支援/协作.
Use: python -m bench --extractor bench.standin:extract
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any


@lru_cache(maxsize=1)
def _regions() -> dict[str, tuple[str, str]]:
    """Region name -> (adcode, level) for provinces, prefectures and counties (first adcode wins)."""
    from kg.extract.gazetteer import load_gazetteer

    out: dict[str, tuple[str, str]] = {}
    for code in sorted(load_gazetteer().regions):
        r = load_gazetteer().get(code)
        if r.level in ("province", "prefecture", "county"):
            out.setdefault(r.name, (r.adcode, r.level))
    return out


def extract(doc, home_region=None) -> dict[str, Any]:
    import jieba

    regions = _regions()
    ents: dict[str, dict[str, Any]] = {}
    rels = []
    n_sent = 0
    for art in doc.articles:
        for si, s in enumerate(art.sentences):
            n_sent += 1
            text = doc.text[s.start:s.end]
            pos = 0
            found = []
            for tok in jieba.lcut(text):
                if tok in regions:
                    code, lvl = regions[tok]
                    e = ents.setdefault(code, {"type": "Region", "name": tok, "adcode": code, "level": lvl,
                                               "aliases": [], "mentions": []})
                    a, b = doc.original_span(s.start + pos, s.start + pos + len(tok))
                    e["mentions"].append({"sentence": si, "start": a, "end": b})
                    if e["name"] not in found:
                        found.append(e["name"])
                pos += len(tok)
            if len(found) >= 2 and any(k in text for k in ("帮扶", "支援", "协作")):
                src, dst = (ents[regions[n][0]] for n in found[:2])
                rels.append({"type": "ASSISTS",
                             "source": {k: src[k] for k in ("type", "name", "adcode", "level")},
                             "target": {k: dst[k] for k in ("type", "name", "adcode", "level")},
                             "evidence": {"text": text.strip()[:300], "date": art.date or doc.date}})
    return {"doc": doc.id, "sha256": doc.sha256, "path": doc.path, "date": doc.date,
            "stats": {"articles": len(doc.articles), "sentences": n_sent, "characters": len(doc.text)},
            "entities": [ents[k] for k in sorted(ents)], "relations": rels}
