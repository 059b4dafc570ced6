"""Every .cypher file, every statement the loader sends and the cypher export pass Neo4j's own linter."""

from __future__ import annotations

from kg.export import cypher_statements
from kg.graph import build_graph
from kg.queries import list_queries
from kg.stores.neo4j_store import all_write_statements, schema_statements
from kg.stores.synthetic import quotes_extractions


def _errors(diags):
    return [d for d in diags if d["severity"] == 1]


def test_query_files_lint_clean(node_linter):
    qs = list_queries()
    assert len(qs) >= 10
    diags = node_linter({q.name: q.text for q in qs})
    assert _errors(diags) == []


def test_loader_statements_lint_clean(node_linter):
    stmts = all_write_statements()
    assert any(k.startswith("rel:FUNDS") for k in stmts) and any(k.startswith("node:Region:County") for k in stmts)
    assert _errors(node_linter(stmts)) == []


def test_schema_file_lint_clean(node_linter):
    stmts = schema_statements()
    assert any("FULLTEXT" in s and "cjk" in s for s in stmts)
    assert sum("CONSTRAINT" in s and "IF NOT EXISTS" in s for s in stmts) == 2
    assert _errors(node_linter({f"schema{i}": s for i, s in enumerate(stmts)})) == []


def test_cypher_export_lint_clean_with_odd_literals(node_linter):
    stmts = cypher_statements(build_graph(quotes_extractions()))
    assert any("O\\'Brien" in s for s in stmts)
    assert _errors(node_linter({f"export{i}": s for i, s in enumerate(stmts)})) == []


def test_linter_catches_errors(node_linter):
    diags = node_linter({"bad": "MATCH (n RETURN n", "sem": "MATCH (n) RETURN m"})
    assert {d["name"] for d in _errors(diags)} == {"bad", "sem"}
