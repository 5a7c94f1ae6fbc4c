"""`govcat` — the headless command line: same use cases as the app, for scripts and the bureau."""

from __future__ import annotations

import argparse
import importlib
import sys

# Each command module offers add_parsers(subparsers) and imports heavy modules only inside its
# handlers, so `govcat --help` stays fast. Later features append a module here; each must exist.
COMMAND_MODULES = (
    "govcat_desktop.cli.project_cmds",
    "govcat_desktop.cli.exchange_cmds",
    "govcat_desktop.cli.bureau_cmds",
    "govcat_desktop.cli.national_cmds",
    "govcat_desktop.cli.catalog_cmds",
    "govcat_desktop.cli.life_cmds",
    "govcat_desktop.cli.package_cmds",
)

# Which module offers each command: a command line names one, and only its module's parsers are built (all 24 cost
# about 25 ms, a twentieth of `govcat validate`); help, no command or an unknown one build them all.
# tests/cli/test_parser.py checks this map against what the modules register.
COMMANDS = {
    **dict.fromkeys(("new", "settings", "info", "validate", "dump", "set-status"), "project_cmds"),
    **dict.fromkeys(("import", "export"), "exchange_cmds"),
    **dict.fromkeys(("merge", "held", "report", "board", "review", "feedback", "accept-feedback", "resolve", "reply"),
                    "bureau_cmds"),
    **dict.fromkeys(("codes", "registration"), "national_cmds"),
    **dict.fromkeys(("bulk-set", "drafts"), "catalog_cmds"),
    "changes": "life_cmds",
    **dict.fromkeys(("assign", "package"), "package_cmds"),
}

EXIT_OK, EXIT_FINDINGS, EXIT_CANNOT_RUN = 0, 1, 2


class CliError(Exception):
    """A failure to report as one Chinese line (exit 2)."""

    def __init__(self, message: str, detail: str = "", code: int = EXIT_CANNOT_RUN) -> None:
        super().__init__(message)
        self.message = message
        self.detail = detail
        self.code = code


# argparse's own texts (usage, help, its error messages), in the user's language: argparse asks gettext for each
# (`argparse._`, `argparse.ngettext`); a text not listed stays as argparse has it.
_ARGPARSE_TEXTS = {
    "usage: ": "用法：",
    "positional arguments": "参数",
    "options": "选项",
    "show this help message and exit": "显示本帮助并退出",
    "argument %(argument_name)s: %(message)s": "参数 %(argument_name)s：%(message)s",
    "invalid choice: %(value)r (choose from %(choices)s)": "无效的选择 %(value)r（可选：%(choices)s）",
    "the following arguments are required: %s": "缺少必需的参数：%s",
    "unrecognized arguments: %s": "无法识别的参数：%s",
    "not allowed with argument %s": "不能与参数 %s 同时使用",
    "one of the arguments %s is required": "参数 %s 必须给出其中之一",
    "expected one argument": "需要一个值",
    "expected at most one argument": "最多一个值",
    "expected at least one argument": "至少需要一个值",
    "ambiguous option: %(option)s could match %(matches)s": "选项 %(option)s 有歧义，可能是：%(matches)s",
    "invalid %(type)s value: %(value)r": "%(value)r 不是有效的 %(type)s 值",
    "ignored explicit argument %r": "多余的参数 %r",
    "unexpected option string: %s": "意外的选项：%s",
    "can't open '%(filename)s': %(error)s": "无法打开“%(filename)s”：%(error)s",
}


def _ngettext(one: str, many: str, n: int) -> str:
    return "需要 %s 个值" if one.startswith("expected") else (one if n == 1 else many)


argparse._ = lambda text: _ARGPARSE_TEXTS.get(text, text)
argparse.ngettext = _ngettext


# What the usage and help lines show for a value (argparse would show the English dest: file, ORG_NAME, OUT …).
METAVARS = {
    "file": "项目文件", "role": "单位类型", "org_name": "单位名称", "org_code": "信用代码", "region": "地区",
    "parent": "上级单位", "year": "年度", "entry": "目录名称", "matter": "事项", "note": "意见", "sources": "文件",
    "out": "文件夹", "accept": "文件", "refuse": "文件", "unit": "单位名称", "field": "字段", "item": "信息项",
    "comment": "意见", "feedback": "审核意见工作簿", "token": "意见编号", "answer": "处理说明", "value": "值",
    "dept": "实施部门", "package": "工作包文件",
}


