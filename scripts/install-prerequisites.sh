#!/usr/bin/env bash
# Installs what GanKit needs on a fresh Linux machine, and nothing it already has.
#  1. A libstdc++ that exports GLIBCXX_3.4.32: TorchSharp 0.107's native libLibTorchSharp.so is
#     built against GCC 13+, and Debian 12 ships only GLIBCXX_3.4.30, so TorchSharp fails to load.
#     On Debian 12 (as root) the fix is libstdc++6 from Debian 13 "trixie"; elsewhere we say what to install.
#     It brings trixie's libc6, which breaks base-files << 13.3, so afterwards /etc/os-release reports Debian 13; the
#     library check comes first, so later runs see GLIBCXX_3.4.32 and change nothing.
#  2. Debian's dataset-fashion-mnist package (the GAN reference data) when on Debian.
#  3. Open MPI (openmpi-bin: mpirun; libopenmpi-dev) when on Debian: GanKit.Distributed's data-parallel training and its
#     equivalence test (which fails in CI when MPI is missing).
# Idempotent: a second run changes nothing.
# The extra apt source for trixie uses the Debian mirror this machine is already configured with (so mirrors, proxies
# and snapshots keep working); deb.debian.org only if none is configured.
# Sourcing the script defines its functions without running it (tests/scripts/install-prerequisites.test.sh does).
set -euo pipefail

say() { printf '[prerequisites] %s\n' "$*" >&2; }

find_libstdcxx() {
  local candidates=(
    /usr/lib/x86_64-linux-gnu/libstdc++.so.6
    /usr/lib/aarch64-linux-gnu/libstdc++.so.6
    /usr/lib64/libstdc++.so.6
    /usr/lib/libstdc++.so.6
  )
  local c
  for c in "${candidates[@]}"; do [[ -e "$c" ]] && { echo "$c"; return 0; }; done
  ldconfig -p 2>/dev/null | awk '/libstdc\+\+\.so\.6 /{print $NF; exit}'
}

has_glibcxx_3_4_32() {
  local lib
  lib=$(find_libstdcxx) || return 1
  [[ -n "$lib" ]] || return 1
  # grep -a over the binary avoids needing binutils (strings) on a minimal machine.
  grep -qa 'GLIBCXX_3\.4\.32' "$lib"
}

apt_updated=0
apt_update_once() {
  if [[ $apt_updated -eq 0 ]]; then
    DEBIAN_FRONTEND=noninteractive apt-get update -qq
    apt_updated=1
  fi
}

FALLBACK_DEBIAN_MIRROR=http://deb.debian.org/debian
GANKIT_TRIXIE_LIST=etc/apt/sources.list.d/gankit-trixie.list
GANKIT_TRIXIE_PIN=etc/apt/preferences.d/gankit-trixie

# Prints "URI SUITE" for every enabled 'deb' entry of the apt sources under the root $1 (default /), in the order apt
# reads them: sources.list, then sources.list.d/*.list and *.sources by name. GanKit's own list is skipped: it is
# derived from the others.
apt_deb_entries() {
  local etc="${1:-}/etc/apt" f
  local files=()
  [[ -f "$etc/sources.list" ]] && files+=("$etc/sources.list")
  if [[ -d "$etc/sources.list.d" ]]; then
    while IFS= read -r f; do files+=("$f"); done < <(
      find "$etc/sources.list.d" -maxdepth 1 -type f \( -name '*.list' -o -name '*.sources' \) ! -name "$(basename "$GANKIT_TRIXIE_LIST")" | LC_ALL=C sort)
  fi
  for f in "${files[@]}"; do
    case "$f" in
      *.sources) deb822_entries < "$f" ;;
      *) one_line_entries < "$f" ;;
    esac
  done
}

