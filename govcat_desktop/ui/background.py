"""Long work off the GUI thread: a QRunnable, a thread-safe notifier and a cancellable progress dialog."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QEventLoop, QObject, QRunnable, Qt, QThreadPool, QTimer, Signal
from PySide6.QtWidgets import QMainWindow, QProgressDialog, QWidget

from govcat_desktop.services.interaction import Interaction


class _Signals(QObject):
    progress = Signal(int, int, str)
    message = Signal(str, str)
    finished = Signal()


class ThreadNotifier:
    """Notifier used by work in a worker thread: forwards to the GUI via queued signals."""

    def __init__(self, signals: _Signals) -> None:
        self._signals = signals
        self.cancelled = threading.Event()

    def info(self, message: str) -> None:
        self._signals.message.emit("info", message)

    def warning(self, message: str) -> None:
        self._signals.message.emit("warning", message)

    def progress(self, done: int, total: int, label: str = "") -> bool:
        self._signals.progress.emit(done, total, label)
        return not self.cancelled.is_set()


class _Job(QRunnable):
    def __init__(self, fn: Callable[[Any], Any], notifier: ThreadNotifier, signals: _Signals) -> None:
        super().__init__()
        self.setAutoDelete(False)
        self.fn = fn
        self.notifier = notifier
        self.signals = signals
        self.result: Any = None
        self.error: BaseException | None = None

    def run(self) -> None:
        try:
            self.result = self.fn(self.notifier)
        except BaseException as exc:  # noqa: BLE001 - handed back to the GUI thread and re-raised there
            self.error = exc
        finally:
            self.signals.finished.emit()


def run_in_background(parent: QWidget | None, fn: Callable[[Any], Any], label: str, *, cancellable: bool = True,
                      on_message: Callable[[str, str], None] | None = None, delay_ms: int = 400) -> Any:
    """Run fn(notifier) in a worker thread; keep the window responsive; show progress after `delay_ms`.

    Returns fn's result (re-raises its exception). When the clerk cancels, the notifier's progress()
    returns False and fn is expected to stop soon; its return value is still returned.
    """
    signals = _Signals()
    notifier = ThreadNotifier(signals)
    job = _Job(fn, notifier, signals)
    loop = QEventLoop()
    dialog = QProgressDialog(label, "取消" if cancellable else "", 0, 0, parent)
    dialog.setObjectName("progress")
    dialog.setWindowTitle("请稍候")
    dialog.setMinimumWidth(480)  # the title bar shows 请稍候 and the program's name in full, not "请稍候 ... 编制工具"
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setMinimumDuration(0)
    dialog.setAutoClose(False)
    dialog.setAutoReset(False)
    if not cancellable:
        dialog.setCancelButton(None)
    dialog.canceled.connect(notifier.cancelled.set)
    dialog.hide()
    show_timer = QTimer()
    show_timer.setSingleShot(True)
    show_timer.timeout.connect(dialog.show)
    show_timer.start(delay_ms)

    def on_progress(done: int, total: int, text: str) -> None:
        if dialog.wasCanceled():
            notifier.cancelled.set()
            return
        dialog.setMaximum(max(total, 0))
        dialog.setValue(min(done, total) if total > 0 else 0)
        if text:
            dialog.setLabelText(text)

    signals.progress.connect(on_progress)
    if on_message is not None:
        signals.message.connect(on_message)
    signals.finished.connect(loop.quit, Qt.ConnectionType.QueuedConnection)
    QThreadPool.globalInstance().start(job)
    loop.exec()
    show_timer.stop()
    dialog.close()
    dialog.deleteLater()
    if job.error is not None:
        raise job.error
    return job.result


class GuiNotifier:
    """Notifier for work on the GUI thread: info → status bar, warning → a message box."""

    def __init__(self, window: QMainWindow, interaction: Interaction) -> None:
        self.window = window
        self.interaction = interaction

    def info(self, message: str) -> None:
        self.window.statusBar().showMessage(message, 8000)

    def warning(self, message: str) -> None:
        self.interaction.inform("提醒", message, warning=True, parent=self.window)

    def progress(self, done: int, total: int, label: str = "") -> bool:
        self.window.statusBar().showMessage(f"{label} {done}/{total}" if total else label, 2000)
        return True


class ValidationJob(QRunnable):
    """Whole validation in the thread pool (the job reads the file on its own connection: Workspace)."""

    class Signals(QObject):
        done = Signal(int, object)

    def __init__(self, generation: int, validate: Callable[[], list]) -> None:
        super().__init__()
        self.generation = generation
        self.validate = validate
        self.signals = ValidationJob.Signals()

    def run(self) -> None:
        try:
            findings = self.validate()
        except Exception:  # noqa: BLE001 - the project changed under us; the next round validates again
            findings = None
        try:
            self.signals.done.emit(self.generation, findings)
        except RuntimeError:  # the window closed while validating
            pass
