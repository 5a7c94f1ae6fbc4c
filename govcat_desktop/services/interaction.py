"""Questions to the user, through one seam (git-cola's cola/interaction.py).

The base class is headless: each question gets its default (the safe) answer and is said on a stream
(stderr by default), so the CLI, `--screenshot` and tests never block. The GUI passes a Qt subclass
(ui.dialogs.QtInteraction) that asks with real dialogs. Tests give `answers` to script the user.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from typing import Any, TextIO


@dataclass
class Interaction:
    stream: TextIO | None = None  # None: sys.stderr at the time of asking (pytest swaps it)
    answers: dict[str, Any] = field(default_factory=dict)  # title → answer, for scripted users
    asked: list[tuple[str, str]] = field(default_factory=list)  # (title, text) of every question

    headless = True

    def _say(self, title: str, text: str, default: Any) -> Any:
        self.asked.append((title, text))
        if title in self.answers:
            return self.answers[title]
        print(f"{title}：{text}".rstrip("："), file=self.stream or sys.stderr)
        return default

    def confirm(self, title: str, text: str, *, yes: str = "确定", no: str = "取消", parent: Any = None) -> bool:
        """A yes/no question; headless answer: no."""
        return bool(self._say(title, text, False))

    def choose(self, title: str, text: str, options: list[str], *, parent: Any = None) -> int:
        """Index of the chosen option, -1 when cancelled; headless answer: cancelled."""
        return int(self._say(title, text, -1))

    def note(self, title: str, prompt: str, *, parent: Any = None) -> str | None:
        """A required text (e.g. why an entry is returned); None when cancelled (the headless answer)."""
        answer = self._say(title, prompt, None)
        return None if answer is None else str(answer)

    def inform(self, title: str, text: str, *, warning: bool = False, parent: Any = None) -> None:
        """A message the user must read."""
        self._say(title, text, None)
