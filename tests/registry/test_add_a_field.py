"""Adding a catalog field is an edit of forms/ plus a declared migration, no Python: on a copy of forms/ a field
(数据责任处室, key data_owner) is declared with its migration, and a fresh process that reads that copy
(GOVCAT_FORMS_DIR) sees it in the form, the grid, the editable copy (written and read back to the same value), dump,
the bureau's copy of the unit's entries and the registration sheet; the unit's file, written before the field
existed, gets the migration's default when it opens for editing."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

from govcat_desktop.paths import forms_dir
from tests import factories as F

ROOT = Path(__file__).resolve().parents[2]

FIELD = '''

[[field]]
key = "data_owner"
label = "数据责任处室"
page = "naming"
widget = "text"
extra = true
help = "负责这项数据的处室（科室），如“数据管理科”。"
'''

MIGRATION = '''[[migration]]
id = "2027-01-data-owner"
form = "catalog"
add = "data_owner"
default = "待定"
'''

SCRIPT = textwrap.dedent('''
    import json, sys
    from pathlib import Path
    from PySide6.QtWidgets import QApplication
    from python_calamine import CalamineWorkbook

    from govcat_desktop.formspec import default_forms
    from govcat_desktop.services import transfer
    from govcat_desktop.services.bureau.intake import merge
    from govcat_desktop.services.dump import dump_json, units_dump
    from govcat_desktop.services.entry_cells import BY_KEY, cell_text
    from govcat_desktop.services.registration import write_registration
    from govcat_desktop.services.session import Session
    from govcat_desktop.storage import ProjectFile
    from govcat_desktop.storage.bureau_store import BureauStore
    from govcat_desktop.ui.form_view import FormView
    from govcat_desktop.ui.grid.model import COLUMNS

    unit, bureau, out = (Path(a) for a in sys.argv[1:4])
    seen = {}
    forms = default_forms()
    app = QApplication([])
    session = Session.open(unit)
    matter = session.project.matters[0]
    first, second = matter.entries
    seen["migrated"] = [first.data_owner, second.data_owner]
    # the form: the field's editor, typed into, gives the record its value; stored and loaded back
    view = FormView(forms["catalog"], forms, page="naming")
    view.set_record(first)
    seen["form_editor"] = view.rows["data_owner"].editor.objectName()
    view.rows["data_owner"].editor.set_value("民政局数据科")
    edited = view.record()
    with session.store.transaction():
        session.store.update_entry(edited, items=False)
    session.close()
    session = Session.open(unit)
    matter = session.project.matters[0]
    first = matter.entries[0]
    seen["stored"] = first.data_owner
    # the grid
    column = BY_KEY["data_owner"]
    seen["grid"] = [column.header, "data_owner" in [c.key for c in COLUMNS], cell_text(matter, first, column, forms)]
    # dump
    seen["dump"] = [e.get("data_owner", "absent") for m in json.loads(dump_json(session.project))["matters"]
                    for e in m["entries"] if "extra" not in e]
    # the editable copy: written and read back
    paths = transfer.export_task(session, "catalog", out, pdf=False)
    copy = next(p for p in paths if "可编辑版" in p.name)
    sheet = CalamineWorkbook.from_path(str(copy)).get_sheet_by_name("数据资源目录").to_python()
    seen["copy_header"] = "数据责任处室" in sheet[0]
    parsed = transfer.read_copy(copy)
    seen["copy_read"] = [e.data_owner for m in parsed.matters for e in m.entries]
    # the registration sheet
    reg = write_registration(session, out / "reg")
    rows = CalamineWorkbook.from_path(str(reg)).get_sheet_by_name("目录注册表").to_python()
    at = rows[0].index("数据责任处室")
    seen["registration"] = sorted({r[at] for r in rows[1:]})
    session.close()
    # the bureau's copy of the unit's entries: from the editable copy, and from the .govcat file
    for source in (copy, unit):
        store = ProjectFile.open(bureau)
        outcome = merge(store, [source], workers=0)
        assert not outcome.skipped, outcome.skipped
        seen.setdefault("bureau", []).append(
            [sorted(e.data_owner for *_, e in BureauStore(store).current_entries()),
             json.dumps(units_dump(store), ensure_ascii=False).count('"data_owner": "民政局数据科"')])
        store.close()
    print(json.dumps(seen, ensure_ascii=False))
''')


def test_a_field_added_in_forms_reaches_every_surface(tmp_path: Path) -> None:
    forms = tmp_path / "forms"
    shutil.copytree(forms_dir(), forms)
    unit = tmp_path / "unit.govcat"
    project = F.valid_project("市直部门")
    project.matters[0].entries.append(F.entry("离婚证"))
    F.write_project(unit, project)  # with the bundled forms: no such field yet
    bureau = tmp_path / "city.govcat"
    F.write_project(bureau, F.Project(info=F.info("市大数据局", "阳泉市", "阳泉市大数据局")))
    with (forms / "catalog.toml").open("a", encoding="utf-8") as fh:
        fh.write(FIELD)
    (forms / "migrations.toml").write_text(MIGRATION, encoding="utf-8")
    national = (forms / "national.toml").read_text(encoding="utf-8")
    anchor = "columns = [\n"
    assert national.count(anchor) == 1
    national = national.replace(anchor, anchor + '  { header = "数据责任处室", source = "entry.data_owner" },\n')
    (forms / "national.toml").write_text(national, encoding="utf-8")
    env = dict(os.environ, GOVCAT_FORMS_DIR=str(forms), QT_QPA_PLATFORM="offscreen",
               PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    proc = subprocess.run([sys.executable, "-c", SCRIPT, str(unit), str(bureau), str(tmp_path / "out")], env=env,
                          capture_output=True, text=True, encoding="utf-8", timeout=300)
    assert proc.returncode == 0, proc.stderr[-3000:]
    seen = json.loads(proc.stdout.strip().splitlines()[-1])
    assert seen["migrated"] == ["待定", "待定"]  # the declared migration's default, on opening for editing
    assert seen["form_editor"] == "data_owner"
    assert seen["stored"] == "民政局数据科"
    assert seen["grid"] == ["数据责任处室", True, "民政局数据科"]
    assert sorted(seen["dump"]) == ["待定", "民政局数据科"]  # like any other field of the entry
    assert seen["copy_header"] is True
    assert seen["copy_read"] == ["民政局数据科", "待定"]
    assert seen["registration"] == ["待定", "民政局数据科"]
    assert seen["bureau"] == [[["待定", "民政局数据科"], 1]] * 2  # merged from the copy, then from the file


def test_a_declared_field_without_its_migration_is_refused(tmp_path: Path) -> None:
    import pytest

    from govcat_desktop.formspec import FormSpecError, load_forms

    forms = tmp_path / "forms"
    shutil.copytree(forms_dir(), forms)
    with (forms / "catalog.toml").open("a", encoding="utf-8") as fh:
        fh.write(FIELD)
    with pytest.raises(FormSpecError, match="migrations.toml"):
        load_forms(forms)
