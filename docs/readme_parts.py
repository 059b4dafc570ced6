"""The parts of README.md generated from the code (run by cog, see docs/make_readme.py).

- ``command_reference()``: every `kg` command and option, from kg.cli's argparse registry;
- ``query_table()``: the named queries in cypher/queries/ with their titles and default parameters;
- ``quality_tables()``: the extraction figures, the latest row of each set in docs/quality.md.

Each returns Markdown; a README section calls it from a cog block, e.g.::

    <!-- [[[cog cog.out(readme_parts.query_table()) ]]] -->
    <!-- [[[end]]] -->
"""

from __future__ import annotations

import argparse
import json
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
QUALITY = ROOT / "docs" / "quality.md"


# --- the CLI ------------------------------------------------------------------------------------------


def commands(parser: argparse.ArgumentParser | None = None) -> dict[str, argparse.ArgumentParser]:
    """Each sub-command's parser, by name, in the order `kg --help` lists them."""
    if parser is None:
        from kg.cli import build_parser

        parser = build_parser()
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return dict(action.choices)
    return {}


def command_help(parser: argparse.ArgumentParser) -> dict[str, str]:
    """The one-line help of each sub-command (what `kg --help` prints beside its name)."""
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return {a.dest: a.help or "" for a in action._choices_actions}
    return {}


def documented_actions(parser: argparse.ArgumentParser) -> list[argparse.Action]:
    """The arguments a user can give, --help excepted."""
    return [a for a in parser._actions
            if not isinstance(a, (argparse._HelpAction, argparse._SubParsersAction))]


def _cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")


def _invocation(parser: argparse.ArgumentParser, action: argparse.Action) -> str:
    if not action.option_strings:  # a positional: its metavar, as in the usage line
        fmt = parser._get_formatter()
        return fmt._format_args(action, action.dest.upper()).replace("...", "…")
    # --flag METAVAR (the long form only: the short ones are listed in the usage line)
    long = [o for o in action.option_strings if o.startswith("--")] or action.option_strings
    if action.nargs == 0:
        return long[-1]
    fmt = parser._get_formatter()
    meta = fmt._format_args(action, action.dest.upper())
    return f"{long[-1]} {meta}"


def _meaning(parser: argparse.ArgumentParser, action: argparse.Action) -> str:
    text = parser._get_formatter()._expand_help(action) if action.help else ""
    notes = []
    if action.required and action.option_strings:
        notes.append("required")
    if isinstance(action, argparse._AppendAction) and "repeatable" not in text:
        notes.append("repeatable")
    default = action.default
    if (action.option_strings and action.nargs != 0 and default not in (None, [], argparse.SUPPRESS)
            and "default" not in text):
        notes.append(f"default `{default}`")
    if notes:
        text = f"{text} ({'; '.join(notes)})" if text else "; ".join(notes)
    return _cell(text)


def option_table(parser: argparse.ArgumentParser) -> str:
    rows = ["| argument | meaning |", "|---|---|"]
    for action in documented_actions(parser):
        rows.append(f"| `{_invocation(parser, action)}` | {_meaning(parser, action)} |")
    return "\n".join(rows) + "\n"


def command_reference() -> str:
    """One subsection per command: what it does, its usage line and a table of its arguments."""
    from kg.cli import build_parser

    parser = build_parser()
    subs, helps = commands(parser), command_help(parser)
    usage = " ".join(parser.format_usage().split()).removeprefix("usage: ")
    out = ["`kg --help` lists the commands, `kg COMMAND --help` their options; the tables below are generated "
           "from the same definitions.\n", f"`{usage}`\n", option_table(parser)]
    for name, sub in subs.items():
        out.append(f"### `kg {name}`\n")
        out.append(_cell(sub.description or helps.get(name, "")) + "\n")
        usage = " ".join(sub.format_usage().split()).removeprefix("usage: ")
        out.append(f"`{usage}`\n")
        out.append(option_table(sub))
    return "\n".join(out) + "\n"  # a blank line before cog's end marker: the table ends here


# --- the named queries --------------------------------------------------------------------------------


def query_table() -> str:
    from kg.queries import list_queries

    rows = ["| query | answers | parameters (defaults) |", "|---|---|---|"]
    for q in list_queries():
        params = ", ".join(f"`{k}={json.dumps(v, ensure_ascii=False)}`" for k, v in q.params.items())
        rows.append(f"| `{q.name}` | {_cell(q.title)} | {params or '—'} |")
    return "\n".join(rows) + "\n\n"


# --- the quality figures ------------------------------------------------------------------------------


def markdown_tables(text: str) -> dict[str, list[dict[str, str]]]:
    """The pipe tables of a Markdown text, each under the title of the `##` section it is in (a section's
    later tables are appended to its first), as rows of {header: cell}."""
    tables: dict[str, list[dict[str, str]]] = {}
    section, header, in_table = "", None, False
    for line in text.splitlines():
        if line.startswith("## "):
            section, header, in_table = line[3:].strip(), None, False
            continue
        if not line.startswith("|"):
            header, in_table = None, False
            continue
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if header is None:
            header = cells
        elif not in_table and all(re.fullmatch(r":?-+:?", c) for c in cells):
            in_table = True
        elif in_table:
            tables.setdefault(section, []).append(dict(zip(header, cells, strict=False)))
    return tables


def latest_per_set(rows: list[dict[str, str]], key: str = "set (articles)") -> list[dict[str, str]]:
    """The last row of each set (rows are only ever appended), in the order the sets first appear.
    A set is named by its key cell up to the first comma ("dev2 (15), taken … before any change")."""
    latest: dict[str, dict[str, str]] = {}
    for row in rows:
        latest[row.get(key, "").split(",")[0].strip()] = row
    return list(latest.values())


def _table(rows: list[dict[str, str]]) -> str:
    header = list(rows[0])
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(r.get(h, "") for h in header) + " |" for r in rows]
    return "\n".join(lines) + "\n"


def quality_tables(path: Path = QUALITY) -> str:
    """Each table of docs/quality.md under its section's title, with the latest row of each set (the first
    looks, scores on text nobody had read; the development set; whatever sections are added later)."""
    tables = markdown_tables(path.read_text(encoding="utf-8"))
    if not tables:
        raise ValueError(f"{path}: no figures (no table under a '## ' heading)")
    out = []
    for title, rows in tables.items():
        out += [f"*{title}* (the latest measurement of each set; F1 unless marked):\n", _table(latest_per_set(rows))]
    out.append("From `docs/quality.md`, which records every measurement with the commit it was taken at and "
               "how each set was used.\n")
    return "\n".join(out) + "\n"
