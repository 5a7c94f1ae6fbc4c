"""Why a file cannot be imported at all (the project stays unchanged)."""

from __future__ import annotations


class ImportRefused(Exception):
    """A file that cannot be read; str() is the Chinese message naming file, sheet and cell or column."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class ExportCancelled(Exception):
    """The clerk cancelled writing a workbook (the caller removes the partial file)."""
