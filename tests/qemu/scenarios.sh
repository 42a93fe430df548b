#!/bin/sh
# tests/qemu/scenarios.sh - sourced by e2e.sh: the scenarios, each a desc_NAME
# line and an sc_NAME function that writes what kernel 1 runs and what the
# host expects (README.md beside this file says what each proves).
# shellcheck disable=SC2034,SC2119,SC2120

# ---- scenarios -----------------------------------------------------------
# sc_NAME writes the guest's commands ($D/scenario.sh) and the host's
# expectations ($D/expect) with these helpers. Variables: M (marker), K2ARGS
# (kernel 2's cmdline), K1ARGS (kernel 1's, may be extended), K1W.

g() { printf '%s\n' "$*" >> "$D/scenario.sh"; }
x() { printf '%s\n' "$*" >> "$D/expect"; }
# st NAME RC COMMAND: run COMMAND in kernel 1, expect exit status RC (N or !0)
st() { g "step $1 $(q "$3")"; x "rc $1 $2"; }
loaded() { st "$1" 0 "cat /sys/kernel/kexec_loaded"; x "is $1 $2"; }
kexec_e() { g "boot exec $(q "${1:-kexec -e}")"; x "boots"; }

desc_basic="kexec -l KERNEL --initrd= --command-line=, then kexec -e (--busybox: also the applet's link and BusyBox's usage text)"
sc_basic() {
	if [ -n "$APPLET" ]; then
		st link 0 "readlink /sbin/kexec"
		x "is link ../bin/busybox"
		# BusyBox answers --help itself, with the applet's //usage: text.
		st usage 0 "kexec --help"
		x "out usage BusyBox v"
		x "out usage Usage: kexec -l|-p KERNEL"
		x "out usage Load and boot another Linux kernel"
	fi
	st load 0 "kexec -l /k2 --initrd=/i2 --command-line=\"$K2ARGS\""
	loaded loaded 1
	kexec_e
	x "cmdline_is $K2ARGS"
}

desc_reuse="--reuse-cmdline --append: kernel 1's words (no BOOT_IMAGE=) + marker"
sc_reuse() {
	# A boot loader's BOOT_IMAGE= first, as GRUB puts it: must be dropped.
	K1ARGS="BOOT_IMAGE=/boot/vmlinuz-$KVER $K1ARGS"
	st load 0 "kexec -l /k2 --initrd=/i2 --reuse-cmdline --append=\"kx.marker=$M\""
	kexec_e
	x "reuse"
	x "lacks BOOT_IMAGE="
}

desc_unload="-l, kexec_loaded=1, -u, kexec_loaded=0, -l again, -e"
sc_unload() {
	loaded loaded0 0
	st load 0 "kexec -l /k2 --initrd=/i2 --command-line=\"$K2ARGS\""
	loaded loaded1 1
	st unload 0 "kexec -u"
	loaded loaded2 0
	st load2 0 "kexec -l /k2 --initrd=/i2 --command-line=\"$K2ARGS\""
	loaded loaded3 1
	kexec_e
	x "cmdline_is $K2ARGS"
}

# note TEXT: a line printed under the scenario's result (which kernel, which
# form of it).
note() { printf '%s\n' "$*" >> "$D/note"; }

# use_file_kernel: the scenario needs kexec_file_load in kernel 1. Boot
# FILE_BOOT (see choose_kernels) as kernel 1 and load it as kernel 2 (or
# the arch's FILE_KERNEL2, the same kernel in the form its kexec_file_load
# takes: riscv64's ELF vmlinux). Our own build must be randomised like
# Debian's kernels are where it can be (its config trusts the boot loader's
# seed for that; riscv has no KASLR in 6.1).
use_file_kernel() {
	SK=$FILE_BOOT
	[ "$SK" != "$KERNEL" ] || return 0
	if [ -n "$FILE_KERNEL2" ]; then
		SK2=$FILE_KERNEL2
		note "kernel 1: $(kver "$SK") ($SK); kernel 2: its ELF vmlinux ($SK2), $FILE_KERNEL_HOW"
	else
		note "kernels 1 and 2: $(kver "$SK") ($SK), $FILE_KERNEL_HOW"
	fi
	! has_config "$SK" CONFIG_RANDOMIZE_BASE || x "kaslr"
}

desc_file="-s: kexec_file_load only"
sc_file() {
	use_file_kernel
	st load 0 "kexec -s -l /k2 --initrd=/i2 --command-line=\"$K2ARGS\""
	x "sys load kexec_file_load"
	x "nosys load kexec_load"
	kexec_e
	x "cmdline_is $K2ARGS"
}

desc_classic="-c: kexec_load only (the loader's own placement and purgatory)"
sc_classic() {
	st load 0 "kexec -c -l /k2 --initrd=/i2 --command-line=\"$K2ARGS\""
	x "sys load kexec_load"
	x "nosys load kexec_file_load"
	kexec_e
	x "cmdline_is $K2ARGS"
}

desc_auto="no -s/-c (the default syscall choice), --append="
sc_auto() {
	st load 0 "kexec -l /k2 --initrd=/i2 --append=\"$K2ARGS\""
	x "sys load any"
	kexec_e
	x "cmdline_is $K2ARGS"
}

desc_status="-S exit codes (1 loaded, 0 not): crash image by default, -l -S normal"
sc_status() {
	st crash0 0 "kexec -S"
	st normal0 0 "kexec -l -S"
	st load 0 "kexec -l /k2 --initrd=/i2 --command-line=\"$K2ARGS\""
	st normal1 1 "kexec -l -S"
	st crash1 0 "kexec -S"
	kexec_e
	x "cmdline_is $K2ARGS"
}

