"""Companies and money in passages about paired assistance: a brand name ending in a function word's
character, money put in by one party of a signed agreement (sentences written for the tests)."""

from __future__ import annotations

from tests.extract.extraction_helpers import ents, rels, run, titled


def _pairs(res, rtype):
    return {(s, t) for s, _r, t in rels(res, rtype)}


def test_a_brand_closed_by_a_function_words_character_keeps_it():
    res = run("华为公司捐资1000万元，支持贵州省毕节市教育事业发展。", home=None)
    assert "华为公司" in ents(res, "Agency")
    assert ("华为公司", "毕节市") in _pairs(res, "FUNDS")
    assert "华为技术有限公司" in ents(run("华为技术有限公司向毕节市捐资1000万元。", home=None), "Agency")
    # a verb ending in the same character still ends the text before a name
    assert "成为公司" not in ents(run("他的设想成为公司发展的方向。", home=None), "Agency")


def test_the_party_that_signed_with_the_payer_receives_its_money():
    res = run("京东集团与河北省丰宁县签署战略合作协议，投入2000万元建设电商产业园。", home=None)
    assert _pairs(res, "FUNDS") == {("京东集团", "丰宁满族自治县")}
    # parties that only meet, or sign nothing, are no recipients
    res = run("京东集团与丰宁县有关负责人座谈，投入2000万元建设电商产业园。", home=None)
    assert ("京东集团", "丰宁满族自治县") not in _pairs(res, "FUNDS")


def test_a_bare_deputy_title_after_a_named_head_is_a_post_in_the_same_body():
    res = run("天津市合作交流办主任王建国、副主任李卫东一行到甘南州考察。", home=None)
    assert ("李卫东", "天津市合作交流办", "副主任") in titled(res)
    res = run("贵州省扶贫办主任张伟，副主任刘洋参加活动。", home=None)
    assert ("刘洋", "贵州省扶贫办", "副主任") in titled(res)
    # a post of another kind is no deputy of the name before: 市长 heads the city, not the office
    res = run("六盘水市扶贫办主任张伟，市长刘洋出席。", home=None)
    assert not any(p == "刘洋" and t == "六盘水市扶贫办" for p, t, _ in titled(res))


def test_a_heads_bare_title_heads_the_body_of_its_kind_the_sentence_named():
    res = run("记者从云南省乡村振兴局获悉，副局长黄云波在会上介绍了情况。", home=None)
    assert ("黄云波", "云南省乡村振兴局", "副局长") in titled(res)
    # a body of another kind is not what a 局长 heads
    res = run("记者从云南省扶贫办获悉，局长黄云波在会上介绍了情况。", home=None)
    assert not any(p == "黄云波" for p, _t, _ in titled(res))


def test_a_place_listed_after_an_amount_is_the_next_payer_not_a_recipient():
    res = run("三年来，东西部协作资金共计投入12亿元，其中广东省投入8亿元、广州市投入4亿元。", home=None)
    assert ("广东省", "广州市") not in _pairs(res, "FUNDS")
    # a place right after the amount with no separator still receives it
    res = run("恒大集团无偿投入110亿元帮扶毕节市。", home=None)
    assert ("恒大集团", "毕节市") in _pairs(res, "FUNDS")


def test_helpers_and_places_listed_before_and_after_respectively_pair_by_position():
    res = run("根据安排，杭州市上城区、拱墅区分别结对帮扶恩施州来凤县、鹤峰县。", home=None)
    assert _pairs(res, "ASSISTS") == {("上城区", "来凤县"), ("拱墅区", "鹤峰县")}
    res = run("福建省的厦门、福州两市分别帮扶甘肃临夏州和定西市。", home=None)
    assert _pairs(res, "ASSISTS") == {("厦门市", "临夏回族自治州"), ("福州市", "定西市")}
    # lists of unequal length guess no pairs by position
    res = run("杭州市上城区、拱墅区分别结对帮扶恩施州来凤县、鹤峰县、巴东县。", home=None)
    assert ("上城区", "巴东县") in _pairs(res, "ASSISTS")


