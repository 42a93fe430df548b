#!/bin/sh
# tests/lib/run.sh ROOT CC NOKEXEC OUT: the library as a packager installs it
# (make install-lib DESTDIR=ROOT PREFIX=/usr, done by the caller): only the
# archive, the one public header, the .pc and the man page; examples/update.c built
# against it through pkg-config (with ROOT as the sysroot), statically, and
# run here under NOKEXEC with --dry-run on a fixture root: it plans and
# "loads" Debian's kernel with an initrd, and names the file it cannot
# read.  The archive calls nothing that ends the process.  The program is
# left at OUT (the e2e updater scenario runs it).
set -u
root=$1 cc=$2 nokexec=$3 out=$4
src=$(cd "$(dirname "$0")/../.." && pwd)
. "$src/tests/cli/fixture.sh"
host_test

files=$(cd "$root" && find . -type f | sort | tr '\n' ' ')
[ "$files" = "./usr/include/kexec.h ./usr/lib/libkexec.a ./usr/lib/pkgconfig/libkexec.pc ./usr/share/man/man3/libkexec.3 " ] &&
	ok || no "installed files: $files"
pc() { PKG_CONFIG_PATH= PKG_CONFIG_LIBDIR="$root/usr/lib/pkgconfig" PKG_CONFIG_SYSROOT_DIR="$root" pkg-config "$@" libkexec; }
flags=$(pc --cflags --libs) && ok || no "pkg-config --cflags --libs libkexec"
# shellcheck disable=SC2086 # flags: words
rm -f "$out"
$cc -std=c99 -Wall -Wextra -Werror -static -o "$out" "$src/examples/update.c" $flags > "$t/log" 2>&1 &&
	ok || { cat "$t/log"; no "examples/update.c against the installed library"; }
size=$(wc -c < "$root/usr/lib/libkexec.a")
# Failures are returned, never the end of the caller's process: no
# relocation (no call, no address taken) names what ends it.
ends=$(readelf -rW "$root/usr/lib/libkexec.a" 2> /dev/null | awk 'NF >= 5 { print $5 }' |
	grep -xE 'exit|_exit|_Exit|abort|quick_exit|__assert_fail|err|errx' | sort -u | tr '\n' ' ')
[ -z "$ends" ] && ok || no "libkexec.a calls what ends the process: $ends"
R=$(mkroot r)
head -c 4096 /dev/urandom > "$t/initrd"
"$nokexec" "$out" --dry-run --root="$R" "$kernel" "$t/initrd" "console=ttyS0" > "$t/out" 2>&1 &&
	grep -q "^update: bzImage $kernel loaded by kexec_file_load (recorded, not made): 4 segments" "$t/out" &&
	grep -q "^  initrd .* 4096 bytes from $t/initrd" "$t/out" && ok || { cat "$t/out"; no "update --dry-run"; }
"$nokexec" "$out" --dry-run --root="$R" "$t/nope" "x" > "$t/out" 2>&1
[ $? -eq 1 ] && grep -qx "update: kernel $t/nope: No such file or directory" "$t/out" && ok ||
	{ cat "$t/out"; no "update on a missing kernel"; }
echo "lib: $pass passed, $fail failed (libkexec.a: $size bytes)"
[ "$fail" -eq 0 ]
