"""End-to-end check of a built bundle: every user path, run through the bundle's executables only.

    python packaging/e2e.py --bundle dist/govcat [--out DIR]

Pure Python, standard library only, so a release manager runs the same script on the Windows bundle
(`py packaging\\e2e.py --bundle dist\\govcat`): the executables are found by name (govcat / govcat.exe,
govcat-desktop / govcat-desktop.exe) in the bundle folder; nothing of the source tree is imported or run.
Inputs are the repository's test data: the real matter list (tests/data/zwfw_guangan_matters.csv) and the
units' 可编辑版 copies in tests/data/e2e/ (see make_copies.py there), copied into the work folder first.

Any exit code ≥ 2, any traceback and any “意外问题” fails the run; so does any check below. Each step is a
function in STEPS, run in order; a new step is one more function decorated with @step, placed where it
belongs in the order: it gets the Run (run.govcat(...) / run.screenshot(...) / run.dump(...) check exit codes
and output; run.state carries what earlier steps made: the unit files, their export folders, the bureau
file, the feedback workbook) and raises E2EFailure via expect(...) when something is wrong. The commands
and pages run are printed (and written to OUT/e2e-log.txt) so a closing note can list them.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import struct
import subprocess
import sys
import tempfile
import time
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data"
EXE = ".exe" if os.name == "nt" else ""
BAD_WORDS = ("Traceback (most recent call last)", "意外问题")

# The three units (identities as in tests/data/e2e/make_copies.py) and what the copies hold — written out by
# hand here, so the check does not derive its expectation from the product.
UNITS = {
    "minzheng": dict(role="市直部门", name="阳泉市民政局", code="11511301008778298W", region="阳泉市", dept="区民政局",
                     tasks=("工作联系表", "政务数据资源目录", "共享数据需求", "需求审核确认"),
                     entries={"结婚证", "养老机构备案信息"}, demands={"居民户口簿"}),
    "chengqu": dict(role="县（区）主管机构", name="城区行政审批服务管理局", code="11511301008778220W", region="城区",
                    dept="区行政审批局",
                    tasks=("体制机制情况", "政务数据资源目录", "共享数据需求", "需求审核确认"),
                    entries={"个体工商户营业执照", "结婚证信息", "养老机构备案（信息）"}, demands={"结婚证"}),
    "gongan": dict(role="县（区）部门", name="城区公安分局", code="11511300008778693M", region="城区",
                   dept="区公安分局",
                   tasks=("政务数据资源目录", "共享数据需求", "需求审核确认"),
                   entries={"户口迁移证明", "居民户口簿"}, demands=set()),
}
BUREAU = dict(role="市大数据局", name="阳泉市大数据局", code="11511301008778183N", region="阳泉市")
MATTER_LIST_ROWS = 1135
UNIT_PAGES = ("overview", "contacts", "catalog", "grid", "wizard", "demands", "demand-wizard", "reviews", "comments")


class E2EFailure(Exception):
    pass


@dataclass
class Result:
    args: list[str]
    code: int
    out: str
    err: str
    seconds: float


@dataclass
class Run:
    bundle: Path
    out: Path
    env: dict[str, str]
    log: list[str] = field(default_factory=list)
    pages: list[str] = field(default_factory=list)
    state: dict = field(default_factory=dict)

    def exe(self, name: str) -> Path:
        path = self.bundle / f"{name}{EXE}"
        if not path.is_file():
            raise E2EFailure(f"{path} is missing from the bundle")
        return path

    def _run(self, exe: str, args: list[str], ok: tuple[int, ...], timeout: int, wrapper: tuple[str, ...] = (),
             env: dict[str, str] | None = None) -> Result:
        cmd = [*wrapper, str(self.exe(exe)), *map(str, args)]
        t0 = time.perf_counter()
        try:
            proc = subprocess.run(cmd, capture_output=True, cwd=self.out, env={**self.env, **(env or {})},
                                  timeout=timeout)
        except subprocess.TimeoutExpired:
            raise E2EFailure(f"{exe} {' '.join(map(str, args))}: no answer within {timeout} s") from None
        res = Result(cmd, proc.returncode, proc.stdout.decode("utf-8", "replace"),
                     proc.stderr.decode("utf-8", "replace"), time.perf_counter() - t0)
        shown = " ".join(_short(a, self.out) for a in [*wrapper, exe, *map(str, args)])
        self.log.append(f"{shown}  → exit {res.code}, {res.seconds:.2f} s")
        print(f"  $ {self.log[-1]}", flush=True)
        bad = [w for w in BAD_WORDS if w in res.out or w in res.err]
        if res.code >= 2 or res.code not in ok or bad:
            raise E2EFailure(f"{shown}: exit {res.code}{' ' + ', '.join(bad) if bad else ''}\n"
                             f"--- stdout (end)\n{res.out[-3000:]}\n--- stderr (end)\n{res.err[-3000:]}")
        return res

    def govcat(self, *args, ok: tuple[int, ...] = (0,), timeout: int = 300) -> Result:
        return self._run("govcat", list(args), ok, timeout)

    def screenshot(self, name: str, file: Path | None = None, page: str = "", wrapper: tuple[str, ...] = (),
                   env: dict[str, str] | None = None) -> Path:
        png = self.out / "screenshots" / f"{name}.png"
        png.parent.mkdir(parents=True, exist_ok=True)
        args = ["--screenshot", png] + ([file] if file else []) + (["--page", page] if page else [])
        res = self._run("govcat-desktop", args, (0,), 300, wrapper, env)
        self.state.setdefault("gui_seconds", []).append(res.seconds)
        width, height = png_size(png)
        if width < 1280 or height < 800 or png.stat().st_size < 20_000:
            raise E2EFailure(f"screenshot {png} is {width}×{height}, {png.stat().st_size} bytes")
        self.pages.append(f"{name}: {page or 'default'} of {file.name if file else '(no project)'} → {width}×{height}")
        return png

    def dump(self, project: Path) -> dict:
        return json.loads(self.govcat("dump", project, "--json").out)

    def validate(self, project: Path) -> dict:
        return json.loads(self.govcat("validate", project, "--json", ok=(0, 1)).out)

    def unit_file(self, key: str) -> Path:
        return self.out / "units" / f"{UNITS[key]['name']}.govcat"


def _short(arg: str, base: Path) -> str:
    text = arg.replace(str(base) + os.sep, "").replace(str(DATA) + os.sep, "tests/data/")
    return f'"{text}"' if " " in text else text


def png_size(path: Path) -> tuple[int, int]:
    head = path.read_bytes()[:24]
    if head[:8] != b"\x89PNG\r\n\x1a\n":
        raise E2EFailure(f"{path} is not a PNG")
    return struct.unpack(">II", head[16:24])


def check_xlsx(path: Path) -> None:
    """An exported workbook is a whole zip with a workbook part (not a half-written file)."""
    try:
        with zipfile.ZipFile(path) as zf:
            names = set(zf.namelist())
            if "xl/workbook.xml" not in names or zf.testzip() is not None:
                raise E2EFailure(f"{path.name}: not a whole workbook")
    except zipfile.BadZipFile:
        raise E2EFailure(f"{path.name}: not a zip file") from None


def check_pdf(path: Path) -> None:
    """A print PDF: a PDF file holding an embedded font and at least one page."""
    data = path.read_bytes()
    has_page = b"/Type /Page" in data.replace(b"/Type/Page", b"/Type /Page")
    expect(data.startswith(b"%PDF-") and b"/FontFile3" in data and has_page,
           f"{path.name} is not a print PDF with an embedded font")


def listed_paths(res: Result) -> list[Path]:
    return [Path(line.strip()) for line in res.out.splitlines() if line.strip().endswith((".xlsx", ".pdf"))]


def entries_of(dump: dict) -> set[str]:
    return {e["name"] for m in dump["matters"] for e in m["entries"]}


def expect(cond: bool, message: str) -> None:
    if not cond:
        raise E2EFailure(message)


STEPS: list[tuple[str, Callable[[Run], None]]] = []


def step(title: str):
    def register(fn: Callable[[Run], None]) -> Callable[[Run], None]:
        STEPS.append((title, fn))
        return fn
    return register


# ---------------------------------------------------------------- the steps, in the order a city works


@step("bundle answers: govcat --version")
def version(run: Run) -> None:
    res = run.govcat("--version")
    expect(res.out.startswith("govcat"), f"--version printed {res.out!r}")
    run.state["version"] = res.out.strip()
    run.state["cli_start"] = res.seconds


@step("three units of three roles: new project, the real matter list, their editable copies")
def units(run: Run) -> None:
    folder = run.out / "units"
    inbox = run.out / "copies-in"
    folder.mkdir(parents=True, exist_ok=True)
    inbox.mkdir(parents=True, exist_ok=True)
    for key, u in UNITS.items():
        project = run.unit_file(key)
        run.govcat("new", project, "--role", u["role"], "--org-name", u["name"], "--org-code", u["code"],
                   "--region", u["region"], "--year", "2026")
        matter_list = inbox / "zwfw_guangan_matters.csv"
        shutil.copyfile(DATA / "zwfw_guangan_matters.csv", matter_list)
        # The unit's own 实施部门 of the list's 34, where the bundle can scope a matter list (import --dept).
        if "has_dept" not in run.state:
            run.state["has_dept"] = "--dept" in run.govcat("import", "--help").out
        scope = ["--dept", u["dept"]] if run.state["has_dept"] else []
        res = run.govcat("import", project, matter_list, "--kind", "matters", *scope, ok=(0, 1))
        found = re.search(r"新增 (\d+) 条", res.out)
        expect(found is not None and int(found.group(1)) > 0, f"matter list import added nothing: {res.out[:500]}")
        copies = []
        for src in sorted((DATA / "e2e").glob(f"{key}-*.xlsx")):
            copies.append(inbox / src.name)
            shutil.copyfile(src, copies[-1])
        expect(len(copies) == len(u["tasks"]), f"{key}: {len(copies)} copies in tests/data/e2e")
        run.govcat("import", project, *copies, "--dry-run", ok=(0, 1))
        run.govcat("import", project, *copies, ok=(0, 1))
        dump = run.dump(project)
        expect(entries_of(dump) == u["entries"], f"{key}: entries after import {sorted(entries_of(dump))}")
        names = {d.get("catalog_name") or d.get("data_name") for d in dump["demands"]}
        expect(names == u["demands"], f"{key}: demands after import {sorted(names)}")
        if key == "minzheng":
            expect(dump["contacts"]["leader"]["name"] == "王建国", "contacts not imported")
        if key == "chengqu":
            expect(dump["mechanism"]["lead_agency"] == "城区行政审批服务管理局", "mechanism not imported")
        run.state.setdefault("dumps", {})[key] = dump
        info = run.govcat("info", project)
        expect(u["name"] in info.out, f"info does not name the unit: {info.out[:300]}")
        run.validate(project)


@step("every task exported: 盖章版 + 可编辑版, and the blank templates")
def exports(run: Run) -> None:
    for key, u in UNITS.items():
        out = run.out / "exports" / key
        res = run.govcat("export", run.unit_file(key), "--out", out)
        paths = listed_paths(res)
        for task in u["tasks"]:
            for variant, suffix in (("盖章版", ".xlsx"), ("盖章版", ".pdf"), ("可编辑版", ".xlsx")):
                hits = [p for p in paths if f"_{task}_{variant}_" in p.name and p.suffix == suffix]
                expect(len(hits) == 1, f"{key}: export wrote {[p.name for p in paths]}, no {task} {variant}{suffix}")
        expect(len(paths) == 3 * len(u["tasks"]), f"{key}: {len(paths)} files exported")
        for p in paths:
            if p.suffix == ".pdf":
                check_pdf(run.out / p if not p.is_absolute() else p)
        blank = run.govcat("export", run.unit_file(key), "--out", run.out / "blank" / key, "--blank")
        templates = listed_paths(blank)
        expect(sorted(p.name.split("_")[1] for p in templates) == sorted(u["tasks"]),
               f"{key}: blank templates {[p.name for p in templates]}")
        for p in paths + templates:
            if p.suffix == ".xlsx":
                check_xlsx(run.out / p if not p.is_absolute() else p)
        run.state.setdefault("exports", {})[key] = out


@step("a unit project's pages in the window (govcat-desktop --screenshot)")
def unit_pages(run: Run) -> None:
    run.screenshot("start")
    run.screenshot("new-project", page="new")
    project = run.unit_file("minzheng")
    for page in UNIT_PAGES:
        run.screenshot(f"unit-{page}", project, page)
    run.screenshot("county-lead-overview", run.unit_file("chengqu"), "overview")


@step("市大数据局 merges copies and .govcat files (near-duplicate names across units)")
def bureau_merge(run: Run) -> None:
    city = run.out / "bureau" / f"{BUREAU['name']}.govcat"
    city.parent.mkdir(parents=True, exist_ok=True)
    run.govcat("new", city, "--role", BUREAU["role"], "--org-name", BUREAU["name"], "--org-code", BUREAU["code"],
               "--region", BUREAU["region"], "--year", "2026")
    inbox = run.out / "bureau" / "收件箱"
    # 民政局: its export folder as it came (盖章版 beside the 可编辑版: left aside); 城区: its .govcat file;
    # 公安分局: only its 可编辑版 copies.
    shutil.copytree(run.state["exports"]["minzheng"], inbox / "民政局")
    shutil.copyfile(run.unit_file("chengqu"), inbox / run.unit_file("chengqu").name)
    (inbox / "公安").mkdir()
    for p in run.state["exports"]["gongan"].glob("*可编辑版*.xlsx"):
        shutil.copyfile(p, inbox / "公安" / p.name)
    res = run.govcat("merge", city, inbox / "民政局", inbox / run.unit_file("chengqu").name, inbox / "公安", ok=(0, 1))
    expect("跳过 0 个" in res.out, f"merge skipped files: {res.out[-800:]} {res.err[-800:]}")
    run.state["city"] = city
    found = run.validate(city)
    rules = {(f["rule"], f["record"]) for f in found["findings"]}
    expect(any(r == "cross-unit-near-duplicate" and "养老机构备案" in rec for r, rec in rules),
           "bureau validate: no near-duplicate finding for 养老机构备案信息 / 养老机构备案（信息）")
    expect(any(r == "cross-unit-same-matter" and "中国内地公民婚姻登记" in rec for r, rec in rules),
           "bureau validate: no finding for the marriage matter claimed by 民政局 and 城区")
    run.govcat("info", city)
    compare_holdings(run, city)


@step("the bureau takes in a scan of the stamped 工作联系表 (JPEG, QR per page) "
      "and leaves the unstamped print PDF aside")
def paper_scan(run: Run) -> None:
    city = run.state["city"]
    folder = run.out / "bureau" / "扫描件"
    folder.mkdir(parents=True, exist_ok=True)
    # Made once from this script's 民政局 export by tests/data/e2e/make_scan.py (render, red stamp, signature,
    # 2° skew, JPEG 60); its QR codes carry the fingerprint of the contacts imported from minzheng-工作联系表.xlsx.
    scan = folder / "民政局工作联系表扫描.jpg"
    shutil.copyfile(DATA / "e2e" / "scan-minzheng-工作联系表.jpg", scan)
    printed = next(run.state["exports"]["minzheng"].glob("*_工作联系表_盖章版_*.pdf"))
    res = run.govcat("merge", city, scan, printed, ok=(1,))
    expect("扫描件 1 个" in res.out and "这是 govcat 导出的打印文件" in res.out, f"scan merge: {res.out[-800:]}")
    board = run.govcat("board", city, ok=(0, 1))
    expect(re.search(r"T1 报送工作联系人：[^\n]*纸质版：一致", board.out) is not None, f"board: {board.out[-1500:]}")
    expect(re.search(r"T3 编报数据资源目录：[^\n]*纸质版：未收到", board.out) is not None,
           "board: T3 paper should be 未收到")


def compare_holdings(run: Run, city: Path) -> None:
    """What each unit's project holds is what the bureau's dump holds for it (current submissions)."""
    held = {u["org_name"]: u for u in run.dump(city).get("units", [])}
    expect(set(held) == {u["name"] for u in UNITS.values()}, f"the bureau holds units {sorted(held)}")
    for key, u in UNITS.items():
        unit = run.dump(run.unit_file(key))
        current = {s["task"]: s.get("data") for s in held[u["name"]]["submissions"] if not s["superseded"]}
        mine = sorted((m["code"], json.dumps(e, ensure_ascii=False, sort_keys=True))
                      for m in unit["matters"] for e in m["entries"])
        theirs = sorted((e["matter_code"], json.dumps({k: v for k, v in e.items() if k not in (
            "matter_code", "matter_name", "bureau_status", "bureau_note", "change_mark")},
            ensure_ascii=False, sort_keys=True))
            for e in (current.get("catalog") or {}).get("entries", []))
        expect(mine == theirs, f"{key}: catalog entries differ between the unit and the bureau:\n{mine}\n{theirs}")
        expect(sorted(map(_canon, unit["demands"])) == sorted(map(_canon, current.get("demand") or [])),
               f"{key}: demands differ between the unit and the bureau")
        if "contacts" in current:
            expect(current["contacts"] == unit["contacts"], f"{key}: contacts differ")
        if "mechanism" in current:
            expect(current["mechanism"] == unit["mechanism"], f"{key}: mechanism differs")
    run.state["holdings_checked"] = run.state.get("holdings_checked", 0) + 1


def _canon(record: dict) -> str:
    return json.dumps(record, ensure_ascii=False, sort_keys=True)


@step("the bureau's board, report, review and feedback")
def bureau_work(run: Run) -> None:
    city = run.state["city"]
    board = run.govcat("board", city, ok=(0, 1))  # exit 1: overdue units (the 2026 deadlines have passed)
    for u in UNITS.values():
        expect(u["name"] in board.out, f"board does not list {u['name']}")
    report = run.govcat("report", city, "--out", run.out / "bureau" / "report")
    written = listed_paths(report)
    expect(len(written) >= 8, f"report wrote {len(written)} files")
    for p in written:
        (check_pdf if p.suffix == ".pdf" else check_xlsx)(p if p.is_absolute() else run.out / p)
    unit = UNITS["minzheng"]["name"]
    run.govcat("review", city, "--unit", unit, "--entry", "结婚证", "--decision", "退回",
               "--comment", "共享条件请写明核验范围")
    run.govcat("review", city, "--unit", unit, "--entry", "结婚证", "--field", "共享类型",
               "--comment", "请核实共享类型")
    run.govcat("review", city, "--unit", unit, "--entry", "结婚证", "--item", "男方姓名", "--comment", "请写明长度")
    run.govcat("review", city, "--unit", UNITS["gongan"]["name"], "--entry", "户口迁移证明", "--decision", "已审核")
    res = run.govcat("feedback", city, "--out", run.out / "bureau" / "feedback")
    books = listed_paths(res)
    mine = [p for p in books if unit in p.name]
    expect(len(mine) == 1, f"feedback wrote {[p.name for p in books]}")
    run.state["feedback"] = mine[0] if mine[0].is_absolute() else run.out / mine[0]
    run.screenshot("bureau", city, "bureau")
    run.screenshot("bureau-overview", city, "overview")


@step("the unit takes the feedback in, answers it, replies; the bureau takes the answer and the resubmission")
def unit_answers(run: Run) -> None:
    project = run.unit_file("minzheng")
    run.govcat("accept-feedback", project, run.state["feedback"])
    listing = run.govcat("resolve", project, "--list").out
    tokens = re.findall(r"^([0-9a-f]{8,})\s+未处理", listing, re.MULTILINE)
    expect(len(tokens) == 3, f"resolve --list shows {len(tokens)} open comments:\n{listing}")
    found = run.validate(project)
    expect(sum(f["rule"] == "bureau-comment" for f in found["findings"]) >= 3, "comments are not findings")
    for token in tokens:
        run.govcat("resolve", project, token, "--answer", "已按意见修改")
    expect("未处理" not in run.govcat("resolve", project, "--list").out, "comments still open after resolving")
    reply = listed_paths(run.govcat("reply", project, "--out", run.out / "reply"))
    expect(len(reply) == 1, f"reply wrote {reply}")
    run.screenshot("unit-comments-answered", project, "comments")
    city = run.state["city"]
    resubmitted = run.out / "bureau" / "收件箱" / "民政局-重新报送.govcat"
    shutil.copyfile(project, resubmitted)
    res = run.govcat("merge", city, reply[0] if reply[0].is_absolute() else run.out / reply[0], resubmitted, ok=(0, 1))
    expect("跳过 0 个" in res.out, f"merge of reply + resubmission skipped files: {res.out[-800:]}")
    run.govcat("board", city, ok=(0, 1))
    run.validate(city)
    compare_holdings(run, city)
    history = [s for s in run.dump(city)["units"] if s["org_name"] == UNITS["minzheng"]["name"]][0]["submissions"]
    # The .govcat carries the same content fingerprint as the editable copies merged before (the one its print
    # pages carry too), and its answers came in with the reply workbook: the same content is the same submission.
    expect(sum(s["superseded"] for s in history) == 0 and len(history) == len(UNITS["minzheng"]["tasks"]),
           f"the unchanged resubmission became a second submission: {[(s['task'], s['superseded']) for s in history]}")


@step("the county lead (县（区）主管机构) takes in its county's department and holds what it sent")
def county_lead(run: Run) -> None:
    lead = run.unit_file("chengqu")
    res = run.govcat("merge", lead, run.state["exports"]["gongan"], ok=(0, 1))
    expect("跳过 0 个" in res.out, f"county merge skipped files: {res.out[-800:]} {res.err[-800:]}")
    board = run.govcat("board", lead, ok=(0, 1))
    expect(UNITS["gongan"]["name"] in board.out, "the county board does not list 城区公安分局")
    held = run.dump(lead).get("units", [])
    expect([u["org_name"] for u in held] == [UNITS["gongan"]["name"]],
           f"the county lead holds {held and [u['org_name'] for u in held]}")
    sent = entries_of(run.dump(run.unit_file("gongan")))
    got = {e["name"] for s in held[0]["submissions"] if s["task"] == "catalog" and not s["superseded"]
           for e in s["data"]["entries"]}
    expect(got == sent == UNITS["gongan"]["entries"], f"county lead holds entries {sorted(got)}, sent {sorted(sent)}")
    run.screenshot("county-lead-bureau", lead, "bureau")


# A unit name as clerks type it, holding what Windows forbids in file names (/ : * ? " < > |), and long.
ODD_UNIT = dict(role="市直部门",
                name='阳泉市民政局/婚姻登记处:社会事务科*"测试"<一>|二?' + "（婚姻登记管理服务中心）" * 3,
                code="11511301MB1550442U", region="阳泉市")
WINDOWS_RESERVED = {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(1, 10)), *(f"LPT{i}" for i in range(1, 10))}


def windows_name_problem(path: Path, base: Path) -> str:
    """Why `path` could not be written on Windows ("" when it could): characters, reserved names, trailing dot or
    space, or a full path over 260 characters when `base` sits at C:\\Users\\<20 characters>\\Documents\\."""
    for part in path.relative_to(base).parts:
        if any(c in part for c in '<>:"/\\|?*') or any(ord(c) < 32 for c in part):
            return f"“{part}” holds a character Windows forbids"
        if part.split(".")[0].upper().rstrip() in WINDOWS_RESERVED:
            return f"“{part}” is a reserved device name on Windows"
        if part.endswith((".", " ")):
            return f"“{part}” ends with a dot or space"
    typical = len("C:\\Users\\" + "x" * 20 + "\\Documents\\") + len(str(path.relative_to(base)))
    if typical > 260:
        return f"{path.name}: {typical} characters as a Windows path"
    return ""


@step("a unit whose name holds characters Windows forbids in file names: every file it and its bureau write")
def odd_names(run: Run) -> None:
    folder = run.out / "odd"
    project = folder / "单位.govcat"
    folder.mkdir()
    u = ODD_UNIT
    run.govcat("new", project, "--role", u["role"], "--org-name", u["name"], "--org-code", u["code"],
               "--region", u["region"], "--year", "2026")
    copy = folder / "catalog.xlsx"
    shutil.copyfile(DATA / "e2e" / "minzheng-政务数据资源目录.xlsx", copy)
    run.govcat("import", project, copy, ok=(0, 1))  # another unit's copy: a warning, then imported
    written = listed_paths(run.govcat("export", project, "--out", folder / "导出"))
    written += listed_paths(run.govcat("export", project, "--out", folder / "空白", "--blank"))
    city = folder / "汇总.govcat"
    run.govcat("new", city, "--role", BUREAU["role"], "--org-name", BUREAU["name"], "--org-code", BUREAU["code"],
               "--region", BUREAU["region"], "--year", "2026")
    run.govcat("merge", city, project, ok=(0, 1))
    run.govcat("review", city, "--unit", u["name"], "--entry", "结婚证", "--decision", "退回", "--comment", "请核实")
    written += listed_paths(run.govcat("feedback", city, "--out", folder / "意见"))
    written += listed_paths(run.govcat("report", city, "--out", folder / "报告"))
    expect(len(written) >= 8 + 4 + 1 + 8, f"only {len(written)} files written")
    files = [p if p.is_absolute() else run.out / p for p in written]
    problems = [why for why in (windows_name_problem(p, run.out) for p in files) if why]
    expect(not problems, "file names not valid on Windows:\n  " + "\n  ".join(problems))
    for p in files:
        (check_pdf if p.suffix.lower() == ".pdf" else check_xlsx)(p)


@step("the real X11 platform plugin (Linux, under xvfb): the window of a unit project")
def x11(run: Run) -> None:
    if os.name == "nt" or sys.platform == "darwin":
        run.pages.append("x11: not applicable on this system")
        return
    if not shutil.which("xvfb-run"):
        raise E2EFailure("xvfb-run is missing (apt-get install xvfb xauth); the xcb plugin would go unchecked")
    run.screenshot("unit-catalog-xcb", run.unit_file("minzheng"), "catalog", wrapper=("xvfb-run", "-a"),
                   env={"QT_QPA_PLATFORM": "xcb"})


# ---------------------------------------------------------------- driver


def clean_env(out: Path, qpa: str = "offscreen") -> dict[str, str]:
    """No Python or Qt settings of the caller leak in; every per-user folder points into OUT."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "GOVCAT_", "QT_", "VIRTUAL_ENV"))}
    home = out / "home"
    for sub in ("data", "config", "cache", "appdata", "localappdata"):
        (home / sub).mkdir(parents=True, exist_ok=True)
    env.update(GOVCAT_DATA_DIR=str(home / "data"), GOVCAT_CONFIG_DIR=str(home / "config"), QT_QPA_PLATFORM=qpa,
               HOME=str(home), XDG_DATA_HOME=str(home / "data"), XDG_CONFIG_HOME=str(home / "config"),
               XDG_CACHE_HOME=str(home / "cache"))
    if os.name == "nt":
        env.update(APPDATA=str(home / "appdata"), LOCALAPPDATA=str(home / "localappdata"), USERPROFILE=str(home))
    return env


