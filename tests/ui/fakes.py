"""One fake window for every page test: a real ui.context.AppContext over a real workspace, and no main window."""

from __future__ import annotations

from govcat_desktop.formspec import default_forms
from govcat_desktop.services.interaction import Interaction
from govcat_desktop.services.session import Session
from govcat_desktop.services.workspace import Workspace
from govcat_desktop.ui.context import AppContext


class FakeNotifier:
    def __init__(self) -> None:
        self.said: list[tuple[str, str]] = []

    def info(self, message: str) -> None:
        self.said.append(("info", message))

    def warning(self, message: str) -> None:
        self.said.append(("warning", message))

    def progress(self, done: int, total: int, label: str = "") -> bool:
        return True


class FakeWindow:
    """WindowServices without a window: pages shown and actions registered are recorded."""

    def __init__(self) -> None:
        self.shown: list[str] = []
        self.pages: dict = {}
        self.actions: list[tuple[str, str]] = []
        self.routes: dict[str, str] = {}
        self.refreshed = 0  # refresh() calls
        self.applied: list = []  # the Changes given to apply()

    def dialog_parent(self):
        return None

    def show_page(self, key: str):
        self.shown.append(key)
        return self.pages.get(key)

    def current_page_key(self) -> str:
        return self.shown[-1] if self.shown else ""

    def refresh(self) -> None:
        self.refreshed += 1

    def apply(self, changes) -> None:
        self.applied.append(changes)

    def run_in_background(self, fn, label, cancellable=True):
        return fn(None)

    def jump_to(self, finding) -> bool:
        return False

    def add_page(self, key, title, widget, *, roles=None) -> None:
        self.pages[key] = widget

    def add_action(self, menu, text, slot, *, name="", shortcut=None, roles=None, needs_project=False):
        self.actions.append((menu, text))

    def route(self, ref_kind, page_key) -> None:
        self.routes[ref_kind] = page_key


def FakeContext(session: Session, interaction: Interaction) -> AppContext:  # noqa: N802 - reads like the class it was
    """The context a page gets, over `session` (commands go through the workspace's real history and rules)."""
    workspace = Workspace(default_forms())
    workspace.set_session(session)
    workspace.set_findings(session.findings())
    return AppContext(workspace, FakeNotifier(), interaction, FakeWindow())


class Told:
    """The texts of the messages a window showed (its headless Interaction's), as they come."""

    def __init__(self, window) -> None:
        self.interaction = window.interaction

    def __getitem__(self, n: int) -> str:
        return [text for _title, text in self.interaction.told][n]

    def __len__(self) -> int:
        return len(self.interaction.told)
