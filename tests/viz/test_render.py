"""Page generation without a browser: escaping, self-containment, the CLI and the demo page list."""

from __future__ import annotations

import json
import re

import pytest

from kg.cli import main
from kg.graph import write_graph
from tests.viz.conftest import XSS_IMG, XSS_SCRIPT, xss_graph
from viz.layout import geo_layout, radial_layout
from viz.pages import write_demo_pages
from viz.render import format_amount, render_page, script_json


def test_format_amount():
    assert format_amount(6500000) == "650万元"
    assert format_amount(294000000) == "2.94亿元"
    assert format_amount(800) == "800元"
    assert format_amount(12345) == "1.23万元"
    assert format_amount(None) == ""


def test_script_json_is_inert_in_a_script_element():
    s = script_json({"a": XSS_SCRIPT + "&\u2028\u2029<!--"})
    assert "<" not in s and ">" not in s and "&" not in s and "\u2028" not in s and "\u2029" not in s
    assert json.loads(s) == {"a": XSS_SCRIPT + "&\u2028\u2029<!--"}


def test_page_is_self_contained_and_escapes_document_strings():
    page = render_page(xss_graph(), title=f"t{XSS_IMG}")
    assert XSS_IMG not in page and "alert(1)</script>" not in page
    # exactly our three scripts, one of them the JSON data
    assert len(re.findall(r"^<script\b", page, flags=re.M)) == 3
    assert "sourceMappingURL" not in page
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", page)
    assert "Content-Security-Policy" in page and "default-src 'none'" in page
    assert "vis.Network" in page or "Network" in page


def test_node_colours_are_ours_not_vis_groups(synthetic_graph):
    from viz.render import LEVELS, page_data

    data = page_data(synthetic_graph, title="t")
    assert all("group" not in n for n in data["nodes"])  # vis groups would override the colours
    bj = next(n for n in data["nodes"] if n["id"] == "Region:110000")
    assert bj["color"]["background"] == LEVELS["province"][1] and bj["shape"] == "hexagon"


def test_layouts_place_every_node(synthetic_graph):
    for layout in (geo_layout, radial_layout):
        pos = layout(synthetic_graph)
        assert set(pos) == set(synthetic_graph)
        assert len(set(pos.values())) == len(pos)
    geo = geo_layout(synthetic_graph)
    # Beijing is west of Chifeng, Chifeng south of Hexigten (screen y grows downwards)
    assert geo["Region:110000"][0] < geo["Region:150400"][0]
    assert geo["Region:150425"][1] < geo["Region:150400"][1]


def test_demo_pages(tmp_path, synthetic_graph):
    pages = write_demo_pages(synthetic_graph, tmp_path)
    assert [p["file"] for p in pages] == ["graph.html", "beijing-chifeng.html", "funding.html", "geo.html"]
    by = {p["file"]: p for p in pages}
    assert (by["graph.html"]["nodes"], by["graph.html"]["edges"]) == (14, 17)
    assert (by["beijing-chifeng.html"]["nodes"], by["beijing-chifeng.html"]["edges"]) == (7, 10)
    assert (by["funding.html"]["nodes"], by["funding.html"]["edges"]) == (6, 3)
    for p in pages:
        text = (tmp_path / p["file"]).read_bytes().decode("utf-8")
        assert text.startswith("<!doctype html>") and p["title"] and p["description"]


def test_cli_viz(tmp_path, synthetic_graph, capsys):
    gp = tmp_path / "graph.json"
    write_graph(synthetic_graph, gp)
    out = tmp_path / "p.html"
    assert main(["viz", str(gp), "--out", str(out), "--center", "克旗", "--depth", "1",
                 "--types", "ASSISTS,FUNDS,PART_OF", "--color", "community"]) == 0
    assert "wrote" in capsys.readouterr().out and out.exists()
    assert main(["viz", str(gp), "--out", str(out), "--since", "2020", "--layout", "geo"]) == 0
    assert main(["viz", str(gp), "--out", str(out), "--preset", "nope"]) != 0
    err = capsys.readouterr().err.strip()
    assert err.startswith("kg viz: unknown preset") and "\n" not in err
    assert main(["viz", str(gp), "--out", str(out), "--center", "上海市"]) != 0
    assert capsys.readouterr().err.strip() == "kg viz: unknown entity: 上海市"
    assert main(["viz", str(tmp_path / "missing.json"), "--out", str(out)]) != 0


@pytest.mark.parametrize("preset", ["beijing-chifeng", "funding"])
def test_empty_preset_page_says_so(tmp_path, preset):
    from kg.graph import build_graph
    from viz.pages import viz

    res = viz(build_graph([]), tmp_path / "e.html", preset=preset)
    assert res["nodes"] == 0 and res["edges"] == 0
    assert "此视图为空" in (tmp_path / "e.html").read_text(encoding="utf-8")
