#!/usr/bin/env bash
# Installs the Linux desktop bundle's .deb on a bare Debian 12 without Python and runs `studio selftest` there,
# offscreen: proof that the .deb's Depends and what PyInstaller bundled are all the app needs.
#
# The chroot is a debootstrap minbase with only CA certificates added and this machine's registry settings (apt
# sources and proxy, DNS, trusted CAs); `apt-get install ./studio_*.deb` brings in the Depends. The selftest's
# keyring check needs a Secret Service, which any desktop has: GNOME Keyring and a D-Bus session bus are installed
# for it and started by scripts/with-keyring.sh (on a private bus, as `make test` does). Python must be absent
# before and after: the run fails if any python3 turns up in the chroot.
#
# Usage (as root): scripts/test-dist-chroot.sh [DEB]     (default: the newest dist/studio_*.deb; `make test-dist`)
# Environment: BARE_DIR, DEBIAN_MIRROR, KEEP_CHROOT=1 (see scripts/_chroot.sh, which makes and tears down the
# chroot exactly as for scripts/test-bare-debian.sh).
set -euo pipefail

chroot_tag=dist-chroot
source "$(dirname "$0")/_chroot.sh"
chroot_private_namespace "$@"

deb=${1:-$(ls -t "$repo"/dist/studio_*.deb 2>/dev/null | head -1)}
if [[ -z $deb || ! -f $deb ]]; then
  echo "error: no .deb to test: run \`make dist\` first, or name one: test-dist-chroot.sh DEB" >&2
  exit 2
fi
deb=$(cd "$(dirname "$deb")" && pwd -P)/$(basename "$deb")

chroot_make_root studio-dist-chroot
trap chroot_teardown EXIT
trap 'exit 130' INT
trap 'exit 143' TERM HUP

chroot_debootstrap ca-certificates
chroot_copy_registry
chroot_env
chroot_mount
inside() { chroot "$root" /usr/bin/env -i "${env_in[@]}" DEBIAN_FRONTEND=noninteractive /bin/bash -c "$1" </dev/null; }
no_python() {
  local found
  found=$(inside 'ls -d /usr/bin/python* /usr/lib/python3* /usr/local/bin/python* 2>/dev/null || true')
  if [[ -n $found ]]; then
    say "FAIL: Python is in the chroot $1: $(echo $found)"
    exit 1
  fi
  say "no Python in the chroot $1"
}
no_python "before the install"

say "apt-get install $(basename "$deb") (with its Depends, no recommends)"
cp "$deb" "$root/tmp/"
inside 'apt-get update -qq && apt-get install -y -q --no-install-recommends "/tmp/'"$(basename "$deb")"'"' \
  | grep -E '^(Setting up|The following NEW|[0-9]+ upgraded|Need to get)' >&2 || true
inside 'dpkg -s studio >/dev/null' || { say "FAIL: the package did not install"; exit 1; }
no_python "after installing the .deb"
say "installed: $(inside 'du -sh /opt/studio | cut -f1') in /opt/studio; $(inside 'readlink /usr/bin/studio'); \
$(inside 'ls /usr/share/applications /usr/share/metainfo | grep -v : | tr "\n" " "')"

# Every ELF file in the bundle resolves its libraries from the bundle or the Depends (ldd is in libc-bin).
missing=$(inside 'cd /opt/studio/_internal && find . -name "*.so*" -type f | while read -r f; do
  LD_LIBRARY_PATH=$PWD ldd "$f" 2>/dev/null | sed -n "s|^\s*\(\S*\) => not found|$f: \1|p"; done')
if [[ -n $missing ]]; then
  say "libraries not found (these files cannot load):"
  echo "$missing" | sed 's/^/    /' >&2
fi

say "installing GNOME Keyring and a D-Bus session bus for the keyring check"
inside 'apt-get install -y -q --no-install-recommends gnome-keyring dbus-x11 dbus-daemon' \
  | grep -E '^[0-9]+ upgraded' >&2 || true
no_python "after installing the keyring"
mkdir -p "$root/opt/studio-test"
cp "$repo/scripts/with-keyring.sh" "$root/opt/studio-test/"

say "studio --version: $(inside 'cd /tmp && studio --version')"
say "studio selftest (offscreen, no display, from /tmp)"
run_start=$SECONDS
set +e
inside 'cd /tmp && unset DISPLAY WAYLAND_DISPLAY && /opt/studio-test/with-keyring.sh studio selftest'
result=$?
set -e
say "studio selftest exited with $result after $((SECONDS - run_start)) s"
[[ -z $missing ]] || say "(and some bundled libraries could not load: see above)"
exit "$result"
