"""Run govcat's desktop app as a user does and log what each view repaints, for a real-window trial (issue #24).

    .venv/bin/python -m tests.tools.repaint_watch --log FILE [govcat-desktop arguments…]

starts the real app (govcat_desktop.app.main, the Qt dialogs installed) and, every half second, attaches to every
item model in its windows: each modelReset, layoutChanged, rowsInserted / rowsRemoved and dataChanged is written to
FILE with the model's class, the rows and columns it names and the time — and each step of the history (push, undo,
redo) with the entries and matters its Changes name. Read beside the screenshots it shows which rows a page
repainted after a bulk edit, an undo, a paste or a review mark, and whether anything was reset. Nothing in the app
is changed: the spies only listen to the models' own signals.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--log", type=Path, required=True)
    args, rest = parser.parse_known_args(argv)
    import shiboken6
    from PySide6.QtCore import QAbstractItemModel, QTimer
    from PySide6.QtWidgets import QApplication

    from govcat_desktop import app as govcat_app

    qapp = QApplication(sys.argv[:1])
    log = args.log.open("a", encoding="utf-8", buffering=1)
    t0 = time.perf_counter()
    seen: set[int] = set()
    kept: list[object] = []  # the models watched, so that an id() is not reused while they live

    def say(text: str) -> None:
        if log.closed:  # the models' last signals while the app tears its window down
            return
        log.write(f"{time.perf_counter() - t0:9.3f}  {text}\n")

    def rows(model: QAbstractItemModel) -> str:
        return str(model.rowCount()) if shiboken6.isValid(model) else "?"  # a model the app is tearing down

    def under(parent) -> str:
        return f" (under row {parent.row()})" if parent.isValid() else ""

    def watch(model: QAbstractItemModel) -> None:
        name = f"{type(model).__name__}({model.objectName() or hex(id(model))[-4:]})"
        model.modelReset.connect(lambda: say(f"{name} modelReset ({rows(model)} rows)"))
        model.layoutChanged.connect(lambda *_a: say(f"{name} layoutChanged"))
        model.rowsInserted.connect(lambda p, a, b: say(f"{name} rowsInserted {a}–{b}{under(p)}"))
        model.rowsRemoved.connect(lambda p, a, b: say(f"{name} rowsRemoved {a}–{b}{under(p)}"))
        model.dataChanged.connect(lambda tl, br, *_r: say(
            f"{name} dataChanged rows {tl.row()}–{br.row()} columns {tl.column()}–{br.column()}"
            + under(tl.parent())))

    def attach() -> None:
        for top in qapp.topLevelWidgets():
            history = getattr(getattr(top, "workspace", None), "history", None)
            if history is not None and id(history) not in seen:
                seen.add(id(history))
                kept.append(history)
                history.applied.connect(lambda c: say(
                    f"history step: {len(c.entries)} entries, {len(c.matters)} matters, structural={c.structural}, "
                    f"records={sorted(c.records)}, bureau={sorted(c.bureau)}, reloaded={c.reloaded}"))
            models = top.findChildren(QAbstractItemModel)
            fresh = [m for m in models if id(m) not in seen]
            for model in fresh:
                seen.add(id(model))
                kept.append(model)
                watch(model)
            if fresh:
                say(f"watching {len(fresh)} more models of {type(top).__name__}")

    def attach_said() -> None:
        try:
            attach()
        except Exception as exc:  # noqa: BLE001 - a trial tool: say what broke and go on
            say(f"attach failed: {exc!r}")

    timer = QTimer()
    timer.timeout.connect(attach_said)
    timer.start(500)
    say("started")
    try:
        return govcat_app.main(rest)
    finally:
        say("exit")
        log.close()


if __name__ == "__main__":
    sys.exit(main())
