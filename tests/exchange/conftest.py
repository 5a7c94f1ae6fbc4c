"""Fixtures of the exchange tests: a complete project on disk and an empty one for the same unit."""

from __future__ import annotations

from pathlib import Path

import pytest

from govcat_desktop.domain.models import InfoItem
from govcat_desktop.services.session import Session
from tests import factories as f

DATA = Path(__file__).resolve().parent.parent / "data"


def rich_project(role: str = "县（区）主管机构"):
    """A valid project with every kind of record, a matter without entries and awkward text."""
    project = f.valid_project(role)
    second = f.matter(
        code="11140300MB0002",
        name="收养登记",
        entries=[
            f.entry(
                "收养登记证",
                domain="其他",
                domain_other="文化旅游",
                update_cycle="其他",
                update_cycle_other="每三年",
                share_type="不予共享",
                share_condition="",
                share_methods=[],
                no_share_basis="《中华人民共和国民法典》第一千一百一十条",
                security_level="4级",
                summary="=收养登记证信息，+含 -号 @符号\n第二行",
                items=[InfoItem(name="收养人姓名", data_type="C", length="50", note="=SUM(A1)"),
                       InfoItem(name="登记日期", data_type="D")],
                review_status="退回",
                review_note="请补充信息项说明",
                resource_code="307001001/000123",
                resource_format="数据库",
            ),
            f.entry("收养档案", items=[]),
        ],
    )
    project.matters.append(second)
    project.matters.append(f.matter(code="11140300MB0003", name="婚姻登记档案查询", entries=[]))
    project.demands.append(
        f.demand(provider_level="省级部门", provider="山西省卫生健康委员会", has_provider_catalog="否", catalog_name="",
                 data_name="出生医学证明", source_basis="《中华人民共和国母婴保健法》第二十三条",
                 items=["新生儿姓名", "出生日期", "母亲姓名"], usage=["减材料", "业务协同"], update_cycle="其他",
                 update_cycle_other="每三年", applied="已申请被驳回", reject_reason="需求描述不清")
    )
    project.reviews.append(f.review(requester="山西省公安厅", decision="不同意", matched_entry="", provide_items=[],
                                    reason="依据《中华人民共和国个人信息保护法》第十三条不予提供"))
    return project


@pytest.fixture
def project_path(tmp_path: Path) -> Path:
    return f.write_project(tmp_path / "source.govcat", rich_project())


@pytest.fixture
def session(project_path: Path):
    s = Session.open(project_path)
    yield s
    s.close()


@pytest.fixture
def empty_session(tmp_path: Path, session):
    s = Session.create(tmp_path / "target.govcat", session.project.info)
    yield s
    s.close()
