#!/bin/sh
# tests/qemu/demo.sh - `make demo`: one kexec, explained, inside QEMU.
#
#   demo.sh --arch x86_64|aarch64 --kexec PATH --out DIR [--brief]
#           [--kernel VMLINUZ] [--extra DIR]
#
# Boots kernel 1 in a virtual machine, shows the loader's dry-run plan,
# loads kernel 2 with `kexec -l`, jumps to it with `kexec -e`, and shows
# kernel 2 proving it booted with what was loaded. The guest's console is
# streamed to the terminal (--brief: only the demo's lines and the key
# kernel messages). Nothing is loaded or booted on this machine itself.
# Uses the functions of e2e.sh (same initramfs, same checks).
set -eu

HERE=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=tests/qemu/e2e.sh
KX_E2E_LIB=1 . "$HERE/e2e.sh"

if [ -t 1 ]; then
	BOLD=$(printf '\033[1m') DIM=$(printf '\033[2m') GREEN=$(printf '\033[32m')
	RED=$(printf '\033[31m') OFF=$(printf '\033[0m')
else
	BOLD='' DIM='' GREEN='' RED='' OFF=''
fi

# Narration: a heading and a paragraph, wrapped for the terminal.
step_no=0
heading() {
	step_no=$((step_no + 1))
	printf '\n%s%d. %s%s\n' "$BOLD" "$step_no" "$*" "$OFF"
}
para() { printf '%s\n' "$*" | fold -s -w 76 | sed 's/^/   /'; }

# The guest's lines: ours in bold, the kernel's dimmed; --brief keeps only
# ours and the few kernel messages that mark the story.
show_line() {
	case $1 in
	*KX1:* | *KX2:*) printf '  | %s%s%s\n' "$BOLD" "$1" "$OFF" ;;
	*"Linux version"* | *"Run /init"* | *"kexec_core"* | *"Kernel panic"* | *"reboot: "*)
		printf '  | %s\n' "$1" ;;
	*) [ -n "$BRIEF" ] || printf '  | %s%s%s\n' "$DIM" "$1" "$OFF" ;;
	esac
}

# The demo's scenario: the same building blocks as e2e.sh's scenarios, plus
# lines of narration that kernel 1 prints between the steps.
tell() { g "echo $(q "KX1: --- $*")"; }
sc_demo() {
	tell "This is kernel 1, booted by QEMU. Its init runs the demo's commands."
	st version 0 "kexec --version"
	tell "Dry run: what would be loaded, and where, without loading anything:"
	g "step plan $(q "kexec --dry-run -l /k2 --initrd=/i2 --command-line=\"$K2ARGS\"")"
	loaded loaded0 0
	tell "Now the real load: kernel 2 and its initrd are copied into kernel 1's memory."
	st load 0 "kexec -l /k2 --initrd=/i2 --command-line=\"$K2ARGS\""
	loaded loaded1 1
	tell "Loaded (kexec_loaded is 1). Jumping to kernel 2: no firmware, no boot loader."
	kexec_e
	x "cmdline_is $K2ARGS"
}

