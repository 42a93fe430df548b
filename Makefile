# Makefile - the static kexec binary, its library, tests and benchmarks.
#
#   make [O=dir] [ARCH=x86_64] [CROSS_COMPILE=...] [CC=...] [CFLAGS=...]
#   make <board>_defconfig | defconfig | menuconfig | olddefconfig | savedefconfig
#   make check | unit | e2e | bench | demo | install DESTDIR=... PREFIX=...
#
# CC, CFLAGS, CPPFLAGS, LDFLAGS given on the command line are appended to
# the project's own flags (KX_*), never replace them.

KX_VERSION := 0.1.0
SRC := $(patsubst %/,%,$(dir $(abspath $(lastword $(MAKEFILE_LIST)))))
O ?= .
B := $(abspath $(O))
CONFIG := $(B)/.config
KX_TC ?= $(HOME)/.cache/kexec-tc
PYTHON ?= /usr/bin/python3
HOSTCC ?= gcc
HOSTARCH := $(shell uname -m)

# Goals that must work before dependencies exist (or that write .config
# themselves) read .config if present but never try to remake it.
ifneq ($(filter deps check check-arch demo help clean distclean %config,$(MAKECMDGOALS)),)
  include $(wildcard $(CONFIG))
else
  -include $(CONFIG)
endif

# Debian's and the kernel's names for the same architectures.
ARCH_ALIAS_amd64 := x86_64
ARCH_ALIAS_aarch64 := arm64
CONFIG_ARCH_NAME := $(patsubst "%",%,$(CONFIG_ARCH))
ifeq ($(origin ARCH),command line)
  override ARCH := $(or $(ARCH_ALIAS_$(ARCH)),$(ARCH))
  ifneq ($(CONFIG_ARCH_NAME),)
    ifneq ($(ARCH),$(CONFIG_ARCH_NAME))
      ifeq ($(filter %config help distclean clean,$(MAKECMDGOALS)),)
        $(error ARCH=$(ARCH) but $(CONFIG) is for $(CONFIG_ARCH_NAME): run 'make ARCH=$(ARCH) defconfig' or remove .config)
      endif
    endif
  endif
else
  ARCH := $(if $(CONFIG_ARCH_NAME),$(CONFIG_ARCH_NAME),$(or $(ARCH_ALIAS_$(HOSTARCH)),$(HOSTARCH)))
endif

# Per architecture: backend folder, default board, musl driver, Debian names.
SRCARCH_x86_64 := x86
DEFCONFIG_x86_64 := qemu_x86_64_defconfig
MUSLCC_x86_64 := musl-gcc
DEBARCH_x86_64 := amd64
TRIPLET_x86_64 := x86_64-linux-gnu
SRCARCH_arm64 := arm64
DEFCONFIG_arm64 := qemu_virt_arm64_defconfig
MUSLCC_arm64 := aarch64-linux-musl-gcc
DEBARCH_arm64 := arm64
TRIPLET_arm64 := aarch64-linux-gnu

SRCARCH := $(SRCARCH_$(ARCH))
DEBARCH := $(DEBARCH_$(ARCH))
TRIPLET := $(TRIPLET_$(ARCH))

# Cross-building without CROSS_COMPILE: Debian's prefix for the target.
ifneq ($(ARCH),$(or $(ARCH_ALIAS_$(HOSTARCH)),$(HOSTARCH)))
  CROSS_COMPILE ?= $(TRIPLET)-
endif
ifeq ($(origin CC),default)
  CC := $(if $(MUSLCC_$(ARCH)),$(MUSLCC_$(ARCH)),$(CROSS_COMPILE)gcc)
endif
ifeq ($(origin STRIP),undefined)
  STRIP := $(CROSS_COMPILE)strip
endif
TARGET_GCC := $(CROSS_COMPILE)gcc
TARGET_LD := $(CROSS_COMPILE)ld
TARGET_OBJCOPY := $(CROSS_COMPILE)objcopy
TARGET_NM := $(CROSS_COMPILE)nm

# Static libraries for the target (see scripts/setup.sh and toolchain notes).
# zlib's inflate and libfdt are built from source with our compiler when
# setup.sh has unpacked them: -Os, one section per function so that the
# linker drops what we do not call, no unwind tables, and no braided CRC
# (its tables cost 8 KiB); else Debian's libz.a and libfdt.a from the
# sysroot (whole objects, -O2, unwind tables: ~20 KiB more on arm64).
KX_SYSROOT := $(KX_TC)/sysroot-$(DEBARCH)
EXT_CFLAGS := -Os -ffunction-sections -fdata-sections -fno-asynchronous-unwind-tables \
	-fno-unwind-tables -fno-stack-protector -w
