#!/bin/sh
# tests/unit/riscv/run.sh [O]: the riscv64 backend's unit tests on the host
# (tests/unit/arch_lib.sh says how).  O (default /tmp/rv64) is a riscv64
# build directory; it is configured if it has no .config.
set -eu
. "$(dirname "$0")/../arch_lib.sh"
O=${1:-/tmp/rv64}
unit_config riscv64 "$O"
unit_run "" riscv64 riscv "$O" ""
unit_done riscv64
