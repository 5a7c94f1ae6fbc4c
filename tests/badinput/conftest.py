"""Fixtures of the bad-input suites: good files of every import path and the corpora derived from them."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from govcat_desktop.services.session import Session
from govcat_desktop.services.transfer import export_task
from tests import factories as f
from tests.badinput.corpus import DATA, govcat_corpus, workbook_corpus
from tests.badinput.hostile_govcat import hostile_govcat_corpus
from tests.badinput.hostile_sheets import hostile_sheet_corpus

# import path → (kind argument of preview_import, how the good file is made)
IMPORT_PATHS = {"copy": None, "matters": "matters", "incoming_demands": "review", "merge": None}


def file_dump(path: Path) -> list[str]:
    """Every row of a project file as SQL text (the strictest 'unchanged' check)."""
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        return list(conn.iterdump())
    finally:
        conn.close()


@pytest.fixture(scope="session")
def good_files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    base = tmp_path_factory.mktemp("good")
    project = f.valid_project()
    project.demands.append(f.demand(provider="阳泉市公安局", provider_level="市级部门", catalog_name="户籍信息"))
    src = f.write_project(base / "来源单位.govcat", project)
    session = Session.open(src)
    try:
        files = export_task(session, "all", base / "out")
    finally:
        session.close()
    catalog = next(p for p in files if "政务数据资源目录_可编辑" in p.name)
    demand = next(p for p in files if "共享数据需求_可编辑" in p.name)
    matters = base / "事项清单.xlsx"
    shutil.copyfile(DATA / "matters_sample.xlsx", matters)
    return {"copy": catalog, "matters": matters, "incoming_demands": demand, "merge": catalog, "govcat": src}


@pytest.fixture(scope="session")
def corpora(good_files: dict[str, Path], tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, Path]]:
    base = tmp_path_factory.mktemp("bad")
    out = {path: workbook_corpus(base / path, good_files[path]) for path in IMPORT_PATHS}
    for path in IMPORT_PATHS:
        out[path].update(hostile_sheet_corpus(base / path / "hostile"))
    out["govcat"] = govcat_corpus(base / "govcat", good_files["govcat"], good_files["copy"])
    out["govcat"].update(hostile_govcat_corpus(base / "govcat", good_files["govcat"]))
    return out
