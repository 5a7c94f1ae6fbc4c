"""Generate realistic projects at SPEC §7 scale for benchmarks (deterministic, seeded)."""

from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from govcat_desktop.domain.models import (  # noqa: E402
    CatalogEntry,
    Contacts,
    Demand,
    InfoItem,
    Matter,
    Person,
    ProjectInfo,
)
from govcat_desktop.services.library import certificates  # noqa: E402
from govcat_desktop.services.session import Session, default_profile  # noqa: E402
from govcat_desktop.formspec import default_forms  # noqa: E402

VERBS = ("登记", "审批", "备案", "核准", "认定", "确认", "变更登记", "注销登记", "补领", "年度检验")
OBJECTS = (
    "社会团体成立", "民办非企业单位", "慈善组织", "养老机构", "婚姻", "殡葬设施", "地名命名", "最低生活保障",
    "特困人员供养", "临时救助", "残疾人两项补贴", "高龄津贴", "经济困难老年人补贴", "孤儿基本生活费",
    "流浪乞讨人员救助", "收养", "社会工作者职业水平", "福利彩票公益金项目", "基金会", "居民委员会",
)
DOMAINS = ("社会救助", "机构团体", "生活服务", "社保就业", "法律服务", "其他")
EXTRA_ITEMS = (
    "申请人姓名", "申请人身份证号", "联系电话", "申请日期", "受理日期", "办结日期", "审批结果", "审批意见", "承办人",
    "发证机关", "证书编号", "有效期限", "补贴金额", "发放金额", "是否残疾", "家庭人口数", "住址", "所属社区", "备注",
    "登记机关", "统一社会信用代码", "法定代表人", "业务范围", "注册资金", "成立日期", "住所", "年检结论", "处理结果",
)


