#!/usr/bin/env bash
# Installs, from Debian's packages, whatever closetd's build, tests and demo need and this machine lacks.
# Idempotent and quiet when everything is there. Needs root (or sudo) only when something is missing.
set -euo pipefail

packages=(
  pkg-config libv4l-dev libjpeg-dev libopenblas-dev libmosquitto-dev  # build
  mosquitto mosquitto-clients openssl                                  # demo and broker tests
  gcc gcc-aarch64-linux-gnu libc6-dev-arm64-cross qemu-user            # C kernel test drivers: native and ARM under emulation
  qemu-system-x86 busybox-static xz-utils                              # camera tests: vivid in a VM
  python3 python3-venv                                                 # reference checks (ai-edge-litert)
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]} == 0)); then exit 0; fi

echo "install-deps: installing ${missing[*]}"
sudo=""
if [ "$(id -u)" != 0 ]; then sudo="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -q >/dev/null
$sudo apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null
