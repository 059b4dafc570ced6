"""README tests: docs/make_readme.py and docs/readme_parts.py are scripts beside the sections, not a package."""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
README = ROOT / "README.md"

if str(ROOT / "docs") not in sys.path:
    sys.path.insert(0, str(ROOT / "docs"))
