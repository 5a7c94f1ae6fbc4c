"""`govcat assign`, `govcat package export|merge`, `govcat info` per 承办科室, and a package refusing the export."""

from __future__ import annotations

import json
from pathlib import Path

from govcat_desktop.cli import main
from govcat_desktop.services.session import Session
from tests.packages.helpers import edit, unit


def test_assign_export_conflict_decide_merge(tmp_path: Path, capsys) -> None:
    home = unit(tmp_path / "审批局.govcat")
    assert main(["assign", str(home), "--matter", "A1", "--matter", "A2", "--to", "登记科"]) == 0
    assert main(["assign", str(home), "--name", "*许可", "--to", "规划科"]) == 0
    assert main(["assign", str(home), "--matter", "ZZ", "--to", "登记科"]) == 2
    assert main(["info", str(home)]) == 0
    out = capsys.readouterr().out
    assert "登记科：事项 2 个" in out and "规划科：事项 1 个" in out and "（未分配）：事项 1 个" in out
    pkg = tmp_path / "登记科.govcat"
    assert main(["package", "export", str(home), "--to", "登记科", "-o", str(pkg)]) == 0
    assert main(["export", str(pkg), "--task", "catalog", "--out", str(tmp_path / "out")]) == 2
    assert "不能直接报送市大数据局" in capsys.readouterr().err
    for argv in (["export", str(pkg), "--task", "registration", "--out", str(tmp_path / "out")],
                 ["registration", str(pkg), "--out", str(tmp_path / "out")]):
        assert main(argv) == 2  # nor the 注册表: it would also mark the codes as having left the project
        assert "不能直接报送市大数据局" in capsys.readouterr().err
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())
    s = Session.open(home)
    edit(s, "营业执照", summary="本单位的摘要")
    s.close()
    s = Session.open(pkg)
    edit(s, "营业执照", summary="登记科的摘要")
    s.close()
    assert main(["package", "merge", str(home), str(pkg)]) == 2  # undecided: nothing written
    decisions = tmp_path / "决定.json"
    assert main(["package", "merge", str(home), str(pkg), "--write-decisions", str(decisions)]) == 0
    data = json.loads(decisions.read_text(encoding="utf-8"))
    assert [(c["本单位"], c["科室"]) for c in data["冲突"]] == [("本单位的摘要", "登记科的摘要")]
    data["冲突"][0]["采用"] = "科室"
    decisions.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    assert main(["package", "merge", str(home), str(pkg), "--decisions", str(decisions)]) == 0
    s = Session.open(home)
    assert next(e for _m, e in s.entries.values() if e.name == "营业执照").summary == "登记科的摘要"
    s.close()
    capsys.readouterr()
    assert main(["package", "merge", str(home), str(pkg)]) == 0
    assert "都已合并过" in capsys.readouterr().out
    decisions.write_text("{not json", encoding="utf-8")
    assert main(["package", "merge", str(home), str(pkg), "--decisions", str(decisions)]) == 2
