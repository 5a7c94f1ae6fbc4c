"""Read many sources in worker processes (spawned, killed with their parent, results through a scratch folder)."""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import pickle
import secrets
import shutil
import signal
import sys
import tempfile
import threading
import time
from collections.abc import Generator
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

from govcat_desktop.services.atomic import PREFIX
from govcat_desktop.services.bureau.reading import prepare, reason_for
from govcat_desktop.storage import ProjectFileError
from govcat_desktop.validation import Validator

PARALLEL_FROM = 8  # files; below this, worker start-up costs more than it saves
MAX_WORKERS = 4


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
        return "skip", reason_for(exc)[:2000]
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


def results(files: list[Path], own: tuple[str, str], validator: Validator,
            workers: int) -> Generator[tuple[str, object], None, None]:
    """(status, Prepared or reason) per file, in file order; read in worker processes when worth it."""
    if not workers:
        for path in files:
            try:
                yield "ok", prepare(path, own, validator)
            except ProjectFileError as exc:
                yield "skip", exc.message.rstrip("。")
            except Exception as exc:  # noqa: BLE001 - any unreadable file is reported and skipped
                yield "skip", reason_for(exc)
        return
    context = multiprocessing.get_context("spawn")  # never fork a process holding SQLite and GUI threads
    done = 0
    temp = Path(tempfile.gettempdir())
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
        yield from results(files[done:], own, validator, 0)


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
