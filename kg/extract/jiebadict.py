"""jieba's two dictionaries, loaded in a fraction of the time jieba takes, or only the part a job needs.

Every build process pays jieba's start-up before it extracts anything: ``jieba.initialize()`` unmarshals a
500 000-entry prefix dictionary (≈ 0.65 s: every key is decoded from UTF-8 on its own), importing
``jieba.posseg`` re-reads the 350 000 lines of dict.txt for the part-of-speech table (≈ 0.27 s) and
``import jieba`` pulls in ``pkg_resources`` just to open that file (≈ 0.1 s). On a small corpus that is a
large part of the build.

:func:`load` gives jieba exactly the same ``FREQ``, ``total`` and ``word_tag_tab`` from a cache of our own:
all keys as one UTF-16 string split once, the counts as one int64 array, the tags as one byte per word
into a table of the ≈ 60 tags (≈ 0.3 s). The cache is made the first time (by letting jieba load normally
and writing what it loaded), keyed on jieba's version and dict.txt's path, size and mtime, CRC-checked,
written atomically, and ignored if unreadable: a bad cache costs the normal load, never a wrong
dictionary. If jieba was already initialised, given another dictionary or its tagger already imported,
:func:`load` leaves it as it is.

``load(lazy=True)`` is for a process that will read a few documents (a re-build that extracts the
handful of pages that changed): it reads the cache but decodes nothing. jieba gets dictionaries that fill
themselves on first use, one *shard* at a time: the keys that share their first two characters (the
keys of one character for a one-character key), ≈ 190 000 shards of 2.6 keys on average. Every lookup
jieba or the extractor makes (``in``, ``[]``, ``get``) asks for one key; its shard holds everything a
miss could have been, so a lookup in a partly loaded dictionary answers exactly as the whole one does.
The keys are stored sorted by shard, and a two-level index (first characters, then second characters)
finds a shard without building a table of them all. When the process turns out to read a lot (the
shards loaded reach a quarter of the keys, or :func:`note_extracted` has counted PROMOTE_BYTES of text)
the whole dictionaries are decoded and put in jieba's place (plain dicts again: no per-lookup cost from
then on).
"""

from __future__ import annotations

import array
import gc
import hashlib
import importlib
import importlib.util
import io
import json
import logging
import marshal
import mmap
import sys
import threading
import types
import zlib
from functools import partial
from pathlib import Path

from kg.buildcache import ByNeed, remembered
from kg.buildcache import user_cache_dir as cache_dir
from kg.jsonio import atomic_write_bytes, map_readonly

MAGIC = b"KGJIEBA2\n"
NO_SECOND = "\n"  # the second character of a one-character key's shard (no key holds a newline)
PROMOTE_SHARE = 0.25  # lazy dictionaries become whole ones once this share of the keys is loaded ...
PROMOTE_BYTES = 4 << 20  # ... or once the process has extracted this much text (see note_extracted)
_lock = threading.RLock()
_loaded = False
_lazy: _Shards | None = None
_tags: dict[str, str] = {}  # the tagger's word -> tag table (jieba.posseg's, or ours until it is imported)
_text_seen = 0
_MISSING = object()


def _import_jieba():
    """``import jieba`` without ``pkg_resources`` (jieba then opens its files with ``open``, its own fallback)."""
    if "jieba" in sys.modules:
        return sys.modules["jieba"]
    blocked = sys.modules.get("pkg_resources", _MISSING) is _MISSING
    if blocked:
        sys.modules["pkg_resources"] = None  # type: ignore[assignment]  # import raises ImportError
    try:
        spec = importlib.util.find_spec("jieba")
        if spec is not None and spec.origin:
            _with_model("jieba.finalseg", Path(spec.origin).parent / "finalseg",
                        ("prob_start", "prob_trans", "prob_emit"), lambda: importlib.import_module("jieba"))
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


def dictionary_key() -> str:
    """What identifies jieba's default dictionary here (its version, dict.txt's path, size and mtime)."""
    return _key(_import_jieba())


