#!/bin/sh
# scripts/build-arm64-kexec-file-kernel.sh [--force]
#
# Build, from Debian packages only, a small arm64 kernel with
# CONFIG_KEXEC_FILE=y for the QEMU end-to-end tests of kexec_file_load
# (Debian's own arm64 kernels do not set KEXEC_FILE; shared notes qemu.md).
# It boots under `qemu-system-aarch64 -M virt -cpu cortex-a57 -m 1024` to a
# busybox initramfs on ttyAMA0, has KASLR on, kdump (CRASH_DUMP,
# PROC_VMCORE, MAGIC_SYSRQ) and syscall trace events in tracefs. No EFI
# (CONFIG_EFI and its stub are off, as in allnoconfig): UEFI firmware cannot
# start it, so the e2e scenario efifile does not run on arm64.
#
# Result, under ${KX_TC:-$HOME/.cache/kexec-tc} (outside the repository):
#   kernels/arm64-kexec-file/Image       uncompressed arm64 Image
#   kernels/arm64-kexec-file/vmlinuz     link to Image (the kernels/ARCH names)
#   kernels/arm64-kexec-file/config      its .config
#   kernels/arm64-kexec-file/version     `make kernelrelease`, e.g. 6.1.192-kx
#   kernels/arm64-kexec-file/System.map
#   kernels/arm64-kexec-file/source      linux-source-6.1 and compiler versions
#   kernels/arm64-kexec-file/.stamp      hash of RECIPE and the options below
# When the stamp matches, nothing else is done (no apt, no network): a change
# of the config options or of the recipe rebuilds. --force (or KX_REFRESH=1)
# rebuilds anyway, e.g. after a Debian update of linux-source-6.1.
#
# Cold: installs (as root, only what is missing) linux-source-6.1 and the
# cross toolchain, unpacks /usr/src/linux-source-6.1.tar.xz into a scratch
# dir under $KX_TC/build (deleted afterwards unless KX_KEEP_BUILD=1), runs
# `make ARCH=arm64 allnoconfig` with the options below (KCONFIG_ALLCONFIG),
# checks that every option asked for got its value, and builds Image with
# KX_JOBS (default: nproc) jobs. Build metadata is fixed (timestamp from
# the source package's changelog, user, host), so a rebuild from the same
# packages gives the same Image. Prints the time of each phase.
#
# Run by `sh scripts/setup.sh --e2e arm64` (what `make check` runs when it
# tests arm64). The QEMU end-to-end tests boot this kernel for the scenarios
# that need kexec_file_load (file, crash), with the project's own kexec:
#   sh tests/qemu/e2e.sh --arch arm64 --kexec build-arm64/kexec --out DIR file crash
set -eu

KX_TC=${KX_TC:-$HOME/.cache/kexec-tc}
NAME=arm64-kexec-file
OUT=$KX_TC/kernels/$NAME
WORK=$KX_TC/build/$NAME
SRCPKG=linux-source-6.1
TARBALL=/usr/src/$SRCPKG.tar.xz
JOBS=${KX_JOBS:-$(nproc 2>/dev/null || echo 2)}
CROSS=aarch64-linux-gnu-
export DEBIAN_FRONTEND=noninteractive LC_ALL=C TZ=UTC

# Bump when the way the kernel is built changes (not only the options).
RECIPE=2

