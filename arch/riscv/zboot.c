/* SPDX-License-Identifier: MIT */
/* zboot.c - riscv64 EFI zboot (vmlinuz.efi): an Image inside (core/plan/zboot.c). */
#include "image.h"
#include "zboot.h"

KX_ZBOOT_FORMAT(riscv_zboot_format, riscv_image_format);
