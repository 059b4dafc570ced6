"""Pairings written as lists (A、B与C结对; A、B分别与C、D签署…), former county names, agreement titles,
chairs of non-government bodies and posts taken by an appointing verb (sentences written for the tests)."""

from __future__ import annotations

from tests.extract.extraction_helpers import ents, rels, run, titled


def _pairs(res, rtype="ASSISTS"):
    return {(s, t) for s, _r, t in rels(res, rtype)}


def test_a_list_before_yu_pairs_each_member_with_the_partner():
    res = run("会宁县、靖远县与天津市和平区结对，通渭县与河东区结对。", home=None)
    assert {("和平区", "会宁县"), ("和平区", "靖远县"), ("河东区", "通渭县")} <= _pairs(res)
    assert ("会宁县", "靖远县") not in _pairs(res)


def test_respective_lists_pair_by_position_and_never_within_a_list():
    res = run("上海市闵行区、松江区日前分别与云南省楚雄州双柏县、大姚县签署了《携手奔小康行动协议书》。", home=None)
    assert _pairs(res) == {("闵行区", "双柏县"), ("松江区", "大姚县")}
    assert "携手奔小康行动协议书" in ents(res, "Program")
    # lists of unequal length: no pair is guessed, and co-subjects are never paired with each other
    res = run("上海市闵行区、松江区、奉贤区分别与云南省双柏县、大姚县签署协议，建立结对关系。", home=None)
    assert not _pairs(res)


def test_a_county_renamed_a_city_or_district_is_found_by_its_former_name():
    res = run("2012年，北京市密云县与河北省丰宁县结成对子。", home=None)
    # named as written (the full name it had then), one node with today's district by its division code
    密云 = next(e for e in res["entities"] if e["name"] == "密云县")
    assert 密云["id"] == next(e["id"] for e in run("北京市密云区", home=None)["entities"] if e["name"] == "密云区")
    assert ("密云县", "丰宁满族自治县") in _pairs(res)


def test_agreement_titles_keep_their_whole_name():
    res = run("两区签订了《消费帮扶合作协议书》和《对口帮扶合作备忘录》。", home=None)
    assert {"消费帮扶合作协议书", "对口帮扶合作备忘录"} <= ents(res, "Program")


def test_a_vice_chair_of_a_political_consultative_body_holds_that_post_not_the_regions():
    res = run("四川省政协副主席、凉山州委书记赵六表示，两地要深化协作。", home=None)
    assert ("赵六", "四川省政协", "副主席") in titled(res)
    assert ("赵六", "四川省", "副主席") not in titled(res)
    res = run("内蒙古自治区人民政府副主席艾丽华出席。", home=None)
    assert ("艾丽华", "内蒙古自治区", "副主席") in titled(res)


def test_posts_taken_by_an_appointing_verb_after_a_name():
    res = run("2021年，周立新挂职七星关区副区长。", home=None)
    assert ("周立新", "七星关区", "副区长") in titled(res)
    res = run("北京市选派刘建国担任察右前旗副旗长。", home=None)
    assert ("刘建国", "察哈尔右翼前旗", "副旗长") in titled(res)
    # 挂职 is a verb, never part of an organ's name
    res = run("他来到毕节市七星关区挂职区委常委、副区长。", home=None)
    assert not any("挂职" in n for n in ents(res, "Agency"))


def test_fields_of_work_listed_before_projects_are_no_programmes():
    res = run("三年来，江苏省累计投入资金5亿元，主要用于镇坪县产业发展、医疗卫生、民生工程等项目建设。", home=None)
    progs = ents(res, "Program")
    assert not any("用于" in p or p == "医疗卫生" for p in progs)
    assert ("江苏省", "镇坪县") in _pairs(res, "FUNDS")
    # a plan described, not named
    res = run("陕西省制定具体年度帮扶计划。", home=None)
    assert not ents(res, "Program")


def test_dui_marks_the_helped_before_a_verb_of_carrying_out():
    res = run("会上，海盐县对延吉市开展了多层次、宽领域的对口帮扶工作。", home=None)
    assert ("海盐县", "延吉市") in _pairs(res)


def test_where_a_meeting_is_held_is_not_the_one_helped():
    res = run("5月8日，烟台市与安顺市扶贫协作工作联席会议在烟台召开。", home=None)
    assert _pairs(res) == {("烟台市", "安顺市")}


def test_a_bare_organ_beside_the_other_sides_organ_named_in_full_is_the_first_sides():
    res = run("9月2日，嘉兴市与阿坝州签订合作协议，市委副书记、市长陈一和阿坝州委副书记、州长王二分别代表两地签约。",
              home=None)
    got = titled(res)
    assert ("陈一", "嘉兴市委", "副书记") in got and ("陈一", "嘉兴市", "市长") in got
    assert ("王二", "阿坝州委", "副书记") in got


