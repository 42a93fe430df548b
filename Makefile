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
PYTHON ?= /usr/bin/python3
HOSTCC ?= gcc
HOSTARCH := $(shell uname -m)

# `make defconfig all`: make reads .config once, when it starts, before
# defconfig writes it, so the build would see no configuration (no image
# format at all).  A configuration goal given with other goals therefore
# runs each goal in a make of its own, in order, as the kernel's does.
config-goals := $(filter %config clean distclean,$(MAKECMDGOALS))
ifneq ($(config-goals),)
  ifneq ($(filter-out $(config-goals),$(MAKECMDGOALS))$(word 2,$(config-goals)),)
    one-by-one := 1
  endif
endif

ifdef one-by-one
.PHONY: $(MAKECMDGOALS) one-by-one
$(MAKECMDGOALS): one-by-one
	@:
one-by-one:
	@set -e; for g in $(MAKECMDGOALS); do \
		$(MAKE) -f $(SRC)/Makefile --no-print-directory O=$(B) $$g; \
	done
else

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
ARCH_ALIAS_armhf := arm
ARCH_ALIAS_armv7l := arm
ARCH_ALIAS_riscv := riscv64
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

# Per architecture: backend folder, default board, Debian names.
SRCARCH_x86_64 := x86
DEFCONFIG_x86_64 := qemu_x86_64_defconfig
DEBARCH_x86_64 := amd64
TRIPLET_x86_64 := x86_64-linux-gnu
SRCARCH_arm64 := arm64
DEFCONFIG_arm64 := qemu_virt_arm64_defconfig
DEBARCH_arm64 := arm64
TRIPLET_arm64 := aarch64-linux-gnu
SRCARCH_arm := arm
DEFCONFIG_arm := qemu_virt_arm_defconfig
DEBARCH_arm := armhf
TRIPLET_arm := arm-linux-gnueabihf
SRCARCH_riscv64 := riscv
DEFCONFIG_riscv64 := qemu_virt_riscv64_defconfig
DEBARCH_riscv64 := riscv64
TRIPLET_riscv64 := riscv64-linux-gnu

# This machine's toolchains, as scripts/setup.sh found them (`make deps`,
# `make check`): per ARCH its musl driver MUSLCC_ARCH, the sysroot
# SYSROOT_ARCH with the static libraries and headers musl lacks, the
# kernel's UAPI headers KHEADERS_ARCH, and the zlib and libfdt sources
# ZLIB_SRC, LIBFDT_SRC.  Without it, or with TOOLCHAIN_MK= given, the
# build uses CC, CFLAGS and the libraries the compiler finds.
TOOLCHAIN_MK ?= $(SRC)/toolchain.mk
ifneq ($(TOOLCHAIN_MK),)
  -include $(TOOLCHAIN_MK)
endif

SRCARCH := $(SRCARCH_$(ARCH))
DEBARCH := $(DEBARCH_$(ARCH))
TRIPLET := $(TRIPLET_$(ARCH))

# Cross-building without CROSS_COMPILE: Debian's prefix for the target.
ifneq ($(ARCH),$(or $(ARCH_ALIAS_$(HOSTARCH)),$(HOSTARCH)))
  CROSS_COMPILE ?= $(TRIPLET)-
endif
ifeq ($(origin CC),default)
  CC := $(or $(MUSLCC_$(ARCH)),$(CROSS_COMPILE)gcc)
endif
ifeq ($(origin STRIP),undefined)
  STRIP := $(CROSS_COMPILE)strip
endif
TARGET_GCC := $(CROSS_COMPILE)gcc
TARGET_LD := $(CROSS_COMPILE)ld
TARGET_OBJCOPY := $(CROSS_COMPILE)objcopy
TARGET_NM := $(CROSS_COMPILE)nm
ifeq ($(origin AR),default)
  AR := $(CROSS_COMPILE)ar
endif

