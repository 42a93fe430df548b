#!/bin/sh
# tests/cli/run.sh KEXEC NOKEXEC PEAKRSS: the built static binary on this host, always
# under NOKEXEC (seccomp refuses kexec_load, kexec_file_load and reboot), with
# --test-root fixture trees.  Exit codes and messages are checked exactly.
set -u
kexec=$1 nokexec=$2 peakrss=$3
TC=${KX_TC:-$HOME/.cache/kexec-tc}
kernel=$TC/kernels/amd64/vmlinuz
t=$(mktemp -d)
trap 'rm -rf "$t"' EXIT
pass=0 fail=0

. "$(dirname "$0")/fixture.sh"

# check NAME WANT-RC WANT-TEXT CMD...: run, compare exit code and output.
check() {
	name=$1 want=$2 text=$3
	shift 3
	# (a run that hangs, on a FIFO say, fails after 30 s)
	out=$(timeout 30 "$nokexec" "$kexec" "$@" 2>&1)
	rc=$?
	if [ "$rc" -eq "$want" ] && { [ -z "$text" ] || printf '%s' "$out" | grep -qF -- "$text"; }; then
		pass=$((pass + 1))
	else
		fail=$((fail + 1))
		printf 'FAIL %s: exit %s (want %s), output lacks "%s":\n%s\n' "$name" "$rc" "$want" "$text" "$out"
	fi
}

R=$(mkroot r)
L=$(mkroot loaded 1 0)
C=$(mkroot crash 0 1)
head -c 100000 "$kernel" > "$t/truncated"
head -c 4096 /dev/zero | tr '\0' j > "$t/junk"
tiny=$t/tiny; echo "not a kernel" > "$tiny"
: > "$t/empty"
head -c 4096 /dev/urandom > "$t/initrd"
long=$(head -c 3000 /dev/zero | tr '\0' a)

check version 0 "kexec 0.1.0 (x86_64)" --version
check help 0 "--reuse-cmdline" --help
check unknown-option 2 "unknown option --bogus" --bogus
check unknown-short 2 "unknown option -z" -z
check refused-option 2 "--reuse-video-type: a kexec-tools option this kexec does not implement" --reuse-video-type -l "$kernel"
check missing-value 2 "needs a value" -l "$kernel" --initrd
check bad-mem-min 2 "--mem-min=zz: not a number" --mem-min=zz -l "$kernel"
check no-kernel 2 "no kernel image given" -l
check two-kernels 2 "unexpected argument" -l "$kernel" "$kernel"
check missing-kernel 3 "kernel $t/nope: No such file or directory" --test-root="$R" --dry-run -l "$t/nope"
check missing-initrd 3 "initrd $t/nope: No such file or directory" --test-root="$R" --dry-run -l "$kernel" --initrd="$t/nope"
check empty-kernel 3 "kernel $t/empty: empty file" --test-root="$R" --dry-run -l "$t/empty"
check dir-kernel 3 "not a regular file" --test-root="$R" --dry-run -l "$t"
# FIFOs with no writer: refused at once, never waited on.
mkfifo "$t/fifo"
check fifo-kernel 3 "kernel $t/fifo: not a regular file (a FIFO)" --test-root="$R" --dry-run -l "$t/fifo"
check fifo-initrd 3 "initrd $t/fifo: not a regular file (a FIFO)" --test-root="$R" --dry-run \
	-l "$kernel" --initrd="$t/fifo"
check devzero-kernel 3 "kernel /dev/zero: not a regular file (a character device)" \
	--test-root="$R" --dry-run -l /dev/zero
# 4 GiB of holes: refused from its size (1 GiB of RAM here), never read.
truncate -s 4G "$t/sparse.initrd"
check sparse-initrd 4 "initrd $t/sparse.initrd: no free RAM for 4096.0 MiB" --test-root="$R" \
	--dry-run -c -l "$kernel" --initrd="$t/sparse.initrd"
