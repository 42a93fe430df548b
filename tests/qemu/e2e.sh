#!/bin/sh
# tests/qemu/e2e.sh - end-to-end kexec tests under QEMU (TCG, no root needed).
#
#   e2e.sh --arch x86_64|aarch64|arm|riscv64 --kexec PATH|--busybox PATH --out DIR
#          [--only SCENARIO]... [--jobs N] [--kernel VMLINUZ] [--extra DIR] [--timeout S]
#          [--stall S] [--keep] [--keys DIR] [--signed PATH] [--updater PATH]
#          [--list] [SCENARIO...]
#
# For each scenario: kernel 1 (Debian's kernel, from scripts/setup.sh) boots
# in QEMU with an initramfs holding busybox, the kexec under test at
# /sbin/kexec, kernel 2 (/k2, the same vmlinuz), initrd 2 (/i2: busybox,
# kernel 2's /init and a random token) and the scenario's own files (dtb:
# /dtb, image: /k2.Image.gz, uimage: /k2.uimage). Kernel 1's /init runs
# the scenario's commands and ends with `kexec -e`; kernel 2's /init prints
# its command line (with a random marker), the token and its boot id, and
# powers off. The host reads the serial console and decides: see README.md
# beside this file. Scenarios needing kexec_file_load boot a kernel that
# has it when Debian's lacks it (aarch64, riscv64:
# scripts/build-kexec-file-kernel.sh, via setup.sh --e2e; riscv64 loads
# that kernel's ELF vmlinux as kernel 2). --list names the scenarios; a
# scenario that does not apply to the arch (NA in its row) is refused.
#
# --keys: the test keys (tests/qemu/keys.sh) the signed and verify
# scenarios sign with; --signed: the signed-only build (its board defconfig,
# those keys built in), at /sbin/kexec-signed in kernel 1; --updater:
# examples/update.c built on the installed library, at /sbin/update.
#
# --busybox: a BusyBox with the kexec applet (make busybox) instead of
# --kexec: it is both kernels' userland, /sbin/kexec a link to it as
# BusyBox installs it, and the scenarios run by default are the applet's
# (APPLET_SCENARIOS; basic also checks `kexec --help`).
#
# Environment: KX_TC (cache, default ~/.cache/kexec-tc), KX_E2E_ONLY,
# KX_E2E_JOBS, KX_E2E_TIMEOUT, KX_E2E_STALL (same as the options).
# Ends with the line "N passed, N failed"; exits 1 if any failed, 2 on usage
# or setup errors.
#
# Sourced with KX_E2E_LIB=1 (by demo.sh), it only defines its functions.
# desc_* are read through eval, the arch table's KPKG by demo.sh:
# shellcheck disable=SC2034,SC2119,SC2120
set -eu

KX_TC=${KX_TC:-$HOME/.cache/kexec-tc}
# Those a --busybox run runs by default.
APPLET_SCENARIOS="basic reuse unload dtb crash"
SCENARIOS_ALL="basic reuse unload file classic auto status badinput systemd crash kdump kdumphigh nokaslr hotplug efi efifile force nochecks bounds dtb fit signed verify updater image zboot unwrap uki ukiappend serial uimage lockdown disabled kernelsig dryrun selftest"
MEM=1024
QEMU_EXTRA= # per-scenario extra QEMU arguments (efi: the firmware)
QEMU_CPUS= # per-scenario accelerator and CPUs (default: one CPU, TCG)
# What main's options set, empty for demo.sh too.
KEYS='' KEXEC_SIGNED='' UPDATER='' APPLET=''

say() { printf '%s\n' "$*"; }
die() { printf 'e2e: %s\n' "$*" >&2; exit 2; }
now_ns() { date +%s%N; }
# ns difference as seconds with 2 decimals
secs() { d=$((($2 - $1) / 10000000)); printf '%d.%02d' $((d / 100)) $((d % 100)); }
rand_hex() { od -An -N"$1" -tx1 /dev/urandom | tr -d ' \n'; }
# Quote a string for the guest's shell (single quotes).
q() { printf "'%s'" "$(printf '%s' "$1" | sed "s/'/'\\\\''/g")"; }

# The per-architecture table and the scenarios, beside this file (demo.sh,
# which sources this one, lives there too).
E2E_DIR=$(cd "$(dirname "$0")" && pwd)
. "$E2E_DIR/arches.sh"
. "$E2E_DIR/scenarios.sh"

check_host() {
	setup="run: sh scripts/setup.sh $DEBARCH"
	command -v "$QEMU" >/dev/null || die "$QEMU not found: $setup"
	for t in cpio timeout od file; do
		command -v $t >/dev/null || die "$t not found: $setup"
	done
	[ -f "$KERNEL" ] || die "no kernel at $KERNEL: $setup"
	[ -x "$BUSYBOX" ] || die "no busybox at $BUSYBOX: $setup"
	KVER=$(kver "$KERNEL")
}

# kver KERNEL: its version, from the file `version` beside it (as
# scripts/setup.sh and the kernel build script keep them), else its name.
kver() { cat "$(dirname "$1")/version" 2>/dev/null || basename "$1"; }

# has_config KERNEL OPTION: the file `config` beside KERNEL sets OPTION=y.
# A kernel without a config beside it is assumed to have everything.
has_config() {
	c=$(dirname "$1")/config
	[ ! -f "$c" ] || grep -q "^$2=y" "$c"
}

# skip_default NAMES WHY: leave NAMES out of a run that names no scenario.
skip_default() {
	NOT_BY_DEFAULT="$NOT_BY_DEFAULT $1"
	NOT_WHY="${NOT_WHY:+$NOT_WHY; }$1: $2"
}

