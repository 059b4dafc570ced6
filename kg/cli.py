"""The `kg` command line: a thin shell over library functions, one module per command in kg.commands.

It is also the one boundary for errors a user can cause: a KgError (bad input, unknown name, Neo4j down),
an OSError (permission denied, read-only or full disk, a file where a directory should be …) and an
invalid option end the command with one plain line on stderr and a non-zero status; `--debug` (or
KG_DEBUG=1) shows the traceback instead."""

from __future__ import annotations

import argparse
import importlib
import os
import sys

from kg import __version__
from kg.errors import KgError, describe_os_error, describe_sqlite_error

# name -> module in kg.commands; each module has register(subparsers) and run(args) -> int
COMMANDS = ("demo", "build", "eval", "load", "query", "ask", "viz", "show", "export", "curate")


class Parser(argparse.ArgumentParser):
    """argparse with one-line errors: "kg build: argument --workers: … (kg build --help)", status 2."""

    def error(self, message: str):
        self.exit(2, f"{self.prog}: {' '.join(message.split())} (see {self.prog} --help)\n")


def _add_debug(p: argparse.ArgumentParser) -> None:
    """--debug on a command's parser and on its own sub-commands' (kg curate merge …)."""
    p.add_argument("--debug", action="store_true", default=argparse.SUPPRESS,
                   help="on an error, show the Python traceback")
    for action in p._actions:
        if isinstance(action, argparse._SubParsersAction):
            for sp in action.choices.values():
                _add_debug(sp)


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The parser for every command, or (``only``) for one: a command then imports just its own module."""
    parser = Parser(
        prog="kg",
        description="Build and explore knowledge graphs of assistance flows from Chinese documents.",
    )
    parser.add_argument("--version", action="version", version=f"kg {__version__}")
    parser.add_argument("--debug", action="store_true", help="on an error, show the Python traceback")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True
    for name in (only,) if only in COMMANDS else COMMANDS:
        mod = importlib.import_module(f"kg.commands.{name}")
        p = mod.register(sub)
        p.set_defaults(_run=mod.run)
        _add_debug(p)
    return parser


def _debugging(args: argparse.Namespace | None) -> bool:
    return bool(getattr(args, "debug", False)) or os.environ.get("KG_DEBUG", "") not in ("", "0")


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    # `kg build …` needs only kg.commands.build: importing the other commands (networkx for eval, the
    # demo's page builders) costs a few tenths of a second on every run
    # (the only options before a command are --help, --version and --debug, which need every command)
    parser = build_parser(argv[0] if argv and argv[0] in COMMANDS else None)
    args = parser.parse_args(argv)
    try:
        return int(args._run(args) or 0)
    except KgError as e:
        if _debugging(args):
            raise
        print(f"kg {args.command}: {' '.join(str(e).split())}", file=sys.stderr)
        return e.exit_code
    except KeyboardInterrupt:
        print(f"kg {args.command}: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # output piped into head & co.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0
    except OSError as e:  # the machine said no: permissions, a full or read-only disk, a file in the way
        if _debugging(args):
            raise
        print(f"kg {args.command}: {describe_os_error(e)}", file=sys.stderr)
        return 1
    except Exception as e:  # a SQLite store (kg's cache, OUT/graph.db) its file system refused
        sqlite3 = sys.modules.get("sqlite3")
        line = (describe_sqlite_error(e, "kg's store") if sqlite3 is not None
                and isinstance(e, sqlite3.OperationalError) and not _debugging(args) else None)
        if line is None:
            raise
        print(f"kg {args.command}: {line}", file=sys.stderr)
        return 1


def entry() -> None:
    """The `kg` command."""
    code = main()
    try:
        sys.stdout.flush()
    except BrokenPipeError:  # output piped into head & co.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    sys.exit(code)


if __name__ == "__main__":  # pragma: no cover
    entry()
