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


def test_a_time_frame_gives_its_programme_to_the_main_clauses_subject():
    res = run("自2018年开展东西部扶贫协作以来，浙江省对口帮扶四川省11个市州。", home=None)
    assert ("浙江省", "东西部扶贫协作") in _pairs(res, "IMPLEMENTS")


def test_two_lists_of_one_length_pair_by_position():
    res = run("2017年，浙江省绍兴市越城区、台州市椒江区、金华市浦江县与四川省马边彝族自治县、峨边彝族自治县、"
              "沐川县结成扶贫协作对口关系。", home=None)
    assert _pairs(res, "ASSISTS") == {("越城区", "马边彝族自治县"), ("椒江区", "峨边彝族自治县"), ("浦江县", "沐川县")}
    # one partner: each of the list pairs with it
    res = run("会宁县、靖远县与天津市和平区结对。", home=None)
    assert _pairs(res, "ASSISTS") == {("和平区", "会宁县"), ("和平区", "靖远县")}


def test_the_district_pays_not_the_city_its_name_is_chained_to():
    res = run("宁波市海曙区还与布拖县特木里镇白果村签订了帮扶协议，捐赠帮扶资金30万元。", home=None)
    assert _pairs(res, "FUNDS") == {("海曙区", "白果村")}
    # a city listed with its own counties pays with them
    res = run("泉州市及洛江、永春、德化共落实资金5857.5万元，注入闽宁协作。", home=None)
    assert "泉州市" in {s for s, _t in _pairs(res, "FUNDS")}


def test_a_leader_of_a_delegation_is_not_the_organ_that_acts():
    res = run("东台市委书记杨雪峰带领党政代表团到耀州区考察并签订了深化战略合作框架协议。", home=None)
    assert ("东台市", "深化战略合作框架协议") in _pairs(res, "IMPLEMENTS")
    assert ("东台市委", "深化战略合作框架协议") not in _pairs(res, "IMPLEMENTS")
    # the organ acting itself keeps acting
    res = run("东台市委印发了《乡村振兴实施方案》。", home=None)
    assert ("东台市委", "乡村振兴实施方案") in _pairs(res, "IMPLEMENTS")


def _held(res):
    return {(r["source"]["name"], r["target"]["name"]) for r in res["relations"] if r["type"] == "HOLDS_POSITION"}


def test_names_listed_after_a_post_and_posts_listed_with_commas():
    res = run("县领导王中、李先斌、王芳、马丙合、夏朝华、唐奇利出席。", home=None)
    assert {"王中", "李先斌", "王芳", "马丙合", "夏朝华", "唐奇利"} <= ents(res, "Person")
    assert {"侯宏伟", "徐泽星"} <= ents(run("副县长侯宏伟、徐泽星等接待考察组。", home=None), "Person")
    res = run("奉贤区委统战部副部长，区侨联主席，区侨办主任陈静一行8人赴达日县考察。", home=None)
    assert {("陈静", "奉贤区委统战部"), ("陈静", "奉贤区侨联"), ("陈静", "奉贤区侨办")} <= _held(res)
    # a clause that ends in a verb is no post of the name after it
    assert not _held(run("会议由县委书记主持，副县长王强出席。", home=None))


def test_places_of_a_counted_list_are_no_side_of_a_bare_organ():
    text = "天津市委书记李鸿忠四次来甘，深入兰州、白银、甘南、庆阳、武威5市州考察。市委副书记、市长廖国勋强调加大支持力度。"
    held = _held(run(text, home=None))
    assert {("廖国勋", "天津市委"), ("廖国勋", "天津市")} <= held
    assert ("廖国勋", "武威市") not in held


