"""Why a file cannot be imported at all (the project stays unchanged)."""

from __future__ import annotations


class ImportRefused(Exception):
    """A file that cannot be read; str() is the Chinese message naming file, sheet and cell or column."""

    def __init__(self, message: str, detail: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.detail = detail  # the library's own words (English), for a log or --verbose, never the message


class ExportCancelled(Exception):
    """The clerk cancelled writing a workbook (the caller removes the partial file)."""