desc_badinput="failing loads change nothing: a truncated kernel (-l, -p), a tree that is no tree (--dtb, where there are trees) and, where the running kernel has no kexec_file_load, the kernel's refusal of -s are refused naming the cause; the kernel and the crash kernel loaded before stay loaded; kernel 2 boots"
sc_badinput() {
	K1ARGS="$K1ARGS crashkernel=$CRASHKERNEL"
	st load 0 "kexec -l /k2 --initrd=/i2 --command-line=\"$K2ARGS\""
	st crash 0 "kexec -p /k2 --initrd=/i2 --command-line=\"console=$CONSOLE kx.marker=crash$M\""
	st mkbad 0 "head -c 100000 /k2 > /kbad && echo 'no device tree' > /bad.dtb"
	bad="--initrd=/i2 --command-line=\"console=$CONSOLE kx.marker=bad$M\""
	st bad 3 "kexec -l /kbad $bad"
	x "out bad /kbad"
	st badcrash 3 "kexec -p /kbad $bad"
	x "out badcrash /kbad"
	if ! has_word "$NA" dtb; then
		st badtree 3 "kexec -l /k2 --dtb=/bad.dtb $bad"
		x "out badtree /bad.dtb"
		st badtreecrash 3 "kexec -p /k2 --dtb=/bad.dtb $bad"
		x "out badtreecrash /bad.dtb"
	fi
	# The kernel's own refusal, where it has no kexec_file_load.
	if ! has_word "$NA" file && ! has_config "$SK" CONFIG_KEXEC_FILE; then
		st refused 5 "kexec -s -l /k2 $bad"
		x "out refused no kexec_file_load (built without CONFIG_KEXEC_FILE)"
		st refusedcrash 5 "kexec -s -p /k2 $bad"
		x "out refusedcrash no kexec_file_load (built without CONFIG_KEXEC_FILE)"
	fi
	loaded loaded 1
	st crashloaded 0 "cat /sys/kernel/kexec_crash_loaded"
	x "is crashloaded 1"
	kexec_e
	x "cmdline_is $K2ARGS"
}

desc_systemd="systemd's form: --load K --append \"...\" --initrd I (separate args)"
sc_systemd() {
	st load 0 "kexec --load /k2 --append \"$K2ARGS\" --initrd /i2"
	loaded loaded 1
	kexec_e
	x "cmdline_is $K2ARGS"
}

desc_crash="kdump: -p with crashkernel=, -S says 1, a panic boots kernel 2 with /proc/vmcore (on Debian's kernel, checked as kdump's)"
sc_crash() {
	use_file_kernel
	# 256M: the reservation with which the crash kernel of x86_64, arm64
	# and riscv64 booted in a 1 GiB guest (kexec-tools, then ours).
	K1ARGS="$K1ARGS crashkernel=$CRASHKERNEL"
	# On Debian's kernel (x86_64: the kernel's own core header through
	# kexec_file_load; arm: ours) the dump is checked as kdump's.
	proof=''
	[ "$SK" != "$KERNEL" ] || proof=1
	st crash0 0 "kexec -S"
	st load 0 "kexec -p /k2 --initrd=/i2 --command-line=\"$K2ARGS${proof:+ kx.scan} nr_cpus=1 reset_devices\""
	# The only way an arch's crash load can work (aarch64: the kernel
	# builds the ELF core headers).
	[ -z "$CRASH_SYSCALL" ] || x "sys load $CRASH_SYSCALL"
	st crash1 1 "kexec -S"
	st normal 0 "kexec -l -S"
	[ -z "$proof" ] || dump_evidence
	kexec_e "echo c > /proc/sysrq-trigger"
	x "vmcore"
	[ -z "$proof" ] || dump_checks
}

# dump_evidence: what the dump must show, as kernel 1 sees it: a token in
# its memory (8 MiB of copies in a file of its initramfs: the crash
# kernel's pass over the dump, from the top, finds one early), its RAM
# and its kernel text.
dump_evidence() {
	[ -n "${KDUMP_NO_TOKEN:-}" ] ||
		st memtoken 0 't=$(tr -d - < /proc/sys/kernel/random/uuid); yes "KXMEM$t" | head -c 8388608 > /kxmem; echo "$t"'
	st iomem 0 "grep -e 'System RAM' -e 'Crash kernel' -e 'Kernel code' -e 'Kernel data' /proc/iomem"
	# (arm64 lists neither _text nor _end: its "Kernel data" ends at _end)
	[ -z "$KDUMP_TEXT" ] || st syms 0 "grep -e ' _text\$' -e ' _stext\$' -e ' _end\$' /proc/kallsyms"
}

# dump_checks: after the panic, /proc/vmcore against that evidence
# (vmcore_check.py), then makedumpfile on it where there is one.
dump_checks() {
	x "kdump"
	if [ -x "$MAKEDUMPFILE/usr/bin/makedumpfile" ]; then
		build_initrd2 "$D" "$TOKEN" makedumpfile
		x "makedumpfile"
	else
		note "no makedumpfile for $ARCH here: the dump is checked by its headers and token only"
	fi
}

desc_kdump="kdump through kexec_load (-c -p, ELF core header ours): /proc/vmcore is kernel 1's memory, as kernel 1 said it is"
sc_kdump() {
	K1ARGS="$K1ARGS crashkernel=$CRASHKERNEL"
	load="kexec -c -p /k2 --initrd=/i2 --command-line=\"$K2ARGS${KDUMP_NO_TOKEN:- kx.scan} nr_cpus=1 reset_devices\""
	if [ -n "${KDUMP_NO_KCORE:-}" ]; then
		# /proc/kcore unreadable (an empty file bound over it): the text
		# from /proc/kallsyms and /proc/iomem.
		st load 0 "(: > /tmp/nokcore && mount --bind /tmp/nokcore /proc/kcore &&
			$load -d 2>&1; r=\$?; umount /proc/kcore; exit \$r)"
		x "out load elfcorehdr: the kernel text from /proc/kallsyms"
	else
		st load 0 "$load"
	fi
	x "sys load kexec_load"
	# A bad VMCOREINFO (a file bound over it): refused before any
	# syscall, the crash kernel loaded above stays (crash1 below).
	st badinfo 3 "(echo junk > /tmp/vi && mount --bind /tmp/vi /sys/kernel/vmcoreinfo &&
		kexec -c -p /k2 --initrd=/i2 --command-line=x; r=\$?; umount /sys/kernel/vmcoreinfo; exit \$r)"
	x "out badinfo /sys/kernel/vmcoreinfo: \"junk\" is not \"ADDRESS SIZE\""
	x "nosys badinfo any"
	# The same for a CPU's crash notes.
	st badnotes 3 "(n=/sys/devices/system/cpu/cpu0/crash_notes && echo junk > /tmp/cn &&
		mount --bind /tmp/cn \$n && kexec -c -p /k2 --initrd=/i2 --command-line=x; r=\$?;
		umount \$n; exit \$r)"
	x "out badnotes /sys/devices/system/cpu/cpu0/crash_notes: \"junk\" is not an address"
	x "nosys badnotes any"
	st crash1 1 "kexec -S"
	dump_evidence
	kexec_e "echo c > /proc/sysrq-trigger"
	x "vmcore"
	dump_checks
}

