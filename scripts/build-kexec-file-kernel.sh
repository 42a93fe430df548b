#!/bin/sh
# scripts/build-kexec-file-kernel.sh ARCH [--force]     ARCH: arm64 | riscv64
#
# Build, from Debian packages only, a small kernel with CONFIG_KEXEC_FILE=y
# for the QEMU end-to-end tests of kexec_file_load (Debian's own arm64 and
# riscv64 kernels do not set KEXEC_FILE: /boot/config-* says so). Both come
# from bookworm's linux-source-6.1, configured from allnoconfig with the
# options below (common + per arch), and boot to a busybox initramfs:
#   arm64:   `qemu-system-aarch64 -M virt -cpu cortex-a57 -m 1024`, ttyAMA0
#            (PL011), KASLR on. No EFI (CONFIG_EFI and its stub are off, as
#            in allnoconfig): UEFI firmware cannot start it, so the e2e
#            scenario efifile does not run on arm64.
#   riscv64: `qemu-system-riscv64 -M virt -bios default -m 1024` (OpenSBI),
#            ttyS0 (16550 found through the device tree). riscv's
#            kexec_file_load in 6.1 takes an ELF vmlinux only (no Image
#            loader), so the ELF vmlinux is kept too, beside the Image that
#            QEMU boots.
# Both have kdump (CRASH_DUMP, PROC_VMCORE, MAGIC_SYSRQ) and syscall trace
# events in tracefs. arm64's also checks signatures: under lockdown
# (lockdown=integrity) its kexec_file_load takes only an Image signed, as
# sbsign signs it, with a key of its built-in keyring: a test key made for
# this build (keys/ below, with another key that the kernel does not trust).
#
# Result, under ${KX_TC:-$HOME/.cache/kexec-tc} (outside the repository),
# in kernels/ARCH-kexec-file/:
#   Image        uncompressed Image (what QEMU's -kernel boots)
#   vmlinuz      link to Image (the kernels/ARCH names)
#   vmlinux      riscv64 only: the ELF vmlinux without its debug sections
#                (what riscv's kexec_file_load takes)
#   config       its .config
#   keys/        arm64 only: trusted.pem, the key and certificate the kernel
#                trusts (its CONFIG_MODULE_SIG_KEY), other.pem, a key it
#                does not; each holds both halves, as sbsign's --key and
#                --cert read them (test keys, made by openssl at build time)
#   version      `make kernelrelease`, e.g. 6.1.192-kx
#   System.map
#   source       linux-source-6.1 and compiler versions
#   .stamp       hash of RECIPE and the arch's options below
# When the stamp matches, nothing else is done (no apt, no network): a change
# of the config options or of the recipe rebuilds. --force (or KX_REFRESH=1)
# rebuilds anyway, e.g. after a Debian update of linux-source-6.1.
#
# Cold: installs (as root, only what is missing) linux-source-6.1 and the
# cross toolchain, unpacks /usr/src/linux-source-6.1.tar.xz into a scratch
# dir under $KX_TC/build (deleted afterwards unless KX_KEEP_BUILD=1), runs
# `make ARCH=... allnoconfig` with the options below (KCONFIG_ALLCONFIG),
# checks that every option asked for got its value, and builds Image (and
# riscv64's vmlinux) with KX_JOBS (default: nproc) jobs. Build metadata is
# fixed (timestamp from the source package's changelog, user, host), so a
# rebuild from the same packages gives the same Image. Prints the time of
# each phase.
#
# Run by `sh scripts/setup.sh --e2e arm64` (or riscv64: what `make check`
# runs when it tests that arch). The QEMU end-to-end tests boot this kernel
# for the scenarios that need kexec_file_load, with the project's own kexec:
#   sh tests/qemu/e2e.sh --arch arm64 --kexec build-arm64/kexec --out DIR file crash
#   sh tests/qemu/e2e.sh --arch riscv64 --kexec build-riscv64/kexec --out DIR file
set -eu

KX_TC=${KX_TC:-$HOME/.cache/kexec-tc}
say() { printf 'build-kexec-file-kernel: %s\n' "$*"; }
die() { printf 'build-kexec-file-kernel: error: %s\n' "$*" >&2; exit 1; }
now() { date +%s%N; }
# ns difference as seconds with one decimal
secs() { d=$((($2 - $1) / 100000000)); printf '%d.%d' $((d / 10)) $((d % 10)); }
is_root() { [ "$(id -u)" = 0 ]; }

