"""Ingest: discover files, decode, normalise (t2s), repair PDF damage, segment into articles/sentences.

Public API (used by kg.build and the tests; keep it stable):

    discover(paths) -> list[SourceFile]          # KgError for a missing path
    load_document(path, doc_id) -> Document      # IngestError (one-line reason) for bad files
    document_from_text(raw_text, doc_id, path="", sha256="") -> Document
"""

from kg.ingest.discover import SourceFile, discover
from kg.ingest.pipeline import document_from_text, load_document

__all__ = ["SourceFile", "discover", "load_document", "document_from_text"]
