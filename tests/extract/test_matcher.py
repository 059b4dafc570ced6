"""The lexicon automaton reports every occurrence of every word, overlapping, in order of end (longest first
for one end): checked against a brute-force scan on text made of lexicon words, their pieces and noise."""

from __future__ import annotations

import random

from kg.extract.matcher import get_matcher
from kg.extract.mentions import BODY_BREAKERS, _breakers_in


def _brute(text: str, words: set[str], max_len: int) -> list[tuple[int, int, str]]:
    found = [(s, e, text[s:e]) for e in range(1, len(text) + 1) for s in range(max(0, e - max_len), e)
             if text[s:e] in words]
    return sorted(found, key=lambda m: (m[1], m[0]))


def test_all_matches_every_occurrence_in_order():
    m = get_matcher()
    words = set(m.words)
    max_len = max(map(len, words))
    rng = random.Random(7)
    pool = sorted(words)
    noise = "的了在和与及对向为，。、（）《》0123456789年月日北京市朝阳区内蒙古赤峰旗县乡镇村书记主任𠀋"
    for _ in range(200):
        parts = []
        for _ in range(rng.randrange(1, 12)):
            w = rng.choice(pool)
            parts.append(w[rng.randrange(len(w)):] if rng.random() < 0.2 else w)  # sometimes only a tail
            parts.append("".join(rng.choice(noise) for _ in range(rng.randrange(0, 4))))
        text = "".join(parts)
        got = m.all(text)
        assert [(s, e, w) for s, e, w, _ in got] == _brute(text, words, max_len)
        assert all(entries == m._values[m.words.index(w)][1] for _s, _e, w, entries in got[:3])
        assert list(m.iter(text)) == got
    assert m.all("") == [] and list(m.iter("")) == []


def test_breakers_found_with_their_end_offsets():
    words = set(BODY_BREAKERS)
    rng = random.Random(3)
    pool = sorted(words)
    for _ in range(300):
        body = "".join(rng.choice(pool + ["区", "市", "局", "的", "北京"]) for _ in range(rng.randrange(1, 6)))
        expected = [(e, w) for _s, e, w in _brute(body, words, max(map(len, words)))]
        assert list(_breakers_in(body)) == expected
