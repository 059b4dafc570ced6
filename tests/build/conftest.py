from __future__ import annotations

import shutil
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
SAMPLES = [REPO / "data" / "samples", REPO.parent / "shared" / "dev" / "docs"]  # CI clones with shared beside it


def sample_files() -> list[Path]:
    files: list[Path] = []
    for d in SAMPLES:
        if d.is_dir():
            files.extend(sorted(d.glob("*.txt")))
    return files


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    """A small corpus: up to 8 sample documents, each cut to ~6 KB to keep the suite fast."""
    root = tmp_path / "corpus"
    (root / "sub").mkdir(parents=True)
    files = sample_files()[:8]
    if not files:
        pytest.skip("no sample documents")
    for i, f in enumerate(files):
        text = f.read_text(encoding="utf-8", errors="replace")[:2000]
        dest = root / ("sub" if i % 2 else "") / f"doc{i:02d}.txt"
        dest.write_text(text, encoding="utf-8")
    return root


def copy_tree(src: Path, dst: Path) -> Path:
    shutil.copytree(src, dst)
    return dst
