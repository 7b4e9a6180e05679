#!/usr/bin/env bash
# Build the lab's tiny container image from the host's static busybox and import it as `lab-busybox`; nothing is
# downloaded. Idempotent: an image already under the alias is kept.
#
# The rootfs: /bin/busybox and a symlink for every applet at its usual path, /sbin/init = busybox init with an
# inittab that brings lo up, asks LXD's dnsmasq for an address on eth0 (in the background, so a container without
# eth0 still boots) and then keeps `sleep infinity` running, passwd/group for root. ~1 MB.
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

if lxc image alias list --format csv 2>/dev/null | cut -d, -f1 | grep -qxF "$IMAGE_ALIAS"; then
    exit 0
fi
BUSYBOX="$(command -v busybox)" || die "busybox not found (apt-get install busybox-static)"

BUILD="$STATE/image"
rm -rf "$BUILD"
ROOTFS="$BUILD/rootfs"
mkdir -p "$ROOTFS"/{bin,sbin,usr/bin,usr/sbin,etc,proc,sys,dev,run,tmp,root,var/run,usr/share/udhcpc}
cp "$BUSYBOX" "$ROOTFS/bin/busybox"
# --list-full prints each applet with its install path (bin/ls, sbin/init, usr/bin/env, ...).
"$BUSYBOX" --list-full | while read -r applet; do
    [ "$applet" = bin/busybox ] || [ -e "$ROOTFS/$applet" ] || ln -s /bin/busybox "$ROOTFS/$applet"
done
[ -L "$ROOTFS/sbin/init" ] || die "busybox has no init applet"
chmod 1777 "$ROOTFS/tmp"

cat >"$ROOTFS/etc/inittab" <<'EOF'
::sysinit:/sbin/ifconfig lo up
::sysinit:/bin/sh -c '[ -e /sys/class/net/eth0 ] && exec /sbin/udhcpc -b -S -i eth0 -s /usr/share/udhcpc/default.script; true'
::respawn:/bin/sleep infinity
::shutdown:/bin/sync
EOF
# udhcpc only reports a lease to this script; it configures eth0 with it.
cat >"$ROOTFS/usr/share/udhcpc/default.script" <<'EOF'
#!/bin/sh
case "$1" in
    deconfig) ifconfig "$interface" 0.0.0.0 ;;
    bound|renew)
        ifconfig "$interface" "$ip" netmask "${subnet:-255.255.255.0}"
        [ -n "$router" ] && { route del default 2>/dev/null; route add default gw "${router%% *}" dev "$interface"; }
        : >/etc/resolv.conf
        for d in $dns; do echo "nameserver $d" >>/etc/resolv.conf; done ;;
esac
exit 0
EOF
chmod 755 "$ROOTFS/usr/share/udhcpc/default.script"
echo 'root:x:0:0:root:/root:/bin/sh' >"$ROOTFS/etc/passwd"
echo 'root:x:0:' >"$ROOTFS/etc/group"
echo 'lab' >"$ROOTFS/etc/hostname"

cat >"$BUILD/metadata.yaml" <<EOF
architecture: $(uname -m)
creation_date: $(date +%s)
properties:
  description: lab busybox (lab/lxd/image.sh)
  os: busybox
  release: "$("$BUSYBOX" 2>&1 | sed -n '1s/^BusyBox v\([0-9.]*\).*/\1/p')"
templates: {}
EOF

tar -C "$BUILD" --numeric-owner --owner=0 --group=0 -czf "$BUILD/lab-busybox.tar.gz" metadata.yaml rootfs
lxc image import "$BUILD/lab-busybox.tar.gz" --alias "$IMAGE_ALIAS" >/dev/null \
    || die "lxc image import of $BUILD/lab-busybox.tar.gz failed"
rm -rf "$ROOTFS"
