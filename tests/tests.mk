# tests/tests.mk - included by the Makefile.
# Unit tests: cmocka programs built with the host compiler, each twice:
# plain and ASan+UBSan.  tests/unit/test_*.c test the core and dtb/ on a
# small fake backend (tests/unit/fake_arch.c: one made-up image format),
# so they run the same under every ARCH; tests/unit/$(SRCARCH)/test_*.c
# test the configured backend on top of the same core.  The real syscall
# backend (core/kernel/sys.c) is never linked into a test: the tests get
# tests/unit/sys_fake.c instead, which also installs a seccomp filter.

UNIT_CORE := $(notdir $(basename $(sort $(wildcard $(SRC)/tests/unit/test_*.c))))
UNIT_ARCH := $(notdir $(basename $(sort $(wildcard $(SRC)/tests/unit/$(SRCARCH)/test_*.c))))
UNIT_SUPPORT := tests/unit/sys_fake tests/unit/support
# A test's own link options: test_refusals answers for the recorder that
# kx_main makes.
T_LDFLAGS_test_refusals := -Wl,--wrap=kx_sys_recorder
VARIANTS := plain san
T_CFLAGS := -std=gnu11 -g -O1 -Wall -Wextra -Wno-unused-parameter -I$(SRC)/tests/unit \
	-I$(SRC)/arch/$(SRCARCH) -I$(SRC)/tests/unit/$(SRCARCH)
T_CFLAGS_plain :=
T_CFLAGS_san := -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all
T_LIBS := -lcmocka -lz $(DTB_LIBS) $(call yn,$(CONFIG_DECOMPRESS_ZSTD),-lzstd) $(call yn,$(CONFIG_DECOMPRESS_XZ),-llzma)
HOST_ZLIB_CFLAGS :=
UNIT_LABEL ?= $(ARCH)

# An arch may add its own (tests/unit/ARCH/unit.mk: unit-extra, T_LIBS).
unit-extra:
-include $(SRC)/tests/unit/$(SRCARCH)/unit.mk

# The core and dtb/ as configured (libcore.a), and the backend
# (libarch.a), for the backend's tests.  The core's own tests run on the
# fake backend with every core feature built in (libcore-full.a: whatever
# the arch's Kconfig turned off, kexec_file_load on arm for one, is there;
# the _none files meet the build and CLI tests); the fake backend brings
# the portable SHA-256 (no arch's instructions).
core-full := $(foreach f,$(core-y),$(if $(filter plan/decompress_%,$(f)),$(f),$(f:%_none=%))) \
	$(if $(filter verify/manifest_none,$(core-y)),verify/signify)
T_CORE_OBJS = $(core-y:%=$(B)/test/$(1)/obj/core/%.o) $(dtb-y:%=$(B)/test/$(1)/obj/dtb/%.o)
T_CORE_FULL_OBJS = $(core-full:%=$(B)/test/$(1)/obj/core/%.o) $(dtb-y:%=$(B)/test/$(1)/obj/dtb/%.o)
T_ARCH_OBJS = $(arch-y:%=$(B)/test/$(1)/obj/arch/$(SRCARCH)/%.o) \
	$(arch-asm-y:%=$(B)/test/$(1)/obj/arch/$(SRCARCH)/%.o)
T_FAKE_OBJS = $(B)/test/$(1)/obj/tests/unit/fake_arch.o $(B)/test/$(1)/obj/core/digest/sha256_noaccel.o
# BearSSL for the FIT signature checks (CONFIG_FIT_SIGNATURE), built for the
# host without the sanitizers (its own code is not under test here).
T_BEARSSL = $(if $(filter y,$(CONFIG_FIT_SIGNATURE)),$(if $(BEARSSL_SRC),\
	$(BEARSSL_FILES:%=$(B)/test/bearssl/%.o),-lbearssl))
$(B)/test/bearssl/%.o: $(BEARSSL_SRC)/src/%.c
	@mkdir -p $(dir $@)
	$(Q)$(HOSTCC) -O1 -w -I$(BEARSSL_SRC)/inc -I$(BEARSSL_SRC)/src -c -o $@ $<

# libsodium for the signed manifests (core/verify/manifest.c: the core's
# tests always have it), built for the host likewise; the tests link with
# --gc-sections, as the binary does: what the verifier does not call (and
# the rest of libsodium it would need) falls away.
T_SODIUM = $(if $(SODIUM_SRC),$(SODIUM_FILES:%=$(B)/test/sodium/%.o),-lsodium)
$(B)/test/sodium/%.o: $(SODIUM_SRC)/src/libsodium/%.c
	@mkdir -p $(dir $@)
	$(Q)$(HOSTCC) -O1 -w -ffunction-sections $(SODIUM_FLAGS) -DHAVE_TI_MODE -c -o $@ $<