desc_kdumphigh="kdump with crashkernel=,high in a 5 GiB guest: every segment above 4 GiB, the crash kernel also given the low reservation"
sc_kdumphigh() {
	QEMU_EXTRA="-m 5G"
	CRASHKERNEL="$CRASHKERNEL,high"
	# No token: the pass over 4.6 GiB of dump outlasts the timeout under
	# TCG (kdump looks for it in a 1 GiB guest).
	KDUMP_NO_TOKEN=' kx.notoken'
	sc_kdump
}

desc_nokaslr="kdump with kernel 1 booted nokaslr and no /proc/kcore: the text from /proc/kallsyms (arm64: kexec-tools 2.0.25 finds no _text there)"
sc_nokaslr() {
	K1ARGS="$K1ARGS nokaslr"
	KDUMP_NO_KCORE=1
	sc_kdump
	x "nokaslr"
}

desc_hotplug="kdump with --hotplug (Linux 6.12): a CPU goes offline, the kernel rewrites our core header, the purgatory's check still passes, the crash kernel dumps"
sc_hotplug() {
	if [ ! -f "$HOTPLUG_KERNEL" ]; then
		x "setup no $HOTPLUG_KERNEL (run: sh scripts/setup.sh --e2e $DEBARCH)"
		return
	fi
	SK=$HOTPLUG_KERNEL
	note "kernels 1 and 2: $(kver "$SK") ($SK), Debian trixie's (CONFIG_CRASH_HOTPLUG)"
	# Three possible CPUs, two present: the kernel's new header has a
	# note for each possible one, ours one for each present one, so the
	# purgatory would see other bytes had it hashed the header. 6.12
	# counts a CPU that is not there yet only in a virtual machine it
	# recognises: QEMU's VMware backdoor (vmport, with "VMware" in the
	# DMI serial and no hypervisor CPUID bit) makes it one. One TCG
	# thread for both CPUs: with one each, a CPU may run code the other
	# has just patched (6.12 died booting, "Oops: int3", once in two).
	QEMU_CPUS="-accel tcg,thread=single -smp 2,maxcpus=3"
	QEMU_EXTRA="-M pc,vmport=on -cpu qemu64,-hypervisor -smbios type=1,serial=VMware-kx"
	K1ARGS="$K1ARGS crashkernel=$CRASHKERNEL"
	load="kexec -c -p /k2 --initrd=/i2 --command-line=\"$K2ARGS kx.scan nr_cpus=1 reset_devices\""
	st cpus 0 "cat /sys/devices/system/cpu/possible /sys/devices/system/cpu/present"
	x "is cpus 0-2"
	# Without --hotplug the kernel leaves the header alone (crash_hotplug 0).
	st plain 0 "$load && cat /sys/devices/system/cpu/crash_hotplug"
	x "is plain 0"
	st load 0 "$load --hotplug && cat /sys/devices/system/cpu/crash_hotplug"
	x "is load 1"
	x "sys load kexec_load"
	# The kernel's "updated elfcorehdr" is a debug message.
	st offline 0 "echo 'file crash.c +p' > /proc/dynamic_debug/control &&
		echo 0 > /sys/devices/system/cpu/cpu1/online && dmesg | grep 'crash hp:'"
	x "out offline updated elfcorehdr"
	dump_evidence
	kexec_e "echo c > /proc/sysrq-trigger"
	x "vmcore"
	dump_checks
}

# efi_boot FLAG SYSCALL: kernel 1 under OVMF, load with FLAG, expect SYSCALL
# and a kernel 2 that still has EFI runtime services.
efi_boot() {
	# (fail would be lost: verify starts a new list; an expectation is not)
	[ -n "$OVMF" ] || { x nofirmware; return; }
	QEMU_EXTRA="-bios $OVMF"
	st load 0 "kexec $1 -l /k2 --initrd=/i2 --command-line=\"$K2ARGS\""
	x "sys load $2"
	kexec_e
	x "cmdline_is $K2ARGS"
	x "efi"
}

desc_efi="kernel 1 booted by OVMF (EFI); -c (our boot_params, EFI state, purgatory): kernel 2 keeps EFI runtime"
sc_efi() { efi_boot -c kexec_load; }

desc_efifile="as efi, through kexec_file_load (-s): the kernel's own EFI hand-over"
sc_efifile() {
	use_file_kernel
	efi_boot -s kexec_file_load
}

desc_force="-f KERNEL: load and boot at once, no shutdown"
sc_force() {
	kexec_e "kexec -f /k2 --initrd=/i2 --command-line=\"$K2ARGS\""
	x "cmdline_is $K2ARGS"
}

desc_nochecks="-c -i: kexec_load with the purgatory's SHA-256 check skipped"
sc_nochecks() {
	st load 0 "kexec -c -i -l /k2 --initrd=/i2 --command-line=\"$K2ARGS\""
	x "sys load kexec_load"
	kexec_e
	x "cmdline_is $K2ARGS"
}

