#!/bin/sh
# tests/unit/arm64/run.sh [O]: the arm64 backend's unit tests on the host
# (tests/unit/arch_lib.sh says how).  O (default /tmp/a64) is an arm64
# build directory; it is configured if it has no .config.  The library
# embeds the arm64 purgatory blob (built by the cross compiler) as data.
#
# Each test is built against two configurations: O's own, and O/codecs,
# the same with the EFI zboot payload codecs on (CONFIG_DECOMPRESS_ZSTD,
# CONFIG_DECOMPRESS_XZ): a codec's tests expect a result in one and a
# refusal naming the option in the other.  The host's libzstd and liblzma
# make the test streams.
#
# Then the purgatory blob itself on an arm64 CPU: qemu_purgatory.c, built
# static with the cross compiler, runs the blob's check under qemu-aarch64
# user emulation (also under nokexec).
set -eu
. "$(dirname "$0")/../arch_lib.sh"
O=${1:-/tmp/a64}
unit_config arm64 "$O"
C=$O/codecs
mkdir -p "$C"
{ grep -v 'CONFIG_DECOMPRESS_' "$O/.config"; echo CONFIG_DECOMPRESS_ZSTD=y; echo CONFIG_DECOMPRESS_XZ=y; } > "$C/.config.in"
if ! cmp -s "$C/.config.in" "$C/.config.used" || [ ! -f "$C/.config" ]; then
	cp "$C/.config.in" "$C/.config"
	make -C "$SRC" --no-print-directory O="$C" ARCH=arm64 olddefconfig
	mv "$C/.config.in" "$C/.config.used"
fi
unit_run "" arm64 arm64 "$O" "-lzstd -llzma"
unit_run " (codecs)" arm64 arm64 "$C" "-lzstd -llzma"

# The blob's check (purgatory/sha256_regs.S) on an emulated arm64 CPU.
qemu=$(command -v qemu-aarch64-static || command -v qemu-aarch64 || true)
[ -n "$qemu" ] || { echo "unit-arm64: qemu-aarch64 missing (sh scripts/setup.sh arm64)" >&2; exit 1; }
make -C "$SRC" --no-print-directory O="$O" ARCH=arm64 "$O/include/generated/arm64_purgatory.h"
${CROSS_COMPILE:-aarch64-linux-gnu-}gcc -std=gnu11 -static -g -O1 -Wall -Wextra \
	-I"$SRC/core" -I"$O/include" -I"$SRC/tests/unit" -o "$O/test/qemu_purgatory" \
	"$SRC/tests/unit/arm64/qemu_purgatory.c" "$SRC/core/sha256.c"
if "$O/test/nokexec" "$qemu" "$O/test/qemu_purgatory" \
	"$O/obj/arch/arm64/purgatory/purgatory.bin" > "$O/test/qemu_purgatory.log" 2>&1; then
	k=$(sed -n 's/.* \([0-9]*\) passed, 0 failed$/\1/p' "$O/test/qemu_purgatory.log")
	pass=$((pass + k))
	echo "unit-arm64 qemu: qemu_purgatory: $k passed"
else
	cat "$O/test/qemu_purgatory.log"
	echo "unit-arm64 qemu: qemu_purgatory: FAILED"
	fail=$((fail + 1))
	rc=1
fi
unit_done arm64
