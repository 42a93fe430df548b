#!/bin/sh
# scripts/build-arm64-kexec-file-kernel.sh [--check] [--force]
#
# Build, from Debian packages only, a small arm64 kernel with
# CONFIG_KEXEC_FILE=y for the QEMU end-to-end tests of kexec_file_load
# (Debian's own arm64 kernels do not set KEXEC_FILE; shared notes qemu.md).
# It boots under `qemu-system-aarch64 -M virt -cpu cortex-a57 -m 1024` to a
# busybox initramfs on ttyAMA0, has KASLR on, kdump (CRASH_DUMP,
# PROC_VMCORE, MAGIC_SYSRQ) and syscall trace events in tracefs.
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
# --check then boots the Image twice under QEMU (TCG, the machine above,
# -smp 1) with a busybox initramfs (busybox-static:arm64, extracted into
# $KX_TC/busybox-arm64 after `dpkg --add-architecture arm64` if missing).
# Kernel 1's init checks /sys/kernel/kexec_loaded, /proc/sysrq-trigger,
# /sys/firmware/fdt and the tracefs syscall events, then loads itself as
# kernel 2 with kexec_file_load (a tiny static test program built here and
# run only inside the guest), shows the traced syscall, and
#   exec:  reboots into it (LINUX_REBOOT_CMD_KEXEC);
#   crash: loads it as the crash kernel (crashkernel=256M), panics (sysrq c).
# Kernel 2 must show the random marker of its command line, KASLR on, and
# /proc/vmcore after the crash only. Consoles: $KX_TC/build/NAME-check-*.log.
# Needs qemu-system-arm and cpio (installed if missing, as root).
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

CHECK='' FORCE=${KX_REFRESH:-}
for a in "$@"; do
	case $a in
	--check) CHECK=1 ;;
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

# ---- boot check ---------------------------------------------------------

# The guest's kexec_file_load test: no libc, raw syscalls.
#   kxfile load KERNEL INITRD CMDLINE: kexec_file_load, print the result;
#   kxfile panic KERNEL INITRD CMDLINE: the same as the crash kernel;
#   kxfile exec: reboot(LINUX_REBOOT_CMD_KEXEC).
kxfile_c() {
	cat <<'EOF'
/* Guest-only test (built by scripts/build-arm64-kexec-file-kernel.sh --check). */
#define SYS_openat 56
#define SYS_write 64
#define SYS_exit 93
#define SYS_reboot 142
#define SYS_kexec_file_load 294
static long sc(long n, long a, long b, long c, long d, long e)
{
	register long x8 __asm__("x8") = n;
	register long x0 __asm__("x0") = a;
	register long x1 __asm__("x1") = b;
	register long x2 __asm__("x2") = c;
	register long x3 __asm__("x3") = d;
	register long x4 __asm__("x4") = e;
	__asm__ volatile("svc #0" : "+r"(x0) : "r"(x8), "r"(x1), "r"(x2), "r"(x3), "r"(x4) : "memory");
	return x0;
}
static unsigned long len(const char *s) { unsigned long n = 0; while (s[n]) n++; return n; }
static void put(const char *s) { sc(SYS_write, 1, (long)s, len(s), 0, 0); }
static void putnum(long v)
{
	char b[24]; int i = 23; unsigned long u = v < 0 ? -v : v;
	b[i] = 0;
	do { b[--i] = '0' + u % 10; u /= 10; } while (u);
	if (v < 0) b[--i] = '-';
	put(b + i);
}
void cmain(long *sp)
{
	char **argv = (char **)(sp + 1);
	long k, i, r;
	if (sp[0] == 2 && argv[1][0] == 'e') {
		r = sc(SYS_reboot, 0xfee1dead, 672274793, 0x45584543, 0, 0);
		put("kxfile: reboot(LINUX_REBOOT_CMD_KEXEC) returned "); putnum(r); put("\n");
		sc(SYS_exit, 1, 0, 0, 0, 0);
	}
	if (sp[0] != 5 || (argv[1][0] != 'l' && argv[1][0] != 'p')) {
		put("usage: kxfile load|panic KERNEL INITRD CMDLINE | kxfile exec\n");
		sc(SYS_exit, 2, 0, 0, 0, 0);
	}
	k = sc(SYS_openat, -100, (long)argv[2], 0, 0, 0);
	i = sc(SYS_openat, -100, (long)argv[3], 0, 0, 0);
	/* panic: KEXEC_FILE_ON_CRASH (2), into the crashkernel= area */
	r = sc(SYS_kexec_file_load, k, i, len(argv[4]) + 1, (long)argv[4], argv[1][0] == 'p' ? 2 : 0);
	put("kxfile: kexec_file_load="); putnum(r); put("\n");
	sc(SYS_exit, r != 0, 0, 0, 0, 0);
}
__asm__(".globl _start\n_start:\n\tmov x0, sp\n\tbl cmain\n\tb .\n");
EOF
}

