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
# mount namespace, so even a killed run leaves no mount behind on the host.
set -euo pipefail

if [[ $(id -u) -ne 0 ]]; then
  echo "error: test-bare-debian.sh needs root (debootstrap, mount, chroot); run it with sudo" >&2
  exit 1
fi
if [[ -z ${_BARE_DEBIAN_NS:-} ]]; then
  exec unshare --mount --propagation private env _BARE_DEBIAN_NS=1 "$0" "$@"
fi

repo=$(git -C "$(dirname "$0")/.." rev-parse --show-toplevel)
make_args=("$@")
[[ ${#make_args[@]} -gt 0 ]] || make_args=(test)
started=$SECONDS
say() { printf '[bare-debian %4ds] %s\n' $((SECONDS - started)) "$*" >&2; }

# The mirror this machine's apt uses for bookworm (deb822 or one-line sources), unless named.
host_mirror() {
  local f
  for f in /etc/apt/sources.list.d/*.sources; do
    [[ -f $f ]] || continue
    awk '/^[[:space:]]*$/ { uris = ""; suites = "" }
      /^URIs:/ { uris = $2 } /^Suites:/ { suites = $0 }
      uris != "" && suites ~ /[[:space:]]bookworm([[:space:]]|$)/ { print uris; exit }' "$f"
  done
  awk '$1 == "deb" && $3 == "bookworm" { print $2; exit }' /etc/apt/sources.list 2>/dev/null || true
}
mirror=${DEBIAN_MIRROR:-}
[[ -n $mirror ]] || read -r mirror < <(host_mirror) || true
mirror=${mirror:-http://deb.debian.org/debian}

if [[ -n ${BARE_DIR:-} ]]; then
  mkdir "$BARE_DIR"  # a new folder only: the teardown deletes it
  root=$(cd "$BARE_DIR" && pwd -P)
else
  root=$(mktemp -d /tmp/studio-bare-debian.XXXXXX)
fi
chmod 755 "$root"  # it becomes /, which apt's _apt user and the daemons' users must be able to enter
case $root in
  /tmp/?*|"$repo"/.cache/?*) ;;
  *) echo "error: BARE_DIR must be under /tmp or $repo/.cache, not $root" >&2; rmdir "$root"; exit 2 ;;
esac

# --- teardown ------------------------------------------------------------------------------------------------------
mounted_below() {  # mount points at or below the chroot, deepest first
  findmnt -rn -o TARGET | awk -v r="$root" '$0 == r || index($0, r "/") == 1' | sort -r
}
inside_pids() {  # processes whose root directory is the chroot
  local p link
  for p in /proc/[0-9]*; do
    link=$(readlink "$p/root" 2>/dev/null) || continue
    [[ $link == "$root" || $link == "$root"/* ]] && echo "${p#/proc/}"
  done
  return 0
}
teardown() {
  local status=$? pids tries m left
  trap - EXIT INT TERM HUP
  set +e
  say "tearing down $root"
  for tries in 1 2 3 4 5 6 7 8 9 10; do
    pids=$(inside_pids)
    [[ -z $pids ]] && break
    say "ending processes still inside: $(echo $pids)"
    if [[ $tries -lt 4 ]]; then kill -TERM $pids 2>/dev/null; else kill -KILL $pids 2>/dev/null; fi
    sleep 1
  done
  pids=$(inside_pids)
  [[ -n $pids ]] && say "WARNING: processes still inside: $(echo $pids)"
  for m in dev/shm dev/pts dev sys proc; do
    if findmnt -rn --mountpoint "$root/$m" >/dev/null; then
      umount "$root/$m" 2>/dev/null || { say "$m is busy: unmounting it lazily"; umount -l "$root/$m"; }
    fi
  done
  while read -r m; do  # anything else a package mounted in there
    [[ -n $m && $m != "$root" ]] || continue
    umount "$m" 2>/dev/null || umount -l "$m"
  done < <(mounted_below)
  left=$(mounted_below)
  if [[ -n $left ]]; then
    say "NOT deleting $root: still mounted there: $(echo $left)"
    exit 3
  fi
  if [[ ${KEEP_CHROOT:-} == 1 ]]; then
    say "kept $root (nothing is mounted there)"
  else
    rm -rf --one-file-system -- "$root"
    say "deleted $root"
  fi
  exit "$status"
}
trap teardown EXIT
trap 'exit 130' INT
trap 'exit 143' TERM HUP

# --- the bare system -----------------------------------------------------------------------------------------------
if ! command -v debootstrap >/dev/null; then
  say "installing debootstrap"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends debootstrap >/dev/null
fi
keyring=()
debian_keys=/usr/share/keyrings/debian-archive-keyring.gpg
[[ -f $debian_keys ]] && keyring=(--keyring="$debian_keys")
say "debootstrap bookworm minbase from $mirror into $root"
debootstrap --variant=minbase --include=python3,python3-venv,python3-pip,make,git,ca-certificates "${keyring[@]}" \
  bookworm "$root" "$mirror"

# --- this machine's registry settings ------------------------------------------------------------------------------
copied=()
copy_in() {  # copy_in FILE...: the same path inside, when the file exists here
  local f
  for f in "$@"; do
    [[ -f $f && " ${copied[*]} " != *" $f "* ]] || continue
    mkdir -p "$root$(dirname "$f")"
    cp -L "$f" "$root$f"
    copied+=("$f")
  done
}
# apt: the same sources (and the keyrings they name) and the Acquire settings (proxy, validity of a snapshot).
shopt -s nullglob
rm -f "$root/etc/apt/sources.list"
copy_in /etc/apt/sources.list /etc/apt/sources.list.d/*.list /etc/apt/sources.list.d/*.sources
for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list /etc/apt/sources.list.d/*.sources; do
  [[ -f $f ]] && copy_in $(grep -oiE 'signed-by[=:][[:space:]]*/[^] ,]+' "$f" | sed -E 's/^[^/]*//')
done
for f in /etc/apt/apt.conf.d/*; do
  grep -qiE '^[[:space:]]*Acquire' "$f" 2>/dev/null && copy_in "$f"
done
# DNS, and the CAs this machine trusts beyond Debian's (an egress proxy's, say): added the Debian way.
copy_in /etc/resolv.conf /etc/hosts
cas=(/usr/local/share/ca-certificates/*.crt)
shopt -u nullglob
if [[ ${#cas[@]} -gt 0 ]]; then
  cp "${cas[@]}" "$root/usr/local/share/ca-certificates/"
  copied+=("${cas[@]}")
  chroot "$root" update-ca-certificates >/dev/null
fi
# pip and npm: system and root's config files. Local wheel folders and file:// indexes of this machine are left
# out (PIP_FIND_LINKS too): a bare machine has none, so pip has to get everything from the real index.
copy_in /etc/pip.conf /etc/xdg/pip/* /root/.config/pip/pip.conf /root/.pip/pip.conf /root/.npmrc /etc/npmrc
for f in /etc/pip.conf /etc/xdg/pip/pip.conf /root/.config/pip/pip.conf /root/.pip/pip.conf; do
  [[ -f $root$f ]] && sed -i -E '/^\s*(find-links|(extra-)?index-url)\s*=\s*(file:|\/)/d' "$root$f"
done
npm_global=$(npm config get globalconfig 2>/dev/null || true)
if [[ -n $npm_global && -f $npm_global && $npm_global != /etc/npmrc ]]; then  # Debian's npm reads /etc/npmrc
  cat "$npm_global" >>"$root/etc/npmrc"
  copied+=("$npm_global>>/etc/npmrc")
fi
say "copied in: ${copied[*]}"
# Environment: proxies, CA bundles, PIP_*/NPM_CONFIG_* (the files they name are the chroot's own).
env_in=(HOME=/root PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8 TERM=dumb CI=true)
while IFS='=' read -r -d '' name value; do
  case $name in
    PIP_FIND_LINKS) ;;
    http_proxy|https_proxy|no_proxy|HTTP_PROXY|HTTPS_PROXY|NO_PROXY|all_proxy|ALL_PROXY|PIP_*|NPM_CONFIG_*|npm_config_*\
    |SSL_CERT_FILE|SSL_CERT_DIR|REQUESTS_CA_BUNDLE|CURL_CA_BUNDLE|NODE_EXTRA_CA_CERTS|GIT_SSL_CAINFO)
      env_in+=("$name=$value") ;;
  esac
done < <(env -0)

# --- the checkout, the mounts, the run -----------------------------------------------------------------------------
commit=$(git -C "$repo" rev-parse HEAD)
git clone --quiet --no-hardlinks "$repo" "$root/root/studio"
say "cloned $repo at $(git -C "$repo" log -1 --format='%h %s' HEAD)"
mount -t proc proc "$root/proc"
mount -t sysfs sysfs "$root/sys"
mount --bind /dev "$root/dev"
mount --bind /dev/pts "$root/dev/pts"
mount -t tmpfs -o mode=1777 tmpfs "$root/dev/shm"

say "make ${make_args[*]} (inside, as root, CI=true, no stdin)"
run_start=$SECONDS
set +e
chroot "$root" /usr/bin/env -i "${env_in[@]}" /bin/bash -c 'cd /root/studio && exec make "$@"' make \
  "${make_args[@]}" </dev/null
result=$?
set -e
say "make ${make_args[*]} exited with $result after $((SECONDS - run_start)) s (commit $commit)"
exit "$result"
