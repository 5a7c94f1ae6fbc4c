"""目录总表: the whole catalog as a grid (ui.grid.page), installed into a host window through its extension API."""

from __future__ import annotations

from govcat_desktop.ui.grid.context import GridContext

PAGE_KEY = "grid"
PAGE_TITLE = "目录总表"
SHORTCUT = "Ctrl+7"


def context_for(window) -> GridContext:
    """The explicit context the page works with, built from the host's public extension API."""
    from govcat_desktop import settings
    from govcat_desktop.ui.dialogs import Confirm

    return GridContext(
        forms=window.forms,
        validator=window.validator,
        session=lambda: window.session,
        push=window.push,
        findings=lambda: window.findings,
        undo_stack=window.undo_stack,
        notify=window.notifier.info,
        warn=window.notifier.warning,
        confirm=lambda title, text: Confirm.ask(window, title, text),
        settings_get=settings.get,
        settings_set=lambda key, value: settings.update(**{key: value}),
    )


def install(window):
    """Add the page after the catalog page, with a View-menu entry and its shortcut."""
    from PySide6.QtGui import QAction, QKeySequence

    from govcat_desktop.ui.grid.page import GridPage

    page = GridPage(context_for(window))
    window.add_page(PAGE_KEY, PAGE_TITLE, page)
    action = QAction(PAGE_TITLE, window)
    action.setObjectName("action_grid")
    action.setShortcut(QKeySequence(SHORTCUT))
    action.triggered.connect(lambda _c=False: (window.show_page(PAGE_KEY), page.view.setFocus()))
    view = window.menus["view"]
    separators = [a for a in view.actions() if a.isSeparator()]
    view.insertAction(separators[0], action) if separators else view.addAction(action)
    return page
