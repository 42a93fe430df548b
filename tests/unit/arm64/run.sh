#!/bin/sh
# tests/unit/arm64/run.sh [O]: build and run the arm64 backend's unit tests
# by hand, on the host, plain and with ASan+UBSan.  Not part of `make unit`
# (an x86 configuration does not build arch/arm64).  O (default /tmp/a64)
# is an arm64 build directory; it is configured if it has no .config.
#
# The library (core/, arch/arm64/, dtb/) is built for the host by the
# Makefile's own test rules (tests/tests.mk: $(O)/test/VARIANT/libkx.a),
# with the arm64 purgatory blob (built by the cross compiler) embedded as
# data; each test links it with cmocka, zlib and the host's libfdt, and
# runs under tests/tools/nokexec (seccomp: no kexec syscall can happen).
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
SRC=$(cd "$(dirname "$0")/../../.." && pwd)
O=${1:-/tmp/a64}
[ -f "$O/.config" ] || make -C "$SRC" --no-print-directory O="$O" ARCH=arm64 defconfig
C=$O/codecs
mkdir -p "$C"
{ grep -v 'CONFIG_DECOMPRESS_' "$O/.config"; echo CONFIG_DECOMPRESS_ZSTD=y; echo CONFIG_DECOMPRESS_XZ=y; } > "$C/.config.in"
if ! cmp -s "$C/.config.in" "$C/.config.used" || [ ! -f "$C/.config" ]; then
	cp "$C/.config.in" "$C/.config"
	make -C "$SRC" --no-print-directory O="$C" ARCH=arm64 olddefconfig
	mv "$C/.config.in" "$C/.config.used"
fi
rc=0 pass=0 fail=0
for cfg in "$O" "$C"; do
	label=${cfg#"$O"}
	for v in plain san; do
		case $v in
		plain) f= ;;
		san) f="-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all" ;;
		esac
		make -C "$SRC" --no-print-directory O="$cfg" ARCH=arm64 "$cfg/test/$v/libkx.a" \
			"$cfg/test/$v/obj/tests/unit/support.o" "$cfg/test/$v/obj/tests/unit/sys_fake.o" "$O/test/nokexec"
		for t in "$SRC"/tests/unit/arm64/test_*.c; do
			n=$(basename "$t" .c)
			# shellcheck disable=SC2086
			gcc -std=gnu11 -g -O1 -Wall -Wextra -Wno-unused-parameter $f -D_GNU_SOURCE \
				-I"$SRC/core" -I"$cfg/include" -I"$SRC/dtb" -I"$SRC/tests/unit" -I"$SRC/arch/arm64" \
				-o "$cfg/test/$v/$n" "$t" "$cfg/test/$v/obj/tests/unit/support.o" \
				"$cfg/test/$v/obj/tests/unit/sys_fake.o" "$cfg/test/$v/libkx.a" \
				-lcmocka -lz -lfdt -lzstd -llzma
			if "$O/test/nokexec" "$cfg/test/$v/$n" > "$cfg/test/$v/$n.log" 2>&1; then
				k=$(grep -c '^\[       OK \]' "$cfg/test/$v/$n.log")
				pass=$((pass + k))
				echo "unit-arm64 $v${label:+ ($label)}: $n: $k passed"
			else
				cat "$cfg/test/$v/$n.log"
				echo "unit-arm64 $v${label:+ ($label)}: $n: FAILED"
				fail=$((fail + 1))
				rc=1
			fi
		done
	done
done

# The blob's check (purgatory/sha256_regs.S) on an emulated arm64 CPU.
qemu=$(command -v qemu-aarch64-static || command -v qemu-aarch64 || true)
[ -n "$qemu" ] || { echo "unit-arm64: qemu-aarch64 missing (sh scripts/setup.sh arm64)" >&2; exit 1; }
make -C "$SRC" --no-print-directory O="$O" ARCH=arm64 "$O/include/generated/arm64_purgatory.h"
${CROSS_COMPILE:-aarch64-linux-gnu-}gcc -std=gnu11 -static -g -O1 -Wall -Wextra \
	-I"$SRC/core" -I"$O/include" -o "$O/test/qemu_purgatory" \
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
echo "unit-arm64: $pass passed, $fail failed"
exit $rc
