"""The data that flows between the stages.

ingest  -> Document (clean simplified text, articles, sentences, offset map to the original)
extract -> DocExtraction (entities with mentions, relations with evidence): plain JSON-able dicts,
           a pure function of one Document, so it can run in a process pool and be cached per file.
graph   -> networkx.MultiDiGraph merged from DocExtractions (kg.graph).
"""

from __future__ import annotations

from array import array
from dataclasses import dataclass, field

ENTITY_TYPES = ("Person", "Agency", "Region", "Program")
REGION_LEVELS = ("country", "province", "prefecture", "county", "township", "village")
EXTRACTED_RELATIONS = ("ASSISTS", "FUNDS", "IMPLEMENTS", "HOLDS_POSITION")
DERIVED_RELATIONS = ("PART_OF", "LOCATED_IN")
RELATION_TYPES = EXTRACTED_RELATIONS + DERIVED_RELATIONS


@dataclass(slots=True)
class Sentence:
    start: int  # offsets into Document.text
    end: int


@dataclass(slots=True)
class Article:
    start: int  # offsets into Document.text
    end: int
    title: str | None = None
    date: str | None = None  # ISO yyyy-mm-dd: the dateline's date, else the page's issue date
    dateline: str | None = None  # e.g. "本报8月25日讯", "新华社北京8月25日电"
    byline: str | None = None  # e.g. "记者 章奎"
    sentences: list[Sentence] = field(default_factory=list)


@dataclass(slots=True)
class Document:
    id: str  # path relative to the corpus root, '/'-separated: the stable document id
    path: str  # absolute path of the file read
    sha256: str  # of the raw bytes
    text: str  # what the extractors see: decoded, simplified, PDF damage repaired
    origin: array  # array('l'), len(text)+1: origin[i] = offset in the decoded original text of text[i]
    encoding: str = "utf-8"
    date: str | None = None  # the page's issue date (ISO), when the page prints one
    articles: list[Article] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)  # e.g. "truncated GBK: last 1 byte dropped"

    def sentence_text(self, s: Sentence) -> str:
        return self.text[s.start : s.end]

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """Map a [start, end) span of `text` to the decoded original text."""
        if end <= start:
            o = self.origin[start]
            return o, o
        return self.origin[start], self.origin[end - 1] + 1
