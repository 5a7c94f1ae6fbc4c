"""文件 ▸ 导出工作包… / 合并工作包… / 导出工作包（交回）…, and 分配承办科室 (issue 23), through the AppContext only.

The coordinator cuts one package per 科室 (services.packages) and merges them back three-way (services.package_merge,
the conflicts decided in ui.package_merge_dialog); every merge is one undoable command. In a package the 科室 works
as on a normal project and hands it back as a copy; the submission export refuses it (services.export)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QAction

from govcat_desktop import settings
from govcat_desktop.services import packages
from govcat_desktop.services.package_merge import plan_merge
from govcat_desktop.services.rules import Refused
from govcat_desktop.services.session import Session
from govcat_desktop.storage.errors import ProjectFileError, describe_os_error
from govcat_desktop.ui.context import AppContext
from govcat_desktop.ui.package_merge_dialog import PackageExportDialog, PackageMergeDialog

PACKAGE_FILTER = "工作包 (*.govcat);;所有文件 (*)"
EXPORT_TITLE, MERGE_TITLE, RETURN_TITLE, ASSIGN_TITLE = "导出工作包", "合并工作包", "导出工作包（交回）", "分配承办科室"


def assign_matters(context: AppContext, matter_ids: list[int]) -> bool:
    """分配承办科室 for these matters (the catalog tree's menu): one undoable edit."""
    session = context.session
    if session is None or not matter_ids:
        return False
    known = packages.assignees(session)
    hint = "可从列表中选已有的承办科室，或输入新的名称；" if known else ""
    now = {session.matters[i].assignee for i in matter_ids}
    name = context.interaction.line(ASSIGN_TITLE, f"把所选的 {len(matter_ids)} 个事项分配给哪个科室（或人员）？\n"
                                                  f"{hint}留空则取消分配。", known, now.pop() if len(now) == 1 else "",
                                    parent=context.window.dialog_parent())
    if name is None:
        return False
    try:
        command = packages.assign_command(session, [session.matters[i] for i in matter_ids], name)
    except Refused as exc:
        context.notifier.warning(exc.message)
        return False
    return command is not None and context.push(command)


class PackageActions:
    """The menu items and their flows; the host is reached only through its AppContext."""

    def __init__(self, context: AppContext) -> None:
        self.context = context
        add = context.window.add_action
        self.export_action: QAction = add("file", "导出工作包…", self.export_packages, name="action_package_export",
                                          needs_project=True)
        self.merge_action: QAction = add("file", "合并工作包…", self.merge_packages, name="action_package_merge",
                                         needs_project=True)
        self.return_action: QAction = add("file", "导出工作包（交回）…", self.hand_back, name="action_package_return",
                                          needs_project=True)
        context.workspace.session_changed.connect(self._session_changed)
        self._session_changed(context.session)

    def _session_changed(self, session: Session | None) -> None:
        """A package offers only 交回; a unit's project only 导出 and 合并."""
        is_package = session is not None and packages.own_package(session) is not None
        self.export_action.setVisible(not is_package)
        self.merge_action.setVisible(not is_package)
        self.return_action.setVisible(is_package)

    def _parent(self):
        return self.context.window.dialog_parent()

    def _folder(self) -> str:
        saved = settings.get("package_folder")
        if saved and Path(saved).is_dir():
            return str(saved)
        session = self.context.session
        return str(session.path.parent) if session is not None else str(Path.home())

    def _refused(self, title: str, exc: Exception) -> None:
        text = exc.message if isinstance(exc, (Refused, ProjectFileError)) else \
            f"无法写入文件：{describe_os_error(exc)}。" if isinstance(exc, OSError) else str(exc)
        self.context.interaction.inform(title, text, warning=True, parent=self._parent())

    # ----- export ------------------------------------------------------------------------------
    def export_packages(self) -> list[Path]:
        context, session = self.context, self.context.session
        if session is None:
            return []
        if packages.own_package(session) is not None:
            self._refused(EXPORT_TITLE, Refused(packages.NO_PACKAGE_FROM_PACKAGE))
            return []
        rows = [r for r in packages.overview(session, context.workspace.findings) if r.assignee != packages.UNASSIGNED]
        if not rows:
            context.interaction.inform(EXPORT_TITLE, "还没有事项分配给任何科室。"
                                                     "请先在“目录总表”的“承办科室”列，"
                                                     "或在事项列表的右键菜单“分配承办科室…”中分配事项。",
                                       parent=self._parent())
            return []
        answer = context.interaction.form(EXPORT_TITLE, PackageExportDialog, rows, self._folder(),
                                          parent=self._parent())
        if not answer:
            return []
        chosen, folder = answer
        settings.update(package_folder=folder)
        written: list[Path] = []
        for who in chosen:
            try:
                cut = packages.export_package(session, who, packages.package_file_name(session, who, folder))
            except (Refused, ProjectFileError) as exc:
                self._refused("导出工作包失败", exc)
                break
            written.append(cut.path)
        if written:
            names = "\n".join(p.name for p in written)
            context.interaction.inform("导出完成", f"已导出 {len(written)} 个工作包到“{folder}”：\n{names}\n\n"
                                                   "把工作包交给各科室，用 govcat 打开填写；"
                                                   "交回后用“合并工作包…”合并。",
                                       parent=self._parent())
        return written

    # ----- merge -------------------------------------------------------------------------------
    def merge_packages(self, paths: list[str] | None = None) -> int:
        """Choose package files → for each: the comparison, the decisions, one undoable command. Returns merges done."""
        context, session = self.context, self.context.session
        if session is None:
            return 0
        paths = paths if paths is not None else context.interaction.open_files(
            "选择交回的工作包", self._folder(), PACKAGE_FILTER, parent=self._parent())
        done = 0
        for path in paths:
            try:
                plan = plan_merge(session, path)
            except (Refused, ProjectFileError) as exc:
                self._refused("无法合并", exc)
                continue
            if plan.empty and not plan.flags:
                context.interaction.inform("无需合并", f"“{Path(path).name}”的内容都已合并过，未做改动。",
                                           parent=self._parent())
                continue
            decisions = context.interaction.form(MERGE_TITLE, PackageMergeDialog, plan, parent=self._parent())
            if decisions is None:
                context.notifier.info(f"已取消合并“{Path(path).name}”，项目未作任何修改。")
                continue
            try:
                command = plan.command(session, decisions)
            except Refused as exc:
                self._refused("无法合并", exc)
                continue
            if command is None:
                continue
            if context.push(command):
                done += 1
                context.notifier.info(f"已{command.text}：{len(plan.changes)} 处修改，"
                                      f"{len(plan.conflicts)} 处冲突已决定（可用“编辑 ▸ 撤销”撤回整个合并）。")
        return done

    # ----- hand back -----------------------------------------------------------------------------
    def hand_back(self) -> Path | None:
        context, session = self.context, self.context.session
        if session is None:
            return None
        if packages.own_package(session) is None:
            self._refused(RETURN_TITLE, Refused("当前打开的是本单位的项目，不是工作包，没有要交回的内容。"))
            return None
        suggested = str(Path(self._folder()) / packages.hand_back_name(session))
        target = context.interaction.save_file(RETURN_TITLE, suggested, PACKAGE_FILTER, parent=self._parent())
        if not target:
            return None
        try:
            path = packages.hand_back(session, target)
        except (Refused, ProjectFileError, OSError) as exc:
            self._refused("交回失败", exc)
            return None
        context.interaction.inform(RETURN_TITLE,
                                   f"已导出交回的工作包：\n{path}\n\n请把这个文件交给本单位的汇总人合并。",
                                   parent=self._parent())
        return path


def install(context: AppContext) -> PackageActions:
    """Called by the window at start-up: adds 文件 ▸ 导出工作包… / 合并工作包… / 导出工作包（交回）…"""
    return PackageActions(context)
