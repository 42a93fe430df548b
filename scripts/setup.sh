#!/bin/sh
# scripts/setup.sh [DEBARCH...] - install and cache what the project needs.
#
# Run by every `make check` (through `make deps`), so it must be idempotent
# and fast when everything is there already: the warm path runs one
# dpkg-query and a few file tests, and never touches the network.
#
# 1. Debian 12 packages (apt-get; `apt-get update` only when one is missing).
# 2. Per Debian architecture (default: amd64; later arm64 armhf riscv64),
#    under ${KX_TC:-$HOME/.cache/kexec-tc}, outside the repository:
#      sysroot-ARCH/                  zlib1g-dev and libfdt-dev, extracted, not
#                                     installed (static .a + headers for musl)
#      kheaders-ARCH/                 links to the kernel's UAPI headers only
#      kernels/ARCH/VERSION/          /boot of Debian's kernel package
#      kernels/ARCH/{vmlinuz,config}  links to the current VERSION's files
#      kernels/ARCH/version           the current VERSION, e.g. 6.1.0-56-amd64
#      debs/ARCH/                     the downloaded .debs (apt checked them)
#
# Installing needs root; without root the script still prepares the cache
# (apt-get download and dpkg-deb -x need no root) when the packages are
# present, and otherwise stops with a message naming what is missing.
# KX_REFRESH=1 re-resolves the kernel package (e.g. after a Debian update);
# otherwise a kernel already in the cache is used as it is.
set -eu

KX_TC=${KX_TC:-$HOME/.cache/kexec-tc}
export DEBIAN_FRONTEND=noninteractive

# What the project needs now (build, unit tests, e2e under QEMU, bench).
# libc6-dev is only a Recommends of gcc, and brings linux-libc-dev (the
# kernel headers behind kheaders-ARCH below).
PACKAGES="gcc libc6-dev make musl-tools musl-dev libcmocka-dev libfdt-dev zlib1g-dev
device-tree-compiler python3-kconfiglib qemu-system-x86 busybox-static cpio
xz-utils bzip2 hyperfine valgrind pkg-config file ovmf kconfig-frontends-nox"

say() { printf 'setup: %s\n' "$*"; }
die() { printf 'setup: error: %s\n' "$*" >&2; exit 1; }
is_root() { [ "$(id -u)" = 0 ]; }

# apt options: when root, download as root into our cache (the _apt sandbox
# user cannot write there and apt would warn about it on every download).
apt_opts() { if is_root; then echo "-o APT::Sandbox::User=root"; fi; }

APT_UPDATED=
apt_update_once() {
	[ -z "$APT_UPDATED" ] || return 0
	is_root || die "apt's package lists are missing or stale and only root can run 'apt-get update'; run: sudo sh $0"
	say "apt-get update"
	apt-get update -q >/dev/null || die "apt-get update failed"
	APT_UPDATED=1
}

# ---- 1. packages --------------------------------------------------------

# Prints the packages of the list that are not installed (one dpkg-query).
missing_packages() {
	installed=$(dpkg-query -W -f='${Package} ${db:Status-Abbrev}\n' "$@" 2>/dev/null |
		awk '$2 == "ii" { print $1 }' | tr '\n' ' ') || true
	for p in "$@"; do
		case " $installed " in
		*" $p "*) ;;
		*) echo "$p" ;;
		esac
	done
}

install_packages() {
	# shellcheck disable=SC2086 # word splitting of the list is wanted
	missing=$(missing_packages $PACKAGES)
	[ -n "$missing" ] || return 0
	# shellcheck disable=SC2086
	set -- $missing
	missing=$*
	is_root || die "missing Debian packages: $missing; as root run: sudo sh $0  (or: apt-get install $missing)"
	apt_update_once
	say "installing: $missing"
	# The lock timeout waits for another apt/dpkg instead of failing at once.
	# shellcheck disable=SC2086
	apt-get install -y -q --no-install-recommends -o DPkg::Lock::Timeout=300 $missing >/dev/null ||
		die "apt-get install failed for: $missing"
}

# ---- 2. per-architecture cache ------------------------------------------

