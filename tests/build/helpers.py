"""Module-level extractors for the build tests (picklable by reference, so pool workers can run them).

The build tests exercise kg.build (cache, pool, merge, report), not the extractor, which is developed
separately: `toy_extractor` is a small deterministic stand-in that emits entities with mentions and
relations with evidence in the DocExtraction shape kg.graph.build_graph merges.
"""

from __future__ import annotations

import os
from typing import Any

NAMES = {
    "北京市": ("Region", "110000", "province"), "门头沟区": ("Region", "110109", "county"),
    "丰台区": ("Region", "110106", "county"), "内蒙古自治区": ("Region", "150000", "province"),
    "武川县": ("Region", "150125", "county"), "赤峰市": ("Region", "150400", "prefecture"),
    "克什克腾旗": ("Region", "150425", "county"), "察哈尔右翼前旗": ("Region", "150926", "county"),
    "乌兰察布市": ("Region", "150900", "prefecture"), "京蒙协作": ("Program", None, None),
    "国家统计局": ("Agency", None, None), "国家民委": ("Agency", None, None),
}

# test hooks (serial engine only: the build runs in the test's process)
CALLS: list[str] = []
INTERRUPT_AT: int | None = None


def _entity(name: str) -> dict[str, Any]:
    etype, adcode, level = NAMES[name]
    ent: dict[str, Any] = {"type": etype, "name": name, "aliases": [], "mentions": []}
    if adcode:
        ent.update(adcode=adcode, level=level)
    return ent


def toy_extractor(doc, home_region=None) -> dict[str, Any]:
    CALLS.append(doc.id)
    if INTERRUPT_AT is not None and len(CALLS) >= INTERRUPT_AT:
        raise KeyboardInterrupt
    ents: dict[str, dict[str, Any]] = {}
    rels = []
    n_sent = 0
    for art in doc.articles:
        for si, s in enumerate(art.sentences):
            n_sent += 1
            text = doc.text[s.start:s.end]
            found = []
            for name in NAMES:
                i = text.find(name)
                if i >= 0:
                    e = ents.setdefault(name, _entity(name))
                    e["mentions"].append({"sentence": si, "start": s.start + i, "end": s.start + i + len(name)})
                    found.append((i, name))
            regions = [n for _, n in sorted(found) if NAMES[n][0] == "Region"]
            if "帮扶" in text and len(regions) >= 2 and regions[0] != regions[1]:
                rels.append({"type": "ASSISTS", "source": _entity(regions[0]), "target": _entity(regions[1]),
                             "evidence": {"text": text.strip()[:200], "date": art.date or doc.date}})
    return {"doc": doc.id, "sha256": doc.sha256, "path": doc.path, "date": doc.date,
            "stats": {"articles": len(doc.articles), "sentences": n_sent, "characters": len(doc.text)},
            "entities": [ents[k] for k in sorted(ents)], "relations": rels}


def light_extractor(doc, home_region=None) -> dict[str, Any]:
    """Stats only (the bad-input tests exercise ingest + build, not extraction speed)."""
    n_sent = sum(len(a.sentences) for a in doc.articles)
    return {"doc": doc.id, "sha256": doc.sha256, "path": doc.path, "date": doc.date,
            "stats": {"articles": len(doc.articles), "sentences": n_sent, "characters": len(doc.text)},
            "entities": [], "relations": []}


def crashing_extractor(doc, home_region=None) -> dict[str, Any]:
    """Kills its worker process on documents named crash*.txt, like the OOM killer would."""
    if os.path.basename(doc.id).startswith("crash"):
        os._exit(9)
    return toy_extractor(doc, home_region=home_region)


def failing_extractor(doc, home_region=None) -> dict[str, Any]:
    if os.path.basename(doc.id).startswith("bug"):
        raise ValueError("extractor bug\nsecond line")
    return toy_extractor(doc, home_region=home_region)


def gc_probe_extractor(doc, home_region=None) -> dict[str, Any]:
    """toy_extractor + whether the extracting process has its cyclic collector on (in stats)."""
    import gc

    res = toy_extractor(doc, home_region=home_region)
    res["stats"]["gc_enabled"] = gc.isenabled()
    res["stats"]["pid"] = os.getpid()
    return res


