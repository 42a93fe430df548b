# tests/cli/fixture.sh - sourced by the host tests (tests/cli/run.sh,
# tests/lib/run.sh, tests/build/busybox.sh): mkroot NAME [LOADED
# [CRASH_LOADED]] makes $t/NAME, a --test-root (ctx->root) tree of /proc
# and /sys files and prints its path; host_test sets up the rest of a test
# that counts with ok and no: $t (removed at exit), $kernel (Debian's
# amd64 kernel from the cache).
# shellcheck shell=sh

host_test() {
	TC=${KX_TC:-$HOME/.cache/kexec-tc}
	kernel=$TC/kernels/amd64/vmlinuz
	t=$(mktemp -d)
	trap 'rm -rf "$t"' EXIT
	pass=0 fail=0
}
ok() { pass=$((pass + 1)); }
no() { fail=$((fail + 1)); echo "FAIL $*"; }

# A fixture root: 1 GiB of RAM, a firmware memmap, the loaded flags.
mkroot() {
	r=$t/$1
	mkdir -p "$r/proc/sys/kernel" "$r/sys/kernel" "$r/sys/firmware/memmap/0"
	printf '00000000-00000fff : Reserved\n00001000-0009fbff : System RAM\n00100000-3fffffff : System RAM\n  01000000-01ffffff : Kernel code\n  30000000-3fffffff : Crash kernel\n' > "$r/proc/iomem"
	printf 'MemTotal:       1048576 kB\nMemAvailable:    900000 kB\n' > "$r/proc/meminfo"
	printf 'BOOT_IMAGE=/vmlinuz root=/dev/vda ro crashkernel=256M\n' > "$r/proc/cmdline"
	printf '0x100000\n' > "$r/sys/firmware/memmap/0/start"
	printf '0x3fffffff\n' > "$r/sys/firmware/memmap/0/end"
	printf 'System RAM\n' > "$r/sys/firmware/memmap/0/type"
	echo "${2:-0}" > "$r/sys/kernel/kexec_loaded"
	echo "${3:-0}" > "$r/sys/kernel/kexec_crash_loaded"
	echo 0 > "$r/proc/sys/kernel/kexec_load_disabled"
	echo "$r"
}
