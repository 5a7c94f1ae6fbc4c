"""Rows a step added or removed, as runs of neighbouring rows: how a model tells its views without a reset."""

from __future__ import annotations

MAX_RUNS = 64  # runs of rows inserted or removed in one step beyond which one reset is cheaper


def runs(rows: list[int]) -> list[tuple[int, int]]:
    """Sorted row numbers as (first, last) runs of neighbours."""
    out: list[tuple[int, int]] = []
    for row in rows:
        if out and out[-1][1] == row - 1:
            out[-1] = (out[-1][0], row)
        else:
            out.append((row, row))
    return out


def plan(old: list[int], new: list[int]) -> tuple[list[tuple[int, int]], list[tuple[int, int]]] | None:
    """(runs of `old` rows to remove, runs of `new` rows to insert) that turn the ids `old` into `new` — remove them
    last first, then insert in ascending order; None when an id is there twice, the rows both keep are not in the same
    order (a move) or the runs pass MAX_RUNS: the caller resets."""
    kept_new, kept_old = set(new), set(old)
    removed = [n for n, i in enumerate(old) if i not in kept_new]
    inserted = [n for n, i in enumerate(new) if i not in kept_old]
    if len(old) - len(removed) != len(new) - len(inserted):
        return None
    if [i for i in old if i in kept_new] != [i for i in new if i in kept_old]:
        return None
    gone, came = runs(removed), runs(inserted)
    return None if len(gone) + len(came) > MAX_RUNS else (gone, came)
