"""docker-compose.yml, Dockerfile: structure checked by parsing (no Docker engine on the test machine)."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]


def _compose():
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text(encoding="utf-8"))


def test_neo4j_service():
    c = _compose()
    neo = c["services"]["neo4j"]
    assert re.fullmatch(r"neo4j:5(\.\d+)*(-community)?", neo["image"])
    ports = [str(p) for p in neo["ports"]]
    assert any(p.endswith(":7474") for p in ports) and any(p.endswith(":7687") for p in ports)
    auth = neo["environment"]["NEO4J_AUTH"]
    m = re.fullmatch(r"neo4j/\$\{NEO4J_PASSWORD:-([^}]+)\}", auth)
    assert m and len(m.group(1)) >= 8, auth
    assert "NEO4J_PLUGINS" not in neo["environment"] and "NEO4JLABS_PLUGINS" not in neo["environment"]
    vols = neo["volumes"]
    named = [v.split(":")[0] for v in vols if v.split(":")[1] == "/data"]
    assert named and named[0] in c["volumes"]
    test = neo["healthcheck"]["test"]
    joined = " ".join(test) if isinstance(test, list) else test
    assert "wget" in joined and "curl" not in joined and "7474" in joined


def test_kg_service_waits_for_healthy_neo4j_and_loads():
    c = _compose()
    kg = c["services"]["kg"]
    assert kg["build"]["context"] == "." if isinstance(kg["build"], dict) else kg["build"] == "."
    assert kg["depends_on"]["neo4j"]["condition"] == "service_healthy"
    cmd = " ".join(kg["command"]) if isinstance(kg["command"], list) else kg["command"]
    assert "kg build" in cmd and "kg load" in cmd
    env = kg["environment"]
    assert env["NEO4J_URI"] == "bolt://neo4j:7687"
    assert env["NEO4J_PASSWORD"] == c["services"]["neo4j"]["environment"]["NEO4J_AUTH"].split("/", 1)[1]
    assert "profiles" in kg


def test_dockerfile_builds_the_cli():
    text = (ROOT / "Dockerfile").read_text(encoding="utf-8")
    assert re.search(r"^FROM python:3\.1[1-9]", text, re.M)
    assert "pip install" in text and re.search(r'^ENTRYPOINT \["kg"\]', text, re.M)
    ignore = (ROOT / ".dockerignore").read_text(encoding="utf-8").split()
    assert ".venv" in ignore and "node_modules" in ignore
    assert "COPY cypher" in text  # kg/cypher is a link to it; the wheel carries the files