# The options, merged into allnoconfig (KCONFIG_ALLCONFIG): every line is
# checked in the final .config, so an option that a dependency silently
# dropped stops the build instead of producing a kernel that lacks it.
# "(selected)" lines are what arm64 itself selects; they are listed to be
# checked, not because they need asking for.
options() {
	cat <<'EOF'
CONFIG_LOCALVERSION="-kx"
# CONFIG_LOCALVERSION_AUTO is not set
# -- boot on QEMU virt: device tree, GIC, arch timer, PSCI (selected)
CONFIG_OF=y
CONFIG_SMP=y
CONFIG_ARM_GIC=y
CONFIG_ARM_GIC_V3=y
CONFIG_ARM_ARCH_TIMER=y
CONFIG_ARM_PSCI_FW=y
# -- serial console on the PL011 (ttyAMA0), printk
CONFIG_PRINTK=y
CONFIG_TTY=y
CONFIG_SERIAL_AMBA_PL011=y
CONFIG_SERIAL_AMBA_PL011_CONSOLE=y
# -- initramfs, /dev, userland (static busybox)
CONFIG_BLK_DEV_INITRD=y
CONFIG_RD_GZIP=y
CONFIG_DEVTMPFS=y
CONFIG_DEVTMPFS_MOUNT=y
CONFIG_BINFMT_ELF=y
CONFIG_BINFMT_SCRIPT=y
CONFIG_MULTIUSER=y
CONFIG_PROC_FS=y
CONFIG_PROC_SYSCTL=y
CONFIG_SYSFS=y
CONFIG_TMPFS=y
# -- kexec, both syscalls; kdump: crashkernel=, /proc/vmcore, sysrq-c.
# arm64's KEXEC depends on PM_SLEEP_SMP (CPU hotplug to park the other
# CPUs), which needs PM_SLEEP, i.e. SUSPEND (or hibernation).
CONFIG_SUSPEND=y
CONFIG_PM_SLEEP_SMP=y
CONFIG_HOTPLUG_CPU=y
CONFIG_KEXEC=y
CONFIG_KEXEC_FILE=y
CONFIG_CRASH_DUMP=y
CONFIG_PROC_VMCORE=y
CONFIG_MAGIC_SYSRQ=y
# -- KASLR: the loader must cope with a randomised kernel. Trusting QEMU's
# /chosen/rng-seed (as Debian does) seeds the RNG at once, so that
# kexec_file_load can pass kaslr-seed and rng-seed to kernel 2; without it
# kernel 2 runs unrandomised ("KASLR disabled due to lack of seed").
CONFIG_RELOCATABLE=y
CONFIG_RANDOMIZE_BASE=y
CONFIG_RANDOM_TRUST_BOOTLOADER=y
CONFIG_RANDOM_TRUST_CPU=y
# -- /proc/kallsyms (as in Debian's kernel: no KALLSYMS_ALL, so it lists
# _stext but not _text); tracefs events/syscalls/sys_{enter,exit}_kexec_*
CONFIG_KALLSYMS=y
CONFIG_FTRACE=y
CONFIG_FTRACE_SYSCALLS=y
CONFIG_EVENT_TRACING=y
# -- not wanted: modules (none are built) and debug info (build time)
# CONFIG_MODULES is not set
# CONFIG_DEBUG_INFO is not set
EOF
}

say() { printf 'build-arm64-kernel: %s\n' "$*"; }
die() { printf 'build-arm64-kernel: error: %s\n' "$*" >&2; exit 1; }
now() { date +%s%N; }
# ns difference as seconds with one decimal
secs() { d=$((($2 - $1) / 100000000)); printf '%d.%d' $((d / 10)) $((d % 10)); }
is_root() { [ "$(id -u)" = 0 ]; }

FORCE=${KX_REFRESH:-}
for a in "$@"; do
	case $a in
	--force) FORCE=1 ;;
	-h | --help) sed -n '2,/^set -eu/p' "$0" | sed -e '$d' -e 's/^# \{0,1\}//'; exit 0 ;;
	*) die "unknown argument: $a (see --help)" ;;
	esac
done

# ---- packages -----------------------------------------------------------

APT_UPDATED=
# need PKG...: install the packages that are not installed (root only).
need() {
	missing=
	for p in "$@"; do
		s=$(dpkg-query -W -f='${db:Status-Abbrev}' "$p" 2>/dev/null || true)
		case $s in ii*) ;; *) missing="$missing $p" ;; esac
	done
	[ -n "$missing" ] || return 0
	is_root || die "missing Debian packages:$missing; as root run: apt-get install$missing"
	if [ -z "$APT_UPDATED" ]; then
		# May exit 100 on stale foreign-arch security indexes (shared
		# notes toolchain.md, pitfall 1): what we need is in main.
		apt-get update -q >/dev/null 2>&1 || say "apt-get update reported errors; continuing"
		APT_UPDATED=1
	fi
	say "installing:$missing"
	# shellcheck disable=SC2086 # a list of words
	apt-get install -y -q --no-install-recommends -o DPkg::Lock::Timeout=300 $missing >/dev/null ||
		die "apt-get install failed for:$missing"
}

# ---- build --------------------------------------------------------------

# The stamp: the recipe and the option lines (comments do not count).
stamp() {
	{ echo "recipe $RECIPE"; options | grep -E '^(# )?CONFIG_'; } | sha256sum | cut -c1-16
}

cached() {
	[ -z "$FORCE" ] && [ -f "$OUT/Image" ] && [ -f "$OUT/config" ] &&
		[ -f "$OUT/version" ] && [ "$(cat "$OUT/.stamp" 2>/dev/null)" = "$(stamp)" ]
}

