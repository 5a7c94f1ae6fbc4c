"""Actions (ok_to_run → confirm → command): a read-only project is refused before any question is asked."""

from __future__ import annotations

import pytest

from govcat_desktop.services.actions import READ_ONLY, RemoveMatter, SetEntryStatus
from govcat_desktop.services.interaction import Interaction
from govcat_desktop.services.rules import Refused
from govcat_desktop.services.session import Session
from tests import factories as f


class Asked(Interaction):
    def __init__(self) -> None:
        self.questions: list[str] = []

    def confirm(self, title, text, *, yes="确定", no="取消", parent=None) -> bool:
        self.questions.append(title)
        return True


@pytest.mark.parametrize("readonly", [True, False])
def test_a_read_only_project_refuses_an_action_before_asking(tmp_path, readonly):
    path = f.write_project(tmp_path / "a.govcat", f.valid_project())
    session = Session.open(path, readonly=readonly)
    try:
        matter = session.project.matters[0]
        assert matter.entries  # deleting it asks first, in a project open for editing
        asked = Asked()
        if readonly:
            with pytest.raises(Refused) as caught:
                RemoveMatter(matter.id).prepare(session, asked)
            assert caught.value.message == READ_ONLY == "项目以只读方式打开，不能修改。"
            with pytest.raises(Refused):
                SetEntryStatus(matter.entries[0].id, "退回", "请补充").prepare(session, asked)
            assert asked.questions == []
        else:
            assert RemoveMatter(matter.id).prepare(session, asked) is not None
            assert asked.questions == ["删除事项"]
    finally:
        session.close()
