"""Collect units' submissions (.govcat files and editable copies) into a bureau project."""

from __future__ import annotations

import contextlib
import hashlib
import json
import multiprocessing
import os
import pickle
import re
import secrets
import shutil
import signal
import sys
import tempfile
import threading
import time
import zipfile
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path

from govcat_desktop.domain import limits
from govcat_desktop.domain.models import Project, ProjectInfo, is_blank
from govcat_desktop.exchange.fingerprint import format_code
from govcat_desktop.services.atomic import PREFIX, sweep
from govcat_desktop.services.sizes import size_problem
from govcat_desktop.services.bureau import KIND_LABEL, is_bureau
from govcat_desktop.services.notify import Notifier, SilentNotifier
from govcat_desktop.storage import ProjectFile, ProjectFileError
from govcat_desktop.storage.errors import READ_ERRORS
from govcat_desktop.storage.bureau_store import BureauStore, entry_values
from govcat_desktop.storage.paper_store import PaperStore
from govcat_desktop.validation import Finding, Validator

PARALLEL_FROM = 8  # files; below this, worker start-up costs more than it saves
MAX_WORKERS = 4
COPY_SUFFIXES = (".xlsx", ".xlsm")
SCAN_SUFFIXES = (".pdf", ".jpg", ".jpeg", ".png", ".tif", ".tiff")  # scanned stamped copies (services/bureau/paper)
SOURCE_SUFFIXES = (".govcat", *COPY_SUFFIXES, *SCAN_SUFFIXES)
# Finding kind → submission kind.
FINDING_KIND = {"contacts": "contacts", "mechanism": "mechanism", "matter": "catalog", "catalog": "catalog",
                "item": "catalog", "demand": "demand", "review": "review"}


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


@dataclass
class MergeOutcome:
    """What a merge took in and what it skipped (with a Chinese reason each)."""

    taken: list[Taken] = field(default_factory=list)
    skipped: list[tuple[Path, str]] = field(default_factory=list)
    scans: list = field(default_factory=list)  # paper.ScanTaken of the scanned copies taken in
    ignored: list[tuple[Path, str]] = field(default_factory=list)  # files in a folder that are not submissions
    read: int = 0  # files that were opened (taken or skipped for what they hold)

    @property
    def exit_code(self) -> int:
        """0 all taken; 1 a file skipped or a scanned page unreadable; 2 nothing could be done (no file to read)."""
        if self.skipped and not self.read:
            return 2
        return 1 if self.skipped or any(s.unreadable for s in self.scans) else 0


@dataclass(kw_only=True)
class Received:
    """A unit's submission read from one file: who, which kinds, their records and findings."""

    info: ProjectInfo
    project: Project
    kinds: list[str]
    fingerprints: dict[str, str]
    resolutions: list[tuple[str, str, str]] = field(default_factory=list)  # (token, resolution, resolved_at)
    notes: list[str] = field(default_factory=list)  # doubtful points worth a look (not blocking)
    exported: dict[str, str] = field(default_factory=dict)  # kind → exported_at of the editable copy


def scan_sources(sources: Iterable[str | Path]) -> tuple[list[Path], list[tuple[Path, str]], list[tuple[Path, str]]]:
    """(files to read, sources refused, files of a folder left aside with the reason).

    A folder's files are judged by content, never by a name pattern: a unit may well be called “.阳泉…” or
    “~$…” or have 盖章版 in its name. Left aside (and listed) are only workbooks without the hidden `_govcat` sheet
    (a 盖章版 for printing: its editable copy carries the data), Office lock files and macOS resource forks.
    """
    files: list[Path] = []
    refused: list[tuple[Path, str]] = []
    ignored: list[tuple[Path, str]] = []
    for source in sources:
        path = Path(source)
        if path.is_dir():
            found = sorted(p for p in path.iterdir() if p.is_file() and p.suffix.lower() in SOURCE_SUFFIXES)
            if not found:
                refused.append((path, "文件夹中没有 .govcat 项目文件、.xlsx 可编辑电子版或盖章版扫描件"))
            for p in found:
                reason = _not_a_submission(p)
                if reason:
                    ignored.append((p, reason))
                else:
                    files.append(p)
        elif not path.exists():
            refused.append((path, "文件不存在"))
        elif path.suffix.lower() not in SOURCE_SUFFIXES:
            refused.append((path, "不是 .govcat 项目文件、.xlsx 可编辑电子版或盖章版扫描件（PDF、JPEG、PNG、TIFF）"))
        elif _print_file(path):
            refused.append((path, "这是 govcat 导出的打印文件（未盖章），请汇总盖章后的扫描件"))
        else:
            files.append(path)
    return files, refused, ignored


