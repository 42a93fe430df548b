#!/bin/sh
# tests/qemu/arches.sh - sourced by e2e.sh: the table of architectures the
# end-to-end tests run on (arch_setup ARCH sets the row's variables).
# shellcheck disable=SC2034

# ---- per-architecture table ---------------------------------------------
# Every row runs (`sh scripts/setup.sh arm64 armhf riscv64` prepares the
# foreign ones); adding an arch is filling in its kernel and busybox in
# scripts/setup.sh and a row here with SUPPORTED=1 (each row's settings
# booted Debian's kernel for that arch). ELF_MACHINE: what `file` says about an executable
# for the arch (the loader under test is checked, never run, on the host).
# NA: scenarios that do not apply to the arch (refused even when named),
# NA_WHY says why. LACKS: scenarios the loader cannot pass there yet, run
# only when named (LACKS_WHY). DTB_WHY: how -d's "using kexec_load: "
# line goes on in the dtb scenario; DTB_KEEPS: a reservation kernel 2's
# tree must keep there.
arch_setup() {
	SUPPORTED='' FIRMWARE='' BOUNDS='' STALL_DEFAULT=30 NA='' NA_WHY='' DTB_KEEPS=''
	LACKS='' LACKS_WHY='' DTB_WHY="--dtb given"
	FILE_SCENARIOS="file efifile" FILE_KERNEL='' FILE_KERNEL2='' FILE_KERNEL_HOW='' CRASH_SYSCALL=''
	# kdump: the RAM below KDUMP_KEEP_OUT is the crash kernel's, not
	# dumped; KDUMP_TEXT: the core header has a kernel-text PT_LOAD;
	# MAKEDUMPFILE: Debian's makedumpfile for the arch, unpacked with the
	# libraries the host lacks (scripts/setup.sh --e2e); TRIPLET: where
	# its C library is (/usr/TRIPLET/lib, /lib/TRIPLET).
	KDUMP_KEEP_OUT=0 KDUMP_TEXT='' MAKEDUMPFILE='' TRIPLET=''
	# uki: systemd-stub (Debian's systemd-boot-efi, scripts/setup.sh
	# --e2e) and the objcopy that writes the arch's PE files.
	UKI_STUB='' OBJCOPY=objcopy
	# hotplug: a kernel with CONFIG_CRASH_HOTPLUG (x86 only among ours).
	HOTPLUG_KERNEL=''
	# fit: U-Boot's name for the arch (boot/image.c uimage_arch).
	FIT_ARCH=''
	# efifile: what a kernel needs beside its EFI stub to boot through
	# the arch's firmware.
	EFI_NEEDS=''
	# The reservation the crash scenarios boot kernel 1 with (what booted
	# a crash kernel in a 1 GiB guest, kexec-tools' and ours).
	CRASHKERNEL=256M
	case $1 in
	x86_64 | amd64)
		ARCH=x86_64 DEBARCH=amd64 SUPPORTED=1
		QEMU=qemu-system-x86_64
		QEMU_MACHINE="-M pc -cpu qemu64"
		CONSOLE=ttyS0
		KPKG=linux-image-amd64
		ELF_MACHINE="x86-64"
		FIRMWARE=/usr/share/ovmf/OVMF.fd
		BOUNDS="0x10000000 0x30000000"
		NA="dtb fit signed image zboot unwrap uimage nokaslr kernelsig"
		NA_WHY="no device tree (nor FIT, which is one, so no signed FIT), the kernel is a bzImage (no Image/Image.gz/zboot forms), uImage is a 32-bit arm format, kdump without KASLR is run on arm64, where kexec-tools fails, and kernel signatures on arm64's own kexec-file kernel, which trusts a test key (Debian's trusts only Debian's)"
		# Faster under TCG and not part of what is tested. No nokaslr:
		# the loader must handle the real, randomised layout.
		FASTARGS="mitigations=off"
		KDUMP_KEEP_OUT=0x100000 KDUMP_TEXT=1
		MAKEDUMPFILE=$KX_TC/makedumpfile-amd64 TRIPLET=x86_64-linux-gnu
		UKI_STUB=$KX_TC/sdboot-amd64/usr/lib/systemd/boot/efi/linuxx64.efi.stub
		HOTPLUG_KERNEL=$KX_TC/kernels/amd64-trixie/vmlinuz
		;;
	aarch64 | arm64)
		ARCH=aarch64 DEBARCH=arm64 SUPPORTED=1 FIT_ARCH=arm64
		QEMU=qemu-system-aarch64
		# RAM at 0x40000000 (-m 1024: up to 0x7fffffff); QEMU puts the
		# Image at 0x40200000, the initrd at 0x48000000 and the DTB just
		# after it (2 MiB aligned), with a kaslr-seed: KASLR is on, as on
		# real machines. Without -bios there is no firmware and no EFI;
		# the efi scenario boots kernel 1 through EDK2 (then ACPI, no DT
		# devices: see README.md).
		QEMU_MACHINE="-M virt -cpu cortex-a57"
		CONSOLE=ttyAMA0
		KPKG=linux-image-arm64
		ELF_MACHINE="ARM aarch64"
		FIRMWARE=$KX_TC/firmware-arm64/usr/share/qemu-efi-aarch64/QEMU_EFI.fd
		BOUNDS="0x50000000 0x70000000"
		NA="uimage kdumphigh hotplug verify updater lockdown disabled"
		NA_WHY="uImage is a 32-bit arm format, crashkernel=,high and the lockdown and disabled refusals are run on x86_64, Linux has crash hotplug on x86 only (of these four), and the signed-only arm64 build has no CONFIG_VERIFY (verify runs on x86_64, manifests in arm's signed scenario); the library's updater runs on the host's arch (updater)"
		# Debian's arm64 kernel has no KEXEC_FILE: the scenarios that
		# need kexec_file_load boot (and load) a small kernel built
		# from Debian's linux-source-6.1 with it instead. crash is one
		# of them (-p, the default: kexec_file_load first); kdump loads
		# Debian's kernel through kexec_load, our core header.
		FILE_SCENARIOS="file efifile crash unwrap kernelsig"
		FILE_KERNEL=$KX_TC/kernels/arm64-kexec-file/vmlinuz
		FILE_KERNEL_HOW="built by scripts/build-kexec-file-kernel.sh arm64 with CONFIG_KEXEC_FILE"
		CRASH_SYSCALL=kexec_file_load
		# kexec-tools' purgatory (SHA-256 of the 33 MB Image) kept the
		# console silent for up to 22 s with two QEMUs on two cores.
		STALL_DEFAULT=60
		FASTARGS="mitigations=off"
		KDUMP_TEXT=1
		MAKEDUMPFILE=$KX_TC/makedumpfile-arm64 TRIPLET=aarch64-linux-gnu
		UKI_STUB=$KX_TC/sdboot-arm64/usr/lib/systemd/boot/efi/linuxaa64.efi.stub
		OBJCOPY=aarch64-linux-gnu-objcopy
		# EDK2 describes the virt machine with ACPI tables and gives no
		# device tree (the EFI stub then says "Generating empty DTB").
		EFI_NEEDS=CONFIG_ACPI
		;;
	arm | armhf)
		ARCH=arm DEBARCH=armhf SUPPORTED=1 FIT_ARCH=arm
		QEMU=qemu-system-arm
		# RAM at 0x40000000 (-m 1024: up to 0x7fffffff, all of it below
		# 4 GiB with highmem=off). Debian's armmp kernel is a zImage
		# whose TEXT_OFFSET is 0x208000; it has HIGHMEM, so only the
		# first ~740 MiB are low memory, where the initrd and the tree
		# must stay.
		QEMU_MACHINE="-M virt,highmem=off -cpu cortex-a15"
		CONSOLE=ttyAMA0
		KPKG=linux-image-armmp
		ELF_MACHINE="ARM, EABI5"
		# 128 MiB aligned, as the start of RAM a zImage decompresses to.
		BOUNDS="0x48000000 0x60000000"
		NA="file efi efifile image zboot unwrap uki ukiappend serial nokaslr kdumphigh hotplug verify updater lockdown disabled kernelsig"
		NA_WHY="no kexec_file_load on 32-bit arm (nor kernel signatures), the lockdown and disabled refusals run on x86_64, no purgatory (serial), manifests only in the signed scenario (the default build has no CONFIG_VERIFY), the library's updater on the host's arch only, no UKI (x86_64 and arm64 only), no UEFI firmware set up for its virt machine, the kernel is a zImage (no Image/Image.gz/zboot forms), 32-bit arm has no KASLR, no crashkernel=,high, and no crash hotplug (x86 only)"
		FILE_SCENARIOS=''
		DTB_WHY="Linux has no kexec_file_load on arm"
		CRASHKERNEL=128M
		MAKEDUMPFILE=$KX_TC/makedumpfile-armhf TRIPLET=arm-linux-gnueabihf
		FASTARGS="mitigations=off"
		;;
	riscv64 | riscv)
		ARCH=riscv64 DEBARCH=riscv64 SUPPORTED=1 FIT_ARCH=riscv
		QEMU=qemu-system-riscv64
		# RAM at 0x80000000 (-m 1024: up to 0xbfffffff). -bios default:
		# QEMU's OpenSBI 1.1 (qemu-system-data) at 0x80000000 reserves
		# its 512 KiB in the tree and starts the kernel in S-mode at
		# 0x80200000, the tree near the top of RAM. No UEFI: the kernel
		# is entered directly, as after a kexec.
		QEMU_MACHINE="-M virt -bios default"
		CONSOLE=ttyS0
		KPKG=linux-image-riscv64 # trixie's, pinned in scripts/setup.sh
		ELF_MACHINE="RISC-V"
		BOUNDS="0x90000000 0xb0000000"
		NA="nochecks efi efifile unwrap uki ukiappend serial uimage nokaslr kdumphigh hotplug signed verify updater lockdown disabled kernelsig"
		NA_WHY="the lockdown and disabled refusals run on x86_64, kernel signatures on arm64 (riscv's kexec_file_load in 6.1 checks none), no signed-only board build (signed), no CONFIG_VERIFY by default (verify) and the library's updater on the host's arch only (updater) for riscv64, no purgatory on riscv64 (nothing for -i to skip or to print), no UKI here (x86_64 and arm64), no UEFI firmware for it here, riscv's kexec_file_load in 6.1 takes no Image (unwrap: zboot runs through kexec_load), uImage is a 32-bit arm format, kdump without KASLR is run on arm64, where kexec-tools fails, crashkernel=,high on x86_64, and Linux has no crash hotplug on riscv"
		# Debian's riscv64 kernel has no KEXEC_FILE: the scenarios that
		# need kexec_file_load boot a small kernel built from Debian's
		# linux-source-6.1 with it (its Image, as kernel 1) and load its
		# ELF vmlinux as kernel 2: riscv's kexec_file_load in 6.1 (and
		# 6.12) takes an ELF vmlinux only, no Image. crash is one of
		# them, as on arm64 (-p, the default: kexec_file_load first);
		# kdump loads Debian's kernel through kexec_load.
		FILE_SCENARIOS="file crash"
		FILE_KERNEL=$KX_TC/kernels/riscv64-kexec-file/vmlinuz
		FILE_KERNEL2=$KX_TC/kernels/riscv64-kexec-file/vmlinux
		FILE_KERNEL_HOW="built by scripts/build-kexec-file-kernel.sh riscv64 with CONFIG_KEXEC_FILE"
		CRASH_SYSCALL=kexec_file_load
		# QEMU's own tree (dtb scenario) lacks OpenSBI's reservation;
		# the loader carries it over from the running system's tree.
		DTB_KEEPS="mmode_resv0@80000000"
		FASTARGS=""
		# trixie's (bookworm has none for riscv64), with trixie's libc.
		MAKEDUMPFILE=$KX_TC/makedumpfile-riscv64 TRIPLET=riscv64-linux-gnu
		# OpenSBI's 512 KiB at the start of RAM: System RAM to the
		# kernel, unreadable (PMP), left out of the dump.
		KDUMP_KEEP_OUT=0x80080000
		;;
	*) die "unknown --arch $1 (known: x86_64 aarch64 arm riscv64)" ;;
	esac
	[ -n "$SUPPORTED" ] || die "--arch $ARCH is not supported yet (see tests/qemu/README.md, 'Adding an architecture')"
	KERNEL=${KERNEL:-$KX_TC/kernels/$DEBARCH/vmlinuz}
	# EFI firmware for the efi scenarios (x86_64: Debian's ovmf package;
	# aarch64: EDK2's QEMU_EFI.fd, extracted by scripts/setup.sh).
	OVMF=
	[ -z "$FIRMWARE" ] || [ ! -f "$FIRMWARE" ] || OVMF=$FIRMWARE
	# busybox-static of the guest's architecture: the host's own when they
	# match, else the one scripts/setup.sh extracts for that arch.
	if [ "$(dpkg --print-architecture 2>/dev/null)" = "$DEBARCH" ]; then
		BUSYBOX=/bin/busybox
	else
		BUSYBOX=$KX_TC/busybox-$DEBARCH/bin/busybox
	fi
}
