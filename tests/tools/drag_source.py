"""A drag source in a process of its own, for trying drag and drop into govcat in a real window (issue #19).

    .venv/bin/python -m tests.tools.drag_source [--geometry X,Y,W,H] FILE_OR_FOLDER...

shows a small window with a label listing what it carries; a mouse press on it starts a QDrag whose QMimeData holds
the paths as file URLs (text/uri-list), as a file manager's drag does. Driven with xdotool (mousemove onto the
label, mousedown, mousemove in steps onto govcat's window, mouseup) it makes a real XDND drop between two processes
under X11 (Xvfb + a window manager, QT_QPA_PLATFORM=xcb). It prints the drop's outcome (the action the target took:
CopyAction when govcat accepted the drop, IgnoreAction when it refused it) on stdout and stays open for the next drag.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="+", type=Path)
    parser.add_argument("--geometry", default="0,560,420,180", help="X,Y,W,H of the window")
    args = parser.parse_args(argv)
    from PySide6.QtCore import QMimeData, Qt, QUrl
    from PySide6.QtGui import QDrag
    from PySide6.QtWidgets import QApplication, QLabel

    app = QApplication(sys.argv[:1])
    paths = [p.resolve() for p in args.paths]

    class Source(QLabel):
        def mousePressEvent(self, event) -> None:  # noqa: N802 - Qt's name
            if event.button() != Qt.MouseButton.LeftButton:
                return
            mime = QMimeData()
            mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
            drag = QDrag(self)
            drag.setMimeData(mime)
            result = drag.exec(Qt.DropAction.CopyAction | Qt.DropAction.MoveAction, Qt.DropAction.CopyAction)
            print(f"drop: {result.name}", flush=True)

    label = Source("拖动这些文件：\n" + "\n".join(p.name for p in paths))
    label.setWindowTitle("drag-source")
    label.setAlignment(Qt.AlignmentFlag.AlignCenter)
    label.setStyleSheet("background: #fffbe6; border: 2px dashed #c9a227; font-size: 13px;")
    x, y, w, h = (int(v) for v in args.geometry.split(","))
    label.setGeometry(x, y, w, h)
    label.show()
    print("ready", flush=True)
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