_APPLE_DOUBLE = b"\x00\x05\x16\x07"
_GOVCAT_SHEET = re.compile(rb"<(?:\w+:)?sheet\b[^>]*\bname=[\"']_govcat[\"']")


def _not_a_submission(path: Path) -> str:
    """Why a folder's file is not a unit's submission ('' when it should be read), judged by its content."""
    if path.suffix.lower() == ".govcat":
        return ""
    if _print_file(path):
        return "govcat 导出的打印文件（未盖章，不是扫描件）；其内容由同一次导出的可编辑电子版报送"
    try:
        with path.open("rb") as fh:
            head = fh.read(4)
        size = path.stat().st_size
    except OSError:
        return ""  # read_workbook says in Chinese why it cannot be read
    if head == _APPLE_DOUBLE:
        return "macOS 生成的附属文件（不是工作簿）"
    if path.name.startswith("~$") and size < 4096 and not head.startswith(b"PK"):
        return "Excel 或 WPS 打开文件时生成的临时锁文件（不是工作簿）"
    if not head.startswith(b"PK"):
        return ""
    try:
        with zipfile.ZipFile(path) as zf, zf.open("xl/workbook.xml") as fh:
            book = fh.read(1 << 20)
    except (zipfile.BadZipFile, KeyError, OSError, RuntimeError, NotImplementedError, EOFError):
        return ""
    if _GOVCAT_SHEET.search(book):
        return ""
    return "没有隐藏的 _govcat 信息表，不是可编辑电子版（如盖章版，打印用，其内容由同一次导出的可编辑电子版报送）"


def _print_file(path: Path) -> bool:
    """An unstamped print PDF written by govcat itself (not a scan of the stamped paper)."""
    if path.suffix.lower() != ".pdf":
        return False
    from govcat_desktop.exchange.scan import is_print_file

    return is_print_file(path)  # by its bytes; a print re-saved by another program is refused by the scan child


def fingerprint(data: object) -> str:
    """A short, stable fingerprint of records (same records → same fingerprint), in the one format the
    workbooks carry too (XXXX-XXXX, exchange.fingerprint.format_code)."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True)
    return format_code(hashlib.sha256(text.encode("utf-8")).digest())


def _filled(record) -> bool:
    return not is_blank(record)  # the one "nothing filled in" (domain.models.is_blank)


def read_govcat(path: Path) -> Received:
    """A unit's .govcat file, read without changing it (an older file is upgraded in a temporary copy)."""
    tmp: Path | None = None
    try:
        try:
            store = ProjectFile.open(path, readonly=True, make_backup=False)
        except ProjectFileError as exc:
            if exc.code != "needs-upgrade":
                raise
            tmp = Path(tempfile.mkdtemp(prefix="govcat-intake-"))
            copy = tmp / path.name
            shutil.copyfile(path, copy)
            store = ProjectFile.open(copy, make_backup=False, untrusted_source=True)
        try:
            counts = store.counts()  # before anything is loaded: 3 million items are refused in milliseconds
            reason = limits.over_limit(path.name, {"matters": counts["matter"], "entries": counts["entry"],
                                                   "items": counts["item"], "demands": counts["demand"],
                                                   "reviews": counts["review"]})
            if reason:
                raise ValueError(reason)
            project = store.load()
            resolutions = BureauStore(store).received_resolutions()
        finally:
            store.close()
    finally:
        if tmp:
            shutil.rmtree(tmp, ignore_errors=True)
    kinds = [kind for kind, present in (
        ("contacts", _filled(project.contacts)), ("mechanism", _filled(project.mechanism)),
        ("catalog", bool(project.matters)), ("demand", bool(project.demands)), ("review", bool(project.reviews)),
    ) if present]
    from govcat_desktop.exchange.editable import copy_fingerprint
    from govcat_desktop.formspec import default_forms

    forms = default_forms()  # the code its editable copy and printed pages carry (scans are matched by it)
    prints = {kind: copy_fingerprint(kind, project, forms) for kind in kinds}
    return Received(info=project.info, project=project, kinds=kinds, fingerprints=prints, resolutions=resolutions)


