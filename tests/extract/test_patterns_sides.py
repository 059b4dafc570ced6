"""Sides, direction, pairings, pair organs, money recipients and headline amounts (issue 17's rules).
The sentences are written for the tests; no development sentence is copied."""

from __future__ import annotations

from tests.extract.extraction_helpers import ents, rels, run, titled


def test_bare_organs_belong_to_the_side_their_level_character_names():
    res = run("昌平区党政代表团到太仆寺旗考察。区委书记张红军、区长李建新与太仆寺旗委书记陈艳秋座谈，"
              "区人大常委会主任赵明出席。")
    posts = titled(res)
    assert ("张红军", "昌平区委", "书记") in posts
    assert ("李建新", "昌平区", "区长") in posts
    assert ("陈艳秋", "太仆寺旗委", "书记") in posts
    assert ("赵明", "昌平区人大常委会", "主任") in posts
    assert not any("太仆寺旗区" in t for _s, t, _ti in posts)


def test_a_western_delegation_is_helped_by_the_eastern_district_it_visits():
    res = run("赤峰市林西县政府代表团到海淀区对接东西部协作工作。")
    assert ("海淀区", "ASSISTS", "林西县") in rels(res)
    assert ("林西县", "ASSISTS", "海淀区") not in rels(res)
    assert ("赤峰市", "ASSISTS", "海淀区") not in rels(res)


def test_one_helper_paired_with_a_list():
    res = run("2023年，北京市怀柔区与察右后旗、四子王旗分别签订《东西部协作协议》。")
    assert {("怀柔区", "ASSISTS", "察哈尔右翼后旗"), ("怀柔区", "ASSISTS", "四子王旗")} <= rels(res, "ASSISTS")


def test_cooperation_pairs_only_across_the_east_west_divide():
    res = run("近年来，通辽市奈曼旗与北京市朝阳区在多个领域开展交流与合作。")
    assert ("朝阳区", "ASSISTS", "奈曼旗") in rels(res)
    res = run("赤峰市与通辽市在多个领域开展交流与合作。")
    assert not rels(res, "ASSISTS")


def test_pair_organs_are_each_regions_organ():
    res = run("京蒙两地政协共同召开座谈会。")
    agencies = ents(res, "Agency")
    assert {"北京市政协", "内蒙古自治区政协"} <= agencies
    assert not any("两地" in a for a in agencies)
    assert not rels(res, "ASSISTS")


def test_money_put_into_the_place_right_after_the_verb():
    res = run("2016至2020年，上海市累计投入我省扶贫资金12亿元。", home="云南省")
    assert ("上海市", "FUNDS", "云南省") in rels(res)
    amounts = {r["amount_yuan"] for r in res["relations"] if r["type"] == "FUNDS"}
    assert amounts == {1200000000}


def test_the_first_figure_for_a_pair_is_the_headline():
    res = run("上海市向云南省投入援助资金12亿元。其中，上海市向云南省投入产业资金3亿元。", home="云南省")
    funds = [r for r in res["relations"] if r["type"] == "FUNDS" and r["target"]["name"] == "云南省"]
    assert [r.get("amount_yuan") for r in funds] == [1200000000, None]
    assert funds[1]["part_amount_yuan"] == 300000000


def test_thanks_for_help_and_objects_marked_before_the_trigger():
    res = run("通辽市科左后旗召开座谈会。王海峰代表旗委、旗政府对北京工业大学多年来的倾情帮扶表示感谢。")
    assert ("北京工业大学", "ASSISTS", "科尔沁左翼后旗") in rels(res)
    res = run("上海市杨浦区持续加大对普洱市墨江哈尼族自治县、景东彝族自治县的对口援建力度。", home="云南省")
    assert {("杨浦区", "ASSISTS", "墨江哈尼族自治县"), ("杨浦区", "ASSISTS", "景东彝族自治县")} <= rels(res)
    assert ("杨浦区", "ASSISTS", "普洱市") not in rels(res)


