"""Ctrl+Q right after typing into a field: what was typed is kept, and the field losing its focus as the window
closes no longer reaches a closed project (程序出错 AttributeError in overview_page._committed)."""

from __future__ import annotations

from PySide6.QtWidgets import QLineEdit

from govcat_desktop.services.session import Session
from tests.ui.conftest import type_text


def test_ctrl_q_after_typing_the_contacts_title(qtbot, window, project_path):
    assert window.open_project(project_path)
    page = window.show_page("contacts")
    title = page.form.groups["contact"].rows["title"].editor
    assert isinstance(title, QLineEdit)
    window.activateWindow()
    title.setFocus()
    qtbot.waitUntil(title.hasFocus, timeout=2000)
    title.selectAll()
    type_text(title, "科员甲")
    quit_action = next(a for a in window.menus["file"].actions() if a.objectName() == "action_quit")
    quit_action.trigger()  # what Ctrl+Q does, with the focus still in the field
    assert not window.isVisible()
    title.clearFocus()  # the focus leaves the field after the project is closed
    qtbot.wait(10)
    assert window.session is None
    session = Session.open(project_path, readonly=True)
    try:
        assert session.project.contacts.contact.title == "科员甲"
    finally:
        session.close()
