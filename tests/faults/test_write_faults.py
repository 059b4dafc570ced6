"""Every write site of kg build, viz, export and load fails in turn (ENOSPC, EACCES, EIO): one line, a
non-zero exit (or the right output), previous outputs intact, no temporary file, and the next run works.
See conftest.py for the machinery."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from .conftest import SAMPLES, env_for, run_kg, sweep, write_events

BUILD_OUTPUTS = ["o/graph.json", "o/graph.extracted.json", "o/build-report.json"]
CURATION = """merge:  [{into: 国家综合考核组, from: [综合考核组]}]
reject: [{source: 北京市, type: ASSISTS, target: 内蒙古自治区}]
add:    [{source: 北京市, type: FUNDS, target: 赤峰市, amount_yuan: 1000000, doc: a.txt, evidence: 某句}]
"""


def _corpus(root: Path, n: int = 3, chars: int = 1500) -> Path:
    root.mkdir(parents=True)
    for i, f in enumerate(sorted(SAMPLES.glob("*.txt"))[:n]):
        (root / f"d{i}.txt").write_text(f.read_text(encoding="utf-8")[:chars], encoding="utf-8")
    return root


def _report(n: int, problems: list[str]) -> None:
    assert n > 0
    assert not problems, f"{len(problems)} problems over {n} write sites:\n" + "\n".join(problems)


@pytest.fixture
def cache(tmp_path: Path) -> Path:
    return tmp_path / "user-cache"


def test_build_from_nothing_survives_every_write_fault(tmp_path, cache):
    corpus = _corpus(tmp_path / "corpus")
    template = tmp_path / "template"
    template.mkdir()
    # warm the user-level caches (jieba's tables, compiled patterns) so that every run writes the same
    warm = run_kg(["build", str(corpus), "--out", str(tmp_path / "warm"), "--quiet"], tmp_path, env_for(cache))
    assert warm.returncode == 0, warm.stderr
    n, problems = sweep(["build", str(corpus), "--out", "o", "--quiet"], template, BUILD_OUTPUTS[::2],
                        tmp_path / "work", cache, loose={"o/build-report.json"})
    _report(n, problems)


@pytest.mark.parametrize("curated", [False, True])
def test_incremental_build_survives_every_write_fault(tmp_path, cache, curated):
    """The previous build's outputs stay whole: a re-build after one document changed and one was added
    (the graph store's update, graph.json), with or without a curation file (graph.extracted.json, the
    curated graph.json)."""
    corpus = _corpus(tmp_path / "corpus")
    cur = tmp_path / "curation.yaml"
    cur.write_text(CURATION, encoding="utf-8")
    template = tmp_path / "template"
    template.mkdir()
    args = ["build", str(corpus), "--out", "o", "--quiet"] + (["--curation", str(cur)] if curated else [])
    r = run_kg(args, template, env_for(cache))
    assert r.returncode == 0, r.stderr
    d0 = corpus / "d0.txt"
    d0.write_text(d0.read_text(encoding="utf-8")[:900], encoding="utf-8")
    shutil.copy(sorted(SAMPLES.glob("*.txt"))[3], corpus / "d3.txt")
    n, problems = sweep(args, template, BUILD_OUTPUTS, tmp_path / "work", cache,
                        loose={"o/build-report.json"})
    _report(n, problems)


@pytest.fixture
def graphs(tmp_path, cache) -> tuple[Path, Path]:
    """Two different graph.json files (an older and a newer corpus)."""
    corpus = _corpus(tmp_path / "corpus", n=4)
    out = []
    for name, files in (("g1", 2), ("g2", 4)):
        sub = tmp_path / f"c-{name}"
        sub.mkdir()
        for f in sorted(corpus.glob("*.txt"))[:files]:
            shutil.copy(f, sub / f.name)
        r = run_kg(["build", str(sub), "--out", str(tmp_path / name), "--quiet"], tmp_path, env_for(cache))
        assert r.returncode == 0, r.stderr
        out.append(tmp_path / name / "graph.json")
    return out[0], out[1]


def test_viz_survives_every_write_fault(tmp_path, cache, graphs):
    old, new = graphs
    template = tmp_path / "template"
    template.mkdir()
    r = run_kg(["viz", str(old), "--out", "page.html"], template, env_for(cache))
    assert r.returncode == 0, r.stderr
    n, problems = sweep(["viz", str(new), "--out", "page.html"], template, ["page.html"], tmp_path / "work", cache)
    _report(n, problems)


@pytest.mark.parametrize("fmt,out,files", [
    ("csv", "csv", ["csv/entities.csv", "csv/documents.csv", "csv/relationships.csv", "csv/mentions.csv",
                    "csv/import.sh"]),
    ("cypher", "graph.cypher", ["graph.cypher"]),
    ("graphml", "graph.graphml", ["graph.graphml"]),
])
def test_export_survives_every_write_fault(tmp_path, cache, graphs, fmt, out, files):
    old, new = graphs
    template = tmp_path / "template"
    template.mkdir()
    r = run_kg(["export", str(old), "--format", fmt, "--out", out], template, env_for(cache))
    assert r.returncode == 0, r.stderr
    n, problems = sweep(["export", str(new), "--format", fmt, "--out", out], template, files,
                        tmp_path / "work", cache)
    _report(n, problems)


def test_csv_export_never_mixes_old_and_new_files(tmp_path, cache, graphs):
    """A failure anywhere in writing the csv set leaves the previous set whole (all old, or all new)."""
    old, new = graphs
    template = tmp_path / "template"
    template.mkdir()
    assert run_kg(["export", str(old), "--format", "csv", "--out", "csv"], template, env_for(cache)).returncode == 0
    before = {p.name: p.read_bytes() for p in (template / "csv").iterdir()}
    env = env_for(cache)
    warm = run_kg(["export", str(new), "--format", "csv", "--out", "csv"], shutil.copytree(template, tmp_path / "w"), env)
    assert warm.returncode == 0, warm.stderr  # the user-level caches written once, before counting
    after = {p.name: p.read_bytes() for p in (tmp_path / "w" / "csv").iterdir()}
    events = write_events(["export", str(new), "--format", "csv", "--out", "csv"],
                          shutil.copytree(template, tmp_path / "count"), env)
    for ev in events:
        if ev.op == "replace":
            break
        d = shutil.copytree(template, tmp_path / f"f{ev.n}")
        r = run_kg(["export", str(new), "--format", "csv", "--out", "csv"], d,
                   {**env, "KG_FAULT_AT": str(ev.n), "KG_FAULT_ERRNO": "ENOSPC"})
        files = {p.name: p.read_bytes() for p in (d / "csv").iterdir()}
        if r.returncode == 0:  # e.g. mkdir of the existing directory: nothing failed
            assert files == after
        else:
            assert r.returncode == 1 and "No space left on device" in r.stderr
            assert files == before


def test_load_survives_every_write_fault(tmp_path, cache, graphs, fresh_falkordb):
    """`kg load`'s only local writes are its resume checkpoint beside the graph: each fails in turn, and
    the load ends in one line (or succeeds), leaves no temporary file, and the next load succeeds."""
    _, new = graphs
    template = tmp_path / "template"
    template.mkdir()
    shutil.copy(new, template / "graph.json")
    args = ["load", "graph.json", "--uri", fresh_falkordb.uri, "--user", "falkordb", "--password",
            fresh_falkordb.password, "--quiet"]
    events = write_events(args, shutil.copytree(template, tmp_path / "look"), env_for(cache))
    local = [e for e in events if not e.path.startswith(str(cache))]
    assert local and all(".kg-load-checkpoint" in Path(e.path).name or Path(e.path).is_dir() or
                         e.op == "mkdir" for e in local), local
    n, problems = sweep(args, template, ["graph.json"], tmp_path / "work", cache)
    _report(n, problems)
