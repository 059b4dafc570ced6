from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

import kg.build as kb
import kg.buildextract as kx
from kg.build import BuildInterrupted
from kg.build import build as _build
from kg.buildcache import DocCache
from kg.engines import LocalEngine
from tests.build import helpers
from tests.build.conftest import REPO


def build(paths, out, **kw):
    """kg.build.build with the toy extractor (the real one is developed and tested separately)."""
    kw.setdefault("extractor", helpers.toy_extractor)
    return _build(paths, out, **kw)


@pytest.fixture(autouse=True)
def _reset_hooks():
    helpers.CALLS.clear()
    helpers.INTERRUPT_AT = None
    yield
    helpers.CALLS.clear()
    helpers.INTERRUPT_AT = None


def graph_bytes(out: Path) -> bytes:
    return (out / "graph.json").read_bytes()


def report(out: Path) -> dict:
    return json.loads((out / "build-report.json").read_text(encoding="utf-8"))


# ------------------------------------------------------------------------- determinism


def test_two_builds_byte_identical(corpus, tmp_path):
    build([str(corpus)], tmp_path / "a", progress=False)
    build([str(corpus)], tmp_path / "b", progress=False)
    assert graph_bytes(tmp_path / "a") == graph_bytes(tmp_path / "b")
    g = json.loads(graph_bytes(tmp_path / "a"))
    assert {"nodes", "links"} <= set(g)
    # no temp files left behind by the atomic writes
    assert not [p for p in (tmp_path / "a").iterdir() if p.name.endswith(".tmp")]


def test_one_and_two_workers_byte_identical(corpus, tmp_path, monkeypatch):
    monkeypatch.setattr(kx, "MIN_BYTES_PER_WORKER", 0)  # a pool of 2 even for this tiny corpus
    r1 = build([str(corpus)], tmp_path / "w1", workers=1, progress=False)
    r2 = build([str(corpus)], tmp_path / "w2", workers=2, progress=False)
    assert r2.engine == "local" and r2.workers == 2
    assert graph_bytes(tmp_path / "w1") == graph_bytes(tmp_path / "w2")
    assert r1.nodes_by_type == r2.nodes_by_type


def test_report_contents(corpus, tmp_path):
    rep = build([str(corpus)], tmp_path / "o", progress=False)
    r = report(tmp_path / "o")
    n = len(list(corpus.rglob("*.txt")))
    assert r["documents_found"] == n == r["documents_read"] == rep.documents_read
    assert r["documents_skipped"] == 0 and r["skipped"] == [] and r["warnings"] == []
    assert r["articles"] >= n and r["sentences"] > 0 and r["characters"] > 0 and r["bytes"] > 0
    g = json.loads(graph_bytes(tmp_path / "o"))
    assert r["nodes"] == len(g["nodes"]) == sum(r["nodes_by_type"].values())
    assert r["links"] == len(g["links"]) == sum(r["links_by_type"].values())
    assert r["extracted"] == n and r["reused"] == 0


# ------------------------------------------------------------------------- bad input


def _truncated_gbk() -> bytes:
    data = "北京市门头沟区对口帮扶内蒙古武川县，支持马铃薯产业发展。".encode("gbk")
    return data[:-1]  # cut inside the last two-byte character


