# arch/arm/arch.mk - included by the Makefile: the 32-bit arm backend's
# objects.  No purgatory: the kernel's own relocation code enters the new
# kernel with r0 = 0, r1 = the machine type and r2 = the segment that holds
# the device tree (found by its magic), as booting.rst asks.

arch-y := backend place
arch-$(CONFIG_FORMAT_ARM_ZIMAGE) += zimage
arch-$(CONFIG_FORMAT_ARM_UIMAGE) += uimage
# A uImage usually wraps a zImage: its loader parses one even without the
# zImage format in the probe table.
arch-y := $(sort $(arch-y) $(if $(filter y,$(CONFIG_FORMAT_ARM_UIMAGE)),zimage))
# uImage first, as kexec-tools probes (the magics cannot both match).
formats-$(CONFIG_FORMAT_ARM_UIMAGE) += arm_uimage_format
formats-$(CONFIG_FORMAT_ARM_ZIMAGE) += arm_zimage_format
# No hardware SHA-256 here (nothing hashes segments without a purgatory).
core-y += digest/sha256_noaccel
