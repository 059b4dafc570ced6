"""Pattern families of the extractor on sentences written for the tests (not taken from the samples)."""

from __future__ import annotations

import pytest

from kg.extract.money import cn_to_number, find_amounts
from tests.extract.extraction_helpers import ents, rels, run, titled


# ---------------------------------------------------------------- money
@pytest.mark.parametrize(
    "text, value",
    [("拨付资金320万元", 3_200_000), ("投入1.25亿元", 125_000_000), ("约8亿元", 800_000_000),
     ("共计4600多万元", 46_000_000), ("二千万元", 20_000_000), ("15万元", 150_000), ("12.5万元", 125_000),
     ("3亿-5亿元", 500_000_000), ("１２万元", 120_000)],
)
def test_amounts_in_yuan(text, value):
    amounts = find_amounts(text)
    assert amounts and amounts[0].value == value


def test_chinese_numerals():
    assert cn_to_number("三千五百") == 3500
    assert cn_to_number("一万二千") == 12000
    assert cn_to_number("两百") == 200


# ---------------------------------------------------------------- regions and context
def test_full_and_short_region_names_with_context():
    res = run("赤峰市巴林左旗今年新建温室大棚。巴林左旗与赤峰的其他旗县一道推进产业发展。")
    assert {"赤峰市", "巴林左旗"} <= ents(res, "Region")
    region = next(e for e in res["entities"] if e["name"] == "赤峰市")
    assert region["adcode"] == "150400" and region["level"] == "prefecture" and region["lon"]


def test_deictic_home_region_and_banner():
    res = run("我区持续推进易地扶贫搬迁。察哈尔右翼后旗地处阴山北麓，全旗共有贫困人口三千人，该旗实施以工代赈。")
    assert "内蒙古自治区" in ents(res, "Region")
    banner = next(e for e in res["entities"] if e["name"] == "察哈尔右翼后旗")
    assert {"全旗", "该旗"} & set(banner["aliases"])
    assert ("察哈尔右翼后旗", "IMPLEMENTS", "以工代赈") in rels(res)


def test_pair_abbreviation_names_both_regions():
    res = run("京蒙两地签订了《深化区域合作框架协议》。")
    assert {"北京市", "内蒙古自治区"} <= ents(res, "Region")
    assert ("北京市", "IMPLEMENTS", "深化区域合作框架协议") in rels(res)
    assert ("内蒙古自治区", "IMPLEMENTS", "深化区域合作框架协议") in rels(res)


def test_capital_is_hohhot_in_an_inner_mongolia_source():
    res = run("首府各界群众踊跃参加志愿服务活动。")
    assert "呼和浩特市" in ents(res, "Region")


def test_traditional_input_is_normalised():
    res = run("北京市對口幫扶烏蘭察布市，投入資金三千萬元用於興和縣產業發展。", home=None)
    assert {"北京市", "乌兰察布市", "兴和县"} <= ents(res, "Region")
    assert ("北京市", "ASSISTS", "乌兰察布市") in rels(res)


def test_township_and_village_under_a_county():
    res = run("调研组来到四子王旗乌兰花镇白音朝克图嘎查，看望脱贫群众。")
    regions = {e["name"]: e for e in res["entities"] if e["type"] == "Region"}
    assert regions["乌兰花镇"]["level"] == "township"
    assert regions["白音朝克图嘎查"]["level"] == "village"
    parts = {(d["source"]["name"], d["target"]["name"]) for d in res["derived"] if d["type"] == "PART_OF"}
    assert ("乌兰花镇", "四子王旗") in parts
    assert ("四子王旗", "乌兰察布市") in parts


def test_ordinary_words_are_not_places():
    res = run("统筹城乡发展，推进乡村振兴，提升农村人居环境。")
    assert not ents(res, "Region") - {"内蒙古自治区"}


# ---------------------------------------------------------------- agencies
def test_region_prefixed_agencies_and_prefix_restoration():
    res = run("自治区财政厅会同自治区乡村振兴局下达衔接资金。")
    assert {"内蒙古自治区财政厅", "内蒙古自治区乡村振兴局"} <= ents(res, "Agency")


