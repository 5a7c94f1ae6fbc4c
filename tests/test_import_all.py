"""Every module of the package imports in a fresh interpreter of the environment the tests run in.

Run in a subprocess so that nothing the test session already imported (pytest plugins, hypothesis, a
test's own imports) hides a dependency pyproject does not declare: in CI this is the clean venv made
from `pip install -e ".[dev]"`, so a missing dependency fails here.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

SCRIPT = r"""
import importlib, pkgutil, sys, traceback
import govcat_desktop
names = ["govcat_desktop"] + [m.name for m in pkgutil.walk_packages(govcat_desktop.__path__, "govcat_desktop.")
                              if not m.name.endswith(".__main__")]  # those run the program
failed = []
for name in names:
    try:
        importlib.import_module(name)
    except BaseException as exc:  # SystemExit and friends too: importing must not run anything
        failed.append(f"{name}: {type(exc).__name__}: {exc}")
print(len(names))
print("\n".join(failed))
sys.exit(1 if failed else 0)
"""


def test_every_module_imports_in_a_fresh_interpreter(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    env.update(QT_QPA_PLATFORM="offscreen", GOVCAT_DATA_DIR=str(tmp_path / "d"), GOVCAT_CONFIG_DIR=str(tmp_path / "c"))
    res = subprocess.run([sys.executable, "-c", SCRIPT], capture_output=True, text=True, cwd=tmp_path, env=env,
                         timeout=120)
    assert res.returncode == 0, f"modules that do not import:\n{res.stdout}\n{res.stderr[-3000:]}"
    count = int(res.stdout.split()[0])
    package_files = [p for p in (ROOT / "govcat_desktop").rglob("*.py")
                     if "__pycache__" not in p.parts and p.name != "__main__.py"]
    assert count == len(package_files), "walk_packages missed modules (a folder without __init__.py?)"
