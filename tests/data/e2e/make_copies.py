"""Write the units' 可编辑版 copies the bundle end-to-end script (packaging/e2e.py) imports.

    python tests/data/e2e/make_copies.py      # from the repository root, in the dev venv

Three units of the three unit roles. Their matters are real ones from tests/data/zwfw_guangan_matters.csv
(same 实施编码), so importing the matter list first and the catalog copy after attaches the entries to real
matters. Entry names are chosen so the bureau's cross-unit checks have work: 结婚证 (民政局) / 结婚证信息 (城区,
same matter code too) and 养老机构备案信息 / 养老机构备案（信息） (the same after normalising: the
bureau's validate reports it as cross-unit-near-duplicate). The copies are what the product exports (written here by
the source tree at the commit that added this file); the e2e script reads them only through the bundle.
"""

from __future__ import annotations

import datetime as _dt
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[2]
sys.path.insert(0, str(ROOT))

from govcat_desktop.domain.models import InfoItem, Matter, Mechanism, Project  # noqa: E402
from govcat_desktop.services import transfer  # noqa: E402
from govcat_desktop.services.session import Session  # noqa: E402
from tests import factories as F  # noqa: E402

MARRIAGE = ("511F0287300000-511602000000-000-11511301008778298W-1-00", "中国内地公民婚姻登记")
NURSING = ("512011001001-511602000000-000-11511301008778298W-1-00", "养老机构设立备案")
TRADER = ("511A0074300005-511602000000-000-115113016823646795-1-00", "个体工商户设立登记")
MOVE = ("511A0147300000-511602000000-000-11511300008778693M-1-00", "户口迁移审批")
REGISTER = ("511F09014002-511602000000-000-11511300008778693M-1-00", "户口登记")

# (file stem, role, name, USCC, region) — the e2e script creates the projects with the same identity.
UNITS = {
    "minzheng": ("市直部门", "阳泉市民政局", "11511301008778298W", "阳泉市"),
    "chengqu": ("县（区）主管机构", "城区行政审批服务管理局", "11511301008778220W", "城区"),
    "gongan": ("县（区）部门", "城区公安分局", "11511300008778693M", "城区"),
}


def _matter(code_name: tuple[str, str], kind: str, dept: str, entries) -> Matter:
    return Matter(code=code_name[0], name=code_name[1], kind=kind, dept=dept, entries=entries)


def _project(key: str) -> Project:
    role, name, code, region = UNITS[key]
    info = F.info(role, region, name)
    info.org_code = code
    hukou = [InfoItem(name="户主姓名", data_type="C", length="50"), InfoItem(name="户号", data_type="C", length="20"),
             InfoItem(name="住址", data_type="C", length="200")]
    if key == "minzheng":
        matters = [
            _matter(MARRIAGE, "行政确认", "区民政局", [F.entry("结婚证")]),
            _matter(NURSING, "公共服务", "区民政局", [F.entry(
                "养老机构备案信息", summary="养老机构设立备案的机构、床位和负责人信息。", domain="社会救助",
                share_type="无条件共享", share_condition="", security_level="2级",
                items=[InfoItem(name="机构名称", data_type="C", length="100"),
                       InfoItem(name="统一社会信用代码", data_type="C", length="18"),
                       InfoItem(name="床位数", data_type="N", length="6"), InfoItem(name="备案日期", data_type="D")])]),
        ]
        demands = [F.demand(provider_level="本市部门", provider="城区公安分局", catalog_name="居民户口簿",
                            items=["户主姓名", "户号"], matter_code=MARRIAGE[0], matter_name=MARRIAGE[1])]
        reviews = [F.review()]
    elif key == "chengqu":
        matters = [
            _matter(TRADER, "行政许可", "区行政审批局", [F.entry(
                "个体工商户营业执照", summary="个体工商户设立登记后核发的营业执照信息。", domain="市场监管",
                share_type="无条件共享", share_condition="", security_level="1级",
                items=[InfoItem(name="名称", data_type="C", length="200"), InfoItem(name="经营者", data_type="C", length="50"),
                       InfoItem(name="经营场所", data_type="C", length="200"), InfoItem(name="成立日期", data_type="D")])]),
            _matter(MARRIAGE, "行政确认", "区行政审批局", [F.entry("结婚证信息")]),
            _matter(NURSING, "公共服务", "区行政审批局", [F.entry(
                "养老机构备案（信息）", summary="养老机构备案的机构名称和备案日期。", domain="社会救助",
                share_type="无条件共享", share_condition="", security_level="2级",
                items=[InfoItem(name="机构名称", data_type="C", length="100"), InfoItem(name="备案日期", data_type="D")])]),
        ]
        demands = [F.demand(provider_level="本市部门", provider="阳泉市民政局", catalog_name="结婚证",
                            items=["男方姓名", "女方姓名"], matter_code=TRADER[0], matter_name=TRADER[1])]
        reviews = []
    else:
        matters = [
            _matter(MOVE, "行政许可", "区公安分局", [F.entry(
                "户口迁移证明", summary="户口迁移审批后开具的迁移证明信息。", domain="公共安全",
                items=[InfoItem(name="姓名", data_type="C", length="50"), InfoItem(name="迁出地", data_type="C", length="200"),
                       InfoItem(name="迁入地", data_type="C", length="200"), InfoItem(name="迁移日期", data_type="D")])]),
            _matter(REGISTER, "行政确认", "区公安分局", [F.entry(
                "居民户口簿", summary="户口登记形成的居民户口簿信息。", domain="公共安全", items=hukou)]),
        ]
        demands = []
        reviews = [F.review(requester="阳泉市民政局", data_name="居民户口簿", items=["户主姓名", "户号"], usage="婚姻登记核验户籍",
                            matched_entry="居民户口簿", provide_items=["户主姓名", "户号"])]
    return Project(info=info, contacts=F.contacts(), mechanism=F.mechanism() if role == "县（区）主管机构" else Mechanism(),
                   matters=matters, demands=demands, reviews=reviews)


def main() -> None:
    day = _dt.date(2026, 9, 1)
    for old in HERE.glob("*.xlsx"):
        old.unlink()
    with tempfile.TemporaryDirectory() as tmp:
        for key in UNITS:
            path = F.write_project(Path(tmp) / f"{key}.govcat", _project(key))
            session = Session.open(path, readonly=True)
            try:
                written = transfer.export_task(session, "all", Path(tmp) / key, today=day)
            finally:
                session.close()
            for p in written:
                if "可编辑版" in p.name:
                    target = HERE / f"{key}-{p.name.split('_')[1]}.xlsx"
                    target.write_bytes(p.read_bytes())
                    print(target.relative_to(ROOT))


if __name__ == "__main__":
    main()
