#!/bin/sh
# scripts/setup.sh [--e2e] [DEBARCH...|all] - install and cache what the project needs.
#
#   sh scripts/setup.sh               amd64 (the default; what `make deps` runs)
#   sh scripts/setup.sh arm64         the host's tools + everything for arm64
#   sh scripts/setup.sh amd64 arm64   both; `all`: every one; aliases: x86_64,
#                                     aarch64, arm, riscv
#   sh scripts/setup.sh --e2e arm64   also what only its QEMU tests need and
#                                     Debian does not ship (what `make check` runs)
#
# Run by every `make check` (through `make deps`), so it must be idempotent
# and fast when everything is there already: the warm path runs one
# dpkg-query and a few file tests, and never touches the network.
#
# 1. Debian 12 packages (apt-get; `apt-get update` only when one is missing):
#    the host's tools, plus per target architecture its cross compiler and
#    QEMU. A foreign architecture is added to dpkg first (`dpkg
#    --add-architecture arm64`): only musl-dev:arm64 is installed from it.
# 2. Per Debian architecture (amd64, arm64, armhf, riscv64),
#    under ${KX_TC:-$HOME/.cache/kexec-tc}, outside the repository:
#      sysroot-ARCH/                  zlib1g-dev and libfdt-dev (arm64: also
#                                     libzstd-dev, liblzma-dev), extracted, not
#                                     installed (static .a + headers for musl)
#      kheaders-ARCH/                 links to the kernel's UAPI headers only
#      kernels/ARCH/VERSION/          /boot of Debian's kernel package
#      kernels/ARCH/{vmlinuz,config}  links to the current VERSION's files
#      kernels/ARCH/version           the current VERSION, e.g. 6.1.0-56-amd64
#      busybox-ARCH/bin/busybox       busybox-static of a foreign ARCH, for the
#                                     QEMU guests (the host's own: /bin/busybox)
#      firmware-arm64/usr/share/qemu-efi-aarch64/QEMU_EFI.fd
#                                     UEFI for QEMU -M virt (amd64: ovmf package)
#      debs/ARCH/                     the downloaded .debs (apt checked them)
#      bin/riscv64-linux-musl-gcc     riscv64's musl driver (generated; see
#                                     arch_riscv64: riscv64 is not a bookworm
#                                     architecture, its .debs come from trixie)
#    and toolchain.mk at the top of the source tree: the make variables
#    naming them (see toolchain_mk).
# 3. With --e2e, per architecture, what only the QEMU end-to-end tests need:
#    makedumpfile-ARCH/ (Debian's makedumpfile and the libraries the
#    machine lacks, unpacked, for the kdump scenario; riscv64: trixie's), and,
#    as Debian does not ship one, for arm64 and riscv64 a kernel with
#    CONFIG_KEXEC_FILE (Debian's have none), built from linux-source-6.1 by
#    scripts/build-kexec-file-kernel.sh ARCH into kernels/ARCH-kexec-file/
#    (minutes the first time, then cached: a stamp check, no network).
#    Without --e2e nothing is built: cross-building does not need it.
#
# Installing needs root; without root the script still prepares the cache
# (apt-get download and dpkg-deb -x need no root) when the packages are
# present, and otherwise stops with a message naming what is missing.
# KX_REFRESH=1 re-resolves the kernel package (e.g. after a Debian update);
# otherwise a kernel already in the cache is used as it is.
set -eu

KX_TC=${KX_TC:-$HOME/.cache/kexec-tc}
export DEBIAN_FRONTEND=noninteractive

# What the project needs now (build, unit tests, e2e under QEMU, bench;
# u-boot-tools, openssl: mkimage and keys for the FIT tests; clang and
# libclang-rt-14-dev: libFuzzer for tests/fuzz).
# libc6-dev is only a Recommends of gcc, and brings linux-libc-dev (the
# kernel headers behind kheaders-ARCH below).
PACKAGES="gcc libc6-dev make musl-tools musl-dev libcmocka-dev libfdt-dev zlib1g-dev
libzstd-dev liblzma-dev libsodium-dev
device-tree-compiler python3-kconfiglib qemu-system-x86 busybox-static cpio
xz-utils bzip2 hyperfine valgrind pkg-config file ovmf kconfig-frontends-nox u-boot-tools
openssl signify-openbsd clang libclang-rt-14-dev"

