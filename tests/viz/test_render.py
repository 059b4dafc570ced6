"""Page generation without a browser: escaping, self-containment, the CLI and the demo page list."""

from __future__ import annotations

import json
import re

import pytest

from kg.cli import main
from kg.graph import write_graph
from tests.viz.conftest import XSS_IMG, XSS_SCRIPT, xss_graph
from viz.layout import radial_layout
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


def test_radial_layout_places_every_node(synthetic_graph):
    pos = radial_layout(synthetic_graph)
    assert set(pos) == set(synthetic_graph)
    assert len(set(pos.values())) == len(pos)


def test_demo_pages(tmp_path, synthetic_graph):
    pages = write_demo_pages(synthetic_graph, tmp_path)
    assert [p["file"] for p in pages] == ["graph.html", "beijing-chifeng.html", "beijing-innermongolia.html",
                                          "funding.html", "geo.html"]
    by = {p["file"]: p for p in pages}
    assert [p["kind"] for p in pages] == ["network", "map", "map", "funding", "map"]
    assert (by["graph.html"]["nodes"], by["graph.html"]["edges"]) == (14, 17)
    # regions 北京市 (with 北京市委), 西城区, 朝阳区 → 赤峰市, 克什克腾旗, 翁牛特旗: one arrow per pair and type
    assert (by["beijing-chifeng.html"]["nodes"], by["beijing-chifeng.html"]["edges"]) == (6, 4)
    assert (by["funding.html"]["nodes"], by["funding.html"]["edges"]) == (6, 3)  # 3 funders + 3 recipients
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


@pytest.mark.parametrize("args, message", [
    (["--since", "notadate"], "kg viz: --since: not a date: 'notadate' (use YYYY, YYYY-MM or YYYY-MM-DD)"),
    (["--since", "2020-13-45"], "kg viz: --since: no such date: '2020-13-45'"),
    (["--since", "2020-01", "--until", "yesterday"], "kg viz: --until: not a date: 'yesterday' (use YYYY, YYYY-MM or YYYY-MM-DD)"),
    (["--until", "2021-02-30"], "kg viz: --until: no such date: '2021-02-30'"),
    (["--since", "2021", "--until", "2020-06"], "kg viz: --since 2021 is after --until 2020-06"),
])
def test_cli_viz_rejects_bad_dates_in_one_line(tmp_path, synthetic_graph, capsys, args, message):
    gp = tmp_path / "graph.json"
    write_graph(synthetic_graph, gp)
    out = tmp_path / "p.html"
    assert main(["viz", str(gp), "--out", str(out), *args]) != 0
    assert capsys.readouterr().err.strip() == message
    assert not out.exists()


def test_cli_viz_out_directory_is_one_line(tmp_path, synthetic_graph, capsys):
    gp = tmp_path / "graph.json"
    write_graph(synthetic_graph, gp)
    (tmp_path / "pages").mkdir()
    assert main(["viz", str(gp), "--out", str(tmp_path / "pages")]) != 0
    err = capsys.readouterr().err.strip()
    assert err.startswith(f"kg viz: --out {tmp_path / 'pages'} is a directory") and "\n" not in err
    assert list((tmp_path / "pages").iterdir()) == []
    # a date range that keeps part of the graph, and a valid partial date, still work
    assert main(["viz", str(gp), "--out", str(tmp_path / "y.html"), "--since", "2020-05", "--until", "2020"]) == 0


@pytest.mark.parametrize("preset", ["beijing-chifeng", "funding"])
def test_empty_preset_page_says_so(tmp_path, preset):
    from kg.graph import build_graph
    from viz.pages import viz

    res = viz(build_graph([]), tmp_path / "e.html", preset=preset)
    assert res["nodes"] == 0 and res["edges"] == 0
    assert "此视图为空" in (tmp_path / "e.html").read_text(encoding="utf-8")


def test_demo_corpus_ships_the_articles_with_their_sources():
    from kg.demo import default_samples

    dirs = default_samples()
    assert dirs[0].name == "samples" and [d.parent.name for d in dirs[1:]] == ["dev", "dev2"]
    for d in dirs[1:]:
        assert len(list(d.glob("*.txt"))) >= 10
        sources = (d.parent / "SOURCES.md").read_text(encoding="utf-8")
        assert all(f.name in sources for f in d.glob("*.txt"))  # every article's source is listed


def test_cli_demo_with_repeated_samples(tmp_path, capsys):
    from kg.demo import default_samples

    samples = default_samples()[0]
    assert main(["demo", "--samples", str(samples), "--samples", str(samples), "--out", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "funding.html (" in out and "regions," in out and (tmp_path / "index.html").exists()
    index = (tmp_path / "index.html").read_text(encoding="utf-8")
    assert all(f'href="{f}"' in index for f in ("graph.html", "beijing-chifeng.html", "funding.html"))
