"""A page built and exercised with a fake context: no main window anywhere."""

from __future__ import annotations

from govcat_desktop.formspec import default_forms
from govcat_desktop.services.interaction import Interaction
from govcat_desktop.services.session import Session
from govcat_desktop.validation import Validator
from tests import factories as f


class FakeNotifier:
    def __init__(self) -> None:
        self.said: list[tuple[str, str]] = []

    def info(self, message: str) -> None:
        self.said.append(("info", message))

    def warning(self, message: str) -> None:
        self.said.append(("warning", message))


class FakeContext:
    """Just what PageContext promises; the commands are done directly, findings come from the validator."""

    def __init__(self, session: Session, interaction: Interaction) -> None:
        self.session = session
        self.forms = default_forms()
        self.validator = Validator(self.forms)
        self.findings: list = []
        self.notifier = FakeNotifier()
        self.interaction = interaction
        self.menus: dict = {}
        self.done: list = []

    def dialog_parent(self):
        return None

    def push(self, command) -> bool:
        command.do(self.session)
        self.done.append(command)
        self.findings = self.session.findings()
        return True

    def refresh(self) -> None:
        pass

    def findings_for(self, ref, items=False):
        return [x for x in self.findings if x.ref == ref or (items and x.ref[:2] == ("item", ref[1]))]

    def run_in_background(self, fn, label, cancellable=True):
        return fn(None)

    def jump_to(self, finding) -> bool:
        return False

    def task_statuses(self) -> list:
        return []

    def open_matter_wizard(self, matter_id) -> None:
        pass

    def add_page(self, key, title, widget, *, roles=None) -> None:
        pass

    def route(self, ref_kind, page_key) -> None:
        pass

    def scope_action(self, action, roles) -> None:
        pass


def test_catalog_page_with_a_fake_context(qtbot, tmp_path):
    from govcat_desktop.ui.catalog_page import CatalogPage

    project = f.valid_project()
    project.matters[0].entries[0].summary = ""
    path = f.write_project(tmp_path / "民政局.govcat", project)
    session = Session.open(path)
    context = FakeContext(session, Interaction(answers={"删除事项": True}))
    page = CatalogPage(context)
    qtbot.addWidget(page)
    page.set_session()
    page.show()
    entry_id = next(iter(session.entries))
    assert page.select("catalog", entry_id)

    assert page.set_status("待审核")
    assert session.entries[entry_id][1].review_status == "待审核"
    assert not page.set_status("已审核")  # an error is left: refused, said through the context's notifier
    assert context.notifier.said[-1] == ("warning", "该目录还有错误，改正后才能审核通过。")

    matter_id = session.project.matters[0].id
    assert page.select("matter", matter_id)
    page.delete_selected()  # the scripted clerk confirms through the Interaction seam
    assert context.interaction.asked[-1][0] == "删除事项" and "1 个数据资源目录" in context.interaction.asked[-1][1]
    assert not session.project.matters and len(context.done) == 2
    session.close()
