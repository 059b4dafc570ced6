"""`kg build`: documents -> OUT/graph.json, OUT/graph.db and OUT/build-report.json.

One build is a list of steps, each run once, each a function of plain data (see :func:`build`):

1. discover  the files (kg.ingest.discover), stat them, hash what changed (the stat index), and give each
             document its cache key (kg.buildcache.doc_key) and its rank (its place in the sorted list);
2. plan      compare them with the documents of the saved graph store (kg.graphstate.plan): which are
             kept as merged, which are new or changed (merged now), which are gone;
3. extract   the documents the cache lacks, on an engine (kg.buildextract), storing each entry in the
             cache as it arrives (an interrupted build resumes there); cached entries are merged meanwhile;
4. merge     into the store: the changed documents only (kg.graphstate.update) or all of them
             (kg.graphstate.fill); every order-dependent choice is decided by rank, so the store, and
             graph.json, are the same bytes for any engine, number of workers or arrival order;
5. curate    the steps in AFTER_MERGE, on the merged graph (none by default), then the user's corrections
             (`curation`: kg.curation), which also keep the merged graph as OUT/graph.extracted.json;
6. write     graph.json from the store (kg.graphindex.write_graph_json), then build-report.json; cache
             entries no document uses any more are pruned.
"""

from __future__ import annotations

import gc
import os
import sqlite3
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kg import buildextract, graphindex, graphstate
from kg.buildcache import (
    DocCache,
    StatIndex,
    doc_key,
    extractor_fingerprint,
    file_sha256,
    forget_machine_caches,
)
from kg.buildextract import (  # noqa: F401 - the API
    BuildInterrupted,
    Task,
    _chunks,  # noqa: F401 - tests
    extract_chunk,
    extract_file,
)
from kg.buildprogress import BuildProgress, progress_mode
from kg.curation_rules import load_for_build
from kg.digest import DIGEST_VERSION
from kg.errors import KgError, naming, shown
from kg.ingest import discover
from kg.jsonio import atomic_write_json
from kg.merge import GraphMerger

REPORT_NAME = "build-report.json"
IDLE_ENTRIES = 8  # cached entries merged per turn while waiting for the workers
# The merge creates millions of long-lived objects (no reference cycles); Python's automatic collector
# would traverse them again and again. During a build it is off and only the young generations are
# collected, every GC_EVERY documents.
GC_EVERY = 16

# The steps run on the merged graph before graph.json is written, in order: (name, step). A step takes
# the NetworkX MultiDiGraph of the merge and returns the graph to write (or None if it changed nothing).
# The graph store keeps the merge (so that re-builds stay incremental); graph.json is what the steps made.
AFTER_MERGE: list[tuple[str, Callable[[Any], Any]]] = []


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
    # wall seconds spent reading, extracting and digesting documents, summed over the workers (what one
    # worker would take: bench/ compares it with jieba.lcut over the same text)
    extract_seconds: float = 0.0
    # the engine as the README names it ("local" or "dask") and the worker processes that extracted
    # (0 when every document was reused: all_reused)
    workers: int = 0
    engine: str = "local"
    # how the merge was done: "full" (every document's result merged) or "incremental" (the saved
    # graph store updated with the changed documents; see kg.graphstate)
    graph_update: str = "full"
    # the steps after the merge that changed the graph (AFTER_MERGE)
    curated: list[str] = field(default_factory=list)
    curation: dict[str, Any] | None = None  # with a curation file: kg.curation.curate_graph's report
    extractor: str = ""
    graph_path: str = ""
    skipped_now: int = 0  # documents that failed in this build (not from the cache)

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
            "all_reused": self.extracted == 0 and self.documents_found > 0 and not self.skipped_now,
            "workers": self.workers,
            "engine": self.engine,
            "curated": self.curated,
            "graph_update": self.graph_update,
            "extractor": self.extractor[:16],
            "extract_seconds": round(self.extract_seconds, 3),
            **({"curation": self.curation} if self.curation is not None else {}),
        }


