"""Atomic, deterministic file output (and read-only mappings of the files kg replaces that way)."""

from __future__ import annotations

import json
import mmap
import os
import tempfile
from pathlib import Path
from typing import Any


def map_readonly(f) -> mmap.mmap | None:
    """The open file f mapped read-only, or None where it cannot be (empty, no mmap here). kg's files are
    only ever replaced (a new inode), never rewritten in place, so a mapping stays what was read."""
    try:
        return mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ)
    except (OSError, ValueError):
        return None


def publish(tmp: str | os.PathLike, path: str | os.PathLike) -> None:
    """Give a finished temp file ordinary permissions (mkstemp makes 0600) and move it into place."""
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(tmp, 0o666 & ~umask)
    os.replace(tmp, path)


def atomic_write_bytes(path: str | os.PathLike, data: bytes, fsync: bool = True) -> None:
    """Write via a temp file in the same directory + rename: readers see the old file or the new one.
    fsync=False for caches, where a torn entry after a power loss is simply recomputed."""
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name[:24]}.", suffix=".tmp", dir=path.parent)
    except OSError as e:
        raise _naming(e, path) from None
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            if fsync:
                f.flush()
                os.fsync(f.fileno())
        publish(tmp, path)
    except BaseException as e:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        if isinstance(e, OSError):
            raise _naming(e, path) from None
        raise


def _naming(e: OSError, path: Path) -> OSError:
    """The error of writing `path` named by `path` (not by its temporary file, or by nothing at all as a
    failed write() or fsync() is), so that the one line a user sees says which file could not be written."""
    if e.filename is None or str(e.filename).endswith(".tmp"):
        e.filename, e.filename2 = str(path), None
    return e


def atomic_write_text(path: str | os.PathLike, text: str) -> None:
    atomic_write_bytes(path, text.encode("utf-8"))


def dumps_canonical(obj: Any, indent: int | None = None) -> str:
    """Deterministic JSON: sorted keys, UTF-8 characters kept, no NaN."""
    return json.dumps(obj, ensure_ascii=False, sort_keys=True, indent=indent, allow_nan=False)


def atomic_write_json(path: str | os.PathLike, obj: Any, indent: int | None = None) -> None:
    atomic_write_text(path, dumps_canonical(obj, indent) + "\n")
