"""`kg query --param`: a value of the wrong kind or out of the range the query's header gives is one line."""

from __future__ import annotations

import pytest

from kg.errors import KgError
from kg.queries import get_query, list_queries, resolve_params
from tests.stores.test_cli_neo4j import assert_one_line_error, kg


@pytest.mark.parametrize("name,param,value", [
    ("top-funders", "limit", -5), ("top-funders", "limit", 0), ("top-recipients", "limit", 10**9),
    ("neighbourhood", "depth", 4), ("neighbourhood", "depth", -1), ("top-funders", "limit", "ten"),
    ("top-funders", "limit", 2.5), ("relation-evidence", "relation", "FRIENDS"), ("assistance", "relation", "x"),
])
def test_invalid_values_rejected(name, param, value):
    with pytest.raises(KgError, match=param):
        resolve_params(get_query(name), {param: value})


def test_valid_values_and_defaults_pass():
    assert resolve_params(get_query("top-funders"), {"limit": 1})["limit"] == 1
    assert resolve_params(get_query("neighbourhood"), {"depth": 3})["depth"] == 3
    for q in list_queries():  # every default is within its own range
        assert resolve_params(q, {}) == q.params


def test_cli_limit_minus_five_is_one_line(tmp_path):
    from kg.graph import build_graph, write_graph
    from kg.stores.synthetic import sample_extractions

    write_graph(build_graph(sample_extractions()), tmp_path / "graph.json")
    line = assert_one_line_error(kg("query", "top-funders", "--graph", tmp_path / "graph.json", "--param", "limit=-5"))
    assert "limit" in line and "-5" in line
