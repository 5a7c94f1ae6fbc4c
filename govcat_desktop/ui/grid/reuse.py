"""Reuse in the catalog grid: copy an entry into other matters, apply one entry's sharing attributes to others,
copy info items from an entry or the certificate library. A controller over a GridHost (ui.grid.host)."""

from __future__ import annotations

from govcat_desktop.services import bulk
from govcat_desktop.services.library import certificates
from govcat_desktop.ui.grid.dialogs import ChecklistDialog
from govcat_desktop.ui.grid.host import GridHost


class Reuse:
    def __init__(self, host: GridHost) -> None:
        self.host = host
        self.ctx = host.ctx
        self.sharing_source: int | None = None  # the entry whose sharing attributes were taken (记下)

    def actions(self) -> list[tuple[str, object]]:
        """The 复用 ▾ menu (also in the grid's context menu)."""
        return [("复制当前目录到其他事项…", self.duplicate), ("记下当前目录的共享属性", self.take_sharing),
                ("把记下的共享属性套用到所选目录", self.apply_sharing), ("复制信息项到所选目录…", self.copy_items)]

    def duplicate(self) -> None:
        entry_id = self.host.selection.current_entry_id()
        session = self.ctx.session
        if entry_id is None or session is None:
            self.ctx.notifier.info("先选中要复制的目录。")
            return
        own = session.entries[entry_id][0].id
        entries = [(f"{m.code}　{m.name}（{len(m.entries)} 个目录）", m.id, False)
                   for m in session.project.matters if m.id != own]
        title = f"复制目录“{session.entries[entry_id][1].name}”到其他事项"
        dialog = ChecklistDialog(self.host.parent, title, entries,
                                 "勾选要复制到的事项（连同信息项和共享属性，复制后的目录为草稿）。")
        dialog.applied.connect(lambda: self.host.push(bulk.duplicate_entry(session, entry_id, dialog.checked())))
        self.host.open(dialog)

    def take_sharing(self) -> None:
        self.sharing_source = self.host.selection.current_entry_id()
        if self.sharing_source is not None:
            name = self.ctx.session.entries[self.sharing_source][1].name
            self.ctx.notifier.info(f"已记下“{name}”的共享属性：选中其他目录后点“把记下的共享属性套用到所选目录”。")

    def apply_sharing(self) -> bool:
        session = self.ctx.session
        if self.sharing_source is None or session is None or self.sharing_source not in session.entries:
            self.ctx.notifier.info("先选中一个目录，点“记下当前目录的共享属性”。")
            return False
        ids = self.host.targets()
        return bool(ids) and self.host.push(bulk.apply_sharing(session, self.sharing_source, ids), ask_errors=True)

    def copy_items(self) -> None:
        ids = self.host.targets()
        session = self.ctx.session
        if not ids or session is None:
            return
        sources = [(f"证照库：{c.name}（{len(c.items)} 项）", f"library:{c.name}", False) for c in certificates()]
        sources += [(f"目录：{m.name} / {e.name}（{len(e.items)} 项）", f"entry:{e.id}", False)
                    for m in session.project.matters for e in m.entries if e.items and e.id not in ids]
        dialog = ChecklistDialog(self.host.parent, f"复制信息项到所选的 {len(ids)} 个目录", sources,
                                 "勾选信息项的来源（常用证照库或本单位的目录）；目录中已有的同名信息项不重复添加。")

        def apply() -> None:
            items, names = [], []
            library = {c.name: c for c in certificates()}
            for checked in dialog.checked():
                kind, _sep, key = checked.partition(":")
                if kind == "library" and key in library:
                    items += list(library[key].items)
                    names.append(key)
                elif kind == "entry" and int(key) in session.entries:
                    key = int(key)
                    items += session.entries[key][1].items
                    names.append(session.entries[key][1].name)
            self.host.push(bulk.copy_items(session, items, ids, "、".join(names[:2])))

        dialog.applied.connect(apply)
        self.host.open(dialog)
