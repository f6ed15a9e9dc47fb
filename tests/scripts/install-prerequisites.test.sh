#!/usr/bin/env bash
# Tests the mirror detection and the trixie source of scripts/install-prerequisites.sh on sample apt configurations in
# a temporary folder; it never touches this machine's /etc/apt. Exit 0 when every check passes.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
script="$here/../../scripts/install-prerequisites.sh"
# Sourcing must only define functions: without this guard it would install packages on this machine.
grep -qF 'if [[ "${BASH_SOURCE[0]}" == "$0" ]]; then main "$@"; fi' "$script" || { echo "FAIL: $script runs when sourced"; exit 1; }
# shellcheck source=../../scripts/install-prerequisites.sh
source "$script"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failures=0
check() { # name expected actual
  if [[ "$2" == "$3" ]]; then echo "ok   $1"; else echo "FAIL $1: expected '$2', got '$3'"; failures=$((failures + 1)); fi
}

# A fresh root per case; files are given as (path content) pairs relative to the root.
root() {
  local r="$work/$1"; shift
  mkdir -p "$r/etc/apt/sources.list.d"
  while [[ $# -gt 0 ]]; do mkdir -p "$(dirname "$r/$1")"; printf '%s' "$2" > "$r/$1"; shift 2; done
  echo "$r"
}

# --- mirror detection ---
r=$(root classic etc/apt/sources.list '# a comment
deb http://security.debian.org/debian-security bookworm-security main
deb-src http://ftp.de.debian.org/debian bookworm main
deb http://ftp.de.debian.org/debian/ bookworm main contrib
deb http://ftp.de.debian.org/debian bookworm-updates main
')
check "classic sources.list: the main archive, not security or deb-src" "http://ftp.de.debian.org/debian" "$(debian_archive_mirror "$r")"

r=$(root options etc/apt/sources.list 'deb [ arch=amd64 signed-by=/usr/share/keyrings/debian-archive-keyring.gpg ] https://mirror.example.org/debian bookworm main
')
check "classic line with [options]" "https://mirror.example.org/debian" "$(debian_archive_mirror "$r")"

r=$(root deb822 etc/apt/sources.list.d/debian.sources 'Types: deb
# http://snapshot.debian.org/archive/debian/20250520T000000Z
URIs: http://deb.debian.org/debian
Suites: bookworm bookworm-updates
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg

Types: deb
URIs: http://deb.debian.org/debian-security
Suites: bookworm-security
Components: main
')
check "deb822 like Debian 12's default" "http://deb.debian.org/debian" "$(debian_archive_mirror "$r")"

r=$(root proxy etc/apt/sources.list.d/00-security.sources 'Types: deb
URIs: http://apt-proxy.internal:3142/debian-security
Suites: bookworm-security
Components: main
' etc/apt/sources.list.d/debian.sources 'Types: deb-src
URIs: http://wrong.example/debian
Suites: bookworm
Components: main

Enabled: no
Types: deb
URIs: http://disabled.example/debian
Suites: bookworm
Components: main

Types: deb deb-src
URIs:
 http://apt-proxy.internal:3142/debian
 http://second.example/debian
Suites: bookworm-updates
 bookworm
Components: main
')
check "deb822: security first, deb-src, disabled stanza, continuation lines" "http://apt-proxy.internal:3142/debian" "$(debian_archive_mirror "$r")"

r=$(root updates-only etc/apt/sources.list 'deb http://mirror.example.net/debian bookworm-updates main
deb http://mirror.example.net/debian bookworm-backports main
')
check "only -updates configured: still the archive's mirror" "http://mirror.example.net/debian" "$(debian_archive_mirror "$r")"

r=$(root third-party etc/apt/sources.list.d/google.list 'deb https://packages.cloud.google.com/apt cloud-sdk-bookworm main
' etc/apt/sources.list.d/nodesource.sources 'Types: deb
URIs: https://deb.nodesource.com/node_20.x
Suites: nodistro
Components: main
' etc/apt/sources.list.d/gankit-trixie.list 'deb http://deb.debian.org/debian trixie main
')
check "third-party repositories and GanKit's own list are not Debian mirrors" "" "$(debian_archive_mirror "$r")"

r=$(root order etc/apt/sources.list 'deb http://first.example/debian bookworm main
' etc/apt/sources.list.d/a.sources 'Types: deb
URIs: http://second.example/debian
Suites: bookworm
')
check "sources.list is read before sources.list.d" "http://first.example/debian" "$(debian_archive_mirror "$r")"

r=$(root empty)
check "no sources at all" "" "$(debian_archive_mirror "$r")"

# --- the trixie source ---
list=$GANKIT_TRIXIE_LIST; pin=$GANKIT_TRIXIE_PIN
mirror_sources='Types: deb
URIs: http://mirror.example.org/debian/
Suites: bookworm
Components: main
'
r=$(root fresh etc/apt/sources.list.d/debian.sources "$mirror_sources")
check "fresh: created" created "$(ensure_trixie_source "$r")"
check "fresh: the configured mirror" "deb http://mirror.example.org/debian trixie main" "$(cat "$r/$list")"
check "fresh: pinned low" "Pin-Priority: 100" "$(grep Priority "$r/$pin")"
before=$(cd "$r" && find etc -type f -exec sha256sum {} + | LC_ALL=C sort)
check "second run: unchanged" unchanged "$(ensure_trixie_source "$r")"
check "second run: no file changed" "$before" "$(cd "$r" && find etc -type f -exec sha256sum {} + | LC_ALL=C sort)"

r=$(root legacy etc/apt/sources.list.d/debian.sources "$mirror_sources" \
  "$list" 'deb http://deb.debian.org/debian trixie main
' "$pin" 'Package: *
Pin: release n=trixie
Pin-Priority: 100
')
check "older hard-coded list: rewritten" rewritten "$(ensure_trixie_source "$r")"
check "older hard-coded list: now the configured mirror" "deb http://mirror.example.org/debian trixie main" "$(cat "$r/$list")"
check "older hard-coded list: then unchanged" unchanged "$(ensure_trixie_source "$r")"

r=$(root no-mirror "$list" 'deb http://deb.debian.org/debian trixie main
')
check "no configured mirror, hard-coded list: unchanged" unchanged "$(ensure_trixie_source "$r")"
r=$(root no-mirror-fresh)
check "no configured mirror: created" created "$(ensure_trixie_source "$r")"
check "no configured mirror: deb.debian.org" "deb http://deb.debian.org/debian trixie main" "$(cat "$r/$list")"

r=$(root custom etc/apt/sources.list.d/debian.sources "$mirror_sources" \
  "$list" 'deb [signed-by=/etc/keys/local.gpg] http://local.example/debian trixie main
')
check "a list someone edited by hand: kept" kept "$(ensure_trixie_source "$r")"
check "a list someone edited by hand: untouched" "deb [signed-by=/etc/keys/local.gpg] http://local.example/debian trixie main" "$(cat "$r/$list")"

# --- this machine, read only ---
echo "this machine's Debian mirror: '$(debian_archive_mirror)' (empty means deb.debian.org would be used)"

if [[ $failures -gt 0 ]]; then echo "$failures check(s) failed"; exit 1; fi
echo "all checks passed"
