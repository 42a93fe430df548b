#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# tests/fuzz/seeds.py OUT: the fuzz targets' seed corpora, OUT/TARGET/NAME,
# made from nothing at build time (no binary is committed): small but
# well-formed inputs of every format, so that the fuzzer starts past the
# magic words.  Each plan, decompress and dtb seed starts with the byte of
# options the target reads first (see the target's header comment).
import base64
import gzip
import hashlib
import lzma
import os
import struct
import subprocess
import sys
import tempfile
import zlib

out = sys.argv[1]


def put(target, name, data):
    d = os.path.join(out, target)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, name), "wb") as f:
        f.write(data)


def pattern(n, mul=7, add=3):
    return bytes((i * mul + add) & 0xFF for i in range(n))


def bzimage(payload=4096):
    """A bzImage the x86 backend accepts: protocol 2.15, 64-bit, relocatable."""
    b = bytearray(5 * 512) + pattern(payload, 7, 0)
    b[0x1F1] = 4  # setup_sects
    struct.pack_into("<I", b, 0x1F4, payload // 16)  # syssize
    struct.pack_into("<H", b, 0x1FE, 0xAA55)
    b[0x200:0x202] = b"\xeb\x6a"
    b[0x202:0x206] = b"HdrS"
    struct.pack_into("<H", b, 0x206, 0x20F)
    b[0x211] = 1  # LOADED_HIGH
    struct.pack_into("<I", b, 0x22C, 0x7FFFFFFF)  # initrd_addr_max
    struct.pack_into("<I", b, 0x230, 0x200000)  # kernel_alignment
    b[0x234] = 1  # relocatable
    struct.pack_into("<H", b, 0x236, 0x7F)  # xloadflags
    struct.pack_into("<I", b, 0x238, 2047)  # cmdline_size
    struct.pack_into("<Q", b, 0x258, 0x1000000)  # pref_address
    struct.pack_into("<I", b, 0x260, 16 << 20)  # init_size
    return bytes(b)


def arm64_image(n=4096, pe=True):
    b = bytearray(pattern(n))
    b[0:64] = bytes(64)
    struct.pack_into("<QQQ", b, 8, 0, 4 << 20, 0xA)  # text_offset, image_size, flags
    b[0x38:0x3C] = b"ARM\x64"
    if pe:
        add_pe(b, n)
    return bytes(b)


def riscv_image(n=4096, pe=True):
    b = bytearray(pattern(n))
    b[0:64] = bytes(64)
    struct.pack_into("<I", b, 0, 0x6F)
    struct.pack_into("<QQQ", b, 8, 0x200000, 4 << 20, 0)
    struct.pack_into("<I", b, 0x20, 2)  # header version 0.2
    b[0x30:0x38] = b"RISCV\0\0\0"
    b[0x38:0x3C] = b"RSC\x05"
    if pe:
        add_pe(b, n)
    return bytes(b)


def add_pe(b, raw_end):
    """The EFI stub's PE header: one section whose data ends at raw_end."""
    b[0:2] = b"MZ"
    struct.pack_into("<I", b, 0x3C, 0x40)
    b[0x40:0x40 + 64] = bytes(64)
    b[0x40:0x44] = b"PE\0\0"
    b[0x46] = 1
    struct.pack_into("<II", b, 0x40 + 24 + 16, raw_end - 0x1000, 0x1000)


def zimage(n=0x1000):
    b = bytearray(pattern(n, 13, 5))
    b[0:0x60] = bytes(0x60)
    struct.pack_into("<III", b, 0x24, 0x016F2818, 0, n)
    struct.pack_into("<IIIIIIIII", b, 0x30, 0x04030201, 0x45454545, 0x40, 0, 0, 0, 0, 0, 0)
    struct.pack_into("<IIIIIII", b, 0x40, 6, 0x5A534C4B, n - 8, 300 << 10, 0x208000, 0x10000, 0)
    struct.pack_into("<I", b, n - 8, 8 << 20)
    return bytes(b)


def uimage(data, comp=0, arch=2, typ=2):
    h = bytearray(64)
    struct.pack_into(">IIIIIIIBBBB", h, 0, 0x27051956, 0, 1700000000, len(data), 0x80008000,
                     0x80008000, zlib.crc32(data), 5, arch, typ, comp)
    h[32:48] = b"Linux-6.1.0-fuzz"
    struct.pack_into(">I", h, 4, zlib.crc32(bytes(h)))
    return bytes(h) + data


def vmlinux():
    """An ELF64 EM_RISCV executable: one PT_LOAD of 4 KiB at 0x80200000."""
    b = bytearray(pattern(0x3000, 13, 1))
    b[0:0x1000] = bytes(0x1000)
    b[0:7] = b"\x7fELF\x02\x01\x01"
    struct.pack_into("<HHIQQQIHHHHHH", b, 16, 2, 243, 1, 0xFFFFFFFF80000000, 64, 0, 0, 64, 56,
                     1, 0, 0, 0)
    struct.pack_into("<IIQQQQQQ", b, 64, 1, 7, 0x1000, 0xFFFFFFFF80000000, 0x80200000, 0x1000,
                     0x1000, 0x1000)
    return bytes(b)


def zboot(payload, codec=b"gzip"):
    b = bytearray(0x1000 + len(payload) + 512)
    b[0:2] = b"MZ"
    b[4:8] = b"zimg"
    struct.pack_into("<II", b, 8, 0x1000, len(payload))
    b[0x18:0x18 + len(codec)] = codec
    b[0x1000:0x1000 + len(payload)] = payload
    return bytes(b)


def pe(sections):
    """A PE32+ as objcopy makes a UKI from systemd-stub (tests/unit/support.c's t_pe)."""
    a512 = lambda x: (x + 511) & ~511
    opt, n = 0x40 + 24, len(sections)
    table = opt + 240
    at = a512(table + 40 * n)
    b = bytearray(at + sum(a512(len(d)) for _, d in sections))
    b[0:2] = b"MZ"
    struct.pack_into("<I", b, 0x3C, 0x40)
    b[0x40:0x44] = b"PE\0\0"
    struct.pack_into("<H", b, 0x46, n)
    struct.pack_into("<H", b, 0x40 + 20, 240)
    struct.pack_into("<H", b, opt, 0x20B)
    struct.pack_into("<I", b, opt + 108, 16)
    for i, (name, data) in enumerate(sections):
        e = table + 40 * i
        b[e:e + 8] = name.ljust(8, b"\0")[:8]
        struct.pack_into("<IIII", b, e + 8, len(data), 0x100000 * (i + 1), a512(len(data)), at)
        b[at:at + len(data)] = data
        at += a512(len(data))
    return bytes(b)


def dtc(src, *extra):
    return subprocess.run(["dtc", "-q", "-I", "dts", "-O", "dtb", *extra], input=src.encode(),
                          stdout=subprocess.PIPE, check=True).stdout


BOARD = """/dts-v1/;
/memreserve/ 0x0c000000 0x1000;
/ { #address-cells = <2>; #size-cells = <2>; compatible = "linux,dummy-virt";
  chosen { bootargs = "console=ttyAMA0"; linux,initrd-start = <0 0x4000000>;
    linux,initrd-end = <0 0x4100000>; linux,elfcorehdr = <0 0xbfff000 0 0x1000>;
    linux,usable-memory-range = <0 0x8000000 0 0x4000000>; kaslr-seed = <0 0>; };
  memory@0 { device_type = "memory"; reg = <0 0x100000 0 0xff00000>; };
  reserved-memory { #address-cells = <2>; #size-cells = <2>; ranges;
    fw@c000000 { reg = <0 0xc000000 0 0x100000>; no-map; };
    cma { compatible = "shared-dma-pool"; reusable; size = <0 0x1000000>; }; };
};
"""


def fit(kernel, arch, comp="none"):
    data = gzip.compress(kernel, mtime=0) if comp == "gzip" else kernel
    tree = dtc(BOARD)
    hexs = lambda d: " ".join("%02x" % c for c in d)
    src = """/dts-v1/;
/ { description = "fuzz"; #address-cells = <1>;
  images {
    kernel-1 { data = [%s]; type = "kernel"; arch = "%s"; os = "linux";
      compression = "%s"; load = <0x80000>; entry = <0x80000>;
      hash-1 { algo = "crc32"; value = <0x%08x>; }; };
    fdt-1 { data = [%s]; type = "flat_dt"; arch = "%s"; compression = "none";
      hash-1 { algo = "crc32"; value = <0x%08x>; }; };
    ramdisk-1 { data = [00 01 02 03]; type = "ramdisk"; arch = "%s"; os = "linux";
      compression = "none"; hash-1 { algo = "crc32"; value = <0x%08x>; }; };
  };
  configurations { default = "conf-1";
    conf-1 { kernel = "kernel-1"; fdt = "fdt-1"; ramdisk = "ramdisk-1"; }; };
};
""" % (hexs(data), arch, comp, zlib.crc32(data), hexs(tree), arch, zlib.crc32(tree), arch,
       zlib.crc32(bytes(range(4))))
    return dtc(src)


# plan: each format with a few option bytes (the syscall, -p, --initrd,
# --dtb, --reuse-cmdline, --append).
kernels = {
    "bzimage": bzimage(),
    "uki": pe([(b".linux", bzimage()), (b".initrd", b"initrd"), (b".cmdline", b"quiet")]),
    "arm64": arm64_image(),
    "arm64.gz": gzip.compress(arm64_image(8192), mtime=0),
    "arm64-zboot": zboot(gzip.compress(arm64_image(8192), mtime=0)),
    "arm64-uki": pe([(b".linux", arm64_image()), (b".dtb", dtc(BOARD))]),
    "arm64.itb": fit(arm64_image(), "arm64", "gzip"),
    "zimage": zimage(),
    "uimage": uimage(zimage()),
    "uimage-gz": uimage(gzip.compress(zimage(), mtime=0), comp=1),
    "arm.itb": fit(zimage(), "arm"),
    "riscv": riscv_image(),
    "riscv-zboot": zboot(gzip.compress(riscv_image(8192), mtime=0)),
    "riscv.itb": fit(riscv_image(), "riscv"),
    "vmlinux": vmlinux(),
}
# With 0x80, a system first: /proc/iomem, NUL, memmap lines, NUL.
system = (b"00000000-00000fff : Reserved\n00001000-0009fbff : System RAM\n"
          b"00100000-3fffffff : System RAM\n  01000000-01ffffff : Kernel code\n"
          b"  08000000-0fffffff : Crash kernel\n40000000-7fffffff : System RAM\n\0"
          b"0x0 0x9fbff System RAM\n0xf0000 0xfffff Reserved\n0x100000 0x3fffffff System RAM\n"
          b"0x40000000 0x7fffffff System RAM\n\0")
for name, k in kernels.items():
    for opts in (0x00, 0x4A, 0x5E, 0x26):
        put("plan", "%s-%02x" % (name, opts), bytes([opts]) + k)
    put("plan", "%s-system" % name, b"\x86" + system + k)

# decompress: a codec per low bits (0 gzip, 1 zstd, 2 xz), head, cap.
text = pattern(100000, 1, 0)
put("decompress", "gzip", b"\x00" + gzip.compress(text, mtime=0))
put("decompress", "gzip-head", b"\x04" + gzip.compress(text, mtime=0))
put("decompress", "gzip-2", b"\x00" + gzip.compress(b"a" * 100, mtime=0) * 2)
put("decompress", "xz", b"\x02" + lzma.compress(text, check=lzma.CHECK_CRC32))
try:
    z = subprocess.run(["zstd", "-q", "-c"], input=text, stdout=subprocess.PIPE, check=True).stdout
    put("decompress", "zstd", b"\x01" + z + struct.pack("<I", len(text)))
except (OSError, subprocess.CalledProcessError):
    pass  # zstd's command is not needed: the fuzzer finds the magic in its dictionary

# dtb: the board's tree in the forms dtc writes, and the libfdt crasher
# (a version 4 header, dtb/README.md) the gate must keep refusing.
for opts in (0x00, 0x0D, 0x3F):
    put("dtb", "board-%02x" % opts, bytes([opts]) + dtc(BOARD))
put("dtb", "board-v16", b"\x05" + dtc(BOARD, "-V", "16"))
put("dtb", "empty", b"\x00" + dtc("/dts-v1/;\n/ { };\n"))
put("dtb", "libfdt-v4", b"\x00" + base64.b64decode(
    "0A3+7QAAANsAAAA4AAAAvAAAACgAAAAEAAAAAAAAKAAAAAAfAAAAhAAAAAAAAAAAAAAAAAAAAAAAAAABAAAAAAAAAAMAAAAC"
    "AAAAAHgAAAAAAAABY2hvc2VuAAAAAAADAAAAAgAAAAZhAAAAAAAAAgAAAAFtZW1vcnlAMAAAAAAAIQAAAwAAAAcAAAAPbWVt"
    "b3IhAAADAAAABwAAAA9tZW1vcnkAAAAAAAMAAAAQAAAAGwAAAAAAAAAAAAAAAAAAEAAAAAACAAAAAgAAAAltb2RlbHR5cGUA"
    "cmVnAA=="))

# text: /proc/iomem, /proc/meminfo, a command line (NUL, --append).
put("text", "iomem", b"00000000-00000fff : Reserved\n00001000-0009fbff : System RAM\n"
    b"00100000-bfffffff : System RAM\n  01000000-01ffffff : Kernel code\n"
    b"  08000000-0fffffff : Crash kernel\n100000000-13fffffff : System RAM\n")
put("text", "meminfo", b"MemTotal:       1024 kB\nMemAvailable:   512 kB\n")
put("text", "cmdline", b"BOOT_IMAGE=/vmlinuz root=/dev/vda crashkernel=256M "
    b"quiet \"a b\" x=\"y z\"\0console=ttyS0")

# cli: words of a command line (after kexec --dry-run --test-root=ROOT).
for i, words in enumerate([
    ["-l", "boot/bzImage", "--append=quiet"],
    ["-p", "boot/bzImage", "--initrd=boot/initrd", "--reuse-cmdline"],
    ["-s", "-l", "boot/bzImage", "--command-line=x"],
    ["-c", "-l", "boot/bzImage", "--mem-min=0x1000000", "--mem-max=0x8000000"],
    ["--load", "boot/bzImage", "--append", "a b", "--initrd", "boot/initrd"],
    ["-u"], ["-S"], ["-e"], ["-p", "-u"], ["--json", "-l", "boot/bzImage"],
    ["-d", "-l", "boot/bzImage", "--serial=ttyS0", "--serial-baud=115200"],
    ["-l", "boot/bzImage", "--type=bzImage64", "--dtb=boot/board.dtb"],
    ["-f", "boot/bzImage"], ["--print-ckr-size"], ["-h"], ["-v"],
    ["-l", "boot/kernel.itb", "--fit-config=conf-1"],
    ["-l", "boot/bzImage", "--verify=boot/m.sig", "--verify-key=boot/k.pub"],
]):
    put("cli", "words-%02d" % i, b"\0".join(w.encode() for w in words))

# manifest: manifests the target signs (first byte even; 2: --initrd, 4:
# a command line), naming its kernel k (tests/unit/support.c's
# t_fake_kernel(4096, 1 MiB)) and initrd i ("initrd").
k = bytearray(pattern(4096, 7, 1))
k[0:64] = bytes(64)
k[0:8] = b"KXFAKE01"
struct.pack_into("<QQ", k, 8, 1 << 20, 4096)
hk, hi = hashlib.sha256(bytes(k)).hexdigest(), hashlib.sha256(b"initrd").hexdigest()
put("manifest", "k-i", b"\x06SHA256 (k) = %s\nSHA256 (i) = %s\ncmdline: console=ttyS0\n"
    % (hk.encode(), hi.encode()))
put("manifest", "k", b"\x00SHA256 (k) = %s\ncmdline:\n" % hk.encode())
put("manifest", "raw", b"\x01untrusted comment: x\nRWRCQkJCQkJCQg==\nSHA256 (k) = 00\n")

# fitsig: FITs that mkimage signs (RSA-2048 PKCS#1 v1.5 and PSS, ECDSA
# P-256; configuration and image signatures) with keys made here, each
# after its key tree: [tree's length, le16][key tree][FIT].
SIG_ITS = """/dts-v1/;
/ { description = "fuzz"; #address-cells = <1>;
  images {
    kernel-1 { data = /incbin/("kernel"); type = "kernel"; arch = "arm64"; os = "linux";
      compression = "none"; load = <0x80000>; entry = <0x80000>;
      hash-1 { algo = "sha256"; }; %(image_sig)s };
    fdt-1 { data = /incbin/("board.dtb"); type = "flat_dt"; arch = "arm64";
      compression = "none"; hash-1 { algo = "sha256"; }; %(image_sig)s };
  };
  configurations { default = "conf-1";
    conf-1 { kernel = "kernel-1"; fdt = "fdt-1"; %(conf_sig)s }; };
};
"""


def signed_fit(d, name, algo, key, conf=True, padding=""):
    sig = 'signature-1 { algo = "%s"; key-name-hint = "%s"; %s %s };' % (
        algo, key, 'sign-images = "kernel", "fdt";' if conf else "",
        'padding = "%s";' % padding if padding else "")
    with open(os.path.join(d, name + ".its"), "w") as f:
        f.write(SIG_ITS % {"conf_sig": sig if conf else "", "image_sig": "" if conf else sig})
    # mkimage adds an ECDSA key only to a tree that has /signature, and
    # marks it required only for RSA (-r): fdtput does it for ECDSA.
    subprocess.run("printf '/dts-v1/;\\n/ { signature { }; };\\n' | dtc -q -O dtb -o %s.keys -"
                   " && mkimage -f %s.its -k . -K %s.keys -r %s.itb" % ((name,) * 4), shell=True,
                   cwd=d, check=True, stdout=subprocess.DEVNULL)
    if "ecdsa" in algo:
        subprocess.run(["fdtput", "-t", "s", name + ".keys", "/signature/" + key, "required",
                        "conf"], cwd=d, check=True)
    keys, itb = (open(os.path.join(d, name + e), "rb").read() for e in (".keys", ".itb"))
    put("fitsig", name, struct.pack("<H", len(keys)) + keys + itb)


try:
    with tempfile.TemporaryDirectory() as d:
        with open(os.path.join(d, "kernel"), "wb") as f:
            f.write(arm64_image())
        with open(os.path.join(d, "board.dtb"), "wb") as f:
            f.write(dtc(BOARD))
        subprocess.run("openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out dev.key"
                       " && openssl req -batch -new -x509 -key dev.key -out dev.crt -subj /CN=dev"
                       " && openssl ecparam -name prime256v1 -genkey -noout -out ecdev.pem",
                       shell=True, cwd=d, check=True, stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL)
        signed_fit(d, "rsa-conf", "sha256,rsa2048", "dev")
        signed_fit(d, "rsa-pss", "sha256,rsa2048", "dev", padding="pss")
        signed_fit(d, "rsa-image", "sha256,rsa2048", "dev", conf=False)
        signed_fit(d, "ecdsa-conf", "sha256,ecdsa256", "ecdev")
except (OSError, subprocess.CalledProcessError) as e:
    # mkimage, openssl or fdtput missing: one unsigned FIT and no keys.
    print("seeds.py: no signed FIT seeds (%s)" % e, file=sys.stderr)
    put("fitsig", "unsigned", struct.pack("<H", 0) + fit(arm64_image(), "arm64"))