# Static libraries for the target.  zlib's inflate and libfdt are built
# from source with our compiler when their sources are known: -Os, one
# section per function so that the linker drops what we do not call, no
# unwind tables, no braided CRC (its tables cost 8 KiB), and the fixed
# Huffman tables built at the first use instead of stored (BUILDFIXED:
# 2 KiB of .rodata become .bss, -1.9 KiB on arm64); else the
# sysroot's libz.a and libfdt.a (whole objects, -O2, unwind tables: ~20 KiB
# more on arm64), or the compiler's own -lz, -lfdt.
KX_SYSROOT := $(SYSROOT_$(ARCH))
sysroot-inc = $(if $(KX_SYSROOT),-idirafter $(KX_SYSROOT)/usr/include)
sysroot-lib = $(if $(KX_SYSROOT),$(KX_SYSROOT)/usr/lib/$(TRIPLET)/lib$(1).a,-l$(1))
EXT_CFLAGS := -Os -ffunction-sections -fdata-sections -fno-asynchronous-unwind-tables \
	-fno-unwind-tables -fno-stack-protector -w
ifneq ($(ZLIB_SRC),)
  ZLIB_OBJS := $(patsubst %,$(B)/obj/zlib/%.o,inflate inftrees inffast crc32 adler32 zutil)
  ZLIB_CFLAGS ?= -I$(ZLIB_SRC)
  ZLIB_LIBS ?= $(ZLIB_OBJS)
else
  ZLIB_CFLAGS ?= $(sysroot-inc)
  ZLIB_LIBS ?= $(call sysroot-lib,z)
endif
# BearSSL, for the FIT signature checks (Kconfig FIT_SIGNATURE): its RSA
# public-key engine (and prime-curve one: FIT_ECDSA) and what they call, built from Debian's source
# like zlib (unused functions fall to --gc-sections), else the system's.
BEARSSL_FILES := rsa/rsa_i31_pub codec/ccopy codec/dec32be codec/enc32be int/i32_div32 \
	$(patsubst %,int/i31_%,add bitlen decmod decode decred encode fmont iszero modpow \
	modpow2 montmul mulacc muladd ninv31 reduce rshift sub tmont moddiv) \
	$(if $(filter y,$(CONFIG_FIT_ECDSA)),$(patsubst %,ec/%,ecdsa_i31_vrfy_raw ecdsa_i31_bits \
	ec_prime_i31 ec_secp256r1 ec_secp384r1 ec_secp521r1))
ifneq ($(BEARSSL_SRC),)
  BEARSSL_OBJS := $(if $(filter y,$(CONFIG_FIT_SIGNATURE)),$(BEARSSL_FILES:%=$(B)/obj/bearssl/%.o))
  BEARSSL_CFLAGS := -I$(BEARSSL_SRC)/inc
else
  BEARSSL_LIBS := $(if $(filter y,$(CONFIG_FIT_SIGNATURE)),$(call sysroot-lib,bearssl))
endif
# libsodium, for the signed manifests (Kconfig VERIFY): its Ed25519
# signature check and what that calls, from Debian's source (setup.sh).
# 128-bit arithmetic where the target has it (its faster, smaller field code).
SODIUM_FILES := $(addprefix crypto_,sign/ed25519/ref10/open sign/ed25519/ref10/sign \
	core/ed25519/ref10/ed25519_ref10 hash/sha512/cp/hash_sha512_cp verify/sodium/verify) \
	sodium/utils
SODIUM_FLAGS := -DCONFIGURED=1 -I$(SODIUM_SRC)/src/libsodium/include \
	-I$(SODIUM_SRC)/src/libsodium/include/sodium
SODIUM_TARGET_FLAGS := $(if $(filter arm,$(ARCH)),,-DHAVE_TI_MODE)
ifneq ($(SODIUM_SRC),)
  SODIUM_OBJS := $(if $(filter y,$(CONFIG_VERIFY)),$(SODIUM_FILES:%=$(B)/obj/sodium/%.o))
  KX_CPPFLAGS_SODIUM := -I$(SODIUM_SRC)/src/libsodium/include
else
  SODIUM_LIBS := $(if $(filter y,$(CONFIG_VERIFY)),$(call sysroot-lib,sodium))
  KX_CPPFLAGS_SODIUM := $(sysroot-inc)
endif
# musl drivers see no /usr/include: kernel UAPI headers come from here.
KHEADERS_CFLAGS ?= $(if $(KHEADERS_$(ARCH)),-idirafter $(KHEADERS_$(ARCH)))