def test_central_agency_lexicon_and_companies():
    res = run("国家发展改革委和中国石化集团共同支持阿荣旗发展，阿荣旗绿源农牧业有限公司负责运营。")
    agencies = ents(res, "Agency")
    assert "国家发展改革委" in agencies
    assert any(a.endswith("有限公司") and "绿源" in a for a in agencies)


def test_organ_words_inside_ordinary_words_are_not_agencies():
    res = run("自治区认真落实中央决策部署，选派优秀干部到基层。")
    assert not any(a.endswith(("部", "决策部")) for a in ents(res, "Agency"))


def test_county_committee_normalised():
    res = run("科右中旗旗委书记孟和说，全旗将继续推进产业帮扶。")
    assert "科尔沁右翼中旗委" in ents(res, "Agency")


# ---------------------------------------------------------------- people and positions
def test_title_chain_gives_several_positions():
    res = run("自治区党委副书记、自治区主席张明远，呼伦贝尔市委书记李向东出席会议。")
    r = rels(res, "HOLDS_POSITION")
    assert ("张明远", "HOLDS_POSITION", "内蒙古自治区党委") in r
    assert ("张明远", "HOLDS_POSITION", "内蒙古自治区") in r
    assert ("李向东", "HOLDS_POSITION", "呼伦贝尔市委") in r


def test_enumerated_leaders_share_a_title():
    res = run("自治区领导赵国强、钱红梅参加调研。")
    r = rels(res, "HOLDS_POSITION")
    assert ("赵国强", "HOLDS_POSITION", "内蒙古自治区") in r
    assert ("钱红梅", "HOLDS_POSITION", "内蒙古自治区") in r


def test_department_title_points_to_department():
    res = run("自治区民政厅厅长孙立新介绍了有关情况。")
    assert ("孙立新", "HOLDS_POSITION", "内蒙古自治区民政厅") in rels(res, "HOLDS_POSITION")


def test_bylines_are_not_people():
    res = run("本报记者 周文华\n\n扎鲁特旗推进消费帮扶。")
    assert "周文华" not in ents(res, "Person")


def test_name_before_title_without_organisation():
    res = run("深入学习贯彻习近平总书记重要讲话精神。")
    assert "习近平" in ents(res, "Person")
    assert not rels(res, "HOLDS_POSITION")


# ---------------------------------------------------------------- programmes
def test_document_title_and_short_form():
    res = run("自治区人民政府办公厅印发《关于加快发展庭院经济的实施方案》（以下简称《方案》）。《方案》明确了目标。")
    progs = {e["name"]: e for e in res["entities"] if e["type"] == "Program"}
    assert "关于加快发展庭院经济的实施方案" in progs
    assert "方案" in progs["关于加快发展庭院经济的实施方案"]["aliases"]
    assert ("内蒙古自治区人民政府办公厅", "IMPLEMENTS", "关于加快发展庭院经济的实施方案") in rels(res)


def test_named_project_and_quoted_campaign():
    res = run("达拉特旗实施“光伏+治沙”工程，启动沿黄生态廊道建设项目。")
    progs = ents(res, "Program")
    # named as written, with its quotes (ANNOTATION.md: a title keeps what is inside it); the form without
    # quotes is an alias
    assert "“光伏+治沙”工程" in progs
    prog = next(e for e in res["entities"] if e["name"] == "“光伏+治沙”工程")
    assert "光伏+治沙工程" in prog["aliases"]
    assert any(p.endswith("生态廊道建设项目") for p in progs)


def test_slogans_and_generic_words_are_not_programmes():
    res = run("坚持两不愁三保障，做好脱贫攻坚工作，推进重点项目建设。")
    assert not ents(res, "Program")


# ---------------------------------------------------------------- relations
def test_assists_with_programme_and_coordinated_targets():
    res = run("中国农业银行定点帮扶太仆寺旗和多伦县。")
    r = rels(res, "ASSISTS")
    assert ("中国农业银行", "ASSISTS", "太仆寺旗") in r
    assert ("中国农业银行", "ASSISTS", "多伦县") in r
    prog = next(x for x in res["relations"] if x["type"] == "ASSISTS")
    assert prog.get("program") == "定点帮扶"


def test_funds_with_purpose_target_and_amount():
    res = run("国家乡村振兴局协调资金800万元用于锡林郭勒盟正蓝旗饮水安全工程。")
    funds = [x for x in res["relations"] if x["type"] == "FUNDS"]
    assert funds and funds[0]["source"]["name"] == "国家乡村振兴局"
    assert "正蓝旗" in funds[0]["target"]["name"]
    assert funds[0]["amount_yuan"] == 8_000_000


