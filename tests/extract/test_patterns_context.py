"""Pattern families added for context-dependent names and relations, on sentences written for the tests:
organs that share an owner, deictic organs, money without a figure, pair subjects, triggered programme
names, places in enumerations, home-province inference and people after role nouns."""

from __future__ import annotations

from kg.extract import extract_document
from kg.ingest import document_from_text
from tests.extract.extraction_helpers import ents, rels, run, titled


# ---------------------------------------------------------------- agencies
def test_organ_after_a_named_committee_shares_its_region():
    res = run("通辽市召开会议。会上，天津市委、市政府高度重视帮扶工作。", home="内蒙古自治区")
    assert "天津市政府" in ents(res, "Agency")
    assert "通辽市政府" not in ents(res, "Agency")


def test_two_organs_each_with_a_region_prefix():
    res = run("内蒙古自治区党委自治区人民政府印发《关于做好春耕生产的通知》。")
    ag = ents(res, "Agency")
    assert {"内蒙古自治区党委", "内蒙古自治区人民政府"} <= ag
    assert "内蒙古自治区党委自治区人民政府" not in ag


def test_autonomous_region_government_gets_its_official_name():
    res = run("自治区党委、政府对此高度重视。")
    assert "内蒙古自治区人民政府" in ents(res, "Agency")


def test_no_agency_inside_a_book_title():
    res = run("两地签订了《上海市人民政府·云南省人民政府合作协议》。", home="云南省")
    assert "上海市人民政府·云南省人民政府合作协议" in ents(res, "Program")
    assert not {"上海市人民政府", "云南省人民政府"} & ents(res, "Agency")


def test_list_of_bare_organs_after_a_deictic_district_organ():
    res = run("丰台区委书记到访。区长王明率区纪委监委、发展改革委、财政局负责同志赴扎赉特旗考察。", home="北京市")
    ag = ents(res, "Agency")
    assert {"丰台区纪委监委", "丰台区发展改革委", "丰台区财政局"} <= ag


def test_deictic_organ_with_a_sub_unit_and_a_party_group():
    res = run("扎鲁特旗召开座谈会。旗委常委、旗委办公室主任刘东明主持。")
    assert ("刘东明", "扎鲁特旗委办公室", "主任") in titled(res)
    res = run("国家林草局局长、局党组书记关志鸥一行到阿尔山市调研。")
    assert ("关志鸥", "国家林草局党组", "书记") in titled(res) or ("关志鸥", "国家林业和草原局党组", "书记") in titled(res)


def test_school_committee_resolves_to_the_school_of_the_document():
    text = "校党委书记张建一行赴库伦旗调研。内蒙古农业大学与库伦旗签订帮扶协议。内蒙古农业大学将继续支持库伦旗。"
    res = run(text)
    assert ("张建", "内蒙古农业大学党委", "书记") in titled(res)


def test_company_names_keep_their_inner_words_and_start_at_the_country():
    res = run("集团旗下企业中国农业发展投资有限公司在四子王旗种植燕麦。")
    assert "中国农业发展投资有限公司" in ents(res, "Agency")
    res = run("全旗推广周边合作社和创新合作社模式。")
    assert not ents(res, "Agency")


# ---------------------------------------------------------------- regions
def test_places_enumerated_with_one_place_word():
    res = run("阿鲁科尔沁旗对巴彦温都、乌兰哈达、查干淖尔等嘎查开展帮扶。")
    assert {"巴彦温都嘎查", "乌兰哈达嘎查", "查干淖尔嘎查"} <= ents(res, "Region")


def test_no_place_from_a_count_or_a_verb():
    res = run("该县辖5镇，要发展壮大嘎查集体经济，强化嘎查党组织建设。")
    reg = ents(res, "Region")
    assert not {"辖5镇", "发展壮大嘎查", "强化嘎查"} & reg


def test_short_form_before_a_place_word_or_a_natural_feature():
    res = run("福建省泉州市与宁夏回族自治区合作，在永宁县建设了石狮镇；科尔沁沙地治理取得成效。",
              home="宁夏回族自治区")
    reg = ents(res, "Region")
    assert "石狮市" not in reg
    assert "科尔沁区" not in reg


def test_two_character_county_short_form_needs_word_boundaries():
    res = run("统筹好发展和安全，是确保内蒙古经济持续健康发展的关键。")
    assert "和安县" not in ents(res, "Region")


def test_other_provinces_prefecture_short_form_needs_context():
    res = run("兴和县瓷厂的产品被称为小景德镇瓷器，乐山餐馆生意兴隆。")
    reg = ents(res, "Region")
    assert "景德镇市" not in reg and "乐山市" not in reg


def test_home_province_from_deictic_words():
    text = ("上海市援助资金到位。上海市与云南签署协议，昆明召开会议。上海市干部赴昆明考察。"
            "今年，全省到位上海市财政援助资金12亿元。")
    res = extract_document(document_from_text(text, "t.txt"))
    assert res["home_region"] == "云南省"
    assert ("上海市", "FUNDS", "云南省") in rels(res)


# ---------------------------------------------------------------- relations
def test_pair_subject_takes_part_in_its_mechanism_and_drafts_agreements():
    res = run("沪滇两地深入推进沪滇协作，取得显著成效。", home="云南省")
    assert {("上海市", "IMPLEMENTS", "沪滇协作"), ("云南省", "IMPLEMENTS", "沪滇协作")} <= rels(res)
    res = run("京蒙两地研究制定了《京蒙协作三年行动计划》。")
    assert ("北京市", "IMPLEMENTS", "京蒙协作三年行动计划") in rels(res)
    assert ("内蒙古自治区", "IMPLEMENTS", "京蒙协作三年行动计划") in rels(res)


