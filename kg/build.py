"""`kg build`: documents -> per-document extractions (cached) -> merged graph.json + build report.

Stages, none of which holds the corpus's text in memory:

1. plan      discover the files, stat them (sizes for progress), hash each file (streamed) into a cache
             key = (extractor fingerprint, home region, doc id, path, content SHA-256); see kg.buildcache.
2. extract   documents whose key is not in OUT/.kg-cache are grouped into small chunks and run by an
             engine (in-process, a bounded process pool, or Dask). `extract_chunk` is a pure function of
             its documents: it writes each result atomically to the cache and returns a small summary.
             Interrupt it at any point: the next build reuses everything already written.
3. merge     kg.graph.build_graph over a generator that reads the cache entries one by one in document
             order (sorted doc ids), so the graph is byte-identical for any engine or number of workers;
             graph.json and build-report.json are written atomically; unreferenced entries are pruned.
"""

from __future__ import annotations

import os
import signal
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

from kg.buildcache import DocCache, doc_key, extractor_fingerprint, file_sha256
from kg.errors import IngestError, KgError
from kg.graph import build_graph, write_graph
from kg.ingest import SourceFile, discover, load_document
from kg.jsonio import atomic_write_json

REPORT_NAME = "build-report.json"
CHUNK_DOCS = 16  # at most this many documents ...
CHUNK_BYTES = 2 << 20  # ... or about this many bytes per chunk sent to a worker


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


def extract_chunk(tasks: list[tuple[str, str, str, str, int]], cache_root: str,
                  home_region: str | None = None, extractor: Callable | None = None) -> list[dict[str, Any]]:
    """The unit of distributed work. tasks: (doc_id, path, key, sha256, size).

    Writes each document's entry to the cache at `cache_root` (atomically, as soon as it is done) and
    returns small summaries {doc, key, bytes, error, warnings, cached}. Pure per document."""
    cache = DocCache(cache_root)
    out = []
    for doc_id, path, key, sha, size in tasks:
        entry = _extract_one(path, doc_id, home_region, extractor)
        cacheable = entry.pop("cacheable", False)
        got_sha = entry.pop("sha256", sha)
        entry["bytes"] = size
        cached = False
        if cacheable and got_sha == sha:  # the file did not change under us
            cache.put(key, entry)
            cached = True
        summary = {"doc": doc_id, "key": key, "bytes": size, "error": entry["error"],
                   "warnings": entry["warnings"], "cached": cached}
        if not cached and entry["error"] is None:
            summary["result"] = entry["result"]  # rare: file changed while building; merge it anyway
        out.append(summary)
    return out


def _crashed(task: tuple[str, str, str, str, int]) -> dict[str, Any]:
    doc_id, _path, key, _sha, size = task
    return {"doc": doc_id, "key": key, "bytes": size, "warnings": [], "cached": False,
            "error": "the worker process died while extracting it (out of memory?)"}


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


