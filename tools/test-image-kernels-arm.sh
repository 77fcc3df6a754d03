#!/usr/bin/env bash
# Cross-compiles the image kernels and their C test driver for aarch64 and runs it under qemu-aarch64 as a Raspberry
# Pi 4 (cortex-a72) and a Pi 5 (cortex-a76): every variant against the scalar oracle, bit-exact.
# Prints "skipped" with the reason when the cross compiler or qemu-aarch64 is missing.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
for tool in aarch64-linux-gnu-gcc qemu-aarch64; do
  if ! command -v "$tool" >/dev/null; then
    echo "image kernels on ARM: skipped ($tool not installed; tools/install-deps.sh installs it)"
    exit 0
  fi
done
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
k="$root/Sources/CKernels"
aarch64-linux-gnu-gcc -O2 -march=armv8-a -Wall -Wextra -Werror -I"$k/include" -o "$out/image-kernels" \
  "$root/Tests/ImageKernelsDriver/image_kernels_driver.c" "$k/image_dispatch.c" "$k/cpu_features.c" \
  "$k"/u8-yuyv-rgb/*.c "$k"/u8-resize-bilinear/*.c "$k"/u8-luma-downscale/*.c
for cpu in cortex-a72 cortex-a76; do
  echo "image kernels on $cpu (qemu-aarch64):"
  qemu-aarch64 -L /usr/aarch64-linux-gnu -cpu "$cpu" "$out/image-kernels"
done