def test_pairing_direction_is_helper_first():
    res = run("乌兰察布市凉城县与北京市西城区签署东西部扶贫协作协议。")
    assert ("西城区", "ASSISTS", "凉城县") in rels(res, "ASSISTS")


def test_evidence_sentence_and_offsets():
    text = "国家统计局定点帮扶正镶白旗。"
    res = run(text)
    rel = next(x for x in res["relations"] if x["type"] == "ASSISTS")
    assert rel["evidence"]["text"] == text
    ent = next(e for e in res["entities"] if e["name"] == "国家统计局")
    m = ent["mentions"][0]
    assert text[m["start"] : m["end"]] == "国家统计局"


def test_shortened_organ_of_a_post_is_an_entity_where_written():
    # 区人大常委会 / 区政协 after 怀柔区委: the posts name the full organs, and each organ is an entity of
    # the document, mentioned where its shortened name is written
    text = "怀柔区委书记王一，区人大常委会主任李二，区政协主席赵三，区政府党组成员孙四出席。"
    res = run(text, home=None)
    assert {"怀柔区人大常委会", "怀柔区政协", "怀柔区政府党组"} <= ents(res, "Agency")
    spans = {e["name"]: [text[m["start"]:m["end"]] for m in e["mentions"]] for e in res["entities"]}
    assert spans["怀柔区人大常委会"] == ["区人大常委会"]
    assert spans["怀柔区政协"] == ["区政协"]
    assert spans["怀柔区政府党组"] == ["区政府党组"]


def test_quoted_names_with_their_own_programme_word_and_quoted_lists():
    res = run("今年，宁波市组织实施“爱心书屋工程”和“乡村学堂计划”。", home=None)
    assert {"爱心书屋工程", "乡村学堂计划"} <= ents(res, "Program")
    assert ("宁波市", "IMPLEMENTS", "爱心书屋工程") in rels(res, "IMPLEMENTS")
    res = run("浙江省先后开展了“百名专家进山村”、“千车浙货下乡来”、直播带货培训等系列消费协作活动。", home=None)
    progs = ents(res, "Program")
    assert {"百名专家进山村", "千车浙货下乡来"} <= progs
    assert "直播带货培训" not in progs  # unquoted list items are left alone
    res = run("会议强调，要牢固树立“四个意识”，做到“两个维护”。", home=None)
    assert not ents(res, "Program")


def test_a_count_of_organisations_is_no_entity_and_its_place_does_not_act():
    res = run("红寺堡区与厦门市一家通用航空公司签订了合作协议，天津市3家医院与当地医院结对。", home=None)
    agencies = ents(res, "Agency")
    assert not any("家" in a for a in agencies)
    assert "厦门市" in ents(res, "Region")  # still mentioned
    assert not rels(res, "ASSISTS")
    res = run("五家渠市人民医院派出专家。", home=None)  # 五家 opens a place name, not a count
    assert "五家渠市人民医院" in ents(res, "Agency")


def test_a_progression_of_figures_funds_the_last_one():
    from kg.extract.money import find_amounts, standing

    text = "杭州市对黔东南州的帮扶资金从2018年的3000万元，增加到2019年的6500万元，再提高到2020年的1.2亿元。"
    figures = standing(text, find_amounts(text))
    assert [a.value for a in figures] == [120_000_000]
    assert text[figures[0].start:figures[0].end] == "3000万元"  # where the payer and recipient are
    res = run("杭州市向黔东南州投入帮扶资金从2018年的3000万元增加到2020年的1.2亿元。", home=None)
    funds = [x for x in res["relations"] if x["type"] == "FUNDS"]
    assert [(f["source"]["name"], f["target"]["name"], f["amount_yuan"]) for f in funds] == \
        [("杭州市", "黔东南苗族侗族自治州", 120_000_000)]
    # two figures that are no progression both stand
    text = "投入资金500万元，其中从省级争取200万元。"
    assert len(standing(text, find_amounts(text))) == 2


