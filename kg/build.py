"""`kg build`: documents -> per-document extractions (cached) -> merged graph.json + build report.

Stages, none of which holds the corpus's text in memory:

1. plan      discover the files and stat them; hash each file (streamed) unless the stat index says it
             is unchanged (same size, mtime, ctime and inode as when it was last hashed) into a cache
             key = (extractor fingerprint, home region, doc id, path, content SHA-256); see kg.buildcache.
2. extract   documents whose key is not in OUT/.kg-cache, largest first, in small chunks, by an engine
             (in-process, a bounded process pool, or Dask). `extract_chunk` is a pure function of its
             documents: it writes each document's entry (warnings, stats and the merge digest, see
             kg.graph.digest_extraction) atomically to the cache and returns the same bytes. Interrupt it
             at any point: the next build reuses everything already written.
3. merge     kg.graph.GraphMerger folds each entry in as it arrives, from the workers or from the cache
             (the parent reads cached entries while the workers extract), with the document's rank in
             the sorted document list deciding every order-dependent choice, so graph.json is
             byte-identical for any engine, number of workers or arrival order. graph.json is streamed
             out and written atomically, then build-report.json; unreferenced entries are pruned.
             With graph.json, the merge itself is saved (kg.graphstate): a re-build in which few
             documents changed merges only those into the saved state, reads no other document's entry,
             and copies the bytes of every node and link they do not touch (same bytes as a full merge).
"""

from __future__ import annotations

import gc
import os
import signal
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

from kg import graphstate
from kg.buildcache import DocCache, StatIndex, doc_key, extractor_fingerprint, file_sha256
from kg.errors import IngestError, KgError
from kg.graph import DIGEST_VERSION, GraphMerger, digest_extraction
from kg.ingest import SourceFile, discover, load_document
from kg.jsonio import atomic_write_json

REPORT_NAME = "build-report.json"
CHUNK_DOCS = 16  # at most this many documents ...
CHUNK_BYTES = 2 << 20  # ... or about this many bytes per chunk sent to a worker
# A pool worker first loads jieba's dictionary and the lexicons (~2 s, about what 0.6 MB of extraction
# costs): fewer workers than asked for are started when there is too little to extract to pay for them.
MIN_BYTES_PER_WORKER = 1 << 20
# Extracting a document costs about 50 times what merging its cached result does (29 ms vs 0.6 ms for a
# 20 KB page, mid-2026): used to size the pool of a re-build (see _make_engine).
EXTRACT_VS_MERGE = 50
EARLY_WORKERS = 2  # at most this many workers started before a re-build knows what changed
# a build that extracts less than this in one process loads jieba's dictionary as it uses it
LAZY_DICTIONARY_BYTES = 1 << 20
# ... and one whose workers extract less than this each (kg.extract.jiebadict.PROMOTE_BYTES)
LAZY_DICTIONARY_BYTES_PER_WORKER = 4 << 20
IDLE_ENTRIES = 8  # cached entries merged per turn while waiting for the workers
# The merge creates millions of long-lived objects (no reference cycles); Python's automatic collector
# would traverse them again and again (about half the cost of merging cached entries). During a build
# it is off and only the young generations are collected, every GC_EVERY documents.
GC_EVERY = 16
# With more than one worker allowed, graph.json's links and nodes are written by two processes (a fork of
# this one) unless this process is already large: the child's RSS counts the pages it shares and grows by
# those it touches (≈ half of the parent's). Up to 768 MB (a 50 MB corpus leaves ≈ 0.4 GB, 200 MB
# ≈ 1.1 GB) that is cheap; a larger parent writes alone, which keeps a 200 MB build well under 2 GB.
FORK_WRITE_MAX_BYTES = 768 << 20