KX_CPPFLAGS := $(patsubst %,-I$(SRC)/core%,/ /plan /kernel /report /digest /purgatory /verify) -I$(B)/include -DKX_VERSION=\"$(KX_VERSION)\" -D_GNU_SOURCE \
	$(BEARSSL_CFLAGS) $(KX_CPPFLAGS_SODIUM)
KX_CFLAGS := -std=gnu11 -Os -Wall -Wextra -Wno-unused-parameter -Wshadow \
	-Wstrict-prototypes -Wmissing-prototypes -ffunction-sections -fdata-sections \
	-fno-asynchronous-unwind-tables -fno-unwind-tables -fno-stack-protector
# noseparate-code: one text segment instead of page-padded ones (-8 KiB).
# norelro: a static binary has no relocations to protect after start-up,
# so RELRO buys nothing but its alignment to the largest page (64 KiB on
# arm64: ~57 KiB of padding).  common-page-size=64: ld then never pads the
# file to start the data segment on a page boundary (up to 4 KiB).
KX_LDFLAGS := -static -Wl,--gc-sections -Wl,-z,noseparate-code -Wl,--build-id=none \
	-Wl,-z,norelro -Wl,-z,common-page-size=64
# The binary is a static executable at a fixed address: code compiled
# position independent (Debian's gcc defaults to -fPIE) loads every
# global's address from the GOT first (-fno-pie: 536 bytes less on arm64).
KX_CFLAGS += -fno-pie
# Link-time optimisation: the linker sees the whole program and keeps it
# small as one (arm64: 6.7 KiB less).  zlib and libfdt take part; the
# purgatories keep their own flags (arch/purgatory.mk).
KX_CFLAGS += -flto=auto
EXT_CFLAGS += -flto=auto
KX_LDFLAGS += -flto=auto -Os
ALL_CFLAGS = $(KX_CPPFLAGS) $(CPPFLAGS) $(KX_CFLAGS) $(CFLAGS)

ifneq ($(V),1)
  Q := @
  say = @printf '  %-8s %s\n' $(1) $(2);
endif

# ---- objects: a feature is a file, a missing feature its _none file ----
yn = $(if $(filter y,$(1)),$(2),$(3))
# core/ by job: plan/ (reading the system and the inputs, placing the
# segments), kernel/ (the syscalls and what they say), report/ (messages
# and output), digest/ (what the purgatory is to check), purgatory/ (the
# code each arch's freestanding purgatory is built from as well).
core-y := cli getopt report/err report/fmt report/strerror report/report plan/root plan/text plan/file plan/random \
	plan/range plan/memmap plan/place plan/plan plan/cmdline plan/pe plan/image_hdr \
	plan/crash_src plan/crash_elf plan/crash_add plan/console \
	kernel/explain kernel/load kernel/unload kernel/exec kernel/status kernel/sys_record \
	purgatory/sha256 digest/sha256_fast digest/purgatory_add
core-y += $(call yn,$(CONFIG_GZIP),plan/inflate,plan/inflate_none)
# EFI zboot payload codecs (Kconfig DECOMPRESS_*): the table, and each
# codec or its _none refusal.  A codec links Debian's static libzstd.a or
# liblzma.a from the sysroot: built against glibc, but their decoders need
# nothing musl lacks (glibc's fortify symbols, __vsnprintf_chk and the
# like, are only in code the linker leaves out here: the compressors, as
# zlib's gz* functions).
core-y += plan/decompress $(call yn,$(CONFIG_DECOMPRESS_ZSTD),plan/decompress_zstd,plan/decompress_zstd_none) \
	$(call yn,$(CONFIG_DECOMPRESS_XZ),plan/decompress_xz,plan/decompress_xz_none)
CODEC_LIBS := $(call yn,$(CONFIG_DECOMPRESS_ZSTD),$(call sysroot-lib,zstd)) \
	$(call yn,$(CONFIG_DECOMPRESS_XZ),$(call sysroot-lib,lzma))
