"""The review rules apply in the CLI as in the GUI: same refusals, same Chinese sentences (exit 2)."""

from __future__ import annotations

import pytest

from govcat_desktop.cli import main as cli_main
from govcat_desktop.storage import ProjectFile
from tests import factories as f

ERRORS = "该目录还有错误，改正后才能审核通过。"
NOTE = "退回时请写明审核意见，告诉单位需要修改什么。"


@pytest.fixture
def path(tmp_path):
    project = f.valid_project()
    project.matters[0].entries[0].summary = ""  # 资源摘要 is required: this entry has an error
    project.matters[0].entries[0].review_status = "待审核"
    return f.write_project(tmp_path / "民政局.govcat", project)


def _status(path) -> tuple[str, str]:
    store = ProjectFile.open(path, readonly=True)
    try:
        entry = store.load().matters[0].entries[0]
        return entry.review_status, entry.review_note
    finally:
        store.close()


def test_approval_of_an_entry_with_errors_is_refused(path, capsys):
    assert cli_main(["set-status", str(path), "--entry", "结婚证", "--status", "已审核"]) == 2
    assert f"错误：{ERRORS}" in capsys.readouterr().err
    assert _status(path) == ("待审核", "")


def test_return_needs_a_note_then_is_recorded(path, capsys):
    assert cli_main(["set-status", str(path), "--entry", "结婚证", "--status", "退回", "--note", "  "]) == 2
    assert NOTE in capsys.readouterr().err
    assert _status(path) == ("待审核", "")
    assert cli_main(["set-status", str(path), "--entry", "结婚证", "--status", "退回", "--note", "请补充资源摘要"]) == 0
    assert _status(path) == ("退回", "请补充资源摘要")


def test_a_move_the_states_do_not_allow_is_refused(path, capsys):
    assert cli_main(["set-status", str(path), "--entry", "结婚证", "--status", "草稿"]) == 0
    assert cli_main(["set-status", str(path), "--entry", "结婚证", "--status", "已审核"]) == 2
    assert "审核状态是“草稿”，不能改为“已审核”" in capsys.readouterr().err
    assert _status(path) == ("草稿", "")


def test_an_unknown_entry_is_named(path, capsys):
    assert cli_main(["set-status", str(path), "--entry", "不存在的目录", "--status", "待审核"]) == 2
    assert "找不到名为“不存在的目录”的目录" in capsys.readouterr().err