FORCE=${KX_REFRESH:-}
KXARCH=
for a in "$@"; do
	case $a in
	--force) FORCE=1 ;;
	-h | --help) sed -n '2,/^set -eu/p' "$0" | sed -e '$d' -e 's/^# \{0,1\}//'; exit 0 ;;
	arm64 | aarch64) KXARCH=arm64 ;;
	riscv64 | riscv) KXARCH=riscv64 ;;
	*) die "unknown argument: $a (see --help)" ;;
	esac
done
[ -n "$KXARCH" ] || die "which architecture? arm64 or riscv64 (see --help)"

# Per architecture: the kernel's ARCH=, the cross toolchain's prefix and
# Debian names, and the make targets (Image first).
case $KXARCH in
arm64)
	KARCH=arm64 CROSS=aarch64-linux-gnu- CROSSPKG=aarch64-linux-gnu LIBCPKG=arm64-cross
	TARGETS="Image"
	;;
riscv64)
	KARCH=riscv CROSS=riscv64-linux-gnu- CROSSPKG=riscv64-linux-gnu LIBCPKG=riscv64-cross
	TARGETS="Image vmlinux"
	;;
esac

NAME=$KXARCH-kexec-file
OUT=$KX_TC/kernels/$NAME
WORK=$KX_TC/build/$NAME
SRCPKG=linux-source-6.1
TARBALL=/usr/src/$SRCPKG.tar.xz
JOBS=${KX_JOBS:-$(nproc 2>/dev/null || echo 2)}
export DEBIAN_FRONTEND=noninteractive LC_ALL=C TZ=UTC

# Bump when the way the kernel is built changes (not only the options).
# The stamp covers only the arch's own option lines, so a change to one
# arch's list does not rebuild the other's kernel.
RECIPE=2

# The options, merged into allnoconfig (KCONFIG_ALLCONFIG): every line is
# checked in the final .config, so an option that a dependency silently
# dropped stops the build instead of producing a kernel that lacks it.
# "(selected)" lines are what the arch itself selects; they are listed to be
# checked, not because they need asking for.
options() {
	cat <<'EOF'
CONFIG_LOCALVERSION="-kx"
# CONFIG_LOCALVERSION_AUTO is not set
EOF
	"options_${KXARCH}_boot"
	cat <<'EOF'
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
EOF
	"options_${KXARCH}_kexec"
	cat <<'EOF'
# -- kexec, both syscalls; kdump: crashkernel=, /proc/vmcore, sysrq-c.
CONFIG_KEXEC=y
CONFIG_KEXEC_FILE=y
CONFIG_CRASH_DUMP=y
CONFIG_PROC_VMCORE=y
CONFIG_MAGIC_SYSRQ=y
EOF
	"options_${KXARCH}_more"
	cat <<'EOF'
# -- /proc/kallsyms (as in Debian's kernel: no KALLSYMS_ALL, so it lists
# _stext but not _text); tracefs events/syscalls/sys_{enter,exit}_kexec_*
CONFIG_KALLSYMS=y
CONFIG_FTRACE=y
CONFIG_FTRACE_SYSCALLS=y
CONFIG_EVENT_TRACING=y
EOF
	# modules: only where they are wanted (arm64: for their signing key)
	"options_${KXARCH}_modules"
	cat <<'EOF'
# -- not wanted: debug info (build time)
# CONFIG_DEBUG_INFO is not set
EOF
}

