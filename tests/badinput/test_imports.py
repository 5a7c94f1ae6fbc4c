"""Every import path × every kind of bad file: a clear Chinese message, bounded time, the project unchanged."""

from __future__ import annotations

import re
import shutil
import time
from pathlib import Path

import pytest

from govcat_desktop.domain.models import ProjectInfo
from govcat_desktop.services.bureau.intake import merge
from govcat_desktop.services.dump import dump_json
from govcat_desktop.services.session import Session
from govcat_desktop.services.transfer import ImportRefused, preview_import
from govcat_desktop.storage import ProjectFile, ProjectFileError
from tests import factories as f
from tests.badinput.conftest import IMPORT_PATHS, file_dump
from tests.badinput.hostile_govcat import KINDS as HOSTILE_KINDS

HOSTILE_SHEETS = ("xls_cell_at_ffff", "xls_dimension_huge", "ods_repeated_rows_and_cells", "ods_million_rows",
                  "ods_wide_row")

WORKBOOK_KINDS = (
    "empty", "random_bytes", "truncated", "text_renamed", "encrypted", "old_xls", "unrelated_workbook",
    "missing_column", "duplicated_column", "shifted_header", "merged_header", "formulas", "cell_10mb", "header_only",
    "far_corner_cell", "sheet_renamed", "numbers_and_bools", "blank_header_row", "control_chars_escaped",
    "control_chars_raw", "zip_bomb", "xml_entities", "xml_external_entity", "no_workbook_part",
    "bad_shared_string_index", "number_cell_with_text", "malformed_sheet_xml", "macro_enabled", "plain_zip",
    "unrelated_ods", "csv_utf16", "csv_big5", "csv_nul_bytes", "csv_ragged_quotes", "csv_empty", "sqlite_renamed",
    "directory", "missing_path", "odd_long_name", "far_row_cells_without_ref", "cells_without_ref", *HOSTILE_SHEETS,
)
# Kinds no import path may accept: nothing in them is a readable table of ours.
MUST_REFUSE = {
    "empty", "random_bytes", "truncated", "text_renamed", "encrypted", "unrelated_workbook", "far_corner_cell",
    "far_row_cells_without_ref", "zip_bomb", "xml_entities", "xml_external_entity", "no_workbook_part", "malformed_sheet_xml", "plain_zip",
    "unrelated_ods", "csv_nul_bytes", "csv_empty", "sqlite_renamed", "directory", "missing_path", "odd_long_name",
    *HOSTILE_SHEETS,
}
GOVCAT_KINDS = (
    "empty", "random_bytes", "truncated", "text_renamed", "workbook_renamed", "bad_magic", "damaged_pages",
    "other_app_sqlite", "newer_version", "wrong_application_id", "missing_table", "missing_column",
    "bad_json_singleton", "wrong_json_shape", "bad_json_list", "wrong_types", "huge_text", "nul_in_text",
    "old_version_garbage", "wal_mode", "garbage_journal", "encrypted_workbook_renamed", "directory", "missing_path",
    "dangling_symlink", *HOSTILE_KINDS,
)
GOVCAT_MUST_REFUSE = set(GOVCAT_KINDS) - {"nul_in_text", "wal_mode", "garbage_journal"}
OWNER_MAY_OPEN = {"foreign_hot_journal", "field_past_limit", "huge_text"}
TIME_LIMIT_S = 20.0
MESSAGE_LIMIT = 1000
CJK = re.compile(r"[\u4e00-\u9fff]")


def _clear(message: str, bad: Path) -> None:
    """A message a clerk can act on: Chinese, names the file, short, no traceback."""
    assert CJK.search(message), message
    assert bad.name in message or bad.stem[:20] in message, message
    assert len(message) <= MESSAGE_LIMIT, f"{len(message)} characters"
    assert "Traceback" not in message


@pytest.fixture
def unit_session(tmp_path: Path):
    project = f.valid_project()
    project.info.org_name = "阳泉市公安局"  # some rows of the incoming demand list are addressed to us
    session = Session.open(f.write_project(tmp_path / "本单位.govcat", project))
    yield session
    session.close()


@pytest.mark.parametrize("kind", WORKBOOK_KINDS)
@pytest.mark.parametrize("path_kind", ["copy", "matters", "incoming_demands"])
def test_import_of_bad_file(path_kind: str, kind: str, corpora, unit_session: Session) -> None:
    if kind not in corpora[path_kind]:
        pytest.skip(f"{kind} is not built for this path")
    bad = corpora[path_kind][kind]
    before, before_file = dump_json(unit_session.project), file_dump(unit_session.path)
    t0 = time.perf_counter()
    try:
        preview = preview_import(unit_session, [bad], kind=IMPORT_PATHS[path_kind])
    except ImportRefused as exc:
        _clear(str(exc), bad)
    else:
        assert kind not in MUST_REFUSE, f"{kind} was accepted: {preview.added[:3]}"
        for note in [*preview.problems, *preview.repairs]:
            _clear(str(note), bad)
    assert time.perf_counter() - t0 < TIME_LIMIT_S
    assert dump_json(unit_session.project) == before  # a preview, accepted or refused, changes nothing
    assert file_dump(unit_session.path) == before_file


