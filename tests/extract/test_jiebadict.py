"""kg.extract.jiebadict: jieba as jieba loads itself; the tag table is jieba.posseg's own."""

from __future__ import annotations

import subprocess
import sys


def test_tags_are_jiebas_own_and_nothing_is_kept_per_machine(tmp_path):
    code = """
import jieba, jieba.posseg as pseg
from kg.extract import jiebadict
assert jiebadict.state() == "none"
jiebadict.load()
assert jiebadict.state() == "jieba" and jiebadict.posseg() is pseg
assert jiebadict.tag("北京") == pseg.dt.word_tag_tab["北京"] == "ns"
assert jiebadict.tag("不是一个词语吧") is None
assert jiebadict.dictionary_key().startswith(jieba.__version__)
print(len(jieba.dt.FREQ))
"""
    env = {"KG_CACHE_DIR": str(tmp_path / "cache"), "PATH": "/usr/bin:/bin"}
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=120)
    assert r.returncode == 0, r.stderr
    assert int(r.stdout) > 300_000
    assert not (tmp_path / "cache").exists()
