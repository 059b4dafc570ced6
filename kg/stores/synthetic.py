"""Synthetic extractions (kg.graph.build_graph input) for the store tests and the loader benchmark."""

from __future__ import annotations

import hashlib
from typing import Any


def _region(name, adcode, level, lon=None, lat=None, aliases=()):
    d = {"type": "Region", "name": name, "adcode": adcode, "level": level, "aliases": list(aliases)}
    if lon is not None:
        d.update(lon=lon, lat=lat)
    return d


BJ = _region("北京市", "110000", "province", 116.407394, 39.904211, ("北京", "京"))
XC = _region("西城区", "110102", "county", 116.365873, 39.912235)
NM = _region("内蒙古自治区", "150000", "province", 111.670801, 40.818311, ("内蒙古", "蒙"))
CF = _region("赤峰市", "150400", "prefecture", 118.956806, 42.275317, ("赤峰",))
WNT = _region("翁牛特旗", "150426", "county", 119.022619, 42.937128)
KSKT = _region("克什克腾旗", "150425", "county", 117.542465, 43.256233, ("克旗",))
WLCB = _region("乌兰察布市", "150900", "prefecture", 113.114543, 41.034126)
XH = _region("兴和县", "150924", "county")
BJSW = {"type": "Agency", "name": "北京市委"}
XCGOV = {"type": "Agency", "name": "北京市西城区人民政府"}
SBJ = {"type": "Agency", "name": "全国社保基金理事会"}
CFMZ = {"type": "Agency", "name": "赤峰市民政局"}
# FalkorDB's Bolt front end mangles parameters containing ' or \ (it splices them into text), so the names
# loaded over Bolt keep to " and newlines; export tests use QUOTES below, which has all of them.
ODD = {"type": "Agency", "name": '"扶贫" 基金会\n第二行', "aliases": ['"Fund"']}
QUOTES = {"type": "Agency", "name": 'O\'Brien "扶贫" \\ 基金会\n第二行\t', "aliases": ["O'Brien", "a\\b"]}
CAIQI = {"type": "Person", "name": "蔡奇"}
LIWEI = {"type": "Person", "name": "李伟"}
WANG = {"type": "Person", "name": "王振"}
JMXZ = {"type": "Program", "name": "京蒙扶贫协作", "aliases": ["京蒙协作"]}

DERIVED = [
    (XC, "PART_OF", BJ), (CF, "PART_OF", NM), (WNT, "PART_OF", CF), (KSKT, "PART_OF", CF),
    (WLCB, "PART_OF", NM), (XH, "PART_OF", WLCB), (BJSW, "LOCATED_IN", BJ), (XCGOV, "LOCATED_IN", XC),
    (CFMZ, "LOCATED_IN", CF),
]

# doc -> (date, relations: (source, type, target, evidence text, extra attrs))
DOCS: dict[str, tuple[str | None, list[tuple]]] = {
    "a/001.txt": ("2020-08-26", [
        (BJ, "ASSISTS", CF, "北京市深入赤峰市对接落实京蒙扶贫协作工作。", {"program": "京蒙扶贫协作"}),
        (BJ, "FUNDS", WNT, "北京市投入资金650万元用于翁牛特旗产业发展。", {"amount_yuan": 6500000}),
        (BJSW, "IMPLEMENTS", JMXZ, "北京市委推进京蒙扶贫协作。", {}),
        (CAIQI, "HOLDS_POSITION", BJSW, "北京市委书记蔡奇率团考察。", {"title": "书记"}),
    ]),
    "a/002.txt": ("2020-09-02", [
        (XCGOV, "FUNDS", KSKT, "西城区政府安排资金2.94亿元支持克什克腾旗。", {"amount_yuan": 294000000}),
        (BJ, "FUNDS", WNT, "北京市再拨付100万元给翁牛特旗。", {"amount_yuan": 1000000}),
        (SBJ, "FUNDS", XH, "全国社保基金理事会协调资金650万元用于兴和县。", {"amount_yuan": 6500000}),
        (LIWEI, "HOLDS_POSITION", CFMZ, "赤峰市民政局局长李伟介绍。", {"title": "局长"}),
        (XC, "ASSISTS", KSKT, "西城区结对帮扶克什克腾旗。", {}),
    ]),
    "b/003.txt": (None, [
        (BJ, "FUNDS", CFMZ, "北京市向赤峰市民政局捐赠物资。", {}),
        (CFMZ, "IMPLEMENTS", JMXZ, "赤峰市民政局落实京蒙协作项目。", {}),
        (WANG, "HOLDS_POSITION", WNT, "翁牛特旗旗长王振说。", {"title": "旗长"}),
        (ODD, "FUNDS", XH, '"扶贫" 基金会捐赠300.5元。', {"amount_yuan": 300.5}),
        (BJ, "ASSISTS", CF, "北京市与赤峰市开展京蒙协作。", {"program": "京蒙扶贫协作"}),
    ]),
}