def _make_engine(engine: str, workers: int, scheduler: str | None):
    from kg.engines import LocalEngine, SerialEngine

    if engine == "dask":
        from kg.engines.dask import DaskEngine

        return DaskEngine(scheduler=scheduler, workers=workers)
    if engine not in ("local", "auto"):
        raise KgError(f"unknown engine {engine!r} (local, dask)")
    return LocalEngine(workers) if workers > 1 else SerialEngine()


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
    t0 = time.perf_counter()
    out = Path(out)
    if out.exists() and not out.is_dir():
        raise KgError(f"--out {out} exists and is not a directory")
    sources = discover(paths)
    if not sources:
        raise KgError("no documents found (.txt, .md, .html, .htm, .pdf)")
    out.mkdir(parents=True, exist_ok=True)
    cache = DocCache.in_out_dir(out)
    fingerprint = extractor_fingerprint(extractor)
    workers = max(1, workers)
    eng = _make_engine(engine, workers, scheduler)
    report = BuildReport(documents_found=len(sources), workers=getattr(eng, "workers", workers),
                         engine=eng.name, extractor=fingerprint)

    if progress is None:
        mode = "rich" if sys.stderr.isatty() else "plain"
    elif progress is True:
        mode = "rich"
    elif progress is False:
        mode = "off"
    else:
        mode = str(progress)

    sizes: list[int] = []
    for s in sources:
        try:
            sizes.append(s.path.stat().st_size)
        except OSError:
            sizes.append(0)
    prog = BuildProgress(len(sources), sum(sizes), mode=mode, interval=progress_interval)
    prog.set_work(sum(sizes))

    keys: dict[str, str] = {}  # doc id -> cache key, for documents whose entry is (or will be) cached
    uncached: dict[str, dict[str, Any]] = {}  # doc id -> summary (errors, results not cacheable)
    work_bytes = [0]
    chunk_docs = getattr(eng, "chunk_docs", CHUNK_DOCS)

    def plan() -> Iterator[list[tuple[str, str, str, str, int]]]:
        """Hash files lazily while the engine works; yield chunks of documents to extract."""
        chunk: list[tuple[str, str, str, str, int]] = []
        chunk_bytes = 0
        reused_bytes = 0
        for s, size in zip(sources, sizes, strict=True):
            try:
                sha, size = file_sha256(s.path)
            except OSError as e:
                uncached[s.doc_id] = {"doc": s.doc_id, "error": f"cannot read: {e.strerror or e}",
                                      "warnings": [], "bytes": size}
                prog.advance(size, extracted=False)
                continue
            key = doc_key(fingerprint, home_region, s.doc_id, str(s.path), sha)
            keys[s.doc_id] = key
            if cache.has(key):
                report.reused += 1
                reused_bytes += size
                prog.set_work(prog.nbytes - reused_bytes)
                prog.advance(size, extracted=False)
                continue
            work_bytes[0] += size
            chunk.append((s.doc_id, str(s.path), key, sha, size))
            chunk_bytes += size
            if len(chunk) >= chunk_docs or chunk_bytes >= CHUNK_BYTES:
                yield chunk
                chunk, chunk_bytes = [], 0
        if chunk:
            yield chunk

    fn = partial(extract_chunk, cache_root=str(cache.root), home_region=home_region, extractor=extractor)

    def on_term(signum, frame):
        raise _Interrupted()

    old_term = None
    try:
        old_term = signal.signal(signal.SIGTERM, on_term)
    except ValueError:  # not the main thread
        pass
    try:
        for summaries in eng.run(fn, plan(), on_crash=_crashed):
            for sm in summaries:
                report.extracted += 1
                if not sm.get("cached"):
                    keys.pop(sm["doc"], None)
                    uncached[sm["doc"]] = sm
                prog.advance(sm["bytes"], extracted=True)
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
    prog.finish()
    _close(eng)

    # ---- merge, streaming the cache in document order
    skipped_lines: list[str] = []

    def entries() -> Iterator[dict[str, Any]]:
        for s, size in zip(sources, sizes, strict=True):
            key = keys.get(s.doc_id)
            entry = cache.get(key) if key else None
            if entry is None:
                entry = uncached.get(s.doc_id)
            if entry is None:  # the cache entry vanished or is corrupt: extract it here
                entry = _extract_one(str(s.path), s.doc_id, home_region, extractor)
                entry["bytes"] = size
            report.bytes += entry.get("bytes", size) or 0
            for w in entry.get("warnings") or ():
                report.warnings.append({"doc": s.doc_id, "warning": w})
                skipped_lines.append(f"warning {s.doc_id}: {w}")
            if entry.get("error"):
                report.skipped.append({"doc": s.doc_id, "reason": entry["error"]})
                skipped_lines.append(f"skipped {s.doc_id}: {entry['error']}")
                continue
            res = entry.get("result")
            if res is None:
                continue
            report.documents_read += 1
            st = res.get("stats", {}) or {}
            report.articles += st.get("articles", 0)
            report.sentences += st.get("sentences", 0)
            report.characters += st.get("characters", 0)
            yield res

    g = build_graph(entries())
    report.nodes_by_type = dict(sorted(Counter(d["type"] for _, d in g.nodes(data=True)).items()))
    report.links_by_type = dict(sorted(Counter(d["type"] for *_, d in g.edges(data=True)).items()))
    write_graph(g, out / "graph.json")
    del g
    atomic_write_json(out / REPORT_NAME, report.as_dict(), indent=1)
    report.pruned = cache.prune(set(keys.values()))
    if log:
        for line in skipped_lines:
            log(line)
    report.graph_path = str(out / "graph.json")
    report.seconds = time.perf_counter() - t0
    return report


def _close(eng, kill: bool = False) -> None:
    close = getattr(eng, "close", None)
    if close is None:
        return
    try:
        close(kill=kill)
    except TypeError:
        close()


def default_workers() -> int:
    return os.cpu_count() or 1
