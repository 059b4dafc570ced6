"""Errors a user can cause. The CLI turns each into one plain line on stderr and a non-zero exit."""

from __future__ import annotations

import errno
import os
import re
import sys
from collections.abc import Iterator
from contextlib import contextmanager


class KgError(Exception):
    """A user-facing error: its message is one plain line, no traceback is shown."""

    exit_code = 1


class IngestError(KgError):
    """A document could not be read or decoded; the build reports it and goes on."""


class NotFoundError(KgError):
    """An unknown entity, query, path or preset."""

    exit_code = 2


def shown(path: object) -> str:
    """A path (or any name) for a one-line message: as is when printable, else with repr-style escapes
    (a file name holding a newline must not split a warning over two lines)."""
    s = os.fsdecode(path) if isinstance(path, bytes | os.PathLike) else str(path)
    if s.isprintable():
        return s
    return repr(s)[1:-1]


# what a user can do about each: said after the system's own words
_HINTS = {
    errno.ENOSPC: "free some space and run the command again",
    errno.EDQUOT: "free some space and run the command again",
    errno.EROFS: "choose another output location",
    errno.EACCES: "check the permissions or choose another location",
    errno.EPERM: "check the permissions or choose another location",
}


# kg's temporary files (kg.jsonio, kg.graph): ".NAME.XXXXXXXX.tmp" beside the file NAME they become
_TEMP = re.compile(r"^\.(?P<name>.{1,24})\.[A-Za-z0-9_]{8}\.tmp$")


def _destination(path: object) -> object:
    """The file a temporary file was to become (a user knows graph.json, not .graph.json.k2j4h1x0.tmp)."""
    s = os.fsdecode(path) if isinstance(path, bytes | os.PathLike) else str(path)
    head, _, base = s.rpartition(os.sep)
    m = _TEMP.match(base)
    if m is None:
        return path
    name = m.group("name")
    return f"{head}{os.sep}{name}" if len(name) < 24 else (head or ".")


def describe_os_error(e: OSError) -> str:
    """An OSError as one plain line naming the path(s): "PATH: Permission denied (…)"."""
    what = e.strerror or str(e) or type(e).__name__
    where = ""
    if e.filename is not None:
        where = shown(_destination(e.filename))
        if getattr(e, "filename2", None) is not None:
            where += f" -> {shown(e.filename2)}"
        where += ": "
    hint = _HINTS.get(e.errno or 0)
    return " ".join(f"{where}{what}".split()) + (f" ({hint})" if hint else "")


# SQLite's words for what the file system did to a store (kg's cache, OUT/graph.db): a user's problem
_SQLITE_FS = {
    "unable to open database file": "cannot create or open it (is the directory writable?)",
    "attempt to write a readonly database": "it is read-only (is the directory writable?)",
    "disk i/o error": "disk I/O error (is the disk full or failing?)",
    "database or disk is full": "the disk is full (free some space and run the command again)",
    "database is locked": "another process holds it (another kg build into the same --out?)",
}


def describe_sqlite_error(e: Exception, where: object) -> str | None:
    """A sqlite3.OperationalError that the file system caused, as one plain line naming `where` (the
    directory of kg's stores); None for any other (a bug, shown as one)."""
    msg = str(e).strip().lower()
    for words, says in _SQLITE_FS.items():
        if msg.startswith(words):
            return f"{shown(where)}: a SQLite store there: {says}"
    return None


@contextmanager
def naming(where: str | os.PathLike) -> Iterator[None]:
    """Errors of the machine inside the block named by `where` (an output directory): an OSError that
    names no file (a failed write() or fsync()) gets it, and SQLite's file-system errors become KgErrors."""
    try:
        yield
    except OSError as e:
        if e.filename is None:
            e.filename = os.fspath(where)
        raise
    except Exception as e:
        sqlite3 = sys.modules.get("sqlite3")
        line = describe_sqlite_error(e, where) if sqlite3 and isinstance(e, sqlite3.OperationalError) else None
        if line is None:
            raise
        raise KgError(line) from e
