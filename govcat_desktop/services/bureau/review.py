"""Review that travels offline: bureau marks and comments, feedback files, and the unit's side of them."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from govcat_desktop.domain.filenames import safe_filename
from govcat_desktop.domain.models import ProjectInfo
from govcat_desktop.domain.roles import KIND_SHORT
from govcat_desktop.formspec import FormSet, default_forms
from govcat_desktop.services.rules import Refused, check_decision
from govcat_desktop.storage import ProjectFile, ProjectFileError
from govcat_desktop.storage.bureau_store import BureauStore, Comment, now
from govcat_desktop.validation import Finding

if TYPE_CHECKING:  # the feedback workbooks (openpyxl) load only when a command writes or reads one
    from govcat_desktop.exchange.bureau.feedback import FeedbackRow

KIND_FORM = {"catalog": "catalog", "item": "item", "demand": "demand", "review": "review", "contacts": "person",
             "mechanism": "mechanism", "matter": "matter"}
KIND_NAME = KIND_SHORT  # forms/roles.toml


def field_label(kind: str, key: str, forms: FormSet | None = None) -> str:
    if not key:
        return ""
    form = (forms or default_forms()).forms.get(KIND_FORM.get(kind, ""))
    if form:
        for f in form.fields:
            if f.key == key:
                return f.label
    return key


def field_key(kind: str, label: str, forms: FormSet | None = None) -> str:
    if not label:
        return ""
    form = (forms or default_forms()).forms.get(KIND_FORM.get(kind, ""))
    if form:
        for f in form.fields:
            if label in (f.label, f.key):
                return f.key
    return label


# ----- bureau side -----------------------------------------------------------------
def mark_entry(store: ProjectFile, entry_id: int, decision: str, note: str = "") -> int:
    """Mark a received entry 已审核 or 退回 (退回 needs a note); returns the comment id carrying the decision."""
    check_decision(decision, note)
    bureau = BureauStore(store)
    key = bureau.entry_key(entry_id)
    if key is None:
        raise ProjectFileError("找不到该目录，可能已被该单位重新报送的版本替换。", code="missing")
    unit_id, code, name = key
    with store.transaction():
        bureau.mark_entry(entry_id, decision, note.strip())
        bureau.delete_open_decisions(key)
        cid = bureau.add_comment(origin="bureau", unit_id=unit_id, kind="catalog", matter_code=code, record_name=name,
                                 decision=decision, message=note.strip() or "审核通过。")
        if decision == "已审核":
            bureau.resolve_comment(cid, "")
    return cid


def mark_submission(store: ProjectFile, submission_id: int, decision: str, note: str = "") -> None:
    """Mark a whole submission (e.g. 工作联系表) 已审核 or 退回."""
    check_decision(decision, note)
    bureau = BureauStore(store)
    row = bureau.submission_unit(submission_id)
    if row is None:
        raise ProjectFileError("找不到该报送记录。", code="missing")
    with store.transaction():
        bureau.set_submission_review(submission_id, decision, note.strip())
        cid = bureau.add_comment(origin="bureau", unit_id=row[0], kind=row[1], decision=decision,
                                 message=note.strip() or "审核通过。")
        if decision == "已审核":
            bureau.resolve_comment(cid, "")


def comment(store: ProjectFile, entry_id: int, message: str, *, field: str = "", item_name: str = "") -> int:
    """A comment pinned to a field of a received entry, or to one of its info items."""
    if not message.strip():
        raise Refused("审核意见不能为空。")
    bureau = BureauStore(store)
    key = bureau.entry_key(entry_id)
    if key is None:
        raise ProjectFileError("找不到该目录，可能已被该单位重新报送的版本替换。", code="missing")
    unit_id, code, name = key
    return bureau.add_comment(origin="bureau", unit_id=unit_id, kind="item" if item_name else "catalog",
                              matter_code=code, record_name=name, item_name=item_name, field=field,
                              message=message.strip())


def feedback_rows(store: ProjectFile, unit_id: int) -> list[FeedbackRow]:
    from govcat_desktop.exchange.bureau.feedback import FeedbackRow
    from govcat_desktop.services.bureau.life import withdrawn_feedback

    return [
        FeedbackRow(c.token, c.kind, c.matter_code, c.record_name, c.item_name, c.field, c.decision, c.message,
                    c.status, c.resolution, c.resolved_at)
        for c in BureauStore(store).comments(origin="bureau", unit_id=unit_id)
    ] + withdrawn_feedback(store, unit_id)  # issue 22: 不予注销 (with the bureau's note) / 已确认注销


def export_feedback(store: ProjectFile, out_dir: Path, unit_ids: list[int] | None = None) -> list[Path]:
    """One feedback workbook per unit that has comments; returns the paths written."""
    from govcat_desktop.exchange.bureau.feedback import write_feedback

    bureau = BureauStore(store)
    own = store.get_info()
    jobs = []
    used: set[str] = set()
    for unit in bureau.units():
        if unit_ids is not None and unit.id not in unit_ids:
            continue
        rows = feedback_rows(store, unit.id)
        if not rows:
            continue
        target = ProjectInfo(org_name=unit.org_name, org_code=unit.org_code, region=unit.region, role=unit.role)
        name = _unique(unit.org_name, "-审核意见", out_dir, used)
        from govcat_desktop.services.bureau.life import current_version

        v = current_version(store, unit.id)
        jobs.append((out_dir / name, lambda p, t=target, r=rows, v=v: write_feedback(p, t, own, r, field_label,
                                                                                     version=v)))
    return _write_all(out_dir, jobs)


def _write_all(out_dir: Path, jobs: list) -> list[Path]:
    """Write (path, writer) jobs as one set into out_dir: all or none, any OS error said in Chinese (Refused)."""
    from govcat_desktop.services.atomic import AtomicSet, AtomicWriteError, describe

    if not jobs:
        return []
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise Refused(f"无法创建文件夹“{out_dir}”：{describe(exc)}。") from None
    files = AtomicSet(out_dir)
    for path, write in jobs:
        files.add(path, write)
    try:
        return files.commit()
    except AtomicWriteError as exc:
        raise Refused(str(exc)) from None


def _unique(org_name: str, rest: str, out_dir: Path, used: set[str]) -> str:
    """A safe file name inside out_dir, distinct from those already written (names that differ only in characters
    a file name cannot hold, like 'a/b' and 'a_b', get a number)."""
    name = safe_filename(org_name, rest, ".xlsx", folder=out_dir)
    n = 1
    while name.casefold() in used:
        n += 1
        name = safe_filename(org_name, f"{rest}（{n}）", ".xlsx", folder=out_dir)
    used.add(name.casefold())
    return name


# ----- unit side ---------------------------------------------------------------------
def import_feedback(session, path: str | Path) -> tuple[int, int]:
    """Take a feedback workbook into the unit's project; returns (new comments, updated comments)."""
    from govcat_desktop.exchange.bureau.feedback import FeedbackError, read_feedback

    try:
        meta, rows = read_feedback(Path(path), field_key)
    except FeedbackError as exc:
        raise Refused(str(exc)) from exc
    info = session.project.info
    if (meta.get("org_name", "").strip() != info.org_name.strip()
            or meta.get("org_code", "").strip() != info.org_code.strip()):
        raise Refused(
            f"“{Path(path).name}”是给“{meta.get('org_name', '')}”的审核意见，"
            f"不是给本单位（{info.org_name}）的，未导入。"
        )
    bureau = BureauStore(session.store)
    added = updated = 0
    with session.store.transaction():
        for r in rows:
            existing = bureau.received_id(r.token)
            status = "resolved" if r.decision == "已审核" or r.status == "resolved" and r.decision == "已确认注销" \
                else "open"
            if existing is not None:
                bureau.update_received(existing, r.decision, r.message, r.field)
                updated += 1
                continue
            cid = bureau.add_comment(origin="received", unit_id=None, kind=r.kind, matter_code=r.matter_code,
                                     record_name=r.record_name, item_name=r.item_name, field=r.field,
                                     decision=r.decision, message=r.message, token=r.token)
            if status == "resolved":
                bureau.resolve_comment(cid, "")
            added += 1
    version = meta.get("version", "").strip()
    if version.isdigit():  # issue 22: the version the bureau reviewed, with its states, becomes the base
        from govcat_desktop.services.revisions import accept_reviewed

        accept_reviewed(session, int(version), [(r.kind, r.matter_code, r.record_name, r.decision) for r in rows])
    return added, updated


