#!/bin/busybox sh
# /init of the camera test VM: load the modules, mount the host's / read-only over 9p with a tmpfs overlay, load
# vivid, chroot into the host's filesystem, run /results/command there, write its exit status, power off.
/bin/busybox mkdir -p /proc /sys /dev /host /upper /newroot /results
/bin/busybox mount -t proc proc /proc
/bin/busybox mount -t sysfs sys /sys
/bin/busybox mount -t devtmpfs dev /dev
for m in $(cat /modules.order); do
  /bin/busybox insmod "/modules/$m.ko" || echo "insmod $m failed"
done
opts="trans=virtio,version=9p2000.L,msize=512000"
/bin/busybox mount -t 9p -o "$opts,ro" hostroot /host
/bin/busybox mount -t 9p -o "$opts" results /results
/bin/busybox mount -t tmpfs tmpfs /upper
/bin/busybox mkdir -p /upper/upper /upper/work
/bin/busybox mount -t overlay overlay -o lowerdir=/host,upperdir=/upper/upper,workdir=/upper/work /newroot
/bin/busybox insmod /modules/vivid.ko $(cat /vivid.options)
if [ -f /modules/v4l2loopback.ko ]; then
  /bin/busybox insmod /modules/v4l2loopback.ko video_nr=10 card_label=closetd-loopback max_buffers=4
fi
/bin/busybox mkdir -p /newroot/vm-results
for d in dev proc sys; do /bin/busybox mount -o bind /$d /newroot/$d; done
/bin/busybox mount -o bind /results /newroot/vm-results
/bin/busybox chroot /newroot /bin/sh -c 'cd "$(cat /vm-results/cwd)" && . /vm-results/command' \
  > /results/output 2>&1
echo $? > /results/status
/bin/busybox sync
/bin/busybox poweroff -f
