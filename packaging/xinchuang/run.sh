#!/usr/bin/env bash
# The 信创 bundle (UOS 20 / Kylin V10: glibc 2.28–2.31), built and checked in a Debian 11 bullseye root (glibc 2.31).
#
#   sudo bash packaging/xinchuang/run.sh [--suite | --suite-only] [--out DIR]   (PYTEST_ARGS=… for the suite)
#
# Root (chroot and mounts) on Debian/Ubuntu with debootstrap; needs only Debian's archive and PyPI. Steps:
#   1. the root: debootstrap of bullseye (minbase) plus Qt's runtime libraries, a CJK font, xvfb, build tools;
#   2. CPython 3.11 (bullseye has 3.9): built from Debian 12's python3.11 source (orig tarball pinned by sha256);
#   3. a venv with exactly packaging/xinchuang/lock.txt (hash-pinned wheels, PySide6-Essentials 6.9.3 manylinux_2_28);
#   4. --suite: the test suite on this oldest supported stack (PySide6 6.9, SQLite 3.34, glibc 2.31);
#   5. packaging/build.py --max-glibc 2.31 --e2e: the bundle, refused if it needs a newer glibc, then its e2e.
# OUT (default build/release/xinchuang) gets the zip, build-info.txt and e2e-log.txt.
# Cached between runs in $GOVCAT_CI_CACHE (default /var/cache/govcat-ci/bullseye): the root (rebuilt when the
# package list below changes), the built CPython (a tarball keyed by the source's hash and the configure flags), the
# venv (keyed by the lock's hash) and pip's download cache. A cold machine builds them all (measured in README).
set -euo pipefail
REPO=$(cd "$(dirname "$0")/../.." && pwd)
# shellcheck source=../steps.sh
. "$REPO/packaging/steps.sh"
CACHE=${GOVCAT_CI_CACHE:-/var/cache/govcat-ci}/bullseye
R=$CACHE/root
OUT=$REPO/build/release/xinchuang
SUITE=0
BUNDLE=1
while [ $# -gt 0 ]; do
  case $1 in
    --suite) SUITE=1 ;;
    --suite-only) SUITE=1; BUNDLE=0 ;;
    --out) OUT=$2; shift ;;
    *) echo "usage: $0 [--suite | --suite-only] [--out DIR]" >&2; exit 2 ;;
  esac
  shift
done
mkdir -p "$CACHE" "$OUT"
OUT=$(cd "$OUT" && pwd)
exec 9>"$CACHE/.lock"
flock -w 5400 9 || { echo "another run holds $CACHE/.lock" >&2; exit 1; }

SUITE_NAME=bullseye   # Debian 11: glibc 2.31, SQLite 3.34.1 (buster, glibc 2.28, is no longer on the mirror)
# Debian 12's python3.11 source: the upstream Python 3.11.2 tarball as Debian ships it (stable across Debian revisions)
PYSRC=python3.11_3.11.2.orig.tar.gz
PYSRC_SHA256=2411c74bda5bbcfcddaf4531f66d1adc73f247f529aee981b029513aefdbf849
PY_CONFIGURE="--prefix=/opt/py311 --enable-shared LDFLAGS=-Wl,-rpath,/opt/py311/lib --without-ensurepip"
LOCK=$REPO/packaging/xinchuang/lock.txt
PACKAGES="build-essential ca-certificates dpkg-dev xz-utils libssl-dev libffi-dev libsqlite3-dev zlib1g-dev libbz2-dev
  liblzma-dev uuid-dev libreadline-dev libncursesw5-dev libgdbm-dev binutils
  libgl1 libegl1 libxkbcommon0 libfontconfig1 libfreetype6 libdbus-1-3 libglib2.0-0 libx11-xcb1 libxcb-cursor0
  libxkbcommon-x11-0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1 libxcb-randr0 libxcb-render-util0 libxcb-shape0
  libxcb-xinerama0 libxcb-xkb1 libxcb-xfixes0 libxrender1 libxi6 fonts-wqy-microhei xvfb xauth locales strace"
ROOT_KEY=$(printf '%s\n' "$SUITE_NAME" $PACKAGES | sha256sum | cut -c1-16)
CPY_KEY=$(printf '%s %s' "$PYSRC_SHA256" "$PY_CONFIGURE" | sha256sum | cut -c1-16)
VENV=/build/venv-$(sha256sum "$LOCK" | cut -c1-16)

