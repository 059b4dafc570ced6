"""Townships and villages whose names are hard to bound (a transcribed name with function characters in it,
a post or a stationing word before it, a campaign slogan that ends in 村), on sentences written for the tests."""

from __future__ import annotations

from tests.extract.extraction_helpers import ents, rels, run


def test_a_transcribed_village_name_right_after_its_township_is_whole():
    res = run("敖汉旗贝子府镇召开会议。市政协办公厅为贝子府镇大哈布其拉村捐赠面粉1吨。")
    assert "大哈布其拉村" in ents(res, "Region")


def test_a_conjunction_before_a_village_is_not_part_of_its_name():
    res = run("扎赉特旗巴彦乌兰苏木召开会议。云岗街道张家坟村与沙日格台嘎查签署消费帮扶协议。")
    regions = ents(res, "Region")
    assert "沙日格台嘎查" in regions
    assert not {n for n in regions if n.startswith(("与", "、"))}


def test_a_contact_point_before_a_township_is_no_part_of_it():
    res = run("敖汉旗召开会议。赤峰市人民银行为扶贫联系点下洼镇东古鲁板蒿村贫困群众协调发放贷款。")
    regions = ents(res, "Region")
    assert "下洼镇" in regions
    assert not {n for n in regions if "联系点" in n}


def test_units_of_two_levels_are_no_district():
    res = run("16个市直、中区直驻赤部门单位结对包扶我旗16个村嘎查。敖汉旗召开会议。")
    assert "中区" not in ents(res, "Region")


def test_a_slogan_ending_in_a_village_word_is_no_village():
    res = run("在“进百村、促发展”活动中，赤峰市直部门结对帮扶敖汉旗。")
    assert "进百村" not in ents(res, "Region")


def test_people_before_a_conjunction_are_not_part_of_an_organ_name():
    res = run("赤峰市市级领导和市政协办公厅等单位结对包扶敖汉旗。")
    agencies = ents(res, "Agency")
    assert "赤峰市政协办公厅" in agencies
    assert not {n for n in agencies if "领导" in n}
    assert not any(t == "赤峰市政协办公厅" for _, _, t in rels(res, "ASSISTS"))


def test_places_where_aid_work_is_done_are_the_helped_ones():
    res = run("杭州市侨联先后在恩施市、利川市和建始县开展捐赠帮扶、慰问助学等活动。", home=None)
    assert {("杭州市侨联", "恩施市"), ("杭州市侨联", "利川市"), ("杭州市侨联", "建始县")} <= {
        (s, t) for s, _r, t in rels(res, "ASSISTS")}
    # a place of the helping side where the helped sell their goods is no helped place
    res = run("恩施州商务局在杭州市开展消费帮扶推介活动。", home=None)
    assert not {t for _s, _r, t in rels(res, "ASSISTS") if t == "杭州市"}


def test_a_bare_delegation_word_stands_for_the_body_whose_delegation_the_article_named():
    res = run("由杭州市侨联副主席王一率领的杭州市侨联山海协作访问团日前赴恩施州开展活动。"
              "访问团先后在利川市、建始县开展捐赠帮扶等活动。", home=None)
    assert {("杭州市侨联", "利川市"), ("杭州市侨联", "建始县")} <= {(s, t) for s, _r, t in rels(res, "ASSISTS")}


def test_a_village_name_ending_in_he_after_a_preposition_or_a_list_is_whole():
    res = run("近年来，大柳塔煤矿分别对乌兰木伦村和广裕和村进行精准扶贫，还为广裕和村投入5万元。")
    assert {"乌兰木伦村", "广裕和村"} <= ents(res, "Region")
    assert ("大柳塔煤矿", "ASSISTS", "广裕和村") in rels(res)
    res = run("企业和村集体共同发展。")
    assert not ents(res, "Region")


def test_an_ambiguous_short_form_is_the_place_the_document_names_in_full():
    # 阿旗 is 阿巴嘎旗 or 阿鲁科尔沁旗: the document names the second, if only inside a school's name
    res = run("北京市昌平区与内蒙古阿鲁科尔沁旗天山一中签约。昌平区27所学校与阿旗26所学校结对帮扶。", home=None)
    assert "阿鲁科尔沁旗" in ents(res, "Region") and "阿巴嘎旗" not in ents(res, "Region")
    res = run("北京市西城区与内蒙古阿巴嘎旗签约。西城区帮扶阿旗发展畜牧业。", home=None)
    assert "阿巴嘎旗" in ents(res, "Region") and "阿鲁科尔沁旗" not in ents(res, "Region")
