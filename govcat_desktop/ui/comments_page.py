"""The unit's 审核意见 page: the comments its superior sent back (import, answer, export the reply)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtGui import QColor
from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget

from govcat_desktop.services.changes import Changes
from govcat_desktop.services.rules import Refused
from govcat_desktop.storage.errors import ProjectFileError
from govcat_desktop.ui.bureau_view import _button, _fill, _table
from govcat_desktop.ui.context import Page

if TYPE_CHECKING:
    from govcat_desktop.ui.context import AppContext


class CommentsPage(QWidget, Page):
    """A unit's page of comments received from the bureau: import, answer, export the reply."""

    def __init__(self, context: AppContext) -> None:
        super().__init__()
        self.context = context
        layout = QVBoxLayout(self)
        bar = QHBoxLayout()
        for text, name, slot in (("导入审核意见…", "import_feedback", self.import_feedback),
                                 ("填写处理情况…", "resolve_comment", self.resolve),
                                 ("导出答复…", "export_reply", self.export_reply)):
            bar.addWidget(_button(text, name, slot))
        bar.addStretch(1)
        layout.addLayout(bar)
        self.hint = QLabel("上级发来的审核意见：双击一行可转到对应的目录或字段；"
                           "处理后填写处理情况，随重新报送的材料一并发回。")
        self.hint.setWordWrap(True)
        layout.addWidget(self.hint)
        self.table = _table(["对象", "字段", "审核结论", "审核意见", "状态", "处理说明"], "received_comments")
        self.table.cellDoubleClicked.connect(lambda row, _c: self.jump(row))
        layout.addWidget(self.table, 1)
        self.comments: list = []

    def set_session(self) -> None:
        session = self.context.session
        if session is not None:
            self.reload()

    def apply(self, changes: Changes) -> None:
        if (changes.bureau or changes.reloaded) and self.context.session is not None:
            self.reload()

    def reload(self) -> None:
        from govcat_desktop.services.bureau.review import comment_title, field_label, received_comments

        self.comments = received_comments(self.context.session)
        rows, colours = [], []
        for c in self.comments:
            done = c.status == "resolved"
            rows.append([comment_title(c), field_label(c.kind, c.field), c.decision, c.message,
                         "已处理" if done else "未处理", c.resolution])
            colours.append([None if done else QColor("#fff2cc")] * 6)
        _fill(self.table, rows, colours, [c.id for c in self.comments])

    def import_feedback(self) -> None:
        from govcat_desktop.services.bureau.commands import ImportFeedback

        path = self.context.interaction.open_file("选择上级发来的审核意见", "", "审核意见 (*.xlsx)", parent=self)
        if not path:
            return
        step = ImportFeedback(str(Path(path)))
        try:
            # one undoable step (编辑 ▸ 撤销 takes the whole import back); the pages repaint what it wrote
            self.context.workspace.do(step)
        except (ProjectFileError, Refused) as exc:
            self.context.interaction.inform("无法导入", exc.message, warning=True)
            return
        self.context.notifier.info(f"已导入审核意见：新增 {step.added} 条，更新 {step.updated} 条（可撤销）。")
        from govcat_desktop.services.bureau.life import refused_withdrawals

        refused = refused_withdrawals(self.context.session)
        if refused:  # issue 22: the bureau did not agree to a 注销 — said at once, not only in the list
            self.context.interaction.inform("上级不同意注销", "上级不同意注销以下目录：\n" + "\n".join(
                f"· {c.record_name}：{c.message}" for c in refused), warning=True)

    def resolve(self) -> None:
        from govcat_desktop.services.bureau.commands import ResolveComment

        rows = self.table.selectionModel().selectedRows()
        if not rows:
            self.context.notifier.info("请先选中一条审核意见。")
            return
        c = self.comments[rows[0].row()]
        text = self.context.interaction.text("处理情况", f"如何处理了这条意见？\n{c.message}", parent=self)
        if not text or not text.strip():
            return
        self.context.push(ResolveComment(c.id, text.strip()))

    def export_reply(self) -> None:
        from govcat_desktop.services.bureau.review import export_reply

        session = self.context.session
        start = str(session.path.parent) if session is not None else ""
        folder = self.context.interaction.folder("选择保存答复的文件夹", start, parent=self)
        if not folder:
            return
        try:
            path = export_reply(self.context.session, Path(folder))
        except (ProjectFileError, Refused) as exc:
            self.context.interaction.inform("导出答复", exc.message, warning=True)
            return
        self.context.notifier.info(f"已导出：{path}")

    def jump(self, row: int) -> None:
        from govcat_desktop.services.bureau.review import comment_findings

        c = self.comments[row]
        for f in comment_findings(self.context.session):
            if f.record and f.rule == "bureau-comment" and c.message in f.message:
                self.context.window.jump_to(f)
                return
