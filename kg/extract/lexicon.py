"""Hand-curated lexicons for the extractor: central agencies, national programmes, position titles,
surnames and stop-names.

All data lives in ``kg/data/`` (package data of ``kg``) and is read with ``importlib.resources``:

* ``agencies.tsv``  -- ``name<TAB>aliases<TAB>kind<TAB>region``
* ``programs.tsv``  -- ``name<TAB>aliases<TAB>kind``
* ``titles.tsv``    -- ``title<TAB>attach<TAB>kind``
* ``surnames.txt``  -- one surname per line (single- and multi-character; multi-character ones
  are exposed separately as ``compound_surnames``)
* ``stopnames.txt`` -- one string per line: words that follow a title in news and must not be read
  as a personal name

Lines that are empty or start with ``#`` are ignored. Aliases are comma-separated (ASCII ``,`` or
full-width ``，``). Every malformed row raises ``ValueError`` naming the file and the line number.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

AGENCY_KINDS = frozenset(
    {
        "party",
        "state",
        "ministry",
        "commission",
        "bureau",
        "court",
        "people_org",
        "media",
        "soe",
        "bank",
        "university",
        "hospital",
        "military",
        "other",
    }
)
PROGRAM_KINDS = frozenset({"mechanism", "policy", "campaign", "plan", "project", "fund", "document"})
TITLE_ATTACH = frozenset({"party", "government", "organisation", "generic"})
# agencies only located in their region (a university, a hospital, a company): the region is no side their
# neighbours' bare organs (市委, 县教育局) belong to
LOCATED_AGENCY_KINDS = frozenset({"university", "hospital", "soe", "bank", "media", "other", "people_org", "military"})
TITLE_KINDS = frozenset(
    {
        "party",
        "government",
        "department",
        "enterprise",
        "institution",
        "association",
        "village",
        "military",
        "generic",
    }
)

# Aliases that are real, commonly written short forms but also occur inside ordinary words
# (集中办理 contains 中办, 全国办 contains 国办, 中央视察 contains 央视 ...). The extractor should accept
# a match of one of these only at a token boundary (e.g. not preceded by a CJK character that forms
# a word with it), or when jieba keeps it as one token.
BOUNDARY_SENSITIVE_ALIASES = frozenset(
    {
        "中办",
        "国办",
        "央视",
        "央行",
        "兵团",
        "华润",
        "清华",
        "北语",
        "央美",
        "吉大",
        "厦大",
        "浙大",
        "复旦",
        "同济",
        "北航",
        "银联",
        "援疆",
        "援藏",
    }
)

# Bare aliases of national bodies that local bodies also carry (自治区发改委, 北京市国资委, 人民银行呼和浩特
# 中心支行 ...). A match directly preceded by a region name or 省/市/区/县/旗/盟/州, or followed by a
# branch name (…分行/支行/中心支行), belongs to the local body, not the national one.
LOCAL_HOMONYM_ALIASES = frozenset({"发改委", "国资委", "人民银行"})

# A surface form ending in the key, directly followed by one of these characters, is part of a longer
# common word and not a mention: 民政部门 / 财政部门 / 国家安全部门 are not 民政部 / 财政部 / 国家安全部;
# 中国银行业 is not 中国银行. Checked by Lexicon.accepts().
BAD_FOLLOWERS: dict[str, str] = {"部": "门", "银行": "业", "北大": "荒街仓营门"}  # (北大荒, 北大门)


@dataclass(frozen=True)
class LexEntry:
    name: str
    aliases: tuple[str, ...]
    kind: str
    region: str | None = None

    @property
    def surface_forms(self) -> tuple[str, ...]:
        """The canonical name followed by its aliases."""
        return (self.name, *self.aliases)


@dataclass(frozen=True)
class Lexicon:
    agencies: tuple[LexEntry, ...]
    programs: tuple[LexEntry, ...]
    titles: dict[str, tuple[str, str]]  # title -> (attach, kind)
    surnames: frozenset[str]
    compound_surnames: frozenset[str]
    stopnames: frozenset[str]

    def accepts(self, form: str, following: str) -> bool:
        """False when the match ``form`` followed by the text ``following`` is part of a longer common
        word (see BAD_FOLLOWERS), e.g. 民政部 in 民政部门."""
        nxt = following[:1]
        return not any(form.endswith(end) and nxt and nxt in chars for end, chars in BAD_FOLLOWERS.items())

    def is_stopname(self, candidate: str) -> bool:
        """True when ``candidate`` (text right after a title) is a stop-name or starts with a stop-name
        of two or more characters (one-character stop-names only match exactly, so that surnames
        such as 于 or 向 are not blocked)."""
        if candidate in self.stopnames:
            return True
        # prefixes of the candidate, not a scan of every stop-name: this runs for every name candidate
        return any(candidate[:k] in self.stopnames for k in range(2, len(candidate) + 1))

    def surname_of(self, candidate: str) -> str | None:
        """The surname ``candidate`` starts with (compound surnames first), or None."""
        if candidate[:2] in self.compound_surnames:
            return candidate[:2]
        if candidate[:1] in self.surnames:
            return candidate[:1]
        return None


_DATA = Path(__file__).resolve().parent.parent / "data"


def _data_text(filename: str) -> str:
    """kg/data/filename's text: read from the package directory (importing importlib.resources costs
    ≈ 2 ms of every worker's start-up), through importlib.resources where kg is not plain files (a zip)."""
    try:
        return (_DATA / filename).read_text(encoding="utf-8")
    except FileNotFoundError:
        from importlib import resources

        return resources.files("kg").joinpath("data", filename).read_text(encoding="utf-8")


