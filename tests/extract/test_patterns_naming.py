"""How nodes are named when the text writes a short form: an autonomous prefecture's or county's committee
is named as written (黔东南州委) and, when bare, repeats its level (州委 → 黔南布依族苗族自治州州委), an east–west pairing is named by its short form
XY协作, and a programme renamed in 2021 keeps the name each period writes (sentences written for the tests)."""

from __future__ import annotations

from tests.extract.extraction_helpers import ents, rels, run, titled


def test_an_autonomous_places_committee_is_named_as_written_or_repeats_its_level():
    res = run("黔东南州委书记李二、东乡县委书记马三出席。", home=None)
    posts = {(s, t) for s, _r, t in rels(res, "HOLDS_POSITION")}
    assert {("李二", "黔东南州委"), ("马三", "东乡县委")} <= posts  # written with the place's short form
    # a bare 州委 names no form of its own: the place's full name, its level repeated
    res = run("6月19日，州委书记唐一率黔南州党政代表团赴广州对接东西部协作工作。", home=None)
    assert ("唐一", "黔南布依族苗族自治州州委") in {(s, t) for s, _r, t in rels(res, "HOLDS_POSITION")}
    res = run("甲州考察团由州委书记王一带队，阿坝州委副书记王二出席。阿坝藏族羌族自治州州委副书记王三出席。", home=None)
    assert "阿坝藏族羌族自治州州委" in ents(res, "Agency")
    # a city's committee is written once (赤峰市委)
    assert "赤峰市委" in ents(run("赤峰市委书记孟一出席。", home=None), "Agency")


def _program_names(res):
    return {e["name"]: set(e["aliases"]) for e in res["entities"] if e["type"] == "Program"}


def test_a_programme_is_named_as_the_document_writes_it_with_the_lexicon_name_an_alias():
    names = _program_names(run("广东省和广西壮族自治区积极推进粤桂东西部扶贫协作。", home=None))
    assert "粤桂协作" in names["粤桂东西部扶贫协作"]
    assert "粤桂协作" in _program_names(run("广东省和广西壮族自治区积极推进粤桂协作。", home=None))
    assert "苏陕扶贫协作" in _program_names(run("江苏省和陕西省深化苏陕扶贫协作。", home=None))
    # the fullest form the document writes names every mention of it; the lexicon's name where it is written
    names = _program_names(run("天津市做好对口援疆工作。援疆干部人才深入基层。", home=None))
    assert set(names) == {"对口援疆"} and "对口支援新疆" in names["对口援疆"]
    names = _program_names(run("天津市做好对口支援新疆工作。对口援疆干部人才深入基层。", home=None))
    assert set(names) == {"对口支援新疆"}


def test_an_agency_written_only_in_a_fuller_form_than_the_lexicons_keeps_it():
    res = run("国家电网有限公司定点帮扶湖北省秭归县。", home=None)
    agency = next(e for e in res["entities"] if e["type"] == "Agency")
    assert agency["name"] == "国家电网有限公司" and "国家电网" in agency["aliases"]
    # written in the lexicon's own form as well: that name, as everywhere else
    res = run("国家电网有限公司定点帮扶湖北省秭归县。国家电网持续加大投入。", home=None)
    assert "国家电网" in ents(res, "Agency") and "国家电网有限公司" not in ents(res, "Agency")
    # a campaign likewise by its own quoted name, not the 行动 news adds to it
    assert "万企兴万村" in ents(run("南京市积极参与“万企兴万村”行动。", home=None), "Program")


def test_a_programme_renamed_in_2021_keeps_the_name_its_period_writes():
    assert "消费扶贫" in ents(run("南京市多措并举开展消费扶贫。", home=None), "Program")
    assert "消费帮扶" in ents(run("南京市多措并举开展消费帮扶。", home=None), "Program")


def test_units_listed_after_a_body_are_its_units_or_its_siblings():
    res = run("水利部南水北调司司长李一、水库移民司司长卢二等领导参加座谈。", home=None)
    posts = {(s, t) for s, _r, t in rels(res, "HOLDS_POSITION")}
    assert {("李一", "水利部南水北调司"), ("卢二", "水利部水库移民司")} <= posts
    res = run("全国政协常委、经济委员会主任周三出席。", home=None)
    assert ("周三", "全国政协经济委员会") in {(s, t) for s, _r, t in rels(res, "HOLDS_POSITION")}
    res = run("赤峰市民政局局长张一、财政局局长王二出席。", home=None)
    assert ("王二", "赤峰市财政局") in {(s, t) for s, _r, t in rels(res, "HOLDS_POSITION")}