$(B)/obj/core/plan/decompress_zstd.o $(B)/obj/core/plan/decompress_xz.o: KX_CPPFLAGS += $(sysroot-inc)
core-y += $(call yn,$(CONFIG_CRASH_HOTPLUG),plan/crash_hotplug,plan/crash_hotplug_none)
core-y += $(call yn,$(CONFIG_JSON),report/report_json,report/report_json_none)
core-y += $(call yn,$(CONFIG_DEBUG),report/debug,report/debug_none)
# memfd.c: load_file.c's alone (the linker drops it from a build without).
core-y += kernel/memfd $(call yn,$(CONFIG_KEXEC_FILE),kernel/load_file,kernel/load_file_none)
core-y += $(call yn,$(CONFIG_PURGATORY_CHECK),digest/digest,digest/digest_none)
# verify/: signed manifests (--verify) and the signed-only policy.
core-y += verify/keys $(call yn,$(CONFIG_VERIFY),verify/manifest verify/signify,verify/manifest_none) \
	$(call yn,$(CONFIG_VERIFY),report/report_verify,report/report_verify_none) \
	$(call yn,$(CONFIG_SIGNED_ONLY),verify/policy_signed,verify/policy_open) \
	$(if $(filter y,$(CONFIG_VERIFY) $(CONFIG_FIT_SIGNATURE)),verify/seal,verify/seal_none)

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
dtb-objs := $(call yn,$(CONFIG_DTB),$(dtb-y:%=$(B)/obj/dtb/%.o))
ifneq ($(LIBFDT_SRC),)
  LIBFDT_OBJS := $(call yn,$(CONFIG_DTB),$(patsubst %,$(B)/obj/libfdt/%.o,fdt fdt_ro fdt_wip fdt_sw fdt_rw fdt_addresses fdt_check))
  DTB_TARGET_CFLAGS := $(call yn,$(CONFIG_DTB),-I$(LIBFDT_SRC))
  DTB_TARGET_LIBS := $(LIBFDT_OBJS)
else
  DTB_TARGET_CFLAGS := $(call yn,$(CONFIG_DTB),$(sysroot-inc))
  DTB_TARGET_LIBS := $(call yn,$(CONFIG_DTB),$(call sysroot-lib,fdt))
endif
LIB_OBJS := $(LIB_SRCS:%.c=$(B)/obj/%.o) $(arch-objs-extra)
BIN_OBJS := $(B)/obj/core/kernel/sys.o $(B)/obj/core/main.o \
	$(if $(filter y,$(CONFIG_SMALL_MALLOC)),$(B)/obj/core/malloc_small.o)
AUTOCONF := $(B)/include/generated/autoconf.h

.PHONY: all kexec clean distclean help install install-lib lib busybox deps check unit e2e bench demo \
	defconfig olddefconfig savedefconfig menuconfig oldconfig allnoconfig allyesconfig \
	seamcheck clitest buildtest check-arch FORCE
.DEFAULT_GOAL := all
.SUFFIXES:
.DELETE_ON_ERROR:
.SECONDARY:

all: kexec

kexec: $(B)/kexec

# Their flags are here: a changed Makefile rebuilds them.
$(B)/obj/zlib/%.o: $(ZLIB_SRC)/%.c $(SRC)/Makefile
	$(call say,CC,$@)
	@mkdir -p $(dir $@)
	$(Q)$(CC) $(EXT_CFLAGS) -DZ_TESTW=0 -DBUILDFIXED $(CFLAGS) -c -o $@ $<

$(B)/obj/bearssl/%.o: $(BEARSSL_SRC)/src/%.c $(SRC)/Makefile
	$(call say,CC,$@)
	@mkdir -p $(dir $@)
	$(Q)$(CC) $(EXT_CFLAGS) -I$(BEARSSL_SRC)/inc -I$(BEARSSL_SRC)/src $(CFLAGS) -c -o $@ $<

$(B)/obj/sodium/%.o: $(SODIUM_SRC)/src/libsodium/%.c $(SRC)/Makefile
	$(call say,CC,$@)
	@mkdir -p $(dir $@)
	$(Q)$(CC) $(EXT_CFLAGS) $(SODIUM_FLAGS) $(SODIUM_TARGET_FLAGS) $(CFLAGS) -w -c -o $@ $<

$(B)/obj/libfdt/%.o: $(LIBFDT_SRC)/%.c $(SRC)/Makefile
	$(call say,CC,$@)
	@mkdir -p $(dir $@)
	$(Q)$(CC) $(EXT_CFLAGS) -I$(LIBFDT_SRC) $(CFLAGS) -c -o $@ $<