def _shard(k: str) -> str:
    return k[:2] if len(k) > 1 else k + NO_SECOND


def _utf16_units(s: str) -> int:
    return len(s) + sum(1 for c in s if c > "\uffff")


def encode(key: str, freq: dict[str, int], total: int, tags: dict[str, str]) -> bytes | None:
    """The cache entry for these dictionaries (None if they don't fit the format: a tagged word missing from
    FREQ, an empty key, or a newline inside a key or a tag).

    Layout after the JSON head line: the keys (tagged words, then the other keys, each group sorted by shard
    and joined by newlines, UTF-16-LE), their counts (int64), one tag byte per tagged word, then the shard
    index: the first characters (UTF-32-LE), where each one's shards start (int32), the shards' second
    characters (UTF-32-LE), and per shard where its tagged words and its other keys start, as key numbers
    and as byte offsets into the keys (int32 each, one more than there are shards)."""
    if any(w not in freq for w in tags) or "" in freq:
        return None
    if any("\n" in k for k in freq) or any("\n" in t for t in tags.values()):
        return None
    table = sorted(set(tags.values()))
    if len(table) > 256:
        return None
    words = sorted(tags, key=_shard)  # stable: jieba's own order within a shard
    rest = sorted((k for k in freq if k not in tags), key=_shard)
    keys = words + rest
    shards = sorted({_shard(k) for k in keys})
    firsts = sorted({s[0] for s in shards})
    first_at = array.array("i", [i for i, s in enumerate(shards) if i == 0 or s[0] != shards[i - 1][0]])
    first_at.append(len(shards))
    # per shard: the first key (number and byte offset) of its tagged words and of its other keys
    starts = []
    offset = 0
    for group in (words, rest):
        key_at = array.array("i")
        byte_at = array.array("i")
        si = 0
        for j, k in enumerate(group):
            s = _shard(k)
            while si < len(shards) and shards[si] <= s:
                key_at.append(j)
                byte_at.append(offset)
                si += 1
            offset += 2 * (_utf16_units(k) + 1)
        while si <= len(shards):
            key_at.append(len(group))
            byte_at.append(offset)
            si += 1
        starts.append((key_at, byte_at))
    index = {t: i for i, t in enumerate(table)}
    kb = "\n".join(keys).encode("utf-16-le")
    fb = array.array("q", [freq[k] for k in keys]).tobytes()
    tb = bytes(index[tags[w]] for w in words)  # one byte per tagged word: its tag's place in the table
    ib = b"".join([
        "".join(firsts).encode("utf-32-le"), first_at.tobytes(), "".join(s[1] for s in shards).encode("utf-32-le"),
        *(a.tobytes() for pair in starts for a in pair)])
    body = kb + fb + tb + ib
    head = {"key": key, "total": total, "keys": len(keys), "words": len(words), "tags": table,
            "kb": len(kb), "fb": len(fb), "tb": len(tb), "ib": len(ib), "firsts": len(firsts),
            "shards": len(shards), "crc": zlib.crc32(body)}
    return MAGIC + json.dumps(head, ensure_ascii=False).encode() + b"\n" + body


def _parse(data: bytes | mmap.mmap, key: str):
    """(head, body) of a cache entry for ``key``, or None if it is not one or is damaged."""
    if data[:len(MAGIC)] != MAGIC:
        return None
    nl = data.find(b"\n", len(MAGIC))
    if nl < 0:
        return None
    head = json.loads(data[len(MAGIC):nl])
    if head["key"] != key:
        return None
    body = memoryview(data)[nl + 1:]
    if (len(body) != head["kb"] + head["fb"] + head["tb"] + head["ib"]
            or zlib.crc32(body) != head["crc"]):
        return None
    return head, body


def _ints(body: memoryview, at: int, n: int, fmt: str) -> memoryview:
    """n native integers of body at byte offset at, read in place (memoryview reads unaligned items
    safely: no copy of the megabytes a lazy load never looks at)."""
    size = 8 if fmt == "q" else 4
    if n < 0 or at + n * size > len(body):
        raise ValueError("index")
    return body[at:at + n * size].cast(fmt)


