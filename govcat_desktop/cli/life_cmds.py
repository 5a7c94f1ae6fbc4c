"""`govcat changes`: the catalog's changes since the last submitted (or accepted) version (issue 22)."""

from __future__ import annotations

import argparse


def add_parsers(sub) -> None:
    p = sub.add_parser("changes", help="列出目录与上次报送（或上级已审核版本）相比的变化",
                       description="单位项目：列出新增、变更（字段前后）、注销的目录；--reason 填写变更原因。"
                                   "汇总项目：加 --unit 列出该单位与已审核版本相比的变化。")
    p.add_argument("file", help="项目文件 .govcat")
    p.add_argument("--unit", help="汇总项目：单位名称")
    p.add_argument("--reason", action="append", default=[], metavar="目录=原因[:说明]",
                   help="填写变更或注销原因，如 --reason 结婚证=纠错（可重复）")
    p.add_argument("--confirm", action="append", default=[], metavar="目录",
                   help="汇总项目：确认该单位注销的目录（可重复）")
    p.add_argument("--refuse", action="append", default=[], metavar="目录",
                   help="汇总项目：不同意注销该目录（须加 --note 写明理由，可重复）")
    p.add_argument("--note", default="", help="不予注销的理由")
    p.set_defaults(handler=cmd_changes)


def cmd_changes(args: argparse.Namespace) -> int:
    from govcat_desktop.cli import CliError
    from govcat_desktop.services.bureau import is_bureau
    from govcat_desktop.services.session import Session

    session = Session.open(args.file, readonly=not (args.reason or args.confirm or args.refuse))
    try:
        if is_bureau(session.project.info.role):
            if args.confirm or args.refuse:
                _decide(session, args)
            return _bureau(session, args.unit)
        if args.unit or args.confirm or args.refuse:
            raise CliError("--unit、--confirm、--refuse 只用于汇总项目（市大数据局或县（区）主管机构）。")
        return _unit(session, args.reason)
    finally:
        session.close()


def _unit(session, reasons: list[str]) -> int:
    from govcat_desktop.cli import CliError
    from govcat_desktop.services import revisions
    from govcat_desktop.services.bureau.review import field_label
    from govcat_desktop.services.rules import Refused

    for item in reasons:
        target, sep, rest = item.partition("=")
        reason, _, note = rest.partition(":")
        if not sep:
            raise CliError(f"--reason “{item}”的格式应为 目录名称=原因[:说明]。")
        try:
            print(revisions.set_reason(session, target, reason, note))
        except Refused as exc:
            raise CliError(f"{exc}未修改。") from None
    base, accepted = revisions.base_version(session)
    if base is None:
        print("还没有导出过目录，没有可比较的版本。")
        return 0
    what = "上级已审核的" if accepted else "上次导出的"
    found = revisions.changes(session)
    counts = revisions.summary(found)
    print(f"与{what}第{base.version}版相比：新增 {counts['新增']} 条，变更 {counts['变更']} 条，"
          f"注销 {counts['注销']} 条")
    missing = 0
    for c in found:
        reason = f"（原因：{c.reason}{'，' + c.note if c.note else ''}）" if c.reason else ""
        if c.accepted and c.mark != "新增" and not c.reason:
            reason, missing = "（缺少变更原因）", missing + 1
        print(f"{c.mark}\t{c.matter_code}\t{c.name}{reason}")
        for key, before, after in c.fields:
            label = field_label("catalog", key) if key != "matter_code" else "事项编码"
            print(f"\t{label}：{before or '（空）'} → {after or '（空）'}")
        if c.mark == "变更":
            for mark, name, before, after in c.items:
                print(f"\t信息项“{name}”：{mark}（{before or '无'} → {after or '无'}）")
    return 1 if missing else 0


def _decide(session, args: argparse.Namespace) -> None:
    """--confirm / --refuse: the bureau's decision on 注销 entries, each an undoable step like a review mark."""
    from govcat_desktop.cli import CliError
    from govcat_desktop.services.bureau import life
    from govcat_desktop.services.bureau.commands import DecideWithdrawn
    from govcat_desktop.services.commands import UndoStack
    from govcat_desktop.services.rules import Refused

    if not args.unit:
        raise CliError("请用 --unit 指明单位名称。")
    if args.refuse and not args.note.strip():
        raise CliError("不予注销时请用 --note 写明理由。未修改。")
    try:  # every name found before anything is written
        rows = [(life.find_withdrawn(session.store, args.unit, name), decision)
                for names, decision in ((args.confirm, life.CONFIRMED), (args.refuse, life.REFUSED)) for name in names]
    except Refused as exc:
        raise CliError(f"{exc}未修改。") from None
    history = UndoStack(session)
    for row, decision in rows:
        history.push(DecideWithdrawn(row.id, decision, args.note if decision == life.REFUSED else ""))
        print(f"注销目录“{row.name}”：{decision}")


def _bureau(session, unit: str | None) -> int:
    from govcat_desktop.cli import CliError
    from govcat_desktop.services.bureau.life import diff_lines, unit_changes
    from govcat_desktop.services.bureau.review import field_label

    if not unit:
        raise CliError("汇总项目请用 --unit 指明单位名称。")
    found = unit_changes(session.store, unit)
    if found is None:
        raise CliError(f"没有单位“{unit}”。")
    org_name, kept, changed, gone = found
    print(f"{org_name}：已审核且未变化 {kept} 条，有变化 {len(changed)} 条，注销 {len(gone)} 条")
    for _, _, code, name, mark, status, diff in changed:
        print(f"{mark}\t{code}\t{name}\t{status or '待审核'}")
        for line in diff_lines(diff, lambda k: field_label("catalog", k) if k != "matter_code" else "事项编码"):
            print(f"\t{line}")
    for g in gone:
        why = f"；不予注销：{g.bureau_note}" if g.bureau_note else ""
        print(f"注销\t{g.matter_code}\t{g.name}\t{g.status}（原因：{g.reason or '未填写'}"
              f"{'，' + g.note if g.note else ''}{why}）")
    return 0
