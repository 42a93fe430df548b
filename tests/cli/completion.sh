#!/bin/sh
# tests/cli/completion.sh KEXEC NOKEXEC: doc/kexec.bash-completion loaded in
# bash: every long option `kexec --help` names is offered, an option's
# prefix completes, files complete after --initrd (and --initrd=), formats
# after -t, nothing after --append.
set -u
kexec=$1 nokexec=$2
src=$(cd "$(dirname "$0")/../.." && pwd)
t=$(mktemp -d)
trap 'rm -rf "$t"' EXIT
pass=0 fail=0
command -v bash > /dev/null || { echo "completion: bash missing" >&2; exit 1; }
mkdir -p "$t/boot"
: > "$t/boot/initrd.img"
: > "$t/boot/vmlinuz"

# comp WORD...: what the completion offers for the words (the last one is
# being completed), one per line, sorted.
comp() {
	bash -c '. "$0"; COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); _kexec
		[ "${#COMPREPLY[@]}" -eq 0 ] || printf "%s\n" "${COMPREPLY[@]}" | sort' "$src/doc/kexec.bash-completion" kexec "$@"
}
check() {
	name=$1 want=$2
	shift 2
	got=$(comp "$@" | tr '\n' ' ')
	if [ "$got" = "$want" ]; then
		pass=$((pass + 1))
	else
		fail=$((fail + 1))
		printf 'FAIL %s: offered "%s", want "%s"\n' "$name" "$got" "$want"
	fi
}

# Every long option of --help, with its "=" when it takes a value.
offered=$(comp --)
missing=
for o in $("$nokexec" "$kexec" --help | grep -o -- '--[a-z][a-z0-9-]*' | sort -u); do
	printf '%s\n' "$offered" | grep -qx -- "$o=\\{0,1\\}" || missing="$missing $o"
done
if [ -z "$missing" ]; then pass=$((pass + 1)); else fail=$((fail + 1)); echo "FAIL options: not offered:$missing"; fi
check prefix "--initrd= " --ini
check verify "--verify-key= --verify= " --veri
check file "$t/boot/initrd.img " --initrd "$t/boot/ini"
check file-eq "$t/boot/initrd.img " --initrd = "$t/boot/ini"
check file-eq-empty "$t/boot/initrd.img $t/boot/vmlinuz " -l --verify-key = "$t/boot/"
check kernel "$t/boot/vmlinuz " -l "$t/boot/vm"
check type "zImage zboot " -t z
check append "" --append ""
echo "completion: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
