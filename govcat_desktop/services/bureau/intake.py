"""Collect units' submissions (.govcat files and editable copies) into a bureau project.

Every file is a stranger's: sources.py picks the submissions, reading.py reads and checks each one (text that is text,
sizes, the bureau's own code), pool.py reads many at once; here each is judged against what the bureau already holds —
who sent it (a code or a name already held by another unit: held for the bureau to decide), whether it is older than the
current version (kept in the history only), which answers it may give (only to comments addressed to that unit) — and
stored, one transaction per file.
"""

from __future__ import annotations

import datetime as _dt
import tempfile
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from govcat_desktop.domain.roles import duties
from govcat_desktop.domain.text import visible
from govcat_desktop.services.atomic import sweep
from govcat_desktop.services.bureau import KIND_LABEL, is_bureau, life
from govcat_desktop.services.bureau.pool import MAX_WORKERS, PARALLEL_FROM, _use_processes, results
from govcat_desktop.services.bureau.reading import Prepared, Received, fingerprint, read_govcat, read_workbook
from govcat_desktop.services.bureau.sources import COPY_SUFFIXES, SCAN_SUFFIXES, SOURCE_SUFFIXES, scan_sources
from govcat_desktop.services.notify import Notifier, SilentNotifier
from govcat_desktop.storage import ProjectFile, ProjectFileError
from govcat_desktop.storage.bureau_store import BureauStore
from govcat_desktop.storage.held_store import Held, HeldStore
from govcat_desktop.storage.paper_store import PaperStore
from govcat_desktop.validation import Validator

__all__ = ["COPY_SUFFIXES", "MAX_WORKERS", "PARALLEL_FROM", "SCAN_SUFFIXES", "SOURCE_SUFFIXES", "MergeOutcome",
           "Prepared", "Received", "Taken", "_use_processes", "decide_held", "fingerprint", "merge", "read_govcat",
           "read_workbook", "scan_sources"]


@dataclass(kw_only=True)
class Taken:
    """One source file taken in."""

    path: Path
    unit: str
    kinds: list[str]
    replaced: list[str] = field(default_factory=list)
    errors: int = 0
    warnings: int = 0
    resolutions: int = 0
    unchanged: list[str] = field(default_factory=list)  # kinds whose current submission has the same content
    older: list[tuple[str, str, str]] = field(default_factory=list)  # (kind, its export time, the current one's)
    passed: list[str] = field(default_factory=list)  # answers not taken, each with its reason (略过)
    merged: life.Merged | None = None  # issue 22: the catalog against the version the bureau accepted


@dataclass
class MergeOutcome:
    """What a merge took in and what it skipped (with a Chinese reason each)."""

    taken: list[Taken] = field(default_factory=list)
    skipped: list[tuple[Path, str]] = field(default_factory=list)
    scans: list = field(default_factory=list)  # paper.ScanTaken of the scanned copies taken in
    ignored: list[tuple[Path, str]] = field(default_factory=list)  # files in a folder that are not submissions
    held: list[tuple[Path, str]] = field(default_factory=list)  # waiting for the bureau's decision (HeldStore)

    @property
    def passed(self) -> list[tuple[Path, str]]:
        """Answers of taken files that were not applied (略过), each with its file and reason."""
        return [(t.path, reason) for t in self.taken for reason in t.passed]

    @property
    def exit_code(self) -> int:
        # 2 is kept for a merge that could not be done at all (the project cannot be opened, is not a bureau's,
        # or the bureau cancelled): those raise before an outcome exists. Files left aside are a result: 1.
        unreadable = any(s.unreadable for s in self.scans)  # a scanned page to scan again
        return 1 if self.skipped or self.held or self.passed or unreadable else 0


class Journal(Protocol):
    """Told of each unit before a merge first writes it (services.bureau.merge_step keeps its rows for undo)."""

    def touch(self, unit_id: int, *, new: bool = False) -> None: ...


def gathered_roles(role: str) -> tuple[str, ...]:
    """The roles of the units a bureau of `role` gathers (forms/roles.toml `gathers`)."""
    r = duties().roles.get(role)
    return r.gathers if r else ()


