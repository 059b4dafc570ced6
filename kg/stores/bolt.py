"""Neo4j over Bolt with the official driver: connection settings, errors as one line, and the store's
primitives (read, write, several statements in one transaction), each bounded by `Connection.timeout`.

Rules kept here (and checked by tests/stores): one driver per process; `database` always passed; writes in
managed transactions (`execute_write`, retried by the driver); parameters only — user text is never spliced
into Cypher (and escaped for a server that splices it itself: kg.stores.server); labels and relationship
types only from the schema's fixed sets (kg.stores.statements).
"""

from __future__ import annotations

import logging
import math
import os
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import networkx as nx

from kg.errors import KgError
from kg.stores.batches import DEFAULT_BATCH, DEFAULT_BATCH_BYTES
from kg.stores.deadline import CallTimeout, deadline
from kg.stores.server import SPLICE_PROBE, ServerProfile, profile_from
from kg.stores.statements import (
    COUNT_LABELS,
    COUNT_NODES,
    COUNT_RELS,
    COUNT_TYPES,
    FALLBACK_SCHEMA,
    schema_statements,
)

DEFAULT_URI = "bolt://localhost:7687"
DEFAULT_USER = "neo4j"
DEFAULT_DATABASE = "neo4j"
DEFAULT_TIMEOUT = 30.0  # seconds: to connect, and for any one request to be answered
HANDSHAKE_TRY = 3.0  # seconds per connection attempt (FalkorDB swallows one connection after a clean close)
BOLT_SCHEMES = ("bolt", "bolt+s", "bolt+ssc", "neo4j", "neo4j+s", "neo4j+ssc")


@dataclass
class Connection:
    uri: str = DEFAULT_URI
    user: str = DEFAULT_USER
    password: str | None = None
    database: str = DEFAULT_DATABASE
    timeout: float = DEFAULT_TIMEOUT

    @classmethod
    def from_args(cls, uri=None, user=None, password=None, database=None, timeout=None) -> Connection:
        if timeout is not None and not (timeout > 0 and math.isfinite(timeout)):
            raise KgError(f"--timeout must be a positive number of seconds, got {timeout!r}")
        return cls(
            uri=uri or os.environ.get("NEO4J_URI") or DEFAULT_URI,
            user=user or os.environ.get("NEO4J_USER") or DEFAULT_USER,
            password=password if password is not None else os.environ.get("NEO4J_PASSWORD"),
            database=database or os.environ.get("NEO4J_DATABASE") or DEFAULT_DATABASE,
            timeout=float(timeout) if timeout is not None else DEFAULT_TIMEOUT,
        )


class StatementFailed(KgError):
    """The server refused a statement (not the connection, not the login): the loader may retry it in
    smaller pieces and name the rows that still fail."""


def one_line(text: str) -> str:
    return " ".join(str(text).split())


def describe_error(e: BaseException, conn: Connection) -> str:
    """A Neo4j driver exception as one plain line for the user."""
    import neo4j.exceptions as nx_exc

    if isinstance(e, CallTimeout):
        return (f"no answer from {conn.uri} within {conn.timeout:g} s "
                "(is a Bolt server listening there? --timeout sets the wait)")
    msg = one_line(getattr(e, "message", None) or str(e) or type(e).__name__)
    code = getattr(e, "code", None) or ""
    if isinstance(e, nx_exc.AuthError) or "Security.Unauthorized" in code or "authentication" in msg.lower():
        return f"authentication failed for user {conn.user!r} at {conn.uri} (check --user/--password or NEO4J_PASSWORD)"
    if "DatabaseNotFound" in code or "database does not exist" in msg.lower():
        return f"database {conn.database!r} does not exist on {conn.uri} (check --database)"
    if isinstance(e, nx_exc.ServiceUnavailable | nx_exc.SessionExpired):
        return f"cannot reach Neo4j at {conn.uri}: {msg[:200]}"
    if isinstance(e, nx_exc.ConfigurationError | ValueError):
        return f"bad connection settings for {conn.uri}: {msg[:200]}"
    if code:
        return f"Neo4j error {code} at {conn.uri}: {msg[:200]}"
    return f"Neo4j error at {conn.uri}: {type(e).__name__}: {msg[:200]}"


def _is_statement_error(e: BaseException) -> bool:
    import neo4j.exceptions as nx_exc

    code = getattr(e, "code", None) or ""
    return isinstance(e, nx_exc.Neo4jError) and not any(
        k in code for k in ("Security", "DatabaseNotFound", "Transaction.Terminated"))


