"""Names for people and tests on every interactive widget; --screenshot writes a legible PNG."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QImage
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QComboBox,
    QLineEdit,
    QPlainTextEdit,
)

from govcat_desktop.services import example

INTERACTIVE = (QAbstractButton, QAbstractItemView, QComboBox, QLineEdit, QPlainTextEdit, QAbstractSpinBox)


def _unnamed(root) -> list[str]:
    out = []
    for w in (w for cls in INTERACTIVE for w in root.findChildren(cls)):
        if isinstance(w, QLineEdit) and isinstance(w.parent(), QComboBox):
            continue  # the combo's own line edit; the combo carries the names
        if w.window() is not root:
            continue  # popups of combos and completers are their own windows, shown on demand
        if w.objectName().startswith("qt_") or isinstance(w.parent(), QAbstractItemView):
            continue  # Qt's internal buttons (dock float/close, scroll bars, header corner)
        if type(w).__name__ in ("QCalendarWidget", "QToolButton") and not w.isVisible():
            continue
        if not w.objectName() or not w.accessibleName():
            out.append(f"{type(w).__name__} {w.objectName()!r} {getattr(w, 'text', lambda: '')()!r}")
    return out


def test_every_interactive_widget_has_names(qtbot, window, tmp_path):
    window.open_project(example.materialise_example(tmp_path))
    for key in ("catalog", "demands", "reviews"):
        page = window.show_page(key)
        if key == "catalog":
            page.select("catalog", next(iter(window.session.entries)))
        else:
            page.select(page.model.records[0].id)
    missing = _unnamed(window)
    assert not missing, "\n".join(missing)


def test_typed_text_is_committed_before_menu_undo(qtbot, opened):
    from tests.ui.conftest import type_text

    window = opened
    page = window.show_page("catalog")
    entry_id = next(iter(window.session.entries))
    page.select("catalog", entry_id)
    name = page.entry_form.editor("name")
    name.setFocus()
    name.selectAll()
    type_text(name, "结婚登记信息")
    window.findChild(type(window.menus["edit"].actions()[0]), "action_undo").trigger()
    # The typed name was saved first (one command), then that command was undone.
    assert window.session.entries[entry_id][1].name == "结婚证"
    window.redo()
    assert window.session.entries[entry_id][1].name == "结婚登记信息"


def test_screenshot_command(tmp_path: Path, qapp):
    from govcat_desktop import app

    out = tmp_path / "shot.png"
    project = example.materialise_example(tmp_path)
    assert app.main(["--screenshot", str(out), str(project), "--page", "catalog"]) == 0
    image = QImage(str(out))
    assert image.width() >= 1280 and image.height() >= 800
    # Not a blank canvas: many distinct colours (text, icons, selection).
    colours = {image.pixel(x, y) for x in range(0, image.width(), 7) for y in range(0, image.height(), 7)}
    assert len(colours) > 20
    assert app.main(["--screenshot", str(tmp_path / "x.png"), "--page", "nope"]) == 2


def test_screenshot_of_the_bureau_page(tmp_path: Path, qapp):
    """--page bureau shows 汇总与审核 of a bureau project (the e2e script screenshots it from the bundle)."""
    from govcat_desktop import app
    from govcat_desktop.storage import ProjectFile
    from tests.bureau.conftest import bureau_info

    ProjectFile.create(tmp_path / "city.govcat", bureau_info()).close()
    out = tmp_path / "bureau.png"
    assert app.main(["--screenshot", str(out), str(tmp_path / "city.govcat"), "--page", "bureau"]) == 0
    image = QImage(str(out))
    assert image.width() >= 1280 and image.height() >= 800


def test_qt_file_dialog_speaks_chinese(qtbot):
    """qtbase_zh_CN leaves "Look in:" and "Files of type:" in English; govcat's supplement fills them."""
    from PySide6.QtWidgets import QApplication, QFileDialog, QLabel

    from govcat_desktop.ui.fonts import install_chinese_qt_texts

    install_chinese_qt_texts(QApplication.instance())
    dialog = QFileDialog(None, "选择文件")
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
    qtbot.addWidget(dialog)
    labels = [label.text() for label in dialog.findChildren(QLabel) if label.text()]
    # Qt ≥ 6.10 gave the labels mnemonics ("&Look in:"), which qtbase_zh_CN lacks: the supplement's texts. Up to 6.9
    # the sources are "Look in:" and "Files of type:", which qtbase_zh_CN translates itself (no mnemonic).
    from PySide6.QtCore import qVersion

    if tuple(int(x) for x in qVersion().split(".")[:2]) >= (6, 10):
        assert "查找范围(&L)：" in labels and "文件类型(&T)：" in labels
    else:
        assert "查找范围：" in labels and "文件类型：" in labels
    assert not [t for t in labels if t.isascii()]
