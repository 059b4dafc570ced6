"""A link's evidence in the graph store (kg.linkrows): rows per document and date, so that a re-build that
removes and adds documents deletes and inserts only theirs, and graph.json is still the bytes a full build
writes: every sentence of every document in (date, document, sentence) order, a FUNDS link's amount the sum
of its evidence's amounts in that order."""

from __future__ import annotations

import json
import random
import shutil
from pathlib import Path

from kg import graphindex, linkrows
from kg.build import build
from tests.build.helpers import evidence_extractor

DATES = ["2019-12-31", "2020-01-01", "2020-06-30", "2021-01-01", "-"]
AMOUNTS = ["0.1", "0.2", "0.3", "0.7", "100", "2500000", "-"]  # float sums that depend on their order


def _write(corpus: Path, name: str, rng: random.Random) -> None:
    lines = [f"{rng.choice(DATES)}|{rng.choice(AMOUNTS)}|北京市资金支持赤峰市{rng.randint(0, 9)}号项目。"
             for _ in range(rng.randint(1, 4))]
    p = corpus / name
    p.parent.mkdir(parents=True, exist_ok=True)
    p.write_text("\n".join(lines) + "\n", encoding="utf-8")


def _build(corpus: Path, out: Path) -> dict:
    build([str(corpus)], out, extractor=evidence_extractor, progress=False)
    return json.loads((out / "build-report.json").read_text(encoding="utf-8"))


def _expected(corpus: Path) -> list[dict]:
    """The FUNDS link's evidence as graph.json must list it, from the documents themselves."""
    evs = {}
    for p in sorted(corpus.rglob("*.txt")):
        doc = str(p.relative_to(corpus))
        for line in p.read_text(encoding="utf-8").splitlines():
            date, amount, text = line.split("|", 2)
            ev = {"doc": doc, "text": text, "date": None if date == "-" else date}
            if amount != "-":
                ev["amount_yuan"] = float(amount) if "." in amount else int(amount)
            old = evs.get((doc, text))
            if old is None or ("amount_yuan" in ev and "amount_yuan" not in old):  # as a document's digest
                evs[(doc, text)] = ev
    return sorted(evs.values(), key=lambda e: (e["date"] or "", e["doc"], e["text"]))


def test_evidence_across_re_builds_that_remove_and_add_documents(tmp_path, monkeypatch):
    rng = random.Random(20)
    corpus, out, ref = tmp_path / "c", tmp_path / "out", tmp_path / "ref"
    for i in range(12):
        _write(corpus, f"{2019 + i % 3}/d{i * 10:03d}.txt", rng)
    assert _build(corpus, out)["graph_update"] == "full"

    decoded: list[str] = []  # the links whose evidence an update decoded
    saved_evidence = linkrows.saved_evidence

    def decoding(db, k):
        decoded.append(k[2])
        return saved_evidence(db, k)

    for step in range(4):
        files = sorted(corpus.rglob("*.txt"))
        for f in rng.sample(files, 2):
            f.unlink()
        _write(corpus, f"{2019 + step % 3}/d{rng.randint(0, 120):03d}x.txt", rng)  # between two others
        _write(corpus, f"2018/a{step}.txt", rng)  # before all
        _write(corpus, str(files[-1].relative_to(corpus)), rng)  # a changed one
        before = _evidence_docs(out)
        with monkeypatch.context() as mp:
            mp.setattr(linkrows, "saved_evidence", decoding)
            rep = _build(corpus, out)
        assert rep["graph_update"] == "incremental", step
        shutil.rmtree(ref, ignore_errors=True)
        assert _build(corpus, ref)["graph_update"] == "full"
        assert (out / "graph.json").read_bytes() == (ref / "graph.json").read_bytes()
        g = json.loads((out / "graph.json").read_text(encoding="utf-8"))
        [funds] = [ln for ln in g["links"] if ln["type"] == "FUNDS"]
        expected = _expected(corpus)
        assert funds["evidence"] == expected
        amounts = [e["amount_yuan"] for e in expected if "amount_yuan" in e]
        assert repr(funds["amount_yuan"]) == repr(sum(amounts))
        docs = {str(p.relative_to(corpus)) for p in corpus.rglob("*.txt")}
        assert _evidence_docs(out) == docs  # the removed documents' rows are gone, the added ones' there
        assert before - docs  # some were removed
        [assists] = [ln for ln in g["links"] if ln["type"] == "ASSISTS"]
        assert {e["doc"] for e in assists["evidence"]} == docs and all(type(e["date"]) is int
                                                                        for e in assists["evidence"])
    # only the link kept whole (its dates are numbers) was decoded, never the one ordered by its rows
    assert set(decoded) == {"ASSISTS"}


def _evidence_docs(out: Path) -> set[str]:
    db = graphindex.connect(out / "graph.db")
    try:
        return {d for (d,) in db.execute("SELECT DISTINCT doc FROM link_evidence")}
    finally:
        db.close()