# One-line style: "deb [options] URI SUITE COMPONENT...".
one_line_entries() {
  awk '{ sub(/#.*/, "") }
       $1 == "deb" {
         i = 2
         if ($i ~ /^\[/) { while (i <= NF && $i !~ /\]$/) i++; i++ }
         if (i + 1 <= NF) print $i, $(i + 1)
       }'
}

# deb822 style: stanzas of "Field: value" lines (continuation lines start with a space), separated by blank lines.
deb822_entries() {
  awk 'function flush(   n, m, i, j, u, s) {
         if (types ~ /(^|[ \t])deb([ \t]|$)/ && tolower(enabled) != "no") {
           n = split(uris, u, /[ \t]+/); m = split(suites, s, /[ \t]+/)
           for (i = 1; i <= n; i++) for (j = 1; j <= m; j++) if (u[i] != "" && s[j] != "") print u[i], s[j]
         }
         types = uris = suites = enabled = field = ""
       }
       function trim(v) { gsub(/^[ \t]+|[ \t\r]+$/, "", v); return v }
       /^#/ { next }
       /^[ \t\r]*$/ { flush(); next }
       /^[ \t]/ {
         if (field == "types") types = types " " trim($0)
         else if (field == "uris") uris = uris " " trim($0)
         else if (field == "suites") suites = suites " " trim($0)
         next
       }
       {
         colon = index($0, ":"); if (!colon) next
         field = tolower(trim(substr($0, 1, colon - 1))); value = trim(substr($0, colon + 1))
         if (field == "types") types = value
         else if (field == "uris") uris = value
         else if (field == "suites") suites = value
         else if (field == "enabled") enabled = value
       }
       END { flush() }'
}

# Prints the URI of the main Debian archive among the apt sources under the root $1 (default /): the first entry whose
# suite is a Debian release (bookworm, stable, ...), preferring the release itself over its -updates or -backports;
# never the security archive or third-party repositories. Prints nothing if there is none.
debian_archive_mirror() {
  apt_deb_entries "${1:-}" | awk '
    {
      uri = $1; suite = $2; base = suite
      if (uri ~ /^cdrom:/ || uri ~ /(debian-security|security\.debian\.org)/ || suite ~ /-security$/) next
      sub(/-(updates|backports|backports-sloppy|proposed-updates)$/, "", base)
      if (base !~ /^(jessie|stretch|buster|bullseye|bookworm|trixie|forky|duke|sid|oldoldstable|oldstable|stable|testing|unstable)$/) next
      sub(/\/+$/, "", uri)
      # Reads to the end (no early exit): an early exit would kill the writers with SIGPIPE and fail under pipefail.
      if (suite == base) { if (release == "") release = uri }
      else if (other == "") other = uri
    }
    END { if (release != "") print release; else if (other != "") print other }'
}

# Creates GanKit's apt source for trixie (and its pin) under the root $1 (default /), or brings an older one up to date
# with the configured mirror. Prints what it did to the list: created, rewritten, unchanged, or kept (content that is
# not a line this script writes, or no configured mirror to replace it with).
ensure_trixie_source() {
  local root=${1:-}
  local list="$root/$GANKIT_TRIXIE_LIST" pin="$root/$GANKIT_TRIXIE_PIN"
  local mirror replace=1 status
  mirror=$(debian_archive_mirror "$root")
  if [[ -z "$mirror" ]]; then mirror=$FALLBACK_DEBIAN_MIRROR; replace=0; fi
  local wanted="deb $mirror trixie main"
  mkdir -p "$(dirname "$list")" "$(dirname "$pin")"
  if [[ ! -f "$list" ]]; then
    printf '%s\n' "$wanted" > "$list"; status=created
  elif [[ "$(cat "$list")" == "$wanted" ]]; then
    status=unchanged
  elif [[ $replace -eq 1 && $(wc -l < "$list") -le 1 ]] && grep -qxE 'deb [^ ]+ trixie main' "$list"; then
    printf '%s\n' "$wanted" > "$list"; status=rewritten
  else
    status=kept
  fi
  if [[ ! -f "$pin" ]]; then
    # Keep the machine's release the default so only what we ask for comes from trixie.
    cat > "$pin" <<'PREF'
Package: *
Pin: release n=trixie
Pin-Priority: 100
PREF
  fi
  echo "$status"
}

