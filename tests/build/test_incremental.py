"""kg build: the stat index that spares re-hashing, a few changed documents, chunking, the pool's idle hook."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

import kg.build as kb
import kg.buildextract as kx
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
    # two small documents: one worker extracts them while this process merges
    assert rep.engine == "local" and rep.workers == 1
    assert rep.extracted == 2 and rep.reused == rep.documents_found - 2
    build([str(corpus)], tmp_path / "fresh", workers=1)
    assert graph_bytes(out) == graph_bytes(tmp_path / "fresh")
    # nothing changed: no worker started, and the report says all was reused
    rep = build([str(corpus)], out, workers=2)
    assert rep.extracted == 0 and rep.engine == "local" and rep.workers == 0
    assert json.loads((out / "build-report.json").read_text(encoding="utf-8"))["all_reused"] is True
    assert graph_bytes(out) == graph_bytes(tmp_path / "fresh")
    assert not multiprocessing.active_children()


def test_chunks_largest_first_and_smaller_towards_the_end():
    tasks = [(f"d{i}", f"/p{i}", f"k{i}", "s", size) for i, size in enumerate([10, 500, 20, 300, 40] * 20)]
    chunks = list(kx._chunks(tasks, workers=2, max_docs=16))
    flat = [t for c in chunks for t in c]
    assert sorted(flat) == sorted(tasks)
    sizes = [t[4] for t in flat]
    assert sizes == sorted(sizes, reverse=True)
    assert all(len(c) <= 16 for c in chunks)
    assert [len(c) for c in chunks[-3:]] == [1, 1, 1]  # the workers end on single small documents
    same = [(f"d{i}", "/p", "k", "s", 100) for i in range(200)]
    lens = [len(c) for c in kx._chunks(same, workers=2, max_docs=16)]
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
    monkeypatch.setattr(kx, "MIN_BYTES_PER_WORKER", 0)
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

    monkeypatch.setattr(kx, "MIN_BYTES_PER_WORKER", 0)
    out = tmp_path / "o"
    rep = build([str(corpus)], out, workers=2, extractor=helpers.gc_probe_extractor)
    assert rep.workers == 2
    cache = DocCache.in_out_dir(out)
    stats = [DocCache.decode(d)["stats"] for (d,) in cache.db.execute("SELECT data FROM entries")]
    cache.close()
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
    assert DocCache.decode(b"\x80" + data[1:]) is None  # damaged
    assert DocCache.decode(b"[1, 2]") is None  # not an entry
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


def test_remembered_values_are_per_process_only(tmp_path, monkeypatch):
    from kg.buildcache import remembered

    monkeypatch.setenv("KG_CACHE_DIR", str(tmp_path / "cache"))
    calls = []

    def compute(v):
        return lambda: calls.append(v) or {"v": v}

    first = remembered("thing", ["src", b"data"], compute(1))
    assert remembered("thing", ["src", b"data"], compute(2)) == first and calls == [1]
    assert remembered("thing", ["src", b"other"], compute(3))["v"] == 3  # another key: computed
    assert not (tmp_path / "cache").exists()  # nothing kept per machine


def test_old_machine_caches_are_removed(tmp_path, monkeypatch):
    from kg.buildcache import forget_machine_caches

    cache = tmp_path / "cache"
    cache.mkdir()
    for name in ("regex-cpython-311.kgr", "jieba-0123456789abcdef.kgd", "matcher.kgm", "mine.txt"):
        (cache / name).write_bytes(b"x")
    monkeypatch.setenv("KG_CACHE_DIR", str(cache))
    assert forget_machine_caches() == 3
    assert [p.name for p in cache.iterdir()] == ["mine.txt"]  # only kg's own old files


def test_prune_keeps_only_the_entries_asked_for(tmp_path):
    c = DocCache(tmp_path / "cache")
    for key in ("aa01", "aa02", "bb01"):
        c.put(key, {"doc": key})
    c.commit()
    assert c.prune({"aa01", "zz"}) == 2
    assert c.get("aa01") == {"doc": "aa01", "key": "aa01"} and c.get("aa02") is None and not c.has("bb01")
    c.close()


def test_pool_size_for_builds_and_re_builds():
    mb = 1 << 20

    def n(work, reused, workers=2):
        docs = max(1, work // 20_000)  # ~20 KB pages
        eng = kx.make_engine("local", workers, None, work, docs, None, None, reused_bytes=reused)
        return eng.workers, eng.warms_in_parent

    assert n(200 * mb, 0) == (2, True)  # a fresh build: warm once here, fork two
    assert n(int(0.5 * mb), 0) == (1, True)  # too little for two
    assert n(2 * mb, 198 * mb) == (1, False)  # 1 %: one worker, which warms while this process merges
    assert n(40 * mb, 160 * mb) == (2, False)  # 20 %: both
    assert n(120 * mb, 80 * mb) == (2, True)  # mostly new
    assert kx.make_engine("local", 2, None, 0, 0, None, None) is None  # nothing to extract
    assert kx.make_engine("local", 1, None, mb, 3, None, None).name == "serial"


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