# choose_kernels: FILE_BOOT, the kernel that the scenarios needing
# kexec_file_load boot as kernel 1 and load as kernel 2: the default one
# when it has KEXEC_FILE, else the arch's FILE_KERNEL. Also what a run
# leaves out by default, and why (NOT_BY_DEFAULT, NOT_WHY).
choose_kernels() {
	NOT_BY_DEFAULT='' NOT_WHY='' FILE_BOOT=$KERNEL
	[ -z "$NA" ] || skip_default "$NA" "$NA_WHY"
	[ -z "$LACKS" ] || skip_default "$LACKS" "$LACKS_WHY"
	[ -n "$FILE_SCENARIOS" ] || return 0
	has_config "$KERNEL" CONFIG_KEXEC_FILE && return 0
	why="$(kver "$KERNEL") has no CONFIG_KEXEC_FILE"
	if [ -z "$FILE_KERNEL" ] || [ ! -f "$FILE_KERNEL" ] || { [ -n "$FILE_KERNEL2" ] && [ ! -f "$FILE_KERNEL2" ]; }; then
		skip_default "$FILE_SCENARIOS" "$why${FILE_KERNEL:+ and there is no $FILE_KERNEL (run: sh scripts/setup.sh --e2e $DEBARCH)}"
		return 0
	fi
	FILE_BOOT=$FILE_KERNEL
	# efifile boots kernel 1 through the UEFI firmware, which starts
	# only a kernel with an EFI stub, and which describes the machine as
	# EFI_NEEDS says.
	for opt in CONFIG_EFI_STUB $EFI_NEEDS; do
		has_config "$FILE_KERNEL" "$opt" && continue
		skip_default efifile "$why, and $(kver "$FILE_KERNEL") ($FILE_KERNEL) has no $opt, which booting through the firmware needs"
		break
	done
}

# check_kexec: the loader under test is an executable for the guest's
# architecture (read from its ELF header with `file`; a foreign binary is
# never run here). NEED_KEXEC=0 (only scenarios that boot without a loader,
# e.g. selftest) turns a wrong binary into a warning.
check_kexec() {
	[ -f "$KEXEC" ] || die "no kexec binary at $KEXEC (build it with 'make')"
	what=$(file -bL "$KEXEC" 2>/dev/null || true)
	case $what in
	ELF*executable*"$ELF_MACHINE"* | ELF*"shared object"*"$ELF_MACHINE"*) ;;
	*)
		msg="$KEXEC is not an executable for $ARCH (file says: ${what:-nothing})"
		[ "${NEED_KEXEC:-1}" = 0 ] || die "$msg; build it for $ARCH (e.g. make ARCH=$ARCH)"
		say "e2e: warning: $msg; no scenario asked for runs it" >&2
		return 0
		;;
	esac
	# The guest has no libc: a dynamic binary only runs if --extra brings one.
	if command -v readelf >/dev/null && readelf -l "$KEXEC" 2>/dev/null | grep -q 'Requesting program interpreter'; then
		say "e2e: warning: $KEXEC is dynamically linked; kernel 1 has no libc unless --extra provides it" >&2
	fi
}

# ---- guest side ----------------------------------------------------------

