"""Build the one-folder bundle (govcat-desktop + govcat) for this OS, zip it, and optionally smoke-test it.

    python packaging/build.py                 # dist/govcat/ and dist/govcat-<version>-<os>.zip
    python packaging/build.py --e2e           # ... then run packaging/e2e.py against the folder
    python packaging/build.py --dist D --work W --no-zip

After PyInstaller, the build fails when a module the bundle leaves out is imported where it matters
(check_warnings: PyInstaller's warn files against packaging/excludes.py). It prints the bundle's size, on
Linux its glibc floor (the highest GLIBC_ symbol version any bundled binary needs) and the PySide6 wheel it
was built from; the same lines go to <dist>/build-info.txt.

Windows bundles are built on Windows, Linux bundles on Linux (PyInstaller does not cross-build).
"""

from __future__ import annotations

import argparse
import importlib
import importlib.util
import platform
import re
import shutil
import subprocess
import sys
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "packaging" / "govcat.spec"
EXE_SUFFIX = ".exe" if sys.platform == "win32" else ""


class BuildError(Exception):
    """The bundle could not be built or failed its smoke test."""


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


def build(dist: Path, work: Path, *, make_zip: bool = True, quiet: bool = False, tag: str = "") -> Path:
    """Run PyInstaller on the spec; returns the bundle folder (dist/govcat)."""
    check_environment()
    if sys.platform == "win32":  # the version resource of both .exe files, serialised and parsed back
        sys.path.insert(0, str(ROOT / "packaging"))
        from versioninfo import check_round_trip

        for exe in ("govcat", "govcat-desktop"):
            try:
                check_round_trip(exe, _version())
            except Exception as exc:  # noqa: BLE001 - any failure here is a broken resource
                raise BuildError(f"Windows version resource: {type(exc).__name__}: {exc}") from None
    cmd = [sys.executable, "-m", "PyInstaller", str(SPEC), "--noconfirm", "--clean",
           "--distpath", str(dist), "--workpath", str(work)]
    if quiet:
        cmd += ["--log-level", "WARN"]
    result = subprocess.run(cmd, cwd=ROOT, capture_output=quiet, text=True)
    if result.returncode != 0:
        raise BuildError("PyInstaller failed"
                         + (f":\n{result.stdout[-4000:]}\n{result.stderr[-4000:]}" if quiet else ""))
    bundle = dist / "govcat"
    for exe in ("govcat", "govcat-desktop"):
        if not (bundle / f"{exe}{EXE_SUFFIX}").is_file():
            raise BuildError(f"{exe}{EXE_SUFFIX} missing from {bundle}")
    if make_zip:
        make_archive(bundle, dist / f"govcat-{_version()}-{tag or os_tag()}.zip")
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


WARN_LINE = re.compile(r"^(excluded|missing) module named (\S+) - imported by (.*)$")
IMPORTER = re.compile(r"([\w.]+) \(([^)]*)\)")


def check_warnings(work: Path) -> list[str]:
    """Every left-out module a bundled module imports where it matters, unless excludes.ALLOWED says why not.

    Fails: an import by govcat's own code (any kind) of a module the bundle lacks; a top-level import of a
    module we exclude; any import of a module we exclude that ALLOWED does not explain. Missing modules that
    only third-party code imports conditionally or in a function (platform branches) are PyInstaller's
    usual noise and are not checked.
    """
    sys.path.insert(0, str(ROOT / "packaging"))
    from excludes import ALLOWED, CLI_EXCLUDES

    def excluded(name: str) -> bool:
        return any(name == e or name.startswith(e + ".") for e in CLI_EXCLUDES)

    def allowed(name: str, importer: str) -> bool:
        parts = name.strip("'").split(".")
        return any((".".join(parts[:n]), importer) in ALLOWED for n in range(1, len(parts) + 1))

    problems = []
    files = sorted((work / "govcat").glob("warn-govcat-*.txt"))
    if len(files) != 2:
        return [f"expected warn-govcat-desktop.txt and warn-govcat-cli.txt in {work / 'govcat'}, "
                f"found {[f.name for f in files]}"]
    for warn in files:
        for line in warn.read_text(encoding="utf-8").splitlines():
            m = WARN_LINE.match(line)
            if not m:
                continue
            status, name, importers = m.group(1), m.group(2).strip("'"), m.group(3)
            for importer, kinds in IMPORTER.findall(importers):
                ours = importer.startswith("govcat_desktop")
                if not (excluded(name) or ours) or allowed(name, importer):
                    continue
                if status == "missing" and not excluded(name) and _is_attribute(name):
                    continue  # `from pydantic import BaseModel`: PyInstaller first tries pydantic.BaseModel as a module
                if ours or kinds == "top-level" or excluded(name):
                    problems.append(f"{warn.name}: {status} module {name} imported by {importer} ({kinds})")
    return sorted(set(problems))


def _is_attribute(name: str) -> bool:
    """a.b is an attribute of module a (in the build environment), not a missing module."""
    parent, _, attr = name.rpartition(".")
    if not parent:
        return False
    try:
        return hasattr(importlib.import_module(parent), attr)
    except ImportError:
        return False


