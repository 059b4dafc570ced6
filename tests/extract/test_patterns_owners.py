"""Whose an organ or a post is when the text leaves the owner out: 自治区党委 in another province's paper,
bare 市委 in a city's own paper, units named by the titles around them. The sentences are written for the
tests; no development sentence is copied."""

from __future__ import annotations

from tests.extract.extraction_helpers import run, titled


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