ZLIB_SRC ?= $(patsubst %/inflate.c,%,$(firstword $(wildcard $(KX_TC)/src/zlib-*/inflate.c)))
ifneq ($(ZLIB_SRC),)
  ZLIB_OBJS := $(patsubst %,$(B)/obj/zlib/%.o,inflate inftrees inffast crc32 adler32 zutil)
  ZLIB_CFLAGS ?= -I$(ZLIB_SRC)
  ZLIB_LIBS ?= $(ZLIB_OBJS)
else
  ZLIB_CFLAGS ?= -I$(KX_SYSROOT)/usr/include
  ZLIB_LIBS ?= $(KX_SYSROOT)/usr/lib/$(TRIPLET)/libz.a
endif
# musl drivers see no /usr/include: kernel UAPI headers come from here.
KHEADERS_CFLAGS ?= -idirafter $(KX_TC)/kheaders-$(DEBARCH)

KX_CPPFLAGS := -I$(SRC)/core -I$(B)/include -DKX_VERSION=\"$(KX_VERSION)\" -D_GNU_SOURCE
KX_CFLAGS := -std=gnu11 -Os -Wall -Wextra -Wno-unused-parameter -Wshadow \
	-Wstrict-prototypes -Wmissing-prototypes -ffunction-sections -fdata-sections \
	-fno-asynchronous-unwind-tables -fno-unwind-tables -fno-stack-protector
# noseparate-code: one text segment instead of page-padded ones (-8 KiB).
KX_LDFLAGS := -static -Wl,--gc-sections -Wl,-z,noseparate-code -Wl,--build-id=none
ALL_CFLAGS = $(KX_CPPFLAGS) $(CPPFLAGS) $(KX_CFLAGS) $(CFLAGS)

ifneq ($(V),1)
  Q := @
  say = @printf '  %-8s %s\n' $(1) $(2);
endif

# ---- objects: a feature is a file, a missing feature its _none file ----
yn = $(if $(filter y,$(1)),$(2),$(3))
core-y := err fmt root text file random range memmap place plan cmdline sha256 sha256_fast explain purgatory_add \
	load unload exec status report sys_record cli
core-y += $(call yn,$(CONFIG_GZIP),inflate,inflate_none)
# EFI zboot payload codecs (Kconfig DECOMPRESS_*): the table, and each
# codec or its _none refusal.  A codec links Debian's static libzstd.a or
# liblzma.a from the sysroot: built against glibc, but their decoders need
# nothing musl lacks (toolchain.md pitfall 5 hits only what the linker
# leaves out here: the compressors, like zlib's gz*).
core-y += decompress $(call yn,$(CONFIG_DECOMPRESS_ZSTD),decompress_zstd,decompress_zstd_none) \
	$(call yn,$(CONFIG_DECOMPRESS_XZ),decompress_xz,decompress_xz_none)
CODEC_LIBS := $(call yn,$(CONFIG_DECOMPRESS_ZSTD),$(KX_SYSROOT)/usr/lib/$(TRIPLET)/libzstd.a) \
	$(call yn,$(CONFIG_DECOMPRESS_XZ),$(KX_SYSROOT)/usr/lib/$(TRIPLET)/liblzma.a)
$(B)/obj/core/decompress_zstd.o $(B)/obj/core/decompress_xz.o: KX_CPPFLAGS += -idirafter $(KX_SYSROOT)/usr/include
core-y += $(call yn,$(CONFIG_JSON),report_json,report_json_none)
core-y += $(call yn,$(CONFIG_DEBUG),debug,debug_none)
core-y += $(call yn,$(CONFIG_KEXEC_FILE),load_file,load_file_none)
core-y += $(call yn,$(CONFIG_PURGATORY_CHECK),digest,digest_none)

arch-y :=
arch-objs-extra :=
formats-y :=
ifneq ($(SRCARCH),)
include $(SRC)/arch/$(SRCARCH)/arch.mk
endif

