"""`govcat new | info | validate | dump`."""

from __future__ import annotations

import argparse
import json
import sys
import unicodedata
from pathlib import Path

from govcat_desktop.domain.roles import ROLES  # forms/roles.toml


def add_parsers(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("new", help="新建项目文件", description="新建一个项目文件（.govcat）。")
    p.add_argument("file", help="新项目文件的路径（不能已存在）")
    p.add_argument("--role", required=True, help="填报单位类型：" + "、".join(ROLES))
    p.add_argument("--org-name", required=True, help="单位名称")
    p.add_argument("--org-code", required=True, help="18位统一社会信用代码")
    p.add_argument("--region", required=True, help="所属地区（如 阳泉市、城区、盂县）")
    p.add_argument("--parent", default="", help="上级汇总单位（可选）")
    p.add_argument("--year", default="", help="年度（默认今年），用于各项任务的截止日期")
    p.set_defaults(handler=cmd_new)

    p = sub.add_parser("settings", help="查看或修改项目设置（年度、截止日期）",
                       description="不带选项时显示年度和各项任务的截止日期；修改是一次可撤销的修改，立即保存。")
    p.add_argument("file")
    p.add_argument("--year", help="年度（四位数字）；各项任务的截止日期按通知的安排移到该年度")
    p.add_argument("--next-year", action="store_true",
                   help="开始下一年度：年度加一、截止日期顺延，目录保留，"
                        "以上级最近审核通过的版本为基础（下一年度只报变化）")
    p.add_argument("--deadline", action="append", default=[], metavar="T1=日期",
                   help="修改一项截止日期，如 --deadline T3=2027-09-24（可重复）")
    p.set_defaults(handler=cmd_settings)

    p = sub.add_parser("info", help="查看项目概况", description="显示单位、记录数、截止日期和各项任务的状态。")
    p.add_argument("file")
    p.set_defaults(handler=cmd_info)

    p = sub.add_parser("validate", help="检查项目", description="按编制规范检查项目；有错误时退出码为1。")
    p.add_argument("file")
    p.add_argument("--json", action="store_true", help="以 JSON 输出检查结果")
    p.set_defaults(handler=cmd_validate)

    p = sub.add_parser("dump", help="导出全部记录（JSON）",
                       description="按确定顺序输出全部记录，不含内部编号；"
                                   "汇总项目另含各单位报送的材料（当前报送的记录和历次报送）。")
    p.add_argument("file")
    p.add_argument("--json", action="store_true", required=True, help="以 JSON 输出（目前唯一的格式）")
    p.set_defaults(handler=cmd_dump)

    p = sub.add_parser("set-status", help="更改目录的审核状态（单位内部审核）",
                       description="提交审核、审核通过、退回或改回草稿；与桌面程序同样的规则：有错误的目录不能审核通过，"
                                   "退回须写明审核意见。被规则拒绝时退出码为2。")
    p.add_argument("file")
    p.add_argument("--entry", required=True, help="目录名称")
    p.add_argument("--matter", default="", help="事项编码（同名目录有多条时用来区分）")
    p.add_argument("--status", required=True, choices=("待审核", "已审核", "退回", "草稿"), help="新的审核状态")
    p.add_argument("--note", default=None, help="审核意见（退回时必填）")
    p.set_defaults(handler=cmd_set_status)


def cmd_new(args: argparse.Namespace) -> int:
    from govcat_desktop.cli import CliError
    from govcat_desktop.domain.codes import uscc_problem
    from govcat_desktop.domain.filenames import safe_filename
    from govcat_desktop.domain.models import ProjectInfo
    from govcat_desktop.formspec import default_forms
    from govcat_desktop.services.session import Session, default_profile

    forms = default_forms()
    path = Path(args.file)
    if path.exists():
        raise CliError(f"文件“{path}”已存在，不能覆盖。请换一个文件名。")
    if args.role not in ROLES:
        raise CliError(f"未知的填报单位类型“{args.role}”，应为：{'、'.join(ROLES)}。")
    regions = forms.vocab("region")
    if args.region not in regions:
        raise CliError(f"未知的地区“{args.region}”，应为：{'、'.join(regions.value_list)}。")
    code = args.org_code.strip()
    problem = uscc_problem(code)
    if problem:
        raise CliError(f"{problem}。")
    if not args.org_name.strip():
        raise CliError("单位名称不能为空。")
    if any(unicodedata.category(ch) in ("Cc", "Cf") for ch in args.org_name):
        raise CliError("单位名称中含有控制字符（不可见的特殊字符），请重新输入单位名称。")
    year = args.year.strip()
    if year and not (year.isdigit() and len(year) == 4):
        raise CliError(f"年度“{year}”应为四位数字，如 2026。")
    info = ProjectInfo(
        role=args.role,
        org_name=args.org_name.strip(),
        org_code=code,
        region=args.region,
        parent=args.parent.strip() or _default_parent(args.role, args.region, forms),
        profile=default_profile(forms, year or None),
    )
    session = Session.create(path, info, forms)
    session.close()
    print(f"已新建项目：{path}")
    shown = safe_filename(info.org_name, windows=True)
    if shown != info.org_name:  # the name stays as typed in the project; only file names are made safe
        print(f"提醒：单位名称含有不能直接用作文件名的字符或过长，导出文件的文件名中将写作“{shown}”。", file=sys.stderr)
    from govcat_desktop.services.project_settings import stale_deadlines

    if stale_deadlines(info.profile):
        print(f"提示：{info.profile.year}年度的各项截止日期都已过去。如为下一年度的编制工作，"
              f"请用 govcat settings {path} --next-year 改为{int(info.profile.year) + 1}年度。", file=sys.stderr)
    return 0


def cmd_settings(args: argparse.Namespace) -> int:
    from govcat_desktop.cli import CliError
    from govcat_desktop.services import project_settings as ps
    from govcat_desktop.services.commands import UndoStack
    from govcat_desktop.services.session import Session

    changing = bool(args.year or args.next_year or args.deadline)
    session = Session.open(args.file, readonly=not changing)
    try:
        profile = session.project.info.profile
        try:
            if args.next_year:
                profile = ps.next_year(profile, session.forms)
            elif args.year:
                profile = ps.updated_profile(profile, year=args.year, forms=session.forms)
            deadlines = {}
            for item in args.deadline:
                task, sep, value = item.partition("=")
                key = f"deadline_{task.strip().lower()}"
                if not sep or key not in ps.DEADLINES:
                    raise CliError(f"--deadline “{item}”的格式应为 T1=2027-09-03（任务为 T1、T2、T3 或 T4）。")
                deadlines[key] = value
            profile = ps.updated_profile(profile, deadlines=deadlines)
        except ps.SettingsError as exc:
            raise CliError(f"{exc}项目未作任何修改。") from None
        command = ps.settings_command(session, profile) if changing else None
        if args.next_year:  # a new cycle: the catalog kept, the last accepted version its base (issue 22)
            from govcat_desktop.services.revisions import next_cycle_command

            command = next_cycle_command(session, command)
        if command is not None:
            UndoStack(session).push(command)
            print("已修改项目设置：")
        for line in ps.describe(session.project.info.profile):
            print(line)
        if ps.stale_deadlines(session.project.info.profile):
            print("提示：各项截止日期都已过去；如为下一年度的工作，可加 --next-year。", file=sys.stderr)
        return 0
    finally:
        session.close()


def _default_parent(role: str, region: str, forms) -> str:
    city = forms.profile.get("city", "")
    if role == "县（区）部门":
        return f"{region}政务数据共享主管机构"
    if role == "市大数据局":
        return f"{forms.profile.get('province', '')}政务信息管理局"
    return f"{city}大数据局"


def _open_readonly(path: str):
    import gc

    from govcat_desktop.services.session import Session

    session = Session.open(path, readonly=True)
    # One command, then the process ends: what was loaded lives until then, so the cyclic collector need not walk
    # it (60,000 items: a third of `govcat validate`'s time on a department whose items are all distinct).
    gc.freeze()
    return session


def cmd_info(args: argparse.Namespace) -> int:
    from govcat_desktop.services.status import task_statuses

    from govcat_desktop.services import packages

    session = _open_readonly(args.file)
    try:
        project = session.project
        findings = session.findings()
        counts = session.store.counts()
        by_assignee = packages.overview(session, findings)  # issue 23: per 承办科室
        package = packages.own_package(session)
    finally:
        session.close()
    info = project.info
    lines = [
        f"单位名称：{info.org_name}",
        f"统一社会信用代码：{info.org_code}",
        f"填报单位类型：{info.role}",
        f"所属地区：{info.region}",
        f"上级汇总单位：{info.parent}",
        f"年度：{info.profile.year}",
        f"服务事项：{counts['matter']} 项；数据资源目录：{counts['entry']} 条；信息项：{counts['item']} 个",
        f"共享数据需求：{counts['demand']} 条；需求审核确认：{counts['review']} 条",
        f"检查结果：错误 {sum(f.is_error for f in findings)} 个，提醒 {sum(not f.is_error for f in findings)} 个",
        "任务：",
    ]
    for st in task_statuses(project, findings):
        if st.days_left is None:
            due = f"截止 {st.deadline or '未设置'}"
        elif st.days_left >= 0:
            due = f"截止 {st.deadline}（剩 {st.days_left} 天）"
        else:
            due = f"截止 {st.deadline}（已过 {-st.days_left} 天）"
        lines.append(f"  {st.task} {st.name}：{st.state}（错误 {st.errors}，提醒 {st.warnings}）{due}")
    lines += _review_lines(project)
    if package is not None:
        lines.append(f"本文件是分给“{package.assignee}”的工作包，填好后交回本单位合并，不能直接报送市大数据局。")
    if by_assignee:
        lines.append("承办科室：")
        lines += [f"  {row.text()}" for row in by_assignee]
    print("\n".join(lines))
    return 0


def _review_lines(project) -> list[str]:
    """需求审核确认 due dates (working days after receipt, per the profile), overdue ones first."""
    from govcat_desktop.formspec import default_forms
    from govcat_desktop.services.deadlines import review_dues

    dues = review_dues(project, default_forms())
    if not dues:
        return []
    open_ = [(r, d) for r, d in dues if not r.decision.strip()]
    overdue = [(r, d) for r, d in open_ if d is not None and d.overdue]
    lines = [f"需求审核确认期限：待审核 {len(open_)} 条，其中已逾期 {len(overdue)} 条"]
    for r, d in sorted(dues, key=lambda rd: (not (rd[1] and rd[1].overdue), rd[1].due if rd[1] else _dt_max())):
        shown = d.text() if d else "未填收到日期，无法计算期限"
        lines.append(f"  {r.requester or '未填需求方'}／{r.data_name or '未填数据名称'}：{shown}")
    return lines


def _dt_max():
    import datetime as _dt

    return _dt.date.max


def cmd_validate(args: argparse.Namespace) -> int:
    session = _open_readonly(args.file)
    try:
        findings = session.findings()
    finally:
        session.close()
    errors = sum(f.is_error for f in findings)
    warnings = len(findings) - errors
    if args.json:
        doc = {"errors": errors, "warnings": warnings, "findings": [f.as_json() for f in findings]}
        sys.stdout.write(json.dumps(doc, ensure_ascii=False, indent=2) + "\n")
    else:
        for f in findings:
            tag = "错误" if f.is_error else "提醒"
            where = f"{f.record}" + (f"［{f.field}］" if f.field else "")
            print(f"{tag}  {where}：{f.message}")
        if not findings:
            print("✓ 没有发现问题。")
        else:
            print(f"共 {errors} 个错误，{warnings} 个提醒。")
    return 1 if errors else 0


def cmd_dump(args: argparse.Namespace) -> int:
    from govcat_desktop.services.dump import dump_json

    session = _open_readonly(args.file)
    try:
        text = dump_json(session.project, session.store)
    finally:
        session.close()
    sys.stdout.write(text)
    return 0


def cmd_set_status(args: argparse.Namespace) -> int:
    from govcat_desktop.cli import CliError
    from govcat_desktop.services.actions import SetEntryStatus
    from govcat_desktop.services.interaction import Interaction
    from govcat_desktop.services.session import Session

    session = Session.open(args.file)
    try:
        found = [e for m in session.project.matters for e in m.entries
                 if e.name.strip() == args.entry.strip() and (not args.matter or m.code.strip() == args.matter.strip())]
        if not found:
            raise CliError(f"项目中找不到名为“{args.entry}”的目录。")
        if len(found) > 1:
            raise CliError(f"有 {len(found)} 条名为“{args.entry}”的目录，请用 --matter 指定事项编码。")
        SetEntryStatus(found[0].id, args.status, args.note).run(session, Interaction())
    finally:
        session.close()
    print(f"目录“{args.entry}”的审核状态已改为“{args.status}”。")
    return 0