@dataclass
class BuildReport:
    documents_found: int = 0
    documents_read: int = 0
    skipped: list[dict[str, str]] = field(default_factory=list)
    warnings: list[dict[str, str]] = field(default_factory=list)
    articles: int = 0
    sentences: int = 0
    characters: int = 0
    bytes: int = 0
    nodes_by_type: dict[str, int] = field(default_factory=dict)
    links_by_type: dict[str, int] = field(default_factory=dict)
    extracted: int = 0
    reused: int = 0
    pruned: int = 0
    seconds: float = 0.0
    workers: int = 1
    engine: str = "serial"
    # how graph.json was made: "full" (every document's result merged) or "incremental" (the saved
    # graph state updated with the changed documents; see kg.graphstate)
    graph_update: str = "full"
    extractor: str = ""
    graph_path: str = ""

    def as_dict(self) -> dict[str, Any]:
        return {
            "documents_found": self.documents_found,
            "documents_read": self.documents_read,
            "documents_skipped": len(self.skipped),
            "skipped": self.skipped,
            "warnings": self.warnings,
            "articles": self.articles,
            "sentences": self.sentences,
            "characters": self.characters,
            "bytes": self.bytes,
            "nodes": sum(self.nodes_by_type.values()),
            "links": sum(self.links_by_type.values()),
            "nodes_by_type": self.nodes_by_type,
            "links_by_type": self.links_by_type,
            "extracted": self.extracted,
            "reused": self.reused,
            "workers": self.workers,
            "engine": self.engine,
            "graph_update": self.graph_update,
            "extractor": self.extractor[:16],
        }


# ---------------------------------------------------------------------------------------- extraction


def extract_file(source: SourceFile, home_region: str | None = None,
                 extractor: Callable | None = None) -> dict[str, Any]:
    """Read, decode, normalise and extract one file. Never raises for a bad file: returns {'error'}.

    The result carries the ingest warnings (e.g. a truncated GBK file) under 'warnings'."""
    entry = _extract_one(str(source.path), source.doc_id, home_region, extractor)
    if entry.get("error"):
        return {"doc": source.doc_id, "error": entry["error"], "warnings": entry["warnings"]}
    return dict(entry["result"], warnings=entry["warnings"])


def _extract_one(path: str, doc_id: str, home_region: str | None, extractor: Callable | None
                 ) -> dict[str, Any]:
    """-> cache entry {doc, warnings, error, result, cacheable, sha256}."""
    if extractor is None:
        from kg.extract import extract_document as extractor
    entry: dict[str, Any] = {"doc": doc_id, "warnings": [], "error": None, "result": None}
    try:
        doc = load_document(path, doc_id)
    except IngestError as e:  # a property of the bytes: cache it
        entry.update(error=str(e), cacheable=True)
        return entry
    except MemoryError:
        entry.update(error="too large to process in memory", cacheable=False)
        return entry
    except Exception as e:  # an ingest bug must not stop the build; not cached (a fix re-runs it)
        entry.update(error=f"ingest failed: {type(e).__name__}: {e}".splitlines()[0], cacheable=False)
        return entry
    entry["warnings"] = [str(w) for w in getattr(doc, "warnings", ()) or ()]
    entry["sha256"] = doc.sha256
    try:
        entry["result"] = extractor(doc, home_region=home_region)
        entry["cacheable"] = True
    except MemoryError:
        entry.update(error="too large to process in memory", cacheable=False)
    except RecursionError:
        entry.update(error="too deeply nested", cacheable=False)
    except Exception as e:
        entry.update(error=f"extractor failed: {type(e).__name__}: {e}".splitlines()[0], cacheable=False)
    return entry


Task = tuple[str, str, str, str, int]  # (doc_id, path, cache key, sha256, size)


