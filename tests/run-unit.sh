#!/bin/sh
# run-unit.sh VARIANT NOKEXEC TEST...: run cmocka programs, sum the results.
set -u
variant=$1 nokexec=$2
shift 2
pass=0 fail=0 bad=
for t in "$@"; do
	out=$("$nokexec" "$t" 2>&1)
	rc=$?
	p=$(printf '%s\n' "$out" | sed -n 's/^\[  PASSED  \] \([0-9]*\) test.*/\1/p' | tail -1)
	f=$(printf '%s\n' "$out" | sed -n 's/^\[  FAILED  \] \([0-9]*\) test.*/\1/p' | tail -1)
	pass=$((pass + ${p:-0}))
	fail=$((fail + ${f:-0}))
	if [ $rc -ne 0 ] || [ -z "$p" ]; then
		printf '%s\n' "$out"
		[ -n "$f" ] || fail=$((fail + 1))
		bad="$bad ${t##*/}"
	else
		echo "unit $variant: ${t##*/}: $p passed"
	fi
done
echo "unit $variant: $pass passed, $fail failed${bad:+ (in$bad)}"
[ -z "$bad" ]
