"""`govcat merge | report | board | review | feedback | accept-feedback | reply`: the bureau's and the unit's
review."""

from __future__ import annotations

import argparse
from pathlib import Path


def add_parsers(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("merge", help="汇总各单位报送的材料",
                       description="把各单位的可编辑电子版（.xlsx）或项目文件（.govcat）汇总到市大数据局或县（区）主管机构的项目；"
                                   "来源可以是文件夹；盖章版扫描件（PDF、JPEG、PNG、TIFF）按每页二维码与电子版比对。全部汇总成功退出码为0，有文件被跳过或扫描件有页面无法识别为1，什么也没有汇总或无法运行为2。")
    p.add_argument("file", help="汇总项目文件（.govcat，填报单位类型为市大数据局或县（区）主管机构）")
    p.add_argument("sources", nargs="+", help="报送文件或文件夹")
    p.add_argument("--same-unit", action="store_true",
                   help="统一社会信用代码或单位名称已由另一单位报送过的文件，作为同一单位接收（不加时这样的文件待汇总单位决定）")
    p.set_defaults(handler=cmd_merge)

    p = sub.add_parser("held", help="查看或决定待定的报送文件",
                       description="列出汇总时因单位身份不一致（统一社会信用代码已由另一单位报送，或单位名称已用另一代码报送）"
                                   "而待定的文件；--accept 作为同一单位接收，--refuse 拒收。")
    p.add_argument("file", help="汇总项目文件")
    decision = p.add_mutually_exclusive_group()
    decision.add_argument("--accept", help="把这个待定文件作为同一单位接收")
    decision.add_argument("--refuse", help="拒收这个待定文件")
    p.set_defaults(handler=cmd_held)

    p = sub.add_parser("report", help="生成督办表、各单位汇总表、全市清单和工作情况报告",
                       description="在 --out 文件夹中生成打印盖章用的督办表和各单位汇总表（工作簿和打印 PDF），"
                                   "电子版的全市政务数据资源目录清单、全市供需对接清单、可提供数据资源清单（可编辑电子版）、"
                                   "目录注册表和编制工作情况报告，并列出每个文件的路径。")
    p.add_argument("file")
    p.add_argument("--out", required=True, help="输出文件夹")
    p.add_argument("--full-print", action="store_true",
                   help="同时生成各全市清单的盖章版工作簿和打印 PDF（全市规模可达数万页，一般不需要）")
    p.set_defaults(handler=cmd_report)

    p = sub.add_parser("board", help="查看报送进度",
                       description="按单位列出各项任务的报送状态；有逾期单位时退出码为1。")
    p.add_argument("file")
    p.set_defaults(handler=cmd_board)

    p = sub.add_parser("review", help="审核某单位的目录（已审核／退回／意见）",
                       description="对汇总项目中某单位报送的目录作出审核结论，或把意见标注在字段、信息项上。")
    p.add_argument("file")
    p.add_argument("--unit", required=True, help="单位名称")
    p.add_argument("--entry", required=True, help="目录名称")
    p.add_argument("--matter", default="", help="事项编码（同名目录有多条时用来区分）")
    p.add_argument("--decision", choices=("已审核", "退回"), help="审核结论")
    p.add_argument("--field", default="", help="意见所针对的字段（如 共享类型）")
    p.add_argument("--item", default="", help="意见所针对的信息项名称")
    p.add_argument("--comment", default="", help="审核意见")
    p.set_defaults(handler=cmd_review)

    p = sub.add_parser("feedback", help="导出给各单位的审核意见文件",
                       description="为每个有审核意见的单位导出一个审核意见工作簿，发给该单位导入。")
    p.add_argument("file")
    p.add_argument("--out", required=True, help="输出文件夹")
    p.add_argument("--unit", default="", help="只导出这个单位的（单位名称）")
    p.set_defaults(handler=cmd_feedback)

    p = sub.add_parser("accept-feedback", help="导入上级的审核意见（单位使用）",
                       description="把上级发来的审核意见工作簿导入本单位项目；意见会显示在对应的字段和问题列表中。")
    p.add_argument("file", help="本单位项目文件")
    p.add_argument("feedback", help="审核意见工作簿（.xlsx）")
    p.set_defaults(handler=cmd_accept)

    p = sub.add_parser("resolve", help="答复一条审核意见（单位使用）", description="填写某条审核意见的处理情况。")
    p.add_argument("file")
    p.add_argument("token", help="意见编号（见审核意见工作簿 B 列或 govcat resolve 项目文件 --list）", nargs="?")
    p.add_argument("--answer", default="", help="处理说明")
    p.add_argument("--list", action="store_true", help="列出收到的全部审核意见")
    p.set_defaults(handler=cmd_resolve)

    p = sub.add_parser("reply", help="导出审核意见答复（单位使用）",
                       description="导出本单位对上级审核意见的答复工作簿，随重新报送的材料一并发送。")
    p.add_argument("file")
    p.add_argument("--out", required=True)
    p.set_defaults(handler=cmd_reply)


def _bureau(path: str, readonly: bool = False):
    """The bureau's project as a session (the same core, history and rules as the window's)."""
    from govcat_desktop.cli import CliError
    from govcat_desktop.services.bureau import is_bureau
    from govcat_desktop.services.session import Session

    session = Session.open(path, readonly=readonly)
    role = session.project.info.role
    if not is_bureau(role):
        session.close()
        raise CliError(f"“{Path(path).name}”的填报单位类型是“{role}”，"
                       "此命令只用于市大数据局或县（区）主管机构的汇总项目。")
    return session


def cmd_merge(args: argparse.Namespace) -> int:
    from govcat_desktop.services.bureau.merge_step import MergeSubmissions
    from govcat_desktop.services.commands import UndoStack
    from govcat_desktop.services.notify import TerminalNotifier

    session = _bureau(args.file)
    step = MergeSubmissions(list(args.sources), same_unit=args.same_unit, notifier=TerminalNotifier())
    try:
        UndoStack(session).push(step)  # the window's step: one history, one core (not kept across processes)
    finally:
        session.close()
    assert step.outcome is not None
    _print_outcome(step.outcome)
    return step.outcome.exit_code


def _print_outcome(outcome) -> None:
    from govcat_desktop.domain.text import visible

    for label, rows in (("跳过", outcome.skipped), ("待定", outcome.held), ("略过", outcome.ignored),
                        ("略过", outcome.passed)):
        for path, reason in rows:  # names from files are shown, never played back to the terminal
            print(visible(f"{label}  {path}：{reason}。"))
    aside = f"，略过 {len(outcome.ignored)} 个不需汇总的文件" if outcome.ignored else ""
    scans = f"、扫描件 {len(outcome.scans)} 个" if outcome.scans else ""
    held = f"，待定 {len(outcome.held)} 个（用 govcat held 查看并决定）" if outcome.held else ""
    answers = f"，略过答复 {len(outcome.passed)} 条" if outcome.passed else ""
    print(f"共汇总 {len(outcome.taken)} 个文件{scans}，跳过 {len(outcome.skipped)} 个{held}{aside}{answers}。")


def cmd_held(args: argparse.Namespace) -> int:
    from govcat_desktop.domain.text import visible
    from govcat_desktop.services.bureau import records
    from govcat_desktop.services.bureau.merge_step import DecideHeld
    from govcat_desktop.services.commands import UndoStack
    from govcat_desktop.services.notify import TerminalNotifier

    session = _bureau(args.file, readonly=not (args.accept or args.refuse))
    try:
        if args.accept or args.refuse:
            step = DecideHeld([args.accept or args.refuse], take=bool(args.accept), notifier=TerminalNotifier())
            UndoStack(session).push(step)
            assert step.outcome is not None
            outcome = step.outcome
        else:
            held = records.held(session)
            for h in held:
                print(visible(f"待定  {h.path}（{h.org_name}，{h.org_code or '无代码'}）：{h.reason}。"))
            print(f"共 {len(held)} 个待定文件。" if held else "没有待定的文件。")
            return 1 if held else 0
    finally:
        session.close()
    if args.refuse:
        print(visible(f"已拒收：{args.refuse}。"))
        return 0
    _print_outcome(outcome)
    return outcome.exit_code


def cmd_report(args: argparse.Namespace) -> int:
    from govcat_desktop.cli import CliError
    from govcat_desktop.services.bureau.outputs import write_outputs
    from govcat_desktop.services.notify import TerminalNotifier

    out = Path(args.out)
    if out.exists() and not out.is_dir():
        raise CliError(f"“{out}”不是文件夹。")
    session = _bureau(args.file, readonly=True)
    try:
        paths = write_outputs(session.store, out, TerminalNotifier(), full_print=args.full_print)
    except OSError as exc:
        raise CliError(f"无法写入“{out}”：{exc.strerror or exc}。") from exc
    finally:
        session.close()
    for p in paths:
        print(p)
    return 0


def cmd_board(args: argparse.Namespace) -> int:
    from govcat_desktop.domain.text import visible
    from govcat_desktop.services.bureau.board import TASKS, board, task_title

    session = _bureau(args.file, readonly=True)
    try:
        rows = board(session.store)
    finally:
        session.close()
    if not rows:
        print("还没有汇总任何单位的材料。用 govcat merge 汇总各单位报送的文件。")
        return 0
    for row in rows:
        flag = "【逾期】" if row.overdue else ""
        cells = []
        for t in TASKS:
            c = row.cells[t]
            if c.owed:
                extra = f" {c.received}" if c.received else ""
                extra += f"（第{c.history + 1}次报送）" if c.history else ""
                late = "（逾期）" if c.overdue else ""
                cells.append(f"{task_title(t)}：{c.state}{late}（错误{c.errors}/提醒{c.warnings}）{extra}"
                             f"；纸质版：{c.paper}")
        print(visible(f"{flag}{row.unit.org_name}（{row.unit.region}）"))  # a name received before issue 20
        for text in cells:
            print(visible(f"    {text}"))
    return 1 if any(r.overdue for r in rows) else 0


def _find_entry(session, unit_name: str, entry: str, matter: str) -> int:
    from govcat_desktop.cli import CliError
    from govcat_desktop.services.bureau import records

    rows = records.find_current_entries(session, unit_name, entry)
    if matter:
        rows = [r for r in rows if r[1] == matter]
    if not rows:
        raise CliError(f"在“{unit_name}”当前报送的目录中找不到“{entry}”。")
    if len(rows) > 1:
        raise CliError(f"“{unit_name}”有 {len(rows)} 条名为“{entry}”的目录，请用 --matter 指定事项编码。")
    return rows[0][0]


def cmd_review(args: argparse.Namespace) -> int:
    from govcat_desktop.cli import CliError
    from govcat_desktop.services.bureau import review
    from govcat_desktop.services.bureau.commands import AddComment, MarkEntry
    from govcat_desktop.services.commands import UndoStack

    if not args.decision and not args.comment:
        raise CliError("请给出 --decision（已审核／退回）或 --comment（审核意见）。")
    session = _bureau(args.file)
    try:
        history = UndoStack(session)  # the window's commands, on a history of this run's own
        entry_id = _find_entry(session, args.unit, args.entry, args.matter)
        if args.field or args.item:
            field = review.field_key("item" if args.item else "catalog", args.field) if args.field else ""
            history.push(AddComment(entry_id, args.comment, field, args.item or ""))
            if args.decision:
                history.push(MarkEntry(entry_id, args.decision, args.comment or ""))
        elif args.decision:
            history.push(MarkEntry(entry_id, args.decision, args.comment or ""))
        else:
            history.push(AddComment(entry_id, args.comment))
    finally:
        session.close()
    print(f"已记录对“{args.unit} / {args.entry}”的审核意见。")
    return 0


def cmd_feedback(args: argparse.Namespace) -> int:
    from govcat_desktop.cli import CliError
    from govcat_desktop.services.bureau import review
    from govcat_desktop.services.bureau import records

    session = _bureau(args.file, readonly=True)
    try:
        ids = None
        if args.unit:
            ids = [u.id for u in records.units(session) if u.org_name == args.unit]
            if not ids:
                raise CliError(f"汇总项目中没有单位“{args.unit}”。")
        paths = review.export_feedback(session.store, Path(args.out), ids)
    finally:
        session.close()
    if not paths:
        print("没有需要发出的审核意见。")
    for p in paths:
        print(p)
    return 0


def cmd_accept(args: argparse.Namespace) -> int:
    from govcat_desktop.services.bureau import review
    from govcat_desktop.services.session import Session

    session = Session.open(args.file)
    try:
        from govcat_desktop.services.bureau.commands import ImportFeedback
        from govcat_desktop.services.commands import UndoStack

        step = ImportFeedback(str(Path(args.feedback)))  # the window's step, through the same rules
        UndoStack(session).push(step)
        added, updated = step.added, step.updated
        pending = len(review.received_comments(session, open_only=True))
        from govcat_desktop.services.bureau.life import refused_withdrawals

        refused = refused_withdrawals(session)
    finally:
        session.close()
    print(f"已导入审核意见：新增 {added} 条，更新 {updated} 条；待处理 {pending} 条。")
    for c in refused:  # issue 22: a 注销 the bureau did not agree to
        print(f"上级不同意注销目录“{c.record_name}”：{c.message}")
    return 0


def cmd_resolve(args: argparse.Namespace) -> int:
    from govcat_desktop.cli import CliError
    from govcat_desktop.services.bureau import review
    from govcat_desktop.services.session import Session

    session = Session.open(args.file, readonly=args.list)
    try:
        comments = review.received_comments(session)
        if args.list or not args.token:
            for c in comments:
                state = "已处理" if c.status == "resolved" else "未处理"
                decision = c.decision + "，" if c.decision else ""
                print(f"{c.token}  {state}  {review.comment_title(c)}：{decision}{c.message}")
            if not comments:
                print("没有收到审核意见。")
            return 0
        match = [c for c in comments if c.token == args.token]
        if not match:
            raise CliError(f"没有编号为“{args.token}”的审核意见。")
        review.resolve(session, match[0].id, args.answer)
    finally:
        session.close()
    print("已记录处理情况。")
    return 0


def cmd_reply(args: argparse.Namespace) -> int:
    from govcat_desktop.services.bureau import review
    from govcat_desktop.services.session import Session

    session = Session.open(args.file, readonly=True)
    try:
        path = review.export_reply(session, Path(args.out))
    finally:
        session.close()
    print(path)
    return 0