def merge(store: ProjectFile, sources: Iterable[str | Path], notifier: Notifier | None = None,
          validator: Validator | None = None, *, workers: int | None = None,
          same_unit: bool | Collection[Path] = False, journal: Journal | None = None) -> MergeOutcome:
    """Take in every readable source; each file is one transaction; unreadable files are skipped with a reason.

    `same_unit`: files (or True: every file) whose code or name is held by another unit already are taken as that unit
    (the bureau's decision); otherwise they are held, listed with the reason, and wait in HeldStore.
    `journal` is told of every unit before it is written (MergeSubmissions: the undoable merge).
    """
    notifier = notifier or SilentNotifier()
    own = store.get_info()
    if not is_bureau(own.role):
        raise ProjectFileError(
            f"“{store.path.name}”的填报单位类型是“{own.role}”，只有市大数据局或县（区）主管机构的项目可以汇总各单位报送的材料。",
            code="notbureau",
        )
    sweep(Path(tempfile.gettempdir()))  # worker scratch folders a killed merge left (its pid gone, or a day old)
    validator = validator or Validator()
    bureau = BureauStore(store)
    held_store = HeldStore(store)
    files, refused, ignored = scan_sources(sources)
    own_path = store.path.resolve()
    own_files = [p for p in files if p.resolve() == own_path]  # a folder may hold the bureau's own file
    files = [p for p in files if p.resolve() != own_path]
    ignored += [(p, "本汇总项目自己的文件") for p in own_files]
    outcome = MergeOutcome(skipped=list(refused), ignored=ignored)
    scans = [p for p in files if p.suffix.lower() in SCAN_SUFFIXES]
    files = [p for p in files if p.suffix.lower() not in SCAN_SUFFIXES]
    total = len(files)
    workers = _use_processes(total) if workers is None else workers
    chosen = {Path(p).resolve() for p in same_unit} if not isinstance(same_unit, bool) else set()
    notifier.progress(0, total, "正在汇总")
    rows = results(files, (own.org_code.strip(), own.org_name.strip()), validator, workers)
    try:
        for index, (path, (status, value)) in enumerate(zip(files, rows)):
            if status == "skip":
                outcome.skipped.append((path, str(value)))
            elif isinstance(value, Prepared):
                _take(bureau, held_store, own, value, outcome, notifier, same_unit is True or path.resolve() in chosen,
                      journal)
            if not notifier.progress(index + 1, total, f"正在汇总 {path.name}"):
                outcome.skipped.extend((p, "已取消，未汇总") for p in files[index + 1:])
                break
    finally:
        rows.close()
    if scans:
        from govcat_desktop.services.bureau.paper import take_scans

        outcome.scans, skipped = take_scans(store, scans, notifier)
        outcome.skipped.extend(skipped)
    return outcome


def decide_held(store: ProjectFile, path: str | Path, *, take: bool, notifier: Notifier | None = None,
                journal: Journal | None = None) -> MergeOutcome:
    """The bureau's decision on a held file: take it as the unit it collided with, or refuse it (forgotten)."""
    held = {h.path: h for h in HeldStore(store).all()}
    key = str(Path(path).resolve())
    if key not in held:
        raise ProjectFileError(
            f"“{visible(Path(path).name)}”不在待决定的文件中（用 govcat held 查看）。", code="notheld"
        )
    if not take:
        HeldStore(store).drop(key)
        return MergeOutcome(skipped=[(Path(key), "已拒收（汇总单位决定）")])
    return merge(store, [key], notifier, same_unit=True, journal=journal)


def _take(bureau: BureauStore, held_store: HeldStore, own, prep: Prepared, outcome: MergeOutcome,
          notifier: Notifier, same: bool, journal: Journal | None = None) -> None:
    path = prep.path
    key = str(path.resolve())
    verdict, reason, unit_id = _identity(bureau, own, prep, same)
    if verdict == "hold":
        held_store.put(Held(path=key, org_code=prep.org[0], org_name=prep.org[1], reason=reason, unit_id=unit_id or 0))
        outcome.held.append((path, reason))
        return
    if verdict == "refuse":
        outcome.skipped.append((path, reason))
        held_store.drop(key)
        return
    try:
        taken = _store(bureau, prep, unit_id, journal)
    except ProjectFileError as exc:
        outcome.skipped.append((path, exc.message.rstrip("。")))
        return
    held_store.drop(key)
    outcome.taken.append(taken)
    _tell(notifier, taken, prep)
    region = prep.org[2]
    if own.role == "县（区）主管机构" and region and region != own.region:
        notifier.warning(f"{taken.unit}的所属地区是“{region}”，不是本县（区）（{own.region}）的单位，请核实是否应由市大数据局汇总")


