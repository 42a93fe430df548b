/* SPDX-License-Identifier: MIT */
/* zboot.c - arm64 EFI zboot (vmlinuz.efi): an Image inside (core/plan/zboot.c). */
#include "image.h"
#include "zboot.h"

KX_ZBOOT_FORMAT(arm64_zboot_format, arm64_image_format);