def test_people_who_sign_for_their_sides_make_their_regions_implement_the_agreement():
    res = run("象山县县长张甲率团赴延吉市考察，延吉市市长李乙陪同。随后，张甲、李乙分别代表双方签订了《两地对口协作框架协议》。",
              home=None)
    impl = {(s, t) for s, _r, t in rels(res, "IMPLEMENTS")}
    assert {("象山县", "两地对口协作框架协议"), ("延吉市", "两地对口协作框架协议")} <= impl


def test_both_sides_committees_are_no_one_regions_organ():
    res = run("代表团赴天水考察，落实常州、天水两地党委、政府的工作部署。", home=None)
    assert not any(n.startswith(("天水", "常州")) for n in ents(res, "Agency"))
    res = run("京蒙两地政协共同开展调研。", home=None)
    assert {"北京市政协", "内蒙古自治区政协"} <= ents(res, "Agency")


def test_programmes_a_subject_adopts_as_its_work_are_implemented_by_it():
    res = run("南京市把消费帮扶、以工代赈作为对口协作的重点内容。", home=None)
    impl = {(s, t) for s, _r, t in rels(res, "IMPLEMENTS")}
    assert {("南京市", "消费帮扶"), ("南京市", "以工代赈")} <= impl
    res = run("南京市积极参与“万企兴万村”行动。", home=None)
    assert ("南京市", "万企兴万村") in {(s, t) for s, _r, t in rels(res, "IMPLEMENTS")}
    res = run("南京市以“万企兴万村”行动为抓手，推动产业振兴。", home=None)
    assert ("南京市", "万企兴万村") in {(s, t) for s, _r, t in rels(res, "IMPLEMENTS")}
    # 以 without 为抓手 is no adoption
    res = run("南京市以消费帮扶的方式购买农产品。", home=None)
    assert not rels(res, "IMPLEMENTS")


def test_aid_named_by_its_mechanism_goes_to_the_place_and_an_alias_note_receives_nothing():
    res = run("十年来，广东省对口援藏项目800个、援藏资金30亿元、援藏干部300名；"
              "某钢铁集团（现为某某集团）对口援藏项目50个、援藏资金1亿元。", home=None)
    funds = _pairs(res, "FUNDS")
    assert ("广东省", "西藏自治区") in funds
    assert not any(t == "对口支援西藏" for _s, t in funds)
    res = run("泉州市共落实资金5000万元，注入闽宁协作。", home=None)
    assert ("泉州市", "闽宁协作") in _pairs(res, "FUNDS")


def test_a_two_character_name_before_a_verb_of_speech():
    res = run("援藏前方指挥部总指挥陈静说，项目进展顺利。", home=None)
    assert "陈静" in ents(res, "Person") and "陈静说" not in ents(res, "Person")


def test_units_reassigned_to_help_and_helpers_described_by_a_relative_clause():
    res = run("上海市高度重视，将原对口支援重庆涪陵的长宁、闵行两区调整为对口帮扶泸水市和福贡县。", home=None)
    got = _pairs(res)
    assert {("长宁区", "泸水市"), ("长宁区", "福贡县"), ("闵行区", "泸水市"), ("闵行区", "福贡县")} <= got
    assert {("长宁区", "涪陵区"), ("闵行区", "涪陵区")} <= got
    assert not any(s == "上海市" and t in ("长宁区", "闵行区") for s, t in got)


def test_a_second_role_after_a_role_is_no_name():
    res = run("长宁区向云南派出了多批援建干部和教师。", home=None)
    assert not ents(res, "Person")
    assert ("长宁区", "云南省") in _pairs(res)  # sending staff to a place (向X派出…干部) assists it


def test_school_committees_names_inside_names_and_words_around_short_county_names():
    res = run("文华学院校党委书记郑畅出席。", home=None)
    assert ("郑畅", "文华学院党委", "书记") in titled(res)
    res = run("华中农业大学校党委书记李忠云出席。", home=None)
    assert "华中农业大学党委" in ents(res, "Agency")
    # a given name that is a place's short form (陈|玉林), after the organisation and before the title
    res = run("西北农林科技大学陈玉林副校长表示，合阳县是重点。", home=None)
    assert ("陈玉林", "西北农林科技大学", "副校长") in titled(res)
    assert "玉林市" not in ents(res, "Region")
    # the same after a title (主任吴|青海): the name wins over the province's short form
    res = run("通辽市人大常委会主任吴青海，海淀区委书记王天津出席会议。", home=None)
    assert {("吴青海", "通辽市人大常委会", "主任"), ("王天津", "海淀区委", "书记")} <= titled(res)
    assert not {"青海省", "天津市"} & ents(res, "Region")
    # a two-character county name inside a word (示范县) is none; after a province it is one
    assert "范县" not in ents(run("合阳县将作为重点示范县进行打造。", home=None), "Region")
    assert "单县" in ents(run("山东单县与甘肃省合作。", home=None), "Region")
    # 副县长高发义: a full name closed by a boundary, though its first two characters make a verb
    res = run("李永强一行在金川县委常委、副县长高发义陪同下前往独松乡。", home=None)
    assert ("高发义", "金川县", "副县长") in titled(res)
    # strategic cooperation is no strategy
    assert not ents(run("学院与大宁县政府战略合作签约仪式举行。", home=None), "Program")