# What each target architecture adds: its cross compiler (gcc-* brings the
# binutils; libc6-dev-*-cross is only a Recommends and brings the cross
# kernel headers behind kheaders-ARCH), its musl driver (musl-dev:ARCH ships
# ARCH-linux-musl-gcc, which runs the cross gcc with musl's specs), QEMU for
# its guests and qemu-user for its unit tests (qemu-aarch64-static ...);
# arm64 also sbsigntool (sbsign: the kernelsig scenario signs kernel 2).
# shellcheck disable=SC2034 # read through eval in main
PACKAGES_amd64=
# shellcheck disable=SC2034
PACKAGES_arm64="gcc-aarch64-linux-gnu binutils-aarch64-linux-gnu libc6-dev-arm64-cross
musl-dev:arm64 qemu-system-arm qemu-user-static sbsigntool"
# shellcheck disable=SC2034
PACKAGES_armhf="gcc-arm-linux-gnueabihf binutils-arm-linux-gnueabihf libc6-dev-armhf-cross
musl-dev:armhf qemu-system-arm qemu-user-static"
# riscv64: no musl-dev:riscv64 in bookworm (see arch_riscv64). OpenSBI, the
# firmware behind `qemu-system-riscv64 -bios default`, is in qemu-system-data
# (a dependency of qemu-system-misc); the opensbi package is not needed.
# shellcheck disable=SC2034
PACKAGES_riscv64="gcc-riscv64-linux-gnu binutils-riscv64-linux-gnu libc6-dev-riscv64-cross
qemu-system-misc"

say() { printf 'setup: %s\n' "$*"; }
die() { printf 'setup: error: %s\n' "$*" >&2; exit 1; }
is_root() { [ "$(id -u)" = 0 ]; }

# apt options: when root, download as root into our cache (the _apt sandbox
# user cannot write there and apt would warn about it on every download).
apt_opts() { if is_root; then echo "-o APT::Sandbox::User=root"; fi; }

APT_UPDATED=
apt_update_once() {
	[ -z "$APT_UPDATED" ] || return 0
	is_root || die "apt's package lists are missing or stale and only root can run 'apt-get update'; run: sudo sh $0 ${E2E:+--e2e }$ARCHES"
	say "apt-get update"
	# Errors are tolerated: with a foreign architecture added, a mirror may
	# serve a stale index (e.g. bookworm-security binary-armhf: "File has
	# unexpected size", exit 100) that nothing here needs. What is needed
	# and still missing fails later, naming the package.
	apt-get update -q >/dev/null ||
		say "warning: apt-get update reported errors (above); continuing"
	APT_UPDATED=1
}

# foreign_arch DEBARCH: dpkg knows DEBARCH (needed to install musl-dev:DEBARCH
# and to download DEBARCH's .debs); adding it makes the lists stale.
foreign_arch() {
	[ "$1" != "$(dpkg --print-architecture)" ] || return 0
	# Not a bookworm architecture: adding it would make every apt-get
	# update fail on missing indexes; its files come from trixie's pool.
	[ "$1" != riscv64 ] || return 0
	dpkg --print-foreign-architectures | grep -qx "$1" && return 0
	is_root || die "dpkg does not know architecture $1 and only root can add it; run: sudo sh $0 ${E2E:+--e2e }$ARCHES"
	say "dpkg --add-architecture $1"
	dpkg --add-architecture "$1"
	# Its indexes are not fetched yet, whatever an earlier update did: the
	# next install updates (two new architectures, one update).
	APT_UPDATED=
}

# ---- 1. packages --------------------------------------------------------