@dataclass
class Document:
    """One document of the build: its rank, source, size, cache key (None: unreadable) and whether its
    entry is in the cache."""

    rank: int
    source: Any  # kg.ingest.SourceFile
    size: int
    key: str | None = None
    sha: str | None = None
    cached: bool = False
    error: str | None = None


class Merge:
    """The merge of one build: documents folded into a GraphMerger (by merge rank), their counts into the
    report, and their lines for the graph store's documents table."""

    def __init__(self, report: BuildReport, order: dict[int, int], spill: graphstate.MentionSpill | None = None):
        self.report = report
        self.order = order  # rank -> merge rank (a re-build keeps the merge ranks of kept documents)
        self.merger = GraphMerger(spill)
        self.problems: dict[int, tuple[list[str], str | None]] = {}
        self.doc_info: dict[int, tuple] = {}  # rank -> (key, record, bytes, counts, warnings, error)
        self.counts = {"articles": 0, "sentences": 0, "characters": 0}
        self.folded = 0

    def merge_rank(self, rank: int) -> int:
        return self.order.get(rank, (rank + 1) * graphstate.GAP)

    def _tally(self, rank: int, key: str | None, meta: dict[str, Any] | None, nbytes: int, cs: list[int],
               warnings: list[str], error: str | None) -> None:
        self.report.bytes += nbytes
        if warnings or error:
            self.problems[rank] = (list(warnings), error)
        if key is not None:
            self.doc_info[rank] = (key, meta, nbytes, cs, warnings, error)
        if meta is not None:
            self.report.documents_read += 1
            for k, v in zip(self.counts, cs, strict=True):
                self.counts[k] += v

    def fold(self, rank: int, entry: dict[str, Any], key: str | None = None, merge: bool = True) -> None:
        """One document's entry into the report (and into the graph unless merge is False)."""
        self.folded += 1
        if self.folded % GC_EVERY == 0:
            gc.collect(1)  # young objects only: what survives is the graph, never traversed again
        dg = entry.get("digest")
        error = entry.get("error")
        ok = not error and dg is not None
        st = (entry.get("stats") or {}) if ok else {}
        self._tally(rank, key, dg["doc"] if ok else None, entry.get("bytes") or 0,
                    [st.get(k, 0) or 0 for k in self.counts], list(entry.get("warnings") or ()), error)
        if ok and merge:
            self.merger.add_digest(dg, self.merge_rank(rank))

    def keep(self, rank: int, rec: tuple) -> None:
        """A document unchanged since the saved store: into the report (its items are in the store)."""
        self._tally(rank, *rec[2:])

    def docs(self, sources) -> list[tuple]:
        """The store's documents table: (merge rank, doc id, key, record, bytes, counts, warnings, error)."""
        return [(self.merge_rank(r), sources[r].doc_id, *self.doc_info[r]) for r in sorted(self.doc_info)]


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
    curation: str | Path | None = None,
) -> BuildReport:
    """Build OUT/graph.json + OUT/graph.db + OUT/build-report.json from the documents under `paths`.

    progress: None = a bar if stderr is a terminal else plain lines; True/'rich', 'plain', False/'off'.
    log: called with one line per problem (a damaged cache, a skipped file, a warning), in order.
    extractor: replaces kg.extract.extract_document (tests, experiments); must be picklable for workers.
    curation: a curation file (kg.curation_rules): its rules correct the merged graph (the curate step)."""
    out = Path(out)
    rules = load_for_build(curation)  # a malformed file stops the build before anything is written
    if out.exists() and not out.is_dir():
        raise KgError(f"--out {out} exists and is not a directory")
    if engine not in ("local", "auto", "dask"):
        raise KgError(f"unknown engine {engine!r} (local, dask)")
    gc_was_enabled = gc.isenabled()
    gc.disable()
    job = _Build(paths, out, max(1, workers), home_region, progress_mode(progress), log, engine,
                 scheduler, extractor, progress_interval)
    job.rules = rules
    try:
        with naming(out):  # what the machine refused, named by the output directory
            return job.run()
    finally:
        job.close()
        if gc_was_enabled:
            gc.enable()


