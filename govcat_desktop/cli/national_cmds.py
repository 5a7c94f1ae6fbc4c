"""`govcat codes` (propose 信息资源代码) and `govcat registration` (the 目录注册表 of a unit or the city)."""

from __future__ import annotations

import argparse
import sys


def add_parsers(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "codes", help="建议信息资源代码",
        description="按信息资源分类（类、项、目、细目）和本单位顺序号建议信息资源代码；已导出的代码不再改变。"
                    "不加 --apply 时只列出建议。",
    )
    p.add_argument("file")
    p.add_argument("--apply", action="store_true", help="把建议的代码写入项目（可在程序中撤销）")
    p.set_defaults(handler=cmd_codes)

    p = sub.add_parser(
        "registration", help="导出目录注册表（国家平台注册用）",
        description="按国家模板的列顺序导出政务数据资源目录注册表，每个信息项一行；市大数据局导出全市已审核单位的目录。",
    )
    p.add_argument("file")
    p.add_argument("--out", required=True, help="输出文件夹")
    p.add_argument("--changes", action="store_true",
                   help="汇总项目：只导出与上次注册相比的变化（首列“操作”：新增／变更／注销）")
    p.set_defaults(handler=cmd_registration)


def cmd_codes(args: argparse.Namespace) -> int:
    from govcat_desktop.cli import CliError
    from govcat_desktop.services.commands import UndoStack
    from govcat_desktop.services.national import CodeError, code_command, propose_codes
    from govcat_desktop.services.session import Session

    session = Session.open(args.file, readonly=not args.apply)
    try:
        try:
            proposals = propose_codes(session.project, session.forms)
        except CodeError as exc:
            raise CliError(str(exc)) from None
        for p in proposals:
            shown = p.proposed or p.current or "（无）"
            mark = "→ " if p.changes else "  "
            print(f"{mark}{p.matter.name or p.matter.code}／{p.entry.name or '未命名目录'}：{shown}（{p.reason}）")
        command = code_command(proposals)
        changed = len(command.commands) if command else 0
        if args.apply and command is not None:
            UndoStack(session).push(command)
            print(f"已写入 {changed} 个信息资源代码。")
        elif changed:
            print(f"共 {changed} 个建议；加 --apply 写入项目。")
        else:
            print("没有需要修改的代码。")
    finally:
        session.close()
    return 0


def cmd_registration(args: argparse.Namespace) -> int:
    from govcat_desktop.cli import CliError
    from govcat_desktop.services.bureau import is_bureau
    from govcat_desktop.services.registration import RegistrationError, write_registration
    from govcat_desktop.services.session import Session

    session = Session.open(args.file)  # editable: a unit's export records that its codes left the project
    changes = getattr(args, "changes", False)
    try:
        try:
            if is_bureau(session.project.info.role):
                from govcat_desktop.services.bureau.registry import register

                written = register(session, args.out, changes=changes)
                since = f"上次注册（{written.since}）" if written.since else "上次注册（尚无，全部为新增）"
                c = written.counts
                print(f"与{since}相比：新增 {c['新增']} 条，变更 {c['变更']} 条，注销 {c['注销']} 条；"
                      f"本表 {written.rows} 行。", file=sys.stderr)
                path = written.path
            else:
                path = write_registration(session, args.out, changes=changes)
        except RegistrationError as exc:
            raise CliError(str(exc)) from None
    finally:
        session.close()
    print(path)
    return 0