# The mirror apt uses here (first URIs: line of the deb822 sources, else deb.debian.org) and its security archive
SOURCES=/etc/apt/sources.list.d/debian.sources
MIRROR=$( { [ -f $SOURCES ] && awk '/^URIs:/{print $2; exit}' $SOURCES; } || true)
MIRROR=${MIRROR:-http://deb.debian.org/debian}
SECURITY=$( { [ -f $SOURCES ] && awk '/^URIs:/{print $2}' $SOURCES | sed -n 2p; } || true)
SECURITY=${SECURITY:-http://deb.debian.org/debian-security}

mounted=()
cleanup() { for m in "${mounted[@]}"; do umount "$m" 2>/dev/null || umount -l "$m" 2>/dev/null || true; done; }
trap cleanup EXIT
mount_root() {
  local m
  for m in proc dev dev/pts dev/shm; do  # /dev/shm: multiprocessing's semaphores (ENOSYS without it)
    mountpoint -q "$R/$m" && continue
    if [ $m = proc ]; then mount -t proc proc "$R/proc"; else mount --bind "/$m" "$R/$m"; fi
    mounted=("$R/$m" "${mounted[@]}")
  done
  mkdir -p "$R/var/cache/govcat-pip" "$CACHE/pip"
  if ! mountpoint -q "$R/var/cache/govcat-pip"; then
    mount --bind "$CACHE/pip" "$R/var/cache/govcat-pip"
    mounted=("$R/var/cache/govcat-pip" "${mounted[@]}")
  fi
  cp /etc/resolv.conf "$R/etc/resolv.conf"
  # PyPI is reached through this machine's TLS set-up: the root's pip trusts the host's CA bundle
  mkdir -p "$R/etc/ssl/certs" && cp /etc/ssl/certs/ca-certificates.crt "$R/etc/ssl/certs/host-ca-bundle.crt"
}
in_root() {
  chroot "$R" /usr/bin/env -i PATH=$VENV/bin:/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LANG=C.UTF-8 \
    DEBIAN_FRONTEND=noninteractive PIP_CERT=/etc/ssl/certs/host-ca-bundle.crt PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_CACHE_DIR=/var/cache/govcat-pip PIP_DEFAULT_TIMEOUT=180 PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 "$@"
}

debootstrap_root() {
  if [ -x "$R/bin/bash" ]; then
    echo "cached root $R"
    return 0
  fi
  if ! command -v debootstrap >/dev/null; then
    # .ci/run starts this beside packaging/wine/run.sh: their apt-get calls take turns (apt's lock refuses, not waits)
    flock /tmp/govcat-ci-apt.lock sh -c 'apt-get update -qq &&
      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends debootstrap >/dev/null'
  fi
  rm -rf "$R.partial"
  debootstrap --variant=minbase "$SUITE_NAME" "$R.partial" "$MIRROR" >"$CACHE/debootstrap.log" 2>&1 \
    || { tail -20 "$CACHE/debootstrap.log" >&2; return 1; }
  mv "$R.partial" "$R"
}

root_packages() {
  if [ "$(cat "$R/.govcat-root-key" 2>/dev/null)" != "$ROOT_KEY" ]; then
    printf 'deb %s %s main\ndeb %s %s-updates main\ndeb %s %s-security main\ndeb-src %s bookworm main\n' \
      "$MIRROR" $SUITE_NAME "$MIRROR" $SUITE_NAME "$SECURITY" $SUITE_NAME "$MIRROR" > "$R/etc/apt/sources.list"
    # shellcheck disable=SC2086
    in_root sh -c "apt-get update -qq && apt-get install -y -qq --no-install-recommends $(echo $PACKAGES) >/dev/null"
    echo "$ROOT_KEY" > "$R/.govcat-root-key"
  fi
  in_root sh -c 'echo "root: Debian $(cat /etc/debian_version), $(ldd --version | head -1),\
 SQLite $(dpkg-query -W -f=\${Version} libsqlite3-0)"'
}

cpython() {
  if in_root test -x /opt/py311/bin/python3.11; then
    echo "CPython: $(in_root /opt/py311/bin/python3.11 -c 'import sys; print(sys.version)') (in the root)"
    return 0
  fi
  local tarball=$CACHE/cpython-$CPY_KEY.tar.gz
  if [ ! -f "$tarball" ]; then
    in_root sh -c "rm -rf /src && mkdir -p /src && cd /src && apt-get source --download-only -qq python3.11 >/dev/null"
    sha256_check "$R/src/$PYSRC" "$PYSRC_SHA256"
    in_root sh -c "cd /src && tar xzf $PYSRC && cd Python-3.11.* && ./configure -q $PY_CONFIGURE >/dev/null &&
      make -s -j$(nproc) >/dev/null 2>&1 && make -s altinstall >/dev/null 2>&1"
    tar czf "$tarball.part" -C "$R/opt" py311 && mv "$tarball.part" "$tarball"
    rm -rf "$R/src"
    find "$CACHE" -maxdepth 1 -name 'cpython-*.tar.gz' ! -name "cpython-$CPY_KEY.tar.gz" -delete
  fi
  tar xzf "$tarball" -C "$R/opt"
  in_root /opt/py311/bin/python3.11 -c 'import sqlite3, ssl, ctypes, lzma, bz2, zlib, sys; print(sys.version)'
}

venv() {
  if ! in_root test -x "$VENV/bin/pytest"; then
    rm -rf "$R$VENV"
    cp "$LOCK" "$R/build-lock.txt" 2>/dev/null || { mkdir -p "$R/build"; cp "$LOCK" "$R/build-lock.txt"; }
    in_root /opt/py311/bin/python3.11 -m venv "$VENV"
    in_root "$VENV/bin/python" -m pip install -q --no-deps --require-hashes --only-binary=:all: -r /build-lock.txt
    for old in "$R"/build/venv-*; do [ "$old" = "$R$VENV" ] || rm -rf "$old"; done
  fi
  # The working tree as it is (tracked and new files, not ignored ones), then the project itself (no dependencies)
  rm -rf "$R/build/src" && mkdir -p "$R/build/src"
  (cd "$REPO" && git ls-files -z -co --exclude-standard | xargs -0 -I{} sh -c '[ -e "{}" ] && printf "%s\0" "{}"' \
    | tar --null -T - -cf -) | tar -xf - -C "$R/build/src"
  in_root "$VENV/bin/python" -m pip install -q --no-deps --no-build-isolation -e /build/src
  in_root "$VENV/bin/python" -c 'import PySide6, sqlite3; print("PySide6", PySide6.__version__,
    "SQLite", sqlite3.sqlite_version)'
}

# --suite leaves out what does not depend on the old stack and is slow (GOVCAT_OLD_STACK_SUITE=full runs everything):
# tests/paper (print PDFs, QR codes, scans: fpdf2, segno, zxing-cpp, pypdfium2, Pillow — the same wheels as the main
# suite, no Qt, nothing of SQLite beyond what the storage tests run) and tests/badinput/test_hostile_exports.py (exports
# killed, full and read-only disks: the kernel's and filesystem's behaviour, the same kernel in the root).
LEFT_OUT="--ignore=tests/paper --ignore=tests/badinput/test_hostile_exports.py"
[ "${GOVCAT_OLD_STACK_SUITE:-}" != full ] || LEFT_OUT=""
suite() {
  local args=${PYTEST_ARGS:-$LEFT_OUT}
  in_root sh -c "cd /build/src && QT_QPA_PLATFORM=offscreen python -m pytest -q -p no:cacheprovider $args"
}

bundle() {
  in_root sh -c "cd /build/src && python packaging/build.py --dist /build/dist --work /build/work \
    --tag xinchuang-x86_64 --max-glibc 2.31 --e2e"
  rm -f "$OUT"/govcat-*.zip
  local dist=$R/build/dist
  cp "$dist"/govcat-*-xinchuang-x86_64.zip "$dist/build-info.txt" "$dist/e2e/e2e-log.txt" "$OUT/"
  echo "信创 bundle: $(ls "$OUT"/*.zip)"
}

step "bullseye root (debootstrap)" debootstrap_root
mount_root
step "root packages (apt, in the root)" root_packages
step "CPython 3.11 in the root" cpython
step "venv from packaging/xinchuang/lock.txt" venv
[ "$SUITE" = 0 ] || step "suite on the oldest stack (PySide6 6.9, SQLite 3.34)" suite
[ "$BUNDLE" = 0 ] || step "信创 bundle (--max-glibc 2.31) and its e2e" bundle
step_summary
