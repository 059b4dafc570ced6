"""A user's own vocabulary (`kg build … --lexicon FILE`, repeatable): names the bundled lexicons and the
gazetteer do not know, matched in the same Aho–Corasick pass and preferred where they overlap.

File format (UTF-8 TSV, `#` starts a comment, blank lines ignored)::

    # type    name              aliases (comma-separated, may be empty)
    Agency    北京市协作办       协作办
    Program   京蒙消费帮扶专项    消费帮扶专项
    Person    张三
    Region    红星嘎查           红星

`type` is Agency, Program, Person or Region (places below the gazetteer: townships, villages); a Region's
level is read from its name's suffix (镇/乡/苏木/街道 → township, otherwise village).

`LexiconExtractor(paths)` is kg's extractor with those entries: picklable for the build's workers, and
its `fingerprint` covers the files' content, so editing a lexicon re-extracts the documents.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kg.errors import KgError

USER_TYPES = ("Agency", "Program", "Person", "Region")
TOWNSHIP_SUFFIXES = ("苏木", "街道", "乡", "镇")


@dataclass(frozen=True)
class UserEntry:
    type: str
    name: str
    aliases: tuple[str, ...]
    level: str | None = None  # Region only

    @property
    def surface_forms(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)


def _region_level(name: str) -> str:
    return "township" if name.endswith(TOWNSHIP_SUFFIXES) else "village"


def _parse_row(where: str, line: str) -> UserEntry:
    cols = [c.strip() for c in line.split("\t")]
    if len(cols) > 3:
        raise KgError(f"{where}: more than three tab-separated columns (type, name, aliases)")
    etype = cols[0]
    name = cols[1] if len(cols) > 1 else ""
    if etype not in USER_TYPES:
        raise KgError(f"{where}: unknown type {etype!r} (one of {', '.join(USER_TYPES)})")
    if not name:
        raise KgError(f"{where}: empty name")
    raw = cols[2] if len(cols) > 2 else ""
    aliases = tuple(dict.fromkeys(a.strip() for a in raw.replace("，", ",").split(",") if a.strip() and
                                  a.strip() != name))
    return UserEntry(etype, name, aliases, _region_level(name) if etype == "Region" else None)


def read_user_lexicons(paths: list[str] | tuple[str, ...]) -> tuple[tuple[UserEntry, ...], str]:
    """The entries of the files, in order, and a digest of their content. A bad row (unknown type, empty
    name, a name or alias already given to another entry) raises KgError("FILE:LINE: reason")."""
    entries: list[UserEntry] = []
    owner: dict[str, str] = {}  # surface form -> where it was first given
    h = hashlib.sha256(b"kg user lexicon v1\0")
    for path in paths:
        try:
            raw = Path(path).read_bytes()
        except OSError as e:
            raise KgError(f"cannot read lexicon {path}: {e.strerror or e}") from None
        h.update(raw + b"\0")
        for i, bline in enumerate(raw.split(b"\n"), 1):
            where = f"{path}:{i}"
            try:
                line = bline.decode("utf-8").rstrip("\r")
            except UnicodeDecodeError:
                raise KgError(f"{where}: not UTF-8 text") from None
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            entry = _parse_row(where, line)
            for form in entry.surface_forms:
                if form in owner:
                    raise KgError(f"{where}: {form!r} is already a name or alias at {owner[form]}")
                owner[form] = where
            entries.append(entry)
    return tuple(entries), h.hexdigest()


class LexiconExtractor:
    """kg.extract.extract_document with the user's entries (see the module's docstring)."""

    def __init__(self, paths: list[str] | tuple[str, ...]):
        self.paths = tuple(str(p) for p in paths)
        self.entries, digest = read_user_lexicons(self.paths)
        from kg.buildcache import extractor_fingerprint

        self.fingerprint = hashlib.sha256(f"{extractor_fingerprint()}\0{digest}".encode()).hexdigest()
        self.__module__ = __name__  # named like a function for whoever reports the extractor
        self.__qualname__ = type(self).__name__

    def __call__(self, doc, home_region: str | None = None) -> dict[str, Any]:
        from kg.extract.pipeline import extract_document

        return extract_document(doc, home_region=home_region, user_entries=self.entries)
