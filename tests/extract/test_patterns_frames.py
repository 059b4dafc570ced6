"""Time frames whose subject is the main clause's, a category written before the helped place, places taken
into the range one helps, and the source's own province found from the other party of 我省 (sentences
written for the tests)."""

from __future__ import annotations

from tests.extract.extraction_helpers import rels, run


def _pairs(res, rtype="ASSISTS"):
    return {(s, t) for s, _r, t in rels(res, rtype)}


def test_a_time_frame_takes_the_main_clauses_subject():
    res = run("自2001年对口支援西藏山南以来，湖南省累计选派干部500名。", home=None)
    assert ("湖南省", "山南市") in _pairs(res)
    res = run("在对口帮扶甘肃省临潭县期间，中国人民大学累计投入资金3000万元。", home=None)
    assert ("中国人民大学", "临潭县") in _pairs(res)
    assert ("中国人民大学", "临潭县") in _pairs(res, "FUNDS")
    res = run("从2017年开始帮扶庄浪县以后，南开大学、天津大学派出干部。", home=None)
    assert {("南开大学", "庄浪县"), ("天津大学", "庄浪县")} <= _pairs(res)


def test_no_frame_no_borrowed_subject():
    # a clause that is no time frame keeps its own (missing) subject: nobody is guessed
    res = run("对口支援西藏山南，湖南省累计选派干部500名。", home=None)
    assert ("湖南省", "山南市") not in _pairs(res)


def test_a_category_before_the_helped_place():
    res = run("南开大学在定点帮扶国家级贫困县甘肃省庄浪县期间，取得良好成效。", home=None)
    assert ("南开大学", "庄浪县") in _pairs(res)
    assert ("南开大学", "定点帮扶") in _pairs(res, "IMPLEMENTS")
    res = run("中国农业大学定点帮扶的贫困县云南省镇康县今年脱贫。", home=None)
    assert ("中国农业大学", "镇康县") in _pairs(res)
    # words that are no category still cut the object off
    res = run("中国农业大学定点帮扶工作成效明显，云南省镇康县今年脱贫。", home=None)
    assert ("中国农业大学", "镇康县") not in _pairs(res)


def test_places_taken_into_the_range_one_helps():
    res = run("海淀区将阿荣旗未脱贫的8个贫困村纳入帮扶范围。", home=None)
    assert ("海淀区", "阿荣旗") in _pairs(res)
    res = run("2020年，宁波市将凉山州全部贫困县纳入结对帮扶范围。", home=None)
    assert ("宁波市", "凉山彝族自治州") in _pairs(res)
    res = run("海淀区将阿荣旗的农产品纳入采购名录。", home=None)
    assert not _pairs(res)


def test_the_counterpart_of_wo_sheng_is_not_the_source():
    # a 陕西 paper that names its own province only inside 苏陕: 我省 is the other side of the pairing
    text = "去年以来，苏陕两省统筹推进项目建设。2021年，江苏省共向我省投入苏陕协作财政援助资金26.9亿元。"
    res = run(text, home=None)
    assert ("江苏省", "陕西省") in _pairs(res, "FUNDS")
    # a province named elsewhere in the text is still the source when it is no counterpart
    res = run("江苏省与我省开展协作。陕西省西安市、宝鸡市发展很好。", home=None)
    assert ("江苏省", "陕西省") in _pairs(res)
    res = run("浙江省共向我省投入资金20亿元。四川省广元市、四川省巴中市发展很好。", home=None)
    assert ("浙江省", "四川省") in _pairs(res, "FUNDS")
    # named more often than the source's own, the counterpart is still not the source
    res = run("江苏省南京市、江苏省苏州市企业踊跃参与。江苏省共向我省投入资金26.9亿元。陕西省延安市受益。", home=None)
    assert ("江苏省", "陕西省") in _pairs(res, "FUNDS")


def _titled(res):
    return {(r["source"]["name"], r["target"]["name"]) for r in res["relations"] if r["type"] == "HOLDS_POSITION"}


def test_a_bare_organ_after_a_preposition_is_the_articles_place():
    text = "代表团到云县考察。代表团一行在县委常委、县人民政府副县长王强、张伟等领导的陪同下考察了学校。"
    held = _titled(run(text, home="云南省"))
    # a county named by one character and its level: its committee repeats the level
    assert {("王强", "云县县委"), ("王强", "云县"), ("张伟", "云县县委"), ("张伟", "云县")} <= held
    held = _titled(run("考察组到宁城县考察。在县委副书记李强的陪同下，考察组参观了企业。", home=None))
    assert ("李强", "宁城县委") in held


def test_pairs_named_side_by_side_or_as_joint_subjects():
    # two provinces written side by side before a cooperation word
    assert ("浙江省", "四川省") in _pairs(run("7月10日，浙江四川东西部协作联席会议在成都举行。", home=None))
    assert ("上海市", "云南省") in _pairs(run("上海云南扶贫协作第二十三次联席会议在昆明举行。", home=None))
    # side by side without a cooperation word at once, or on one side of the divide: no pair
    assert not _pairs(run("北京天津协作发展。", home=None))
    assert not _pairs(run("浙江四川两省的企业家在成都举行座谈。", home=None))
    # the fallback reads the pair, not the place of the event
    assert _pairs(run("浙江四川两省的企业家在成都开展协作。", home=None)) == {("浙江省", "四川省")}
    # A、B两地 with the aid word later in the sentence
    res = run("建立了宁波市、凉山州两地党政领导互访机制，完善两地协作联席会议制度。", home=None)
    assert ("宁波市", "凉山彝族自治州") in _pairs(res)
    # two places joined as the subject of 携手, whichever is written first
    assert ("福建省", "宁夏回族自治区") in _pairs(run("自1996年以来，宁夏和福建携手走过了24年。", home=None))
    assert not _pairs(run("北京和天津携手发展。", home=None))


