"""Regular expressions for the extractors: ``rx.compile`` is ``re.compile``.

Earlier versions kept compiled regex code per machine (``<user cache>/regex-*.kgr``) and handed it to
CPython's internal ``_sre.compile``; that saved ≈ 50 ms per process, under 1 % of a 200 MB build (see
bench/README.md), and tied kg to an interpreter-internal API, so it is gone: patterns are compiled by
``re`` as any program's are (``re`` keeps its own per-process cache). Files such an earlier version left
in the user's cache directory are ignored (``kg.buildcache.forget_machine_caches`` removes them).
"""

from __future__ import annotations

import re


def compile(pattern: str, flags: int | re.RegexFlag = 0) -> re.Pattern:  # noqa: A001 - re.compile's twin
    """re.compile(pattern, flags)."""
    return re.compile(pattern, flags)