def read_workbook(path: Path) -> Received:
    """An editable copy (§6.2) through the exchange reader, or a feedback reply workbook."""
    from govcat_desktop.exchange.bureau.feedback import FEEDBACK_REPLY, read_meta, read_reply
    from govcat_desktop.exchange.copies import read_meta as copy_meta
    from govcat_desktop.exchange.reader import open_book
    from govcat_desktop.services import transfer

    # One open, one safety check (zip bombs, DTDs, huge sheets, not-a-workbook: refused in Chinese before any
    # parser runs) and one calamine workbook for both the feedback-reply test and the copy itself.
    book = open_book(path)
    try:
        try:
            reply = copy_meta(book).get("kind") == FEEDBACK_REPLY
        except Exception:  # noqa: BLE001 - not a feedback reply; read_book_copy below says in Chinese what is wrong
            reply = False
        if not reply:
            parsed = transfer.read_book_copy(book)
    finally:
        book.close()
    if reply:
        meta = read_meta(path)
        info = ProjectInfo(org_name=meta.get("org_name", ""), org_code=meta.get("org_code", ""),
                           region=meta.get("region", ""))
        return Received(info=info, project=Project(info=info), kinds=[], fingerprints={}, resolutions=read_reply(path))
    reason = size_problem(path.name, parsed.matters, parsed.demands, parsed.reviews)
    if reason:
        raise ValueError(reason)
    meta = parsed.meta
    if parsed.kind == "matters" or not parsed.with_entries and parsed.kind == "catalog":
        raise ValueError("这是服务事项清单，不是单位报送的可编辑电子版")
    if not meta.get("org_name"):
        raise ValueError(
            "文件中没有隐藏的 _govcat 信息表，无法确定是哪个单位报送的；如果这是盖章版（打印用），请改为汇总同一次导出的可编辑电子版"
        )
    kind = parsed.kind
    role = "县（区）主管机构" if kind == "mechanism" else ""
    info = ProjectInfo(org_name=meta.get("org_name", ""), org_code=meta.get("org_code", ""),
                       region=meta.get("region", "") or parsed.region, role=role)
    project = Project(info=info, matters=list(parsed.matters), demands=list(parsed.demands),
                      reviews=list(parsed.reviews))
    if parsed.contacts is not None:
        project.contacts = parsed.contacts
    if parsed.mechanism is not None:
        project.mechanism = parsed.mechanism
    notes = [str(n) for n in parsed.problems]
    if parsed.edited:
        notes.insert(0, f"“{path.name}”的内容与导出时的指纹（{parsed.stored_fingerprint}）不一致，导出后被修改过，"
                        "与盖章版可能不是同一份")
    stamp = parsed.stored_fingerprint or parsed.fingerprint
    return Received(info=info, project=project, kinds=[kind], fingerprints={kind: stamp}, notes=notes,
                    exported={kind: meta.get("exported_at", "")})


def _counts(findings: list[Finding]) -> dict[str, list[int]]:
    counts: dict[str, list[int]] = {}
    for f in findings:
        kind = FINDING_KIND.get(f.kind)
        if kind:
            counts.setdefault(kind, [0, 0])[0 if f.is_error else 1] += 1
    return counts


@dataclass(kw_only=True)
class Prepared:
    """A source read, checked and flattened into plain rows (cheap to pass between processes)."""

    path: Path
    org: tuple[str, str, str, str]  # org_code, org_name, region, role
    kinds: list[str]
    fingerprints: dict[str, str]
    counts: dict[str, list[int]]
    sizes: dict[str, tuple[int, int]]
    resolutions: list[tuple[str, str, str]]
    notes: list[str]
    exported: dict[str, str] = field(default_factory=dict)
    # the rows, filled by _prepare kind by kind
    singletons: dict[str, str] = field(default_factory=dict)
    matters: list[tuple] = field(default_factory=list)
    entries: list[tuple] = field(default_factory=list)  # (matter_code, matter_name, *ENTRY_COLUMNS)
    items: list[tuple] = field(default_factory=list)  # (entry index, pos, name, data_type, length, note)
    records: dict[str, list[str]] = field(default_factory=dict)