# Per arch, in three parts so that the lines keep the order that the stamp
# hashes: _boot (machine and console), _kexec (what KEXEC needs), _more.
options_arm64_boot() {
	cat <<'EOF'
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
EOF
}
options_arm64_kexec() {
	cat <<'EOF'
# -- arm64's KEXEC depends on PM_SLEEP_SMP (CPU hotplug to park the other
# CPUs), which needs PM_SLEEP, i.e. SUSPEND (or hibernation).
CONFIG_SUSPEND=y
CONFIG_PM_SLEEP_SMP=y
CONFIG_HOTPLUG_CPU=y
EOF
}
options_arm64_more() {
	cat <<'EOF'
# -- KASLR: the loader must cope with a randomised kernel. Trusting QEMU's
# /chosen/rng-seed (as Debian does) seeds the RNG at once, so that
# kexec_file_load can pass kaslr-seed and rng-seed to kernel 2; without it
# kernel 2 runs unrandomised ("KASLR disabled due to lack of seed").
CONFIG_RELOCATABLE=y
CONFIG_RANDOMIZE_BASE=y
CONFIG_RANDOM_TRUST_BOOTLOADER=y
CONFIG_RANDOM_TRUST_CPU=y
# -- signed kernels: kexec_file_load checks an Image's PE signature
# (Authenticode) against the built-in keyring, enforced only under lockdown
# (no KEXEC_SIG_FORCE: unsigned kernels load otherwise). EFI gives the Image
# the PE header that carries a signature (QEMU still boots it directly).
CONFIG_EFI=y
CONFIG_EFI_STUB=y
CONFIG_KEXEC_SIG=y
CONFIG_KEXEC_IMAGE_VERIFY_SIG=y
CONFIG_SIGNED_PE_FILE_VERIFICATION=y
CONFIG_SECURITY=y
CONFIG_SECURITYFS=y
CONFIG_SECURITY_LOCKDOWN_LSM=y
EOF
}
# Module signing is the one option here that brings in the keyring (it
# selects SYSTEM_DATA_VERIFICATION), and it puts its key's certificate in
# the built-in keyring: that key is the test key make_keys made. No module
# is built (only Image).
options_arm64_modules() {
	cat <<'EOF'
CONFIG_MODULES=y
CONFIG_MODULE_SIG=y
CONFIG_MODULE_SIG_KEY="certs/kx-trusted.pem"
# SHA-256: what sbsign's signatures and the test key's certificate use
CONFIG_MODULE_SIG_SHA256=y
CONFIG_CRYPTO_SHA256=y
EOF
}

# riscv 6.1: allnoconfig turns MMU off, and KEXEC_FILE depends on 64BIT &&
# MMU; its purgatory (ARCH_HAS_KEXEC_PURGATORY) needs CRYPTO and
# CRYPTO_SHA256 built in. No RELOCATABLE or KASLR for riscv in 6.1. FPU:
# Debian's riscv64 userland uses the F and D extensions.
options_riscv64_boot() {
	cat <<'EOF'
# -- rv64 with MMU, in S-mode under OpenSBI (SBI: timer, IPIs, reset)
CONFIG_ARCH_RV64I=y
CONFIG_64BIT=y
CONFIG_MMU=y
CONFIG_RISCV_SBI=y
CONFIG_FPU=y
CONFIG_RISCV_ISA_C=y
CONFIG_SMP=y
# -- boot on QEMU virt: device tree, PLIC, SBI timer, syscon poweroff
CONFIG_SOC_VIRT=y
CONFIG_OF=y
CONFIG_SIFIVE_PLIC=y
CONFIG_RISCV_TIMER=y
CONFIG_POWER_RESET_SYSCON_POWEROFF=y
# -- serial console on the 16550 (ttyS0), found through the tree; printk
CONFIG_PRINTK=y
CONFIG_TTY=y
CONFIG_SERIAL_8250=y
CONFIG_SERIAL_8250_CONSOLE=y
CONFIG_SERIAL_OF_PLATFORM=y
# -- kexec_file_load's purgatory checks the segments' SHA-256
CONFIG_CRYPTO=y
CONFIG_CRYPTO_SHA256=y
CONFIG_ARCH_HAS_KEXEC_PURGATORY=y
EOF
}
options_riscv64_kexec() { :; }
options_riscv64_more() { :; }
options_riscv64_modules() { echo '# CONFIG_MODULES is not set'; }

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
		# May exit 100 on stale foreign-arch security indexes (a
		# mirror's bookworm-security binary-armhf Packages.xz of an
		# unexpected size): what we need is in main.
		apt-get update -q >/dev/null 2>&1 || say "apt-get update reported errors; continuing"
		APT_UPDATED=1
	fi
	say "installing:$missing"
	# shellcheck disable=SC2086 # a list of words
	apt-get install -y -q --no-install-recommends -o DPkg::Lock::Timeout=300 $missing >/dev/null ||
		die "apt-get install failed for:$missing"
}

# ---- build --------------------------------------------------------------