def test_meeting_verbs_and_titles_of_enterprises_and_commands():
    res = run("郧阳区委书记胡一在北京拜会水利部副部长刘二。", home=None)
    assert ("刘二", "水利部") in {(s, t) for s, _r, t in rels(res, "HOLDS_POSITION")}
    assert not any("拜会" in e for e in ents(res))
    res = run("恒大集团董事局主席许一出席。", home=None)
    assert ("许一", "恒大集团") in {(s, t) for s, _r, t in rels(res, "HOLDS_POSITION")}
    assert "董事局" not in ents(res, "Person")
    res = run("和田地委副书记、北京市援疆和田指挥部指挥卢三介绍说。", home=None)
    posts = {(s, t) for s, _r, t in rels(res, "HOLDS_POSITION")}
    assert {("卢三", "和田地委"), ("卢三", "北京市援疆和田指挥部")} <= posts


def test_a_name_sent_by_a_body_takes_the_posts_of_its_clauses():
    res = run("2018年11月，杨一受天津市委、市政府委派，接任天津帮扶承德工作队领队，挂任承德市委常委、副市长。", home=None)
    posts = {(s, t) for s, _r, t in rels(res, "HOLDS_POSITION")}
    assert {("杨一", "天津帮扶承德工作队"), ("杨一", "承德市委"), ("杨一", "承德市")} <= posts


def test_a_team_whose_name_says_whom_it_helps_helps_that_place():
    res = run("天津帮扶承德工作队深入河北省承德市各县调研。", home=None)
    assert {("天津帮扶承德工作队", "承德市"), ("天津市", "承德市")} <= {(s, t) for s, _r, t in rels(res, "ASSISTS")}
    res = run("大连援黔工作队共有挂职干部248名，其中在六盘水市直机关有挂职干部33人。", home=None)
    assert ("大连市", "贵州省") in {(s, t) for s, _r, t in rels(res, "ASSISTS")}
    # a leading group steers the work; it is no helper
    res = run("福建省对口帮扶宁夏领导小组召开会议。", home=None)
    assert not rels(res, "ASSISTS")


def test_a_delegation_going_to_a_place_to_do_the_work_helps_it():
    res = run("12月15日，中车甲机车有限公司董事长徐一一行赴甘谷县，开展定点帮扶实地调研。", home=None)
    assert ("中车甲机车有限公司", "甘谷县") in {(s, t) for s, _r, t in rels(res, "ASSISTS")}
    res = run("近日，舟山市工商联一行赴万源市开展“万企兴万村”村企结对帮扶活动。", home=None)
    assert ("舟山市工商联", "万源市") in {(s, t) for s, _r, t in rels(res, "ASSISTS")}


def test_the_one_a_relative_clause_names_helps_not_the_visitor():
    res = run("重庆市经济信息委一行深入走访重庆市对口支援的类乌齐县、察雅县。", home=None)
    assert {(s, t) for s, _r, t in rels(res, "ASSISTS")} == {("重庆市", "类乌齐县"), ("重庆市", "察雅县")}


def test_lists_of_three_helpers_and_three_places_pair_by_position():
    res = run("清华大学、北京大学、复旦大学给予了对接帮扶的南涧县、弥渡县、永平县全方位的支持。", home=None)
    assert {(s, t) for s, _r, t in rels(res, "ASSISTS")} == {
        ("清华大学", "南涧彝族自治县"), ("北京大学", "弥渡县"), ("复旦大学", "永平县")}
    # two and two pair by position only when 分别 says so
    res = run("清华大学、北京大学帮扶南涧县、弥渡县。", home=None)
    assert len(rels(res, "ASSISTS")) == 4