def test_committee_departments_and_the_bodies_that_issue_a_title():
    res = run("2023年12月，中共陕西省委办公厅、陕西省人民政府办公厅发布《陕西省乡村振兴责任制实施细则》。", home=None)
    impl = {(s, t) for s, _r, t in rels(res, "IMPLEMENTS")}
    assert {("陕西省委办公厅", "陕西省乡村振兴责任制实施细则"),
            ("陕西省人民政府办公厅", "陕西省乡村振兴责任制实施细则")} <= impl
    assert "陕西省委组织部" in ents(run("陕西省委组织部印发通知。", home=None), "Agency")
    assert {"天津市委办公厅", "天津市政府办公厅"} <= ents(run("天津市委办公厅、市政府办公厅印发通知。", home=None), "Agency")
    res = run("根据中共中央办公厅、国务院办公厅《乡村振兴责任制实施办法》，制定本细则。", home=None)
    impl = {(s, t) for s, _r, t in rels(res, "IMPLEMENTS")}
    assert {("中共中央办公厅", "乡村振兴责任制实施办法"), ("国务院办公厅", "乡村振兴责任制实施办法")} <= impl


def test_a_helper_that_builds_a_named_project_implements_it_and_quoted_education_campaigns():
    res = run("北京市援建了延庆区康庄镇养殖业扶贫开发项目。", home=None)
    assert ("北京市", "康庄镇养殖业扶贫开发项目") in {(s, t) for s, _r, t in rels(res, "IMPLEMENTS")}
    res = run("团县委开展“青春助力乡村振兴”主题宣传教育。", home=None)
    assert "“青春助力乡村振兴”主题宣传教育" in ents(res, "Program")


def test_counted_quoted_programmes_joint_building_and_induced_investment():
    res = run("广东省实施“粤菜师傅”“广东技工”“南粤家政”三项工程，帮助贵州农村劳动力就业。", home=None)
    impl = {(s, t) for s, _r, t in rels(res, "IMPLEMENTS")}
    assert {("广东省", "粤菜师傅"), ("广东省", "广东技工"), ("广东省", "南粤家政")} <= impl
    # quoted items run together before 等 are events, not programmes
    assert not ents(run("分阶段举办“云展示”“云洽谈”“云对接”等线上展洽活动。", home=None), "Program")
    assert "“集团式”教育帮扶" in ents(run("北京依托优质教育资源，开展“集团式”教育帮扶。", home=None), "Program")
    # building together across the east-west divide is a pairing; money companies were brought to invest is theirs
    res = run("浙江与四川共建100个产业园区，引导1078家企业投资436.5亿元。", home=None)
    assert ("浙江省", "四川省") in _pairs(res) and not _pairs(res, "FUNDS")


def test_a_helper_acting_in_places_of_the_other_side_helps_them():
    res = run("在贵州沿河土家族自治县、印江土家族苗族自治县，苏州市吴江区通过东西部协作，为当地建起了一座座蔬菜大棚。",
              home=None)
    assert {("吴江区", "沿河土家族自治县"), ("吴江区", "印江土家族苗族自治县")} <= _pairs(res)
    # the help framing a clause still goes from the framing helper to the subject
    res = run("在杭州市的帮助下，恩施州建成了一批产业园。", home=None)
    assert _pairs(res) == {("杭州市", "恩施土家族苗族自治州")}


def test_federations_chairs_signed_aid_in_one_province_gifts_and_lists_of_destinations():
    res = run("由福建省侨联党组成员、副主席翁小杰率领的访问团日前赴宁夏。", home=None)
    assert ("翁小杰", "福建省侨联", "副主席") in titled(res)
    # two places of one province sign an assistance agreement: the first named helps
    res = run("福清市与寿宁县签订了对口帮扶框架协议。", home=None)
    assert _pairs(res) == {("福清市", "寿宁县")}
    assert "对口帮扶框架协议" in ents(res, "Program")
    assert not _pairs(run("福州市与厦门市签订了合作协议。", home=None))
    # 向X捐赠包括…的款物: X receives, what follows 包括 is what is given
    res = run("翁小杰代表福建省侨联向吴忠市和固原市捐赠包括利通区扁担沟镇渔光湖村路灯等在内总价值80万元的款物。",
              home=None)
    assert _pairs(res, "FUNDS") == {("福建省侨联", "吴忠市"), ("福建省侨联", "固原市")}
    # staff sent to a list of places: each place, the list going on from the most specific
    res = run("泉州市已先后选派46位干部前往宁夏固原市原州区和吴忠市同心县、红寺堡区等地开展结对帮扶。", home=None)
    assert {("泉州市", "原州区"), ("泉州市", "同心县"), ("泉州市", "红寺堡区")} <= _pairs(res)
    assert ("泉州市", "吴忠市") not in _pairs(res)
    # a programme + an evaluative word + 战略 is a description
    assert not any(p.endswith("重大战略") for p in ents(run("这是东西部扶贫协作重大战略。", home=None), "Program"))


