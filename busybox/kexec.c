/* vi: set sw=4 ts=4: */
/*
 * kexec - load and boot another Linux kernel from the running one.
 *
 * BusyBox glue for libkexec, the loader library of this source tree (the
 * same command line as kexec-tools); busybox/busybox.sh copies it into a
 * BusyBox tree as util-linux/kexec.c and links the library.
 *
 * SPDX-License-Identifier: MIT (compatible with BusyBox's GPLv2)
 */
//config:config KEXEC
//config:	bool "kexec (120 kb)"
//config:	default n
//config:	help
//config:	Load and boot another Linux kernel from the running one, with
//config:	kexec-tools' options: "kexec -l KERNEL --initrd=FILE
//config:	--append=TEXT", then "kexec -e".  Crash kernels (-p), device
//config:	trees, U-Boot FIT images.  Needs libkexec (busybox/busybox.sh
//config:	in the loader's source tree builds it with the options below).
//config:
//config:config FEATURE_KEXEC_GZIP
//config:	bool "gzip-compressed kernels (and FIT images)"
//config:	default y
//config:	depends on KEXEC
//config:
//config:config FEATURE_KEXEC_FIT
//config:	bool "U-Boot FIT images"
//config:	default y
//config:	depends on FEATURE_KEXEC_GZIP
//config:
//config:config FEATURE_KEXEC_JSON
//config:	bool "--json output"
//config:	default y
//config:	depends on KEXEC
//config:
//config:config FEATURE_KEXEC_DEBUG
//config:	bool "-d: debug lines"
//config:	default y
//config:	depends on KEXEC

//applet:IF_KEXEC(APPLET(kexec, BB_DIR_SBIN, BB_SUID_DROP))

//kbuild:lib-$(CONFIG_KEXEC) += kexec.o

//usage:#define kexec_trivial_usage
//usage:       "-l|-p KERNEL [--initrd=FILE] [--append=TEXT] [--dtb=FILE] | -e | -u | -S"
//usage:#define kexec_full_usage "\n\n"
//usage:       "Load and boot another Linux kernel\n"
//usage:     "\n	-l KERNEL	Load KERNEL, to boot with -e"
//usage:     "\n	-p KERNEL	Load a crash kernel"
//usage:     "\n	-e		Boot the loaded kernel"
//usage:     "\n	-u		Unload (with -p: the crash kernel)"
//usage:     "\n	-S		Exit 1 if loaded, 0 if not"
//usage:     "\n	-s,-c		kexec_file_load / kexec_load only"
//usage:     "\n	--initrd=FILE	Initial ramdisk"
//usage:     "\n	--append=TEXT	Command line (--reuse-cmdline: the running one's)"
//usage:     "\n	--dtb=FILE	Device tree"
//usage:     "\n	--dry-run	Plan and show, load nothing"

#include "libbb.h"
#include <kexec.h>

int kexec_main(int argc, char **argv) MAIN_EXTERNALLY_VISIBLE;
int kexec_main(int argc, char **argv)
{
	return kx_main(argc, argv);
}
