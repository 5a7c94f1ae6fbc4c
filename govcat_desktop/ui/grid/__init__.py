"""目录总表: the whole catalog as a grid (ui.grid.page), a page like the others: it gets the window's AppContext."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from govcat_desktop.ui.context import AppContext
    from govcat_desktop.ui.grid.page import GridPage

PAGE_KEY = "grid"
PAGE_TITLE = "目录总表"
SHORTCUT = "Ctrl+7"


def install(context: AppContext) -> GridPage:
    """Add the page after the catalog page, with a View-menu entry and its shortcut."""
    from govcat_desktop.ui.grid.page import GridPage

    page = GridPage(context)
    from govcat_desktop.ui.changes_view import GridChanges

    page.changes = GridChanges(context, page)  # the 与上次报送相比 filter (issue 22), kept out of page.py
    context.window.add_page(PAGE_KEY, PAGE_TITLE, page)
    context.window.add_action("view", PAGE_TITLE, lambda: (context.window.show_page(PAGE_KEY), page.view.setFocus()),
                              name="action_grid", shortcut=SHORTCUT)
    return page