def _entry_of(raw: dict[str, Any], size: int) -> dict[str, Any]:
    """_extract_one's result -> the cache entry: {doc, bytes, warnings, error, stats, digest}."""
    entry: dict[str, Any] = {"doc": raw["doc"], "bytes": size, "warnings": raw["warnings"],
                             "error": raw["error"]}
    res = raw.get("result")
    if raw["error"] is None and res is not None:
        try:
            entry["digest"] = digest_extraction(res)
            entry["stats"] = res.get("stats") or {}
        except Exception as e:  # a malformed extraction is the extractor's bug: report, do not cache
            entry["error"] = f"extractor output unusable: {type(e).__name__}: {e}".splitlines()[0]
            raw["cacheable"] = False
    return entry


def extract_chunk(tasks: list[Task], cache_root: str, home_region: str | None = None,
                  extractor: Callable | None = None) -> list[dict[str, Any]]:
    """The unit of distributed work. tasks: (doc_id, path, key, sha256, size).

    Writes each document's entry to the cache at `cache_root` (atomically, as soon as it is done) and
    returns per document {doc, key, cached, entry: the entry's JSON bytes}. Pure per document."""
    cache = DocCache(cache_root)
    out = []
    for doc_id, path, key, sha, size in tasks:
        raw = _extract_one(path, doc_id, home_region, extractor)
        entry = _entry_of(raw, size)
        try:
            data = DocCache.encode(key, entry)
        except (ValueError, TypeError) as e:  # not even JSON can hold it: the extractor's output is bad
            raw["cacheable"] = False
            entry = {"doc": doc_id, "bytes": size, "warnings": entry["warnings"],
                     "error": f"extractor output unusable: {type(e).__name__}: {e}".splitlines()[0]}
            data = DocCache.encode(key, entry)
        cached = False
        if raw.get("cacheable") and raw.get("sha256", sha) == sha:  # the file did not change under us
            cache.put_bytes(key, data)
            cached = True
        out.append({"doc": doc_id, "key": key, "cached": cached, "entry": data})
        jd = sys.modules.get("kg.extract.jiebadict")
        if jd is not None:
            jd.note_extracted(size)  # a process with lazy dictionaries that reads a lot loads them whole
    return out


def _crashed(task: Task) -> dict[str, Any]:
    doc_id, _path, key, _sha, size = task
    return {"doc": doc_id, "key": key, "cached": False,
            "entry": {"doc": doc_id, "bytes": size, "warnings": [],
                      "error": "the worker process died while extracting it (out of memory?)"}}


# ---------------------------------------------------------------------------------------- progress


def _fmt_eta(sec: float | None) -> str:
    if sec is None:
        return "?"
    sec = int(sec + 0.5)
    h, rem = divmod(sec, 3600)
    m, s = divmod(rem, 60)
    return f"{h}h{m:02d}m" if h else (f"{m}m{s:02d}s" if m else f"{s}s")


