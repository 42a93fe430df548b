#!/bin/sh
# autoconf.sh CONFIG: print a C header from a Kconfig .config, so that either
# Kconfig frontend (kconfiglib, kconfig-frontends) can be used.
set -eu
echo "/* generated from $1 by scripts/autoconf.sh: do not edit */"
echo "#ifndef KX_AUTOCONF_H"
echo "#define KX_AUTOCONF_H"
sed -n -e 's/^CONFIG_\([A-Za-z0-9_]*\)=y$/#define CONFIG_\1 1/p' \
	-e 's/^CONFIG_\([A-Za-z0-9_]*\)=\(".*"\)$/#define CONFIG_\1 \2/p' \
	-e 's/^CONFIG_\([A-Za-z0-9_]*\)=\([0-9x-][0-9a-fA-Fx]*\)$/#define CONFIG_\1 \2/p' "$1"
echo "#endif"
