import subprocess
import sys


def test_cli_help_lists_all_commands():
    out = subprocess.run([sys.executable, "-m", "kg.cli", "--help"], capture_output=True, text=True, check=True)
    for name in ("demo", "build", "eval", "load", "query", "viz", "show", "export"):
        assert name in out.stdout
