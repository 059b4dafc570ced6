"""Ingest pipeline: bytes -> decoded text -> (HTML/PDF text) -> t2s (1:1) -> repair -> articles/sentences."""

from __future__ import annotations

import hashlib
from pathlib import Path

from kg.errors import IngestError
from kg.ingest.chinese import to_simplified
from kg.ingest.decode import MAX_BYTES, decode
from kg.ingest.formats import html_to_text, pdf_to_text
from kg.ingest.repair import identity_offsets, repair
from kg.ingest.segment import find_page_date, segment
from kg.model import Document

_FORMATS = {".md": "md", ".markdown": "md", ".html": "html", ".htm": "html", ".pdf": "pdf", ".txt": "txt"}


def _fmt_of(path: str) -> str:
    return _FORMATS.get(Path(path).suffix.lower(), "txt") if path else "txt"


def document_from_text(
    raw: str,
    doc_id: str,
    path: str = "",
    sha256: str = "",
    encoding: str = "utf-8",
    fmt: str | None = None,
    warnings: list[str] | None = None,
) -> Document:
    """Build a Document from decoded text. `fmt` ('txt', 'md', 'html') defaults from the path's suffix.

    For HTML the original that `origin` points into is the page's text content (see kg.ingest.formats)."""
    fmt = fmt or _fmt_of(path)
    if fmt == "html":
        raw = html_to_text(raw)
    if not raw.strip():
        raise IngestError("empty file (no text)")
    simp, converted = to_simplified(raw)
    page_date = find_page_date(simp)
    text, origin, paragraphs = repair(simp, identity_offsets(len(simp) + 1), markdown=fmt in ("md", "html"))
    articles = segment(text, paragraphs, page_date)
    doc = Document(doc_id, path, sha256, text, origin, encoding, page_date, articles, list(warnings or []))
    if converted:
        doc.warnings.append("traditional Chinese converted to simplified")
    return doc


def load_document(path: Path | str, doc_id: str) -> Document:
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise IngestError(f"file too large ({size // (1024 * 1024)} MB)")
        data = path.read_bytes()
    except OSError as e:
        raise IngestError(f"cannot read: {e.strerror or e}") from None
    sha = hashlib.sha256(data).hexdigest()
    fmt = _fmt_of(str(path))
    if data.startswith(b"%PDF-"):
        return document_from_text(pdf_to_text(data), doc_id, str(path), sha, "pdf", fmt="txt")
    if fmt == "pdf":
        if not data.strip():
            raise IngestError("empty file")
        raise IngestError("not a PDF file (no %PDF header)")
    raw, enc, warnings = decode(data)
    return document_from_text(raw, doc_id, str(path), sha, enc, fmt=fmt, warnings=warnings)
