"""`govcat import | export`: editable copies, matter lists and submission workbooks."""

from __future__ import annotations

import argparse
import sys

EXPORT_TASKS = ("contacts", "mechanism", "catalog", "demand", "review", "all")
IMPORT_KINDS = ("catalog", "matters", "demand", "review", "contacts", "mechanism")
MAX_LISTED = 200  # notes of one kind printed before summarising the rest


def add_parsers(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "import",
        help="导入可编辑电子版或事项清单",
        description="先预览（新增、修改、不变，以及每处自动修正和问题），再一次性导入；出错时项目不作任何修改。",
    )
    p.add_argument("file", help="项目文件（.govcat）")
    p.add_argument("sources", nargs="+", help="要导入的文件（.xlsx、.xls、.ods、.csv）")
    p.add_argument("--kind", choices=IMPORT_KINDS, help="文件类型（默认按工作表名称和表头自动识别）")
    p.add_argument(
        "--map", action="append", default=[], metavar="字段=列",
        help="事项清单的列对应，如 --map 事项名称=matter_name（字段：事项编码、事项名称、事项类型、实施部门）",
    )
    scope = p.add_mutually_exclusive_group()
    scope.add_argument(
        "--dept", action="append", default=[], metavar="实施部门",
        help="事项清单只导入这些实施部门的事项（可重复；记入项目，下次导入沿用）",
    )
    scope.add_argument("--own", action="store_true",
                       help="事项清单只导入本单位的事项：沿用上次选定的实施部门，没有时按单位名称推断")
    scope.add_argument("--all-depts", action="store_true", help="事项清单导入全部实施部门的事项")
    p.add_argument("--dry-run", action="store_true", help="只预览，不导入")
    p.set_defaults(handler=cmd_import)

    p = sub.add_parser(
        "export",
        help="导出盖章版和可编辑电子版",
        description="为每项任务导出盖章版工作簿（打印、签字、盖章）和可编辑电子版（供上级重新导入）。",
    )
    p.add_argument("file", help="项目文件（.govcat）")
    p.add_argument("--out", required=True, help="输出文件夹（不存在时自动创建）")
    p.add_argument("--task", choices=EXPORT_TASKS + ("registration",), default="all",
                   help="导出哪项任务（默认 all：本单位的全部任务；registration：目录注册表）")
    p.add_argument("--blank", action="store_true", help="导出空白模板（表头、下拉列表和填写说明）")
    p.add_argument("--pdf", dest="pdf", action="store_true", default=True,
                   help="盖章版同时导出打印用 PDF（默认；每页带二维码，供汇总时与电子版比对）")
    p.add_argument("--no-pdf", dest="pdf", action="store_false", help="不导出打印用 PDF")
    p.set_defaults(handler=cmd_export)


def _mapping(items: list[str]) -> dict[str, str] | None:
    from govcat_desktop.cli import CliError
    from govcat_desktop.exchange.matters_import import FIELD_LABELS

    if not items:
        return None
    by_label = {label: key for key, label in FIELD_LABELS.items()} | {key: key for key in FIELD_LABELS}
    out = {}
    for item in items:
        name, sep, column = item.partition("=")
        key = by_label.get(name.strip())
        if not sep or key is None or not column.strip():
            raise CliError(f"--map “{item}”的格式应为 字段=列名，字段为：{'、'.join(FIELD_LABELS.values())}。")
        out[key] = column.strip()
    return out


def _print_notes(title: str, notes: list, stream) -> None:
    if not notes:
        return
    print(f"{title}（{len(notes)}）：", file=stream)
    for note in notes[:MAX_LISTED]:
        print(f"  {note}", file=stream)
    if len(notes) > MAX_LISTED:
        print(f"  ……另有 {len(notes) - MAX_LISTED} 处未列出。", file=stream)


