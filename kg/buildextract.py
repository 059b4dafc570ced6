"""The extract step of `kg build`: documents -> cache entries, on an engine (kg.engines).

`extract_chunk` is a pure function of its documents (read, decode, normalise, extract, digest); the
engine runs it in this process, a process pool or on Dask, and :func:`run` yields each document's result
as it arrives (any order: the merge decides by rank).
"""

from __future__ import annotations

import signal
import time
from collections.abc import Callable, Iterator
from functools import partial
from typing import Any

from kg.buildcache import DocCache
from kg.digest import digest_extraction
from kg.errors import IngestError, KgError
from kg.ingest import SourceFile, load_document

CHUNK_DOCS = 16  # at most this many documents ...
CHUNK_BYTES = 2 << 20  # ... or about this many bytes per chunk sent to a worker
# A pool worker first loads jieba's dictionary and the lexicons (~2 s, about what 0.6 MB of extraction
# costs): fewer workers than asked for are started when there is too little to extract to pay for them.
MIN_BYTES_PER_WORKER = 1 << 20
# Extracting a document costs about 50 times what merging its cached result does: used to size the pool
# of a re-build (this process merges the cached results meanwhile).
EXTRACT_VS_MERGE = 50


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


def extract_chunk(tasks: list[Task], home_region: str | None = None, extractor: Callable | None = None
                  ) -> list[dict[str, Any]]:
    """The unit of distributed work. tasks: (doc_id, path, key, sha256, size). Pure per document.

    Returns per document {doc, key, cacheable, entry: the entry's bytes (DocCache.encode), seconds: the
    wall time this took}; the building process stores the cacheable ones (an entry is cacheable unless
    extraction failed in a way a fix of kg could change, or the file changed while it was read)."""
    out = []
    for doc_id, path, key, sha, size in tasks:
        t0 = time.perf_counter()
        raw = _extract_one(path, doc_id, home_region, extractor)
        entry = _entry_of(raw, size)
        try:
            data = DocCache.encode(key, entry)
        except (ValueError, TypeError) as e:  # not even JSON can hold it: the extractor's output is bad
            raw["cacheable"] = False
            entry = {"doc": doc_id, "bytes": size, "warnings": entry["warnings"],
                     "error": f"extractor output unusable: {type(e).__name__}: {e}".splitlines()[0]}
            data = DocCache.encode(key, entry)
        cacheable = bool(raw.get("cacheable")) and raw.get("sha256", sha) == sha
        out.append({"doc": doc_id, "key": key, "cacheable": cacheable, "entry": data,
                    "seconds": time.perf_counter() - t0})
    return out


def _crashed(task: Task) -> dict[str, Any]:
    doc_id, _path, key, _sha, size = task
    return {"doc": doc_id, "key": key, "cacheable": False,
            "entry": {"doc": doc_id, "bytes": size, "warnings": [],
                      "error": "the worker process died while extracting it (out of memory?)"}}


def make_engine(engine: str, workers: int, scheduler: str | None, work_bytes: int, n_tasks: int,
                extractor: Callable | None, home_region: str | None, reused_bytes: int = 0):
    """The engine for this build's extraction work, or None when there is nothing to extract.

    --workers 1 extracts in this process. With more, a pool of at most `workers` processes, fewer when
    there is little to extract (MIN_BYTES_PER_WORKER each)."""
    from kg.engines import LocalEngine, SerialEngine

    if n_tasks == 0:
        return None
    if engine == "dask":
        from kg.engines.dask import DaskEngine

        return DaskEngine(scheduler=scheduler, workers=workers)
    if workers <= 1:
        return SerialEngine()
    n = max(1, min(workers, n_tasks, -(-work_bytes // MIN_BYTES_PER_WORKER) if MIN_BYTES_PER_WORKER else workers))
    if reused_bytes:
        # A re-build: this process merges the cached entries meanwhile; no more workers than it takes for
        # them to finish about when it does (more would only compete with it for the cores).
        n = max(1, min(n, -(-work_bytes * EXTRACT_VS_MERGE // reused_bytes)))
    # Mostly new documents: load the dictionaries here once and fork the workers from this process.
    # Mostly cached ones: let the workers load them while this process merges the cached entries.
    return LocalEngine(n, warm_up=(extractor, home_region), warm_in_parent=reused_bytes < work_bytes)


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


def run(eng, tasks: list[Task], home_region: str | None, extractor: Callable | None,
        idle: Callable[[], bool] | None, interrupted: Callable[[], str]) -> Iterator[dict[str, Any]]:
    """Each document's {doc, key, cacheable, entry (bytes)} as the engine delivers it. Ctrl-C or SIGTERM
    stop the engine and raise BuildInterrupted(interrupted())."""
    fn = partial(extract_chunk, home_region=home_region, extractor=extractor)
    chunks = _chunks(tasks, getattr(eng, "workers", 1), getattr(eng, "chunk_docs", CHUNK_DOCS))

    def on_term(signum, frame):
        raise _Interrupted()

    old_term = None
    try:
        old_term = signal.signal(signal.SIGTERM, on_term)
    except ValueError:  # not the main thread
        pass
    try:
        go = partial(eng.run, idle=idle) if idle is not None and getattr(eng, "supports_idle", False) else eng.run
        for summaries in go(fn, chunks, on_crash=_crashed):
            yield from summaries
    except (KeyboardInterrupt, _Interrupted):
        close(eng, kill=True)
        raise BuildInterrupted(interrupted()) from None
    except BaseException:
        close(eng, kill=True)
        raise
    finally:
        if old_term is not None:
            signal.signal(signal.SIGTERM, old_term)
    close(eng)


def close(eng, kill: bool = False) -> None:
    closer = getattr(eng, "close", None)
    if closer is None:
        return
    try:
        closer(kill=kill)
    except TypeError:
        closer()
