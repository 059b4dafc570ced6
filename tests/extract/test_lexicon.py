"""The curated lexicons load, are well-formed and contain the well-known entries."""

from __future__ import annotations

import pytest

from kg.extract import lexicon as lexmod
from kg.extract.lexicon import (
    AGENCY_KINDS,
    BOUNDARY_SENSITIVE_ALIASES,
    LOCAL_HOMONYM_ALIASES,
    PROGRAM_KINDS,
    TITLE_ATTACH,
    TITLE_KINDS,
    LexEntry,
    load_lexicon,
)


@pytest.fixture(scope="module")
def lex():
    return load_lexicon()


def _index(entries: tuple[LexEntry, ...]) -> dict[str, str]:
    return {form: e.name for e in entries for form in e.surface_forms}


def test_loads_and_is_cached(lex):
    assert load_lexicon() is lex
    assert len(lex.agencies) >= 300
    assert len(lex.programs) >= 80
    assert len(lex.titles) >= 100
    assert len(lex.surnames) >= 450
    assert len(lex.compound_surnames) >= 40
    assert len(lex.stopnames) >= 150


@pytest.mark.parametrize("table", ["agencies", "programs"])
def test_no_surface_form_shared_by_two_entries(lex, table):
    owner: dict[str, str] = {}
    for e in getattr(lex, table):
        for form in e.surface_forms:
            assert owner.setdefault(form, e.name) == e.name, f"{form!r}: {owner[form]!r} and {e.name!r}"


@pytest.mark.parametrize("table", ["agencies", "programs"])
def test_names_and_aliases_are_clean(lex, table):
    for e in getattr(lex, table):
        assert e.name and e.name == e.name.strip()
        assert e.name not in e.aliases
        for a in e.aliases:
            assert a and a == a.strip() and "," not in a and "\t" not in a
            assert "《" not in a and "》" not in a
        assert len(set(e.aliases)) == len(e.aliases)


def test_kinds_are_allowed(lex):
    assert {e.kind for e in lex.agencies} <= AGENCY_KINDS
    assert {e.kind for e in lex.programs} <= PROGRAM_KINDS
    assert all(e.region is None for e in lex.programs)
    for title, (attach, kind) in lex.titles.items():
        assert title
        assert attach in TITLE_ATTACH, title
        assert kind in TITLE_KINDS, title


def test_regions_are_full_names(lex):
    for e in lex.agencies:
        if e.region is not None:
            assert e.region.endswith(("市", "省", "自治区")), (e.name, e.region)


@pytest.mark.parametrize(
    "form, name",
    [
        ("国家发改委", "国家发展改革委"),
        ("发改委", "国家发展改革委"),
        ("国家发展和改革委员会", "国家发展改革委"),
        ("国家民族事务委员会", "国家民委"),
        ("银保监会", "中国银保监会"),
        ("中国银行保险监督管理委员会", "中国银保监会"),
        ("全国社会保障基金理事会", "全国社保基金理事会"),
        ("社保基金理事会", "全国社保基金理事会"),
        ("中央办公厅", "中共中央办公厅"),
        ("党中央", "中共中央"),
        ("国务院扶贫开发领导小组办公室", "国务院扶贫办"),
        ("人力资源社会保障部", "人力资源和社会保障部"),
        ("国家林业和草原局", "国家林草局"),
        ("国家医疗保障局", "国家医保局"),
        ("国家市场监督管理总局", "国家市场监管总局"),
        ("中国远洋海运集团有限公司", "中远海运集团"),
        ("中国通用技术集团", "通用技术集团"),
        ("中国石油天然气集团有限公司", "中国石油"),
        ("中国石油化工集团有限公司", "中国石化"),
        ("农发行", "中国农业发展银行"),
        ("中央广播电视总台", "央视"),
        ("新华通讯社", "新华社"),
        ("北京化工大学", "北京化工大学"),
        ("中华全国总工会", "全国总工会"),
        ("团中央", "共青团中央"),
        ("中国红十字基金会", "中国红十字基金会"),
    ],
)
def test_agency_spot_checks(lex, form, name):
    assert _index(lex.agencies)[form] == name


@pytest.mark.parametrize(
    "form, name",
    [
        ("易地搬迁", "易地扶贫搬迁"),
        ("消费扶贫", "消费扶贫"),  # renamed 消费帮扶 in 2021: its own programme
        ("消费帮扶", "消费帮扶"),
        ("粤桂东西部扶贫协作", "粤桂协作"),  # pairs are named by their short form XY协作
        ("定点扶贫", "定点扶贫"),  # renamed 定点帮扶 in 2021: its own programme
        ("中央单位定点帮扶", "定点帮扶"),
        ("京蒙扶贫协作", "京蒙协作"),
        ("京蒙对口帮扶", "京蒙协作"),
        ("东西部协作", "东西部协作"),  # renamed in 2021: its own programme
        ("东西扶贫协作", "东西部扶贫协作"),
        ("援疆", "对口支援新疆"),
        ("对口援藏", "对口支援西藏"),
        ("“十四五”规划", "十四五规划"),
        ("以工代赈", "以工代赈"),
        ("雪亮工程", "雪亮工程"),
        ("万企帮万村", "万企帮万村"),
        ("闽宁对口扶贫协作", "闽宁协作"),
        ("沪滇扶贫协作", "沪滇协作"),
    ],
)
def test_program_spot_checks(lex, form, name):
    assert _index(lex.programs)[form] == name


