"""Format-specific text extraction: HTML text content, PDF text layer.

For HTML and PDF the "decoded original text" that Document.origin points into is the extracted text
(HTML text content with block elements on their own lines; the PDF text layer, pages separated by a
blank line). Markdown and plain text are their own original: markdown markers are removed by the
repair step, with the offset map kept.
"""

from __future__ import annotations

import io
import re

from kg.errors import IngestError

_BLOCK_TAGS = {
    "address", "article", "aside", "blockquote", "body", "caption", "dd", "div", "dl", "dt", "figcaption",
    "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "main", "nav",
    "ol", "p", "pre", "section", "table", "tbody", "td", "th", "thead", "title", "tr", "ul",
}
_HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6", "title"}


def html_to_text(html: str) -> str:
    """Visible text of an HTML page: no tags, scripts or styles; block elements on their own lines.

    Headings are prefixed with '# ' so the repair step can recognise them as titles (the marker is then
    removed like a markdown heading marker)."""
    from bs4 import BeautifulSoup, Comment

    soup = BeautifulSoup(html, "html.parser")
    for tag in soup.find_all(["script", "style", "noscript", "template", "svg", "iframe", "object"]):
        tag.decompose()
    for c in soup.find_all(string=lambda s: isinstance(s, Comment)):
        c.extract()
    for br in soup.find_all("br"):
        br.replace_with("\n")
    for tag in soup.find_all(list(_BLOCK_TAGS)):
        if tag.name in _HEADINGS:
            tag.insert_before("\n\n# ")
            tag.insert_after("\n\n")
        else:
            tag.insert_before("\n")
            tag.insert_after("\n")
    text = soup.get_text("")
    text = re.sub(r"[ \t\r\f\v]*\n[ \t\r\f\v]*", "\n", text)
    text = re.sub(r"\n{3,}", "\n\n", text)
    text = re.sub(r"^# *\n", "", text, flags=re.M)  # empty headings
    return text.strip("\n")


def pdf_to_text(data: bytes) -> str:
    """The text layer of a PDF, pages separated by a blank line. IngestError if unreadable or image-only."""
    import logging

    try:
        from pypdf import PdfReader
        from pypdf.errors import PdfReadError
    except ImportError:  # pragma: no cover
        raise IngestError("cannot read PDF: pypdf is not installed") from None
    logging.getLogger("pypdf").setLevel(logging.ERROR)
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            try:
                reader.decrypt("")
            except Exception:
                raise IngestError("cannot read PDF: encrypted") from None
        pages = []
        for page in reader.pages:
            try:
                pages.append(page.extract_text() or "")
            except Exception:  # one broken page must not lose the document
                pages.append("")
    except IngestError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, AttributeError, IndexError, OSError) as e:
        raise IngestError(f"cannot read PDF: {str(e).splitlines()[0] if str(e) else type(e).__name__}") from None
    except RecursionError:
        raise IngestError("cannot read PDF: too deeply nested") from None
    text = "\n\n".join(p.strip("\n") for p in pages)
    if not text.strip():
        raise IngestError("PDF has no text layer (scanned image?)")
    return text
