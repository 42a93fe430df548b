#!/bin/sh
# tests/qemu/keys.sh DIR: the test keys of the signed scenarios, made once
# into DIR (never committed; a fresh machine makes its own):
#   fit/dev.key, fit/dev.crt   RSA-2048, what mkimage -k signs FITs with
#   fit-keys.dtb               its U-Boot key tree (mkimage -K), key-dev
#                              marked required = "conf"
#   test.sec, test.pub         a signify key pair, for --verify manifests
set -eu
d=$1
[ -f "$d/.done" ] && exit 0
rm -rf "$d"
mkdir -p "$d/fit"
openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$d/fit/dev.key" 2> /dev/null
openssl req -batch -new -x509 -key "$d/fit/dev.key" -out "$d/fit/dev.crt" -subj /CN=dev 2> /dev/null
# mkimage writes a key into a control tree only while it signs a FIT.
printf '/dts-v1/;\n/ { };\n' | dtc -q -O dtb -o "$d/fit-keys.dtb" -
printf 'x' > "$d/one"
cat > "$d/one.its" <<-EOF2
/dts-v1/;
/ {
	description = "key tree maker";
	#address-cells = <1>;
	images { one { data = /incbin/("$d/one"); type = "ramdisk"; arch = "arm64"; os = "linux"; compression = "none";
		       hash-1 { algo = "sha256"; }; }; };
	configurations { default = "c"; c { ramdisk = "one";
		signature-1 { algo = "sha256,rsa2048"; key-name-hint = "dev";
			      sign-images = "ramdisk"; }; }; };
};
EOF2
mkimage -f "$d/one.its" -k "$d/fit" -K "$d/fit-keys.dtb" -r "$d/one.itb" > /dev/null
signify-openbsd -G -n -p "$d/test.pub" -s "$d/test.sec" -c "kexec e2e test key"
touch "$d/.done"
