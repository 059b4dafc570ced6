"""IMPLEMENTS rules on sentences written for these tests (not taken from the development set)."""

from __future__ import annotations

from tests.extract.extraction_helpers import ents, rels, run


def test_carrying_out_a_mechanisms_work():
    # X贯彻/落实…关于<mechanism>工作的…: the subject takes part in the mechanism; the body whose 关于 it is does not
    res = run("中国农业大学党委认真贯彻党中央关于定点帮扶工作的决策部署，持续加大投入。")
    assert ("中国农业大学党委", "IMPLEMENTS", "定点帮扶") in rels(res)
    assert not any(s == "中共中央" for s, _t, _o in rels(res, "IMPLEMENTS"))


def test_coordinated_mechanisms_share_the_work():
    res = run("福建省全面落实东西部协作和定点帮扶工作要求，推动两地合作。", home=None)
    assert {("福建省", "IMPLEMENTS", "东西部协作"), ("福建省", "IMPLEMENTS", "定点帮扶")} <= rels(res)


def test_purpose_clause_subject_is_the_main_clauses_and_a_posts_organ_acts_for_its_region():
    # 为贯彻…工作…，<date>，X区委书记某某率团…: the region acts, not the organ that only names the post
    res = run("为深入贯彻党中央关于做好东西部扶贫协作工作的部署，5月6日，朝阳区委书记王建平率队赴兴安盟对接。",
              home=None)
    impl = rels(res, "IMPLEMENTS")
    assert ("朝阳区", "IMPLEMENTS", "东西部扶贫协作") in impl
    assert ("朝阳区委", "IMPLEMENTS", "东西部扶贫协作") not in impl


def test_no_mechanism_work_without_carrying_out():
    res = run("会议介绍了定点帮扶工作的有关情况。")
    assert not rels(res, "IMPLEMENTS")


def test_pivot_object_carries_the_programme_out():
    # 帮扶/支持 Y 实施 X: Y implements X, the helper does not
    res = run("自治区农牧厅支持兴安盟实施以工代赈，效果明显。")
    impl = rels(res, "IMPLEMENTS")
    assert ("兴安盟", "IMPLEMENTS", "以工代赈") in impl
    assert ("内蒙古自治区农牧厅", "IMPLEMENTS", "以工代赈") not in impl


def test_subject_still_implements_without_a_pivot():
    res = run("兴安盟实施以工代赈，效果明显。")
    assert ("兴安盟", "IMPLEMENTS", "以工代赈") in rels(res, "IMPLEMENTS")


def test_generic_cooperation_in_an_article_about_a_named_pairing():
    # 对口扶贫协作 between two regions of an article about 闽宁协作 is that pairing's cooperation
    res = run("闽宁协作不断深化。厦门市思明区与固原市隆德县开展对口扶贫协作以来，成效显著。", home=None)
    impl = rels(res, "IMPLEMENTS")
    assert {("思明区", "IMPLEMENTS", "闽宁协作"), ("隆德县", "IMPLEMENTS", "闽宁协作")} <= impl
    assert not any(t == "对口帮扶" for _s, _r, t in impl)


def test_generic_cooperation_stays_generic_without_a_named_pairing():
    res = run("厦门市思明区与固原市隆德县开展对口扶贫协作以来，成效显著。", home=None)
    assert not any(t == "闽宁协作" for _s, _r, t in rels(res, "IMPLEMENTS"))


def test_two_parallel_names_share_one_programme_word():
    res = run("宁波市图书馆深入该村摸底，实施了点亮乡村和守护童心工程。", home=None)
    assert {"点亮乡村工程", "守护童心工程"} <= ents(res, "Program")
    assert ("宁波市图书馆", "IMPLEMENTS", "守护童心工程") in rels(res, "IMPLEMENTS")
    # 与 joins the parts of one name; unequal parts are not two names
    res = run("该县实施了农村学校条件改善与能力提升工程。", home=None)
    assert "能力提升工程" not in ents(res, "Program")


def test_a_fronted_clause_is_carried_out_by_the_next_clauses_subject():
    res = run("落实沪滇协作“教育提升计划”，上海市第一中学、上海市第二中学等学校与当地学校结对。", home=None)
    got = rels(res, "IMPLEMENTS")
    assert {("上海市第一中学", "IMPLEMENTS", "教育提升计划"), ("上海市第二中学", "IMPLEMENTS", "教育提升计划")} <= got
    assert not any(t == "沪滇协作" for _s, _r, t in got)  # the mechanism only says whose plan it is


def test_a_programme_in_a_time_adverbial_is_not_carried_out():
    res = run("沪滇两地政协在沪滇协作由对口帮扶转向全面深化合作的关键时期，创新开展“沪滇协作 政协助力”行动。",
              home=None)
    got = rels(res, "IMPLEMENTS")
    assert ("上海市政协", "IMPLEMENTS", "沪滇协作政协助力") in got
    assert not any(t in ("沪滇协作", "对口帮扶") for _s, _r, t in got)