def test_a_part_followed_by_its_total_funds_the_total():
    res = run("青岚集团承诺2018年至2020年每年投入3亿元共计9亿元，支持贵州省产业发展。", home=None)
    assert [(f["source"]["name"], f["target"]["name"], f["amount_yuan"]) for f in res["relations"]
            if f["type"] == "FUNDS"] == [("青岚集团", "贵州省", 900_000_000)]
    from kg.extract.money import find_amounts, standing

    text = "每户补助5000元，合计30万元。"
    assert [a.value for a in standing(text, find_amounts(text))] == [300_000]
    text = "投入500万元。其中省级共200万元。"  # a sentence apart: no total of it
    assert len(standing(text, find_amounts(text))) == 2


def test_the_helpers_cities_fund_the_region_it_helps():
    text = ("江苏省与陕西省汉中市开展东西部扶贫协作。南京、无锡、常州3市将分别帮扶200万元，"
            "拟实施茶叶、食用菌等产业项目。")
    res = run(text, home=None)
    funds = {(x["source"]["name"], x["target"]["name"], x["amount_yuan"]) for x in res["relations"]
             if x["type"] == "FUNDS"}
    assert {("南京市", "汉中市", 2_000_000), ("无锡市", "汉中市", 2_000_000), ("常州市", "汉中市", 2_000_000)} <= funds


def test_posts_of_minority_names_departments_concurrent_posts_and_candidates():
    res = run("锡林郭勒盟委副书记、盟长额尔敦·巴图出席。", home=None)
    assert ("额尔敦·巴图", "锡林郭勒盟", "盟长") in titled(res)
    res = run("自治区党委常委、统战部部长乌力吉图雅讲话。", home="内蒙古自治区")
    assert "乌力吉图雅" in ents(res, "Person")
    assert ("乌力吉图雅", "内蒙古自治区党委统战部", "部长") in titled(res)  # the department's own title
    res = run("阿荣旗旗委常委、组织部长刘某某出席。", home=None)
    assert ("刘某某", "阿荣旗委组织部", "部长") in titled(res)
    res = run("宁城县扶贫办主任兼政府办副主任赵六出席。", home=None)
    assert {("赵六", "宁城县扶贫办", "主任"), ("赵六", "宁城县政府办", "副主任")} <= titled(res)
    res = run("宁城县委副书记、政府县长候选人钱七，政府常务副县长孙八出席。", home=None)
    assert {("钱七", "宁城县", "县长"), ("孙八", "宁城县", "常务副县长")} <= titled(res)
    res = run("旗委书记亲自部署，副旗长高度重视，主任深入调研。", home=None)
    assert not ents(res, "Person")


def test_a_quoted_programme_name_is_not_lengthened_by_the_words_after_it():
    res = run("充分利用好“春风行动”就业服务专项活动，投入“重点地区帮扶资金”500万元，发放“帮扶资金”。", home=None)
    progs = ents(res, "Program")
    assert "春风行动" in progs and not any(p.startswith("春风行动就业") for p in progs)
    assert "重点地区帮扶资金" in progs and "帮扶资金" not in progs


def test_aid_named_by_a_provinces_one_character_name_and_idioms_are_no_organs():
    res = run("像她这样的闵行区援滇干部还有很多，江苏省援黔工作队也在当地。", home=None)
    assert ("闵行区", "ASSISTS", "云南省") in rels(res, "ASSISTS")
    res = run("赤峰尽己所能服务和助力北京。", home="内蒙古自治区")
    assert not ents(res, "Agency")
    assert ("赤峰市", "ASSISTS", "北京市") in rels(res, "ASSISTS")


def test_a_place_name_never_starts_with_the_tail_of_a_word():
    res = run("工作组进一步了解石门村的基础设施，精准对接东坪乡发展需求，2020年利民村脱贫。", home=None)
    regions = ents(res, "Region")
    assert "解石门村" not in regions and "接东坪乡" not in regions and "年利民村" not in regions


def test_the_centre_alone_whose_decisions_these_are_is_the_party_centre():
    res = run("两省区坚决按照中央的决策部署，开展深层次合作。根据中央部署，江苏省对口帮扶陕西省。", home=None)
    assert "中共中央" in ents(res, "Agency")
    assert ("江苏省", "ASSISTS", "陕西省") in rels(res, "ASSISTS")
    assert not any(s == "中共中央" for s, _r, _t in rels(res, "ASSISTS"))
    res = run("中央单位定点帮扶，中央财政投入资金。", home=None)
    assert "中共中央" not in ents(res, "Agency")


