"""The `govcat` CLI contract: new, info, validate, dump — run as a user would, in a subprocess."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from tests import factories as f
from tests.conftest import ROOT

VALID = "11511301008778183N"


def govcat(*args: str, cwd=None) -> subprocess.CompletedProcess:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT)
    return subprocess.run(
        [sys.executable, "-m", "govcat_desktop.cli", *args],
        capture_output=True, text=True, encoding="utf-8", timeout=120, env=env, cwd=cwd,
    )


def new_args(path, **over):
    values = {"--role": "市直部门", "--org-name": "阳泉市民政局", "--org-code": VALID, "--region": "阳泉市"}
    values.update(over)
    args = ["new", str(path)]
    for k, v in values.items():
        args += [k, v]
    return args


def test_new_creates_a_project(tmp_path):
    path = tmp_path / "mz.govcat"
    proc = govcat(*new_args(path, **{"--year": "2026"}))
    assert proc.returncode == 0, proc.stderr
    info = govcat("info", str(path))
    assert info.returncode == 0
    assert "阳泉市民政局" in info.stdout and "2026-09-24" in info.stdout and "T3 编报数据资源目录" in info.stdout


@pytest.mark.parametrize(
    ("over", "words"),
    [
        ({"--org-code": "11511301008778183X"}, "校验位"),
        ({"--org-code": "123"}, "18位"),
        ({"--role": "市局"}, "填报单位类型"),
        ({"--region": "太原市"}, "地区"),
        ({"--org-name": "  "}, "单位名称"),
    ],
)
def test_new_refuses_bad_input_and_leaves_no_file(tmp_path, over, words):
    path = tmp_path / "bad.govcat"
    proc = govcat(*new_args(path, **over))
    assert proc.returncode == 2
    assert words in proc.stderr and proc.stderr.startswith("错误：")
    assert "Traceback" not in proc.stderr
    assert list(tmp_path.iterdir()) == []


def test_new_refuses_existing_file(tmp_path):
    path = tmp_path / "a.govcat"
    path.write_text("mine", encoding="utf-8")
    proc = govcat(*new_args(path))
    assert proc.returncode == 2 and "已存在" in proc.stderr
    assert path.read_text(encoding="utf-8") == "mine"


def test_validate_new_project_lists_what_is_missing(tmp_path):
    path = tmp_path / "a.govcat"
    assert govcat(*new_args(path)).returncode == 0
    proc = govcat("validate", str(path))
    assert proc.returncode == 1
    assert "请填写“姓名”" in proc.stdout and "还没有服务事项" in proc.stdout


def test_validate_json_contract(tmp_path):
    project = f.valid_project()
    project.matters[0].entries[0].items[2].data_type = "C"  # 登记日期 typed as text → warning
    project.demands[0].provider = ""
    path = f.write_project(tmp_path / "a.govcat", project)
    proc = govcat("validate", str(path), "--json")
    assert proc.returncode == 1
    doc = json.loads(proc.stdout)
    assert doc["errors"] == 1 and doc["warnings"] == 1
    by_rule = {x["rule"]: x for x in doc["findings"]}
    assert set(by_rule["required"]) == {"severity", "kind", "record", "field", "rule", "message"}
    assert by_rule["required"]["kind"] == "demand" and by_rule["required"]["field"] == "provider"
    assert by_rule["type-name-mismatch"]["record"] == "结婚证 / 登记日期"
    assert by_rule["type-name-mismatch"]["severity"] == "warning"


def test_validate_clean_project_exits_zero(tmp_path):
    path = f.write_project(tmp_path / "a.govcat", f.valid_project())
    proc = govcat("validate", str(path), "--json")
    assert proc.returncode == 0
    assert json.loads(proc.stdout) == {"errors": 0, "warnings": 0, "findings": []}
    assert "没有发现问题" in govcat("validate", str(path)).stdout


@pytest.mark.parametrize("content", [b"", b"garbage" * 10])
def test_validate_cannot_run_on_non_project(tmp_path, content):
    path = tmp_path / "x.govcat"
    path.write_bytes(content)
    proc = govcat("validate", str(path))
    assert proc.returncode == 2 and "不是 govcat 项目文件" in proc.stderr
    assert "Traceback" not in proc.stderr
    assert path.read_bytes() == content
    assert govcat("validate", str(tmp_path / "none.govcat")).returncode == 2


def test_verbose_adds_detail(tmp_path):
    path = tmp_path / "x.govcat"
    path.write_bytes(b"garbage" * 10)
    proc = govcat("--verbose", "validate", str(path))
    assert proc.returncode == 2 and len(proc.stderr.strip().splitlines()) >= 2


def test_dump_is_deterministic_and_has_no_ids(tmp_path):
    a = f.write_project(tmp_path / "a.govcat", f.valid_project())
    reordered = f.valid_project()
    reordered.matters.insert(0, f.matter(code="11140300MB0000", name="收养登记", entries=[f.entry("收养登记证")]))
    reordered.matters.reverse()
    b = f.write_project(tmp_path / "b.govcat", reordered)
    c = f.write_project(tmp_path / "c.govcat", reordered)
    out_b, out_c = govcat("dump", str(b), "--json").stdout, govcat("dump", str(c), "--json").stdout
    assert out_b == out_c
    doc = json.loads(govcat("dump", str(a), "--json").stdout)
    assert '"id"' not in json.dumps(doc)
    assert doc["matters"][0]["entries"][0]["items"][0]["name"] == "男方姓名"


def test_help_is_fast_and_never_imports_qt():
    code = (
        # CPU time, not wall time: the bound is about the work help does, not about what else the machine runs.
        "import sys, time\nt = time.process_time()\nfrom govcat_desktop.cli import build_parser\n"
        "build_parser().format_help()\nprint(time.process_time() - t)\n"
        "print(any(m.startswith(('PySide6', 'pydantic', 'openpyxl')) for m in sys.modules))\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, env={**os.environ, "PYTHONPATH": str(ROOT)})
    seconds, heavy = proc.stdout.split()
    assert heavy == "False"
    assert float(seconds) < 0.3


def test_validate_never_imports_qt(tmp_path):
    path = f.write_project(tmp_path / "a.govcat", f.valid_project())
    code = (
        "import sys\nfrom govcat_desktop.cli import main\n"
        f"main(['validate', {str(path)!r}])\nprint('QT', any(m.startswith('PySide6') for m in sys.modules))\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert "QT False" in proc.stdout
