#!/bin/sh
# tests/unit/riscv/run.sh [O]: build and run the riscv64 backend's unit
# tests by hand, on the host, plain and with ASan+UBSan.  Not part of `make
# unit` (an x86 configuration does not build arch/riscv).  O (default
# /tmp/rv64) is a riscv64 build directory; it is configured if it has no
# .config.  The same steps as tests/unit/arm64/run.sh.
#
# The library (core/, arch/riscv/, dtb/) is built for the host by the
# Makefile's own test rules (tests/tests.mk: $(O)/test/VARIANT/libkx.a);
# each test links it with cmocka, zlib and the host's libfdt, and runs under
# tests/tools/nokexec (seccomp: no kexec syscall can happen).
set -eu
SRC=$(cd "$(dirname "$0")/../../.." && pwd)
O=${1:-/tmp/rv64}
[ -f "$O/.config" ] || make -C "$SRC" --no-print-directory O="$O" ARCH=riscv64 defconfig
rc=0 pass=0 fail=0
for v in plain san; do
	case $v in
	plain) f= ;;
	san) f="-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all" ;;
	esac
	make -C "$SRC" --no-print-directory O="$O" ARCH=riscv64 "$O/test/$v/libkx.a" \
		"$O/test/$v/obj/tests/unit/support.o" "$O/test/$v/obj/tests/unit/sys_fake.o" "$O/test/nokexec"
	for t in "$SRC"/tests/unit/riscv/test_*.c; do
		n=$(basename "$t" .c)
		# shellcheck disable=SC2086
		gcc -std=gnu11 -g -O1 -Wall -Wextra -Wno-unused-parameter $f -D_GNU_SOURCE \
			-I"$SRC/core" -I"$O/include" -I"$SRC/dtb" -I"$SRC/tests/unit" -I"$SRC/arch/riscv" \
			-o "$O/test/$v/$n" "$t" "$O/test/$v/obj/tests/unit/support.o" \
			"$O/test/$v/obj/tests/unit/sys_fake.o" "$O/test/$v/libkx.a" -lcmocka -lz -lfdt
		if "$O/test/nokexec" "$O/test/$v/$n" > "$O/test/$v/$n.log" 2>&1; then
			k=$(grep -c '^\[       OK \]' "$O/test/$v/$n.log")
			pass=$((pass + k))
			echo "unit-riscv64 $v: $n: $k passed"
		else
			cat "$O/test/$v/$n.log"
			echo "unit-riscv64 $v: $n: FAILED"
			fail=$((fail + 1))
			rc=1
		fi
	done
done
echo "unit-riscv64: $pass passed, $fail failed"
exit $rc
