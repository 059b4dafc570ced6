"""Messages stay one line each: a file name with a newline is printed escaped."""

from __future__ import annotations

import subprocess
import sys


def test_a_file_name_with_a_newline_stays_on_one_line(tmp_path):
    corpus = tmp_path / "c"
    corpus.mkdir()
    (corpus / "ok.txt").write_text("北京市帮扶内蒙古自治区赤峰市。\n", encoding="utf-8")
    (corpus / "bad\nname.txt").write_bytes(b"\xff\xfe\x00\xd8" * 3 + b"\x00")  # not text in any encoding
    r = subprocess.run([sys.executable, "-m", "kg.cli", "build", str(corpus), "--out", str(tmp_path / "o"),
                        "--progress", "off", "--quiet"], capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr
    lines = [ln for ln in r.stderr.splitlines() if "name.txt" in ln]
    assert len(lines) == 1 and "bad\\nname.txt" in lines[0], r.stderr
