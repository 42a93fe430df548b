# arch/purgatory.mk - included by an arch.mk after it sets purg-cflags,
# purg-ldflags, purg-macro (X86, ARM64: the generated header's prefix) and
# purg-sha256 (the SHA-256 block function the check uses), and maybe
# purg-extra (more objects from its purgatory/, by name without suffix):
# the rules every purgatory shares.  arch/$(SRCARCH)/purgatory/ holds the
# arch's entry.S, purgatory.c (failure path, memcpy/memset) and
# purgatory.lds; core/purgatory/purgatory_verify.c (parameter block, check) and
# core/purgatory/sha256.c are built into every blob.  The blob is flat and
# position independent, built with the plain target gcc (never musl-gcc),
# embedded by arch/$(SRCARCH)/purgatory_blob.S; the loader patches a copy
# (core/digest/purgatory_add.c) at offsets this file checks and writes into
# generated/$(SRCARCH)_purgatory.h.

# An unset variable would build a blob with the host's defaults (no
# -mgeneral-regs-only, no strict alignment): refuse instead.
$(foreach v,purg-cflags purg-ldflags purg-macro purg-sha256,$(if $($(v)),,$(error arch/$(SRCARCH)/arch.mk must set $(v) before including arch/purgatory.mk)))

purg-src := $(SRC)/arch/$(SRCARCH)/purgatory
purg-dir := $(B)/obj/arch/$(SRCARCH)/purgatory
purg-elf := $(purg-dir)/purgatory.elf
purg-bin := $(purg-dir)/purgatory.bin
purg-hdr := $(B)/include/generated/$(SRCARCH)_purgatory.h
purg-lds := $(purg-src)/purgatory.lds
purg-objs := $(purg-dir)/entry.o $(purg-dir)/purgatory.o \
	$(purg-extra:%=$(purg-dir)/%.o) $(purg-dir)/verify.o $(purg-dir)/sha256.o

# Flags live in the arch.mk: a change there must rebuild the blob.
$(purg-objs): $(SRC)/arch/$(SRCARCH)/arch.mk $(SRC)/arch/purgatory.mk

# The .bin is listed too: purgatory_blob.S pulls it in by .incbin.
arch-generated := $(purg-hdr) $(purg-bin)
arch-asflags := -DKX_PURGATORY_BIN=\"$(purg-bin)\"

# The arch's own: entry.S, purgatory.c, and purg-extra.
$(purg-dir)/%.o: $(purg-src)/%.S
	$(call say,PURGCC,$@)
	@mkdir -p $(dir $@)
	$(Q)$(TARGET_GCC) $(purg-cflags) -c -o $@ $<

$(purg-dir)/%.o: $(purg-src)/%.c
	$(call say,PURGCC,$@)
	@mkdir -p $(dir $@)
	$(Q)$(TARGET_GCC) $(purg-cflags) -c -o $@ $<

# The same generic SHA-256 the loader uses, built freestanding.
$(purg-dir)/sha256.o: $(SRC)/core/purgatory/sha256.c
	$(call say,PURGCC,$@)
	@mkdir -p $(dir $@)
	$(Q)$(TARGET_GCC) $(purg-cflags) -c -o $@ $<

# The parameter block and the check, shared by every purgatory.
$(purg-dir)/verify.o: $(SRC)/core/purgatory/purgatory_verify.c
	$(call say,PURGCC,$@)
	@mkdir -p $(dir $@)
	$(Q)$(TARGET_GCC) $(purg-cflags) -DKX_PURG_SHA256=$(purg-sha256) -c -o $@ $<

$(purg-elf): $(purg-objs) $(purg-lds)
	$(call say,PURGLD,$@)
	$(Q)$(TARGET_LD) $(purg-ldflags) -T $(purg-lds) -o $@ $(purg-objs)

