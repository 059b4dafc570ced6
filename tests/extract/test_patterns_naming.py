"""How nodes are named when the text writes a short form: an autonomous prefecture's or county's committee
repeats its level (黔南州委 → 黔南布依族苗族自治州州委), an east–west pairing is named by its short form
XY协作, and a programme renamed in 2021 keeps the name each period writes (sentences written for the tests)."""

from __future__ import annotations

from tests.extract.extraction_helpers import ents, rels, run


def test_an_autonomous_prefectures_committee_repeats_its_level():
    res = run("甲州考察团由州委书记王一带队，黔东南州委书记李二、东乡县委书记马三出席。", home=None)
    posts = {(s, t) for s, _r, t in rels(res, "HOLDS_POSITION")}
    assert ("李二", "黔东南苗族侗族自治州州委") in posts
    assert ("马三", "东乡族自治县县委") in posts
    # the written short form stays an alias of the node
    agency = next(e for e in run("黔东南州委书记李二出席。", home=None)["entities"]
                  if e["name"] == "黔东南苗族侗族自治州州委")
    assert "黔东南州委" in agency.get("aliases", [])
    # a city's committee is written once (赤峰市委), an autonomous banner's as before
    assert "赤峰市委" in ents(run("赤峰市委书记孟一出席。", home=None), "Agency")


def test_an_east_west_pairing_is_named_by_its_short_form():
    for text in ("广东省和广西壮族自治区积极推进粤桂东西部扶贫协作。", "广东省和广西壮族自治区积极推进粤桂协作。"):
        assert "粤桂协作" in ents(run(text, home=None), "Program")
    assert "苏陕协作" in ents(run("江苏省和陕西省深化苏陕扶贫协作。", home=None), "Program")


def test_a_programme_renamed_in_2021_keeps_the_name_its_period_writes():
    assert "消费扶贫" in ents(run("南京市多措并举开展消费扶贫。", home=None), "Program")
    assert "消费帮扶" in ents(run("南京市多措并举开展消费帮扶。", home=None), "Program")
