"""Curation (`kg build --curation FILE`, `kg curate …`): each rule changes graph.json as documented, survives
an incremental re-build, stale rules are reported, malformed files give FILE:LINE and leave the output."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from kg.curation import curate
from kg.curation_rules import CurationError, load_rules, parse_rules

REPO = Path(__file__).resolve().parents[2]
SAMPLES = sorted((REPO / "data" / "samples").glob("*.txt"))


def kg(*args, cwd=None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "kg.cli", *map(str, args)], capture_output=True, text=True,
                          cwd=cwd, timeout=300)


def load(p: Path) -> dict:
    return json.loads(p.read_text(encoding="utf-8"))


# ---------------------------------------------------------------------------------------- the library


def small_graph() -> dict:
    def node(nid, name, aliases=(), docs=("a.txt",), **kw):
        t = nid.split(":")[0]
        return {"id": nid, "type": t, "name": name, "aliases": list(aliases),
                "mentions": [{"doc": d, "sentence": i, "start": 0, "end": 2} for i, d in enumerate(docs)], **kw}

    def link(s, t, typ, *docs, amount=None):
        ev = [{"date": None, "doc": d, "text": f"{s}{t}{d}", **({"amount_yuan": amount} if amount else {})}
              for d in docs]
        lk = {"source": s, "target": t, "key": typ, "type": typ, "evidence": ev}
        if amount:
            lk["amount_yuan"] = amount * len(docs)
        return lk

    return {"directed": True, "multigraph": True,
            "graph": {"documents": [{"doc": "a.txt"}, {"doc": "b.txt"}]},
            "nodes": [node("Agency:甲委", "甲委", ["甲"]), node("Agency:甲党委", "甲党委", docs=("a.txt", "b.txt")),
                      node("Region:150000", "内蒙古自治区", level="province", adcode="150000"),
                      node("Region:110000", "北京市", level="province", adcode="110000"),
                      node("Program:乙项目", "乙项目")],
            "links": [link("Agency:甲委", "Region:150000", "ASSISTS", "a.txt"),
                      link("Agency:甲党委", "Region:150000", "ASSISTS", "b.txt"),
                      link("Agency:甲委", "Agency:甲党委", "ASSISTS", "a.txt"),
                      link("Region:110000", "Region:150000", "FUNDS", "a.txt", "b.txt", amount=100)]}


def rules(text: str):
    return parse_rules(text, "c.yaml")


def test_merge_folds_names_mentions_and_relations():
    g, rep = curate(small_graph(), rules("merge: [{into: 甲党委, from: [甲]}]"))
    ids = [n["id"] for n in g["nodes"]]
    assert "Agency:甲委" not in ids
    kept = next(n for n in g["nodes"] if n["id"] == "Agency:甲党委")
    assert kept["aliases"] == ["甲", "甲委"] and len(kept["mentions"]) == 2  # one span twice: once
    a = [lk for lk in g["links"] if lk["type"] == "ASSISTS"]
    assert [(lk["source"], lk["target"]) for lk in a] == [("Agency:甲党委", "Region:150000")]
    assert {e["doc"] for e in a[0]["evidence"]} == {"a.txt", "b.txt"}  # evidence united, self-loop dropped
    assert rep[0]["changed"] == {"into": "Agency:甲党委", "merged": ["Agency:甲委"], "relations_moved": 1,
                                 "relations_dropped": 1}


def test_rename_retype_reject_add_and_stale():
    g, rep = curate(small_graph(), rules("""
rename: [{from: 乙项目, to: 丙项目}]
retype: [{name: 北京市, type: Agency}]
reject: [{source: 北京市, type: FUNDS, target: 内蒙古自治区, doc: b.txt}]
add:
  - {source: 甲委, type: FUNDS, target: 内蒙古自治区, amount_yuan: 5270000, doc: x.txt, evidence: 某句}
  - {source: 丁, type: ASSISTS, target: 甲委}