def received_comments(session, *, open_only: bool = False) -> list[Comment]:
    return BureauStore(session.store).comments(origin="received", open_only=open_only)


def resolve(session, comment_id: int, resolution: str) -> None:
    """The clerk answers a bureau comment; the answer travels back with the next submission."""
    if not resolution.strip():
        raise Refused("请写明如何处理了这条审核意见（例如“已补充信息项”）。")
    BureauStore(session.store).resolve_comment(comment_id, resolution.strip())


def locate(session, c: Comment) -> tuple[str, tuple]:
    """(finding kind, ref) of the record a received comment is pinned to."""
    if c.kind in ("catalog", "item"):
        for m in session.project.matters:
            if c.matter_code and m.code.strip() != c.matter_code:
                continue
            for e in m.entries:
                if e.name.strip() != c.record_name:
                    continue
                if c.kind == "item":
                    for i, it in enumerate(e.items):
                        if it.name.strip() == c.item_name:
                            return "item", ("item", e.id, i)
                return "catalog", ("catalog", e.id)
    elif c.kind == "demand":
        for d in session.project.demands:
            if c.record_name in (d.catalog_name.strip(), d.data_name.strip()):
                return "demand", ("demand", d.id)
        if not c.record_name:
            return "demand", ("project",)
    elif c.kind == "review":
        for r in session.project.reviews:
            if r.data_name.strip() == c.record_name:
                return "review", ("review", r.id)
        if not c.record_name:
            return "review", ("project",)
    elif c.kind in ("contacts", "mechanism"):
        return c.kind, (c.kind,)
    return "project", ("project",)


