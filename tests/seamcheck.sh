#!/bin/sh
# seamcheck.sh SRC [TEST-LIBRARY...]: the syscall seam holds.  Only
# core/kernel/sys.c may name the kexec_load, kexec_file_load and reboot syscalls,
# and no test library may contain its code.
set -eu
src=$1
shift
pat='SYS_kexec_load|SYS_kexec_file_load|SYS_reboot|__NR_kexec|__NR_reboot|sys/reboot\.h|RB_KEXEC|LINUX_REBOOT_MAGIC'
bad=$(grep -rlE "$pat" "$src/core" "$src/arch" $(test -d "$src/dtb" && echo "$src/dtb") | grep -v '/core/kernel/sys\.c$' || true)
if [ -n "$bad" ]; then
	echo "seamcheck: FAIL: kexec/reboot syscalls outside core/kernel/sys.c: $bad" >&2
	exit 1
fi
for lib in "$@"; do
	if nm "$lib" 2>/dev/null | grep -q 'real_kexec_load'; then
		echo "seamcheck: FAIL: $lib contains core/kernel/sys.c" >&2
		exit 1
	fi
done
echo "seamcheck: ok: only core/kernel/sys.c makes kexec_load, kexec_file_load, reboot calls; not linked into tests"
