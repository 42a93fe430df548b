#!/bin/sh
# tests/unit/arm/run.sh [O]: the arm backend's unit tests on the host
# (tests/unit/arch_lib.sh says how).  O (default /tmp/arm-unit) is an arm
# build directory; it is configured if it has no .config.  arm has no
# purgatory, so no cross compiler is needed.
set -eu
. "$(dirname "$0")/../arch_lib.sh"
O=${1:-/tmp/arm-unit}
unit_config arm "$O"
unit_run "" arm arm "$O" ""
unit_done arm
