#!/usr/bin/env bash
# Runs a shell command inside a VM (Debian's kernel under qemu-system-x86_64 with software emulation) that has vivid
# loaded as /dev/video0 and the host's / as its root (read-only + tmpfs overlay), in the current folder.
# Usage: tools/vm/run.sh 'command'. Prints the command's output; exits with its status; exit 3 = VM unavailable.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
prepared=$("$root/tools/vm/prepare.sh") || { echo "$prepared"; exit 3; }
kdir=$prepared
results=$(mktemp -d)
trap 'rm -rf "$results"' EXIT
printf '%s\n' "$1" > "$results/command"
pwd > "$results/cwd"
# Hardware KVM only when real (a paravirtual /dev/kvm cannot boot a stock kernel): else TCG.
accel=tcg
if [ -r /dev/kvm ] && [ -w /dev/kvm ] && { [ -d /sys/module/kvm_intel ] || [ -d /sys/module/kvm_amd ]; }; then accel=kvm; fi
status=0
timeout "${CLOSETD_VM_TIMEOUT:-600}" nice -n 10 "${CLOSETD_QEMU:-qemu-system-x86_64}" -accel "$accel" -m 1024 -smp 1 -nodefaults \
  -no-user-config -display none -no-reboot -kernel "$kdir/vmlinux" -initrd "$kdir/initrd.cpio.gz" \
  -append "console=ttyS0 quiet panic=-1 rdinit=/init" -serial "file:$results/console.log" \
  -virtfs local,path=/,mount_tag=hostroot,security_model=none,readonly=on,multidevs=remap \
  -virtfs "local,path=$results,mount_tag=results,security_model=none" || status=$?
cat "$results/output" 2>/dev/null || true
if [ ! -s "$results/status" ]; then
  echo "VM did not finish (qemu status $status); console:"
  tail -30 "$results/console.log" 2>/dev/null || true
  exit 2
fi
exit "$(cat "$results/status")"