class _Parser(argparse.ArgumentParser):
    def _add_action(self, action: argparse.Action) -> argparse.Action:  # every argument, a group's too
        if action.metavar is None and action.nargs != 0 and not action.choices and action.dest in METAVARS:
            action.metavar = METAVARS[action.dest]
        if action.dest == "file" and not action.option_strings and not action.help:
            action.help = "项目文件（.govcat）"
        return super()._add_action(action)

    def error(self, message: str) -> None:  # argparse's own errors, in the user's language
        self.print_usage(sys.stderr)
        print(f"错误：命令参数有误：{message}", file=sys.stderr)
        raise SystemExit(EXIT_CANNOT_RUN)


def build_parser(argv: list[str] | None = None) -> argparse.ArgumentParser:
    """The parser of `govcat`; given the command line, only the parsers of the module that offers its command."""
    parser = _Parser(
        prog="govcat",
        description="govcat：政务数据资源目录与供需对接清单离线编制工具（命令行）。",
    )
    parser.add_argument("--verbose", "-v", action="store_true", help="出错时显示详细信息")
    parser.add_argument("--version", action="version", version=_version(), help="显示版本号并退出")
    sub = parser.add_subparsers(dest="command", metavar="命令", parser_class=_Parser)
    command = _command(argv)
    modules = [f"govcat_desktop.cli.{COMMANDS[command]}"] if command in COMMANDS else COMMAND_MODULES
    for name in modules:  # a missing command module is a bug: it fails loudly, never silently
        importlib.import_module(name).add_parsers(sub)
    return parser


def _command(argv: list[str] | None) -> str | None:
    """The command a command line names (its first word that is not an option), None when it asks for the general
    help or the version first, or names none."""
    for arg in argv or ():
        if arg in ("-h", "--help", "--version"):
            return None
        if not arg.startswith("-"):
            return arg
    return None


def _version() -> str:
    from govcat_desktop import __version__

    return f"govcat {__version__}"


def _terminate_as_interrupt() -> None:
    """SIGTERM (a closed terminal, `kill`, a service manager) stops a command like Ctrl+C: cleanup runs, workers end."""
    import signal
    import threading

    def stop(_signum, _frame):
        raise KeyboardInterrupt

    if threading.current_thread() is threading.main_thread() and hasattr(signal, "SIGTERM"):
        signal.signal(signal.SIGTERM, stop)


def main(argv: list[str] | None = None) -> int:
    from govcat_desktop.domain.text import visible

    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            try:
                stream.reconfigure(encoding="utf-8")
            except (ValueError, OSError):
                pass
    argv = sys.argv[1:] if argv is None else argv
    parser = build_parser(argv)
    args = parser.parse_args(argv)
    _terminate_as_interrupt()
    if not getattr(args, "handler", None):
        parser.print_help()
        return EXIT_CANNOT_RUN
    from govcat_desktop import settings

    problem = settings.take_problem()  # a settings file that could not be read as it was: said once
    if problem:
        print(f"提示：{problem}", file=sys.stderr)
    try:
        return int(args.handler(args) or 0)
    except CliError as exc:
        print(f"错误：{visible(exc.message, keep=chr(10))}", file=sys.stderr)
        if args.verbose and exc.detail:
            print(exc.detail, file=sys.stderr)
        return exc.code
    except KeyboardInterrupt:
        print("已取消。", file=sys.stderr)
        return EXIT_CANNOT_RUN
    except Exception as exc:  # noqa: BLE001 - no traceback reaches a user
        from govcat_desktop.storage.errors import ProjectFileError

        from govcat_desktop.services.rules import Refused

        if isinstance(exc, Refused):  # a rule of the domain said no (the GUI says the same sentence)
            print(f"错误：{visible(exc.message, keep=chr(10))}", file=sys.stderr)
            return EXIT_CANNOT_RUN
        if isinstance(exc, ProjectFileError):
            print(f"错误：{visible(exc.message, keep=chr(10))}", file=sys.stderr)
            if args.verbose and exc.detail:
                print(exc.detail, file=sys.stderr)
            return EXIT_CANNOT_RUN
        if isinstance(exc, OSError):  # a folder that is read-only, a full disk, a name too long: said in Chinese
            from govcat_desktop.services.atomic import describe

            where = f"“{visible(str(exc.filename))}”" if exc.filename else "文件"
            print(f"错误：无法读写{where}：{describe(exc)}。", file=sys.stderr)
            if args.verbose:
                print(str(exc), file=sys.stderr)
            return EXIT_CANNOT_RUN
        print(f"错误：处理时发生意外问题（{type(exc).__name__}）。加 --verbose 可查看详细信息。", file=sys.stderr)
        if args.verbose:
            import traceback

            traceback.print_exc()
        return EXIT_CANNOT_RUN
