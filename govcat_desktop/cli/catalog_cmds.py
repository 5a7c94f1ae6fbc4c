"""Catalog bulk work from the command line: 批量设置 one field, and drafts for every uncatalogued matter."""

from __future__ import annotations

import argparse


def add_parsers(sub) -> None:
    p = sub.add_parser("bulk-set", help="批量设置目录的一个字段（一次修改，可在程序中撤销）",
                       description="把所选目录（默认全部；--matter 按事项编码或名称筛选）的一个字段设为同一个值。")
    p.add_argument("file", help="项目文件 .govcat")
    p.add_argument("--field", required=True, help="字段，列名（如 网络环境、共享类型）")
    p.add_argument("--value", required=True, help="新的值（多个共享方式用“、”分隔）")
    p.add_argument("--matter", action="append", default=[], help="只改这些事项（编码或名称，可重复）")
    p.add_argument("--force", action="store_true", help="会新增错误时也修改")
    p.set_defaults(handler=cmd_bulk_set)
    p = sub.add_parser("drafts", help="为未编目的事项生成草稿目录（草稿未经人工确认）",
                       description="按 resources/drafts/rules.toml 的规则、本单位相似事项的目录和证照库，"
                                   "为每个还没有目录的事项生成一个草稿。")
    p.add_argument("file", help="项目文件 .govcat")
    p.add_argument("--dry-run", action="store_true", help="只列出草稿，不写入")
    p.set_defaults(handler=cmd_drafts)


def _open(path: str):
    from govcat_desktop.services.session import Session

    return Session.open(path)


def cmd_bulk_set(args: argparse.Namespace) -> int:
    from govcat_desktop.cli import CliError
    from govcat_desktop.services import bulk
    from govcat_desktop.services import entry_cells as EC
    from govcat_desktop.services.commands import UndoStack
    from govcat_desktop.services.rules import check_write

    col = EC.BY_HEADER.get(args.field) or EC.BY_KEY.get(args.field)
    if col is None or not col.editable:
        names = "、".join(c.header for c in EC.COLUMNS if c.editable)
        raise CliError(f"没有可修改的字段“{args.field}”。可用的字段：{names}")
    session = _open(args.file)
    try:
        wanted = set(args.matter)
        ids = [e.id for m in session.project.matters if not wanted or m.code in wanted or m.name in wanted
               for e in m.entries]
        command = bulk.set_field(session, ids, col.key, args.value)
        if command is None:
            print(f"没有需要修改的目录（{len(ids)} 个目录的“{col.header}”已是该值，或有错误不能设为“已审核”）。")
            return 0
        check_write(session, command)  # the rules before the question of new errors (push checks them too)
        warning = bulk.warning_text(session, command)
        if warning and not args.force:
            raise CliError(warning + "未修改；确需修改请加 --force。", code=1)
        UndoStack(session).push(command)  # the rules every write passes (services.rules): a Refused exits 2
        print(f"已修改 {len(command.pairs)} 个目录的“{col.header}”。{warning}{command.skipped_text}")
        return 0
    finally:
        session.close()


def cmd_drafts(args: argparse.Namespace) -> int:
    from govcat_desktop.services import drafts
    from govcat_desktop.services.commands import UndoStack

    session = _open(args.file)
    try:
        found = drafts.propose(session)
        for d in found:
            matter = session.matters[d.matter_id]
            print(f"{matter.code}\t{matter.name}\t→ {d.entry.name}"
                  f"（{len(d.entry.items)} 个信息项；依据：{'、'.join(d.basis)}）")
        if not found:
            print("每个事项都已有目录，没有生成草稿。")
            return 0
        if not args.dry_run:
            UndoStack(session).push(drafts.accept(found))
            print(f"已新增 {len(found)} 个草稿目录（状态“草稿”，未经人工确认，请在目录总表中核对并确认）。")
        return 0
    finally:
        session.close()
