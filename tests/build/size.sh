#!/bin/sh
# tests/build/size.sh BINARY...: each stripped binary within 128 KiB, the
# budget of every build (README.md, Performance).
set -u
rc=0
for bin in "$@"; do
	n=$(wc -c < "$bin") || { rc=1; continue; }
	if [ "$n" -gt 131072 ]; then
		echo "size: FAIL: $bin is $n bytes, over 128 KiB (131072) by $((n - 131072))" >&2
		rc=1
	else
		echo "size: ok: $bin: $n bytes ($((131072 - n)) to spare)"
	fi
done
exit $rc
