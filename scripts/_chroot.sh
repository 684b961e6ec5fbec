# shellcheck shell=bash
# Bare Debian 12 chroots for scripts/test-bare-debian.sh and scripts/test-dist-chroot.sh (sourced, not run).
#
#   chroot_private_namespace "$@"   as root, re-runs the calling script in a private mount namespace, so even a
#                                   killed run leaves no mount behind on the host
#   chroot_make_root PREFIX         a new folder in $root: $BARE_DIR, or a new one under /tmp named PREFIX.XXXXXX
#   trap chroot_teardown EXIT       ends the processes inside, unmounts, checks nothing is mounted, deletes
#   chroot_debootstrap PACKAGES     debootstrap bookworm minbase with --include=PACKAGES (comma-separated)
#   chroot_copy_registry            this machine's apt, DNS and CA settings, and pip and npm config
#   chroot_env                      fills env_in: a clean environment plus this machine's proxy/registry variables
#   chroot_mount                    proc, sys, dev, dev/pts and a tmpfs on dev/shm
#
# The caller sets chroot_tag (the log prefix) before sourcing. Environment: BARE_DIR (where the chroot goes),
# DEBIAN_MIRROR (default: the mirror this machine's apt uses), KEEP_CHROOT=1 (unmount but keep the folder).
#
# The teardown: the processes whose root is inside the chroot are ended, its mounts are released and checked gone,
# and only then is it deleted, with `rm -rf --one-file-system`. (Deleting a chroot whose bind-mounted /dev is still
# attached deletes the host's device nodes.)

repo=$(git -C "$(dirname "${BASH_SOURCE[0]}")/.." rev-parse --show-toplevel)
started=$SECONDS
say() { printf '[%s %4ds] %s\n' "$chroot_tag" $((SECONDS - started)) "$*" >&2; }

chroot_private_namespace() {
  if [[ $(id -u) -ne 0 ]]; then
    echo "error: $(basename "$0") needs root (debootstrap, mount, chroot); run it with sudo" >&2
    exit 1
  fi
  if [[ -z ${_BARE_DEBIAN_NS:-} ]]; then
    exec unshare --mount --propagation private env _BARE_DEBIAN_NS=1 "$0" "$@"
  fi
}

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

chroot_make_root() {
  local prefix=$1
  if [[ -n ${BARE_DIR:-} ]]; then
    mkdir "$BARE_DIR"  # a new folder only: the teardown deletes it
    root=$(cd "$BARE_DIR" && pwd -P)
  else
    root=$(mktemp -d "/tmp/$prefix.XXXXXX")
  fi
  chmod 755 "$root"  # it becomes /, which apt's _apt user and the daemons' users must be able to enter
  case $root in
    /tmp/?*|"$repo"/.cache/?*) ;;
    *) echo "error: BARE_DIR must be under /tmp or $repo/.cache, not $root" >&2; rmdir "$root"; exit 2 ;;
  esac
}

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
chroot_teardown() {
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

# --- the bare system -----------------------------------------------------------------------------------------------
chroot_debootstrap() {
  local include=$1 mirror keyring=() debian_keys=/usr/share/keyrings/debian-archive-keyring.gpg
  mirror=${DEBIAN_MIRROR:-}
  [[ -n $mirror ]] || read -r mirror < <(host_mirror) || true
  mirror=${mirror:-http://deb.debian.org/debian}
  if ! command -v debootstrap >/dev/null; then
    say "installing debootstrap"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends debootstrap >/dev/null
  fi
  [[ -f $debian_keys ]] && keyring=(--keyring="$debian_keys")
  say "debootstrap bookworm minbase from $mirror into $root"
  debootstrap --variant=minbase --include="$include" "${keyring[@]}" bookworm "$root" "$mirror"
}

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
chroot_copy_registry() {
  local f cas npm_global
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
}

# Environment: proxies, CA bundles, PIP_*/NPM_CONFIG_* (the files they name are the chroot's own).
chroot_env() {
  local name value
  env_in=(HOME=/root PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8 TERM=dumb CI=true)
  while IFS='=' read -r -d '' name value; do
    case $name in
      PIP_FIND_LINKS) ;;
      http_proxy|https_proxy|no_proxy|HTTP_PROXY|HTTPS_PROXY|NO_PROXY|all_proxy|ALL_PROXY|PIP_*|NPM_CONFIG_*\
      |npm_config_*|SSL_CERT_FILE|SSL_CERT_DIR|REQUESTS_CA_BUNDLE|CURL_CA_BUNDLE|NODE_EXTRA_CA_CERTS|GIT_SSL_CAINFO)
        env_in+=("$name=$value") ;;
    esac
  done < <(env -0)
}

chroot_mount() {
  mount -t proc proc "$root/proc"
  mount -t sysfs sysfs "$root/sys"
  mount --bind /dev "$root/dev"
  mount --bind /dev/pts "$root/dev/pts"
  mount -t tmpfs -o mode=1777 tmpfs "$root/dev/shm"
}
