"""The bureau's v3 table of scanned paper pages (page 0 = a page whose code could not be read, BLANK_PAGE = a blank
sheet; kind '' = an unreadable page not placed in any form of its unit)."""

from __future__ import annotations

from dataclasses import dataclass

from govcat_desktop.storage.bureau_store import now
from govcat_desktop.storage.project_file import ProjectFile

BLANK_PAGE = -1


@dataclass(frozen=True)
class PaperPage:
    source: str
    position: int  # page in the scanned file
    received_at: str
    org_code: str
    kind: str
    fingerprint: str
    page: int  # page number printed on the form (0 = code unreadable)
    pages: int
    export_date: str


class PaperStore:
    def __init__(self, store: ProjectFile) -> None:
        self.store = store
        self.conn = store.conn

    def add_pages(self, pages: list[PaperPage]) -> None:
        """Inside the caller's transaction; received_at '' is stamped now."""
        stamp = now()
        self.conn.executemany(
            "INSERT INTO paper_page"
            " (source, position, received_at, org_code, kind, fingerprint, page, pages, export_date)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [(p.source, p.position, p.received_at or stamp, p.org_code, p.kind, p.fingerprint, p.page, p.pages,
              p.export_date) for p in pages],
        )

    def pages(self) -> list[PaperPage]:
        return [PaperPage(*r) for r in self.conn.execute(
            "SELECT source, position, received_at, org_code, kind, fingerprint, page, pages, export_date"
            " FROM paper_page ORDER BY id"
        )]

    def exported_at(self) -> dict[int, tuple[str, str]]:
        """submission id → (fingerprint, exported_at) of every submission, current or not."""
        return {r[0]: (r[1], r[2]) for r in self.conn.execute("SELECT id, fingerprint, exported_at FROM submission")}

    def set_exported_at(self, submission_id: int, exported_at: str) -> None:
        self.conn.execute("UPDATE submission SET exported_at = ? WHERE id = ?", (exported_at, submission_id))

    def print_pages(self) -> dict[int, int]:
        """submission id → the page count of the print PDF exported with that copy (only those that say one)."""
        return {r[0]: r[1] for r in self.conn.execute("SELECT id, print_pages FROM submission WHERE print_pages > 0")}

    def set_print_pages(self, submission_id: int, pages: int) -> None:
        self.conn.execute("UPDATE submission SET print_pages = ? WHERE id = ?", (pages, submission_id))