main_demo() {
	A='' KEXEC='' OUT='' BRIEF='' KERNEL='' EXTRA='' KEEP=1
	TIMEOUT=${KX_E2E_TIMEOUT:-120} STALL=${KX_E2E_STALL:-}
	while [ $# -gt 0 ]; do
		case $1 in
		--arch) A=$2; shift 2 ;;
		--kexec) KEXEC=$2; shift 2 ;;
		--out) OUT=$2; shift 2 ;;
		--kernel) KERNEL=$2; shift 2 ;;
		--extra) EXTRA=$2; shift 2 ;;
		--brief) BRIEF=1; shift ;;
		*) sed -n '3,5p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2 ;;
		esac
	done
	[ -n "$A" ] && [ -n "$KEXEC" ] && [ -n "$OUT" ] || { sed -n '3,5p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2; }
	prepare_run

	printf '%skexec demo (%s)%s\n' "$BOLD" "$ARCH" "$OFF"
	para "kexec lets a running Linux kernel load another kernel into memory and jump straight into it, skipping the firmware and the boot loader. This demo does that inside a virtual machine (QEMU, software emulation), so nothing happens to this computer. It takes well under a minute."

	heading "The pieces"
	para "Kernel: Debian's $KPKG package, version $KVER ($KERNEL, $(wc -c < "$(readlink -f "$KERNEL")") bytes). The same file serves as kernel 1 (booted by QEMU) and as kernel 2 (booted by kexec)."
	para "Loader under test: $KEXEC ($(wc -c < "$KEXEC") bytes), copied into kernel 1's initramfs as /sbin/kexec."
	para "Userland: busybox ($BUSYBOX), and a small /init script for each kernel."

	D=$OUT/demo
	LOG=$D/console.log
	rm -rf "$D"
	mkdir -p "$D"
	M=$(rand_hex 8) TOKEN=$(rand_hex 16) K1W=$(rand_hex 4)
	K2ARGS="console=$CONSOLE panic=-1${FASTARGS:+ $FASTARGS} kx.marker=$M"
	K1ARGS="console=$CONSOLE panic=-1${FASTARGS:+ $FASTARGS} kx.k1=$K1W"
	: > "$D/scenario.sh"
	: > "$D/expect"

	heading "Two random proofs"
	para "A marker for kernel 2's command line: kx.marker=$M. Only the 'kexec -l' command carries it, so if kernel 2 reports it, kernel 2 was started by our loader with the command line we gave."
	para "A token file inside initrd 2: $TOKEN. Kernel 2 reads it back from its initrd: proof that the initrd arrived whole (the token is its last file)."
	build_initrd2 "$D" "$TOKEN"
	sc_demo
	build_initrd1 "$D" "$KERNEL"
	para "Kernel 1's initramfs: $D/initrd1.cpio ($(wc -c < "$D/initrd1.cpio") bytes) holds busybox, the loader, kernel 2 as /k2 and initrd 2 as /i2 ($(wc -c < "$D/i2.cpio") bytes)."

	heading "Booting kernel 1, then kexec into kernel 2"
	para "Kernel 1's command line: $K1ARGS"
	para "The console of the virtual machine follows. Lines marked KX1 come from kernel 1's init (its 'sys' lines are the kexec system calls the loader made, read from the kernel's tracer), KX2 from kernel 2's. QEMU stops when kernel 2 powers off."
	SHOW=1
	run_qemu "$D" "$KERNEL" "$D/initrd1.cpio" "$K1ARGS"
	SHOW=

	heading "What the console shows"
	if verify; then ok=1; else ok=; fi
	k2c=$(logval "KX2: cmdline=")
	para "Kernel 2's command line: ${k2c:-(none: kernel 2 did not reach its init)}"
	para "Token read by kernel 2: $(logval "KX2: token=") (written by this host: $TOKEN)"
	para "Boot ids: kernel 1 $(logval "KX1: boot_id="), kernel 2 $(logval "KX2: boot_id=") (a new boot gets a new one)."
	para "Kernel banners ('Linux version'): $(grep -c "Linux version" "$LOG" || true) (one per boot)."
	tm=$(report demo PASS 0 0 | sed -n '1s/^PASS demo *//; 1s/  wall.*//p')
	[ -z "$tm" ] || para "Times under emulation: $tm (boot1: QEMU start to kernel 1's init; load: kexec -l; exec: kexec -e to kernel 2's init)."
	para "Full console log: $LOG"
	echo
	if [ -n "$ok" ]; then
		printf '%sDEMO PASSED: kernel 2 booted through kexec with marker %s and token %s.%s\n' \
			"$GREEN$BOLD" "$M" "$TOKEN" "$OFF"
	else
		printf '%sDEMO FAILED:%s\n' "$RED$BOLD" "$OFF"
		sed 's/^/  - /' "$D/fail"
		return 1
	fi
}

main_demo "$@"