def prepare(path: Path, own: tuple[str, str], validator: Validator) -> Prepared:
    """Read one source, validate it and flatten its records; raises with a Chinese reason when it cannot be taken."""
    from govcat_desktop.exchange.reader import gc_paused

    with gc_paused():  # a unit's records are many small objects without cycles
        return _prepare(path, own, validator)


def _prepare(path: Path, own: tuple[str, str], validator: Validator) -> Prepared:
    received = read_govcat(path) if path.suffix.lower() == ".govcat" else read_workbook(path)
    info = received.info
    name = info.org_name.strip()
    if not name:
        raise ValueError("文件中没有填报单位名称，无法确定是哪个单位报送的")
    if (info.org_code.strip(), name) == own:
        raise ValueError("这是本汇总项目自己的文件，不是下级单位报送的材料")
    if not received.kinds and not received.resolutions:
        raise ValueError("文件中没有任何可汇总的内容（联系表、体制机制、目录、需求和审核确认都是空的）")
    project = received.project
    counts = _counts(validator.validate(project)) if received.kinds else {}
    prep = Prepared(path=path, org=(info.org_code.strip(), name, info.region.strip(), info.role.strip()),
                    kinds=list(received.kinds), fingerprints=received.fingerprints, counts=counts,
                    sizes={k: _size(project, k) for k in received.kinds}, resolutions=received.resolutions,
                    notes=received.notes, exported=dict(received.exported))
    for kind in received.kinds:
        if kind in ("contacts", "mechanism"):
            prep.singletons[kind] = getattr(project, kind).model_dump_json()
            content: object = prep.singletons[kind]
        elif kind == "catalog":
            prep.matters = [(m.code, m.name, m.kind, m.dept) for m in project.matters]
            whole = []
            for m in project.matters:
                for e in m.entries:
                    index = len(prep.entries)
                    row = (m.code, m.name, *entry_values(e))
                    items = [(it.name, it.data_type, it.length, it.note) for it in e.items]
                    prep.entries.append(row)
                    prep.items.extend((index, i, *it) for i, it in enumerate(items))
                    whole.append((row, items))
            content = [sorted(prep.matters), sorted(whole)]
        else:
            records = project.demands if kind == "demand" else project.reviews
            prep.records[kind] = [r.model_dump_json(exclude={"id"}) for r in records]
            content = sorted(prep.records[kind])
        if not prep.fingerprints.get(kind):
            prep.fingerprints[kind] = fingerprint(content)
    return prep


_WORKER_VALIDATOR: Validator | None = None


def _prepare_job(path: Path, own: tuple[str, str], scratch: str) -> tuple[str, object]:
    """Worker-process entry: ("file", pickle of Prepared) or ("skip", reason); exceptions never cross.

    The prepared rows (megabytes at department scale) travel through a file in `scratch`, so what goes through the
    result pipe is a short message written at once: a worker stopped half-way (Ctrl+C, a closed window) can never
    leave half a message that the executor's manager thread would wait on for ever.
    """
    global _WORKER_VALIDATOR
    if _WORKER_VALIDATOR is None:
        _WORKER_VALIDATOR = Validator()
    try:
        prepared = prepare(path, own, _WORKER_VALIDATOR)
    except ProjectFileError as exc:
        return "skip", exc.message.rstrip("。")[:2000]
    except Exception as exc:  # noqa: BLE001 - any unreadable file is reported and skipped
        return "skip", _reason(exc)[:2000]
    fd, name = tempfile.mkstemp(suffix=".pickle", dir=scratch)
    with os.fdopen(fd, "wb") as fh:
        pickle.dump(prepared, fh, protocol=pickle.HIGHEST_PROTOCOL)
    return "file", name


def _collect(result: tuple[str, object]) -> tuple[str, object]:
    status, value = result
    if status != "file":
        return result
    try:
        with open(str(value), "rb") as fh:
            return "ok", pickle.load(fh)  # noqa: S301 - written just now by our own worker process
    finally:
        with contextlib.suppress(OSError):
            os.unlink(str(value))


def _use_processes(count: int) -> int:
    """Worker processes for `count` files: none for a few files, in a frozen build, or on one core."""
    cpus = os.cpu_count() or 1
    if count < PARALLEL_FROM or cpus < 2 or getattr(sys, "frozen", False):
        return 0
    return min(cpus, MAX_WORKERS)


