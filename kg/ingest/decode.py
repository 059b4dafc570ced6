"""Bytes -> str: cheap exact checks first (BOMs, UTF-8, GB18030, BOM-less UTF-16), charset-normalizer last.

Order matters: GB18030 (a superset of GBK/GB2312) is tried before charset-normalizer, because statistical
detectors like to read short GBK Chinese as Big5, Shift-JIS or a Cyrillic code page. Every candidate is
checked for plausibility (few control / private-use / replacement characters) before it is accepted.
"""

from __future__ import annotations

import codecs

from kg import rx
from kg.errors import IngestError

MAX_BYTES = 512 * 1024 * 1024  # beyond this a file is refused rather than risking the build's memory

# control characters other than \t \n \v \f \r and ESC; private use area; replacement char; lone surrogates
_BAD_CHARS = rx.compile(r"[\x00-\x08\x0e-\x1a\x1c-\x1f\x7f\ue000-\uf8ff\ufffd\ud800-\udfff]")
_CTRL_BYTES = rx.compile(rb"[\x00-\x08\x0e-\x1a\x1c-\x1f]")
_SAMPLE = 256 * 1024
# what Chinese text in UTF-16 decodes to: ideographs, CJK/full-width punctuation, printable ASCII, whitespace
_TEXTLIKE = rx.compile(r"[\u3400-\u9fff\u3000-\u303f\uff00-\uffef\u2010-\u2027\x20-\x7e\t\n\r]")


def _bad_ratio(text: str) -> float:
    sample = text[:_SAMPLE]
    if not sample:
        return 0.0
    return len(_BAD_CHARS.findall(sample)) / len(sample)


def _plausible(text: str, limit: float = 0.01) -> bool:
    return _bad_ratio(text) <= limit


def _decode_tolerating_truncation(data: bytes, encoding: str, label: str) -> tuple[str, list[str]] | None:
    """Strict decode; a multibyte sequence cut at the very end is dropped with a warning. None if invalid."""
    dec = codecs.getincrementaldecoder(encoding)(errors="strict")
    try:
        text = dec.decode(data, final=False)
    except UnicodeDecodeError:
        return None
    pending, _ = dec.getstate()
    warnings: list[str] = []
    if pending:
        n = len(pending)
        warnings.append(f"truncated {label}: last {n} byte{'s' if n > 1 else ''} dropped (incomplete character)")
    return text, warnings


def _utf16_guess(data: bytes) -> str | None:
    """BOM-less UTF-16: NUL bytes concentrated on one parity (ASCII in UTF-16), or pure CJK code units."""
    sample = data[: _SAMPLE - (_SAMPLE % 2)]
    if len(sample) < 4:
        return None
    even_nul = sample[0::2].count(0)
    odd_nul = sample[1::2].count(0)
    candidates = []
    if odd_nul and not even_nul:
        candidates.append("utf-16-le")
    elif even_nul and not odd_nul:
        candidates.append("utf-16-be")
    elif not even_nul and not odd_nul and len(data) % 2 == 0:
        candidates = ["utf-16-le", "utf-16-be"]
    for enc in candidates:
        try:
            t = sample.decode(enc)
        except UnicodeDecodeError:
            continue
        good = len(_TEXTLIKE.findall(t))
        if good >= 0.9 * len(t):
            return enc
    return None


def decode(data: bytes) -> tuple[str, str, list[str]]:
    """Return (text, encoding, warnings). IngestError (one line) for empty, binary or undecodable data."""
    if len(data) > MAX_BYTES:
        raise IngestError(f"file too large ({len(data) // (1024 * 1024)} MB, limit {MAX_BYTES // (1024 * 1024)} MB)")
    # BOMs first: exact
    for bom, enc in (
        (codecs.BOM_UTF32_LE, "utf-32-le"),
        (codecs.BOM_UTF32_BE, "utf-32-be"),
        (codecs.BOM_UTF8, "utf-8"),
        (codecs.BOM_UTF16_LE, "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be"),
    ):
        if data.startswith(bom):
            body = data[len(bom) :]
            res = _decode_tolerating_truncation(body, enc, enc.upper())
            if res is None:
                raise IngestError(f"cannot decode: invalid {enc.upper()} after its byte-order mark")
            text, warnings = res
            _check_text(text)
            label = {"utf-8": "utf-8-sig", "utf-16-le": "utf-16", "utf-16-be": "utf-16"}.get(enc, enc)
            return text, label, warnings
    if not data.strip():
        raise IngestError("empty file")

    enc16 = _utf16_guess(data)
    if enc16:
        res = _decode_tolerating_truncation(data, enc16, "UTF-16")
        if res is not None and _plausible(res[0]):
            _check_text(res[0])
            return res[0], enc16, res[1]

    sample = data[:_SAMPLE]
    if b"\x00" in sample:
        raise IngestError("binary file (contains NUL bytes)")
    if len(_CTRL_BYTES.findall(sample)) > 0.02 * len(sample):
        raise IngestError("binary file (too many control bytes)")

    for enc, label in (("utf-8", "UTF-8"), ("gb18030", "GB18030")):
        res = _decode_tolerating_truncation(data, enc, label)
        if res is not None and _plausible(res[0]):
            _check_text(res[0])
            name = "utf-8" if enc == "utf-8" else _gb_name(res[0])
            return res[0], name, res[1]

    # statistical fallback for anything else (e.g. Big5, Latin-1)
    try:
        from charset_normalizer import from_bytes

        best = from_bytes(data[: 4 * 1024 * 1024]).best()
    except Exception:  # pragma: no cover - defensive: the detector must never crash the build
        best = None
    if best is not None and best.encoding:
        try:
            text = data.decode(best.encoding)
        except (UnicodeDecodeError, LookupError):
            text = None
        if text is not None and _plausible(text, 0.005):
            _check_text(text)
            return text, best.encoding, [f"encoding guessed statistically: {best.encoding}"]
    raise IngestError("cannot decode: not valid UTF-8, GB18030/GBK or UTF-16 text")


def _gb_name(text: str) -> str:
    """Report 'gbk' when every character is GBK-encodable (the usual case), else 'gb18030'."""
    try:
        text.encode("gbk")
        return "gbk"
    except UnicodeEncodeError:
        return "gb18030"


def _check_text(text: str) -> None:
    if not text.strip():
        raise IngestError("empty file (only whitespace)")
    if not _plausible(text, 0.05):
        raise IngestError("binary file (decoded text is mostly control characters)")