# Kernel 1's /init. Prints "KX1: ..." lines, runs /scenario.sh, powers off.
write_init1() {
	cat > "$1" <<'EOF'
#!/bin/busybox sh
# Kernel 1's /init, written by tests/qemu/e2e.sh. Every line the host reads
# starts with "KX1: ". The scenario's commands are in /scenario.sh.
/bin/busybox mkdir -p /dev /proc /sys /tmp
# The initramfs holds no device nodes (it is built without root), so the
# kernel found no /dev/console to give us: mount devtmpfs and open it here.
/bin/busybox mount -t devtmpfs devtmpfs /dev
exec </dev/console >/dev/console 2>&1
/bin/busybox --install -s /bin
export PATH=/sbin:/bin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
# Only errors and worse reach the console from here on: the kernel's later
# lines (tsc's refined calibration, say) land in the middle of ours. They
# stay in dmesg.
echo 4 > /proc/sys/kernel/printk

up() { read -r u _ < /proc/uptime; echo "$u"; }
# /proc/uptime has centiseconds: do the arithmetic in them (no leading 0:
# the shell would read "08" as bad octal).
cs() { s=${1%.*} c=${1#*.}; c=${c#0}; echo $((s * 100 + c)); }
dt() { d=$(($(cs "$2") - $(cs "$1"))); printf '%d.%02d' $((d / 100)) $((d % 100)); }

echo "KX1: init uptime=$(up)"
echo "KX1: cmdline=$(cat /proc/cmdline)"
echo "KX1: boot_id=$(cat /proc/sys/kernel/random/boot_id)"
if [ -d /sys/firmware/efi ]; then echo "KX1: efi=yes"; else echo "KX1: efi=no"; fi

# Which kexec syscalls a step made, and what they returned (tracefs).
T=/sys/kernel/tracing
if mount -t tracefs tracefs $T 2>/dev/null && [ -d $T/events/syscalls/sys_enter_kexec_load ]; then
	for e in kexec_load kexec_file_load; do
		for d in enter exit; do
			[ -d $T/events/syscalls/sys_${d}_$e ] && echo 1 > $T/events/syscalls/sys_${d}_$e/enable
		done
	done
	echo > $T/trace
	echo "KX1: tracing kexec syscalls"
else
	T=
	echo "KX1: tracing unavailable"
fi

# step NAME COMMAND: run COMMAND (shell code), print its output, the
# syscalls it made, its exit status and its duration.
step() {
	n=$1; shift
	echo "KX1: run $n: $*"
	t0=$(up)
	eval "$*" > /tmp/out 2>&1
	rc=$?
	t1=$(up)
	while IFS= read -r l || [ -n "$l" ]; do echo "KX1: out $n: $l"; done < /tmp/out
	if [ -n "$T" ]; then
		grep -v '^#' $T/trace | sed 's/^ *//' | while IFS= read -r l; do echo "KX1: sys $n: $l"; done
		echo > $T/trace
	fi
	echo "KX1: rc=$rc step=$n t=$(dt "$t0" "$t1")"
}

# boot NAME COMMAND: the last step (kexec -e, or a panic for kdump);
# returns only if it failed.
boot() {
	n=$1; shift
	echo "KX1: exec $n: $* uptime=$(up)"
	eval "$*"
	echo "KX1: rc=$? step=$n"
}

. /scenario.sh
echo "KX1: done uptime=$(up)"
poweroff -f
EOF
	chmod 755 "$1"
}

# Kernel 2's /init (in initrd 2): the proof that kernel 2 booted with what
# was loaded. Busybox applets are called by name through $B: no install.
write_init2() {
	cat > "$1" <<'EOF'
#!/bin/busybox sh
# Kernel 2's /init, written by tests/qemu/e2e.sh.
B=/bin/busybox
$B mkdir -p /dev /proc /sys /tmp
$B mount -t devtmpfs devtmpfs /dev
exec </dev/console >/dev/console 2>&1
$B mount -t proc proc /proc
$B mount -t sysfs sysfs /sys
# As in kernel 1: kernel lines below error level stay in dmesg.
echo 4 > /proc/sys/kernel/printk
read -r u _ < /proc/uptime
echo "KX2: init uptime=$u"
echo "KX2: cmdline=$($B cat /proc/cmdline)"
echo "KX2: token=$($B cat /token)"
echo "KX2: boot_id=$($B cat /proc/sys/kernel/random/boot_id)"
echo "KX2: kexec_loaded=$($B cat /sys/kernel/kexec_loaded)"
# EFI runtime services survived the kexec (efi scenario): the kernel makes
# efivars only when they work; runtime-map is x86's copy of the EFI map.
if [ -d /sys/firmware/efi ]; then
	v=no; [ -d /sys/firmware/efi/efivars ] && v=yes
	echo "KX2: efi=yes efivars=$v runtime=$($B ls /sys/firmware/efi/runtime-map 2>/dev/null | $B wc -l)"
else
	echo "KX2: efi=no"
fi
# A crash kernel sees the old kernel's memory here: its size; its headers
# and notes (the first 16 KiB) for the host to read; and, asked by
# kx.scan, the token kernel 1 left in its memory, found in a pass over all
# of it (a line every 5 s meanwhile: the host takes silence for a hang).
echo "KX2: vmcore=$($B stat -c %s /proc/vmcore 2>/dev/null || echo none)"
if [ -e /proc/vmcore ]; then
	$B od -A n -t x1 -v -N 16384 /proc/vmcore | while read -r l; do echo "KX2: core $l"; done
fi
case " $($B cat /proc/cmdline) " in
*" kx.scan "*)
	# 16 MiB at a time, from both ends inwards: the page cache that holds
	# the token comes from the top of memory on some arches, the bottom on
	# others.  dd goes on past what cannot be read (memory the firmware
	# protects from the kernel, should a dump name it).
	(hi=$(($($B stat -c %s /proc/vmcore) >> 24)) lo=0 n=$hi
	 while [ "$lo" -le "$hi" ]; do
		$B dd if=/proc/vmcore bs=16M skip="$n" count=1 conv=noerror 2> /dev/null |
			$B strings -n 37 | $B grep -m 1 -o 'KXMEM[0-9a-f]\{32\}' > /memtoken
		[ ! -s /memtoken ] || break
		if [ "$n" = "$hi" ]; then hi=$((hi - 1)) n=$lo; else lo=$((lo + 1)) n=$hi; fi
	 done) &
	while $B kill -0 $! 2>/dev/null; do $B sleep 5; echo "KX2: scanning /proc/vmcore"; done
	echo "KX2: memtoken=$($B cat /memtoken)"
	;;
esac
# Debian's makedumpfile, when the scenario put it here: a filtered dump
# (-d 31: no zero, cache, user or free pages) of /proc/vmcore, read
# through VMCOREINFO and the core header's addresses; its size counted.
if [ -x /bin/makedumpfile ] && [ -e /proc/vmcore ]; then
	(LD_LIBRARY_PATH=/lib /bin/makedumpfile -F -d 31 /proc/vmcore 2> /mdf.err
	 echo $? > /mdf.rc) | $B wc -c > /mdf.bytes &
	while $B kill -0 $! 2>/dev/null; do $B sleep 5; echo "KX2: makedumpfile running"; done
	echo "KX2: makedumpfile rc=$($B cat /mdf.rc) bytes=$($B cat /mdf.bytes)"
	$B tail -n 3 /mdf.err | while IFS= read -r l; do echo "KX2: makedumpfile says: $l"; done
fi
# The dtb scenario's node in the tree kernel 2 was given (a string: drop
# its NUL).
echo "KX2: dt=$($B tr -d '\000' 2>/dev/null < /proc/device-tree/kx-e2e/token || echo none)"
# The memory reservations of the tree kernel 2 was given.
echo "KX2: resv=$($B ls /proc/device-tree/reserved-memory 2>/dev/null | $B tr '\n' ' ')"
echo "KX2: done"
$B poweroff -f
EOF
	chmod 755 "$1"
}

# mkcpio DIR FILE: newc archive of DIR's contents, owned by root, without
# needing root. Sorted, so /token (last) is lost first if it is truncated.
mkcpio() {
	(cd "$1" && find . -mindepth 1 | LC_ALL=C sort | cpio -o -H newc -R 0:0 --quiet) > "$2"
}

# put SRC DST: hard link when possible (no copy of the kernel per scenario);
# SRC may be a link (kernels/ARCH/vmlinuz): link or copy what it names.
put() {
	f=$(readlink -f "$1")
	ln -f "$f" "$2" 2>/dev/null || cp "$f" "$2"
}

# build_initrd2 DIR TOKEN: DIR/i2.cpio
build_initrd2() {
	rm -rf "$1/stage2"
	mkdir -p "$1/stage2/bin"
	put "$BUSYBOX" "$1/stage2/bin/busybox"
	write_init2 "$1/stage2/init"
	printf '%s\n' "$2" > "$1/stage2/token"
	[ "${3:-}" != makedumpfile ] || add_makedumpfile "$1/stage2"
	mkcpio "$1/stage2" "$1/i2.cpio"
	rm -rf "$1/stage2"
}

# add_makedumpfile DIR: $MAKEDUMPFILE's binary as DIR/bin/makedumpfile,
# every library it needs (its NEEDED entries, followed) in DIR/lib, found
# in $MAKEDUMPFILE, then where the C library is (the cross toolchain's
# /usr/$TRIPLET/lib, the host's /lib/$TRIPLET), and the dynamic loader
# where the binary asks for it.
add_makedumpfile() {
	m=$MAKEDUMPFILE/usr/bin/makedumpfile
	[ -x "$m" ] || return 0
	mkdir -p "$1/lib"
	cp "$m" "$1/bin/makedumpfile"
	dirs="$(find "$MAKEDUMPFILE" -name '*.so.*' -exec dirname {} \; | sort -u) /usr/$TRIPLET/lib /lib/$TRIPLET /usr/lib/$TRIPLET"
	interp=$(readelf -l "$m" | sed -n 's/.*program interpreter: \(.*\)]$/\1/p')
	todo="$m" libs="${interp##*/}"
	while [ -n "$todo" ]; do
		f=${todo%% *} todo=${todo#* }
		[ "$todo" != "$f" ] || todo=''
		for n in $(readelf -d "$f" | sed -n 's/.*(NEEDED).*\[\(.*\)\]$/\1/p'); do
			case " $libs " in *" $n "*) continue ;; esac
			libs="$libs $n"
			p=''
			for d in $dirs; do [ ! -f "$d/$n" ] || { p=$d/$n; break; }; done
			[ -n "$p" ] || die "makedumpfile needs $n, found in none of: $dirs"
			cp -L "$p" "$1/lib/$n"
			todo="${todo:+$todo }$p"
		done
	done
	for d in $dirs; do
		[ ! -f "$d/${interp##*/}" ] || { mkdir -p "$1${interp%/*}" && cp -L "$d/${interp##*/}" "$1$interp"; break; }
	done
	[ -f "$1$interp" ] || die "no dynamic loader $interp for makedumpfile in: $dirs"
}

# build_initrd1 DIR KERNEL2: DIR/initrd1.cpio from DIR/scenario.sh,
# DIR/i2.cpio, KERNEL2 (as /k2) and the scenario's own files (DIR/add/).
build_initrd1() {
	s=$1/stage1
	rm -rf "$s"
	mkdir -p "$s/bin" "$s/sbin"
	if [ -n "$EXTRA" ]; then cp -a "$EXTRA/." "$s/"; fi
	if [ -d "$1/add" ]; then cp -a "$1/add/." "$s/"; fi
	put "$BUSYBOX" "$s/bin/busybox"
	if [ -n "$APPLET" ]; then
		ln -s ../bin/busybox "$s/sbin/kexec"
	else
		cp "$KEXEC" "$s/sbin/kexec"
		chmod 755 "$s/sbin/kexec"
	fi
	[ -z "$KEXEC_SIGNED" ] || install -m 755 "$KEXEC_SIGNED" "$s/sbin/kexec-signed"
	[ -z "$UPDATER" ] || install -m 755 "$UPDATER" "$s/sbin/update"
	write_init1 "$s/init"
	cp "$1/scenario.sh" "$s/scenario.sh"
	put "$2" "$s/k2"
	put "$1/i2.cpio" "$s/i2"
	mkcpio "$s" "$1/initrd1.cpio"
	rm -rf "$s"
}

# ---- running QEMU --------------------------------------------------------

# How a streamed console line looks (demo.sh replaces it).
show_line() { printf '  | %s\n' "$1"; }

# stamp STAMPS: copy the console (stdin) to stdout without CRs; note the
# host time of the lines that timings are taken from. With SHOW set, also
# stream the console to fd 3 (the terminal).
stamp() {
	cr=$(printf '\r')
	while IFS= read -r l || [ -n "$l" ]; do
		l=${l%"$cr"}
		printf '%s\n' "$l"
		[ -z "${SHOW:-}" ] || show_line "$l" >&3
		case $l in
		*KX1:* | *KX2:* | *"Linux version"*) echo "$(now_ns) $l" >> "$1" ;;
		esac
	done
}