def glibc_floor(bundle: Path) -> tuple[str, str] | None:
    """(highest GLIBC_x.y any bundled ELF file requires, that file), from each file's version references."""
    if not sys.platform.startswith("linux"):
        return None
    best: tuple[tuple[int, ...], str] = ((0,), "")
    objdump = shutil.which("objdump")
    for path in sorted(p for p in bundle.rglob("*") if p.is_file() and not p.is_symlink()):
        with open(path, "rb") as fh:
            if fh.read(4) != b"\x7fELF":
                continue
        if objdump:
            text = subprocess.run([objdump, "-p", str(path)], capture_output=True, text=True, timeout=60).stdout
            refs = text.split("Version References:", 1)[1] if "Version References:" in text else ""
            versions = re.findall(r"GLIBC_(\d+(?:\.\d+)+)", refs)
        else:  # no binutils: the version names in the file (an upper bound of what it requires)
            versions = [v.decode() for v in re.findall(rb"GLIBC_(\d+(?:\.\d+)+)", path.read_bytes())]
        for v in versions:
            key = tuple(int(x) for x in v.split("."))
            if key > best[0]:
                best = (key, str(path.relative_to(bundle)))
    if not best[1]:
        return None
    return "GLIBC_" + ".".join(map(str, best[0])), best[1]


def _vkey(text: str) -> tuple[int, ...]:
    return tuple(int(x) for x in text.split("."))


def pyside6_wheel() -> str:
    """The PySide6-Essentials version and wheel tag the bundle was built from (its WHEEL metadata)."""
    from importlib import metadata

    try:
        dist = metadata.distribution("PySide6-Essentials")
    except metadata.PackageNotFoundError:
        return "PySide6-Essentials not installed"
    tags = [line.split(":", 1)[1].strip() for line in (dist.read_text("WHEEL") or "").splitlines()
            if line.startswith("Tag:")]
    return f"PySide6-Essentials {dist.version} ({', '.join(tags) or 'no wheel tag recorded'})"


def build_info(bundle: Path, tag: str = "") -> list[str]:
    size, files = folder_size(bundle)
    lines = [f"bundle: {bundle} ({tag or os_tag()}, version {_version()})",
             f"bundle size: {size / 1e6:.1f} MB in {files} files",
             f"built from: {pyside6_wheel()}, Python {platform.python_version()}"]
    archive = bundle.parent / f"govcat-{_version()}-{tag or os_tag()}.zip"
    if archive.is_file():
        lines.append(f"zip: {archive.name}, {archive.stat().st_size / 1e6:.1f} MB")
    floor = glibc_floor(bundle)
    if floor:
        lines.append(f"glibc floor: {floor[0]} (highest needed, by {floor[1]}); "
                     f"build machine: glibc {platform.libc_ver()[1] or '?'}")
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Build the govcat one-folder bundle for this OS.")
    parser.add_argument("--dist", type=Path, default=ROOT / "dist", help="output folder (default: dist/)")
    parser.add_argument("--work", type=Path, default=ROOT / "build", help="PyInstaller work folder (default: build/)")
    parser.add_argument("--no-zip", action="store_true", help="do not zip the bundle")
    parser.add_argument("--e2e", action="store_true", help="run packaging/e2e.py against the bundle after building")
    parser.add_argument("--max-glibc", metavar="X.Y",
                        help="fail when the bundle needs a newer glibc (e.g. 2.28 for UOS 20 / Kylin V10)")
    parser.add_argument("--tag", default="", metavar="NAME",
                        help="the zip's platform tag (default: this OS and machine, e.g. linux-x86_64)")
    parser.add_argument("--e2e-only", action="store_true", help="only run packaging/e2e.py against an existing bundle")
    args = parser.parse_args(argv)
    bundle = args.dist / "govcat"
    try:
        if not args.e2e_only:
            t0 = time.perf_counter()
            bundle = build(args.dist, args.work, make_zip=not args.no_zip, tag=args.tag)
            print(f"built {bundle} in {time.perf_counter() - t0:.0f} s")
            problems = check_warnings(args.work)
            if problems:
                raise BuildError("the bundle leaves out modules that shipped code imports "
                                 "(add them back, or explain in packaging/excludes.py ALLOWED):\n  "
                                 + "\n  ".join(problems))
            print("excludes check: every left-out module that a bundled module imports is explained in "
                  "packaging/excludes.py")
            info = build_info(bundle, args.tag)
            print("\n".join(info))
            (args.dist / "build-info.txt").write_text("\n".join(info) + "\n", encoding="utf-8")
            floor = glibc_floor(bundle)
            if args.max_glibc and floor and _vkey(floor[0][6:]) > _vkey(args.max_glibc):
                raise BuildError(f"the bundle needs {floor[0]} ({floor[1]}), newer than --max-glibc {args.max_glibc}: "
                                 "build on a system with that glibc and a PySide6 wheel for it (README: 信创)")
        if args.e2e or args.e2e_only:
            res = subprocess.run([sys.executable, str(ROOT / "packaging" / "e2e.py"), "--bundle", str(bundle),
                                  "--out", str(args.dist / "e2e")])
            if res.returncode != 0:
                raise BuildError("the end-to-end script failed")
    except BuildError as exc:
        print(f"build failed: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
