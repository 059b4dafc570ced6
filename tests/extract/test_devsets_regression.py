"""Regression guard on the development sets made after the shared ones and read (data/devsets: fresh6,
mining4, fresh7 … fresh25), each built alone as a user would build it.

Fails when entity or relation F1 of a set drops more than 0.02 below the level reached (REACHED). Raise
the levels when the extractor improves; never lower them to make a change pass. Sets whose errors have not
been read are not here (data/devsets/README.md).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.build import build
from kg.eval import evaluate, read_gold
from kg.graph import read_graph

DEVSETS = Path(__file__).resolve().parents[2] / "data" / "devsets"
REACHED = {  # set -> (entities F1, relations F1), session 23 (a level is never lowered: fresh10's relations are
    # 0.751 now, below the 0.759 reached in session 15, within the tolerance; docs/quality.md says why)
    "fresh6": (0.881, 0.759),
    "mining4": (0.947, 0.742),
    "fresh7": (0.888, 0.735),
    "fresh8": (0.917, 0.763),
    "fresh9": (0.937, 0.871),
    "fresh10": (0.880, 0.759),
    "fresh11": (0.863, 0.707),
    "fresh12": (0.894, 0.692),
    "fresh13": (0.875, 0.703),  # read in session 17 (first look 0.623)
    "fresh14": (0.867, 0.756),  # read in session 17 (first look 0.609)
    "fresh15": (0.860, 0.675),  # read in session 18 (first look 0.488)
    "fresh16": (0.825, 0.571),  # read in session 18 (first look 0.529)
    "fresh17": (0.910, 0.702),  # read in session 19 (first look 0.613)
    "fresh18": (0.828, 0.680),  # read in session 19 (first look 0.448, 0.478 after fresh17's rules)
    "fresh19": (0.892, 0.717),  # read in session 20 (first look 0.562)
    "fresh20": (0.784, 0.674),  # read in session 21 (first look 0.606)
    "fresh21": (0.815, 0.476),  # read in session 21 (first look 0.380, 0.451 at the end of session 20)
    "fresh22": (0.828, 0.723),  # read in session 22 (first look 0.657)
    "fresh23": (0.909, 0.601),  # read in session 22 (first look 0.526)
    "fresh24": (0.890, 0.734),  # read in session 23 (first look 0.607)
    "fresh25": (0.794, 0.476),  # read in session 23 (first look 0.469)
}
TOLERANCE = 0.02


@pytest.fixture(scope="module")
def results(tmp_path_factory):
    out = {}
    for name in REACHED:
        docs = DEVSETS / name / "docs"
        target = tmp_path_factory.mktemp(name)
        build([str(docs)], target, progress=False)
        out[name] = evaluate(read_graph(target / "graph.json"), read_gold(DEVSETS / name / "gold.jsonl"))
    return out


@pytest.mark.parametrize("name", sorted(REACHED))
def test_read_sets_do_not_regress(results, name):
    entities, relations = REACHED[name]
    got = results[name]
    assert got.entities["all"].f1 >= entities - TOLERANCE, f"{name} entities {got.entities['all'].f1:.3f}"
    assert got.relations["all"].f1 >= relations - TOLERANCE, f"{name} relations {got.relations['all'].f1:.3f}"