# check_config CONFIG: every line of options() has its value in CONFIG.
check_config() {
	bad=
	while IFS= read -r l; do
		case $l in
		CONFIG_*=*) grep -qxF -- "$l" "$1" || bad="$bad ${l%%=*}" ;;
		"# CONFIG_"*" is not set")
			s=${l#\# }; s=${s%% *}
			! grep -q "^$s=" "$1" || bad="$bad $s(should be off)" ;;
		esac
	done <<EOF
$(options)
EOF
	[ -z "$bad" ] || die "options not in the final .config (unmet dependencies?):$bad"
}

build() {
	t0=$(now)
	# gcc, libc6-dev, make, bc, bison, flex: host side of a kernel build;
	# libssl-dev and libelf-dev: host tools (certs, objtool-type helpers)
	# the build may ask for. libc6-dev-arm64-cross: not needed for Image,
	# but it sets CC_CAN_LINK in the .config (the project's arm64 builds
	# install it anyway): with it, the .config is the same everywhere.
	need "$SRCPKG" gcc-aarch64-linux-gnu binutils-aarch64-linux-gnu libc6-dev-arm64-cross \
		gcc libc6-dev make bc bison flex libssl-dev libelf-dev xz-utils
	[ -f "$TARBALL" ] || die "$TARBALL missing (package $SRCPKG)"
	t1=$(now)

	rm -rf "$WORK"
	mkdir -p "$WORK"
	say "unpacking $TARBALL into $WORK"
	# All of it (about 10 s): Kconfig files source other architectures'
	# (drivers/ras/Kconfig: arch/x86/ras/Kconfig) and Documentation/Kconfig.
	tar -xJf "$TARBALL" -C "$WORK"
	src=$WORK/$SRCPKG
	[ -f "$src/Makefile" ] || die "no $SRCPKG/Makefile in $TARBALL"
	t2=$(now)

	# Reproducible build metadata, fixed names and the tarball's mtime: dpkg
	# sets it from the package (its changelog date), the same everywhere.
	date=$(date -u -R -d "@$(stat -c %Y "$TARBALL")")
	export KBUILD_BUILD_TIMESTAMP="$date" KBUILD_BUILD_USER=kexec \
		KBUILD_BUILD_HOST=kexec-tc KBUILD_BUILD_VERSION=1
	set -- -C "$src" ARCH=arm64 CROSS_COMPILE="$CROSS"

	options > "$WORK/options.config"
	make -s "$@" KCONFIG_ALLCONFIG="$WORK/options.config" allnoconfig
	make -s "$@" olddefconfig
	check_config "$src/.config"
	say "configured: $(grep -c '=[ym]$' "$src/.config") options on; building Image with -j$JOBS"
	t3=$(now)
	make -s "$@" -j"$JOBS" Image > "$WORK/build.log" 2>&1 ||
		{ tail -n 40 "$WORK/build.log" >&2; die "kernel build failed (log: $WORK/build.log)"; }
	t4=$(now)

	tmp=$OUT.tmp.$$
	rm -rf "$tmp"
	mkdir -p "$tmp"
	cp "$src/arch/arm64/boot/Image" "$tmp/Image"
	cp "$src/.config" "$tmp/config"
	cp "$src/System.map" "$tmp/System.map"
	make -s "$@" kernelrelease > "$tmp/version"
	ln -s Image "$tmp/vmlinuz"
	{
		echo "$SRCPKG $(dpkg-query -W -f='${Version}' "$SRCPKG")"
		echo "gcc-aarch64-linux-gnu $(dpkg-query -W -f='${Version}' gcc-aarch64-linux-gnu)"
		echo "binutils-aarch64-linux-gnu $(dpkg-query -W -f='${Version}' binutils-aarch64-linux-gnu)"
		echo "KBUILD_BUILD_TIMESTAMP $date"
	} > "$tmp/source"
	stamp > "$tmp/.stamp"
	rm -rf "$OUT"
	mv "$tmp" "$OUT"
	[ -n "${KX_KEEP_BUILD:-}" ] || rm -rf "$WORK"
	t5=$(now)

	say "built $(cat "$OUT/version"): $OUT/Image ($(wc -c < "$OUT/Image") bytes)"
	say "time: packages $(secs "$t0" "$t1") s, unpack $(secs "$t1" "$t2") s," \
		"config $(secs "$t2" "$t3") s, compile $(secs "$t3" "$t4") s," \
		"total $(secs "$t0" "$t5") s"
}

# ---- main ---------------------------------------------------------------

mkdir -p "$KX_TC"
if cached; then
	say "cached: $OUT/Image ($(cat "$OUT/version"), stamp $(cat "$OUT/.stamp"))"
else
	build
fi
