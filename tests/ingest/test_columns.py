"""Two-column page text read column by column (kg.ingest.columns), offsets kept; tables and prose untouched."""

from __future__ import annotations

from kg.ingest import document_from_text
from kg.ingest.columns import split_columns
from kg.ingest.textedit import identity_offsets

LEFT = ["西城区与鄂伦春自治旗建立协作关系，", "两地不断深化产业协作、医疗卫生、", "教育共建、人才交流等方面合作。"]
RIGHT = ["西城区各部门不断加大帮扶资金投入，", "共投入协作资金2500万元，用于温室", "大棚建设和肉牛养殖场建设。"]
PAGE = "综述\n\n" + "\n".join(f"    {a}            {b}" for a, b in zip(LEFT, RIGHT, strict=True)) + "\n\n结语。\n"


def test_a_two_column_block_is_read_left_column_first_and_keeps_its_offsets():
    text, origin = split_columns(PAGE, identity_offsets(len(PAGE) + 1))
    left_end = max(text.index(x) + len(x) for x in LEFT)
    assert all(text.index(x) < left_end for x in LEFT) and all(text.index(x) > left_end for x in RIGHT)
    assert len(origin) == len(text) + 1
    for i, ch in enumerate(text):
        if ch != "\n":
            assert PAGE[origin[i]] == ch
    # the document sees whole sentences: the money goes with the right column's own subject
    doc = document_from_text(PAGE, "p.txt")
    assert any("共投入协作资金2500万元，用于温室大棚建设" in doc.sentence_text(s)
               for a in doc.articles for s in a.sentences)


def test_tables_and_ordinary_lines_are_left_alone():
    table = "项目名称        金额\n温室大棚        300万元\n肉牛养殖        200万元\n冷库建设        100万元\n"
    assert split_columns(table, identity_offsets(len(table) + 1))[0] == table
    prose = "第一段文字没有分栏。\n第二段文字也没有。\n"
    assert split_columns(prose, identity_offsets(len(prose) + 1))[0] == prose
