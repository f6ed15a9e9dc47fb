#!/usr/bin/env bash
# Installs what GanKit needs on a fresh Linux machine, and nothing it already has.
#  1. A libstdc++ that exports GLIBCXX_3.4.32: TorchSharp 0.107's native libLibTorchSharp.so is
#     built against GCC 13+, and Debian 12 ships only GLIBCXX_3.4.30, so TorchSharp fails to load.
#     On Debian 12 (as root) the fix is libstdc++6 from Debian 13 "trixie"; elsewhere we say what to install.
#  2. Debian's dataset-fashion-mnist package (the GAN reference data) when on Debian.
# Idempotent: a second run changes nothing.
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

os_id=""; os_version=""
if [[ -r /etc/os-release ]]; then
  # shellcheck disable=SC1091
  . /etc/os-release
  os_id=${ID:-}; os_version=${VERSION_ID:-}
fi

apt_updated=0
apt_update_once() {
  if [[ $apt_updated -eq 0 ]]; then
    DEBIAN_FRONTEND=noninteractive apt-get update -qq
    apt_updated=1
  fi
}

if has_glibcxx_3_4_32; then
  say "libstdc++ has GLIBCXX_3.4.32: ok"
else
  if [[ "$os_id" == "debian" && "$os_version" == "12" && $(id -u) -eq 0 ]]; then
    say "libstdc++ lacks GLIBCXX_3.4.32 (Debian 12); installing libstdc++6 from Debian 13 (trixie)"
    src=/etc/apt/sources.list.d/gankit-trixie.list
    if [[ ! -f "$src" ]]; then
      echo "deb http://deb.debian.org/debian trixie main" > "$src"
      # Keep bookworm the default so only what we ask for comes from trixie.
      cat > /etc/apt/preferences.d/gankit-trixie <<'PREF'
Package: *
Pin: release n=trixie
Pin-Priority: 100
PREF
    fi
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