# apt_download DIR PKG...: apt-get download into DIR (apt checks the hashes
# against the signed index). On failure (e.g. no lists yet) update once and
# retry.
apt_download() {
	dir=$1; shift
	mkdir -p "$dir"
	# shellcheck disable=SC2046
	(cd "$dir" && apt-get download -q $(apt_opts) "$@" >/dev/null 2>&1) && return 0
	apt_update_once
	# shellcheck disable=SC2046
	(cd "$dir" && apt-get download -q $(apt_opts) "$@" >/dev/null) ||
		die "apt-get download $* failed"
}

# sysroot ARCH PKG...: extract the packages' files (headers, static .a)
# into $KX_TC/sysroot-ARCH. Not installed: libfdt-dev is not Multi-Arch:
# same and zlib1g-dev:ARCH drags in libc6-dev:ARCH (toolchain.md, pitfall 2).
sysroot() {
	arch=$1; shift
	s=$KX_TC/sysroot-$arch
	[ -f "$s/.done" ] && return 0
	say "sysroot-$arch: $*"
	debs=$KX_TC/debs/$arch/sysroot
	rm -rf "$s" "$debs"
	pkgs=
	for p in "$@"; do pkgs="$pkgs $p:$arch"; done
	# shellcheck disable=SC2086
	apt_download "$debs" $pkgs
	mkdir -p "$s"
	for d in "$debs"/*.deb; do dpkg-deb -x "$d" "$s"; done
	touch "$s/.done"
}

# deb_ok FILE PKG ARCH: FILE is the candidate version of PKG:ARCH with the
# SHA256 apt's (signed) index gives for it. Lets a .deb already in the cache
# (e.g. from an earlier run) be reused without downloading it again.
deb_ok() {
	want=$(apt-cache show --no-all-versions "$2:$3" 2>/dev/null | awk '$1 == "SHA256:" { print $2; exit }')
	[ -n "$want" ] || return 1
	have=$(sha256sum "$1" | cut -d' ' -f1)
	[ "$have" = "$want" ]
}

# kernel ARCH META: the kernel package that META (linux-image-amd64, ...)
# depends on, its /boot extracted to $KX_TC/kernels/ARCH/VERSION, and the
# stable names vmlinuz, config and version next to it.
kernel() {
	arch=$1 meta=$2
	k=$KX_TC/kernels/$arch
	if [ -z "${KX_REFRESH:-}" ] && [ -f "$k/version" ] &&
		[ -f "$k/$(cat "$k/version")/.done" ] && [ -e "$k/vmlinuz" ]; then
		return 0
	fi
	pkg=$(apt-cache depends "$meta:$arch" 2>/dev/null |
		awk '$1 == "Depends:" && $2 ~ /^linux-image-/ { sub(/:.*/, "", $2); print $2; exit }')
	if [ -z "$pkg" ]; then
		apt_update_once
		pkg=$(apt-cache depends "$meta:$arch" 2>/dev/null |
			awk '$1 == "Depends:" && $2 ~ /^linux-image-/ { sub(/:.*/, "", $2); print $2; exit }')
	fi
	[ -n "$pkg" ] || die "cannot resolve $meta:$arch to a kernel package (apt-cache depends $meta)"
	ver=${pkg#linux-image-}
	if [ -f "$k/$ver/.done" ]; then
		say "kernel $arch: $ver (cached)"
	else
		debs=$KX_TC/debs/$arch
		deb=
		for f in "$debs/${pkg}"_*_"$arch".deb; do
			[ -f "$f" ] && deb_ok "$f" "$pkg" "$arch" && deb=$f
		done
		if [ -z "$deb" ]; then
			say "kernel $arch: downloading $pkg"
			rm -f "$debs/${pkg}"_*_"$arch".deb
			apt_download "$debs" "$pkg:$arch"
			for f in "$debs/${pkg}"_*_"$arch".deb; do deb=$f; done
			[ -f "$deb" ] || die "apt-get download $pkg:$arch left no .deb in $debs"
		fi
		say "kernel $arch: extracting /boot of ${deb##*/}"
		tmp=$k/.tmp.$$
		rm -rf "$tmp"
		mkdir -p "$tmp"
		# Only ./boot: the modules (>300 MB unpacked) are not needed.
		dpkg-deb --fsys-tarfile "$deb" | tar -xf - -C "$tmp" ./boot
		[ -f "$tmp/boot/vmlinuz-$ver" ] || die "no boot/vmlinuz-$ver in $deb"
		rm -rf "${k:?}/$ver"
		mv "$tmp/boot" "$k/$ver"
		rmdir "$tmp"
		touch "$k/$ver/.done"
	fi
	# The stable names the test harness uses.
	ln -sfn "$ver/vmlinuz-$ver" "$k/vmlinuz"
	ln -sfn "$ver/config-$ver" "$k/config"
	echo "$ver" > "$k/version.tmp" && mv "$k/version.tmp" "$k/version"
	say "kernel $arch: $k/vmlinuz -> $ver"
}

