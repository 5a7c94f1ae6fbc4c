"""Built-in libraries shipped in resources/: common certificates and their info items."""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass

from govcat_desktop.domain.models import InfoItem
from govcat_desktop.paths import resources_dir


@dataclass(frozen=True)
class Certificate:
    name: str
    issuer: str
    items: tuple[InfoItem, ...]
    note: str = ""
    basis: str = "inferred"  # sourced (from `source`) | compiled (shared reference data) | inferred (not checked)
    source: str = ""


@functools.cache
def certificates() -> tuple[Certificate, ...]:
    raw = json.loads((resources_dir() / "library" / "certificates.json").read_text(encoding="utf-8"))
    return tuple(
        Certificate(c["name"], c.get("issuer", ""), tuple(InfoItem(**i) for i in c["items"]), c.get("note", ""),
                    c.get("basis", "inferred"), c.get("source", ""))
        for c in raw["certificates"]
    )


def find_certificate(name: str) -> Certificate | None:
    """The certificate whose name is, or is contained in, `name` (结婚证 → 结婚证)."""
    name = name.strip()
    if not name:
        return None
    for cert in certificates():
        if cert.name == name:
            return cert
    for cert in certificates():
        if cert.name in name or name in cert.name:
            return cert
    return None