def test_a_place_entrusted_by_its_citys_committee_acts_itself():
    res = run("宝安区受深圳市委、市政府委托，对口帮扶广西都安县和大化县。", home=None)
    assert "宝安区受深圳市委" not in ents(res)
    assert _pairs(res, "ASSISTS") == {("宝安区", "都安瑶族自治县"), ("宝安区", "大化瑶族自治县")}


def test_a_pairing_relation_formed_between_two_places():
    res = run("石家庄市与巴州且末县、若羌县结成对口支援关系。", home=None)
    assert _pairs(res, "ASSISTS") == {("石家庄市", "且末县"), ("石家庄市", "若羌县")}
    assert _pairs(run("海淀区与科右前旗建立对口帮扶关系。", home=None), "ASSISTS") == {("海淀区", "科尔沁右翼前旗")}


def test_posts_after_a_comma_and_xianren_belong_to_the_name_before_it():
    res = run("来自上海市闵行区的挂职干部王磊，现任云南省镇雄县副县长。", home=None)
    assert ("王磊", "镇雄县", "副县长") in titled(res)


def test_a_name_moving_from_one_place_to_another_takes_the_posts_after_the_comma():
    res = run("2021年，李强从天津市西青区到甘肃省临潭县挂职，任县委常委、副县长。", home=None)
    assert {("李强", "临潭县委", "常委"), ("李强", "临潭县", "副县长")} <= titled(res)
    # a place's name opening the sentence is no person
    assert not ents(run("王村从此走上致富路，任务艰巨。", home=None), "Person")


def test_helpers_who_went_to_a_body_to_do_the_work_assist_it():
    res = run("苏州大学附属第一医院的专家团队到铜仁市人民医院开展帮扶。", home=None)
    assert _pairs(res, "ASSISTS") == {("苏州大学附属第一医院", "铜仁市人民医院")}
    res = run("北京协和医院医疗队赴宁城县中心医院开展对口支援工作。", home=None)
    assert ("北京协和医院", "宁城县中心医院") in _pairs(res, "ASSISTS")
    # where the object follows the trigger, the place gone to is only where it happens
    res = run("北京市专家到赤峰市开展帮扶宁城县的义诊活动。", home=None)
    assert ("北京市", "赤峰市") not in _pairs(res, "ASSISTS")


def test_a_helpers_money_in_a_sentence_naming_its_pairing_goes_to_the_other_side():
    res = run("据介绍，今年以来沪滇协作共实施项目300个，上海投入资金40亿元。", home=None)
    assert _pairs(res, "FUNDS") == {("上海市", "云南省")}
    assert _pairs(run("京蒙协作中，北京市投入资金40亿元。", home=None), "FUNDS") == {("北京市", "内蒙古自治区")}
    # the helped side's own money goes to no one named
    assert not _pairs(run("京蒙协作中，内蒙古投入资金40亿元。", home=None), "FUNDS")


def test_the_places_chained_before_a_delegations_own_place_are_named_but_do_not_act():
    res = run("天津市河西区党政代表团赴甘肃省天祝藏族自治县考察对接东西部协作工作。", home=None)
    assert {"天津市", "河西区"} <= ents(res, "Region")
    assert _pairs(res, "ASSISTS") == {("河西区", "天祝藏族自治县")}


def test_both_sides_that_sign_are_the_pair_not_the_organ_named_in_the_sentence_before():
    text = ("天津市河西区党政代表团赴甘肃省天祝藏族自治县考察对接东西部协作工作。河西区委书记张凤华，天祝县委书记赵新宁参加座谈。"
            "座谈会上，双方签订了2021年东西部协作协议。")
    res = run(text, home=None)
    signed = {s for s, t in _pairs(res, "IMPLEMENTS") if t == "2021年东西部协作协议"}
    assert signed == {"河西区", "天祝藏族自治县"}


