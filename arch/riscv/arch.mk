# arch/riscv/arch.mk - included by the Makefile: the riscv64 backend.  No
# purgatory: the kernel's machine_kexec finds the device tree among the
# segments by its magic and enters the next kernel itself with a0 = the
# hart id and a1 = the tree (arch/riscv/kernel/machine_kexec.c).  zboot:
# EFI zboot around an Image (core/plan/zboot.c).  elf: the ELF vmlinux,
# which only kexec_file_load takes (the kernel places it).

arch-y := backend
arch-$(CONFIG_FORMAT_RISCV_IMAGE) += image
formats-$(CONFIG_FORMAT_RISCV_IMAGE) += riscv_image_format
arch-$(CONFIG_FORMAT_RISCV_ZBOOT) += zboot
formats-$(CONFIG_FORMAT_RISCV_ZBOOT) += riscv_zboot_format
# zboot places through image.c's code even without the Image format.
arch-y := $(sort $(arch-y) $(if $(filter y,$(CONFIG_FORMAT_RISCV_ZBOOT)),image))
core-y += $(if $(filter y,$(CONFIG_FORMAT_RISCV_ZBOOT)),plan/zboot)
arch-$(CONFIG_FORMAT_RISCV_ELF) += elf
formats-$(CONFIG_FORMAT_RISCV_ELF) += riscv_elf_format
# No SHA-256 instructions used here: the portable code.
core-y += digest/sha256_noaccel