def test_a_document_title_without_marks_is_issued_by_the_bodies_named_before_it():
    res = run("宁夏回族自治区党委自治区人民政府关于深化闽宁协作的实施意见", home=None)
    doc = "关于深化闽宁协作的实施意见"
    assert doc in ents(res, "Program")
    assert {("宁夏回族自治区党委", "IMPLEMENTS", doc), ("宁夏回族自治区人民政府", "IMPLEMENTS", doc)} <= rels(res)
    # inside 《》 the book title is the document, issuers and all
    res = run("《国务院关于支持宁夏高质量发展的意见》", home=None)
    assert "关于支持宁夏高质量发展的意见" not in ents(res, "Program")


def test_a_mechanism_before_a_counted_programme_only_says_whose_it_is():
    res = run("沪滇两地党委、政府推动沪滇协作三个“提升计划”落地实施。", home=None)
    got = rels(res, "IMPLEMENTS")
    assert any(t == "提升计划" for _s, _r, t in got)
    assert not any(t == "沪滇协作" for _s, _r, t in got)


def test_a_partner_joined_by_联合_carries_it_out_too():
    res = run("福建省联合宁夏开展“闽货进宁”消费帮扶行动。", home=None)
    got = rels(res, "IMPLEMENTS")
    assert {("福建省", "IMPLEMENTS", "“闽货进宁”消费帮扶行动"),
            ("宁夏回族自治区", "IMPLEMENTS", "“闽货进宁”消费帮扶行动")} <= got


def test_a_signed_agreement_named_before_a_time_word():
    res = run("继4月8日上海市与云南省签署深化沪滇协作三年行动框架协议后，今天两地召开会议。", home=None)
    got = rels(res, "IMPLEMENTS")
    assert {("上海市", "IMPLEMENTS", "深化沪滇协作三年行动框架协议"), ("云南省", "IMPLEMENTS", "深化沪滇协作三年行动框架协议")} <= got


def test_a_programme_that_is_a_bodys_decision_or_task():
    res = run("他说，开展对口支援是党中央、国务院作出的重大战略决策。", home=None)
    assert {("中共中央", "IMPLEMENTS", "对口支援"), ("国务院", "IMPLEMENTS", "对口支援")} <= rels(res)
    res = run("对口支援新疆，是党中央交给广东省的一项政治任务。", home=None)
    assert ("中共中央", "IMPLEMENTS", "对口支援新疆") in rels(res)
    res = run("1994年，党中央作出对口支援西藏的重大决策。", home=None)
    assert ("中共中央", "IMPLEMENTS", "对口支援西藏") in rels(res)
    # the decisions one carries out are not one's own decision
    res = run("西安交通大学党委认真贯彻党中央关于定点扶贫工作的决策部署。", home=None)
    assert not any(s == "中共中央" for s, _t, _o in rels(res, "IMPLEMENTS"))


def test_the_mechanism_keeps_the_name_its_period_writes():
    # 定点扶贫 was renamed 定点帮扶 in 2021: each as written, like 消费扶贫 / 消费帮扶
    assert "定点扶贫" in ents(run("中国电信定点扶贫西藏自治区昌都市。", home=None), "Program")
    assert "定点帮扶" in ents(run("中国电信定点帮扶西藏自治区昌都市。", home=None), "Program")


def test_a_preposition_before_a_common_word_names_no_programme():
    res = run("华电集团将用实际行动帮扶四川省少数民族群众脱贫。", home=None)
    assert not any("行动" in p for p in ents(res, "Program"))


def test_a_quoted_campaign_before_huodong_is_named_by_its_quoted_name():
    res = run("11月27日，江苏省工商联来岚皋开展“光彩事业岚皋行”活动。", home=None)
    assert "光彩事业岚皋行" in ents(res, "Program")
    assert ("江苏省工商联", "IMPLEMENTS", "光彩事业岚皋行") in rels(res)
    assert "电网阳光助学" in ents(run("国网江苏电力落实“电网阳光助学”行动。", home=None), "Program")
    # words between the quote and 活动 stay in the name (消费扶贫“七进”活动)
    assert "消费扶贫“七进”活动" in ents(run("自治区开展消费扶贫“七进”活动。", home=None), "Program")


def test_both_sides_signing_in_the_sentence_that_names_the_pair():
    res = run("下午，召开金华市——巴中市东西部协作联席会议，双方签署《金巴协作三年行动方案》。", home=None)
    got = rels(res, "IMPLEMENTS")
    assert ("金华市", "IMPLEMENTS", "金巴协作三年行动方案") in got
    assert ("巴中市", "IMPLEMENTS", "金巴协作三年行动方案") in got


