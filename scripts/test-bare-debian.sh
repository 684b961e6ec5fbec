#!/usr/bin/env bash
# Runs the README's `make test` on a bare Debian 12, as CI would: a debootstrap minbase chroot with only python3,
# venv, pip, make, git and CA certificates, this machine's registry settings (apt sources and proxy, pip and npm
# config, trusted CAs, DNS), and a clone of this repository's HEAD (commit first: the working tree is not copied).
# Everything else (system packages, the venv, Node 22, the PDS) is set up by `make test` itself, as root, with
# CI=true and no stdin.
#
# Usage (as root): scripts/test-bare-debian.sh [MAKE ARGUMENTS...]     (default: test)
#   e.g. scripts/test-bare-debian.sh > bare.log 2>&1; scripts/test-bare-debian.sh test PYTEST_ARGS='-x tests/unit'
# Environment: BARE_DIR (where the chroot goes, default a new folder under /tmp), DEBIAN_MIRROR (default: the
# mirror this machine's apt uses), KEEP_CHROOT=1 (unmount but keep the folder to look at).
#
# The chroot is torn down on exit, whatever happens: the processes whose root is inside it are ended, its mounts
# are released and checked gone, and only then is it deleted, with `rm -rf --one-file-system`. (Deleting a chroot
# whose bind-mounted /dev is still attached deletes the host's device nodes.) The whole run also lives in a private
# mount namespace, so even a killed run leaves no mount behind on the host. (scripts/_chroot.sh has those parts,
# shared with scripts/test-dist-chroot.sh.)
set -euo pipefail

chroot_tag=bare-debian
source "$(dirname "$0")/_chroot.sh"
chroot_private_namespace "$@"

make_args=("$@")
[[ ${#make_args[@]} -gt 0 ]] || make_args=(test)
chroot_make_root studio-bare-debian
trap chroot_teardown EXIT
trap 'exit 130' INT
trap 'exit 143' TERM HUP

chroot_debootstrap python3,python3-venv,python3-pip,make,git,ca-certificates
chroot_copy_registry
chroot_env

# --- the checkout, the mounts, the run -----------------------------------------------------------------------------
commit=$(git -C "$repo" rev-parse HEAD)
git clone --quiet --no-hardlinks "$repo" "$root/root/studio"
say "cloned $repo at $(git -C "$repo" log -1 --format='%h %s' HEAD)"
chroot_mount

say "make ${make_args[*]} (inside, as root, CI=true, no stdin)"
run_start=$SECONDS
set +e
chroot "$root" /usr/bin/env -i "${env_in[@]}" /bin/bash -c 'cd /root/studio && exec make "$@"' make \
  "${make_args[@]}" </dev/null
result=$?
set -e
say "make ${make_args[*]} exited with $result after $((SECONDS - run_start)) s (commit $commit)"
exit "$result"
