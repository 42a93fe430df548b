#!/bin/sh
# tests/build/noprintf.sh UNSTRIPPED-BINARY...: no libc printf is linked in.
# The code formats with core/report/fmt.c; musl's vfprintf always carries its
# floating-point conversions (fmt_fp and, on arm64, libgcc's 128-bit soft
# float), about 20 KiB, so one stray printf, snprintf or perror shows here.
set -u
rc=0
for bin in "$@"; do
	bad=$(nm "$bin" 2>/dev/null | awk '$3 ~ /^(vfprintf|vsnprintf|fmt_fp|printf_core)$/ { print $3 }' | sort -u | tr '\n' ' ' | sed 's/ $//')
	if ! nm "$bin" > /dev/null 2>&1; then
		echo "noprintf: FAIL: cannot read symbols of $bin" >&2
		rc=1
	elif [ -n "$bad" ]; then
		echo "noprintf: FAIL: $bin links libc's printf ($bad): use kx_fprintf/kx_snprintf (core/report/fmt.c)" >&2
		rc=1
	else
		echo "noprintf: ok: $bin"
	fi
done
exit $rc
