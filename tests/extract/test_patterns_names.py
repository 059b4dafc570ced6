"""Names and pairings as other provinces' and central units' news write them: company brands before a place,
branch offices, federations, zones before a township, Tibetan names, party departments, posts behind an
unnamed group, 挂钩 assistance, 携手 lists and `A与B之间` (sentences written for the tests)."""

from __future__ import annotations

from tests.extract.extraction_helpers import ents, rels, run, titled


def _pairs(res, rtype):
    return {(s, t) for s, _r, t in rels(res, rtype)}


def test_a_brand_before_a_place_belongs_to_the_company():
    res = run("日前，白象食品郑州分公司向兰考县捐赠50万元。", home=None)
    assert "白象食品郑州分公司" in ents(res, "Agency")
    assert ("白象食品郑州分公司", "兰考县") in _pairs(res, "FUNDS")
    res = run("近日，红塔辽宁集团向镇雄县捐赠帮扶资金80万元。", home=None)
    assert "红塔辽宁集团" in ents(res, "Agency")
    # but words before a company that are no name stay outside it
    res = run("集团下属企业内蒙古伊利实业集团股份有限公司捐款。", home=None)
    assert "内蒙古伊利实业集团股份有限公司" in ents(res, "Agency")
    res = run("爱心企业北京三元食品股份有限公司捐赠。", home=None)
    assert "北京三元食品股份有限公司" in ents(res, "Agency")


def test_federations_and_factories_are_organisations_not_their_city():
    res = run("杭州市工商联与凉山州昭觉县签订结对帮扶协议。", home=None)
    assert "杭州市工商联" in ents(res, "Agency")
    assert ("杭州市工商联", "昭觉县") in _pairs(res, "ASSISTS")
    res = run("日前，曲靖卷烟厂向会泽县捐赠100万元。", home=None)
    assert ("曲靖卷烟厂", "会泽县") in _pairs(res, "FUNDS")


def test_a_zone_before_a_township_is_no_part_of_its_name():
    res = run("调研组来到郑州航空港区八岗街道。", home=None)
    assert "八岗街道" in ents(res, "Region")
    res = run("工作队走访了芜湖高新区马塘街道和东庄村。", home=None)
    assert "马塘街道" in ents(res, "Region")
    res = run("来到旗下营镇调研。", home=None)
    assert "旗下营镇" in ents(res, "Region")


def test_tibetan_names_after_a_title():
    res = run("西藏自治区党委常委、副主席多吉次珠出席。", home=None)
    assert ("多吉次珠", "西藏自治区", "副主席") in titled(res)
    res = run("拉萨市委书记赤列顿珠参加座谈。", home=None)
    assert "赤列顿珠" in ents(res, "Person")
    res = run("县长热情接待了客人，主任决定列席会议。", home=None)
    assert not ents(res, "Person")


def test_a_post_in_a_committees_department_is_the_departments():
    res = run("赤峰市委组织部副部长王刚出席。", home=None)
    assert ("王刚", "赤峰市委组织部", "副部长") in titled(res)
    res = run("通辽市委常委、宣传部部长李红讲话。", home=None)
    assert {("李红", "通辽市委", "常委"), ("李红", "通辽市委宣传部", "部长")} <= titled(res)


def test_an_unnamed_group_does_not_end_a_list_of_posts():
    res = run("会议由农业农村部党组成员、副部长、部乡村振兴工作领导小组副组长张桃林主持。", home=None)
    assert ("张桃林", "农业农村部") in {(p, o) for p, o, _t in titled(res)}
    # and a programme word inside the group's name states no assistance
    res = run("国家发展改革委援疆援藏工作领导小组召开会议。", home=None)
    assert not rels(res, "ASSISTS")


