"""The seam through which services talk back to a user (GUI, terminal or test), never Qt directly."""

from __future__ import annotations

import sys
from typing import Protocol

from govcat_desktop.domain.text import visible


class Notifier(Protocol):
    def info(self, message: str) -> None: ...
    def warning(self, message: str) -> None: ...
    def progress(self, done: int, total: int, label: str = "") -> bool:
        """Report progress; return False to ask the work to stop (cancel)."""
        ...


class SilentNotifier:
    """Says nothing and never cancels (tests, scripts)."""

    def __init__(self) -> None:
        self.messages: list[tuple[str, str]] = []

    def info(self, message: str) -> None:
        self.messages.append(("info", message))

    def warning(self, message: str) -> None:
        self.messages.append(("warning", message))

    def progress(self, done: int, total: int, label: str = "") -> bool:
        return True


class TerminalNotifier:
    """Writes messages and a one-line progress bar to stderr (the CLI)."""

    def __init__(self, stream=None, quiet: bool = False) -> None:
        self.stream = stream or sys.stderr
        self.quiet = quiet
        self._last = -1

    def info(self, message: str) -> None:
        if not self.quiet:
            print(visible(message, keep="\n"), file=self.stream)  # ESC, CR, U+202E from a file: shown, never played

    def warning(self, message: str) -> None:
        print("提醒：" + visible(message, keep="\n"), file=self.stream)

    def progress(self, done: int, total: int, label: str = "") -> bool:
        if self.quiet or total <= 0 or not self.stream.isatty():
            return True
        percent = int(done * 100 / total)
        if percent != self._last:
            self._last = percent
            bar = "█" * (percent // 5) + "·" * (20 - percent // 5)
            end = "\n" if done >= total else ""
            print(f"\r{visible(label)} [{bar}] {percent:3d}%", end=end, file=self.stream, flush=True)
        return True