check junk-kernel 3 "bzImage: no 0xAA55 boot flag" --test-root="$R" --dry-run -l "$t/junk"
check tiny-kernel 3 "bzImage: 13 bytes is too short for a setup header" --test-root="$R" --dry-run -l "$tiny"
check truncated-kernel 3 "truncated" --test-root="$R" --dry-run -l "$t/truncated"
check no-iomem 3 "/proc/iomem: No such file or directory" --test-root="$t/nothing" --dry-run -l "$kernel"
check long-cmdline 4 "command line: 3001 bytes" --test-root="$R" --dry-run -l "$kernel" --command-line="$long"
check mem-max-too-low 4 "no free RAM" --test-root="$R" --dry-run -l "$kernel" --mem-max=0x2000000
check dry-run 0 "dry run:      nothing was loaded" --test-root="$R" --dry-run -l "$kernel" --initrd="$t/initrd" --append="console=ttyS0"
check dry-run-segments 0 "3 purgatory" --test-root="$R" --dry-run -l "$kernel" --initrd="$t/initrd"
check systemd-form 0 'command line: 12 bytes (limit 2048): "root=/dev/x"' --test-root="$R" --dry-run --load "$kernel" --append "root=/dev/x" --initrd "$t/initrd"
check reuse 0 '"root=/dev/vda ro crashkernel=256M quiet"' --test-root="$R" --dry-run -l "$kernel" --reuse-cmdline --append=quiet
check reuse-panic-drops-crashkernel 0 '"root=/dev/vda ro"' --test-root="$C" --dry-run -p "$kernel" --reuse-cmdline
check panic-in-crash-region 0 "ram:        0x030000000-0x040000000" --test-root="$C" --dry-run -p "$kernel"
# A crash kernel through kexec_load: the files its core header is made of.
mkdir -p "$C/sys/devices/system/cpu/cpu0"
echo 3ec1a3c8 > "$C/sys/devices/system/cpu/cpu0/crash_notes"
echo 432 > "$C/sys/devices/system/cpu/cpu0/crash_notes_size"
printf 'ffffffff9a000000 T _text\nffffffff9a000000 T _stext\nffffffff9c000000 B _end\n' > "$C/proc/kallsyms"
check panic-classic-no-vmcoreinfo 3 "/sys/kernel/vmcoreinfo: No such file or directory (a kernel without CONFIG_CRASH_CORE?)" --test-root="$C" --dry-run -c -p "$kernel"
echo "0x0000000002d3a000 1024" > "$C/sys/kernel/vmcoreinfo"
check panic-classic 0 "elfcorehdr  0x03ffff000-0x040000000" --test-root="$C" --dry-run -c -p "$kernel"
check panic-classic-core 0 "core header:  ELF64 at 0x3ffff000: 1 CPU note, VMCOREINFO at 0x2d3a000, 1 RAM range (767.0 MiB)" --test-root="$C" --dry-run -c -p "$kernel"
check panic-classic-json 0 '"core_header":{"class":64,"addr":1073737728,"size":4096,"hotplug":false,"cpu_notes":1,' --test-root="$C" --dry-run --json -c -p "$kernel"
check panic-classic-cmdline 0 'command line: 39 bytes (limit 2048): "elfcorehdr=0x3ffff000 root=/dev/vda ro"' --test-root="$C" --dry-run -c -p "$kernel" --reuse-cmdline
check panic-elf32-refused 4 "ELF32 core headers cannot hold memory at 0x1000000-0x3000000: its virtual address is a 64-bit kernel's: use ELF64" --test-root="$C" --dry-run -c -p "$kernel" --elf32-core-headers
# --hotplug: the room the running kernel asks for, and its flag.
check hotplug-needs-p 2 "--hotplug: for a crash kernel only (-p)" --test-root="$C" --dry-run -l --hotplug "$kernel"
check hotplug-no-kernel-support 5 "--hotplug: no /sys/kernel/crash_elfcorehdr_size: the running kernel cannot update" --test-root="$C" --dry-run -c -p --hotplug "$kernel"
echo 917616 > "$C/sys/kernel/crash_elfcorehdr_size"
check hotplug-room 0 "elfcorehdr  0x03ff1f000-0x040000000" --test-root="$C" --dry-run -c -p --hotplug "$kernel"
check hotplug-line 0 "  hotplug:    the kernel rewrites it as CPUs and memory change: 921600 bytes of room, not in the purgatory's digest" --test-root="$C" --dry-run -c -p --hotplug "$kernel"
check hotplug-flags 0 "flags=0x3e0009) via recorder" --test-root="$C" --dry-run -d -c -p --hotplug "$kernel"
check hotplug-json 0 '"size":921600,"hotplug":true,' --test-root="$C" --dry-run --json -c -p --hotplug "$kernel"
rm "$C/sys/kernel/crash_elfcorehdr_size"
gzip -c "$kernel" > "$t/vmlinuz.gz"
check gzip-kernel 0 "  kernel:     a sealed memfd of the $(gzip -dc "$t/vmlinuz.gz" | wc -c)-byte kernel gunzipped from the file" --test-root="$R" --dry-run -l "$t/vmlinuz.gz"
check gzip-kernel-c 0 "syscall:      kexec_load (-c)" --test-root="$R" --dry-run -c -l "$t/vmlinuz.gz"
check ckr-size 0 "268435456" --test-root="$R" --print-ckr-size
check fit-config-not-fit 3 "--fit-config=conf-2: kernel $kernel is not a FIT" --test-root="$R" --dry-run -l --fit-config=conf-2 "$kernel"
check fit-keys-not-fit 3 "--fit-keys=$t/keys.dtb: kernel $kernel is not a FIT" --test-root="$R" --dry-run -l --fit-keys="$t/keys.dtb" "$kernel"
# --verify: a signify-signed manifest of the kernel, initrd and command line.
if grep -q '^CONFIG_VERIFY=y' "${KX_CONFIG:-/dev/null}"; then
	mkdir -p "$t/slot"; cp "$kernel" "$t/slot/vmlinuz"; cp "$t/initrd" "$t/slot/initrd"
	signify-openbsd -G -n -p "$t/k.pub" -s "$t/k.sec" -c test
	(cd "$t/slot" && sha256sum --tag vmlinuz initrd && echo "cmdline: console=ttyS0 root=/dev/vda") > "$t/m"
	signify-openbsd -S -e -s "$t/k.sec" -m "$t/m" -x "$t/m.sig"
	keynum=$(sed -n 2p "$t/k.pub" | base64 -d | od -An -v -tx1 -j2 -N8 | tr -d ' \n')
	V="--verify=$t/m.sig --verify-key=$t/k.pub"
	# shellcheck disable=SC2086 # V: two words
	check verify 0 "verified:     $t/m.sig, signed with key $keynum ($t/k.pub); each file sealed, then checked" --test-root="$R" --dry-run -l $V --initrd="$t/slot/initrd" "$t/slot/vmlinuz"
	# shellcheck disable=SC2086
	check verify-cmdline 0 'command line: 28 bytes (limit 2048): "console=ttyS0 root=/dev/vda"' --test-root="$R" --dry-run -l $V --initrd="$t/slot/initrd" "$t/slot/vmlinuz"
	# shellcheck disable=SC2086
	check verify-file 0 "kernel:     a sealed memfd of the file as it was checked" --test-root="$R" --dry-run -s -l $V --initrd="$t/slot/initrd" "$t/slot/vmlinuz"
	# shellcheck disable=SC2086
	check verify-json 0 "\"verify\":{\"manifest\":\"$t/m.sig\",\"key\":\"$t/k.pub\",\"keynum\":\"$keynum\"" --test-root="$R" --dry-run --json -l $V --initrd="$t/slot/initrd" "$t/slot/vmlinuz"
	# shellcheck disable=SC2086
	check verify-other-cmdline 3 "command line \"quiet\": not the one the manifest $t/m.sig gives" --test-root="$R" --dry-run -l $V --append=quiet --initrd="$t/slot/initrd" "$t/slot/vmlinuz"
	cp "$kernel" "$t/bzImage"
	# shellcheck disable=SC2086
	check verify-other-file 3 "kernel $t/bzImage: the manifest $t/m.sig does not name bzImage" --test-root="$R" --dry-run -l $V --initrd="$t/slot/initrd" "$t/bzImage"
	sed 's/ttyS0/ttyS1/' "$t/m.sig" > "$t/m2.sig"
	check verify-tampered 3 "--verify $t/m2.sig: the signature does not verify with key $keynum" --test-root="$R" --dry-run -l --verify="$t/m2.sig" --verify-key="$t/k.pub" --initrd="$t/slot/initrd" "$t/slot/vmlinuz"
	check verify-fifo 3 "--verify $t/fifo: not a regular file" --test-root="$R" --dry-run -l \
		--verify="$t/fifo" --verify-key="$t/k.pub" "$t/slot/vmlinuz"
	check verify-no-key 3 "--verify $t/m.sig: no key to check it with: give --verify-key (none is built in)" --test-root="$R" --dry-run -l --verify="$t/m.sig" "$t/slot/vmlinuz"
	check verify-key-alone 2 "--verify-key: for a manifest (--verify) only" -l --verify-key="$t/k.pub" "$kernel"
