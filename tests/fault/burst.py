"""A deterministic burst of edits and imports, its plain-Python model, and the child that runs it.

Run as `python -m tests.fault.burst FILE SEED START` (cwd = repository root): replays the model of
ops 0..START-1, then performs ops START, START+1, ... on FILE through services commands, printing
`ACK <n>` after each committed command. The parent kills it at a chosen point and compares the file
with the model (which is computed here from the op list alone, never from the code under test).
"""

from __future__ import annotations

import os
import random
import sqlite3
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

# State: matter code -> tuple of (entry summary, item count) in entry order; demand names.
State = tuple[tuple[tuple[str, tuple[tuple[str, int], ...]], ...], tuple[str, ...]]


@dataclass
class Op:
    kind: str  # add_matter | import | sheet_import | update_entry | add_demand | delete_matter | delete_demand
    index: int
    matters: list[tuple[str, list[tuple[str, int]]]] = field(default_factory=list)  # (code, [(summary, items)])
    target: str = ""  # matter code or demand name the op acts on
    summary: str = ""
    n_items: int = 0


class Model:
    """What the file must hold after a prefix of the ops."""

    def __init__(self) -> None:
        self.matters: dict[str, list[tuple[str, int]]] = {}
        self.demands: list[str] = []

    def apply(self, op: Op) -> None:
        if op.kind in ("add_matter", "import", "sheet_import"):
            for code, entries in op.matters:
                self.matters[code] = list(entries)
        elif op.kind == "update_entry":
            self.matters[op.target][0] = (op.summary, op.n_items)
        elif op.kind == "add_demand":
            self.demands.append(op.target)
        elif op.kind == "delete_matter":
            del self.matters[op.target]
        elif op.kind == "delete_demand":
            self.demands.remove(op.target)

    def state(self) -> State:
        return (
            tuple(sorted((c, tuple(e)) for c, e in self.matters.items())),
            tuple(sorted(self.demands)),
        )


def _entries(rng: random.Random, tag: str, most: int) -> list[tuple[str, int]]:
    return [(f"{tag}-{k}", rng.choice((1, 5, 20, 60, 200))) for k in range(rng.randint(1, most))]


def ops(seed: int) -> Iterator[tuple[Op, Model]]:
    """Endless deterministic ops; yields each op with the model *after* it."""
    rng = random.Random(seed)
    model = Model()
    i = 0
    while True:
        choices = ["add_matter"] * 3 + ["import"] * 2 + ["sheet_import"] * 2 + ["add_demand"] * 2
        with_entries = [c for c, e in model.matters.items() if e]
        if with_entries:
            choices += ["update_entry"] * 3
        if model.matters:
            choices += ["delete_matter"]
        if model.demands:
            choices += ["delete_demand"]
        kind = rng.choice(choices)
        op = Op(kind, i)
        if kind == "add_matter":
            op.matters = [(f"A{i:05d}", _entries(rng, f"初始{i}", 3))]
        elif kind == "import":
            op.matters = [(f"I{i:05d}-{k}", _entries(rng, f"导入{i}.{k}", 2)) for k in range(rng.randint(3, 8))]
        elif kind == "sheet_import":  # a matter list read from a spreadsheet (services.transfer)
            op.matters = [(f"X{i:05d}-{k}", []) for k in range(rng.randint(2, 40))]
        elif kind == "update_entry":
            op.target = rng.choice(sorted(with_entries))
            op.summary, op.n_items = f"修改{i}", rng.choice((0, 3, 40))
        elif kind == "add_demand":
            op.target = f"需求{i:05d}"
        elif kind == "delete_matter":
            op.target = rng.choice(sorted(model.matters))
        else:
            op.target = rng.choice(sorted(model.demands))
        model.apply(op)
        yield op, model
        i += 1


def model_states(seed: int, upto: int) -> list[State]:
    """states[k] = the model after the first k ops (states[0] = empty project)."""
    states = [Model().state()]
    for op, model in ops(seed):
        if op.index >= upto:
            break
        states.append(model.state())
    return states