# watch_stall DIR LIMIT: kill QEMU if the console says nothing for LIMIT
# seconds (a hung kernel 2 then fails in LIMIT s, not at the hard timeout).
watch_stall() {
	last='' idle=0 left=$((TIMEOUT + 15))
	# The deadline only guards against being orphaned by an interrupted run.
	while [ ! -f "$1/qemu.rc" ] && [ $((left -= 1)) -gt 0 ]; do
		sleep 1
		[ -f "$1/qemu.pid" ] || continue
		size=$(wc -c < "$1/console.log")
		if [ "$size" = "$last" ]; then
			idle=$((idle + 1))
			if [ "$idle" -ge "$2" ]; then
				echo "no console output for $2 s" > "$1/stalled"
				kill "$(cat "$1/qemu.pid")" 2>/dev/null || true
				return 0
			fi
		else
			idle=0 last=$size
		fi
	done
}

# run_qemu DIR KERNEL INITRD APPEND: boot, console to DIR/console.log,
# marker-line times to DIR/stamps, exit status to DIR/qemu.rc.
run_qemu() {
	d=$1
	rm -f "$d/qemu.rc" "$d/qemu.pid" "$d/stalled"
	: > "$d/console.log"
	# shellcheck disable=SC2086 # QEMU_MACHINE is a list of words
	set -- $QEMU $QEMU_MACHINE -m $MEM ${QEMU_CPUS:--accel tcg -smp 1} -nodefaults -no-reboot \
		-display none -serial stdio $QEMU_EXTRA -kernel "$2" -initrd "$3" -append "$4"
	# For a human who wants to rerun it by hand.
	{ for a in "$@"; do printf '%s ' "$(q "$a")"; done; echo; } > "$d/qemu.cmd"
	echo "$(now_ns) START" > "$d/stamps"
	watch_stall "$d" "$STALL" &
	wpid=$!
	{
		# timeout runs QEMU in its own process group and kills it all.
		timeout -k 5 "$TIMEOUT" "$@" < /dev/null 2>&1 &
		echo $! > "$d/qemu.pid"
		st=0
		wait $! || st=$?
		echo $st > "$d/qemu.rc"
	} | stamp "$d/stamps" 3>&1 > "$d/console.log"
	kill "$wpid" 2>/dev/null || true
	wait "$wpid" 2>/dev/null || true
	echo "$(now_ns) END" >> "$d/stamps"
}

