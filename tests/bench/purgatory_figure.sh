#!/bin/sh
# purgatory_figure.sh [ARM64-BUILD-DIR] - the cost of the arm64 purgatory's
# SHA-256 check where it runs: MMU and D-cache off, so every data access
# goes to DRAM uncached while instructions come from the I-cache.  Counted,
# not timed: qemu-aarch64 runs tests/bench/purgatory_trace.c one
# instruction per block (-singlestep -d exec,nochain), logging only the
# code under test (-dfilter); each logged PC is looked up in objdump's
# disassembly.  Two input sizes, and the difference divided by the
# difference in bytes, leave the per-call set-up out.
#
# Data accesses are loads and stores, one per register (LDP/STP count 2).
# Prints the blob's figure against the generic C (core/purgatory/sha256.c built with
# the purgatory's flags: what the blob ran before it had its own), and an
# estimate of what it means for a 35 MB kernel + initrd.
set -eu
SRC=$(cd "$(dirname "$0")/../.." && pwd)
A=${1:-/tmp/a64}
CROSS=${CROSS_COMPILE:-aarch64-linux-gnu-}
qemu=$(command -v qemu-aarch64-static || command -v qemu-aarch64 || true)
for t in "${CROSS}gcc" "${CROSS}objdump" "${CROSS}nm" "$qemu"; do
	command -v "$t" >/dev/null 2>&1 ||
		{ echo "purgatory figure: skipped (${t:-qemu-aarch64} missing: sh scripts/setup.sh arm64)"; exit 0; }
done

[ -f "$A/.config" ] || make -C "$SRC" --no-print-directory O="$A" ARCH=arm64 defconfig >/dev/null
make -C "$SRC" --no-print-directory O="$A" ARCH=arm64 "$A/include/generated/arm64_purgatory.h" >/dev/null
purg=$A/obj/arch/arm64/purgatory
work=$A/bench/purgatory
mkdir -p "$work"
h=$work/purgatory_trace
"${CROSS}gcc" -std=gnu11 -static -O2 -Wall -Wextra -I"$SRC/core" -I"$SRC/core/purgatory" -I"$A/include" \
	-o "$h" "$SRC/tests/bench/purgatory_trace.c" "$purg/sha256.o"

base=0x40000000 # PURG_BASE in purgatory_trace.c
size=$(wc -c < "$purg/purgatory.bin")
# PC -> mnemonic, for the blob (linked at 0, run at $base) and for the
# generic code's functions in the harness.
"${CROSS}objdump" -d --no-show-raw-insn --adjust-vma=$base "$purg/purgatory.elf" > "$work/blob.dis"
gen=$("${CROSS}nm" -S "$h" | awk '$3 ~ /^[Tt]$/ && $4 ~ /^kx_sha256_/ { printf "%s0x%s+0x%s", s, $1, $2; s = "," }')
"${CROSS}objdump" -d --no-show-raw-insn "$h" > "$work/generic.dis"

# count DIS ARGS...: "instructions data-accesses" of one traced run.
count() {
	dis=$1 filter=$2
	shift 2
	"$qemu" -singlestep -d exec,nochain -dfilter "$filter" -D "$work/trace.log" "$h" "$@"
	awk 'NR == FNR { if ($1 ~ /^[0-9a-f]+:$/) { sub(":", "", $1); op[$1] = $2 } next }
	{
		split($0, f, "/"); pc = f[2]; sub(/^0+/, "", pc); o = op[pc]
		if (o == "") { unknown++; next }
		n++
		if (o ~ /^(ld|st)/) acc += (o ~ /^(ldp|stp|ldnp|stnp)$/) ? 2 : 1
	}
	END {
		if (unknown || !n) { print "purgatory figure: " unknown + 0 " traced PCs not in the disassembly" > "/dev/stderr"; exit 1 }
		print n, acc + 0
	}' "$dis" "$work/trace.log"
	rm -f "$work/trace.log"
}

n1=4096 n2=8192
set -- $(count "$work/blob.dis" "$base+$size" blob "$purg/purgatory.bin" $n1 0) \
	$(count "$work/blob.dis" "$base+$size" blob "$purg/purgatory.bin" $n2 0) \
	$(count "$work/blob.dis" "$base+$size" blob "$purg/purgatory.bin" $n1 3) \
	$(count "$work/blob.dis" "$base+$size" blob "$purg/purgatory.bin" $n2 3) \
	$(count "$work/generic.dis" "$gen" generic $n1) \
	$(count "$work/generic.dis" "$gen" generic $n2)
awk -v n1=$n1 -v n2=$n2 -v size="$size" -v a="$*" 'BEGIN {
	split(a, c, " ")
	d = n2 - n1
	bi = (c[3] - c[1]) / d; ba = (c[4] - c[2]) / d
	mi = (c[7] - c[5]) / d; ma = (c[8] - c[6]) / d
	gi = (c[11] - c[9]) / d; ga = (c[12] - c[10]) / d
	printf "purgatory SHA-256 (aarch64, caches off): %.1f instr/byte, %.3f data accesses/byte (generic C: %.1f instr/byte, %.2f data accesses/byte)\n", bi, ba, gi, ga
	printf "  input not 8-byte aligned (after a region of odd length): %.1f instr/byte, %.3f data accesses/byte\n", mi, ma
	printf "  per check besides the bytes (one region): %d instr, %d data accesses; blob %d bytes\n", c[1] - bi * n1, c[2] - ba * n1, size
	# The estimate: instructions from the I-cache at 1 per cycle, every
	# data access a full uncached DRAM round trip, nothing overlapped.
	mb = 35; hz = 1.5e9; ns = 100e-9; bytes = mb * 1e6
	printf "  estimate, %d MB kernel + initrd at 1 instr/cycle, 1.5 GHz, 100 ns per uncached access: %.1f s (generic C: %.1f s)\n", mb, bytes * (bi / hz + ba * ns), bytes * (gi / hz + ga * ns)
	# The design: the input loads (8 per 64-byte block) and nothing else.
	if (ba > 8 / 64 || ma > 8 / 64) {
		print "  FAILED: more data accesses than the input loads (a spill in sha256_regs.S?)"
		exit 1
	}
}'