def _counts(head: dict, body: memoryview) -> memoryview:
    if head["fb"] != 8 * head["keys"]:
        raise ValueError("counts")
    return _ints(body, head["kb"], head["keys"], "q")


def _whole(head: dict, body: memoryview) -> tuple[dict[str, int], dict[str, str]]:
    kb, fb, tbn = head["kb"], head["fb"], head["tb"]
    keys = str(body[:kb], "utf-16-le").split("\n")
    counts = _counts(head, body)
    tag_index = bytes(body[kb + fb:kb + fb + tbn])
    if len(keys) != head["keys"] or len(tag_index) != head["words"]:
        raise ValueError("keys")
    freq = dict(zip(keys, counts.tolist(), strict=True))
    tags = dict(zip(keys[: head["words"]], map(head["tags"].__getitem__, tag_index), strict=True))
    return freq, tags


def decode(data: bytes, key: str) -> tuple[dict[str, int], int, dict[str, str]] | None:
    """The dictionaries in a cache entry, or None if it is not one for ``key`` or is damaged."""
    try:
        got = _parse(data, key)
        if got is None:
            return None
        head, body = got
        freq, tags = _whole(head, body)
        return freq, int(head["total"]), tags
    except (ValueError, KeyError, TypeError, IndexError, UnicodeDecodeError):
        return None


class _Shards:
    """The shard loader behind a lazy FREQ and tag table (see the module's doc)."""

    def __init__(self, head: dict, body: memoryview):
        self.head, self.body = head, body
        kb, fb, tbn = head["kb"], head["fb"], head["tb"]
        nf, ns = head["firsts"], head["shards"]
        self.counts = _counts(head, body)
        self.tag_index = body[kb + fb:kb + fb + tbn]
        at = kb + fb + tbn
        self.firsts = str(body[at:at + 4 * nf], "utf-32-le")
        at += 4 * nf
        self.first_at = _ints(body, at, nf + 1, "i")
        at += 4 * (nf + 1)
        self.seconds = str(body[at:at + 4 * ns], "utf-32-le")
        at += 4 * ns
        self.starts = []
        for _ in range(4):  # tagged words' key numbers, byte offsets; the other keys' key numbers, offsets
            self.starts.append(_ints(body, at, ns + 1, "i"))
            at += 4 * (ns + 1)
        if (at != len(body) or len(self.firsts) != nf or len(self.seconds) != ns
                or len(self.tag_index) != head["words"]):
            raise ValueError("index")
        self.loaded: set[str] = set()
        self.n_keys = 0
        self.promote_at = int(head["keys"] * PROMOTE_SHARE)
        self.freq = LazyFreq(self)
        self.tags = LazyTags(self)
        self.whole = False

    def _keys(self, i: int, key_at: memoryview, byte_at: memoryview) -> list[str]:
        n = key_at[i + 1] - key_at[i]
        if n <= 0:
            return []
        keys = str(self.body[byte_at[i]:byte_at[i + 1] - 2], "utf-16-le").split("\n")
        if len(keys) != n:
            raise ValueError("shard")
        return keys

    def fault(self, k) -> bool:
        """Load the shard that holds ``k``; False if it was loaded already (or k cannot be a key)."""
        if not isinstance(k, str) or not k:
            return False
        s = _shard(k)
        if s in self.loaded:
            return False
        with _lock:
            if s in self.loaded:
                return False
            f = self.firsts.find(s[0])
            if f >= 0:
                i = self.seconds.find(s[1], self.first_at[f], self.first_at[f + 1])
                if i >= 0:
                    self._load(i)
            self.loaded.add(s)
            if self.n_keys >= self.promote_at:
                self.promote()
        return True

    def _load(self, i: int) -> None:
        wk, wb, rk, rb = self.starts
        words = self._keys(i, wk, wb)
        rest = self._keys(i, rk, rb)
        j, nw = wk[i], self.head["words"]
        table = self.head["tags"]
        if words:
            dict.update(self.freq, zip(words, self.counts[j:j + len(words)].tolist(), strict=True))
            dict.update(self.tags, zip(words, map(table.__getitem__, self.tag_index[j:j + len(words)]), strict=True))
        if rest:
            j = nw + rk[i]
            dict.update(self.freq, zip(rest, self.counts[j:j + len(rest)].tolist(), strict=True))
        self.n_keys += len(words) + len(rest)

    def promote(self) -> None:
        """Put the whole dictionaries in jieba's place, once (the lazy ones stay correct for whoever holds
        them)."""
        global _tags
        with _lock:
            if self.whole:
                return
            freq, tags = _whole(self.head, self.body)
            jieba = sys.modules["jieba"]
            with jieba.dt.lock:
                jieba.dt.FREQ = freq
            _tags = tags
            pseg = sys.modules.get("jieba.posseg")
            if pseg is not None:
                pseg.dt.word_tag_tab = tags
            self.whole = True


