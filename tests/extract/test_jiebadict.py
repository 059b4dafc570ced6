"""kg.extract.jiebadict: jieba's dictionaries from our cache must be exactly jieba's own, whatever the cache's
state, and the matcher must not depend on whether jieba was loaded before it."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

from kg.buildcache import unseal
from kg.extract import jiebadict

# prints a digest of jieba's FREQ, total and the tagger's table (through kg's jiebadict.posseg() once jiebadict
# loaded the dictionaries, which also leaves jieba.posseg unimported until then)
DIGEST = """
import hashlib, sys
import jieba
if "kg.extract.jiebadict" in sys.modules:
    from kg.extract import jiebadict
    assert "jieba.posseg" not in sys.modules or jiebadict.state() == "jieba"
    pseg = jiebadict.posseg()
    assert jiebadict.tag("北京") == pseg.dt.word_tag_tab["北京"] == "ns"
else:
    import jieba.posseg as pseg
h = hashlib.sha256()
for k in sorted(jieba.dt.FREQ):
    h.update(f"{k}\\t{jieba.dt.FREQ[k]}\\n".encode())
for k in sorted(pseg.dt.word_tag_tab):
    h.update(f"{k}\\t{pseg.dt.word_tag_tab[k]}\\n".encode())
print(h.hexdigest(), jieba.dt.total, len(jieba.dt.FREQ), len(pseg.dt.word_tag_tab), jieba.dt.initialized)
print(jieba.lcut("北京市朝阳区对口帮扶科尔沁右翼前旗"), [tuple(p) for p in pseg.lcut("蔡奇到赤峰调研")])
"""


def _run(code: str, cache: Path) -> str:
    env = {**os.environ, "KG_CACHE_DIR": str(cache)}
    out = subprocess.run([sys.executable, "-c", textwrap.dedent(code)], env=env, capture_output=True, text=True,
                         timeout=300, check=True)
    return out.stdout


def test_cached_dictionaries_are_jiebas_own(tmp_path):
    cache = tmp_path / "cache"
    plain = _run("import jieba; jieba.initialize()\n" + DIGEST, cache)  # jieba's own loading
    first = _run("from kg.extract import jiebadict; jiebadict.load()\n" + DIGEST, cache)  # writes the cache
    files = list(cache.glob("jieba-*.kgd"))
    assert len(files) == 1 and files[0].stat().st_size > 1_000_000
    second = _run("from kg.extract import jiebadict; jiebadict.load()\n"
                  "import sys; assert 'pkg_resources' not in sys.modules\n" + DIGEST, cache)  # reads it
    assert plain == first == second
    assert plain.split()[4] == "True"


def test_damaged_or_foreign_cache_is_ignored_and_rewritten(tmp_path):
    cache = tmp_path / "cache"
    load = "from kg.extract import jiebadict; jiebadict.load()\n" + DIGEST
    good = _run(load, cache)
    (path,) = cache.glob("jieba-*.kgd")
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0xFF  # one flipped byte in the body: the CRC catches it
    path.write_bytes(bytes(data))
    assert _run(load, cache) == good
    assert jiebadict.decode(path.read_bytes(), jiebadict._key(jiebadict._import_jieba())) is not None  # rewritten
    path.write_bytes(b"not a cache at all")
    assert _run(load, cache) == good


def test_unwritable_cache_dir_still_loads(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")  # the cache "directory" is a file: nothing can be written under it
    out = _run("from kg.extract import jiebadict; jiebadict.load()\n" + DIGEST, blocker / "sub")
    assert out.split()[4] == "True"


def test_encode_decode_round_trip_and_key_check():
    freq = {"北京": 5, "北": 0, "北京市": 7, "赤峰": 3, "赤": 0}
    tags = {"北京": "ns", "北京市": "ns", "赤峰": "ns"}
    data = jiebadict.encode("k1", freq, 15, tags)
    assert data is not None
    got = jiebadict.decode(data, "k1")
    assert got == (freq, 15, tags)
    assert jiebadict.decode(data, "k2") is None  # another jieba or dict.txt
    assert jiebadict.decode(data[:-3], "k1") is None  # truncated
    assert jiebadict.encode("k", {"a": 1}, 1, {"b": "n"}) is None  # a tagged word FREQ lacks: not cacheable
    assert jiebadict.encode("k", {"a\nb": 1}, 1, {}) is None


def test_matcher_does_not_depend_on_who_loaded_jieba_first(tmp_path):
    """The matcher's short-form filter reads jieba's word counts: it used to run before jieba was initialised
    (empty counts, every short form accepted) unless something else had segmented text first."""
    keys = """
