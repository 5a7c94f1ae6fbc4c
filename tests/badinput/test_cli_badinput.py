"""The CLI on the whole corpus, in a child with a memory cap: one Chinese line, no traceback, file unchanged."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from govcat_desktop.domain.models import ProjectInfo
from govcat_desktop.storage import ProjectFile
from tests import factories as f
from tests.badinput.conftest import file_dump
from tests.badinput.test_imports import CJK, GOVCAT_MUST_REFUSE, MUST_REFUSE

ROOT = Path(__file__).resolve().parents[2]
MEMORY_CAP = 2 * 1024**3  # address space of the child: a zip bomb or a dense sheet cannot take the machine

# Runs `govcat ARGS` in-process for each file, recording exit code, stderr and whether the project changed.
DRIVER = r'''
import contextlib, io, json, resource, sqlite3, sys
cap = int(sys.argv[1])
resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
from govcat_desktop.cli import main
command, project, files = sys.argv[2], sys.argv[3], sys.argv[4:]

def dump():
    conn = sqlite3.connect(project)
    try:
        return list(conn.iterdump())
    finally:
        conn.close()

results = []
for path in files:
    before = dump()
    err, out = io.StringIO(), io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(out):
        args = [command, path] if command == "info" else [command, project, path]
        try:
            code = main(args)
        except SystemExit as exc:
            code = exc.code
    results.append({"file": path, "code": code, "stderr": err.getvalue(), "changed": dump() != before})
print("@@" + json.dumps(results, ensure_ascii=False))
'''


def _drive(command: str, project: Path, files: list[Path]) -> list[dict]:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    proc = subprocess.run(
        [sys.executable, "-c", DRIVER, str(MEMORY_CAP), command, str(project), *map(str, files)],
        cwd=ROOT, env=env, capture_output=True, text=True, encoding="utf-8", timeout=600,
    )
    assert proc.returncode == 0 and "@@" in proc.stdout, proc.stderr[-3000:]
    return json.loads(proc.stdout.split("@@", 1)[1])


def _one_chinese_line(stderr: str) -> None:
    lines = [line for line in stderr.splitlines() if line.strip()]
    assert lines and lines[-1].startswith("错误：") and CJK.search(lines[-1]), stderr
    assert "Traceback" not in stderr


@pytest.mark.skipif(not hasattr(os, "fork") or sys.platform == "darwin", reason="RLIMIT_AS is a Linux cap")
def test_cli_import_of_every_bad_workbook(corpora, tmp_path: Path) -> None:
    unit = f.write_project(tmp_path / "本单位.govcat", f.valid_project())
    files = sorted(corpora["copy"].items())
    results = _drive("import", unit, [p for _, p in files])
    for (kind, _), res in zip(files, results):
        assert res["code"] in (0, 1, 2), (kind, res)
        if res["code"] == 2:
            _one_chinese_line(res["stderr"])
            assert not res["changed"], kind
        assert kind not in MUST_REFUSE or res["code"] == 2, (kind, res)
        assert "Traceback" not in res["stderr"]


@pytest.mark.skipif(not hasattr(os, "fork") or sys.platform == "darwin", reason="RLIMIT_AS is a Linux cap")
def test_cli_info_of_every_bad_project_file(corpora, tmp_path: Path) -> None:
    files = sorted(corpora["govcat"].items())
    dummy = f.write_project(tmp_path / "dummy.govcat", f.valid_project())
    results = _drive("info", dummy, [p for _, p in files])
    for (kind, _), res in zip(files, results):
        if kind in GOVCAT_MUST_REFUSE:
            assert res["code"] == 2, (kind, res)
            _one_chinese_line(res["stderr"])
        else:
            assert res["code"] == 0, (kind, res)


def test_cli_merge_of_the_whole_corpus(corpora, tmp_path: Path) -> None:
    bureau = tmp_path / "大数据局.govcat"
    info = ProjectInfo(role="市大数据局", org_name="阳泉市大数据局", org_code=f.BUREAU_USCC, region="阳泉市")
    ProjectFile.create(bureau, info).close()
    refused = [p for k, p in sorted(corpora["merge"].items()) if k in MUST_REFUSE]
    refused += [p for k, p in sorted(corpora["govcat"].items()) if k in GOVCAT_MUST_REFUSE]
    before = file_dump(bureau)
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    proc = subprocess.run(
        [sys.executable, "-m", "govcat_desktop.cli", "merge", str(bureau), *map(str, refused)],
        cwd=ROOT, env=env, capture_output=True, text=True, encoding="utf-8", timeout=600,
    )
    assert proc.returncode == 2, proc.stdout + proc.stderr  # nothing could be taken in
    assert "Traceback" not in proc.stderr + proc.stdout
    skipped = [line for line in proc.stdout.splitlines() if line.startswith("跳过")]
    assert len(skipped) == len(refused), proc.stdout
    assert all(CJK.search(line.split("：", 1)[-1]) for line in skipped)
    assert file_dump(bureau) == before
