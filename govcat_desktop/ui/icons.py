"""Status icons from resources/icons (SVG), cached."""

from __future__ import annotations

import functools

from PySide6.QtGui import QIcon

from govcat_desktop.paths import resources_dir

STATUS_ICON = {"草稿": "draft", "待审核": "pending", "已审核": "approved", "退回": "returned"}


@functools.cache
def icon(name: str) -> QIcon:
    path = resources_dir() / "icons" / f"{name}.svg"
    return QIcon(str(path)) if path.exists() else QIcon()


def status_icon(status: str, has_errors: bool = False) -> QIcon:
    if has_errors:
        return icon("error")
    return icon(STATUS_ICON.get(status, "draft"))