def test_a_rare_two_character_name_after_a_title_is_a_name_a_common_verb_is_not():
    res = run("青海省委书记、省人大常委会主任强毅，青海省委常委王一出席。", home=None)
    assert {("强毅", "青海省委"), ("强毅", "青海省人大常委会")} <= {(s, t) for s, _r, t in rels(res, "HOLDS_POSITION")}
    assert "强调" not in ents(run("会上，青海省委书记强调，要做好帮扶工作。", home=None), "Person")


def test_a_companys_posts_after_its_party_committee_are_the_companys():
    res = run("云南世博集团党委副书记、副董事长、副总经理杨一率队前往三穗县。", home=None)
    assert {("杨一", "云南世博集团党委"), ("杨一", "云南世博集团")} <= {
        (s, t) for s, _r, t in rels(res, "HOLDS_POSITION")}


def test_the_helped_object_named_as_such_and_counted_institutions():
    res = run("考察了北京理工大学定点帮扶对象桥沟村。", home=None)
    assert ("北京理工大学", "桥沟村") in {(s, t) for s, _r, t in rels(res, "ASSISTS")}
    assert "对象桥沟村" not in ents(res)
    res = run("北京投入教育援疆资金34.4亿元，支持新改扩建双语幼儿园130所。", home=None)
    assert not any(e.endswith("幼儿园") for e in ents(res, "Agency"))


def test_a_prefecture_named_with_its_level_word_makes_its_counties_short_forms_places():
    res = run("上海市体育发展基金会为玛多捐助了一个健身房；一跨国企业连续2年向果洛州捐赠了护理用品。", home=None)
    funds = {(s, t) for s, _r, t in rels(res, "FUNDS")}
    assert ("上海市体育发展基金会", "玛多县") in funds
    # an unnamed donor is not the named one of the clause before
    assert ("上海市体育发展基金会", "果洛藏族自治州") not in funds


def test_programmes_listed_as_the_fields_of_work_are_implemented():
    res = run("甘肃银行在基础设施、教育帮扶、消费帮扶等方面开展了一系列探索和实践。", home=None)
    assert ("甘肃银行", "消费帮扶") in {(s, t) for s, _r, t in rels(res, "IMPLEMENTS")}


def test_bodies_named_as_the_helping_units_help_the_place():
    res = run("推动中国农业银行、中国长江三峡集团等9家定点帮扶中央单位购销重庆农副产品0.9亿元。", home=None)
    assert {("中国农业银行", "重庆市"), ("中国长江三峡集团", "重庆市")} <= {(s, t) for s, _r, t in rels(res, "ASSISTS")}
    res = run("乐都区积极对接无锡市惠山区政府和中国信达资产管理股份有限公司等对口帮扶单位。", home=None)
    helped = {(s, t) for s, _r, t in rels(res, "ASSISTS")}
    # (a body the lexicon knows, written only in full, keeps its full name: 中国信达 is an alias)
    assert {("惠山区政府", "乐都区"), ("中国信达资产管理股份有限公司", "乐都区")} <= helped
    # the places written before an organ are part of its name as written
    agency = next(e for e in res["entities"] if e["name"] == "惠山区政府")
    assert "无锡市惠山区政府" in agency.get("aliases", [])


def test_verbs_and_time_words_end_an_organisations_name():
    res = run("房山区委托天兴奶牛养殖有限公司代养奶牛，大家参观村图书馆。", home=None)
    assert "天兴奶牛养殖有限公司" in ents(res, "Agency")
    assert not any(e.startswith(("委托", "参观")) for e in ents(res))
    res = run("自1992年始，上海历届市委、市政府高度重视对口支援三峡工作。", home=None)
    assert {"上海市委", "上海市政府"} <= ents(res, "Agency")
    assert "芒康县委党校" in ents(run("调研了芒康县委党校建设情况。", home=None), "Agency")


def test_a_cadre_aiding_a_province_aids_the_place_of_the_post_held():
    res = run("作为上海援青干部，玛多县委副书记、副县长王海洋负责统筹推进援青项目。", home=None)
    assert ("上海市", "玛多县") in {(s, t) for s, _r, t in rels(res, "ASSISTS")}


def test_my_county_is_the_most_named_county_not_a_county_level_city():
    res = run("白河县召开座谈会。会上，溧阳市向我县捐赠了帮扶资金100万元，溧阳市还将持续帮扶。", home=None)
    assert ("溧阳市", "白河县") in {(s, t) for s, _r, t in rels(res, "FUNDS")}