# Position independence is checked, not assumed: linked at another base,
# the bytes must not change (an absolute address anywhere would).
$(purg-bin): $(purg-elf)
	$(call say,OBJCOPY,$@)
	$(Q)set -e; alt=$(purg-dir)/purgatory-alt; \
	$(TARGET_OBJCOPY) -O binary $< $@.tmp; \
	sed 's/^\([[:space:]]*\)\. = 0;/\1. = 0x12340000;/' $(purg-lds) > $$alt.lds; \
	grep -q '0x12340000' $$alt.lds || { echo "$(purg-lds): no '. = 0;' to move" >&2; exit 1; }; \
	$(TARGET_LD) $(purg-ldflags) -T $$alt.lds -o $$alt.elf $(purg-objs); \
	$(TARGET_OBJCOPY) -O binary $$alt.elf $$alt.bin; \
	cmp -s $@.tmp $$alt.bin || { echo "$@: not position independent (bytes change when linked at 0x12340000)" >&2; rm -f $@.tmp; exit 1; }; \
	mv $@.tmp $@

# Offsets for the loader and the tests.  The loader enters at offset 0 and
# reads the block's 8-byte fields in place, so the block must be aligned
# and inside the bytes copied.
$(purg-hdr): $(purg-elf) $(purg-bin)
	$(call say,GEN,$@)
	@mkdir -p $(dir $@)
	$(Q)set -e; start=; params=; psize=; verify=; end=; \
	eval "$$($(TARGET_NM) -S $(purg-elf) | awk ' \
		$$NF == "purgatory_start" { print "start=0x" $$1 } \
		$$NF == "purgatory_params" && NF == 4 { print "params=0x" $$1 "; psize=0x" $$2 } \
		$$NF == "purgatory_verify" { print "verify=0x" $$1 } \
		$$NF == "_end" { print "end=0x" $$1 }')"; \
	size=$$(wc -c < $(purg-bin)); \
	test -n "$$params" -a -n "$$verify" -a -n "$$end" || \
		{ echo "$@: purgatory_params, purgatory_verify or _end missing in $(purg-elf)" >&2; exit 1; }; \
	test "$$start" && test $$((start)) -eq 0 || \
		{ echo "$@: purgatory_start is not at offset 0, where the loader enters" >&2; exit 1; }; \
	test $$((params % 8)) -eq 0 || \
		{ echo "$@: purgatory_params at $$params is not 8-byte aligned" >&2; exit 1; }; \
	test $$((params + psize)) -le $$size || \
		{ echo "$@: purgatory_params ($$params + $$psize) is not inside the $$size-byte .bin" >&2; exit 1; }; \
	{ echo "/* generated from $(notdir $(purg-elf)) by arch/purgatory.mk: do not edit */"; \
	  echo "#ifndef KX_$(purg-macro)_PURGATORY_GEN_H"; \
	  echo "#define KX_$(purg-macro)_PURGATORY_GEN_H"; \
	  printf '#define KX_$(purg-macro)_PURG_PARAMS_OFF 0x%x\n' $$((params)); \
	  printf '#define KX_$(purg-macro)_PURG_VERIFY_OFF 0x%x\n' $$((verify)); \
	  printf '#define KX_$(purg-macro)_PURG_MEMSZ 0x%x\n' $$((end)); \
	  printf '#define KX_$(purg-macro)_PURG_SIZE 0x%x\n' $$size; \
	  echo "#endif"; } > $@.tmp; \
	mv $@.tmp $@

$(B)/obj/arch/$(SRCARCH)/purgatory_blob.o: $(SRC)/arch/$(SRCARCH)/purgatory_blob.S $(arch-generated) $(AUTOCONF)
	$(call say,AS,$@)
	@mkdir -p $(dir $@)
	$(Q)$(CC) $(ALL_CFLAGS) $(arch-asflags) -c -o $@ $<

$(B)/obj/arch/$(SRCARCH)/purgatory_load.o: $(arch-generated)
