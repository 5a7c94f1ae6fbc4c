"""文件 ▸ 打印…: the preview shows the print PDF's pages; 导出 PDF writes the same file as export; Ctrl+P."""

from __future__ import annotations

from pathlib import Path

import pytest

pytest.importorskip("PySide6")

from govcat_desktop.services.example import materialise_example  # noqa: E402
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
    dialog = print_view.PrintDialog(None, print_view.PrintContext(session, str(tmp_path), said.append))
    qtbot.addWidget(dialog)
    labels = [w for w in dialog.pages.findChildren(QLabel) if w.pixmap() is not None and not w.pixmap().isNull()]
    assert dialog.kind.currentText() == "工作联系表" and len(labels) == 1 and "共 1 页" in dialog.info.text()
    dialog.kind.setCurrentIndex(dialog.kind.findData("catalog"))
    labels = [w for w in dialog.pages.findChildren(QLabel) if w.pixmap() is not None and not w.pixmap().isNull()]
    assert len(labels) == 5 and "共 5 页" in dialog.info.text()
    assert labels[0].pixmap().width() > labels[0].pixmap().height()  # landscape
    target = tmp_path / "目录.pdf"
    monkeypatch.setattr(print_view.QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(target), "")))
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