# Prints the packages of the list that are not installed (one dpkg-query).
# A name may carry an architecture (musl-dev:arm64); one without matches the
# native or an arch-independent package.
missing_packages() {
	installed=$(dpkg-query -W -f='${Package}:${Architecture} ${db:Status-Abbrev}\n' "$@" 2>/dev/null |
		awk -v n="$(dpkg --print-architecture)" '$2 == "ii" {
			print $1; split($1, a, ":"); if (a[2] == n || a[2] == "all") print a[1] }' |
		tr '\n' ' ') || true
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
	is_root || die "missing Debian packages: $missing; as root run: sudo sh $0 ${E2E:+--e2e }$ARCHES  (or: apt-get install --no-install-recommends $missing)"
	apt_update_once
	say "installing: $missing"
	# The lock timeout waits for another apt/dpkg instead of failing at once.
	# No Recommends: musl-dev:ARCH recommends linux-musl-dev, which bookworm
	# lacks; qemu-system-arm would bring firmware the tests do not use.
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
# same (a second arch's removes the host's) and zlib1g-dev:ARCH drags in
# libc6-dev:ARCH, whose Multi-Arch: same dependencies need one version on
# every arch, which the indexes did not agree on.
sysroot() {
	arch=$1; shift
	s=$KX_TC/sysroot-$arch
	# The stamp lists the packages extracted (an empty one, from before it
	# did: zlib1g-dev libfdt-dev).  One added to the list later is
	# extracted on top, without removing anything a build may be using.
	if [ -f "$s/.done" ]; then
		have=$(cat "$s/.done")
		have=" ${have:-zlib1g-dev libfdt-dev} "
	else
		have=' '
		rm -rf "$s" "$KX_TC/debs/$arch/sysroot"
	fi
	add='' pkgs=''
	for p in "$@"; do
		case $have in *" $p "*) ;; *) add="$add $p" pkgs="$pkgs $p:$arch" ;; esac
	done
	[ -n "$add" ] || return 0
	say "sysroot-$arch:$add"
	debs=$KX_TC/debs/$arch/sysroot/new
	rm -rf "$debs"
	# shellcheck disable=SC2086
	apt_download "$debs" $pkgs
	mkdir -p "$s"
	for d in "$debs"/*.deb; do
		dpkg-deb -x "$d" "$s" || die "cannot extract ${d##*/} into $s"
		mv "$d" "${debs%/new}/"
	done
	rmdir "$debs"
	# shellcheck disable=SC2086 # word splitting trims the list
	echo $have $add > "$s/.done"
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
	ver=${pkg#linux-image-} deb=
	if [ -f "$k/$ver/.done" ]; then
		say "kernel $arch: $ver (cached)"
	else
		debs=$KX_TC/debs/$arch
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
	fi
	kernel_unpack "$arch" "$ver" "$deb"
}

# kernel_unpack ARCH VERSION DEB: /boot of DEB (or nothing if DEB is empty:
# already extracted) into $KX_TC/kernels/ARCH/VERSION, and the stable names
# vmlinuz, config and version beside it.
kernel_unpack() {
	arch=$1 ver=$2 deb=$3
	k=$KX_TC/kernels/$arch
	if [ -n "$deb" ]; then
		say "kernel $arch: extracting /boot of ${deb##*/}"
		tmp=$k/.tmp.$$
		rm -rf "$tmp"
		mkdir -p "$tmp"
		# Only ./boot: the modules (>300 MB unpacked) are not needed.
		dpkg-deb --fsys-tarfile "$deb" | tar -xf - -C "$tmp" ./boot
		[ -f "$tmp/boot/vmlinuz-$ver" ] || [ -f "$tmp/boot/vmlinux-$ver" ] ||
			die "no boot/vmlinuz-$ver (or vmlinux-$ver) in $deb"
		rm -rf "${k:?}/$ver"
		mv "$tmp/boot" "$k/$ver"
		rmdir "$tmp"
		touch "$k/$ver/.done"
	fi
	# The stable names the test harness uses. Debian's riscv64 package
	# names its (uncompressed) Image vmlinux-VERSION.
	img=vmlinuz
	[ -f "$k/$ver/vmlinuz-$ver" ] || img=vmlinux
	ln -sfn "$ver/$img-$ver" "$k/vmlinuz"
	ln -sfn "$ver/config-$ver" "$k/config"
	echo "$ver" > "$k/version.tmp" && mv "$k/version.tmp" "$k/version"
	say "kernel $arch: $k/vmlinuz -> $ver"
}

# kheaders ARCH LINUXDIR ASMDIR: $KX_TC/kheaders-ARCH holding only the
# kernel's UAPI headers (linux/, asm/, asm-generic/, and for BusyBox's
# applets mtd/, misc/ and the rest of linux-libc-dev), for musl builds: the
# musl driver uses -nostdinc and must never see glibc's /usr/include, so
# the Makefile adds -idirafter $KX_TC/kheaders-ARCH.
kheaders() {
	h=$KX_TC/kheaders-$1
	[ -f "$2/linux/kexec.h" ] || die "no kernel headers in $2 (linux-libc-dev)"
	mkdir -p "$h"
	for d in linux asm-generic mtd misc rdma sound video xen; do
		[ ! -d "$2/$d" ] || ln -sfn "$2/$d" "$h/$d"
	done
	ln -sfn "$3/asm" "$h/asm"
}

