"""kg.graphindex + kg.show: answers from the store beside graph.json are those graph.json gives."""

from __future__ import annotations

import json
import subprocess
import sys

import networkx as nx
import pytest

from kg import graphindex
from kg.build import build
from kg.errors import KgError, NotFoundError
from kg.graph import read_graph
from kg.show import show, show_entity
from tests.build import helpers
from tests.build.conftest import REPO


@pytest.fixture
def out(corpus, tmp_path):
    o = tmp_path / "o"
    build([str(corpus)], o, progress=False, extractor=helpers.toy_extractor)
    return o


def _probes(g: nx.MultiDiGraph) -> list[str]:
    names = set()
    for nid, d in g.nodes(data=True):
        names |= {nid, d["name"], *d.get("aliases", ()), d["name"][:1], d["name"][1:3]}
    return sorted(n for n in names if n)


def test_show_from_the_index_is_show_from_graph_json(out):
    g = read_graph(out / "graph.json")
    assert graphindex.open_for(out / "graph.json") is not None
    probes = _probes(g)
    assert len(probes) > 20
    for name in probes:
        try:
            want = show_entity(g, name)
        except NotFoundError as e:
            with pytest.raises(NotFoundError) as got:
                show(out / "graph.json", name)
            assert str(got.value) == str(e)
            continue
        assert show(out / "graph.json", name) == want


def test_a_graph_json_the_store_does_not_describe_is_read_whole(out):
    g = read_graph(out / "graph.json")
    nid = next(iter(g.nodes))
    text = (out / "graph.json").read_text(encoding="utf-8")
    (out / "graph.json").write_text(text.replace('"name": ', '"name": "x', 1).replace('"x"', '"x', 1),
                                    encoding="utf-8")
    assert graphindex.open_for(out / "graph.json") is None
    edited = read_graph(out / "graph.json")
    assert show(out, nid) == show_entity(edited, nid)


def test_subgraph_is_graph_json_s_neighbourhood(out):
    g = read_graph(out / "graph.json")
    seed = max(g.nodes, key=lambda n: g.degree(n))
    for depth in (1, 2):
        sub = graphindex.subgraph(out / "graph.json", [seed], depth=depth)
        keep = {seed}
        for _ in range(depth):
            keep |= {x for n in list(keep) for x in (*g.successors(n), *g.predecessors(n))}
        ref = g.subgraph(keep)
        assert dict(sub.nodes(data=True)) == dict(ref.nodes(data=True))
        assert sorted(sub.edges(keys=True, data=True)) == sorted(ref.edges(keys=True, data=True))
    with pytest.raises(NotFoundError):
        graphindex.subgraph(out / "graph.json", ["没有这个实体"])


def test_empty_name_is_rejected_in_one_line(out):
    with pytest.raises(KgError):
        show(out / "graph.json", " ")
    r = subprocess.run([sys.executable, "-m", "kg.cli", "show", "", "--graph", str(out / "graph.json")],
                       capture_output=True, text=True, timeout=120, cwd=REPO)
    assert r.returncode != 0 and len(r.stderr.strip().splitlines()) == 1 and "Traceback" not in r.stderr


def test_show_json_through_the_cli(out):
    g = read_graph(out / "graph.json")
    nid = max(g.nodes, key=lambda n: g.degree(n))
    r = subprocess.run([sys.executable, "-m", "kg.cli", "show", nid, "--graph", str(out / "graph.json"), "--json"],
                       capture_output=True, text=True, timeout=120, cwd=REPO)
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout) == show_entity(g, nid)
