"""`govcat assign | package export | package merge | package list` — division of work among 科室 (issue 23)."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

MAX_DECISIONS_BYTES = 4 * 1024 * 1024


def add_parsers(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("assign", help="把事项分配给承办科室",
                       description="把事项分配给承办科室（或个人），一次可撤销的修改，立即保存。可按事项编码、实施部门、"
                                   "事项名称（可用 * 和 ? 通配）选择，条件同时给出时取交集。")
    p.add_argument("file")
    p.add_argument("--matter", action="append", default=[], metavar="事项编码", help="事项编码（可重复）")
    p.add_argument("--dept", default="", help="实施部门为此名称的全部事项")
    p.add_argument("--name", default="", metavar="名称", help="事项名称含此文字（或与 * ? 通配式相符）的事项")
    p.add_argument("--unassigned", action="store_true", help="只选尚未分配的事项")
    p.add_argument("--all", action="store_true", help="全部事项")
    who = p.add_mutually_exclusive_group(required=True)
    who.add_argument("--to", metavar="科室", help="承办科室（或人员）的名称")
    who.add_argument("--clear", action="store_true", help="取消所选事项的分配")
    p.set_defaults(handler=cmd_assign)

    p = sub.add_parser("package", help="工作包：按科室导出、合并回本单位",
                       description="把分给一个科室的事项导出为工作包（项目文件），"
                                   "科室填好后交回，由本单位合并（三方比较）。")
    psub = p.add_subparsers(dest="package_command", metavar="操作")
    e = psub.add_parser("export", help="导出一个科室的工作包",
                        description="导出分给该科室的事项及其目录、本单位的设置；工作包不能报送市大数据局。")
    e.add_argument("file")
    e.add_argument("--to", required=True, metavar="科室", help="承办科室")
    e.add_argument("-o", "--out", required=True, metavar="工作包", help="工作包文件（.govcat，不能已存在）")
    e.set_defaults(handler=cmd_export)
    m = psub.add_parser("merge", help="把交回的工作包合并到本单位的项目",
                        description="与导出时的基准三方比较：只有一方改过的内容直接采用；"
                                    "两方把同一项改得不同是冲突，"
                                    "须逐处决定（--decisions 决定文件，或 --take-package／--take-mine）。"
                                    "有未决定的冲突时不做任何改动，退出码为2。合并是一次可撤销的修改；"
                                    "同一工作包再次合并不会再改动。")
    m.add_argument("file")
    m.add_argument("package", help="交回的工作包文件")
    m.add_argument("--decisions", metavar="决定文件",
                   help="逐处决定冲突的 JSON 文件（可用 --write-decisions 生成后填写）")
    m.add_argument("--write-decisions", metavar="决定文件", help="把冲突写成待填写的决定文件（不合并）")
    take = m.add_mutually_exclusive_group()
    take.add_argument("--take-package", action="store_true", help="其余冲突一律采用科室的内容")
    take.add_argument("--take-mine", action="store_true", help="其余冲突一律保留本单位的内容")
    m.add_argument("--dry-run", action="store_true", help="只显示将要合并的内容，不做改动")
    m.set_defaults(handler=cmd_merge)
    ls = psub.add_parser("list", help="列出导出过的工作包")
    ls.add_argument("file")
    ls.set_defaults(handler=cmd_list)
    p.set_defaults(handler=lambda _args: (p.print_help(), 2)[1])


def cmd_assign(args: argparse.Namespace) -> int:
    from govcat_desktop.services import packages
    from govcat_desktop.services.commands import UndoStack
    from govcat_desktop.services.session import Session

    session = Session.open(args.file)
    try:
        matters = packages.select_matters(session, codes=args.matter, dept=args.dept, pattern=args.name,
                                          unassigned=args.unassigned, every=args.all)
        if not matters:
            print("没有符合条件的事项，未做改动。")
            return 0
        command = packages.assign_command(session, matters, "" if args.clear else args.to)
        if command is None:
            print(f"所选的 {len(matters)} 个事项已是这样分配的，未做改动。")
            return 0
        UndoStack(session).push(command)
        print(f"已{command.text}。")
        for row in packages.overview(session, findings=()):
            print(f"  {row.assignee}：事项 {row.matters} 个，目录 {row.entries} 条")
    finally:
        session.close()
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from govcat_desktop.services import packages
    from govcat_desktop.services.session import Session

    session = Session.open(args.file)
    try:
        cut = packages.export_package(session, args.to, args.out)
    finally:
        session.close()
    print(f"已导出“{cut.package.assignee}”的工作包：{cut.path}（事项 {cut.matters} 个，目录 {cut.entries} 条）")
    return 0


def cmd_list(args: argparse.Namespace) -> int:
    from govcat_desktop.services import packages
    from govcat_desktop.services.session import Session

    session = Session.open(args.file, readonly=True)
    try:
        own = packages.own_package(session)
        sent = packages.sent_packages(session)
    finally:
        session.close()
    if own is not None:
        print(f"本文件是分给“{own.assignee}”的工作包（{own.org_name}，导出于 {own.created_at}）。")
    if not sent and own is None:
        print("本项目还没有导出过工作包。")
    for p in sent:
        merged = f"，最近合并于 {p.merged_at}" if p.merged_at else "，尚未合并"
        print(f"{p.assignee}：事项 {len(p.matters)} 个，导出于 {p.created_at}{merged}")
    return 0


def read_decisions(path: str) -> dict[str, str]:
    """A decision file: {"冲突": [{"键": …, "采用": "本单位"|"科室"}, …]} or {键: 采用}; refused in Chinese."""
    from govcat_desktop.cli import CliError

    source = Path(path)
    try:
        if source.stat().st_size > MAX_DECISIONS_BYTES:
            raise CliError(f"决定文件“{source.name}”过大，不像是 govcat 写出的决定文件。")
        data = json.loads(source.read_text(encoding="utf-8-sig"))
    except OSError as exc:
        raise CliError(f"无法读取决定文件“{source}”：{exc.strerror or exc}。") from None
    except (ValueError, UnicodeDecodeError):
        raise CliError(f"决定文件“{source.name}”不是有效的 JSON 文件（请用 --write-decisions 生成后填写）。") from None
    rows = data.get("冲突") if isinstance(data, dict) and "冲突" in data else data
    if isinstance(rows, dict):
        pairs = list(rows.items())
    elif isinstance(rows, list):
        pairs = [(r.get("键"), r.get("采用", "")) for r in rows if isinstance(r, dict)]
    else:
        pairs = []
    out = {}
    for key, take in pairs:
        if not isinstance(key, str) or not isinstance(take, str):
            raise CliError(f"决定文件“{source.name}”中有不符合格式的一项（“键”和“采用”都应是文字）。")
        if take.strip() and take.strip() not in ("本单位", "科室", "mine", "package"):
            raise CliError(f"决定文件中“{key}”的“采用”应为“本单位”或“科室”，而不是“{take}”。")
        if take.strip():
            out[key] = take.strip()
    return out


def _template(plan) -> str:
    rows = [{"键": c.key, "事项": c.matter, "目录": c.entry, "字段": c.label, "原值": c.base, "本单位": c.mine,
             "科室": c.theirs, "采用": ""} for c in plan.conflicts]
    note = "每处冲突在“采用”中填“本单位”或“科室”，然后用 govcat package merge … --decisions 本文件 合并。"
    return json.dumps({"说明": note, "冲突": rows}, ensure_ascii=False, indent=2)


def cmd_merge(args: argparse.Namespace) -> int:
    from govcat_desktop.cli import CliError
    from govcat_desktop.services.commands import UndoStack
    from govcat_desktop.services.package_merge import plan_merge
    from govcat_desktop.services.session import Session

    decisions = read_decisions(args.decisions) if args.decisions else {}
    default = "package" if args.take_package else "mine" if args.take_mine else ""
    session = Session.open(args.file, readonly=args.dry_run and not args.write_decisions)
    try:
        plan = plan_merge(session, args.package)
        for flag in plan.flags:
            print(f"提醒：{flag}", file=sys.stderr)
        print(f"工作包“{plan.package.assignee}”：直接采用 {len(plan.changes)} 处修改，冲突 {len(plan.conflicts)} 处。")
        for line in plan.changes[:50]:
            print(f"  采用：{line}")
        if len(plan.changes) > 50:
            print(f"  ……另有 {len(plan.changes) - 50} 处")
        for c in plan.conflicts:
            print(f"  冲突 [{c.key}] 事项“{c.matter}”目录“{c.entry}”的{c.label}："
                  f"原值 {c.base}｜本单位 {c.mine}｜科室 {c.theirs}")
        if args.write_decisions:
            Path(args.write_decisions).write_text(_template(plan), encoding="utf-8")
            print(f"已写出决定文件：{args.write_decisions}（填写“采用”后用 --decisions 合并）")
            return 0
        if args.dry_run:
            return 0
        left = plan.unresolved(decisions, default)
        if left:
            raise CliError(f"还有 {len(left)} 处冲突未决定，未做任何改动。请用 --decisions 决定文件逐处决定"
                           "（--write-decisions 可生成），或用 --take-package／--take-mine。")
        command = plan.command(session, decisions, default)
        if command is None:
            print("该工作包的内容都已合并过，未做改动。")
            return 0
        UndoStack(session).push(command)
        print(f"已{command.text}。")
    finally:
        session.close()
    return 0
