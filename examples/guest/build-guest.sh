#!/usr/bin/env bash
# Builds the Convoy demo guest: a tiny BIOS-bootable disk (SYSLINUX on an unpartitioned FAT
# filesystem, Debian's kernel, a busybox initramfs) with a random data region after the
# filesystem, and emits it as raw, qcow2, VMDK (monolithicSparse, streamOptimized) and an OVA.
# The guest prints its data region's SHA-256 and its MAC on ttyS0; see README.md.
#
# Usage: examples/guest/build-guest.sh [--force]
# Outputs go to ${CONVOY_BUILD:-<repo>/build}/guest/. Only Debian's package archive is used
# (for linux-image-amd64, cached under ${CONVOY_BUILD}/cache/debs/). A re-run with unchanged
# inputs does nothing; --force rebuilds (and so draws a new data region).
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/../.." && pwd)
build_root=${CONVOY_BUILD:-$repo/build}
out=$build_root/guest
deb_cache=$build_root/cache/debs

# Disk layout: FAT filesystem first, then the data region up to the end of the disk.
readonly DISK_SIZE_MIB=64
readonly DATA_SIZE_MIB=8
readonly DATA_OFFSET_MIB=$((DISK_SIZE_MIB - DATA_SIZE_MIB))
readonly FS_LABEL=CONVOYGUEST
readonly CPUS=1
readonly MEMORY_MIB=256
# The NIC's MAC in the OVF: VMware's static range (00:50:56:00:00:00-00:50:56:3f:ff:ff).
readonly OVA_MAC=00:50:56:3c:00:01
# Entry points of the drivers the guest needs; their dependencies are added at build time.
readonly ROOT_MODULES="virtio_pci virtio_blk virtio_scsi virtio_net ahci sd_mod vmw_pvscsi
  e1000 e1000e vmxnet3 button evdev"
readonly INPUTS=(build-guest.sh init power-button.sh syslinux.cfg demo-guest.ovf.in)

force=false
case "${1:-}" in
  --force) force=true ;;
  "") ;;
  -h | --help)
    sed -n '2,10p' "$0" | sed 's/^# \{0,1\}//'
    exit 0
    ;;
  *)
    echo "build-guest.sh: unknown argument '$1' (usage: build-guest.sh [--force])" >&2
    exit 2
    ;;
esac

die() {
  echo "build-guest.sh: $*" >&2
  exit 1
}

need() {
  command -v "$1" >/dev/null 2>&1 || die "'$1' not found: install Debian package '$2'"
}

need dpkg-deb dpkg
need apt-get apt
need mkfs.fat dosfstools
need mcopy mtools
need syslinux syslinux
need qemu-img qemu-utils
need gzip gzip
need sha256sum coreutils
need tar tar
[ -x /bin/busybox ] || die "/bin/busybox not found: install Debian package 'busybox-static'"
# The initramfs has no libc: the busybox in it must be the static one.
if ldd /bin/busybox >/dev/null 2>&1; then
  die "/bin/busybox is dynamically linked: install Debian package 'busybox-static'"
fi
[ -f /usr/lib/syslinux/modules/bios/ldlinux.c32 ] ||
  die "SYSLINUX BIOS modules missing: install Debian package 'syslinux-common'"

inputs_hash=$(cd "$here" && cat "${INPUTS[@]}" | sha256sum | cut -d' ' -f1)
readonly OUTPUTS="disk.raw disk.qcow2 disk-sparse.vmdk disk-stream.vmdk demo-guest.ova guest.env guest.json"
up_to_date() {
  [ -f "$out/.stamp" ] && [ "$(cat "$out/.stamp")" = "$inputs_hash" ] || return 1
  local f
  for f in $OUTPUTS; do [ -f "$out/$f" ] || return 1; done
}
if ! $force && up_to_date; then
  echo "build-guest.sh: $out is up to date (use --force to rebuild)"
  exit 0