from kg.extract.matcher import get_matcher
from kg.extract.lexicon import load_lexicon
import hashlib
m = get_matcher()
ks = sorted(m.words)
# every pattern's entries (decoded as matched, from the remembered table or not): the same, and the
# lexicon's own entry objects
vals = [m._values[i] for i in range(len(m.words))]
lex = load_lexicon()
objs = {id(e) for e in (*lex.agencies, *lex.programs)}
assert all(id(e.value) in objs for _, es in vals for e in es if e.kind in ("agency", "program"))
print(hashlib.sha256(repr((ks, vals)).encode()).hexdigest(), "包头" in ks, "大连" in ks, "振兴" in ks, "合作" in ks)
"""
    cache = tmp_path / "cache"
    fresh = _run(keys, cache)
    after_seg = _run("from kg.extract.mentions import seg; seg('北京市朝阳区')\n" + keys, cache)
    (shorts,) = cache.glob("matcher.kgm")  # the matcher's table (short forms checked), remembered
    from_cache = _run(keys, cache)
    lazy = _run("from kg.extract import jiebadict; jiebadict.load(lazy=True)\n" + keys, cache)
    shorts.write_bytes(shorts.read_bytes()[:-2])  # torn: recomputed (and rewritten)
    torn = _run("from kg.extract import jiebadict; jiebadict.load(lazy=True)\n" + keys, cache)
    assert unseal(b"KGM1", shorts.read_bytes()) is not None
    after_jieba = _run("import jieba; jieba.initialize(); import jieba.posseg\n" + keys, cache)
    assert fresh == after_seg == from_cache == lazy == torn == after_jieba
    # prefecture short forms stay even when jieba calls them ordinary words; county ones that are words go
    assert fresh.split()[1:] == ["True", "True", "False", "False"]


LAZY = """
import random, sys
from kg.extract import jiebadict
jiebadict.load(lazy=True)
import jieba
assert jiebadict.state() == "lazy" and "jieba.posseg" not in sys.modules
lazy_freq = jieba.dt.FREQ
freq, total, tags = jiebadict.decode(jiebadict.cache_file(jiebadict._key(jieba)).read_bytes(),
                                     jiebadict._key(jieba))
assert jieba.dt.total == total
# segmenting and tagging while lazy: the same as with the whole dictionaries (checked by the caller)
print(jieba.lcut("北京市朝阳区对口帮扶科尔沁右翼前旗"), [tuple(p) for p in jiebadict.posseg().lcut("蔡奇到赤峰调研")])
assert jiebadict.state() == "lazy" and len(lazy_freq) < len(freq) // 10, len(lazy_freq)
# every key, through the lazy table itself (it stays right after the whole ones replace it in jieba)
rng = random.Random(7)
keys = list(freq)
rng.shuffle(keys)
lazy_tags = jiebadict._lazy.tags
for k in keys:
    assert lazy_freq.get(k) == freq[k] and k in lazy_freq and lazy_tags.get(k) == tags.get(k), k
    miss = k + "\x01"
    assert miss not in lazy_freq and lazy_freq.get(miss, -1) == -1 and lazy_tags.get(miss) is None
assert "" not in lazy_freq and lazy_freq.get(None) is None
try:
    lazy_freq["不是一个词吧"]
except KeyError:
    pass
else:
    raise AssertionError("KeyError expected")
# a quarter of the keys loaded: jieba got the whole dictionaries, plain dicts again
assert jiebadict.state() == "whole" and type(jieba.dt.FREQ) is dict and jieba.dt.FREQ == freq
assert jiebadict.tag("北京") == "ns" and jiebadict.posseg().dt.word_tag_tab == tags
print("ok")
"""


def test_lazy_dictionaries_answer_every_lookup_as_the_whole_ones(tmp_path):
    """load(lazy=True) decodes a shard of keys at a time as lookups need them: every key's count and tag, every
    miss, and segmentation must equal the whole dictionaries'; past a quarter of the keys jieba gets those."""
    cache = tmp_path / "cache"
    whole = _run("from kg.extract import jiebadict; jiebadict.load()\n" + DIGEST, cache)  # writes the cache
    lazy = _run(LAZY, cache).splitlines()
    assert lazy[-1] == "ok"
    assert lazy[0] == whole.splitlines()[1]