def test_cooperation_teams_named_by_places_and_mechanisms():
    res = run("江苏省扶贫协作陕西干部管理组在省委领导下工作。苏陕协作汉中工作组为汉中市募集帮扶资金300万元。",
              home=None)
    agencies = ents(res, "Agency")
    assert {"江苏省扶贫协作陕西干部管理组", "苏陕协作汉中工作组"} <= agencies
    funds = {(x["source"]["name"], x["target"]["name"], x["amount_yuan"]) for x in res["relations"]
             if x["type"] == "FUNDS"}
    assert ("苏陕协作汉中工作组", "汉中市", 3_000_000) in funds


def test_organisation_boundaries_in_prose():
    res = run("北京顺鑫控股集团有限公司在当地投资，工大在石门村特设立合肥工业大学奖助学金。", home=None)
    agencies = ents(res, "Agency")
    assert "北京顺鑫控股集团有限公司" in agencies  # one character after the opening place belongs to the name
    assert not any("设立" in a for a in agencies)
    res = run("新疆工作事关大局，组织学校医院结对，自治区扶贫办设立项目。", home="内蒙古自治区")
    assert ents(res, "Agency") == {"内蒙古自治区扶贫办"}


def test_the_helpers_cities_pay_the_region_the_last_money_went_to():
    text = ("去年，江苏对汉中市投入1400万元进行危房改造。今年，江苏将帮扶800万元资金建设学校，"
            "南京、无锡2市将分别帮扶300万元，拟实施茶叶产业项目。")
    res = run(text, home=None)
    funds = {(x["source"]["name"], x["target"]["name"], x.get("amount_yuan")) for x in res["relations"]
             if x["type"] == "FUNDS"}
    assert {("南京市", "汉中市", 3_000_000), ("无锡市", "汉中市", 3_000_000)} <= funds


def test_people_opening_a_clause_and_posts_taken_in_a_named_group():
    res = run("会上，赵立群向工作组颁发证书。如今，王建军称自己为新宁夏人。", home=None)
    assert {"赵立群", "王建军"} <= ents(res, "Person")
    res = run("会上，高度重视，林业发展为主。", home=None)
    assert not ents(res, "Person")
    res = run("江苏省对口帮扶陕西领导小组随即成立，时任江苏省委副书记孙建国担任组长。", home=None)
    assert "江苏省对口帮扶陕西领导小组" in ents(res, "Agency")
    assert ("孙建国", "江苏省对口帮扶陕西领导小组", "组长") in titled(res)


def test_generic_project_words_name_no_programme_and_an_aided_project_names_its_helper():
    res = run("代表团先后来到兴仁县锁寨村的枇杷基地、锁寨村宁波市援建项目风雨桥、兴义市坪东幼儿园。", home=None)
    assert ("宁波市", "ASSISTS", "锁寨村") in rels(res, "ASSISTS")
    assert len(rels(res, "ASSISTS")) == 1
    res = run("宁波市援建项目落成，北京项目落地，京蒙协作项目推进，产业合作项目签约。", home=None)
    assert not ents(res, "Program") - {"京蒙协作"}


def test_a_programme_opening_a_name_and_generic_words():
    res = run("通州区设立300万元携手奔小康帮扶基金，实施产业合作项目，落实年度帮扶计划。", home=None)
    progs = ents(res, "Program")
    assert "携手奔小康帮扶基金" in progs  # a fund named after its programme
    assert not {"产业合作项目", "年度帮扶计划"} & progs  # kinds of projects and plans
    res = run("实施义务教育薄弱环节改善与能力提升工程。", home=None)
    assert "义务教育薄弱环节改善与能力提升工程" in ents(res, "Program")


def test_a_region_then_的_then_a_part_of_it_stands_for_the_part():
    res = run("上海市闵行区对口帮扶云南省红河州的金平县、绿春县。浙江省湖州市安吉县向四川省广元市青川县捐赠白茶苗。",
              home=None)
    got = rels(res)
    assert {("闵行区", "ASSISTS", "金平苗族瑶族傣族自治县"), ("闵行区", "ASSISTS", "绿春县")} <= got
    assert ("闵行区", "ASSISTS", "红河哈尼族彝族自治州") not in got
    assert ("安吉县", "FUNDS", "青川县") in got and ("安吉县", "FUNDS", "四川省") not in got