fi

mkdir -p "$build_root" "$deb_cache"
work=$(mktemp -d "${TMPDIR:-/tmp}/convoy-guest.XXXXXX")
staging=$(mktemp -d "$build_root/.guest.XXXXXX")
trap 'rm -rf "$work" "$staging"' EXIT

# --- kernel package: the cached one, or the version linux-image-amd64 points at now ---------
kernel_deb=$(find "$deb_cache" -maxdepth 1 -name 'linux-image-*-amd64_*_amd64.deb' -print |
  sort -V | tail -n 1)
if [ -z "$kernel_deb" ]; then
  resolve() {
    apt-cache depends linux-image-amd64 2>/dev/null |
      sed -n 's/^ *Depends: \(linux-image-[0-9][^ ]*-amd64\)$/\1/p' | head -n 1
  }
  package=$(resolve)
  if [ -z "$package" ] && [ "$(id -u)" = 0 ]; then
    echo "build-guest.sh: apt does not know linux-image-amd64 yet; running apt-get update"
    apt-get update -qq
    package=$(resolve)
  fi
  [ -n "$package" ] || die "cannot resolve linux-image-amd64 with apt-cache (run 'apt-get update' as root)"
  echo "build-guest.sh: downloading $package"
  mkdir "$work/download"
  # apt drops privileges to _apt for downloads: let it reach and write the download directory.
  if [ "$(id -u)" = 0 ] && id _apt >/dev/null 2>&1; then
    chmod 755 "$work"
    chown _apt "$work/download"
  fi
  (cd "$work/download" && apt-get download -q "$package") || die "apt-get download $package failed"
  downloaded=$(find "$work/download" -name "${package}_*_amd64.deb" -print | head -n 1)
  [ -n "$downloaded" ] || die "apt-get download $package produced no .deb"
  mv "$downloaded" "$deb_cache/"
  kernel_deb=$deb_cache/${downloaded##*/}
fi
echo "build-guest.sh: kernel package ${kernel_deb##*/}"

mkdir "$work/kernel"
dpkg-deb --fsys-tarfile "$kernel_deb" |
  tar -x -C "$work/kernel" --wildcards './boot/vmlinuz-*' './lib/modules/*/kernel' ||
  die "cannot unpack $kernel_deb (delete it to download it again)"
vmlinuz=$(find "$work/kernel/boot" -name 'vmlinuz-*' -print | head -n 1)
[ -n "$vmlinuz" ] || die "no vmlinuz in $kernel_deb"
kernel_version=${vmlinuz##*/vmlinuz-}
moddir=$work/kernel/lib/modules/$kernel_version/kernel

# --- modules: resolve dependencies from .modinfo, decompress if the package compresses them ----
declare -A module_path=()
while IFS= read -r path; do
  name=${path##*/}
  name=${name%%.ko*}
  module_path[${name//-/_}]=$path
done < <(find "$moddir" -name '*.ko' -o -name '*.ko.xz' -o -name '*.ko.zst' -o -name '*.ko.gz')

mkdir -p "$work/modules"
module_file() { # name -> path of the uncompressed .ko under $work/modules
  local name=$1 src=${module_path[$1]:-}
  [ -n "$src" ] || die "kernel $kernel_version has no module '$name'"
  local dst=$work/modules/$name.ko
  if [ ! -f "$dst" ]; then
    case "$src" in
      *.ko) cp "$src" "$dst" ;;
      *.ko.xz) xz -dc "$src" >"$dst" ;;
      *.ko.zst) zstd -qdc "$src" >"$dst" ;;
      *.ko.gz) gzip -dc "$src" >"$dst" ;;
    esac
  fi
  echo "$dst"
}
declare -A module_state=()
module_order=()
add_module() { # depth-first: dependencies before the module that needs them
  local name=${1//-/_}
  case "${module_state[$name]:-}" in
    added) return 0 ;;
    visiting) die "module dependency cycle at '$name'" ;;
  esac
  module_state[$name]=visiting
  local file deps dep
  file=$(module_file "$name")
  deps=$(tr '\0' '\n' <"$file" | sed -n 's/^depends=//p')
  deps=${deps%%$'\n'*}
  for dep in ${deps//,/ }; do add_module "$dep"; done
  module_state[$name]=added
  module_order+=("$name")
}
for m in $ROOT_MODULES; do add_module "$m"; done

# --- initramfs ------------------------------------------------------------------------------
initramfs=$work/initramfs
mkdir -p "$initramfs"/{bin,dev,etc/convoy,etc/acpi/PWRF,lib/modules,proc,run,sys,tmp}
cp /bin/busybox "$initramfs/bin/busybox"
ln -s busybox "$initramfs/bin/sh"
sed -e "s/@DATA_OFFSET_MIB@/$DATA_OFFSET_MIB/" -e "s/@DATA_SIZE_MIB@/$DATA_SIZE_MIB/" \
  -e "s/@FS_LABEL@/$FS_LABEL/" "$here/init" >"$initramfs/init"
chmod 755 "$initramfs/init"
install -m 755 "$here/power-button.sh" "$initramfs/etc/acpi/PWRF/00000080"
for m in "${module_order[@]}"; do
  cp "$work/modules/$m.ko" "$initramfs/lib/modules/"
  echo "$m"
done >"$initramfs/etc/convoy/modules"
(cd "$initramfs" && find . | LC_ALL=C sort | busybox cpio -o -H newc -R 0:0 2>/dev/null) |
  gzip -9 >"$work/initrd.gz"

# --- disk: FAT filesystem with SYSLINUX, then the data region ------------------------------
fat=$work/fat.img
mkfs.fat -C -n "$FS_LABEL" "$fat" $((DATA_OFFSET_MIB * 1024)) >/dev/null
syslinux --install "$fat"
cp "$vmlinuz" "$work/vmlinuz"
mcopy -i "$fat" "$work/vmlinuz" "$work/initrd.gz" "$here/syslinux.cfg" ::/
# Random bytes make every build's disk distinguishable from any other build's copy.
head -c $((DATA_SIZE_MIB * 1024 * 1024)) /dev/urandom >"$work/data.bin"
cat "$fat" "$work/data.bin" >"$staging/disk.raw"
[ "$(stat -c %s "$staging/disk.raw")" = $((DISK_SIZE_MIB * 1024 * 1024)) ] ||
  die "disk.raw has the wrong size"
data_sha256=$(sha256sum "$work/data.bin" | cut -d' ' -f1)
disk_sha256=$(sha256sum "$staging/disk.raw" | cut -d' ' -f1)

# --- other formats --------------------------------------------------------------------------
qemu-img convert -f raw -O qcow2 "$staging/disk.raw" "$staging/disk.qcow2"
qemu-img convert -f raw -O vmdk -o subformat=monolithicSparse "$staging/disk.raw" "$staging/disk-sparse.vmdk"
qemu-img convert -f raw -O vmdk -o subformat=streamOptimized "$staging/disk.raw" "$staging/disk-stream.vmdk"

# --- OVA: descriptor first, then manifest, then the disk (ustar, as vSphere writes them) -----
ova_dir=$work/ova
mkdir "$ova_dir"
ova_disk=demo-guest-disk1.vmdk
cp "$staging/disk-stream.vmdk" "$ova_dir/$ova_disk"
# populatedSize: the bytes the disk really holds, i.e. the grains allocated in the sparse VMDK
# (qemu-img map cannot map the streamOptimized one: its grains are compressed).
allocation_map=$(qemu-img map -f vmdk --output=human "$staging/disk-sparse.vmdk")
populated=0
while read -r _ length _; do
  populated=$((populated + length))
done < <(tail -n +2 <<<"$allocation_map")
sed -e "s/@DISK_FILE@/$ova_disk/" -e "s/@DISK_FILE_SIZE@/$(stat -c %s "$ova_dir/$ova_disk")/" \
  -e "s/@CAPACITY_MIB@/$DISK_SIZE_MIB/" -e "s/@POPULATED_SIZE@/$populated/" \
  -e "s/@CPUS@/$CPUS/g" -e "s/@MEMORY_MIB@/$MEMORY_MIB/g" -e "s/@MAC@/$OVA_MAC/" \
  "$here/demo-guest.ovf.in" >"$ova_dir/demo-guest.ovf"
(cd "$ova_dir" && for f in demo-guest.ovf "$ova_disk"; do
  echo "SHA256($f)= $(sha256sum "$f" | cut -d' ' -f1)"
done) >"$ova_dir/demo-guest.mf"
tar --format=ustar --owner=0 --group=0 --numeric-owner --mode=0644 -C "$ova_dir" \
  -cf "$staging/demo-guest.ova" demo-guest.ovf demo-guest.mf "$ova_disk"

# --- descriptions for tests and scripts -----------------------------------------------------
cat >"$staging/guest.env" <<EOF
# Convoy demo guest, written by examples/guest/build-guest.sh. File names are relative to this file.
GUEST_KERNEL_PACKAGE=${kernel_deb##*/}
GUEST_KERNEL_VERSION=$kernel_version
GUEST_DISK_SIZE_MIB=$DISK_SIZE_MIB
GUEST_DISK_SHA256=$disk_sha256
GUEST_DATA_OFFSET_MIB=$DATA_OFFSET_MIB
GUEST_DATA_SIZE_MIB=$DATA_SIZE_MIB
GUEST_DATA_SHA256=$data_sha256
GUEST_FS_LABEL=$FS_LABEL
GUEST_CPUS=$CPUS
GUEST_MEMORY_MIB=$MEMORY_MIB
GUEST_OVA_MAC=$OVA_MAC
GUEST_RAW=disk.raw
GUEST_QCOW2=disk.qcow2
GUEST_VMDK_SPARSE=disk-sparse.vmdk
GUEST_VMDK_STREAM=disk-stream.vmdk
GUEST_OVA=demo-guest.ova
GUEST_READY_MARKER=CONVOY-GUEST-READY
GUEST_POWEROFF_MARKER=CONVOY-GUEST-POWEROFF
EOF
cat >"$staging/guest.json" <<EOF
{
  "kernelPackage": "${kernel_deb##*/}",
  "kernelVersion": "$kernel_version",
  "modules": [$(printf '"%s",' "${module_order[@]}" | sed 's/,$//')],
  "disk": {
    "sizeMiB": $DISK_SIZE_MIB,
    "sha256": "$disk_sha256",
    "fsLabel": "$FS_LABEL",
    "dataRegion": { "offsetMiB": $DATA_OFFSET_MIB, "sizeMiB": $DATA_SIZE_MIB, "sha256": "$data_sha256" }
  },
  "files": {
    "raw": "disk.raw",
    "qcow2": "disk.qcow2",
    "vmdkMonolithicSparse": "disk-sparse.vmdk",
    "vmdkStreamOptimized": "disk-stream.vmdk",
    "ova": "demo-guest.ova"
  },
  "ova": { "cpus": $CPUS, "memoryMiB": $MEMORY_MIB, "mac": "$OVA_MAC", "network": "VM Network", "firmware": "bios" },
  "markers": { "ready": "CONVOY-GUEST-READY", "poweroff": "CONVOY-GUEST-POWEROFF" }
}
EOF
echo "$inputs_hash" >"$staging/.stamp"
chmod 755 "$staging"
chmod 644 "$staging"/*

rm -rf "$out"
mv "$staging" "$out"
echo "build-guest.sh: built $out (data region sha256 $data_sha256)"
