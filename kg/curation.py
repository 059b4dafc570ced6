"""Corrections a user keeps beside the corpus, replayed on every build: the curate step of `kg build`.

`curate(graph, rules)` takes the merged graph as node-link data (what graph.json holds) and the rules of
a curation file (kg.curation_rules.load_rules) and returns the corrected graph and one report entry per
rule. Rules are applied in a fixed order (merge, rename, retype, reject, add; within a kind, the file's
order), each to the graph the previous ones left, so the result depends only on the graph and the file.
Names resolve as everywhere else in kg (kg.show.find_entity): a node id, else a canonical name, else an
alias; where several nodes answer, the one with most mentions (then the greatest id).

- merge  {into, from: [names]}: each `from` node is folded into `into`: its name and aliases become
         aliases, its mentions and relations move over (relations that now coincide are one, their
         evidence united; one that would join the node to itself is dropped).
- rename {from, to}: the node's canonical name (and its id, where the id is made from the name); the old
         name becomes an alias. Renaming onto an existing node merges the two.
- retype {name, type}: the node's type (and id); region attributes go when it stops being a Region.
- reject {source, type, target, doc?}: the relation is removed, or with `doc` only that document's
         evidence for it (the relation goes when no evidence is left).
- add    {source, type, target, doc?, evidence?, date?, amount_yuan?, program?, source_type?,
         target_type?}: the relation is added with `curated: true` (or the evidence added to an existing
         one); `source_type` / `target_type` create a missing node of that type.

A rule that finds nothing to do (its names resolve to nothing, its relation is gone, the change is already
there) is reported as stale with the reason; it is never an error, since documents change under it.
The build (`curate_graph`, its curate step) writes the merged graph to OUT/graph.extracted.json and the
curated one to OUT/graph.json; `kg eval` scores the former, what the extractor found.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from kg.curation_rules import Rule, load_rules  # noqa: F401 - load_rules is this module's API too
from kg.digest import entity_id
from kg.errors import KgError

EXTRACTED_NAME = "graph.extracted.json"  # beside graph.json: the merged graph before curation
REGION_ATTRS = ("level", "adcode", "lon", "lat")


class _Graph:
    """The node-link data indexed by node id and by link key (source, target, type)."""

    def __init__(self, data: dict[str, Any]):
        self.data = data
        self.nodes: dict[str, dict[str, Any]] = {n["id"]: n for n in data.get("nodes", ())}
        self.links: dict[tuple[str, str, str], dict[str, Any]] = {
            (lk["source"], lk["target"], lk.get("key", lk.get("type"))): lk for lk in data.get("links", ())}
        docs = (data.get("graph") or {}).get("documents") or ()
        self.doc_rank = {d.get("doc"): i for i, d in enumerate(docs) if isinstance(d, dict)}

    def resolve(self, name: str) -> str | None:
        if name in self.nodes:
            return name
        for field in ("name", "aliases"):
            hits = [nid for nid, n in self.nodes.items()
                    if (n.get(field) == name if field == "name" else name in (n.get(field) or ()))]
            if hits:
                return max(hits, key=lambda i: (len(self.nodes[i].get("mentions") or ()), i))
        return None

    def node_data(self) -> dict[str, Any]:
        out = dict(self.data)
        out["nodes"] = [self.nodes[k] for k in sorted(self.nodes)]
        out["links"] = [self.links[k] for k in sorted(self.links)]
        return out

    # ---- edits

    def fold(self, keep: str, other: str) -> dict[str, int]:
        """Node `other` into node `keep`: names, mentions, attributes and relations."""
        k, o = self.nodes[keep], self.nodes.pop(other)
        al = set(k.get("aliases") or ()) | set(o.get("aliases") or ()) | {o["name"]}
        k["aliases"] = sorted(a for a in al if a != k["name"])
        ms = {json.dumps(m, sort_keys=True, ensure_ascii=False): m
              for m in list(k.get("mentions") or ()) + list(o.get("mentions") or ())}
        k["mentions"] = sorted(ms.values(), key=self._mention_key)
        if k.get("type") == "Region":
            for a in REGION_ATTRS:
                if k.get(a) is None and o.get(a) is not None:
                    k[a] = o[a]
        moved, dropped = self._relink(other, keep)
        return {"relations_moved": moved, "relations_dropped": dropped}

    def rekey(self, old: str, new: str) -> dict[str, int]:
        """Give node `old` the id `new` (merging into `new` if that node exists)."""
        if new == old:
            return {}
        if new in self.nodes:
            return self.fold(new, old)
        n = self.nodes.pop(old)
        n["id"] = new
        self.nodes[new] = n
        self._relink(old, new)
        return {}

    def _relink(self, old: str, new: str) -> tuple[int, int]:
        moved = dropped = 0
        for key in [k for k in self.links if old in (k[0], k[1])]:
            lk = self.links.pop(key)
            s, t = (new if key[0] == old else key[0]), (new if key[1] == old else key[1])
            if s == t:
                dropped += 1
                continue
            moved += 1
            lk["source"], lk["target"] = s, t
            nk = (s, t, key[2])
            if nk in self.links:
                self.links[nk] = _combine(self.links[nk], lk)
            else:
                self.links[nk] = lk
        return moved, dropped

    def _mention_key(self, m: dict[str, Any]) -> tuple:
        return (self.doc_rank.get(m.get("doc"), len(self.doc_rank)), str(m.get("doc")), m.get("sentence", 0),
                m.get("start", 0), m.get("end", 0))


def _evidence_key(e: dict[str, Any]) -> tuple:
    return (e.get("date") or "", str(e.get("doc")), str(e.get("text")))


def _set_evidence(lk: dict[str, Any], evidence: Iterable[dict[str, Any]]) -> None:
    """The link's evidence (deduplicated by (doc, text), in graph.json's order) and its FUNDS total."""
    seen: dict[tuple, dict[str, Any]] = {}
    for e in evidence:
        seen.setdefault((str(e.get("doc")), str(e.get("text"))), e)
    lk["evidence"] = sorted(seen.values(), key=_evidence_key)
    if lk.get("type") == "FUNDS":
        amounts = [e["amount_yuan"] for e in lk["evidence"] if e.get("amount_yuan") is not None]
        if amounts:
            lk["amount_yuan"] = sum(amounts)
        else:
            lk.pop("amount_yuan", None)


def _combine(a: dict[str, Any], b: dict[str, Any]) -> dict[str, Any]:
    """Two relations that became one (same source, target and type)."""
    for attr in ("program", "title", "purpose"):
        if not a.get(attr) and b.get(attr):
            a[attr] = b[attr]
    if b.get("curated"):
        a["curated"] = True
    _set_evidence(a, list(a.get("evidence") or ()) + list(b.get("evidence") or ()))
    return a


# ---------------------------------------------------------------------------------------- the rules


def _merge(g: _Graph, r: Rule) -> tuple[dict[str, Any] | None, str]:
    keep = g.resolve(r.spec["into"])
    if keep is None:
        return None, f"no entity named {r.spec['into']!r}"
    merged, moved, dropped, missing = [], 0, 0, []
    for name in r.spec["from"]:
        other = g.resolve(name)
        if other is None:
            missing.append(name)
            continue
        if other == keep:
            continue
        merged.append(other)
        c = g.fold(keep, other)
        moved += c["relations_moved"]
        dropped += c["relations_dropped"]
    if not merged:
        why = f"no entity named {', '.join(map(repr, missing))}" if missing else "already one entity"
        return None, why
    changed: dict[str, Any] = {"into": keep, "merged": merged, "relations_moved": moved,
                               "relations_dropped": dropped}
    if missing:
        changed["not_found"] = missing
    return changed, ""


def _rename(g: _Graph, r: Rule) -> tuple[dict[str, Any] | None, str]:
    nid = g.resolve(r.spec["from"])
    if nid is None:
        return None, f"no entity named {r.spec['from']!r}"
    n, to = g.nodes[nid], r.spec["to"]
    if n["name"] == to:
        return None, f"{nid} is already named {to!r}"
    old = n["name"]
    n["name"] = to
    n["aliases"] = sorted((set(n.get("aliases") or ()) | {old}) - {to})
    new = entity_id(n["type"], to, n.get("adcode")) if nid == entity_id(n["type"], old, n.get("adcode")) else nid
    g.rekey(nid, new)
    if new in g.nodes:  # merged into a node already named so: its name wins, the old one is an alias
        g.nodes[new]["aliases"] = sorted((set(g.nodes[new].get("aliases") or ()) | {old})
                                         - {g.nodes[new]["name"]})
    return {"id": nid, "new_id": new, "old_name": old}, ""


def _retype(g: _Graph, r: Rule) -> tuple[dict[str, Any] | None, str]:
    nid = g.resolve(r.spec["name"])
    if nid is None:
        return None, f"no entity named {r.spec['name']!r}"
    n, t = g.nodes[nid], r.spec["type"]
    if n["type"] == t:
        return None, f"{nid} is already a {t}"
    old = n["type"]
    derived = nid == entity_id(old, n["name"], n.get("adcode"))
    n["type"] = t
    if t != "Region":
        for a in REGION_ATTRS:
            n.pop(a, None)
    new = entity_id(t, n["name"], n.get("adcode")) if derived else nid
    g.rekey(nid, new)
    return {"id": nid, "new_id": new, "old_type": old}, ""


def _link_ends(g: _Graph, r: Rule, create: bool = False) -> tuple[str | None, str | None, str]:
    ends = []
    for end in ("source", "target"):
        nid = g.resolve(r.spec[end])
        etype = r.spec.get(f"{end}_type")
        if nid is None and create and etype:
            nid = entity_id(etype, r.spec[end])
            g.nodes[nid] = {"id": nid, "type": etype, "name": r.spec[end], "aliases": [], "mentions": [],
                            "curated": True}
        ends.append(nid)
    missing = [r.spec[e] for e, nid in zip(("source", "target"), ends, strict=True) if nid is None]
    return ends[0], ends[1], (f"no entity named {', '.join(map(repr, missing))}" if missing else "")


def _reject(g: _Graph, r: Rule) -> tuple[dict[str, Any] | None, str]:
    s, t, why = _link_ends(g, r)
    if why:
        return None, why
    key = (s, t, r.spec["type"])
    lk = g.links.get(key)
    if lk is None:
        return None, f"no {key[2]} relation from {s} to {t}"
    doc = r.spec.get("doc")
    if doc is None:
        del g.links[key]
        return {"removed": list(key)}, ""
    ev = list(lk.get("evidence") or ())
    kept = [e for e in ev if e.get("doc") != doc]
    if len(kept) == len(ev):
        return None, f"the {key[2]} relation from {s} to {t} has no evidence from {doc}"
    if not kept:
        del g.links[key]
        return {"removed": list(key)}, ""
    _set_evidence(lk, kept)
    return {"evidence_removed": len(ev) - len(kept), "relation": list(key)}, ""


def _add(g: _Graph, r: Rule) -> tuple[dict[str, Any] | None, str]:
    before = set(g.nodes)
    s, t, why = _link_ends(g, r, create=True)
    if why:
        return None, why
    if s == t:
        return None, f"source and target are the same entity ({s})"
    sp = r.spec
    key = (s, t, sp["type"])
    evidence = []
    if any(k in sp for k in ("evidence", "doc", "amount_yuan", "date")):
        e: dict[str, Any] = {"curated": True, "date": sp.get("date"), "doc": sp.get("doc") or Path(r.file).name,
                             "text": sp.get("evidence", "")}
        if sp.get("amount_yuan") is not None:
            e["amount_yuan"] = sp["amount_yuan"]
        evidence.append(e)
    created = sorted(set(g.nodes) - before)
    lk = g.links.get(key)
    if lk is not None:
        n = len(lk.get("evidence") or ())
        _set_evidence(lk, list(lk.get("evidence") or ()) + evidence)
        if len(lk["evidence"]) == n:
            return None, f"the {key[2]} relation from {s} to {t} is already there"
        return {"evidence_added": 1, "relation": list(key)}, ""
    lk = {"source": s, "target": t, "key": key[2], "type": key[2], "curated": True}
    if sp.get("program"):
        lk["program"] = sp["program"]
    _set_evidence(lk, evidence)
    g.links[key] = lk
    return {"added": list(key), **({"created": created} if created else {})}, ""


_APPLY = {"merge": _merge, "rename": _rename, "retype": _retype, "reject": _reject, "add": _add}


def curate(data: dict[str, Any], rules: list[Rule]) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """(the curated node-link data, one report entry per rule in application order: the rule, its file
    line, and "changed" (what it did) or "stale" (why it matched nothing)). `data` is modified."""
    g = _Graph(data)
    report = []
    for r in rules:
        changed, why = _APPLY[r.kind](g, r)
        report.append({**r.as_dict(), **({"changed": changed} if changed is not None else {"stale": why})})
    return g.node_data(), report


def curate_graph(g: Any, source: str, rules: list[Rule]) -> tuple[Any, dict[str, Any]]:
    """The curate step of `kg build`: the merged NetworkX graph corrected by the rules of the curation
    file `source` (its graph attribute "curation" says so), and the report {"rules": one entry per rule,
    "applied", "stale"}."""
    import networkx as nx

    from kg.graphjson import to_node_link

    curated, report = curate(to_node_link(g), rules)
    curated.setdefault("graph", {})["curation"] = {"extracted": EXTRACTED_NAME, "file": source,
                                                   "rules": len(rules)}
    stale = sum(1 for e in report if "stale" in e)
    out = nx.node_link_graph(curated, directed=True, multigraph=True, edges="links")
    return out, {"rules": report, "applied": len(report) - stale, "stale": stale}


def keep_extracted(store: Any, out: Path, curated: bool) -> None:
    """With a curation file, the merged graph as the extractor found it, OUT/graph.extracted.json (what
    `kg eval` scores), written from the build's graph store; without one, that file is removed (it would
    describe an older build)."""
    from kg import graphindex

    path = Path(out) / EXTRACTED_NAME
    if curated:
        graphindex.write_graph_json(store, path)
    else:
        path.unlink(missing_ok=True)


def extracted_path(graph: str | Path) -> Path | None:
    """For a curated graph.json, the graph before curation (OUT/graph.extracted.json); None for a graph
    that was not curated. KgError when the graph says it was curated but that file is gone."""
    p = Path(graph)
    if p.is_dir():
        p = p / "graph.json"
    try:
        with open(p, "rb") as f:
            head = f.read(1 << 16)
    except OSError:
        return None
    if b'"curation": {' not in head:  # graph attributes come first, "curation" first among them
        return None
    try:
        cur = json.loads(p.read_text(encoding="utf-8")).get("graph", {}).get("curation")
    except (OSError, ValueError, AttributeError):
        return None
    if not isinstance(cur, dict):
        return None
    x = p.with_name(cur.get("extracted") or EXTRACTED_NAME)
    if not x.is_file():
        raise KgError(f"{p} was curated and {x.name}, the graph before curation, is missing: run kg build again")
    return x



def difference(graph: str | Path, curation: str | Path) -> dict[str, Any]:
    """How much curating the graph at `graph` (graph.json of an uncurated build, or a curated build's
    graph.extracted.json) with the rules of `curation` changes it: nodes and links removed, added and
    changed, and the rules applied and stale (`kg eval --curation`)."""
    rules = load_rules(curation)
    p = Path(graph)
    if p.is_dir():
        p = p / "graph.json"
    try:
        text = p.read_text(encoding="utf-8")
        before = json.loads(text)
    except (OSError, ValueError) as e:
        raise KgError(f"cannot read graph {graph}: {e}") from None
    after, report = curate(json.loads(text), rules)
    out: dict[str, Any] = {"rules": len(report), "stale": sum(1 for e in report if "stale" in e)}
    for kind, key in (("nodes", lambda n: n["id"]),
                      ("links", lambda lk: (lk["source"], lk["target"], lk.get("key", lk.get("type"))))):
        b = {key(x): x for x in before.get(kind, ())}
        a = {key(x): x for x in after.get(kind, ())}
        out[f"{kind}_removed"] = len(b.keys() - a.keys())
        out[f"{kind}_added"] = len(a.keys() - b.keys())
        out[f"{kind}_changed"] = sum(1 for k in a.keys() & b.keys() if a[k] != b[k])
    return out
