# tests/unit/arch_lib.sh - sourced by tests/unit/ARCH/run.sh: build and run
# one backend's host unit tests, plain and with ASan+UBSan.  An x86
# configuration does not build arch/arm64 (and so on), so these are not part
# of `make unit`; `make check` runs them through check-arch.
#
# The library (core/, arch/ARCH/, dtb/) is built for the host by the
# Makefile's own test rules (tests/tests.mk: $(O)/test/VARIANT/libkx.a);
# each test links it with cmocka, zlib and the host's libfdt and runs under
# tests/tools/nokexec (seccomp: no kexec syscall can happen).
#
# unit_config ARCH O: configure O (defconfig) if it has no .config.
# unit_run LABEL ARCH DIR CFG LIBS: build tests/unit/DIR/test_*.c against
# the configuration in CFG, run them; adds to pass, fail and rc.  LABEL is
# printed after "unit-ARCH VARIANT" (empty, or e.g. " (codecs)").
# unit_done ARCH: the summary line; exits with rc.
SRC=$(cd "$(dirname "$0")/../../.." && pwd)
rc=0 pass=0 fail=0

unit_config() {
	[ -f "$2/.config" ] || make -C "$SRC" --no-print-directory O="$2" ARCH="$1" defconfig
}

unit_run() {
	label=$1 arch=$2 dir=$3 cfg=$4 libs=$5
	for v in plain san; do
		case $v in
		plain) f= ;;
		san) f="-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all" ;;
		esac
		make -C "$SRC" --no-print-directory O="$cfg" ARCH="$arch" "$cfg/test/$v/libkx.a" \
			"$cfg/test/$v/obj/tests/unit/support.o" "$cfg/test/$v/obj/tests/unit/sys_fake.o" \
			"$cfg/test/nokexec"
		for t in "$SRC/tests/unit/$dir"/test_*.c; do
			n=$(basename "$t" .c)
			# shellcheck disable=SC2086
			gcc -std=gnu11 -g -O1 -Wall -Wextra -Wno-unused-parameter $f -D_GNU_SOURCE \
				-I"$SRC/core" -I"$cfg/include" -I"$SRC/dtb" -I"$SRC/tests/unit" \
				-I"$SRC/arch/$dir" -I"$SRC/tests/unit/$dir" \
				-o "$cfg/test/$v/$n" "$t" "$cfg/test/$v/obj/tests/unit/support.o" \
				"$cfg/test/$v/obj/tests/unit/sys_fake.o" "$cfg/test/$v/libkx.a" \
				-lcmocka -lz -lfdt $libs
			if "$cfg/test/nokexec" "$cfg/test/$v/$n" > "$cfg/test/$v/$n.log" 2>&1; then
				k=$(grep -c '^\[       OK \]' "$cfg/test/$v/$n.log")
				pass=$((pass + k))
				echo "unit-$arch $v$label: $n: $k passed"
			else
				cat "$cfg/test/$v/$n.log"
				echo "unit-$arch $v$label: $n: FAILED"
				fail=$((fail + 1))
				rc=1
			fi
		done
	done
}

unit_done() {
	echo "unit-$1: $pass passed, $fail failed"
	exit $rc
}