def start_times(run: Run) -> list[str]:
    gui = sorted(run.state.get("gui_seconds", []))
    out = [f"start: govcat --version {run.state['cli_start']:.2f} s"] if "cli_start" in run.state else []
    if gui:
        out.append(f"start: govcat-desktop --screenshot (start → PNG → exit) {gui[0]:.2f}–{gui[-1]:.2f} s, "
                   f"median {gui[len(gui) // 2]:.2f} s over {len(gui)} runs")
    return out


def force_utf8() -> None:
    """What this script prints (Chinese file names and messages) must not fail on a console or pipe that is not
    UTF-8 (a Windows console in code page 936 or 437, a pipe under Wine without PYTHONUTF8=1): write UTF-8."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(encoding="utf-8", errors="backslashreplace")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Run every user path against a built govcat bundle.")
    parser.add_argument("--bundle", type=Path, required=True,
                        help="the bundle folder (holding govcat and govcat-desktop)")
    parser.add_argument("--out", type=Path, help="work folder (default: a new temporary folder, kept)")
    parser.add_argument("--qpa", default="offscreen", metavar="PLUGIN",
                        help="Qt platform plugin of the screenshots (default offscreen; under Wine: windows, as "
                             "Wine's offscreen plugin has an empty font database)")
    args = parser.parse_args(argv)
    force_utf8()
    bundle = args.bundle.resolve()
    out = (args.out or Path(tempfile.mkdtemp(prefix="govcat-e2e-"))).resolve()
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    run = Run(bundle, out, clean_env(out, args.qpa))
    t0 = time.perf_counter()
    failed = None
    for n, (title, fn) in enumerate(STEPS, 1):
        print(f"[{n}/{len(STEPS)}] {title}", flush=True)
        try:
            fn(run)
        except E2EFailure as exc:
            failed = f"step {n} ({title}) failed: {exc}"
            break
    took = time.perf_counter() - t0
    summary = [f"bundle: {bundle}", f"version: {run.state.get('version', '?')}", f"work folder: {out}",
               f"{len(run.log)} commands, {len(run.pages)} pages, {took:.0f} s", *start_times(run), "",
               "commands:", *run.log, "", "pages:", *run.pages, "", failed or "end-to-end: all steps passed"]
    (out / "e2e-log.txt").write_text("\n".join(summary) + "\n", encoding="utf-8")
    print(f"\n{len(run.log)} commands and {len(run.pages)} pages in {took:.0f} s; log: {out / 'e2e-log.txt'}")
    print("\n".join(start_times(run)))
    if failed:
        print(failed, file=sys.stderr)
        return 1
    print("end-to-end: all steps passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
