#!/usr/bin/env bash
# Builds the C kernels with the stand-alone driver natively and for aarch64, and runs every variant against the
# scalar oracle: natively, then under qemu as a Cortex-A72 (NEON, no dot product: Pi 4) and a Cortex-A76 (dot
# product: Pi 5). Usage: tools/kernel-test/run.sh [seed] [cases]; a fresh seed each run unless given.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
seed="${1:-$(date +%s%N | cut -c1-15)}"
cases="${2:-400}"
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
sources=("$root"/Sources/CKernels/*.c "$root"/Sources/CKernels/*/*.c "$root/tools/kernel-test/kernel_test.c")
flags=(-O2 -Wall -Wextra -Werror -I"$root/Sources/CKernels/include")

# expect_variants LOG present... -- absent...: the run must have exercised exactly the variants the CPU model has.
expect_variants() {
  local log="$1"; shift
  local want=1
  for v in "$@"; do
    if [ "$v" = "--" ]; then want=0; continue; fi
    if grep -qx "kernel_test: variant $v" "$log"; then
      [ $want = 1 ] || { echo "kernel-test: variant $v ran but this CPU model should not have it" >&2; exit 1; }
    else
      [ $want = 0 ] || { echo "kernel-test: variant $v did not run" >&2; exit 1; }
    fi
  done
}

echo "kernel-test: native ($(uname -m)), seed $seed"
gcc "${flags[@]}" "${sources[@]}" -o "$out/native" -lm
"$out/native" "$seed" "$cases" | tee "$out/native.log"

if ! command -v aarch64-linux-gnu-gcc >/dev/null || ! command -v qemu-aarch64 >/dev/null; then
  echo "kernel-test: aarch64-linux-gnu-gcc or qemu-aarch64 missing (tools/install-deps.sh installs them)" >&2
  exit 1
fi
aarch64-linux-gnu-gcc "${flags[@]}" -march=armv8-a "${sources[@]}" -o "$out/arm64" -lm
for cpu in cortex-a72 cortex-a76; do
  echo "kernel-test: qemu-aarch64 -cpu $cpu"
  qemu-aarch64 -L /usr/aarch64-linux-gnu -cpu "$cpu" "$out/arm64" "$seed" "$cases" | tee "$out/$cpu.log"
done
expect_variants "$out/cortex-a72.log" scalar neon -- neondot
expect_variants "$out/cortex-a76.log" scalar neon neondot
echo "kernel-test: all variants bit-exact with scalar (seed $seed)"
