# tests/tests.mk - included by the Makefile.
# Unit tests: every tests/unit/test_*.c is a cmocka program linked against the
# library built with the host compiler, twice: plain and ASan+UBSan.  The
# real syscall backend (core/sys.c) is never linked into a test: the tests
# get tests/unit/sys_fake.c instead, which also installs a seccomp filter.

UNIT_SRCS := $(sort $(wildcard $(SRC)/tests/unit/test_*.c))
UNIT_NAMES := $(notdir $(UNIT_SRCS:.c=))
UNIT_SUPPORT := tests/unit/sys_fake tests/unit/support
VARIANTS := plain san
T_CFLAGS := -std=gnu11 -g -O1 -Wall -Wextra -Wno-unused-parameter -I$(SRC)/tests/unit -I$(SRC)/arch/$(SRCARCH)
T_CFLAGS_plain :=
T_CFLAGS_san := -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all
T_LIBS := -lcmocka -lz $(DTB_LIBS) $(call yn,$(CONFIG_DECOMPRESS_ZSTD),-lzstd) $(call yn,$(CONFIG_DECOMPRESS_XZ),-llzma)
HOST_ZLIB_CFLAGS :=

define kx_variant
$(B)/test/$(1)/obj/%.o: $(SRC)/%.c $(AUTOCONF) $(arch-generated)
	@mkdir -p $$(dir $$@)
	$$(call say,HOSTCC,$$@)
	$(Q)$(HOSTCC) $(KX_CPPFLAGS) $(T_CFLAGS) $(T_CFLAGS_$(1)) -MMD -MP -c -o $$@ $$<
$(B)/test/$(1)/obj/%.o: $(SRC)/%.S $(AUTOCONF) $(arch-generated)
	@mkdir -p $$(dir $$@)
	$(Q)$(HOSTCC) $(KX_CPPFLAGS) $(arch-asflags) -c -o $$@ $$<
$(B)/test/$(1)/libkx.a: $(LIB_SRCS:%.c=$(B)/test/$(1)/obj/%.o) $(dtb-y:%=$(B)/test/$(1)/obj/dtb/%.o) $(arch-asm-y:%=$(B)/test/$(1)/obj/arch/$(SRCARCH)/%.o)
	$(Q)rm -f $$@ && ar rcs $$@ $$^
$(B)/test/$(1)/%: $(B)/test/$(1)/obj/tests/unit/%.o $(UNIT_SUPPORT:%=$(B)/test/$(1)/obj/%.o) $(B)/test/$(1)/libkx.a
	$$(call say,LINK,$$@)
	$(Q)$(HOSTCC) $(T_CFLAGS_$(1)) -o $$@ $$^ $(T_LIBS)
unit-$(1): $(UNIT_NAMES:%=$(B)/test/$(1)/%) $(B)/test/nokexec
	@sh $(SRC)/tests/run-unit.sh $(1) $(B)/test/nokexec $(UNIT_NAMES:%=$(B)/test/$(1)/%)
endef
$(foreach v,$(VARIANTS),$(eval $(call kx_variant,$(v))))

-include $(shell find $(B)/test -name '*.d' 2>/dev/null)

.PHONY: unit-plain unit-san
unit: unit-plain unit-san seamcheck

# Refuses any host run of a binary that would call kexec_load,
# kexec_file_load or reboot (seccomp): see tests/tools/nokexec.c.
$(B)/test/nokexec: $(SRC)/tests/tools/nokexec.c $(SRC)/tests/tools/deny_kexec.h
	@mkdir -p $(dir $@)
	$(Q)$(HOSTCC) -O2 -Wall -I$(SRC)/tests/tools -o $@ $<

# The peak memory of a program run through nokexec (tests/tools/peakrss.c).
$(B)/test/peakrss: $(SRC)/tests/tools/peakrss.c
	@mkdir -p $(dir $@)
	$(Q)$(HOSTCC) -O2 -Wall -o $@ $<

# The seam: only core/sys.c may name the dangerous syscalls.
seamcheck: $(VARIANTS:%=$(B)/test/%/libkx.a)
	@sh $(SRC)/tests/seamcheck.sh $(SRC) $(VARIANTS:%=$(B)/test/%/libkx.a)