LIB_SRCS := $(core-y:%=core/%.c) $(arch-y:%=arch/$(SRCARCH)/%.c)
# The device-tree layer (libfdt): unit-tested on every build, linked into
# the binary of the device-tree architectures (arm64, arm, riscv64).
include $(SRC)/dtb/dtb.mk
KX_CPPFLAGS += $(DTB_CPPFLAGS)
# CONFIG_DTB: the binary links dtb/ and libfdt, from source (dtc 1.7.2,
# see above) or the sysroot's static libfdt.a (the unit tests build dtb/
# for the host on their own with the host's libfdt, see tests/tests.mk).
LIBFDT_SRC ?= $(patsubst %/fdt.c,%,$(firstword $(wildcard $(KX_TC)/src/dtc-*/libfdt/fdt.c)))
dtb-objs := $(call yn,$(CONFIG_DTB),$(dtb-y:%=$(B)/obj/dtb/%.o))
ifneq ($(LIBFDT_SRC),)
  LIBFDT_OBJS := $(call yn,$(CONFIG_DTB),$(patsubst %,$(B)/obj/libfdt/%.o,fdt fdt_ro fdt_wip fdt_sw fdt_rw fdt_addresses fdt_check))
  DTB_TARGET_CFLAGS := $(call yn,$(CONFIG_DTB),-I$(LIBFDT_SRC))
  DTB_TARGET_LIBS := $(LIBFDT_OBJS)
else
  DTB_TARGET_CFLAGS := $(call yn,$(CONFIG_DTB),-idirafter $(KX_SYSROOT)/usr/include)
  DTB_TARGET_LIBS := $(call yn,$(CONFIG_DTB),$(KX_SYSROOT)/usr/lib/$(TRIPLET)/libfdt.a)
endif
LIB_OBJS := $(LIB_SRCS:%.c=$(B)/obj/%.o) $(arch-objs-extra)
BIN_OBJS := $(B)/obj/core/sys.o $(B)/obj/core/main.o
AUTOCONF := $(B)/include/generated/autoconf.h

.PHONY: all kexec clean distclean help install deps check unit e2e bench demo \
	defconfig olddefconfig savedefconfig menuconfig oldconfig allnoconfig allyesconfig \
	seamcheck clitest buildtest check-arch FORCE
.DEFAULT_GOAL := all
.SUFFIXES:
.DELETE_ON_ERROR:
.SECONDARY:

all: kexec

kexec: $(B)/kexec

$(B)/obj/zlib/%.o: $(ZLIB_SRC)/%.c
	$(call say,CC,$@)
	@mkdir -p $(dir $@)
	$(Q)$(CC) $(EXT_CFLAGS) -DZ_TESTW=0 $(CFLAGS) -c -o $@ $<

$(B)/obj/libfdt/%.o: $(LIBFDT_SRC)/%.c
	$(call say,CC,$@)
	@mkdir -p $(dir $@)
	$(Q)$(CC) $(EXT_CFLAGS) -I$(LIBFDT_SRC) $(CFLAGS) -c -o $@ $<

$(B)/kexec: $(LIB_OBJS) $(dtb-objs) $(BIN_OBJS) $(ZLIB_OBJS) $(LIBFDT_OBJS)
	$(call say,LD,$@)
	$(Q)$(CC) $(ALL_CFLAGS) $(KX_LDFLAGS) $(LDFLAGS) -o $@.unstripped $(LIB_OBJS) $(dtb-objs) $(BIN_OBJS) $(ZLIB_LIBS) $(DTB_TARGET_LIBS) $(CODEC_LIBS) $(LIBS)
	$(Q)$(STRIP) -o $@ $@.unstripped

$(B)/obj/%.o: $(SRC)/%.c $(AUTOCONF)
	$(call say,CC,$@)
	@mkdir -p $(dir $@)
	$(Q)$(CC) $(ALL_CFLAGS) $(ZLIB_CFLAGS) $(KHEADERS_CFLAGS) $(DTB_TARGET_CFLAGS) -MMD -MP -c -o $@ $<

-include $(shell find $(B)/obj -name '*.d' 2>/dev/null)

# ---- configuration ----
KCONFIG_TOOL ?= $(if $(wildcard /usr/bin/kconfig-conf),$(if $(shell $(PYTHON) -c 'import kconfiglib' 2>/dev/null && echo y),kconfiglib,frontends),kconfiglib)
kc_env := KCONFIG_CONFIG=$(CONFIG) srctree=$(SRC)
ifeq ($(KCONFIG_TOOL),frontends)
  kc_defconfig = cd $(SRC) && kconfig-conf --defconfig=$(1) Kconfig >/dev/null
  kc_old = cd $(SRC) && kconfig-conf --olddefconfig Kconfig >/dev/null
  kc_save = cd $(SRC) && kconfig-conf --savedefconfig=$(B)/defconfig Kconfig
  kc_menu = cd $(SRC) && kconfig-mconf Kconfig
