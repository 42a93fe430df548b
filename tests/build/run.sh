#!/bin/sh
# tests/build/run.sh SRC NOKEXEC: the build system as packagers use it: out of tree
# (O=), user CFLAGS appended (not replacing ours), install with DESTDIR and
# PREFIX, Kconfig targets, and the smallest configuration (allnoconfig).
set -u
# The builds below are the user's own: none of the caller's make flags
# (`make -s buildtest` would silence the V=1 build this reads).
unset MAKEFLAGS MFLAGS MAKELEVEL
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
[ -x "$t/root/usr/sbin/kexec" ] && [ -f "$t/root/usr/share/man/man8/kexec.8" ] &&
	[ -f "$t/root/usr/share/bash-completion/completions/kexec" ] &&
	ok || no "install layout (usr/sbin/kexec, man8/kexec.8, bash-completion/completions/kexec)"
# The library as Buildroot or OpenEmbedded would install it, user CFLAGS
# in its objects too, in parallel; its .pc with the prefix given.
mk O="$t/a" -j2 install-lib DESTDIR="$t/lroot" PREFIX=/opt/kx CFLAGS=-DKX_BUILD_TEST &&
	[ -f "$t/lroot/opt/kx/lib/libkexec.a" ] && [ -f "$t/lroot/opt/kx/include/kexec.h" ] &&
	grep -qx 'prefix=/opt/kx' "$t/lroot/opt/kx/lib/pkgconfig/libkexec.pc" &&
	ok || no "make install-lib DESTDIR=... PREFIX=... (lib/libkexec.a, include/kexec.h, .pc)"
mk O="$t/a" savedefconfig && [ -f "$t/a/defconfig" ] && ok || no "savedefconfig"
mk O="$t/a" help && grep -q qemu_x86_64_defconfig "$t/log" && ok || no "make help lists the boards"
mk O="$t/b" qemu_x86_64_defconfig && grep -q '^CONFIG_ARCH_X86_64=y' "$t/b/.config" && ok || no "board defconfig"
# Expected failures: their output is checked, not shown.
mkfail() { ! make -s -C "$SRC" --no-print-directory "$@" > "$t/log" 2>&1; }
mkfail O="$t/b" nosuch_defconfig && grep -q 'no board nosuch_defconfig' "$t/log" && ok || no "an unknown board must fail clearly"
mkfail O="$t/c" ARCH=sparc defconfig && grep -q 'ARCH=sparc is not supported' "$t/log" && ok || no "an unknown ARCH must be refused clearly"
# Configuration and build in one invocation (the kernel's `make defconfig
# all`): the binary must know its formats and load a real kernel.
tc=${KX_TC:-$HOME/.cache/kexec-tc}
R=$t/root
mkdir -p "$R/proc" "$R/sys/kernel"
printf '00001000-0009fbff : System RAM\n00100000-3fffffff : System RAM\n' > "$R/proc/iomem"
printf 'MemTotal:       1048576 kB\nMemAvailable:    900000 kB\n' > "$R/proc/meminfo"
printf 'root=/dev/vda\n' > "$R/proc/cmdline"
echo 0 > "$R/sys/kernel/kexec_loaded"
mk O="$t/one" defconfig all && ok || no "make O=... defconfig all"
"$nokexec" "$t/one/kexec" --dry-run -l "$tc/kernels/amd64/vmlinuz" --command-line=x --test-root="$R" > "$t/out" 2>&1 &&
	grep -q '^image: *bzImage' "$t/out" && ok || { cat "$t/out"; no "make defconfig all: the binary does not load a bzImage"; }
# A packager's build: no toolchain.mk (what scripts/setup.sh found here)
# and no cache, the compiler and its libraries as given.
KX_TC=/nonexistent HOME=/nonexistent make -C "$SRC" --no-print-directory O="$t/pkg" TOOLCHAIN_MK= CC=gcc V=1 \
	defconfig all > "$t/log" 2>&1 && ! grep -q 'kexec-tc\|sysroot-\|musl' "$t/log" && file "$t/pkg/kexec" | grep -q 'statically linked' &&
	ok || { cat "$t/log"; no "make TOOLCHAIN_MK= CC=gcc: a build that does not depend on this machine's cache"; }
"$nokexec" "$t/pkg/kexec" --dry-run -l "$tc/kernels/amd64/vmlinuz" --command-line=x --test-root="$R" > "$t/out" 2>&1 &&
	grep -q '^image: *bzImage' "$t/out" && ok || { cat "$t/out"; no "the packager's build does not load a bzImage"; }
# No format at all (a .config edited by hand): the build says so.
mkdir -p "$t/nofmt"
grep -v '^CONFIG_FORMAT_' "$t/one/.config" > "$t/nofmt/.config"
mkfail O="$t/nofmt" && grep -q 'no image format for x86_64 is enabled' "$t/log" && [ ! -e "$t/nofmt/kexec" ] &&
	ok || { cat "$t/log"; no "a configuration without image formats must not build"; }
# The other Kconfig frontend reads the same files to the same .config.
mk O="$t/kf" KCONFIG_TOOL=frontends defconfig && mk O="$t/kf" KCONFIG_TOOL=frontends olddefconfig &&
	diff -q "$t/kf/.config" "$t/b/.config" > /dev/null 2>&1 ||
	{ grep -v '^#' "$t/kf/.config" | grep . > "$t/kf.set"; grep -v '^#' "$t/b/.config" | grep . > "$t/b.set"; cmp -s "$t/kf.set" "$t/b.set"; } &&
	ok || no "kconfig-frontends and kconfiglib disagree on defconfig"