define kx_variant
$(B)/test/$(1)/obj/%.o: $(SRC)/%.c $(AUTOCONF) $(arch-generated)
	@mkdir -p $$(dir $$@)
	$$(call say,HOSTCC,$$@)
	$(Q)$(or $(T_CC_$(1)),$(HOSTCC)) $(KX_CPPFLAGS) $(T_CFLAGS) $(T_CFLAGS_$(1)) -MMD -MP -c -o $$@ $$<
$(B)/test/$(1)/obj/%.o: $(SRC)/%.S $(AUTOCONF) $(arch-generated)
	@mkdir -p $$(dir $$@)
	$(Q)$(or $(T_CC_$(1)),$(HOSTCC)) $(KX_CPPFLAGS) $(arch-asflags) -c -o $$@ $$<
$(B)/test/$(1)/libcore.a: $(call T_CORE_OBJS,$(1))
	$(Q)rm -f $$@ && ar rcs $$@ $$^
$(B)/test/$(1)/libcore-full.a: $(call T_CORE_FULL_OBJS,$(1))
	$(Q)rm -f $$@ && ar rcs $$@ $$^
$(B)/test/$(1)/libarch.a: $(call T_ARCH_OBJS,$(1))
	$(Q)rm -f $$@ && ar rcs $$@ $$^
$(UNIT_CORE:%=$(B)/test/$(1)/%): $(B)/test/$(1)/%: $(B)/test/$(1)/obj/tests/unit/%.o \
		$(UNIT_SUPPORT:%=$(B)/test/$(1)/obj/%.o) $(call T_FAKE_OBJS,$(1)) $(B)/test/$(1)/libcore-full.a \
		$(filter %.o,$(T_BEARSSL) $(T_SODIUM))
	$$(call say,LINK,$$@)
	$(Q)$(HOSTCC) $(T_CFLAGS_$(1)) $$(T_LDFLAGS_$$*) -Wl,--gc-sections -o $$@ $$^ \
		$(filter-out %.o,$(T_BEARSSL) $(T_SODIUM)) $(T_LIBS)
$(UNIT_ARCH:%=$(B)/test/$(1)/%): $(B)/test/$(1)/%: $(B)/test/$(1)/obj/tests/unit/$(SRCARCH)/%.o \
		$(UNIT_SUPPORT:%=$(B)/test/$(1)/obj/%.o) $(B)/test/$(1)/libarch.a $(B)/test/$(1)/libcore.a \
		$(filter %.o,$(T_BEARSSL) $(T_SODIUM))
	$$(call say,LINK,$$@)
	$(Q)$(HOSTCC) $(T_CFLAGS_$(1)) -Wl,--gc-sections -o $$@ $$(filter %.o,$$^) -Wl,--start-group $$(filter %.a,$$^) \
		-Wl,--end-group $(filter-out %.o,$(T_BEARSSL) $(T_SODIUM)) $(T_LIBS)
unit-$(1): $(UNIT_CORE:%=$(B)/test/$(1)/%) $(UNIT_ARCH:%=$(B)/test/$(1)/%) $(B)/test/nokexec
	@sh $(SRC)/tests/run-unit.sh "$(1) $(UNIT_LABEL)" $(B)/test/nokexec $(UNIT_CORE:%=$(B)/test/$(1)/%) \
		$(UNIT_ARCH:%=$(B)/test/$(1)/%)
endef
$(foreach v,$(VARIANTS),$(eval $(call kx_variant,$(v))))

include $(SRC)/tests/fuzz/fuzz.mk

-include $(shell find $(B)/test -name '*.d' 2>/dev/null)

.PHONY: unit-plain unit-san unit-extra libtest busyboxtest e2e-applet demotest
unit: unit-plain unit-san seamcheck unit-extra

# Refuses any host run of a binary that would call kexec_load,
# kexec_file_load or reboot (seccomp): see tests/tools/nokexec.c.
$(B)/test/nokexec: $(SRC)/tests/tools/nokexec.c $(SRC)/tests/tools/deny_kexec.h
	@mkdir -p $(dir $@)
	$(Q)$(HOSTCC) -O2 -Wall -I$(SRC)/tests/tools -o $@ $<

# The peak memory of a program run through nokexec (tests/tools/peakrss.c).
$(B)/test/peakrss: $(SRC)/tests/tools/peakrss.c
	@mkdir -p $(dir $@)
	$(Q)$(HOSTCC) -O2 -Wall -o $@ $<

