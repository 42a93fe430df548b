# arch/x86/arch.mk - included by the Makefile: the x86_64 backend's objects
# and its purgatory, a flat position-independent blob (no relocations, see
# purgatory/purgatory.lds) built with the plain target gcc, never musl-gcc:
# it is freestanding and runs between two kernels, with no libc at all.

arch-y := backend purgatory_load sha256_ni
arch-$(CONFIG_FORMAT_BZIMAGE) += bzimage bootparams efi
formats-$(CONFIG_FORMAT_BZIMAGE) += x86_bzimage_format
arch-asm-y := purgatory_blob
arch-objs-extra := $(B)/obj/arch/x86/purgatory_blob.o

x86-psrc := $(SRC)/arch/x86/purgatory
x86-pdir := $(B)/obj/arch/x86/purgatory
x86-pelf := $(x86-pdir)/purgatory.elf
x86-pbin := $(x86-pdir)/purgatory.bin
x86-phdr := $(B)/include/generated/x86_purgatory.h
x86-plds := $(x86-psrc)/purgatory.lds
x86-pobjs := $(x86-pdir)/entry.o $(x86-pdir)/purgatory.o $(x86-pdir)/sha256.o

# The .bin is listed too: purgatory_blob.S pulls it in by .incbin.
arch-generated := $(x86-phdr) $(x86-pbin)
arch-asflags := -DKX_PURGATORY_BIN=\"$(x86-pbin)\"

# No red zone (no ABI stack guarantees here), no SSE (state unknown), no
# jump tables (they hold absolute addresses), hidden symbols (no GOT).
# User CFLAGS are left out on purpose: -fsanitize or -pg would break it.
x86-pflags := -std=gnu11 -m64 -fpie -mcmodel=small -mno-red-zone \
	-mgeneral-regs-only -Os -ffreestanding -fno-builtin -nostdlib \
	-fno-stack-protector -fno-asynchronous-unwind-tables -fno-unwind-tables \
	-fno-jump-tables -fno-common -fvisibility=hidden -Wall -Wextra \
	-I$(SRC)/core -MMD -MP
x86-pldflags := -m elf_x86_64 -static -nostdlib --no-undefined \
	--no-warn-rwx-segments --orphan-handling=error

$(x86-pdir)/entry.o: $(x86-psrc)/entry.S
	$(call say,PURGCC,$@)
	@mkdir -p $(dir $@)
	$(Q)$(TARGET_GCC) $(x86-pflags) -c -o $@ $<

$(x86-pdir)/purgatory.o: $(x86-psrc)/purgatory.c
	$(call say,PURGCC,$@)
	@mkdir -p $(dir $@)
	$(Q)$(TARGET_GCC) $(x86-pflags) -c -o $@ $<

# The same generic SHA-256 the loader uses, built freestanding.
$(x86-pdir)/sha256.o: $(SRC)/core/sha256.c
	$(call say,PURGCC,$@)
	@mkdir -p $(dir $@)
	$(Q)$(TARGET_GCC) $(x86-pflags) -c -o $@ $<

$(x86-pelf): $(x86-pobjs) $(x86-plds)
	$(call say,PURGLD,$@)
	$(Q)$(TARGET_LD) $(x86-pldflags) -T $(x86-plds) -o $@ $(x86-pobjs)

# Position independence is checked, not assumed: linked at another base,
# the bytes must not change (an absolute address anywhere would).
$(x86-pbin): $(x86-pelf)
	$(call say,OBJCOPY,$@)
	$(Q)set -e; alt=$(x86-pdir)/purgatory-alt; \
	$(TARGET_OBJCOPY) -O binary $< $@.tmp; \
	sed 's/^\([[:space:]]*\)\. = 0;/\1. = 0x12340000;/' $(x86-plds) > $$alt.lds; \
	grep -q '0x12340000' $$alt.lds || { echo "$(x86-plds): no '. = 0;' to move" >&2; exit 1; }; \
	$(TARGET_LD) $(x86-pldflags) -T $$alt.lds -o $$alt.elf $(x86-pobjs); \
	$(TARGET_OBJCOPY) -O binary $$alt.elf $$alt.bin; \
	cmp -s $@.tmp $$alt.bin || { echo "$@: not position independent (bytes change when linked at 0x12340000)" >&2; rm -f $@.tmp; exit 1; }; \
	mv $@.tmp $@

# Offsets for the loader and the tests.  The loader enters at offset 0 and
# reads the block's 8-byte fields in place, so the block must be aligned
# and inside the bytes copied.
$(x86-phdr): $(x86-pelf) $(x86-pbin)
	$(call say,GEN,$@)
	@mkdir -p $(dir $@)
	$(Q)set -e; start=; params=; psize=; verify=; end=; \
	eval "$$($(TARGET_NM) -S $(x86-pelf) | awk ' \
		$$NF == "purgatory_start" { print "start=0x" $$1 } \
		$$NF == "purgatory_params" && NF == 4 { print "params=0x" $$1 "; psize=0x" $$2 } \
		$$NF == "purgatory_verify" { print "verify=0x" $$1 } \
		$$NF == "_end" { print "end=0x" $$1 }')"; \
	size=$$(wc -c < $(x86-pbin)); \
	test -n "$$params" -a -n "$$verify" -a -n "$$end" || \
		{ echo "$@: purgatory_params, purgatory_verify or _end missing in $(x86-pelf)" >&2; exit 1; }; \
	test "$$start" && test $$((start)) -eq 0 || \
		{ echo "$@: purgatory_start is not at offset 0, where the loader enters" >&2; exit 1; }; \
	test $$((params % 8)) -eq 0 || \
		{ echo "$@: purgatory_params at $$params is not 8-byte aligned" >&2; exit 1; }; \
	test $$((params + psize)) -le $$size || \
		{ echo "$@: purgatory_params ($$params + $$psize) is not inside the $$size-byte .bin" >&2; exit 1; }; \
	{ echo "/* generated from $(notdir $(x86-pelf)) by arch/x86/arch.mk: do not edit */"; \
	  echo "#ifndef KX_X86_PURGATORY_GEN_H"; \
	  echo "#define KX_X86_PURGATORY_GEN_H"; \
	  printf '#define KX_X86_PURG_PARAMS_OFF 0x%x\n' $$((params)); \
	  printf '#define KX_X86_PURG_VERIFY_OFF 0x%x\n' $$((verify)); \
	  printf '#define KX_X86_PURG_MEMSZ 0x%x\n' $$((end)); \
	  printf '#define KX_X86_PURG_SIZE 0x%x\n' $$size; \
	  echo "#endif"; } > $@.tmp; \
	mv $@.tmp $@

$(B)/obj/arch/x86/purgatory_blob.o: $(SRC)/arch/x86/purgatory_blob.S $(arch-generated) $(AUTOCONF)
	$(call say,AS,$@)
	@mkdir -p $(dir $@)
	$(Q)$(CC) $(ALL_CFLAGS) $(arch-asflags) -c -o $@ $<

$(B)/obj/arch/x86/purgatory_load.o: $(arch-generated)
