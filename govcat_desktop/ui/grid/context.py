"""What the 目录总表 page gets from its host: an explicit context, not the main window."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from govcat_desktop.formspec import FormSet
from govcat_desktop.services.commands import Command
from govcat_desktop.services.session import Session
from govcat_desktop.validation import Validator


@dataclass
class GridContext:
    """session(): the open project or None; push(command) → bool does, saves and stacks it (undoable);
    findings(): the latest findings; notify(msg)/warn(msg)/confirm(title, msg) → bool: the interaction seam;
    settings_get/settings_set: remembered choices (visible columns)."""

    forms: FormSet
    validator: Validator
    session: Callable[[], Session | None]
    push: Callable[[Command], bool]
    findings: Callable[[], list]
    undo_stack: Any
    notify: Callable[[str], None]
    warn: Callable[[str], None]
    confirm: Callable[[str, str], bool]
    settings_get: Callable[[str], Any] = lambda _key: None
    settings_set: Callable[[str, Any], None] = lambda _key, _value: None

    @property
    def readonly(self) -> bool:
        session = self.session()
        return session is None or session.readonly
