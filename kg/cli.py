"""The `kg` command line: a thin shell over library functions, one module per command in kg.commands."""

from __future__ import annotations

import argparse
import atexit
import importlib
import os
import sys

from kg import __version__
from kg.errors import KgError

# name -> module in kg.commands; each module has register(subparsers) and run(args) -> int
COMMANDS = ("demo", "build", "eval", "load", "query", "ask", "viz", "show", "export")


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The parser for every command, or (``only``) for one: a command then imports just its own module."""
    parser = argparse.ArgumentParser(
        prog="kg",
        description="Build and explore knowledge graphs of assistance flows from Chinese documents.",
    )
    parser.add_argument("--version", action="version", version=f"kg {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True
    for name in (only,) if only in COMMANDS else COMMANDS:
        mod = importlib.import_module(f"kg.commands.{name}")
        p = mod.register(sub)
        p.set_defaults(_run=mod.run)
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    # `kg build …` needs only kg.commands.build: importing the other commands (networkx for eval, the
    # demo's page builders) costs a few tenths of a second on every run
    # (the only options before a command are --help and --version, which need every command)
    parser = build_parser(argv[0] if argv and argv[0] in COMMANDS else None)
    args = parser.parse_args(argv)
    try:
        return int(args._run(args) or 0)
    except KgError as e:
        print(f"kg {args.command}: {e}", file=sys.stderr)
        return e.exit_code
    except KeyboardInterrupt:
        print(f"kg {args.command}: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # output piped into head & co.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0


def entry() -> None:
    """The `kg` command: main(), then the process ends without tearing the interpreter down. By then every
    output is written and closed; what finalisation would still do that matters (atexit handlers, such as
    kg.rx saving new patterns; flushing stdout and stderr) is done here. Freeing every object one by one
    (a build's graph state, jieba's dictionaries) took ≈ 20 ms, 6 % of a small re-build."""
    code = main()
    try:
        atexit._run_exitfuncs()
        sys.stdout.flush()
        sys.stderr.flush()
    except BrokenPipeError:  # output piped into head & co.
        pass
    except BaseException:  # anything odd: the ordinary way out
        sys.exit(code)
    os._exit(code)


if __name__ == "__main__":  # pragma: no cover
    entry()
