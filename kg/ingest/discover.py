"""Find the documents under the paths a user gives (files, directories recursively, globs)."""

from __future__ import annotations

import glob
import os
from dataclasses import dataclass
from pathlib import Path

from kg.errors import KgError

SUFFIXES = {".txt", ".md", ".html", ".htm", ".pdf"}


@dataclass(frozen=True, slots=True)
class SourceFile:
    path: Path  # absolute
    doc_id: str  # relative to the corpus root, '/'-separated


def discover(paths: list[str | os.PathLike]) -> list[SourceFile]:
    found: dict[str, SourceFile] = {}
    for p in paths:
        s = str(p)
        if any(ch in s for ch in "*?[") and not Path(s).exists():
            matches = sorted(glob.glob(s, recursive=True))
            if not matches:
                raise KgError(f"no file matches {s}")
            base = _glob_base(s)
            for m in matches:
                mp = Path(m).resolve()
                if mp.is_file() and mp.suffix.lower() in SUFFIXES:
                    try:
                        rel = mp.relative_to(base).as_posix()
                    except ValueError:
                        rel = mp.name
                    found.setdefault(str(mp), SourceFile(mp, rel))
            continue
        path = Path(s)
        if not path.exists():
            raise KgError(f"no such file or directory: {s}")
        path = path.resolve()
        if path.is_dir():
            for f in sorted(path.rglob("*")):
                if f.is_file() and f.suffix.lower() in SUFFIXES and not any(
                    part.startswith(".") for part in f.relative_to(path).parts
                ):
                    found.setdefault(str(f), SourceFile(f, f.relative_to(path).as_posix()))
        else:
            found.setdefault(str(path), SourceFile(path, path.name))
    return sorted(found.values(), key=lambda sf: (sf.doc_id, str(sf.path)))


def _glob_base(pattern: str) -> Path:
    """The directory part of a glob before its first wildcard: the corpus root for doc ids."""
    parts = Path(pattern).parts
    fixed = []
    for part in parts:
        if any(ch in part for ch in "*?["):
            break
        fixed.append(part)
    return Path(*fixed).resolve() if fixed else Path.cwd().resolve()
