"""Ingest: decoding, t2s with offsets, PDF-damage repair, segmentation, formats, discover()."""

from __future__ import annotations

import os

import pytest

from kg.errors import IngestError, KgError
from kg.ingest import discover, document_from_text, load_document

ZH = "北京市党政代表团深入我区赤峰市考察，对接落实京蒙扶贫协作工作。\n"


def sentences(doc):
    return [doc.text[s.start : s.end] for a in doc.articles for s in a.sentences]


def write(tmp_path, name, data: bytes):
    p = tmp_path / name
    p.write_bytes(data)
    return p


# ------------------------------------------------------------------ decoding


@pytest.mark.parametrize(
    "enc,expected",
    [("gbk", "gbk"), ("gb18030", "gb18030"), ("utf-16", "utf-16"), ("utf-8-sig", "utf-8-sig"), ("utf-8", "utf-8")],
)
def test_encodings(tmp_path, enc, expected):
    text = ZH * 3
    if enc == "gb18030":
        text += "𠀀字\n"  # outside GBK: needs GB18030's four-byte form
    doc = load_document(write(tmp_path, "a.txt", text.encode(enc)), "a.txt")
    assert doc.encoding == expected
    assert "京蒙扶贫协作工作" in doc.text
    assert not doc.warnings


def test_short_gbk_is_not_mistaken(tmp_path):
    for s in ("扶贫", "京蒙协作", "兴和县", "内蒙古自治区民政厅"):
        doc = load_document(write(tmp_path, "s.txt", s.encode("gbk")), "s.txt")
        assert doc.text == s, s


def test_utf16_without_bom(tmp_path):
    for enc in ("utf-16-le", "utf-16-be"):
        doc = load_document(write(tmp_path, "u.txt", (ZH * 2).encode(enc)), "u.txt")
        assert "赤峰市" in doc.text
        doc = load_document(write(tmp_path, "v.txt", "北京市帮扶赤峰市".encode(enc)), "v.txt")
        assert doc.text == "北京市帮扶赤峰市"


def test_truncated_gbk_keeps_text_and_warns(tmp_path):
    data = (ZH + "帮扶资金").encode("gbk")[:-1]
    doc = load_document(write(tmp_path, "t.txt", data), "t.txt")
    assert doc.text.endswith("帮扶资")
    assert any("truncated" in w for w in doc.warnings)


