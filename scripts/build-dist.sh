#!/usr/bin/env bash
# `make dist`: the Linux desktop bundle. PyInstaller builds a one-folder app from the project's venv, which is
# wrapped twice:
#   dist/studio-<version>-linux-x86_64.tar.gz   the folder, with share/ (the .desktop file, icons, metainfo)
#   dist/studio_<version>_amd64.deb             /opt/studio, /usr/bin/studio -> /opt/studio/studio, and the
#                                               .desktop file, hicolor icons and AppStream metainfo under /usr/share
# The .desktop file and the metainfo are checked with desktop-file-validate and appstreamcli validate. As root the
# tools it needs are installed with apt-get; otherwise the apt-get line is printed and it stops.
#
# Usage: scripts/build-dist.sh          (the Makefile's `dist` target installs PyInstaller into the venv first)
# Environment: VENV (default .venv), STUDIO_APP_ID (AppStream ID and macOS bundle ID, default org.example.Studio:
# a placeholder until the project has a domain), DEB_MAINTAINER.
# Everything it makes is under build/dist (scratch) and dist/ (the two files); both are in .gitignore.
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd -P)
cd "$repo"
venv=${VENV:-.venv}
bin=$venv/bin
app_id=${STUDIO_APP_ID:-org.example.Studio}
maintainer=${DEB_MAINTAINER:-The Studio developers <studio@example.invalid>}
started=$SECONDS
say() { printf '[dist %4ds] %s\n' $((SECONDS - started)) "$*" >&2; }

# --- tools ---------------------------------------------------------------------------------------------------------
if [[ ! -x $bin/pyinstaller ]]; then
  echo "error: $bin/pyinstaller is missing: run \`make dist\`, or $bin/pip install -e '.[dist]'" >&2
  exit 1
