"""Build the one-folder bundle (govcat-desktop + govcat) for this OS, zip it, and optionally smoke-test it.

    python packaging/build.py                 # dist/govcat/ and dist/govcat-<version>-<os>.zip
    python packaging/build.py --smoke         # ... then run both executables from the folder
    python packaging/build.py --dist D --work W --no-zip

Windows bundles are built on Windows, Linux bundles on Linux (PyInstaller does not cross-build).
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "packaging" / "govcat.spec"
EXE_SUFFIX = ".exe" if sys.platform == "win32" else ""


class BuildError(Exception):
    """The bundle could not be built or failed its smoke test."""


@dataclass
class SmokeReport:
    size_bytes: int
    files: int
    cli_version: str
    cli_start_s: float
    gui_start_s: float | None
    screenshot: Path | None
    notes: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        out = [
            f"bundle size: {self.size_bytes / 1e6:.1f} MB in {self.files} files",
            f"govcat --version: {self.cli_version!r} in {self.cli_start_s:.2f} s",
        ]
        if self.gui_start_s is not None:
            out.append(f"govcat-desktop --screenshot (start → PNG written → exit): {self.gui_start_s:.2f} s → {self.screenshot}")
        return out + self.notes


def _version() -> str:
    sys.path.insert(0, str(ROOT))
    from govcat_desktop import __version__

    return __version__


def os_tag() -> str:
    system = {"win32": "windows", "darwin": "macos"}.get(sys.platform, sys.platform)
    machine = platform.machine().lower() or "unknown"
    return f"{system}-{ {'amd64': 'x86_64', 'x64': 'x86_64', 'arm64': 'aarch64'}.get(machine, machine)}"


def check_environment() -> None:
    """PyInstaller bundles whatever Qt binding it finds; PyQt must not be installed beside PySide6."""
    found = [name for name in ("PyQt5", "PyQt6", "PySide2") if importlib.util.find_spec(name) is not None]
    if found:
        raise BuildError(f"the build environment has {', '.join(found)}; build in a venv with only PySide6")
    if importlib.util.find_spec("PyInstaller") is None:
        raise BuildError('PyInstaller is missing: pip install -e ".[bundle]"')


def folder_size(folder: Path) -> tuple[int, int]:
    files = [p for p in folder.rglob("*") if p.is_file() and not p.is_symlink()]
    return sum(p.stat().st_size for p in files), len(files)


def build(dist: Path, work: Path, *, make_zip: bool = True, quiet: bool = False) -> Path:
    """Run PyInstaller on the spec; returns the bundle folder (dist/govcat)."""
    check_environment()
    cmd = [sys.executable, "-m", "PyInstaller", str(SPEC), "--noconfirm", "--clean",
           "--distpath", str(dist), "--workpath", str(work)]
    if quiet:
        cmd += ["--log-level", "WARN"]
    result = subprocess.run(cmd, cwd=ROOT, capture_output=quiet, text=True)
    if result.returncode != 0:
        raise BuildError("PyInstaller failed" + (f":\n{result.stdout[-4000:]}\n{result.stderr[-4000:]}" if quiet else ""))
    bundle = dist / "govcat"
    for exe in ("govcat", "govcat-desktop"):
        if not (bundle / f"{exe}{EXE_SUFFIX}").is_file():
            raise BuildError(f"{exe}{EXE_SUFFIX} missing from {bundle}")
    if make_zip:
        make_archive(bundle, dist / f"govcat-{_version()}-{os_tag()}.zip")
    return bundle


def make_archive(bundle: Path, target: Path) -> Path:
    """Zip the folder so that unzipping gives one `govcat/` folder (clerks unzip without admin rights)."""
    tmp = target.with_name(target.name + ".part")
    with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=6) as zf:
        for path in sorted(bundle.rglob("*")):
            arc = Path(bundle.name) / path.relative_to(bundle)
            if path.is_symlink() or path.is_file():
                info = zipfile.ZipInfo.from_file(path, arc.as_posix())
                info.compress_type = zipfile.ZIP_DEFLATED
                with open(path, "rb") as fh:
                    zf.writestr(info, fh.read())
    tmp.replace(target)
    return target


def smoke(bundle: Path, out_dir: Path, *, gui: bool = True) -> SmokeReport:
    """Run the bundled executables in a clean environment (temp user folders, offscreen Qt)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "GOVCAT_", "QT_"))}
    env.update(GOVCAT_DATA_DIR=str(out_dir / "data"), GOVCAT_CONFIG_DIR=str(out_dir / "config"), QT_QPA_PLATFORM="offscreen")
    cli = bundle / f"govcat{EXE_SUFFIX}"
    t0 = time.perf_counter()
    res = subprocess.run([str(cli), "--version"], capture_output=True, text=True, encoding="utf-8", env=env, timeout=120)
    cli_start = time.perf_counter() - t0
    if res.returncode != 0 or "govcat" not in res.stdout:
        raise BuildError(f"bundled govcat --version failed: {res.returncode} {res.stdout} {res.stderr}")
    project = out_dir / "冒烟测试.govcat"
    if project.exists():
        project.unlink()
    steps = (
        ["new", str(project), "--role", "市直部门", "--org-name", "阳泉市民政局", "--org-code", "11511301008778183N",
         "--region", "阳泉市", "--year", "2026"],
        ["info", str(project)],
    )
    notes = []
    for args in steps:
        res = subprocess.run([str(cli), *args], capture_output=True, text=True, encoding="utf-8", env=env, timeout=120)
        if res.returncode != 0 or "Traceback" in res.stderr:
            raise BuildError(f"bundled govcat {args[0]} failed: {res.returncode} {res.stdout} {res.stderr}")
        if args[0] == "info" and "阳泉市民政局" not in res.stdout:
            raise BuildError(f"bundled govcat info printed: {res.stdout}")
    notes.append("govcat new + info on a fresh project: ok")
    gui_start, shot = None, None
    if gui:
        shot = out_dir / "bundle-screenshot.png"
        if shot.exists():
            shot.unlink()
        desktop = bundle / f"govcat-desktop{EXE_SUFFIX}"
        t0 = time.perf_counter()
        res = subprocess.run([str(desktop), "--screenshot", str(shot), str(project)],
                             capture_output=True, text=True, encoding="utf-8", errors="replace", env=env, timeout=180)
        gui_start = time.perf_counter() - t0
        if res.returncode != 0 or not shot.is_file() or shot.stat().st_size < 2000:
            raise BuildError(f"bundled govcat-desktop --screenshot failed: {res.returncode} {res.stdout} {res.stderr}")
        if "Traceback" in res.stderr:
            raise BuildError(f"bundled govcat-desktop printed a traceback: {res.stderr}")
        missing = missing_system_libs(bundle / "_internal" / "PySide6" / "Qt" / "plugins" / "platforms" / "libqxcb.so")
        if missing:
            notes.append(f"X11 (xcb) check skipped: this machine lacks {', '.join(missing)} (every X11 desktop has them)")
        elif sys.platform.startswith("linux") and shutil.which("xvfb-run"):
            # the real X11 platform plugin too (libqxcb and its libraries), under a virtual display
            xshot = out_dir / "bundle-screenshot-xcb.png"
            res = subprocess.run(["xvfb-run", "-a", str(desktop), "--screenshot", str(xshot), str(project)],
                                 capture_output=True, text=True, encoding="utf-8", errors="replace",
                                 env={**env, "QT_QPA_PLATFORM": "xcb"}, timeout=180)
            if res.returncode != 0 or not xshot.is_file():
                raise BuildError(f"bundled govcat-desktop on X11 (xcb) failed: {res.returncode} {res.stderr[-2000:]}")
            notes.append("govcat-desktop --screenshot on X11 (xvfb, xcb plugin): ok")
    size, files = folder_size(bundle)
    return SmokeReport(size, files, res_version(cli, env), cli_start, gui_start, shot, notes)