def test_posts_without_separator_and_after_de():
    res = run("曾经挂任百色市委常委、副市长的顾南舟回到深圳。凌云县委常委副县长陈立平出席。", home="广西壮族自治区")
    posts = titled(res)
    assert {("顾南舟", "百色市委", "常委"), ("顾南舟", "百色市", "副市长")} <= posts
    assert {("陈立平", "凌云县委", "常委"), ("陈立平", "凌云县", "副县长")} <= posts


def test_a_part_never_helps_the_whole_it_lies_in():
    res = run("赤峰尽己所能服务和助力内蒙古自治区，赤峰市助力北京市。", home=None)
    got = rels(res, "ASSISTS")
    assert ("赤峰市", "ASSISTS", "内蒙古自治区") not in got
    assert ("赤峰市", "ASSISTS", "北京市") in got


def test_designated_helpers_and_helped_places():
    res = run("中国农业银行是河北省阳原县的定点帮扶单位。作为国家林草局的定点帮扶县，广西龙胜县近年来发展迅速。",
              home=None)
    got = rels(res, "ASSISTS")
    assert {("中国农业银行", "ASSISTS", "阳原县"), ("国家林草局", "ASSISTS", "龙胜各族自治县")} <= got
    assert not any(t == "中国农业银行" for _s, _r, t in got)


def test_a_village_never_helps_its_own_county():
    res = run("兴安盟扎赉特旗西胡尔勒嘎查帮扶扎赉特旗。", home=None)
    assert not any(s == "西胡尔勒嘎查" for s, _r, _t in rels(res, "ASSISTS"))


def test_two_places_named_as_a_pair_in_a_clause_about_assistance():
    res = run("泉州市对口帮扶宁夏盐池县。泉州市今年还制定了洛江与盐池两地镇、村帮扶结对计划。", home=None)
    assert ("洛江区", "ASSISTS", "盐池县") in rels(res, "ASSISTS")
    res = run("北京与天津两地开展帮扶合作。", home=None)
    assert not rels(res, "ASSISTS")


def test_a_key_area_of_a_provinces_aid():
    res = run("福建省对口帮扶宁夏。作为我省援宁工作重点地区，固原市去年地区生产总值217亿元。", home=None)
    assert ("福建省", "ASSISTS", "固原市") in rels(res, "ASSISTS")


def test_the_province_an_aid_word_names_is_helped_never_the_helper():
    res = run("西藏自治区第九批援藏干部欢迎大会在拉萨召开。第九批援藏干部将赴日喀则开展援建工作。", home=None)
    assert not any(s == "西藏自治区" for s, _r, _t in rels(res, "ASSISTS"))
    res = run("上海市第九批援藏干部将赴日喀则开展援建工作。", home=None)
    assert any(s == "上海市" for s, _r, _t in rels(res, "ASSISTS"))  # a helper from elsewhere stays one


def test_places_where_something_is_visited_are_no_sides_of_the_help():
    res = run("要落实总书记在天津、甘肃考察灾后重建工作时的讲话精神，进一步落实各项帮扶举措。", home=None)
    assert not rels(res, "ASSISTS")
    res = run("天津市进一步落实各项帮扶举措，助力甘肃省灾后重建。", home=None)
    assert ("天津市", "ASSISTS", "甘肃省") in rels(res)


def test_a_government_pairing_with_a_place_stands_for_its_own_place():
    res = run("近日，沧州市政府和承德县就乡村振兴结对帮扶工作签约。", home=None)
    assert ("沧州市", "ASSISTS", "承德县") in rels(res)
    # a unit pairing with a county's government helps the county, as before
    res = run("中国农业大学与镇康县人民政府签订定点帮扶协议。", home=None)
    assert ("中国农业大学", "ASSISTS", "镇康县") in rels(res)


def test_a_pairing_named_by_its_provinces_helps_the_other_sides_place():
    assert ("上海市", "ASSISTS", "云南省") in rels(run("沪滇协作助力云南省乡村振兴。", home=None))
    assert ("福建省", "ASSISTS", "宁夏回族自治区") in rels(run("闽宁协作帮扶宁夏群众增收。", home=None))
    assert not rels(run("京蒙协作助推北京市发展。", home=None), "ASSISTS")  # the helped side helps no one


