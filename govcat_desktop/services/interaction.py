"""Questions to the user, through one seam (git-cola's cola/interaction.py).

The base class is headless: each question gets its default (the safe) answer and is said on a stream
(stderr by default), so the CLI, `--screenshot` and tests never block. The desktop app installs the Qt
subclass (ui.dialogs.QtInteraction) once at start; it asks with real dialogs. Tests give `answers` (by the
question's title) to script the user: a value, or a function of the question's arguments.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, TextIO


@dataclass
class Interaction:
    stream: TextIO | None = None  # None: sys.stderr at the time of asking (pytest swaps it)
    answers: dict[str, Any] = field(default_factory=dict)  # title → answer (or a function of the question)
    asked: list[tuple[str, str]] = field(default_factory=list)  # (title, text) of every question and message
    told: list[tuple[str, str]] = field(default_factory=list)  # (title, text) of the messages only (inform)

    headless = True

    def _say(self, title: str, text: str, default: Any, *args: Any) -> Any:
        self.asked.append((title, text))
        if title in self.answers:
            answer = self.answers[title]
            return answer(*args) if callable(answer) else answer
        print(f"{title}：{text}".rstrip("："), file=self.stream or sys.stderr)
        return default

    def confirm(self, title: str, text: str, *, yes: str = "确定", no: str = "取消", parent: Any = None) -> bool:
        """A yes/no question; headless answer: no."""
        return bool(self._say(title, text, False, text))

    def choose(self, title: str, text: str, options: list[str], *, parent: Any = None) -> int:
        """Index of the chosen option, -1 when cancelled; headless answer: cancelled."""
        return int(self._say(title, text, -1, text, options))

    def note(self, title: str, prompt: str, *, parent: Any = None) -> str | None:
        """A required text (e.g. why an entry is returned); None when cancelled (the headless answer)."""
        answer = self._say(title, prompt, None, prompt)
        return None if answer is None else str(answer)

    def text(self, title: str, prompt: str, *, parent: Any = None) -> str | None:
        """A free text of several lines (may be empty); None when cancelled (the headless answer)."""
        answer = self._say(title, prompt, None, prompt)
        return None if answer is None else str(answer)

    def line(self, title: str, prompt: str, suggestions: Sequence[str] = (), current: str = "", *,
             parent: Any = None) -> str | None:
        """One line (a name): Enter accepts, earlier names are offered; None when cancelled (the headless answer)."""
        answer = self._say(title, prompt, None, prompt)
        return None if answer is None else str(answer)

    def inform(self, title: str, text: str, *, warning: bool = False, parent: Any = None) -> None:
        """A message the user must read."""
        self.told.append((title, text))
        self._say(title, text, None, text)

    def open_file(self, title: str, folder: str = "", filter: str = "", *, parent: Any = None) -> str:
        """One file to read; "" when cancelled (the headless answer)."""
        return str(self._say(title, folder, "", folder) or "")

    def open_files(self, title: str, folder: str = "", filter: str = "", *, parent: Any = None) -> list[str]:
        """Files to read; [] when cancelled (the headless answer)."""
        return [str(p) for p in self._say(title, folder, [], folder) or []]

    def save_file(self, title: str, suggested: str = "", filter: str = "", *, parent: Any = None) -> str:
        """A file to write; "" when cancelled (the headless answer)."""
        return str(self._say(title, suggested, "", suggested) or "")

    def folder(self, title: str, start: str = "", *, parent: Any = None) -> str:
        """A folder; "" when cancelled (the headless answer)."""
        return str(self._say(title, start, "", start) or "")

    def form(self, title: str, dialog: Callable[..., Any] | Any, *args: Any, text: str = "", default: Any = None,
             parent: Any = None) -> Any:
        """A question with a dialog of its own (an import preview, the drafts to confirm): the GUI shows
        `dialog.run(parent, *args)`; headless, answers[title] (called with *args) or `default`."""
        return self._say(title, text, default, *args)
