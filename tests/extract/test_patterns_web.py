"""Names and posts seen on public web pages about paired assistance: bank branches by their short names,
places whose name holds a function word, administrative villages, campaigns named by their counts, a
village's party branch (sentences written for the tests)."""

from __future__ import annotations

from tests.extract.extraction_helpers import ents, rels, run


def _pairs(res, rtype):
    return {(s, t) for s, _r, t in rels(res, rtype)}


def test_a_banks_branch_by_its_short_name_gives_the_money():
    res = run("工行浙江省分行向磐安县捐赠了结对帮扶资金20万元。", home=None)
    assert ("工行浙江省分行", "磐安县") in _pairs(res, "FUNDS")
    assert ("浙江省", "磐安县") not in _pairs(res, "FUNDS")
    res = run("中国建设银行股份有限公司陇南分行向西和县石坝村捐赠扶贫资金10万元。", home=None)
    assert ("中国建设银行股份有限公司陇南分行", "石坝村") in _pairs(res, "FUNDS")
    # two characters inside other words are no bank
    assert not ents(run("推动建筑施工行业发展。", home=None), "Agency")


def test_a_place_whose_name_holds_a_function_word():
    res = run("工行向磐安县九和乡九和村捐赠了资金20万元。", home=None)
    assert {"九和乡", "九和村"} <= ents(res, "Region")
    assert ("中国工商银行", "九和村") in _pairs(res, "FUNDS")
    for text in ("县委和乡党委共同研究。", "他和乡亲们一起劳动。", "要把村和乡的工作做好。"):
        assert not ents(run(text, home=None), "Region"), text
    # items of a list closed by 等 keep their own names
    res = run("对该旗的红旗、呼特勒、赛音勿苏等嘎查开展精准扶贫。", home=None)
    assert "赛音勿苏嘎查" in ents(res, "Region") and "苏等嘎查" not in ents(res, "Region")


def test_an_administrative_village_and_a_campaign_named_by_counts():
    assert "关庄村" in ents(run("示范区许湾乡关庄行政村。该公司为关庄行政村捐款20万元。", home=None), "Region")
    assert not ents(run("全县有120个行政村。", home=None), "Region")
    res = run("该县启动实施了百企帮百村活动。", home=None)
    assert "百企帮百村" in ents(res, "Program") and not ents(res, "Region")
    assert "千企帮千村" not in ents(run("河南省组织开展千企帮千村精准扶贫行动。", home=None), "Region")


def test_a_party_title_after_a_village_points_to_its_branch():
    res = run("邹岗镇卢管村党总支书记朱爱华说，变化很大。红星村党支部副书记李明说。", home=None)
    held = {(r["source"]["name"], r["target"]["name"], r["title"]) for r in res["relations"]
            if r["type"] == "HOLDS_POSITION"}
    assert {("朱爱华", "卢管村党总支", "书记"), ("李明", "红星村党支部", "副书记")} <= held