def test_money_of_aid_goes_to_the_part_of_the_province_helped_and_well_known_short_forms():
    res = run("湖北省对口支援西藏山南市，三年来共投入援藏资金12亿元。", home=None)
    funds = {(x["source"]["name"], x["target"]["name"]) for x in res["relations"] if x["type"] == "FUNDS"}
    assert funds == {("湖北省", "山南市")}
    res = run("江苏省累计向新疆克州拨付援疆资金58.6亿元。", home=None)
    assert ("江苏省", "FUNDS", "克孜勒苏柯尔克孜自治州") in rels(res)


def test_an_organisations_party_group_acting_is_an_agency():
    res = run("国家民委党组认真贯彻落实党中央决策部署，推动定点帮扶巴林右旗工作。国家民委党组书记王五出席。",
              home=None)
    assert ("国家民委党组", "IMPLEMENTS", "定点帮扶") in rels(res)
    assert ("王五", "国家民委党组", "党组书记") in titled(res)


def test_named_fiscal_transfers_and_stop_characters_inside_words():
    res = run("财政厅在统一分配均衡性转移支付基础上，增加县级基本财力奖补资金和重点生态功能区转移支付。", home=None)
    assert {"均衡性转移支付", "县级基本财力奖补资金", "重点生态功能区转移支付"} <= ents(res, "Program")


def test_an_acting_head_of_government():
    res = run("毕节市委副书记、代市长吴东来主持会议。", home=None)
    assert {("吴东来", "毕节市委", "副书记"), ("吴东来", "毕节市", "代市长")} <= titled(res)


def test_money_recipients_clause_by_clause():
    res = run("2021年，青岛市向陇南市拨付财政援助资金3.2亿元，其中向礼县拨付4500万元。", home=None)
    funds = {(x["source"]["name"], x["target"]["name"], x.get("amount_yuan")) for x in res["relations"]
             if x["type"] == "FUNDS"}
    assert {("青岛市", "陇南市", 320_000_000), ("青岛市", "礼县", 45_000_000)} <= funds
    res = run("国家能源集团累计向定点帮扶的吴起县投入帮扶资金2.1亿元。福建省财政厅下达宁夏专项资金1.2亿元。", home=None)
    funds = {(x["source"]["name"], x["target"]["name"]) for x in res["relations"] if x["type"] == "FUNDS"}
    assert funds == {("国家能源集团", "吴起县"), ("福建省财政厅", "宁夏回族自治区")}


def test_sending_cadres_to_a_place_is_assisting_it_and_old_prefecture_names():
    res = run("宁德市选派12名干部到定西市挂职。福建省迄今已派出了五批援藏工作队进入林芝地区。", home=None)
    got = rels(res, "ASSISTS")
    assert {("宁德市", "ASSISTS", "定西市"), ("福建省", "ASSISTS", "林芝市")} <= got
    res = run("干部到定西市挂职，宁德市组织参观。", home=None)
    assert not rels(res, "ASSISTS")


def test_with_the_help_of_frames_the_helper():
    res = run("在广东省的大力支持和帮助下，百色市、河池市如期脱贫。", home=None)
    assert {("广东省", "ASSISTS", "百色市"), ("广东省", "ASSISTS", "河池市")} <= rels(res, "ASSISTS")


def test_an_organisation_a_programme_name_runs_into():
    res = run("中国人民大学对口支援新疆大学。北京市扶贫支援办主任出席。", home=None)
    assert ("中国人民大学", "ASSISTS", "新疆大学") in rels(res, "ASSISTS")
    assert "对口支援新疆" not in ents(res, "Program")
    assert "北京市扶贫支援办" in ents(res, "Agency")  # 支援 inside an organ's name


def test_a_departments_short_name_after_a_level_character_is_the_sides():
    res = run("泉州市对口帮扶宁夏。从市发改委获悉，据县民政局统计，国家发改委也参加，市场监管局出席。", home=None)
    agencies = ents(res, "Agency")
    assert "泉州市发改委" in agencies and "国家发展改革委" in agencies
    assert not any(a.endswith("场监管局") for a in agencies)
    res = run("与通辽市科左中旗结对后，引导北京顺鑫控股集团有限公司投资。", home=None)
    assert "北京顺鑫控股集团有限公司" in ents(res, "Agency")


