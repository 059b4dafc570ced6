"""kg.graphstate: a re-build updates the saved graph state instead of merging every document again, and
gives the bytes a full merge gives."""

from __future__ import annotations

import json
import os
import random
import shutil
from pathlib import Path

import pytest

import kg.graph as kgraph
from kg import graphstate
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


_MAX_GARBAGE = graphstate.MAX_GARBAGE


def _state_spans(ix: graphstate.Index) -> list[tuple[int, int]]:
    """Every current record's (start, end) in graph.state, in graph.json's order."""
    return [(s[2 * i], s[2 * i + 1]) for s in (ix.links_state, ix.nodes_state) for i in range(len(s) // 2)]


def _check_state(root: Path, graph: Path, sizes: list[int]) -> None:
    """The index's account of graph.state is exact: its size, its live bytes; a file written afresh holds
    the records in graph.json's order, one after the other."""
    ix = graphstate.load(root, graph)
    assert ix is not None
    spans = _state_spans(ix)
    assert ix.state_size == (root / "graph.state").stat().st_size
    assert ix.state_live == sum(b - a for a, b in spans)
    assert len({a for a, _ in spans}) == len(spans) and all(b <= ix.state_size for _, b in spans)
    if sizes and ix.state_size < sizes[-1] or ix.state_size == ix.state_live:  # compacted (or a full build)
        assert [a for a, _ in spans] == [0, *(b for _, b in spans[:-1])] and spans[-1][1] == ix.state_size
    sizes.append(ix.state_size)


# unchanged runs copied from memory when short, in the kernel (copy_file_range) when long: both, mixed;
# the changed records appended to graph.state, which is written afresh when half of it is garbage, every
# other time (0), or never (a large limit)
# (and graph.json handed to the disk as it is written, here every 4 KB)
@pytest.mark.parametrize("short_copy, garbage", [(graphstate._SHORT_COPY, _MAX_GARBAGE),
                                                 (300, 0.0), (graphstate._SHORT_COPY, 1e9)])
def test_random_edits_updated_in_place_equal_full_merges(tmp_path, monkeypatch, short_copy, garbage):
    monkeypatch.setattr(graphstate, "_SHORT_COPY", short_copy)
    monkeypatch.setattr(graphstate, "_WRITEBACK_STEP", 4096 if short_copy == 300 else graphstate._WRITEBACK_STEP)
    monkeypatch.setattr(graphstate, "MAX_GARBAGE", garbage)
    rng = random.Random(11)
    corpus = _corpus(tmp_path / "c", rng)
    out, ref = tmp_path / "out", tmp_path / "ref"
    assert _build(corpus, out)["graph_update"] == "full"
    sizes: list[int] = []
    _check_state(out / ".kg-cache", out / "graph.json", sizes)
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
        _check_state(out / ".kg-cache", out / "graph.json", sizes)
    assert modes.count("incremental") >= 25, modes
    shrank = sum(b < a for a, b in zip(sizes, sizes[1:], strict=False))
    if garbage > 100:
        assert shrank <= modes.count("full")  # only full merges write it afresh
    else:
        assert shrank > modes.count("full")
    if garbage == _MAX_GARBAGE:  # garbage bounded: at most about the live bytes
        ix = graphstate.load(out / ".kg-cache", out / "graph.json")
        assert ix.state_size <= 3 * ix.state_live


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


@pytest.mark.parametrize("damage", ["graph", "state", "index", "removed_entry", "no_state"])
def test_damaged_or_missing_state_means_a_full_merge(tmp_path, damage):
    rng = random.Random(8)
    corpus = _corpus(tmp_path / "c", rng, n=8)
    out = tmp_path / "out"
    _build(corpus, out)
    root = out / ".kg-cache"
    if damage == "removed_entry":  # what the changed document touched before is no longer known
        victim = sorted(corpus.rglob("*.txt"))[1]
        ix = graphstate.load(root, out / "graph.json")
        key = next(r[2] for r in ix.docs if r[1] == str(victim.relative_to(corpus)))
        DocCache(root).path(key).unlink()
    _one_edit(corpus, rng)
    if damage == "graph":
        (out / "graph.json").write_text((out / "graph.json").read_text(encoding="utf-8").replace("赤峰", "北京"),
                                        encoding="utf-8")
    elif damage == "state":
        data = bytearray((root / "graph.state").read_bytes())
        data[len(data) // 2] ^= 0xFF
        (root / "graph.state").write_bytes(bytes(data))
    elif damage == "index":
        data = bytearray((root / "graph.index").read_bytes())
        data[-3] ^= 0xFF
        (root / "graph.index").write_bytes(bytes(data))
    elif damage == "no_state":
        (root / "graph.state").unlink()
    rep = _check_same_as_full(corpus, out, tmp_path / "ref")
    assert rep["graph_update"] == "full"
    assert graphstate.load(root, out / "graph.json") is not None  # saved again for the next re-build
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


def test_fallback_when_the_update_fails(tmp_path, monkeypatch):
    rng = random.Random(12)
    corpus = _corpus(tmp_path / "c", rng, n=8)
    out = tmp_path / "out"
    _build(corpus, out)
    _one_edit(corpus, rng)

    def fail(*a, **kw):
        raise kgraph._Unsupported

    monkeypatch.setattr(graphstate, "_write", fail)
    assert _check_same_as_full(corpus, out, tmp_path / "ref")["graph_update"] == "full"


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
        import marshal

        half = kgraph.GraphMerger()
        for r, dg in enumerate(dgs):
            if r not in drop and r % 2:
                half.add_digest(dg, r * 10)
        other = kgraph.GraphMerger()
        for r, dg in enumerate(dgs):
            if r not in drop and not r % 2:
                other.add_digest(dg, r * 10)
        for nid in list(other.node_ids()):
            half.load_node(nid, marshal.loads(marshal.dumps(other.node_record(nid))))
        for k in list(other.edge_keys()):
            half.load_edge(k, marshal.loads(marshal.dumps(other.edge_record(k))))
        half.set_documents((r * 10, exs[r]["doc"], kgraph.digest_extraction(exs[r])["doc"])
                           for r in range(len(exs)) if r not in drop and not r % 2)
        assert kgraph.dumps_graph(half.to_networkx()) == kgraph.dumps_graph(ref.to_networkx())


def test_helpers_kept_importable():
    assert callable(helpers.toy_extractor)


def test_an_update_that_dies_after_appending_leaves_a_full_merge_next(tmp_path, monkeypatch):
    """The records are appended to graph.state before graph.json is replaced: dying in between (here the
    replace fails) leaves no index, so the next build merges everything and writes graph.state afresh."""
    rng = random.Random(13)
    corpus = _corpus(tmp_path / "c", rng, n=8)
    out = tmp_path / "out"
    _build(corpus, out)
    root = out / ".kg-cache"
    size = (root / "graph.state").stat().st_size
    graph_before = (out / "graph.json").read_bytes()
    _one_edit(corpus, rng)

    def die(tmp, path):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(graphstate, "publish", die)
    with pytest.raises(OSError):
        _build(corpus, out)
    monkeypatch.undo()
    assert (root / "graph.state").stat().st_size > size  # appended to
    assert (out / "graph.json").read_bytes() == graph_before  # untouched
    assert graphstate.load(root, out / "graph.json") is None
    rep = _check_same_as_full(corpus, out, tmp_path / "ref")
    assert rep["graph_update"] == "full"
    _check_state(root, out / "graph.json", [])
    _one_edit(corpus, rng)
    assert _check_same_as_full(corpus, out, tmp_path / "ref")["graph_update"] == "incremental"


def test_written_bytes_are_handed_to_the_disk_as_they_go(tmp_path, monkeypatch):
    """_Out(writeback=True) starts the writeback of each _WRITEBACK_STEP bytes written or copied, one range
    after the other, never past what is written; without it, or where it fails, nothing is asked."""
    calls: list[tuple[int, int]] = []

    def advise(fd, offset, length, advice):
        assert advice == os.POSIX_FADV_DONTNEED
        calls.append((offset, length))

    monkeypatch.setattr(graphstate, "_WRITEBACK_STEP", 1000)
    monkeypatch.setattr(os, "posix_fadvise", advise, raising=False)
    src = tmp_path / "src"
    src.write_bytes(bytes(range(256)) * 40)
    with open(tmp_path / "dst", "wb") as f, open(src, "rb") as sf:
        out = graphstate._Out(f.fileno(), writeback=True)
        for _ in range(7):
            out.write(b"x" * 300)
        out.flush()
        out.copy(sf.fileno(), 0, 5000)  # in the kernel
        out.write(b"y" * 10)
        out.flush()
        assert out.pos == 2100 + 5000 + 10
    assert calls and calls[0][0] == 0
    assert all(a + n == b for (a, n), (b, _) in zip(calls, calls[1:], strict=False))
    assert calls[-1][0] + calls[-1][1] <= 7110
    assert (tmp_path / "dst").read_bytes() == b"x" * 2100 + (bytes(range(256)) * 40)[:5000] + b"y" * 10
    calls.clear()
    with open(tmp_path / "dst2", "wb") as f:
        out = graphstate._Out(f.fileno())
        out.write(b"z" * 5000)
        out.flush()
    assert calls == []