# make_keys DIR: DIR/trusted.pem and DIR/other.pem, each an RSA-2048 key
# followed by its self-signed certificate (SHA-256).
make_keys() {
	mkdir -p "$1"
	for k in trusted other; do
		openssl req -new -x509 -nodes -utf8 -sha256 -days 36500 -batch \
			-newkey rsa:2048 -subj "/CN=kexec test kernel key ($k)/" \
			-keyout "$1/$k.pem" -out "$1/$k.crt" > /dev/null 2>&1 ||
			die "openssl could not make the $k test key"
		cat "$1/$k.crt" >> "$1/$k.pem"
		rm "$1/$k.crt"
	done
}

# The stamp: the recipe and the option lines (comments do not count).
stamp() {
	{ echo "recipe $RECIPE"; options | grep -E '^(# )?CONFIG_'; } | sha256sum | cut -c1-16
}

cached() {
	for t in $TARGETS; do [ -f "$OUT/$t" ] || return 1; done
	! options | grep -q '^CONFIG_MODULE_SIG_KEY=' || [ -f "$OUT/keys/trusted.pem" ] || return 1
	[ -z "$FORCE" ] && [ -f "$OUT/config" ] &&
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
	# the build may ask for. libc6-dev-ARCH-cross: not needed for the kernel,
	# but it sets CC_CAN_LINK in the .config (the project's cross builds
	# install it anyway): with it, the .config is the same everywhere.
	need "$SRCPKG" "gcc-$CROSSPKG" "binutils-$CROSSPKG" "libc6-dev-$LIBCPKG" \
		gcc libc6-dev make bc bison flex libssl-dev libelf-dev xz-utils openssl
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
	set -- -C "$src" ARCH="$KARCH" CROSS_COMPILE="$CROSS"

	options > "$WORK/options.config"
	if grep -q '^CONFIG_MODULE_SIG_KEY=' "$WORK/options.config"; then
		make_keys "$WORK/keys"
		cp "$WORK/keys/trusted.pem" "$src/certs/kx-trusted.pem"
	fi
	# Kconfig reads where to write .config from the environment: a caller's
	# KCONFIG_CONFIG (another Kconfig project's make) would get the kernel's.
	# The caller's make flags too: `make O=DIR check` passes O= down
	# (MAKEFLAGS), which would put the kernel's build in DIR.
	unset KCONFIG_CONFIG srctree MAKEFLAGS MFLAGS MAKELEVEL
	make -s "$@" KCONFIG_ALLCONFIG="$WORK/options.config" allnoconfig
	[ -f "$src/.config" ] || die "allnoconfig wrote no $src/.config"
	make -s "$@" olddefconfig
	check_config "$src/.config"
	say "configured: $(grep -c '=[ym]$' "$src/.config") options on; building $TARGETS with -j$JOBS"
	t3=$(now)
	# shellcheck disable=SC2086 # a list of words
	make -s "$@" -j"$JOBS" $TARGETS > "$WORK/build.log" 2>&1 ||
		{ tail -n 40 "$WORK/build.log" >&2; die "kernel build failed (log: $WORK/build.log)"; }
	t4=$(now)

	tmp=$OUT.tmp.$$
	rm -rf "$tmp"
	mkdir -p "$tmp"
	cp "$src/arch/$KARCH/boot/Image" "$tmp/Image"
	case " $TARGETS " in
	*" vmlinux "*) "${CROSS}objcopy" --strip-debug "$src/vmlinux" "$tmp/vmlinux" ;;
	esac
	cp "$src/.config" "$tmp/config"
	cp "$src/System.map" "$tmp/System.map"
	make -s "$@" kernelrelease > "$tmp/version"
	ln -s Image "$tmp/vmlinuz"
	[ ! -d "$WORK/keys" ] || cp -a "$WORK/keys" "$tmp/keys"
	{
		echo "$SRCPKG $(dpkg-query -W -f='${Version}' "$SRCPKG")"
		echo "gcc-$CROSSPKG $(dpkg-query -W -f='${Version}' "gcc-$CROSSPKG")"
		echo "binutils-$CROSSPKG $(dpkg-query -W -f='${Version}' "binutils-$CROSSPKG")"
		echo "KBUILD_BUILD_TIMESTAMP $date"
	} > "$tmp/source"
	stamp > "$tmp/.stamp"
	rm -rf "$OUT"
	mv "$tmp" "$OUT"
	[ -n "${KX_KEEP_BUILD:-}" ] || rm -rf "$WORK"
	t5=$(now)

	for t in $TARGETS; do
		say "built $(cat "$OUT/version"): $OUT/$t ($(wc -c < "$OUT/$t") bytes)"
	done
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