def test_meeting_names_thanks_for_help_and_posts_on_one_side():
    res = run("7月17日，聊城市茌平区—彭水自治县东西部协作交流座谈会召开。", home=None)
    assert _pairs(res) == {("茌平区", "彭水苗族土家族自治县")}
    res = run("王凡鹏对聊城市茌平区长期以来关心支持彭水自治县发展表示感谢。", home=None)
    assert ("茌平区", "彭水苗族土家族自治县") in _pairs(res)
    res = run("开州区委书记蒲彬彬向潍坊市长期以来的真情帮扶表示衷心感谢。", home=None)
    assert ("潍坊市", "开州区") in _pairs(res)
    assert not _pairs(run("他对记者的到来表示感谢。", home=None))
    # 市委书记、市人大常委会主任X: both posts on the same 市
    res = run("6月11日，滨州市与奉节县召开联席会议。市委书记、市人大常委会主任宋永祥主持会议。", home=None)
    assert ("宋永祥", "滨州市人大常委会", "主任") in titled(res)
    res = run("会议由市政府秘书长张志海以及有关部门负责同志参加。", home="山东省")
    assert "张志海" in ents(res, "Person")


def test_regional_branches_of_national_banks_and_companies():
    res = run("广东农行对口帮扶重庆秀山县。", home=None)
    assert ("广东农行", "秀山土家族苗族自治县") in _pairs(res)
    assert "农发行河南省分行" in ents(run("农发行河南省分行定点帮扶北呼村。", home=None), "Agency")
    assert "中国农业银行重庆市分行" in ents(run("中国农业银行重庆市分行选派36名干部。", home=None), "Agency")
    # a company named after its place is no wire dateline (…四川省电|力公司)
    assert "国家电网四川省电力公司" in ents(run("国家电网四川省电力公司捐赠100万元。", home=None), "Agency")
    # 以行长任组长: no person
    assert not ents(run("农发行河南分行成立以行长任组长的帮扶工作领导小组。", home=None), "Person")


def test_management_committees_and_names_the_segmenter_cuts_into_characters():
    res = run("11月23日上午，吉林经济开发区管委会副主任刘波率代表团来到平阳开展对口合作。", home=None)
    assert ("刘波", "吉林经济开发区管委会", "副主任") in titled(res)
    assert "吉林经开区管委会" in ents(run("平阳县与吉林经开区管委会签订《建立对口合作关系框架协议》。", home=None), "Agency")


def test_governments_that_sign_pair_their_places_cadres_sent_east_and_the_home_province():
    res = run("江苏省苏州市吴中区人民政府与陕西省商南县人民政府签订了《关于进一步加强协作协议》。", home=None)
    assert _pairs(res) == {("吴中区", "商南县")}
    # cadres of the helped side sent east to learn do not help the east
    res = run("我省新选派306名干部到江苏省挂职锻炼。江苏省也选派了148名干部来我省挂职。", home="陕西省")
    assert _pairs(res) == {("江苏省", "陕西省")}
    # a bare 省 organ with nothing named before it is the paper's own province
    res = run("记者从省发展改革委获悉：2021年，江苏省共向我省投入财政援助资金26.9亿元。", home="陕西省")
    assert "陕西省发展改革委" in ents(res, "Agency")


def test_money_to_this_village_to_where_the_next_clause_builds_and_from_a_named_part():
    res = run("团兴村位于岚皋县官元镇北部。安康市长兴集团为该村捐赠20万元扶贫基金。", home=None)
    assert ("安康市长兴集团", "团兴村") in _pairs(res, "FUNDS")
    res = run("北京市西城区投入资金300万元，在鄂伦春自治旗建设扶贫车间。", home=None)
    assert ("西城区", "鄂伦春自治旗") in _pairs(res, "FUNDS")
    res = run("镇坪县接受常州市钟楼区捐赠资金50万元。", home=None)
    assert _pairs(res, "FUNDS") == {("钟楼区", "镇坪县")}


def test_aid_cadres_named_by_province_and_the_part_of_a_province_after_its_programme():
    res = run("2022年7月，俩人作为上海长宁区第五批援青干部，来到青海省果洛藏族自治州班玛县挂职。", home=None)
    assert ("长宁区", "班玛县") in _pairs(res)
    res = run("今年是江苏对口支援青海省海南藏族自治州十五周年。", home=None)
    assert ("江苏省", "海南藏族自治州") in _pairs(res)
    res = run("上海市虹口区第五批援青干部、玛沁县人民医院院长朱鑫璞如是说。", home=None)
    assert ("朱鑫璞", "玛沁县人民医院", "院长") in titled(res)


def test_a_document_title_with_its_years_in_brackets():
    res = run("2022年7月，《陕甘统一战线协作框架协议(2022—2026年)》签订。", home=None)
    assert "陕甘统一战线协作框架协议(2022—2026年)" in ents(res, "Program")


