"""jieba's two dictionaries, loaded in a fraction of the time jieba takes.

Every build process pays jieba's start-up before it extracts anything: ``jieba.initialize()`` unmarshals a
500 000-entry prefix dictionary (≈ 0.65 s: every key is decoded from UTF-8 on its own), importing
``jieba.posseg`` re-reads the 350 000 lines of dict.txt for the part-of-speech table (≈ 0.27 s) and
``import jieba`` pulls in ``pkg_resources`` just to open that file (≈ 0.1 s). On a small corpus that is a
large part of the build.

:func:`load` gives jieba exactly the same ``FREQ``, ``total`` and ``word_tag_tab`` from a cache of our own:
all keys as one UTF-16 string split once, the counts as one int64 array, the tags as one byte per word
into a table of the ≈ 60 tags. The cache
is made the first time (by letting jieba load normally and writing what it loaded), keyed on jieba's
version and dict.txt's path, size and mtime, CRC-checked, written atomically, and ignored if unreadable:
a bad cache costs the normal load, never a wrong dictionary. If jieba was already initialised, given
another dictionary or its tagger already imported, :func:`load` leaves it as it is.
"""

from __future__ import annotations

import array
import gc
import hashlib
import io
import json
import logging
import os
import sys
import threading
import zlib
from pathlib import Path

from kg.jsonio import atomic_write_bytes

MAGIC = b"KGJIEBA1\n"
_lock = threading.Lock()
_loaded = False
_MISSING = object()


def cache_dir() -> Path:
    """KG_CACHE_DIR, else $XDG_CACHE_HOME/kg, else ~/.cache/kg."""
    env = os.environ.get("KG_CACHE_DIR")
    if env:
        return Path(env)
    xdg = os.environ.get("XDG_CACHE_HOME")
    return (Path(xdg) if xdg else Path.home() / ".cache") / "kg"


def _import_jieba():
    """``import jieba`` without ``pkg_resources`` (jieba then opens its files with ``open``, its own fallback)."""
    if "jieba" in sys.modules:
        return sys.modules["jieba"]
    blocked = sys.modules.get("pkg_resources", _MISSING) is _MISSING
    if blocked:
        sys.modules["pkg_resources"] = None  # type: ignore[assignment]  # import raises ImportError
    try:
        import jieba
    finally:
        if blocked and sys.modules.get("pkg_resources", _MISSING) is None:
            del sys.modules["pkg_resources"]
    jieba.setLogLevel(logging.WARNING)
    return jieba


def _dict_path(jieba) -> Path:
    return Path(jieba.__file__).parent / jieba.DEFAULT_DICT_NAME


def cache_file(key: str) -> Path:
    """Where the cache entry for ``key`` (see _key) lives."""
    return cache_dir() / f"jieba-{hashlib.sha1(key.encode()).hexdigest()[:16]}.kgd"


def _key(jieba) -> str:
    p = _dict_path(jieba)
    st = p.stat()
    return f"{getattr(jieba, '__version__', '?')}|{p}|{st.st_size}|{st.st_mtime_ns}"


def encode(key: str, freq: dict[str, int], total: int, tags: dict[str, str]) -> bytes | None:
    """The cache entry for these dictionaries (None if they don't fit the format: a tagged word missing from
    FREQ, or a newline inside a key or a tag)."""
    if any(w not in freq for w in tags):
        return None
    words = list(tags)
    rest = [k for k in freq if k not in tags]
    keys = words + rest
    if any("\n" in k for k in keys) or any("\n" in t for t in tags.values()):
        return None
    table = sorted(set(tags.values()))
    if len(table) > 256:
        return None
    index = {t: i for i, t in enumerate(table)}
    kb = "\n".join(keys).encode("utf-16-le")
    fb = array.array("q", [freq[k] for k in keys]).tobytes()
    tb = bytes(index[tags[w]] for w in words)  # one byte per tagged word: its tag's place in the table
    body = kb + fb + tb
    head = {"key": key, "total": total, "keys": len(keys), "words": len(words), "tags": table,
            "kb": len(kb), "fb": len(fb), "tb": len(tb), "crc": zlib.crc32(body)}
    return MAGIC + json.dumps(head, ensure_ascii=False).encode() + b"\n" + body


def decode(data: bytes, key: str) -> tuple[dict[str, int], int, dict[str, str]] | None:
    """The dictionaries in a cache entry, or None if it is not one for ``key`` or is damaged."""
    try:
        if not data.startswith(MAGIC):
            return None
        nl = data.index(b"\n", len(MAGIC))
        head = json.loads(data[len(MAGIC):nl])
        if head["key"] != key:
            return None
        body = memoryview(data)[nl + 1:]
        if len(body) != head["kb"] + head["fb"] + head["tb"] or zlib.crc32(body) != head["crc"]:
            return None
        kb, fb = head["kb"], head["fb"]
        keys = str(body[:kb], "utf-16-le").split("\n")
        counts = array.array("q")
        counts.frombytes(body[kb:kb + fb])
        tag_index = bytes(body[kb + fb:])
        if len(keys) != head["keys"] or len(counts) != len(keys) or len(tag_index) != head["words"]:
            return None
        freq = dict(zip(keys, counts.tolist(), strict=True))
        tags = dict(zip(keys[: head["words"]], map(head["tags"].__getitem__, tag_index), strict=True))
        return freq, int(head["total"]), tags
    except (ValueError, KeyError, TypeError, IndexError, UnicodeDecodeError):
        return None


def load() -> None:
    """Initialise jieba and import its tagger, from the cache when possible. Idempotent and thread-safe."""
    global _loaded
    if _loaded:
        return
    with _lock:
        if _loaded:
            return
        jieba = _import_jieba()
        dt = jieba.dt
        if dt.initialized or dt.dictionary != jieba.DEFAULT_DICT or "jieba.posseg" in sys.modules:
            dt.check_initialized()
            import jieba.posseg  # noqa: F401
            _loaded = True
            return
        key = _key(jieba)
        path = cache_file(key)
        gc_on = gc.isenabled()
        gc.disable()  # a million new objects, none of them cyclic: collections would only re-walk them
        try:
            got = decode(path.read_bytes(), key)
        except OSError:
            got = None
        finally:
            if gc_on:
                gc.enable()
        if got is None:
            dt.initialize()
            import jieba.posseg as pseg

            data = encode(key, dt.FREQ, dt.total, pseg.dt.word_tag_tab)
            if data is not None:
                try:
                    atomic_write_bytes(path, data, fsync=False)  # a torn cache is only a slower start
                except OSError as e:  # a read-only home costs speed, not correctness
                    logging.getLogger(__name__).debug("jieba dictionary cache not written: %s", e)
        else:
            freq, total, tags = got
            with dt.lock:
                dt.FREQ, dt.total, dt.initialized = freq, total, True
            dt.get_dict_file = lambda: io.BytesIO(b"")  # the tagger's table comes from the cache instead
            try:
                import jieba.posseg as pseg
            finally:
                del dt.get_dict_file
            pseg.dt.word_tag_tab = tags
        _loaded = True