def test_a_prefectures_bare_committee_and_an_uyghur_name_without_a_dot():
    res = run("仪式上，地委副书记、行署专员阿里木艾力宣布浙江省对口援疆项目在阿克苏地区集中开工。", home=None)
    posts = {(s, t) for s, _r, t in rels(res, "HOLDS_POSITION")}
    assert {("阿里木艾力", "阿克苏地委"), ("阿里木艾力", "阿克苏地区")} <= posts


def test_two_places_of_one_province_paired_for_aid_the_first_named_helps():
    res = run("通过实地调研，了解到繁昌县与太湖县开展县域结对帮扶工作两年来取得了实效。", home=None)
    assert {(s, t) for s, _r, t in rels(res, "ASSISTS")} == {("繁昌县", "太湖县")}
    # places only listed, with help mentioned, are no pair
    res = run("贵阳、黔西南的城市发展之快令人震惊，帮扶效果明显。", home=None)
    assert not rels(res, "ASSISTS")


def test_each_body_a_delegation_is_made_of_helps_the_place_it_came_to():
    res = run("由佛山市政协、佛山市残联、民进佛山市委会等单位相关负责人组成的一行9人来到墨脱县开展扶贫助学活动。",
              home=None)
    assert {("佛山市政协", "墨脱县"), ("佛山市残联", "墨脱县"), ("民进佛山市委会", "墨脱县")} <= {
        (s, t) for s, _r, t in rels(res, "ASSISTS")}
    res = run("民进佛山市委会专职副主委谭一为同学们上了一堂课。", home=None)
    assert ("谭一", "民进佛山市委会") in {(s, t) for s, _r, t in rels(res, "HOLDS_POSITION")}


def test_pairs_listed_in_brackets_each_with_its_own_helper():
    res = run("北京市8个区县与乌兰察布市8个贫困旗县建立结对帮扶合作关系（朝阳区对口帮扶卓资县，平谷区对口帮扶商都县）。",
              home=None)
    helped = {(s, t) for s, _r, t in rels(res, "ASSISTS")}
    assert {("朝阳区", "卓资县"), ("平谷区", "商都县")} <= helped
    assert not {("北京市", "朝阳区"), ("北京市", "卓资县")} & helped


def test_companies_named_as_helping_enterprises_help_the_articles_place():
    res = run("赞皇县召开座谈会。腾讯集团、碧桂园集团等部分帮扶企业和慈善组织代表参加我县座谈会。", home=None)
    assert {("腾讯集团", "赞皇县"), ("碧桂园集团", "赞皇县")} <= {(s, t) for s, _r, t in rels(res, "ASSISTS")}


def test_a_bare_team_word_before_its_heads_title_is_the_articles_team():
    res = run("在广东省第八批援藏工作队墨脱县工作组的协调下，代表团来到墨脱县。县委常务副书记、工作组组长谢一出席。",
              home=None)
    assert "广东省第八批援藏工作队墨脱县工作组" in ents(res, "Agency")
    assert ("谢一", "广东省第八批援藏工作队墨脱县工作组") in {(s, t) for s, _r, t in rels(res, "HOLDS_POSITION")}


def test_a_programme_taken_as_the_means_or_in_a_relative_clause_is_implemented():
    res = run("5年来，北京市通过对口支援，已经累计助推受援地170万人脱贫。", home=None)
    assert ("北京市", "对口支援") in {(s, t) for s, _r, t in rels(res, "IMPLEMENTS")}
    res = run("在北京市海淀区商务局开展的消费帮扶实践中，一项关键策略是传统与现代结合。", home=None)
    assert ("北京市海淀区商务局", "消费帮扶") in {(s, t) for s, _r, t in rels(res, "IMPLEMENTS")}


def test_a_state_companys_provincial_company_is_named_as_written():
    res = run("按照公司统一部署，国网湖北电力落实“国网阳光扶贫”行动。", home=None)
    assert ("国网湖北电力", "国网阳光扶贫") in {(s, t) for s, _r, t in rels(res, "IMPLEMENTS")}
    # 国网 inside another word is no company
    assert not ents(run("全国网络扶贫工作会议召开。", home=None), "Agency")