else
	check verify-off 3 "--verify $t/m.sig: this kexec was built without CONFIG_VERIFY" --test-root="$R" --dry-run -l --verify="$t/m.sig" "$kernel"
fi
mkdir -p "$t/nockr/proc"; printf '00100000-3fffffff : System RAM\n' > "$t/nockr/proc/iomem"
check ckr-size-none 0 "0" --test-root="$t/nockr" --print-ckr-size
check file-flags 0 "flags=0x3c) via recorder" --test-root="$R" --dry-run -d -s --no-cma --force-dtb -l "$kernel"
mkdir -p "$R/sys/class/tty/ttyS1"; echo 0 > "$R/sys/class/tty/ttyS1/io_type"; echo 0x2F8 > "$R/sys/class/tty/ttyS1/port"
check serial 0 "syscall:      kexec_load (-a, the default); kexec_load because --serial: the console line is this kexec's purgatory's" --test-root="$R" --dry-run --serial=ttyS1 -l "$kernel"
check serial-debug 0 "--serial=ttyS1: an 8250 at an I/O port at 0x2f8, its baud rate set" --test-root="$R" --dry-run -d --serial=ttyS1 --serial-baud=9600 -l "$kernel"
check console-serial 0 "--serial=0x3f8: an 8250 at an I/O port at 0x3f8" --test-root="$R" --dry-run -d --console-serial -l "$kernel"
check serial-missing 3 "--serial=ttyS7: /sys/class/tty/ttyS7/io_type: No such file or directory (not a serial port of the running kernel?)" --test-root="$R" --dry-run --serial=ttyS7 -l "$kernel"
check serial-baud-bad 2 "--serial-baud=x: not a number" --test-root="$R" --dry-run --serial=ttyS1 --serial-baud=x -l "$kernel"
check serial-s 4 "kexec_file_load (-s) impossible: --serial" --test-root="$R" --dry-run -s --serial=ttyS1 -l "$kernel"
check plain-kernel 0 "  kernel:     the file as it is" --test-root="$R" --dry-run -s -l "$kernel"
head -c 3000000 "$t/vmlinuz.gz" > "$t/cut.gz"
check gzip-truncated 3 "or a truncated file" --test-root="$R" --dry-run -l "$t/cut.gz"
check classic 0 "syscall:      kexec_load (-c)" --test-root="$R" --dry-run -c -l "$kernel"
check json-plan 0 '"format":"bzImage"' --test-root="$R" --dry-run --json -l "$kernel" --command-line='a "quoted" b'
check json-escape 0 '"cmdline":"a \"quoted\" b"' --test-root="$R" --dry-run --json -l "$kernel" --command-line='a "quoted" b'
check json-error 3 '"stage":"input"' --test-root="$R" --dry-run --json -l "$t/junk"
check status-crash-not-loaded 0 "" --test-root="$R" -S
check status-crash-loaded 1 "" --test-root="$C" -S
check status-normal-loaded 1 "" --test-root="$L" -l -S
check status-normal-not-loaded 0 "" --test-root="$C" -l -S
check status-json 1 '"loaded":true,"crash_loaded":false' --test-root="$L" -l -S --json
check exec-nothing-loaded 5 "nothing has been loaded" --test-root="$R" -e --dry-run
check exec-dry-run 0 "would reboot into the loaded image" --test-root="$L" -e --dry-run
check force-dry-run 0 "dry run: would reboot into it" --test-root="$R" -f "$kernel" --dry-run
check force-no-kernel-nothing-loaded 5 "nothing has been loaded" --test-root="$R" -f --dry-run
check unload-dry-run 0 "would unload the normal image" -u --dry-run
# Real syscalls (without --test-root: a fake /proc and /sys may feed only
# dry runs and -S), refused by nokexec's seccomp with EPERM: named and
# explained, exit 5.  The causes a fixture root shows (kexec_load_disabled,
# lockdown, the load limit) are test_load.c's eperm_causes.
check eperm-file 5 "kexec_file_load failed: not permitted" -s -l "$kernel"
check eperm-classic 5 "kexec_load failed: not permitted" -c -l "$kernel"
check eperm-unload 5 "kexec_file_load failed: not permitted" -u
check test-root-real-load 2 "--test-root is for tests: only with --dry-run, -S or --print-ckr-size" --test-root="$R" -l "$kernel"
check test-root-real-unload 2 "--test-root is for tests: only with --dry-run, -S or --print-ckr-size" --test-root="$R" -u
check type-alias 0 "image:        bzImage" --test-root="$R" --dry-run -t bzImage64 -l "$kernel"
check type-unknown 3 "--type=elf-x86_64: unknown image type" --test-root="$R" --dry-run --type=elf-x86_64 -l "$kernel"
check json-data 0 "" --test-root="$L" --dry-run --json -l "$kernel"
"$nokexec" "$kexec" --test-root="$L" --dry-run --json -l "$kernel" --initrd="$t/initrd" |
	python3 -c 'import json,sys; p=json.load(sys.stdin); assert len(p["segments"])==4 and p["segments"][3]["what"]=="purgatory" and p["dry_run"] is True, p' &&
	pass=$((pass + 1)) || { fail=$((fail + 1)); echo "FAIL json-parse"; }