def file_state(path: Path) -> State:
    """Read the same state back from a project file with plain sqlite3."""
    conn = sqlite3.connect(path)
    try:
        matters: dict[str, list[tuple[str, int]]] = {}
        for code, summary, n in conn.execute(
            "SELECT m.code, e.summary, (SELECT count(*) FROM item i WHERE i.entry_id = e.id) "
            "FROM matter m LEFT JOIN entry e ON e.matter_id = m.id ORDER BY m.code, e.pos"
        ):
            entries = matters.setdefault(code, [])
            if summary is not None:
                entries.append((summary, n))
        demands = [r[0] for r in conn.execute("SELECT catalog_name FROM demand")]
    finally:
        conn.close()
    return tuple(sorted((c, tuple(e)) for c, e in matters.items())), tuple(sorted(demands))


# ----- the child ------------------------------------------------------------------------------
def _build_matter(code: str, entries: list[tuple[str, int]]):
    from govcat_desktop.domain.models import CatalogEntry, InfoItem, Matter

    return Matter(
        code=code,
        name=f"事项{code}",
        kind="行政许可",
        dept="阳泉市民政局",
        entries=[
            CatalogEntry(
                name=f"目录{summary}",
                summary=summary,
                items=[InfoItem(name=f"信息项{n}", data_type="C", length="50", note="备注" * 20) for n in range(items)],
            )
            for summary, items in entries
        ],
    )


def _command(session, op: Op):
    from govcat_desktop.domain.models import Demand, InfoItem
    from govcat_desktop.services import commands as c
    from govcat_desktop.services.transfer import preview_import

    by_code = {m.code: m for m in session.project.matters}
    if op.kind == "add_matter":
        code, entries = op.matters[0]
        return c.AddMatter(_build_matter(code, entries))
    if op.kind == "import":
        return c.Composite([c.AddMatter(_build_matter(code, entries)) for code, entries in op.matters], text="导入")
    if op.kind == "sheet_import":
        sheet = session.path.with_name(f"事项清单-{op.index}.csv")
        lines = ["事项编码,事项名称,事项类型,实施部门"] + [f"{code},事项{code},行政许可,阳泉市民政局" for code, _ in op.matters]
        sheet.write_text("\n".join(lines) + "\n", encoding="utf-8")
        preview = preview_import(session, [sheet], kind="matters")
        sheet.unlink()
        return preview.command
    if op.kind == "update_entry":
        old = by_code[op.target].entries[0]
        items = [InfoItem(name=f"新信息项{n}", data_type="N", length="10") for n in range(op.n_items)]
        return c.UpdateEntry(old, old.model_copy(update={"summary": op.summary, "items": items}, deep=True))
    if op.kind == "add_demand":
        return c.AddRecord("demand", Demand(catalog_name=op.target, items=["姓名"], usage=["减材料"]))
    if op.kind == "delete_matter":
        return c.DeleteMatter(by_code[op.target].id)
    demand = next(d for d in session.project.demands if d.catalog_name == op.target)
    return c.DeleteRecord("demand", demand.id)


def child(path: Path, seed: int, start: int, limit: int = 100_000) -> None:
    from govcat_desktop.services.commands import UndoStack
    from govcat_desktop.services.session import Session

    early_ack = os.environ.get("GOVCAT_BURST_EARLY_ACK") == "1"
    session = Session.open(path)
    stack = UndoStack(session)
    print("READY", flush=True)
    for op, _ in ops(seed):
        if op.index < start:
            continue
        if op.index >= start + limit:
            break
        command = _command(session, op)
        if early_ack:  # a deliberately wrong child: acknowledges before committing (tests the checker)
            print(f"ACK {op.index}", flush=True)
        stack.push(command)
        if not early_ack:
            print(f"ACK {op.index}", flush=True)
    session.close()
    print("DONE", flush=True)


if __name__ == "__main__":
    child(Path(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]), *(int(a) for a in sys.argv[4:5]))