def cmd_import(args: argparse.Namespace) -> int:
    from govcat_desktop.cli import CliError
    from govcat_desktop.exchange.errors import ImportRefused
    from govcat_desktop.exchange.reader import open_book

    # The workbooks first: checked, then parsed by calamine on a worker thread (it releases the GIL) while the
    # services load and the project opens. Only the safety checks and calamine are loaded so far.
    books = []
    try:
        try:
            for source in args.sources:
                books.append(open_book(source))
                books[-1].read_ahead()
        except ImportRefused as exc:
            raise CliError(f"{exc}项目未作任何修改。") from None
        return _import(args, books)
    finally:
        for book in books:
            book.close()


def _import(args: argparse.Namespace, books: list) -> int:
    from govcat_desktop.cli import CliError
    from govcat_desktop.services.commands import UndoStack
    from govcat_desktop.services.notify import TerminalNotifier
    from govcat_desktop.services.session import Session
    from govcat_desktop.services.transfer import AUTO_SCOPE, Cancelled, ImportRefused, preview_import

    mapping = _mapping(args.map)
    depts = [d.strip() for d in args.dept if d.strip()] or (AUTO_SCOPE if args.own else None)
    session = Session.open(args.file, readonly=args.dry_run)
    try:
        try:
            preview = preview_import(
                session, books, kind=args.kind, mapping=mapping, notifier=TerminalNotifier(quiet=False),
                depts=depts,
            )
        except ImportRefused as exc:
            raise CliError(f"{exc}项目未作任何修改。") from None
        except Cancelled as exc:
            raise CliError(str(exc)) from None
        print(preview.summary())
        if preview.scope is not None and not any(preview.departments.get(d) for d in preview.scope):
            known = "、".join(f"{d or '（空白）'}（{n}）" for d, n in preview.departments.most_common())
            raise CliError(f"清单中没有实施部门“{'、'.join(preview.scope)}”的事项；"
                           f"清单中的实施部门为：{known}。项目未作任何修改。")
        if preview.scope is None and len(preview.departments) > 1 and not args.all_depts:
            print(f"提示：清单含 {len(preview.departments)} 个实施部门的事项；"
                  "只导入本单位的，请加 --own 或 --dept 实施部门。",
                  file=sys.stderr)
        lines = [f"  新增  {label}" for label in preview.added] + [f"  修改  {change}" for change in preview.changed]
        for line in lines[:MAX_LISTED]:
            print(line)
        if len(lines) > MAX_LISTED:
            print(f"  ……另有 {len(lines) - MAX_LISTED} 条未列出。")
        _print_notes("自动修正", preview.repairs, sys.stderr)
        _print_notes("需要注意", preview.problems, sys.stderr)
        if args.dry_run:
            print("（预览，未导入。）")
            return 0
        if preview.command is None:
            print("没有需要导入的变化。")
            return 0
        UndoStack(session).push(preview.command)
        print(f"已导入：新增 {len(preview.added)} 条，修改 {len(preview.changed)} 条。")
        return 0
    finally:
        session.close()


def cmd_export(args: argparse.Namespace) -> int:
    from govcat_desktop.cli import CliError
    from govcat_desktop.services.notify import TerminalNotifier
    from govcat_desktop.services.session import Session
    from govcat_desktop.services.transfer import Cancelled, TransferError, export_task

    if args.task == "registration":  # the same as `govcat registration FILE --out DIR`
        from govcat_desktop.cli.national_cmds import cmd_registration

        return cmd_registration(args)
    # a catalog export records that its 信息资源代码 left the project (they are never renumbered afterwards)
    session = Session.open(args.file, readonly=args.blank or args.task not in ("catalog", "all"))
    try:
        try:
            paths = export_task(session, args.task, args.out, blank=args.blank, notifier=TerminalNotifier(),
                                pdf=args.pdf)
        except (TransferError, Cancelled) as exc:
            raise CliError(str(exc)) from None
    finally:
        session.close()
    for path in paths:
        print(path)
    return 0
