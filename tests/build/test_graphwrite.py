"""kg.graphwrite: after a re-build, graph.json is written from the previous file (its unchanged items
copied) and the changed items' rows, and is the bytes a full build writes; a previous file that is not
laid out as the store says is never trusted (the file is written whole)."""

from __future__ import annotations

import random
import sqlite3

import pytest

from kg import graphwrite
from tests.build.test_graphstate import _build, _check_same_as_full, _corpus, _text


@pytest.fixture
def whole_writes(monkeypatch) -> list[str]:
    """The graph.json files written whole (by write_node_link) during the test."""
    calls: list[str] = []
    write_node_link = graphwrite.write_node_link

    def counted(path, *a, **kw):
        calls.append(str(path))
        return write_node_link(path, *a, **kw)

    monkeypatch.setattr(graphwrite, "write_node_link", counted)
    return calls


def test_re_builds_write_only_the_changed_items(tmp_path, whole_writes):
    rng = random.Random(21)
    corpus = _corpus(tmp_path / "c", rng)
    out = tmp_path / "out"
    _build(corpus, out)
    assert len(whole_writes) == 1
    for step in range(8):
        files = sorted(corpus.rglob("*.txt"))
        rng.choice(files).write_text(_text(rng), encoding="utf-8")
        if step % 2:
            rng.choice(files).unlink()
        if step % 3 == 0:
            (corpus / "2010" / f"n{step}.txt").write_text(_text(rng), encoding="utf-8")
        whole_writes.clear()
        rep = _check_same_as_full(corpus, out, tmp_path / "ref")
        assert rep["graph_update"] == "incremental"
        assert whole_writes == [str(tmp_path / "ref" / "graph.json")]  # only the reference build's


@pytest.mark.parametrize("damage", ["sizes", "graph.json replaced", "graph.json grown"])
def test_a_previous_file_not_laid_out_as_the_store_says_is_written_whole(tmp_path, whole_writes, damage):
    rng = random.Random(22)
    corpus = _corpus(tmp_path / "c", rng)
    out = tmp_path / "out"
    _build(corpus, out)
    if damage == "sizes":  # the store's sizes do not fit the file any more
        db = sqlite3.connect(out / "graph.db")
        db.execute("UPDATE nodes SET size = size + 1 WHERE id = (SELECT max(id) FROM nodes)")
        db.commit()
        db.close()
    elif damage == "graph.json replaced":
        (out / "graph.json").write_bytes((out / "graph.json").read_bytes())
    else:
        with open(out / "graph.json", "ab") as f:
            f.write(b" ")
    sorted(corpus.rglob("*.txt"))[3].write_text(_text(rng), encoding="utf-8")
    whole_writes.clear()
    assert _check_same_as_full(corpus, out, tmp_path / "ref")["graph_update"] == "incremental"
    assert whole_writes == [str(out / "graph.json"), str(tmp_path / "ref" / "graph.json")]