def _identity(bureau: BureauStore, own, prep: Prepared, same: bool) -> tuple[str, str, int | None]:
    """("ok", "", unit id or None for a new unit), ("hold", reason, the unit it collides with) or
    ("refuse", reason, None)."""
    code, name, _region, role = prep.org
    gathers = gathered_roles(own.role)
    if role and role not in gathers:
        what = "不是本程序的填报单位类型" if role not in duties().roles else f"不是{own.role}汇总的单位类型"
        return "refuse", (f"文件的填报单位类型是“{role}”，{what}（{own.role}汇总：{'、'.join(gathers)}）；"
                          "可能是其他汇总单位的项目或填错了类型，未汇总"), None
    exact = bureau.find_unit(code, name)
    if exact is not None:
        return "ok", "", exact
    others = bureau.units_like(code, name)
    for u in others:  # one side has no code: the same unit by its name
        if u.org_name == name and (not code or not u.org_code):
            return "ok", "", u.id
    if not others:
        return "ok", "", None
    by_code = [u for u in others if code and u.org_code == code]
    u = (by_code or others)[0]
    if same:
        return "ok", "", u.id
    if by_code:
        why = f"统一社会信用代码 {code} 已由“{u.org_name}”报送过，这个文件的填报单位却是“{name}”"
    else:
        why = f"“{name}”此前报送时的统一社会信用代码是 {u.org_code or '（空）'}，这个文件中却是 {code}"
    return "hold", (f"{why}；是同一单位（改了名称或代码）还是填错了，请核实后决定：作为同一单位接收，或拒收"), u.id


def _older(new: str, current: str) -> bool:
    """Whether export time `new` is earlier than `current` (False when either is missing or unreadable)."""
    try:
        return _dt.datetime.fromisoformat(new.strip()) < _dt.datetime.fromisoformat(current.strip())
    except ValueError:
        return False


def _answers(bureau: BureauStore, prep: Prepared, unit_id: int,
             unit: str) -> tuple[list[tuple[str, str, str]], list[str]]:
    """(answers to take, reasons of those passed over): only answers to the bureau's comments addressed to this unit."""
    names = {u.id: u.org_name for u in bureau.units()}
    take: list[tuple[str, str, str]] = []
    passed: list[str] = []
    for token, resolution, at in prep.resolutions:
        comment = bureau.bureau_comment(token)
        if comment is None:
            passed.append(f"意见 {visible(token)[:40]}：本汇总项目没有发出过这条审核意见，答复未采用")
        elif comment[0] != unit_id:
            to = names.get(comment[0] or 0, "其他单位")
            passed.append(f"意见 {token}：这条审核意见是发给“{to}”的，不是发给“{unit}”的，答复未采用")
        else:
            take.append((token, resolution, at))
    return take, passed