fi
missing=()
command -v dpkg-deb >/dev/null || missing+=(dpkg)
command -v desktop-file-validate >/dev/null || missing+=(desktop-file-utils)
command -v appstreamcli >/dev/null || missing+=(appstream)
if [[ ${#missing[@]} -gt 0 ]]; then
  if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null; then
    say "installing ${missing[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  else
    echo "make dist needs these packages. Install them, then run it again:" >&2
    echo "  sudo apt-get install --no-install-recommends ${missing[*]}" >&2
    exit 1
  fi
fi

arch=$(uname -m)
deb_arch=$(dpkg --print-architecture)
work=build/dist
rm -rf "$work"
mkdir -p "$work" dist

# --- the package as a wheel installs it, the icons, the bundle -----------------------------------------------------
say "installing studio as a wheel would into $work/site"
"$bin/python" -m pip install --quiet --no-deps --no-compile --target "$work/site" . 2>&1 | grep -v 'is ignored' >&2 || true
[[ -f $work/site/studio/__init__.py ]] || { echo "error: pip did not install studio into $work/site" >&2; exit 1; }
version=$(PYTHONPATH=$work/site "$bin/python" -c 'import studio; print(studio.__version__)')
name=studio-$version-linux-$arch

say "rendering the icons from ui/icons/studio.svg"
QT_QPA_PLATFORM=offscreen "$bin/python" packaging/make-icons.py "$work/icons" >&2

say "PyInstaller: one-folder app (about a minute)"
PYTHONPATH=$repo/$work/site STUDIO_DIST_SITE=$repo/$work/site STUDIO_DIST_ICONS=$repo/$work/icons \
  STUDIO_APP_ID=$app_id "$bin/pyinstaller" --noconfirm --clean --log-level WARN \
  --distpath "$work/app" --workpath "$work/pyinstaller" packaging/studio.spec 2>&1 \
  | grep -vE "WARNING: Library (shell32|ole32|user32|kernel32|advapi32|msvcrt|c) required via ctypes not found" >&2
app=$work/app/studio
got=$("$app/studio" --version)
[[ $got == "studio $version" ]] || { echo "error: the bundle says '$got', not 'studio $version'" >&2; exit 1; }

# --- share/: the .desktop file, the icons, the metainfo ------------------------------------------------------------
share=$work/share
mkdir -p "$share/applications" "$share/metainfo" "$share/icons"
cp packaging/studio.desktop "$share/applications/studio.desktop"
cp -r "$work/icons/hicolor" "$share/icons/"
sed -e "s/@APP_ID@/$app_id/" -e "s/@VERSION@/$version/" -e "s/@DATE@/$(date -u +%F)/" \
  packaging/studio.metainfo.xml >"$share/metainfo/$app_id.metainfo.xml"
say "desktop-file-validate $share/applications/studio.desktop"
desktop-file-validate "$share/applications/studio.desktop"
say "appstreamcli validate --no-net $share/metainfo/$app_id.metainfo.xml"
appstreamcli validate --no-net "$share/metainfo/$app_id.metainfo.xml"

# --- the tarball ---------------------------------------------------------------------------------------------------
say "dist/$name.tar.gz"
stage=$work/tar/$name
mkdir -p "$stage"
cp -a "$app/." "$stage/"
cp -r "$share" "$stage/share"
cat >"$stage/README.txt" <<EOF
Studio $version for Linux ($arch): a self-contained build (Python and Qt are inside).

Run it:                ./studio            (\`./studio selftest\` checks this machine; \`./studio --help\`)
Put it in your menu:   cp -r share/. ~/.local/share/ && ln -s "\$PWD/studio" ~/.local/bin/studio

It needs the system's OpenGL/EGL, X11 (libxcb) or Wayland client libraries and fontconfig, which every desktop
has (Debian/Ubuntu: libgl1 libegl1 libxcb1 libwayland-client0 libfontconfig1). The .deb installs them itself.
EOF
tar -C "$work/tar" -czf "dist/$name.tar.gz" "$name"

# --- the .deb ------------------------------------------------------------------------------------------------------
deb=dist/studio_${version}_$deb_arch.deb
say "$deb"
root=$work/deb
mkdir -p "$root/opt" "$root/usr/bin" "$root/usr/share/doc/studio" "$root/DEBIAN"
cp -a "$app" "$root/opt/studio"
ln -s /opt/studio/studio "$root/usr/bin/studio"
cp -r "$share/." "$root/usr/share/"
cp packaging/deb/copyright "$root/usr/share/doc/studio/copyright"
# What the bundle takes from the system: PyInstaller leaves out libc, OpenGL/EGL, libxcb, Wayland and libdrm
# (they must match the machine's drivers and display server); fontconfig's configuration and a font come with
# libfontconfig1. The libc version is the newest GLIBC_ symbol version any file in the bundle asks for.
glibc=$(find "$root/opt/studio" -type f \( -name '*.so*' -o -name studio \) -exec objdump -T {} + 2>/dev/null \
  | grep -oE 'GLIBC_[0-9]+\.[0-9]+' | sed 's/GLIBC_//' | sort -uV | tail -1)
depends="libc6 (>= ${glibc:-2.31}), libgl1, libegl1, libxcb1, libwayland-client0, libwayland-cursor0, libwayland-egl1"
depends+=", libdrm2, libfontconfig1"
sed -e "s/@VERSION@/$version/" -e "s/@ARCH@/$deb_arch/" -e "s/@MAINTAINER@/$maintainer/" \
  -e "s/@INSTALLED_SIZE@/$(du -sk --exclude=DEBIAN "$root" | cut -f1)/" -e "s/@DEPENDS@/$depends/" \
  packaging/deb/control >"$root/DEBIAN/control"
find "$root" -type d -exec chmod 755 {} +
# xz -1: 45 s instead of 4.5 min at the default level on 2 cores, for a .deb 10% larger (DEB_XZ_LEVEL=6 for releases).
dpkg-deb --root-owner-group -Zxz -z"${DEB_XZ_LEVEL:-1}" --build "$root" "$deb" >/dev/null
dpkg-deb --info "$deb" | sed -n '/Package:/,/Description:/p' >&2

# --- sizes ---------------------------------------------------------------------------------------------------------
size() { du -sb "$1" | awk '{ printf "%.1f MB", $1 / 1e6 }'; }
say "built in $((SECONDS - started)) s: folder $(size "$app") unpacked, dist/$name.tar.gz $(size "dist/$name.tar.gz"), $deb $(size "$deb")"
