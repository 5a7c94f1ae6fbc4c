"""What the bureau's page and commands read of the units' submissions: the cli and ui reach storage only here.

Reads only; every change goes through a command on the session's history (services.bureau.commands).
"""

from __future__ import annotations

from typing import Any

from govcat_desktop.services.session import Session
from govcat_desktop.storage.bureau_store import BureauStore
from govcat_desktop.storage.held_store import HeldStore


def units(session: Session) -> list[Any]:
    return BureauStore(session.store).units()


def submissions(session: Session) -> list[Any]:
    return BureauStore(session.store).submissions()


def find_current_entries(session: Session, unit_name: str, entry: str) -> list[tuple]:
    """(entry id, matter code, …) of the unit's current entries named `entry`."""
    return BureauStore(session.store).find_current_entries(unit_name, entry)


def review_rows(session: Session, unit_id: int | None) -> list[Any]:
    return BureauStore(session.store).review_rows(unit_id)


def item_names(session: Session, entry_id: int) -> list[str]:
    return BureauStore(session.store).item_names(entry_id)


def held(session: Session) -> list[Any]:
    """The files held at intake (taken as the same unit, or refused), for the clerk to decide."""
    return HeldStore(session.store).all()


def comments(session: Session, origin: str = "bureau") -> list[Any]:
    """The review comments written here (origin "bureau") or received (origin "received")."""
    return BureauStore(session.store).comments(origin=origin)


def current_entry(session: Session, entry_id: int) -> Any:
    """A received entry as a CatalogEntry with its items (None when it was replaced by a newer submission)."""
    return next((e for _u, eid, _c, _n, e in BureauStore(session.store).current_entries() if eid == entry_id), None)
