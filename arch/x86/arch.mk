# arch/x86/arch.mk - included by the Makefile: the x86_64 backend's objects
# and its purgatory, a flat position-independent blob (no relocations, see
# purgatory/purgatory.lds) built with the plain target gcc, never musl-gcc:
# it is freestanding and runs between two kernels, with no libc at all.

arch-y := backend purgatory_load sha256_ni
arch-$(CONFIG_FORMAT_BZIMAGE) += bzimage bootparams efi
formats-$(CONFIG_FORMAT_BZIMAGE) += x86_bzimage_format
formats-$(CONFIG_FORMAT_UKI) += kx_uki_format
core-y += $(if $(filter y,$(CONFIG_FORMAT_UKI)),plan/uki)
arch-asm-y := purgatory_blob
arch-objs-extra := $(B)/obj/arch/x86/purgatory_blob.o

purg-macro := X86
# The purgatory runs with caches on here: the generic C is fine.
purg-sha256 := kx_sha256_blocks_generic
# No red zone (no ABI stack guarantees here), no SSE (state unknown), no
# jump tables (they hold absolute addresses), hidden symbols (no GOT).
# User CFLAGS are left out on purpose: -fsanitize or -pg would break it.
purg-cflags := -std=gnu11 -m64 -fpie -mcmodel=small -mno-red-zone \
	-mgeneral-regs-only -Os -ffreestanding -fno-builtin -nostdlib \
	-fno-stack-protector -fno-asynchronous-unwind-tables -fno-unwind-tables \
	-fno-jump-tables -fno-common -fvisibility=hidden -Wall -Wextra \
	-I$(SRC)/core -I$(SRC)/core/purgatory -MMD -MP
purg-ldflags := -m elf_x86_64 -static -nostdlib --no-undefined \
	--no-warn-rwx-segments --orphan-handling=error

include $(SRC)/arch/purgatory.mk