def make_bad_dir(root: Path, big_mb: float) -> Path:
    root.mkdir(parents=True)
    (root / "empty.txt").write_bytes(b"")
    (root / "binary.txt").write_bytes(bytes(range(256)) * 64 + b"\x00\x00\xff\xfe\x00")
    (root / "gbk_cut.txt").write_bytes(_truncated_gbk())
    line = "京蒙协作帮扶资金支持武川县发展马铃薯产业，北京市门头沟区投入资金五百万元\n"
    n = int(big_mb * 1e6) // len(line.encode())
    with open(root / "big_one_line.txt", "w", encoding="utf-8") as f:
        for _ in range(n // 1000):
            f.write(line * 1000)
    (root / "good.txt").write_text("北京市门头沟区与武川县签署对口帮扶协议。", encoding="utf-8")
    return root


def _check_bad_build(bad: Path, out: Path, extractor) -> None:
    lines: list[str] = []
    rep = build([str(bad)], out, progress=False, log=lines.append, extractor=extractor)
    skipped = {s["doc"]: s["reason"] for s in rep.skipped}
    assert set(skipped) >= {"empty.txt", "binary.txt"}
    assert "good.txt" not in skipped and "big_one_line.txt" not in skipped
    warned = {w["doc"] for w in rep.warnings}
    # a truncated GBK file is a problem file: reported (a warning when ingest decodes the rest)
    assert "gbk_cut.txt" in skipped or "gbk_cut.txt" in warned
    assert rep.documents_read == 5 - len(skipped)
    # one stderr line per problem (no multi-line reasons, no tracebacks)
    problem_docs = set(skipped) | warned
    assert len(lines) == len(rep.skipped) + len(rep.warnings)
    for doc in problem_docs:
        assert sum(doc in ln for ln in lines) >= 1
    assert all("\n" not in ln and "Traceback" not in ln for ln in lines)
    assert (out / "graph.json").is_file()
    r = report(out)
    assert r["skipped"] == rep.skipped and r["warnings"] == rep.warnings


def test_bad_input_directory(tmp_path):
    bad = make_bad_dir(tmp_path / "bad", big_mb=5)
    _check_bad_build(bad, tmp_path / "out", helpers.light_extractor)


@pytest.mark.slow
@pytest.mark.skipif(not os.environ.get("KG_SLOW_TESTS"), reason="set KG_SLOW_TESTS=1 for the 50 MB variant")
def test_bad_input_directory_50mb_real_extractor(tmp_path):
    bad = make_bad_dir(tmp_path / "bad", big_mb=50)
    _check_bad_build(bad, tmp_path / "out", None)


def test_ingest_warnings_are_reported(corpus, tmp_path, monkeypatch):
    real = kx.load_document

    def load_with_warning(path, doc_id):
        doc = real(path, doc_id)
        if doc_id.endswith("doc00.txt"):
            doc.warnings.append("truncated GBK: last 1 byte dropped")
        return doc

    monkeypatch.setattr(kx, "load_document", load_with_warning)
    lines: list[str] = []
    rep = build([str(corpus)], tmp_path / "o", progress=False, log=lines.append)
    assert rep.warnings == [{"doc": "doc00.txt", "warning": "truncated GBK: last 1 byte dropped"}]
    assert rep.documents_read == rep.documents_found  # a warning does not skip the document
    assert lines == ["warning doc00.txt: truncated GBK: last 1 byte dropped"]
    # warnings are cached with the result: a re-build still reports them
    monkeypatch.setattr(kx, "load_document", real)
    rep2 = build([str(corpus)], tmp_path / "o", progress=False)
    assert rep2.reused == rep2.documents_found and rep2.warnings == rep.warnings


def test_unreadable_file_skipped(corpus, tmp_path, monkeypatch):
    victim = corpus / "doc00.txt"
    real = kb.file_sha256

    def sha(path):
        if Path(path) == victim.resolve():
            raise PermissionError(13, "Permission denied")
        return real(path)

    monkeypatch.setattr(kb, "file_sha256", sha)  # tests run as root: chmod 000 would not stop a read
    lines: list[str] = []
    rep = build([str(corpus)], tmp_path / "o", progress=False, log=lines.append)
    assert rep.skipped == [{"doc": "doc00.txt", "reason": "cannot read: Permission denied"}]
    assert lines == ["skipped doc00.txt: cannot read: Permission denied"]
    assert rep.documents_read == rep.documents_found - 1


TOY = ("--extractor", "tests.build.helpers:toy_extractor")


def _run_cli(*args: str, **kw) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "kg.cli", *args], capture_output=True, text=True,
                          cwd=REPO, **kw)


def test_missing_path_cli(tmp_path):
    p = _run_cli("build", str(tmp_path / "nope"), "--out", str(tmp_path / "o"))
    assert p.returncode != 0
    assert p.stderr.count("\n") == 1 and "nope" in p.stderr and "Traceback" not in p.stderr
    assert not (tmp_path / "o" / "graph.json").exists()


def test_cli_bad_files_one_line_each(tmp_path):
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "empty.txt").write_bytes(b"")
    (bad / "binary.txt").write_bytes(b"\x00\x01\x02\xff" * 100)
    (bad / "ok.txt").write_text("北京市门头沟区对口帮扶武川县。", encoding="utf-8")
    p = _run_cli("build", str(bad), "--out", str(tmp_path / "o"), "--progress", "off", *TOY)
    assert p.returncode == 0, p.stderr
    err = p.stderr.strip().splitlines()
    assert len(err) == 2 and "binary.txt" in err[0] and "empty.txt" in err[1]
    assert "Traceback" not in p.stderr
    assert "read 1/3 documents" in p.stdout


def test_extractor_exception_is_reported_not_cached(corpus, tmp_path):
    (corpus / "bug.txt").write_text("北京市对口帮扶武川县。", encoding="utf-8")
    lines: list[str] = []
    rep = build([str(corpus)], tmp_path / "o", progress=False, log=lines.append,
                extractor=helpers.failing_extractor)
    assert rep.skipped == [{"doc": "bug.txt", "reason": "extractor failed: ValueError: extractor bug"}]
    rep2 = build([str(corpus)], tmp_path / "o", progress=False, extractor=helpers.failing_extractor)
    # tried again (not cached), and counted as skipped, not as extracted
    assert rep2.skipped_now == 1 and rep2.extracted == 0 and rep2.reused == rep2.documents_found - 1


