# arch/arm64/arch.mk - included by the Makefile: the arm64 backend's objects
# and its purgatory, a flat position-independent blob (no relocations, see
# purgatory/purgatory.lds) built with the plain target gcc, never musl-gcc:
# it is freestanding and runs between two kernels, with no libc at all.
# The flags are those of ../shared/notes/toolchain.md section 7.

arch-y := backend purgatory_load sha256_ce
arch-$(CONFIG_FORMAT_ARM64_IMAGE) += image
arch-$(CONFIG_FORMAT_ARM64_ZBOOT) += zboot
# zboot places through image.c's code even without the Image format.
arch-y := $(sort $(arch-y) $(if $(filter y,$(CONFIG_FORMAT_ARM64_ZBOOT)),image))
formats-$(CONFIG_FORMAT_ARM64_IMAGE) += arm64_image_format
formats-$(CONFIG_FORMAT_ARM64_ZBOOT) += arm64_zboot_format
arch-asm-y := purgatory_blob
arch-objs-extra := $(B)/obj/arch/arm64/purgatory_blob.o

arm64-psrc := $(SRC)/arch/arm64/purgatory
arm64-pdir := $(B)/obj/arch/arm64/purgatory
arm64-pelf := $(arm64-pdir)/purgatory.elf
arm64-pbin := $(arm64-pdir)/purgatory.bin
arm64-phdr := $(B)/include/generated/arm64_purgatory.h
arm64-plds := $(arm64-psrc)/purgatory.lds
arm64-pobjs := $(arm64-pdir)/entry.o $(arm64-pdir)/purgatory.o $(arm64-pdir)/sha256.o

# The .bin is listed too: purgatory_blob.S pulls it in by .incbin.
arch-generated := $(arm64-phdr) $(arm64-pbin)
arch-asflags := -DKX_PURGATORY_BIN=\"$(arm64-pbin)\"

# tiny code model: ADR/branches only, PC-relative within 1 MiB; no FP/SIMD
# (state unknown); strict alignment (MMU off: Device memory); no jump
# tables (absolute addresses); hidden symbols (no GOT).
# User CFLAGS are left out on purpose: -fsanitize or -pg would break it.
arm64-pflags := -std=gnu11 -fno-pic -mcmodel=tiny -mgeneral-regs-only \
	-mstrict-align -fno-tree-loop-distribute-patterns -Os -ffreestanding -fno-builtin -nostdlib \
	-fno-stack-protector -fno-asynchronous-unwind-tables -fno-unwind-tables \
	-fno-jump-tables -fno-common -fvisibility=hidden -Wall -Wextra \
	-I$(SRC)/core -MMD -MP
arm64-pldflags := -static -nostdlib --no-undefined \
	--no-warn-rwx-segments --orphan-handling=error

$(arm64-pdir)/entry.o: $(arm64-psrc)/entry.S
	$(call say,PURGCC,$@)
	@mkdir -p $(dir $@)
	$(Q)$(TARGET_GCC) $(arm64-pflags) -c -o $@ $<

$(arm64-pdir)/purgatory.o: $(arm64-psrc)/purgatory.c
	$(call say,PURGCC,$@)
	@mkdir -p $(dir $@)
	$(Q)$(TARGET_GCC) $(arm64-pflags) -c -o $@ $<

# The same generic SHA-256 the loader uses, built freestanding.
$(arm64-pdir)/sha256.o: $(SRC)/core/sha256.c
	$(call say,PURGCC,$@)
	@mkdir -p $(dir $@)
	$(Q)$(TARGET_GCC) $(arm64-pflags) -c -o $@ $<

$(arm64-pelf): $(arm64-pobjs) $(arm64-plds)
	$(call say,PURGLD,$@)
	$(Q)$(TARGET_LD) $(arm64-pldflags) -T $(arm64-plds) -o $@ $(arm64-pobjs)

