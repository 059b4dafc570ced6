"""Allocation lists: money shared out to places each written with its own figure (安排A镇2058万元，B镇400万元;
资金分配为：A苏木1330万元；B镇800万元), on sentences written for the tests."""

from __future__ import annotations

from tests.extract.extraction_helpers import rels, run, titled


def funds(res):
    return {(r["source"]["name"], r["target"]["name"], r.get("amount_yuan")) for r in res["relations"]
            if r["type"] == "FUNDS"}


def test_each_place_of_a_list_gets_its_own_figure_from_the_subject():
    res = run("乌拉特中旗财政局累计安排乌加河镇2058万元，海流图镇400万元，石哈河镇200万元。")
    assert {("乌拉特中旗财政局", "乌加河镇", 20580000), ("乌拉特中旗财政局", "海流图镇", 4000000),
            ("乌拉特中旗财政局", "石哈河镇", 2000000)} <= funds(res)


def test_a_list_cut_by_semicolons_goes_on_with_the_article_place_paying():
    res = run("我旗召开会议。乌拉特前旗帮扶资金分配为：额尔登布拉格苏木1330万元（其中：发展集体经济30万元）；"
              "苏独仑镇800万元；西小召镇450万元。")
    f = funds(res)
    assert {("乌拉特前旗", "额尔登布拉格苏木", 13300000), ("乌拉特前旗", "苏独仑镇", 8000000),
            ("乌拉特前旗", "西小召镇", 4500000)} <= f


def test_one_place_and_figure_is_no_list():
    res = run("乌拉特中旗财政局安排乌加河镇2058万元用于修路，其余资金由各镇自筹。")
    assert funds(res) == {("乌拉特中旗财政局", "乌加河镇", 20580000)}


def test_a_rural_word_before_a_region_word_is_no_village():
    res = run("乌拉特前旗扶持发展新型农村牧区集体经济项目。")
    assert not any(e["name"] == "新型农村" for e in res["entities"])


def test_a_money_statement_cut_by_a_semicolon_keeps_its_giver_for_a_clause_opening_with_its_preposition():
    res = run("中煤集团近年来帮扶两个村。为使两村早日脱贫，该公司多次派人走访，先后为广裕村投入12万元新建牛舍；"
              "为乌兰木伦村投入8万元购买农机。")
    assert ("中煤集团", "FUNDS", "广裕村") in rels(res)
    assert ("中煤集团", "FUNDS", "乌兰木伦村") in rels(res)
    # a clause after a semicolon that opens otherwise has no giver carried into it
    res = run("中煤集团近年来帮扶两个村。该公司先后为广裕村投入12万元；其中乌兰木伦村获得8万元。")
    assert ("中煤集团", "FUNDS", "乌兰木伦村") not in rels(res)


def test_amounts_with_thousands_separators_and_in_renminbi():
    from kg.extract.money import find_amounts
    assert [a.value for a in find_amounts("基金会将投入不超过3,000万人民币援建学校")] == [30_000_000]
    assert [a.value for a in find_amounts("共捐赠12,500元")] == [12_500]
    assert [a.value for a in find_amounts("投入1.5亿元人民币")] == [150_000_000]
    assert [a.value for a in find_amounts("2,3个村各投入5万元")] == [50_000]


def test_the_helped_places_own_body_co_signing_is_no_payer():
    res = run("香港某慈善基金会与平塘县政府签署协议，将投入2,000万元人民币援建平塘县克度镇希望小学。")
    funds = rels(res, "FUNDS")
    assert ("香港某慈善基金会", "FUNDS", "克度镇") in funds
    assert not any(s == "平塘县政府" for s, _r, _t in funds)


def test_a_special_administrative_regions_chief_executive():
    res = run("澳门特别行政区行政长官贺一诚会见了贵州省代表团。")
    assert ("贺一诚", "澳门特别行政区", "行政长官") in titled(res)


def test_figures_shared_out_respectively_go_one_to_each_in_order():
    res = run("海淀区、朝阳区分别向察右后旗、化德县投入帮扶资金202万元、200万元。", home=None)
    assert funds(res) == {("海淀区", "察哈尔右翼后旗", 2020000), ("朝阳区", "化德县", 2000000)}
    assert rels(res, "ASSISTS") == {("海淀区", "ASSISTS", "察哈尔右翼后旗"), ("朝阳区", "ASSISTS", "化德县")}
    # without 分别 the figures are not shared out by position
    res = run("海淀区向察右后旗投入帮扶资金202万元，向化德县投入200万元。", home=None)
    assert ("海淀区", "化德县", 2000000) in funds(res)
