#!/bin/sh
# tests/build/run.sh SRC NOKEXEC: the build system as packagers use it: out of tree
# (O=), user CFLAGS appended (not replacing ours), install with DESTDIR and
# PREFIX, Kconfig targets, and the smallest configuration (allnoconfig).
set -u
SRC=$1 nokexec=$2
t=$(mktemp -d)
trap 'rm -rf "$t"' EXIT
pass=0 fail=0
ok() { pass=$((pass + 1)); }
no() { fail=$((fail + 1)); printf 'FAIL %s\n' "$*"; }
mk() { make -s -C "$SRC" --no-print-directory "$@" > "$t/log" 2>&1 || { cat "$t/log"; return 1; }; }

mk O="$t/a" defconfig && ok || no "make O=... defconfig"
make -C "$SRC" --no-print-directory O="$t/a" V=1 CFLAGS=-fno-inline-small-functions > "$t/log" 2>&1 && ok || no "make O=... CFLAGS=..."
grep -q -- '-Os.*-fno-inline-small-functions' "$t/log" && ok || no "user CFLAGS not appended after the project's -Os"
file "$t/a/kexec" | grep -q 'statically linked' && ok || no "$t/a/kexec is not static"
file "$t/a/kexec" | grep -q 'stripped' && ! file "$t/a/kexec" | grep -q 'not stripped' && ok || no "$t/a/kexec is not stripped"
[ ! -e "$SRC/obj/core/cli.o.O-test" ] && [ -f "$t/a/obj/core/cli.o" ] && ok || no "objects not under O="
mk O="$t/a" install DESTDIR="$t/root" PREFIX=/usr && ok || no "make install"
[ -x "$t/root/usr/sbin/kexec" ] && [ -f "$t/root/usr/share/man/man8/kexec.8" ] && ok || no "install layout (usr/sbin/kexec, man8/kexec.8)"
mk O="$t/a" savedefconfig && [ -f "$t/a/defconfig" ] && ok || no "savedefconfig"
mk O="$t/a" help && grep -q qemu_x86_64_defconfig "$t/log" && ok || no "make help lists the boards"
mk O="$t/b" qemu_x86_64_defconfig && grep -q '^CONFIG_ARCH_X86_64=y' "$t/b/.config" && ok || no "board defconfig"
# Expected failures: their output is checked, not shown.
mkfail() { ! make -s -C "$SRC" --no-print-directory "$@" > "$t/log" 2>&1; }
mkfail O="$t/b" nosuch_defconfig && grep -q 'no board nosuch_defconfig' "$t/log" && ok || no "an unknown board must fail clearly"
mkfail O="$t/c" ARCH=sparc defconfig && grep -q 'ARCH=sparc is not supported' "$t/log" && ok || no "an unknown ARCH must be refused clearly"
# The other Kconfig frontend reads the same files to the same .config.
mk O="$t/kf" KCONFIG_TOOL=frontends defconfig && mk O="$t/kf" KCONFIG_TOOL=frontends olddefconfig &&
	diff -q "$t/kf/.config" "$t/b/.config" > /dev/null 2>&1 ||
	{ grep -v '^#' "$t/kf/.config" | grep . > "$t/kf.set"; grep -v '^#' "$t/b/.config" | grep . > "$t/b.set"; cmp -s "$t/kf.set" "$t/b.set"; } &&
	ok || no "kconfig-frontends and kconfiglib disagree on defconfig"
# The smallest configuration still builds, and says what it lacks.
mk O="$t/min" allnoconfig && mk O="$t/min" && ok || no "allnoconfig build"
"$nokexec" "$t/min/kexec" --json --version > "$t/out" 2>&1; grep -q 'without CONFIG_JSON' "$t/out" && ok || no "allnoconfig: --json not refused"
sh "$SRC/tests/build/noprintf.sh" "$t/a/kexec.unstripped" "$t/min/kexec.unstripped" > "$t/log" 2>&1 && ok || { cat "$t/log"; no "libc printf linked"; }
printf 'built: default %s bytes, allnoconfig %s bytes\n' "$(stat -c %s "$t/a/kexec")" "$(stat -c %s "$t/min/kexec")"
echo "build: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
