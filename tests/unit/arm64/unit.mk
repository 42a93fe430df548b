# tests/unit/arm64/unit.mk - included by tests/tests.mk: what arm64's unit
# tests add to `make unit`.
#
# unit-codecs: the tests again against the same configuration with the EFI
# zboot payload codecs (CONFIG_DECOMPRESS_ZSTD, CONFIG_DECOMPRESS_XZ) and
# the FIT signature checks (CONFIG_FIT_SIGNATURE) on, in $(B)/codecs: each
# such test expects a result in one configuration and a refusal naming the
# option in the other.  The host's libzstd and
# liblzma make the test streams.  The arch's fuzz targets run there too
# (fuzz-check-arch): fitsig, the FIT signature checks, is built only there.
#
# unit-qemu: the purgatory blob's check (purgatory/sha256_regs.S) on an
# emulated arm64 CPU: qemu_purgatory.c, built static with the cross
# compiler, runs the blob under qemu-aarch64 user emulation (also under
# nokexec).

T_LIBS += -lzstd -llzma

ifneq ($(CONFIG_DECOMPRESS_ZSTD),y)
unit-extra: unit-codecs unit-qemu
endif

unit-codecs: $(CONFIG)
	@mkdir -p $(B)/codecs
	@{ grep -v 'CONFIG_DECOMPRESS_\|CONFIG_FIT_SIGNATURE' $(CONFIG); echo CONFIG_DECOMPRESS_ZSTD=y; \
		echo CONFIG_DECOMPRESS_XZ=y; echo CONFIG_FIT_SIGNATURE=y; } \
		> $(B)/codecs/.config.in
	@if ! cmp -s $(B)/codecs/.config.in $(B)/codecs/.config.used || [ ! -f $(B)/codecs/.config ]; then \
		cp $(B)/codecs/.config.in $(B)/codecs/.config && \
		$(MAKE) -f $(SRC)/Makefile --no-print-directory O=$(B)/codecs ARCH=arm64 olddefconfig && \
		mv $(B)/codecs/.config.in $(B)/codecs/.config.used; fi
	@$(MAKE) -f $(SRC)/Makefile --no-print-directory O=$(B)/codecs ARCH=arm64 UNIT_LABEL="arm64 (codecs)" \
		unit-plain unit-san fuzz-check-arch

QEMU_AARCH64 ?= $(firstword $(shell command -v qemu-aarch64-static qemu-aarch64))
unit-qemu: $(B)/include/generated/arm64_purgatory.h $(B)/test/nokexec
	@test -n "$(QEMU_AARCH64)" || { echo "unit-qemu: qemu-aarch64 missing (sh scripts/setup.sh arm64)" >&2; exit 1; }
	@mkdir -p $(B)/test
	$(Q)$(TARGET_GCC) -std=gnu11 -static -g -O1 -Wall -Wextra -I$(SRC)/core -I$(SRC)/core/purgatory -I$(B)/include \
		-I$(SRC)/tests/unit -o $(B)/test/qemu_purgatory $(SRC)/tests/unit/arm64/qemu_purgatory.c $(SRC)/core/purgatory/sha256.c
	@if $(B)/test/nokexec $(QEMU_AARCH64) $(B)/test/qemu_purgatory $(B)/obj/arch/arm64/purgatory/purgatory.bin \
		> $(B)/test/qemu_purgatory.log 2>&1; then \
		echo "unit qemu arm64: qemu_purgatory: $$(sed -n 's/.* \([0-9]*\) passed, 0 failed$$/\1/p' $(B)/test/qemu_purgatory.log) passed"; \
	else cat $(B)/test/qemu_purgatory.log; echo "unit qemu arm64: qemu_purgatory: FAILED"; exit 1; fi

.PHONY: unit-codecs unit-qemu