def test_funds_without_a_figure():
    res = run("天津市持续加大资金投入，为甘肃省脱贫攻坚提供了有力支持。", home="甘肃省")
    assert ("天津市", "FUNDS", "甘肃省") in rels(res)
    res = run("争取北京市财政援助资金保持稳定。")
    assert ("北京市", "FUNDS", "内蒙古自治区") in rels(res)


def test_money_for_receiving_areas_goes_to_the_assisted_regions():
    res = run("上海市代表团确定对口支援喀什地区，上海市向受援地赠送启动资金8000万元。", home="上海市")
    assert ("上海市", "FUNDS", "喀什地区") in rels(res)


def test_money_spent_in_a_region_and_pair_donations():
    res = run("国家林草局先后在阿尔山市实施项目12个，落实帮扶资金3200万元。")
    assert ("国家林草局", "FUNDS", "阿尔山市") in rels(res) or ("国家林业和草原局", "FUNDS", "阿尔山市") in rels(res)
    res = run("丰台区大红门街道西马场村与扎赉特旗巴彦乌兰嘎查签署帮扶协议并捐赠资金。", home="北京市")
    assert ("西马场村", "FUNDS", "巴彦乌兰嘎查") in rels(res)


def test_led_delegation_is_the_subject():
    res = run("市委书记王刚带领的天津市代表团确定对口支援和田地区。", home="天津市")
    assert ("天津市", "ASSISTS", "和田地区") in rels(res)


# ---------------------------------------------------------------- programmes
def test_programme_names_anchored_on_the_implementing_verb():
    res = run("自治区应急管理厅部署开展了危险化学品专项排查整治2024行动。")
    assert "危险化学品专项排查整治2024行动" in ents(res, "Program")
    res = run("自治区农牧厅研发全区首个农畜产品质量追溯平台。")
    assert "农畜产品质量追溯平台" in ents(res, "Program")
    res = run("自治区党委制定出台推进生态文明建设的决定。")
    assert "推进生态文明建设的决定" in ents(res, "Program")


def test_no_generic_unanchored_projects_or_counts():
    res = run("今年共实施81个项目，其中包括绿色环保项目和补短板重点项目。")
    assert not ents(res, "Program")


# ---------------------------------------------------------------- people
def test_shorter_title_when_the_longest_starts_inside_an_organisation():
    res = run("自治区党委书记李建国会见了代表团。")
    assert ("李建国", "内蒙古自治区党委", "书记") in titled(res)


def test_role_nouns_do_not_make_people_of_ordinary_words():
    res = run("确保建档立卡贫困户全覆盖，让群众有稳定收入，城乡困难群众都能得到救助，居民养老有保障。")
    assert not ents(res, "Person")


def test_speaker_after_an_organisation():
    res = run("内蒙古短道速滑队王冰说：“我们会全力备战。”")
    assert "王冰" in ents(res, "Person")


def test_signed_agreement_fund_and_enumerated_policies():
    res = run("阿拉善盟与北京市怀柔区正式签署东西部协作结对帮扶框架协议。", home="内蒙古自治区")
    assert "东西部协作结对帮扶框架协议" in ents(res, "Program")
    assert {("阿拉善盟", "IMPLEMENTS", "东西部协作结对帮扶框架协议"),
            ("怀柔区", "IMPLEMENTS", "东西部协作结对帮扶框架协议")} <= rels(res)
    res = run("北京市怀柔区设立500万元携手致富帮扶基金，专项用于阿拉善盟产业发展。")
    assert "携手致富帮扶基金" in ents(res, "Program")
    assert ("怀柔区", "FUNDS", "携手致富帮扶基金") in rels(res)
    res = run("今年，我区持续实施创业担保贷款贴息、就业见习补贴等政策。")
    assert {"创业担保贷款贴息", "就业见习补贴"} <= ents(res, "Program")


def test_helper_takes_part_in_the_mechanism_it_is_named_for():
    res = run("从2016年开始，国家林草局定点帮扶兴安盟阿尔山市。")
    progs = {r[2] for r in rels(res, "IMPLEMENTS")}
    assert "定点帮扶" in progs


def test_slogans_generic_agreements_and_job_categories_are_not_programmes():
    res = run("协调推进“四个全面”战略布局，两地签署战略合作协议，征集机关事业单位、国有企业等政策性岗位。")
    assert not ents(res, "Program")


def test_organs_headed_by_townships_and_organ_words_inside_names():
    res = run("巴彦塔拉镇党委组织开展培训。东河区就业服务中心为他安置了岗位。自治区红十字会、内蒙古军区政治工作局参加活动。")
    ag = ents(res, "Agency")
    assert {"巴彦塔拉镇党委", "东河区就业服务中心", "内蒙古自治区红十字会", "内蒙古军区政治工作局"} <= ag
    assert "巴彦塔拉镇" in ents(res, "Region")


def test_the_one_thanked_for_support_is_the_giver():
    res = run("他代表自治区党委、政府对天津市长期以来给予内蒙古的大力支持表示感谢。")
    assert ("天津市", "ASSISTS", "内蒙古自治区") in rels(res)
    assert ("内蒙古自治区党委", "ASSISTS", "内蒙古自治区") not in rels(res)


def test_place_after_a_district_committee():
    res = run("他是北京市昌平区委城北街道工委组织委员。", home="北京市")
    reg = ents(res, "Region")
    assert "城北街道" in reg and "委城北街道" not in reg