class BuildProgress:
    """Documents and MB done, rate and ETA. mode: 'rich' (a bar on a terminal), 'plain' (a line every
    `interval` seconds or each further 10% of the documents), 'off'."""

    def __init__(self, docs: int, nbytes: int, mode: str = "plain", stream=None, interval: float = 10.0):
        self.docs, self.nbytes, self.mode = docs, nbytes, mode
        self.stream = stream or sys.stderr
        self.interval = interval
        self.done_docs = self.done_bytes = self.work_bytes = self.work_done = 0
        self.t0 = time.monotonic()
        self._last_t = self.t0
        self._last_decile = 0
        self._printed = -1
        self._rich = None
        if mode == "rich":
            from rich.console import Console
            from rich.progress import (
                BarColumn,
                DownloadColumn,
                Progress,
                TextColumn,
                TimeRemainingColumn,
                TransferSpeedColumn,
            )

            self._rich = Progress(
                TextColumn("[bold]kg build"), BarColumn(), TextColumn("{task.fields[docs]}"),
                DownloadColumn(binary_units=False), TransferSpeedColumn(), TextColumn("ETA"),
                TimeRemainingColumn(), console=Console(file=self.stream), transient=True,
            )
            self._task = self._rich.add_task("extract", total=max(1, nbytes), docs=self._docs_text())
            self._rich.start()

    def _docs_text(self) -> str:
        return f"{self.done_docs}/{self.docs} docs"

    def set_work(self, nbytes: int) -> None:
        """Bytes that need extraction (not reused): what the rate and ETA are computed on."""
        self.work_bytes = nbytes

    def advance(self, nbytes: int, extracted: bool) -> None:
        self.done_docs += 1
        self.done_bytes += nbytes
        if extracted:
            self.work_done += nbytes
        if self._rich is not None:
            self._rich.update(self._task, completed=self.done_bytes, docs=self._docs_text())
        elif self.mode == "plain":
            now = time.monotonic()
            decile = self.done_docs * 10 // max(1, self.docs)
            if decile > self._last_decile or now - self._last_t >= self.interval:
                self._last_decile, self._last_t = decile, now
                self.line()

    def line(self) -> None:
        el = time.monotonic() - self.t0
        rate = self.work_done / el if el > 0 else 0.0
        left = max(0, self.work_bytes - self.work_done)
        remaining = left / rate if rate > 0 else (0.0 if left == 0 else None)
        self._printed = self.done_docs
        print(f"kg build: {self.done_docs}/{self.docs} documents, {self.done_bytes / 1e6:.1f}/"
              f"{self.nbytes / 1e6:.1f} MB, {rate / 1e6:.2f} MB/s, ETA {_fmt_eta(remaining)}",
              file=self.stream, flush=True)

    def finish(self) -> None:
        if self.mode == "plain" and self._printed != self.done_docs:
            self.line()
        self.close()

    def message(self, text: str) -> None:
        if self.mode == "off":
            return
        if self._rich is not None:
            self._rich.console.print(text, markup=False, highlight=False)
        else:
            print(f"kg build: {text}", file=self.stream, flush=True)

    def close(self) -> None:
        if self._rich is not None:
            self._rich.stop()
            self._rich = None


# ---------------------------------------------------------------------------------------- build


