"""Exchange use cases, by responsibility: export (services.export), reading a copy (services.copy_reading) and
planning an import (services.import_plan). This module names them for the callers that import them from here."""

from __future__ import annotations

from govcat_desktop.exchange.copies import ParsedCopy
from govcat_desktop.exchange.errors import ImportRefused
from govcat_desktop.services.copy_reading import inspect_matter_list, matter_list_table, read_book_copy, read_copy
from govcat_desktop.services.export import (
    TASKS, Cancelled, TransferError, export_filename, export_task, exports_catalog,
)
from govcat_desktop.services.import_plan import AUTO_SCOPE, AddMatters, Change, ImportPreview, preview_import

__all__ = [
    "TASKS", "ImportRefused", "ImportPreview", "Change", "ParsedCopy", "TransferError", "Cancelled",
    "export_task", "read_copy", "preview_import", "inspect_matter_list", "matter_list_table", "export_filename",
    "read_book_copy", "AUTO_SCOPE", "AddMatters", "exports_catalog",
]
