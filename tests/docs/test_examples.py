"""Every `kg …` example in README.md runs as written, in a copy of the repository after `kg demo`, and
leaves that copy as clean as git sees it (outputs in out/ or ignored).

Examples are the `kg` lines of the README's code blocks and the `kg …` inline code of its tables,
outside the parts cog generates.
Not run here:
- synopses, which name placeholders (`kg build PATH… --out DIR`, `[--workers N]`, `local|dask`);
- error illustrations: a command followed in its code block by the error it prints (`kg build: …`);
- examples that need a server: `kg load`, `--uri`, bolt:// or neo4j:// addresses, a Dask `--scheduler`
  (tests/stores runs loading and querying against the Bolt stand-in, tests/build the Dask engine).
"""

from __future__ import annotations

import hashlib
import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.docs.conftest import README, ROOT

PLACEHOLDER = re.compile(r"^(?:[A-Z][A-Z0-9_]*(?:…|\.\.\.)?|.*[\[\]|…].*)$")
NEEDS_SERVER = re.compile(r"^kg load\b|\s--uri\b|\s--scheduler\b|bolt://|neo4j://")


def code_lines(text: str) -> list[tuple[str, int | None]]:
    """In the README's order: the lines of its code blocks (with the block's number) and the inline code
    spans of its tables' cells (number None)."""
    out: list[tuple[str, int | None]] = []
    fence, block, generated = None, 0, False
    for line in text.splitlines():
        if "[[[cog" in line or "[[[end]]]" in line:  # the parts cog generates (option reference …) are not examples
            generated = "[[[end]]]" not in line
            continue
        if generated:
            continue
        m = re.match(r"^\s*(```|~~~)", line)
        if m and fence is None:
            fence, block = m.group(1), block + 1
        elif m and line.strip().startswith(fence):
            fence = None
        elif fence is not None and out and out[-1][0].endswith("\\"):
            out[-1] = (out[-1][0][:-1] + " " + line.strip(), block)  # a command continued on the next line
        elif fence is not None:
            out.append((line, block))
        elif line.startswith("|"):
            out += [(span, None) for span in re.findall(r"`([^`]+)`", line)]
    return out


def _kg_words(line: str) -> list[str] | None:
    """The words of a `kg COMMAND …` or `kg --option` line, else None (prose, output such as `kg build: …`)."""
    from kg.cli import COMMANDS

    line = line.strip().removeprefix("$ ")
    try:
        words = shlex.split(line, comments=True)  # no trailing "# comment"
    except ValueError:
        return None
    if len(words) >= 2 and words[0] == "kg" and (words[1] in COMMANDS or words[1].startswith("-")):
        return words
    return None


def kg_examples(text: str) -> list[str]:
    """The `kg` commands of the README that are meant to be typed, in order, each once. Left out:
    synopses (a placeholder word) and error illustrations (a command followed, in its code block, by
    the error line it prints: `kg build: …`)."""
    found: list[str] = []
    lines = code_lines(text)
    for i, (line, block) in enumerate(lines):
        words = _kg_words(line)
        if words is None or any(PLACEHOLDER.match(w) for w in words):
            continue
        nxt = lines[i + 1] if i + 1 < len(lines) else ("", None)
        if block is not None and nxt[1] == block and re.match(rf"\s*kg {re.escape(words[1])}: ", nxt[0]):
            continue
        command = " ".join(words)
        if command not in found:
            found.append(command)
    return found


def test_examples_are_found():
    """The extraction itself: synopses and server examples left out, the rest kept as written."""
    text = """
| `kg build PATH… --out DIR` | does | `kg build data/samples --out out` |
```sh
kg build PATH... --out DIR [--workers N] [--engine local|dask]
kg viz out/graph.json --out out/a.html \\
  --types ASSISTS,FUNDS   # a comment
kg load out/graph.json --uri bolt://localhost:7687
$ kg query top-funders --param limit=5
kg build corpus/ --out /mnt/full/out
kg build: /mnt/full/out/graph.json: No space left on device
```
kg builds a graph: `kg --version`
"""
    runnable = [e for e in kg_examples(text) if not NEEDS_SERVER.search(e)]
    assert runnable == ["kg build data/samples --out out",
                        "kg viz out/graph.json --out out/a.html --types ASSISTS,FUNDS",
                        "kg query top-funders --param limit=5"]


EXAMPLES = kg_examples(README.read_text(encoding="utf-8"))
RUNNABLE = [e for e in EXAMPLES if not NEEDS_SERVER.search(e)]


def _files(root: Path) -> dict[str, str]:
    """Each file's digest (a symbolic link's target), by path."""
    out = {}
    for p in sorted(root.rglob("*")):
        rel = p.relative_to(root)
        if ".git" in rel.parts:
            continue
        if p.is_symlink():
            out[str(rel)] = "-> " + os.readlink(p)
        elif p.is_file():
            out[str(rel)] = hashlib.sha256(p.read_bytes()).hexdigest()
    return out


def _tracked() -> list[str]:
    r = subprocess.run(["git", "ls-files", "--cached", "--others", "--exclude-standard"], cwd=ROOT,
                       capture_output=True, text=True)
    if r.returncode != 0:
        pytest.skip("not a git checkout")
    return [f for f in r.stdout.splitlines() if (ROOT / f).exists() or (ROOT / f).is_symlink()]


def _kg(args: list[str], cwd: Path) -> subprocess.CompletedProcess:
    exe = Path(sys.executable).with_name("kg")
    cmd = [str(exe)] if exe.exists() else [sys.executable, "-m", "kg.cli"]
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEO4J_")}
    return subprocess.run(cmd + args, cwd=cwd, env=env, capture_output=True, text=True, timeout=600)


@pytest.fixture(scope="module")
def clone(tmp_path_factory):
    """A copy of the repository's files (what a clone has), as a git repository, after `kg demo`."""
    root = tmp_path_factory.mktemp("clone")
    for rel in _tracked():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / rel, root / rel, follow_symlinks=False)
    subprocess.run(["git", "init", "-q"], cwd=root, check=True)
    before = _files(root)
    r = _kg(["demo"], root)
    assert r.returncode == 0, r.stderr
    return root, before


@pytest.mark.slow
@pytest.mark.parametrize("example", RUNNABLE)
def test_readme_example_runs(clone, example):
    root, _ = clone
    r = _kg(shlex.split(example)[1:], root)
    assert r.returncode == 0, f"{example}\n{r.stderr[-2000:]}"
    assert "Traceback" not in r.stderr


@pytest.mark.slow
def test_examples_leave_the_clone_clean(clone):
    """Run after the examples (pytest keeps a module's order): what they wrote is in out/ or ignored by git,
    and no file of the repository changed."""
    root, before = clone
    untracked = subprocess.run(["git", "ls-files", "--others", "--exclude-standard"], cwd=root,
                               capture_output=True, text=True, check=True).stdout.split()
    assert sorted(set(untracked) - set(before)) == []
    after = _files(root)
    assert {f: h for f, h in before.items() if after.get(f) != h} == {}


def test_the_readme_has_examples_of_every_command():
    from readme_parts import commands

    named = {e.split()[1] for e in EXAMPLES}
    assert set(commands()) - named == set()
    assert len(RUNNABLE) >= 20
