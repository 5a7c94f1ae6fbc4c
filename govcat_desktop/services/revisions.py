"""The unit's side of the catalog's life (issue 22): versions, changes since the base, 注销, change reasons.

Each export of the catalog is a numbered version (the unit's own counter; the same content exported again is the same
version); the project keeps a snapshot of the versions it exported and, once the bureau's feedback says which version
it reviewed, that one with the bureau's states as the base. Changes are counted against the base (or, before any
feedback, against the last version exported): 新增, 变更 (fields and info items, before → after) and 注销 — an entry of
the base deleted since stays listed as 注销 with its reason and travels with the catalog. A 变更 or 注销 of an entry
the bureau accepted needs a reason from forms/vocabularies.toml `change_reason` (其他: with the 变更说明).
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass

from govcat_desktop.domain import revisions as R
from govcat_desktop.domain.models import Project, Withdrawal
from govcat_desktop.services.commands import Command, Composite, UndoStack, UpdateEntry
from govcat_desktop.services.rules import Refused
from govcat_desktop.storage.version_store import VersionStore
from govcat_desktop.validation import Finding

OTHER = "其他"


def new_uid() -> str:
    return uuid.uuid4().hex[:16]


def current_snaps(project: Project) -> list[R.Snap]:
    # Every entry the catalog's copy carries — a draft nobody confirmed yet is exported and held by the bureau as well
    return [R.snap(e, m.code.strip(), m.name) for m in project.matters for e in m.entries]


def base_version(session):
    """(the version changes are counted against or None, whether the bureau's feedback accepted it)."""
    from govcat_desktop.storage.version_store import VersionStore

    versions = VersionStore(session.store)
    return versions.base(), versions.accepted()


def base_snaps(store) -> list[R.Snap] | None:
    """The base's entries (None: nothing exported yet)."""
    base = VersionStore(store).base()
    return None if base is None else R.loads(base.data)


def _withdrawn_reasons(project: Project) -> dict[str, tuple[str, str]]:
    out: dict[str, tuple[str, str]] = {}
    for w in project.withdrawn:
        out[w.uid or f"{w.matter_code}/{w.name}"] = (w.reason, w.note)
    return out


def changes(session) -> list[R.Change]:
    """The changes of the project's catalog since its base ([] before its first export)."""
    base = base_snaps(session.store)
    if base is None:
        return []
    return R.changes(base, current_snaps(session.project), _withdrawn_reasons(session.project))


def marks(session) -> dict[int, str]:
    """entry id → 新增 / 变更 of the entries changed since the base (the grid's 与上次报送相比 filter)."""
    base = base_snaps(session.store)
    if base is None:
        return {}
    entries = [(e, R.snap(e, m.code.strip(), m.name)) for m in session.project.matters for e in m.entries]
    pairs, new, _ = R.match(base, [s for _, s in entries])
    new_ids = {id(s) for s in new}
    changed = {id(c) for b, c in pairs if R.entry_change(b, c) is not None}
    out: dict[int, str] = {}
    for e, s in entries:
        if e.id is not None and id(s) in new_ids:
            out[e.id] = R.NEW
        elif e.id is not None and id(s) in changed:
            out[e.id] = R.CHANGED
    return out


def summary(found: Iterable[R.Change]) -> dict[str, int]:
    counts = {R.NEW: 0, R.CHANGED: 0, R.WITHDRAWN: 0}
    for c in found:
        counts[c.mark] += 1
    return counts


# ----- at export -----------------------------------------------------------------------
def prepare_export(session) -> None:
    """Before a catalog export: every entry gets its identity, and the 注销 list follows the base."""
    if session.readonly:
        return
    missing = [e for m in session.project.matters for e in m.entries if not e.uid]
    if missing:
        with session.store.transaction():
            for entry in missing:
                session.replace_entry(entry.model_copy(update={"uid": new_uid()}, deep=True))
    refresh_withdrawn(session)


def refresh_withdrawn(session) -> list[Withdrawal]:
    """The 注销 list: the base's entries no longer in the catalog, with the reasons given so far."""
    base = base_snaps(session.store)
    project = session.project
    if base is None:
        gone: list[R.Snap] = []
    else:
        _, _, gone = R.match(base, current_snaps(project))
    reasons = _withdrawn_reasons(project)
    listed = []
    for b in gone:
        reason, note = reasons.get(b.uid) or reasons.get(f"{b.matter_code}/{b.name}") or ("", "")
        listed.append(Withdrawal(uid=b.uid, matter_code=b.matter_code, matter_name=b.matter_name, name=b.name,
                                 reason=reason, note=note))
    if listed != project.withdrawn and not session.readonly:
        VersionStore(session.store).save_withdrawn(listed)
    project.withdrawn = listed
    return listed


def next_version(session, fingerprint: str) -> int:
    """The number this export carries: the last one again for the same content, else one more."""
    versions = VersionStore(session.store)
    latest = versions.latest()
    if latest is not None and latest.fingerprint == fingerprint:
        return latest.version
    return versions.counter() + 1


def record_version(session, version: int, exported_at: str, fingerprint: str) -> None:
    if session.readonly:
        return
    VersionStore(session.store).add(version, exported_at, fingerprint, R.dumps(current_snaps(session.project)))
    session.events.settings_changed.emit("versions")  # the base of the 与上次报送相比 marks may have moved


# ----- reasons ------------------------------------------------------------------------
def check_reason(session, reason: str, note: str) -> str:
    """The stored value of a reason given as its label or value (Refused when it is not in the list)."""
    vocab = session.forms.vocab("change_reason")
    reason = reason.strip()
    value = vocab.canonical(reason) or ""
    if not value:
        raise Refused(f"变更原因“{reason}”不在列表中，应为：{'、'.join(vocab.label_list)}。")
    if value == OTHER and not note.strip():
        raise Refused("变更原因为“其他”时，请在变更说明中写明原因。")
    return value


@dataclass
class SetWithdrawnReason(Command):
    """The reason of a 注销 entry (an entry of the base deleted since): an undoable step like a cell edit."""

    key: str  # its 目录标识, else 事项编码/目录名称
    reason: str
    note: str = ""
    text: str = "填写注销原因"
    _old: tuple[str, str] | None = None

    def _put(self, session, reason: str, note: str) -> tuple[str, str] | None:
        listed = refresh_withdrawn(session)
        old = None
        out = []
        for w in listed:
            if old is None and self.key in (w.uid, f"{w.matter_code}/{w.name}"):
                old = (w.reason, w.note)
                w = w.model_copy(update={"reason": reason, "note": note})
            out.append(w)
        if old is None:
            raise Refused("该目录已不在注销的目录中（可能已恢复），未修改。")
        VersionStore(session.store).save_withdrawn(out)
        session.project.withdrawn = out
        session.events.settings_changed.emit("withdrawn")
        return old

    def do(self, session) -> None:
        self._old = self._put(session, self.reason, self.note)

    def undo(self, session) -> None:
        if self._old is not None:
            self._put(session, *self._old)


def reason_command(session, target: str, reason: str, note: str = "") -> tuple[Command, str]:
    """The undoable step giving the change of the entry named `target` (目录名称, 事项编码/目录名称 or 目录标识)
    its reason, and what it does in Chinese; Refused when the reason or the target is not right."""
    value = check_reason(session, reason, note)
    target = target.strip()
    project = session.project
    hits = [(m, e) for m in project.matters for e in m.entries
            if target in (e.name.strip(), e.uid, f"{m.code.strip()}/{e.name.strip()}")]
    gone = [w for w in refresh_withdrawn(session) if target in (w.name, w.uid, f"{w.matter_code}/{w.name}")]
    if len(hits) + len(gone) > 1:
        raise Refused(f"“{target}”对应多个目录，请用“事项编码/目录名称”或目录标识指明。")
    if hits:
        _, entry = hits[0]
        new = entry.model_copy(update={"change_reason": value, "change_note": note.strip()}, deep=True)
        return UpdateEntry(entry, new, text="填写变更原因"), f"已填写目录“{entry.name}”的变更原因：{value}"
    if gone:
        w = gone[0]
        return (SetWithdrawnReason(w.uid or f"{w.matter_code}/{w.name}", value, note.strip()),
                f"已填写注销目录“{w.name}”的注销原因：{value}")
    raise Refused(f"没有名为“{target}”的目录，也不在注销的目录中。")


def set_reason(session, target: str, reason: str, note: str = "", history: UndoStack | None = None) -> str:
    """reason_command done through `history` (the window's; a fresh one in the CLI); returns what was changed."""
    command, said = reason_command(session, target, reason, note)
    (history or UndoStack(session)).push(command)
    return said


# ----- validation ---------------------------------------------------------------------
def findings(session) -> list[Finding]:
    """A 变更 or 注销 of an entry the bureau accepted without a reason (or 其他 without the note) is an error."""
    if not hasattr(session, "store") or session.store is None:
        return []
    try:
        found = changes(session)
    except Exception:  # noqa: BLE001 - a damaged snapshot must not stop validation; the next export rewrites it
        return []
    ids = {e.uid: e.id for m in session.project.matters for e in m.entries if e.uid}
    out = []
    for c in found:
        if c.mark == R.NEW or not c.accepted:
            continue
        what = "注销" if c.mark == R.WITHDRAWN else "变更"
        if not c.reason:
            message = (f"目录“{c.name}”已经上级审核通过，本次{what}需要填写变更原因（事项调整、职能调整、信息系统变化、"
                       "信息项调整、纠错或其他）。")
        elif c.reason == OTHER and not c.note.strip():
            message = f"目录“{c.name}”的变更原因为“其他”，请在变更说明中写明原因。"
        else:
            continue
        entry_id = ids.get(c.uid)
        ref = ("catalog", entry_id) if entry_id is not None and c.mark != R.WITHDRAWN else ("project",)
        out.append(Finding("error", "catalog", c.name, "change_reason", "change-reason", message, ref))
    return out


def accept_reviewed(session, version: int, decisions: list[tuple[str, str, str, str]]) -> bool:
    """The bureau's feedback on `version`: its entries with their review states (the latest decision per entry; a
    decision on the whole catalog covers every entry not 退回) become the base. False when that version is unknown."""
    import dataclasses

    versions = VersionStore(session.store)
    held = versions.get(version)
    if held is None or session.readonly:
        return False
    whole = ""
    states: dict[tuple[str, str], str] = {}
    for kind, code, name, decision in decisions:
        if kind == "catalog" and decision:
            if name:
                states[(code, name)] = decision
            else:
                whole = decision
    snaps = [dataclasses.replace(s, state=states.get((s.matter_code, s.name))
                                 or ("已审核" if whole == "已审核" else "")) for s in R.loads(held.data)]
    versions.accept(version, R.dumps(snaps))
    refresh_withdrawn(session)
    return True


# ----- the next year ------------------------------------------------------------------
@dataclass
class NewCycle(Command):
    """The catalog's next cycle starts from the last version the bureau accepted (else the last one exported, which
    then stands as the base): next year's submission is a set of changes against it."""

    text: str = "以上次报送的目录为基础开始新年度"
    _accepted: int | None = None  # the version this step made the base (undo takes it back)

    def do(self, session) -> None:
        versions = VersionStore(session.store)
        latest = versions.latest()
        if versions.accepted() is None and latest is not None:
            versions.accept(latest.version, latest.data)
            self._accepted = latest.version
        refresh_withdrawn(session)

    def undo(self, session) -> None:
        if self._accepted is not None:
            VersionStore(session.store).unaccept(self._accepted)
        refresh_withdrawn(session)


def next_cycle_command(session, settings: Command | None) -> Command | None:
    """The next year as one undoable edit: the year and its deadlines (`settings`), the base taken from the last
    accepted version, and the change reasons of entries unchanged since that base cleared (they were last year's)."""
    if session.readonly:
        return settings
    steps: list[Command] = [settings] if settings is not None else []
    if VersionStore(session.store).base() is None:
        return settings  # nothing submitted yet: there is no base to start from
    steps.append(NewCycle())
    base = VersionStore(session.store).accepted() or VersionStore(session.store).latest()
    pairs, _, _ = R.match(R.loads(base.data) if base else [], current_snaps(session.project))
    unchanged = {c.uid for b, c in pairs if b.content == c.content and c.uid}
    for m in session.project.matters:
        for e in m.entries:
            if e.uid in unchanged and (e.change_reason or e.change_note):
                new = e.model_copy(update={"change_reason": "", "change_note": ""}, deep=True)
                steps.append(UpdateEntry(e, new, text="清除上年度的变更原因"))
    return Composite(steps, text="开始新年度")
