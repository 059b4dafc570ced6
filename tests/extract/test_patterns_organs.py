"""Organs written without their owner's name (省政协, 省地方金融监管局), the Party Centre written as 中央 alone,
and teams named by the body that stationed them, on sentences written for the tests."""

from __future__ import annotations

from tests.extract.extraction_helpers import ents, rels, run, titled


def test_centre_that_decides_or_assigns_is_the_party_centre():
    for text in ("2018年，中央决定宁波市对口帮扶黔西南州。", "他说，虽然中央没有安排该市参与这项任务。",
                 "要紧扣中央和省委关于定点帮扶的工作部署。", "2016年底中央明确杭州市对口帮扶恩施州。"):
        assert "中共中央" in ents(run(text, home=None), "Agency"), text


def test_other_centres_and_central_things_are_not_the_party_centre():
    for text in ("团中央关于开展志愿服务的通知下发后，各地积极响应。", "民革中央关于调研的安排已经确定。",
                 "中央财政投入资金3000万元。", "中央和国家机关定点帮扶工作会议召开。"):
        assert "中共中央" not in ents(run(text, home=None), "Agency"), text


def test_a_provincial_department_with_a_long_name_belongs_to_the_province():
    res = run("四川省金阳县召开会议。省地方金融监管局组织成都海关到金阳县调研。", home=None)
    assert "四川省地方金融监管局" in ents(res, "Agency")


def test_a_word_that_starts_with_a_level_character_is_no_department():
    res = run("四川省金阳县召开会议。市场监管局和市场监督管理局的同志参加。", home=None)
    assert not {n for n in ents(res, "Agency") if n.startswith(("金阳县场", "四川省场"))}


def test_bare_consultative_conference_and_congress_after_a_date_or_before_a_name():
    res = run("四川省金阳县召开会议。今年4月省政协刘成鸣副主席在金阳县调研。县人大常委会主任李四出席。", home=None)
    assert {"四川省政协", "金阳县人大常委会"} <= ents(res, "Agency")
    t = titled(res)
    assert ("刘成鸣", "四川省政协", "副主席") in t
    assert ("李四", "金阳县人大常委会", "主任") in t


def test_a_team_stationed_by_a_bank_branch_carries_the_branch_in_its_name():
    res = run("中国民生银行武汉分行驻邹岗镇卢管村乡村振兴工作队第一书记、队长周劲松说。", home=None)
    team = "中国民生银行武汉分行驻邹岗镇卢管村乡村振兴工作队"
    assert team in ents(res, "Agency")
    assert not {n for n in ents(res) if n.startswith("驻")}
    assert ("周劲松", "HOLDS_POSITION", team) in rels(res)


def test_a_place_named_after_a_stationing_verb_starts_after_it():
    res = run("市农业银行驻龙凤镇向家村帮扶工作队队长王强介绍了情况。", home="湖北省")
    assert not {n for n in ents(res, "Region") if n.startswith("驻")}


def test_officers_of_an_association_listed_after_it_hold_posts_in_it():
    res = run("香港中联办主任王志民会见了香港各界扶贫促进会召集人兼监事长谭锦球、会长蔡加赞、主席苏长荣一行。", home=None)
    body = "香港各界扶贫促进会"
    assert {"香港中联办", body} <= ents(res, "Agency")
    t = {(p, o) for p, o, _ in titled(res)}
    assert {("王志民", "香港中联办"), ("谭锦球", body), ("蔡加赞", body), ("苏长荣", body)} <= t


def test_a_chair_after_a_party_secretary_of_a_region_is_still_the_regions():
    res = run("自治区党委书记王明、主席李强出席会议。", home="内蒙古自治区")
    assert ("李强", "内蒙古自治区", "主席") in titled(res)


def test_a_central_units_aid_money_with_no_recipient_goes_to_the_county_the_paper_speaks_for():
    text = "祁连县对口支援工作成效显著，为我县发展提供了动力。中国五矿给予援建资金1000万元。"
    funds = {(s, t) for s, k, t in rels(run(text, home="青海省"), "FUNDS")}
    assert funds == {("中国五矿", "祁连县")}
    text = "对口支援工作成效显著。中国五矿给予援建资金1000万元。"  # no county the paper speaks for: no province
    assert not rels(run(text, home="青海省"), "FUNDS")


def test_the_body_the_centre_assigns_is_the_helper():
    res = run("中央确定北京市继续对口支援和田地区的和田市、和田县、墨玉县和洛浦县。", home=None)
    assists = {(s, t) for s, _, t in rels(res, "ASSISTS")}
    assert {("北京市", c) for c in ("和田市", "和田县", "墨玉县", "洛浦县")} <= assists
    assert not any(s == "中共中央" for s, _ in assists)


def test_a_branch_written_after_its_body_is_one_body_named_by_the_whole():
    res = run("浙江省慈善总会温州市分会会长王明出席。活动由县委副书记、浙江省援川工作前方指挥部木里分指挥部指挥长李强主持。")
    agencies = ents(res, "Agency")
    assert {"浙江省慈善总会温州市分会", "浙江省援川工作前方指挥部木里分指挥部"} <= agencies
    assert "温州市分会" not in agencies and "木里分指挥部" not in agencies
    assert ("王明", "HOLDS_POSITION", "浙江省慈善总会温州市分会") in rels(res)


def test_social_organisations_is_a_noun_inside_a_name():
    # 组织 the noun (organisations), not the verb (to organise): the federation keeps its whole name
    res = run("杭州市社会组织联合会、杭州市青年联合会等共同发起成立杭州市援疆助学基金。")
    assert {"杭州市社会组织联合会", "杭州市青年联合会"} <= ents(res, "Agency")
    assert {("杭州市社会组织联合会", "IMPLEMENTS", "杭州市援疆助学基金"),
            ("杭州市青年联合会", "IMPLEMENTS", "杭州市援疆助学基金")} <= rels(res)


def test_a_schools_branch_in_a_place_is_one_body_and_its_executive_head():
    res = run("北京市昌平区教委介绍，清华大学附属中学昌平学校执行校长王明说，学校与天山一中结对。", home=None)
    assert "清华大学附属中学昌平学校" in ents(res, "Agency")
    assert titled(res) >= {("王明", "清华大学附属中学昌平学校", "执行校长")}
