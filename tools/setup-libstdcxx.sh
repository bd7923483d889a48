#!/usr/bin/env bash
# TorchSharp 0.107's native wrapper needs libstdc++ from GCC 13+ (symbol version GLIBCXX_3.4.32).
# Debian 12 ships GCC 12's (3.4.30). On such a system this takes libstdc++6 (with libc6 and
# libgcc-s1) from Debian 13, using the same archive URI as the Debian source already configured,
# and pins everything else to the installed release. Does nothing where the symbol is present.
# (awk reads ldconfig to the end: exiting early would SIGPIPE ldconfig and fail under pipefail.)
set -euo pipefail
need=GLIBCXX_3.4.32
lib=$(ldconfig -p 2>/dev/null | awk '/libstdc\+\+\.so\.6 / && !found {print $NF; found = 1}')
if [ -n "$lib" ] && grep -qa "$need" "$lib"; then exit 0; fi
. /etc/os-release
if [ "${ID:-}" != debian ] || [ "${VERSION_CODENAME:-}" != bookworm ]; then
  echo "setup-libstdcxx: $lib lacks $need and this is not Debian 12; install libstdc++ from GCC 13 or newer (Ubuntu 24.04, Debian 13, Fedora 39 have it)" >&2
  exit 1
fi
[ "$(id -u)" = 0 ] || { echo "setup-libstdcxx: run as root (it installs Debian 13's libstdc++6)" >&2; exit 1; }
export DEBIAN_FRONTEND=noninteractive
out=/etc/apt/sources.list.d/epochcompare-trixie.sources
if [ -f /etc/apt/sources.list.d/debian.sources ]; then
  # The main archive's stanza (not security), with its suite list replaced by trixie.
  awk 'BEGIN{RS="";ORS="\n\n"} /Suites:[ \t]*bookworm([ \t]|$)/ && !/security/ {print}' \
    /etc/apt/sources.list.d/debian.sources | sed -e 's/^Suites:.*/Suites: trixie/' > "$out"
elif [ -f /etc/apt/sources.list ]; then
  grep -E '^deb[[:space:]].*[[:space:]]bookworm[[:space:]]' /etc/apt/sources.list | grep -v security \
    | sed -e 's/[[:space:]]bookworm[[:space:]]/ trixie /' > "${out%.sources}.list"
  out="${out%.sources}.list"
fi
[ -s "$out" ] || { echo "setup-libstdcxx: no Debian 12 archive source found to derive the Debian 13 one from" >&2; exit 1; }
echo 'APT::Default-Release "bookworm";' > /etc/apt/apt.conf.d/99epochcompare-default-release
apt-get update -qq
apt-get install -y -qq -t trixie libstdc++6 >/dev/null
lib=$(ldconfig -p | awk '/libstdc\+\+\.so\.6 / && !found {print $NF; found = 1}')
grep -qa "$need" "$lib" || { echo "setup-libstdcxx: $lib still lacks $need" >&2; exit 1; }
