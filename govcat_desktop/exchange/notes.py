"""Notes about what an import repaired or found doubtful, each naming file, sheet and cell."""

from __future__ import annotations

import re
from dataclasses import dataclass

from govcat_desktop.exchange.extent import column_name

REPAIR, WARNING = "repair", "warning"
_LONG_QUOTE = re.compile(r"“([^”]{60})[^”]{20,}”")  # a quoted cell value of 80+ characters (a 10 MB cell …)


def shorten_quotes(message: str) -> str:
    """Quoted values in a message cut to 60 characters, so a huge cell cannot flood the preview."""
    return _LONG_QUOTE.sub(lambda m: f"“{m[1]}…”", message) if len(message) > 80 else message


@dataclass(frozen=True, slots=True)
class Note:
    """One repair (normalised on the way in) or one problem (worth a look); `cell` like 'O5' or '第5行'."""

    file: str
    sheet: str
    cell: str
    message: str
    level: str = REPAIR

    def __post_init__(self) -> None:
        object.__setattr__(self, "message", shorten_quotes(self.message))

    def __str__(self) -> str:
        where = f"“{self.file}”"
        if self.sheet:
            where += f"工作表“{self.sheet}”"
        if self.cell:
            where += f" {self.cell}"
        return f"{where}：{self.message}"


def cell_ref(col: int, row: int) -> str:
    """Excel reference of a 0-based column and 1-based row: (2, 5) → 'C5'."""
    return f"{column_name(col + 1)}{row}"


class NoteBook:
    """Collects the repairs and problems of one file."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.repairs: list[Note] = []
        self.problems: list[Note] = []

    def repair(self, sheet: str, cell: str, message: str) -> None:
        self.repairs.append(Note(self.file, sheet, cell, message, REPAIR))

    def problem(self, sheet: str, cell: str, message: str) -> None:
        self.problems.append(Note(self.file, sheet, cell, message, WARNING))

    def note(self, sheet: str, cell: str, message: str, warn: bool = False) -> None:
        """A repair, or a problem when `warn` or when the message asks the clerk to check (请核对)."""
        if warn or "请核对" in message:
            self.problem(sheet, cell, message)
        else:
            self.repair(sheet, cell, message)
