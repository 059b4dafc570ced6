"""Fault injection for kg's write paths, in the spirit of SQLite's I/O-error tests.

A counting run of a command (tests/faults/inject/sitecustomize.py on PYTHONPATH) lists every write
operation kg makes; then, for each distinct write site, the command is run again on a fresh copy of the
same starting state with that site's first operation failing (ENOSPC, EACCES or EIO in turn), and
`check_fault` asserts: one plain line and a non-zero exit (or success with the right output, for a write
that only saves time), every output file either as it was or as a clean run writes it, no temporary file
left, and the next run, without faults, succeeding with the clean run's output.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from tests.stores.conftest import fresh_falkordb  # noqa: F401 - the FalkorDB fixture kg load needs

REPO = Path(__file__).resolve().parents[2]
INJECT = Path(__file__).resolve().parent / "inject"
ERRNOS = ("ENOSPC", "EACCES", "EIO")
SAMPLES = REPO / "data" / "samples"


@dataclass(frozen=True)
class Event:
    n: int
    op: str
    frames: tuple[str, ...]
    path: str

    @property
    def site(self) -> tuple[str, str, str]:
        """(operation, innermost kg frame, the first caller outside kg/jsonio.py): one write site."""
        caller = next((f for f in self.frames[1:] if not f.startswith("kg/jsonio.py")), "")
        return self.op, self.frames[0], caller


def env_for(cache: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("KG_FAULT_")}
    env["PYTHONPATH"] = os.pathsep.join([str(INJECT), str(REPO)] + [p for p in [os.environ.get("PYTHONPATH")] if p])
    env["KG_FAULT_ROOTS"] = os.pathsep.join([str(REPO / "kg"), str(REPO / "viz")])
    env["KG_CACHE_DIR"] = str(cache)
    env.update(extra)
    return env


def run_kg(args: list[str], cwd: Path, env: dict[str, str], timeout: float = 300) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "kg.cli", *args], cwd=cwd, env=env, capture_output=True,
                          text=True, timeout=timeout)


def write_events(args: list[str], cwd: Path, env: dict[str, str]) -> list[Event]:
    log = cwd.parent / f".{cwd.name}.faultlog"
    log.unlink(missing_ok=True)
    r = run_kg(args, cwd, {**env, "KG_FAULT_LOG": str(log)})
    assert r.returncode == 0, r.stderr
    events = []
    for line in (log.read_text(encoding="utf-8") if log.exists() else "").splitlines():
        n, op, site, path = line.split("\t", 3)
        events.append(Event(int(n), op, tuple(site.split("<")), path))
    log.unlink(missing_ok=True)
    return events


def first_per_site(events: list[Event]) -> list[Event]:
    seen: dict[tuple, Event] = {}
    for e in events:
        seen.setdefault(e.site, e)
    return list(seen.values())


def snapshot(root: Path, outputs: list[str]) -> dict[str, bytes | None]:
    return {rel: (root / rel).read_bytes() if (root / rel).is_file() else None for rel in outputs}


def temp_files(*roots: Path) -> list[str]:
    return sorted(str(p) for root in roots if root.exists() for p in root.rglob("*") if p.name.endswith(".tmp"))


def check_fault(cmd: str, r: subprocess.CompletedProcess, root: Path, old: dict, new: dict,
                loose: set[str], cache: Path) -> list[str]:
    """What is wrong after a run with one failing write (empty: nothing). loose: outputs whose bytes vary
    from run to run (build-report.json's counts): those need only be valid JSON or absent as before."""
    problems = []
    lines = [ln for ln in r.stderr.splitlines() if ln.strip()]
    if "Traceback" in r.stderr:
        problems.append("a traceback")
    if r.returncode != 0 and (len(lines) != 1 or not lines[0].startswith(f"kg {cmd}: ")):
        problems.append(f"exit {r.returncode} with stderr {lines!r} (want one 'kg {cmd}: …' line)")
    now = snapshot(root, list(old))
    for rel, b in now.items():
        if rel in loose:
            if b is not None:
                try:
                    json.loads(b)
                except ValueError:
                    problems.append(f"{rel} is not valid JSON")
            continue
        allowed = (new[rel],) if r.returncode == 0 else (old[rel], new[rel])
        if b not in allowed:
            problems.append(f"{rel} is neither the previous nor the new version")
    left = temp_files(root, cache)
    if left:
        problems.append(f"temporary files left: {left}")
    return problems


def sweep(cmd_args: list[str], template: Path, outputs: list[str], workdir: Path, cache: Path,
          loose: set[str] = frozenset()) -> tuple[int, list[str]]:
    """Fail each write site of `kg cmd_args` (run in a copy of `template`) in turn. -> (sites, problems)."""
    env = env_for(cache)
    cmd = cmd_args[0]
    old = snapshot(template, outputs)
    clean = shutil.copytree(template, workdir / "clean")
    r = run_kg(cmd_args, clean, env)
    assert r.returncode == 0, r.stderr
    new = snapshot(clean, outputs)
    counting = shutil.copytree(template, workdir / "counting")
    sites = first_per_site(write_events(cmd_args, counting, env))
    assert sites, "no write site found"
    problems = []
    for i, ev in enumerate(sites):
        err = ERRNOS[i % len(ERRNOS)]
        d = shutil.copytree(template, workdir / f"fault{i}")
        r = run_kg(cmd_args, d, {**env, "KG_FAULT_AT": str(ev.n), "KG_FAULT_ERRNO": err})
        label = f"{err} at {ev.op} {' < '.join(ev.frames[:3])} ({Path(ev.path).name})"
        problems += [f"{label}: {p}" for p in check_fault(cmd, r, d, old, new, loose, cache)]
        if r.returncode == 0:  # a write that only saves time failed, and the outputs are right (checked)
            shutil.rmtree(d, ignore_errors=True)
            continue
        again = run_kg(cmd_args, d, env)
        if again.returncode != 0:
            problems.append(f"{label}: the next run failed: {again.stderr.strip()[-300:]}")
        else:
            after = snapshot(d, outputs)
            bad = [rel for rel in outputs if rel not in loose and after[rel] != new[rel]]
            if bad:
                problems.append(f"{label}: the next run wrote different {bad}")
        shutil.rmtree(d, ignore_errors=True)
    return len(sites), problems