# The smallest configuration still builds, and says what it lacks.
mk O="$t/min" allnoconfig && mk O="$t/min" && ok || no "allnoconfig build"
"$nokexec" "$t/min/kexec" --json --version > "$t/out" 2>&1; grep -q 'without CONFIG_JSON' "$t/out" && ok || no "allnoconfig: --json not refused"
sh "$SRC/tests/build/noprintf.sh" "$t/a/kexec.unstripped" "$t/min/kexec.unstripped" > "$t/log" 2>&1 && ok || { cat "$t/log"; no "libc printf linked"; }
# The EFI zboot codecs (CONFIG_DECOMPRESS_*) are off by default: not a
# symbol of libzstd or liblzma in the default binaries.
nocodec() { ! nm "$1" | grep -qE ' [TtDdRr] (ZSTD_|HUF_|lzma_)'; }
nocodec "$t/a/kexec.unstripped" && ok || no "the default build links zstd or lzma code"
printf 'built: default %s bytes, allnoconfig %s bytes\n' "$(stat -c %s "$t/a/kexec")" "$(stat -c %s "$t/min/kexec")"
# arm64, where they can be turned on: default without them (but with the
# refusal naming the option), and on, linked static from the sysroot.
if command -v aarch64-linux-musl-gcc > /dev/null && [ -f "$tc/sysroot-arm64/usr/lib/aarch64-linux-gnu/libzstd.a" ] &&
	[ -f "$tc/sysroot-arm64/usr/lib/aarch64-linux-gnu/liblzma.a" ]; then
	mk O="$t/a64" ARCH=arm64 defconfig && mk O="$t/a64" ARCH=arm64 && ok || no "arm64 default build"
	nocodec "$t/a64/kexec.unstripped" && ok || no "the default arm64 build links zstd or lzma code"
	grep -q 'built without CONFIG_DECOMPRESS_' "$t/a64/kexec" && ok || no "the default arm64 build lacks the codec refusal"
	mkdir -p "$t/a64z"
	{ grep -v 'CONFIG_DECOMPRESS_' "$t/a64/.config"; echo CONFIG_DECOMPRESS_ZSTD=y; echo CONFIG_DECOMPRESS_XZ=y; } > "$t/a64z/.config"
	mk O="$t/a64z" ARCH=arm64 olddefconfig && mk O="$t/a64z" ARCH=arm64 && ok || no "arm64 build with the codecs"
	grep -q '^CONFIG_DECOMPRESS_ZSTD=y' "$t/a64z/.config" && grep -q '^CONFIG_DECOMPRESS_XZ=y' "$t/a64z/.config" &&
		ok || no "olddefconfig dropped CONFIG_DECOMPRESS_*"
	nm "$t/a64z/kexec.unstripped" | grep -q ' T ZSTD_decompressStream$' &&
		nm "$t/a64z/kexec.unstripped" | grep -q ' T lzma_stream_decoder$' && ok || no "arm64 codecs build lacks the decoders"
	file "$t/a64z/kexec" | grep -q 'ARM aarch64.*statically linked' && ok || no "arm64 codecs build is not a static arm64 binary"
	sh "$SRC/tests/build/noprintf.sh" "$t/a64z/kexec.unstripped" > "$t/log" 2>&1 && ok || { cat "$t/log"; no "arm64 codecs build links libc printf"; }
	printf 'built: arm64 %s bytes, with the zboot codecs %s bytes\n' "$(stat -c %s "$t/a64/kexec")" "$(stat -c %s "$t/a64z/kexec")"
	# One invocation, cross: Debian's arm64 kernel under qemu-aarch64.
	printf '/dts-v1/;\n/ { #address-cells = <2>; #size-cells = <2>; chosen { }; };\n' |
		dtc -q -I dts -O dtb -o "$t/board.dtb" -
	mk O="$t/one64" ARCH=arm64 defconfig all && ok || no "make O=... ARCH=arm64 defconfig all"
	"$nokexec" qemu-aarch64-static "$t/one64/kexec" --dry-run -l "$tc/kernels/arm64/vmlinuz" --dtb="$t/board.dtb" \
		--command-line=x --test-root="$R" > "$t/out" 2>&1 && grep -q '^image: *Image' "$t/out" &&
		ok || { cat "$t/out"; no "make ARCH=arm64 defconfig all: the binary does not load an arm64 Image"; }
else
	echo "build: arm64 codec builds skipped (no arm64 toolchain or sysroot: sh scripts/setup.sh arm64)"
fi
# The source stays within 100 columns, tabs of 8 (.clang-format).
find "$SRC/arch" "$SRC/core" "$SRC/dtb" "$SRC/tests" -name '*.[ch]' -exec awk '
	{ w = 0; n = length($0)
	  for (i = 1; i <= n; i++) w = substr($0, i, 1) == "\t" ? w - w % 8 + 8 : w + 1
	  if (w > 100) { print FILENAME ":" FNR ": " w " columns"; bad = 1 } }
	END { exit bad }' {} + > "$t/log" && ok || { cat "$t/log"; no "lines over 100 columns"; }
echo "build: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