def test_money_for_a_school_the_place_names_open_goes_to_the_school():
    res = run("深圳市罗湖区捐赠100万元，用于河源市龙川县贝岭镇中心小学建设。", home=None)
    assert _pairs(res, "FUNDS") == {("罗湖区", "龙川县贝岭镇中心小学")}


def test_statements_listed_one_after_another_and_the_city_of_the_sentences_county():
    res = run("天津帮扶甘肃和河北承德，上海帮扶云南和贵州遵义，江苏帮扶陕西，苏州还帮扶贵州铜仁。", home=None)
    got = _pairs(res)
    assert {("天津市", "甘肃省"), ("上海市", "云南省"), ("上海市", "遵义市"), ("苏州市", "铜仁市")} <= got
    assert ("天津市", "上海市") not in got and ("江苏省", "苏州市") not in got
    # a clause opened by a name kg does not know helps on its own: no helper is carried over to it
    res = run("天津帮扶甘肃，苏州帮扶贵州铜仁。", home=None)
    assert ("天津市", "铜仁市") not in _pairs(res)
    # the last place of a list before the shared verb is no new statement
    res = run("窦店镇负责与内蒙古自治区突泉县太平乡和察右中旗铁沙盖镇结对。", home=None)
    assert {("窦店镇", "太平乡"), ("窦店镇", "铁沙盖镇")} <= _pairs(res)
    res = run("5月18日，调研组来秦安县调研，市乡村振兴局副局长谢志伟一同调研。", home=None)
    assert ("谢志伟", "天水市乡村振兴局", "副局长") in titled(res)


def test_a_central_units_assistance_work_in_the_county_visited_and_ministry_departments():
    res = run("1月6日，农业农村部区域协作促进司莅临山西省浑源县调研评估交通银行巩固衔接定点帮扶工作。", home=None)
    assert _pairs(res) == {("交通银行", "浑源县")}
    assert "农业农村部区域协作促进司" in ents(res, "Agency")
    res = run("国家乡村振兴局综合司副司长王刚出席。", home=None)
    assert ("王刚", "国家乡村振兴局综合司", "副司长") in titled(res)


def test_companies_with_a_bracketed_part_counted_helpers_and_collective_payers():
    res = run("四川发展(控股)有限责任公司结对帮扶美姑县；四川省新增5户国有企业帮扶5个重点县（包含昭觉县）。",
              home=None)
    assert _pairs(res) == {("四川发展(控股)有限责任公司", "美姑县")}
    res = run("中国银行四川省分行结对帮扶布拖县。原则上每户企业安排帮扶资金不少于1000万元。", home=None)
    assert not _pairs(res, "FUNDS")
    # ... but money given to each unit is still the giver's
    res = run("窦店镇负责与太平乡、铁沙盖镇结对。6月27日，窦店镇镇长李立奎带队，先后赴上述两个地区进行调研，"
              "并给每个单位分别送去了30万元的帮扶资金。")
    assert {("窦店镇", "太平乡"), ("窦店镇", "铁沙盖镇")} <= _pairs(res, "FUNDS")
    # 北大 is 北京大学, not in 北大荒 or 北大门; a conjunction after a role noun is no surname
    assert "北京大学" in ents(run("2012年，北大和弥渡县结成帮扶对子。", home=None), "Agency")
    assert "北京大学" not in ents(run("赤峰素有首都北大门之称。", home=None), "Agency")
    assert not ents(run("工作队共有挂职干部和人才248名。", home=None), "Person")


def test_zones_are_units_and_a_western_delegation_is_helped_by_the_units_it_visits():
    res = run("由县委副书记、县长马筱宁组成的张家川回族自治县党政代表团赴天津港保税区、滨海新区塘沽街道办事处"
              "就东西部扶贫协作事宜进行了沟通对接。", home=None)
    assert {("天津港保税区", "张家川回族自治县"), ("滨海新区塘沽街道办事处", "张家川回族自治县")} <= _pairs(res)
    assert "天津港保税区" in ents(res, "Agency")


def test_a_sides_peoples_organisations_and_fields_of_activity_listed_before_huodong():
    res = run("大连市委常委、市委统战部部长徐广湘率领市工商联、市侨联、市台联等有关同志，赴六盘水市开展扶贫协作工作。",
              home=None)
    assert {"大连市工商联", "大连市侨联", "大连市台联"} <= ents(res, "Agency")
    res = run("期间，大连市各有关单位先后组织开展法律服务、医疗义诊、养殖产业帮扶等活动。", home=None)
    assert not ents(res, "Program")