# The seam: only core/kernel/sys.c may name the dangerous syscalls.
seamcheck: $(VARIANTS:%=$(B)/test/%/libcore.a) $(VARIANTS:%=$(B)/test/%/libarch.a)
	@sh $(SRC)/tests/seamcheck.sh $(SRC) $(VARIANTS:%=$(B)/test/%/libcore.a) $(VARIANTS:%=$(B)/test/%/libarch.a)

# The built binary, on this host, only through nokexec.
clitest: $(B)/kexec $(B)/test/nokexec $(B)/test/peakrss
	@KX_CONFIG=$(CONFIG) sh $(SRC)/tests/cli/run.sh $(B)/kexec $(B)/test/nokexec $(B)/test/peakrss
	@sh $(SRC)/tests/cli/completion.sh $(B)/kexec $(B)/test/nokexec

# The library installed as a packager installs it, and a program built on
# it through pkg-config (the host's arch only: the program runs here).
libtest: $(B)/libkexec.a $(B)/libkexec.pc $(B)/test/nokexec
	@rm -rf $(B)/libroot
	@$(MAKE) -f $(SRC)/Makefile --no-print-directory O=$(B) install-lib DESTDIR=$(B)/libroot \
		PREFIX=/usr > /dev/null
	@sh $(SRC)/tests/lib/run.sh $(B)/libroot "$(CC)" $(B)/test/nokexec $(B)/test/update

# BusyBox with the kexec applet (make busybox), run on the host's arch.
busyboxtest: busybox $(B)/test/nokexec
	@sh $(SRC)/tests/build/busybox.sh $(B)/busybox-build/with/busybox $(B)/test/nokexec

# The build system as packagers use it (O=, CFLAGS, install, Kconfig).
buildtest: $(B)/test/nokexec
	@sh $(SRC)/tests/build/run.sh $(SRC) $(B)/test/nokexec

E2E_ARCHES ?= $(ARCH)
# The signed scenarios' keys (made once per build tree, never committed),
# and the signed-only board build of an arch that has one, with those
# keys built in instead of boards/keys/'s examples.
$(B)/keys/.done: $(SRC)/tests/qemu/keys.sh
	@sh $(SRC)/tests/qemu/keys.sh $(B)/keys
signed-board = $(wildcard $(SRC)/boards/qemu_virt_$(1)_signed_defconfig)
signed-build = $(if $(call signed-board,$(1)),$(B)/signed-$(1)/kexec)
$(B)/signed-%/kexec: $(B)/keys/.done FORCE
	@test -f $(B)/signed-$*/.config.kx || { \
		$(MAKE) -f $(SRC)/Makefile --no-print-directory O=$(B)/signed-$* ARCH=$* \
			qemu_virt_$*_signed_defconfig && \
		sed -i -e 's|^CONFIG_FIT_KEYS=.*|CONFIG_FIT_KEYS="$(B)/keys/fit-keys.dtb"|' \
			-e 's|^CONFIG_VERIFY_KEY=.*|CONFIG_VERIFY_KEY="$(B)/keys/test.pub"|' $(B)/signed-$*/.config && \
		$(MAKE) -f $(SRC)/Makefile --no-print-directory O=$(B)/signed-$* ARCH=$* olddefconfig && \
		touch $(B)/signed-$*/.config.kx; }
	@$(MAKE) -f $(SRC)/Makefile --no-print-directory O=$(B)/signed-$* ARCH=$* all
	@sh $(SRC)/tests/build/size.sh $@

e2e: $(B)/kexec $(B)/keys/.done $(call signed-build,$(ARCH))
	@sh $(SRC)/tests/build/size.sh $(B)/kexec
	@sh $(SRC)/tests/qemu/e2e.sh --arch $(ARCH) --kexec $(B)/kexec --out $(B)/e2e --keys $(B)/keys \
		$(if $(call signed-build,$(ARCH)),--signed $(call signed-build,$(ARCH))) \
		$$(test -x $(B)/test/update && echo --updater $(B)/test/update)

# `make demo` as the README gives it (without its setup step, which check
# ran): its last line, the whole of it in $(B)/demo.log.
demotest: $(B)/kexec
	@sh $(SRC)/tests/qemu/demo.sh --arch $(ARCH) --kexec $(B)/kexec --out $(B)/e2e > $(B)/demo.log 2>&1 || \
		{ tail -n 30 $(B)/demo.log; echo "demo: failed (all of it: $(B)/demo.log)"; exit 1; }
	@echo "demo: $$(tail -n 1 $(B)/demo.log)"