else
  kc_defconfig = cd $(SRC) && $(PYTHON) -m defconfig --kconfig Kconfig $(1) >/dev/null
  kc_old = cd $(SRC) && $(PYTHON) -m olddefconfig Kconfig >/dev/null
  kc_save = cd $(SRC) && $(PYTHON) -m savedefconfig --kconfig Kconfig --out $(B)/defconfig
  kc_menu = cd $(SRC) && $(PYTHON) -m menuconfig Kconfig
endif
export KCONFIG_CONFIG := $(CONFIG)
export srctree := $(SRC)

%_defconfig: FORCE
	@test -f $(SRC)/boards/$@ || { echo "no board $@ (see 'make help')" >&2; exit 2; }
	@mkdir -p $(B)
	$(Q)$(call kc_defconfig,$(SRC)/boards/$@)
	@echo "configured $(CONFIG) from boards/$@"

defconfig:
	@test -n "$(DEFCONFIG_$(ARCH))" || { echo "ARCH=$(ARCH) is not supported (supported: x86_64 arm64)" >&2; exit 2; }
	@$(MAKE) -f $(SRC)/Makefile --no-print-directory O=$(B) $(DEFCONFIG_$(ARCH))

olddefconfig oldconfig:
	$(Q)$(kc_old)
savedefconfig:
	$(Q)$(kc_save)
	@echo "wrote $(B)/defconfig"
menuconfig:
	@mkdir -p $(B)
	$(kc_menu)
allnoconfig allyesconfig:
	@mkdir -p $(B)
	$(Q)cd $(SRC) && $(PYTHON) -m $@ Kconfig >/dev/null

$(CONFIG):
	@echo "no $(CONFIG): using boards/$(DEFCONFIG_$(ARCH))"
	@test -n "$(DEFCONFIG_$(ARCH))" || { echo "ARCH=$(ARCH) is not supported (supported: x86_64 arm64)" >&2; exit 2; }
	@mkdir -p $(B)
	$(Q)$(call kc_defconfig,$(SRC)/boards/$(DEFCONFIG_$(ARCH)))

# The image formats Kconfig chose, in probe order, for the backend's table:
# a format left out is a file not linked, not an #ifdef.
$(AUTOCONF): $(CONFIG) $(SRC)/scripts/autoconf.sh
	@mkdir -p $(dir $@)
	$(Q)sh $(SRC)/scripts/autoconf.sh $(CONFIG) > $@.tmp && mv $@.tmp $@
	$(Q)printf '/* generated by the Makefile from .config */\n#define KX_ARCH_FORMATS %s\n' \
		"$(foreach f,$(formats-y),&$(f),)" > $(dir $@)formats.h

# ---- install ----
PREFIX ?= /usr
DESTDIR ?=
install: $(B)/kexec
	install -D -m 0755 $(B)/kexec $(DESTDIR)$(PREFIX)/sbin/kexec
	install -D -m 0644 $(SRC)/doc/kexec.8 $(DESTDIR)$(PREFIX)/share/man/man8/kexec.8

# ---- tests ----
include $(SRC)/tests/tests.mk

deps:
	sh $(SRC)/scripts/setup.sh $(DEBARCH)

clean:
	rm -rf $(B)/obj $(B)/test $(B)/include $(B)/kexec $(B)/kexec.unstripped $(B)/e2e
distclean: clean
	rm -f $(CONFIG) $(CONFIG).old $(B)/defconfig

help:
	@echo "Configuration:"
	@echo "  defconfig           default board for ARCH ($(ARCH): $(DEFCONFIG_$(ARCH)))"
	@for b in $(notdir $(wildcard $(SRC)/boards/*_defconfig)); do echo "  $$b"; done
	@echo "  menuconfig olddefconfig savedefconfig allnoconfig allyesconfig"
	@echo "Build:"
	@echo "  all (default)       static stripped ./kexec for the configured ARCH"
	@echo "  install             DESTDIR=... PREFIX=/usr: sbin/kexec and the man page"
	@echo "  deps                install build/test dependencies (Debian 12, root)"
	@echo "Test:"
	@echo "  check               everything: unit (plain, ASan+UBSan), CLI, QEMU end to end"
	@echo "  unit e2e bench demo"
	@echo "Variables: ARCH CROSS_COMPILE CC CFLAGS LDFLAGS O V=1 KX_TC KCONFIG_TOOL=kconfiglib|frontends"
