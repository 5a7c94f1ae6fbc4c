"""File menu use cases of the main window: new, open (with recovery and read-only), example, save, save as."""

from __future__ import annotations

import os
from pathlib import Path

from govcat_desktop import settings
from govcat_desktop.services import recovery
from govcat_desktop.services.example import materialise_example
from govcat_desktop.services.session import Session
from govcat_desktop.storage.errors import ProjectFileError

BIG_FILE = 2 * 1024 * 1024  # open in the background above this size


def default_folder() -> Path:
    recent = settings.get("recent_files") or []
    for path in recent:
        if Path(path).parent.is_dir():
            return Path(path).parent
    docs = Path.home() / "Documents"
    return docs if docs.is_dir() else Path.home()


class FileOps:
    """Mixed into MainWindow."""

    def new_project(self) -> None:
        from govcat_desktop.ui.new_project import NewProjectWizard

        answer = self.interaction.form("新建项目", NewProjectWizard, self.forms, default_folder(), self.interaction,
                                       parent=self)
        if answer is None:
            return
        path, info = answer
        self.create_project(path, info)

    def create_project(self, path: Path, info) -> bool:
        try:
            session = Session.create(path, info, self.forms)
        except ProjectFileError as exc:
            self.interaction.inform("不能新建项目", exc.message, warning=True)
            return False
        settings.add_recent(path)
        self.set_session(session)
        self.notifier.info(f"已新建项目“{path.name}”。")
        from govcat_desktop.ui.project_settings_dialog import offer_next_year

        # made on 2026-12-01 for 2026: every deadline past
        offer_next_year(self.interaction, session, self.forms, self.push)
        return True

    def open_dialog(self) -> None:
        path = self.interaction.open_file("打开项目", str(default_folder()), parent=self)
        if path:
            self.open_project(path)

    def open_example(self) -> bool:
        try:
            path = materialise_example(forms=self.forms)
        except ProjectFileError as exc:
            self.interaction.inform("不能打开示例项目", exc.message, warning=True)
            return False
        return self.open_project(str(path), remember=False)

    def open_project(self, path: str | os.PathLike[str], readonly: bool = False, remember: bool = True) -> bool:
        """Open a project; offers read-only when it is locked, its newest backup when it is damaged."""
        path = Path(path).absolute()  # the folder of every later dialog (导出…, 导出工作包…), the recent files
        try:
            session = self._load_session(path, readonly)
        except ProjectFileError as exc:
            return self._open_failed(path, exc)
        if remember:
            settings.add_recent(path)
        self.set_session(session)
        if session.readonly:
            self.notifier.info("项目以只读方式打开：可以查看、导出，不能修改。")
        return True

    def _load_session(self, path: Path, readonly: bool) -> Session:
        size = path.stat().st_size if path.is_file() else 0
        if size < BIG_FILE:
            return Session.open(path, readonly=readonly, forms=self.forms)
        forms = self.forms

        def work(notifier):
            notifier.progress(0, 0, f"正在打开“{path.name}”…")
            return Session.open(path, readonly=readonly, forms=forms)

        return self.run_in_background(work, f"正在打开“{path.name}”…", cancellable=False)

    def _open_failed(self, path: Path, exc: ProjectFileError) -> bool:
        if exc.code == "locked" or exc.code == "readonly":
            if self.interaction.confirm("项目正在使用", exc.message, yes="以只读方式打开", no="取消"):
                return self.open_project(path, readonly=True)
            return False
        if exc.code in ("unreadable", "notproject", "corrupt", "error") and path.is_file():
            backup = recovery.newest_backup(path)
            if backup is not None:
                text = (f"{exc.message}\n\n找到该项目的备份（{backup.name}）。"
                        "可以把备份另存为一个新项目打开，原文件保持不动。")
                if self.interaction.confirm("项目无法打开", text, yes="打开最新备份（副本）", no="取消"):
                    try:
                        copy = recovery.open_backup_as_copy(backup, original=path)
                    except ProjectFileError as err:
                        self.interaction.inform("不能恢复", err.message, warning=True)
                        return False
                    return self.open_project(copy)
                return False
        self.interaction.inform("项目无法打开", exc.message, warning=True)
        return False

    def save(self) -> None:
        """Every edit is already in the file; Ctrl+S confirms it."""
        if self.session is None:
            return
        self._flush()
        self.notifier.info("已全部保存（每次修改都已立即写入项目文件）。")
        self.save_state.setText("已全部保存")

    def save_as(self) -> bool:
        if self.session is None:
            return False
        self._flush()
        suggested = str(self.session.path.with_name(self.session.path.stem + "-副本.govcat"))
        target = self.interaction.save_file("另存为", suggested, parent=self)
        if not target:
            return False
        target = Path(target)
        if target.resolve() == self.session.path.resolve():
            self.save()
            return True
        if target.exists() and not self.interaction.confirm("另存为", f"“{target.name}”已存在，要替换它吗？",
                                                            yes="替换"):
            return False
        try:
            self.session.store.save_copy(target)
        except (ProjectFileError, OSError) as exc:
            self.interaction.inform("另存失败", getattr(exc, "message", str(exc)), warning=True)
            return False
        index = self.interaction.choose("另存为", f"已另存为“{target.name}”。接下来编辑哪个文件？",
                                        ["继续编辑原文件", "打开副本"])
        if index == 1:
            self.open_project(target)
        return True

    def close_project(self) -> None:
        self.set_session(None)
