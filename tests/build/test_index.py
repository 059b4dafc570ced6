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


def test_subgraph_below_is_what_lies_below_the_roots(tmp_path):
    """kg.graphindex.subgraph_below (for `kg query` on a large graph): the roots' matches, what reaches them
    through the given link types, `depth` links more, every link among those; the same from the store and
    from graph.json read whole."""
    o = tmp_path / "s"
    build([str(REPO / "data" / "samples")], o, progress=False)
    g = read_graph(o / "graph.json")
    types = ("PART_OF", "LOCATED_IN")
    for roots, depth in (([("北京市", "Region"), ("赤峰市", "Region")], 0), ([("内蒙古自治区", "Region")], 1),
                         ([("北京", None)], 0), ([("没有这个地区", "Region")], 1)):
        keep = {n for x, t in roots for n, d in g.nodes(data=True)
                if (t is None or d["type"] == t) and x in (n, d["name"], *d.get("aliases", ()))}
        while True:
            more = {s for s, t, d in g.edges(data=True) if t in keep and d["type"] in types} - keep
            if not more:
                break
            keep |= more
        for _ in range(depth):
            keep |= {x for n in list(keep) for x in (*g.successors(n), *g.predecessors(n))}
        ref = g.subgraph(keep)
        from_store = graphindex.subgraph_below(o / "graph.json", roots, types, depth=depth)
        assert graphindex.open_for(o / "graph.json") is not None
        (o / "graph.db").rename(o / "aside.db")
        from_json = graphindex.subgraph_below(o / "graph.json", roots, types, depth=depth)
        (o / "aside.db").rename(o / "graph.db")
        for sub in (from_store, from_json):
            assert dict(sub.nodes(data=True)) == {n: dict(d, mentions=[]) for n, d in ref.nodes(data=True)}
            assert sorted(sub.edges(keys=True, data=True)) == sorted(ref.edges(keys=True, data=True))
        with_mentions = graphindex.subgraph_below(o / "graph.json", roots, types, depth=depth, mentions=True)
        assert dict(with_mentions.nodes(data=True)) == dict(ref.nodes(data=True))
    beijing = graphindex.subgraph_below(o / "graph.json", [("北京市", "Region"), ("赤峰市", "Region")], types)
    assert any(d["type"] == "ASSISTS" for _, _, d in beijing.edges(data=True))
    assert len(beijing) < len(g) / 2


def test_links_subgraph_is_every_link_of_the_types(tmp_path):
    o = tmp_path / "s"
    build([str(REPO / "data" / "samples")], o, progress=False)
    g = read_graph(o / "graph.json")
    for types in (["FUNDS"], ["ASSISTS", "FUNDS"], ["NO_SUCH_TYPE"]):
        ref = g.edge_subgraph([(s, t, k) for s, t, k, d in g.edges(keys=True, data=True) if d["type"] in types])
        for sub in (graphindex.links_subgraph(o / "graph.json", types),
                    graphindex.links_subgraph(o / "graph.json", types, mentions=True)):
            assert sorted(sub.edges(keys=True, data=True)) == sorted(ref.edges(keys=True, data=True))
            assert set(sub.nodes) == set(ref.nodes)
        assert dict(sub.nodes(data=True)) == dict(ref.nodes(data=True))
    assert graphindex.links_subgraph(o / "graph.json", ["FUNDS"]).number_of_edges() > 0
