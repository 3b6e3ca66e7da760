#!/bin/sh
# Check (and, when allowed, install) the Debian packages scry builds and tests with.
#   check-deps.sh "MODULE:PACKAGE ..." "TOOL:PACKAGE ..." "ALL PACKAGES" auto|install ["DATA PACKAGES"]
# DATA PACKAGES have no program or module to look for (debug files,
# sources): dpkg-query says whether they are installed.
# auto:    install what is missing when root and apt-get exists, else name the packages.
# install: install every missing package (make deps).
set -u
modules=$1 tools=$2 mode=$4 data=${5:-}
missing=""

for pair in $modules; do
    mod=${pair%%:*} pkg=${pair#*:}
    pkg-config --exists "$mod" 2>/dev/null || missing="$missing $pkg"
done
for pair in $tools; do
    tool=${pair%%:*} pkg=${pair#*:}
    command -v "$tool" >/dev/null 2>&1 || missing="$missing $pkg"
done
for pkg in $data; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'ok installed' || missing="$missing $pkg"
done
# Kernel uapi headers (the syscall table is generated from them).
[ -f /usr/include/x86_64-linux-gnu/asm/unistd_64.h ] || [ -f /usr/include/asm/unistd_64.h ] ||
    missing="$missing linux-libc-dev"

[ -z "$missing" ] && exit 0
missing=$(echo $missing | tr ' ' '\n' | sort -u | tr '\n' ' ')

if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null 2>&1; then
    echo "scry: missing build dependencies; install them with:" >&2
    echo "    sudo apt-get install -y $missing" >&2
    exit 1
fi
echo "scry: installing missing packages: $missing"
export DEBIAN_FRONTEND=noninteractive
# Refresh the package lists once if an install fails (a fresh machine may have none).
apt-get install -y --no-install-recommends $missing </dev/null ||
    { apt-get update </dev/null && apt-get install -y --no-install-recommends $missing </dev/null; } ||
    { echo "scry: apt-get install failed for: $missing" >&2; exit 1; }