def test_money_sent_to_the_places_paired_the_sentence_before():
    text = ("房山区长阳镇负责与突泉县太平乡和察右中旗铁沙盖镇结对。6月，长阳镇镇长带队赴上述两个地区调研，"
            "并给每个单位分别送去了20万元的帮扶资金。")
    res = run(text, home=None)
    funds = {(x["source"]["name"], x["target"]["name"], x.get("amount_yuan")) for x in res["relations"]
             if x["type"] == "FUNDS"}
    assert {("长阳镇", "太平乡", 200_000), ("长阳镇", "铁沙盖镇", 200_000)} <= funds


def test_a_committee_member_post_is_no_organ():
    res = run("四川省委常委、组织部长王立军出席。", home=None)
    assert "四川省委常委" not in ents(res, "Agency")
    assert {("王立军", "四川省委", "常委"), ("王立军", "四川省委组织部", "部长")} <= titled(res)


def test_pairings_inside_one_province_and_donations_to_a_list():
    res = run("深圳市与河源市、汕尾市建立对口帮扶关系。黄杜村向湖南、四川、贵州三省捐赠白茶苗。", home=None)
    got = rels(res)
    assert {("深圳市", "ASSISTS", "河源市"), ("深圳市", "ASSISTS", "汕尾市")} <= got
    assert {("黄杜村", "FUNDS", "湖南省"), ("黄杜村", "FUNDS", "四川省"), ("黄杜村", "FUNDS", "贵州省")} <= got
    res = run("北京市与天津市开展交流合作。", home=None)
    assert not rels(res, "ASSISTS")


def test_tibetan_names_after_a_title_but_no_ordinary_words():
    res = run("拉萨市委副书记、市长肖友才，堆龙德庆区委书记扎西次仁出席。旗委书记多次强调。", home=None)
    people = ents(res, "Person")
    assert {"肖友才", "扎西次仁"} <= people and "多次" not in people


def test_a_prefectures_administrative_office():
    res = run("喀什地区行署副专员努尔买买提·阿不都热合曼表示，行署组织实施项目。", home=None)
    assert "喀什地区行署" in ents(res, "Agency")
    assert ("努尔买买提·阿不都热合曼", "喀什地区", "副专员") in titled(res)


def test_a_provinces_short_name_and_recipient_lists_after_a_narrowed_place():
    res = run("2020年，天津市投入财政帮扶资金30.2亿元，用于甘肃、河北两省的脱贫攻坚。", home=None)
    assert {("天津市", "FUNDS", "甘肃省"), ("天津市", "FUNDS", "河北省")} <= rels(res)
    res = run("中国工商银行投入帮扶资金1500万元，支持四川省金阳县、通江县发展产业。", home=None)
    assert {("中国工商银行", "FUNDS", "金阳县"), ("中国工商银行", "FUNDS", "通江县")} <= rels(res)


def test_helping_money_between_regions_is_assistance():
    text = "江苏省与陕西省汉中市开展东西部扶贫协作。南京、无锡2市将分别帮扶300万元。"
    res = run(text, home=None)
    assert {("南京市", "ASSISTS", "汉中市"), ("无锡市", "ASSISTS", "汉中市")} <= rels(res, "ASSISTS")


def test_money_given_with_no_figure_among_other_help():
    res = run("张家港市对口帮扶永胜县，从资金、人才、产业等方面给予永胜县大力支持。", home=None)
    assert ("张家港市", "FUNDS", "永胜县") in rels(res)
    res = run("张家港市对口帮扶永胜县，提供产业项目和人才培训帮扶资金。", home=None)
    assert ("张家港市", "FUNDS", "永胜县") in rels(res)
    # help with people only is no money
    res = run("张家港市对口帮扶永胜县，从人才、产业等方面给予永胜县大力支持。", home=None)
    assert not rels(res, "FUNDS")


def test_investment_by_the_companies_a_helper_brings_in_is_no_money_of_the_helper():
    res = run("扬州市共帮助榆林市引进企业30家，完成投资5亿元。", home=None)
    assert ("扬州市", "ASSISTS", "榆林市") in rels(res)
    assert not rels(res, "FUNDS")
