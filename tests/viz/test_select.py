"""viz.select on small hand-made graphs: pure functions, no browser."""

from __future__ import annotations

import networkx as nx
import pytest

from kg.errors import KgError, NotFoundError
from viz import select as sel


def small():
    g = nx.MultiDiGraph()
    for n, t, extra in [
        ("R:bj", "Region", {"name": "北京市", "adcode": "110000", "level": "province", "aliases": ["北京"]}),
        ("R:xc", "Region", {"name": "西城区", "adcode": "110102", "level": "county"}),
        ("A:bjw", "Agency", {"name": "北京市委"}),
        ("R:cf", "Region", {"name": "赤峰市", "adcode": "150400", "level": "prefecture"}),
        ("R:kq", "Region", {"name": "克什克腾旗", "adcode": "150425", "level": "county", "aliases": ["克旗"]}),
        ("R:nm", "Region", {"name": "内蒙古自治区", "adcode": "150000", "level": "province"}),
        ("R:xh", "Region", {"name": "兴和县", "adcode": "150924", "level": "county"}),
        ("A:ssf", "Agency", {"name": "社保基金"}),
        ("P:x", "Program", {"name": "京蒙扶贫协作"}),
    ]:
        g.add_node(n, type=t, aliases=extra.pop("aliases", []), mentions=[], **extra)

    def e(u, v, t, dates=(), **kw):
        ev = [{"doc": "d.txt", "text": f"{u}{t}{v}{i}", "date": d} for i, d in enumerate(dates)]
        g.add_edge(u, v, key=t, type=t, evidence=ev, **kw)

    e("R:xc", "R:bj", "PART_OF")
    e("A:bjw", "R:bj", "LOCATED_IN")
    e("R:kq", "R:cf", "PART_OF")
    e("R:cf", "R:nm", "PART_OF")
    e("R:xh", "R:nm", "PART_OF")
    e("R:xc", "R:kq", "FUNDS", ["2020-05-12"], amount_yuan=6500000)
    e("R:xc", "R:kq", "ASSISTS", ["2019-01-01", "2021-06-01"], program="京蒙扶贫协作")
    e("A:bjw", "R:cf", "ASSISTS", ["2021-03-02"])
    e("A:ssf", "R:xh", "FUNDS", ["2018-11-20"], amount_yuan=6500000)
    e("R:bj", "P:x", "IMPLEMENTS", ["2020-05-12"])
    return g


def edges(h):
    return sorted((u, v, k) for u, v, k in h.edges(keys=True))


def test_find_node_by_name_alias_adcode_and_unknown():
    g = small()
    assert sel.find_node(g, "北京市") == "R:bj"
    assert sel.find_node(g, "克旗") == "R:kq"
    assert sel.find_node(g, "150400") == "R:cf"
    assert sel.find_node(g, "R:xh") == "R:xh"
    with pytest.raises(NotFoundError):
        sel.find_node(g, "上海市")


def test_ego_is_undirected_and_depth_limited():
    g = small()
    h = sel.ego(g, "克旗", 1)
    assert set(h) == {"R:kq", "R:cf", "R:xc"}
    assert ("R:xc", "R:kq", "FUNDS") in edges(h) and ("R:kq", "R:cf", "PART_OF") in edges(h)
    assert set(sel.ego(g, "克什克腾旗", 0)) == {"R:kq"}
    assert "R:nm" in sel.ego(g, "克什克腾旗", 2)
    # attributes are copied, the input is untouched
    assert h.nodes["R:kq"]["name"] == "克什克腾旗" and g.number_of_edges() == 10


def test_types_filter_keeps_endpoints_only():
    g = small()
    h = sel.filter_edges(g, ["FUNDS"])
    assert edges(h) == [("A:ssf", "R:xh", "FUNDS"), ("R:xc", "R:kq", "FUNDS")]
    assert set(h) == {"A:ssf", "R:xh", "R:xc", "R:kq"}
    with pytest.raises(KgError):
        sel.filter_edges(g, ["LOVES"])


def test_date_filter_keeps_any_evidence_in_range_and_derived_only_between_kept_nodes():
    g = small()
    h = sel.filter_edges(g, since="2021")
    # ASSISTS xc->kq has one evidence in 2021, bjw->cf one in 2021
    assert edges(h) == [("A:bjw", "R:cf", "ASSISTS"), ("R:kq", "R:cf", "PART_OF"),
                        ("R:xc", "R:kq", "ASSISTS")]
    h = sel.filter_edges(g, since="2020-01-01", until="2020-12")
    assert ("R:xc", "R:kq", "FUNDS") in edges(h) and ("R:bj", "P:x", "IMPLEMENTS") in edges(h)
    assert ("R:xc", "R:bj", "PART_OF") in edges(h)  # both ends kept by dated edges
    assert ("A:ssf", "R:xh", "FUNDS") not in edges(h)
    assert "R:nm" not in h  # derived edges never pull nodes in
    assert sel.filter_edges(g, until="2017").number_of_nodes() == 0


def test_preset_beijing_chifeng():
    g = small()
    h = sel.preset(g, "beijing-chifeng")
    assert set(h) == {"R:bj", "R:xc", "A:bjw", "R:cf", "R:kq"}
    assert edges(h) == [
        ("A:bjw", "R:bj", "LOCATED_IN"), ("A:bjw", "R:cf", "ASSISTS"), ("R:kq", "R:cf", "PART_OF"),
        ("R:xc", "R:bj", "PART_OF"), ("R:xc", "R:kq", "ASSISTS"), ("R:xc", "R:kq", "FUNDS"),
    ]
    assert h.edges["R:xc", "R:kq", "FUNDS"]["amount_yuan"] == 6500000


def test_preset_beijing_chifeng_empty_and_missing_anchor():
    g = small()
    g.remove_edges_from([("R:xc", "R:kq", "FUNDS"), ("R:xc", "R:kq", "ASSISTS"), ("A:bjw", "R:cf", "ASSISTS")])
    h = sel.preset(g, "beijing-chifeng")
    assert set(h) == {"R:bj", "R:cf"} and h.number_of_edges() == 0
    g.remove_node("R:bj")
    assert set(sel.preset(g, "beijing-chifeng")) == {"R:cf"}


def test_preset_funding_and_unknown():
    g = small()
    h = sel.preset(g, "funding")
    assert edges(h) == [("A:ssf", "R:xh", "FUNDS"), ("R:xc", "R:kq", "FUNDS")]
    with pytest.raises(NotFoundError):
        sel.preset(g, "nope")


def test_select_composes_preset_filters_and_center():
    g = small()
    h = sel.select(g, preset_name="beijing-chifeng", types=["FUNDS"])
    assert edges(h) == [("R:xc", "R:kq", "FUNDS")]
    h = sel.select(g, center="北京市", depth=1, types=["ASSISTS"])
    assert set(h) == {"R:bj"}  # the center stays even when the filters isolate it
    h = sel.select(g)
    assert edges(h) == edges(g) and h is not g
