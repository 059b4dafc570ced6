"""Roster lines (NAME ORG TITLE，任 PLACE “TITLE”): the name first, then its posts; the places and bodies they
name (sentences written for the tests)."""

from __future__ import annotations

from tests.extract.extraction_helpers import ents, rels, run


def posts(res, who):
    return {t for s, _r, t in rels(res, "HOLDS_POSITION") if s == who}


def test_a_roster_line_names_the_person_before_the_posts():
    res = run("王一 福建华达建材集团有限公司党委书记，任下洋镇洋头村“名誉村长”；", home=None)
    assert posts(res, "王一") == {"福建华达建材集团有限公司党委", "洋头村"}
    res = run("陈二 厦门恒达科技有限公司副总裁，任大坪风景区管理处杨家村“名誉村长”。", home=None)
    assert posts(res, "陈二") == {"厦门恒达科技有限公司", "杨家村"}
    assert "大坪风景区管理处" in ents(res, "Agency")
    # a time word or a verb opening a sentence is no name
    assert not posts(run("今年 福建省委书记林三出席会议。", home=None), "今年")


def test_a_companys_party_committee_with_its_province_before_it():
    res = run("浙江恒信股份有限公司党委书记赵四出席。", home=None)
    assert posts(res, "赵四") == {"浙江恒信股份有限公司党委"}


def test_a_village_right_after_its_township_may_open_with_a_function_character():
    res = run("考察团走访了龙凤镇向家村、三岔镇和平村。", home=None)
    assert {"向家村", "和平村"} <= ents(res, "Region")
    assert "的农村" not in ents(run("龙凤镇的农村发展很快。", home=None), "Region")


def test_names_listed_before_a_levels_leaders_are_its_leaders():
    res = run("翁牛特旗召开座谈会。旗委书记赵一主持。赵一、钱二、乌力吉图、白河、孙三等旗领导及各部门负责人参加。",
              home=None)
    for who in ("钱二", "乌力吉图", "白河", "孙三"):
        assert posts(res, who) == {"翁牛特旗"}, who
    assert posts(res, "赵一") >= {"翁牛特旗委"}
    # the list ends at the first item that is no name; a post-holder keeps the posts written before the name
    res = run("翁牛特旗召开座谈会。会议由旗长周五主持，各苏木镇、钱二等旗领导出席。", home=None)
    assert posts(res, "钱二") == {"翁牛特旗"} and "各苏木镇" not in ents(res, "Person")
    assert posts(res, "周五") == {"翁牛特旗"}
