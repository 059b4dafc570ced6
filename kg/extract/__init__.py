"""Extraction: one Document -> a DocExtraction dict (entities with mentions, relations with evidence).

`extract_document(doc, home_region=None)` is a pure function of the document and the lexicons.
"""

from kg.extract.pipeline import extract_document

__all__ = ["extract_document"]
