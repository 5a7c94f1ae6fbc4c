"""Export then import into a new project gives the same records — also after LibreOffice re-saves each copy."""

from __future__ import annotations

import datetime as dt
import subprocess
from pathlib import Path

import pytest

from govcat_desktop.services.commands import UndoStack
from govcat_desktop.services.dump import dump_json
from govcat_desktop.services.session import Session
from govcat_desktop.services.transfer import export_task, preview_import

TASKS = ("contacts", "mechanism", "catalog", "demand", "review")


def _export_copies(session, out: Path) -> list[Path]:
    paths = []
    for task in TASKS:
        paths += [p for p in export_task(session, task, out, today=dt.date(2026, 9, 20)) if "可编辑版" in p.name]
    return paths


def _import_all(target: Session, copies: list[Path]):
    preview = preview_import(target, copies)
    UndoStack(target).push(preview.command)
    return preview


def _reopened_dump(session: Session) -> str:
    path = session.path
    session.close()
    reopened = Session.open(path, readonly=True)
    try:
        return dump_json(reopened.project)
    finally:
        reopened.close()


def test_round_trip_gives_identical_dump(session, empty_session, tmp_path):
    expected = dump_json(session.project)
    copies = _export_copies(session, tmp_path / "out")
    preview = _import_all(empty_session, copies)
    assert not preview.edited
    assert not preview.unchanged
    assert [c.label for c in preview.changed] == ["工作联系表", "体制机制情况"]  # the empty forms are filled in
    assert _reopened_dump(empty_session) == expected


def test_reimport_of_same_copies_changes_nothing(session, tmp_path):
    copies = _export_copies(session, tmp_path / "out")
    preview = preview_import(session, copies)
    assert preview.command is None
    assert not preview.added and not preview.changed
    assert len(preview.unchanged) == 3 + 3 + 2 + 2 + 2  # matters, entries, demands, reviews, contacts + mechanism
    assert all(c.fingerprint == c.stored_fingerprint for c in preview.copies)
    assert preview.problems == []  # 其他 + written-out text in an unedited copy of ours is no doubt
    assert any("文化旅游" in str(r) for r in preview.repairs)


@pytest.mark.libreoffice
def test_round_trip_after_libreoffice_resave(session, empty_session, tmp_path, soffice):
    expected = dump_json(session.project)
    copies = _export_copies(session, tmp_path / "out")
    resaved_dir = tmp_path / "resaved"
    profile = (tmp_path / "lo-profile").as_uri()
    proc = subprocess.run(
        [soffice, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "xlsx", "--outdir", str(resaved_dir),
         *map(str, copies)],
        capture_output=True, text=True, timeout=240,
    )
    resaved = sorted(resaved_dir.glob("*.xlsx"))
    assert len(resaved) == len(copies), proc.stderr
    for original, again in zip(sorted(copies), resaved):
        assert original.name == again.name
        assert original.read_bytes() != again.read_bytes()  # really written again by LibreOffice
    preview = _import_all(empty_session, resaved)
    assert not preview.edited, [(c.path, c.fingerprint, c.stored_fingerprint) for c in preview.copies]
    assert _reopened_dump(empty_session) == expected
