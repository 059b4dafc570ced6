"""kg build: the stat index that spares re-hashing, a few changed documents, chunking, the pool's idle hook."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

import kg.build as kb
from kg.build import build as _build
from kg.buildcache import DocCache, StatIndex
from kg.engines import LocalEngine
from tests.build import helpers


def build(paths, out, **kw):
    kw.setdefault("extractor", helpers.toy_extractor)
    kw.setdefault("progress", False)
    return _build(paths, out, **kw)


def graph_bytes(out: Path) -> bytes:
    return (out / "graph.json").read_bytes()


@pytest.fixture(autouse=True)
def _reset_hooks():
    helpers.CALLS.clear()
    yield
    helpers.CALLS.clear()


# ------------------------------------------------------------------------- stat index


def _count_hashes(monkeypatch) -> list[str]:
    calls: list[str] = []
    real = kb.file_sha256

    def counting(path):
        calls.append(Path(path).name)
        return real(path)

    monkeypatch.setattr(kb, "file_sha256", counting)
    return calls


def test_unchanged_files_are_not_hashed_again(corpus, tmp_path, monkeypatch):
    monkeypatch.setattr(StatIndex, "RACY_NS", 0)
    calls = _count_hashes(monkeypatch)
    out = tmp_path / "o"
    r1 = build([str(corpus)], out)
    assert len(calls) == r1.documents_found
    assert (out / ".kg-cache" / StatIndex.NAME).is_file()
    calls.clear()
    r2 = build([str(corpus)], out)
    assert calls == [] and r2.reused == r2.documents_found


def test_same_size_change_with_mtime_restored_is_detected(corpus, tmp_path, monkeypatch):
    monkeypatch.setattr(StatIndex, "RACY_NS", 0)
    calls = _count_hashes(monkeypatch)
    out = tmp_path / "o"
    build([str(corpus)], out)
    victim = corpus / "doc02.txt"
    st = victim.stat()
    data = victim.read_bytes()
    new = data.replace("。".encode(), "，".encode(), 1)  # same length in UTF-8
    assert new != data and len(new) == len(data)
    victim.write_bytes(new)
    os.utime(victim, ns=(st.st_atime_ns, st.st_mtime_ns))  # size and mtime as before; ctime moved
    assert victim.stat().st_size == st.st_size and victim.stat().st_mtime_ns == st.st_mtime_ns
    calls.clear()
    helpers.CALLS.clear()
    rep = build([str(corpus)], out)
    assert calls == ["doc02.txt"] and helpers.CALLS == ["doc02.txt"] and rep.extracted == 1
    build([str(corpus)], tmp_path / "fresh")
    assert graph_bytes(out) == graph_bytes(tmp_path / "fresh")


def test_recently_modified_files_are_hashed_again(corpus, tmp_path, monkeypatch):
    calls = _count_hashes(monkeypatch)
    out = tmp_path / "o"
    build([str(corpus)], out)  # the corpus was written just now: too recent to trust its stat
    calls.clear()
    rep = build([str(corpus)], out)
    assert len(calls) == rep.documents_found and rep.reused == rep.documents_found


def test_corrupt_stat_index_is_ignored(corpus, tmp_path, monkeypatch):
    monkeypatch.setattr(StatIndex, "RACY_NS", 0)
    out = tmp_path / "o"
    build([str(corpus)], out)
    (out / ".kg-cache" / StatIndex.NAME).write_bytes(b'{"v": 1, "files": {"x": [1, 2')
    rep = build([str(corpus)], out)
    assert rep.reused == rep.documents_found


# ------------------------------------------------------------------------- a few changed documents


def test_few_changed_documents_with_workers(corpus, tmp_path):
    out = tmp_path / "o"
    build([str(corpus)], out, workers=2)
    (corpus / "doc02.txt").write_text("北京市丰台区支援察哈尔右翼前旗。", encoding="utf-8")
    (corpus / "new.txt").write_text("北京市门头沟区对口帮扶内蒙古自治区武川县。", encoding="utf-8")
    rep = build([str(corpus)], out, workers=2)
    import multiprocessing

    assert not multiprocessing.active_children()  # the workers are gone when build returns
    # two small documents: the two workers started first thing (they load only the words they use while
    # this process plans) extract them
    assert rep.engine == "local" and rep.workers == 2
    assert rep.extracted == 2 and rep.reused == rep.documents_found - 2
    build([str(corpus)], tmp_path / "fresh", workers=1)
    assert graph_bytes(out) == graph_bytes(tmp_path / "fresh")
    # nothing changed: no engine at all (the worker started early, in case, is gone)
    rep = build([str(corpus)], out, workers=2)
    assert rep.extracted == 0 and rep.engine == "none" and rep.workers == 0
    assert graph_bytes(out) == graph_bytes(tmp_path / "fresh")
    assert not multiprocessing.active_children()


def test_chunks_largest_first_and_smaller_towards_the_end():
    tasks = [(f"d{i}", f"/p{i}", f"k{i}", "s", size) for i, size in enumerate([10, 500, 20, 300, 40] * 20)]
    chunks = list(kb._chunks(tasks, workers=2, max_docs=16))
    flat = [t for c in chunks for t in c]
    assert sorted(flat) == sorted(tasks)
    sizes = [t[4] for t in flat]
    assert sizes == sorted(sizes, reverse=True)
    assert all(len(c) <= 16 for c in chunks)
    assert [len(c) for c in chunks[-3:]] == [1, 1, 1]  # the workers end on single small documents
    same = [(f"d{i}", "/p", "k", "s", 100) for i in range(200)]
    lens = [len(c) for c in kb._chunks(same, workers=2, max_docs=16)]
    assert lens == sorted(lens, reverse=True) and lens[0] == 16 and lens[-1] == 1


def _ident(chunk):
    return [{"n": x} for x in chunk]


def test_local_engine_idle_hook_runs_while_waiting():
    left = list(range(30))

    def idle() -> bool:
        if left:
            left.pop()
        return bool(left)

    eng = LocalEngine(2)
    got = [x["n"] for res in eng.run(_ident, ([i] for i in range(10)), idle=idle) for x in res]
    assert sorted(got) == list(range(10))


def test_gc_is_restored(corpus, tmp_path):
    import gc

    assert gc.isenabled()
    build([str(corpus)], tmp_path / "o")
    assert gc.isenabled()
    gc.disable()
    try:
        build([str(corpus)], tmp_path / "o")
        assert not gc.isenabled()  # left as the caller had it
    finally:
        gc.enable()


def test_same_document_ids_under_two_roots(corpus, tmp_path, monkeypatch):
    """Two corpus roots with the same relative file names: one document id, merged (mentions united)."""
    from tests.build.conftest import copy_tree

    other = copy_tree(corpus, tmp_path / "other")
    (other / "doc00.txt").write_text("北京市丰台区支援察哈尔右翼前旗。内蒙古自治区赤峰市。", encoding="utf-8")
    monkeypatch.setattr(kb, "MIN_BYTES_PER_WORKER", 0)
    r1 = build([str(corpus), str(other)], tmp_path / "w1", workers=1)
    build([str(corpus), str(other)], tmp_path / "w2", workers=2)
    assert r1.documents_found == 2 * len(list(corpus.rglob("*.txt")))
    assert graph_bytes(tmp_path / "w1") == graph_bytes(tmp_path / "w2")
    import json

    g = json.loads(graph_bytes(tmp_path / "w1"))
    docs = [d["doc"] for d in g["graph"]["documents"]]
    assert docs == sorted(set(docs))  # one record per document id
    for n in g["nodes"]:
        keys = [(m["doc"], m["sentence"], m["start"], m["end"]) for m in n["mentions"]]
        assert keys == sorted(set(keys))


def test_forked_workers_collect_garbage(corpus, tmp_path, monkeypatch):
    """The parent builds with its collector off; workers forked from it must turn theirs back on."""
    import gc

    monkeypatch.setattr(kb, "MIN_BYTES_PER_WORKER", 0)
    out = tmp_path / "o"
    rep = build([str(corpus)], out, workers=2, extractor=helpers.gc_probe_extractor)
    assert rep.workers == 2
    stats = [DocCache.decode(p.read_bytes())["stats"] for p in (out / ".kg-cache").rglob("*.kgc")]
    assert stats and all(s["gc_enabled"] for s in stats)
    assert all(s["pid"] != os.getpid() for s in stats)
    assert gc.isenabled() and gc.get_freeze_count() == 0


def test_cache_entry_encoding():
    class Name(str):
        pass

    entry = {"doc": "a.txt", "bytes": 3, "warnings": [], "error": None, "stats": {"sentences": 2},
             "digest": {"id": "a.txt", "nodes": [["Agency:甲", '{\n     "doc": "a.txt"\n    }']], "lon": 1.5}}
    data = DocCache.encode("k1", entry)
    assert DocCache.decode(data) == dict(entry, key="k1")
    assert DocCache.decode(data[:-1]) is None  # torn
    assert DocCache.decode(data[:4] + b"\0\0\0\0" + data[8:]) is None  # damaged
    assert DocCache.decode(b'{"key": "k1"}') is None  # an old JSON entry
    odd = DocCache.decode(DocCache.encode("k2", {"doc": Name("b.txt"), "n": True}))
    assert odd == {"doc": "b.txt", "n": True, "key": "k2"} and type(odd["doc"]) is str


def test_dist_versions_agree_with_importlib_metadata(tmp_path, monkeypatch):
    import importlib.metadata
    import sys

    from kg.buildcache import _FINGERPRINT_DISTS, dist_versions

    dists = (*_FINGERPRINT_DISTS, "neo4j", "PyYAML", "typing_extensions", "no-such-dist-kg")
    want = {}
    for d in dists:
        try:
            want[d] = importlib.metadata.version(d)
        except importlib.metadata.PackageNotFoundError:
            want[d] = None
    assert dist_versions(dists) == want and want["jieba"] and want["no-such-dist-kg"] is None
    # the first on sys.path wins, as for an import; a directory that cannot be read is passed over
    early = tmp_path / "early"
    (early / "jieba-9.9.dist-info").mkdir(parents=True)
    (early / "jieba-9.9.dist-info" / "METADATA").write_text("Metadata-Version: 2.1\nName: jieba\nVersion: 9.9\n")
    monkeypatch.setattr(sys, "path", [str(tmp_path / "gone"), str(early), *sys.path])
    assert dist_versions(["jieba"]) == {"jieba": "9.9"} == {"jieba": importlib.metadata.version("jieba")}


def test_remembered_values(tmp_path, monkeypatch):
    from kg.buildcache import remembered

    monkeypatch.setenv("KG_CACHE_DIR", str(tmp_path / "cache"))
    calls = []

    def compute(v):
        return lambda: calls.append(v) or {"v": v, "rows": [(1, "甲", 2.5, None, ("a", "b"))]}

    first = remembered("thing", ["src", b"data"], compute(1))
    assert remembered("thing", ["src", b"data"], compute(2)) == first and calls == [1]  # read back
    assert remembered("thing", ["src", b"other"], compute(3))["v"] == 3  # another key: computed, replaced
    assert remembered("thing", ["src", b"other"], compute(4))["v"] == 3 and calls == [1, 3]
    assert [p.name for p in (tmp_path / "cache").iterdir()] == ["thing.kgm"]  # one file per name
    path = tmp_path / "cache" / "thing.kgm"
    path.write_bytes(path.read_bytes()[:-1])  # torn
    assert remembered("thing", ["src", b"other"], compute(5))["v"] == 5
    blocker = tmp_path / "file"
    blocker.write_text("x")
    monkeypatch.setenv("KG_CACHE_DIR", str(blocker / "sub"))  # cannot be written: computed each time
    assert remembered("thing", ["src"], compute(6))["v"] == 6 and remembered("thing", ["src"], compute(7))["v"] == 7


def test_remembered_gazetteer_and_traditional_table_are_the_computed_ones(tmp_path, monkeypatch):
    from kg.extract import gazetteer
    from kg.ingest import chinese

    def fresh():
        gazetteer.load_gazetteer.cache_clear()
        chinese._trad_only_table.cache_clear()
        g = gazetteer.load_gazetteer()
        return g.regions, g.by_name, g.by_short, chinese._trad_only_table()

    monkeypatch.setenv("KG_CACHE_DIR", str(tmp_path / "cache"))
    try:
        computed = fresh()
        assert sorted(p.name for p in (tmp_path / "cache").iterdir()) == ["gazetteer.kgm", "trad-only.kgm"]
        remembered = fresh()
    finally:
        gazetteer.load_gazetteer.cache_clear()
        chinese._trad_only_table.cache_clear()
    assert remembered == computed
    assert list(remembered[0]) == list(computed[0])  # the table's order, which by_name's lists follow
    assert computed[0] == gazetteer._regions(gazetteer._adcodes_csv())
    assert computed[3] == chinese._trad_table() and computed[3][ord("貧")] == "贫"


def test_prune_keeps_only_the_entries_asked_for(tmp_path):
    c = DocCache(tmp_path / "cache")
    for key in ("aa01", "aa02", "bb01"):
        c.path(key).parent.mkdir(parents=True, exist_ok=True)
        c.path(key).write_bytes(b"x")
    (c.root / "aa" / ".aa03.kgc.123.tmp").write_bytes(b"torn")  # a write that was interrupted
    (c.root / "aa" / "odd").mkdir()  # not ours to remove: left alone
    (c.root / "stat.index").write_bytes(b"i")  # files beside the entry directories are not entries
    assert c.prune({"aa01"}) == 2
    assert sorted(p.name for p in (c.root / "aa").iterdir()) == ["aa01.kgc", "odd"]
    assert sorted(p.name for p in c.root.iterdir()) == ["aa", "bb", "stat.index"]
    assert list((c.root / "bb").iterdir()) == []
    assert DocCache(tmp_path / "nothing").prune(set()) == 0


def test_pool_size_for_builds_and_re_builds():
    mb = 1 << 20

    def n(work, reused, workers=2):
        docs = (work // 20_000, reused // 20_000)  # ~20 KB pages
        eng = kb._make_engine("local", workers, None, work, docs[0], docs[1], None, None, reused_bytes=reused)
        return eng.workers, eng.warms_in_parent, eng.lazy

    from kg.extract import jiebadict

    # build.py keeps its own copy (importing kg.extract there would cost the parent ≈ 35 ms): they must agree
    assert kb.LAZY_DICTIONARY_BYTES_PER_WORKER == jiebadict.PROMOTE_BYTES
    assert n(200 * mb, 0) == (2, True, False)  # a fresh build: warm once here, fork two
    # a few MB per worker: they start at once and load the words they use (no whole dictionary first)
    assert n(6 * mb, 0) == (2, False, True)
    assert n(int(0.5 * mb), 0) == (1, False, True)  # too little for two
    assert n(2 * mb, 198 * mb) == (1, False, True)  # 1 %: one worker, which warms while this process merges
    assert n(40 * mb, 160 * mb) == (2, False, False)  # 20 %: both
    assert n(120 * mb, 80 * mb) == (2, True, False)  # mostly new
    assert kb._make_engine("local", 2, None, 0, 0, 5, None, None) is None  # nothing to extract
    assert kb._make_engine("local", 1, None, mb, 3, 0, None, None).name == "serial"


def test_by_need_makes_each_value_once_on_lookup_and_misses_as_a_dict():
    from kg.buildcache import ByNeed

    made: list[str] = []
    raw = {"a": 1, "b": 2}

    def load(k):
        made.append(k)
        return raw[k] * 10

    t = ByNeed(load, known=raw)
    assert len(t) == 0 and made == []
    assert t["a"] == 10 and t.get("a") == 10 and t.get("b", 0) == 20
    assert made == ["a", "b"]  # once each
    assert t.get("zz") is None and t.get("zz", -1) == -1
    with pytest.raises(KeyError):
        t["zz"]
    assert "zz" not in t and dict(t) == {"a": 10, "b": 20} and t.known is raw
