"""kg.rx: a pattern compiled from the machine's cache is re.compile's own, whatever the cache's state."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import textwrap

import pytest

from kg import rx

PATTERNS = [
    (r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]{2,8}(?:旗|县)", 0),  # a big character class
    (r"(?P<year>(?:19|20)\d\d)\s*年\s*(?P<month>\d{1,2})\s*月", 0),  # named groups
    (r"(?<=[\u4e00-\u9fff]) +| +(?=[\u4e00-\u9fff])", 0),  # look-behind and look-ahead
    (r"""^\s*(MATCH|RETURN)   # a verbose pattern
         \b""", re.IGNORECASE | re.MULTILINE | re.VERBOSE),
    (r"(?i)kg[ _-]?build", 0),  # inline flags
    (r"[^\u4e00-\u9fff]+", 0),
    ("(a)|(b)", re.ASCII),
]


@pytest.fixture
def cache(tmp_path, monkeypatch):
    monkeypatch.setenv("KG_CACHE_DIR", str(tmp_path / "cache"))
    rx.reset()
    yield tmp_path / "cache"
    rx.reset()


def _same(a: re.Pattern, b: re.Pattern) -> None:
    assert a == b  # flags, pattern and compiled code
    assert (a.flags, a.groups, a.groupindex) == (b.flags, b.groups, b.groupindex)
    for text in ("北京市 朝阳区帮扶科尔沁右翼前旗", "2020 年 6 月", " match\nRETURN x", "KG-Build", "ab"):
        assert [m.span() for m in a.finditer(text)] == [m.span() for m in b.finditer(text)]


def test_cached_patterns_are_res_own(cache):
    first = [rx.compile(p, f) for p, f in PATTERNS]  # compiled by re, code kept
    rx.save()
    assert rx.cache_file().is_file()
    rx.reset()
    second = [rx.compile(p, f) for p, f in PATTERNS]  # from the file
    for (p, f), a, b in zip(PATTERNS, first, second, strict=True):
        _same(a, re.compile(p, f))
        _same(b, re.compile(p, f))
    assert rx._new == 0  # all of them came from the cache


def test_damaged_or_foreign_cache_is_ignored(cache):
    for p, f in PATTERNS:
        rx.compile(p, f)
    rx.save()
    path = rx.cache_file()
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0xFF  # the CRC catches it
    path.write_bytes(bytes(data))
    rx.reset()
    for p, f in PATTERNS:
        _same(rx.compile(p, f), re.compile(p, f))
    rx.save()  # rewritten whole
    rx.reset()
    assert rx._read().keys() == {(p, int(f)) for p, f in PATTERNS}
    path.write_bytes(b"not a cache at all")
    rx.reset()
    _same(rx.compile(*PATTERNS[0]), re.compile(*PATTERNS[0]))


def test_code_the_engine_rejects_is_compiled_anew(cache):
    p, f = PATTERNS[1]
    rx.compile(p, f)
    entry = rx._table[(p, f)]
    rx._table[(p, f)] = (entry[0], [99999, 1, 2], *entry[2:])  # not valid engine code
    _same(rx.compile(p, f), re.compile(p, f))
    entry = rx._table[(p, f)]
    rx._table[(p, f)] = (entry[0], entry[1][:-3], *entry[2:])  # truncated
    _same(rx.compile(p, f), re.compile(p, f))


def test_growth_is_bounded(cache, monkeypatch):
    monkeypatch.setattr(rx, "MAX_ENTRIES", 5)
    for i in range(8):
        rx.compile(f"old{i}[\u4e00-\u9fff]")
    rx.save()
    rx.reset()
    for i in range(3):
        rx.compile(f"new{i}")
    rx.save()  # 11 entries: only the 3 this process used are kept
    assert {k[0] for k in rx._read()} == {"new0", "new1", "new2"}


def test_unwritable_cache_dir_still_compiles(tmp_path, monkeypatch):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    monkeypatch.setenv("KG_CACHE_DIR", str(blocker / "sub"))
    rx.reset()
    try:
        _same(rx.compile(*PATTERNS[0]), re.compile(*PATTERNS[0]))
        rx.save()  # logged, not raised
    finally:
        rx.reset()


def test_a_new_process_reads_what_kg_compiled(tmp_path):
    """The modules' own patterns: a second process takes all of them from the file the first wrote."""
    env = {**os.environ, "KG_CACHE_DIR": str(tmp_path / "cache")}
    code = textwrap.dedent("""
        import kg.ingest.pipeline, kg.extract
        from kg import rx
        print(len(rx._used), rx._new)
    """)

    def run() -> list[int]:
        out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=120,
                             check=True)
        return [int(x) for x in out.stdout.split()]

    used, new = run()
    assert used > 50 and new == used  # all compiled (and saved at exit)
    assert run() == [used, 0]
