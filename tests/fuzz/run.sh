#!/bin/sh
# tests/fuzz/run.sh SRC DIR SECONDS TARGET...: each built target (DIR/T)
# for SECONDS on its corpus (DIR/corpus/T, seeded from DIR/seeds/T), after
# the inputs committed under SRC/tests/fuzz/corpus/T (crashers found
# before: libFuzzer runs every file of its directories first).  One line
# per target: executions, their rate, the edges covered, the corpus; a
# crash fails with the input's path and the report.
set -u
src=$1 dir=$2 secs=$3
shift 3
fail=0 total=$#
# The targets write their inputs to files under a fixture root: on tmpfs
# they run twice as fast as on a disk's file system.
[ ! -w /dev/shm ] || export TMPDIR=/dev/shm
# (the loop's list is expanded once: set -- inside it builds each run's
# arguments)
for t in "$@"; do
	c=$dir/corpus/$t
	mkdir -p "$c"
	[ ! -d "$dir/seeds/$t" ] || cp -n "$dir/seeds/$t"/* "$c"/ 2> /dev/null
	set -- -max_total_time="$secs" -close_fd_mask=3 -print_final_stats=1 -timeout=20 \
		-rss_limit_mb=2560 -artifact_prefix="$dir/crash-$t-"
	[ ! -f "$src/tests/fuzz/$t.dict" ] || set -- "$@" -dict="$src/tests/fuzz/$t.dict"
	set -- "$@" "$c"
	[ ! -d "$src/tests/fuzz/corpus/$t" ] || set -- "$@" "$src/tests/fuzz/corpus/$t"
	"$dir/$t" "$@" > "$dir/$t.log" 2>&1
	rc=$?
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$dir/$t.log")
	rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$dir/$t.log")
	cov=$(grep -o 'cov: [0-9]*' "$dir/$t.log" | tail -n 1 | cut -d' ' -f2)
	n=$(find "$c" -type f | wc -l)
	if [ "$rc" = 0 ]; then
		echo "fuzz $t: ${execs:-?} runs in $secs s (${rate:-?}/s), ${cov:-?} edges," \
			"corpus $n"
	else
		fail=$((fail + 1))
		echo "fuzz $t: FAILED (exit $rc): $(ls "$dir/crash-$t-"* 2> /dev/null | tr '\n' ' ')"
		grep -m 1 -A 25 'ERROR:\|runtime error\|deadly signal\|fuzz: ' "$dir/$t.log" | sed 's/^/    /'
		echo "    (all of it: $dir/$t.log)"
	fi
done
echo "fuzz: $((total - fail)) passed, $fail failed"
[ "$fail" = 0 ]