# A gzip that is no kernel costs its first 64 KiB, not its size: 1 GiB of
# zeros is refused with less than 1 MiB more at the peak than a 13-byte
# file (the fixture has 16 GiB, so the trailer's 1 GiB passes the limit).
B=$(mkroot big)
printf 'MemTotal:       16777216 kB\nMemAvailable:   16000000 kB\n' > "$B/proc/meminfo"
head -c 1073741824 /dev/zero | gzip -1 > "$t/bomb.gz"
check gzip-bomb 3 "kernel $t/bomb.gz: gzip data whose start is not a kernel image this kexec can load for x86_64 (bzImage: no 0xAA55 boot flag at 0x1fe; uki: a uki is not gzip-compressed)" --test-root="$B" --dry-run -l "$t/bomb.gz"
set -- $("$peakrss" "$nokexec" "$kexec" --test-root="$B" --dry-run -l "$tiny")
base=$2
set -- $("$peakrss" "$nokexec" "$kexec" --test-root="$B" --dry-run -l "$t/bomb.gz")
if [ "$1" -eq 3 ] && [ $(($2 - base)) -lt 1024 ]; then
	pass=$((pass + 1))
else
	fail=$((fail + 1))
	printf 'FAIL gzip-bomb-memory: exit %s, peak %s KiB against %s KiB for a 13-byte file\n' "$1" "$2" "$base"
