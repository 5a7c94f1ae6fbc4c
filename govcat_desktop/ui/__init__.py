"""The desktop user interface: the only package that imports PySide6."""

from __future__ import annotations

import sys

_GUARDED = False


def guard_singleton_refcounts() -> None:
    """Work around PySide6 6.12.0 on CPython 3.11: each void Qt call drops one reference to None.

    On 3.11 None/True/False are not immortal, so after some thousand calls the interpreter aborts
    ("none_dealloc"). Giving them a huge reference count makes that unreachable; Python ≥ 3.12 is unaffected.
    """
    global _GUARDED
    if _GUARDED or sys.version_info >= (3, 12) or sys.implementation.name != "cpython":
        return
    import ctypes

    for obj in (None, True, False, NotImplemented, Ellipsis):
        ctypes.c_ssize_t.from_address(id(obj)).value += 1 << 40
    _GUARDED = True


guard_singleton_refcounts()