$(B)/kexec: $(LIB_OBJS) $(dtb-objs) $(BIN_OBJS) $(ZLIB_OBJS) $(LIBFDT_OBJS) $(BEARSSL_OBJS) \
		$(SODIUM_OBJS)
	$(call say,LD,$@)
	$(Q)$(CC) $(ALL_CFLAGS) $(KX_LDFLAGS) $(LDFLAGS) -o $@.unstripped $(LIB_OBJS) $(dtb-objs) $(BIN_OBJS) $(ZLIB_LIBS) $(DTB_TARGET_LIBS) $(CODEC_LIBS) \
		$(BEARSSL_OBJS) $(BEARSSL_LIBS) $(SODIUM_OBJS) $(SODIUM_LIBS) $(LIBS)
	$(Q)$(STRIP) -R .comment -o $@ $@.unstripped

$(B)/obj/%.o: $(SRC)/%.c $(AUTOCONF)
	$(call say,CC,$@)
	@mkdir -p $(dir $@)
	$(Q)$(CC) $(ALL_CFLAGS) $(ZLIB_CFLAGS) $(KHEADERS_CFLAGS) $(DTB_TARGET_CFLAGS) -MMD -MP -c -o $@ $<

-include $(shell find $(B)/obj -name '*.d' 2>/dev/null)

# ---- configuration ----
KCONFIG_TOOL ?= $(if $(wildcard /usr/bin/kconfig-conf),$(if $(shell $(PYTHON) -c 'import kconfiglib' 2>/dev/null && echo y),kconfiglib,frontends),kconfiglib)
# Given to the Kconfig tools only: exported, KCONFIG_CONFIG would reach
# every recipe's children, and a kernel's own Kconfig run by setup.sh (the
# kexec-file kernels) would write its .config over ours.
kc_env := KCONFIG_CONFIG=$(CONFIG) srctree=$(SRC)
ifeq ($(KCONFIG_TOOL),frontends)
  kc_defconfig = cd $(SRC) && $(kc_env) kconfig-conf --defconfig=$(1) Kconfig >/dev/null
  kc_old = cd $(SRC) && $(kc_env) kconfig-conf --olddefconfig Kconfig >/dev/null
  kc_save = cd $(SRC) && $(kc_env) kconfig-conf --savedefconfig=$(B)/defconfig Kconfig
  kc_menu = cd $(SRC) && $(kc_env) kconfig-mconf Kconfig
else
  kc_defconfig = cd $(SRC) && $(kc_env) $(PYTHON) -m defconfig --kconfig Kconfig $(1) >/dev/null
  kc_old = cd $(SRC) && $(kc_env) $(PYTHON) -m olddefconfig Kconfig >/dev/null
  kc_save = cd $(SRC) && $(kc_env) $(PYTHON) -m savedefconfig --kconfig Kconfig --out $(B)/defconfig
  kc_menu = cd $(SRC) && $(kc_env) $(PYTHON) -m menuconfig Kconfig
endif

%_defconfig: FORCE
	@test -f $(SRC)/boards/$@ || { echo "no board $@ (see 'make help')" >&2; exit 2; }
	@mkdir -p $(B)
	$(Q)$(call kc_defconfig,$(SRC)/boards/$@)
	@echo "configured $(CONFIG) from boards/$@"

defconfig:
	@test -n "$(DEFCONFIG_$(ARCH))" || { echo "ARCH=$(ARCH) is not supported (supported: x86_64 arm64 arm riscv64)" >&2; exit 2; }
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
	$(Q)cd $(SRC) && $(kc_env) $(PYTHON) -m $@ Kconfig >/dev/null

# No .config: the arch's default board.  A Kconfig newer than .config (an
# option added since): olddefconfig gives the new options their defaults
# and keeps every choice made.
$(CONFIG): $(SRC)/Kconfig
	@if [ -f $@ ]; then \
		echo "Kconfig is newer than $@: olddefconfig"; \
		( $(kc_old) ) && touch $@; \
	else \
		echo "no $@: using boards/$(DEFCONFIG_$(ARCH))"; \
		test -n "$(DEFCONFIG_$(ARCH))" || { echo "ARCH=$(ARCH) is not supported (supported: x86_64 arm64 arm riscv64)" >&2; exit 2; }; \
		mkdir -p $(B); \
		( $(call kc_defconfig,$(SRC)/boards/$(DEFCONFIG_$(ARCH))) ); \
	fi