def test_guagou_assistance():
    res = run("华能集团挂钩帮扶镇雄县，挂钩扶贫以来成效明显。", home=None)
    assert ("中国华能", "镇雄县") in _pairs(res, "ASSISTS")
    res = run("近日，红塔辽宁集团挂钩扶贫彝良县。", home=None)
    assert ("红塔辽宁集团", "彝良县") in _pairs(res, "ASSISTS")


def test_a_round_of_assistance_is_no_programme():
    res = run("华能集团启动第二轮帮扶行动。", home=None)
    assert not ents(res, "Program")


def test_xieshou_helps_each_listed_region_and_the_list_pairs_nothing():
    res = run("山东携手甘肃、青海共建产业园区。", home=None)
    assert _pairs(res, "ASSISTS") == {("山东省", "甘肃省"), ("山东省", "青海省")}


def test_two_sides_written_as_between_in_an_assistance_sentence():
    res = run("自开展东西部协作以来，宁波市北仑区与黔西南州普安县之间往来日益密切。", home=None)
    assert ("北仑区", "普安县") in _pairs(res, "ASSISTS")
    res = run("两国之间，北京市与天津市之间的合作。", home=None)
    assert not rels(res, "ASSISTS")


def test_a_news_source_is_no_subject_to_carry():
    res = run("从上海市发改委获悉，近日，上海市援滇重点项目在昆明市集中开工。今年共向昆明市投入援滇资金1.2亿元。",
              home=None)
    assert ("上海市", "昆明市") in _pairs(res, "FUNDS")
    assert not any(s == "上海市发改委" for s, _t in _pairs(res, "FUNDS"))


def test_townships_named_after_a_family_and_no_hometown():
    res = run("工作队走访了曾家镇、李家乡和王家镇。", home=None)
    assert {"曾家镇", "李家乡", "王家镇"} <= ents(res, "Region")
    res = run("大家回到家乡，建设美丽家乡。", home=None)
    assert not ents(res, "Region")


def test_the_partners_of_a_payer_receive_and_do_not_pay_each_other():
    res = run("嘉兴市工商联与广元市朝天区曾家镇石板村、朝天区李家乡柏杨村签订了协议，分别捐赠帮扶资金5万元。",
              home=None)
    assert _pairs(res, "FUNDS") == {("嘉兴市工商联", "石板村"), ("嘉兴市工商联", "柏杨村")}


def test_a_subject_that_receives_money_is_no_payer():
    res = run("1994年以来，西藏日喀则累计接受各省市对口援藏项目3000多个，援藏资金超过百亿元。", home=None)
    assert not rels(res, "FUNDS")
    res = run("今年，兰考县获得郑州市帮扶资金300万元。", home=None)
    assert _pairs(res, "FUNDS") == {("郑州市", "兰考县")}


def test_the_group_company_is_no_name():
    res = run("集团公司董事长邓东升带队赴灌南县调研。", home=None)
    assert "集团公司" not in ents(res, "Agency")


def test_a_university_is_in_its_city_but_no_side_of_it():
    res = run("西南交通大学与县教育局签订了图书捐赠协议。", home=None)
    assert not any(n.startswith("成都市") for n in ents(res, "Agency"))
    res = run("李正印代表市委、市政府对北理工近年来对吕梁的倾力帮助支持表示感谢。", home=None)
    assert {"吕梁市委", "吕梁市政府"} <= ents(res, "Agency")
    assert "北京市委" not in ents(res, "Agency")


def test_an_acting_county_head_is_no_county():
    res = run("陈治亚与蒲城县代县长李军政分别代表双方签字。", home=None)
    assert "代县" not in ents(res, "Region")
    assert ("李军政", "蒲城县") in {(p, o) for p, o, _t in titled(res)}


def test_an_enumeration_of_names_stops_at_a_place():
    res = run("山西省副省长张复明、吕梁市委书记李正印出席签约仪式。", home=None)
    assert ents(res, "Person") == {"张复明", "李正印"}
    res = run("副县长王明、张伟出席。", home=None)
    assert ents(res, "Person") == {"王明", "张伟"}