main() {
  os_id=""; os_version=""
  if [[ -r /etc/os-release ]]; then
    # shellcheck disable=SC1091
    . /etc/os-release
    os_id=${ID:-}; os_version=${VERSION_ID:-}
  fi

  if [[ -f "/$GANKIT_TRIXIE_LIST" && $(id -u) -eq 0 ]]; then
    # Written by an older run (which hard-coded deb.debian.org): follow the configured mirror, so apt-get update works.
    status=$(ensure_trixie_source)
    [[ "$status" == unchanged ]] || say "apt source for trixie: $status (/$GANKIT_TRIXIE_LIST: $(cat "/$GANKIT_TRIXIE_LIST"))"
  fi

  if has_glibcxx_3_4_32; then
    say "libstdc++ has GLIBCXX_3.4.32: ok"
  else
    if [[ "$os_id" == "debian" && "$os_version" == "12" && $(id -u) -eq 0 ]]; then
      say "libstdc++ lacks GLIBCXX_3.4.32 (Debian 12); installing libstdc++6 from Debian 13 (trixie)"
      say "apt source for trixie: $(ensure_trixie_source) (/$GANKIT_TRIXIE_LIST: $(cat "/$GANKIT_TRIXIE_LIST"))"
      apt_update_once
      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq -t trixie libstdc++6 >/dev/null
      has_glibcxx_3_4_32 || { say "libstdc++6 from trixie installed but GLIBCXX_3.4.32 is still missing"; exit 1; }
      say "libstdc++6 from trixie installed: ok"
    else
      cat >&2 <<MSG
[prerequisites] TorchSharp 0.107 needs a libstdc++ that exports GLIBCXX_3.4.32 (GCC 13 or newer).
[prerequisites] This machine ($os_id $os_version) does not have it, and this script only fixes Debian 12 as root.
[prerequisites] Install a newer libstdc++ (Ubuntu 24.04+, Debian 13+ and Fedora 39+ already have it),
[prerequisites] or on Debian 12 run this script as root: it installs libstdc++6 from Debian 13 (trixie).
MSG
      exit 3
    fi
  fi

  if [[ "$os_id" == "debian" && ! -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf && $(id -u) -eq 0 ]]; then
    # Plot labels in the CLI's PNGs (loss curves, scatter plots) need one TrueType font.
    say "installing fonts-dejavu-core"
    apt_update_once
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq fonts-dejavu-core >/dev/null
  fi

  if [[ "$os_id" == "debian" ]]; then
    if command -v mpirun >/dev/null 2>&1 && ldconfig -p 2>/dev/null | grep -q 'libmpi\.so\.40'; then
      say "Open MPI present: ok"
    elif [[ $(id -u) -eq 0 ]]; then
      say "installing Open MPI (openmpi-bin, libopenmpi-dev) for data-parallel training"
      apt_update_once
      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq openmpi-bin libopenmpi-dev >/dev/null
    else
      say "Open MPI is missing; 'sudo apt-get install openmpi-bin libopenmpi-dev' provides it (needed for --distributed)"
    fi
  fi

  if [[ "$os_id" == "debian" ]]; then
    if ls /usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz >/dev/null 2>&1; then
      say "Fashion-MNIST present: ok"
    elif [[ $(id -u) -eq 0 ]]; then
      say "installing Debian's dataset-fashion-mnist"
      apt_update_once
      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq dataset-fashion-mnist >/dev/null
    else
      say "Fashion-MNIST is missing; 'sudo apt-get install dataset-fashion-mnist' provides it (optional)"
    fi
  fi
}

if [[ "${BASH_SOURCE[0]}" == "$0" ]]; then main "$@"; fi