def make_department(n_matters: int = 1000, entries: int = 3000, items: int = 60000, seed: int = 7,
                    distinct: bool = False) -> tuple[ProjectInfo, list[Matter]]:
    """A department at SPEC §7 scale. Its entries draw their info items from a few hundred names (506 distinct
    items in 60,000, as departments that list the same certificates do); `distinct` makes every item of the
    department its own (name, type and length differ from entry to entry), the shape with nothing to share."""
    rng = random.Random(seed)
    certs = certificates()
    matters = []
    per_entry = max(1, items // max(entries, 1))
    for m in range(n_matters):
        obj = OBJECTS[m % len(OBJECTS)]
        verb = VERBS[(m // len(OBJECTS)) % len(VERBS)]
        matters.append(
            Matter(
                code=f"1114030000{m:06d}",
                name=f"{obj}{verb}（{m + 1:04d}）",
                kind=rng.choice(("行政许可", "行政确认", "行政给付", "公共服务")),
                dept="阳泉市民政局",
            )
        )
    for e in range(entries):
        matter = matters[e % n_matters]
        cert = certs[e % len(certs)]
        names = [i.name for i in cert.items] + [n for n in EXTRA_ITEMS if n not in {i.name for i in cert.items}]
        chosen = (names[:per_entry] if per_entry <= len(names)
                  else names + [f"{names[k % len(names)]}{k}" for k in range(per_entry - len(names))])
        level = rng.choice(("1级", "2级", "2级", "3级"))
        share = rng.choice(("无条件共享", "有条件共享", "有条件共享", "不予共享"))
        matter.entries.append(
            CatalogEntry(
                name=f"{matter.name.split('（')[0]}{cert.name}信息{e // n_matters or ''}",
                summary=f"办理{matter.name}过程中产生的{cert.name}相关信息，含申请人及办理结果。",
                domain=rng.choice(DOMAINS[:-1]),
                security_level=level,
                share_type=share,
                share_condition="仅限办理相关政务服务事项时核验使用" if share == "有条件共享" else "",
                no_share_basis="《中华人民共和国个人信息保护法》第十三条" if share == "不予共享" else "",
                share_methods=[] if share == "不予共享"
                else rng.sample(["信息查询接口", "信息核验接口", "批量库表交换", "文件下载交换"], 2),
                network=rng.choice(("政务外网", "政务外网", "部门专网", "互联网")),
                update_cycle=rng.choice(("实时", "每日", "每月", "每年")),
                items=[
                    InfoItem(name=n, data_type=("D" if n.endswith("日期") else "Y" if n.endswith("金额")
                                                else "L" if n.startswith("是否") else "C"),
                             length="50" if not n.endswith("日期") else "")
                    for n in chosen
                ] if not distinct else [
                    InfoItem(name=f"{n}（{e + 1}-{k + 1}）", data_type=t,
                             length="" if t == "D" else str(rng.randint(1, 500)), note=f"第{e + 1}条目录第{k + 1}项")
                    for k, (n, t) in enumerate((n, rng.choice(("C", "C", "N", "D", "Y"))) for n in chosen)
                ],
                review_status=rng.choice(("草稿", "待审核", "已审核")),
            )
        )
    info = ProjectInfo(
        role="市直部门",
        org_name="阳泉市民政局",
        org_code="11140300012345678X",
        region="阳泉市",
        parent="阳泉市大数据局",
        profile=default_profile(default_forms(), 2026),
    )
    return info, matters


def unit_code(name: str) -> str:
    """A valid 统一社会信用代码 of its own for a generated unit: units never share one, and the bureau holds a file
    whose code another unit already has (services.bureau.intake), so a city of one code would be one unit."""
    import hashlib

    from govcat_desktop.domain.codes import USCC_ALPHABET, uscc_check_char

    digest = hashlib.sha256(name.encode("utf-8")).digest()
    body = "11" + "".join(USCC_ALPHABET[b % 31] for b in digest[:15])
    return body + (uscc_check_char(body) or "0")


def write_unit(path: Path, n: int, matters: int, entries: int, items: int):
    """The bureau benches' unit n (阳泉市第NNN号单位, its own code) as a .govcat at path, made once; returns the open
    Session when it was made now (the caller may export from it and must close it), else None."""
    from govcat_desktop.services.session import Session

    if path.exists():
        return None
    info, records = make_department(matters, entries, items, seed=n)
    info.org_name = f"阳泉市第{n + 1:03d}号单位"
    info.org_code = unit_code(info.org_name)
    session = Session.create(path, info)
    try:
        with session.store.transaction():
            session.store.append_matters(records)
    except BaseException:
        session.close()
        raise
    return session


def write_department(path: Path, **kwargs) -> Path:
    info, matters = make_department(**kwargs)
    if path.exists():
        path.unlink()
    session = Session.create(path, info)
    try:
        with session.store.transaction():
            session.store.save_contacts(
                Contacts(
                    leader=Person(name="王建国", title="副局长", office_phone="0353-2021234", mobile="13803531234",
                                  email="wangjg@yq.gov.cn"),
                    contact=Person(name="李晓梅", title="科员", office_phone="0353-2025678", mobile="13903535678",
                                   email="lixm@yq.gov.cn"),
                    fill_date="2026-09-01",
                )
            )
            session.store.append_matters(matters)
            for k in range(50):
                session.store.insert_demand(
                    Demand(
                        provider_level="国务院部门", provider="公安部", has_provider_catalog="是",
                        catalog_name=f"居民身份证信息{k}", items=["姓名", "公民身份号码"], usage=["减材料"],
                        usage_detail="核验申请人身份", in_state_lists="是", share_method=["信息核验接口"],
                        update_cycle="实时", applied="未申请",
                    )
                )
    finally:
        session.close()
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description="Generate a department-scale project file.")
    parser.add_argument("out", type=Path)
    parser.add_argument("--matters", type=int, default=1000)
    parser.add_argument("--entries", type=int, default=3000)
    parser.add_argument("--items", type=int, default=60000)
    parser.add_argument("--distinct", action="store_true", help="every info item distinct (nothing shared)")
    args = parser.parse_args()
    write_department(args.out, n_matters=args.matters, entries=args.entries, items=args.items, distinct=args.distinct)
    print(args.out)


if __name__ == "__main__":
    main()