@pytest.fixture
def bureau_store(tmp_path: Path):
    info = ProjectInfo(role="市大数据局", org_name="阳泉市大数据局", org_code=f.BUREAU_USCC, region="阳泉市")
    ProjectFile.create(tmp_path / "大数据局.govcat", info).close()
    store = ProjectFile.open(tmp_path / "大数据局.govcat")
    yield store
    store.close()


@pytest.mark.parametrize("kind", WORKBOOK_KINDS + tuple(f"govcat:{k}" for k in GOVCAT_KINDS))
def test_merge_of_bad_file(kind: str, corpora, bureau_store: ProjectFile) -> None:
    family, _, name = kind.rpartition(":")
    bad = corpora["govcat" if family else "merge"][name]
    must_refuse = name in (GOVCAT_MUST_REFUSE if family else MUST_REFUSE)
    before = file_dump(bureau_store.path)
    t0 = time.perf_counter()
    outcome = merge(bureau_store, [bad])
    assert time.perf_counter() - t0 < TIME_LIMIT_S
    if must_refuse:
        assert not outcome.taken and len(outcome.skipped) == 1
    for _, reason in outcome.skipped:
        assert CJK.search(reason) and len(reason) <= MESSAGE_LIMIT, reason
        main = re.sub(r"（[^）]*）", "", reason)  # a technical detail in brackets may stay as the library wrote it
        assert not re.search(r"[A-Za-z]{4,} [A-Za-z]{3,} [A-Za-z]{3,}", main), f"English in the reason: {reason}"
    if outcome.skipped:
        assert file_dump(bureau_store.path) == before  # a skipped file leaves the bureau project as it was


@pytest.mark.parametrize("readonly", [False, True], ids=["edit", "readonly"])
@pytest.mark.parametrize("kind", GOVCAT_KINDS)
def test_open_bad_project_file(kind: str, readonly: bool, corpora, tmp_path: Path) -> None:
    bad = corpora["govcat"][kind]
    if not readonly and bad.is_file() and not bad.is_symlink():  # opening for editing may recover a journal: a copy
        shutil.copyfile(bad, tmp_path / bad.name)
        journal = bad.with_name(bad.name + "-journal")
        if journal.exists():
            shutil.copyfile(journal, tmp_path / journal.name)
        bad = tmp_path / bad.name
    before = bad.read_bytes() if bad.is_file() else None
    t0 = time.perf_counter()
    try:
        session = Session.open(bad, readonly=readonly)
    except ProjectFileError as exc:
        _clear(exc.message, bad)
        if before is not None:
            assert bad.read_bytes() == before  # refused and untouched
    else:
        # The owner opening a file for editing lets SQLite roll its journal back, and keeps a draft value however long
        # (size limits guard files from outside, which are only read).
        assert kind not in GOVCAT_MUST_REFUSE or (kind in OWNER_MAY_OPEN and not readonly), f"{kind} opened"
        session.findings()
        session.close()
    assert time.perf_counter() - t0 < TIME_LIMIT_S
    if bad.is_file() and not readonly:  # a refused open leaves no lock behind: the file can be opened again
        try:
            Session.open(bad).close()
        except ProjectFileError as exc:
            assert exc.code != "locked", exc.message


def test_corpus_has_thirty_kinds_per_path(corpora) -> None:
    for path in IMPORT_PATHS:
        assert len(corpora[path]) >= 30, (path, len(corpora[path]))
    assert len(corpora["govcat"]) >= 20
    assert set(corpora["copy"]) == set(WORKBOOK_KINDS)
    assert set(corpora["govcat"]) == set(GOVCAT_KINDS)


def test_cells_without_references_import_like_the_original(corpora, good_files, tmp_path: Path) -> None:
    """A sheet whose cells carry no r attribute (some generators write it so) is sane and imports in full."""
    results = []
    for n, source in enumerate((good_files["copy"], corpora["copy"]["cells_without_ref"])):
        session = Session.create(tmp_path / f"空{n}.govcat", f.info())
        try:
            preview = preview_import(session, [source])
            results.append((sorted(str(a) for a in preview.added), len(preview.problems)))
        finally:
            session.close()
    assert results[0] == results[1] and results[0][0]
