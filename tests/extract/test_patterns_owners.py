"""Whose an organ or a post is when the text leaves the owner out: 自治区党委 in another province's paper,
bare 市委 in a city's own paper, units named by the titles around them. The sentences are written for the
tests; no development sentence is copied."""

from __future__ import annotations

from tests.extract.extraction_helpers import ents, rels, run, titled


def test_autonomous_region_organs_in_another_provinces_paper():
    text = ("我省第五批援疆干部出发。我省代表团抵达新疆维吾尔自治区，全省各族干部群众表示欢迎。"
            "自治区党委常委、自治区副主席王小明会见了代表团。")
    posts = titled(run(text, home="江苏省"))
    assert ("王小明", "新疆维吾尔自治区党委", "常委") in posts
    assert ("王小明", "新疆维吾尔自治区", "副主席") in posts
    # 自治 is a word, but 自治|区党委 is no verb before a district's organ
    assert not any(t.endswith("区党委") and not t.endswith("自治区党委") for _s, t, _ti in posts)


def test_my_city_before_a_county_is_that_countys_city():
    text = ("湖州市代表团来我市考察。双方座谈时，湖州市委书记李明说，湖州市与我市通江县结对帮扶成效明显。"
            "市委副书记王刚主持座谈会。")
    res = run(text, home=None)
    posts = titled(res)
    assert ("王刚", "巴中市委", "副书记") in posts  # 通江县 lies in 巴中市: the paper's own city
    assert ("李明", "湖州市委", "书记") in posts
    # without a place after 我市 the most named city stays the owner, as before
    res = run("湖州市代表团来我市考察。湖州市委书记李明讲话。市委副书记王刚主持座谈会。", home=None)
    assert ("王刚", "湖州市委", "副书记") in titled(res)


def test_a_company_named_by_its_chairman_is_learnt_for_the_whole_document():
    text = ("市政协主席陈军，华信科工党委书记、董事长王宏等出席捐赠仪式。"
            "华信科工受邀参加，并现场向四川省甘孜州石渠县捐赠扶贫资金60万元。")
    res = run(text, home=None)
    assert {"华信科工", "华信科工党委"} <= ents(res, "Agency")
    assert ("王宏", "华信科工", "董事长") in titled(res)
    assert ("华信科工", "FUNDS", "石渠县") in rels(res, "FUNDS")
    # a title's own words are no company (常务副总经理), nor is a unit with a suffix of its own
    res = run("会上，常务副总经理李明讲话。", home=None)
    assert not ents(res, "Agency")


def test_a_clause_opening_with_bing_goes_on_with_the_subject_just_before():
    res = run("南山区委、区政府举办扶贫日活动，华信集团受邀参加，并现场向石渠县捐赠扶贫资金60万元。", home=None)
    assert rels(res, "FUNDS") == {("华信集团", "FUNDS", "石渠县")}


def test_no_subject_inside_a_frame_or_a_dateline():
    text = ("据介绍，在上海市和云南省各级党委、政府的领导下，嘉定区委针对镇雄县的脱贫需求，"
            "全力实施“百企帮百村”工程。")
    res = run(text, home=None)
    assert ("嘉定区委", "IMPLEMENTS", "“百企帮百村”工程") in rels(res, "IMPLEMENTS")
    assert not any(s in ("上海市", "云南省") for s, _r, _t in rels(res))
    res = run("新镇雄讯【记者 王芳】5月8日，华信集团董事长李明一行赴镇雄县开展定点帮扶调研。", home=None)
    assert ("华信集团", "ASSISTS", "镇雄县") in rels(res, "ASSISTS")
    assert not any(s == "镇雄县" for s, _r, _t in rels(res, "IMPLEMENTS"))


def test_a_province_then_a_descriptor_then_its_county_stands_for_the_county():
    res = run("目前，华信集团帮扶的云南省深度贫困县镇雄县已经脱贫摘帽。", home=None)
    assert rels(res, "ASSISTS") == {("华信集团", "ASSISTS", "镇雄县")}
    # a county of another province after the descriptor is not narrowed to
    res = run("华信集团帮扶的云南省贫困县从江县已经脱贫。", home=None)
    assert ("华信集团", "ASSISTS", "云南省") in rels(res, "ASSISTS")


