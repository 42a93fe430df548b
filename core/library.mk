# core/library.mk - included by the Makefile: libkexec.a, its header and
# its pkg-config file, for programs that plan and load kernels themselves
# (a firmware updater) or carry the command (a BusyBox applet calls
# kx_main).  The archive holds the core, this arch's backend, dtb/, the
# command's entry and the kernel syscall backend (kx_sys_kernel), which a
# caller picks by pointing ctx->sys at it; not main.c nor the command's own
# allocator.  Its objects are built apart from the binary's: no LTO (an
# archive of GCC's bytecode links with that GCC only), no arm64 tiny code
# model (a caller may be larger than 1 MiB), position independent (callers
# are PIE; LIBK_PIC=-fno-pie for a caller linked static and not PIE,
# BusyBox's default, puts its tables of pointers in .rodata, not .data).
# zlib keeps its fixed Huffman tables in .rodata (no BUILDFIXED): 2 KiB
# of .bss that every process of a multi-call binary would carry, and
# whose first use writes them, become shared read-only pages.  The
# libraries built from source here go into it (under their own names:
# link no second zlib or libfdt); libkexec.pc names those taken from the
# system instead.  Names: kexec-tools installs no library, header
# or .pc, so libkexec, kexec.h and libkexec.pc clash with nothing of it.
#
#   make lib                 $(B)/libkexec.a and $(B)/libkexec.pc
#   make install-lib DESTDIR=... PREFIX=...
#                            lib/libkexec.a, include/kexec.h,
#                            lib/pkgconfig/libkexec.pc, share/man/man3/libkexec.3

LIBK_PIC ?= -fPIC
LIBK_CFLAGS = $(KX_CPPFLAGS) $(CPPFLAGS) $(filter-out -flto=auto -fno-pie -mcmodel=tiny,$(KX_CFLAGS)) \
	$(LIBK_PIC) $(CFLAGS)
LIBK_EXT_CFLAGS = $(filter-out -flto=auto -mcmodel=tiny,$(EXT_CFLAGS)) $(LIBK_PIC) $(CFLAGS)
LIBK_SRCS := $(LIB_SRCS) core/kernel/sys.c $(if $(filter y,$(CONFIG_DTB)),$(dtb-y:%=dtb/%.c))
LIBK_BUNDLED := $(patsubst $(B)/obj/%,$(B)/lib/obj/%,$(ZLIB_OBJS) $(LIBFDT_OBJS) $(BEARSSL_OBJS))
# libsodium's verifier and signify.c as one object with libsodium's names
# made local: what the verifier never calls (and what that would need of
# the rest of libsodium) falls away without the caller's --gc-sections,
# and a caller's own libsodium does not clash.  (Its symbol table still
# lists what the dropped code named, abort among them: nothing calls it.)
LIBK_SIGNIFY := $(if $(filter y,$(CONFIG_VERIFY)),$(if $(SODIUM_SRC),$(B)/lib/obj/signify-sodium.o))
LIBK_OBJS := $(filter-out $(if $(LIBK_SIGNIFY),$(B)/lib/obj/core/verify/signify.o), \
	$(LIBK_SRCS:%.c=$(B)/lib/obj/%.o)) $(arch-objs-extra) $(LIBK_BUNDLED) $(LIBK_SIGNIFY)
# What the system provides instead (the binary's link without the
# libraries built from source).
LIBK_LIBS := $(if $(ZLIB_SRC),,-lz) $(if $(filter y,$(CONFIG_DTB)),$(if $(LIBFDT_SRC),,-lfdt)) \
	$(if $(filter y,$(CONFIG_FIT_SIGNATURE)),$(if $(BEARSSL_SRC),,-lbearssl)) \
	$(if $(filter y,$(CONFIG_VERIFY)),$(if $(SODIUM_SRC),,-lsodium)) \
	$(call yn,$(CONFIG_DECOMPRESS_ZSTD),-lzstd) $(call yn,$(CONFIG_DECOMPRESS_XZ),-llzma)

lib: $(B)/libkexec.a $(B)/libkexec.pc