def missing_system_libs(library: Path) -> list[str]:
    """Libraries `library` needs that neither the bundle nor this system provides (Linux, via ldd)."""
    if not sys.platform.startswith("linux") or not library.is_file() or not shutil.which("ldd"):
        return []
    internal = next((p for p in library.parents if p.name == "_internal"), library.parent)
    env = dict(os.environ, LD_LIBRARY_PATH=f"{internal}:{internal / 'PySide6' / 'Qt' / 'lib'}")
    out = subprocess.run(["ldd", str(library)], capture_output=True, text=True, env=env, timeout=60).stdout
    return sorted({line.split()[0] for line in out.splitlines() if "not found" in line})


def res_version(cli: Path, env: dict[str, str]) -> str:
    return subprocess.run([str(cli), "--version"], capture_output=True, text=True, env=env, timeout=60).stdout.strip()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Build the govcat one-folder bundle for this OS.")
    parser.add_argument("--dist", type=Path, default=ROOT / "dist", help="output folder (default: dist/)")
    parser.add_argument("--work", type=Path, default=ROOT / "build", help="PyInstaller work folder (default: build/)")
    parser.add_argument("--no-zip", action="store_true", help="do not zip the bundle")
    parser.add_argument("--smoke", action="store_true", help="run the bundled executables after building")
    parser.add_argument("--smoke-only", action="store_true", help="only smoke-test an existing dist/govcat")
    args = parser.parse_args(argv)
    try:
        bundle = args.dist / "govcat"
        if not args.smoke_only:
            t0 = time.perf_counter()
            bundle = build(args.dist, args.work, make_zip=not args.no_zip)
            print(f"built {bundle} in {time.perf_counter() - t0:.0f} s")
        if args.smoke or args.smoke_only:
            with tempfile.TemporaryDirectory(prefix="govcat-smoke-") as tmp:
                report = smoke(bundle, Path(tmp))
                keep = args.dist / "bundle-screenshot.png"
                if report.screenshot:
                    keep.write_bytes(report.screenshot.read_bytes())
                    report.screenshot = keep
            print("\n".join(report.lines()))
        else:
            size, files = folder_size(bundle)
            print(f"bundle size: {size / 1e6:.1f} MB in {files} files")
    except BuildError as exc:
        print(f"build failed: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