def test_a_team_leaders_title_ending_like_a_unit_is_no_part_of_the_team():
    text = "江苏省第十批援疆工作队总领队、伊犁州党委副书记张明到霍城县调研。"
    res = run(text, home="江苏省")
    assert "江苏省第十批援疆工作队" in ents(res, "Agency")
    assert not any(n.endswith("领队") for n in ents(res))


def test_money_of_a_helped_place_and_money_handed_to_a_bureau_with_a_part():
    res = run("温州新增帮扶黔东南财政资金2亿元", home=None)
    assert rels(res, "FUNDS") == {("温州市", "FUNDS", "黔东南苗族侗族自治州")}
    res = run("5月8日，温州市财政局将新增财政援助资金2亿元划拨到黔东南州财政局（其中定向支持从江县脱贫攻坚3000万元）。",
              home=None)
    got = {(r["source"]["name"], r["target"]["name"], r.get("amount_yuan")) for r in res["relations"]
           if r["type"] == "FUNDS"}
    assert ("温州市财政局", "黔东南州财政局", 200000000) in got
    assert ("温州市财政局", "从江县", 30000000) in got


def test_a_headlines_sum_for_a_region_is_the_bodys_sum_for_a_place_in_it():
    text = ("华信集团捐款300万元助力云南镇雄脱贫攻坚\n"
            "5月8日，华信集团向镇雄县以勒镇新民村捐款300万元，用于该村建设光伏电站。")
    funds = {(r["source"]["name"], r["target"]["name"]) for r in run(text, home=None)["relations"]
             if r["type"] == "FUNDS"}
    assert ("华信集团", "新民村") in funds
    assert not any(t in ("镇雄县", "云南省") for _s, t in funds)
    # two sentences of the body naming both levels keep both
    text = ("华信集团向镇雄县捐款300万元。\n其中，华信集团向镇雄县以勒镇新民村捐款300万元，用于该村建设光伏电站。")
    funds = {(r["source"]["name"], r["target"]["name"]) for r in run(text, home=None)["relations"]
             if r["type"] == "FUNDS"}
    assert {("华信集团", "镇雄县"), ("华信集团", "新民村")} <= funds


def test_a_western_place_before_aid_money_after_an_eastern_subject_receives_it():
    res = run("2021年福建省到位宁夏回族自治区财政援助资金5亿元。", home=None)
    assert ("福建省", "FUNDS", "宁夏回族自治区") in rels(res, "FUNDS")
    assert not any(s == "宁夏回族自治区" for s, _r, _t in rels(res, "FUNDS"))
    # the helper's own money named after a western subject stays the helper's
    res = run("今年固原市到位福建省财政援助资金5亿元。", home=None)
    assert ("福建省", "FUNDS", "固原市") in rels(res, "FUNDS")


def test_a_citys_development_zone_is_a_county_level_area():
    res = run("天津经开区与会宁县签订结对帮扶协议。", home=None)
    assert "天津经济技术开发区" in ents(res, "Region")
    assert ("天津经济技术开发区", "ASSISTS", "会宁县") in rels(res, "ASSISTS")
    assert "天津港保税区" in ents(run("天津港保税区向张家川县捐赠帮扶资金100万元。", home=None), "Agency")


def test_a_designated_assistance_relationship_is_a_pairing():
    res = run("华北电力大学与镇康县建立定点帮扶关系以来，累计投入资金800万元。", home=None)
    assert ("华北电力大学", "ASSISTS", "镇康县") in rels(res, "ASSISTS")
    assert ("华北电力大学", "FUNDS", "镇康县") in rels(res, "FUNDS")