# ---- host side: what a log must show -------------------------------------

LOG=
fail() { printf '%s\n' "$*" >> "$D/fail"; }
# First value after PREFIX in the log ('' if none).
logval() { sed -n "s/.*$1//p" "$LOG" | head -n 1; }
stampof() { awk -v p="$1" 'index($0, p) { print $1; exit }' "$D/stamps"; }
has_word() { case " $1 " in *" $2 "*) return 0 ;; esac; return 1; }

check_rc() { # NAME WANT (a number, or !0)
	l=$(grep -m 1 "KX1: rc=[0-9]* step=$1\( \|$\)" "$LOG" || true)
	if [ -z "$l" ]; then fail "step $1: did not finish"; return; fi
	rc=${l#*KX1: rc=}; rc=${rc%% *}
	case $2 in
	!0) [ "$rc" != 0 ] || fail "step $1: exit status 0, expected non-zero" ;;
	*) [ "$rc" = "$2" ] || fail "step $1: exit status $rc, expected $2" ;;
	esac
}

check_out() { # NAME TEXT: the step's output contains TEXT
	grep "KX1: out $1: " "$LOG" | grep -qF -- "$2" ||
		fail "step $1: output does not mention '$2'"
}

check_out_is() { # NAME TEXT: the step's first output line is TEXT
	o=$(logval "KX1: out $1: ")
	[ "$o" = "$2" ] || fail "step $1: printed '$o', expected '$2'"
}

# check_sys NAME SYSCALL|any yes|no: a successful SYSCALL during step NAME
check_sys() {
	if grep -q "KX1: tracing unavailable" "$LOG"; then
		fail "step $1: cannot check syscalls: no tracefs in kernel 1"
		return
	fi
	case $2 in any) pat='sys_kexec_\(file_\)\{0,1\}load' ;; *) pat="sys_$2" ;; esac
	if [ "$3" = yes ]; then
		grep -q "KX1: sys $1: .*$pat -> 0x0$" "$LOG" ||
			fail "step $1: no successful $2 syscall"
	else
		grep -q "KX1: sys $1: .*$pat(" "$LOG" &&
			fail "step $1: made a $2 syscall: $(grep -m 1 "KX1: sys $1: .*$pat" "$LOG" | sed 's/.*: //')"
	fi
	return 0
}

