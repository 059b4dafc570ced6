"""Execution engines for `kg build`: run a picklable function over chunks of documents.

The seam: ``engine.run(fn, chunks)`` takes a function of one chunk (a list of tasks) that returns a list
of per-document summaries (``fn`` also writes each document's entry to the shared cache directory), and
yields those lists as chunks complete, in any order. The build merges each document with its rank in
the sorted document list, so the graph never depends on the engine, the number of workers or the
scheduling.

- ``SerialEngine``: in the calling process.
- ``LocalEngine``: a process pool with a bounded number of chunks in flight (memory stays bounded,
  ``chunks`` may be a lazy generator); each worker warms up (one tiny extraction: jieba's dictionary and
  the lexicons) as it starts; ``run(..., idle=f)`` calls ``f`` for a small piece of the caller's own
  work whenever no chunk has completed, until ``f`` returns False (the build merges cached results
  there while the workers extract); a worker that dies (OOM killer, segfault) is survived: the chunks
  in flight are re-run one document at a time and the document that kills a worker again is reported.
- ``kg.engines.dask.DaskEngine``: the same function on a Dask cluster (optional extra ``.[dask]``).
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from typing import Any

Chunk = list[Any]
ChunkFn = Callable[[Chunk], list[dict[str, Any]]]
CrashFn = Callable[[Any], dict[str, Any]]  # task -> summary for a task that killed its worker


class SerialEngine:
    name = "serial"
    workers = 1
    chunk_docs = 1  # no IPC to amortise: one document at a time keeps progress fine-grained

    def run(self, fn: ChunkFn, chunks: Iterable[Chunk], on_crash: CrashFn | None = None
            ) -> Iterator[list[dict[str, Any]]]:
        for chunk in chunks:
            yield fn(chunk)

    def close(self, kill: bool = False) -> None:
        pass


WARM_UP_TEXT = ("本报讯 北京市委书记蔡奇率北京市党政代表团赴内蒙古自治区赤峰市考察京蒙扶贫协作工作。"
                "国家统计局投入帮扶资金650万元，支持克什克腾旗实施“快递进村”工程。\n")


def warm_up(extractor: Callable | None = None, home_region: str | None = None, lazy: bool = False) -> None:
    """One tiny extraction, so that jieba's dictionary, the lexicons and the matchers are loaded before
    the first real document (per worker process, once). lazy: jieba's dictionary is loaded a shard at a
    time as it is used (kg.extract.jiebadict), for a process that will extract a few documents."""
    try:
        from kg.ingest.pipeline import document_from_text

        if lazy:
            from kg.extract import jiebadict

            jiebadict.load(lazy=True)

        if extractor is None:
            from kg.extract import extract_document as extractor
        extractor(document_from_text(WARM_UP_TEXT, "kg-warm-up.txt"), home_region=home_region)
    except Exception:  # pragma: no cover - the extractor reports its own errors per document
        pass


PR_SET_PDEATHSIG = 1  # linux/prctl.h
PARENT_WATCH_SECONDS = 0.5
PARENT_ENV = "KG_WORKER_PARENT"  # the pid of the process starting workers, as they inherit it


def note_parent() -> None:
    """Before starting workers: tell them which process they must not outlive (a worker that starts after
    its parent died would otherwise take its new parent, init, for it)."""
    os.environ[PARENT_ENV] = str(os.getpid())


def die_with_parent() -> None:
    """End this worker when the process that started it dies, however it dies (kill -9 included): on
    Linux the kernel sends SIGKILL (prctl PR_SET_PDEATHSIG); elsewhere a daemon thread notices that the
    parent changed and exits. A worker left behind would hold the caller's stdout and stderr open (a CI
    job that killed kg would hang) and block on a pipe nobody reads."""
    parent = int(os.environ.get(PARENT_ENV) or os.getppid())  # the parent may be gone already: then 1
    if os.getppid() != parent:
        os._exit(1)
    if sys.platform.startswith("linux"):
        try:
            import ctypes

            libc = ctypes.CDLL(None, use_errno=True)
            if libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) == 0:
                if os.getppid() != parent:  # it died before the request was made
                    os._exit(1)
                return
        except (OSError, AttributeError):
            pass
    threading.Thread(target=_watch_parent, args=(parent,), name="kg-parent-watch", daemon=True).start()


def _watch_parent(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(PARENT_WATCH_SECONDS)
    os._exit(1)


def _worker_init(extractor: Callable | None = None, home_region: str | None = None, warm: bool = True,
                 lazy: bool = False) -> None:
    die_with_parent()
    # Ctrl-C goes to the whole process group: the parent handles it and stops the workers.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if warm:
        gc.disable()  # loading dictionaries makes many objects that live as long as the worker
        warm_up(extractor, home_region, lazy)
        gc.freeze()
    gc.enable()  # a forked worker inherits the building parent's collector switched off


def _noop() -> None:
    pass


class LocalEngine:
    name = "local"
    supports_idle = True

    def __init__(self, workers: int, in_flight_per_worker: int = 3,
                 warm_up: tuple[Callable | None, str | None] | None = None, warm_in_parent: bool = False,
                 lazy: bool = False):
        """warm_up: (extractor, home_region) to warm the workers with; None: no warm-up.
        warm_in_parent: where processes can be forked, warm this process once and fork the workers from
        it (they inherit the loaded dictionaries, copy-on-write, and start extracting at once); else
        each worker warms itself as it starts (in parallel with whatever this process does meanwhile).
        lazy: workers that warm themselves load jieba's dictionary as they use it (see warm_up)."""
        self.workers = max(1, workers)
        self.lazy = lazy
        self.max_in_flight = self.workers * in_flight_per_worker
        self._warm_up = warm_up
        self._context = None
        if warm_up is not None and warm_in_parent and sys.platform.startswith("linux"):
            self._context = multiprocessing.get_context("fork")
        self._warmed = self._froze = False
        self._pool: ProcessPoolExecutor | None = None

    @property
    def warms_in_parent(self) -> bool:
        return self._context is not None

    def _new_pool(self) -> ProcessPoolExecutor:
        self.close()
        if self._warm_up is None:
            init_args: tuple = (None, None, False, False)
        elif self._context is not None:
            if not self._warmed:
                warm_up(*self._warm_up)
                self._warmed = True
                if gc.get_freeze_count() == 0:
                    # the workers' collectors leave what they inherit alone: the pages stay shared
                    gc.freeze()
                    self._froze = True
            init_args = (None, None, False, False)  # inherited
        else:
            init_args = (*self._warm_up, True, self.lazy)
        note_parent()
        self._pool = ProcessPoolExecutor(max_workers=self.workers, initializer=_worker_init,
                                         initargs=init_args, mp_context=self._context)
        return self._pool

    def close(self, kill: bool = False) -> None:
        pool, self._pool = self._pool, None
        if self._froze:
            gc.unfreeze()
            self._froze = False
        if pool is None:
            return
        if kill:
            for p in list((getattr(pool, "_processes", None) or {}).values()):
                try:
                    p.terminate()
                except Exception:
                    pass
        try:
            pool.shutdown(wait=True, cancel_futures=True)
        except Exception:
            pass

    def _isolate(self, fn: ChunkFn, tasks: list[Any], on_crash: CrashFn | None
                 ) -> Iterator[list[dict[str, Any]]]:
        """Re-run the tasks that were in flight when a worker died, one at a time."""
        for task in tasks:
            pool = self._pool or self._new_pool()
            try:
                yield pool.submit(fn, [task]).result()
            except BrokenProcessPool:
                self._new_pool()
                if on_crash is None:
                    raise
                yield [on_crash(task)]

    def start(self) -> None:
        """Start the workers now (they warm up) rather than at the first chunk."""
        pool = self._pool or self._new_pool()
        pool.submit(_noop)

    def run(self, fn: ChunkFn, chunks: Iterable[Chunk], on_crash: CrashFn | None = None,
            idle: Callable[[], bool] | None = None) -> Iterator[list[dict[str, Any]]]:
        pool = self._pool or self._new_pool()
        pending: dict[Future, Chunk] = {}
        it = iter(chunks)
        exhausted = False
        try:
            while True:
                while not exhausted and len(pending) < self.max_in_flight:
                    try:
                        chunk = next(it)
                    except StopIteration:
                        exhausted = True
                        break
                    pending[pool.submit(fn, chunk)] = chunk
                if not pending:
                    break
                if idle is not None:
                    done, _ = wait(pending, timeout=0)
                    if not done:
                        if not idle():
                            idle = None
                        continue
                else:
                    done, _ = wait(pending, return_when=FIRST_COMPLETED)
                broken: list[Chunk] = []
                for fut in done:
                    chunk = pending.pop(fut)
                    try:
                        yield fut.result()
                    except BrokenProcessPool:
                        broken.append(chunk)
                if broken:
                    # every future still pending failed too (or will): collect them all, then isolate
                    suspects = [t for c in broken for t in c]
                    for fut, chunk in list(pending.items()):
                        try:
                            res = fut.result()
                        except BrokenProcessPool:
                            suspects.extend(chunk)
                        else:
                            yield res
                    pending.clear()
                    self._new_pool()
                    yield from self._isolate(fn, suspects, on_crash)
                    pool = self._pool or self._new_pool()
        except BaseException:
            self.close(kill=True)
            raise
        self.close()
