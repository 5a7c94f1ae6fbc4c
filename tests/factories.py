"""Builders of complete, valid records and projects for tests (values written by hand)."""

from __future__ import annotations

from pathlib import Path

from govcat_desktop.domain.models import (
    CatalogEntry,
    Contacts,
    Demand,
    InfoItem,
    Matter,
    Mechanism,
    Person,
    Project,
    ProjectInfo,
    Profile,
    Review,
)

VALID_USCC = "11511301008778183N"


def uscc_for(name: str) -> str:
    """A valid 统一社会信用代码 of its own for each unit name (VALID_USCC for the default 阳泉市民政局): real units never
    share a code, and the bureau holds a file whose code is already another unit's (services.bureau.intake)."""
    if name == "阳泉市民政局":
        return VALID_USCC
    import hashlib

    from govcat_desktop.domain.codes import USCC_ALPHABET, uscc_check_char

    digest = hashlib.sha256(name.encode("utf-8")).digest()
    body = "11" + "".join(USCC_ALPHABET[b % 31] for b in digest[:15])
    return body + (uscc_check_char(body) or "0")


BUREAU_USCC = uscc_for("阳泉市大数据局")  # the bureau's own code, never a unit's


def info(role: str = "市直部门", region: str = "阳泉市", name: str = "阳泉市民政局") -> ProjectInfo:
    return ProjectInfo(
        role=role,
        org_name=name,
        org_code=uscc_for(name),
        region=region,
        parent="阳泉市大数据局",
        profile=Profile(
            year="2026", deadline_t1="2026-09-03", deadline_t2="2026-09-10", deadline_t3="2026-09-24", deadline_t4="2026-11-05"
        ),
    )


def contacts() -> Contacts:
    return Contacts(
        leader=Person(name="王建国", title="副局长", office_phone="0353-2021234", mobile="13803531234", email="wangjg@yq.gov.cn"),
        contact=Person(name="李晓梅", title="科员", office_phone="0353-2025678", mobile="13903535678", email="lixm@yq.gov.cn"),
        fill_date="2026-09-01",
    )


def mechanism() -> Mechanism:
    return Mechanism(
        lead_agency="城区行政审批服务管理局",
        duties="统筹协调本区政务数据共享工作，组织目录编制与审核。",
        mechanism="建立区政务数据共享联席会议制度，每月召开例会。",
        catalog_lead_name="赵刚",
        catalog_lead_phone="0353-3051234",
        contact_name="孙丽",
        contact_phone="13935351234",
    )


def entry(name: str = "结婚证", **changes) -> CatalogEntry:
    values = dict(
        name=name,
        summary="内地居民办理结婚登记后产生的结婚证信息。",
        domain="生活服务",
        security_level="3级",
        share_type="有条件共享",
        share_condition="仅限办理婚姻相关事项时核验使用",
        share_methods=["信息核验接口"],
        network="政务外网",
        update_cycle="实时",
        items=[
            InfoItem(name="男方姓名", data_type="C", length="50"),
            InfoItem(name="女方姓名", data_type="C", length="50"),
            InfoItem(name="登记日期", data_type="D"),
            InfoItem(name="结婚证字号", data_type="C", length="30"),
        ],
    )
    values.update(changes)
    return CatalogEntry(**values)


def matter(code: str = "11140300MB0001", name: str = "内地居民结婚登记", entries=None) -> Matter:
    return Matter(code=code, name=name, kind="行政确认", dept="阳泉市民政局", entries=[entry()] if entries is None else entries)


def demand(**changes) -> Demand:
    values = dict(
        provider_level="国务院部门",
        provider="公安部",
        has_provider_catalog="是",
        catalog_name="居民身份证信息",
        items=["姓名", "公民身份号码"],
        matter_code="11140300MB0001",
        matter_name="内地居民结婚登记",
        usage=["减材料"],
        usage_detail="办理时在线核验身份证信息，申请人免于提交身份证复印件。",
        in_state_lists="是",
        share_method=["信息核验接口"],
        update_cycle="实时",
        applied="未申请",
    )
    values.update(changes)
    return Demand(**values)


def review(**changes) -> Review:
    values = dict(
        requester="山西省民政厅",
        data_name="结婚证",
        items=["男方姓名", "女方姓名", "登记日期"],
        usage="核验婚姻状况",
        share_method="信息核验接口",
        decision="同意",
        matched_entry="结婚证",
        provide_items=["男方姓名", "女方姓名", "登记日期"],
    )
    values.update(changes)
    return Review(**values)


def valid_project(role: str = "市直部门") -> Project:
    region = "城区" if role.startswith("县") else "阳泉市"
    return Project(
        info=info(role, region),
        contacts=contacts(),
        mechanism=mechanism() if role == "县（区）主管机构" else Mechanism(),
        matters=[matter()],
        demands=[demand()],
        reviews=[review()],
    )


def write_project(path: Path, project: Project, *, keep_code: bool = False) -> Path:
    """Store `project` in a new file at `path` through the storage layer (a unit named after info() was built gets
    a code of its own, unless `keep_code`)."""
    from govcat_desktop.storage import ProjectFile

    info = project.info
    if info.org_code == VALID_USCC and info.org_name != "阳泉市民政局" and not keep_code:  # named after info()
        info = info.model_copy(update={"org_code": uscc_for(info.org_name)})
    store = ProjectFile.create(path, info)
    try:
        with store.transaction():
            store.save_contacts(project.contacts)
            store.save_mechanism(project.mechanism)
            for m in project.matters:
                store.insert_matter(m)
            for d in project.demands:
                store.insert_demand(d)
            for r in project.reviews:
                store.insert_review(r)
    finally:
        store.close()
    return path