# check_within NAME LO HI: every segment of the plan printed by step NAME
# (--dry-run lines "N what 0xSTART-0xEND ...") lies inside [LO, HI).
check_within() {
	n=0
	for r in $(grep "KX1: out $1: " "$LOG" | sed -n 's/.* [0-9][0-9]* [a-z_]* *\(0x[0-9a-f]*-0x[0-9a-f]*\) .*/\1/p'); do
		a=${r%-*} b=${r#*-}
		n=$((n + 1))
		[ $((a)) -ge $(($2)) ] && [ $((b)) -le $(($3)) ] || fail "step $1: segment $r is outside [$2, $3)"
	done
	[ "$n" -gt 0 ] || fail "step $1: printed no segments"
}

# check_kaslr: each kernel said "KASLR enabled" (before and after the
# second banner): randomised, so the loader met a real layout and kernel 2
# got fresh seeds.
check_kaslr() {
	n1=$(awk '/Linux version/ { n++ } n == 1 && /KASLR enabled/' "$LOG" | wc -l)
	n2=$(awk '/Linux version/ { n++ } n >= 2 && /KASLR enabled/' "$LOG" | wc -l)
	[ "$n1" -gt 0 ] || fail "kernel 1 did not say 'KASLR enabled'"
	[ "$n2" -gt 0 ] || fail "kernel 2 did not say 'KASLR enabled': $(grep -m 1 'KASLR disabled' "$LOG" || echo 'no KASLR line')"
}

# boot_proof MARKER TOKEN K1_BOOT_ID MIN_BANNERS: kernel 2 booted with the
# marker on its command line and initrd 2 whole. Prints what is wrong.
boot_proof() {
	ok=0
	if ! grep -q "KX2: init" "$LOG"; then
		r=$(grep -m 1 "KX1: rc=[0-9]* step=exec" "$LOG" || true)
		echo "kernel 2's init never ran${r:+ (kexec -e returned: ${r#*KX1: })}"
		return 1
	fi
	n=$(grep -c "Linux version" "$LOG" || true)
	[ "$n" -ge "$4" ] || { echo "$n 'Linux version' banner(s), expected $4"; ok=1; }
	c=$(logval "KX2: cmdline=")
	has_word "$c" "kx.marker=$1" || { echo "kernel 2's cmdline lacks kx.marker=$1: '$c'"; ok=1; }
	t=$(logval "KX2: token=")
	[ "$t" = "$2" ] || { echo "initrd 2's token is '$t', expected '$2'"; ok=1; }
	b=$(logval "KX2: boot_id=")
	if [ -z "$b" ] || [ -z "$3" ] || [ "$b" = "$3" ]; then
		echo "boot ids do not prove a new boot: kernel 1 '$3', kernel 2 '$b'"
		ok=1
	fi
	return $ok
}

# verify: check the log against DIR/expect, written by the scenario.
verify() {
	: > "$D/fail"
	[ ! -f "$D/stalled" ] || fail "killed: $(cat "$D/stalled")"
	qrc=$(cat "$D/qemu.rc" 2>/dev/null || echo '?')
	case $qrc in 124 | 137) fail "killed: hard timeout of $TIMEOUT s" ;; esac
	grep -q "KX1: init" "$LOG" || fail "kernel 1's init never ran (QEMU exit status $qrc)"
	k2c=$(logval "KX2: cmdline=")
	while IFS= read -r e; do
		kind=${e%% *} arg=${e#* }
		case $kind in
		rc) check_rc "${arg%% *}" "${arg#* }" ;;
		out) check_out "${arg%% *}" "${arg#* }" ;;
		is) check_out_is "${arg%% *}" "${arg#* }" ;;
		sys) check_sys "${arg%% *}" "${arg#* }" yes ;;
		nosys) check_sys "${arg%% *}" "${arg#* }" no ;;
		done) grep -q "KX1: done" "$LOG" || fail "kernel 1's scenario did not finish" ;;
		boots)
			boot_proof "$M" "$TOKEN" "$(logval "KX1: boot_id=")" 2 > "$D/proof" || true
			while IFS= read -r l; do fail "$l"; done < "$D/proof"
			;;
		cmdline_is)
			[ "$k2c" = "$arg" ] || fail "kernel 2's cmdline is '$k2c', expected '$arg'" ;;
		lacks)
			case " $k2c" in *" $arg"*) fail "kernel 2's cmdline has $arg: '$k2c'" ;; esac ;;
		has) has_word "$k2c" "$arg" || fail "kernel 2's cmdline lacks $arg: '$k2c'" ;;
		between)
			# A console line from after `kexec -e` and before kernel 2's banner.
			awk -v t="$arg" '/KX1: exec / { e = 1 } /Linux version/ { n++ }
				e && n == 1 && index($0, t) { f = 1 } END { exit !f }' "$LOG" ||
				fail "no '$arg' on the console between kexec -e and kernel 2's banner"
			;;
		efi)
			[ "$(logval "KX1: efi=")" = yes ] || fail "kernel 1 was not booted through EFI (firmware: $QEMU_EXTRA)"
			v=$(logval "KX2: efi=")
			case $v in yes*) ;; *) fail "kernel 2 has no EFI (efi=$v): the EFI state was not passed on" ;; esac
			case $v in *efivars=no*) fail "kernel 2 has no EFI runtime services (no /sys/firmware/efi/efivars: $v)" ;; esac
			# Only x86 has the runtime map (CONFIG_EFI_RUNTIME_MAP).
			if [ "$ARCH" = x86_64 ]; then
				case $v in *runtime=0 | *runtime=) fail "kernel 2 has no EFI runtime map ($v)" ;; esac
			fi
			;;
		nofirmware) fail "no EFI firmware for $ARCH${FIRMWARE:+ at $FIRMWARE} (run: sh scripts/setup.sh $DEBARCH)" ;;
		within) check_within ${arg} ;;
		dt)
			v=$(logval "KX2: dt=")
			[ "$v" = "$arg" ] || fail "kernel 2's /proc/device-tree/kx-e2e/token is '$v', expected '$arg': not booted with the --dtb tree"
			;;
		kaslr) check_kaslr ;;
		nokaslr)
			awk '/Linux version/ { n++ } n == 1 && /KASLR disabled/' "$LOG" | grep -q . ||
				fail "kernel 1 did not say 'KASLR disabled' (booted with nokaslr)"
			;;
		resv)
			v=$(logval "KX2: resv=")
			has_word "$v" "$arg" || fail "kernel 2's tree does not reserve $arg (/reserved-memory: '$v')"
			;;
		setup) fail "$arg" ;;
		vmcore)
			v=$(logval "KX2: vmcore=")
			case $v in '' | none | 0) fail "kernel 2 has no /proc/vmcore (vmcore=$v)" ;; esac
			;;
		makedumpfile)
			v=$(logval "KX2: makedumpfile rc=")
			case $v in
			'0 bytes='[1-9]*) note "makedumpfile -d 31: ${v#*bytes=} bytes (flattened)" ;;
			*) fail "makedumpfile on /proc/vmcore: rc=${v:-none}: $(logval "KX2: makedumpfile says: ")" ;;
			esac
			;;
		kdump)
			python3 "$E2E_DIR/vmcore_check.py" "$LOG" "$KDUMP_KEEP_OUT" "$KDUMP_TEXT" \
				> "$D/vmcore" 2>&1 || true
			while IFS= read -r l; do
				case $l in FAIL:*) fail "${l#FAIL: }" ;; *) note "$l" ;; esac
			done < "$D/vmcore"
			;;
		reuse)
			k1c=$(logval "KX1: cmdline=")
			has_word "$k1c" "kx.k1=$K1W" || fail "kernel 1's cmdline lacks kx.k1=$K1W: '$k1c'"
			for w in $k1c; do
				case $w in BOOT_IMAGE=*) continue ;; esac
				has_word "$k2c" "$w" || fail "kernel 2's cmdline lacks kernel 1's word $w: '$k2c'"
			done
			;;
		*) fail "harness bug: unknown expectation '$e'" ;;
		esac
	done < "$D/expect"
	[ ! -s "$D/fail" ]
}

