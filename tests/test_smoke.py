import subprocess
import sys


def test_cli_help_lists_all_commands():
    out = subprocess.run([sys.executable, "-m", "kg.cli", "--help"], capture_output=True, text=True, check=True)
    for name in ("demo", "build", "eval", "load", "query", "viz", "show", "export"):
        assert name in out.stdout


def test_a_command_imports_only_its_own_module(tmp_path):
    """`kg build` must not pay for the other commands' imports (networkx, the demo's page builders)."""
    code = (
        "import sys\n"
        "from kg.cli import main\n"
        "try:\n"
        "    main(['build', '--help'])\n"
        "except SystemExit:\n"
        "    pass\n"
        "print(sorted(m for m in sys.modules if m.startswith(('kg.commands.', 'networkx', 'kg.demo', 'kg.eval'))))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip().splitlines()[-1] == "['kg.commands.build']"
    # every command still parses through the full parser's error path
    r = subprocess.run([sys.executable, "-m", "kg.cli", "nosuch"], capture_output=True, text=True)
    assert r.returncode == 2 and "invalid choice" in r.stderr and "export" in r.stderr
