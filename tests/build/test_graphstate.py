"""kg.graphstate: a re-build updates the saved graph store (OUT/graph.db) instead of merging every document again, and
gives the bytes a full merge gives."""

from __future__ import annotations

import json
import os
import random
import shutil
import sqlite3
from pathlib import Path

import pytest

import kg.graph as kgraph
from kg import graphindex, graphstate, linkrows
from kg.build import build
from kg.buildcache import DocCache
from tests.build import helpers
from tests.build.helpers import fuzz_extractor

SAME = ("documents_found", "documents_read", "documents_skipped", "skipped", "warnings", "articles", "sentences",
        "characters", "bytes", "nodes", "links", "nodes_by_type", "links_by_type")


def _text(rng: random.Random) -> str:
    return "本报讯 " + "".join(rng.choice("北京赤峰帮扶资金项目合作发展") for _ in range(rng.randint(20, 80))) + \
        f"{rng.random()}。\n"


def _corpus(root: Path, rng: random.Random, n: int = 24) -> Path:
    for i in range(n):
        p = root / f"{2010 + i % 3}" / f"p{i * 10:04d}.txt"
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(_text(rng), encoding="utf-8")
    return root


def _build(paths, out, **kw) -> dict:
    build([str(p) for p in (paths if isinstance(paths, list) else [paths])], out, extractor=fuzz_extractor,
          progress=False, **kw)
    return json.loads((Path(out) / "build-report.json").read_text(encoding="utf-8"))


def _check_same_as_full(paths, out: Path, ref: Path, **kw) -> dict:
    """Re-build `out`, build `ref` from nothing; graph.json and the report's contents must agree."""
    rep = _build(paths, out, **kw)
    shutil.rmtree(ref, ignore_errors=True)
    full = _build(paths, ref)
    assert full["graph_update"] == "full"
    assert (out / "graph.json").read_bytes() == (ref / "graph.json").read_bytes()
    assert {k: rep[k] for k in SAME} == {k: full[k] for k in SAME}
    return rep


def _store_docs(out: Path) -> list[tuple]:
    db = graphindex.connect(out / "graph.db")
    try:
        return graphstate.saved_docs(db)
    finally:
        db.close()


def test_random_edits_updated_in_place_equal_full_merges(tmp_path):
    rng = random.Random(11)
    corpus = _corpus(tmp_path / "c", rng)
    out, ref = tmp_path / "out", tmp_path / "ref"
    assert _build(corpus, out)["graph_update"] == "full"
    modes = []
    for step in range(30):
        files = sorted(corpus.rglob("*.txt"))
        op = rng.choice(["edit", "edit", "edit_many", "add", "add_first", "remove", "noop", "revert"])
        if op == "edit":
            rng.choice(files).write_text(_text(rng), encoding="utf-8")
        elif op == "edit_many":
            for f in rng.sample(files, 3):
                f.write_text(_text(rng), encoding="utf-8")
        elif op == "add":
            (corpus / "2011" / f"p{rng.randint(0, 999):04d}x.txt").write_text(_text(rng), encoding="utf-8")
        elif op == "add_first":
            (corpus / "2000" / f"a{step:03d}.txt").parent.mkdir(exist_ok=True)
            (corpus / "2000" / f"a{step:03d}.txt").write_text(_text(rng), encoding="utf-8")
        elif op == "remove" and len(files) > 10:
            rng.choice(files).unlink()
        elif op == "revert":  # back to content an earlier build had (its entry may still be cached)
            f = rng.choice(files)
            old = f.read_text(encoding="utf-8")
            f.write_text(_text(rng), encoding="utf-8")
            _build(corpus, out)
            f.write_text(old, encoding="utf-8")
        rep = _check_same_as_full(corpus, out, ref)
        modes.append(rep["graph_update"])
        # the store's rows are those of a full merge too (but the merge records, which hold ranks)
        assert _rows(out) == _rows(ref)
    assert modes.count("incremental") >= 25, modes