# prepare_run: check the host and the kexec for arch $A, make paths absolute
# (used by demo.sh too).
prepare_run() {
	arch_setup "$A"
	STALL=${STALL:-$STALL_DEFAULT}
	if [ -n "$APPLET" ]; then
		APPLET=$(cd "$(dirname "$APPLET")" && pwd)/$(basename "$APPLET")
		KEXEC=$APPLET BUSYBOX=$APPLET
	fi
	check_host
	check_kexec
	mkdir -p "$OUT"
	OUT=$(cd "$OUT" && pwd)
	KEXEC=$(cd "$(dirname "$KEXEC")" && pwd)/$(basename "$KEXEC")
	[ -z "$EXTRA" ] || EXTRA=$(cd "$EXTRA" && pwd)
	[ -z "$KEYS" ] || KEYS=$(cd "$KEYS" && pwd)
	[ -z "$KEXEC_SIGNED" ] || KEXEC_SIGNED=$(cd "$(dirname "$KEXEC_SIGNED")" && pwd)/$(basename "$KEXEC_SIGNED")
	[ -z "$UPDATER" ] || UPDATER=$(cd "$(dirname "$UPDATER")" && pwd)/$(basename "$UPDATER")
}

# ---- one scenario --------------------------------------------------------

# run_scenario NAME: prints one result line (and why, on failure).
run_scenario() {
	name=$1
	D=$OUT/$name
	LOG=$D/console.log
	rm -rf "$D"
	mkdir -p "$D"
	M=$(rand_hex 8) TOKEN=$(rand_hex 16) K1W=$(rand_hex 4)
	K2ARGS="console=$CONSOLE panic=-1${FASTARGS:+ $FASTARGS} kx.marker=$M"
	K1ARGS="console=$CONSOLE panic=-1${FASTARGS:+ $FASTARGS} kx.k1=$K1W"
	QEMU_EXTRA= QEMU_CPUS=
	# The scenario's kernel: kernel 1, and kernel 2 as /k2 unless SK2 is
	# set (sc_NAME may choose others: use_file_kernel).
	SK=$KERNEL SK2=
	: > "$D/scenario.sh"
	: > "$D/expect"
	build_initrd2 "$D" "$TOKEN"
	t0=$(now_ns)
	if [ "$name" = selftest ]; then
		if run_selftest; then res=PASS; else res=FAIL; fi
	else
		"sc_$name"
		build_initrd1 "$D" "${SK2:-$SK}"
		run_qemu "$D" "$SK" "$D/initrd1.cpio" "$K1ARGS"
		if verify; then res=PASS; else res=FAIL; fi
	fi
	t1=$(now_ns)
	report "$name" "$res" "$t0" "$t1" > "$D/report"
	echo "$res" > "$D/result"
	cat "$D/report"
	# Keep logs always; the big images only when needed to reproduce.
	[ "$res" = FAIL ] || [ -n "$KEEP" ] || rm -rf "$D/initrd1.cpio" "$D/i2.cpio" "$D/add"
}

# report NAME RESULT T0 T1: the result line with timings, and on failure
# the reasons and the end of the console log.
report() {
	s=$(stampof START) i1=$(stampof "KX1: init") ex=$(stampof "KX1: exec") i2=$(stampof "KX2: init")
	tm=
	[ -z "$s" ] || [ -z "$i1" ] || tm="$tm boot1 $(secs "$s" "$i1")s"
	ld=$(grep -m 1 "KX1: rc=[0-9]* step=load t=" "$LOG" 2>/dev/null | sed 's/.* t=//')
	[ -z "$ld" ] || tm="$tm  load ${ld}s"
	# exec: from `kexec -e` to kernel 2's init; (banner): to kernel 2's
	# first message, i.e. the time spent in purgatory and decompression.
	b2=$(awk '/Linux version/ { if (++n == 2) { print $1; exit } }' "$D/stamps")
	[ -z "$ex" ] || [ -z "$i2" ] || tm="$tm  exec $(secs "$ex" "$i2")s${b2:+ (banner $(secs "$ex" "$b2")s)}"
	[ "$1" != selftest ] || [ -z "$s" ] || [ -z "$i2" ] || tm="$tm boot $(secs "$s" "$i2")s"
	sys=$(sed -n 's/.*KX1: sys load: .*\(sys_kexec[a-z_]*\) -> \(0x[0-9a-f]*\)$/\1=\2/p' "$LOG" 2>/dev/null |
		sed 's/sys_//; s/=0x0$/=ok/; s/=0x[0-9a-f]*$/=err/' | tr '\n' ' ')
	printf '%s %-9s%s  wall %ss%s\n' "$2" "$1" "$tm" "$(secs "$3" "$4")" "${sys:+  [${sys% }]}"
	[ ! -f "$D/note" ] || sed 's/^/      /' "$D/note"
	if [ "$2" = FAIL ]; then
		sed 's/^/    - /' "$D/fail"
		echo "    --- last 25 lines of $LOG ---"
		tail -n 25 "$LOG" | sed 's/^/    | /'
		echo "    (QEMU command line: $D/qemu.cmd)"
	fi
}

# ---- main ----------------------------------------------------------------

