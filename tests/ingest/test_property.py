"""Property tests: random text / bytes through ingest and the extractor never crash and keep offsets sane."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.errors import IngestError
from kg.ingest import document_from_text, load_document

_ALPHABET = st.sampled_from(
    list("北京市赤峰市帮扶协作资金万元年月日本报讯记者摄■□下转第版《》（）“”，。！？；、：— \n\n\n 0123456789abcXYZ#")
    + ["\u3000", "\r\n", "\t", "\x00", "\ufeff", "貧", "內", "乾", "𠀀"]
)
TEXT = st.lists(_ALPHABET, max_size=300).map("".join) | st.text(max_size=200)

SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


def _check(doc, original_len: int) -> None:
    n = len(doc.text)
    assert len(doc.origin) == n + 1
    assert doc.origin[n] == original_len
    prev = 0
    for o in doc.origin:
        assert prev <= o <= original_len
        prev = o
    last = 0
    for a in doc.articles:
        assert last <= a.start <= a.end <= n
        last = a.end
        prev_end = a.start
        for s in a.sentences:
            assert prev_end <= s.start < s.end <= a.end
            prev_end = s.end
    from kg.extract import extract_document

    extract_document(doc)


@SETTINGS
@given(TEXT)
def test_random_text(raw):
    try:
        doc = document_from_text(raw, "r.txt")
    except IngestError:
        return
    _check(doc, len(raw))


@SETTINGS
@given(TEXT, st.sampled_from(["r.txt", "r.md", "r.html"]))
def test_random_text_formats(raw, name):
    try:
        doc = document_from_text(raw, name, path=name)
    except IngestError:
        return
    if not name.endswith(".html"):
        _check(doc, len(raw))


@SETTINGS
@given(st.binary(max_size=400) | TEXT.map(lambda t: t.encode("gb18030")) | TEXT.map(lambda t: t.encode("utf-16")))
def test_random_bytes(tmp_path_factory, data):
    p = tmp_path_factory.mktemp("b") / "b.txt"
    p.write_bytes(data)
    try:
        doc = load_document(p, "b.txt")
    except IngestError as e:
        assert "\n" not in str(e)
        return
    assert doc.origin[-1] >= 0
    _check(doc, doc.origin[-1])
