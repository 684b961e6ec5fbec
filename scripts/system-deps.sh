#!/usr/bin/env bash
# System packages Studio needs on Debian/Ubuntu, per purpose (run | test | bench).
# As root they are installed with apt-get; otherwise the exact command is printed and we stop.
# On other systems (macOS, Windows, non-apt Linux) nothing is checked: PySide6's wheels carry Qt.
set -euo pipefail
purpose=${1:?usage: system-deps.sh run|test|bench}

# Qt's xcb platform plugin (a real window) and the libraries PySide6 links against.
run_pkgs=(libgl1 libegl1 libfontconfig1 libglib2.0-0 libxkbcommon0 libxkbcommon-x11-0 libdbus-1-3
  libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1 libxcb-render-util0 libxcb-shape0 libxcb-xkb1)
# Tests: a real Secret Service on a private bus (dbus-x11 keeps apt from pulling in a systemd user session for
# it), Xvfb for the smoke test of the real window, and the systemd package for `systemd-analyze verify` of the
# README's timer units (only that tool runs; no service manager is started), and PostgreSQL for the team hub
# tests (they run its initdb and pg_ctl as nobody in a temporary folder; the system's own cluster is not used),
# and for the listening tests' Bluesky network (its AppView runs on a PostgreSQL and a redis-server started so).
test_pkgs=("${run_pkgs[@]}" dbus-daemon dbus-x11 gnome-keyring xvfb xauth systemd postgresql redis-server)
# Benchmarks compare against ImageMagick.
bench_pkgs=("${test_pkgs[@]}" imagemagick)

case "$purpose" in
  run) want=("${run_pkgs[@]}") ;;
  test) want=("${test_pkgs[@]}") ;;
  bench) want=("${bench_pkgs[@]}") ;;
  *) echo "usage: system-deps.sh run|test|bench" >&2; exit 2 ;;
esac
if ! python3 -c 'import ensurepip, venv' 2>/dev/null; then want+=(python3-venv); fi
# The publishing tests run a real Bluesky PDS on Node 22. The system's npm only downloads Node 22 and an npm for it
# (the Makefile builds nothing with it); that npm's node-gyp compiles better-sqlite3 with g++, make and python3.
# (Checked by command, not package: npm and compilers often come from elsewhere than apt.)
if [[ $purpose != run ]]; then
  command -v npm >/dev/null 2>&1 || want+=(npm)
  command -v g++ >/dev/null 2>&1 || want+=(g++)
  command -v make >/dev/null 2>&1 || want+=(make)
  command -v python3 >/dev/null 2>&1 || want+=(python3)
fi

command -v dpkg-query >/dev/null 2>&1 || exit 0

missing=()
for p in "${want[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
  [[ "$status" == "install ok installed" ]] || missing+=("$p")
done
[[ ${#missing[@]} -eq 0 ]] && exit 0

if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing system packages for '$purpose': ${missing[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
else
  echo "Studio needs these system packages for '$purpose'. Install them, then run make again:" >&2
  echo "  sudo apt-get install --no-install-recommends ${missing[*]}" >&2
  exit 1
fi