def test_lazy_dictionaries_are_promoted_after_enough_text(tmp_path):
    cache = tmp_path / "cache"
    code = """
from kg.extract import jiebadict
jiebadict.load(lazy=True)
import jieba
assert jiebadict.state() == "lazy"
jiebadict.note_extracted(jiebadict.PROMOTE_BYTES - 1)
assert jiebadict.state() == "lazy" and type(jieba.dt.FREQ) is not dict
jiebadict.note_extracted(1)
assert jiebadict.state() == "whole" and type(jieba.dt.FREQ) is dict and len(jieba.dt.FREQ) > 400_000
print(jieba.lcut("北京市朝阳区对口帮扶科尔沁右翼前旗"))
"""
    _run("from kg.extract import jiebadict; jiebadict.load()", cache)
    assert "科尔沁右翼前旗" in _run(code, cache)


def test_lazy_load_without_a_cache_loads_whole(tmp_path):
    """No cache yet (first run): jieba loads itself, the cache is written, nothing is lazy."""
    cache = tmp_path / "cache"
    out = _run("from kg.extract import jiebadict; jiebadict.load(lazy=True); print(jiebadict.state())", cache)
    assert out.strip() == "jieba"
    assert list(cache.glob("jieba-*.kgd"))


POSSEG = """
import hashlib, sys
TEXT = "闫文港势如破竹，蔡奇到赤峰调研。国家统计局投入帮扶资金650万元，支持克什克腾旗实施快递进村工程。"
if "plain" in sys.argv:
    import jieba.posseg as pseg
else:
    from kg.extract import jiebadict
    jiebadict.load(lazy=True)
    pseg = jiebadict.posseg()
import jieba
import jieba.finalseg as fseg
seeded = [getattr(sys.modules[f"jieba.{p}.prob_emit"], "__file__", None) is None for p in ("finalseg", "posseg")]
tables = [sys.modules["jieba.posseg." + n].P for n in ("char_state_tab", "prob_start", "prob_trans", "prob_emit")]
assert (pseg.char_state_tab_P, pseg.start_P, pseg.trans_P, pseg.emit_P) == tuple(tables)
tables += [fseg.start_P, fseg.trans_P, fseg.emit_P]  # the segmenter's HMM (remembered the same way)
assert fseg.emit_P is sys.modules["jieba.finalseg.prob_emit"].P
tagged = [tuple(p) for p in pseg.lcut(TEXT)]
# a table kg loads value by value as looked up (kg.buildcache.ByNeed): every value, looked up here
whole = [{k: t[k] for k in getattr(t, "known", None) or t} for t in tables]
assert all(type(t) is dict for t in whole) and whole == tables
print(hashlib.sha256(repr(whole).encode()).hexdigest(), tagged, jieba.lcut(TEXT))
print(seeded)
"""


def test_hmm_tables_remembered_are_jiebas_own(tmp_path):
    cache = tmp_path / "cache"
    env = {**os.environ, "KG_CACHE_DIR": str(cache)}

    def run(*args) -> tuple[str, str]:
        """(what was segmented and tagged, with a digest of the tables; whether finalseg's and posseg's
        tables came from kg's copy)"""
        out = subprocess.run([sys.executable, "-c", POSSEG, *args], env=env, capture_output=True, text=True,
                             timeout=300, check=True).stdout
        result, seeded = out.rstrip("\n").rsplit("\n", 1)
        return result, seeded

    plain = run("plain")
    cold = run()  # no dictionary cache yet: jieba loads its own (tagger included); caches written
    first = run()  # the tagger's tables imported from jieba's modules and remembered
    second = run()  # both from kg's copies
    path = cache / "jieba.posseg.kgm"
    path.write_bytes(path.read_bytes()[:-5])  # torn: imported again
    torn = run()
    assert plain[0] == cold[0] == first[0] == second[0] == torn[0]
    assert "('闫文港', 'nr')" in plain[0]
    assert [plain[1], cold[1], first[1], second[1], torn[1]] == [
        "[False, False]", "[False, False]", "[True, False]", "[True, True]", "[True, False]"]
