# arch/arm64/arch.mk - included by the Makefile: the arm64 backend's objects
# and its purgatory, a flat position-independent blob (no relocations, see
# purgatory/purgatory.lds) built with the plain target gcc, never musl-gcc:
# it is freestanding and runs between two kernels, with no libc at all.

arch-y := backend purgatory_load sha256_ce
arch-$(CONFIG_FORMAT_ARM64_IMAGE) += image
arch-$(CONFIG_FORMAT_ARM64_ZBOOT) += zboot
# zboot places through image.c's code even without the Image format.
arch-y := $(sort $(arch-y) $(if $(filter y,$(CONFIG_FORMAT_ARM64_ZBOOT)),image))
core-y += $(if $(filter y,$(CONFIG_FORMAT_ARM64_ZBOOT)),plan/zboot)
formats-$(CONFIG_FORMAT_ARM64_IMAGE) += arm64_image_format
formats-$(CONFIG_FORMAT_ARM64_ZBOOT) += arm64_zboot_format
formats-$(CONFIG_FORMAT_UKI) += kx_uki_format
core-y += $(if $(filter y,$(CONFIG_FORMAT_UKI)),plan/uki)
# The binary is well under 1 MiB: the tiny code model reaches any symbol
# with one ADR where the small one needs ADRP+ADD (3.6 KiB less).  For the
# libraries built from source too, and at link time, where LTO generates
# the code of them all.
KX_CFLAGS += -mcmodel=tiny
EXT_CFLAGS += -mcmodel=tiny
KX_LDFLAGS += -mcmodel=tiny
arch-asm-y := purgatory_blob
arch-objs-extra := $(B)/obj/arch/arm64/purgatory_blob.o

purg-macro := ARM64
# The check runs with the MMU and D-cache off, every data access uncached:
# purgatory/sha256_regs.S hashes from registers only.  Function and data
# sections with --gc-sections drop the generic block function and its
# table, which this blob never calls.
purg-sha256 := kx_sha256_blocks_regs
purg-extra := sha256_regs
# tiny code model: ADR/branches only, PC-relative within 1 MiB; no FP/SIMD
# (state unknown); strict alignment (MMU off: Device memory); no jump
# tables (absolute addresses); hidden symbols (no GOT).
# User CFLAGS are left out on purpose: -fsanitize or -pg would break it.
purg-cflags := -std=gnu11 -fno-pic -mcmodel=tiny -mgeneral-regs-only \
	-mstrict-align -fno-tree-loop-distribute-patterns -Os -ffreestanding -fno-builtin -nostdlib \
	-fno-stack-protector -fno-asynchronous-unwind-tables -fno-unwind-tables \
	-fno-jump-tables -fno-common -fvisibility=hidden -Wall -Wextra \
	-ffunction-sections -fdata-sections -I$(SRC)/core -I$(SRC)/core/purgatory -MMD -MP
purg-ldflags := -static -nostdlib --no-undefined --gc-sections \
	--no-warn-rwx-segments --orphan-handling=error

include $(SRC)/arch/purgatory.mk
