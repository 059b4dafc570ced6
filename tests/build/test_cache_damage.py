"""A damaged .kg-cache never costs a build (issue 22 item 3): every kind of damage is reported in one
warning line, repaired or bypassed, and the build gives the byte-identical graph of a clean build."""

from __future__ import annotations

import os
import shutil
import sqlite3
from pathlib import Path

import pytest

from kg.build import build as _build
from kg.buildcache import DocCache
from tests.build import helpers


def build(paths, out, **kw):
    kw.setdefault("extractor", helpers.toy_extractor)
    return _build([str(p) for p in paths], out, progress=False, **kw)


@pytest.fixture
def clean(corpus, tmp_path) -> Path:
    ref = tmp_path / "clean"
    build([corpus], ref)
    return ref


def _damage(out: Path, kind: str) -> None:
    root = out / ".kg-cache"
    db = root / "entries.db"
    if kind == "cache_is_a_file":
        shutil.rmtree(root)
        root.write_bytes(b"not a directory")
    elif kind == "db_garbage":
        for p in root.glob("entries.db*"):
            p.unlink()
        db.write_bytes(os.urandom(8192))
    elif kind == "db_is_a_dir":
        for p in root.glob("entries.db*"):
            p.unlink()
        (db / "x").mkdir(parents=True)
    elif kind == "db_other_version":
        c = sqlite3.connect(db)
        c.execute("PRAGMA user_version=7")
        c.close()
    elif kind == "old_layout":  # what an earlier kg left: shard directories, a shard replaced by a file
        (root / "ab").mkdir()
        (root / "ab" / "ab12.kgc").write_bytes(b"KGC1....")
        (root / "cd").write_bytes(b"a file where a shard directory was")
        (root / "graph.state").write_bytes(b"old")


@pytest.mark.parametrize("kind", ["cache_is_a_file", "db_garbage", "db_is_a_dir", "db_other_version",
                                  "old_layout"])
def test_damaged_cache_is_reported_once_and_rebuilt(corpus, tmp_path, clean, kind):
    out = tmp_path / "o"
    build([corpus], out)
    _damage(out, kind)
    (out / "graph.db").unlink()  # a full merge: every entry is needed
    lines: list[str] = []
    rep = build([corpus], out, log=lines.append)
    assert (out / "graph.json").read_bytes() == (clean / "graph.json").read_bytes()
    warnings = [x for x in lines if x.startswith("warning:")]
    if kind == "old_layout":
        assert warnings == [] and rep.reused == rep.documents_found
        assert sorted(p.name for p in (out / ".kg-cache").iterdir() if not p.name.startswith("entries.db")) \
            == ["stat.index"]
    else:
        assert len(warnings) == 1 and ".kg-cache" in warnings[0], lines
        assert rep.extracted == rep.documents_found and rep.reused == 0
    again = build([corpus], out, log=lines.append)  # repaired: all reused, no warning
    assert again.reused == again.documents_found and len([x for x in lines if x.startswith("warning:")]) <= 1


def test_garbage_entries_are_re_extracted_rewritten_and_not_counted_as_reused(corpus, tmp_path, clean):
    out = tmp_path / "o"
    build([corpus], out)
    cache = DocCache.in_out_dir(out)
    cache.db.execute("UPDATE entries SET data=x'00ff00'")
    cache.close()
    (out / "graph.db").unlink()
    rep = build([corpus], out)
    assert rep.extracted == rep.documents_found and rep.reused == 0
    assert (out / "graph.json").read_bytes() == (clean / "graph.json").read_bytes()
    (out / "graph.db").unlink()
    helpers.CALLS.clear()
    rep = build([corpus], out)
    assert rep.reused == rep.documents_found and helpers.CALLS == []  # rewritten: read back this time


def test_cache_damage_through_the_cli_is_one_line(corpus, tmp_path):
    import subprocess
    import sys

    out = tmp_path / "o"
    build([corpus], out)
    _damage(out, "cache_is_a_file")
    r = subprocess.run([sys.executable, "-m", "kg.cli", "build", str(corpus), "--out", str(out), "--workers", "1",
                        "--progress", "off", "--extractor", "tests.build.helpers:toy_extractor"],
                       capture_output=True, text=True, timeout=300, cwd=Path(__file__).resolve().parents[2])
    assert r.returncode == 0, r.stderr
    assert [x for x in r.stderr.splitlines() if "warning:" in x] == [
        f"kg build: warning: build cache {out / '.kg-cache'} is not a directory: replaced by a new cache"]
    assert "Traceback" not in r.stderr
