"""Minimal ingest pipeline (to be hardened): decode -> t2s -> repair -> segment."""

from __future__ import annotations

import hashlib
import re
from array import array
from pathlib import Path

from kg.errors import IngestError
from kg.model import Article, Document, Sentence

_CJK = r"\u3400-\u9fff\uf900-\ufaff"
_SENT_END = re.compile(r"[。！？!?；;]+[”’\"」』）)]*|\n\s*\n")
_DATE = re.compile(r"(20\d\d|19\d\d)\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")

_converter = None


def _t2s(text: str) -> str:
    global _converter
    if _converter is None:
        import opencc

        _converter = opencc.OpenCC("t2s")
    out = _converter.convert(text)
    if len(out) == len(text):
        return out
    # keep a 1:1 character map: convert character by character
    return "".join(c if len(c2 := _converter.convert(c)) != 1 else c2 for c in text)


def decode(data: bytes) -> tuple[str, str]:
    if not data.strip():
        raise IngestError("empty file")
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace"), "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16"), "utf-16"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    if b"\x00" in data[:4096]:
        raise IngestError("binary file")
    try:
        return data.decode("gb18030"), "gb18030"
    except UnicodeDecodeError as e:
        raise IngestError(f"cannot decode ({e.reason} at byte {e.start})") from None


def repair(text: str) -> tuple[str, array]:
    """Join lines broken inside CJK runs; close up spaced-out CJK; keep an offset map."""
    out: list[str] = []
    origin = array("l")
    n = len(text)
    i = 0
    while i < n:
        c = text[i]
        if c in " \t\u3000\r" or c == "\n":
            # look around the whitespace run
            j = i
            while j < n and text[j] in " \t\u3000\r\n":
                j += 1
            run = text[i:j]
            prev = out[-1] if out else ""
            nxt = text[j] if j < n else ""
            newlines = run.count("\n")
            cjk_both = bool(prev and nxt and re.match(f"[{_CJK}，、；：。“”《》（）]", prev)
                            and re.match(f"[{_CJK}，、；：。“”《》（）]", nxt))
            if newlines >= 2:
                out.append("\n\n")
                origin.extend((i, i))
            elif newlines == 1 and cjk_both:
                pass
            elif cjk_both:
                pass
            else:
                out.append("\n" if newlines else " ")
                origin.append(i)
            i = j
            continue
        out.append(c)
        origin.append(i)
        i += 1
    s = "".join(out)
    origin.append(n)
    return s, origin


def segment(text: str) -> tuple[str | None, list[Article]]:
    m = _DATE.search(text[:2000])
    page_date = f"{int(m.group(1)):04d}-{int(m.group(2)):02d}-{int(m.group(3)):02d}" if m else None
    sentences = []
    start = 0
    for sm in _SENT_END.finditer(text):
        end = sm.end()
        if text[start:end].strip():
            sentences.append(Sentence(start, end))
        start = end
    if start < len(text) and text[start:].strip():
        sentences.append(Sentence(start, len(text)))
    return page_date, [Article(0, len(text), None, page_date, sentences=sentences)]


def document_from_text(raw: str, doc_id: str, path: str = "", sha256: str = "", encoding: str = "utf-8") -> Document:
    simp = _t2s(raw)
    text, origin = repair(simp)
    page_date, articles = segment(text)
    return Document(doc_id, path, sha256, text, origin, encoding, page_date, articles)


def load_document(path: Path | str, doc_id: str) -> Document:
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as e:
        raise IngestError(f"cannot read: {e.strerror}") from None
    raw, enc = decode(data)
    return document_from_text(raw, doc_id, str(path), hashlib.sha256(data).hexdigest(), enc)