def test_money_secured_from_a_body_goes_where_it_is_used():
    res = run("八宿县工作组争取到福建河仁基金会200万元，用于八宿县吉达乡波查村饮用水项目。", home=None)
    assert {(s, t) for s, _r, t in rels(res, "FUNDS")} == {("福建河仁基金会", "波查村")}


def test_an_autonomous_place_named_for_a_people_without_zu_has_its_short_forms():
    # official names drop 族 after a people's name of two characters or more (锡伯, 蒙古, 哈萨克)
    res = run("今年，镇江市援疆工作组安排300万元资金，支持察布查尔县购置学校设备。", home=None)
    assert ("镇江市援疆工作组", "察布查尔锡伯自治县") in {(s, t) for s, _r, t in rels(res, "FUNDS")}
    assert "和布克赛尔蒙古自治县" in ents(run("和布克赛尔县召开会议。", home=None), "Region")
    # never after a one-character people (水族, 白族): 陵水 is not 陵 + 水族, 内蒙古 not 内 + 蒙古
    assert "陵水黎族自治县" in ents(run("陵水县召开会议。", home=None), "Region")
    assert "内蒙古自治区" in ents(run("内蒙古召开会议。", home=None), "Region")


def test_a_time_phrase_before_an_organisation_is_no_part_of_its_name():
    for when in ("近年来", "日前", "此前"):
        res = run(f"据了解，{when}江岭集团安排2亿元支持甘肃、青海两省脱贫攻坚。", home=None)
        assert "江岭集团" in ents(res, "Agency")
        assert ("江岭集团", "甘肃省") in {(s, t) for s, _r, t in rels(res, "FUNDS")}


def test_a_group_named_as_a_unit_by_its_heads_title():
    res = run("江苏省委组织部干部监督组组长孙一介绍，泰州市疫情防控物资保障组副组长周二出席。", home=None)
    posts = {(s, t) for s, _r, t in rels(res, "HOLDS_POSITION")}
    assert {("孙一", "江苏省委组织部干部监督组"), ("周二", "泰州市疫情防控物资保障组")} <= posts
    # 组 alone is no organ: a villagers' group is no unit of the city
    assert not rels(run("泰州市村民小组组长吴三说。", home=None), "HOLDS_POSITION")


def test_cadres_are_no_department():
    # 挂职干部 ends in 部 but names no department: no organ for the title after it
    res = run("苏州市发改委主任、江苏省第三批赴陕挂职干部领队钱五出席。", home=None)
    assert {t for s, _r, t in rels(res, "HOLDS_POSITION") if s == "钱五"} == {"苏州市发改委"}


def test_an_approximate_count_of_organisations_is_no_name():
    res = run("如今，该平台累计整合300余家合作社，带动农牧民2万人。", home=None)
    assert not any("合作社" in e for e in ents(res, "Agency"))
    # a verb ends a body: 纳入 (将农产品纳入政府采购) names no organisation
    res = run("泰州市将宿迁农产品纳入政府采购目录。", home=None)
    assert not any("纳入" in e for e in ents(res, "Agency"))


def test_company_names_with_a_place_in_brackets_and_words_companies_are_named_with():
    res = run("西门子(中国)有限公司、渣打银行（中国）有限公司、青岚电气(杭州)集团有限公司和东方希望集团向岚县捐款。",
              home=None)
    assert {"西门子(中国)有限公司", "渣打银行（中国）有限公司", "青岚电气(杭州)集团有限公司", "东方希望集团"} <= \
        ents(res, "Agency")
    assert "澳门仁爱慈善会" in ents(run("澳门仁爱慈善会向岚县捐款。", home=None), "Agency")


def test_aid_building_and_two_bodies_joined_by_he_end_a_name():
    res = run("海淀区援建了杨树沟村卫生室和幼儿园。", home=None)
    assert not any("和" in a for a in ents(res, "Agency"))
    assert ("海淀区", "ASSISTS", "杨树沟村") in rels(res)
    res = run("东莞市援建昭通市鲁甸县第一中学。", home=None)
    assert not any(a.startswith("东莞市援建") for a in ents(res, "Agency"))
    # but 和 inside an official name stays (人力资源和社会保障厅)
    assert "江苏省人力资源和社会保障厅" in ents(run("江苏省人力资源和社会保障厅召开会议。", home=None), "Agency")


