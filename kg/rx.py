"""Regular expressions compiled once per machine, not once per process.

``re`` compiles a pattern in Python, and a character class over a large block of code points (the CJK
block: 20 000 of them) costs ≈ 1 ms, as the compiler marks each code point on its own. kg's ≈ 120 patterns
took ≈ 55 ms in every process: a ``kg`` command's start-up, and again in each worker of a re-build
before it can extract the few pages that changed.

:func:`compile` returns the same pattern as ``re.compile`` (equal to it: same flags, groups and compiled
code). The compiled code of every pattern it has seen is kept in ``<cache>/regex-<python>.kgr`` (see
kg.buildcache.user_cache_dir), and a pattern found there is handed to the regex engine directly (≈ 5 µs).
The file is keyed by the Python build and the engine's code version (``_sre.MAGIC``), CRC-checked, and
written atomically; a code the engine rejects, a damaged or unreadable file, or a cache directory that
cannot be written only means compiling as ``re`` does. A pattern's code is stored only after it was
checked equal to ``re.compile``'s. Processes save what they compiled anew with :func:`save` (at exit, and
a build worker at the end of its warm-up: pool workers skip ``atexit``).
"""

from __future__ import annotations

import _sre
import atexit
import re
import re._compiler as _compiler
import re._parser as _parser
import sys
import threading
from typing import Any

from kg.buildcache import read_sealed, user_cache_dir, write_sealed

_MAGIC = b"KGRX"
MAX_ENTRIES = 4000  # past this, a save keeps only the patterns this process used (code changes leave old ones)

_lock = threading.Lock()
_table: dict[tuple[str, int], tuple] | None = None  # (pattern, flags) -> _sre.compile's other arguments
_used: set[tuple[str, int]] = set()
_new = 0  # entries added since the file was read or written


def cache_file():
    tag = f"{sys.implementation.cache_tag}-{sys.hexversion:x}-{_sre.MAGIC}-{_sre.CODESIZE}-{sys.maxunicode:x}"
    return user_cache_dir() / f"regex-{tag}.kgr"


def _read() -> dict[tuple[str, int], tuple]:
    got = read_sealed(cache_file(), _MAGIC)
    return got if isinstance(got, dict) else {}


def _code(pattern: str, flags: int) -> tuple:
    """What re._compiler.compile hands the engine, in plain ints (marshal holds no int subclasses)."""
    p = _parser.parse(pattern, flags)
    code = _compiler._code(p, flags)
    groupindex = dict(p.state.groupdict)
    indexgroup: list[str | None] = [None] * p.state.groups
    for k, i in groupindex.items():
        indexgroup[i] = k
    return int(flags | p.state.flags), [int(c) for c in code], p.state.groups - 1, groupindex, tuple(indexgroup)


def compile(pattern: str, flags: int | re.RegexFlag = 0) -> re.Pattern:  # noqa: A001 - re.compile's twin
    """re.compile(pattern, flags), from the machine's cache of compiled code when it holds the pattern."""
    global _table, _new
    flags = int(flags)
    if not isinstance(pattern, str) or flags & re.DEBUG:
        return re.compile(pattern, flags)
    key = (pattern, flags)
    with _lock:
        if _table is None:
            _table = _read()
        entry = _table.get(key)
        _used.add(key)
    if entry is not None:
        try:
            return _sre.compile(pattern, *entry)
        except Exception:  # a code this engine rejects (its own check): compile it, below
            pass
    compiled = re.compile(pattern, flags)
    try:
        entry = _code(pattern, flags)
        ok = _sre.compile(pattern, *entry) == compiled
    except Exception:  # re's internals changed shape: no cache for this pattern
        ok = False
    if ok:
        with _lock:
            _table[key] = entry
            _new += 1
    return compiled


def save() -> None:
    """Write the cache if this process compiled patterns it did not hold (merged with what another
    process may have written meanwhile)."""
    global _new
    with _lock:
        if not _new or _table is None:
            return
        table: dict[tuple[str, int], Any] = {**_read(), **_table}
        if len(table) > MAX_ENTRIES:
            table = {k: v for k, v in table.items() if k in _used}
        _new = 0
    write_sealed(cache_file(), _MAGIC, table)


atexit.register(save)  # a no-op unless this process compiled patterns the file lacked


def reset() -> None:
    """Forget the table read (tests: the next compile reads the file again)."""
    global _table, _new
    with _lock:
        _table, _new = None, 0
        _used.clear()