class Neo4jStore:
    """One driver per process (reuse the store); all calls go to `conn.database`. `profile` is what check()
    found the server to be (None before: parameters are sent as given)."""

    def __init__(self, conn: Connection, driver: Any | None = None):
        self.conn = conn
        self._own_driver = driver is None
        self._driver = driver
        self.profile: ServerProfile | None = None

    @property
    def driver(self):
        if self._driver is None:
            import neo4j

            scheme = self.conn.uri.split("://", 1)[0] if "://" in self.conn.uri else ""
            if scheme not in BOLT_SCHEMES:
                raise KgError(f"not a Bolt URI: {self.conn.uri!r} (use bolt://host:7687 or neo4j://host:7687)")
            # the driver's own retry warnings would otherwise reach stderr through logging's last resort
            # handler; the CLI reports one line per error (configure logging to see them)
            logging.getLogger("neo4j").addHandler(logging.NullHandler())
            t = self.conn.timeout
            try:
                auth = (self.conn.user, self.conn.password) if self.conn.password is not None else None
                self._driver = neo4j.GraphDatabase.driver(
                    self.conn.uri, auth=auth, connection_timeout=t, max_transaction_retry_time=t,
                    connection_acquisition_timeout=min(t, HANDSHAKE_TRY),
                )
            except Exception as e:  # bad URI scheme etc.
                raise KgError(describe_error(e, self.conn)) from None
        return self._driver

    def close(self) -> None:
        if self._own_driver and self._driver is not None:
            driver, self._driver = self._driver, None
            with deadline(self.conn.timeout):
                try:
                    driver.close()
                except (CallTimeout, OSError):  # a server that stopped answering: the socket just goes
                    pass

    def __enter__(self) -> Neo4jStore:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # -- primitives -------------------------------------------------------------------------------------

    def _guard(self, fn: Callable[[], Any]) -> Any:
        """fn() within the timeout; driver errors as KgError (StatementFailed: the server refused it)."""
        import neo4j.exceptions as nx_exc

        try:
            with deadline(self.conn.timeout):
                return fn()
        except (nx_exc.Neo4jError, nx_exc.DriverError, OSError, CallTimeout, ValueError) as e:
            cls = StatementFailed if _is_statement_error(e) else KgError
            raise cls(describe_error(e, self.conn)) from None

    def _params(self, params: dict[str, Any] | None) -> dict[str, Any]:
        return self.profile.encode(params or {}) if self.profile else dict(params or {})

    def write(self, statement: str, **params: Any) -> list[dict[str, Any]]:
        sent = self._params(params)

        def go():
            with self.driver.session(database=self.conn.database) as s:
                return s.execute_write(lambda tx: [r.data() for r in tx.run(statement, sent)])

        return self._guard(go)

    def read(self, statement: str, params: dict[str, Any] | None = None) -> tuple[list[str], list[list[Any]]]:
        sent = self._params(params)

        def work(tx):
            res = tx.run(statement, sent)
            keys = list(res.keys())
            return keys, [list(r.values()) for r in res]

        def go():
            with self.driver.session(database=self.conn.database) as s:
                return s.execute_read(work)

        return self._guard(go)

    def read_many(self, statements: list[str]) -> list[list[list[Any]]]:
        """The rows of several parameterless reads, in one read transaction (one round of BEGIN/COMMIT)."""
        def work(tx):
            return [[list(r.values()) for r in tx.run(statement)] for statement in statements]

        def go():
            with self.driver.session(database=self.conn.database) as s:
                return s.execute_read(work)

        return self._guard(go)

    def write_many(self, statements: list[tuple[str, dict[str, Any]]]) -> None:
        """Several statements in one managed transaction, in order."""
        sent = [(st, self._params(p)) for st, p in statements]

        def work(tx):
            for statement, params in sent:
                tx.run(statement, params).consume()

        def go():
            with self.driver.session(database=self.conn.database) as s:
                s.execute_write(work)

        self._guard(go)

    def _raw_write(self, statement: str) -> None:
        """For the schema step: let the driver's error through so the caller can decide."""
        with deadline(self.conn.timeout), self.driver.session(database=self.conn.database) as s:
            s.execute_write(lambda tx: tx.run(statement).consume())

    # -- operations -------------------------------------------------------------------------------------

    def check(self) -> ServerProfile:
        """Connect, log in and find out what the server is (server.profile_from), so that a wrong
        URI/password/database fails before any write and parameters go out as the server needs them. Once
        per store: later calls return what the first found."""
        if self.profile is None:
            self._connect()
            try:
                _, comps = self.read("CALL dbms.components() YIELD name, versions, edition "
                                     "RETURN name, versions, edition")
            except StatementFailed:
                comps = None
            _, [[answer]] = self.read("RETURN $probe AS probe", {"probe": SPLICE_PROBE})
            self.profile = profile_from(comps, answer)
        return self.profile

    def _connect(self) -> None:
        """verify_connectivity, tried again while time is left when the server accepted the connection but
        never answered the handshake (FalkorDB issue 897: after a client's clean goodbye it swallows the next
        new connection; the one after works)."""
        import neo4j.exceptions as nx_exc

        start = time.monotonic()
        while True:
            try:
                with deadline(max(self.conn.timeout - (time.monotonic() - start), 0.1)):
                    self.driver.verify_connectivity()
                return
            except nx_exc.Neo4jError as e:
                msg = describe_error(e, self.conn)
                if msg.startswith("Neo4j error"):  # a failure while logging in that the server does not explain
                    msg = (f"the server at {self.conn.uri} refused to log in user {self.conn.user!r} "
                           f"(check --user/--password or NEO4J_PASSWORD): {one_line(e.message or str(e))[:200]}")
                raise KgError(msg) from None
            except (nx_exc.DriverError, OSError, CallTimeout) as e:
                unanswered = isinstance(e, CallTimeout) or "handshake" in str(e).lower()
                left = self.conn.timeout - (time.monotonic() - start)
                if unanswered and left > 0.5:
                    continue
                err = CallTimeout() if unanswered else e
                raise KgError(describe_error(err, self.conn)) from None

    def apply_schema(self, log: Callable[[str], None] = lambda m: None) -> str:
        """cypher/schema.cypher; on servers without Neo4j's constraint syntax, plain indexes. Returns the mode."""
        import neo4j.exceptions as nx_exc

        stmts = schema_statements()
        if self.profile is None or self.profile.constraints:
            try:
                self._raw_write(stmts[0])
            except nx_exc.Neo4jError as e:
                code = e.code or ""
                if "Security" in code or "DatabaseNotFound" in code or code.startswith("Neo.ClientError.Schema"):
                    raise KgError(describe_error(e, self.conn)) from None
            except (nx_exc.DriverError, OSError, CallTimeout) as e:
                raise KgError(describe_error(e, self.conn)) from None
            else:
                for s in stmts[1:]:
                    self._guard(lambda s=s: self._raw_write(s))
                return "neo4j"
        who = self.profile.name if self.profile else "the server"
        log(f"{who} does not take Neo4j's constraint syntax: "
            "created plain indexes on :Entity(id), :Document(id), :Entity(name) instead")
        for s in FALLBACK_SCHEMA:
            try:
                self._guard(lambda s=s: self._raw_write(s))
            except StatementFailed:
                pass  # already indexed
        return "fallback"

    def load(self, g: nx.MultiDiGraph, batch_size: int = DEFAULT_BATCH, schema: bool = True,
             log: Callable[[str], None] = lambda m: None, max_batch_bytes: int | None = None,
             checkpoint=None, prune: bool = True) -> dict[str, int]:
        """kg.stores.loader.load on this store."""
        from kg.stores.loader import load

        return load(self, g, batch_size=batch_size, schema=schema, log=log, max_batch_bytes=max_batch_bytes,
                    checkpoint=checkpoint, prune=prune)

    def forget(self, doc: str) -> dict[str, int]:
        from kg.stores.loader import forget

        return forget(self, doc)

    def counts(self) -> dict[str, Any]:
        _, [[nodes, nprops]] = self.read(COUNT_NODES)
        _, [[rels, rprops]] = self.read(COUNT_RELS)
        _, labels = self.read(COUNT_LABELS)
        _, types = self.read(COUNT_TYPES)
        return {
            "nodes": nodes, "node_properties": int(nprops or 0), "relationships": rels,
            "relationship_properties": int(rprops or 0),
            "labels": {k: v for k, v in labels}, "types": {k: v for k, v in types},
        }


__all__ = ["DEFAULT_BATCH", "DEFAULT_BATCH_BYTES", "Connection", "Neo4jStore", "StatementFailed", "describe_error"]