def test_a_districts_own_units_raise_the_districts_money():
    res = run("嘉定区各街镇、企业共为镇雄县募集帮扶资金610万元。", home=None)
    assert ("嘉定区", "FUNDS", "镇雄县") in rels(res, "FUNDS")
    assert not any(n.startswith("各") for n in ents(res))  # 各街镇 is no township
    assert not rels(run("各企业共为镇雄县募集帮扶资金610万元。", home=None), "FUNDS")  # unnamed payers


def test_our_school_is_the_university_whose_news_site_the_dateline_names():
    text = ("校领导赴镇康县调研\n"
            "中国农大新闻网讯（记者 王明）5月8日，校党委书记李强率团赴我校定点帮扶的云南省临沧市镇康县考察调研。")
    res = run(text, home=None)
    assert ("中国农业大学", "ASSISTS", "镇康县") in rels(res, "ASSISTS")
    assert ("李强", "中国农业大学党委", "书记") in titled(res)
    # a dateline naming no school the lexicon knows gives 我校 no owner
    res = run("新华网讯 5月8日，我校定点帮扶的镇康县脱贫摘帽。", home=None)
    assert not rels(res, "ASSISTS")


def test_money_right_after_the_helped_place():
    res = run("2019年嘉定区累计帮扶镇雄县2100万元。", home=None)
    got = {(r["source"]["name"], r["target"]["name"], r.get("amount_yuan")) for r in res["relations"]
           if r["type"] == "FUNDS"}
    assert got == {("嘉定区", "镇雄县", 21000000)}
    # a count between the place and the figure is no recipient's money
    assert not rels(run("嘉定区帮扶镇雄县3个乡镇1200万元。", home=None), "FUNDS")


def test_a_region_never_helps_a_place_inside_it():
    res = run("昭通市镇雄县今年获得嘉定区帮扶资金500万元。昭通市帮扶镇雄县发展产业。", home=None)
    assert not any(s == "昭通市" for s, _r, _t in rels(res))
    res = run("广东省广州市天河区对口帮扶贵州省毕节市七星关区。", home=None)
    assert ("天河区", "ASSISTS", "七星关区") in rels(res, "ASSISTS")
    assert not any(t in ("广州市", "天河区") for _s, _r, t in rels(res, "ASSISTS"))


def test_counties_counted_by_their_short_forms_and_a_since_frame():
    res = run("自1996年天津市对口支援和田地区策勒、于田、民丰三县以来，累计投入资金30亿元。", home=None)
    assert {("天津市", "ASSISTS", c) for c in ("策勒县", "于田县", "民丰县")} <= rels(res, "ASSISTS")
    assert ("天津市", "FUNDS", "民丰县") in rels(res, "FUNDS")
    # a frame's passive subject is not the subject of the main clause
    res = run("自2015年镇康县被确定为华北电力大学定点扶贫县以来，华北电力大学党委推动定点帮扶镇康县脱贫。", home=None)
    assert ("华北电力大学党委", "ASSISTS", "镇康县") in rels(res, "ASSISTS")


def test_money_put_into_a_named_project_funds_the_project():
    res = run("华信集团出资300万元建设镇雄县乡村旅游驿站基础设施项目。", home=None)
    got = {(r["source"]["name"], r["target"]["name"], r.get("amount_yuan")) for r in res["relations"]
           if r["type"] == "FUNDS"}
    assert got == {("华信集团", "镇雄县乡村旅游驿站基础设施项目", 3000000)}
    # a facility named by its size is no programme
    res = run("华信集团出资200万元建设100千瓦光伏发电项目。", home=None)
    assert not ents(res, "Program")


def test_an_eastern_provinces_money_spent_by_the_western_subject():
    res = run("广西不断深化粤桂东西部协作。累计投入广东省财政帮扶资金17亿元，实施帮扶项目300个。", home=None)
    assert ("广东省", "FUNDS", "广西壮族自治区") in rels(res, "FUNDS")
    assert not any(s == "广西壮族自治区" for s, _r, _t in rels(res, "FUNDS"))
    # an eastern subject putting money into the place right after the verb, as before
    res = run("北京市今年投入兴安盟帮扶资金3亿元。", home=None)
    assert ("北京市", "FUNDS", "兴安盟") in rels(res, "FUNDS")