# The image formats Kconfig chose, in probe order, for the backend's table:
# a format left out is a file not linked, not an #ifdef.
# The keys Kconfig builds in (VERIFY_KEY, FIT_KEYS: files, relative to the
# source tree unless absolute) as byte lists, for core/verify/keys.c.
key-file = $(if $(1),$(if $(filter /%,$(1)),$(1),$(SRC)/$(1)))
VERIFY_KEY_FILE := $(call key-file,$(patsubst "%",%,$(CONFIG_VERIFY_KEY)))
FIT_KEYS_FILE := $(call key-file,$(patsubst "%",%,$(CONFIG_FIT_KEYS)))
key-bytes = $(if $(1),$$(od -An -v -tx1 $(1) | sed 's/\([0-9a-f][0-9a-f]\)/0x\1,/g' | tr -d '\n'))
$(AUTOCONF): $(CONFIG) $(SRC)/scripts/autoconf.sh $(VERIFY_KEY_FILE) $(FIT_KEYS_FILE)
	@test -n "$(strip $(formats-y))" || { echo "$(CONFIG): no image format for $(ARCH) is enabled:" \
		"this kexec would load no kernel (make menuconfig, Image formats)" >&2; exit 1; }
	@test "$(CONFIG_SIGNED_ONLY)" != y -o -n "$(VERIFY_KEY_FILE)$(FIT_KEYS_FILE)" || { echo \
		"$(CONFIG): SIGNED_ONLY without a key to build in (VERIFY_KEY, FIT_KEYS)" >&2; exit 1; }
	@mkdir -p $(dir $@)
	$(Q)sh $(SRC)/scripts/autoconf.sh $(CONFIG) > $@.tmp && mv $@.tmp $@
	$(Q)printf '/* generated by the Makefile from .config */\n#define KX_ARCH_FORMATS %s\n' \
		"$(foreach f,$(formats-y),&$(f),)" > $(dir $@)formats.h
	$(Q)printf '/* generated by the Makefile from .config */\n#define KX_SIGNIFY_KEY_BYTES %s\n#define KX_FIT_KEYS_BYTES %s\n' \
		"$(call key-bytes,$(VERIFY_KEY_FILE))" "$(call key-bytes,$(FIT_KEYS_FILE))" > $(dir $@)keys.h

# ---- install ----
PREFIX ?= /usr
DESTDIR ?=
install: $(B)/kexec
	install -D -m 0755 $(B)/kexec $(DESTDIR)$(PREFIX)/sbin/kexec
	install -D -m 0644 $(SRC)/doc/kexec.8 $(DESTDIR)$(PREFIX)/share/man/man8/kexec.8
	install -D -m 0644 $(SRC)/doc/kexec.bash-completion \
		$(DESTDIR)$(PREFIX)/share/bash-completion/completions/kexec

# ---- the library, installed ----
include $(SRC)/core/library.mk

# ---- BusyBox with the kexec applet (busybox/) ----
busybox: $(CONFIG)
	@sh $(SRC)/busybox/busybox.sh $(SRC) $(B) $(ARCH) "$(BUSYBOX_SRC)" "$(CC)" "$(CROSS_COMPILE)" \
		"$(KHEADERS_$(ARCH))"

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
	@echo "  install             DESTDIR=... PREFIX=/usr: sbin/kexec, the man page, bash completion"
	@echo "  lib, install-lib    libkexec.a, kexec.h, libkexec.pc, libkexec.3 (DESTDIR, PREFIX)"
	@echo "  busybox             a static BusyBox with the kexec applet, and what it costs"
	@echo "  deps                install build/test dependencies (Debian 12, root)"
	@echo "Test:"
	@echo "  check               everything: unit (plain, ASan+UBSan), CLI, QEMU end to end"
	@echo "  unit e2e e2e-applet bench demo"
	@echo "Variables: ARCH CROSS_COMPILE CC CFLAGS LDFLAGS O V=1 KCONFIG_TOOL=kconfiglib|frontends"
	@echo "  TOOLCHAIN_MK=$(TOOLCHAIN_MK) (written by scripts/setup.sh; empty: none)"

endif # one-by-one
