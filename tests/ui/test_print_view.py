"""文件 ▸ 打印…: the preview shows the print PDF's pages; 导出 PDF writes the same file as export; Ctrl+P."""

from __future__ import annotations

from pathlib import Path

import pytest

pytest.importorskip("PySide6")

from govcat_desktop.services.example import materialise_example  # noqa: E402
from govcat_desktop.services.interaction import Interaction  # noqa: E402
from govcat_desktop.services.session import Session  # noqa: E402


@pytest.fixture
def session(tmp_path: Path):
    s = Session.open(materialise_example(tmp_path), readonly=True)
    yield s
    s.close()


def test_preview_pages_and_export_pdf(qtbot, session, tmp_path: Path, monkeypatch) -> None:
    from PySide6.QtWidgets import QLabel

    from govcat_desktop.ui import print_view

    said: list[str] = []
    target = tmp_path / "目录.pdf"
    interaction = Interaction(answers={"导出 PDF": str(target)})
    dialog = print_view.PrintDialog(None, print_view.PrintContext(session, str(tmp_path), said.append,
                                                                  interaction=interaction))
    qtbot.addWidget(dialog)
    labels = [w for w in dialog.pages.findChildren(QLabel) if w.pixmap() is not None and not w.pixmap().isNull()]
    assert dialog.kind.currentText() == "工作联系表" and len(labels) == 1 and "共 1 页" in dialog.info.text()
    dialog.kind.setCurrentIndex(dialog.kind.findData("catalog"))
    labels = [w for w in dialog.pages.findChildren(QLabel) if w.pixmap() is not None and not w.pixmap().isNull()]
    assert len(labels) == 4 and "共 4 页" in dialog.info.text()
    assert labels[0].pixmap().width() > labels[0].pixmap().height()  # landscape
    dialog.save()
    assert target.read_bytes().startswith(b"%PDF") and said == [f"已导出：{target}"]
    monkeypatch.setattr(print_view.printing, "send_to_printer", lambda path: "")
    dialog.send()
    assert said[-1].startswith("已发送到打印机")
    dialog.reject()


def test_print_action_in_file_menu_with_ctrl_p(qtbot) -> None:
    from PySide6.QtGui import QKeySequence

    from govcat_desktop.ui.main_window import MainWindow

    window = MainWindow()
    qtbot.addWidget(window)
    action = next(a for a in window.menus["file"].actions() if a.objectName() == "action_print")
    assert action.text() == "打印…" and action.shortcut() == QKeySequence(QKeySequence.StandardKey.Print)


def test_every_task_previews_after_any_other_on_a_shown_dialog(qtbot, session, tmp_path: Path) -> None:
    """Switching tasks more than once (catalog → demand → review → contacts) raised AttributeError in render."""
    from PySide6.QtWidgets import QLabel

    from govcat_desktop.ui import print_view

    dialog = print_view.PrintDialog(None, print_view.PrintContext(session, str(tmp_path), lambda _t: None))
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.kind.setCurrentIndex(dialog.kind.findData("catalog"))
    assert dialog.kind.currentData() == "catalog" and "共 4 页" in dialog.info.text()
    errors: list[BaseException] = []
    import sys

    old = sys.excepthook
    sys.excepthook = lambda t, v, tb: errors.append(v)
    try:
        for k in [*range(dialog.kind.count()), 1, 0, 2]:
            dialog.kind.setCurrentIndex(k)
            qtbot.wait(1)
            shown = [w for w in dialog.pages.findChildren(QLabel) if w.isVisibleTo(dialog.pages) and w.pixmap() is not None
                     and not w.pixmap().isNull()]
            pages = int(dialog.info.text().split("共 ")[1].split(" 页")[0])
            assert len(shown) == min(pages, 5), (dialog.kind.currentText(), len(shown), pages)
    finally:
        sys.excepthook = old
    assert errors == []
    dialog.reject()


def test_ctrl_p_opens_on_the_task_of_the_page_shown(qtbot, tmp_path: Path, monkeypatch) -> None:
    from govcat_desktop.ui import print_view
    from govcat_desktop.ui.main_window import MainWindow

    seen: list[str] = []

    def look(context) -> None:  # the dialog the clerk would see, built and closed
        dialog = print_view.PrintDialog(None, context)
        seen.append(dialog.kind.currentData())
        dialog.done(0)

    window = MainWindow(interaction=Interaction(answers={"打印盖章版": look}))
    qtbot.addWidget(window)
    assert window.open_project(materialise_example(tmp_path))
    window.show_page("demands")
    next(a for a in window.menus["file"].actions() if a.objectName() == "action_print").trigger()
    assert seen == ["demand"]
    window.set_session(None)