def test_a_team_named_for_the_place_it_serves_assists_and_funds_it():
    res = run("厦门市对口支援吉木萨尔县工作前方指挥部今年投入资金3000万元。", home=None)
    assert ("厦门市对口支援吉木萨尔县工作前方指挥部", "ASSISTS", "吉木萨尔县") in rels(res, "ASSISTS")
    assert ("厦门市对口支援吉木萨尔县工作前方指挥部", "FUNDS", "吉木萨尔县") in rels(res, "FUNDS")
    # a province in the name says too little
    res = run("天津市对口支援甘肃工作前方指挥部总指挥李强讲话。", home=None)
    assert not rels(res, "ASSISTS")
    res = run("中粮集团驻修水县帮扶工作队投入资金100万元。", home=None)
    assert ("中粮集团驻修水县帮扶工作队", "FUNDS", "修水县") in rels(res, "FUNDS")
    assert not rels(run("青岛市驻陇南工作组积极协调企业到陇南投资。", home=None), "ASSISTS")  # 驻 alone: no aid


def test_the_centre_alone_before_its_acts_is_the_party_centre():
    assert ("中共中央", "IMPLEMENTS", "对口援藏") in rels(run("今年是中央实施对口援藏政策30周年。", home=None))
    assert "中共中央" in ents(run("按照中央关于东西部协作的部署，福州市对口帮扶定西市。", home=None), "Agency")
    assert "中共中央" not in ents(run("中央单位定点帮扶工作会议召开。", home=None))


def test_a_brand_opening_what_the_money_builds_is_no_recipient():
    res = run("华润慈善基金会向广昌县捐赠500万元，用于华润希望小镇建设。", home=None)
    assert rels(res, "FUNDS") == {("华润慈善基金会", "FUNDS", "广昌县")}


def test_posts_in_a_clause_on_the_person_before_the_name():
    res = run("挂任秀山县委常委、副县长的庆云县干部张建国介绍了情况。", home=None)
    assert ("张建国", "秀山县委", "常委") in titled(res)
    assert ("张建国", "秀山土家族苗族自治县", "副县长") in titled(res)


def test_a_list_of_dash_joined_pairs_after_its_pairing_word():
    res = run("浦东新区各镇与大理州各县的结对关系为：罗店镇—宾川县、月浦镇—弥渡县。", home=None)
    assert {("罗店镇", "ASSISTS", "宾川县"), ("月浦镇", "ASSISTS", "弥渡县")} <= rels(res, "ASSISTS")
    # a dash between two places without a pairing word before them is no pair
    assert not rels(run("考察路线为：罗店镇—宾川县、月浦镇—弥渡县。", home=None), "ASSISTS")


def test_works_built_listed_as_examples_are_no_organisations():
    res = run("三年来，援疆项目120个，完成了以拜城县人民医院、温州中学为代表的一大批标志性工程。", home=None)
    assert not ents(res, "Agency")
    assert "拜城县人民医院" in ents(run("拜城县人民医院与温州市人民医院签订协议。", home=None), "Agency")


def test_a_kind_of_organisation_is_no_name():
    res = run("将天津当地公司的用工需求信息发至宕昌县扶贫办，组织有关企业到宕昌县考察。", home=None)
    assert ents(res, "Agency") == {"宕昌县扶贫办"}


def test_a_western_place_welcoming_an_eastern_places_aid_cadres_is_helped_by_it():
    res = run("乌恰县举行欢迎无锡市援疆干部人才大会。", home=None)
    assert ("无锡市", "ASSISTS", "乌恰县") in rels(res, "ASSISTS")
    assert not rels(run("北京市欢迎内蒙古自治区代表团。", home=None), "ASSISTS")


def test_a_name_the_dictionary_knows_as_a_name_before_the_person_speaks():
    assert "王明" in ents(run("村民王明介绍了村里的变化。", home=None), "Person")
    assert not ents(run("村里的老人养老有了保障。", home=None), "Person")