def test_sums_per_listed_county_and_a_plan_after_a_quoted_period():
    res = run("据介绍，江苏省财政援助资金倾斜支持陕西50个重点帮扶县。汉中市10个重点帮扶县按每县6000万元，"
              "15个县及镇坪县、岚皋县按每县5000万元。", home=None)
    funds = {(s, t) for s, _r, t in rels(res, "FUNDS")}
    assert {("江苏省", "镇坪县"), ("江苏省", "岚皋县")} <= funds
    assert all(r.get("amount_yuan") == 50000000 for r in res["relations"]
               if r["type"] == "FUNDS" and r["target"]["name"] in ("镇坪县", "岚皋县"))
    res = run("下一步，省乡村振兴局将科学编制东西部协作“十四五”帮扶规划。", home="四川省")
    assert "东西部协作“十四五”帮扶规划" in ents(res, "Program")


def test_a_pairs_project_keeps_the_pair():
    res = run("去年，沪滇对口帮扶咖啡项目开始在普洱推广。", home=None)
    assert "沪滇对口帮扶咖啡项目" in ents(res, "Program")


def test_a_ministry_department_named_for_help_and_full_time_deputies():
    res = run("国家乡村振兴局社会帮扶司副司长刘胜安和广东省委农办专职副主任梁健出席活动。", home=None)
    got = titled(res)
    assert ("刘胜安", "国家乡村振兴局社会帮扶司", "副司长") in got and ("梁健", "广东省委农办", "专职副主任") in got
    assert not _pairs(res)


def test_this_company_a_units_own_place_and_a_projects_total_investment():
    res = run("辽宁省大连市对口帮扶贵州省六盘水市。大连昌盛源水产有限公司是一家养殖企业。今年6月30日，在大连、六盘水两市领导见证下，该公司与六盘水市六枝特区"
              "水务有限责任公司签订六枝特区鲟鳇鱼生态养殖项目协议，项目总投资约2亿元。", home=None)
    impl = {(s, t) for s, _r, t in rels(res, "IMPLEMENTS")}
    assert ("大连昌盛源水产有限公司", "六枝特区鲟鳇鱼生态养殖项目协议") in impl
    assert not _pairs(res, "FUNDS")
    res = run("辽宁省大连市对口帮扶六盘水市。大连援黔工作队还为前往六盘水产业协作的大连企业做好服务。", home=None)
    assert ("大连援黔工作队", "大连市") not in _pairs(res)


def test_plans_handed_down_and_the_one_at_work_in_a_mechanism():
    res = run("近日，江苏省发改委下达2023年度援青项目实施计划，海东市计划实施援青项目200个。", home=None)
    assert ("江苏省发改委", "2023年度援青项目实施计划") in {(s, t) for s, _r, t in rels(res, "IMPLEMENTS")}
    assert not any(p.endswith("市计划") for p in ents(res, "Program"))
    res = run("企业家们纷纷响应号召，为宁波市在东西部扶贫协作工作中增光添彩。", home=None)
    assert ("宁波市", "东西部扶贫协作") in {(s, t) for s, _r, t in rels(res, "IMPLEMENTS")}


def test_lead_ins_open_any_clause():
    res = run("天津市3个区结对帮扶平凉市5个县（区），具体为崆峒区、庄浪县与天津市河西区结对，泾川县、静宁县与武清区结对。",
              home=None)
    assert {("河西区", "崆峒区"), ("河西区", "庄浪县"), ("武清区", "泾川县"), ("武清区", "静宁县")} <= _pairs(res)


def test_support_stepped_up_for_and_work_matched_to_the_other_sides_places():
    res = run("今年以来，江苏省苏州市紧密对接贵州省铜仁市发展规划和实际需求。", home=None)
    assert ("苏州市", "铜仁市") in _pairs(res)
    res = run("浙江省进一步加大对四川、贵州两省特别是重点帮扶县的支持力度。", home=None)
    assert {("浙江省", "四川省"), ("浙江省", "贵州省")} <= _pairs(res)
    # matching work between two eastern places is no assistance
    assert not _pairs(run("上海市紧密对接江苏省苏州市发展规划。", home=None))


def test_a_recipient_marker_does_not_reach_across_a_comma():
    res = run("目前，浙江省33亿元财政援助资金已经到位，155名浙江省新一轮援川干部也全部到岗。", home="四川省")
    assert _pairs(res, "FUNDS") == {("浙江省", "四川省")}
    res = run("北京市通州区设立300万元携手奔小康帮扶基金，专项用于城关区农产品销售。", home=None)
    assert ("通州区", "城关区") in _pairs(res, "FUNDS")


def test_a_profession_between_a_post_and_the_name():
    res = run("古稀之年的清华大学公共管理学院原院长、经济学家李明远如今心里多了一个牵挂。", home=None)
    assert ("李明远", "清华大学公共管理学院", "原院长") in titled(res)


