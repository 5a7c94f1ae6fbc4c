"""Render the main window (and an open wizard) offscreen into a PNG for the README."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor, QPainter, QPixmap
from PySide6.QtWidgets import QApplication, QWizard

from govcat_desktop.ui.main_window import MainWindow

PAGES = ("start", "new", "overview", "contacts", "catalog", "grid", "wizard", "demands", "reviews", "demand-wizard",
         "bureau", "comments")


def _settle(window: MainWindow) -> None:
    for _ in range(5):
        QApplication.processEvents()
    window.wait_for_validation()
    QApplication.processEvents()


def _catalog(window: MainWindow) -> None:
    page = window.show_page("catalog")
    target = next((f for f in window.findings if f.ref and f.ref[0] in ("item", "catalog")), None)
    if target is not None:
        window.jump_to(target)
    elif window.session.entries:
        page.select("catalog", next(iter(window.session.entries)))
    page.tree.expandAll() if len(window.session.entries) < 100 else None


def _composite(window: MainWindow, dialog) -> QPixmap:
    shot = window.grab()
    painter = QPainter(shot)
    painter.fillRect(shot.rect(), QColor(0, 0, 0, 70))
    top = dialog.grab()
    painter.drawPixmap(QPoint((shot.width() - top.width()) // 2, max(30, (shot.height() - top.height()) // 2)), top)
    painter.end()
    return shot


def render(window: MainWindow, out: Path, page: str) -> Path:
    """Show `page` in `window` and write a PNG of at least 1280×800 to `out`."""
    window.resize(max(window.width(), 1280), max(window.height(), 800))
    window.show()
    _settle(window)
    dialog = None
    if page == "new":
        from govcat_desktop.ui.new_project import NewProjectWizard
        from govcat_desktop.ui.file_ops import default_folder

        window.set_session(None)
        dialog = NewProjectWizard(window.forms, default_folder(), window)
        dialog.show()
        name = dialog.unit.view.editor("org_name")
        name.setText("阳泉市民政局")
        code = dialog.unit.view.editor("org_code")
        code.setText("11140300MB195860")
        code.textEdited.emit(code.text())
    elif page != "start" and window.session is not None:
        if page == "catalog":
            _catalog(window)
        elif page == "wizard":
            from govcat_desktop.ui.matter_wizard import MatterWizard

            _catalog(window)
            first = window.session.project.matters[0].id if window.session.project.matters else None
            dialog = MatterWizard(window.context, first)
            dialog.show()
            _settle(window)
            dialog.next()  # 选择事项 → 数据命名
            dialog.next()  # → 信息项
            items = dialog.page_of("items").view.editor("items")
            if not dialog.draft.items and items._cert is not None:
                items._take_suggestion()
        elif page == "demand-wizard":
            from govcat_desktop.ui.records_page import DemandWizard

            window.show_page("demands")
            dialog = DemandWizard(window.context)
            dialog.show()
        else:
            key = {"overview": "overview", "contacts": "contacts", "grid": "grid", "demands": "demands",
                   "reviews": "reviews", "bureau": "bureau", "comments": "bureau_comments"}.get(page, "overview")
            if key not in window.pages:
                raise ValueError(f"本项目没有“{page}”页面")
            target = window.show_page(key)
            if key in ("demands", "reviews") and target.model.rowCount():
                rows = [f.ref[1] for f in window.findings if f.ref and f.ref[0] == key[:-1]]
                target.select(rows[0] if rows else target.model.records[0].id)
    _settle(window)
    shot = _composite(window, dialog) if dialog is not None else window.grab()
    if dialog is not None:
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
        dialog.done(QWizard.DialogCode.Rejected)
    out.parent.mkdir(parents=True, exist_ok=True)
    if not shot.save(str(out), "PNG"):
        raise OSError(f"无法写入截图“{out}”")
    return out
