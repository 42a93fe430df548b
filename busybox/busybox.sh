#!/bin/sh
# busybox/busybox.sh SRC B ARCH BBSRC CC CROSS KHEADERS: a static BusyBox with the
# kexec applet for the arch B is configured for, and the same BusyBox
# without it, in B/busybox-build/; prints what the applet costs (BusyBox's
# scripts/bloat-o-meter, and size's data and bss, which every BusyBox
# process pays for).
#   SRC    this source tree            BBSRC  BusyBox's source (setup.sh)
#   B      our build dir (its .config) CC     the musl driver for the arch
#   CROSS  the binutils prefix         KHEADERS  kernel UAPI headers
# BusyBox's defconfig, static, with its own FEATURE_KEXEC_* options mapped
# onto our Kconfig: libkexec is built for it from B's .config with those.
set -eu
src=$1 b=$2 arch=$3 bbsrc=$4 cc=$5 cross=$6 kh=$7
d=$b/busybox-build
say() { printf 'busybox: %s\n' "$*"; }
[ -f "$bbsrc/Makefile" ] || { echo "busybox: no BusyBox source at $bbsrc (sh scripts/setup.sh)" >&2; exit 1; }
mkdir -p "$d"
# The tree, once per build dir, with the glue in util-linux/.
if [ ! -f "$d/tree/.done" ] || ! cmp -s "$src/busybox/kexec.c" "$d/tree/util-linux/kexec.c"; then
	rm -rf "$d/tree"
	cp -a "$bbsrc" "$d/tree"
	cp "$src/busybox/kexec.c" "$d/tree/util-linux/kexec.c"
	touch "$d/tree/.done"
fi
# bbmake DIR TARGET...: BusyBox's make, out of tree in DIR, answering
# every new question with its default.
bbmake() {
	o=$1
	shift
	yes "" | make -s -C "$d/tree" O="$o" CC="$cc" HOSTCC=gcc CROSS_COMPILE="$cross" \
		EXTRA_CFLAGS="-idirafter $kh -I$d/libroot/usr/include" "$@" > "$o.log" 2>&1 ||
		{ tail -n 30 "$o.log" >&2; echo "busybox: make $* in $o failed" >&2; exit 1; }
}
# set FILE NAME VALUE: a Kconfig line (y, n, or a quoted string).
set_opt() {
	sed -i "/^CONFIG_$2=/d; /^# CONFIG_$2 is not set/d" "$1"
	if [ "$3" = n ]; then echo "# CONFIG_$2 is not set" >> "$1"; else echo "CONFIG_$2=$3" >> "$1"; fi
}
for v in with without; do
	mkdir -p "$d/$v"
	[ -f "$d/$v/.config" ] || bbmake "$d/$v" defconfig
	set_opt "$d/$v/.config" STATIC y
	set_opt "$d/$v/.config" KEXEC "$([ $v = with ] && echo y || echo n)"
	# defconfig wrote them "not set" (KEXEC was off): let oldconfig give
	# them their defaults now that it is on.
	sed -i '/CONFIG_FEATURE_KEXEC_/d' "$d/$v/.config"
done
bbmake "$d/with" oldconfig
bbmake "$d/without" oldconfig
# libkexec for this BusyBox: ours, with its FEATURE_KEXEC_* choices.
mkdir -p "$d/lib"
cp "$b/.config" "$d/lib/.config"
yn() { grep -q "^CONFIG_FEATURE_KEXEC_$1=y" "$d/with/.config" && echo y || echo n; }
set_opt "$d/lib/.config" GZIP "$(yn GZIP)"
set_opt "$d/lib/.config" FORMAT_FIT "$(yn FIT)"
set_opt "$d/lib/.config" JSON "$(yn JSON)"
set_opt "$d/lib/.config" DEBUG "$(yn DEBUG)"
make -s -C "$src" O="$d/lib" ARCH="$arch" olddefconfig > /dev/null
# Position independent only for a PIE BusyBox: its tables of pointers are
# .rodata then, not .data.
pic=-fno-pie
grep -q '^CONFIG_PIE=y' "$d/with/.config" && pic=-fPIC
[ "$(cat "$d/lib/pic" 2>/dev/null)" = "$pic" ] || { rm -rf "$d/lib/lib" && echo "$pic" > "$d/lib/pic"; }
rm -rf "$d/libroot"
make -s -C "$src" O="$d/lib" ARCH="$arch" LIBK_PIC=$pic install-lib DESTDIR="$d/libroot" PREFIX=/usr \
	> "$d/lib.log" 2>&1 ||
	{ tail -n 30 "$d/lib.log" >&2; exit 1; }
libs=$(PKG_CONFIG_PATH= PKG_CONFIG_LIBDIR="$d/libroot/usr/lib/pkgconfig" \
	PKG_CONFIG_SYSROOT_DIR="$d/libroot" pkg-config --libs libkexec)
ldflags= ldlibs=
for w in $libs; do
	case $w in -L*) ldflags="$ldflags $w" ;; -l*) ldlibs="$ldlibs ${w#-l}" ;; esac
done
set_opt "$d/with/.config" EXTRA_LDFLAGS "\"${ldflags# }\""
set_opt "$d/with/.config" EXTRA_LDLIBS "\"${ldlibs# }\""
bbmake "$d/with" oldconfig
for v in without with; do
	say "building $v the applet"
	bbmake "$d/$v" -j2
done
# No name libkexec defines may be one BusyBox defines: a clash could
# fail the link, or worse, pass it with one of the two.
nm=nm
command -v "${cross}nm" > /dev/null && nm=${cross}nm
globals() { $nm -g --defined-only "$1" | awk 'NF == 3 { print $3 }' | sort -u; }
globals "$d/without/busybox_unstripped" > "$d/names.busybox"
globals "$d/lib/libkexec.a" > "$d/names.libkexec"
clash=$(comm -12 "$d/names.busybox" "$d/names.libkexec" | tr '\n' ' ')
[ -z "$clash" ] || { echo "busybox: libkexec and BusyBox both define: $clash" >&2; exit 1; }
say "$(wc -l < "$d/names.libkexec") names libkexec defines, none of them BusyBox's"
"$d/tree/scripts/bloat-o-meter" "$d/without/busybox_unstripped" "$d/with/busybox_unstripped" \
	> "$d/bloat.txt" || true
size "$d/without/busybox_unstripped" "$d/with/busybox_unstripped" > "$d/size.txt" 2>/dev/null ||
	"${cross}size" "$d/without/busybox_unstripped" "$d/with/busybox_unstripped" > "$d/size.txt"
tail -n 1 "$d/bloat.txt"
awk 'NR == 2 { t = $1; dt = $2; bs = $3 } NR == 3 {
	printf "busybox: the kexec applet: text +%d, data +%d, bss +%d bytes (size)\n", $1 - t, $2 - dt, $3 - bs }' \
	"$d/size.txt"
say "$d/with/busybox: $(wc -c < "$d/with/busybox") bytes (without the applet: $(wc -c < "$d/without/busybox"))"