def test_bare_names_listed_before_a_count_and_a_place_word():
    res = run("扶沟商会对接该县大新镇陈楼、河业刘两个深度贫困村，实施精准帮扶。", home=None)
    assert {"陈楼村", "河业刘村"} <= ents(res, "Region")
    assert {"红旗嘎查", "呼特勒嘎查"} <= ents(run("对该旗的红旗、呼特勒等嘎查开展精准扶贫。", home=None), "Region")
    # 乡镇: each item is the 乡 or the 镇 the document names
    res = run("武定县辖己衣镇、田心乡和环州乡。工业区对口帮扶武定县己衣、田心、环州三个乡镇。", home=None)
    assert {"己衣镇", "田心乡", "环州乡"} <= ents(res, "Region")
    assert not {"己衣乡", "田心镇"} & ents(res, "Region")


def test_the_helped_place_does_not_carry_out_the_helpers_work():
    res = run("天津对口支援甘肃，投入资金10亿元。", home=None)
    assert _pairs(res, "IMPLEMENTS") == {("天津市", "对口支援")}
    # both sides of a pairing mechanism take part in it
    res = run("北京市与内蒙古自治区共同推进京蒙协作。", home=None)
    assert {("北京市", "京蒙协作"), ("内蒙古自治区", "京蒙协作")} <= _pairs(res, "IMPLEMENTS")


def test_a_papers_name_a_verb_of_giving_and_the_body_a_person_acts_for():
    res = run("据甘肃日报报道，两市稳步推进东西扶贫协作工作。", home=None)
    assert ("甘肃省", "东西部扶贫协作") not in _pairs(res, "IMPLEMENTS")
    res = run("截至今年9月，浙江累计投向四川帮扶资金近24.9亿元。", home=None)
    assert _pairs(res, "FUNDS") == {("浙江省", "四川省")}
    res = run("韩东副总经理代表温州机场集团，向雪溪乡捐赠扶贫资金15万元。", home=None)
    assert _pairs(res, "FUNDS") == {("温州机场集团", "雪溪乡")}
    assert not ents(run("以增进群众福祉为出发点。", home=None), "Person")


def test_a_total_is_not_shared_out_among_the_places_the_sentence_before_lists():
    text = ("2018年，浙江新增结对南部县、青川县、广安区3个县区携手奔小康，共结对四川等4省15个市州80个县。"
            "2018年，浙江省东西部扶贫协作财政援助资金数为28.31亿元。")
    assert not _pairs(run(text, home=None), "FUNDS")
    # one place helped in the sentence before still receives
    res = run("宁波市对口帮扶黔西南州。宁波市安排财政帮扶资金5亿元。", home=None)
    assert ("宁波市", "黔西南布依族苗族自治州") in _pairs(res, "FUNDS")


def test_a_bare_group_or_head_office_before_a_post_is_the_articles_company_or_bank():
    held = _held(run("温州机场集团到文成县调研。集团副总经理韩东陪同。", home=None))
    assert ("韩东", "温州机场集团") in held
    held = _held(run("甘肃银行在东乡县召开帮扶工作会议，总行党委委员、副行长杜晶出席会议。", home=None))
    assert {("杜晶", "甘肃银行党委"), ("杜晶", "甘肃银行")} <= held
    # no company named: no post guessed
    assert not _held(run("公司董事长王强说。", home=None))


def test_built_for_a_place_helps_the_place_and_a_counted_school_is_no_entity():
    res = run("杭州市援疆指挥部先后为阿克苏市全额援建了1所九年一贯制中学、4所幼儿园。", home=None)
    assert _pairs(res, "ASSISTS") == {("杭州市援疆指挥部", "阿克苏市")}
    assert ents(res, "Agency") == {"杭州市援疆指挥部"}


def test_a_delegation_or_team_led_by_a_places_official_acts_as_the_most_specific_place():
    res = run("广州市增城区石滩镇党委副书记、镇长董雄峰率政企帮扶工作组一行16人到百纳乡开展对口协作帮扶工作。", home=None)
    assert _pairs(res, "ASSISTS") == {("石滩镇", "百纳乡")}
    res = run("北京市密云区委书记余卫国率党政代表团到库伦旗开展对口帮扶工作。", home=None)
    assert _pairs(res, "ASSISTS") == {("密云区", "库伦旗")}
    assert ("密云区", "对口帮扶") in _pairs(res, "IMPLEMENTS")


