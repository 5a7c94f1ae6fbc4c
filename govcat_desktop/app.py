"""`govcat-desktop` — builds the QApplication and the main window; `--screenshot` renders offscreen."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="govcat-desktop", description="政务数据资源目录编制工具（桌面版）")
    parser.add_argument("file", nargs="?", help="要打开的项目文件（.govcat）")
    parser.add_argument("--readonly", action="store_true", help="以只读方式打开")
    parser.add_argument("--screenshot", metavar="OUT.png", help="把主窗口渲染为 PNG 后退出（不显示窗口）")
    parser.add_argument("--page", default="", help="截图的页面：start, new, overview, contacts, catalog, wizard, "
                                                   "demands, reviews, demand-wizard, bureau（汇总与审核）, "
                                                   "comments（审核意见）")
    parser.add_argument("--example", action="store_true", help="打开示例项目（副本）")
    return parser


def _install_excepthook(window_getter) -> None:
    """An unexpected error in a slot: log the traceback to a file, tell the clerk in one Chinese sentence."""
    import time
    import traceback

    from govcat_desktop.domain.text import visible
    from govcat_desktop.paths import user_data_dir

    def hook(exc_type, exc, tb) -> None:
        log = user_data_dir() / "logs" / "errors.log"
        try:
            log.parent.mkdir(parents=True, exist_ok=True)
            with log.open("a", encoding="utf-8") as fh:
                fh.write(f"--- {time.strftime('%Y-%m-%d %H:%M:%S')}\n")
                text = "".join(traceback.format_exception(exc_type, exc, tb))
                fh.write(visible(text, keep="\n"))  # a unit's name with ESC or U+202E is logged as a mark
        except OSError:
            pass
        window_getter().interaction.inform(
            "程序出错", f"刚才的操作没有完成：程序内部出错（{exc_type.__name__}）。已保存的内容不受影响。\n"
            f"详细信息已记录在“{log}”，请把该文件发给技术支持。", warning=True)

    sys.excepthook = hook


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.screenshot:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from govcat_desktop.ui.fonts import apply_cjk_font, install_chinese_qt_texts

    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("govcat")
    app.setApplicationDisplayName("政务数据资源目录编制工具")
    apply_cjk_font(app)
    install_chinese_qt_texts(app)
    from govcat_desktop.ui.screen import install_screen_guard

    if not args.screenshot:  # a screenshot renders a fixed 1280×800 window offscreen
        install_screen_guard(app)
    try:
        from govcat_desktop.services.interaction import Interaction
        from govcat_desktop.ui.dialogs import QtInteraction
        from govcat_desktop.ui.main_window import MainWindow

        # The one Interaction, installed here: Qt dialogs; --screenshot never blocks on a question (the headless
        # one says it on stderr and takes the safe answer).
        window = MainWindow(interaction=Interaction() if args.screenshot else QtInteraction())
        if not args.screenshot:
            _install_excepthook(lambda: window)
        page = args.page or ("overview" if args.file else "start")
        if args.file:
            if not window.open_project(args.file, readonly=args.readonly):
                if args.screenshot:
                    print(f"无法打开“{args.file}”", file=sys.stderr)
                    return 2
        elif args.example or (args.screenshot and page not in ("start", "new")):
            window.open_example()
        if args.screenshot:
            from govcat_desktop.ui.screenshot import PAGES, render

            if page not in PAGES:
                print(f"未知页面“{page}”，可选：{'、'.join(PAGES)}", file=sys.stderr)
                return 2
            render(window, Path(args.screenshot), page)
            window.close()
            return 0
        window.show()
        from PySide6.QtCore import QTimer

        from govcat_desktop import settings

        problem = settings.take_problem()  # a settings file that could not be read as it was: said once
        if problem:
            QTimer.singleShot(0, lambda: window.notifier.warning(problem))
        return app.exec()
    except Exception as exc:  # noqa: BLE001 - last resort: a Chinese line, never a traceback
        print(f"govcat-desktop 出错：{exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
