"""Shared helpers of the extractor's pattern tests: run one written text, read entities and relations."""

from __future__ import annotations

from kg.extract import extract_document
from kg.ingest import document_from_text


def run(text: str, home: str | None = "内蒙古自治区"):
    return extract_document(document_from_text(text, "t.txt"), home_region=home)


def ents(res, etype=None):
    return {e["name"] for e in res["entities"] if etype is None or e["type"] == etype}


def rels(res, rtype=None):
    return {(r["source"]["name"], r["type"], r["target"]["name"]) for r in res["relations"]
            if rtype is None or r["type"] == rtype}


def titled(res):
    return {(r["source"]["name"], r["target"]["name"], r.get("title")) for r in res["relations"]
            if r["type"] == "HOLDS_POSITION"}
