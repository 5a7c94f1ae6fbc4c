"""`govcat dump --json` of a bureau project also holds every unit's submissions, history flagged, deterministic."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from govcat_desktop.cli import main as cli_main
from govcat_desktop.services.bureau.intake import merge
from govcat_desktop.services.dump import dump_json
from govcat_desktop.storage import ProjectFile
from tests.bureau.conftest import bureau_info


def _dump(store: ProjectFile) -> dict:
    return json.loads(dump_json(store.load(), store))


def _unit(data: dict, name: str) -> dict:
    [unit] = [u for u in data["units"] if u["org_name"] == name]
    return unit


def test_units_with_their_current_records(units, bureau) -> None:
    merge(bureau, [units["minzheng"], units["gongan"]])
    data = _dump(bureau)
    assert [u["org_name"] for u in data["units"]] == ["盂县公安局", "阳泉市民政局"]  # sorted by name
    minzheng = _unit(data, "阳泉市民政局")
    assert minzheng["role"] == "市直部门"
    tasks = {s["task"]: s for s in minzheng["submissions"]}
    assert set(tasks) == {"contacts", "catalog", "demand", "review"}
    assert all(s["superseded"] is False and s["source"] == "minzheng.govcat" for s in tasks.values())
    catalog = tasks["catalog"]["data"]
    assert [(e["matter_code"], e["name"]) for e in catalog["entries"]] == [
        ("11140300MB0001", "结婚证"), ("11140300MB0002", "养老机构备案信息")]
    nursing = catalog["entries"][1]
    assert [i["name"] for i in nursing["items"]] == ["机构名称", "统一社会信用代码", "备案日期"]
    assert "id" not in nursing and all("id" not in i for i in nursing["items"])
    assert [m["code"] for m in catalog["matters"]] == ["11140300MB0001", "11140300MB0002"]
    [demand] = tasks["demand"]["data"]
    assert demand["catalog_name"] == "不动产权证书" and demand["provider"] == "阳泉市规划和自然资源局"
    assert tasks["contacts"]["data"]["leader"]["name"] == "王建国"
    gongan = _unit(data, "盂县公安局")
    [entry] = next(s for s in gongan["submissions"] if s["task"] == "catalog")["data"]["entries"]
    assert entry["name"] == "户口迁移证明"


def test_resubmission_flags_the_earlier_one_and_keeps_only_current_records(units, bureau, tmp_path) -> None:
    merge(bureau, [units["minzheng"]])
    again = tmp_path / "民政局第二次.govcat"
    again.write_bytes(units["minzheng"].read_bytes())
    conn = sqlite3.connect(again)  # a real resubmission changes something (the same content is the same submission)
    conn.execute("UPDATE entry SET summary = summary || '（补充）' WHERE pos = 0")
    conn.commit()
    conn.close()
    merge(bureau, [again])
    catalog = [s for s in _unit(_dump(bureau), "阳泉市民政局")["submissions"] if s["task"] == "catalog"]
    assert [(s["source"], s["superseded"], "data" in s) for s in catalog] == [
        ("minzheng.govcat", True, False), ("民政局第二次.govcat", False, True)]
    assert [e["name"] for e in catalog[1]["data"]["entries"]] == ["结婚证", "养老机构备案信息"]


def test_review_marks_and_comments_are_in_the_dump(units, bureau, capsys) -> None:
    merge(bureau, [units["minzheng"]])
    path = str(bureau.path)
    bureau.close()
    assert cli_main(["review", path, "--unit", "阳泉市民政局", "--entry", "结婚证", "--decision", "退回",
                     "--comment", "共享条件请写明"]) == 0
    assert cli_main(["review", path, "--unit", "阳泉市民政局", "--entry", "结婚证", "--item", "男方姓名",
                     "--comment", "请写明长度"]) == 0
    capsys.readouterr()
    assert cli_main(["dump", path, "--json"]) == 0
    unit = _unit(json.loads(capsys.readouterr().out), "阳泉市民政局")
    catalog = next(s for s in unit["submissions"] if s["task"] == "catalog")["data"]
    marriage = next(e for e in catalog["entries"] if e["name"] == "结婚证")
    assert marriage["bureau_status"] == "退回"
    assert {(c["record"], c["item"], c["message"], c["status"]) for c in unit["comments"]} >= {
        ("结婚证", "男方姓名", "请写明长度", "open")}


def test_two_bureaus_taking_the_same_files_dump_the_same(units, tmp_path) -> None:
    dumps = []
    for n in (1, 2):
        store = ProjectFile.create(tmp_path / f"city{n}.govcat", bureau_info())
        try:
            merge(store, [units["gongan"], units["chengqu"]])
            dumps.append(dump_json(store.load(), store))
        finally:
            store.close()
    assert dumps[0] == dumps[1]
    assert '"units"' in dumps[0]


def test_a_unit_project_dump_has_no_units(units, capsys) -> None:
    assert cli_main(["dump", str(units["minzheng"]), "--json"]) == 0
    assert "units" not in json.loads(capsys.readouterr().out)


def test_cli_dump_of_a_bureau_project(units, bureau, capsys) -> None:
    merge(bureau, [units["chengqu"]])
    path: Path = bureau.path
    bureau.close()
    assert cli_main(["dump", str(path), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    [unit] = data["units"]
    assert unit["org_name"] == "城区行政审批服务管理局" and unit["role"] == "县（区）主管机构"
    mechanism = next(s for s in unit["submissions"] if s["task"] == "mechanism")
    assert mechanism["data"]["lead_agency"] == "城区行政审批服务管理局"