# kheaders ARCH LINUXDIR ASMDIR: $KX_TC/kheaders-ARCH holding only the
# kernel's UAPI headers (linux/, asm/, asm-generic/), for musl builds: the
# musl driver uses -nostdinc and must never see glibc's /usr/include, so
# the Makefile adds -idirafter $KX_TC/kheaders-ARCH (toolchain.md, pitfall 4).
kheaders() {
	h=$KX_TC/kheaders-$1
	[ -f "$2/linux/kexec.h" ] || die "no kernel headers in $2 (linux-libc-dev)"
	mkdir -p "$h"
	ln -sfn "$2/linux" "$h/linux"
	ln -sfn "$2/asm-generic" "$h/asm-generic"
	ln -sfn "$3/asm" "$h/asm"
}

# sources: source tarballs built with the target's compiler by the Makefile
# (size: -Os, and zlib without its 8 KiB braided CRC tables), unpacked into
# $KX_TC/src.  Pinned by SHA256 (the values in bookworm's signed Sources
# index); apt-helper refuses a file whose hash differs.
SOURCES="pool/main/z/zlib/zlib_1.2.13.dfsg.orig.tar.bz2 71feb7947e3c00ef125f83b79a4e529bde31171e5babe48b391f06758d1ab0a1 zlib-1.2.13.dfsg"
sources() {
	src=$KX_TC/src
	mkdir -p "$src"
	set -- $SOURCES
	while [ $# -ge 3 ]; do
		path=$1 sha=$2 dir=$3
		shift 3
		[ -f "$src/$dir/.done" ] && continue
		f=$src/${path##*/}
		if [ ! -f "$f" ]; then
			mirror=$(apt-get indextargets --format '$(REPO_URI) $(RELEASE)' | awk '$2=="bookworm"{print $1; exit}')
			[ -n "$mirror" ] || die "no bookworm mirror in apt's configuration"
			say "source: ${path##*/}"
			/usr/lib/apt/apt-helper $(apt_opts) download-file "${mirror%/}/$path" "$f.part" "SHA256:$sha" >/dev/null ||
				die "download of $path failed"
			mv "$f.part" "$f"
		fi
		rm -rf "${src:?}/$dir"
		tar -xf "$f" -C "$src"
		touch "$src/$dir/.done"
	done
}

# ---- architectures: one function each ----------------------------------
# To add one (e.g. arm64): add its packages to PACKAGES if it needs host
# tools (qemu-system-arm, gcc-aarch64-linux-gnu, musl-dev:arm64 after
# `dpkg --add-architecture arm64`), then write arch_arm64 with its sysroot
# and kernel (linux-image-arm64; armhf: linux-image-armmp; riscv64 comes
# from trixie, see shared notes toolchain.md section 1 step 3 and qemu.md).
arch_amd64() {
	sysroot amd64 zlib1g-dev libfdt-dev
	kheaders amd64 /usr/include /usr/include/x86_64-linux-gnu
	kernel amd64 linux-image-amd64
}

main() {
	install_packages
	mkdir -p "$KX_TC"
	sources
	[ $# -gt 0 ] || set -- amd64
	for a in "$@"; do
		case $a in
		x86_64) a=amd64 ;;
		esac
		command -v "arch_$a" >/dev/null 2>&1 || die "architecture $a is not supported yet (supported: amd64)"
		"arch_$a"
	done
}

main "$@"
