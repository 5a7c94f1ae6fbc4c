"""The scan child process: every scan file is opened, rendered and decoded there, never in the app's own process.

One child (multiprocessing spawn: no fork of a process holding SQLite and Qt threads; in the PyInstaller bundle the
entry scripts call multiprocessing.freeze_support) reads the files one after another. Per file it has a time limit
(scan_decode.file_seconds: more for more pages, at most MAX_FILE_SECONDS) and, on Linux and macOS, an address-space
limit
(MEMORY_LIMIT, resource.RLIMIT_AS). A file that runs over its time, that PDFium or Pillow abort on, or that exhausts
the memory ends the child: the parent kills it, says so in one Chinese line for that file, and starts a new child for
the next file. On Windows there is no RLIMIT_AS (a job object needs pywin32): there the time limit, the pixel bounds
of scan_decode and the kill are the bound. Ctrl+C (KeyboardInterrupt in the parent) and a progress callback
returning False (the GUI's 取消) kill the child at once; the child dies with its parent however the parent dies.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import signal
import sys
from typing import Any
import threading
import time
from collections.abc import Callable
from pathlib import Path

from govcat_desktop.exchange.scan_decode import OPEN_SECONDS, file_seconds

MEMORY_LIMIT = 1536 * 1024 * 1024  # address space of the child (interpreter, PDFium and zxing-cpp take ~400 MB)
POLL = 0.1


class ChildRefused(Exception):
    """str() is the Chinese reason; printed marks the unstamped print file."""

    def __init__(self, text: str, printed: bool = False) -> None:
        super().__init__(text)
        self.printed = printed


def _child_main(conn, memory: int) -> None:
    """In the child: limits first, then one file per message until None."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl+C is the parent's to handle; it kills this process
    _die_with_parent()
    if memory:
        with contextlib.suppress(Exception):
            import resource

            soft, hard = resource.getrlimit(resource.RLIMIT_AS)
            limit = memory if soft == resource.RLIM_INFINITY else min(soft, memory)
            resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    from govcat_desktop.exchange import scan_decode

    def tell(kind: str, value: object) -> None:
        conn.send((kind, value))

    while True:
        try:
            path = conn.recv()
        except (EOFError, OSError):
            return
        if path is None:
            return
        try:
            pages = scan_decode.decode_file(Path(path), tell)
        except scan_decode.Printed as exc:
            conn.send(("printed", str(exc)))
        except scan_decode.Refused as exc:
            conn.send(("refused", str(exc)))
        except MemoryError:
            conn.send(("memory", ""))
            return  # a process that ran out of memory is not trusted with the next file
        except RecursionError:
            conn.send(("broken", ""))
            return
        except Exception:  # noqa: BLE001 - whatever PDFium or Pillow raise ends as one Chinese line in the parent
            conn.send(("broken", ""))
            return
        else:
            conn.send(("done", pages))


def _die_with_parent() -> None:
    if sys.platform.startswith("linux"):
        with contextlib.suppress(Exception):
            import ctypes

            ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    parent = multiprocessing.parent_process()
    if parent is None:
        return

    def watch() -> None:  # macOS, Windows: the parent's sentinel closes when it dies
        parent.join()
        os._exit(1)

    threading.Thread(target=watch, name="parent-watch", daemon=True).start()


class ScanChild:
    """A child process reading scan files one at a time; use as a context manager."""

    def __init__(self, memory: int = MEMORY_LIMIT) -> None:
        self.memory = memory if os.name != "nt" else 0
        self._process: Any = None  # a spawned multiprocessing Process, started on first use
        self._conn: Any = None  # its end of the pipe

    def __enter__(self) -> ScanChild:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _start(self) -> None:
        context = multiprocessing.get_context("spawn")
        parent_end, child_end = context.Pipe(duplex=True)
        process = context.Process(target=_child_main, args=(child_end, self.memory), name="govcat-scan", daemon=True)
        process.start()
        child_end.close()
        self._process, self._conn = process, parent_end

    def read(self, path: Path, tick: Callable[[int, int], bool] | None = None) -> list:
        """The pages scan_decode.decode_file gives for `path`; ChildRefused with the Chinese reason otherwise."""
        if self._process is None or not self._process.is_alive():
            self._discard()
            self._start()
        conn = self._conn
        name = Path(path).name
        start = time.monotonic()
        deadline = start + OPEN_SECONDS
        done, total = 0, 0
        try:
            conn.send(str(path))
            while True:
                if not conn.poll(POLL):
                    if tick is not None and not tick(done, total):
                        self._kill()
                        raise ChildRefused("已取消")
                    if time.monotonic() > deadline:
                        self._kill()
                        limit = int(deadline - start)
                        raise ChildRefused(f"“{name}”在 {limit} 秒内未能读完，可能已损坏或是异常构造的文件，已跳过")
                    if not self._process.is_alive():
                        raise EOFError
                    continue
                kind, value = conn.recv()
                if kind == "pages":
                    total = int(value)
                    deadline = start + file_seconds(total)
                elif kind == "tick":
                    done = int(value)
                    if tick is not None and not tick(done, total):
                        self._kill()
                        raise ChildRefused("已取消")
                elif kind == "done":
                    if tick is not None:
                        tick(total, total)
                    return value
                elif kind in ("refused", "printed"):
                    raise ChildRefused(str(value), printed=kind == "printed")
                elif kind == "memory":
                    self._kill()
                    raise ChildRefused(f"“{name}”读取时所需内存超过上限，可能已损坏或是异常构造的文件，已跳过")
                else:
                    self._kill()
                    raise ChildRefused(f"“{name}”无法读取（可能已损坏或是异常构造的文件），已跳过")
        except ChildRefused:
            raise
        except (EOFError, OSError, BrokenPipeError):
            self._kill()
            raise ChildRefused(f"“{name}”读取时中断（可能已损坏或是异常构造的文件），已跳过") from None
        except BaseException:
            self._kill()  # Ctrl+C, SIGTERM turned into SystemExit, anything: the child goes at once
            raise

    def _kill(self) -> None:
        process = self._process
        if process is not None:
            with contextlib.suppress(Exception):
                process.kill()
            with contextlib.suppress(Exception):
                process.join(5)
        self._discard()

    def _discard(self) -> None:
        if self._conn is not None:
            with contextlib.suppress(Exception):
                self._conn.close()
        self._process, self._conn = None, None

    def close(self) -> None:
        process = self._process
        if process is None:
            return
        with contextlib.suppress(Exception):
            self._conn.send(None)
        with contextlib.suppress(Exception):
            process.join(2)
        self._kill()