def test_a_village_named_by_one_good_word():
    res = run("谈及村里的变化，平安村党支部书记助理王刚表示，变化很大。", home=None)
    assert ("王刚", "平安村党支部") in _titled(res)
    assert "平安村" in {e["name"] for e in res["entities"] if e["type"] == "Region"}
    res = run("代表团深入幸福镇哨山村希望小学调研。", home=None)
    assert {"幸福镇", "哨山村"} <= {e["name"] for e in res["entities"] if e["type"] == "Region"}
    # an honour or a verb phrase is no place
    for text in ("该村被评为文明村。", "努力建设美丽村庄，发展壮大村集体经济。", "加强团结村民的工作。"):
        assert not [e for e in run(text, home=None)["entities"] if e["type"] == "Region"], text


def test_a_title_that_goes_on_past_another():
    held = {(r["source"]["name"], r["target"]["name"], r["title"]) for r in
            run("北京大学校长助理王明到弥渡县调研。红星村党支部书记助理李丽介绍情况。", home=None)["relations"]
            if r["type"] == "HOLDS_POSITION"}
    assert {("王明", "北京大学", "校长助理"), ("李丽", "红星村党支部", "书记助理")} <= held


def test_an_assistance_word_no_pattern_reads_pairs_the_one_helper_with_the_helped():
    assert ("北京市", "乌兰察布市") in _pairs(run("在乌兰察布稳步发展的背后，来自首都北京的助力功不可没。", home=None))
    assert ("国家能源集团", "美姑县") in _pairs(run("国家能源集团的帮扶让美姑县的孩子们用上了新教室。", home=None))
    # the Centre's leading bodies decide, they do not help; no assistance word, no pair
    assert not _pairs(run("按照中共中央的部署，武川县脱贫攻坚取得成效，这离不开各方帮扶。", home=None))
    assert not _pairs(run("北京市的企业在赤峰市投资兴业。", home=None))
    # two helpers of one side and no pattern: nobody is guessed
    assert not _pairs(run("天津市、上海市的企业家到甘肃省考察，共谋协作。", home=None))


def test_a_committees_formal_name_and_heads_that_fit_their_place():
    held = _titled(run("政协云县委员会主席李强出席。中共赤峰市委员会书记王刚讲话。", home="云南省"))
    assert {("李强", "政协云县委员会"), ("王刚", "中共赤峰市委员会")} <= held
    # a bare 主席 heads an 自治区, never a 省; a bare 省长 a 省
    assert not _titled(run("会议由主席李强主持。", home="云南省"))
    assert ("李强", "内蒙古自治区") in _titled(run("会议由主席李强主持。", home="内蒙古自治区"))
    assert ("王予波", "云南省") in _titled(run("会议由省长王予波主持。", home="云南省"))
    assert not _titled(run("会议由省长王予波主持。", home="内蒙古自治区"))


def test_a_party_department_written_after_a_place_or_a_school():
    res = run("甘洛县组织部部长李强、四川大学组织部副部长王明参加。", home=None)
    assert {("李强", "甘洛县组织部"), ("王明", "四川大学组织部")} <= _titled(res)
    assert {"甘洛县组织部", "四川大学组织部"} <= {e["name"] for e in res["entities"] if e["type"] == "Agency"}


def test_the_fallbacks_helper_is_the_district_not_also_its_city():
    res = run("在科左中旗发展的背后，来自北京市顺义区的助力功不可没。", home=None)
    assert _pairs(res) == {("顺义区", "科尔沁左翼中旗")}


def test_a_time_frame_after_a_speaker_takes_the_main_clauses_subject():
    res = run("广东省委组织部副部长李四介绍，自对口支援新疆喀什以来，深圳市先后派出五批援疆干部。", home=None)
    assists = {(s, t) for s, _r, t in rels(res, "ASSISTS")}
    assert ("深圳市", "喀什地区") in assists
    assert not any(s.startswith("广东省委") for s, _t in assists)


def test_a_delegation_led_by_a_regions_official_acts_for_the_region():
    for led in ("率党政代表团", "率队", "带领考察团"):
        res = run(f"扬州市委书记张一{led}赴汉中市考察对接东西部协作工作。", home=None)
        assert ("扬州市", "ASSISTS", "汉中市") in rels(res), led


def test_cadres_of_a_central_unit_named_by_the_province_they_help():
    for unit in ("中央(水利部)", "水利部"):
        res = run(f"作为{unit}第五批援藏干部，王一奔赴西藏自治区日喀则市定日县开展工作。", home=None)
        assert ("水利部", "ASSISTS", "定日县") in rels(res), unit


def test_a_team_going_to_a_place_to_do_this_years_aid_work_helps_it():
    res = run("按照有关工作安排，海淀区卫健委对口支援工作队第三次来到科尔沁右翼中旗，开展2023年对口支援工作。")
    assert ("海淀区卫健委", "ASSISTS", "科尔沁右翼中旗") in rels(res)
