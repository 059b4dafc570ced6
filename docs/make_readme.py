"""Assemble README.md from the section files in docs/readme/, then run cog over it: `make readme`.

Edit the sections, never README.md: docs/readme/head.md (the introduction, quick start and command table),
one file per area (extract.md, build.md, viz.md, neo4j.md …; a new file is picked up on its own, after
the ones listed in ORDER) and reference.md (the generated option reference) last.

A section may hold cog blocks (https://nedbatchelder.com/code/cog/) that generate text from the code:

    <!-- [[[cog cog.out(readme_parts.query_table()) ]]] -->
    <!-- [[[end]]] -->

In the section files these blocks stay empty; README.md carries their output, and `cog --check README.md`
(run by the test suite, tests/docs/test_readme.py) fails when the code has changed since. The helpers
they call are in docs/readme_parts.py. `python docs/make_readme.py --check` exits 1 when README.md is
not what the sections and the code make.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SECTIONS = ROOT / "docs" / "readme"
README = ROOT / "README.md"
# the order of the sections; files in docs/readme/ not listed here come after these, by name, then LAST
ORDER = ["head.md", "extract.md", "ingest.md", "build.md", "curate.md", "viz.md", "neo4j.md", "ask.md", "errors.md"]
LAST = ["reference.md"]

# the README's first cog block (under its title): makes docs/readme_parts.py importable by the blocks after it
# (cog's blocks in one file share their globals; cog.inFile is README.md's path)
SETUP = """<!-- [[[cog
import sys, pathlib
sys.path.insert(0, str(pathlib.Path(cog.inFile).resolve().parent / "docs"))
import readme_parts
]]] -->
<!-- [[[end]]] -->
"""


def section_files() -> list[Path]:
    present = {p.name: p for p in SECTIONS.glob("*.md")}
    names = [n for n in ORDER if n in present]
    names += sorted(n for n in present if n not in ORDER and n not in LAST)
    names += [n for n in LAST if n in present]
    return [present[n] for n in names]


def assemble() -> str:
    """The sections joined, cog blocks still empty."""
    text = "\n".join(p.read_text(encoding="utf-8").strip() + "\n" for p in section_files())
    title, _, rest = text.partition("\n")  # the setup block right under the title
    return f"{title}\n{SETUP}{rest}"


def render() -> str:
    """README.md as it should be: the assembled sections with every cog block's output in place."""
    try:
        from cogapp import Cog
    except ImportError:
        sys.exit("make_readme: cogapp is not installed (a dev dependency): run `make install` or `make readme`")
    cog = Cog()
    cog.options.newline = "\n"
    return cog.process_string(assemble(), fname=str(README))


def main(argv: list[str]) -> int:
    text = render()
    if "--check" in argv:
        if README.read_text(encoding="utf-8") != text:
            print("README.md is out of date: run `make readme`", file=sys.stderr)
            return 1
        return 0
    from kg.jsonio import atomic_write_text

    atomic_write_text(README, text)
    print(f"wrote {README.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