PROGRAM_DENYLIST = {
    # slogans
    "四个不摘",
    "两不愁三保障",
    "两不愁",
    "三保障",
    "五个一批",
    "六个精准",
    "四个全面",
    "五级书记抓扶贫",
    # welfare categories
    "低保",
    "农村低保",
    "最低生活保障",
    "临时救助",
    "特困供养",
    "五保",
    "医疗救助",
    "社会救助",
    # broad fields written as prose
    "产业扶贫",
    "乡村振兴",
    "脱贫攻坚",
    "扶贫",
    "就业扶贫",
    "教育扶贫",
    "健康扶贫",
    "生态扶贫",
    "扶贫开发",
    "巩固拓展脱贫攻坚成果",
    "帮扶",
    "协作",
}


def test_programs_contain_no_slogans_welfare_categories_or_fields(lex):
    forms = set(_index(lex.programs))
    assert not forms & PROGRAM_DENYLIST, sorted(forms & PROGRAM_DENYLIST)


def test_titles_spot_checks(lex):
    assert lex.titles["书记"] == ("party", "party")
    assert lex.titles["市长"][0] == "government"
    assert lex.titles["旗长"][0] == "government"
    assert lex.titles["主席"][0] == "government"
    assert lex.titles["厅长"][0] == "organisation"
    assert lex.titles["处长"][0] == "organisation"
    assert lex.titles["董事长"][0] == "organisation"
    assert lex.titles["领导"][0] == "generic"
    assert "第一书记" in lex.titles and "驻村第一书记" in lex.titles
    assert not any(t.startswith(("原", "兼")) for t in lex.titles)


def test_surnames(lex):
    assert {"王", "李", "张", "刘", "陈", "蔡", "石", "边", "闫", "肖", "覃"} <= lex.surnames
    assert {"欧阳", "司马", "诸葛", "上官", "皇甫", "令狐", "慕容"} <= lex.compound_surnames
    assert all(len(s) == 1 for s in lex.surnames)
    assert all(len(s) == 2 for s in lex.compound_surnames)


def test_stopnames(lex):
    assert {
        "同志",
        "一行",
        "等人",
        "指出",
        "表示",
        "强调",
        "主持",
        "出席",
        "调研",
        "带队",
        "会见",
    } <= lex.stopnames
    assert lex.is_stopname("一行赴科左中旗")
    assert lex.is_stopname("强调")
    assert not lex.is_stopname("于立军")  # 于 is a surname
    assert not lex.is_stopname("蔡奇")
    assert lex.surname_of("欧阳修") == "欧阳"
    assert lex.surname_of("王伟") == "王"


def test_accepts_rejects_department_words(lex):
    assert not lex.accepts("民政部", "门将确保")
    assert not lex.accepts("人力资源和社会保障部", "门")
    assert not lex.accepts("中国银行", "业协会")
    assert lex.accepts("民政部", "印发")
    assert lex.accepts("民政部", "")


def test_flagged_aliases_exist(lex):
    forms = set(_index(lex.agencies)) | set(_index(lex.programs))
    assert BOUNDARY_SENSITIVE_ALIASES <= forms, sorted(BOUNDARY_SENSITIVE_ALIASES - forms)
    assert LOCAL_HOMONYM_ALIASES <= set(_index(lex.agencies))


def _load_with(monkeypatch, tmp_path, filename, text):
    real = lexmod._data_text
    monkeypatch.setattr(lexmod, "_data_text", lambda name: text if name == filename else real(name))
    lexmod.load_lexicon.cache_clear()
    try:
        return lexmod.load_lexicon()
    finally:
        monkeypatch.undo()
        lexmod.load_lexicon.cache_clear()


@pytest.mark.parametrize(
    "filename, text, message",
    [
        ("agencies.tsv", "name\taliases\tkind\tregion\n# c\nA\tB\tnonsense\t\n", "agencies.tsv:3"),
        ("agencies.tsv", "name\taliases\tkind\tregion\nA\tX\tstate\t\nB\tX\tstate\t\n", "agencies.tsv:3"),
        ("agencies.tsv", "name\taliases\tkind\nA\t\tstate\n", "agencies.tsv:1"),
        ("programs.tsv", "name\taliases\tkind\nA\t\tplan\textra\n", "programs.tsv:2"),
        ("titles.tsv", "title\tattach\tkind\n书记\tcommittee\tparty\n", "titles.tsv:2"),
        ("surnames.txt", "王\n李 张\n", "surnames.txt:2"),
    ],
)
def test_malformed_rows_name_file_and_line(monkeypatch, tmp_path, filename, text, message):
    with pytest.raises(ValueError, match=message):
        _load_with(monkeypatch, tmp_path, filename, text)


def test_data_read_from_the_package_directory_or_through_importlib_resources(monkeypatch, tmp_path):
    """The data files are read from kg/data directly; where that directory is not there (kg installed as
    a zip), through importlib.resources: the same text."""
    direct = lexmod._data_text("titles.tsv")
    monkeypatch.setattr(lexmod, "_DATA", tmp_path / "no-such-dir")
    assert lexmod._data_text("titles.tsv") == direct
    assert "书记" in direct


def test_data_key_names_the_files_or_their_texts(monkeypatch, tmp_path):
    """The matcher's remembered table is keyed by the lexicon's files (path, size, mtime); where they are
    not files, by their texts."""
    key = lexmod.data_key()
    assert len(key) == 1 + len(lexmod.DATA_FILES)
    assert all(str(lexmod._DATA / f) in part for f, part in zip(lexmod.DATA_FILES, key[1:], strict=True))
    monkeypatch.setattr(lexmod, "_DATA", tmp_path / "no-such-dir")
    assert lexmod.data_key()[1:] == tuple(lexmod._data_text(f) for f in lexmod.DATA_FILES)