def _rows(out: Path) -> list:
    db = graphindex.connect(out / "graph.db")
    try:
        return [list(db.execute("SELECT id, type, name, aliases, attrs, mentions, head, tail FROM nodes ORDER BY id")),
                list(db.execute("SELECT id, ms, n, odd FROM node_mentions ORDER BY id, rank")),
                [graphindex.node(db, nid) for (nid,) in db.execute("SELECT id FROM nodes ORDER BY id")],
                list(db.execute("SELECT * FROM aliases ORDER BY 1, 2")),
                list(db.execute("SELECT source, target, type, evidence, head, tail FROM links ORDER BY 1, 2, 3")),
                list(db.execute("SELECT source, target, type, day, doc, n, amounts, odd, ev FROM link_evidence "
                                "ORDER BY 1, 2, 3, 4, 5"))]
    finally:
        db.close()


def test_incremental_with_a_worker_pool(tmp_path):
    rng = random.Random(3)
    corpus = _corpus(tmp_path / "c", rng)
    out = tmp_path / "out"
    _build(corpus, out, workers=2)
    for f in sorted(corpus.rglob("*.txt"))[::7]:
        f.write_text(_text(rng), encoding="utf-8")
    rep = _check_same_as_full(corpus, out, tmp_path / "ref", workers=2)
    assert rep["graph_update"] == "incremental" and rep["extracted"] == 4


def test_nodes_and_links_only_a_removed_document_had_disappear(tmp_path):
    rng = random.Random(5)
    corpus = _corpus(tmp_path / "c", rng, n=6)
    out = tmp_path / "out"
    _build(corpus, out)
    before = json.loads((out / "graph.json").read_text(encoding="utf-8"))
    victim = sorted(corpus.rglob("*.txt"))[2]
    victim.unlink()
    rep = _check_same_as_full(corpus, out, tmp_path / "ref")
    assert rep["graph_update"] == "incremental"
    after = json.loads((out / "graph.json").read_text(encoding="utf-8"))
    doc = str(victim.relative_to(corpus))
    assert any(m["doc"] == doc for n in before["nodes"] for m in n["mentions"])
    assert not any(m["doc"] == doc for n in after["nodes"] for m in n["mentions"])
    assert doc not in {d["doc"] for d in after["graph"]["documents"]}


def _one_edit(corpus: Path, rng: random.Random) -> None:
    sorted(corpus.rglob("*.txt"))[1].write_text(_text(rng), encoding="utf-8")


@pytest.mark.parametrize("damage", ["garbage_store", "store_is_a_dir", "other_version", "older_version",
                                    "bad_record", "bad_link_record", "removed_entry", "no_store"])
def test_damaged_or_missing_store_means_a_full_merge(tmp_path, damage):
    rng = random.Random(8)
    corpus = _corpus(tmp_path / "c", rng, n=8)
    out = tmp_path / "out"
    _build(corpus, out)
    store = out / "graph.db"
    if damage == "removed_entry":  # what the changed document touched before is no longer known
        victim = sorted(corpus.rglob("*.txt"))[1]
        key = next(r[2] for r in _store_docs(out) if r[1] == str(victim.relative_to(corpus)))
        cache = DocCache.in_out_dir(out)
        cache.db.execute("DELETE FROM entries WHERE key=?", (key,))
        cache.close()
    _one_edit(corpus, rng)
    if damage == "garbage_store":
        store.write_bytes(b"SQLite format 3\x00" + os.urandom(5000))
    elif damage == "store_is_a_dir":
        store.unlink()
        (store / "sub").mkdir(parents=True)
    elif damage in ("other_version", "older_version"):  # (older: before link evidence had rows of its own)
        db = sqlite3.connect(store)
        db.execute(f"PRAGMA user_version={99 if damage == 'other_version' else graphindex.SCHEMA - 1}")
        db.close()
    elif damage in ("bad_record", "bad_link_record"):
        db = sqlite3.connect(store)
        db.execute(f"UPDATE {'nodes' if damage == 'bad_record' else 'links'} SET record='{{not json'")
        db.commit()
        db.close()
    elif damage == "no_store":
        store.unlink()
    lines: list[str] = []
    rep = _check_same_as_full(corpus, out, tmp_path / "ref", log=lines.append)
    assert rep["graph_update"] == "full"
    repairs = [x for x in lines if x.startswith("warning: ")]
    if damage in ("garbage_store", "store_is_a_dir", "other_version", "older_version", "bad_record",
                  "bad_link_record"):
        assert len(repairs) == 1 and "graph" in repairs[0] and "\n" not in repairs[0], lines
    else:
        assert repairs == []
    assert _store_docs(out) is not None  # saved again for the next re-build
    _one_edit(corpus, rng)
    assert _check_same_as_full(corpus, out, tmp_path / "ref")["graph_update"] == "incremental"