def test_a_division_of_the_corps_and_a_farm_named_after_a_county():
    res = run("大同市对口援助新疆生产建设兵团第六师奇台农场和昌吉州阜康市城关镇。", home=None)
    assert ("大同市", "新疆生产建设兵团第六师") in _pairs(res, "ASSISTS")
    assert "奇台县" not in ents(res, "Region")  # 奇台农场 is a farm, not the county
    res = run("北京市对口支援和田地区和新疆生产建设兵团农十四师。", home=None)
    assert {("北京市", "和田地区"), ("北京市", "新疆生产建设兵团农十四师")} <= _pairs(res, "ASSISTS")


def test_a_delegation_between_two_helped_places_says_nothing_of_who_helps():
    res = run("1月10日，巫溪县党政代表团赴渝中区考察交流，召开对口协同发展座谈会，签署系列协议。", home=None)
    assert ("巫溪县", "渝中区") not in _pairs(res, "ASSISTS")
    # across the divide the eastern side helps, whoever travels
    res = run("库伦旗党政代表团赴密云区考察对接对口帮扶工作。", home=None)
    assert ("密云区", "库伦旗") in _pairs(res, "ASSISTS")


def test_branches_and_customs_named_with_a_place_and_no_organ_from_a_word_after_a_place():
    res = run("国家统计局四川调查总队、成都海关参加会议。", home=None)
    assert {"国家统计局四川调查总队", "成都海关"} <= ents(res, "Agency")
    res = run("东台市将结合陕西省铜川市耀州区所需，发挥自身优势。", home=None)
    assert not ents(res, "Agency")


def test_a_list_of_places_does_not_run_on_across_a_comma_into_the_next_clauses_subject():
    text = "浙江将帮扶800万元资金拟建设康定民族中学，杭州、湖州、绍兴、金华4市将分别帮扶300万元。"
    assert not {("浙江省", "杭州市"), ("浙江省", "湖州市")} & _pairs(run(text, home="四川省"), "ASSISTS")
    assert not ents(run("但是，曾经挂任河池市委常委的顾楠洲偏不信这个邪。", home=None), "Person") - {"顾楠洲"}


def test_more_assistance_frames_and_posts():
    res = run("云南建投集团对宣威市得禄乡得禄村和务乐村实行定点帮扶。", home=None)
    assert {("云南建投集团", "得禄村"), ("云南建投集团", "务乐村")} <= _pairs(res, "ASSISTS")
    res = run("2016年，北京市朝阳区与张家口市康保县确定对口帮扶关系。", home=None)
    assert ("朝阳区", "康保县") in _pairs(res, "ASSISTS")
    res = run("复旦大学先后派出12名干部,在永平县脱贫振兴一线带头干。", home=None)  # (an ASCII comma)
    assert ("复旦大学", "永平县") in _pairs(res, "ASSISTS")
    held = _held(run("时任上海市长徐匡迪率上海代表团赴云南。", home=None))
    assert ("徐匡迪", "上海市") in held
    assert not _held(run("上海市民王强说。", home=None))
    held = _held(run("2019年，赵可主动报名去河北省张家口市赤城县挂职，任县委常委、副县长。", home=None))
    assert {("赵可", "赤城县委"), ("赵可", "赤城县")} <= held
    assert not ents(run("近日，王强到赤城县调研，任务很重。", home=None), "Agency")


def test_a_short_place_name_in_a_pairing_and_an_institutes_full_name():
    assert ("广州市", "百色市") in _pairs(run("广州市对口帮扶百色。", home=None), "ASSISTS")
    res = run("自鲁渝协作工作开展以来，聊城始终立足彭水所需，与彭水协作共建日益紧密。", home=None)
    assert ("聊城市", "彭水苗族土家族自治县") in _pairs(res, "ASSISTS")
    res = run("呼和浩特市农牧业科学研究推广中心主任李明出席。", home=None)
    assert ("李明", "呼和浩特市农牧业科学研究推广中心") in _held(res)