def test_a_universitys_department_named_with_yu():
    res = run("北京大学经济与管理学院与弥渡县签订帮扶协议。", home=None)
    assert "北京大学经济与管理学院" in ents(res, "Agency")
    assert not ents(run("教育与卫生学院举行活动。", home=None), "Agency")  # no university before it


def test_a_ministrys_office_after_its_name_is_its_own_unit():
    res = run("6月3日，民政部扶贫办组织专家赴屏山县开展定点帮扶调研。", home=None)
    assert "民政部扶贫办" in ents(res, "Agency")
    assert ("民政部扶贫办", "ASSISTS", "屏山县") in rels(res, "ASSISTS")


def test_the_school_in_a_universitys_own_news_owns_its_offices():
    text = ("校党委书记赴定点帮扶县调研\n"
            "5月8日，由学校党委书记张立带队，学校财务处、后勤处负责人赴四川大学定点帮扶的甘洛县调研。"
            "四川大学继续教育学院、学校相关部门负责人参加座谈。")
    res = run(text, home=None)
    assert ("张立", "四川大学党委", "书记") in titled(res)
    agencies = ents(res, "Agency")
    assert "四川大学财务处" in agencies  # 学校 + an office: the university's (not its department's)
    assert not any(a.startswith("继续教育学院") for a in agencies)
    assert not any(a.endswith("相关部") for a in agencies)  # 学校相关部门 names no office
    # a city's 处 or 部 stays unnamed without its bureau
    assert not any(a.endswith("人事处") for a in ents(run("市人事处处长王明表示欢迎。", home=None), "Agency"))


def test_a_place_in_a_foundations_name_owns_nothing_listed_after_it():
    res = run("县民政局组织上海春晖公益基金会、美团公司向该县捐赠物资。", home=None)
    agencies = ents(res, "Agency")
    assert {"上海春晖公益基金会", "美团公司"} <= agencies
    assert "上海市美团公司" not in agencies
    # a government organ's list still shares its place (市发改委、财政局)
    assert "北京市财政局" in ents(run("北京市发展改革委、财政局负责人出席。", home=None), "Agency")


def test_the_company_opening_a_clause_before_its_officers_name_and_title():
    text = "中粮集团定点帮扶江孜县。9月5日，集团李建国董事长一行赴江孜县调研，公司赵晓明总经理陪同。"
    posts = titled(run(text, home=None))
    assert ("李建国", "中粮集团", "董事长") in posts
    assert ("赵晓明", "中粮集团", "总经理") in posts
    # with no company named before, 集团 names nobody's
    assert not titled(run("9月5日，集团李建国董事长一行赴江孜县调研。", home=None))


def test_a_democratic_partys_committee_with_the_level_character():
    res = run("民盟广西区委会向那坡县捐赠物资。", home=None)
    assert "民盟广西区委会" in ents(res, "Agency")
    assert not any(a.endswith("自治区党委") for a in ents(res, "Agency"))


def test_a_joining_word_and_another_place_end_an_organs_name():
    res = run("上海市政协携手云南省政协开展调研。", home=None)
    assert {"上海市政协", "云南省政协"} <= ents(res, "Agency")
    # a team named for the place it serves keeps that place (佛山对口凉山…工作组)
    assert "广东佛山对口凉山扶贫协作工作组" in ents(run("广东佛山对口凉山扶贫协作工作组组长王明讲话。", home=None), "Agency")


def test_a_wider_place_after_a_narrower_one_owns_the_organ():
    res = run("捐赠仪式在南宁市广西壮族自治区红十字会举行，自治区红十字会党组书记王芳出席。", home=None)
    agencies = ents(res, "Agency")
    assert "广西壮族自治区红十字会" in agencies
    assert not any(a.startswith("南宁市广西") for a in agencies)
    # places written from wide to narrow still name the last one's organ (山东省德州市庆云县委)
    assert "庆云县委" in ents(run("山东省德州市庆云县委书记王刚出席。", home=None), "Agency")