$(B)/lib/obj/%.o: $(SRC)/%.c $(AUTOCONF) $(arch-generated)
	$(call say,CC,$@)
	@mkdir -p $(dir $@)
	$(Q)$(CC) $(LIBK_CFLAGS) $(ZLIB_CFLAGS) $(KHEADERS_CFLAGS) $(DTB_TARGET_CFLAGS) -MMD -MP -c -o $@ $<
$(B)/lib/obj/core/plan/decompress_zstd.o $(B)/lib/obj/core/plan/decompress_xz.o: KX_CPPFLAGS += $(sysroot-inc)
$(B)/lib/obj/zlib/%.o: $(ZLIB_SRC)/%.c $(SRC)/Makefile $(SRC)/core/library.mk
	$(call say,CC,$@)
	@mkdir -p $(dir $@)
	$(Q)$(CC) $(LIBK_EXT_CFLAGS) -DZ_TESTW=0 -c -o $@ $<
$(B)/lib/obj/libfdt/%.o: $(LIBFDT_SRC)/%.c $(SRC)/Makefile
	$(call say,CC,$@)
	@mkdir -p $(dir $@)
	$(Q)$(CC) $(LIBK_EXT_CFLAGS) -I$(LIBFDT_SRC) -c -o $@ $<
$(B)/lib/obj/bearssl/%.o: $(BEARSSL_SRC)/src/%.c $(SRC)/Makefile
	$(call say,CC,$@)
	@mkdir -p $(dir $@)
	$(Q)$(CC) $(LIBK_EXT_CFLAGS) -I$(BEARSSL_SRC)/inc -I$(BEARSSL_SRC)/src -c -o $@ $<
$(B)/lib/obj/sodium/%.o: $(SODIUM_SRC)/src/libsodium/%.c $(SRC)/Makefile
	$(call say,CC,$@)
	@mkdir -p $(dir $@)
	$(Q)$(CC) $(LIBK_EXT_CFLAGS) $(SODIUM_FLAGS) $(SODIUM_TARGET_FLAGS) -w -c -o $@ $<

$(B)/lib/obj/signify-sodium.o: $(B)/lib/obj/core/verify/signify.o \
		$(SODIUM_FILES:%=$(B)/lib/obj/sodium/%.o) $(SRC)/core/library.mk
	$(call say,LD,$@)
	$(Q)$(CC) -r -nostdlib -Wl,--gc-sections -Wl,-u,kx_signify_open -o $@.tmp $(filter %.o,$^)
	$(Q)$(TARGET_OBJCOPY) --keep-global-symbol=kx_signify_open $@.tmp $@ && rm -f $@.tmp

# The configuration and this file decide the members: a change remakes it.
$(B)/libkexec.a: $(LIBK_OBJS) $(CONFIG) $(SRC)/core/library.mk
	$(call say,AR,$@)
	$(Q)rm -f $@ && $(AR) rcs $@ $(LIBK_OBJS)

# Written every time: PREFIX may differ from one make to the next.
$(B)/libkexec.pc: $(CONFIG) FORCE
	$(Q)printf '%s\n' 'prefix=$(PREFIX)' 'libdir=$${prefix}/lib' 'includedir=$${prefix}/include' '' \
		'Name: libkexec' 'Description: kexec loader: plan, load and boot a kernel ($(ARCH))' \
		'Version: $(KX_VERSION)' 'Cflags: -I$${includedir}' \
		'Libs: -L$${libdir} -lkexec $(strip $(LIBK_LIBS))' > $@

install-lib: $(B)/libkexec.a $(B)/libkexec.pc
	install -D -m 0644 $(B)/libkexec.a $(DESTDIR)$(PREFIX)/lib/libkexec.a
	install -D -m 0644 $(SRC)/core/kexec.h $(DESTDIR)$(PREFIX)/include/kexec.h
	install -D -m 0644 $(B)/libkexec.pc $(DESTDIR)$(PREFIX)/lib/pkgconfig/libkexec.pc
	install -D -m 0644 $(SRC)/doc/libkexec.3 $(DESTDIR)$(PREFIX)/share/man/man3/libkexec.3

-include $(shell find $(B)/lib/obj -name '*.d' 2>/dev/null)
