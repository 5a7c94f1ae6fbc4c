"""Run every bench/bench_*.py module (each in its own process) and print one table of ratios.

    python -m bench.run                 # all modules
    python bench/run.py start gui       # only bench_start and bench_gui
    python -m bench.run --out FILE.md   # also write the table (with the machine) to FILE.md

A module that fails is reported in the table and does not stop the others.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.harness import HEADER, Result  # noqa: E402

BENCH_DIR = ROOT / "bench"
TIMEOUT_S = 900


def discover() -> list[str]:
    """Names of the benchmark modules, e.g. ["exchange", "gui", "start", ...]."""
    return sorted(p.stem.removeprefix("bench_") for p in BENCH_DIR.glob("bench_*.py"))


def machine() -> str:
    cpu = ""
    try:
        for line in Path("/proc/cpuinfo").read_text(encoding="utf-8", errors="replace").splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        cpu = platform.processor()
    try:
        from PySide6 import __version__ as qt
    except ImportError:  # pragma: no cover - PySide6 is a dependency
        qt = "?"
    return (
        f"{cpu or platform.machine()}, {os.cpu_count()} CPUs (nproc), {platform.system()} {platform.release()}, "
        f"Python {platform.python_version()}, PySide6 {qt}"
    )


def run_module(name: str, workdir: Path) -> tuple[list[Result], str]:
    """Run bench_<name>.run(workdir) in a child process; returns its results or an error text."""
    env = dict(os.environ)
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    env.setdefault("GOVCAT_DATA_DIR", str(workdir / "user-data"))
    env.setdefault("GOVCAT_CONFIG_DIR", str(workdir / "user-config"))
    try:
        proc = subprocess.run(
            [sys.executable, "-m", "bench.run", "--child", name, "--workdir", str(workdir)],
            cwd=ROOT, env=env, capture_output=True, text=True, encoding="utf-8", errors="replace", timeout=TIMEOUT_S,
        )
    except subprocess.TimeoutExpired:
        return [], f"timed out after {TIMEOUT_S} s"
    marker = "@@BENCH-RESULTS@@"
    if proc.returncode != 0 or marker not in proc.stdout:
        tail = (proc.stderr or proc.stdout).strip().splitlines()[-3:]
        return [], f"exit {proc.returncode}: " + " / ".join(tail)
    rows = json.loads(proc.stdout.split(marker, 1)[1])
    return [Result(**row) for row in rows], ""


def _child(name: str, workdir: Path) -> int:
    import dataclasses
    import importlib

    module = importlib.import_module(f"bench.bench_{name}")
    workdir.mkdir(parents=True, exist_ok=True)
    results = module.run(workdir)
    rows = [dataclasses.asdict(r) for r in results]
    sys.stdout.write("@@BENCH-RESULTS@@" + json.dumps(rows, ensure_ascii=False))
    return 0


def table(results: dict[str, tuple[list[Result], str, float]]) -> str:
    lines = [HEADER.replace("| measure |", "| module | measure |").replace("|---|", "|---|---|", 1)]
    for name, (rows, error, _) in results.items():
        if error:
            lines.append(f"| {name} | FAILED | | | | | | {error.replace('|', '/')[:300]} |")
        for r in rows:
            lines.append(f"| {name} " + r.row())
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Run govcat benchmarks; every figure is a ratio to a bare-library baseline.")
    parser.add_argument("modules", nargs="*", help="module names without bench_ (default: all)")
    parser.add_argument("--out", type=Path, help="also write the table to this Markdown file")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--workdir", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        return _child(args.child, args.workdir)
    names = args.modules or discover()
    unknown = [n for n in names if n not in discover()]
    if unknown:
        parser.error(f"no such benchmark: {', '.join(unknown)} (have: {', '.join(discover())})")
    results: dict[str, tuple[list[Result], str, float]] = {}
    with tempfile.TemporaryDirectory(prefix="govcat-bench-") as tmp:
        for name in names:
            t0 = time.perf_counter()
            print(f"… bench_{name}", file=sys.stderr, flush=True)
            rows, error = run_module(name, Path(tmp) / name)
            results[name] = (rows, error, time.perf_counter() - t0)
            print(f"  {'FAILED: ' + error if error else f'{len(rows)} figures'} ({results[name][2]:.0f} s)",
                  file=sys.stderr)
    text = f"Machine: {machine()}  \nTaken: {time.strftime('%Y-%m-%d %H:%M')}\n\n{table(results)}\n"
    print(text)
    if args.out:
        args.out.write_text(text, encoding="utf-8")
    missed = sum(1 for rows, _, _ in results.values() for r in rows if r.ok is False)
    failed = sum(1 for _, error, _ in results.values() if error)
    return 1 if failed or missed else 0


if __name__ == "__main__":
    sys.exit(main())