def _usable_cpus() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def _make_engine(engine: str, workers: int, scheduler: str | None, work_bytes: int, n_tasks: int,
                 n_reused: int, extractor: Callable | None, home_region: str | None, reused_bytes: int = 0):
    """The engine for this build's extraction work, or None when there is nothing to extract.

    --workers 1 extracts in this process. With more, a pool of at most `workers` processes, fewer when
    there is little to extract (MIN_BYTES_PER_WORKER each): a re-build that extracts a few changed
    documents starts one worker, which loads the lexicons while this process merges the cached results."""
    from kg.engines import LocalEngine, SerialEngine

    if n_tasks == 0:
        return None
    if engine == "dask":
        from kg.engines.dask import DaskEngine

        return DaskEngine(scheduler=scheduler, workers=workers)
    if engine not in ("local", "auto"):
        raise KgError(f"unknown engine {engine!r} (local, dask)")
    if workers <= 1:
        if extractor is None and work_bytes < LAZY_DICTIONARY_BYTES:
            from kg.extract import jiebadict

            jiebadict.load(lazy=True)  # a few documents to extract here: load only the words they use
        return SerialEngine()
    n = max(1, min(workers, n_tasks, -(-work_bytes // MIN_BYTES_PER_WORKER) if MIN_BYTES_PER_WORKER else workers))
    if reused_bytes and MIN_BYTES_PER_WORKER:
        # A re-build: this process merges the cached entries meanwhile; no more workers than it takes for
        # them to finish about when it does (more would only compete with it for the cores).
        n = max(1, min(n, -(-work_bytes * EXTRACT_VS_MERGE // reused_bytes)))
    if work_bytes < n * LAZY_DICTIONARY_BYTES_PER_WORKER:
        # A few MB each: the workers start at once and load only the words they use, in parallel (the
        # whole dictionary, loaded here first, would hold them all back ≈ 0.5 s).
        return LocalEngine(n, warm_up=(extractor, home_region), lazy=extractor is None)
    # Mostly new documents: load the dictionaries here once and fork the workers from this process.
    # Mostly cached ones: let the workers load them while this process merges the cached entries.
    return LocalEngine(n, warm_up=(extractor, home_region), warm_in_parent=n_reused < n_tasks)


def _chunks(tasks: list[Task], workers: int, max_docs: int) -> Iterator[list[Task]]:
    """Largest documents first (a big file started last would finish alone), in chunks that shrink as the
    work left does (each about 1/(2 x workers) of what is left, at most CHUNK_DOCS documents or
    CHUNK_BYTES): few round trips while there is much to do, single small documents at the end, so
    that the workers finish together."""
    left = sum(t[4] for t in tasks)
    chunk: list[Task] = []
    nbytes = 0
    limit = 0
    for t in sorted(tasks, key=lambda t: -t[4]):
        if not chunk:
            limit = max(1, min(CHUNK_BYTES, left // (2 * max(1, workers))))
        chunk.append(t)
        nbytes += t[4]
        if len(chunk) >= max_docs or nbytes >= limit:
            yield chunk
            left -= nbytes
            chunk, nbytes = [], 0
    if chunk:
        yield chunk


class _Interrupted(Exception):
    pass


class BuildInterrupted(KgError):
    """Ctrl-C / SIGTERM during extraction. Everything extracted so far is cached: rerun to resume."""

    exit_code = 130


def build(
    paths: list[str],
    out: str | Path,
    workers: int = 1,
    home_region: str | None = None,
    progress: bool | str | None = None,
    log: Callable[[str], None] | None = None,
    engine: str = "local",
    scheduler: str | None = None,
    extractor: Callable | None = None,
    progress_interval: float = 10.0,
) -> BuildReport:
    """Build OUT/graph.json + OUT/build-report.json from the documents under `paths`.

    progress: None = a bar if stderr is a terminal else plain lines; True/'rich', 'plain', False/'off'.
    log: called with one line per problem file (skipped or warning), in document order.
    extractor: replaces kg.extract.extract_document (tests, experiments); must be picklable for workers."""
    gc_was_enabled = gc.isenabled()
    gc.disable()
    cleanup: list[Callable[[], Any]] = []
    try:
        return _build(paths, out, workers, home_region, progress, log, engine, scheduler, extractor,
                      progress_interval, cleanup)
    finally:
        for f in cleanup:
            f()
        if gc_was_enabled:
            gc.enable()


def _build(paths, out, workers, home_region, progress, log, engine, scheduler, extractor,
           progress_interval, cleanup: list) -> BuildReport:
    t0 = time.perf_counter()
    out = Path(out)
    if out.exists() and not out.is_dir():
        raise KgError(f"--out {out} exists and is not a directory")
    if engine not in ("local", "auto", "dask"):
        raise KgError(f"unknown engine {engine!r} (local, dask)")
    workers = max(1, workers)
    cache = DocCache.in_out_dir(out)
    # A re-build usually extracts a few changed documents: start the workers first thing, so that they
    # load the extractor while this process finds the documents and plans (killed if nothing changed).
    early = None
    if engine in ("local", "auto") and workers > 1 and cache.root.is_dir():
        from kg.engines import LocalEngine

        # likely a few documents: loading only the words they use beats loading jieba's whole dictionary
        # (lazy dictionaries for kg's own extractor only: another one may change jieba's, add_word …)
        early = LocalEngine(min(workers, EARLY_WORKERS), warm_up=(extractor, home_region),
                            lazy=extractor is None)
        cleanup.append(partial(_close, early, kill=True))
        early.start()
    sources = discover(paths)
    if not sources:
        raise KgError("no documents found (.txt, .md, .html, .htm, .pdf)")
    out.mkdir(parents=True, exist_ok=True)
    fingerprint = getattr(extractor, "fingerprint", None) or extractor_fingerprint(extractor)  # user lexicons
    report = BuildReport(documents_found=len(sources), workers=0, engine="none", extractor=fingerprint)

    if progress is None:
        mode = "rich" if sys.stderr.isatty() else "plain"
    elif progress is True:
        mode = "rich"
    elif progress is False:
        mode = "off"
    else:
        mode = str(progress)

    # ---- plan: stat, hash what changed, split into cached and to-extract
    stats: list[os.stat_result | OSError] = []
    for s in sources:
        try:
            stats.append(s.path.stat())
        except OSError as e:
            stats.append(e)
    sizes = [0 if isinstance(st, OSError) else st.st_size for st in stats]
    prog = BuildProgress(len(sources), sum(sizes), mode=mode, interval=progress_interval)

    merger = GraphMerger()
    problems: dict[int, tuple[list[str], str | None]] = {}  # rank -> (warnings, error), in rank order later
    counts = {"articles": 0, "sentences": 0, "characters": 0}
    # rank -> the document's line in the saved graph state: (cache key, record, bytes, counts, warnings,
    # error); see kg.graphstate
    doc_info: dict[int, tuple] = {}
    # the document's rank in the merge: spaced (kg.graphstate.GAP); a re-build that updates the saved
    # state keeps the ranks unchanged documents had
    order: dict[int, int] = {}

    folded = [0]

    def tally(rank: int, key: str | None, meta: dict[str, Any] | None, nbytes: int, cs: list[int],
              warnings: list[str], error: str | None) -> None:
        """One document into the report, and (with its cache key) into the saved state's documents."""
        report.bytes += nbytes
        if warnings or error:
            problems[rank] = (list(warnings), error)
        if key is not None:
            doc_info[rank] = (key, meta, nbytes, cs, warnings, error)
        if meta is not None:
            report.documents_read += 1
            for k, v in zip(counts, cs, strict=True):
                counts[k] += v

    def fold(rank: int, entry: dict[str, Any], key: str | None = None) -> None:
        """One document's entry into the graph and the report."""
        folded[0] += 1
        if folded[0] % GC_EVERY == 0:
            gc.collect(1)  # young objects only: what survives is the graph, never traversed again
        dg = entry.get("digest")
        error = entry.get("error")
        ok = not error and dg is not None
        st = (entry.get("stats") or {}) if ok else {}
        tally(rank, key, dg["doc"] if ok else None, entry.get("bytes") or 0,
              [st.get(k, 0) or 0 for k in counts], list(entry.get("warnings") or ()), error)
        if key is not None and gplan is not None:
            gplan.entries[rank] = entry
        if ok:
            merger.add_digest(dg, order.get(rank, (rank + 1) * graphstate.GAP))

    def fold_kept(rank: int, rec: tuple) -> None:
        """A document unchanged since the saved state: into the report (its items are in the state)."""
        tally(rank, *rec[2:])

    gplan: graphstate.Plan | None = None

    index = StatIndex(cache.root)
    rank_of: dict[str, int] = {}  # cache key -> rank (two roots may hold the same document id)
    keys: dict[int, str] = {}  # rank -> cache key, for documents whose entry is (or will be) cached
    cached_ranks: list[int] = []  # documents to merge from the cache
    tasks: list[Task] = []
    for rank, (s, st) in enumerate(zip(sources, stats, strict=True)):
        path = str(s.path)
        sha = None if isinstance(st, OSError) else index.sha(path, st)
        if sha is None:
            try:
                if isinstance(st, OSError):
                    raise st
                sha, _ = file_sha256(s.path)
            except OSError as e:
                fold(rank, {"doc": s.doc_id, "error": f"cannot read: {e.strerror or e}", "warnings": [],
                            "bytes": sizes[rank]})
                prog.advance(sizes[rank], extracted=False)
                continue
            index.record(path, st, sha)
        key = doc_key(f"{fingerprint}/digest{DIGEST_VERSION}", home_region, s.doc_id, path, sha)
        keys[rank] = key
        rank_of[key] = rank
        if cache.has(key):
            report.reused += 1
            cached_ranks.append(rank)
            prog.advance(sizes[rank], extracted=False)
        else:
            tasks.append((s.doc_id, path, key, sha, sizes[rank]))
    index.save()
    work_bytes = sum(t[4] for t in tasks)
    prog.set_work(work_bytes)
    if cached_ranks:  # a re-build: update the saved graph state if it allows
        prev = graphstate.load(cache.root, out / "graph.json")
        if prev is not None:
            gplan = graphstate.plan(prev, [(r, sources[r].doc_id, k) for r, k in sorted(keys.items())],
                                    set(cached_ranks), cache.has)
        if gplan is not None:
            order = gplan.order
            for rank in cached_ranks:
                if rank in gplan.kept:
                    fold_kept(rank, gplan.kept[rank])
            cached_ranks = [r for r in cached_ranks if r not in gplan.kept]
            # the old results' part of the update now, while the workers (started first thing) warm up
            graphstate.preload(gplan, cache)

    def merge_cached(rank: int) -> None:
        entry = _cached_or_extracted(cache, keys[rank], sources[rank], sizes[rank], home_region, extractor)
        fold(rank, entry, keys[rank])

    pending_cached = iter(cached_ranks)

    def idle() -> bool:
        """Merge a few cached entries while the workers extract; False when none are left."""
        for _ in range(IDLE_ENTRIES):
            rank = next(pending_cached, None)
            if rank is None:
                return False
            merge_cached(rank)
        return True

    # ---- extract (and merge what arrives)
    eng = _make_engine(engine, workers, scheduler, work_bytes, len(tasks), report.reused, extractor,
                       home_region, reused_bytes=sum(sizes[r] for r in cached_ranks))
    if early is not None:
        if isinstance(eng, type(early)) and eng.workers <= early.workers and not eng.warms_in_parent:
            eng = early  # what is needed (or more, at no cost), already started
        else:
            _close(early, kill=True)  # not what is needed: free its core
    if eng is not None:
        report.engine, report.workers = eng.name, getattr(eng, "workers", 1)
        fn = partial(extract_chunk, cache_root=str(cache.root), home_region=home_region, extractor=extractor)
        chunks = _chunks(tasks, report.workers, getattr(eng, "chunk_docs", CHUNK_DOCS))

        def on_term(signum, frame):
            raise _Interrupted()

        old_term = None
        try:
            old_term = signal.signal(signal.SIGTERM, on_term)
        except ValueError:  # not the main thread
            pass
        try:
            run = (partial(eng.run, idle=idle) if getattr(eng, "supports_idle", False) else eng.run)
            for summaries in run(fn, chunks, on_crash=_crashed):
                for sm in summaries:
                    report.extracted += 1
                    rank = rank_of[sm["key"]]
                    if not sm.get("cached"):
                        keys.pop(rank, None)
                    entry = sm["entry"]
                    if isinstance(entry, bytes | bytearray):
                        entry = DocCache.decode(entry) or {"doc": sm["doc"], "bytes": 0, "warnings": [],
                                                           "error": "damaged result from the worker"}
                    fold(rank, entry, sm["key"])
                    prog.advance(entry.get("bytes") or 0, extracted=True)
        except (KeyboardInterrupt, _Interrupted):
            prog.close()
            _close(eng, kill=True)
            done = sum(1 for k in keys.values() if cache.has(k))
            raise BuildInterrupted(f"interrupted after {done} of {len(sources)} documents; "
                                   "run the same command again to resume where it stopped") from None
        except BaseException:
            prog.close()
            _close(eng, kill=True)
            raise
        finally:
            if old_term is not None:
                signal.signal(signal.SIGTERM, old_term)
        _close(eng)
    prog.finish()
    while idle():
        pass

    # ---- write
    report.articles, report.sentences, report.characters = (counts["articles"], counts["sentences"],
                                                             counts["characters"])
    lines: list[str] = []
    for rank in sorted(problems):
        doc = sources[rank].doc_id
        warnings, error = problems[rank]
        for w in warnings:
            report.warnings.append({"doc": doc, "warning": w})
            lines.append(f"warning {doc}: {w}")
        if error:
            report.skipped.append({"doc": doc, "reason": error})
            lines.append(f"skipped {doc}: {error}")
    graph = out / "graph.json"
    docs = [(order.get(r, (r + 1) * graphstate.GAP), sources[r].doc_id, *doc_info[r]) for r in sorted(doc_info)]
    by_type = None  # {"nodes_by_type", "links_by_type"}
    if gplan is not None:
        by_type = graphstate.update(gplan, merger, docs, cache, graph)
        if by_type is None:  # the saved state could not be used after all: merge everything
            merger = _merge_all(gplan, docs, sources, sizes, cache, home_region, extractor)
        else:
            report.graph_update = "incremental"
    if by_type is None:
        graphstate.forget(cache.root)
        spans = merger.write(graph, parallel=workers > 1 and _rss_bytes() < FORK_WRITE_MAX_BYTES,
                             state=graphstate.state_path(cache.root))
        if spans is not None:
            graphstate.save(cache.root, graph, docs, spans)
            by_type = graphstate.counts_of(spans["node_types"], spans["link_keys"])
        else:
            nt, lt = merger.counts()
            by_type = {"nodes_by_type": nt, "links_by_type": lt}
    report.nodes_by_type, report.links_by_type = by_type["nodes_by_type"], by_type["links_by_type"]
    atomic_write_json(out / REPORT_NAME, report.as_dict(), indent=1)
    report.pruned = cache.prune(set(keys.values()))
    if log:
        for line in lines:
            log(line)
    report.graph_path = str(out / "graph.json")
    report.seconds = time.perf_counter() - t0
    return report


def _merge_all(gplan: graphstate.Plan, docs: list[tuple], sources, sizes, cache: DocCache,
               home_region: str | None, extractor: Callable | None) -> GraphMerger:
    """Every document's digest merged (the fallback when the saved graph state fails to update)."""
    by_order = {o: r for r, o in gplan.order.items()}
    merger = GraphMerger()
    for rank, _doc, key, meta, *_ in docs:
        if meta is None:
            continue
        r = by_order[rank]
        entry = gplan.entries.get(r) or _cached_or_extracted(cache, key, sources[r], sizes[r], home_region,
                                                             extractor)
        if entry.get("digest") is not None and not entry.get("error"):
            merger.add_digest(entry["digest"], rank)
    return merger


def _cached_or_extracted(cache: DocCache, key: str, source: SourceFile, size: int, home_region: str | None,
                         extractor: Callable | None) -> dict[str, Any]:
    """The document's cache entry, or, if it vanished or is damaged, the entry of extracting it here."""
    entry = cache.get(key)
    if entry is None:
        entry = _entry_of(_extract_one(str(source.path), source.doc_id, home_region, extractor), size)
    return entry


def _close(eng, kill: bool = False) -> None:
    close = getattr(eng, "close", None)
    if close is None:
        return
    try:
        close(kill=kill)
    except TypeError:
        close()


def _rss_bytes() -> int:
    """This process's resident memory (Linux: /proc/self/statm; elsewhere the peak so far)."""
    try:
        with open("/proc/self/statm", "rb") as f:
            return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError, AttributeError):
        pass
    try:
        import resource

        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        return peak if sys.platform == "darwin" else peak * 1024
    except (ImportError, OSError):
        return 0


def default_workers() -> int:
    return os.cpu_count() or 1