def test_the_topic_of_instructions_is_not_work_carried_out():
    res = run("为深入贯彻落实习近平总书记关于深化东西部协作和定点帮扶工作的重要指示精神，近日，宝山区委书记率队赴师宗县调研。",
              home=None)
    assert not {t for s, r, t in rels(res, "IMPLEMENTS")} & {"东西部协作", "定点帮扶"}
    # but the work itself, carried out, is
    res = run("宝山区认真落实东西部协作和定点帮扶工作。", home=None)
    assert {("宝山区", "东西部协作"), ("宝山区", "定点帮扶")} <= {(s, t) for s, r, t in rels(res, "IMPLEMENTS")}


def test_an_agreement_is_implemented_by_both_sides_that_sign_it():
    # the partner after 与, in a clause of its own before the signing verb
    res = run("杭州市将恩施农产品纳入采购目录，与恩施州签订了《山海协作消费帮扶合作协议》。", home=None)
    impl = {(s, t) for s, _r, t in rels(res, "IMPLEMENTS")}
    assert {("杭州市", "山海协作消费帮扶合作协议"), ("恩施土家族苗族自治州", "山海协作消费帮扶合作协议")} <= impl
    # respective lists: every signer on both sides
    res = run("宁波市海曙区、江北区分别与延边州和龙市、安图县签署了《携手奔小康行动协议书》。", home=None)
    impl = {s for s, _r, t in rels(res, "IMPLEMENTS") if t == "携手奔小康行动协议书"}
    assert impl == {"海曙区", "江北区", "和龙市", "安图县"}
    # pairs listed clause by clause before 分别签订
    res = run("苏州市吴江区政府与铜仁市碧江区政府，昆山市政府与万山区政府分别签订了《2020年结对帮扶协议书》。", home=None)
    impl = {s for s, _r, t in rels(res, "IMPLEMENTS") if t == "2020年结对帮扶协议书"}
    assert {"吴江区政府", "碧江区政府", "昆山市政府", "万山区政府"} <= impl


def test_a_purpose_clause_and_a_signing_ceremony():
    # 为贯彻落实《X》, A与B…: the subject after the purpose words carries out X, with its partner
    res = run("为深入贯彻落实《城乡医疗协作三年行动方案》，5月8日上午，甲市人民医院与乙县中医医院举行签约仪式。", home=None)
    got = rels(res, "IMPLEMENTS")
    assert {("甲市人民医院", "IMPLEMENTS", "城乡医疗协作三年行动方案"),
            ("乙县中医医院", "IMPLEMENTS", "城乡医疗协作三年行动方案")} <= got
    # an instruction about a mechanism is not the mechanism carried out
    res = run("为深入贯彻落实习近平总书记关于东西部协作工作的重要指示精神，近日，海淀区党政代表团到武川县考察。", home=None)
    assert not {r for r in rels(res, "IMPLEMENTS") if r[2] == "东西部协作"}
    # a programme named right before 签约仪式 is signed by both sides
    res = run("近日，杭州市第一人民医院与恩施州中心医院举行“山海协作”医联体项目签约仪式。", home=None)
    got = rels(res, "IMPLEMENTS")
    assert {("杭州市第一人民医院", "IMPLEMENTS", "“山海协作”医联体项目"),
            ("恩施州中心医院", "IMPLEMENTS", "“山海协作”医联体项目")} <= got


def test_a_quoted_agreement_signed_by_a_listed_pair():
    res = run("2016年9月，广东中山、东莞对口帮扶云南昭通，签订并启动“1+8”扶贫协作协议。", home=None)
    # both names of the list that opens the clause help (not only the last, as in A对口支援X、B对口支援Y)
    assert {("中山市", "昭通市"), ("东莞市", "昭通市")} <= {(a, b) for a, _t, b in rels(res, "ASSISTS")}
    got = rels(res, "IMPLEMENTS")
    assert {("中山市", "IMPLEMENTS", "“1+8”扶贫协作协议"), ("东莞市", "IMPLEMENTS", "“1+8”扶贫协作协议")} <= got
    res = run("济南市对口支援疏勒县、青岛市对口支援英吉沙县。", home=None)
    assert ("济南市", "ASSISTS", "英吉沙县") not in rels(res, "ASSISTS")


def test_a_signed_agreement_whose_title_opens_with_its_two_parties_is_carried_out_by_both():
    res = run("2021年，《上海市与云南省东西部协作框架协议》正式签订。")
    assert ("上海市", "IMPLEMENTS", "上海市与云南省东西部协作框架协议") in rels(res)
    assert ("云南省", "IMPLEMENTS", "上海市与云南省东西部协作框架协议") in rels(res)
    res = run("会上学习了《上海市与云南省东西部协作框架协议》。")  # not signed here: no one carries it out by it
    assert not rels(res, "IMPLEMENTS")