def _results(files: list[Path], own: tuple[str, str], validator: Validator, workers: int) -> Iterator[tuple[str, object]]:
    """(status, Prepared or reason) per file, in file order; read in worker processes when worth it."""
    if not workers:
        for path in files:
            try:
                yield "ok", prepare(path, own, validator)
            except ProjectFileError as exc:
                yield "skip", exc.message.rstrip("。")
            except Exception as exc:  # noqa: BLE001 - any unreadable file is reported and skipped
                yield "skip", _reason(exc)
        return
    context = multiprocessing.get_context("spawn")  # never fork a process holding SQLite and GUI threads
    done = 0
    temp = Path(tempfile.gettempdir())
    sweep(temp)  # what a killed merge left (its pid is gone)
    scratch = temp / f"{PREFIX}{os.getpid()}-{secrets.token_hex(4)}.d"
    scratch.mkdir()
    pool = ProcessPoolExecutor(max_workers=workers, mp_context=context, initializer=_worker_start,
                               initargs=(os.getpid(),))
    finished = broken = False
    try:
        futures = [pool.submit(_prepare_job, path, own, str(scratch)) for path in files]
        for future in futures:
            try:
                result = _collect(future.result())
            except BrokenProcessPool:
                broken = True
                break
            done += 1
            yield result
        finished = True
    finally:
        if finished:
            pool.shutdown(wait=True)
        else:  # Ctrl+C, SIGTERM, a cancelled merge or a dead worker: stop the workers now, never wait for them
            _stop(pool)
        shutil.rmtree(scratch, ignore_errors=True)
    if broken:
        # Worker processes could not run here (e.g. an unusual start-up script): read the rest in this process.
        yield from _results(files[done:], own, validator, 0)


def _stop(pool: ProcessPoolExecutor) -> None:
    processes = list((getattr(pool, "_processes", None) or {}).values())
    pool.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        with contextlib.suppress(Exception):
            process.terminate()
    for process in processes:
        with contextlib.suppress(Exception):
            process.join(2)
            if process.is_alive():
                process.kill()