# One /init for both kernels; kernel 1 has kx.stage=1 on its command line.
init_sh() {
	cat <<'EOF'
#!/bin/busybox sh
B=/bin/busybox
$B mkdir -p /dev /proc /sys /tmp
$B mount -t devtmpfs devtmpfs /dev
exec </dev/console >/dev/console 2>&1
$B mount -t proc proc /proc
$B mount -t sysfs sysfs /sys
read -r up _ < /proc/uptime
c=$($B cat /proc/cmdline)
case " $c " in *" kx.stage=1 "*) s=1 ;; *) s=2 ;; esac
echo "KXC$s: init uptime=$up"
echo "KXC$s: kernel=$($B uname -r) cmdline=$c"
echo "KXC$s: boot_id=$($B cat /proc/sys/kernel/random/boot_id)"
# KASLR: where the kernel runs (no _text in kallsyms without KALLSYMS_ALL,
# as in Debian's kernel) and where it sits in physical memory.
echo "KXC$s: _stext=$($B grep ' _stext$' /proc/kallsyms | $B cut -d' ' -f1)" \
	"iomem:$($B grep 'Kernel code' /proc/iomem)"
for f in /sys/kernel/kexec_loaded /sys/kernel/kexec_crash_size /proc/sysrq-trigger /sys/firmware/fdt; do
	if [ -e $f ]; then echo "KXC$s: ok $f"; else echo "KXC$s: MISSING $f"; fi
done
T=/sys/kernel/tracing
$B mount -t tracefs tracefs $T
for e in sys_enter_kexec_file_load sys_exit_kexec_file_load sys_enter_kexec_load; do
	if [ -d $T/events/syscalls/$e ]; then echo "KXC$s: ok tracefs $e"; else echo "KXC$s: MISSING tracefs $e"; fi
done
if [ $s = 1 ]; then
	echo 1 > $T/events/syscalls/sys_enter_kexec_file_load/enable
	echo 1 > $T/events/syscalls/sys_exit_kexec_file_load/enable
	args="console=ttyAMA0 panic=-1 kx.marker=$($B cat /marker)"
	case " $c " in
	*" kx.mode=crash "*)
		/kxfile panic /k2 /i2 "$args"
		echo "KXC1: kexec_crash_loaded=$($B cat /sys/kernel/kexec_crash_loaded)"
		$B grep -v '^#' $T/trace | while IFS= read -r l; do echo "KXC1: trace: $l"; done
		echo c > /proc/sysrq-trigger ;;
	*)
		/kxfile load /k2 /i2 "$args"
		echo "KXC1: kexec_loaded=$($B cat /sys/kernel/kexec_loaded)"
		$B grep -v '^#' $T/trace | while IFS= read -r l; do echo "KXC1: trace: $l"; done
		/kxfile exec ;;
	esac
	echo "KXC1: kexec failed"
else
	echo "KXC2: vmcore=$($B stat -c %s /proc/vmcore 2>/dev/null || echo none)"
	echo "KXC2: done"
fi
$B poweroff -f
EOF
}

# mkcpio DIR FILE: newc archive of DIR, owned by root, made without root.
mkcpio() {
	(cd "$1" && find . -mindepth 1 | sort | cpio -o -H newc -R 0:0 --quiet) > "$2"
}

busybox_arm64() {
	bb=$KX_TC/busybox-arm64/bin/busybox
	[ -x "$bb" ] && return 0
	if ! dpkg --print-foreign-architectures | grep -qx arm64; then
		is_root || die "busybox-static:arm64 needs 'dpkg --add-architecture arm64' (root)"
		dpkg --add-architecture arm64
		APT_UPDATED=
	fi
	d=$KX_TC/debs/arm64
	mkdir -p "$d"
	rm -f "$d"/busybox-static_*_arm64.deb
	# As root, download as root: apt's sandbox user cannot write here.
	o=
	! is_root || o="-o APT::Sandbox::User=root"
	# shellcheck disable=SC2086 # $o is a list of words
	if ! (cd "$d" && apt-get download -q $o busybox-static:arm64 >/dev/null 2>&1); then
		is_root || die "apt-get download busybox-static:arm64 failed (apt-get update needs root)"
		apt-get update -q >/dev/null 2>&1 || say "apt-get update reported errors; continuing"
		APT_UPDATED=1
		# shellcheck disable=SC2086
		(cd "$d" && apt-get download -q $o busybox-static:arm64 >/dev/null) ||
			die "apt-get download busybox-static:arm64 failed"
	fi
	rm -rf "$KX_TC/busybox-arm64"
	dpkg-deb -x "$d"/busybox-static_*_arm64.deb "$KX_TC/busybox-arm64"
	[ -x "$bb" ] || die "no bin/busybox in busybox-static:arm64"
}