def test_a_place_name_spanning_two_words_is_no_place():
    assert not ents(run("支持奉节乡村振兴和县域经济发展。", home=None), "Region")  # 振兴|和|县域, not 兴和县
    assert "兴和县" in ents(run("会议在兴和县召开。", home=None), "Region")


def test_page_furniture_words_and_generic_bodies_are_no_names():
    assert not ents(run("原标题：福建提高援宁资金补助标准", home=None), "Person")
    res = run("企业诸如徐家汇商城集团参加了采购。", home=None)
    assert "徐家汇商城集团" in ents(res, "Agency")
    res = run("欧文莱向镇远县捐赠石英石，主要用于该县乡村学校建设。", home=None)
    assert not any("乡村学校" in a for a in ents(res, "Agency"))


def test_a_prefecture_short_form_before_a_county_whose_name_opens_like_a_township():
    res = run("杭州市某公司向贵州省黔东南州镇远县捐赠一批物资。", home=None)
    assert ("镇远县" in ents(res, "Region")) and "黔东南苗族侗族自治州" in ents(res, "Region")
    res = run("三水区社会各界为贵州省黔东南州镇远县、岑巩县募集帮扶物资超750万元。", home=None)
    assert {t for s, _r, t in rels(res, "FUNDS")} == {"镇远县", "岑巩县"}


def test_schools_written_short_or_as_a_full_primary_school():
    res = run("东华大学为会泽二中和会泽县第三完全小学捐赠图书，十九届四中全会精神得到传达。", home=None)
    assert {"会泽二中", "会泽县第三完全小学"} <= ents(res, "Agency")
    assert not any("四中" in n for n in ents(res))
    # a facility that ends in an organ's word stays a facility
    res = run("在学院援建的石门村党员活动中心，双方召开座谈会。", home=None)
    assert "石门村党员活动中心" not in ents(res, "Agency")


def test_a_role_written_before_a_company_is_no_part_of_its_name():
    res = run("理事单位华信电气有限公司总经理周海明代表公司捐赠20万元。", home=None)
    assert "华信电气有限公司" in ents(res, "Agency")
    assert ("周海明", "华信电气有限公司", "总经理") in titled(res)


def test_a_name_before_kanlai_and_a_spokesman_after_another_post():
    res = run("在兰州市人民医院院长郑立看来，人才是关键。", home=None)
    assert "郑立" in ents(res, "Person")
    res = run("成都市政府副秘书长、市政府新闻发言人陈晓东介绍了情况。", home=None)
    assert ("陈晓东", "成都市政府") in {(s, t) for s, t, _ in titled(res)}


def test_listed_kinds_of_works_are_no_programmes_and_no_people():
    res = run("该县投资2000万元实施了一批道路硬化、教师周转房、安全饮水等工程。", home=None)
    assert not {"道路硬化", "安全饮水", "教师周转房"} & ents(res, "Program")
    assert "周转房" not in ents(res, "Person")


def test_a_committees_party_school_and_a_branch_named_by_its_place():
    res = run("杭州市委党校与黔东南州委党校签订合作协议。", home=None)
    assert {"杭州市委党校", "黔东南州委党校"} <= ents(res, "Agency")
    res = run("建行余杭区支行与丹寨县支行结对帮扶。", home=None)
    assert "丹寨县支行" in ents(res, "Agency")
    assert ("建行余杭区支行", "丹寨县支行") in {(s, t) for s, r, t in rels(res, "ASSISTS")}


def test_a_count_of_projects_is_no_programme_and_the_money_reaches_the_county():
    res = run("杭州市对口帮扶丹寨县投入资金2100万元的建设任务9个项目已全部开工。", home=None)
    assert not any("9个" in n for n in ents(res, "Program"))
    assert ("杭州市", "丹寨县") in {(s, t) for s, r, t in rels(res, "FUNDS")}


def test_a_township_whose_name_holds_a_function_character():
    res = run("扎鲁特旗格都苏木党委书记王明出席，扎鲁特旗也有乡镇参加。", home=None)
    assert "格都苏木" in ents(res, "Region")
    assert not any(n.startswith("也有") for n in ents(res, "Region"))