def test_fallback_pairing_keeps_a_helped_place_named_twice():
    res = run("临夏州依托厦门市思明区对口帮扶优势，在厦门推介临夏州特色产品。", home=None)
    assert ("思明区", "ASSISTS", "临夏回族自治州") in rels(res, "ASSISTS")


def test_fallback_pairing_skips_markets_destinations_and_issuers():
    # a market or citizens of a place, the place goods are sold to, and the issuer of a document are no helpers
    for text in ("让更多云龙县农产品进入上海市场，助力云龙县消费协作。",
                 "今年以来，麦积区向天津销售农产品1亿元，消费帮扶成效明显。",
                 "为落实国家民委《意见》，8月9日，学校代表赴定点帮扶的岑巩县调研。"):
        assert not rels(run(text, home=None), "ASSISTS"), text


def test_an_officials_party_travelling_to_a_place_about_the_pairing():
    res = run("日前，上海市嘉定区委书记李明一行来到大理市，就进一步对接沪滇对口帮扶工作进行座谈。", home=None)
    assert ("嘉定区", "ASSISTS", "大理市") in rels(res, "ASSISTS")


def test_a_delegation_visiting_places_listed_with_their_prefectures():
    res = run("近日，区委书记李明率嘉定区党政代表团到云南省大理州宾川县、楚雄州大姚县对接考察沪滇协作工作。", home=None)
    got = rels(res, "ASSISTS")
    assert ("嘉定区", "ASSISTS", "宾川县") in got
    assert ("嘉定区", "ASSISTS", "大姚县") in got


def test_a_bare_leader_title_in_a_sentence_without_its_level_is_the_articles_own_side():
    res = run("市委书记王建国率嘉兴市代表团赴黔西南州、六盘水市开展东西部协作对接。"
              "六盘水市委书记李刚陪同考察。市领导赵丽等参加活动。")
    posts = titled(res)
    assert ("赵丽", "嘉兴市", "领导") in posts
    assert not any(p == "赵丽" and t == "六盘水市" for p, t, _ti in posts)


def test_a_delegation_made_of_named_members_acts_as_its_region():
    res = run("近日，海宁市委副书记、市长陈明率市级相关部门负责人和各镇主要领导组成的党政代表团赴理县开展东西部协作工作。")
    assert ("海宁市", "ASSISTS", "理县") in rels(res)
    assert not any(s == "海宁市委" for s, _t in [(a, b) for a, _r, b in rels(res)])


def test_a_bare_committee_leading_its_citys_delegation_acts_as_the_city():
    res = run("市委书记王建国率嘉兴市代表团赴黔西南州开展东西部协作对接。")
    assert ("嘉兴市", "ASSISTS", "黔西南布依族苗族自治州") in rels(res)
    assert ("嘉兴市委", "ASSISTS", "黔西南布依族苗族自治州") not in rels(res)


def test_a_short_name_a_prefecture_shares_with_places_inside_it_is_the_prefecture_when_helped():
    res = run("多年来，江西对口支援阿克苏，派出大批干部。")  # 阿克苏: 阿克苏地区 and 阿克苏市 inside it
    assert ("江西省", "ASSISTS", "阿克苏地区") in rels(res)


def test_a_body_named_after_an_eastern_city_is_the_helper_of_a_western_county():
    res = run("自2021年定西市通渭县与青岛高新区建立结对协作关系以来，两地合作成果丰硕。")
    assert ("青岛高新区", "ASSISTS", "通渭县") in rels(res)
    assert ("通渭县", "ASSISTS", "青岛高新区") not in rels(res)


def test_a_body_listed_as_a_places_helper_helps_that_place():
    res = run("2012年，福建省委、省政府将兴业银行列为政和县的挂钩帮扶单位。", home=None)
    assert rels(res, "ASSISTS") == {("兴业银行", "ASSISTS", "政和县")}
    # 将A列为…重点支持: the subject helps A
    res = run("北京市将赤峰市列为重点支持地区。", home=None)
    assert ("北京市", "ASSISTS", "赤峰市") in rels(res, "ASSISTS")
