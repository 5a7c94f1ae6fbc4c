"""The national fields travel through the editable copy (columns after 审核意见) and `govcat dump`."""

from __future__ import annotations

import json
from pathlib import Path

from openpyxl import load_workbook

from govcat_desktop.cli import main
from govcat_desktop.services import transfer
from govcat_desktop.services.session import Session
from tests import factories as F

NATIONAL = dict(res_class="3", res_item="07", res_target="012", res_detail="001", resource_code="307012001/000001",
                resource_format="数据库", resource_subformat="达梦DM", open_to_public="是", open_condition="脱敏后开放",
                publish_date="2026-09-20", related_codes="307012001/000002、307012001/000003")


def test_editable_copy_carries_national_fields(tmp_path: Path, capsys) -> None:
    p = F.valid_project("市直部门")
    for k, v in NATIONAL.items():
        setattr(p.matters[0].entries[0], k, v)
    path = F.write_project(tmp_path / "u.govcat", p)
    assert main(["export", str(path), "--out", str(tmp_path / "out"), "--task", "catalog"]) == 0
    copy = next((tmp_path / "out").glob("*可编辑版*.xlsx"))
    header = [c.value for c in load_workbook(copy)["数据资源目录"][1]]
    assert header.index("审核意见") < header.index("信息资源代码") < header.index("信息资源分类（类）")
    parsed = transfer.read_copy(copy)
    entry = parsed.matters[0].entries[0]
    assert {k: getattr(entry, k) for k in NATIONAL} == NATIONAL
    assert not parsed.problems
    capsys.readouterr()
    assert main(["dump", str(path), "--json"]) == 0
    dumped = json.loads(capsys.readouterr().out)["matters"][0]["entries"][0]
    assert {k: dumped[k] for k in NATIONAL} == NATIONAL
    assert "code_exported" not in dumped  # bookkeeping, like ids
    s = Session.open(path, readonly=True)
    try:
        assert s.project.matters[0].entries[0].code_exported  # the export recorded that the code left the project
    finally:
        s.close()
    # imported into another project, the code stays frozen there too
    target = tmp_path / "t.govcat"
    t = Session.create(target, p.info)
    try:
        from govcat_desktop.services.commands import UndoStack

        UndoStack(t).push(transfer.preview_import(t, [copy]).command)
        assert t.project.matters[0].entries[0].code_exported
    finally:
        t.close()


def test_copy_without_national_fields_has_no_national_columns(tmp_path: Path) -> None:
    path = F.write_project(tmp_path / "u.govcat", F.valid_project("市直部门"))
    s = Session.open(path, readonly=True)
    try:
        written = transfer.export_task(s, "catalog", tmp_path / "out")
    finally:
        s.close()
    copy = next(p for p in written if "可编辑版" in p.name)
    header = [c.value for c in load_workbook(copy)["数据资源目录"][1]]
    assert header[-1] == "审核意见"