def fuzz_extractor(doc, home_region=None) -> dict[str, Any]:
    """A deterministic function of the document's text that exercises every rule of the merge: names of
    one node that differ between documents, region attributes known to some, aliases, mentions,
    context-only and derived nodes, evidence with and without amounts (the same sentence in several
    documents), program / title / purpose votes, nodes and links only one document has."""
    import hashlib
    import random

    rng = random.Random(hashlib.sha256(doc.text.encode("utf-8")).digest())
    pool = [("Region", "150400", "赤峰市", "赤峰"), ("Region", "110000", "北京市", "北京"),
            ("Region", "150425", "克什克腾旗", "克旗"), ("Agency", None, "国家统计局", "统计局"),
            ("Agency", None, "国家民委", "民委"), ("Program", None, "京蒙协作", None)]
    ents: list[dict[str, Any]] = []
    for etype, adcode, name, short in pool:
        if rng.random() < 0.3:
            continue
        ent: dict[str, Any] = {"type": etype, "name": rng.choice([name, short or name]),
                               "aliases": [short] if short and rng.random() < 0.5 else [], "mentions": []}
        if adcode:
            ent.update(adcode=adcode, level=rng.choice(["county", "prefecture", None]),
                       lon=rng.choice([None, 118.5, 117.0]))
        for _ in range(rng.randint(0, 3)):
            a = rng.randint(0, 50)
            ent["mentions"].append({"sentence": rng.randint(0, 5), "start": a, "end": a + 2})
        ents.append(ent)
    own = {"type": "Person", "name": "人" + str(rng.randint(0, 40)), "aliases": [],
           "mentions": [{"sentence": 0, "start": 1, "end": 3}]}
    ents.append(own)
    rels = []
    for _ in range(rng.randint(0, 4)):
        if len(ents) < 2:
            break
        a, b = rng.sample(ents, 2)
        rtype = rng.choice(["FUNDS", "ASSISTS", "HOLDS_POSITION"])
        rel = {"type": rtype, "source": a, "target": b,
               "evidence": {"text": "证据" + str(rng.randint(0, 6)) + "。",
                            "date": rng.choice([None, "2020-01-01", "2021-05-05"])}}
        if rtype == "FUNDS" and rng.random() < 0.6:
            rel["amount_yuan"] = rng.choice([100, 2500000, 1.5e7])
        for attr in ("program", "title", "purpose"):
            if rng.random() < 0.3:
                rel[attr] = rng.choice(["甲", "乙", "丙"])
        rels.append(rel)
    ctx = [{"type": "Region", "name": "内蒙古自治区", "adcode": "150000", "aliases": [], "mentions": []}] \
        if rng.random() < 0.5 else []
    derived = [{"type": "PART_OF", "source": ents[0], "target": ctx[0]}] if ctx and ents else []
    return {"doc": doc.id, "sha256": doc.sha256, "path": doc.path, "date": doc.date,
            "stats": {"articles": len(doc.articles), "sentences": rng.randint(1, 9), "characters": len(doc.text)},
            "entities": ents, "context_entities": ctx, "relations": rels, "derived": derived}


def evidence_extractor(doc, home_region=None) -> dict[str, Any]:
    """One FUNDS link 北京市 -> 赤峰市 supported by every line "DATE|AMOUNT|SENTENCE" of the document
    (DATE "-": none; AMOUNT "-": none), and one ASSISTS link 北京市 -> 克什克腾旗 whose evidence dates
    are numbers (a value the store cannot order by: the link is kept whole)."""
    bj, cf, kq = _entity("北京市"), _entity("赤峰市"), _entity("克什克腾旗")
    rels = []
    for line in doc.text.splitlines():
        parts = line.split("|", 2)
        if len(parts) != 3:
            continue
        date, amount, text = parts
        rel = {"type": "FUNDS", "source": bj, "target": cf,
               "evidence": {"text": text, "date": None if date == "-" else date}}
        if amount != "-":
            rel["amount_yuan"] = float(amount) if "." in amount else int(amount)
        rels.append(rel)
        rels.append({"type": "ASSISTS", "source": bj, "target": kq,
                     "evidence": {"text": text, "date": 1 + len(text) % 3}})
    return {"doc": doc.id, "sha256": doc.sha256, "path": doc.path, "date": doc.date,
            "stats": {"articles": len(doc.articles), "sentences": len(rels), "characters": len(doc.text)},
            "entities": [bj, cf, kq], "relations": rels}