class LazyFreq(dict):
    """jieba's FREQ, loaded a shard at a time as keys are asked for."""

    __slots__ = ("_src",)

    def __init__(self, src: _Shards):
        super().__init__()
        self._src = src

    def __contains__(self, k) -> bool:
        return dict.__contains__(self, k) or (self._src.fault(k) and dict.__contains__(self, k))

    def __missing__(self, k):
        if self._src.fault(k):
            return self[k]
        raise KeyError(k)

    def get(self, k, default=None):
        v = dict.get(self, k, _MISSING)
        if v is _MISSING:
            return dict.get(self, k, default) if self._src.fault(k) else default
        return v


class LazyTags(LazyFreq):
    """jieba.posseg's word → tag table, loaded with the same shards."""

    __slots__ = ()


def state() -> str:
    """'none' (not loaded yet), 'lazy' (shards on demand), 'whole' (every key decoded from our cache) or
    'jieba' (jieba loaded them itself)."""
    if not _loaded:
        return "none"
    if _lazy is None:
        return "whole" if _loaded == "ours" else "jieba"
    return "whole" if _lazy.whole else "lazy"


def note_extracted(nbytes: int) -> None:
    """The process has extracted ``nbytes`` more text. Lazy dictionaries cost ≈ 7 % more per lookup than
    plain ones: past PROMOTE_BYTES that outweighs decoding the whole dictionaries (≈ 0.3 s), which are
    then put in jieba's place. Does nothing unless the dictionaries are lazy."""
    global _text_seen
    if _lazy is None or _lazy.whole:
        return
    _text_seen += nbytes
    if _text_seen >= PROMOTE_BYTES:
        _lazy.promote()


def tag(word: str) -> str | None:
    """The part-of-speech tag of a dictionary word (None if it has none)."""
    if not _loaded:
        load()
    return _tags.get(word)


def _import_posseg():
    dt = sys.modules["jieba"].dt
    dt.get_dict_file = lambda: io.BytesIO(b"")  # the tagger's table is ours instead of dict.txt's
    try:
        import jieba.posseg as pseg
    finally:
        del dt.get_dict_file
    return pseg


