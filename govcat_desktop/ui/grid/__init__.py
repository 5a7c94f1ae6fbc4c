"""目录总表: the whole catalog as a grid (ui.grid.page), a page like the others: it gets the window's PageContext."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from govcat_desktop.ui.context import PageContext
    from govcat_desktop.ui.grid.page import GridPage

PAGE_KEY = "grid"
PAGE_TITLE = "目录总表"
SHORTCUT = "Ctrl+7"


def install(context: PageContext) -> GridPage:
    """Add the page after the catalog page, with a View-menu entry and its shortcut."""
    from PySide6.QtGui import QAction, QKeySequence

    from govcat_desktop.ui.grid.page import GridPage

    page = GridPage(context)
    context.add_page(PAGE_KEY, PAGE_TITLE, page)
    view = context.menus["view"]
    action = QAction(PAGE_TITLE, view)
    action.setObjectName("action_grid")
    action.setShortcut(QKeySequence(SHORTCUT))
    action.triggered.connect(lambda _c=False: (context.show_page(PAGE_KEY), page.view.setFocus()))
    separators = [a for a in view.actions() if a.isSeparator()]
    view.insertAction(separators[0], action) if separators else view.addAction(action)
    return page
