#!/usr/bin/env bash
# Builds BusyBox from its pristine upstream source with `make defconfig` — the configuration the official
# `busybox` image and Alpine's `sh` are built from, where `nc -z` and `wget -T` exist (Debian's own busybox
# package is configured differently and has neither) — for `npm run test:exec`, which runs every init-container
# gate and exec probe in dist/ with it.
#
# The source comes through apt: `apt-get source` from deb-src twins of this machine's own Debian archive entries
# (same mirror and keyring, the suite that carries the wanted version), with a private sources list and private
# lists: the system's apt configuration is not touched. The orig tarball of a Debian source package is
# upstream's release tarball; its checksum is pinned below.
#
# The version follows the gate image in dist/ (busybox:1.37.0, which Debian 13 "trixie" carries). Debian 12
# carries 1.35.0: BUSYBOX_VERSION=1.35.0 selects it.
#
#   scripts/busybox.sh            build once (cached, keyed by version) and print the directory
#   scripts/busybox.sh --dir      print the directory only (no build, no network)
#
# The directory holds `busybox` and `bin/`, one symlink per applet. Needs: apt deb sources, gcc, make, bzip2.
set -euo pipefail

BUSYBOX_VERSION="${BUSYBOX_VERSION:-1.37.0}"
case "$BUSYBOX_VERSION" in
  1.37.0) BUSYBOX_SUITE=trixie BUSYBOX_ORIG_SHA256=3311dff32e746499f4df0d5df04d7eb396382d7e108bb9250e7b519b837043a4 ;;
  1.35.0) BUSYBOX_SUITE=bookworm BUSYBOX_ORIG_SHA256=faeeb244c35a348a334f4a59e44626ee870fb07b6884d68c10ae8bc19f83a694 ;;
  *) echo "scripts/busybox.sh: no Debian suite known for BusyBox $BUSYBOX_VERSION (1.37.0, 1.35.0)" >&2; exit 1 ;;
esac
CACHE_ROOT="${BERTH_CACHE_DIR:-/var/cache/berth}"
DIR="$CACHE_ROOT/busybox-$BUSYBOX_VERSION-defconfig"

if [ "${1:-}" = "--dir" ]; then
  echo "$DIR"
  exit 0
fi
if [ -x "$DIR/busybox" ] && [ -f "$DIR/.complete" ]; then
  echo "$DIR"
  exit 0
fi

for tool in apt-get gcc make bzip2 tar; do
  command -v "$tool" >/dev/null || { echo "scripts/busybox.sh: missing $tool (apt-get install build-essential bzip2)" >&2; exit 1; }
done

mkdir -p "$CACHE_ROOT"
work="$(mktemp -d "$CACHE_ROOT/busybox-build.XXXXXX")"
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/lists/partial" "$work/parts" "$work/src"

# deb-src twins of this machine's Debian archive entries (those for its own release, deb822 .sources and
# one-line .list files), for the suite that has the version.
codename="$(. /etc/os-release && echo "${VERSION_CODENAME:-}")"
[ -n "$codename" ] || { echo "scripts/busybox.sh: no VERSION_CODENAME in /etc/os-release" >&2; exit 1; }
{
  for f in /etc/apt/sources.list.d/*.sources; do
    [ -f "$f" ] || continue
    awk -v own="$codename" -v suite="$BUSYBOX_SUITE" '
      function flush() {
        if (types ~ /(^| )deb( |$)/ && uris != "" && suites != "") {
          n = split(suites, s, " "); keep = 0
          for (i = 1; i <= n; i++) if (s[i] == own) keep = 1
          if (keep) {
            print "Types: deb-src"; print "URIs: " uris; print "Suites: " suite; print "Components: " comps
            if (signed != "") print "Signed-By: " signed
            print ""
          }
        }
        types = uris = suites = comps = signed = ""
      }
      /^[ \t]*#/ { next }
      /^[ \t]*$/ { flush(); next }
      { key = tolower($1); sub(/^[^:]*:[ \t]*/, "") }
      key == "types:" { types = $0 } key == "uris:" { uris = $0 } key == "suites:" { suites = $0 }
      key == "components:" { comps = $0 } key == "signed-by:" { signed = $0 }
      END { flush() }
    ' "$f"
  done
} >"$work/parts/debian-src.sources"
for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
  [ -f "$f" ] || continue
  awk -v own="$codename" -v suite="$BUSYBOX_SUITE" '
    $1 == "deb" { i = 2; if ($2 ~ /^\[/) { while ($i !~ /\]$/) i++; i++ }
                  if ($(i + 1) == own) { $1 = "deb-src"; $(i + 1) = suite; print } }
  ' "$f"
done >"$work/sources.list"
if ! grep -q . "$work/parts/debian-src.sources" "$work/sources.list"; then
  echo "scripts/busybox.sh: no Debian '$codename' entry in /etc/apt to take the source from" >&2
  exit 1
fi

apt_private=(-o "Dir::Etc::SourceList=$work/sources.list" -o "Dir::Etc::SourceParts=$work/parts"
  -o "Dir::State::Lists=$work/lists" -o "Dir::Cache=$work/cache" -o "APT::Sandbox::User=root" -q)
mkdir -p "$work/cache/archives/partial"
apt-get "${apt_private[@]}" update >"$work/apt.log" 2>&1 || { cat "$work/apt.log" >&2; exit 1; }
(cd "$work/src" && apt-get "${apt_private[@]}" source --download-only busybox >>"$work/apt.log" 2>&1) \
  || { cat "$work/apt.log" >&2; exit 1; }

orig="$work/src/busybox_$BUSYBOX_VERSION.orig.tar.bz2"
if [ ! -f "$orig" ]; then
  echo "scripts/busybox.sh: apt did not provide busybox $BUSYBOX_VERSION; it provided:" >&2
  ls "$work/src" >&2
  exit 1
fi
echo "$BUSYBOX_ORIG_SHA256  $orig" | sha256sum -c --quiet - || { echo "scripts/busybox.sh: checksum mismatch" >&2; exit 1; }

tar -xjf "$orig" -C "$work"
cd "$work/busybox-$BUSYBOX_VERSION"
make defconfig >"$work/build.log" 2>&1
if grep -q '^CONFIG_STATIC=y' .config; then
  echo "scripts/busybox.sh: defconfig unexpectedly static" >&2
  exit 1
fi
make -j"$(nproc)" busybox >>"$work/build.log" 2>&1 || { tail -40 "$work/build.log" >&2; exit 1; }

out="$work/out"
mkdir -p "$out/bin"
cp busybox "$out/busybox"
cp .config "$out/config"
for applet in $("$out/busybox" --list); do
  ln -s ../busybox "$out/bin/$applet"
done
touch "$out/.complete"
rm -rf "$DIR"
mv "$out" "$DIR"
echo "$DIR"
