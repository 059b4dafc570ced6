"""README.md is what `make readme` makes, its generated parts match the code (cog --check), and every
command, option and environment variable of `kg` is documented in it (as sqlite-utils' test_docs does)."""

from __future__ import annotations

import argparse
import re
import subprocess
import sys

import make_readme
import pytest
import readme_parts

from kg.cli import build_parser
from tests.docs.conftest import README, ROOT


def test_readme_is_what_make_readme_makes():
    assert README.read_text(encoding="utf-8") == make_readme.render(), (
        "README.md differs from docs/readme/*.md + the generated parts: edit the sections, run `make readme`")


def test_cog_check_passes():
    r = subprocess.run([sys.executable, "-m", "cogapp", "--check", "--diff", "README.md"], cwd=ROOT,
                       capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stdout + r.stderr


def test_every_section_file_is_in_the_readme():
    names = [p.name for p in make_readme.section_files()]
    assert names[0] == "head.md" and names[-1] == "reference.md"
    assert sorted(names) == sorted(p.name for p in make_readme.SECTIONS.glob("*.md"))


# --- every command and option documented ----------------------------------------------------------------


def reference_sections(text: str) -> dict[str, str]:
    """The command reference's text for each command: from its '### `kg NAME`' heading to the next heading."""
    parts = re.split(r"^(### `kg [\w-]+`)\s*$", text, flags=re.M)
    return {parts[i][len("### `kg "):-1]: parts[i + 1].split("\n## ")[0] for i in range(1, len(parts) - 1, 2)}


def undocumented(parser: argparse.ArgumentParser, text: str) -> list[str]:
    """What the parser accepts and the README does not say: commands without a reference section, options
    not named in their command's section, global options and environment variables (`env X` in a help
    text) not named anywhere."""
    missing = []
    sections = reference_sections(text)
    for action in readme_parts.documented_actions(parser):
        missing += [o for o in action.option_strings if f"`{o}" not in text]
    for name, sub in readme_parts.commands(parser).items():
        section = sections.get(name)
        if section is None:
            missing.append(f"kg {name}")
            continue
        for action in readme_parts.documented_actions(sub):
            if not action.option_strings and action.dest.upper() not in section:
                missing.append(f"kg {name} {action.dest.upper()}")
            missing += [f"kg {name} {o}" for o in action.option_strings
                        if o.startswith("--") and f"`{o}" not in section]
            for env in re.findall(r"\benv ([A-Z][A-Z0-9_]+)", action.help or ""):
                if env not in text:
                    missing.append(env)
    return sorted(set(missing))


def test_every_command_and_option_is_in_the_readme():
    assert undocumented(build_parser(), README.read_text(encoding="utf-8")) == []


def test_a_missing_option_is_caught():
    parser = build_parser()
    sub = readme_parts.commands(parser)["build"]
    sub.add_argument("--no-such-option", help="added by this test")
    sub.add_argument("--token", help="a secret (env KG_NO_SUCH_TOKEN)")
    text = README.read_text(encoding="utf-8")
    assert undocumented(parser, text) == ["KG_NO_SUCH_TOKEN", "kg build --no-such-option", "kg build --token"]
    # a command without its reference section
    cut = re.sub(r"^### `kg show`.*?(?=^### )", "", text, flags=re.M | re.S)
    assert "kg show" in undocumented(build_parser(), cut)


@pytest.mark.parametrize("name", list(readme_parts.commands()))
def test_every_command_and_option_has_help(name):
    parser = build_parser()
    assert readme_parts.command_help(parser)[name], f"kg {name} has no help"
    for action in readme_parts.documented_actions(readme_parts.commands(parser)[name]):
        assert action.help, f"kg {name} {action.option_strings or action.dest} has no help text"


# --- the generated parts ----------------------------------------------------------------------------------


def test_quality_figures_are_the_latest_row_of_each_set():
    text = """# Quality
## First looks
| set (articles) | code | entities F1 |
|---|---|---|
| a (3), taken once | c1 | 0.5 |

## Development set (text the rules were written against)

| set (articles) | code | entities F1 |
|---|---|---|
| seeds + dev (20) | c1 | 0.80 |
| other (9) | c1 | 0.70 |
| seeds + dev (20) | c2 | 0.85 |
"""
    tables = readme_parts.markdown_tables(text)
    assert [r["code"] for r in readme_parts.latest_per_set(tables["Development set (text the rules were written against)"])] \
        == ["c2", "c1"]
    assert [r["entities F1"] for r in readme_parts.latest_per_set(tables["First looks"])] == ["0.5"]


def test_the_readme_shows_docs_quality_md(tmp_path):
    """The dev-set table in the README is the latest row of each set in docs/quality.md, cell for cell."""
    tables = readme_parts.markdown_tables(readme_parts.QUALITY.read_text(encoding="utf-8"))
    dev = next(rows for t, rows in tables.items() if t.startswith("Development"))
    text = README.read_text(encoding="utf-8")
    for row in readme_parts.latest_per_set(dev):
        assert "| " + " | ".join(row.values()) + " |" in text
    # and a row appended to docs/quality.md changes what the README must show
    q = tmp_path / "quality.md"
    last = "| " + " | ".join(readme_parts.latest_per_set(dev)[0].values()) + " |"
    q.write_text(readme_parts.QUALITY.read_text(encoding="utf-8").replace(last, last + "\n" +
                 last.replace("| 0.", "| 0.0", 1)), encoding="utf-8")
    assert readme_parts.quality_tables(q) != readme_parts.quality_tables()


def test_the_query_table_lists_every_query_file():
    table = readme_parts.query_table()
    for f in (ROOT / "cypher" / "queries").glob("*.cypher"):
        assert f"| `{f.stem}` |" in table
