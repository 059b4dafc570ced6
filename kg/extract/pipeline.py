"""Placeholder extractor: gazetteer regions only (replaced by the full extractor)."""

from __future__ import annotations

from typing import Any

from kg.extract.gazetteer import load_gazetteer
from kg.model import Document


def extract_document(doc: Document, home_region: str | None = None) -> dict[str, Any]:
    gaz = load_gazetteer()
    entities: dict[str, dict[str, Any]] = {}
    n_sent = 0
    for art in doc.articles:
        for si, s in enumerate(art.sentences):
            n_sent += 1
            text = doc.text[s.start : s.end]
            for name, codes in gaz.by_name.items():
                i = text.find(name)
                if i >= 0 and len(codes) == 1:
                    r = gaz.get(codes[0])
                    e = entities.setdefault(r.adcode, {"type": "Region", "name": r.name, "level": r.level,
                                                       "adcode": r.adcode, "lon": r.lon, "lat": r.lat,
                                                       "aliases": [], "mentions": []})
                    a, b = doc.original_span(s.start + i, s.start + i + len(name))
                    e["mentions"].append({"sentence": si, "start": a, "end": b})
    return {"doc": doc.id, "sha256": doc.sha256, "path": doc.path, "date": doc.date,
            "stats": {"articles": len(doc.articles), "sentences": n_sent, "characters": len(doc.text)},
            "entities": [entities[k] for k in sorted(entities)], "relations": []}
