"""One fake PageContext for every page test: what ui.context.PageContext promises, and no main window."""

from __future__ import annotations

from typing import Any

from govcat_desktop.formspec import default_forms
from govcat_desktop.services.commands import UndoStack
from govcat_desktop.services.interaction import Interaction
from govcat_desktop.services.session import Session
from govcat_desktop.validation import Validator


class FakeNotifier:
    def __init__(self) -> None:
        self.said: list[tuple[str, str]] = []

    def info(self, message: str) -> None:
        self.said.append(("info", message))

    def warning(self, message: str) -> None:
        self.said.append(("warning", message))


class FakeContext:
    """Commands go through a real history (services.commands.UndoStack); findings come from the validator."""

    def __init__(self, session: Session, interaction: Interaction) -> None:
        self.session = session
        self.forms = default_forms()
        self.validator = Validator(self.forms)
        self.findings: list = []
        self.notifier = FakeNotifier()
        self.interaction = interaction
        self.menus: dict = {}
        self.history = UndoStack(session)
        self.done: list = []
        self.settings: dict[str, Any] = {}
        self.shown: list[str] = []

    def dialog_parent(self):
        return None

    def push(self, command) -> bool:
        self.history.push(command)
        self.done.append(command)
        self.findings = self.session.findings()
        return True

    def settings_get(self, key: str) -> Any:
        return self.settings.get(key)

    def settings_set(self, key: str, value: Any) -> None:
        self.settings[key] = value

    def show_page(self, key: str):
        self.shown.append(key)

    def refresh(self) -> None:
        pass

    def findings_for(self, ref, items=False):
        return [x for x in self.findings if x.ref == ref or (items and x.ref[:2] == ("item", ref[1]))]

    def run_in_background(self, fn, label, cancellable=True):
        return fn(None)

    def jump_to(self, finding) -> bool:
        return False

    def task_statuses(self) -> list:
        return []

    def open_matter_wizard(self, matter_id) -> None:
        pass

    def add_page(self, key, title, widget, *, roles=None) -> None:
        pass

    def route(self, ref_kind, page_key) -> None:
        pass

    def scope_action(self, action, roles) -> None:
        pass
