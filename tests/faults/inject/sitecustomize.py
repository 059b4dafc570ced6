"""Fault injection for kg's write paths (tests/faults only: put this directory on PYTHONPATH).

Every write operation (open for writing, os.open with write flags, mkdir, replace/rename, write, fsync,
chmod, truncate, link, copy_file_range) that kg or viz code makes, directly or through the standard
library (tempfile, pathlib, shutil), is a numbered event. A third-party library's own writes are not
counted. Environment:

- KG_FAULT_ROOTS: os.pathsep-separated source directories whose calls count (kg/, viz/);
- KG_FAULT_LOG: append one line per event: "N<TAB>op<TAB>site<TAB>path" (site: the innermost kg
  frames, e.g. "kg/jsonio.py:37<kg/build.py:660");
- KG_FAULT_AT=N and KG_FAULT_ERRNO=ENOSPC|EACCES|EIO|…: event N raises that OSError instead.
"""

from __future__ import annotations

import builtins
import errno
import io
import os
import sys
import sysconfig

_ROOTS = tuple(r.rstrip(os.sep) + os.sep for r in os.environ.get("KG_FAULT_ROOTS", "").split(os.pathsep) if r)
_LOG = os.environ.get("KG_FAULT_LOG")
_AT = int(os.environ.get("KG_FAULT_AT") or 0)
_ERRNO = getattr(errno, os.environ.get("KG_FAULT_ERRNO") or "EIO")
_STDLIB = tuple(p for p in {sysconfig.get_paths()["stdlib"], sysconfig.get_paths()["platstdlib"]} if p)
_HERE = os.path.abspath(__file__)
_count = 0
_real = {name: getattr(os, name) for name in (
    "open", "write", "mkdir", "replace", "rename", "fsync", "chmod", "ftruncate", "truncate", "link",
    "symlink", "copy_file_range") if hasattr(os, name)}
_real_io_open = io.open
_WRITE_FLAGS = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_TRUNC | os.O_APPEND


def _site() -> str | None:
    """The innermost five kg/viz frames calling this write, or None (not kg's write)."""
    f = sys._getframe(2)
    frames: list[str] = []
    while f is not None and len(frames) < 5:
        fn = f.f_code.co_filename
        if fn.startswith(_ROOTS):
            root = next(r for r in _ROOTS if fn.startswith(r))
            frames.append(f"{os.path.basename(root.rstrip(os.sep))}/{fn[len(root):]}:{f.f_lineno}")
        elif not frames and not (fn.startswith(_STDLIB) or fn.startswith("<") or fn == _HERE):
            return None  # a third-party library's own write
        f = f.f_back
    return "<".join(frames) or None


def _event(op: str, path) -> None:
    global _count
    site = _site()
    if site is None:
        return
    _count += 1
    if _LOG:
        line = f"{_count}\t{op}\t{site}\t{os.fsdecode(path) if isinstance(path, str | bytes | os.PathLike) else path}"
        fd = _real["open"](_LOG, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
        try:
            _real["write"](fd, (" ".join(line.splitlines()) + "\n").encode("utf-8", "backslashreplace"))
        finally:
            os.close(fd)
    if _count == _AT:
        raise OSError(_ERRNO, os.strerror(_ERRNO), path if isinstance(path, str | bytes | os.PathLike) else None)


def _wrap(name: str, writes=lambda *a, **k: True):
    real = _real[name]

    def hooked(*args, **kwargs):
        if _ROOTS and writes(*args, **kwargs):
            _event(name, args[0] if args else kwargs.get("path"))
        return real(*args, **kwargs)

    hooked.__name__ = name
    return hooked


def _open_writes(file, mode="r", *args, **kwargs) -> bool:
    return isinstance(file, str | bytes | os.PathLike) and any(c in mode for c in "wax+")


def _io_open(file, mode="r", *args, **kwargs):
    if _ROOTS and _open_writes(file, mode):
        _event("open", file)
    return _real_io_open(file, mode, *args, **kwargs)


if _ROOTS:
    for _name in _real:
        if _name == "open":
            os.open = _wrap("open", lambda path, flags, *a, **k: bool(flags & _WRITE_FLAGS))
        else:
            setattr(os, _name, _wrap(_name))
    io.open = builtins.open = _io_open