usage() {
	sed -n '3,7p' "$0" | sed 's/^# \{0,1\}//' >&2
	exit 2
}

list() {
	for s in $SCENARIOS_ALL; do
		eval "printf '  %-9s %s\n' $s \"\$desc_$s\""
	done
}

# When interrupted: stop this run's lanes (no new scenario starts), then
# the QEMUs they started, each by its pid.
cleanup() {
	for p in $pids; do kill "$p" 2>/dev/null || true; done
	for p in "$OUT"/*/qemu.pid; do
		[ -f "$p" ] && [ ! -f "${p%/qemu.pid}/qemu.rc" ] && kill "$(cat "$p")" 2>/dev/null
	done
	exit 130
}

main() {
	A='' KEXEC='' OUT='' ONLY=${KX_E2E_ONLY:-} JOBS=${KX_E2E_JOBS:-2} KERNEL='' EXTRA='' KEEP=''
	TIMEOUT=${KX_E2E_TIMEOUT:-120} STALL=${KX_E2E_STALL:-}
	while [ $# -gt 0 ]; do
		case $1 in
		--arch) A=$2; shift 2 ;;
		--kexec) KEXEC=$2; shift 2 ;;
		--out) OUT=$2; shift 2 ;;
		--only) ONLY="$ONLY $2"; shift 2 ;;
		--jobs) JOBS=$2; shift 2 ;;
		--kernel) KERNEL=$2; shift 2 ;;
		--extra) EXTRA=$2; shift 2 ;;
		--timeout) TIMEOUT=$2; shift 2 ;;
		--stall) STALL=$2; shift 2 ;;
		--keep) KEEP=1; shift ;;
		--keys) KEYS=$2; shift 2 ;;
		--signed) KEXEC_SIGNED=$2; shift 2 ;;
		--updater) UPDATER=$2; shift 2 ;;
		--busybox) APPLET=$2; shift 2 ;;
		--list) list; exit 0 ;;
		-h | --help) usage ;;
		-*) die "unknown option $1 (see --help)" ;;
		*) ONLY="$ONLY $1"; shift ;;
		esac
	done
	[ -n "$A" ] && [ -n "$KEXEC$APPLET" ] && [ -n "$OUT" ] || usage
	[ -z "$KEXEC" ] || [ -z "$APPLET" ] || die "--kexec and --busybox: one loader at a time"
	ONLY=$(echo "$ONLY" | tr ',' ' ')
	# Without --only: every scenario the kernels can run (choose_kernels);
	# the others still run when named, but for those that do not apply to
	# the arch at all.
	arch_setup "$A"
	choose_kernels
	if [ -z "$APPLET" ]; then
		[ -n "$KEYS" ] || skip_default "signed verify" "no test keys given (--keys DIR)"
		[ -n "$KEXEC_SIGNED" ] || skip_default signed "no signed-only build given (--signed PATH)"
		[ -n "$UPDATER" ] || skip_default updater "no updater built on the library given (--updater PATH)"
	fi
	skipped=0
	if [ -z "$(echo "$ONLY" | tr -d ' ')" ]; then
		cand=$SCENARIOS_ALL
		[ -z "$APPLET" ] || cand=$APPLET_SCENARIOS
		for s in $cand; do
			if has_word "$NOT_BY_DEFAULT" "$s"; then skipped=$((skipped + 1)); else ONLY="$ONLY $s"; fi
		done
	fi
	# shellcheck disable=SC2086 # a list of names
	set -- $ONLY
	for s in "$@"; do
		case " $SCENARIOS_ALL " in *" $s "*) ;; *) die "unknown scenario '$s'; known: $SCENARIOS_ALL" ;; esac
		! has_word "$NA" "$s" || die "scenario $s does not apply to $ARCH: $NA_WHY"
	done
	case $JOBS in '' | *[!0-9]* | 0) die "--jobs wants a positive number" ;; esac
	# Does any scenario run the loader? (selftest boots kernel 2 directly.)
	NEED_KEXEC=0
	for s in "$@"; do [ "$s" = selftest ] || NEED_KEXEC=1; done
	prepare_run
	pids=
	trap cleanup INT TERM
	say "e2e: $ARCH, kernel $KVER, kexec ${APPLET:+the applet of }$KEXEC, $# scenario(s), $JOBS at a time, logs in $OUT"
	[ "$FILE_BOOT" = "$KERNEL" ] ||
		say "e2e: $FILE_SCENARIOS boot $(kver "$FILE_BOOT") ($FILE_BOOT), $FILE_KERNEL_HOW"
	[ "$skipped" = 0 ] || say "e2e: not run by default on $ARCH: $NOT_WHY"
	t0=$(now_ns)
	# Lanes: scenario i runs in lane i mod JOBS, one QEMU per lane.
	i=0
	while [ $i -lt "$JOBS" ]; do
		j=0 lane=
		for s in "$@"; do
			[ $((j % JOBS)) -eq $i ] && lane="$lane $s"
			j=$((j + 1))
		done
		if [ -n "$lane" ]; then
			(for s in $lane; do run_scenario "$s"; done) &
			pids="$pids $!"
		fi
		i=$((i + 1))
	done
	for p in $pids; do wait "$p" || true; done
	pass=0 failed=0 names=
	for s in "$@"; do
		if [ "$(cat "$OUT/$s/result" 2>/dev/null)" = PASS ]; then
			pass=$((pass + 1))
		else
			failed=$((failed + 1)) names="$names $s"
		fi
	done
	say "e2e: wall $(secs "$t0" "$(now_ns)")s${names:+; failed:$names}"
	say "$pass passed, $failed failed$([ "$skipped" = 0 ] || echo ", $skipped skipped")"
	[ "$failed" -eq 0 ]
}

[ -n "${KX_E2E_LIB:-}" ] || main "$@"