def test_the_one_thanked_for_its_help_helps():
    res = run("李志伟代表师宗县委、县政府感谢上海市宝山区长期以来对师宗县的关心和帮助。", home=None)
    assert _pairs(res, "ASSISTS") == {("宝山区", "师宗县")}


def test_cadres_sent_to_work_in_a_place_and_zhutui():
    res = run("复旦大学先后派出12名干部，在永平县脱贫振兴一线带头干。", home=None)
    assert ("复旦大学", "永平县") in _pairs(res, "ASSISTS")
    res = run("上海交通大学派出挂职干部13人次，为洱源县高质量发展献智献策。", home=None)
    assert ("上海交通大学", "洱源县") in _pairs(res, "ASSISTS")
    res = run("清华大学联动多家直属单位，助推南涧县定点帮扶工作有效落实。", home=None)
    assert ("清华大学", "南涧彝族自治县") in _pairs(res, "ASSISTS")


def test_of_a_pair_that_acts_the_side_the_place_lies_in_is_helped():
    res = run("在江西与新疆举行的座谈会上，江西与新疆携手助推克州阿克陶县发展。", home=None)
    assert ("新疆维吾尔自治区", "阿克陶县") not in _pairs(res, "ASSISTS")
    assert ("江西省", "阿克陶县") in _pairs(res, "ASSISTS")


def test_cadres_on_secondment_named_by_the_province_they_help():
    res = run("第十、十一批福建援宁挂职干部樊学双多方筹措资金。", home=None)
    assert ("福建省", "宁夏回族自治区") in _pairs(res, "ASSISTS")


def test_a_note_on_the_post_between_title_and_name_and_yi_names():
    res = run("昭觉县委书记阿苦日哈，县委副书记、县长马海木呷，县委常委、副县长（挂职）周晓东等陪同考察。", home=None)
    assert {("阿苦日哈", "昭觉县委", "书记"), ("马海木呷", "昭觉县", "县长"), ("周晓东", "昭觉县", "副县长")} <= titled(res)


def test_pairs_listed_one_after_another():
    res = run("会上，两市签署了东西部协作协议，广州市天河区与黔西市、广州市白云区与织金县分别签订区县结对帮扶协议。",
              home=None)
    assert _pairs(res, "ASSISTS") == {("天河区", "黔西市"), ("白云区", "织金县")}
    res = run("鄞州区首南街道与昭觉县四开乡、鄞州区姜山镇走马塘村与四开乡好谷村分别签订结对帮扶协议。", home=None)
    assert _pairs(res, "ASSISTS") == {("首南街道", "四开乡"), ("走马塘村", "好谷村")}
    # but one helper with a list of partners pairs with each
    res = run("窦店镇负责与突泉县太平乡和察右中旗铁沙盖镇结对。", home=None)
    assert _pairs(res, "ASSISTS") == {("窦店镇", "太平乡"), ("窦店镇", "铁沙盖镇")}


def test_statements_listed_one_after_another_keep_their_own_helpers():
    res = run("在教育援疆方面，济南市对口支援疏勒县、青岛市对口支援英吉沙县。", home=None)
    assert _pairs(res, "ASSISTS") == {("济南市", "疏勒县"), ("青岛市", "英吉沙县")}


def test_posts_after_an_appointing_verb():
    res = run("学校选派干部孙浩挂任镇康县委常委、副县长。", home=None)
    assert {("孙浩", "镇康县委", "常委"), ("孙浩", "镇康县", "副县长")} <= titled(res)
    res = run("目前，国家电网派驻巴东的挂职干部李卫东任巴东县委常委、副县长，公司派驻第一书记1名。", home=None)
    assert ("李卫东", "巴东县") in {(p, o) for p, o, _t in titled(res)}


