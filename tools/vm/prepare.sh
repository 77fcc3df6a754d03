#!/usr/bin/env bash
# Makes what the camera VM needs, once, in .cache/vm (outside git): Debian's kernel (downloaded with apt-get download,
# unpacked with dpkg-deb; never installed) as an uncompressed vmlinux, the modules vivid and 9p need, and an
# initramfs with busybox-static. Prints the folder on success; on failure prints "unavailable: <reason>" and exits 3.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cache="$root/.cache/vm"
mkdir -p "$cache"
unavailable() { echo "unavailable: $*"; exit 3; }

command -v "${CLOSETD_QEMU:-qemu-system-x86_64}" >/dev/null || unavailable "${CLOSETD_QEMU:-qemu-system-x86_64} is not installed (apt-get install qemu-system-x86)"
[ -x /bin/busybox ] && ! ldd /bin/busybox >/dev/null 2>&1 || unavailable "no static /bin/busybox (apt-get install busybox-static)"

package=$(apt-cache depends linux-image-amd64 2>/dev/null | awk '/Depends: linux-image-[0-9]/ {print $2; exit}')
[ -n "$package" ] || unavailable "apt-cache knows no linux-image-amd64 (no Debian archive?)"
version=${package#linux-image-}
kdir="$cache/$version"
if [ ! -s "$kdir/vmlinux" ] || [ ! -s "$kdir/modules/vivid.ko" ]; then
  work=$(mktemp -d "$cache/tmp.XXXX")
  trap 'rm -rf "$work"' EXIT
  (cd "$work" && apt-get download -q "$package" >/dev/null 2>&1) || unavailable "apt-get download $package failed"
  deb=$(ls "$work"/*.deb)
  dpkg-deb --fsys-tarfile "$deb" | tar -x -C "$work" --wildcards './boot/vmlinuz-*' \
    "./lib/modules/$version/kernel/drivers/media/*" "./lib/modules/$version/kernel/drivers/virtio/*" \
    "./lib/modules/$version/kernel/fs/9p/*" "./lib/modules/$version/kernel/fs/netfs/*" \
    "./lib/modules/$version/kernel/fs/fscache/*" "./lib/modules/$version/kernel/fs/overlayfs/*" \
    "./lib/modules/$version/kernel/net/9p/*" 2>/dev/null || true
  mkdir -p "$work/out/modules"
  # The vmlinuz holds an xz stream that unpacks to an ELF vmlinux: qemu boots that directly (PVH), ~3 s faster
  # under TCG than the compressed image.
  vmlinuz=$(ls "$work"/boot/vmlinuz-*)
  offset=$(python3 -c 'import sys; print(open(sys.argv[1], "rb").read().find(b"\xfd7zXZ\x00"))' "$vmlinuz")
  [ "$offset" -ge 0 ] 2>/dev/null || unavailable "no xz stream in $vmlinuz"
  tail -c +$((offset + 1)) "$vmlinuz" | xz -dc 2>/dev/null > "$work/out/vmlinux" || true
  [ "$(head -c 4 "$work/out/vmlinux" | od -An -tx1 | tr -d ' ')" = "7f454c46" ] || unavailable "vmlinux is not ELF"
  for m in $(cat "$root/tools/vm/modules.list"); do
    file=$(find "$work/lib/modules" -name "$m.ko" -o -name "${m//_/-}.ko" | head -1)
    [ -n "$file" ] || unavailable "module $m not found in $package"
    cp "$file" "$work/out/modules/$m.ko"
  done
  rm -rf "$kdir"
  mv "$work/out" "$kdir"
  rm -rf "$work"
  trap - EXIT
fi

# Optional: v4l2loopback (an MJPEG "camera" fed by a writer), built out of tree against this kernel's headers, all
# unpacked from Debian's packages. Its absence only skips the MJPEG test.
if [ ! -s "$kdir/v4l2loopback.ko" ] && [ ! -e "$kdir/v4l2loopback.unavailable" ]; then
  work=$(mktemp -d "$cache/l2l.XXXX")
  reason=""
  if (cd "$work" && apt-get download -q v4l2loopback-dkms "linux-headers-$version" \
      "linux-headers-${version%-amd64}-common" "linux-kbuild-${version%%.*}.$(echo "$version" | cut -d. -f2)" \
      >/dev/null 2>&1); then
    for deb in "$work"/*.deb; do dpkg -x "$deb" "$work/x"; done
    headers="$work/x/usr/src/linux-headers-$version"
    # The headers' Makefile includes the common part by an absolute path: point it at the unpacked copy.
    sed -i "s|include /usr/src/|include $work/x/usr/src/|" "$headers/Makefile"
    src=$(ls -d "$work"/x/usr/src/v4l2loopback-* | head -1)
    if make -C "$headers" M="$src" modules >"$work/build.log" 2>&1 && [ -s "$src/v4l2loopback.ko" ]; then
      cp "$src/v4l2loopback.ko" "$kdir/v4l2loopback.ko"
    else
      reason="building v4l2loopback failed: $(tail -3 "$work/build.log" | tr '\n' ' ')"
    fi
  else
    reason="apt-get download of v4l2loopback-dkms and the kernel headers failed"
  fi
  [ -z "$reason" ] || echo "$reason" > "$kdir/v4l2loopback.unavailable"
  rm -rf "$work"
fi

# The initramfs: busybox, /init, the modules in load order (vivid is loaded last, with its options, by /init).
initrd="$kdir/initrd.cpio.gz"
if [ ! -s "$initrd" ] || [ "$root/tools/vm/init.sh" -nt "$initrd" ] || [ "$kdir/v4l2loopback.ko" -nt "$initrd" ]; then
  tree=$(mktemp -d "$cache/initrd.XXXX")
  mkdir -p "$tree/bin" "$tree/modules"
  cp /bin/busybox "$tree/bin/busybox"
  for applet in $(/bin/busybox --list); do
    [ "$applet" = busybox ] || ln -sf busybox "$tree/bin/$applet"
  done
  cp "$root/tools/vm/init.sh" "$tree/init"
  chmod +x "$tree/init"
  cp "$kdir"/modules/*.ko "$tree/modules/"
  if [ -s "$kdir/v4l2loopback.ko" ]; then cp "$kdir/v4l2loopback.ko" "$tree/modules/"; fi
  grep -v '^vivid$' "$root/tools/vm/modules.list" > "$tree/modules.order"
  echo "n_devs=1 node_types=0x1 num_inputs=1 input_types=0x0" > "$tree/vivid.options"
  (cd "$tree" && find . | busybox cpio -o -H newc 2>/dev/null | gzip -1) > "$initrd.tmp"
  mv "$initrd.tmp" "$initrd"
  rm -rf "$tree"
fi
echo "$kdir"