@pytest.mark.parametrize(
    "data,reason",
    [
        (b"", "empty"),
        (b"  \n\t\r\n ", "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4, "binary"),
        (bytes(range(1, 32)) * 50, "binary"),
    ],
)
def test_bad_files(tmp_path, data, reason):
    with pytest.raises(IngestError) as e:
        load_document(write(tmp_path, "b.txt", data), "b.txt")
    assert reason in str(e.value)
    assert "\n" not in str(e.value)


def test_undecodable_is_one_line(tmp_path):
    with pytest.raises(IngestError) as e:
        load_document(write(tmp_path, "u.txt", b"\x81\x20" * 200 + b"\xff\xfe\xfd" * 100), "u.txt")
    assert "\n" not in str(e.value)


def test_missing_file_is_ingest_error(tmp_path):
    with pytest.raises(IngestError):
        load_document(tmp_path / "nope.txt", "nope.txt")


# ------------------------------------------------------------------ traditional -> simplified


def test_traditional_offsets_map_to_original():
    raw = "千裡共敘京蒙情\n\n興和縣鄉村振興局對盧家營生態旅遊小鎮進行重點扶持，共投入扶持資金6020萬元。"
    doc = document_from_text(raw, "t")
    assert "兴和县乡村振兴局" in doc.text
    assert "6020万元" in doc.text
    i = doc.text.index("兴和县")
    a, b = doc.original_span(i, i + 3)
    assert raw[a:b] == "興和縣"
    assert any("traditional" in w for w in doc.warnings)


def test_simplified_text_is_not_over_converted():
    raw = "乾隆年间，著名学者于是著书立说；乾坤未定。扶貧工作。"
    doc = document_from_text(raw, "s")
    assert "乾隆" in doc.text and "著名" in doc.text and "于是" in doc.text and "乾坤" in doc.text
    assert "扶贫工作" in doc.text  # a stray traditional-only character is still mapped


def test_pinyin_glosses_of_web_converters_removed():
    raw = "閩(mǐn)寧協(xié)作結(jié)出碩果，福建省共選派幹(gàn)部100名(a)，見附件(2020)。"
    doc = document_from_text(raw, "g")
    assert "闽宁协作结出硕果，福建省共选派干部100名" in doc.text
    assert "(a)" in doc.text and "(2020)" in doc.text  # no tone mark: not a gloss
    i = doc.text.index("协作")
    a, b = doc.original_span(i, i + 2)
    assert raw[a:b] == "協(xié)作"


def test_variant_characters_no_table_maps():
    doc = document_from_text("苏陜协作在陜西开展，赤峯市。", "v")
    assert doc.text.startswith("苏陕协作在陕西开展，赤峰市")


# ------------------------------------------------------------------ repair


def test_spaced_out_cjk_and_digits_closed_up():
    raw = "加 快 实 现 城 乡 救 助 服 务 均 等 化 。\n\n负责人：2020 年 2 月 26 日，协调资金 650 万元用于建设。Inner Mongolia 2020 plan。"
    doc = document_from_text(raw, "s")
    assert "加快实现城乡救助服务均等化。" in doc.text
    assert "2020年2月26日" in doc.text
    assert "协调资金650万元用于建设" in doc.text
    assert "Inner Mongolia 2020 plan" in doc.text


def test_a_roster_lines_name_keeps_its_space():
    raw = "名单如下：\n\n王一 福建华达建材集团有限公司总经理，任下洋镇洋头村“名誉村长”；\n\n加 快 实 现 城 乡 救 助。"
    doc = document_from_text(raw, "s")
    assert "王一 福建华达建材集团有限公司总经理" in doc.text  # the space ends the name
    assert "加快实现城乡救助。" in doc.text  # spaced-out characters are still closed up


def test_jump_markers_removed():
    raw = (
        "各地要落实好帮扶政策。 ■下转第6版\n\n■下转第6版\n\n■上接第1版 继续推进工作。\n"
        "■详见第 3 版\n（下转第2版）\n下一步工作（上接第1版）持续推进。\n"
    )
    doc = document_from_text(raw, "j")
    for bad in ("转第", "接第", "详见", "版", "■"):
        assert bad not in doc.text
    assert "继续推进工作。" in doc.text


def test_photo_credit_removed():
    raw = (
        "图为北京市党政代表团在赤峰市林西县考察。 本报记者 袁永红 摄\n\n"
        "演练开始，各单位积极响应号召参与活动。\n\n本 报 记 者 李 新 军 实 习 生\n刘波 刘树泉 摄\n\n"
        "下一段落正文内容在这里。\n"
    )
    doc = document_from_text(raw, "p")
    assert "摄" not in doc.text
    assert "袁永红" not in doc.text and "刘树泉" not in doc.text and "李新军" not in doc.text
    assert "图为北京市党政代表团在赤峰市林西县考察。" in doc.text
    assert "下一段落正文内容在这里。" in doc.text


def test_line_broken_inside_a_name_rejoined():
    raw = (
        "中共中央政治局委员、北京市委\n书记蔡奇，北京市委副书记、市长陈吉宁\n与自治区党委书记、人大常委会主任石\n"
        "泰峰，自治区党委副书记、自治区主席布\n小林等一同考察并座谈。\n"
    )
    doc = document_from_text(raw, "n")
    assert "石泰峰" in doc.text and "布小林" in doc.text and "北京市委书记蔡奇" in doc.text
    assert len(sentences(doc)) == 1


def test_blank_line_inside_a_sentence_rejoined():
    raw = (
        "负责人：2020年2月26日，中共中央政治局常委会会议审议批\n准了《党委\n\n（党组）落实全面从严治党主体责任规\n\n"
        "定》，3月9日，中央办公厅予以发布。\n"
    )
    doc = document_from_text(raw, "b")
    assert "《党委（党组）落实全面从严治党主体责任规定》" in doc.text
    assert len(sentences(doc)) == 1


def test_masthead_and_pinyin_heads_removed():
    raw = (
        "内蒙古日报社出版 国内统一刊号：CN15-0002 邮发代号：15-1\n\n今日8版\n\n第25985期\n\n2020年8月26日\n"
        "庚子年七月初八 星期三\n\nZHUANGMEINEIMENGGUBEIJIANG\n\n正文第一句话在这里。\n"
    )
    doc = document_from_text(raw, "m")
    assert doc.date == "2020-08-26"
    assert doc.text == "正文第一句话在这里。"


def test_offsets_round_trip_for_unchanged_chars():
    raw = "本 报 记 者 张 三\n\n北京市帮扶\n赤峰市，投入 650 万元。 ■下转第6版\n"
    doc = document_from_text(raw, "o")
    assert len(doc.origin) == len(doc.text) + 1
    assert doc.origin[-1] == len(raw)
    for i, ch in enumerate(doc.text):
        if ch not in "\n ":
            assert raw[doc.origin[i]] == ch
    assert list(doc.origin) == sorted(doc.origin)


# ------------------------------------------------------------------ segmentation


PAGE = """内蒙古日报
2020年8月26日 星期三

北京市党政代表团来我区考察

本报8月25日讯 （记者 章奎）8月24日至25日，北京市党政代表团深
入我区赤峰市考察，对接落实京蒙扶贫协作工作，助力内蒙古如期打赢脱贫攻
坚战。蔡奇、石泰峰作了讲话。

社会救助制度改革意见印发

新华社北京8月24日电 近日，中共中央办公厅、国务院办公厅印发了《关于改
革完善社会救助制度的意见》。意见要求各地结合实际认真贯彻落实。

定点帮扶情深

□本报记者 及庆玲

跨越千里，中央单位定点帮扶的暖风吹向北疆草原。全国社保基金理事会协调资金
650 万元用于兴和县基础医疗设备配置。
"""


def test_page_with_three_articles():
    doc = document_from_text(PAGE, "page")
    assert doc.date == "2020-08-26"
    arts = doc.articles
    assert [a.title for a in arts] == ["北京市党政代表团来我区考察", "社会救助制度改革意见印发", "定点帮扶情深"]
    assert arts[0].dateline == "本报8月25日讯" and arts[0].byline == "记者章奎" and arts[0].date == "2020-08-25"
    assert arts[1].dateline == "新华社北京8月24日电" and arts[1].date == "2020-08-24"
    assert arts[2].byline == "本报记者 及庆玲" and arts[2].date == "2020-08-26"
    s0 = [doc.text[s.start : s.end] for s in arts[0].sentences]
    assert "8月24日至25日，北京市党政代表团深入我区赤峰市考察，对接落实京蒙扶贫协作工作，助力内蒙古如期打赢脱贫攻坚战。" in s0
    assert not any("本报" in s or "章奎" in s for s in s0)
    s2 = [doc.text[s.start : s.end] for s in arts[2].sentences]
    assert "全国社保基金理事会协调资金650万元用于兴和县基础医疗设备配置。" in s2
    assert not any("及庆玲" in s for s in s2)
    for a, b in zip(arts, arts[1:], strict=False):
        assert a.end <= b.start
        for s in a.sentences:
            assert a.start <= s.start < s.end <= a.end


def test_sentence_split_keeps_closing_quotes():
    doc = document_from_text("他说：“我们要做好帮扶工作。”随后离开！真的吗？是的；好。", "q")
    assert sentences(doc) == ["他说：“我们要做好帮扶工作。”", "随后离开！", "真的吗？", "是的；", "好。"]


def test_date_from_first_lines_when_no_masthead():
    doc = document_from_text("标题在这里\n2019年5月7日，国家民委将巴林右旗列为定点扶贫联系旗县。", "d")
    assert doc.articles[0].date == "2019-05-07"


# ------------------------------------------------------------------ formats


def test_markdown(tmp_path):
    md = "# 京蒙协作新进展\n\n## 第一部分\n\n**北京市**帮扶[赤峰市](http://example.com)，成效显著。\n\n- 列表项目内容。\n"
    doc = load_document(write(tmp_path, "a.md", md.encode()), "a.md")
    assert "#" not in doc.text and "**" not in doc.text and "http" not in doc.text
    assert "北京市帮扶赤峰市，成效显著。" in doc.text
    assert doc.articles[0].title.startswith("京蒙协作新进展")


def test_html(tmp_path):
    html = """<html><head><title>京蒙协作</title><style>p{color:red}</style>
    <script>var x = "北京市不应出现";</script></head>
    <body><h1>北京帮扶赤峰</h1><p>北京市<b>帮扶</b>赤峰市，成效显著。</p><!-- 注释 --><p>第二段内容。</p></body></html>"""
    doc = load_document(write(tmp_path, "a.html", html.encode("utf-8")), "a.html")
    assert "北京市不应出现" not in doc.text and "color" not in doc.text and "<" not in doc.text
    assert "注释" not in doc.text
    assert "北京市帮扶赤峰市，成效显著。" in sentences(doc)


def _tiny_pdf(text: str) -> bytes:
    stream = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode()
    objs = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for i, o in enumerate(objs, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + o + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    for off in offsets:
        out += b"%010d 00000 n \n" % off
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, xref)
    return bytes(out)


def test_pdf(tmp_path):
    doc = load_document(write(tmp_path, "a.pdf", _tiny_pdf("Beijing helps Chifeng 2020.")), "a.pdf")
    assert "Beijing helps Chifeng 2020." in doc.text
    assert doc.encoding == "pdf"


def test_bad_pdf(tmp_path):
    with pytest.raises(IngestError):
        load_document(write(tmp_path, "a.pdf", b"%PDF-1.4\ngarbage garbage"), "a.pdf")
    with pytest.raises(IngestError):
        load_document(write(tmp_path, "b.pdf", b"hello, not a pdf"), "b.pdf")


# ------------------------------------------------------------------ large input


def test_large_repeated_line_is_linear():
    line = "北京市帮扶赤峰市 2020 年投入 650 万元，加 快 实 现 均 等 化。"
    raw = line * 60_000  # ~2.5 MB of characters in one line
    doc = document_from_text(raw, "big")
    assert doc.text.startswith("北京市帮扶赤峰市2020年投入650万元，加快实现均等化。")
    assert len(doc.origin) == len(doc.text) + 1
    n = sum(len(a.sentences) for a in doc.articles)
    assert n == 60_000


def test_long_run_without_punctuation_is_cut():
    doc = document_from_text("扶贫" * 5000, "long")
    assert all(s.end - s.start <= 1000 for a in doc.articles for s in a.sentences)
    assert sum(s.end - s.start for a in doc.articles for s in a.sentences) == 10000


# ------------------------------------------------------------------ discover


def test_discover_dirs_globs_missing(tmp_path):
    (tmp_path / "c" / "sub").mkdir(parents=True)
    (tmp_path / "c" / "a.txt").write_text("甲")
    (tmp_path / "c" / "sub" / "b.md").write_text("乙")
    (tmp_path / "c" / "sub" / "x.bin").write_text("丙")
    (tmp_path / "c" / ".hidden").mkdir()
    (tmp_path / "c" / ".hidden" / "h.txt").write_text("丁")
    ids = [s.doc_id for s in discover([tmp_path / "c"])]
    assert ids == ["a.txt", "sub/b.md"]
    ids = [s.doc_id for s in discover([str(tmp_path / "c" / "**" / "*.md")])]
    assert ids == ["sub/b.md"]
    ids = [s.doc_id for s in discover([tmp_path / "c" / "a.txt"])]
    assert ids == ["a.txt"]
    with pytest.raises(KgError):
        discover([tmp_path / "missing"])
    with pytest.raises(KgError):
        discover([str(tmp_path / "c" / "*.nothing")])


def test_discover_walks_as_rglob_did(tmp_path, monkeypatch):
    """Upper-case suffixes count; hidden files, symlinked directories and broken links do not; a symlinked
    file does; the same file under two roots is listed once (the first root's id)."""
    c = tmp_path / "c"
    (c / "a" / "deep" / "er").mkdir(parents=True)
    (c / "b").mkdir()
    (c / "a" / "X.TXT").write_text("甲")
    (c / "a" / ".h.txt").write_text("乙")
    (c / "a" / "deep" / "er" / "p.htm").write_text("丙")
    (c / "b" / "z.md").write_text("丁")
    (c / "b" / "q.doc").write_text("戊")
    (c / "a" / "linkdir").symlink_to(c / "b", target_is_directory=True)
    (c / "a" / "link.md").symlink_to(c / "b" / "z.md")
    (c / "a" / "broken.txt").symlink_to(c / "nowhere.txt")
    got = discover([c])
    assert [s.doc_id for s in got] == ["a/X.TXT", "a/deep/er/p.htm", "a/link.md", "b/z.md"]
    assert all(s.path.is_absolute() and s.path == c.resolve() / s.doc_id for s in got)
    assert [s.doc_id for s in discover([c / "b", c])] == ["a/X.TXT", "a/deep/er/p.htm", "a/link.md", "z.md"]
    real_scandir = os.scandir

    def scandir(d):
        if str(d).endswith("deep"):
            raise PermissionError(13, "Permission denied", str(d))
        return real_scandir(d)

    monkeypatch.setattr(os, "scandir", scandir)  # (chmod 0 does not stop root, who runs CI here)
    with pytest.raises(KgError, match="cannot read directory .*deep: Permission denied"):
        discover([c])


def test_median_is_statistics_median():
    import random
    import statistics

    from kg.ingest.repair import _median

    rng = random.Random(1)
    for n in range(1, 60):
        xs = [rng.randint(0, 40) for _ in range(n)]
        assert _median(xs) == statistics.median(xs)
        assert type(_median(xs)) is type(statistics.median(xs))


def test_a_dateline_ending_in_消息_is_no_sentence_of_the_story():
    doc = document_from_text("京蒙协作新进展\n\n央广网北京4月28日消息（记者孙冰洁）今天两地召开会议。\n", "page")
    art = doc.articles[0]
    assert art.dateline == "央广网北京4月28日消息" and art.byline == "记者孙冰洁"
    assert [doc.text[s.start : s.end] for s in art.sentences][-1] == "今天两地召开会议。"


def test_ascii_punctuation_in_chinese_prose_becomes_full_width():
    raw = "近几年,北京市投入1,200万元;时间10:30,好吗?是的!"
    doc = document_from_text(raw, "p")
    assert doc.text.startswith("近几年，北京市投入1,200万元；时间10:30，好吗？是的！")
    i = doc.text.index("，")
    assert doc.original_span(i, i + 1) == (i, i + 1)  # one character for one: offsets unchanged
