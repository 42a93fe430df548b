# tests/fuzz/fuzz.mk - included by tests/tests.mk: the libFuzzer targets
# (tests/fuzz/README.md), built with clang, ASan and UBSan that stop at
# the first report, and coverage of what they test: the core with every
# feature on the fake backend (decompress, text, manifest), and this
# arch's backend on the core and dtb/ as configured (plan, dtb, and cli:
# the command as built).  libfdt is built from its source with coverage
# when the source is known, else the host's.
#
#   make fuzz [FUZZ_SECONDS=60] [FUZZ_TARGETS="plan dtb"]  each target that long
#   make fuzz-check       what make check runs: each for FUZZ_CHECK_SECONDS
#                         (3) on its corpus, committed crashers first
#   make fuzz-check-arch  the same for the targets that differ by arch (make
#                         check's other arches: plan, cli, dtb; fitsig where
#                         CONFIG_FIT_SIGNATURE is on: arm64's unit-codecs)

FUZZ_CC ?= clang
FUZZ_SECONDS ?= 60
FUZZ_CHECK_SECONDS ?= 3
T_CC_fuzz := $(FUZZ_CC)
T_CFLAGS_fuzz := -fsanitize=address,undefined,fuzzer-no-link -fno-sanitize-recover=all \
	-fno-omit-frame-pointer
$(eval $(call kx_variant,fuzz))

FUZZ_ARCH := plan cli $(if $(filter y,$(CONFIG_DTB)),dtb) \
	$(if $(filter y,$(CONFIG_FIT_SIGNATURE)),fitsig)
FUZZ_ALL := $(FUZZ_ARCH) decompress text manifest
FUZZ_TARGETS ?= $(FUZZ_ALL)
FUZZ_LDFLAGS := -fsanitize=address,undefined,fuzzer
FUZZ_SUPPORT := $(B)/test/fuzz/obj/tests/fuzz/fuzz.o $(B)/test/fuzz/obj/tests/unit/support.o
FUZZ_FDT := fdt fdt_ro fdt_wip fdt_sw fdt_rw fdt_addresses fdt_check
FUZZ_LIBFDT := $(if $(and $(LIBFDT_SRC),$(filter y,$(CONFIG_DTB))), \
	$(patsubst %,$(B)/test/fuzz/libfdt/%.o,$(FUZZ_FDT)))
FUZZ_EXT_OBJS := $(filter %.o,$(T_BEARSSL) $(T_SODIUM)) $(FUZZ_LIBFDT)
FUZZ_LIBS := $(filter-out %.o,$(T_BEARSSL) $(T_SODIUM)) \
	$(if $(FUZZ_LIBFDT),$(filter-out $(DTB_LIBS),$(T_LIBS)),$(T_LIBS))

$(B)/test/fuzz/libfdt/%.o: $(LIBFDT_SRC)/%.c
	@mkdir -p $(dir $@)
	$(Q)$(FUZZ_CC) -O1 -g $(T_CFLAGS_fuzz) -I$(LIBFDT_SRC) -c -o $@ $<

# The core's targets on the fake backend with every core feature; plan,
# cli and dtb on this arch's backend and the core as configured.
FUZZ_ON_FAKE := $(filter-out $(FUZZ_ARCH),$(FUZZ_ALL))
$(FUZZ_ON_FAKE:%=$(B)/fuzz/%): $(B)/fuzz/%: $(B)/test/fuzz/obj/tests/fuzz/%.o $(FUZZ_SUPPORT) \
		$(call T_FAKE_OBJS,fuzz) $(B)/test/fuzz/libcore-full.a $(FUZZ_EXT_OBJS)
	$(call say,LINK,$@)
	@mkdir -p $(dir $@)
	$(Q)$(FUZZ_CC) $(FUZZ_LDFLAGS) -Wl,--gc-sections -o $@ $(filter %.o %.a,$^) $(FUZZ_LIBS)
$(FUZZ_ARCH:%=$(B)/fuzz/%): $(B)/fuzz/%: $(B)/test/fuzz/obj/tests/fuzz/%.o $(FUZZ_SUPPORT) \
		$(B)/test/fuzz/libarch.a $(B)/test/fuzz/libcore.a $(FUZZ_EXT_OBJS)
	$(call say,LINK,$@)
	@mkdir -p $(dir $@)
	$(Q)$(FUZZ_CC) $(FUZZ_LDFLAGS) -Wl,--gc-sections -o $@ $(filter %.o,$^) -Wl,--start-group \
		$(filter %.a,$^) -Wl,--end-group $(FUZZ_LIBS)

# faults.c with plan's input function: every allocation of the planning
# path failing in turn, on plan's seeds (the linker's --wrap).
FUZZ_WRAP := $(foreach f,malloc calloc realloc posix_memalign mmap,-Wl,--wrap=$(f))
$(B)/fuzz/faults: $(B)/test/fuzz/obj/tests/fuzz/faults.o $(B)/test/fuzz/obj/tests/fuzz/plan.o \
		$(FUZZ_SUPPORT) $(B)/test/fuzz/libarch.a $(B)/test/fuzz/libcore.a $(FUZZ_EXT_OBJS)
	$(call say,LINK,$@)
	$(Q)$(FUZZ_CC) -fsanitize=address,undefined $(FUZZ_WRAP) -Wl,--gc-sections -o $@ $(filter %.o,$^) \
		-Wl,--start-group $(filter %.a,$^) -Wl,--end-group $(FUZZ_LIBS)

# manifest signs its inputs with the host's libsodium.
$(B)/fuzz/manifest: FUZZ_LIBS += -lsodium

# Seed corpora, made at build time (tests/fuzz/seeds.py).
$(B)/fuzz/seeds/.done: $(SRC)/tests/fuzz/seeds.py
	@rm -rf $(B)/fuzz/seeds
	@python3 $(SRC)/tests/fuzz/seeds.py $(B)/fuzz/seeds
	@touch $@

.PHONY: fuzz fuzz-check fuzz-check-arch faults
faults: $(B)/fuzz/faults $(B)/fuzz/seeds/.done
	@$(B)/fuzz/faults $(B)/fuzz/seeds/plan/*
fuzz: $(FUZZ_TARGETS:%=$(B)/fuzz/%) $(B)/fuzz/seeds/.done
	@sh $(SRC)/tests/fuzz/run.sh $(SRC) $(B)/fuzz $(FUZZ_SECONDS) $(FUZZ_TARGETS)
fuzz-check: $(FUZZ_ALL:%=$(B)/fuzz/%) $(B)/fuzz/seeds/.done
	@sh $(SRC)/tests/fuzz/run.sh $(SRC) $(B)/fuzz $(FUZZ_CHECK_SECONDS) $(FUZZ_ALL)
fuzz-check-arch: $(FUZZ_ARCH:%=$(B)/fuzz/%) $(B)/fuzz/seeds/.done
	@sh $(SRC)/tests/fuzz/run.sh $(SRC) $(B)/fuzz $(FUZZ_CHECK_SECONDS) $(FUZZ_ARCH)