class _Build:
    """One run of `kg build`: the steps of :func:`build`, in order (see the module's doc)."""

    def __init__(self, paths, out: Path, workers: int, home_region: str | None, mode: str,
                 log: Callable[[str], None] | None, engine: str, scheduler: str | None,
                 extractor: Callable | None, interval: float):
        self.paths, self.out, self.workers, self.home_region = paths, out, workers, home_region
        self.mode, self.log, self.engine, self.scheduler = mode, log, engine, scheduler
        self.extractor, self.interval = extractor, interval
        self.cache = DocCache.in_out_dir(out)
        self.store: sqlite3.Connection | None = None
        self.repairs: list[str] = []  # one line per damaged file of the cache or the store
        self.changed = True  # the merge changed the store (else graph.json may already be its output)
        self.rules: tuple[str, list] | None = None  # (curation file, its rules): see curate_step
        self.spill: graphstate.MentionSpill | None = None  # a full merge's mentions, on disk until filled

    def close(self) -> None:
        self.cache.close()
        for held in (self.store, self.spill):
            if held is not None:
                held.close()

    def run(self) -> BuildReport:
        t0 = time.perf_counter()
        forget_machine_caches()
        sources = discover(self.paths)
        if not sources:
            raise KgError("no documents found (.txt, .md, .html, .htm, .pdf)")
        self.out.mkdir(parents=True, exist_ok=True)
        # an extractor may name its own fingerprint (kg.extract.userlex: user lexicons are part of it)
        fingerprint = getattr(self.extractor, "fingerprint", None) or extractor_fingerprint(self.extractor)
        rep = self.report = BuildReport(documents_found=len(sources), extractor=fingerprint,
                                        engine="dask" if self.engine == "dask" else "local")
        docs = self.discover_step(sources, fingerprint)
        gplan = self.plan_step(docs)
        if gplan is None:  # a full merge: its mentions wait on disk for the store (graphstate.fill)
            self.spill = graphstate.MentionSpill(self.out)
        merge = Merge(rep, gplan.order if gplan else {}, self.spill)
        self.extract_step(docs, merge, gplan)
        self.merge_step(docs, merge, gplan)
        merge.merger = None  # all in the store now: its memory is the writer's
        if self.spill is not None:
            self.spill.close()  # its file goes
        curated = self.curate_step()
        self.write_step(curated)
        rep.articles, rep.sentences, rep.characters = (merge.counts[k] for k in merge.counts)
        lines = [f"warning: {r}" for r in self.repairs] + self._problems(merge, sources)
        rep.graph_path = str(self.out / "graph.json")
        atomic_write_json(self.out / REPORT_NAME, dict(rep.as_dict(), cache_repairs=self.repairs), indent=1)
        rep.pruned = self.cache.prune({d.key for d in docs if d.key})
        if self.log:
            for line in lines:
                self.log(line)
        rep.seconds = time.perf_counter() - t0
        return rep

    # ---- 1. discover: stat, hash what changed, cache keys

    def discover_step(self, sources, fingerprint: str) -> list[Document]:
        self.cache.db  # noqa: B018 - opens (and if need be repairs) the cache now
        self.repairs += self.cache.warnings
        index = StatIndex(self.cache.root)
        cached = self.cache.keys()
        docs = []
        for rank, s in enumerate(sources):
            d = Document(rank, s, 0)
            docs.append(d)
            path = str(s.path)
            try:
                st = s.path.stat()
                d.size = st.st_size
                d.sha = index.sha(path, st)
                if d.sha is None:
                    d.sha, _ = file_sha256(s.path)
                    index.record(path, st, d.sha)
            except OSError as e:
                d.error = f"cannot read: {e.strerror or e}"
                continue
            d.key = doc_key(f"{fingerprint}/digest{DIGEST_VERSION}", self.home_region, s.doc_id, path, d.sha)
            d.cached = d.key in cached
        index.save()
        return docs

    # ---- 2. plan: what the saved store already holds

    def plan_step(self, docs: list[Document]) -> graphstate.Plan | None:
        self.store = graphstate.open_store(self.out, self.repairs.append)
        cached = {d.rank for d in docs if d.cached}
        prev = graphstate.saved_docs(self.store)
        if prev is None or not cached:
            return None
        return graphstate.plan(prev, [(d.rank, d.source.doc_id, d.key) for d in docs if d.key], cached,
                               self.cache.has)

    # ---- 3. extract what the cache lacks (merging cached entries meanwhile)

    def extract_step(self, docs: list[Document], merge: Merge, gplan: graphstate.Plan | None) -> None:
        rep = self.report
        prog = BuildProgress(len(docs), sum(d.size for d in docs), mode=self.mode, interval=self.interval)
        kept = gplan.kept if gplan else {}
        for d in docs:
            if d.error:
                merge.fold(d.rank, {"doc": d.source.doc_id, "error": d.error, "warnings": [], "bytes": d.size})
                prog.advance(d.size, extracted=False)
            elif d.rank in kept:
                merge.keep(d.rank, kept[d.rank])
                rep.reused += kept[d.rank][7] is None
                prog.advance(d.size, extracted=False)
        tasks: list[Task] = [(d.source.doc_id, str(d.source.path), d.key, d.sha, d.size)
                             for d in docs if d.key and not d.cached]
        prog.set_work(sum(t[4] for t in tasks))
        pending = iter([d for d in docs if d.cached and d.rank not in kept])

        def idle() -> bool:
            """Merge a few cached entries while the workers extract; False when none are left."""
            for _ in range(IDLE_ENTRIES):
                d = next(pending, None)
                if d is None:
                    return False
                entry, fresh = self._cached_or_extracted(d)
                self._count(entry, fresh)
                merge.fold(d.rank, entry, d.key)
                prog.advance(d.size, extracted=fresh)
            return True

        eng = buildextract.make_engine(self.engine, self.workers, self.scheduler, sum(t[4] for t in tasks),
                                       len(tasks), self.extractor, self.home_region,
                                       reused_bytes=sum(d.size for d in docs if d.cached and d.rank not in kept))
        if eng is not None:
            rep.workers = getattr(eng, "workers", 1)
            rank_of = {d.key: d.rank for d in docs if d.key and not d.cached}
            try:
                for sm in buildextract.run(eng, tasks, self.home_region, self.extractor, idle,
                                           lambda: self._interrupted(merge, len(docs))):
                    entry = sm["entry"]
                    if isinstance(entry, bytes | bytearray):
                        if sm.get("cacheable"):
                            self.cache.put_bytes(sm["key"], entry)
                        entry = DocCache.decode(entry) or {"doc": sm["doc"], "bytes": 0, "warnings": [],
                                                           "error": "damaged result from the worker"}
                    self._count(entry, True)
                    rep.extract_seconds += sm.get("seconds") or 0.0
                    merge.fold(rank_of[sm["key"]], entry, sm["key"])
                    prog.advance(entry.get("bytes") or 0, extracted=True)
            finally:
                prog.close()
                self.cache.commit()
        prog.finish()
        while idle():
            pass
        self.cache.commit()

    def _interrupted(self, merge: Merge, n: int) -> str:
        self.cache.commit()
        return (f"interrupted after {merge.folded} of {n} documents; "
                "run the same command again to resume where it stopped")

    def _count(self, entry: dict[str, Any], fresh: bool) -> None:
        if entry.get("error"):
            self.report.skipped_now += fresh
        elif fresh:
            self.report.extracted += 1
        else:
            self.report.reused += 1

    def _cached_or_extracted(self, d: Document) -> tuple[dict[str, Any], bool]:
        """(the document's cache entry, False), or, if it is missing or damaged, (the entry of extracting
        it here, True), stored in the cache."""
        entry = self.cache.get(d.key)
        if entry is not None:
            return entry, False
        [sm] = extract_chunk([(d.source.doc_id, str(d.source.path), d.key, d.sha, d.size)], self.home_region,
                             self.extractor)
        if sm["cacheable"]:
            self.cache.put_bytes(d.key, sm["entry"])
        self.report.extract_seconds += sm["seconds"]
        return DocCache.decode(sm["entry"]), True

    # ---- 4. merge into the graph store

    def merge_step(self, docs: list[Document], merge: Merge, gplan: graphstate.Plan | None) -> None:
        table = merge.docs([d.source for d in docs])
        if gplan is not None:
            try:
                ok = graphstate.update(self.store, gplan, merge.merger, table, self.cache)
            except (sqlite3.Error, ValueError, TypeError) as e:
                self.repairs.append(f"graph store {graphindex.index_path(self.out)} not updated ({e}): "
                                    "made afresh (every document is merged again)")
                ok = False
            if ok:
                self.report.graph_update = "incremental"
                self.changed = bool(gplan.added or gplan.removed)
                return
            merger = GraphMerger()
            by_merge_rank = {merge.merge_rank(d.rank): d for d in docs}
            for rank, _doc, _key, meta, *_ in table:
                if meta is not None:
                    entry, fresh = self._cached_or_extracted(by_merge_rank[rank])
                    if entry.get("digest") is not None and not entry.get("error"):
                        merger.add_digest(entry["digest"], rank)
            self.cache.commit()
        else:
            merger = merge.merger
        graphstate.fill(self.store, merger, table)

    # ---- 5. curate: the steps after the merge

    def curate_step(self):
        """The graph the AFTER_MERGE steps and the curation file made of the merge, or None when there
        are none."""
        if not AFTER_MERGE and self.rules is None:
            return None
        g = graphindex.to_networkx(self.store)
        for name, step in AFTER_MERGE:
            g = step(g) or g
            self.report.curated.append(name)
        if self.rules is not None:  # the user's corrections (kg.curation)
            from kg.curation import curate_graph

            g, self.report.curation = curate_graph(g, *self.rules)
        return g

    # ---- 6. write graph.json

    def write_step(self, curated) -> None:
        from kg.curation import keep_extracted

        graph = self.out / "graph.json"
        keep_extracted(self.store, self.out, self.rules is not None)  # what kg eval scores
        if curated is not None:
            from kg.graph import write_graph

            graphindex.set_meta(self.store, "graph", None)  # the store holds the merge, not graph.json
            write_graph(curated, graph)
            by_type = graphindex.counts_of(curated)
        else:
            sig = graphindex.file_sig(graph)  # None: no graph.json (a write that failed last time)
            if self.changed or sig is None or graphindex.get_meta(self.store, "graph") != sig:
                graphindex.write_graph_json(self.store, graph)
            by_type = graphindex.counts(self.store)
        self.report.nodes_by_type, self.report.links_by_type = by_type["nodes_by_type"], by_type["links_by_type"]

    def _problems(self, merge: Merge, sources) -> list[str]:
        """The documents' warnings and errors into the report, and their log lines, in document order."""
        lines = []
        for rank in sorted(merge.problems):
            doc = sources[rank].doc_id
            warnings, error = merge.problems[rank]
            for w in warnings:
                self.report.warnings.append({"doc": doc, "warning": w})
                lines.append(f"warning {shown(doc)}: {shown(w)}")
            if error:
                self.report.skipped.append({"doc": doc, "reason": error})
                lines.append(f"skipped {shown(doc)}: {shown(error)}")
        return lines


def default_workers() -> int:
    return os.cpu_count() or 1
