"""`kg build`: documents -> per-document extractions -> merged graph.json + build report.

Extraction of one document is a pure function of its bytes and the lexicons (`extract_file`), so it
runs in a process pool; merging (kg.graph.build_graph) is a separate step over results in document order.
"""

from __future__ import annotations

import sys
import time
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kg.errors import IngestError, KgError
from kg.graph import build_graph, write_graph
from kg.ingest import SourceFile, discover, load_document
from kg.jsonio import atomic_write_json


@dataclass
class BuildReport:
    documents_found: int = 0
    documents_read: int = 0
    skipped: list[dict[str, str]] = field(default_factory=list)
    articles: int = 0
    sentences: int = 0
    characters: int = 0
    nodes_by_type: dict[str, int] = field(default_factory=dict)
    links_by_type: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0
    workers: int = 1
    graph_path: str = ""

    def as_dict(self) -> dict[str, Any]:
        return {
            "documents_found": self.documents_found,
            "documents_read": self.documents_read,
            "skipped": self.skipped,
            "articles": self.articles,
            "sentences": self.sentences,
            "characters": self.characters,
            "nodes_by_type": self.nodes_by_type,
            "links_by_type": self.links_by_type,
            "workers": self.workers,
        }


def extract_file(source: SourceFile, home_region: str | None = None) -> dict[str, Any]:
    """Read, decode, normalise and extract one file. Never raises for a bad file: returns {'error'}."""
    from kg.extract import extract_document

    try:
        doc = load_document(source.path, source.doc_id)
        return extract_document(doc, home_region=home_region)
    except IngestError as e:
        return {"doc": source.doc_id, "error": str(e)}
    except MemoryError:
        return {"doc": source.doc_id, "error": "too large to process in memory"}
    except RecursionError:
        return {"doc": source.doc_id, "error": "too deeply nested"}


def _extract_star(args: tuple[SourceFile, str | None]) -> dict[str, Any]:
    return extract_file(*args)


def _progress(total: int, enabled: bool):
    if not enabled:
        return None
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    prog = Progress(
        TextColumn("[bold]extracting"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
        TextColumn("{task.fields[doc]}"), transient=True,
    )
    return prog


def build(
    paths: list[str],
    out: str | Path,
    workers: int = 1,
    home_region: str | None = None,
    progress: bool | None = None,
    log=None,
) -> BuildReport:
    t0 = time.perf_counter()
    out = Path(out)
    sources = discover(paths)
    if not sources:
        raise KgError("no documents found (.txt, .md, .html, .pdf)")
    if progress is None:
        progress = sys.stderr.isatty()
    report = BuildReport(documents_found=len(sources), workers=max(1, workers))
    jobs = [(s, home_region) for s in sources]
    results: list[dict[str, Any]] = []
    prog = _progress(len(jobs), progress)
    task = prog.add_task("extract", total=len(jobs), doc="") if prog else None
    if prog:
        prog.start()
    try:
        if workers <= 1:
            it = map(_extract_star, jobs)
            pool = None
        else:
            pool = ProcessPoolExecutor(max_workers=workers)
            it = pool.map(_extract_star, jobs, chunksize=max(1, min(16, len(jobs) // (workers * 4) or 1)))
        try:
            for res in it:
                results.append(res)
                if prog:
                    prog.update(task, advance=1, doc=res["doc"])
        finally:
            if pool:
                pool.shutdown(cancel_futures=True)
    finally:
        if prog:
            prog.stop()
    good = []
    for res in results:
        if "error" in res:
            report.skipped.append({"doc": res["doc"], "reason": res["error"]})
            if log:
                log(f"skipped {res['doc']}: {res['error']}")
            continue
        good.append(res)
        st = res.get("stats", {})
        report.articles += st.get("articles", 0)
        report.sentences += st.get("sentences", 0)
        report.characters += st.get("characters", 0)
    report.documents_read = len(good)
    g = build_graph(good)
    report.nodes_by_type = dict(sorted(Counter(d["type"] for _, d in g.nodes(data=True)).items()))
    report.links_by_type = dict(sorted(Counter(d["type"] for *_, d in g.edges(data=True)).items()))
    out.mkdir(parents=True, exist_ok=True)
    write_graph(g, out / "graph.json")
    atomic_write_json(out / "build-report.json", report.as_dict(), indent=1)
    report.graph_path = str(out / "graph.json")
    report.seconds = time.perf_counter() - t0
    return report