# ------------------------------------------------------------------------- incremental


def test_incremental_reuses_unchanged(corpus, tmp_path):
    out = tmp_path / "o"
    r1 = build([str(corpus)], out, progress=False)
    assert r1.extracted == r1.documents_found and r1.reused == 0
    r2 = build([str(corpus)], out, progress=False)
    assert r2.extracted == 0 and r2.reused == r1.documents_found
    before = graph_bytes(out)
    changed = corpus / "sub" / "doc01.txt"
    changed.write_text(changed.read_text(encoding="utf-8") + "\n内蒙古自治区赤峰市克什克腾旗。", encoding="utf-8")
    r3 = build([str(corpus)], out, progress=False)
    assert r3.extracted == 1 and r3.reused == r1.documents_found - 1
    assert graph_bytes(out) != before
    build([str(corpus)], tmp_path / "fresh", progress=False)
    assert graph_bytes(out) == graph_bytes(tmp_path / "fresh")
    # old entries are pruned: the cache holds exactly one entry per document
    assert len(_entries(out)) == r1.documents_found


def test_only_changed_documents_are_extracted(corpus, tmp_path):
    out = tmp_path / "o"
    build([str(corpus)], out, progress=False)
    (corpus / "doc02.txt").write_text("北京市丰台区支援察哈尔右翼前旗。", encoding="utf-8")
    helpers.CALLS.clear()
    build([str(corpus)], out, progress=False)
    assert helpers.CALLS == ["doc02.txt"]


def test_removed_file_disappears(corpus, tmp_path):
    out = tmp_path / "o"
    build([str(corpus)], out, progress=False)
    (corpus / "sub" / "doc03.txt").unlink()
    rep = build([str(corpus)], out, progress=False)
    assert rep.extracted == 0
    g = json.loads(graph_bytes(out))
    assert all(d["doc"] != "sub/doc03.txt" for d in g["graph"]["documents"])
    assert all(m["doc"] != "sub/doc03.txt" for n in g["nodes"] for m in n["mentions"])
    build([str(corpus)], tmp_path / "fresh", progress=False)
    assert graph_bytes(out) == graph_bytes(tmp_path / "fresh")


def test_new_extractor_invalidates_cache(corpus, tmp_path):
    out = tmp_path / "o"
    build([str(corpus)], out, progress=False, extractor=helpers.toy_extractor)
    rep = build([str(corpus)], out, progress=False, extractor=helpers.light_extractor)
    assert rep.reused == 0 and rep.extracted == rep.documents_found


def test_corrupt_cache_entry_is_re_extracted(corpus, tmp_path):
    out = tmp_path / "o"
    build([str(corpus)], out, progress=False)
    before = graph_bytes(out)
    cache = DocCache.in_out_dir(out)
    key, data = sorted(cache.db.execute("SELECT key, data FROM entries"))[0]
    cache.db.execute("UPDATE entries SET data=? WHERE key=?", (data[:20], key))  # torn
    cache.close()
    (out / "graph.db").unlink()  # every entry is read again
    rep = build([str(corpus)], out, progress=False)
    assert graph_bytes(out) == before
    assert rep.extracted == 1 and rep.reused == rep.documents_found - 1  # re-extracted, not "reused"
    (out / "graph.db").unlink()
    rep = build([str(corpus)], out, progress=False)
    assert rep.extracted == 0 and rep.reused == rep.documents_found  # and rewritten


# ------------------------------------------------------------------------- interruption


def test_interrupted_build_resumes_to_same_bytes(corpus, tmp_path):
    build([str(corpus)], tmp_path / "clean", progress=False)
    helpers.CALLS.clear()
    helpers.INTERRUPT_AT = 4  # Ctrl-C while extracting the 4th document
    out = tmp_path / "o"
    with pytest.raises(BuildInterrupted, match="interrupted after 3 of"):
        build([str(corpus)], out, progress=False)
    assert not (out / "graph.json").exists()
    helpers.INTERRUPT_AT = None
    rep = build([str(corpus)], out, progress=False)
    assert rep.reused == 3 and rep.extracted == rep.documents_found - 3
    assert graph_bytes(out) == graph_bytes(tmp_path / "clean")


