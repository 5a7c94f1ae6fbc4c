"""The unit's own scope of a province matter list: guessed from the unit name, chosen, remembered."""

from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path

from govcat_desktop.cli import main as cli_main
from govcat_desktop.services import scope
from govcat_desktop.services.session import Session
from govcat_desktop.services.transfer import AUTO_SCOPE, preview_import
from tests import factories

DATA = Path(__file__).resolve().parents[1] / "data" / "zwfw_guangan_matters.csv"


def _departments() -> Counter:
    with open(DATA, encoding="utf-8-sig", newline="") as fh:
        return Counter(row["department"] for row in csv.DictReader(fh))


def test_guess_from_the_unit_name():
    depts = _departments()
    assert len(depts) == 34
    assert scope.guess_departments("阳泉市民政局", depts) == ["区民政局"]
    assert scope.guess_departments("阳泉市公安局", depts) == ["区公安分局"]  # by the stem 公安
    assert scope.guess_departments("盂县林业局", depts) == ["区林业局"]
    assert scope.guess_departments("区司法局", depts) == ["区司法局"]
    assert scope.guess_departments("阳泉市人力资源和社会保障局", depts) == ["区人社局"]  # the list's short form
    assert scope.guess_departments("阳泉市市场监督管理局", depts) == ["区市监局"]
    assert scope.guess_departments("阳泉市大数据应用局", depts) == []


def test_core_names():
    assert scope.core_name("阳泉市民政局") == "民政局"
    assert scope.core_name("区民政局") == "民政局"
    assert scope.core_name("城区行政审批服务管理局") == "行政审批服务管理局"
    assert scope.core_name("山西省阳泉市盂县财政局") == "财政局"


def test_preview_keeps_the_own_matters_and_the_import_remembers_them(tmp_path):
    project = factories.valid_project()
    path = factories.write_project(tmp_path / "p.govcat", project)
    session = Session.open(path)
    try:
        preview = preview_import(session, [DATA], depts=AUTO_SCOPE)
        assert preview.scope == ["区民政局"] and preview.left_out == 1115 and len(preview.added) == 20
        assert "只导入本单位（区民政局）的 20 个" in preview.summary()
        preview.command.do(session)
        assert session.project.info.matter_depts == ["区民政局"]
        again = preview_import(session, [DATA], depts=["区民政局", "区残联"])
        assert len(again.added) == 13 and again.scope == ["区民政局", "区残联"]
        everything = preview_import(session, [DATA])
        assert everything.scope is None and len(everything.added) == 1115
    finally:
        session.close()


def test_cli_own_dept_and_hint(tmp_path, capsys):
    path = factories.write_project(tmp_path / "p.govcat", factories.valid_project())
    assert cli_main(["import", str(path), str(DATA), "--dry-run"]) == 0
    captured = capsys.readouterr()
    assert "请加 --own 或 --dept" in captured.err
    assert cli_main(["import", str(path), str(DATA), "--dept", "区残联"]) == 0
    assert "新增 13 条" in capsys.readouterr().out
    assert cli_main(["import", str(path), str(DATA), "--own"]) == 0  # remembered: 区残联
    assert "只导入本单位（区残联）" in capsys.readouterr().out
    assert cli_main(["import", str(path), str(DATA), "--dept", "没有这个局"]) == 2
    assert "清单中没有实施部门“没有这个局”" in capsys.readouterr().err
