#!/bin/sh
# tests/build/busybox.sh BUSYBOX NOKEXEC: the BusyBox that make busybox
# built (the kexec applet on libkexec), run here under NOKEXEC: `kexec
# --help` is BusyBox's usage text, a dry run through the applet (as
# /sbin/kexec -> busybox runs it) plans Debian's kernel, and an error keeps
# our message and exit status.
set -u
bb=$1 nokexec=$2
src=$(cd "$(dirname "$0")/../.." && pwd)
. "$src/tests/cli/fixture.sh"
host_test

"$nokexec" "$bb" kexec --help > "$t/out" 2>&1
grep -q '^BusyBox v' "$t/out" && grep -q '^Usage: kexec -l|-p KERNEL' "$t/out" && ok ||
	{ cat "$t/out"; no "kexec --help: not BusyBox's usage"; }
ln -s "$bb" "$t/kexec"
R=$(mkroot r)
"$nokexec" "$t/kexec" --test-root="$R" --dry-run -l "$kernel" --append=x > "$t/out" 2>&1 &&
	grep -q '^image: *bzImage' "$t/out" && grep -q '^dry run: *nothing was loaded' "$t/out" &&
	ok || { cat "$t/out"; no "kexec (the applet's link) --dry-run"; }
"$nokexec" "$t/kexec" --test-root="$R" --dry-run -l "$t/nope" > "$t/out" 2>&1
[ $? -eq 3 ] && grep -qx "kexec: kernel $t/nope: No such file or directory" "$t/out" && ok ||
	{ cat "$t/out"; no "the applet on a missing kernel: exit 3 and our message"; }
echo "busybox: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