fi
rm -f "$t/bomb.gz"

# A file truncated while the loader reads it (-c: the purgatory's digest
# reads all of a 256 MiB initrd): named, exit 3, no SIGBUS.  The
# truncation comes once the loader has the initrd mapped; should the load
# win that race anyway, it is tried again (3 times at most).
truncated_during_load() {
	big=$t/big.initrd
	for try in 1 2 3; do
		rm -f "$big"
		truncate -s 256M "$big"
		"$nokexec" "$kexec" --test-root="$R" --dry-run -c -l "$kernel" --initrd="$big" > "$t/race.out" 2>&1 &
		pid=$!
		while kill -0 "$pid" 2> /dev/null && ! grep -qF "$big" "/proc/$pid/maps" 2> /dev/null; do :; done
		truncate -s 1M "$big"
		wait "$pid"
		rc=$?
		[ "$rc" -eq 0 ] || break
	done
	rm -f "$big"
	if [ "$rc" -eq 3 ] && grep -qF "initrd $big: changed size while being loaded (268435456 bytes when opened, 1048576 now)" "$t/race.out"; then
		pass=$((pass + 1))
	else
		fail=$((fail + 1))
		printf 'FAIL truncated-during-load: exit %s after %s tries:\n%s\n' "$rc" "$try" "$(cat "$t/race.out")"
	fi
}
truncated_during_load

echo "cli: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
