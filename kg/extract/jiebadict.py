"""jieba, loaded the way jieba loads itself, and the part-of-speech table the extractors consult.

Earlier versions kept jieba's dictionaries per machine in a file of kg's own (marshal + mmap, lazily
decoded shards) and its HMM tables as marshal data: ≈ 1 s saved per process, well under 5 % of a 200 MB
build (bench/README.md), at the cost of 500 lines that mirrored jieba's internals. jieba keeps its own
prefix-dictionary cache (in the temp directory); kg now relies on that alone. Files the earlier versions
left in the user's cache directory are ignored (``kg.buildcache.forget_machine_caches`` removes them).

API: :func:`load` (initialise jieba; idempotent, thread-safe), :func:`tag` (a dictionary word's tag),
:func:`posseg` (``jieba.posseg``), :func:`dictionary_key` (what identifies the dictionary, for the
matcher's key), :func:`state` and :func:`note_extracted` (kept for callers: the dictionary is always
whole now).
"""

from __future__ import annotations

import logging
import threading
from pathlib import Path

PROMOTE_BYTES = 4 << 20  # kept for kg.build's sizing constant (there is no lazy loading any more)
_lock = threading.RLock()
_loaded = False
_tags: dict[str, str] = {}


def _jieba():
    import jieba

    jieba.setLogLevel(logging.WARNING)
    return jieba


def dictionary_key() -> str:
    """jieba's version and its dictionary file's path, size and mtime."""
    jieba = _jieba()
    p = Path(jieba.__file__).parent / jieba.DEFAULT_DICT_NAME
    st = p.stat()
    return f"{getattr(jieba, '__version__', '?')}|{p}|{st.st_size}|{st.st_mtime_ns}"


def load(lazy: bool = False) -> None:
    """Initialise jieba's dictionary and tagger table (``lazy`` is accepted and ignored)."""
    global _loaded, _tags
    if _loaded:
        return
    with _lock:
        if _loaded:
            return
        jieba = _jieba()
        jieba.dt.check_initialized()
        import jieba.posseg as pseg

        _tags = pseg.dt.word_tag_tab
        _loaded = True


def state() -> str:
    """'none' before :func:`load`, then 'jieba' (jieba loaded its dictionaries itself)."""
    return "jieba" if _loaded else "none"


def note_extracted(nbytes: int) -> None:
    """Kept for callers (kg.build): nothing to promote, the dictionary is always loaded whole."""


def tag(word: str) -> str | None:
    """The part-of-speech tag of a dictionary word (None if it has none)."""
    if not _loaded:
        load()
    return _tags.get(word)


def posseg():
    """jieba.posseg, with jieba initialised."""
    load()
    import jieba.posseg as pseg

    return pseg