def test_money_of_the_helper_of_the_clause_before_and_a_helper_using_its_aid_money():
    res = run("今年兴和县遭遇数十年未遇的旱灾，数百公里外的北京市东城区委区政府第一时间响应，捐赠资金500万元。",
              home="内蒙古自治区")
    assert {("东城区委", "兴和县"), ("东城区政府", "兴和县")} <= _pairs(res, "FUNDS")
    res = run("房山区对口帮扶突泉县以来，利用2058万元京蒙扶贫协作资金购买1300头奶牛。", home="内蒙古自治区")
    assert ("房山区", "突泉县") in _pairs(res, "FUNDS")
    # a company's planned investment is nobody's aid money
    res = run("还促成了红寺堡区与厦门一家通用航空公司签订了合作协议，计划投资2亿元在当地建设通用机场。", home=None)
    assert not _pairs(res, "FUNDS")


def test_yi_without_yuan_after_a_verb_of_giving():
    from kg.extract.money import find_amounts
    assert [a.value for a in find_amounts("北京则将在5年内斥资72亿支援和田地区")] == [7200000000]
    assert not find_amounts("全县1亿人次受益")
    res = run("如广东省已表示，5年内投入100余亿元人民币支援新疆喀什地区5县市，北京则将在5年内斥资72亿支援和田地区。",
              home="新疆维吾尔自治区")
    assert ("北京市", "和田地区") in _pairs(res, "FUNDS")


def test_a_category_before_a_schools_name_is_no_part_of_it():
    res = run("作为教育部直属、上海市共建高校东华大学定点帮扶盐津县。", home=None)
    assert ("东华大学", "盐津县") in _pairs(res)
    assert "北京密云企业服务有限公司" in ents(run("北京密云企业服务有限公司向库伦旗捐赠物资。", home=None), "Agency")


def test_a_committees_departments_listed_one_after_another():
    res = run("常熟市委常委、宣传部部长、统战部部长吴六出席。", home=None)
    posts = {t for s, _r, t in rels(res, "HOLDS_POSITION") if s == "吴六"}
    assert posts == {"常熟市委", "常熟市委宣传部", "常熟市委统战部"}


def test_a_head_of_a_teams_command_and_a_bare_prefecture_committee():
    text = "和田地区召开大会。会上，地委副书记、北京市援疆指挥部党委书记、指挥长郑七讲话。"
    posts = {t for s, _r, t in rels(run(text, home=None), "HOLDS_POSITION") if s == "郑七"}
    assert posts == {"和田地委", "北京市援疆指挥部党委", "北京市援疆指挥部"}
    # a bare 地委 with no 地区 in the article belongs to nobody named (never to the province after it)
    posts = {t for s, _r, t in rels(run(text.split("。", 1)[1], home=None), "HOLDS_POSITION") if s == "郑七"}
    assert posts == {"北京市援疆指挥部党委", "北京市援疆指挥部"}


def test_a_unit_listed_after_a_national_bodys_member_is_that_bodys():
    res = run("国务院台办室务会成员钱一、机关服务中心主任孙二，县委书记李三等陪同。", home=None)
    posts = {(s, t) for s, _r, t in rels(res, "HOLDS_POSITION")}
    assert {("钱一", "国务院台办"), ("孙二", "国务院台办机关服务中心")} <= posts
    # a bureau listed after a county's committee is the county's, not the committee's
    res = run("灵璧县委常委副县长陈四、乡村振兴局局长唐五陪同。", home=None)
    assert ("唐五", "灵璧县乡村振兴局") in {(s, t) for s, _r, t in rels(res, "HOLDS_POSITION")}


def test_pairs_set_out_one_per_clause_before_the_verb():
    res = run("方案明确长春市与天津市，哈尔滨市与深圳市，吉林市与苏州市建立对口合作关系。", home=None)
    assert {(s, t) for s, _r, t in rels(res, "ASSISTS")} == {
        ("天津市", "长春市"), ("深圳市", "哈尔滨市"), ("苏州市", "吉林市")}


def test_respective_pairings_with_the_years_between():
    res = run("烟台市福山区分别于2016年、2018年与贵州省安顺市西秀区、甘肃省陇南市武都区建立扶贫协作关系。", home=None)
    assert {(s, t) for s, _r, t in rels(res, "ASSISTS")} == {("福山区", "西秀区"), ("福山区", "武都区")}


def test_a_party_group_secretary_who_is_also_the_bodys_director():
    res = run("南京市发展改革委党组书记、主任周七一行到延安市调研。", home=None)
    posts = {t for s, _r, t in rels(res, "HOLDS_POSITION") if s == "周七"}
    assert posts == {"南京市发展改革委党组", "南京市发展改革委"}
    # a head named for the kind of body (厅长, 局长) holds the one post
    res = run("江苏省民政厅党组书记、厅长吴八出席。", home=None)
    assert {t for s, _r, t in rels(res, "HOLDS_POSITION") if s == "吴八"} == {"江苏省民政厅"}


def test_a_bare_secretary_general_after_a_body_and_a_state_companys_bare_word():
    res = run("安顺市政协副主席马一主持座谈会，秘书长谢二参加。", home=None)
    assert ("谢二", "安顺市政协") in {(s, t) for s, _r, t in rels(res, "HOLDS_POSITION")}
    res = run("2月25日，中国电建与岚县召开会议，公司党委常委、副总经理王三出席。", home=None)
    assert {t for s, _r, t in rels(res, "HOLDS_POSITION") if s == "王三"} == {"中国电建", "中国电建党委"}


