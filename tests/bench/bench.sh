#!/bin/sh
# bench.sh BUILD-DIR: the figures `make bench` prints.
#  - size of the stripped static kexec for each architecture built
#  - --dry-run wall time (hyperfine) and anonymous memory at the would-be
#    syscall for Debian's kernel with a 1 MiB and a 256 MiB initrd
#  - the peak memory of refusing a gzip of 1 GiB of zeros
#  - SHA-256 throughput (generic C and the CPU's SHA instructions)
#  - the arm64 purgatory's SHA-256 check with caches off: instructions and
#    data accesses per byte under qemu-aarch64 (purgatory_figure.sh)
# Targets: binary <= 128 KiB; RssAnon(256 MiB) - RssAnon(1 MiB) <= 1 MiB;
# the gzip of zeros refused with < 1 MiB more at the peak than a tiny file.
set -eu
B=$1
SRC=$(cd "$(dirname "$0")/../.." && pwd)
TC=${KX_TC:-$HOME/.cache/kexec-tc}
work=$B/bench
mkdir -p "$work"
nokexec=$B/test/nokexec
peakrss=$B/test/peakrss
fail=0

echo "== size (stripped, static)"
for bin in "$B"/kexec "$B"/build-*/kexec; do
	[ -f "$bin" ] || continue
	arch=$(file -b "$bin" | cut -d, -f2 | sed 's/^ //')
	size=$(stat -c %s "$bin")
	verdict=ok; [ "$size" -le 131072 ] || { verdict="OVER 128 KiB"; fail=1; }
	printf '  %-28s %8d bytes (%s)  %s\n' "$arch" "$size" "$bin" "$verdict"
done

kernel=$(ls "$TC"/kernels/amd64/vmlinuz 2>/dev/null || true)
if [ -z "$kernel" ]; then
	echo "no Debian kernel in $TC/kernels/amd64: run 'make deps'" >&2
	exit 1
fi
for mib in 1 256; do
	f=$work/initrd-$mib
	[ "$(stat -c %s "$f" 2>/dev/null || echo 0)" -eq $((mib << 20)) ] ||
		head -c $((mib << 20)) /dev/urandom > "$f"
done

echo "== kexec --dry-run -l $kernel (through nokexec; nothing is loaded)"
echo "   -a: the default, kexec_file_load; -c: kexec_load, which also hashes every segment for the purgatory"
for mode in a c; do
	for mib in 1 256; do
		run="$nokexec $B/kexec --dry-run -$mode -l $kernel --initrd=$work/initrd-$mib --command-line=console=ttyS0"
		$run > "$work/plan-$mode-$mib.txt"
		anon=$(sed -n 's/.*RssAnon \([0-9]*\) kB.*/\1/p' "$work/plan-$mode-$mib.txt")
		hwm=$(sed -n 's/.*VmHWM \([0-9]*\) kB.*/\1/p' "$work/plan-$mode-$mib.txt")
		eval "anon_${mode}_$mib=$anon"
		if command -v hyperfine >/dev/null; then
			hyperfine -N -w 3 -r 20 --export-json "$work/time-$mode-$mib.json" "$run" >/dev/null 2>&1
			t=$(python3 -c "import json,sys; r=json.load(open(sys.argv[1]))['results'][0]; t=sorted(r['times']); print('median %6.1f ms, IQR %4.1f ms' % (r['median']*1e3, (t[14]-t[5])*1e3))" "$work/time-$mode-$mib.json")
		else
			t="(hyperfine not installed)"
		fi
		printf '  -%s initrd %3d MiB: %s; RssAnon %s kB, VmHWM %s kB at the would-be syscall\n' "$mode" "$mib" "$t" "$anon" "$hwm"
	done
done
growth=$((anon_c_256 - anon_c_1))
verdict=ok; [ "$growth" -le 1024 ] || { verdict="OVER 1 MiB"; fail=1; }
printf "  anonymous memory, 256 MiB vs 1 MiB initrd: %+d kB  %s\n" "$growth" "$verdict"