def _worker_start(parent: int) -> None:
    """In each worker: Ctrl+C is the parent's to handle, and the worker dies with its parent, however it dies."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if sys.platform.startswith("linux"):
        with contextlib.suppress(Exception):
            import ctypes

            ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    if os.getppid() != parent:  # the parent was gone before prctl took effect
        os._exit(1)

    def watch() -> None:  # macOS and any system without PR_SET_PDEATHSIG
        while os.getppid() == parent:
            time.sleep(0.5)
        os._exit(1)

    if os.name != "nt":
        threading.Thread(target=watch, name="parent-watch", daemon=True).start()


def merge(store: ProjectFile, sources: Iterable[str | Path], notifier: Notifier | None = None,
          validator: Validator | None = None, *, workers: int | None = None) -> MergeOutcome:
    """Take in every readable source; each file is one transaction; unreadable files are skipped with a reason."""
    notifier = notifier or SilentNotifier()
    own = store.get_info()
    if not is_bureau(own.role):
        raise ProjectFileError(
            f"“{store.path.name}”的填报单位类型是“{own.role}”，只有市大数据局或县（区）主管机构的项目可以汇总各单位报送的材料。",
            code="notbureau",
        )
    validator = validator or Validator()
    bureau = BureauStore(store)
    files, refused, ignored = scan_sources(sources)
    own_path = store.path.resolve()
    own_files = [p for p in files if p.resolve() == own_path]  # a folder may hold the bureau's own file
    files = [p for p in files if p.resolve() != own_path]
    ignored += [(p, "本汇总项目自己的文件") for p in own_files]
    outcome = MergeOutcome(skipped=list(refused), ignored=ignored)
    scans = [p for p in files if p.suffix.lower() in SCAN_SUFFIXES]
    files = [p for p in files if p.suffix.lower() not in SCAN_SUFFIXES]
    total = len(files)
    outcome.read = total + len(scans)
    workers = _use_processes(total) if workers is None else workers
    notifier.progress(0, total, "正在汇总")
    results = _results(files, (own.org_code.strip(), own.org_name.strip()), validator, workers)
    try:
        for index, (path, (status, value)) in enumerate(zip(files, results)):
            if status == "skip":
                outcome.skipped.append((path, str(value)))
            else:
                try:
                    taken = _store(bureau, value)
                except ProjectFileError as exc:
                    outcome.skipped.append((path, exc.message.rstrip("。")))
                else:
                    outcome.taken.append(taken)
                    _tell(notifier, taken, value)
                    region = value.org[2]
                    if own.role == "县（区）主管机构" and region and region != own.region:
                        notifier.warning(f"{taken.unit}的所属地区是“{region}”，不是本县（区）（{own.region}）的单位，请核实是否应由市大数据局汇总")
            if not notifier.progress(index + 1, total, f"正在汇总 {path.name}"):
                outcome.skipped.extend((p, "已取消，未汇总") for p in files[index + 1:])
                break
    finally:
        results.close()
    if scans:
        from govcat_desktop.services.bureau.paper import take_scans

        outcome.scans, skipped = take_scans(store, scans, notifier)
        outcome.skipped.extend(skipped)
    return outcome


def _tell(notifier: Notifier, taken: Taken, prep: Prepared) -> None:
    for note in prep.notes[:5]:
        notifier.warning(note)
    if prep.kinds and set(taken.unchanged) == set(prep.kinds):
        kinds = "、".join(KIND_LABEL[k] for k in taken.kinds)
        notifier.info(f"未变化：{taken.unit} {kinds}与已汇总的内容相同，不计为新的报送")
    elif prep.kinds:
        kinds = "、".join(KIND_LABEL[k] for k in taken.kinds)
        again = "（替换此前报送）" if taken.replaced else ""
        notifier.info(f"已汇总：{taken.unit} {kinds}{again}，错误 {taken.errors} 个，提醒 {taken.warnings} 个")
    else:
        notifier.info(f"已读取：{taken.unit} 的审核意见答复，{taken.resolutions} 条意见已处理")


def _reason(exc: Exception) -> str:
    text = getattr(exc, "message", "") or str(exc)
    if isinstance(exc, READ_ERRORS) or not text:
        return f"无法读取该文件（{type(exc).__name__}），可能已损坏或不是本程序导出的文件"
    return text.rstrip("。")


def _store(bureau: BureauStore, prep: Prepared) -> Taken:
    """Write one prepared source in one transaction (executemany per table)."""
    code, name, region, role = prep.org
    taken = Taken(path=prep.path, unit=name, kinds=list(prep.kinds))
    with bureau.store.transaction():
        unit_id = bureau.unit_id(code, name, region, role)
        answers = any(bureau.awaits_answer(token) for token, _, _ in prep.resolutions)
        for kind in prep.kinds:
            errors, warnings = prep.counts.get(kind, [0, 0])
            current = bureau.current_fingerprint(unit_id, kind)
            stamp = prep.fingerprints.get(kind, "")
            if current is not None and stamp and current == stamp and not answers:
                # The same content again (a re-run after an interrupted merge, the same file sent twice): it is the
                # same submission, not a second one; its review state stays. (Sent back with new answers to the
                # bureau's comments, the same content is a resubmission for another look.)
                taken.unchanged.append(kind)
                taken.errors += errors
                taken.warnings += warnings
                continue
            if current is not None:
                taken.replaced.append(kind)
            records, items = prep.sizes[kind]
            sid = bureau.add_submission(unit_id, kind, prep.path.name, prep.fingerprints.get(kind, ""), errors,
                                        warnings, records, items)
            if prep.exported.get(kind):
                PaperStore(bureau.store).set_exported_at(sid, prep.exported[kind])
            if kind in prep.singletons:
                bureau.put_singleton_json(sid, kind, prep.singletons[kind])
            elif kind == "catalog":
                bureau.put_matter_rows(sid, prep.matters)
                bureau.put_entry_rows(sid, prep.entries, prep.items)
            else:
                bureau.put_record_json(sid, prep.records.get(kind, []))
            taken.errors += errors
            taken.warnings += warnings
        for token, resolution, at in prep.resolutions:
            taken.resolutions += bureau.resolve_token(token, resolution, at)
    return taken


def _size(project: Project, kind: str) -> tuple[int, int]:
    if kind == "catalog":
        return project.entry_count(), project.item_count()
    if kind == "demand":
        return len(project.demands), sum(len(d.items) for d in project.demands)
    if kind == "review":
        return len(project.reviews), 0
    return 1, 0