# Position independence is checked, not assumed: linked at another base,
# the bytes must not change (an absolute address anywhere would).
$(arm64-pbin): $(arm64-pelf)
	$(call say,OBJCOPY,$@)
	$(Q)set -e; alt=$(arm64-pdir)/purgatory-alt; \
	$(TARGET_OBJCOPY) -O binary $< $@.tmp; \
	sed 's/^\([[:space:]]*\)\. = 0;/\1. = 0x12340000;/' $(arm64-plds) > $$alt.lds; \
	grep -q '0x12340000' $$alt.lds || { echo "$(arm64-plds): no '. = 0;' to move" >&2; exit 1; }; \
	$(TARGET_LD) $(arm64-pldflags) -T $$alt.lds -o $$alt.elf $(arm64-pobjs); \
	$(TARGET_OBJCOPY) -O binary $$alt.elf $$alt.bin; \
	cmp -s $@.tmp $$alt.bin || { echo "$@: not position independent (bytes change when linked at 0x12340000)" >&2; rm -f $@.tmp; exit 1; }; \
	mv $@.tmp $@

# Offsets for the loader and the tests.  The loader enters at offset 0 and
# reads the block's 8-byte fields in place, so the block must be aligned
# and inside the bytes copied.
$(arm64-phdr): $(arm64-pelf) $(arm64-pbin)
	$(call say,GEN,$@)
	@mkdir -p $(dir $@)
	$(Q)set -e; start=; params=; psize=; verify=; end=; \
	eval "$$($(TARGET_NM) -S $(arm64-pelf) | awk ' \
		$$NF == "purgatory_start" { print "start=0x" $$1 } \
		$$NF == "purgatory_params" && NF == 4 { print "params=0x" $$1 "; psize=0x" $$2 } \
		$$NF == "purgatory_verify" { print "verify=0x" $$1 } \
		$$NF == "_end" { print "end=0x" $$1 }')"; \
	size=$$(wc -c < $(arm64-pbin)); \
	test -n "$$params" -a -n "$$verify" -a -n "$$end" || \
		{ echo "$@: purgatory_params, purgatory_verify or _end missing in $(arm64-pelf)" >&2; exit 1; }; \
	test "$$start" && test $$((start)) -eq 0 || \
		{ echo "$@: purgatory_start is not at offset 0, where the loader enters" >&2; exit 1; }; \
	test $$((params % 8)) -eq 0 || \
		{ echo "$@: purgatory_params at $$params is not 8-byte aligned" >&2; exit 1; }; \
	test $$((params + psize)) -le $$size || \
		{ echo "$@: purgatory_params ($$params + $$psize) is not inside the $$size-byte .bin" >&2; exit 1; }; \
	{ echo "/* generated from $(notdir $(arm64-pelf)) by arch/arm64/arch.mk: do not edit */"; \
	  echo "#ifndef KX_ARM64_PURGATORY_GEN_H"; \
	  echo "#define KX_ARM64_PURGATORY_GEN_H"; \
	  printf '#define KX_ARM64_PURG_PARAMS_OFF 0x%x\n' $$((params)); \
	  printf '#define KX_ARM64_PURG_VERIFY_OFF 0x%x\n' $$((verify)); \
	  printf '#define KX_ARM64_PURG_MEMSZ 0x%x\n' $$((end)); \
	  printf '#define KX_ARM64_PURG_SIZE 0x%x\n' $$size; \
	  echo "#endif"; } > $@.tmp; \
	mv $@.tmp $@

$(B)/obj/arch/arm64/purgatory_blob.o: $(SRC)/arch/arm64/purgatory_blob.S $(arch-generated) $(AUTOCONF)
	$(call say,AS,$@)
	@mkdir -p $(dir $@)
	$(Q)$(CC) $(ALL_CFLAGS) $(arch-asflags) -c -o $@ $<

$(B)/obj/arch/arm64/purgatory_load.o: $(arch-generated)

# arm64 links for 64 KiB max pages: the RELRO segment's alignment costs
# ~57 KiB of padding in a static binary.  A static binary has no
# relocations to protect after start-up, so RELRO buys nothing here.
KX_LDFLAGS += -Wl,-z,norelro
