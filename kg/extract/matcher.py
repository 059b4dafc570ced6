"""One Aho–Corasick automaton over every lexicon the extractor matches verbatim: region names and their
short forms (gazetteer), central agencies and national programmes with their aliases, position titles and
the deictic forms (我区, 全旗, 首府 …) that context resolves later.

Built once per process (lru_cache), so a worker pays for it once and then matches in native code.

The automaton is ahocorasick_rs (Rust's aho-corasick crate). pyahocorasick, used before, looks a state's
transitions up by a linear scan: the start state has one per distinct first character (≈ 1 100 here), and
nearly every character of a text passes through it, so a document took 6–7x longer to scan (7 % of a
whole build); the matches and their order are the same.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

from ahocorasick_rs import AhoCorasick

from kg.buildcache import ByNeed, remembered
from kg.extract import jiebadict
from kg.extract.gazetteer import Gazetteer, load_gazetteer
from kg.extract.gazetteer import data_key as gazetteer_key
from kg.extract.lexicon import Lexicon, load_lexicon
from kg.extract.lexicon import data_key as lexicon_key

# Deictic and collective region forms, resolved from the article's context: word -> level it refers to.
DEICTIC = {
    "我区": "home", "全区": "home", "区内": "home", "自治区": "home", "本区": "home",
    "我省": "home", "全省": "home", "本省": "home",
    "我市": "prefecture", "全市": "prefecture", "本市": "prefecture", "该市": "prefecture",
    "我盟": "prefecture", "全盟": "prefecture", "该盟": "prefecture",
    "我州": "prefecture", "全州": "prefecture",
    "我旗": "county", "全旗": "county", "该旗": "county", "本旗": "county",
    "我县": "county", "全县": "county", "该县": "county", "本县": "county",
    "首府": "capital", "省会": "capital",
    "该村": "village", "该嘎查": "village", "该镇": "township", "该乡": "township", "该苏木": "township",
    "该公司": "company", "该企业": "company", "该集团": "company", "公司": "company", "分公司": "company",
    "我校": "school", "本校": "school", "我院": "institute", "本院": "institute",
    "访问团": "delegation", "代表团": "delegation", "考察团": "delegation", "慰问团": "delegation",
}

# Short forms that are ordinary words whatever the gazetteer says (tags from jieba's dictionary are
# consulted too, see _short_ok).
_COMMON_TAGS = {"v", "vn", "vd", "a", "ad", "an", "d", "s", "n", "m", "t", "f", "c", "p", "u", "r", "q", "l", "i"}


class Entry(NamedTuple):  # a tuple: ≈ 8 500 are made per process, 4x faster than a frozen dataclass
    kind: str  # region | short | agency | program | title | deictic
    value: object


def _short_ok(word: str) -> bool:
    """Is a gazetteer short form safe to match verbatim? Rejects ordinary words (开发, 前进, 和平 …)."""
    if len(word) < 2:
        return False
    import jieba

    tag = jiebadict.tag(word)
    freq = jieba.dt.FREQ.get(word) or 0
    if tag == "ns":
        return True
    if tag in _COMMON_TAGS and freq > 150:
        return False
    if freq > 3000:
        return False
    return True


def _shorts_ok(words: list[str]) -> set[str]:
    """The words that pass _short_ok (≈ 3 000 dictionary lookups: most of a first matcher's time when
    jieba's dictionary is lazy, hence the remembered table in Matcher)."""
    return {w for w in words if _short_ok(w)}


def _table(gaz: Gazetteer, lex: Lexicon) -> tuple[list[str], list[tuple]]:
    """The patterns and, for each, its entries coded for marshal: (kind, value), an agency's or
    programme's value its position in the lexicon's list."""
    table: dict[str, list[tuple]] = {}

    def add(word: str, entry: tuple) -> None:
        if word:
            table.setdefault(word, []).append(entry)

    for name, codes in gaz.by_name.items():
        add(name, ("region", tuple(codes)))
    # a province's or prefecture's short form stays even when it is also a word (包头, 大连, 孝感); a
    # county's must not be an ordinary word
    county_only = [short for short, codes in gaz.by_short.items()
                   if short not in gaz.by_name and all(gaz.regions[c].level == "county" for c in codes)]
    ok = _shorts_ok(county_only)
    for short, codes in gaz.by_short.items():
        if short in gaz.by_name:
            continue
        if any(gaz.regions[c].level != "county" for c in codes) or short in ok:
            add(short, ("short", tuple(codes)))
    for kind, entries in (("agency", lex.agencies), ("program", lex.programs)):
        for i, ent in enumerate(entries):
            for w in (ent.name, *ent.aliases):
                add(w, (kind, i))
    for t in lex.titles:
        add(t, ("title", t))
    for w in DEICTIC:
        add(w, ("deictic", w))
    return list(table), [tuple(v) for v in table.values()]


class Matcher:
    def __init__(self, gaz: Gazetteer, lex: Lexicon, user: tuple = ()):
        self.gaz = gaz
        self.lex = lex
        self.agency_by_name: dict[str, object] = {w: ent for ent in lex.agencies for w in (ent.name, *ent.aliases)}
        self.program_by_name: dict[str, object] = {w: ent for ent in lex.programs
                                                   for w in (ent.name, *ent.aliases)}
        jiebadict.load()  # the short-form checks read jieba's dictionaries: load them the fast way first
        if jiebadict.state() in ("lazy", "whole"):
            # remembered per machine: the table depends on this file, the gazetteer, the lexicon and
            # jieba's dictionary (the short forms' check), nothing else
            words, coded = remembered("matcher", (Path(__file__).read_bytes(), *gazetteer_key(), *lexicon_key(),
                                                  jiebadict.dictionary_key()), lambda: _table(gaz, lex))
        else:  # a dictionary someone else loaded or changed: asked directly
            words, coded = _table(gaz, lex)
        if user:
            words, coded = _with_user_entries(words, coded, user)
        self.words = words  # the automaton's patterns; index i -> (word, entries) in _values
        ags, prs = lex.agencies, lex.programs

        def entries(i: int) -> tuple[str, tuple[Entry, ...]]:
            return words[i], tuple(Entry(k, ags[x] if k == "agency" else prs[x] if k == "program"
                                         else user[x] if k == "user" else x) for k, x in coded[i])

        # decoded the first time a text matches the pattern: a process that extracts a few pages matches a
        # few hundred of the 8 500, and decoding them all took ≈ 5 ms
        self._values = ByNeed(entries, known=range(len(words)))
        self.automaton = AhoCorasick(self.words)
        self.title_words = sorted(lex.titles, key=len, reverse=True)

    def all(self, text: str) -> list[tuple[int, int, str, tuple]]:
        """Every (start, end, word, entries) match, overlapping, in order of end, and for one end the longest
        first (as the automaton reports them; a whole document at a time)."""
        if not text:
            return []
        values = self._values
        return [(s, e, *values[i]) for i, s, e in self.automaton.find_matches_as_indexes(text, overlapping=True)]

    def iter(self, text: str):
        """all() one at a time."""
        yield from self.all(text)


def _with_user_entries(words: list[str], coded: list[tuple], user: tuple) -> tuple[list[str], list[tuple]]:
    """The table with a user lexicon's surface forms (kg.extract.userlex) added; a form the bundled
    lexicons also have is the user's alone (the user's entry wins)."""
    words, coded = list(words), list(coded)
    index = {w: i for i, w in enumerate(words)}
    for j, entry in enumerate(user):
        for form in entry.surface_forms:
            if form in index:
                coded[index[form]] = (("user", j),)
            else:
                index[form] = len(words)
                words.append(form)
                coded.append((("user", j),))
    return words, coded


@lru_cache(maxsize=4)
def get_matcher(user: tuple = ()) -> Matcher:
    """The matcher of the gazetteer and the bundled lexicons, plus a user lexicon's entries if given
    (a tuple of kg.extract.userlex.UserEntry)."""
    return Matcher(load_gazetteer(), load_lexicon(), user)