def test_a_companys_party_bodies_and_a_prefectures_committee():
    res = run("国网湖北省电力有限公司董事长、党委书记王新宇主持会议。", home=None)
    assert ("王新宇", "国网湖北省电力有限公司党委") in {(p, o) for p, o, _t in titled(res)}
    res = run("喀什地区经济发展。喀什地委副书记、行署专员买买提江·吐尔逊表示感谢。", home=None)
    assert {("买买提江·吐尔逊", "喀什地委", "副书记"), ("买买提江·吐尔逊", "喀什地区", "专员")} <= titled(res)


def test_a_seconded_post_in_a_list_and_more_tibetan_names():
    res = run("甘井子区委副书记、挂职水城区委常委、副区长的刘宏伟介绍。", home=None)
    assert {("刘宏伟", "甘井子区委"), ("刘宏伟", "水城区委"), ("刘宏伟", "水城区")} <= {
        (p, o) for p, o, _t in titled(res)}
    res = run("临潭县委书记丹增扎西，山南市委副书记、市长达娃次仁出席。", home=None)
    assert {"丹增扎西", "达娃次仁"} <= ents(res, "Person")


def test_heartfelt_thanks_turn_the_helper_round():
    res = run("韩新民代表青海省委、省政府对江苏长期以来的真情帮扶表示衷心感谢。", home=None)
    assert _pairs(res, "ASSISTS") == {("江苏省", "青海省")}


def test_money_given_to_a_county_and_spent_in_its_township():
    res = run("今年，甘井子区向水城区拨付协作资金5600万元，用于米箩镇猕猴桃冷链仓储建设。", home=None)
    assert ("甘井子区", "水城区") in _pairs(res, "FUNDS")
    res = run("会上，宁波市鄞州区慈善总会向昭觉县捐赠帮扶资金2000万元。", home=None)
    assert _pairs(res, "FUNDS") == {("宁波市鄞州区慈善总会", "昭觉县")}


def test_respective_pairings():
    res = run("大连市甘井子区、沙河口区、金州区分别与六盘水市水城区、盘州市、六枝特区结成帮扶对子。", home=None)
    assert _pairs(res, "ASSISTS") == {("甘井子区", "水城区"), ("沙河口区", "盘州市"), ("金州区", "六枝特区")}
    res = run("天河区分别与黔西市、织金县签订结对帮扶协议。", home=None)
    assert _pairs(res, "ASSISTS") == {("天河区", "黔西市"), ("天河区", "织金县")}


def test_carrying_out_a_mechanisms_decisions_and_deepening_cooperation_with_a_partner():
    res = run("天津市与甘肃省召开会议。天津将认真贯彻习近平总书记关于东西部协作的重要指示精神，持续深化与甘肃的协作。",
              home=None)
    assert ("天津市", "IMPLEMENTS", "东西部协作") in rels(res)
    assert ("天津市", "甘肃省") in _pairs(res, "ASSISTS")
    res = run("江苏省与青海省召开会议。许志强表示，江苏将坚决扛起东西部协作政治责任。", home=None)
    assert ("江苏省", "IMPLEMENTS", "东西部协作") in rels(res)


def test_a_conjunction_before_a_place_name():
    res = run("代表团一行深入宕昌县、武都区和康县，先后考察了产业园。", home=None)
    assert {"宕昌县", "武都区", "康县"} <= ents(res, "Region") and "和康县" not in ents(res, "Region")
    res = run("新疆和田地区和康县成立。", home=None)
    assert "和康县" in ents(res, "Region")
    res = run("走访了示范点和县城就业帮扶车间。", home=None)
    assert "和县" not in ents(res, "Region")


def test_peoples_organisations_and_a_deictic_county_before_a_township():
    res = run("消费帮扶方面，大连市总工会、大连市商务局通过工会福利采购帮助销售农特产品。", home=None)
    assert {"大连市总工会", "大连市商务局"} <= ents(res, "Agency")
    res = run("双方签订了协议，鄞州区首南街道与我县四开乡结对。", home=None)
    assert "四开乡" in ents(res, "Region")