# pool_get PATH SHA256 FILE: a file of the Debian pool (PATH as in the
# indexes: pool/main/...) into FILE, from the mirror apt uses for bookworm;
# apt-helper refuses it unless its SHA256 is the one given.
pool_get() {
	# shellcheck disable=SC2016 # apt's format, not the shell's
	mirror=$(apt-get indextargets --format '$(REPO_URI) $(RELEASE)' | awk '$2=="bookworm"{print $1; exit}')
	[ -n "$mirror" ] || die "no bookworm mirror in apt's configuration"
	mkdir -p "$(dirname "$3")"
	# shellcheck disable=SC2046 # apt_opts: zero or two words
	/usr/lib/apt/apt-helper $(apt_opts) download-file "${mirror%/}/$1" "$3.part" "SHA256:$2" >/dev/null ||
		die "download of $1 failed (wrong hash, or the file left the pool)"
	mv "$3.part" "$3"
}

# sources: source tarballs built with the target's compiler by the Makefile
# (size: -Os, one section per function, zlib without its 8 KiB braided CRC
# tables), unpacked into $KX_TC/src.  Pinned by SHA256 (the values in
# Debian's signed Sources indexes); apt-helper refuses a file whose hash
# differs.  libfdt comes from trixie's dtc 1.7.2: the mirror no longer
# serves bookworm's 1.6.1 orig tarball.  Host unit tests use the host's
# libfdt-dev (1.6.1); dtb/ checks what 1.6.1 misses itself (dtb/README.md).
# BearSSL (bookworm's 0.6): the FIT signature checks (Kconfig FIT_SIGNATURE),
# for the targets and the host tests alike (Debian ships no static library
# for musl, nor one per target).  libsodium (bookworm's 1.0.18): Ed25519 for
# the signed manifests (Kconfig VERIFY); only its signature check is built.
# Debian's one patch (CVE-2025-69277) fixes ge25519_is_on_main_subgroup,
# which that check never calls.  BusyBox (bookworm's 1.35.0, its orig
# tarball: Debian's patches are for Debian's own builds): make busybox, the
# kexec applet (busybox/).
SOURCES="pool/main/z/zlib/zlib_1.2.13.dfsg.orig.tar.bz2 71feb7947e3c00ef125f83b79a4e529bde31171e5babe48b391f06758d1ab0a1 zlib-1.2.13.dfsg
pool/main/d/device-tree-compiler/device-tree-compiler_1.7.2.orig.tar.xz 92d8ca769805ae1f176204230438fe52808f4e1c7944053c9eec0e649b237539 dtc-1.7.2
pool/main/b/bearssl/bearssl_0.6+dfsg.1.orig.tar.xz 102a625bd8f6155260867a50c508df8d8c3f796985dd744df1a68e5cd1a79004 bearssl-0.6
pool/main/libs/libsodium/libsodium_1.0.18.orig.tar.gz d59323c6b712a1519a5daf710b68f5e7fde57040845ffec53850911f10a5d4f4 libsodium-1.0.18
pool/main/b/busybox/busybox_1.35.0.orig.tar.bz2 faeeb244c35a348a334f4a59e44626ee870fb07b6884d68c10ae8bc19f83a694 busybox-1.35.0"
sources() {
	src=$KX_TC/src
	mkdir -p "$src"
	# shellcheck disable=SC2086 # a list of words
	set -- $SOURCES
	while [ $# -ge 3 ]; do
		path=$1 sha=$2 dir=$3
		shift 3
		[ -f "$src/$dir/.done" ] && continue
		f=$src/${path##*/}
		if [ ! -f "$f" ]; then
			say "source: ${path##*/}"
			pool_get "$path" "$sha" "$f"
		fi
		rm -rf "${src:?}/$dir"
		tar -xf "$f" -C "$src"
		touch "$src/$dir/.done"
	done
}

# unpack ARCH NAME "PKG..." [MEMBER...]: the packages' files (or only the
# MEMBERs, paths as in the .deb: ./bin/busybox) extracted into $KX_TC/NAME,
# once; the .debs stay in $KX_TC/debs/ARCH/NAME. For files the tests need
# from packages that are not installed (a foreign arch's, or one too big
# to install).
unpack() {
	arch=$1 name=$2 pkg=$3
	shift 3
	u=$KX_TC/$name
	[ -f "$u/.done" ] && return 0
	say "$name: $pkg"
	debs=$KX_TC/debs/$arch/$name
	rm -rf "$u" "$u.tmp" "$debs"
	# shellcheck disable=SC2086 # a list of packages
	apt_download "$debs" $pkg
	mkdir -p "$u.tmp"
	for d in "$debs"/*.deb; do
		dpkg-deb --fsys-tarfile "$d" | tar -xf - -C "$u.tmp" "$@" ||
			die "cannot extract ${*:-its files} from ${d##*/}"
	done
	mv "$u.tmp" "$u"
	touch "$u/.done"
}

# busybox ARCH: busybox-static of a foreign ARCH in $KX_TC/busybox-ARCH (the
# userland of the QEMU guests, tests/qemu/e2e.sh); the host's own arch uses
# the installed /bin/busybox (busybox-static in PACKAGES).
busybox() {
	[ "$1" != "$(dpkg --print-architecture)" ] || return 0
	unpack "$1" "busybox-$1" "busybox-static:$1"
	b=$KX_TC/busybox-$1
	# bookworm ships /bin/busybox; a merged-/usr package /usr/bin/busybox.
	if [ ! -f "$b/bin/busybox" ] && [ -f "$b/usr/bin/busybox" ]; then
		mkdir -p "$b/bin" && ln -sfn ../usr/bin/busybox "$b/bin/busybox"
	fi
	[ -x "$b/bin/busybox" ] || die "no bin/busybox in busybox-static:$1 (remove $b and retry)"
}

# ---- architectures: one function each ----------------------------------
# To add one: its host packages in PACKAGES_<arch> (cross gcc,
# libc6-dev-*-cross, musl-dev:<arch>, its qemu-system-*), then arch_<arch>
# with its sysroot, kheaders, kernel and busybox (armhf: linux-image-armmp).
# riscv64 (below) shows how to take them from trixie instead.
arch_amd64() {
	sysroot amd64 zlib1g-dev libfdt-dev
	kheaders amd64 /usr/include /usr/include/x86_64-linux-gnu
	kernel amd64 linux-image-amd64
	busybox amd64
}

arch_arm64() {
	# libzstd-dev, liblzma-dev: the EFI zboot codecs (CONFIG_DECOMPRESS_*).
	sysroot arm64 zlib1g-dev libfdt-dev libzstd-dev liblzma-dev
	kheaders arm64 /usr/aarch64-linux-gnu/include /usr/aarch64-linux-gnu/include
	kernel arm64 linux-image-arm64
	busybox arm64
	# UEFI firmware for QEMU's virt machine (EDK2 ArmVirtQemu, 2 MiB), for
	# the e2e efi scenarios: only that file, the package installs 258 MB.
	unpack arm64 firmware-arm64 qemu-efi-aarch64 ./usr/share/qemu-efi-aarch64/QEMU_EFI.fd
}

# 32-bit arm (armhf: ARMv7, hard float): Debian's multiplatform kernel
# (a zImage) for QEMU's virt machine; no UEFI firmware (the e2e efi
# scenarios do not run on arm).
arch_armhf() {
	sysroot armhf zlib1g-dev libfdt-dev
	kheaders armhf /usr/arm-linux-gnueabihf/include /usr/arm-linux-gnueabihf/include
	kernel armhf linux-image-armmp
	busybox armhf
}

# riscv64 is not a bookworm architecture: its musl, libfdt, zlib, kernel,
# busybox (and makedumpfile with its libraries) come from trixie's pool on
# the mirror apt uses for bookworm. That mirror's trixie binary-riscv64
# Packages.gz did not match its signed InRelease (size and SHA256), so the
# trust anchor is each file's SHA256, taken from trixie's
# main/binary-riscv64/Packages: pool_get refuses any other bytes. When
# trixie replaces a version its file leaves the pool and the download
# fails: put the new Filename and SHA256 here (or build musl 1.2.3 for
# riscv64 from bookworm's source).
TRIXIE_RISCV64="
musl-dev pool/main/m/musl/musl-dev_1.2.5-3.1~deb13u1_riscv64.deb 1666931c146dd7fec5902c7ecfbf0c8566528362c922a1cfa4ed91c6d3bc97ce
libfdt-dev pool/main/d/device-tree-compiler/libfdt-dev_1.7.2-2+b1_riscv64.deb 6158a6a59aebfcef6d1242f95f6cb84f54af3b0db3f4f4aa8fd8299bde9ff866
zlib1g-dev pool/main/z/zlib/zlib1g-dev_1.3.dfsg+really1.3.1-1+b1_riscv64.deb d114f1570a22a105ffda27f92989bb892541f36ebe3fbe85d3238b21ffdc39bc
busybox-static pool/main/b/busybox/busybox-static_1.37.0-6+b9_riscv64.deb 4add476d2b185c5b487c285b38d790f0881a7e4a8e2ddde835f917e770eb8633
linux-image pool/main/l/linux/linux-image-6.12.107+deb13-riscv64_6.12.107-1_riscv64.deb abe9f65d74b434692149482b031db7a2aaf832921e09f69f775293c0e0c5799c
makedumpfile pool/main/m/makedumpfile/makedumpfile_1.7.6-1_riscv64.deb d1695d552a44f8a20c1ed3a0a1d3a15b18f71eb2ad3f817a2e95951a751d838f
libc6 pool/main/g/glibc/libc6_2.41-12+deb13u5_riscv64.deb 107a6b5d327f81122549b1c5bfa9cfdea2532c4fddd9e0211a915bdfdf22d7f5
libdw1t64 pool/main/e/elfutils/libdw1t64_0.192-4_riscv64.deb aa61a07f918b4669e2cf785acad7fa120ca0fc6428396c9e37478c79cebad325
libelf1t64 pool/main/e/elfutils/libelf1t64_0.192-4_riscv64.deb d2ce018898814c005a363792c236fa0b33291bf3d775f9173ef97d7c9416dc03
liblzo2-2 pool/main/l/lzo2/liblzo2-2_2.10-3+b1_riscv64.deb ddad1c8b9accf8a9fdc011ec38c43af32435d6ed600450443d59e5dda6ad59a9
libzstd1 pool/main/libz/libzstd/libzstd1_1.5.7+dfsg-1_riscv64.deb 5967f5f97bfb6e7a8036d4e615c0ecd6861a9bb686bd60ee0c81422581faf0ad
zlib1g pool/main/z/zlib/zlib1g_1.3.dfsg+really1.3.1-1+deb13u1_riscv64.deb 9ef7002c66324b32b66d894dbe2fd045db8fab38da32be5007c4a01ed0a7b495
libbz2-1.0 pool/main/b/bzip2/libbz2-1.0_1.0.8-6_riscv64.deb 27c7937eb4d2e314e1f0a57a99a20c141c55f720e5ee93d2244de432fd247a55
liblzma5 pool/main/x/xz-utils/liblzma5_5.8.1-1+deb13u2_riscv64.deb 26d2554c6cc1b37946cadcea9cda254e0884100599475f47b1cef6217c3171cd
"

# amd64's kernel for the hotplug scenario: bookworm's 6.1 predates crash
# hotplug (CONFIG_CRASH_HOTPLUG, 6.6); trixie's cloud flavour has it and is
# 34 MB. Pinned like the riscv64 files above.
TRIXIE_AMD64="
linux-image-cloud pool/main/l/linux/linux-image-6.12.117+deb13-cloud-amd64-unsigned_6.12.117-1_amd64.deb 4113a615a1f1535ed4356ca03d428c74536b00f6ccb58e049a2ffd6a1cb3f1ad
"

# trixie_deb NAME: the pinned .deb NAME of TRIXIE_RISCV64 or TRIXIE_AMD64,
# downloaded once into $KX_TC/debs/ARCH/; prints its path.
trixie_deb() {
	# shellcheck disable=SC2046 # the line's three words
	set -- $(echo "$TRIXIE_RISCV64$TRIXIE_AMD64" | awk -v n="$1" '$1 == n { print $2, $3 }')
	[ $# = 2 ] || die "setup.sh bug: no pinned trixie package $1"
	a=${1##*_}
	f=$KX_TC/debs/${a%.deb}/${1##*/}
	if [ ! -f "$f" ]; then
		say "trixie: ${1##*/}" >&2
		pool_get "$1" "$2" "$f"
	fi
	echo "$f"
}

arch_riscv64() {
	# musl (and its specs) for static musl builds; libfdt and zlib too,
	# which the Makefile uses only when their sources are not unpacked.
	s=$KX_TC/sysroot-riscv64
	if [ ! -f "$s/.done" ]; then
		say "sysroot-riscv64: musl-dev libfdt-dev zlib1g-dev (trixie)"
		rm -rf "$s"
		mkdir -p "$s"
		for n in musl-dev libfdt-dev zlib1g-dev; do dpkg-deb -x "$(trixie_deb $n)" "$s"; done
		# trixie's musl objects carry R_RISCV_SET_ULEB128/SUB_ULEB128
		# relocations in their DWARF, on which bookworm's ld 2.40
		# crashes even on an empty main: drop the debug info.
		for f in "$s"/usr/lib/riscv64-linux-musl/*.o "$s"/usr/lib/riscv64-linux-musl/*.a; do
			riscv64-linux-gnu-objcopy --strip-debug "$f"
		done
		sed "s#/usr/#$s/usr/#g" "$s/usr/lib/riscv64-linux-musl/musl-gcc.specs" > "$s/musl-gcc.specs"
		touch "$s/.done"
	fi
	# The musl driver: bookworm's cross gcc with those specs (what
	# musl-dev:ARCH ships for the bookworm architectures).
	w=$KX_TC/bin/riscv64-linux-musl-gcc
	if [ ! -x "$w" ]; then
		mkdir -p "$KX_TC/bin"
		# shellcheck disable=SC2016 # $@ and REALGCC are the wrapper's
		printf '#!/bin/sh\n# written by scripts/setup.sh: the cross gcc with the musl specs\nexec "${REALGCC:-riscv64-linux-gnu-gcc}" "$@" -specs "%s"\n' \
			"$s/musl-gcc.specs" > "$w.tmp"
		chmod 755 "$w.tmp"
		mv "$w.tmp" "$w"
	fi
	kheaders riscv64 /usr/riscv64-linux-gnu/include /usr/riscv64-linux-gnu/include
	# Debian's riscv64 kernel (trixie, 6.12), for the QEMU guests.
	ver=6.12.107+deb13-riscv64
	k=$KX_TC/kernels/riscv64
	if [ ! -f "$k/$ver/.done" ]; then
		kernel_unpack riscv64 "$ver" "$(trixie_deb linux-image)"
	elif [ "$(cat "$k/version" 2>/dev/null)" != "$ver" ] || [ ! -e "$k/vmlinuz" ]; then
		kernel_unpack riscv64 "$ver" ""
	fi
	# busybox-static for the guests (merged /usr: usr/bin/busybox).
	b=$KX_TC/busybox-riscv64
	if [ ! -f "$b/.done" ]; then
		say "busybox-riscv64: busybox-static (trixie)"
		rm -rf "$b" "$b.tmp"
		mkdir -p "$b.tmp/bin"
		dpkg-deb -x "$(trixie_deb busybox-static)" "$b.tmp"
		[ -f "$b.tmp/bin/busybox" ] || ln -sfn ../usr/bin/busybox "$b.tmp/bin/busybox"
		[ -x "$b.tmp/bin/busybox" ] || die "no busybox in the trixie busybox-static package"
		mv "$b.tmp" "$b"
		touch "$b/.done"
	fi
}

# ---- 3. what only the QEMU tests need (--e2e): one function per arch ---
# makedumpfile and the libraries the machine lacks, for the kdump
# scenario's crash kernel: the C library comes from the host (amd64) or
# the cross toolchain's /usr/TRIPLET/lib (the same Debian glibc).
MAKEDUMPFILE_DEBS="makedumpfile libdw1 libelf1 liblzo2-2"
MAKEDUMPFILE_FOREIGN_DEBS="$MAKEDUMPFILE_DEBS zlib1g libbz2-1.0 liblzma5"
makedumpfile_debs() {
	# shellcheck disable=SC2086 # a list of packages
	unpack "$1" "makedumpfile-$1" "$(printf "%s:$1 " $MAKEDUMPFILE_FOREIGN_DEBS)"
}
# systemd-stub (Debian's systemd-boot-efi: 0.1 MB), which the uki
# scenarios make unified kernel images around.
# trixie's 6.12 cloud kernel for the hotplug scenario (TRIXIE_AMD64).
e2e_amd64() {
	unpack amd64 makedumpfile-amd64 "$MAKEDUMPFILE_DEBS"
	unpack amd64 sdboot-amd64 systemd-boot-efi ./usr/lib/systemd/boot/efi/linuxx64.efi.stub
	ver=6.12.117+deb13-cloud-amd64
	[ -f "$KX_TC/kernels/amd64-trixie/$ver/.done" ] ||
		kernel_unpack amd64-trixie "$ver" "$(trixie_deb linux-image-cloud)"
}
e2e_armhf() {
	makedumpfile_debs armhf
}
e2e_arm64() {
	makedumpfile_debs arm64
	unpack arm64 sdboot-arm64 systemd-boot-efi:arm64 ./usr/lib/systemd/boot/efi/linuxaa64.efi.stub
	sh "$(dirname "$0")/build-kexec-file-kernel.sh" arm64
}

# riscv64: bookworm has no makedumpfile for it; trixie's 1.7.6 (and its
# C library: the guests run trixie's userland) from the pinned list.  A
# pinned file that left the pool only costs the dump check (a warning,
# the kdump scenario says what it skipped), not the whole setup.
e2e_riscv64() {
	u=$KX_TC/makedumpfile-riscv64
	if [ ! -f "$u/.done" ]; then
		say "makedumpfile-riscv64: makedumpfile and its libraries (trixie)"
		rm -rf "$u" "$u.tmp"
		if (mkdir -p "$u.tmp" &&
			for n in makedumpfile libc6 libdw1t64 libelf1t64 liblzo2-2 libzstd1 zlib1g \
				libbz2-1.0 liblzma5; do
				d=$(trixie_deb $n) && dpkg-deb -x "$d" "$u.tmp" || exit 1
			done); then
			mv "$u.tmp" "$u"
			touch "$u/.done"
		else
			say "warning: no makedumpfile for riscv64 (a pinned trixie package is gone:" \
				"update TRIXIE_RISCV64); the kdump scenario runs without it"
			rm -rf "$u.tmp"
		fi
	fi
	sh "$(dirname "$0")/build-kexec-file-kernel.sh" riscv64
}

# ---- 4. what the Makefile is to use: toolchain.mk ----------------------
# The Makefile knows the build; which compilers and libraries this machine
# has is found here and written, as make variables, to toolchain.mk at the
# top of the source tree (not tracked; musl's config.mak is the model).
# Every architecture whose sysroot and musl driver are in the cache is
# listed, whichever run prepared it.  Without the file (a packager's
# build) the Makefile uses CC, CFLAGS and the libraries as given.
toolchain_mk() {
	out=${KX_TOOLCHAIN_MK:-$(cd "$(dirname "$0")/.." && pwd)/toolchain.mk}
	{
		echo "# Written by scripts/setup.sh from what $KX_TC holds: this machine's"
		echo "# musl drivers, target sysroots and library sources. Rewritten on each run."
		z=$(ls -d "$KX_TC"/src/zlib-*/ 2>/dev/null | head -n 1)
		f=$(ls -d "$KX_TC"/src/dtc-*/libfdt/ 2>/dev/null | head -n 1)
		[ -z "$z" ] || echo "ZLIB_SRC := ${z%/}"
		[ -z "$f" ] || echo "LIBFDT_SRC := ${f%/}"
		b=$(ls -d "$KX_TC"/src/bearssl-*/ 2>/dev/null | head -n 1)
		[ -z "$b" ] || echo "BEARSSL_SRC := ${b%/}"
		n=$(ls -d "$KX_TC"/src/libsodium-*/ 2>/dev/null | head -n 1)
		[ -z "$n" ] || echo "SODIUM_SRC := ${n%/}"
		n=$(ls -d "$KX_TC"/src/busybox-*/ 2>/dev/null | head -n 1)
		[ -z "$n" ] || echo "BUSYBOX_SRC := ${n%/}"
		for d in $ALL_ARCHES; do
			case $d in
			amd64) a=x86_64 cc=musl-gcc ;;
			arm64) a=arm64 cc=aarch64-linux-musl-gcc ;;
			armhf) a=arm cc=arm-linux-musleabihf-gcc ;;
			riscv64) a=riscv64 cc=$KX_TC/bin/riscv64-linux-musl-gcc ;;
			esac
			[ -f "$KX_TC/sysroot-$d/.done" ] && command -v "$cc" > /dev/null || continue
			echo "MUSLCC_$a := $cc"
			echo "SYSROOT_$a := $KX_TC/sysroot-$d"
			echo "KHEADERS_$a := $KX_TC/kheaders-$d"
		done
	} > "$out.tmp"
	if cmp -s "$out.tmp" "$out"; then rm -f "$out.tmp"; else mv "$out.tmp" "$out"; say "wrote $out"; fi
}

