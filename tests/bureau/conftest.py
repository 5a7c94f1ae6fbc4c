"""Unit projects of several roles and regions, written through the storage layer, and an empty bureau project."""

from __future__ import annotations

from pathlib import Path

import pytest

from govcat_desktop.domain.models import InfoItem, Mechanism, Project
from govcat_desktop.storage import ProjectFile
from tests import factories as F


def civil_affairs() -> Project:
    """阳泉市民政局 (市直部门): 结婚证 and 养老机构备案信息; demands 不动产权证书 from 自然资源局."""
    p = F.valid_project("市直部门")
    p.info.org_name = "阳泉市民政局"
    p.matters = [
        F.matter("11140300MB0001", "内地居民结婚登记"),
        F.matter("11140300MB0002", "养老机构备案", entries=[F.entry(
            "养老机构备案信息", domain="社会救助", share_type="无条件共享", share_condition="", security_level="2级",
            items=[InfoItem(name="机构名称", data_type="C", length="100"),
                   InfoItem(name="统一社会信用代码", data_type="C", length="18"),
                   InfoItem(name="备案日期", data_type="D")],
        )]),
    ]
    p.demands = [F.demand(provider_level="本市部门", provider="阳泉市规划和自然资源局", catalog_name="不动产权证书",
                          items=["不动产权证号", "权利人"], matter_code="11140300MB0002", matter_name="养老机构备案")]
    return p


def natural_resources() -> Project:
    """阳泉市规划和自然资源局 (市直部门): 不动产权证书信息, and a 结婚证 with fewer items than 民政局's."""
    p = F.valid_project("市直部门")
    p.info.org_name = "阳泉市规划和自然资源局"
    p.matters = [
        F.matter("11140300ZR0001", "不动产首次登记", entries=[F.entry(
            "不动产权证书信息", domain="城建住房", security_level="3级",
            items=[InfoItem(name="不动产权证号", data_type="C", length="30"), InfoItem(name="权利人", data_type="C", length="100"),
                   InfoItem(name="坐落", data_type="C", length="200"), InfoItem(name="面积", data_type="N", length="12")],
        )]),
        F.matter("11140300ZR0002", "婚姻状况核验", entries=[F.entry(
            "结婚证", items=[InfoItem(name="男方姓名", data_type="C", length="50"),
                           InfoItem(name="女方姓名", data_type="C", length="50"),
                           InfoItem(name="登记日期", data_type="D")],
        )]),
    ]
    p.demands = []
    p.reviews = []
    return p


def chengqu() -> Project:
    """城区行政审批服务管理局 (县（区）主管机构): claims 民政局's matter code; a near-duplicate entry name."""
    p = F.valid_project("县（区）主管机构")
    p.info.org_name = "城区行政审批服务管理局"
    p.mechanism = F.mechanism()
    p.matters = [F.matter("11140300MB0001", "内地居民结婚登记（城区）", entries=[F.entry(
        "养老机构备案（信息）", domain="社会救助", share_type="无条件共享", share_condition="", security_level="2级",
        items=[InfoItem(name="机构名称", data_type="C", length="100"), InfoItem(name="备案日期", data_type="D")],
    )])]
    p.demands = []
    p.reviews = []
    return p


def yuxian_police() -> Project:
    """盂县公安局 (县（区）部门): catalog only, no demands."""
    p = F.valid_project("县（区）部门")
    p.info.org_name = "盂县公安局"
    p.info.region = "盂县"
    p.mechanism = Mechanism()
    p.matters = [F.matter("11140322GA0001", "户口迁移", entries=[F.entry(
        "户口迁移证明", domain="公共安全", items=[InfoItem(name="姓名", data_type="C", length="50"),
                                         InfoItem(name="迁移日期", data_type="D")],
    )])]
    p.demands = []
    p.reviews = []
    return p


UNITS = {"minzheng": civil_affairs, "ziran": natural_resources, "chengqu": chengqu, "gongan": yuxian_police}


@pytest.fixture
def units(tmp_path: Path) -> dict[str, Path]:
    folder = tmp_path / "units"
    folder.mkdir()
    return {key: F.write_project(folder / f"{key}.govcat", make()) for key, make in UNITS.items()}


def bureau_info(deadline: str = "2026-09-24"):
    info = F.info("市大数据局", "阳泉市", "阳泉市大数据局")
    info.profile.deadline_t1 = info.profile.deadline_t2 = info.profile.deadline_t3 = info.profile.deadline_t4 = deadline
    return info


@pytest.fixture
def bureau(tmp_path: Path):
    store = ProjectFile.create(tmp_path / "阳泉市大数据局.govcat", bureau_info())
    yield store
    store.close()