# boot MODE DIR [ARG...]: boot DIR/initrd with kx.mode=MODE and ARGs; kernel
# 1 loads kernel 2 with kexec_file_load and reboots (exec) or panics (crash)
# into it. Checks the console; dies on a failure.
boot() {
	mode=$1 t=$2
	shift 2
	log=$KX_TC/build/$NAME-check-$mode.log
	marker=$(cat "$t/i1/marker")
	say "boot check $mode: qemu-system-aarch64 -M virt -cpu cortex-a57 -m 1024"
	cr=$(printf '\r')
	rm -f "$t/stamps"
	t0=$(now)
	timeout -k 5 120 qemu-system-aarch64 -M virt -cpu cortex-a57 -m 1024 -accel tcg -smp 1 \
		-nodefaults -no-reboot -display none -serial stdio -kernel "$OUT/Image" -initrd "$t/initrd" \
		-append "console=ttyAMA0 panic=-1 kx.stage=1 kx.mode=$mode${*:+ $*}" < /dev/null 2>&1 |
		while IFS= read -r l; do
			l=${l%"$cr"}
			case $l in
			*KXC1:\ init* | *KXC2:\ init* | *"Linux version"*) echo "$(($(now) - t0)) $l" >> "$t/stamps" ;;
			esac
			printf '%s\n' "$l"
		done > "$log"
	t1=$(now)
	grep -E 'Linux version|KXC|Kernel panic|KASLR|RNG|Unable|BUG|Oops|crashkernel' "$log" | sed 's/^/  | /'
	while read -r ns l; do
		say "  at $(secs 0 "$ns") s: ${l#*] }"
	done < "$t/stamps"
	say "boot check $mode: QEMU ran $(secs "$t0" "$t1") s"
	bad=
	grep -q "KXC1: init" "$log" || bad="$bad kernel-1-init"
	! grep -q "MISSING" "$log" || bad="$bad missing-files"
	grep -q "kxfile: kexec_file_load=0" "$log" || bad="$bad kexec_file_load"
	grep -q "KXC1: trace: .*sys_kexec_file_load(.*flags: $([ "$mode" = crash ] && echo 2 || echo 0))" "$log" ||
		bad="$bad trace-enter"
	grep -q "KXC1: trace: .*sys_kexec_file_load -> 0x0$" "$log" || bad="$bad trace-exit"
	grep -q "KXC2: kernel=.* kx.marker=$marker\( \|$\)" "$log" || bad="$bad kernel-2-marker"
	grep -q "KXC2: done" "$log" || bad="$bad kernel-2-done"
	# kexec_file_load passes kaslr-seed and rng-seed on: kernel 2 is
	# randomised too, when the RNG was seeded (RANDOM_TRUST_BOOTLOADER).
	! grep -q "KASLR disabled" "$log" || bad="$bad kaslr"
	case $mode in
	crash) grep -q "KXC2: vmcore=[1-9]" "$log" || bad="$bad vmcore" ;;
	*) grep -q "KXC2: vmcore=none" "$log" || bad="$bad vmcore-after-exec" ;;
	esac
	[ -z "$bad" ] || die "boot check $mode failed:$bad (console: $log)"
}

check() {
	need qemu-system-arm cpio gcc-aarch64-linux-gnu
	busybox_arm64
	mkdir -p "$KX_TC/build"
	t=$(mktemp -d)
	trap 'rm -rf "$t"' EXIT INT TERM
	kxfile_c > "$t/kxfile.c"
	${CROSS}gcc -Os -static -nostdlib -ffreestanding -fno-pie -no-pie -fno-stack-protector \
		-o "$t/kxfile" "$t/kxfile.c" || die "cannot build the guest test program"
	marker=$(od -An -N6 -tx1 /dev/urandom | tr -d ' \n')
	mkdir -p "$t/i2/bin" "$t/i1/bin"
	cp "$KX_TC/busybox-arm64/bin/busybox" "$t/i2/bin/busybox"
	init_sh > "$t/i2/init"
	chmod 755 "$t/i2/init"
	cp -a "$t/i2/." "$t/i1/"
	mkcpio "$t/i2" "$t/i1/i2"
	cp "$OUT/Image" "$t/i1/k2"
	cp "$t/kxfile" "$t/i1/kxfile"
	echo "$marker" > "$t/i1/marker"
	mkcpio "$t/i1" "$t/initrd"
	boot exec "$t"
	boot crash "$t" crashkernel=256M
	say "boot check: passed (kexec_file_load, then kexec -e and a panic into kernel 2)"
}

# ---- main ---------------------------------------------------------------

mkdir -p "$KX_TC"
if cached; then
	say "cached: $OUT/Image ($(cat "$OUT/version"), stamp $(cat "$OUT/.stamp"))"
else
	build
fi
[ -z "$CHECK" ] || check