"""))
    nodes = {n["id"]: n for n in g["nodes"]}
    assert nodes["Program:丙项目"]["aliases"] == ["乙项目"] and "Program:乙项目" not in nodes
    # a Region's id is its adcode; as an Agency its id is made from its name, and region attributes go
    assert "Region:110000" not in nodes and nodes["Agency:北京市"]["type"] == "Agency"
    assert "adcode" not in nodes["Agency:北京市"]
    links = {(lk["source"], lk["target"], lk["type"]): lk for lk in g["links"]}
    funds = links[("Agency:北京市", "Region:150000", "FUNDS")]
    assert [e["doc"] for e in funds["evidence"]] == ["a.txt"] and funds["amount_yuan"] == 100
    added = links[("Agency:甲委", "Region:150000", "FUNDS")]
    assert added["curated"] is True and added["amount_yuan"] == 5270000
    assert added["evidence"] == [{"amount_yuan": 5270000, "curated": True, "date": None, "doc": "x.txt",
                                  "text": "某句"}]
    assert [e.get("stale") for e in rep] == [None, None, None, None, "no entity named '丁'"]


def test_malformed_rules_name_file_and_line(tmp_path):
    cases = {
        "merge: [{into: a, from: [b]}\n": 2,  # unclosed
        "merge:\n  - {into: a}\n": 2,
        "reject:\n  - {source: a, type: HELPS, target: b}\n": 2,
        "retype:\n\n  - {name: a, type: Thing}\n": 3,
        "rename: [{from: a, to: b, colour: red}]\n": 1,
        "delete: []\n": 1,
        "merge: []\nadd: []\nmerge: []\n": 3,
        "- a\n": 1,
    }
    for text, line in cases.items():
        p = tmp_path / "c.yaml"
        p.write_text(text, encoding="utf-8")
        with pytest.raises(CurationError) as e:
            load_rules(p)
        assert str(e.value).startswith(f"{p}:{line}: "), (text, str(e.value))


# ---------------------------------------------------------------------------------------- kg build


@pytest.fixture
def corpus(tmp_path) -> Path:
    root = tmp_path / "corpus"
    root.mkdir()
    for f in SAMPLES[:5]:
        shutil.copy(f, root / f.name)
    return root


def _pick(g: dict) -> dict:
    """Items of a built graph to correct, chosen from the graph (not from any gold)."""
    nodes = sorted(g["nodes"], key=lambda n: (-len(n["mentions"]), n["id"]))
    agencies = [n for n in nodes if n["type"] == "Agency" and ":" not in n["name"]]
    links = [lk for lk in g["links"] if lk["type"] in ("ASSISTS", "FUNDS") and lk["evidence"]]
    ids = {n["id"]: n for n in nodes}
    pairs = {(lk["source"], lk["target"]) for lk in g["links"]}
    a, b = agencies[0], agencies[1]
    src = next(n for n in agencies[2:] if (n["id"], b["id"]) not in pairs and (n["id"], a["id"]) not in pairs)
    return {"keep": a, "gone": b, "rename": agencies[3] if agencies[3] is not src else agencies[4],
            "retype": next(n for n in nodes if n["type"] == "Program"), "reject": links[0],
            "reject_names": (ids[links[0]["source"]]["name"], ids[links[0]["target"]]["name"]),
            "add_src": src}


def test_each_rule_changes_graph_json_and_survives_an_incremental_rebuild(tmp_path, corpus):
    out = tmp_path / "out"
    r = kg("build", corpus, "--out", out, "--quiet")
    assert r.returncode == 0, r.stderr
    p = _pick(load(out / "graph.json"))
    cur = tmp_path / "curation.yaml"
    steps = [("merge", p["keep"]["name"], p["gone"]["name"]),
             ("rename", p["rename"]["name"], p["rename"]["name"] + "（更正）"),
             ("retype", p["retype"]["name"], "Agency"),
             ("reject", p["reject_names"][0], p["reject"]["type"], p["reject_names"][1]),
             ("add", p["add_src"]["name"], "FUNDS", p["keep"]["name"], "--amount-yuan", "5270000",
              "--doc", SAMPLES[0].name, "--evidence", "某句")]
    for step in steps:
        r = kg("curate", *step, "--file", cur)
        assert r.returncode == 0 and r.stdout.startswith(f"{cur}:"), r.stderr
    assert [r.kind for r in load_rules(cur)] == ["merge", "rename", "retype", "reject", "add"]

    def check(g: dict) -> None:
        nodes = {n["id"]: n for n in g["nodes"]}
        keep = nodes[p["keep"]["id"]]
        assert p["gone"]["id"] not in nodes and p["gone"]["name"] in keep["aliases"]
        renamed = p["rename"]["id"].replace(p["rename"]["name"], p["rename"]["name"] + "（更正）")
        assert renamed in nodes and p["rename"]["name"] in nodes[renamed]["aliases"]
        retyped = "Agency:" + p["retype"]["name"]
        assert retyped in nodes and nodes[retyped]["type"] == "Agency"
        keys = {(lk["source"], lk["target"], lk["type"]): lk for lk in g["links"]}
        assert (p["reject"]["source"], p["reject"]["target"], p["reject"]["type"]) not in keys
        added = keys[(p["add_src"]["id"], p["keep"]["id"], "FUNDS")]
        assert added["curated"] is True and added["amount_yuan"] == 5270000
        assert g["graph"]["curation"]["rules"] >= 5

    r = kg("build", corpus, "--out", out, "--curation", cur)
    assert r.returncode == 0, r.stderr
    assert "curation: 5 rules applied, 0 matched nothing" in r.stdout
    check(load(out / "graph.json"))
    assert "curation" not in load(out / "graph.extracted.json")["graph"]
    # another document changes: only it is extracted again, and the corrections still hold
    last = corpus / SAMPLES[4].name
    last.write_text(last.read_text(encoding="utf-8")[:3000], encoding="utf-8")
    r = kg("build", corpus, "--out", out, "--curation", cur)
    assert r.returncode == 0 and "1 extracted, 4 reused" in r.stdout, r.stdout + r.stderr
    check(load(out / "graph.json"))
    assert load(out / "build-report.json")["graph_update"] == "incremental"
    # an edited curation file is applied again without extracting anything
    assert kg("curate", "retype", "没有这个名字", "Person", "--file", cur).returncode == 0
    r = kg("build", corpus, "--out", out, "--curation", cur)
    assert r.returncode == 0 and "0 extracted, 5 reused" in r.stdout, r.stdout
    assert "curation: 5 rules applied, 1 matched nothing" in r.stdout
    stale = [e for e in load(out / "build-report.json")["curation"]["rules"] if "stale" in e]
    assert stale == [{"rule": "retype", "line": stale[0]["line"], "name": "没有这个名字", "type": "Person",
                      "stale": "no entity named '没有这个名字'"}]
    check(load(out / "graph.json"))
    # without the file: the extractor's graph again, byte for byte what a build never curated gives
    r = kg("build", corpus, "--out", out, "--quiet")
    fresh = tmp_path / "fresh"
    assert kg("build", corpus, "--out", fresh, "--quiet").returncode == 0
    assert (out / "graph.json").read_bytes() == (fresh / "graph.json").read_bytes()
    assert not (out / "graph.extracted.json").exists()


def test_malformed_curation_leaves_previous_output(tmp_path, corpus):
    out = tmp_path / "out"
    assert kg("build", corpus, "--out", out, "--quiet").returncode == 0
    before = {f: (out / f).read_bytes() for f in ("graph.json", "build-report.json")}
    cur = tmp_path / "c.yaml"
    cur.write_text("merge:\n  - {into: 北京市, from: [北京]}\nreject:\n  - {source: a, type: ASSISTS}\n",
                   encoding="utf-8")
    r = kg("build", corpus, "--out", out, "--curation", cur)
    assert r.returncode == 1 and r.stderr.strip() == f"kg build: {cur}:4: reject: missing 'target'"
    assert {f: (out / f).read_bytes() for f in before} == before
    r = kg("build", corpus, "--out", out, "--curation", tmp_path / "missing.yaml")
    assert r.returncode == 1 and "missing.yaml: no such curation file" in r.stderr
    assert "Traceback" not in r.stderr


def test_curated_graph_in_the_bolt_stand_in_has_no_rejected_edge(tmp_path, corpus, store):
    from kg.graph import read_graph

    for f in corpus.iterdir():  # pages cut short: FalkorDB's Bolt server fails on the whole sample pages
        f.write_text(f.read_text(encoding="utf-8")[:2000], encoding="utf-8")
    out = tmp_path / "out"
    assert kg("build", corpus, "--out", out, "--quiet").returncode == 0
    p = _pick(load(out / "graph.json"))
    cur = tmp_path / "c.yaml"
    s, t = p["reject_names"]
    cur.write_text(f"reject: [{{source: {s}, type: {p['reject']['type']}, target: {t}}}]\n", encoding="utf-8")
    assert kg("build", corpus, "--out", out, "--curation", cur, "--quiet").returncode == 0
    store.load(read_graph(out / "graph.json"))
    q = (f"MATCH (a:Entity {{id: $s}})-[r:{p['reject']['type']}]->(b:Entity {{id: $t}}) RETURN count(r)")
    _, rows = store.read(q, {"s": p["reject"]["source"], "t": p["reject"]["target"]})
    assert rows[0][0] == 0
    _, rows = store.read("MATCH ()-[r]->() WHERE type(r) <> 'MENTIONED_IN' RETURN count(r)")
    assert rows[0][0] == len(load(out / "graph.json")["links"])


def test_eval_scores_what_the_extractor_found(tmp_path, corpus):
    """kg eval of a curated build scores graph.extracted.json (the same figures as the uncurated build);
    with --curation it also says how much the curation changes the graph."""
    gold = Path("/work/shared/gold/seeds.jsonl")
    if not gold.is_file():
        pytest.skip("no seed gold")
    plain, curated = tmp_path / "plain", tmp_path / "curated"
    assert kg("build", corpus, "--out", plain, "--quiet").returncode == 0
    p = _pick(load(plain / "graph.json"))
    cur = tmp_path / "c.yaml"
    s, t = p["reject_names"]
    cur.write_text(f"reject: [{{source: {s}, type: {p['reject']['type']}, target: {t}}}]\n", encoding="utf-8")
    assert kg("build", corpus, "--out", curated, "--curation", cur, "--quiet").returncode == 0
    a = kg("eval", plain / "graph.json", "--gold", gold, "--json")
    b = kg("eval", curated / "graph.json", "--gold", gold, "--json", "--curation", cur)
    assert a.returncode == 0 and b.returncode == 0, a.stderr + b.stderr
    scores_b = json.loads(b.stdout)
    diff = scores_b.pop("curation")
    assert scores_b == json.loads(a.stdout)
    assert diff["links_removed"] == 1 and diff["nodes_removed"] == 0 and diff["stale"] == 0
    (curated / "graph.extracted.json").unlink()
    r = kg("eval", curated / "graph.json", "--gold", gold)
    assert r.returncode == 1 and "graph.extracted.json" in r.stderr and "Traceback" not in r.stderr