def test_full_merge_when_much_changed_reordered_or_ids_repeat(tmp_path, monkeypatch):
    rng = random.Random(9)
    a = _corpus(tmp_path / "a", rng, n=8)
    b = _corpus(tmp_path / "b", random.Random(10), n=4)
    out = tmp_path / "out"
    _build([a], out)
    for f in sorted(a.rglob("*.txt"))[:4]:  # half the corpus
        f.write_text(_text(rng), encoding="utf-8")
    assert _check_same_as_full([a], out, tmp_path / "ref")["graph_update"] == "full"
    # the same document ids under two roots: mentions are merged per id
    assert _check_same_as_full([a, b], out, tmp_path / "ref")["graph_update"] == "full"
    assert _check_same_as_full([a, b], out, tmp_path / "ref")["graph_update"] == "full"
    # no room left between two ranks for a new document: a full merge spaces them again
    monkeypatch.setattr(graphstate, "GAP", 2)
    _build([a], out)
    (a / "2010" / "p0000a.txt").write_text(_text(rng), encoding="utf-8")
    (a / "2010" / "p0000b.txt").write_text(_text(rng), encoding="utf-8")
    assert _check_same_as_full([a], out, tmp_path / "ref")["graph_update"] == "full"
    (a / "2010" / "p0000c.txt").write_text(_text(rng), encoding="utf-8")
    assert _check_same_as_full([a], out, tmp_path / "ref")["graph_update"] == "incremental"


def test_merger_remove_ranks_is_the_merge_without_them():
    """GraphMerger.remove_ranks, load_node / load_edge: taking documents out of a merge, or merging
    saved records, gives what merging without them gives (the conflicting documents of the merge tests)."""
    from tests.build.test_graph_merge import _conflicting_extractions

    exs = [ex for ex in _conflicting_extractions() if ex["doc"] not in ("d00.txt", "d01.txt")]  # unique ids
    dgs = [json.loads(json.dumps(kgraph.digest_extraction(ex), ensure_ascii=False)) for ex in exs]
    rng = random.Random(4)
    for _ in range(10):
        drop = set(rng.sample(range(len(exs)), rng.randint(1, len(exs) - 1)))
        full = kgraph.GraphMerger()
        for r, dg in enumerate(dgs):
            full.add_digest(dg, r * 10)
        full.remove_ranks({r * 10 for r in drop})
        ref = kgraph.GraphMerger()
        for r, dg in enumerate(dgs):
            if r not in drop:
                ref.add_digest(dg, r * 10)
        assert kgraph.dumps_graph(full.to_networkx()) == kgraph.dumps_graph(ref.to_networkx())
        # records saved and loaded back in two halves
        half = kgraph.GraphMerger()
        for r, dg in enumerate(dgs):
            if r not in drop and r % 2:
                half.add_digest(dg, r * 10)
        other = kgraph.GraphMerger()
        for r, dg in enumerate(dgs):
            if r not in drop and not r % 2:
                other.add_digest(dg, r * 10)
        for nid in list(other.node_ids()):
            # as the store keeps a node: its record without the mentions, and a row per document's mentions
            rec = other.node_record(nid)
            saved = json.loads(graphstate._node_record_json(rec))
            saved[2] = [(r, json.loads(ms) if odd else ms.decode("utf-8"))
                        for _, r, ms, _, odd in graphstate._group_rows(nid, rec[2])] or None
            half.load_node(nid, saved)
        for k in list(other.edge_keys()):
            # as the store keeps a link: its record without the evidence, and rows of its evidence
            rec = other.edge_record(k)
            saved = json.loads(linkrows._record_json(rec))
            saved[4] = linkrows.evidence_of_rows((r[5], r[9]) for r in linkrows.evidence_rows(k, rec[4])) or None
            half.load_edge(k, saved)
        half.set_documents((r * 10, exs[r]["doc"], kgraph.digest_extraction(exs[r])["doc"])
                           for r in range(len(exs)) if r not in drop and not r % 2)
        assert kgraph.dumps_graph(half.to_networkx()) == kgraph.dumps_graph(ref.to_networkx())


