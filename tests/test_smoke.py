import subprocess
import sys


def test_cli_help_lists_all_commands():
    out = subprocess.run([sys.executable, "-m", "kg.cli", "--help"], capture_output=True, text=True, check=True)
    for name in ("demo", "build", "eval", "load", "query", "viz", "show", "export", "curate"):
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


def test_the_command_completes_its_output_and_returns_mains_status(tmp_path):
    """`kg` ends with sys.exit (issue 20 retired os._exit): output is complete, nothing is written to the
    user's cache directory, and the exit code is main()'s."""
    import json
    import os
    from pathlib import Path

    env = {**os.environ, "KG_CACHE_DIR": str(tmp_path / "cache")}
    samples = Path(__file__).resolve().parents[1] / "data" / "samples"
    r = subprocess.run([sys.executable, "-m", "kg.cli", "build", str(samples), "--out", str(tmp_path / "o"),
                        "--workers", "1", "--progress", "off"], capture_output=True, text=True, env=env, timeout=300)
    assert r.returncode == 0 and r.stdout.rstrip().endswith("graph.json")
    assert json.loads((tmp_path / "o" / "graph.json").read_text(encoding="utf-8"))["nodes"]
    assert not (tmp_path / "cache").exists()  # nothing kept per machine (kg.rx, kg.extract.jiebadict)
    r = subprocess.run([sys.executable, "-m", "kg.cli", "build", str(tmp_path / "missing"), "--out",
                        str(tmp_path / "o2")], capture_output=True, text=True, env=env)
    assert r.returncode != 0 and "no such file or directory" in r.stderr


def test_user_errors_are_one_line_and_debug_shows_the_traceback(tmp_path):
    """An OSError (here: --out inside a file), an invalid option: one line, non-zero; --debug: traceback."""
    from pathlib import Path

    samples = Path(__file__).resolve().parents[1] / "data" / "samples"
    (tmp_path / "file").write_text("x")
    base = [sys.executable, "-m", "kg.cli", "build", str(samples), "--out", str(tmp_path / "file" / "sub")]
    r = subprocess.run(base + ["--progress", "off"], capture_output=True, text=True)
    assert r.returncode == 1 and len(r.stderr.splitlines()) == 1, r.stderr
    assert r.stderr.startswith("kg build: ") and "Traceback" not in r.stderr
    r = subprocess.run(base + ["--debug"], capture_output=True, text=True)
    assert r.returncode != 0 and "Traceback" in r.stderr
    r = subprocess.run(base[:-2] + ["--out", str(tmp_path / "o"), "--workers", "-1"], capture_output=True, text=True)
    assert r.returncode == 2 and r.stderr.strip() == (
        "kg build: argument --workers: -1 is negative (0 = all cores) (see kg build --help)")


def test_names_with_control_characters_stay_on_one_line():
    from kg.errors import shown

    assert shown("a\nb.txt") == "a\\nb.txt" and shown("北京.txt") == "北京.txt"