def _ent(e: dict[str, Any], k: int) -> dict[str, Any]:
    d = dict(e)
    d["mentions"] = [{"sentence": k, "start": 0, "end": len(e["name"])}]
    return d


def sample_extractions(docs: tuple[str, ...] | None = None) -> list[dict[str, Any]]:
    """Extractions for the given documents of DOCS (default: all), in DOCS order."""
    out = []
    for doc, (date, rels) in DOCS.items():
        if docs is not None and doc not in docs:
            continue
        ents: dict[str, dict] = {}
        relations = []
        for k, (s, rtype, t, text, attrs) in enumerate(rels):
            ents.setdefault(s["name"], _ent(s, k))
            ents.setdefault(t["name"], _ent(t, k))
            r = {"source": s, "target": t, "type": rtype, "evidence": {"text": text, "date": date}}
            r.update(attrs)
            relations.append(r)
        names = set(ents)
        derived = []
        context: dict[str, dict] = {}
        for s, rtype, t in DERIVED:  # derived links for the entities this document mentions, and their parents
            if s["name"] in names or s["name"] in context:
                derived.append({"source": s, "target": t, "type": rtype})
                if t["name"] not in names:
                    context[t["name"]] = t
        ex = {"doc": doc, "sha256": hashlib.sha256(doc.encode()).hexdigest(), "path": f"/corpus/{doc}",
              "entities": list(ents.values()), "context_entities": list(context.values()),
              "relations": relations, "derived": derived}
        if date:
            ex["date"] = date
        out.append(ex)
    return out


def scaled_extractions(n_docs: int = 100, per_doc: int = 20) -> list[dict[str, Any]]:
    """A larger synthetic corpus for the benchmark: ~n_docs*per_doc relations over a few thousand entities."""
    out = []
    for d in range(n_docs):
        doc = f"bench/{d:05d}.txt"
        ents: dict[str, dict] = {}
        rels = []
        derived = []
        for k in range(per_doc):
            i = d * per_doc + k
            county = _region(f"县{i % 900:03d}旗", f"15{i % 900:04d}", "county")
            pref = _region(f"市{i % 30:02d}", f"14{i % 30:04d}", "prefecture")
            agency = {"type": "Agency", "name": f"机构{i % 1500:04d}"}
            person = {"type": "Person", "name": f"人员{i % 800:03d}"}
            prog = {"type": "Program", "name": f"项目{i % 200:03d}"}
            for e in (county, pref, agency, person, prog):
                ents.setdefault(e["name"], _ent(e, k))
            derived.append({"source": county, "target": pref, "type": "PART_OF"})
            derived.append({"source": agency, "target": county, "type": "LOCATED_IN"})
            rels.append({"source": agency, "target": county, "type": "FUNDS", "amount_yuan": 10000 * (k + 1),
                         "evidence": {"text": f"机构{i}投入资金{k + 1}万元。", "date": "2021-01-01"}})
            rels.append({"source": person, "target": agency, "type": "HOLDS_POSITION", "title": "主任",
                         "evidence": {"text": f"主任人员{i}。", "date": "2021-01-01"}})
            rels.append({"source": agency, "target": prog, "type": "IMPLEMENTS",
                         "evidence": {"text": f"实施项目{i}。", "date": "2021-01-01"}})
        out.append({"doc": doc, "sha256": hashlib.sha256(doc.encode()).hexdigest(), "path": doc,
                    "date": "2021-01-01", "entities": list(ents.values()), "relations": rels,
                    "derived": derived})
    return out


def quotes_extractions() -> list[dict[str, Any]]:
    """sample_extractions plus a document whose names hold quotes, backslashes, newlines and tabs."""
    rel = (QUOTES, "FUNDS", XH, 'O\'Brien said "捐赠" 1\\2\n元', {"amount_yuan": 12.5})
    DOCS_Q = {"c/quotes.txt": ("2021-02-03", [rel])}
    out = sample_extractions()
    saved = dict(DOCS)
    try:
        DOCS.clear()
        DOCS.update(DOCS_Q)
        out += sample_extractions()
    finally:
        DOCS.clear()
        DOCS.update(saved)
    return out