def test_the_head_of_a_body_after_its_party_groups_post():
    posts = titled(run("广西壮族自治区红十字会党组书记、常务副会长李芳出席。"
                       "广西壮族自治区人民医院党委书记、院长陈刚出席。", home=None))
    assert ("李芳", "广西壮族自治区红十字会", "常务副会长") in posts
    assert ("陈刚", "广西壮族自治区人民医院", "院长") in posts


def test_a_mongolian_familys_one_character_surname():
    posts = titled(run("乌兰察布市委副书记、市长奇伟东参加调研。", home=None))
    assert ("奇伟东", "乌兰察布市", "市长") in posts


def test_a_bodys_other_name_in_brackets_before_its_officers_name_and_title():
    posts = titled(run("签约仪式由广西壮族自治区妇幼保健院(广西儿童医院)李晓红副院长主持。", home=None))
    assert ("李晓红", "广西壮族自治区妇幼保健院", "副院长") in posts


def test_the_hospital_in_its_own_news_owns_我院_its_head_and_its_office():
    text = ("我院与喀什地区第一人民医院签署对口支援协议\n"
            "3月2日，复旦大学附属华山医院与喀什地区第一人民医院签署协议。院长毛颖，院办主任张华出席。")
    res = run(text, home=None)
    posts = titled(res)
    assert ("毛颖", "复旦大学附属华山医院", "院长") in posts
    assert ("张华", "复旦大学附属华山医院院办", "主任") in posts
    assert not any(t.endswith("院办") and not t.startswith("复旦") for _p, t, _ti in posts)


def test_a_two_character_name_before_its_title_after_the_body():
    posts = titled(run("广西壮族自治区妇幼保健院(广西儿童医院)陈军院长等领导参会，自治区民政厅王芳副厅长主持。", home=None))
    assert ("陈军", "广西壮族自治区妇幼保健院", "院长") in posts
    assert ("王芳", "广西壮族自治区民政厅", "副厅长") in posts


def test_a_universitys_own_units_in_its_own_news():
    text = ("近日，我校党委书记王洪带队赴雷山县调研。校帮扶工作组组长、工会副主席李丽，党委宣传部部长赵刚，"
            "图书馆馆长孙敏等同行。学校成立乡村振兴工作领导小组。雷山县委常委、宣传部部长杨光陪同。"
            "厦门大学向雷山县捐赠图书。")
    res = run(text, home=None)
    posts = {(s, t) for s, t, _ in titled(res)}
    assert {("李丽", "厦门大学帮扶工作组"), ("李丽", "厦门大学工会"), ("赵刚", "厦门大学党委宣传部"),
            ("孙敏", "厦门大学图书馆")} <= posts
    assert ("杨光", "厦门大学宣传部") not in posts  # the county committee's department
    assert not any("成立" in n for n in ents(res, "Agency"))
    # a county's news about a university's help: a bare department is not the school's
    res = run("厦门大学向雷山县捐赠图书。组织部部长赵刚出席。", home=None)
    assert "厦门大学组织部" not in ents(res, "Agency")


def test_a_committees_office_written_short_before_its_head():
    res = run("科左中旗旗委书记张三出席。旗委常委、旗委办主任李四陪同。", home=None)
    assert ("李四", "科尔沁左翼中旗委办") in {(s, t) for s, t, _ in titled(res)}


def test_a_roster_of_seconded_cadres_gives_each_name_its_own_posts():
    res = run("天津市财政局预算处处长刘明挂任甘肃省财政厅预算处副处长，甘肃省水利厅总工程师陈刚挂任天津市水务局副总工程师。",
              home=None)
    posts = {(s, t) for s, t, _ in titled(res)}
    assert {("陈刚", "甘肃省水利厅"), ("陈刚", "天津市水务局")} <= posts
    assert ("陈刚", "甘肃省财政厅预算处") not in posts
    assert not any("总工程" in n for n in ents(res, "Program"))


def test_a_name_before_a_passive_or_an_adverb():
    res = run("去年，海淀区干部张文涛被组织派到科右中旗挂职。杭州市委书记周江勇刚刚前来调研。", home=None)
    assert {"张文涛", "周江勇"} <= ents(res, "Person")