def test_helpers_kept_importable():
    assert callable(helpers.toy_extractor)


def test_an_update_that_dies_before_graph_json_is_replaced(tmp_path, monkeypatch):
    """The store is updated in one transaction, then graph.json is written from it: dying in between (the
    replace fails) leaves graph.json as it was, and the next build writes it from the store."""
    from kg import graphjson

    rng = random.Random(13)
    corpus = _corpus(tmp_path / "c", rng, n=8)
    out = tmp_path / "out"
    _build(corpus, out)
    graph_before = (out / "graph.json").read_bytes()
    _one_edit(corpus, rng)

    def die(tmp, path):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(graphjson, "publish", die)
    with pytest.raises(OSError):
        _build(corpus, out)
    monkeypatch.undo()
    assert (out / "graph.json").read_bytes() == graph_before  # untouched
    assert not [p for p in out.iterdir() if p.name.endswith(".tmp")]
    rep = _check_same_as_full(corpus, out, tmp_path / "ref")
    assert rep["graph_update"] == "incremental" and rep["extracted"] == 0
    _one_edit(corpus, rng)
    assert _check_same_as_full(corpus, out, tmp_path / "ref")["graph_update"] == "incremental"


def test_store_with_mentions_given_as_lists(tmp_path):
    """Mentions the writer cannot render as text (kept as lists: not produced by kg.build, whose entries
    pass through JSON, but a merger accepts them) are stored with the node whole; fill and update still
    give the bytes a merger writes."""
    from kg import graphjson
    from tests.build.test_graph_merge import _conflicting_extractions

    exs = sorted((ex for ex in _conflicting_extractions() if ex["doc"] not in ("d00.txt", "d01.txt")),
                 key=lambda ex: ex["doc"])
    dgs = [json.loads(json.dumps(kgraph.digest_extraction(ex), ensure_ascii=False)) for ex in exs]
    odd = 0
    for dg in dgs[::2]:
        for e in dg["nodes"]:
            if e[1] and type(e[1]) is str:
                e[1] = [list(t) for t in graphjson.mention_tuples(dg["id"], e[1])]
                odd += 1
    assert odd
    recs = [((i + 1) * 10, dg["id"], f"key{i}", dg["doc"], 0, [0, 0, 0], [], None) for i, dg in enumerate(dgs)]

    def merged(skip: int | None = None) -> kgraph.GraphMerger:
        m = kgraph.GraphMerger()
        for i, dg in enumerate(dgs):
            if i != skip:
                m.add_digest(dg, (i + 1) * 10)
        return m

    def written(m_or_db, name: str) -> bytes:
        path = tmp_path / name
        if isinstance(m_or_db, kgraph.GraphMerger):
            m_or_db.write(path)
        else:
            graphindex.write_graph_json(m_or_db, path)
        return path.read_bytes()

    db = graphindex.connect(tmp_path / "graph.db", create=True)
    try:
        graphstate.fill(db, merged(), recs)
        assert written(db, "a.json") == written(merged(), "b.json")
        assert db.execute("SELECT count(*) FROM node_mentions WHERE odd=1").fetchone()[0] > 0
        cache = {rec[2]: {"digest": dg} for rec, dg in zip(recs, dgs, strict=True)}
        for j in (2, 3):  # take a document out (one with list mentions, one without) ...
            p = graphstate.Plan(order={}, kept={}, added=[], removed=[recs[j]])
            assert graphstate.update(db, p, kgraph.GraphMerger(), [r for i, r in enumerate(recs) if i != j], cache)
            assert written(db, "a.json") == written(merged(skip=j), "b.json")
            back = kgraph.GraphMerger()  # ... and put it back
            back.add_digest(dgs[j], recs[j][0])
            p = graphstate.Plan(order={}, kept={}, added=[recs[j][0]], removed=[])
            assert graphstate.update(db, p, back, recs, cache)
            assert written(db, "a.json") == written(merged(), "b.json")
    finally:
        db.close()