# The built binary, on this host, only through nokexec.
clitest: $(B)/kexec $(B)/test/nokexec $(B)/test/peakrss
	@sh $(SRC)/tests/cli/run.sh $(B)/kexec $(B)/test/nokexec $(B)/test/peakrss

# The build system as packagers use it (O=, CFLAGS, install, Kconfig).
buildtest: $(B)/test/nokexec
	@sh $(SRC)/tests/build/run.sh $(SRC) $(B)/test/nokexec

E2E_ARCHES ?= $(ARCH)
e2e: $(B)/kexec
	@sh $(SRC)/tests/qemu/e2e.sh --arch $(ARCH) --kexec $(B)/kexec --out $(B)/e2e

# `make check` also cross-builds and tests these, each in $(B)/build-ARCH:
# its own unit tests on the host, its static binary under QEMU.
CHECK_EXTRA_ARCHES ?= $(filter-out $(ARCH),arm64 arm riscv64)

# setup.sh --e2e: also what the QEMU tests of these arches need beyond
# Debian's packages (arm64: a kernel with KEXEC_FILE, built once, cached).
check:
	sh $(SRC)/scripts/setup.sh --e2e $(DEBARCH) $(foreach a,$(CHECK_EXTRA_ARCHES),$(DEBARCH_$(a)))
	@$(MAKE) -f $(SRC)/Makefile --no-print-directory O=$(B) all
	@$(MAKE) -f $(SRC)/Makefile --no-print-directory O=$(B) unit clitest buildtest e2e
	@for a in $(CHECK_EXTRA_ARCHES); do \
		$(MAKE) -f $(SRC)/Makefile --no-print-directory O=$(B) check-arch CHECK_ARCH=$$a || exit 1; \
	done

# One more architecture: configure (once), build, unit tests, QEMU.
check-arch:
	@test -f $(B)/build-$(CHECK_ARCH)/.config || \
		$(MAKE) -f $(SRC)/Makefile --no-print-directory O=$(B)/build-$(CHECK_ARCH) ARCH=$(CHECK_ARCH) defconfig
	@$(MAKE) -f $(SRC)/Makefile --no-print-directory O=$(B)/build-$(CHECK_ARCH) ARCH=$(CHECK_ARCH) all
	@sh $(SRC)/tests/build/noprintf.sh $(B)/build-$(CHECK_ARCH)/kexec.unstripped
	@sh $(SRC)/tests/unit/$(SRCARCH_$(CHECK_ARCH))/run.sh $(B)/build-$(CHECK_ARCH)
	@sh $(SRC)/tests/qemu/e2e.sh --arch $(CHECK_ARCH) --kexec $(B)/build-$(CHECK_ARCH)/kexec --out $(B)/e2e-$(CHECK_ARCH)

# Sizes of every architecture: the extra ones are built (not tested) in
# $(B)/build-ARCH when their musl driver is installed.
bench: $(B)/kexec $(B)/test/nokexec $(B)/test/peakrss
	@$(foreach a,$(CHECK_EXTRA_ARCHES),\
		if command -v $(MUSLCC_$(a)) >/dev/null; then \
			test -f $(B)/build-$(a)/.config || \
				$(MAKE) -f $(SRC)/Makefile --no-print-directory O=$(B)/build-$(a) ARCH=$(a) defconfig || exit 1; \
			$(MAKE) -f $(SRC)/Makefile --no-print-directory O=$(B)/build-$(a) ARCH=$(a) all || exit 1; \
		else echo "bench: no $(MUSLCC_$(a)): $(a) not built (sh scripts/setup.sh $(DEBARCH_$(a)))"; fi;)
	@sh $(SRC)/tests/bench/bench.sh $(B)

demo: deps
	@$(MAKE) -f $(SRC)/Makefile --no-print-directory O=$(B) all
	@sh $(SRC)/tests/qemu/demo.sh --arch $(ARCH) --kexec $(B)/kexec --out $(B)/e2e