# A gzip that is no kernel is refused from its first 64 KiB (the fixture
# root has 16 GiB, so the trailer's 1 GiB is within the limit).
echo "== refusing a gzip of 1 GiB of zeros (peak resident set of kexec --dry-run, through nokexec)"
[ -s "$work/bomb.gz" ] || head -c 1073741824 /dev/zero | gzip -1 > "$work/bomb.gz"
echo "not a kernel" > "$work/tiny"
mkdir -p "$work/root/proc"
printf '00100000-3fffffff : System RAM\n' > "$work/root/proc/iomem"
printf 'MemTotal:       16777216 kB\nMemAvailable:   16000000 kB\n' > "$work/root/proc/meminfo"
set -- $("$peakrss" "$nokexec" "$B/kexec" --test-root="$work/root" --dry-run -l "$work/tiny")
base=$2
set -- $("$peakrss" "$nokexec" "$B/kexec" --test-root="$work/root" --dry-run -l "$work/bomb.gz")
verdict=ok; [ "$1" -eq 3 ] && [ $(($2 - base)) -lt 1024 ] || { verdict="OVER 1 MiB (or not refused: exit $1)"; fail=1; }
printf '  %d kB at the peak, %+d kB over refusing a 13-byte file (%d kB)  %s\n' "$2" $(($2 - base)) "$base" "$verdict"

# kexec_file_load takes an unwrapped kernel through a memfd: its cost for
# Debian's arm64 Image (33 MB), gzip'ed, against the raw Image passed as
# the file itself.  Run by the arm64 build under qemu-aarch64 (its
# RssAnon is qemu's process, the guest's memory included: the difference
# between the two runs is what the unwrapped copy costs).
echo "== an unwrapped kernel through kexec_file_load (arm64, -s --dry-run, under qemu-aarch64)"
qemu=$(command -v qemu-aarch64-static || command -v qemu-aarch64 || true)
img=$TC/kernels/arm64/vmlinuz
if [ -x "$B/build-arm64/kexec" ] && [ -f "$img" ] && [ -n "$qemu" ] && command -v qemu-system-aarch64 >/dev/null; then
	r=$work/root-arm64
	mkdir -p "$r/proc" "$r/sys/firmware"
	printf '40000000-7fffffff : System RAM\n' > "$r/proc/iomem"
	printf 'MemTotal:       1048576 kB\nMemAvailable:    900000 kB\n' > "$r/proc/meminfo"
	echo console=ttyAMA0 > "$r/proc/cmdline"
	# QEMU's own tree for its virt board stands for the running one.
	[ -s "$r/sys/firmware/fdt" ] ||
		qemu-system-aarch64 -M virt,dumpdtb="$r/sys/firmware/fdt" -cpu cortex-a57 -m 1024 -nographic >/dev/null 2>&1
	[ -s "$work/Image.gz" ] || gzip -c < "$img" > "$work/Image.gz"
	for k in "$img" "$work/Image.gz"; do
		"$nokexec" "$qemu" "$B/build-arm64/kexec" --test-root="$r" --dry-run -s -l "$k" --command-line=console=ttyAMA0 > "$work/unwrap.txt"
		anon=$(sed -n 's/.*RssAnon \([0-9]*\) kB.*/\1/p' "$work/unwrap.txt")
		memfd=$(sed -n 's/.*a sealed memfd of the \([0-9]*\)-byte kernel.*/\1/p' "$work/unwrap.txt")
		if [ -z "$memfd" ]; then
			raw=$anon
			printf '  Image (%d bytes), the file itself: RssAnon %s kB\n' "$(stat -L -c %s "$img")" "$anon"
		else
			printf '  Image.gz (%d bytes): RssAnon %s kB (%+d kB: the inflated Image, which kexec_load needs too), and a memfd of %d bytes (shmem) during the call\n' \
				"$(stat -c %s "$work/Image.gz")" "$anon" $((anon - raw)) "$memfd"
		fi
	done
else
	echo "  skipped: needs the arm64 build, $img and qemu-aarch64 (sh scripts/setup.sh --e2e arm64)"
fi

echo "== SHA-256"
${HOSTCC:-gcc} -O2 -I"$SRC/core" -I"$SRC/core/purgatory" -I"$SRC/core/digest" -o "$work/sha256_bench" "$SRC/tests/bench/sha256_bench.c" \
	"$SRC/core/purgatory/sha256.c" "$SRC/core/digest/sha256_fast.c" "$SRC/arch/x86/sha256_ni.c"
"$work/sha256_bench" | sed 's/^/  /'

echo "== purgatory check (arm64: MMU and D-cache off, so counted under qemu-aarch64, not timed)"
fig=$(sh "$SRC/tests/bench/purgatory_figure.sh" "$B/build-arm64") || fail=1
printf '%s\n' "$fig" | sed 's/^/  /'
exit $fail
