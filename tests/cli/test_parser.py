"""The command line's parser: built for the command named (COMMANDS says which module offers it), in Chinese."""

from __future__ import annotations

import importlib
import subprocess
import sys

from govcat_desktop import cli


def _registered(module: str) -> set[str]:
    parser = cli._Parser(prog="govcat")
    sub = parser.add_subparsers(dest="command", parser_class=cli._Parser)
    importlib.import_module(module).add_parsers(sub)
    return set(sub.choices)


def test_the_command_map_is_what_the_modules_register() -> None:
    for module in cli.COMMAND_MODULES:
        short = module.rsplit(".", 1)[1]
        assert _registered(module) == {c for c, m in cli.COMMANDS.items() if m == short}, module


def _choices(parser) -> set[str]:
    return set(next(a for a in parser._actions if a.dest == "command").choices)


def test_only_the_named_command_s_module_is_built_and_help_lists_every_command() -> None:
    assert _choices(cli.build_parser(["validate", "x.govcat"])) == _registered("govcat_desktop.cli.project_cmds")
    assert _choices(cli.build_parser(["-v", "merge", "x.govcat", "y"])) == _registered("govcat_desktop.cli.bureau_cmds")
    everything = set(cli.COMMANDS)
    for argv in (None, [], ["--help"], ["-h", "validate"], ["nosuch"], ["--version"]):
        assert _choices(cli.build_parser(argv)) == everything, argv


def test_argparse_s_own_messages_are_chinese(tmp_path) -> None:
    env_home = {"HOME": str(tmp_path), "XDG_CONFIG_HOME": str(tmp_path), "XDG_DATA_HOME": str(tmp_path)}
    for argv, said in ((["nosuch"], "无效的选择"), (["validate"], "缺少必需的参数"),
                       (["validate", "a.govcat", "b"], "无法识别的参数"), (["--help"], "显示本帮助并退出")):
        proc = subprocess.run([sys.executable, "-m", "govcat_desktop.cli", *argv], capture_output=True, text=True,
                              encoding="utf-8", env={**__import__("os").environ, **env_home}, timeout=60)
        text = proc.stdout + proc.stderr
        assert said in text, (argv, text)
        for english in ("invalid choice", "the following arguments are required", "unrecognized arguments",
                        "show this help message", "usage:"):
            assert english not in text, (argv, text)


def test_every_value_a_command_takes_is_named_in_chinese() -> None:
    """The usage and help lines name each value as the clerk knows it (项目文件, 单位名称 …), not argparse's
    English dest (file, ORG_NAME, SOURCE); a closed list shows its values."""
    import argparse

    sub = next(a for a in cli.build_parser(None)._actions if isinstance(a, argparse._SubParsersAction))
    english = []
    for name, parser in sub.choices.items():
        for action in parser._actions:
            if action.nargs == 0 or action.choices or isinstance(action, argparse._HelpAction):
                continue
            if action.metavar is None or str(action.metavar).isascii():
                english.append(f"{name} {action.dest}")
        usage = parser.format_help()
        assert "FILE" not in usage and "SOURCE" not in usage, name
    assert not english
