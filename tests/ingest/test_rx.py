"""kg.rx: ordinary compilation, nothing kept per machine."""

from __future__ import annotations

import re

from kg import rx

PATTERNS = [
    (r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]{2,8}(?:旗|县)", 0),  # a big character class
    (r"(?P<year>(?:19|20)\d\d)\s*年\s*(?P<month>\d{1,2})\s*月", 0),  # named groups
    (r"(?i)kg[ _-]?build", 0),  # inline flags
    ("(a)|(b)", re.ASCII),
]


def test_compile_is_re_compile(tmp_path, monkeypatch):
    monkeypatch.setenv("KG_CACHE_DIR", str(tmp_path / "cache"))
    for pattern, flags in PATTERNS:
        got = rx.compile(pattern, flags)
        assert got == re.compile(pattern, flags)
        assert got.groupindex == re.compile(pattern, flags).groupindex
    assert rx.compile("(?P<y>\\d{4})年").match("2020年").group("y") == "2020"
    assert not (tmp_path / "cache").exists()  # nothing written per machine