def test_a_bare_group_before_a_post_is_the_company_written_so_even_under_its_canonical_name():
    text = "近年来，华能集团认真贯彻落实定点帮扶工作。集团党组书记、董事长温枢刚带队赴澜沧县调研。"
    res = run(text, home=None)
    assert any(p == "温枢刚" and t == "中国华能" for p, t, _ in titled(res))


def test_aid_cadres_who_arrived_in_a_place_help_it():
    res = run("7月9日，山東省第十批援藏幹部人才一行120人抵達西藏日喀則市，開始為期三年的援藏工作。", home=None)
    assert ("山东省", "日喀则市") in _pairs(res, "ASSISTS")


def test_a_regions_money_with_no_recipient_goes_to_the_one_place_it_was_said_to_help():
    text = ("今年以来，广州市与毕节市携手推进乡村振兴。广州市天河区、白云区分别结对帮扶七星关区、赫章县。"
            "截至10月底，广州市今年已拨付财政帮扶资金6.5亿元。")
    res = run(text, home=None)
    assert ("广州市", "毕节市") in _pairs(res, "FUNDS")
    # a helper of several places: no recipient guessed
    text = "广州市对口帮扶毕节市和黔南州。两地干部交流频繁。截至10月底，广州市今年已拨付财政帮扶资金6.5亿元。"
    assert not any(s == "广州市" for s, _t in _pairs(run(text, home=None), "FUNDS"))


def test_places_a_helper_supports_in_a_sentence_naming_the_aid_are_helped():
    text = "党的十八大以来，水利部坚决扛起定点帮扶政治责任，举全部之力支持重庆市巫溪县、城口县、丰都县、武隆区和湖北省郧阳区发展。"
    helped = {t for s, t in _pairs(run(text, home=None), "ASSISTS") if s == "水利部"}
    assert helped == {"巫溪县", "城口县", "丰都县", "武隆区", "郧阳区"}
    # a project of the place is what is supported; and support without the aid named is no assistance
    res = run("北京援藏投资2800万元支持城关区乳制品加工厂项目建设。", home=None)
    assert ("北京市", "城关区") not in _pairs(res, "ASSISTS")
    assert not _pairs(run("北京市支持海淀区发展高新产业。", home=None), "ASSISTS")


def test_a_ministrys_party_group_and_head_written_bare_after_its_name():
    res = run("水利部召开定点帮扶工作会议。部党组书记、部长李国英出席。", home=None)
    assert {("李国英", "水利部党组", "书记"), ("李国英", "水利部", "部长")} <= titled(res)
    res = run("国家乡村振兴局召开会议。局党组书记、局长刘焕鑫出席。", home=None)
    assert ("刘焕鑫", "国家乡村振兴局", "局长") in titled(res)
    # 部 inside other words is no ministry's organ
    assert not ents(run("全部党组织都要参加。", home=None), "Agency")


def test_a_name_followed_by_a_word_of_time_or_leading_ends_there():
    res = run("農行黨委副書記、行長付萬軍日前帶隊赴蒼溪縣調研。", home=None)
    assert ("付万军", "中国农业银行", "行长") in titled(res)


def test_places_listed_after_qizhong_with_their_own_figures_get_those_shares():
    res = run("2019年，佛山市投入财政帮扶资金4.2亿元，其中凉山州3.3亿元、甘孜州0.9亿元。", home=None)
    amounts = {(r["target"]["name"], r.get("amount_yuan")) for r in res["relations"] if r["type"] == "FUNDS"}
    assert amounts == {("凉山彝族自治州", 330000000), ("甘孜藏族自治州", 90000000)}
    # a share of a kind of spending names no recipient
    assert not _pairs(run("北京市投入资金10亿元，其中产业项目6亿元。", home=None), "FUNDS")


def test_a_countys_township_after_de_is_a_place_and_the_partner():
    res = run("滨州市邹平市、博兴县分别与奉节县的平安乡、龙桥乡结成镇村结对关系。", home=None)
    assert "平安乡" in ents(res, "Region")
    assert _pairs(res, "ASSISTS") == {("邹平市", "平安乡"), ("博兴县", "龙桥乡")}
