"""The GUI refuses the same review transitions as `govcat set-status`, with the same sentence."""

from __future__ import annotations

from govcat_desktop.services.interaction import Interaction
from tests import factories as f
from tests.cli.test_review_rules import ERRORS, NOTE


def test_gui_refuses_approval_with_errors_and_a_return_without_note(qtbot, tmp_path, monkeypatch):
    from govcat_desktop.ui.main_window import MainWindow

    project = f.valid_project()
    project.matters[0].entries[0].summary = ""
    project.matters[0].entries[0].review_status = "待审核"
    path = f.write_project(tmp_path / "民政局.govcat", project)
    window = MainWindow(install_extensions=False, interaction=Interaction(answers={"退回目录": "  "}))
    qtbot.addWidget(window)
    said = window.interaction.asked  # (title, text) of every question and message
    assert window.open_project(str(path))
    page = window.show_page("catalog")
    entry_id = next(iter(window.session.entries))
    page.select("catalog", entry_id)
    assert not page.set_status("已审核")
    assert said[-1][1] == ERRORS
    assert not page.set_status("退回", "")
    assert said[-1][1] == NOTE
    page.return_entry()  # the scripted clerk answers with blanks: nothing changes
    assert window.session.entries[entry_id][1].review_status == "待审核"
    window.set_session(None)
