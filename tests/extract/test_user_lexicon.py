"""`kg build … --lexicon FILE`: a user's entries become nodes, win over built-in forms, are part of the
cache key; malformed rows end the command with FILE:LINE and write nothing."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from kg.errors import KgError
from kg.extract.userlex import LexiconExtractor, read_user_lexicons
from kg.ingest import document_from_text

TEXT = "近日，北京市东城区向红星嘎查捐赠物资，京蒙飞燕合作社负责人张小帆介绍了京蒙协作情况。\n"
LEXICON = ("# my vocabulary\n"
           "Region\t红星嘎查\t红星\n"
           "Agency\t京蒙飞燕农牧业专业合作社\t京蒙飞燕合作社\n"
           "Person\t张小帆\t\n"
           "Program\t京蒙协作行动\t京蒙协作\n")


def _names(res, etype):
    return {e["name"] for e in res["entities"] if e["type"] == etype}


def test_entries_become_nodes_and_win_over_built_in_forms(tmp_path):
    lex = tmp_path / "my.tsv"
    lex.write_text(LEXICON, encoding="utf-8")
    ex = LexiconExtractor([str(lex)])
    res = ex(document_from_text(TEXT, "t.txt"), home_region="内蒙古自治区")
    assert "红星嘎查" in _names(res, "Region")
    assert "京蒙飞燕农牧业专业合作社" in _names(res, "Agency")
    assert "张小帆" in _names(res, "Person")
    # 京蒙协作 is a bundled programme name: the user's entry takes the form
    assert "京蒙协作行动" in _names(res, "Program") and "京蒙协作" not in _names(res, "Program")
    region = next(e for e in res["entities"] if e["name"] == "红星嘎查")
    assert region["level"] == "village" and region["mentions"]


def test_the_fingerprint_follows_the_content(tmp_path):
    lex = tmp_path / "my.tsv"
    lex.write_text(LEXICON, encoding="utf-8")
    a = LexiconExtractor([str(lex)]).fingerprint
    assert LexiconExtractor([str(lex)]).fingerprint == a
    lex.write_text(LEXICON + "Person\t李四\n", encoding="utf-8")
    assert LexiconExtractor([str(lex)]).fingerprint != a


@pytest.mark.parametrize("rows, reason", [
    ("Agency\t北京协作办\t\nCompany\t某公司\t\n", ":2: unknown type 'Company'"),
    ("# c\n\nPerson\t\t别名\n", ":3: empty name"),
    ("Agency\t甲办公室\t甲办\nAgency\t乙办公室\t甲办\n", ":2: '甲办' is already a name or alias at "),
    ("Person\t张三\tA\tB\textra\n", ":1: more than three tab-separated columns"),
])
def test_malformed_rows(tmp_path, rows, reason):
    lex = tmp_path / "bad.tsv"
    lex.write_text(rows, encoding="utf-8")
    with pytest.raises(KgError) as e:
        read_user_lexicons([str(lex)])
    assert str(e.value).startswith(f"{lex}{reason}")


def test_build_with_a_lexicon_and_a_bad_one(tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "a.txt").write_text(TEXT, encoding="utf-8")
    lex = tmp_path / "my.tsv"
    lex.write_text(LEXICON, encoding="utf-8")
    env = {**os.environ, "KG_CACHE_DIR": str(tmp_path / "cache")}
    kg = [sys.executable, "-m", "kg.cli", "build", str(docs), "--progress", "off"]
    r = subprocess.run([*kg, "--out", str(tmp_path / "o"), "--lexicon", str(lex)], capture_output=True,
                       text=True, env=env)
    assert r.returncode == 0, r.stderr
    nodes = json.loads((tmp_path / "o" / "graph.json").read_text(encoding="utf-8"))["nodes"]
    assert "张小帆" in {n["name"] for n in nodes}
    # editing the lexicon re-extracts the document
    lex.write_text(LEXICON.replace("张小帆\t", "张小帆\t小帆"), encoding="utf-8")
    r = subprocess.run([*kg, "--out", str(tmp_path / "o"), "--lexicon", str(lex)], capture_output=True,
                       text=True, env=env)
    assert r.returncode == 0 and "1 extracted, 0 reused" in r.stdout, r.stdout
    bad = tmp_path / "bad.tsv"
    bad.write_text("Agency\t北京协作办\t\nPlace\t某村\t\n", encoding="utf-8")
    r = subprocess.run([*kg, "--out", str(tmp_path / "o2"), "--lexicon", str(lex), "--lexicon", str(bad)],
                       capture_output=True, text=True, env=env)
    assert r.returncode != 0 and "Traceback" not in r.stderr
    assert r.stderr.strip() == f"kg build: {bad}:2: unknown type 'Place' (one of Agency, Program, Person, Region)"
    assert not (tmp_path / "o2").exists()