@pytest.mark.parametrize("case", ["unique ids", "ids twice", "ranks not in id order", "list mentions"])
def test_mentions_spilled_to_disk_give_the_same_store(tmp_path, case):
    """A full build's merger keeps its rendered mentions in a MentionSpill (a file in OUT, not memory):
    the store it fills writes the bytes of a merger that kept them in memory, whether the mentions can be
    one row per document (split from the node) or the node must be rendered whole (a document id twice,
    ranks not in document id order, mentions given as lists); its own writer takes them back first."""
    from kg import graphjson
    from tests.build.test_graph_merge import _conflicting_extractions

    exs = _conflicting_extractions()
    if case != "ids twice":
        exs = sorted((ex for ex in exs if ex["doc"] not in ("d00.txt", "d01.txt")), key=lambda ex: ex["doc"])
    if case == "ranks not in id order":
        exs = exs[::-1]
    dgs = [json.loads(json.dumps(kgraph.digest_extraction(ex), ensure_ascii=False)) for ex in exs]
    if case == "list mentions":
        for dg in dgs[::3]:
            for e in dg["nodes"]:
                if e[1] and type(e[1]) is str:
                    e[1] = [list(t) for t in graphjson.mention_tuples(dg["id"], e[1])]
    recs = [((i + 1) * 10, dg["id"], f"key{i}", dg["doc"], 0, [0, 0, 0], [], None) for i, dg in enumerate(dgs)]

    def merged(spill=None) -> kgraph.GraphMerger:
        m = kgraph.GraphMerger(spill)
        for i, dg in enumerate(dgs):
            m.add_digest(dg, (i + 1) * 10)
        return m

    merged().write(tmp_path / "memory.json")
    spill = graphstate.MentionSpill(tmp_path)
    m = merged(spill)
    assert sum(1 for _ in m.spilled_mentions()) > 0
    db = graphindex.connect(tmp_path / "graph.db", create=True)
    try:
        graphstate.fill(db, m, recs)
        graphindex.write_graph_json(db, tmp_path / "graph.json")
    finally:
        db.close()
    assert (tmp_path / "graph.json").read_bytes() == (tmp_path / "memory.json").read_bytes()
    m.write(tmp_path / "unspilled.json")
    assert (tmp_path / "unspilled.json").read_bytes() == (tmp_path / "memory.json").read_bytes()
    assert spill.path.exists()
    spill.close()
    assert not spill.path.exists()


def test_spill_left_by_a_killed_build_is_removed(tmp_path):
    dead = tmp_path / f"{graphstate.MentionSpill.PREFIX}999999999.tmp"
    live = tmp_path / f"{graphstate.MentionSpill.PREFIX}{os.getppid()}.tmp"
    dead.write_bytes(b"x")
    live.write_bytes(b"x")
    spill = graphstate.MentionSpill(tmp_path)
    try:
        assert not dead.exists() and live.exists()  # another build's (its process is alive) is left alone
    finally:
        spill.close()


def test_a_full_build_leaves_no_spill(tmp_path):
    rng = random.Random(17)
    corpus = _corpus(tmp_path / "c", rng, n=6)
    assert _build(corpus, tmp_path / "out")["graph_update"] == "full"
    assert not list((tmp_path / "out").glob(f"{graphstate.MentionSpill.PREFIX}*"))


def _index_sql(out: Path) -> list:
    db = sqlite3.connect(out / "graph.db")
    try:
        return sorted(db.execute("SELECT name, sql FROM sqlite_master WHERE type='index' AND sql IS NOT NULL"))
    finally:
        db.close()


def test_a_fill_that_fails_keeps_the_store_and_its_indexes(tmp_path, monkeypatch):
    """A full fill drops the indexes while it inserts and makes them again at the end, all in one
    transaction: a fill that dies half way leaves the store as it was, indexes included."""
    rng = random.Random(17)
    corpus = _corpus(tmp_path / "c", rng, n=8)
    out = tmp_path / "out"
    _build(corpus, out)
    indexes, rows = _index_sql(out), _rows(out)
    assert indexes  # the store has indexes to lose

    def die(db, m):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(linkrows, "fill_links", die)
    for p in corpus.rglob("*.txt"):  # every document changed: a full merge, so fill() runs
        p.write_text(_text(rng), encoding="utf-8")
    with pytest.raises(OSError):
        _build(corpus, out)
    monkeypatch.undo()
    assert _index_sql(out) == indexes and _rows(out) == rows
    rep = _check_same_as_full(corpus, out, tmp_path / "ref")
    assert _index_sql(out) == indexes and rep["extracted"] == 0
