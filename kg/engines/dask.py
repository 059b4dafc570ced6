"""`kg build --engine dask`: the same per-chunk extraction function on a Dask cluster.

Optional extra: ``pip install 'kg[dask]'``. Without ``--scheduler`` a LocalCluster of ``--workers``
single-threaded worker processes is started; with ``--scheduler tcp://host:8786`` the chunks go to an
existing cluster, whose workers must see the corpus paths and the output directory's ``.kg-cache`` at the
same paths (a shared filesystem), because each task writes its documents' results there itself.
Submissions are bounded (a few chunks per worker in flight) like the local engine; each document's entry
also comes back with its chunk's result and is merged by the caller with the document's rank in the
sorted document list, so the graph is byte-identical to a local build.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from kg.engines import Chunk, ChunkFn, CrashFn
from kg.errors import KgError


def dask_setup(worker) -> None:
    """Dask's preload hook, run in each worker process of the local cluster: the worker dies with the kg
    process that started it (kg.engines.die_with_parent), even when that is killed with SIGKILL."""
    from kg.engines import die_with_parent

    die_with_parent()


class DaskEngine:
    name = "dask"

    def __init__(self, scheduler: str | None = None, workers: int = 1, in_flight_per_worker: int = 3):
        try:
            import distributed  # noqa: F401
        except ImportError:
            raise KgError("--engine dask needs dask.distributed: pip install 'kg[dask]'") from None
        self.scheduler = scheduler
        self.workers = max(1, workers)
        self.in_flight_per_worker = in_flight_per_worker
        self._client = None
        self._cluster = None

    def _connect(self):
        from distributed import Client, LocalCluster

        if self.scheduler:
            try:
                self._client = Client(self.scheduler, timeout="20s")
            except OSError as e:
                raise KgError(f"cannot reach the Dask scheduler at {self.scheduler}: {e}") from None
        else:
            # each worker process ends with this one, however it ends (see dask_setup)
            from kg.engines import note_parent

            note_parent()
            self._cluster = LocalCluster(n_workers=self.workers, threads_per_worker=1, processes=True,
                                         dashboard_address=None, preload=[__name__])
            self._client = Client(self._cluster)
        n = len(self._client.scheduler_info().get("workers", {})) or self.workers
        self.workers = n
        return self._client

    def run(self, fn: ChunkFn, chunks: Iterable[Chunk], on_crash: CrashFn | None = None
            ) -> Iterator[list[dict[str, Any]]]:
        from distributed import KilledWorker, as_completed

        client = self._client or self._connect()
        limit = self.workers * self.in_flight_per_worker
        it = iter(chunks)
        chunk_of: dict[str, Chunk] = {}
        seq = 0

        def submit(ac=None):
            nonlocal seq
            try:
                chunk = next(it)
            except StopIteration:
                return None
            seq += 1
            fut = client.submit(fn, chunk, key=f"kg-extract-{seq}", pure=False)
            chunk_of[fut.key] = chunk
            if ac is not None:
                ac.add(fut)
            return fut

        first = [f for f in (submit() for _ in range(limit)) if f is not None]
        if not first:
            return
        ac = as_completed(first)
        try:
            for fut in ac:
                chunk = chunk_of.pop(fut.key)
                try:
                    res = fut.result()
                except KilledWorker:
                    if on_crash is None:
                        raise
                    res = [on_crash(t) for t in chunk]
                fut.release()
                submit(ac)
                yield res
        except BaseException:
            self.close(kill=True)
            raise

    def close(self, kill: bool = False) -> None:
        client, cluster = self._client, self._cluster
        self._client = self._cluster = None
        for obj in (client, cluster):
            if obj is not None:
                try:
                    obj.close()
                except Exception:
                    pass