def _with_model(pkg: str, where: Path, names: tuple[str, ...], importer, by_need: tuple[str, ...] = ()
                ) -> None:
    """importer(), which imports pkg, a jieba package whose HMM tables are modules of literals (``P = {…}``,
    megabytes of them: ≈ 9 ms to import for the segmenter's, ≈ 31 ms for the tagger's). Their tables are
    remembered per machine as marshal data (≈ 3 and ≈ 2 ms to load), keyed by the modules' paths, sizes and
    mtimes, and put in sys.modules as those modules first, so that pkg's imports find them there; the
    tables named in ``by_need`` are kept one marshal string per key and loaded key by key (ByNeed): the
    tagger tags a few short windows per page, which visit a few of its 256 states and 6 600 characters,
    and loading all its 89 000 probabilities and 66 000 states took ≈ 14 ms. A build's processes each
    pay this once; a re-build's workers pay it with a few pages to extract."""
    try:
        key = [pkg, str(where), "by need: " + " ".join(by_need)]
        for name in names:
            st = (where / f"{name}.py").stat()
            key.append(f"{name} {st.st_size} {st.st_mtime_ns}")
    except OSError:  # no sources (a frozen install): import them as they are
        importer()
        return

    def tables() -> list:
        importer()
        got = [sys.modules[f"{pkg}.{name}"].P for name in names]
        return [{k: marshal.dumps(v) for k, v in t.items()} if name in by_need else t
                for name, t in zip(names, got, strict=True)]

    got = remembered(pkg, key, tables)
    if pkg not in sys.modules:
        for name, table in zip(names, got, strict=True):
            mod = types.ModuleType(f"{pkg}.{name}")
            # (Viterbi only looks its tables up: t[state], t.get(char, default))
            mod.P = ByNeed(partial(_unmarshal, table), known=table) if name in by_need else table
            sys.modules.setdefault(mod.__name__, mod)
        importer()


def _unmarshal(raw: dict, k):
    return marshal.loads(raw[k])


def posseg():
    """jieba.posseg (imported on first use, its HMM tables through _with_model), its word -> tag table ours."""
    pseg = sys.modules.get("jieba.posseg")
    if pseg is None:
        load()
        with _lock:
            jieba = sys.modules["jieba"]
            _with_model("jieba.posseg", Path(jieba.__file__).parent / "posseg",
                        ("char_state_tab", "prob_start", "prob_trans", "prob_emit"), _import_posseg,
                        by_need=("char_state_tab", "prob_emit"))
            pseg = sys.modules["jieba.posseg"]
            pseg.dt.word_tag_tab = _tags
    return pseg


def _mapped(path: Path) -> bytes | mmap.mmap:
    """The file's bytes, mapped rather than read where possible: a lazy load looks at a few of its 8 MB
    (the CRC aside), and reading them all into a new buffer cost ≈ 10 ms per process."""
    with open(path, "rb") as f:
        return map_readonly(f) or f.read()


def load(lazy: bool = False) -> None:
    """Initialise jieba (not its tagger: see :func:`posseg`), from the cache when possible. Idempotent and
    thread-safe: the first call decides (lazy: see the module's doc)."""
    global _loaded, _lazy, _tags
    if _loaded:
        return
    with _lock:
        if _loaded:
            return
        jieba = _import_jieba()
        dt = jieba.dt
        if dt.initialized or dt.dictionary != jieba.DEFAULT_DICT or "jieba.posseg" in sys.modules:
            dt.check_initialized()
            import jieba.posseg as pseg

            _tags = pseg.dt.word_tag_tab
            _loaded = "jieba"
            return
        key = _key(jieba)
        path = cache_file(key)
        gc_on = gc.isenabled()
        gc.disable()  # a million new objects, none of them cyclic: collections would only re-walk them
        got = None
        try:
            parsed = _parse(_mapped(path), key)
            if parsed is not None:
                if lazy:
                    shards = _Shards(*parsed)
                    got = (shards.freq, shards.tags)
                else:
                    shards = None
                    got = _whole(*parsed)
                total = int(parsed[0]["total"])
        except (OSError, ValueError, KeyError, TypeError, IndexError, UnicodeDecodeError):
            got = None
        finally:
            if gc_on:
                gc.enable()
        if got is None:
            dt.initialize()
            import jieba.posseg as pseg

            _tags = pseg.dt.word_tag_tab
            data = encode(key, dt.FREQ, dt.total, _tags)
            if data is not None:
                try:
                    atomic_write_bytes(path, data, fsync=False)  # a torn cache is only a slower start
                except OSError as e:  # a read-only home costs speed, not correctness
                    logging.getLogger(__name__).debug("jieba dictionary cache not written: %s", e)
            _loaded = "jieba"
            return
        freq, _tags = got
        with dt.lock:
            dt.FREQ, dt.total, dt.initialized = freq, total, True
        _lazy = shards
        _loaded = "ours"