def test_killed_build_resumes_to_same_bytes(corpus, tmp_path):
    """SIGKILL the whole build (main process and workers) once some results are cached; re-run."""
    for i in range(24):  # more documents, so the kill usually lands mid-build
        (corpus / f"extra{i:02d}.txt").write_text(
            (corpus / "doc00.txt").read_text(encoding="utf-8") + f"\n第{i}篇。", encoding="utf-8")
    build([str(corpus)], tmp_path / "clean", progress=False)
    out = tmp_path / "o"
    proc = subprocess.Popen([sys.executable, "-m", "kg.cli", "build", str(corpus), "--out", str(out),
                             "--workers", "2", "--quiet", *TOY], cwd=REPO, start_new_session=True,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    cache = out / ".kg-cache"
    try:
        while proc.poll() is None and len(list(cache.rglob("*.kgc"))) < 3:
            try:
                proc.wait(timeout=0.02)
            except subprocess.TimeoutExpired:
                pass
    finally:
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        proc.wait()
    rep = build([str(corpus)], out, progress=False)
    assert rep.reused + rep.extracted == rep.documents_found
    assert graph_bytes(out) == graph_bytes(tmp_path / "clean")


def test_worker_crash_is_survived(corpus, tmp_path):
    (corpus / "crash.txt").write_text("北京市对口帮扶武川县。", encoding="utf-8")
    lines: list[str] = []
    rep = build([str(corpus)], tmp_path / "o", workers=2, progress=False, log=lines.append,
                extractor=helpers.crashing_extractor)
    assert [s["doc"] for s in rep.skipped] == ["crash.txt"]
    assert "worker process died" in rep.skipped[0]["reason"]
    assert rep.documents_read == rep.documents_found - 1
    (corpus / "crash.txt").unlink()
    build([str(corpus)], tmp_path / "ref", workers=1, progress=False, extractor=helpers.crashing_extractor)
    assert graph_bytes(tmp_path / "o") == graph_bytes(tmp_path / "ref")


# ------------------------------------------------------------------------- engine, progress


def _ident(chunk):
    return [{"n": x} for x in chunk]


def test_local_engine_keeps_in_flight_bounded():
    produced = [0]

    def chunks():
        for i in range(50):
            produced[0] += 1
            yield [i]

    eng = LocalEngine(2, in_flight_per_worker=2)
    got = []
    it = eng.run(_ident, chunks())
    first = next(it)
    assert produced[0] <= eng.max_in_flight == 4  # not pool.map over everything
    got.extend(first)
    for res in it:
        got.extend(res)
    assert sorted(x["n"] for x in got) == list(range(50))


def test_progress_plain_lines_when_not_a_tty(corpus, tmp_path, capsys):
    build([str(corpus)], tmp_path / "o", progress=None)
    err = capsys.readouterr().err.splitlines()
    n = len(list(corpus.rglob("*.txt")))
    assert err, "expected plain progress lines on a non-terminal stderr"
    assert all(ln.startswith("kg build: ") and " MB" in ln and "ETA" in ln for ln in err)
    assert f"{n}/{n} documents" in err[-1]
    assert len(err) <= 11  # each 10% (or every N seconds), not a line per document of a big corpus


def test_cache_layout(corpus, tmp_path):
    out = tmp_path / "o"
    build([str(corpus)], out, progress=False)
    entries = _entries(out)
    assert {e["doc"] for e in entries} == {p.relative_to(corpus).as_posix() for p in corpus.rglob("*.txt")}
    assert all(e["digest"]["id"] == e["doc"] == e["digest"]["doc"]["doc"] for e in entries)
    assert all(e["stats"]["sentences"] > 0 and e["error"] is None for e in entries)


def _entries(out: Path) -> list[dict]:
    cache = DocCache.in_out_dir(out)
    try:
        return [DocCache.decode(d) for (d,) in cache.db.execute("SELECT data FROM entries")]
    finally:
        cache.close()


def _real_extractor_importable() -> bool:
    try:
        import kg.extract  # noqa: F401
    except Exception:
        return False
    return True


@pytest.mark.skipif(not _real_extractor_importable(), reason="kg.extract is being rewritten")
def test_real_extractor_one_and_two_workers_identical(corpus, tmp_path):
    _build([str(corpus)], tmp_path / "w1", workers=1, progress=False)
    _build([str(corpus)], tmp_path / "w2", workers=2, progress=False)
    assert graph_bytes(tmp_path / "w1") == graph_bytes(tmp_path / "w2")


def test_dask_engine_same_bytes(corpus, tmp_path):
    pytest.importorskip("distributed")
    build([str(corpus)], tmp_path / "local", workers=1, progress=False)
    rep = build([str(corpus)], tmp_path / "dask", workers=2, engine="dask", progress=False)
    assert rep.engine == "dask" and rep.extracted == rep.documents_found
    assert graph_bytes(tmp_path / "dask") == graph_bytes(tmp_path / "local")
    # the cache written by Dask workers is the same cache: a local re-build reuses it all
    rep2 = build([str(corpus)], tmp_path / "dask", workers=2, progress=False)
    assert rep2.reused == rep2.documents_found