def test_names_joined_by_he_each_with_a_post_of_their_own():
    res = run("岚县人大常委会副主任、副县长李四和恒信公司总裁麦五签订捐赠协议。", home=None)
    assert not any(s == "麦五" and t.startswith("岚县") for s, _r, t in rels(res, "HOLDS_POSITION"))
    assert ("李四", "岚县人大常委会") in {(s, t) for s, _r, t in rels(res, "HOLDS_POSITION")}


def test_the_head_of_a_group_named_after_wei_zuzhang_de():
    res = run("由佛山市政协常委、经济委员会主任林一为组长的佛山市政协调研组赴毕节市调研。", home=None)
    assert ("林一", "佛山市政协调研组") in {(s, t) for s, _r, t in rels(res, "HOLDS_POSITION")}


def test_a_corps_division_and_its_city_are_both_paired():
    res = run("最终确定定兴县、涞水县与新疆生产建设兵团第二师铁门关市相关连结对帮扶。", home=None)
    assert {(s, t) for s, _r, t in rels(res, "ASSISTS")} == {
        ("定兴县", "新疆生产建设兵团第二师"), ("定兴县", "铁门关市"),
        ("涞水县", "新疆生产建设兵团第二师"), ("涞水县", "铁门关市")}


def test_respective_lists_with_a_count_and_a_city_before_them_pair_by_position():
    # the city the districts are chained to is no member of the list; 3个区 counts the list
    res = run("按照安排，由杭州市上城、西湖、滨江3个区分别与恩施州利川、建始、巴东3县结对帮扶。", home=None)
    pairs = _pairs(res)
    assert {("上城区", "利川市"), ("西湖区", "建始县"), ("滨江区", "巴东县")} <= pairs
    assert ("上城区", "建始县") not in pairs and ("杭州市", "利川市") not in pairs


def test_a_list_of_places_grouped_by_province_with_commas_goes_on_to_its_closing_deng():
    res = run("深圳市还对口帮扶广西百色市、河池市，贵州毕节市，云南昭通市等省外地区。", home=None)
    assert {("深圳市", "百色市"), ("深圳市", "河池市"), ("深圳市", "毕节市"), ("深圳市", "昭通市")} <= _pairs(res)
    # without the closing 等 the clause after the comma is a statement of its own
    res = run("深圳市对口帮扶广西百色市，贵州毕节市也得到了支持。", home=None)
    assert ("深圳市", "毕节市") not in _pairs(res)


def test_a_hospital_speaking_as_我院_and_the_places_its_teams_went_to():
    text = ("6月29日，在建党纪念日即将到来之际，赤峰市蒙医中医医院开展了以“对口支援”为主题的党日活动，当天组织医务人员分赴"
            "林西县蒙中医院与巴林左旗中医医院两个对口支援单位开展义诊。活动中，我院张广源院长、李玉胜副院长各自带领专家义诊。")
    res = run(text, home=None)
    # (即将 is the future, not the 将 that puts an object first; a count after a list of places gone to)
    assert {("赤峰市蒙医中医医院", "林西县蒙中医院"), ("赤峰市蒙医中医医院", "巴林左旗中医医院")} <= _pairs(res)
    assert "对口支援" in ents(res, "Program")  # the theme of an event, not a programme of its own
    assert not any("为主题" in p for p in ents(res, "Program"))
    # 我院 is the first hospital the page named; names with titles after them, listed, are its officers
    assert {("张广源", "赤峰市蒙医中医医院", "院长"), ("李玉胜", "赤峰市蒙医中医医院", "副院长")} <= titled(res)
    # …but not a hospital named in the same sentence as 我院 (the partner)
    res = run("我院院长王大明与敖汉旗人民医院院长马丹签订协议。此后我院派出专家。", home=None)
    assert ("王大明", "敖汉旗人民医院", "院长") not in titled(res)
    # 了解到 is no movement: the pair after it is not a place gone to
    res = run("调研组了解到繁峙县与代县开展结对帮扶工作两年来成效明显。", home=None)
    assert ("调研组", "繁峙县") not in _pairs(res) and ("繁峙县", "代县") in _pairs(res)


def test_a_bare_company_word_opening_a_clause_is_the_company_of_the_article():
    text = ("4月20日，中国航空股份有限公司内蒙古分公司向科右中旗捐赠帮扶资金6万元。"
            "结对帮扶工作结束后，分公司又与科右中旗乌兰嘎查结成帮扶对子。")
    res = run(text, home=None)
    assert ("中国航空股份有限公司内蒙古分公司", "乌兰嘎查") in _pairs(res)
    # 公司 that is only a word of its clause (公司+农户) stands for no one
    res = run("中国航空股份有限公司内蒙古分公司组织捐赠。当地推行公司+农户模式。", home=None)
    assert len(ents(res, "Agency")) == 1
