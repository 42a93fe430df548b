# dtb/dtb.mk - included by the Makefile: the device-tree layer (dtb/), on
# libfdt, for the backends that hand the next kernel a device tree (arm64,
# arm, riscv64).  See dtb/README.md.
#
#   dtb-y         objects, names without .c, under dtb/
#   DTB_CPPFLAGS  so that backends and tests can #include "dtb.h"
#   DTB_LIBS      libfdt for host builds (unit tests): Debian's libfdt-dev
#                 1.6.1 ships no libfdt.pc, so plain -lfdt
#
# The objects reference libfdt even when nothing calls them, so a binary
# that lists them must also link libfdt (for the target: built from
# LIBFDT_SRC, or the sysroot's libfdt.a; see the Makefile).

dtb-y := strerror check cells memreserve chosen crash stale memory reserved source flatten fixup diff segment
# U-Boot FIT images (Kconfig FORMAT_FIT): a format of every device-tree arch.
dtb-y += $(if $(filter y,$(CONFIG_FORMAT_FIT)),fit sha1 fit_sig)
dtb-y += $(if $(filter y,$(CONFIG_FORMAT_FIT)),$(if $(filter y,$(CONFIG_FIT_SIGNATURE)),fit_rsa fit_verify $(if $(filter y,$(CONFIG_FIT_ECDSA)),fit_ecdsa,fit_ecdsa_none),fit_verify_none))
formats-$(CONFIG_FORMAT_FIT) += kx_fit_format
DTB_CPPFLAGS := -I$(SRC)/dtb
DTB_LIBS := -lfdt