def _store(bureau: BureauStore, prep: Prepared, unit_id: int | None, journal: Journal | None = None) -> Taken:
    """Write one prepared source in one transaction (executemany per table)."""
    code, name, region, role = prep.org
    taken = Taken(path=prep.path, unit=name, kinds=list(prep.kinds))
    if not prep.kinds and (unit_id is None or not bureau.has_submitted(unit_id)):
        raise ProjectFileError(
            f"“{name}”还没有报送过材料，它的审核意见答复未采用（先报送材料，再答复意见）", code="ghost"
        )
    if journal is not None:  # the rows of the unit it is taken as, before this file writes any
        for held_unit in (unit_id, bureau.find_unit(code, name)):
            if held_unit is not None:
                journal.touch(held_unit)
    with bureau.store.transaction():
        exact = bureau.find_unit(code, name)
        if unit_id is None or unit_id == exact:
            unit_id = bureau.unit_id(code, name, region, role)  # new, or the same unit again (its region, role kept up)
            if journal is not None and exact is None:
                journal.touch(unit_id, new=True)
        else:  # taken as a unit already received (the bureau's decision): said under the name on the board
            known = next((u.org_name for u in bureau.units() if u.id == unit_id), name)
            taken.unit = known if known == name else f"{known}（文件中为“{name}”）"
        answers, taken.passed = _answers(bureau, prep, unit_id, name)
        awaited = any(bureau.awaits_answer(token) for token, _, _ in answers)
        for kind in prep.kinds:
            errors, warnings = prep.counts.get(kind, [0, 0])
            taken.errors += errors
            taken.warnings += warnings
            current = bureau.current_fingerprint(unit_id, kind)
            stamp = prep.fingerprints.get(kind, "")
            if current is not None and stamp and current == stamp and not awaited:
                # The same content again (a re-run after an interrupted merge, the same file sent twice): it is the
                # same submission, not a second one; its review state stays. (Sent back with new answers to the
                # bureau's comments, the same content is a resubmission for another look.)
                taken.unchanged.append(kind)
                continue
            records, items = prep.sizes[kind]
            exported, now_at = prep.exported.get(kind, ""), bureau.current_exported_at(unit_id, kind)
            older = current is not None and _older(exported, now_at)
            before, said = None, (exported, now_at)
            if kind == "catalog":  # issue 22: a lower version number than the current one is older too
                held_version = life.current_version(bureau.store, unit_id)
                if current is not None and prep.version and held_version and prep.version < held_version:
                    older = True
                    said = (f"第{prep.version}版 {exported}".strip(), f"第{held_version}版 {now_at}".strip())
                before = None if older else life.read_before(bureau.store, unit_id)
            if older:  # sent after a newer one: kept in the history, the current version stays
                taken.older.append((kind, *said))
            elif current is not None:
                taken.replaced.append(kind)
            sid = bureau.add_submission(unit_id, kind, prep.path.name, stamp, errors, warnings, records, items,
                                        current=not older)
            if exported:
                PaperStore(bureau.store).set_exported_at(sid, exported)
            if prep.print_pages.get(kind):
                PaperStore(bureau.store).set_print_pages(sid, prep.print_pages[kind])
            if older:
                if kind == "catalog":
                    life.LifeStore(bureau.store).set_version(sid, prep.version)
                continue
            if kind in prep.singletons:
                bureau.put_singleton_json(sid, kind, prep.singletons[kind])
            elif kind == "catalog":
                bureau.put_matter_rows(sid, prep.matters)
                bureau.put_entry_rows(sid, prep.entries, prep.items)
                taken.merged = life.apply(bureau.store, sid, prep.version, prep.entries, prep.items, prep.withdrawn,
                                          before)
            else:
                bureau.put_record_json(sid, prep.records.get(kind, []))
        for token, resolution, at in answers:
            taken.resolutions += bureau.resolve_token(token, resolution, at, unit_id)
    return taken


def _tell(notifier: Notifier, taken: Taken, prep: Prepared) -> None:
    for note in prep.notes[:5]:
        notifier.warning(note)
    for kind, exported, current in taken.older:
        notifier.warning(f"较旧的版本：{taken.unit} {KIND_LABEL[kind]}的导出时间（{exported}）早于已汇总的当前版本"
                         f"（{current}），未替换当前版本，已记入报送历史")
    for reason in taken.passed:
        notifier.warning(f"略过 {taken.unit} 的答复：{reason}")
    kinds_new = [k for k in taken.kinds if k not in taken.unchanged and k not in {o[0] for o in taken.older}]
    if prep.kinds and set(taken.unchanged) == set(prep.kinds):
        kinds = "、".join(KIND_LABEL[k] for k in taken.kinds)
        notifier.info(f"未变化：{taken.unit} {kinds}与已汇总的内容相同，不计为新的报送")
    elif kinds_new:
        kinds = "、".join(KIND_LABEL[k] for k in kinds_new)
        again = "（替换此前报送）" if taken.replaced else ""
        m = taken.merged
        if m is not None and (m.kept or m.changed or m.new or m.withdrawn or m.back):
            again += (f"，与已审核版本相比：未变化 {m.kept + m.back} 条（保留审核状态），"
                      f"变更 {m.changed} 条、新增 {m.new} 条（待审核），注销 {m.withdrawn} 条（待确认）")
        notifier.info(f"已汇总：{taken.unit} {kinds}{again}，错误 {taken.errors} 个，提醒 {taken.warnings} 个")
    elif not prep.kinds:
        notifier.info(f"已读取：{taken.unit} 的审核意见答复，{taken.resolutions} 条意见已处理")