def test_money_of_a_helper_goes_to_its_own_partner_not_to_its_districts_partners():
    res = run("2016年以来，辽宁省大连市对口帮扶贵州省六盘水市，大连市甘井子区、沙河口区、金州区分别与六盘水市水城区、"
              "盘州市、六枝特区结成帮扶对子。截至目前，大连市累计投入财政帮扶资金9.6亿元。", home=None)
    assert _pairs(res, "FUNDS") == {("大连市", "六盘水市")}


def test_duikou_alone_as_a_verb_with_its_place_right_after_it():
    res = run("山东省14个市与重庆市14个区县结对，其中济南市对口重庆武隆区、烟台市对口重庆巫山县。", home=None)
    assert {("济南市", "武隆区"), ("烟台市", "巫山县")} <= _pairs(res, "ASSISTS")
    res = run("双方对口部门加强交流。", home=None)
    assert not rels(res, "ASSISTS")


def test_adverbs_and_verbs_end_an_organisation_body():
    res = run("自鲁渝协作工作开展以来，聊城始终立足彭水所需、发挥自身所能。", home=None)
    assert not any(n.endswith("所") for n in ents(res, "Agency"))


def test_a_companys_party_committee_and_its_own_posts():
    res = run("12月15日，中车戚墅堰机车有限公司党委书记、董事长徐世保一行赴甘谷县开展定点帮扶调研。", home=None)
    assert {("徐世保", "中车戚墅堰机车有限公司党委"), ("徐世保", "中车戚墅堰机车有限公司")} <= {
        (p, o) for p, o, _t in titled(res)}
    res = run("8月27日，中车集团党委常委、副书记、执行董事楼齐良一行来甘谷县调研。", home=None)
    assert {("楼齐良", "中国中车党委", "副书记"), ("楼齐良", "中国中车", "执行董事")} <= titled(res)
    res = run("浙江华威建材集团有限公司总经理童春霞代表江干区企业家协会向结对帮扶村捐赠帮扶资金50万元。", home=None)
    assert {"江干区企业家协会", "浙江华威建材集团有限公司"} <= ents(res, "Agency")
    assert not any("童春霞" in n for n in ents(res, "Agency"))


def test_a_level_character_written_twice():
    res = run("5月27日，中国农发集团派驻萧县县政府党组成员、副县长郭承亮出席捐赠仪式。", home=None)
    assert "萧县政府" in ents(res, "Agency")


def test_a_unit_helps_the_county_not_its_government_and_a_team_goes_to_its_places():
    res = run("会上，中国农业大学与镇康县人民政府签订定点帮扶协议。", home=None)
    assert _pairs(res, "ASSISTS") == {("中国农业大学", "镇康县")}
    res = run("记者获悉，湖南省第十批援藏工作队共有干部人才128名，将分赴山南市乃东区、琼结县、错那市开展工作。",
              home=None)
    assert {("湖南省第十批援藏工作队", c) for c in ("乃东区", "琼结县", "错那市")} <= _pairs(res, "ASSISTS")


def test_both_sides_sign_as_liangshi():
    res = run("广州市、毕节市召开联席会议，广州市帮扶毕节市。会上，两市签署了《广州市—毕节市2024年东西部协作协议》。",
              home=None)
    assert {("广州市", "IMPLEMENTS", "广州市—毕节市2024年东西部协作协议"),
            ("毕节市", "IMPLEMENTS", "广州市—毕节市2024年东西部协作协议")} <= rels(res)