ALL_ARCHES="amd64 arm64 armhf riscv64"

main() {
	ARCHES='' E2E=''
	for a in "$@"; do
		case $a in
		--e2e) E2E=1; continue ;;
		x86_64) a=amd64 ;;
		aarch64) a=arm64 ;;
		arm) a=armhf ;;
		riscv) a=riscv64 ;;
		all) ARCHES="$ARCHES $ALL_ARCHES"; continue ;;
		-h | --help) sed -n '2,9p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
		esac
		case " $ALL_ARCHES " in
		*" $a "*) ARCHES="$ARCHES $a" ;;
		*) die "architecture $a is not supported yet (supported: $ALL_ARCHES, all)" ;;
		esac
	done
	[ -n "$ARCHES" ] || ARCHES=amd64
	# Each once, in the order given.
	ARCHES=$(echo "$ARCHES" | tr ' ' '\n' | awk 'NF && !seen[$0]++' | tr '\n' ' ')
	ARCHES=${ARCHES% }
	for a in $ARCHES; do foreign_arch "$a"; done
	for a in $ARCHES; do eval "PACKAGES=\"\$PACKAGES \$PACKAGES_$a\""; done
	install_packages
	mkdir -p "$KX_TC"
	sources
	for a in $ARCHES; do "arch_$a"; done
	toolchain_mk
	if [ -n "$E2E" ]; then
		for a in $ARCHES; do "e2e_$a"; done
	fi
}

main "$@"