def comment_title(c: Comment) -> str:
    parts = [p for p in (c.record_name, c.item_name) if p]
    return " / ".join(parts) or KIND_NAME.get(c.kind, c.kind)


def comment_findings(session) -> list[Finding]:
    """Each open received comment as a finding (rule bureau-comment) on its record and field."""
    out = []
    for c in received_comments(session, open_only=True):
        kind, ref = locate(session, c)
        lost = "（原记录已改名或删除）" if ref == ("project",) and c.kind not in ("contacts", "mechanism") else ""
        verdict = f"审核结论：{c.decision}。" if c.decision else ""
        if c.decision == "不予注销":  # issue 22: the entry was deleted by the unit; the bureau wants it kept
            lost = "（该目录已被本单位注销）"
        out.append(Finding(
            "error" if c.decision in ("退回", "不予注销") else "warning", kind, comment_title(c), c.field,
            "bureau-comment",
            f"上级审核意见{lost}：{verdict}{c.message} 处理后请在“审核意见”中填写处理情况。",
            ref,
        ))
    return out


def export_reply(session, out_dir: Path) -> Path:
    """The clerk's answers to the bureau's comments, as a reply workbook to send with the resubmission."""
    from govcat_desktop.exchange.bureau.feedback import FeedbackRow, write_feedback

    rows = [
        FeedbackRow(c.token, c.kind, c.matter_code, c.record_name, c.item_name, c.field, c.decision, c.message,
                    c.status, c.resolution, c.resolved_at)
        for c in received_comments(session)
    ]
    if not rows:
        raise Refused("本项目还没有收到上级的审核意见，无需答复。")
    info = session.project.info
    name = safe_filename(info.org_name, "-审核意见答复", ".xlsx", folder=out_dir)
    stamp = now()
    write = lambda p: write_feedback(p, info, info, rows, field_label, reply=True, stamp=stamp)  # noqa: E731
    return _write_all(Path(out_dir), [(Path(out_dir) / name, write)])[0]
