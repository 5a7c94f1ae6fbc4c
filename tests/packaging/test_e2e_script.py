"""packaging/e2e.py must run on a bare Python beside a bundle (Windows release manager): standard library only,
nothing of the source tree imported, executables found by name."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "packaging" / "e2e.py"


def _imports(tree: ast.AST) -> set[str]:
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


def test_standard_library_only() -> None:
    imported = _imports(ast.parse(SCRIPT.read_text(encoding="utf-8")))
    assert imported, "no imports found: the parse went wrong"
    assert imported <= set(sys.stdlib_module_names) | {"__future__"}, imported - set(sys.stdlib_module_names)


def test_finds_executables_by_name_with_exe_on_windows() -> None:
    text = SCRIPT.read_text(encoding="utf-8")
    assert 'EXE = ".exe" if os.name == "nt" else ""' in text
    assert 'self.bundle / f"{name}{EXE}"' in text


def test_steps_cover_every_input_copy(monkeypatch) -> None:
    """Every editable copy in tests/data/e2e belongs to a unit the script creates, and each unit has one per task."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("e2e_script", SCRIPT)
    e2e = importlib.util.module_from_spec(spec)
    monkeypatch.setitem(sys.modules, "e2e_script", e2e)  # dataclasses look their module up there
    spec.loader.exec_module(e2e)
    copies = sorted(p.name for p in (ROOT / "tests" / "data" / "e2e").glob("*.xlsx"))
    expected = sorted(f"{key}-{task}.xlsx" for key, u in e2e.UNITS.items() for task in u["tasks"])
    assert copies == expected
    assert len(e2e.STEPS) >= 8 and len({title for title, _ in e2e.STEPS}) == len(e2e.STEPS)


def test_reports_in_utf8_on_a_console_that_is_not(tmp_path: Path) -> None:
    """A Windows console in code page 437/936 or a pipe under Wine: Chinese paths in the report must not crash it."""
    import os
    import subprocess

    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTHON")}
    env["PYTHONIOENCODING"] = "ascii"  # what the console would take without the script's own UTF-8
    bundle = tmp_path / "没有程序的文件夹"
    bundle.mkdir()
    res = subprocess.run([sys.executable, str(SCRIPT), "--bundle", str(bundle), "--out", str(tmp_path / "输出")],
                         capture_output=True, env=env, timeout=120)
    err = res.stderr.decode("utf-8")
    assert "Traceback" not in err and "UnicodeEncodeError" not in err, err[-2000:]
    assert res.returncode == 1 and "没有程序的文件夹" in err and "is missing from the bundle" in err
    assert "输出" in res.stdout.decode("utf-8")