# The applet's scenarios, with that BusyBox as kernel 1's userland and
# /sbin/kexec -> busybox (tests/qemu/e2e.sh --busybox).
e2e-applet: busybox
	@sh $(SRC)/tests/qemu/e2e.sh --arch $(ARCH) --busybox $(B)/busybox-build/with/busybox --out $(B)/e2e-applet

# `make check` also cross-builds and tests these, each in $(B)/build-ARCH:
# its own unit tests on the host, its static binary under QEMU.
CHECK_EXTRA_ARCHES ?= $(filter-out $(ARCH),arm64 arm riscv64)

# setup.sh --e2e: also what the QEMU tests of these arches need beyond
# Debian's packages (arm64: a kernel with KEXEC_FILE, built once, cached).
check:
	sh $(SRC)/scripts/setup.sh --e2e $(DEBARCH) $(foreach a,$(CHECK_EXTRA_ARCHES),$(DEBARCH_$(a)))
	@$(MAKE) -f $(SRC)/Makefile --no-print-directory O=$(B) all
	@$(MAKE) -f $(SRC)/Makefile --no-print-directory O=$(B) unit fuzz-check faults clitest libtest \
		busyboxtest buildtest e2e e2e-applet demotest
	@for a in $(CHECK_EXTRA_ARCHES); do \
		$(MAKE) -f $(SRC)/Makefile --no-print-directory O=$(B) check-arch CHECK_ARCH=$$a || exit 1; \
	done

# One more architecture: configure (once), build, unit tests, its fuzz
# targets for a few seconds, QEMU (the binary, then its BusyBox applet).
check-arch:
	@test -f $(B)/build-$(CHECK_ARCH)/.config || \
		$(MAKE) -f $(SRC)/Makefile --no-print-directory O=$(B)/build-$(CHECK_ARCH) ARCH=$(CHECK_ARCH) defconfig
	@$(MAKE) -f $(SRC)/Makefile --no-print-directory O=$(B)/build-$(CHECK_ARCH) ARCH=$(CHECK_ARCH) all
	@sh $(SRC)/tests/build/noprintf.sh $(B)/build-$(CHECK_ARCH)/kexec.unstripped
	@$(MAKE) -f $(SRC)/Makefile --no-print-directory O=$(B)/build-$(CHECK_ARCH) ARCH=$(CHECK_ARCH) unit \
		fuzz-check-arch faults
	@sh $(SRC)/tests/build/size.sh $(B)/build-$(CHECK_ARCH)/kexec
	@$(MAKE) -f $(SRC)/Makefile --no-print-directory $(B)/keys/.done $(call signed-build,$(CHECK_ARCH))
	@sh $(SRC)/tests/qemu/e2e.sh --arch $(CHECK_ARCH) --kexec $(B)/build-$(CHECK_ARCH)/kexec --out $(B)/e2e-$(CHECK_ARCH) \
		--keys $(B)/keys $(if $(call signed-build,$(CHECK_ARCH)),--signed $(call signed-build,$(CHECK_ARCH)))
	@$(MAKE) -f $(SRC)/Makefile --no-print-directory O=$(B)/build-$(CHECK_ARCH) ARCH=$(CHECK_ARCH) e2e-applet

# Sizes of every architecture: the extra ones are built (not tested) in
# $(B)/build-ARCH when their musl driver is installed.
bench: $(B)/kexec $(B)/test/nokexec $(B)/test/peakrss
	@$(foreach a,$(CHECK_EXTRA_ARCHES),\
		if [ -n "$(MUSLCC_$(a))" ] && command -v $(MUSLCC_$(a)) >/dev/null; then \
			test -f $(B)/build-$(a)/.config || \
				$(MAKE) -f $(SRC)/Makefile --no-print-directory O=$(B)/build-$(a) ARCH=$(a) defconfig || exit 1; \
			$(MAKE) -f $(SRC)/Makefile --no-print-directory O=$(B)/build-$(a) ARCH=$(a) all || exit 1; \
		else echo "bench: no musl driver for $(a) in $(TOOLCHAIN_MK): not built (sh scripts/setup.sh $(DEBARCH_$(a)))"; fi;)
	@sh $(SRC)/tests/bench/bench.sh $(B)

demo: deps
	@$(MAKE) -f $(SRC)/Makefile --no-print-directory O=$(B) all
	@sh $(SRC)/tests/qemu/demo.sh --arch $(ARCH) --kexec $(B)/kexec --out $(B)/e2e