def test_a_place_and_the_counties_under_it_and_a_tail_after_the_helped_list():
    res = run("山东先后担负起对口支援西藏日喀则市及其下辖桑珠孜、白朗、昂仁5个县区的重任。", home=None)
    assert {("山东省", "日喀则市"), ("山东省", "桑珠孜区"), ("山东省", "白朗县")} <= _pairs(res, "ASSISTS")
    res = run("2016年至2020年，北京市、天津市对我省张家口市、承德市、保定市相关县区开展对口帮扶。", home="河北省")
    assert {("北京市", "张家口市"), ("天津市", "保定市")} <= _pairs(res, "ASSISTS")


def test_a_place_inside_a_quoted_name_and_the_centres_leading_bodies_do_not_act():
    res = run("在消费扶贫中，2020年铜山区组织举办“陇县消费扶贫铜山行”活动。", home=None)
    assert "陇县" not in {s for s, _t in _pairs(res, "IMPLEMENTS")}
    res = run("2015年，党中央启动实施医疗人才“组团式”援藏工作，帮扶西藏自治区人民医院等8家医院。", home=None)
    assert not _pairs(res, "ASSISTS")


def test_the_places_of_a_quoted_slogan_still_count():
    res = run("浙江援青干部以“奉献青海、服务海西”为己任，积极参与对口支援工作。", home=None)
    assert ents(res, "Region") >= {"青海省"}


def test_a_profiles_header_gives_the_name_its_posts():
    assert ("张韡", "西藏自治区人民医院") in _held(run("张韡：西藏自治区人民医院副院长，皮肤科主任。", home=None))
    assert not ents(run("记者：你们的工作有哪些成效？", home=None), "Person")


def test_aid_written_between_two_bodies():
    res = run("图为中国医学科学院皮肤病医院援自治区人民医院医生李锁与本地医生一起问诊。", home="西藏自治区")
    assert ("中国医学科学院皮肤病医院", "西藏自治区人民医院") in _pairs(res, "ASSISTS")
    assert "皮肤病医院援自治区人民医院" not in ents(res, "Agency")


def test_a_companys_donation_goes_to_the_village_the_article_is_at():
    text = ("6月2日，一批民营企业家赶到湛河区潘庄村，为该村发展捐资助力。河南豫达电力集团有限公司负责人高建林说，"
            "要回报家乡。该公司主动捐资5万元。")
    assert ("河南豫达电力集团有限公司", "潘庄村") in _pairs(run(text, home=None), "FUNDS")
    # no village or township named: no recipient guessed
    assert not _pairs(run("河南豫达电力集团有限公司主动捐资5万元。", home=None), "FUNDS")


def test_a_hospital_grade_is_no_hospital():
    assert not ents(run("在帮扶下，该院成功创建二甲医院。", home=None), "Agency")


def test_a_branch_association_named_after_a_city_gives_to_the_village_it_visits():
    text = "12月26日，我县经促会广州分会会长钟金重一行来到平口镇兴果村，现场捐赠帮扶资金10万元。"
    res = run(text, home="湖南省")
    assert _pairs(res, "FUNDS") == {("经促会广州分会", "兴果村")}
    assert ("钟金重", "经促会广州分会") in _held(res)


def test_a_programmes_word_inside_a_bodys_quoted_name_is_carried_out_by_nobody():
    res = run("江苏国际农业展览中心获批设立“江苏省东西部消费扶贫交易中心”。", home=None)
    assert not _pairs(res, "IMPLEMENTS")
    # a quoted campaign before 活动 is named by its quoted name
    assert ("铜山区", "消费扶贫") in _pairs(run("铜山区开展“消费扶贫”活动。", home=None), "IMPLEMENTS")
