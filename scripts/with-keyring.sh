#!/usr/bin/env bash
# Runs a command with a real, unlocked Secret Service (gnome-keyring) on a private D-Bus session bus, so tests
# exercise the OS keyring for real and never touch the user's own keyrings. The bus and the daemon end with
# the command.
set -euo pipefail
[[ $# -gt 0 ]] || { echo "usage: with-keyring.sh COMMAND..." >&2; exit 2; }
if ! command -v dbus-run-session >/dev/null || ! command -v gnome-keyring-daemon >/dev/null; then
  echo "error: with-keyring.sh needs dbus-run-session and gnome-keyring-daemon (make test installs them)" >&2
  exit 1
fi
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
mkdir -m 700 "$scratch/data" "$scratch/runtime"
export XDG_DATA_HOME="$scratch/data" XDG_RUNTIME_DIR="$scratch/runtime"
# The unlock password must not be empty: an empty one creates no login keyring and every call then fails.
dbus-run-session -- bash -c 'printf studio-test-unlock | gnome-keyring-daemon --unlock --components=secrets >/dev/null && "$@"' bash "$@"