desc_bounds="-c --mem-min/--mem-max: the plan stays inside them, and it boots"
sc_bounds() {
	# BOUNDS (per arch): a window inside the guest's RAM.
	lo=${BOUNDS%% *} hi=${BOUNDS#* }
	b="--mem-min=$lo --mem-max=$hi"
	st plan 0 "kexec --dry-run -c -l /k2 --initrd=/i2 $b"
	x "within plan $lo $hi"
	st load 0 "kexec -c -l /k2 --initrd=/i2 --command-line=\"$K2ARGS\" $b"
	x "sys load kexec_load"
	kexec_e
	x "cmdline_is $K2ARGS"
}

# make_dtb FILE TOKEN: the tree QEMU gives kernel 1 (same machine, CPU,
# RAM and CPU count; dumped by QEMU itself), plus a node /kx-e2e whose
# property token is TOKEN. Its /chosen has no bootargs and no initrd: the
# loader writes those into a user's tree.
make_dtb() {
	# -M virt -cpu X  ->  -M virt,dumpdtb=FILE.dump -cpu X
	mach=$(printf '%s' "$QEMU_MACHINE" | sed "s|^-M \([^ ]*\)|-M \1,dumpdtb=$1.dump|")
	# shellcheck disable=SC2086 # mach is a list of words
	$QEMU $mach -m $MEM -accel tcg -smp 1 -nodefaults -display none > "$1.log" 2>&1 &&
		fdtput -p -t s "$1.dump" /kx-e2e token "$2" >> "$1.log" 2>&1 &&
		dtc -q -I dtb -O dtb -o "$1" "$1.dump" >> "$1.log" 2>&1
	rc=$?
	rm -f "$1.dump"
	[ $rc = 0 ] || return 1
	rm -f "$1.log"
}

desc_dtb="--dtb: QEMU's tree plus a node with a random token; kernel 2 reads it back (kexec_load, -d says why)"
# One for every device-tree arch; per arch: DTB_WHY, DTB_KEEPS.
sc_dtb() {
	DTOK=$(rand_hex 16)
	mkdir -p "$D/add"
	if ! make_dtb "$D/add/dtb" "$DTOK"; then
		x "setup cannot make the tree with $QEMU dumpdtb, fdtput and dtc: $(tr '\n' ' ' < "$D/add/dtb.log")"
		return
	fi
	note "tree: $QEMU_MACHINE -m $MEM -smp 1 (dumpdtb), + /kx-e2e/token = \"$DTOK\""
	# The default mode (no -s/-c): the arm64 and riscv64 kexec_file_load
	# take no tree, 32-bit arm has none, so the loader must choose
	# kexec_load and say why under -d.
	st load 0 "kexec -d -l /k2 --initrd=/i2 --dtb=/dtb --command-line=\"$K2ARGS\""
	x "out load using kexec_load: $DTB_WHY"
	x "sys load kexec_load"
	x "nosys load kexec_file_load"
	kexec_e
	# Kernel 2 sees the token, and what the loader put in /chosen: the
	# command line (exactly) and the initrd (the boot proof's token); and
	# the firmware's reservation QEMU's tree lacks, where there is one.
	x "dt $DTOK"
	x "cmdline_is $K2ARGS"
	[ -z "$DTB_KEEPS" ] || x "resv $DTB_KEEPS"
}

# fit_tree: $D/fit.dtb, QEMU's tree with a token, DTOK (else a setup
# failure, and false).
fit_tree() {
	DTOK=$(rand_hex 16)
	mkdir -p "$D/add"
	make_dtb "$D/fit.dtb" "$DTOK" && return 0
	x "setup cannot make the tree with $QEMU dumpdtb, fdtput and dtc: $(tr '\n' ' ' < "$D/fit.dtb.log")"
	return 1
}

# fit_its FILE KERNEL TREE SIGN: the source of a FIT of KERNEL, TREE and
# initrd 2, each image with a hash node; SIGN: the properties of a
# signature-1 node of its configuration (empty: none).
fit_its() {
	sig=
	[ -z "$4" ] || sig="signature-1 { $4 };"
	cat > "$1" <<-EOF
	/dts-v1/;
	/ {
		description = "kx e2e";
		#address-cells = <1>;
		images {
			kernel-1 {
				data = /incbin/("$2");
				type = "kernel"; arch = "$FIT_ARCH"; os = "linux"; compression = "none";
				load = <0x80000>; entry = <0x80000>;
				hash-1 { algo = "sha256"; };
			};
			fdt-1 {
				data = /incbin/("$3");
				type = "flat_dt"; arch = "$FIT_ARCH"; compression = "none";
				hash-1 { algo = "sha1"; };
			};
			ramdisk-1 {
				data = /incbin/("$D/i2.cpio");
				type = "ramdisk"; arch = "$FIT_ARCH"; os = "linux"; compression = "none";
				hash-1 { algo = "sha256"; };
				hash-2 { algo = "crc32"; };
			};
		};
		configurations {
			default = "conf-1";
			conf-1 { kernel = "kernel-1"; fdt = "fdt-1"; ramdisk = "ramdisk-1";
				 $sig };
		};
	};
	EOF
}

# sign_manifest OUT KERNEL INITRD CMDLINE: a manifest naming KERNEL as k2
# and INITRD as i2 (as kernel 1 has them) and CMDLINE, signed with the
# test key (signify -S -e).
sign_manifest() {
	mkdir -p "$D/m"
	ln -sf "$(readlink -f "$2")" "$D/m/k2"
	ln -sf "$(readlink -f "$3")" "$D/m/i2"
	(cd "$D/m" && sha256sum --tag k2 i2 && echo "cmdline: $4") > "$D/m/manifest"
	signify-openbsd -S -e -s "$KEYS/test.sec" -m "$D/m/manifest" -x "$1"
}

desc_fit="a FIT (mkimage -E) of kernel 2, QEMU's tree with a token and initrd 2: kernel 2 boots from its images; the same FIT with a byte changed is refused and the loaded one stays"
sc_fit() {
	fit_tree || return 0
	# What Yocto's and Buildroot's FITs hold: each image with a hash
	# node, the data after the tree (-E), load and entry addresses.
	fit_its "$D/fit.its" "${SK2:-$SK}" "$D/fit.dtb" ""
	if ! mkimage -E -f "$D/fit.its" "$D/add/k2.itb" > "$D/fit.log" 2>&1; then
		x "setup mkimage -E -f failed: $(tail -n 3 "$D/fit.log" | tr '\n' ' ')"
		return
	fi
	# 64 bytes into the ramdisk's data, after the tree (its totalsize
	# rounded up to 4, plus data-offset): inside initrd 2's first cpio
	# header, whose hex digits "KXKX" is not.
	ts=$(od -An -tu4 --endian=big -j 4 -N 4 "$D/add/k2.itb" | tr -d ' ')
	off=$(( (ts + 3) / 4 * 4 + $(fdtget -t u "$D/add/k2.itb" /images/ramdisk-1 data-offset) + 64 ))
	note "FIT: mkimage -E of kernel 2, the tree (+ /kx-e2e/token = \"$DTOK\") and initrd 2, $(wc -c < "$D/add/k2.itb") bytes"
	st load 0 "kexec -l /k2.itb --command-line=\"$K2ARGS\""
	x "sys load kexec_load"
	st bad 3 "cp /k2.itb /bad.itb && printf KXKX | dd of=/bad.itb bs=1 seek=$off conv=notrunc 2> /dev/null &&
		kexec -l /bad.itb --command-line=\"console=$CONSOLE kx.marker=bad$M\""
	x "out bad FIT image ramdisk-1: its sha256 (hash-1) does not match"
	x "nosys bad any"
	loaded loaded 1
	kexec_e
	x "dt $DTOK"
	x "cmdline_is $K2ARGS"
}

desc_signed="the signed-only build (its board defconfig, the test keys built in): a plain kernel, --fit-keys and an --initrd beside the FIT refused; a FIT of kernel 2, a tree with a token and initrd 2, its configuration signed with the test RSA key, loads; the same FIT with one byte of its signature changed is refused and the loaded one stays; kernel 2 boots from the signed images"
sc_signed() {
	fit_tree || return 0
	fit_its "$D/fit.its" "${SK2:-$SK}" "$D/fit.dtb" \
		'algo = "sha256,rsa2048"; key-name-hint = "dev"; sign-images = "kernel", "fdt", "ramdisk";'
	if ! mkimage -f "$D/fit.its" -k "$KEYS/fit" "$D/add/k2s.itb" > "$D/fit.log" 2>&1; then
		x "setup mkimage -f -k failed: $(tail -n 3 "$D/fit.log" | tr '\n' ' ')"
		return
	fi
	# One bit of the signature's last byte changed, in place (same
	# length): the value stays below the modulus, so the refusal is the
	# mismatch (a changed first byte can land above it, which is refused
	# for that instead).
	cp "$D/add/k2s.itb" "$D/add/bad.itb"
	sig=/configurations/conf-1/signature-1
	v=$(fdtget -t bx "$D/add/bad.itb" "$sig" value)
	# shellcheck disable=SC2086 # the bytes, one word each
	fdtput -t bx "$D/add/bad.itb" "$sig" value ${v% *} "$(printf %x $((0x${v##* } ^ 1)))"
	note "FIT: mkimage -f -k of kernel 2, the tree (+ /kx-e2e/token = \"$DTOK\") and initrd 2, $(wc -c < "$D/add/k2s.itb") bytes, RSA-2048 over its configuration"
	st plain 3 "kexec-signed -l /k2 --command-line=\"$K2ARGS\""
	x "out plain not signed: this kexec loads only what the keys built into it verify"
	x "nosys plain any"
	st keys 3 "kexec-signed -l /k2s.itb --fit-keys=/k2s.itb"
	x "out keys this kexec checks with the keys built into it only"
	st initrd 3 "kexec-signed -l /k2s.itb --initrd=/i2"
	x "out initrd --initrd /i2: no manifest (--verify) covers it"
	x "nosys initrd any"
	st dry 0 "kexec-signed --dry-run -l /k2s.itb --command-line=\"$K2ARGS\""
	x "out dry signed: signature-1 (sha256,rsa2048, pkcs-1.5) with key-dev"
	st load 0 "kexec-signed -l /k2s.itb --command-line=\"$K2ARGS\""
	x "sys load kexec_load"
	st bad 3 "kexec-signed -l /bad.itb --command-line=\"console=$CONSOLE kx.marker=bad$M\""
	x "out bad FIT configuration conf-1: required key key-dev: the signature does not match"
	x "nosys bad any"
	loaded loaded 1
	# A build with manifests too (arm's): one checked, not loaded.
	if grep -q '^CONFIG_VERIFY=y' "$(dirname "$KEXEC_SIGNED")/.config" 2>/dev/null; then
		sign_manifest "$D/add/m.sig" "${SK2:-$SK}" "$D/i2.cpio" "$K2ARGS"
		st manifest 0 "kexec-signed --dry-run -l /k2 --initrd=/i2 --verify=/m.sig"
		x "out manifest verified:     /m.sig, signed with key"
		x "nosys manifest any"
	fi
	kexec_e
	x "dt $DTOK"
	x "cmdline_is $K2ARGS"
}

desc_verify="--verify: a manifest of kernel 2, initrd 2 and the command line, signed with the test signify key (--verify-key): loaded from sealed memfds, kernel 2 boots with the manifest's command line (none given); the manifest with one byte changed is refused and the loaded one stays"
sc_verify() {
	mkdir -p "$D/add"
	sign_manifest "$D/add/m.sig" "${SK2:-$SK}" "$D/i2.cpio" "$K2ARGS"
	cp "$KEYS/test.pub" "$D/add/k.pub"
	sed 's/kx\.marker=/kx.markes=/' "$D/add/m.sig" > "$D/add/bad.sig"
	st load 0 "kexec -l /k2 --initrd=/i2 --verify=/m.sig --verify-key=/k.pub"
	x "sys load kexec_file_load"
	st bad 3 "kexec -l /k2 --initrd=/i2 --verify=/bad.sig --verify-key=/k.pub"
	x "out bad the signature does not verify with key"
	x "nosys bad any"
	loaded loaded 1
	kexec_e
	x "cmdline_is $K2ARGS"
}

desc_updater="examples/update.c, built on the installed library (pkg-config), as kernel 1's updater: it loads kernel 2 and initrd 2, then boots them with --exec"
sc_updater() {
	st load 0 "update /k2 /i2 \"$K2ARGS\""
	x "out load update: bzImage /k2 loaded by kexec_file_load: 4 segments"
	x "sys load kexec_file_load"
	loaded loaded 1
	kexec_e "update --exec"
	x "cmdline_is $K2ARGS"
}

is_gzip() { [ "$(od -An -N2 -tx1 "$1" | tr -d ' \n')" = 1f8b ]; }

desc_image="kernel 2 in the other form: Image.gz if vmlinuz is a raw Image, else the raw Image"
sc_image() {
	mkdir -p "$D/add"
	v=$(basename "$(readlink -f "$KERNEL")")
	if is_gzip "$KERNEL"; then
		k=/k2.Image
		gzip -dc < "$KERNEL" > "$D/add$k"
		note "kernel 2: Image ($(wc -c < "$D/add$k") bytes), gunzip of $v (Image.gz)"
		st load 0 "kexec -d -l $k --initrd=/i2 --command-line=\"$K2ARGS\""
		x "sys load any"
	else
		k=/k2.Image.gz
		gzip -c < "$KERNEL" > "$D/add$k"
		note "kernel 2: Image.gz ($(wc -c < "$D/add$k") bytes), gzip of $v (raw Image, $(wc -c < "$(readlink -f "$KERNEL")") bytes)"
		# The loader inflates it; kexec_file_load would get it through
		# a memfd, but Debian's kernel has none: kexec_load.
		st load 0 "kexec -d -l $k --initrd=/i2 --command-line=\"$K2ARGS\""
		x "out load kernel $k: gzip, inflated"
		x "out load : a sealed memfd, gunzipped"
		x "out load falling back to kexec_load"
		x "sys load kexec_load"
	fi
	kexec_e
	x "cmdline_is $K2ARGS"
}

# le32 N: N as 4 little-endian bytes on stdout.
le32() {
	printf "\\$(printf %03o $(($1 & 255)))\\$(printf %03o $(($1 >> 8 & 255)))"
	printf "\\$(printf %03o $(($1 >> 16 & 255)))\\$(printf %03o $(($1 >> 24 & 255)))"
}

# mk_zboot IMAGE OUT: an EFI zboot file around a gzip of IMAGE, with the
# fields of the kernel's zboot-header.S that a loader reads ("MZ", "zimg",
# the payload's offset and size, the codec's name at 0x18) and no PE
# header or EFI code: what a kernel with CONFIG_EFI_ZBOOT makes, for a
# loader that unpacks it (the tests build no zboot kernel).
mk_zboot() {
	gzip -9 -c < "$1" > "$2.payload"
	{
		printf 'MZ\000\000zimg'
		le32 4096
		le32 "$(wc -c < "$2.payload")"
		head -c 8 /dev/zero
		printf gzip
		head -c $((4096 - 28)) /dev/zero
		cat "$2.payload"
	} > "$2"
	rm -f "$2.payload"
}

desc_zboot="kernel 2 as an EFI zboot (vmlinuz.efi: a gzip'ed Image inside a PE wrapper), default syscall choice"
sc_zboot() {
	mkdir -p "$D/add"
	mk_zboot "$(readlink -f "$KERNEL")" "$D/add/k2.efi"
	note "kernel 2: zboot ($(wc -c < "$D/add/k2.efi") bytes) around a gzip of $(basename "$(readlink -f "$KERNEL")")"
	st load 0 "kexec -d -l /k2.efi --initrd=/i2 --command-line=\"$K2ARGS\""
	x "out load kernel /k2.efi: zboot: EFI zboot, gzip payload"
	x "out load : a sealed memfd, unpacked from its EFI zboot"
	x "sys load any"
	kexec_e
	x "cmdline_is $K2ARGS"
}

desc_unwrap="-s with an Image.gz, then with an EFI zboot: kexec_file_load gets the unwrapped Image through a sealed memfd"
sc_unwrap() {
	use_file_kernel
	mkdir -p "$D/add"
	gzip -c < "$SK" > "$D/add/k2.Image.gz"
	mk_zboot "$SK" "$D/add/k2.efi"
	st gz 0 "kexec -d -s -l /k2.Image.gz --initrd=/i2 --command-line=\"$K2ARGS\""
	x "out gz : a sealed memfd, gunzipped"
	x "sys gz kexec_file_load"
	x "nosys gz kexec_load"
	st load 0 "kexec -d -s -l /k2.efi --initrd=/i2 --command-line=\"$K2ARGS\""
	x "out load : a sealed memfd, unpacked from its EFI zboot"
	x "sys load kexec_file_load"
	x "nosys load kexec_load"
	kexec_e
	x "cmdline_is $K2ARGS"
}

# mk_uki OUT CMDLINE [DTB]: a unified kernel image as systemd's documentation
# makes one with objcopy: the distribution's systemd-stub (systemd-boot-efi)
# with kernel 2 as .linux, initrd 2 as .initrd, CMDLINE as .cmdline and,
# given, DTB as .dtb.
mk_uki() {
	printf '%s' "$2" > "$1.cmdline"
	set -- "$1" --add-section .cmdline="$1.cmdline" --change-section-vma .cmdline=0x30000 ${3:+--add-section .dtb="$3" --change-section-vma .dtb=0x40000}
	out=$1
	shift
	"$OBJCOPY" "$@" --add-section .linux="$(readlink -f "$KERNEL")" --change-section-vma .linux=0x2000000 \
		--add-section .initrd="$D/i2.cpio" --change-section-vma .initrd=0x6000000 "$UKI_STUB" "$out" 2> "$out.log" &&
		rm -f "$out.cmdline" "$out.log"
}

desc_uki="kernel 2 from a unified kernel image (systemd-stub, .linux, .initrd, .cmdline; arm64: .dtb) with no --initrd nor command line: the UKI's own"
sc_uki() {
	[ -f "$UKI_STUB" ] || { x "setup no systemd-stub at $UKI_STUB (run: sh scripts/setup.sh --e2e $DEBARCH)"; return; }
	mkdir -p "$D/add"
	dtb=
	if [ "$ARCH" = aarch64 ]; then
		DTOK=$(rand_hex 16) dtb=$D/uki.dtb
		make_dtb "$dtb" "$DTOK" || { x "setup cannot make the tree: $(tr '\n' ' ' < "$dtb.log")"; return; }
		x "dt $DTOK"
	fi
	mk_uki "$D/add/k2.efi" "$K2ARGS" "$dtb" || { x "setup $OBJCOPY failed: $(cat "$D/add/k2.efi.log")"; return; }
	note "kernel 2: a UKI of $(wc -c < "$D/add/k2.efi") bytes, $(basename "$UKI_STUB") + .linux, .initrd, .cmdline${dtb:+, .dtb (QEMU's tree + /kx-e2e/token)}"
	st load 0 "kexec -d -l /k2.efi"
	x "out load kernel /k2.efi: uki: "
	x "out load the command line is its .cmdline"
	x "sys load any"
	kexec_e
	x "cmdline_is $K2ARGS"
}

desc_ukiappend="a UKI with --append: the command line given replaces the UKI's .cmdline; its initrd stays"
sc_ukiappend() {
	[ -f "$UKI_STUB" ] || { x "setup no systemd-stub at $UKI_STUB (run: sh scripts/setup.sh --e2e $DEBARCH)"; return; }
	mkdir -p "$D/add"
	mk_uki "$D/add/k2.efi" "console=$CONSOLE kx.fromuki=1" || { x "setup $OBJCOPY failed: $(cat "$D/add/k2.efi.log")"; return; }
	st load 0 "kexec -l /k2.efi --append=\"$K2ARGS\""
	x "sys load any"
	kexec_e
	x "cmdline_is $K2ARGS"
	x "lacks kx.fromuki=1"
}

desc_serial="--serial: the purgatory's line on the UART between kernel 1 and kernel 2 (arm64: Buildroot's own kexec test's invocation)"
sc_serial() {
	line="kexec: purgatory: checked"
	if [ "$ARCH" = aarch64 ]; then
		# Buildroot's support/testing/tests/package/test_kexec.py, as it
		# is (no initrd: it boots a disk), loaded; then the same with
		# initrd 2 and the marker, booted.
		g "mkdir -p /boot; ln -sf /k2 /boot/Image"
		st br 0 "kexec -d -l --dtb=/sys/firmware/fdt --reuse-cmdline --serial=ttyAMA0 --append=br-test /boot/Image"
		x "out br --serial=ttyAMA0: a PL011 (8-bit) at 0x9000000"
		x "sys br kexec_load"
		st load 0 "kexec -d -l --dtb=/sys/firmware/fdt --reuse-cmdline --serial=ttyAMA0 --append=\"br-test kx.marker=$M\" --initrd=/i2 /boot/Image"
		x "reuse"
		x "has br-test"
	else
		# kexec-tools' x86 form, and the rate set again.
		st load 0 "kexec -d -l --console-serial --serial=ttyS0 --serial-baud=115200 /k2 --initrd=/i2 --command-line=\"$K2ARGS\""
		x "out load --serial=ttyS0: an 8250 at an I/O port at 0x3f8, its baud rate set"
		x "cmdline_is $K2ARGS"
	fi
	x "sys load kexec_load"
	kexec_e
	x "between $line"
}

# be32 N: N as 4 big-endian bytes on stdout.
be32() {
	printf "\\$(printf %03o $(($1 >> 24 & 255)))\\$(printf %03o $(($1 >> 16 & 255)))"
	printf "\\$(printf %03o $(($1 >> 8 & 255)))\\$(printf %03o $(($1 & 255)))"
}

# crc32 FILE: its CRC-32 (the one zlib and U-Boot use) as a number, read
# from the trailer gzip writes (RFC 1952: CRC32 then ISIZE, little-endian).
crc32() {
	# shellcheck disable=SC2046 # four words
	set -- $(gzip -c < "$1" | tail -c 8 | od -An -tx1 -N4)
	echo $((0x$4$3$2$1))
}

# uimage_hdr DIR HCRC SIZE LOAD EP DCRC NAME: U-Boot's 64-byte legacy
# header (include/image.h): Linux, arm, kernel, not compressed.
uimage_hdr() {
	{
		be32 $((0x27051956)); be32 "$2"; be32 1700000000; be32 "$3"
		be32 "$4"; be32 "$5"; be32 "$6"
		printf '\005\002\002\000%s' "$7"
		head -c $((32 - ${#7})) /dev/zero
	} > "$1/uimage.hdr"
}

# mk_uimage SRC DST LOAD NAME: SRC wrapped as mkimage -A arm -O linux
# -T kernel -C none -a LOAD -e LOAD -n NAME would do it (no u-boot-tools
# needed).
mk_uimage() {
	t=$(dirname "$2")
	uimage_hdr "$t" 0 "$(wc -c < "$1")" "$3" "$3" "$(crc32 "$1")" "$4"
	uimage_hdr "$t" "$(crc32 "$t/uimage.hdr")" "$(wc -c < "$1")" "$3" "$3" "$(crc32 "$1")" "$4"
	cat "$t/uimage.hdr" "$1" > "$2"
	rm -f "$t/uimage.hdr"
}

desc_uimage="kernel 2 as a uImage (made for 0x80008000, not RAM here) boots; a damaged copy is refused by its CRC"
sc_uimage() {
	mkdir -p "$D/add"
	mk_uimage "$KERNEL" "$D/add/k2.uimage" $((0x80008000)) "kx-e2e $KVER"
	st bad0 0 "cp /k2.uimage /kbad && printf '\\377' | dd of=/kbad bs=1 seek=100000 conv=notrunc 2>/dev/null"
	st bad '!0' "kexec -l /kbad --initrd=/i2 --command-line=\"console=$CONSOLE kx.marker=bad$M\""
	x "out bad damaged data"
	st load 0 "kexec -d -l /k2.uimage --initrd=/i2 --command-line=\"$K2ARGS\""
	x "out load uImage \"kx-e2e"
	x "out load load address 0x80008000 is not used"
	x "sys load kexec_load"
	kexec_e
	x "cmdline_is $K2ARGS"
}

desc_lockdown="kernel 2 loaded, then lockdown raised at run time (integrity, securityfs unmounted again): loads refused with lockdown named (kexec_file_load: no fallback; -c), -S and -p -u still answer, kernel 2 boots"
sc_lockdown() {
	st load 0 "kexec -l /k2 --initrd=/i2 --command-line=\"$K2ARGS\""
	st lock 0 "mount -t securityfs securityfs /sys/kernel/security && echo integrity > /sys/kernel/security/lockdown && cat /sys/kernel/security/lockdown && umount /sys/kernel/security"
	x "out lock none [integrity] confidentiality"
	# Debian's kernel is signed, but with no key of a keyring QEMU's boot
	# gives the kernel: kexec_file_load refuses it under lockdown (EPERM).
	st load2 5 "kexec -l /k2 --initrd=/i2 --command-line=\"console=$CONSOLE kx.marker=no$M\""
	x "out load2 not permitted: the kernel is locked down (/sys/kernel/security/lockdown: none [integrity] confidentiality); only a kernel signed with a trusted key may be loaded"
	x "nosys load2 kexec_load"
	st load3 5 "kexec -c -l /k2 --initrd=/i2 --command-line=\"console=$CONSOLE kx.marker=no$M\""
	x "out load3 kexec_load failed: not permitted: the kernel is locked down"
	st status 1 "kexec -l -S"
	st crashu 0 "kexec -p -u"
	kexec_e
	x "cmdline_is $K2ARGS"
}

desc_disabled="kernel 2 loaded, then kexec_load_disabled set to 1: loads and unloads refused naming it, -S still answers, kernel 2 boots"
sc_disabled() {
	st load 0 "kexec -l /k2 --initrd=/i2 --command-line=\"$K2ARGS\""
	st off 0 "echo 1 > /proc/sys/kernel/kexec_load_disabled"
	st load2 5 "kexec -l /k2 --initrd=/i2 --command-line=\"console=$CONSOLE kx.marker=no$M\""
	x "out load2 not permitted: kexec is disabled (/proc/sys/kernel/kexec_load_disabled is 1; only a reboot clears it)"
	x "nosys load2 kexec_load"
	st load3 5 "kexec -c -l /k2 --initrd=/i2"
	x "out load3 kexec is disabled"
	st status 1 "kexec -l -S"
	st crashu 5 "kexec -p -u"
	x "out crashu kexec is disabled"
	kexec_e
	x "cmdline_is $K2ARGS"
}

desc_kernelsig="kernel 1 under lockdown=integrity trusts a test key (built in): kernel 2 signed with it (sbsign) loads through kexec_file_load; then an unsigned one and one signed with another key are refused (EPERM, lockdown named, no kexec_load), -c refuses even the signed one, and kernel 2 stays loaded and boots; a refused -p load says the crash kernel before it is gone"
sc_kernelsig() {
	use_file_kernel
	keys=$(dirname "$FILE_KERNEL")/keys
	command -v sbsign > /dev/null || { x "setup no sbsign (run: sh scripts/setup.sh $DEBARCH)"; return; }
	[ -f "$keys/trusted.pem" ] ||
		{ x "setup no $keys/trusted.pem (run: sh scripts/setup.sh --e2e $DEBARCH)"; return; }
	mkdir -p "$D/add"
	for k in trusted other; do
		sbsign --key "$keys/$k.pem" --cert "$keys/$k.pem" --output "$D/add/k2.$k" \
			"${SK2:-$SK}" > "$D/sbsign.log" 2>&1 ||
			{ x "setup sbsign failed: $(cat "$D/sbsign.log")"; return; }
	done
	K1ARGS="$K1ARGS lockdown=integrity crashkernel=$CRASHKERNEL"
	refused="not permitted: the kernel is locked down (/sys/kernel/security/lockdown: none [integrity] confidentiality); only a kernel signed with a trusted key may be loaded"
	no="--initrd=/i2 --command-line=\"console=$CONSOLE kx.marker=no$M\""
	st signed 0 "kexec -l /k2.trusted --initrd=/i2 --command-line=\"$K2ARGS\""
	x "sys signed kexec_file_load"
	x "nosys signed kexec_load"
	st unsigned 5 "kexec -l /k2 $no"
	x "out unsigned /k2: kexec_file_load failed: $refused"
	x "nosys unsigned kexec_load"
	st other 5 "kexec -l /k2.other $no"
	x "out other /k2.other: kexec_file_load failed: $refused"
	x "nosys other kexec_load"
	st classic 5 "kexec -c -l /k2.trusted $no"
	x "out classic kexec_load failed: not permitted: the kernel is locked down"
	loaded loaded 1
	# Linux drops the crash kernel before it checks a new one's signature.
	st crash 0 "kexec -p /k2.trusted $no"
	st crashbad 5 "kexec -p /k2 $no"
	x "out crashbad /k2: kexec_file_load failed: $refused"
	x "out crashbad ; the crash kernel loaded before is gone too"
	st crashnone 0 "cat /sys/kernel/kexec_crash_loaded"
	x "is crashnone 0"
	kexec_e
	x "cmdline_is $K2ARGS"
}

desc_dryrun="--dry-run -l: plans, succeeds, makes no kexec syscall, loads nothing"
sc_dryrun() {
	st plan 0 "kexec --dry-run -l /k2 --initrd=/i2 --command-line=\"$K2ARGS\""
	x "nosys plan any"
	loaded loaded 0
	x "done"
}

desc_selftest="the harness itself: kernel 2 booted directly; right marker/token pass, wrong ones fail"
# No kexec: boots kernel 2 + initrd 2 straight from QEMU, then runs the
# boot proof with the right values (must pass) and with each one wrong
# (must fail), so a check that cannot fail is caught.
run_selftest() {
	run_qemu "$D" "$KERNEL" "$D/i2.cpio" "$K2ARGS"
	: > "$D/fail"
	fake=$(rand_hex 16)
	if ! boot_proof "$M" "$TOKEN" "$fake" 1 > "$D/proof"; then
		while IFS= read -r l; do fail "right values rejected: $l"; done < "$D/proof"
	fi
	k2id=$(logval "KX2: boot_id=")
	for bad in "wrong marker|${M}0|$TOKEN|$fake|1" "wrong token|$M|x$TOKEN|$fake|1" \
		"same boot id|$M|$TOKEN|$k2id|1" "one banner only|$M|$TOKEN|$fake|2"; do
		what=${bad%%|*} r=${bad#*|}
		m=${r%%|*} r=${r#*|}
		t=${r%%|*} r=${r#*|}
		b=${r%%|*} n=${r#*|}
		if boot_proof "$m" "$t" "$b" "$n" > /dev/null; then
			fail "the boot proof accepted a $what"
		fi
	done
	[ ! -s "$D/fail" ]
}