def test_pairs_listed_in_clauses_before_a_respective_verb_and_places_after_zai():
    res = run("随后，华亭镇与燕门乡、云岭乡，华亭村与查里通村，华旺社区与禹功村分别签订了2018年结对协议。", home=None)
    assert {("华亭镇", "燕门乡"), ("华亭镇", "云岭乡"), ("华亭村", "查里通村"), ("华旺社区", "禹功村")} <= \
        _pairs(res, "ASSISTS")
    res = run("山东博辰建筑工程有限公司与桐梓镇人民政府签署帮扶框架协议。", home=None)
    assert _pairs(res, "ASSISTS") == {("山东博辰建筑工程有限公司", "桐梓镇")}
    res = run("该街道于2021年对口帮扶罗坎镇，在大庙、桐坪、凤翥三个村累计投入帮扶资金145万元。", home=None)
    assert not any(s.endswith("村") for s, _t in _pairs(res, "FUNDS"))


def test_a_team_stationed_by_a_body_is_that_bodys():
    res = run("中粮集团驻修水县帮扶工作队获先进集体称号。", home=None)
    assert "中粮集团驻修水县帮扶工作队" in ents(res, "Agency")


def test_thanks_for_support_and_an_organ_of_the_last_place_written():
    res = run("2025年松江区·昭通市东西部协作联席会议举行。冯皓代表昭通市委、市政府衷心感谢松江区一直以来的大力支持。",
              home=None)
    assert ("松江区", "昭通市") in _pairs(res, "ASSISTS")
    res = run("王刚感谢各级领导的大力支持。", home=None)
    assert not rels(res, "ASSISTS")
    res = run("10月25日，山东省德州市庆云县委常委、县政府副县长乔玉华率队对接东西部协作工作。", home=None)
    assert ("乔玉华", "庆云县委", "常委") in titled(res)


def test_a_units_party_committee_naming_a_post_acts_as_the_unit():
    res = run("8月27日，中车集团党委常委、副书记、执行董事楼齐良一行来甘谷县调研考察定点扶贫工作。", home=None)
    assert ("中国中车", "IMPLEMENTS", "定点扶贫") in rels(res)
    # but a committee that acts itself stays the actor
    res = run("北京化工大学党委认真落实定点帮扶工作，坚持全方位投入。", home=None)
    assert ("北京化工大学党委", "IMPLEMENTS", "定点帮扶") in rels(res)


def test_a_national_bodys_name_may_end_in_a_verb():
    res = run("县里接受了中国扶贫协会捐赠的物资。", home=None)
    assert "中国扶贫协会" in ents(res, "Agency")
    # an award's wording before an organisation word is no name
    assert not ents(run("该行获评全国十佳精准扶贫银行。", home=None), "Agency")


def test_a_count_or_a_category_before_village_is_no_village():
    res = run("工地上正在建设一栋村公房，这是援建的十个小康村项目之一，另有三个富裕村。", home=None)
    assert not ents(res, "Region")
    assert "平安村" in ents(run("援建队来到石门镇平安村调研。", home=None), "Region")


def test_an_agency_named_again_by_the_end_of_its_full_name_is_the_same_agency():
    res = run("国能准能集团哈尔乌素二矿为该村修路。此后，哈尔乌素二矿又投入资金30万元。")
    assert "国能准能集团哈尔乌素二矿" in ents(res, "Agency")
    assert "哈尔乌素二矿" not in ents(res, "Agency")
    # a short name that leaves out only its place stays the document's own second name
    res = run("活动在兴和县城关第一中学举行。城关第一中学的师生参加。")
    assert "城关第一中学" in ents(res, "Agency")


def test_a_school_or_hospital_after_an_address_of_places_is_named_without_it():
    res = run("南开大学托管帮扶内蒙古自治区乌兰察布市丰镇第一中学、赤峰市敖汉旗箭桥中学。", home=None)
    assert {"丰镇第一中学", "箭桥中学"} <= ents(res, "Agency")
    # the last place stays where the rest only says the kind; one place before it is part of the name
    res = run("内蒙古通辽市奈曼旗蒙医医院与东营市东城医院结对。", home=None)
    assert {"奈曼旗蒙医医院", "东营市东城医院"} <= ents(res, "Agency")