def _read_lines(filename: str) -> list[tuple[int, str]]:
    text = _data_text(filename)
    out = []
    for lineno, raw in enumerate(text.splitlines(), start=1):
        line = raw.rstrip("\r\n")
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        out.append((lineno, line))
    return out


def _split_aliases(field: str) -> tuple[str, ...]:
    parts = (p.strip() for p in field.replace("，", ",").split(","))
    return tuple(p for p in parts if p)


def _read_table(filename: str, header: tuple[str, ...]) -> list[tuple[int, list[str]]]:
    lines = _read_lines(filename)
    if not lines:
        raise ValueError(f"{filename}: empty file, expected header {chr(9).join(header)!r}")
    lineno, first = lines[0]
    got = tuple(c.strip() for c in first.split("\t"))
    if got != header:
        raise ValueError(f"{filename}:{lineno}: bad header {got!r}, expected {header!r}")
    rows = []
    for lineno, line in lines[1:]:
        cols = line.split("\t")
        # allow trailing empty optional columns to be omitted
        while len(cols) < len(header):
            cols.append("")
        if len(cols) > len(header):
            raise ValueError(f"{filename}:{lineno}: {len(cols)} columns, expected {len(header)}: {line!r}")
        cols = [c.strip() for c in cols]
        if not cols[0]:
            raise ValueError(f"{filename}:{lineno}: empty {header[0]!r}")
        rows.append((lineno, cols))
    return rows


def _load_entries(filename: str, header: tuple[str, ...], kinds: frozenset[str]) -> tuple[LexEntry, ...]:
    entries: list[LexEntry] = []
    owner: dict[str, str] = {}
    for lineno, cols in _read_table(filename, header):
        name, alias_field, kind = cols[0], cols[1], cols[2]
        region = (cols[3] or None) if len(cols) > 3 else None
        if kind not in kinds:
            raise ValueError(f"{filename}:{lineno}: kind {kind!r} not in {sorted(kinds)}")
        aliases = tuple(dict.fromkeys(a for a in _split_aliases(alias_field) if a != name))
        for form in (name, *aliases):
            if any(ch in form for ch in "\t《》"):
                raise ValueError(f"{filename}:{lineno}: illegal character in {form!r}")
            if form in owner and owner[form] != name:
                raise ValueError(f"{filename}:{lineno}: {form!r} already belongs to {owner[form]!r}")
            if form in owner and form == name:
                raise ValueError(f"{filename}:{lineno}: duplicate entry {name!r}")
            owner[form] = name
        entries.append(LexEntry(name=name, aliases=aliases, kind=kind, region=region))
    return tuple(entries)


def _load_titles() -> dict[str, tuple[str, str]]:
    titles: dict[str, tuple[str, str]] = {}
    for lineno, (title, attach, kind) in _read_table("titles.tsv", ("title", "attach", "kind")):
        if attach not in TITLE_ATTACH:
            raise ValueError(f"titles.tsv:{lineno}: attach {attach!r} not in {sorted(TITLE_ATTACH)}")
        if kind not in TITLE_KINDS:
            raise ValueError(f"titles.tsv:{lineno}: kind {kind!r} not in {sorted(TITLE_KINDS)}")
        if title in titles:
            raise ValueError(f"titles.tsv:{lineno}: duplicate title {title!r}")
        titles[title] = (attach, kind)
    return titles


def _load_words(filename: str) -> list[str]:
    words: list[str] = []
    seen: set[str] = set()
    for lineno, line in _read_lines(filename):
        word = line.strip()
        if any(ch.isspace() for ch in word) or "\t" in line.strip():
            raise ValueError(f"{filename}:{lineno}: one entry per line expected, got {line!r}")
        if word not in seen:
            seen.add(word)
            words.append(word)
    return words


DATA_FILES = ("agencies.tsv", "programs.tsv", "titles.tsv", "surnames.txt", "stopnames.txt")


def data_key() -> tuple[str, ...]:
    """What the lexicon is made from: this file and the data files, by path, size and mtime (load_lexicon
    reads them; reading them twice cost ≈ 0.7 ms of a worker's start), by text where they are not files."""
    from kg import __version__

    def stat(path: Path) -> str | None:
        try:
            st = path.stat()
        except OSError:
            return None
        return f"{path}\0{st.st_size}\0{st.st_mtime_ns}"

    return (stat(Path(__file__)) or f"kg {__version__}",
            *(stat(_DATA / f) or _data_text(f) for f in DATA_FILES))


@lru_cache(maxsize=1)
def load_lexicon() -> Lexicon:
    agencies = _load_entries("agencies.tsv", ("name", "aliases", "kind", "region"), AGENCY_KINDS)
    programs = _load_entries("programs.tsv", ("name", "aliases", "kind"), PROGRAM_KINDS)
    titles = _load_titles()
    surnames_all = _load_words("surnames.txt")
    for s in surnames_all:
        if len(s) > 2:
            raise ValueError(f"surnames.txt: surname {s!r} longer than two characters")
    return Lexicon(
        agencies=agencies,
        programs=programs,
        titles=titles,
        surnames=frozenset(s for s in surnames_all if len(s) == 1),
        compound_surnames=frozenset(s for s in surnames_all if len(s) == 2),
        stopnames=frozenset(_load_words("stopnames.txt")),
    )
